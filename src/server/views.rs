//! The analyst's views (issue 15): the interactive network at `/network` (cytoscape), the
//! map at `/map` (d3-geo over the vendored world-atlas borders), the timeline at
//! `/timeline`, and the small map and local network embedded in entity pages.
//!
//! The pages are thin HTML shells; their scripts (`assets/views-*.js`, ES modules) ask the
//! graph through `/sparql` (SPARQL 1.1 Query Results JSON) and draw in the browser. The
//! one JSON endpoint here, `/api/evidence`, gives the evidence spans of a relation or an
//! event with their text when the server has the documents (`serve --sources`), which
//! the browser cannot read itself.

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use oxigraph::model::NamedNode;
use oxigraph::sparql::Variable;

use super::error::ApiError;
use super::http::fixed_params;
use super::layout::layout;
use super::state::{AppState, Shared};
use super::work::blocking;
use crate::explore::evidence::{citations_by_subject, Citation};
use crate::markup::escape_attr;

/// The views' own scripts and style, as (file name under `/assets/views/`, contents, media type).
const ASSETS: &[(&str, &str, &str)] = &[
    ("views.css", include_str!("assets/views.css"), "text/css; charset=utf-8"),
    ("common.js", include_str!("assets/views-common.js"), JS),
    ("geo.js", include_str!("assets/views-geo.js"), JS),
    ("network.js", include_str!("assets/views-network.js"), JS),
    ("map.js", include_str!("assets/views-map.js"), JS),
    ("timeline.js", include_str!("assets/views-timeline.js"), JS),
    ("entity.js", include_str!("assets/views-entity.js"), JS),
];
const JS: &str = "text/javascript; charset=utf-8";

/// The vendored libraries each view loads (classic scripts, before the view's module).
const CYTOSCAPE: &[&str] = &["cytoscape/cytoscape.min.js"];
const GEO: &[&str] = &["d3-array/d3-array.min.js", "d3-geo/d3-geo.min.js", "topojson-client/topojson-client.min.js"];

/// GET /assets/views/{file}: one of the views' scripts or their style sheet, or 404.
pub async fn asset(Path(file): Path<String>) -> Response {
    match ASSETS.iter().find(|(name, _, _)| *name == file) {
        Some((_, body, media)) => {
            let mut r = body.into_response();
            r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static(media));
            r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
            r
        }
        None => (StatusCode::NOT_FOUND, "No such asset of the views.\n").into_response(),
    }
}

/// The script and style tags of a view: the vendored libraries, then the view's module.
/// The libraries are deferred, so that they do not hold up the rest of the page (an entity
/// page goes on after its embedded views); deferred scripts and modules run in document
/// order once the page is parsed. `data-base` tells the scripts which IRIs have pages here.
fn scripts(state: &AppState, libraries: &[&[&str]], module: &str) -> String {
    // The id stops cytoscape from injecting an inline <style> for its container (see views.css).
    let mut out = String::from("<link rel=\"stylesheet\" href=\"/assets/views/views.css\" id=\"__________cytoscape_stylesheet\">");
    for file in libraries.iter().flat_map(|l| l.iter()) {
        out.push_str(&format!("<script defer src=\"/assets/vendor/{file}\"></script>"));
    }
    out.push_str(&format!("<script type=\"module\" src=\"/assets/views/{module}\" data-base=\"{}\" id=\"view-script\"></script>", escape_attr(&state.base)));
    out
}

/// A view's page: its body, then its scripts.
fn view_page(state: &AppState, title: &str, body: &str, libraries: &[&[&str]], module: &str) -> Html<String> {
    Html(layout(title, &format!("{body}{}", scripts(state, libraries, module))))
}

/// GET /network: the interactive support and supply network.
pub async fn network_page(State(state): State<Shared>) -> Html<String> {
    view_page(&state, "Support network", NETWORK_BODY, &[CYTOSCAPE], "network.js")
}

const NETWORK_BODY: &str = "<div class=\"view\" id=\"network-view\">\
  <form class=\"filters\" id=\"filters\" aria-label=\"Filters\">\
    <fieldset id=\"f-kind\"><legend>Relation kind</legend></fieldset>\
    <fieldset id=\"f-polarity\"><legend>Polarity / status</legend></fieldset>\
    <fieldset id=\"f-years\"><legend>Period</legend>\
      <label>from <input type=\"range\" id=\"year-from\"> <output id=\"year-from-out\"></output></label>\
      <label>to <input type=\"range\" id=\"year-to\"> <output id=\"year-to-out\"></output></label></fieldset>\
    <fieldset id=\"f-class\"><legend>Actor class</legend></fieldset>\
    <fieldset><legend>Export</legend><button type=\"button\" id=\"export-svg\">SVG</button> \
      <button type=\"button\" id=\"export-png\">PNG</button> <button type=\"button\" id=\"export-graphml\">GraphML</button></fieldset>\
  </form>\
  <div class=\"canvas-wrap\"><p class=\"status\" id=\"status\">Loading…</p><div id=\"cy\" class=\"cy\"></div>\
    <p class=\"sides\"><span>← Armenia's side</span><span>Azerbaijan's side →</span></p></div>\
  <aside id=\"details\" class=\"details\" aria-live=\"polite\"><p>Click an actor for its page, a relation for its evidence.</p></aside>\
</div><p class=\"note\">The static picture is at <a href=\"/network.svg\">/network.svg</a>.</p>";

/// GET /map: places and events on a map of the South Caucasus.
pub async fn map_page(State(state): State<Shared>) -> Html<String> {
    view_page(&state, "Map", MAP_BODY, &[GEO], "map.js")
}

const MAP_BODY: &str = "<div class=\"view\" id=\"map-view\">\
  <form class=\"filters\" id=\"filters\" aria-label=\"Filters\">\
    <fieldset id=\"f-years\"><legend>Period</legend>\
      <label>from <input type=\"number\" id=\"year-from\"></label> <label>to <input type=\"number\" id=\"year-to\"></label></fieldset>\
    <fieldset id=\"f-type\"><legend>Event kind</legend></fieldset>\
  </form>\
  <div class=\"canvas-wrap\"><p class=\"status\" id=\"status\">Loading…</p><svg id=\"map\" class=\"map\" role=\"img\" aria-label=\"Map of the South Caucasus\"></svg></div>\
  <aside id=\"details\" class=\"details\" aria-live=\"polite\"><p>Click a place for its events.</p></aside>\
</div><p class=\"note\" id=\"map-note\"></p>";

/// GET /timeline: events and relations along time.
pub async fn timeline_page(State(state): State<Shared>) -> Html<String> {
    view_page(&state, "Timeline", TIMELINE_BODY, &[], "timeline.js")
}

const TIMELINE_BODY: &str = "<div class=\"view\" id=\"timeline-view\">\
  <form class=\"filters\" id=\"filters\" aria-label=\"Filters\">\
    <fieldset><legend>Period</legend><label>from <input type=\"number\" id=\"year-from\"></label> <label>to <input type=\"number\" id=\"year-to\"></label></fieldset>\
    <fieldset><legend>Actor</legend><select id=\"actor\"><option value=\"\">any</option></select></fieldset>\
    <fieldset><legend>Place</legend><select id=\"place\"><option value=\"\">any</option></select></fieldset>\
    <fieldset><legend>Show</legend><label><input type=\"checkbox\" id=\"show-events\" checked> events</label> \
      <label><input type=\"checkbox\" id=\"show-relations\" checked> relations</label></fieldset>\
  </form>\
  <div class=\"canvas-wrap\"><p class=\"status\" id=\"status\">Loading…</p><div class=\"timeline-scroll\"><svg id=\"timeline\" class=\"timeline\"></svg></div></div>\
  <aside id=\"details\" class=\"details\" aria-live=\"polite\"><p>Click an item for its evidence.</p></aside>\
  <section class=\"timeline-list\"><h2 id=\"list-title\">Items</h2><ol id=\"items\"></ol></section>\
</div>";

/// The embedded views of an entity page: a small map and the entity's local network,
/// drawn by `views-entity.js` (which hides what has nothing to show).
pub fn entity_embed(state: &AppState, iri: &NamedNode) -> String {
    let mut out = format!(
        "<section class=\"entity-views\" id=\"entity-views\" data-iri=\"{}\"><div class=\"mini\" id=\"mini-network\" hidden><h2>Local network</h2><div class=\"cy mini-cy\" id=\"cy\"></div></div>\
         <div class=\"mini\" id=\"mini-map\" hidden><h2>Map</h2><svg class=\"map mini-map\" id=\"map\"></svg></div></section>",
        escape_attr(iri.as_str())
    );
    out.push_str(&scripts(state, &[CYTOSCAPE, GEO], "entity.js"));
    out
}

/// GET /api/evidence?of=IRI: the evidence spans of one relation, event or other
/// annotated node, sorted, each with its text when the server has the documents.
pub async fn evidence_api(State(state): State<Shared>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let params = fixed_params(raw.as_deref(), "/api/evidence", &["of"])?;
    let of = params.get("of").ok_or_else(|| ApiError::bad_request("say whose evidence: /api/evidence?of=IRI"))?;
    let node = NamedNode::new(of.as_str()).map_err(|e| ApiError::bad_request(format!("of='{of}' is not an IRI ({e}); give the full IRI of a relation or an event")))?;
    let citations = blocking(&state, move |state, _| {
        let binding = (Variable::new_unchecked("x"), node.clone().into());
        let mut found: Vec<Citation> = citations_by_subject(&state.store, "", &[binding])?.remove(&node.into()).unwrap_or_default();
        for c in &mut found {
            c.text = state.span_text(c.document_id(), c.start, c.end);
        }
        Ok(found)
    })
    .await?;
    Ok(axum::Json(citations).into_response())
}
