//! The web UI: plain HTML, CSS and JavaScript embedded in the binary, no CDN.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

/// The query page.
pub const INDEX: &str = include_str!("assets/index.html");
const SCRIPT: &str = include_str!("assets/app.js");
const STYLE: &str = include_str!("assets/style.css");

fn asset(body: &'static str, media: &'static str) -> Response {
    let mut r = body.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(media));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    r
}

/// GET /: the query editor.
pub async fn index() -> Response {
    asset(INDEX, "text/html; charset=utf-8")
}

/// GET /assets/app.js.
pub async fn script() -> Response {
    asset(SCRIPT, "text/javascript; charset=utf-8")
}

/// GET /assets/style.css.
pub async fn style() -> Response {
    asset(STYLE, "text/css; charset=utf-8")
}
