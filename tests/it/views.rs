//! In-process tests of the views' server side (`src/server/views.rs`): the pages of the
//! network, map and timeline views and their scripts, the embedded views of entity pages,
//! the region's base map files, and `/api/evidence` against the graph's own annotations.
//! What the scripts draw is tested in headless Chromium (`tests/browser/views.test.mjs`).

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock};
use std::time::Duration;

use axum::body::Body;
use axum::http::Request;
use axum::Router;
use nkkg::server::state::AppState;
use nkkg::server::Options;
use nkkg::store::GraphStore;
use tower::ServiceExt;

static BUNDLED: LazyLock<GraphStore> = LazyLock::new(|| GraphStore::bundled().expect("the bundled graph loads"));

/// The corpus the bundled evidence points into, beside the repository.
fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds")
}

fn app(sources: Option<PathBuf>) -> Router {
    let options = Options { bind: "127.0.0.1:0".parse().unwrap(), sources, max_concurrent: 2, max_queued: 8, ..Options::default() };
    let state = Arc::new(AppState::new(BUNDLED.clone(), &options).expect("state builds"));
    nkkg::server::router(state, 2000, Duration::from_secs(10))
}

async fn get(app: &Router, uri: &str) -> (u16, String, String) {
    let request = Request::builder().uri(uri).header("accept", "text/html,*/*").body(Body::empty()).unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let media = response.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    let status = response.status().as_u16();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    (status, media, String::from_utf8(bytes.to_vec()).unwrap())
}

#[tokio::test]
async fn the_view_pages_load_their_libraries_and_scripts_from_this_server() {
    let app = app(None);
    for (path, module, libraries) in [
        ("/network", "network.js", &["cytoscape/cytoscape.min.js"][..]),
        ("/map", "map.js", &["d3-geo/d3-geo.min.js", "topojson-client/topojson-client.min.js"][..]),
        ("/timeline", "timeline.js", &[][..]),
    ] {
        let (status, media, body) = get(&app, path).await;
        assert_eq!((status, media.as_str()), (200, "text/html; charset=utf-8"), "{path}");
        assert!(body.contains(&format!("<script type=\"module\" src=\"/assets/views/{module}\" data-base=\"https://w3id.org/nkkg/\"")), "{path}: {body}");
        for library in libraries {
            assert!(body.contains(&format!("<script defer src=\"/assets/vendor/{library}\"></script>")), "{path} loads {library}");
        }
        assert!(!body.contains("http://") && !body.contains("src=\"https://"), "{path} loads nothing from elsewhere");
    }
    for file in ["common.js", "geo.js", "network.js", "map.js", "timeline.js", "entity.js"] {
        let (status, media, body) = get(&app, &format!("/assets/views/{file}")).await;
        assert_eq!((status, media.as_str()), (200, "text/javascript; charset=utf-8"), "{file}");
        assert!(body.len() > 1000, "{file} is the script, not a stub");
    }
    assert_eq!(get(&app, "/assets/views/views.css").await.1, "text/css; charset=utf-8");
    assert_eq!(get(&app, "/assets/views/../ui.rs").await.0, 404);
    assert_eq!(get(&app, "/assets/views/nothing.js").await.0, 404);
}

#[tokio::test]
async fn the_base_map_files_are_vendored_with_their_licences() {
    let app = app(None);
    let (status, _, region) = get(&app, "/assets/vendor/world-atlas-region/countries.json").await;
    assert_eq!(status, 200);
    let region: serde_json::Value = serde_json::from_str(&region).unwrap();
    let names: BTreeSet<&str> = region["features"].as_array().unwrap().iter().map(|f| f["properties"]["name"].as_str().unwrap()).collect();
    for country in ["Armenia", "Azerbaijan", "Georgia", "Iran", "Turkey"] {
        assert!(names.contains(country), "{country} in {names:?}");
    }
    let (status, _, districts) = get(&app, "/assets/vendor/natural-earth-nk/nk-districts.json").await;
    assert_eq!(status, 200);
    let districts: serde_json::Value = serde_json::from_str(&districts).unwrap();
    let notes: Vec<&str> = districts["objects"]["districts"]["geometries"].as_array().unwrap().iter().map(|g| g["properties"]["note"].as_str().unwrap()).collect();
    assert!(notes.len() >= 5 && notes.iter().all(|n| n.contains("Nagorno-Karabakh")), "{notes:?}");
    for licence in ["/assets/vendor/world-atlas-region/LICENSE", "/assets/vendor/natural-earth-nk/LICENSE"] {
        let (status, _, body) = get(&app, licence).await;
        assert_eq!(status, 200, "{licence}");
        assert!(body.contains("public domain") && body.contains("scripts/vendor-region-map"), "{licence}: {body}");
    }
}

#[tokio::test]
async fn entity_pages_embed_their_small_views() {
    let (status, _, body) = get(&app(None), "/id/Turkey").await;
    assert_eq!(status, 200);
    assert!(body.contains("<section class=\"entity-views\" id=\"entity-views\" data-iri=\"https://w3id.org/nkkg/id/Turkey\">"), "{body}");
    assert!(body.contains("src=\"/assets/views/entity.js\""));
}

/// The distinct evidence spans of `x` as `doc start end`, from the graph.
fn spans_of(x: &str) -> BTreeSet<String> {
    let query = format!("SELECT ?doc ?s ?e WHERE {{ <{x}> nk:evidence ?ev . ?ev oa:hasSource ?doc ; oa:hasSelector ?sel . ?sel oa:start ?s ; oa:end ?e }}");
    nkkg::query::select(&BUNDLED, &query, &[])
        .unwrap()
        .iter()
        .map(|r| {
            let value = |v: &str| match r.get(v).unwrap() {
                oxigraph::model::Term::NamedNode(n) => n.as_str().rsplit('/').next().unwrap().to_owned(),
                oxigraph::model::Term::Literal(l) => l.value().to_owned(),
                other => panic!("unexpected {other}"),
            };
            format!("{} {} {}", value("doc"), value("s"), value("e"))
        })
        .collect()
}

#[tokio::test]
async fn evidence_lists_a_relations_spans_with_their_text_when_the_server_has_the_documents() {
    let rows = nkkg::query::select(&BUNDLED, "SELECT ?x (COUNT(?ev) AS ?n) WHERE { ?x a nk:Support ; nk:evidence ?ev } GROUP BY ?x ORDER BY DESC(?n) ?x LIMIT 1", &[]).unwrap();
    let Some(oxigraph::model::Term::NamedNode(x)) = rows[0].get("x") else { panic!("a support relation with evidence") };
    let expected = spans_of(x.as_str());
    assert!(expected.len() > 1, "{expected:?}");
    let app = app(None);
    let (status, media, body) = get(&app, &format!("/api/evidence?of={}", x.as_str())).await;
    assert_eq!((status, media.as_str()), (200, "application/json"), "{body}");
    let answer: Vec<serde_json::Value> = serde_json::from_str(&body).unwrap();
    let got: BTreeSet<String> = answer.iter().map(|c| format!("{} {} {}", c["document"].as_str().unwrap(), c["start"], c["end"])).collect();
    assert_eq!(got, expected);
    assert!(answer.iter().all(|c| c.get("text").is_none()), "no text without --sources: {body}");
    if corpus().is_dir() {
        let (_, _, body) = get(&app_with_corpus(), &format!("/api/evidence?of={}", x.as_str())).await;
        let answer: Vec<serde_json::Value> = serde_json::from_str(&body).unwrap();
        assert!(answer.iter().all(|c| c["text"].as_str().is_some_and(|t| t.chars().count() as i64 == c["end"].as_i64().unwrap() - c["start"].as_i64().unwrap())), "{body}");
    }
    // Something without evidence has none; nothing is made up.
    let (status, _, body) = get(&app, "/api/evidence?of=https://w3id.org/nkkg/id/Shusha").await;
    assert_eq!((status, body.as_str()), (200, "[]"));
}

fn app_with_corpus() -> Router {
    app(Some(corpus()))
}

#[tokio::test]
async fn evidence_requests_that_name_nothing_are_refused_with_what_to_give() {
    let app = app(None);
    for (uri, says) in [
        ("/api/evidence", "say whose evidence: /api/evidence?of=IRI"),
        ("/api/evidence?of=not%20an%20iri", "is not an IRI"),
        ("/api/evidence?of=https://w3id.org/nkkg/id/X&of=https://w3id.org/nkkg/id/Y", "given more than once"),
        ("/api/evidence?about=x", "unknown parameter 'about': /api/evidence accepts of"),
    ] {
        let (status, _, body) = get(&app, uri).await;
        assert_eq!(status, 400, "{uri}: {body}");
        assert!(body.contains(says), "{uri}: {body}");
    }
}
