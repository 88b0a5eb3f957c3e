//! The web UI: plain HTML, CSS and JavaScript embedded in the binary, no CDN, and the
//! front-end libraries vendored at pinned versions in `assets/vendor/` (see
//! `scripts/vendor-ui` and `assets/vendor/PACKAGES`), served from `/assets/vendor/`.
//! The page at `/` is the query editor (issue 15): YASGUI set up by `assets/app.js`
//! against this server's SPARQL 1.1 Protocol endpoint, with the result views of
//! `assets/editor-views.js`, under its own policy (`CSP_EDITOR`); `/api/prefixes` gives it
//! the project's prefixes.

use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// The query editor page (YASGUI; its scripts are `app.js` and `editor-views.js`).
pub const INDEX: &str = include_str!("assets/index.html");
const SCRIPT: &str = include_str!("assets/app.js");
const EDITOR_VIEWS: &str = include_str!("assets/editor-views.js");
const STYLE: &str = include_str!("assets/style.css");

/// The vendored files, as (path under `/assets/vendor/`, contents, media type).
const VENDOR: &[(&str, &[u8], &str)] = &[
    ("yasgui/yasgui.min.js", include_bytes!("assets/vendor/yasgui/yasgui.min.js"), JS),
    ("yasgui/yasgui.min.css", include_bytes!("assets/vendor/yasgui/yasgui.min.css"), CSS),
    ("yasgui/LICENSE", include_bytes!("assets/vendor/yasgui/LICENSE"), TEXT),
    ("cytoscape/cytoscape.min.js", include_bytes!("assets/vendor/cytoscape/cytoscape.min.js"), JS),
    ("cytoscape/LICENSE", include_bytes!("assets/vendor/cytoscape/LICENSE"), TEXT),
    ("d3-array/d3-array.min.js", include_bytes!("assets/vendor/d3-array/d3-array.min.js"), JS),
    ("d3-array/LICENSE", include_bytes!("assets/vendor/d3-array/LICENSE"), TEXT),
    ("d3-geo/d3-geo.min.js", include_bytes!("assets/vendor/d3-geo/d3-geo.min.js"), JS),
    ("d3-geo/LICENSE", include_bytes!("assets/vendor/d3-geo/LICENSE"), TEXT),
    ("topojson-client/topojson-client.min.js", include_bytes!("assets/vendor/topojson-client/topojson-client.min.js"), JS),
    ("topojson-client/LICENSE", include_bytes!("assets/vendor/topojson-client/LICENSE"), TEXT),
    ("world-atlas/countries-50m.json", include_bytes!("assets/vendor/world-atlas/countries-50m.json"), JSON),
    ("world-atlas/countries-10m.json", include_bytes!("assets/vendor/world-atlas/countries-10m.json"), JSON),
    ("world-atlas/LICENSE", include_bytes!("assets/vendor/world-atlas/LICENSE"), TEXT),
    ("world-atlas-region/countries.json", include_bytes!("assets/vendor/world-atlas-region/countries.json"), JSON),
    ("world-atlas-region/LICENSE", include_bytes!("assets/vendor/world-atlas-region/LICENSE"), TEXT),
    ("natural-earth-nk/nk-districts.json", include_bytes!("assets/vendor/natural-earth-nk/nk-districts.json"), JSON),
    ("natural-earth-nk/LICENSE", include_bytes!("assets/vendor/natural-earth-nk/LICENSE"), TEXT),
    ("PACKAGES", include_bytes!("assets/vendor/PACKAGES"), TEXT),
];
const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";
const JSON: &str = "application/json";
const TEXT: &str = "text/plain; charset=utf-8";

/// GET /assets/vendor/{*path}: one vendored library file, or 404.
pub async fn vendor(Path(path): Path<String>) -> Response {
    match VENDOR.iter().find(|(p, _, _)| *p == path) {
        Some((_, body, media)) => {
            let mut r = body.into_response();
            r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(media));
            r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
            r
        }
        None => (StatusCode::NOT_FOUND, "No such vendored file; the list is at /assets/vendor/PACKAGES.\n").into_response(),
    }
}

fn asset(body: &'static str, media: &'static str) -> Response {
    let mut r = body.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(media));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    r
}

/// GET /: the query editor.
pub async fn index() -> Response {
    editor_page()
}

/// The query editor page with its Content-Security-Policy ([`super::CSP_EDITOR`]).
pub fn editor_page() -> Response {
    let mut r = asset(INDEX, "text/html; charset=utf-8");
    r.headers_mut().insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(super::CSP_EDITOR));
    r
}

/// GET /assets/app.js.
pub async fn script() -> Response {
    asset(SCRIPT, "text/javascript; charset=utf-8")
}

/// GET /assets/editor-views.js: the editor's result views (network, map, timeline).
pub async fn editor_views() -> Response {
    asset(EDITOR_VIEWS, "text/javascript; charset=utf-8")
}

/// GET /api/prefixes: the project's prefixes (`prefixes::PREFIXES`) as `[name, namespace]`
/// pairs in declaration order, which the editor pre-declares and uses to shorten IRIs.
pub async fn prefixes() -> Response {
    axum::Json(crate::prefixes::PREFIXES).into_response()
}

/// GET /assets/style.css.
pub async fn style() -> Response {
    asset(STYLE, "text/css; charset=utf-8")
}
