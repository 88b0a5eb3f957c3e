//! Linked-data pages: every IRI under `--base` dereferences to an HTML page for browsers
//! and to its concise bounded description for machines (Turtle, JSON-LD, N-Triples, …);
//! `/ontology` is the ontology's reference; `/network` shows the support network.

use std::fmt::Write as _;

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use oxigraph::model::{GraphName, NamedNode, Quad};
use serde::Serialize;

use super::negotiate::choose;
use super::sparql::{graph_types, serialize_quads, typed, url_param};
use super::state::{ApiError, AppState, Shared};
use crate::explore::describe::{describe, description_graph, Citation, Description};
use crate::explore::{bounded_description, network, render_network};
use crate::named_queries;
use crate::query::select;

/// Escapes text for HTML.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Wraps a body in the site's page layout.
pub fn layout(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} — nkkg</title><link rel=\"stylesheet\" href=\"/assets/style.css\"></head><body>\
         <header><a href=\"/\" class=\"brand\">nkkg</a> <nav><a href=\"/\">Query</a> <a href=\"/network\">Network</a> <a href=\"/ontology\">Ontology</a></nav></header>\
         <main>{body}</main></body></html>\n",
        esc(title)
    )
}

/// The answer to GET /sparql without a query: the UI for browsers, a hint otherwise.
pub fn ui_or_help(headers: &HeaderMap) -> Response {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    if choose(accept, &["text/html"]).is_some() && accept.is_some_and(|a| a.contains("text/html")) {
        return Html(super::ui::INDEX).into_response();
    }
    ApiError::new(StatusCode::BAD_REQUEST, "missing 'query' parameter (SPARQL 1.1 Protocol: GET /sparql?query=…)").into_response()
}

/// GET on any other path: the resource whose IRI is `--base` + path.
pub async fn resource(State(state): State<Shared>, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().trim_start_matches('/');
    let decoded: String = form_urlencoded::parse(format!("x={path}").as_bytes()).next().map(|(_, v)| v.into_owned()).unwrap_or_default();
    let Ok(iri) = NamedNode::new(format!("{}{}", state.base, decoded)) else {
        return ApiError::new(StatusCode::NOT_FOUND, "no such page").into_response();
    };
    let known = state.store.store().quads_for_pattern(Some(iri.as_ref().into()), None, None, None).next().is_some();
    if !known {
        return ApiError::new(StatusCode::NOT_FOUND, format!("nothing is known about <{iri}>")).into_response();
    }
    let media = match page_media(&uri, &headers) {
        Ok(m) => m,
        Err(e) => return e.into_response(),
    };
    let job = state.clone();
    let result = tokio::task::spawn_blocking(move || -> anyhow::Result<Response> {
        if media == "text/html" {
            let d = describe(&job.store, &iri)?;
            let mut response = Html(entity_page(&job, &d)).into_response();
            response.headers_mut().insert(header::VARY, HeaderValue::from_static("Accept"));
            Ok(response)
        } else {
            let triples = if is_actor_or_place(&job, &iri) {
                description_graph(&job.store, &iri)?
            } else {
                bounded_description(&job.store, &[iri.into()])?
            };
            let quads: Vec<Quad> = triples.into_iter().map(|t| t.in_graph(GraphName::DefaultGraph)).collect();
            Ok(typed(serialize_quads(&quads, media)?, media))
        }
    })
    .await;
    match result {
        Ok(Ok(r)) => r,
        Ok(Err(e)) => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}")).into_response(),
        Err(e) => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

/// The media type for a `format=` name used in links.
fn format_media(name: &str) -> &'static str {
    match name {
        "turtle" | "ttl" => "text/turtle",
        "jsonld" | "json" => "application/ld+json",
        "ntriples" | "nt" => "application/n-triples",
        "nquads" => "application/n-quads",
        "trig" => "application/trig",
        "rdfxml" | "xml" => "application/rdf+xml",
        "html" => "text/html",
        _ => "application/x-unknown-format",
    }
}

/// The media type of a page: HTML or an RDF format, from `?format=` (for links) or else
/// from `Accept`.
fn page_media(uri: &Uri, headers: &HeaderMap) -> Result<&'static str, ApiError> {
    let forced = url_param(uri.query(), "format").map(|f| format_media(&f));
    let accept = forced.or_else(|| headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()));
    let mut offered = vec!["text/html"];
    offered.extend_from_slice(graph_types());
    choose(accept, &offered).ok_or_else(|| ApiError::new(StatusCode::NOT_ACCEPTABLE, format!("offered: {}", offered.join(", "))))
}

fn is_actor_or_place(state: &AppState, iri: &NamedNode) -> bool {
    let q = "ASK { ?e a ?c . ?c rdfs:subClassOf* ?top . VALUES ?top { nk:Actor nk:Place } }";
    let b = (oxigraph::sparql::Variable::new_unchecked("e"), iri.clone().into());
    matches!(crate::query::execute(&state.store, q, &[b], None), Ok(oxigraph::sparql::QueryResults::Boolean(true)))
}

fn link(state: &AppState, iri: &NamedNode, label: &oxigraph::model::Literal) -> String {
    use crate::explore::terms::text;
    format!("<a href=\"{}\">{}</a>", esc(&state.link(iri.as_str())), esc(&text(label)))
}

fn links(state: &AppState, links: &[crate::explore::terms::Link]) -> String {
    links.iter().map(|l| link(state, &l.iri, &l.label)).collect::<Vec<_>>().join(", ")
}

fn citations(state: &AppState, sources: &[Citation]) -> String {
    let mut out = String::new();
    for c in sources {
        let _ = write!(out, "<span class=\"cite\">{} {}–{}</span>", esc(c.document_id()), c.start, c.end);
        if let Some(text) = state.span_text(c.document_id(), c.start, c.end) {
            let _ = write!(out, "<blockquote class=\"span\">{}</blockquote>", esc(&text));
        }
    }
    out
}

/// The short facts under the title: names, and the facts of events, places, quantities
/// and claims.
fn entity_head(state: &AppState, d: &Description, b: &mut String) {
    use crate::explore::terms::{join, text};
    let _ = write!(b, "<h1>{}</h1><p class=\"iri\"><code>{}</code></p>", esc(&d.entity.name()), esc(d.entity.iri.as_str()));
    let _ = write!(b, "<p><strong>Types:</strong> {}</p>", esc(&join(&d.types, ", ")));
    if !d.names.is_empty() {
        let _ = write!(b, "<p><strong>Other names:</strong> {}</p>", esc(&join(&d.names, ", ")));
    }
    if !d.event_types.is_empty() {
        let _ = write!(b, "<p><strong>Event types:</strong> {}</p>", esc(&join(&d.event_types, ", ")));
    }
    if !d.period.is_empty() {
        let _ = write!(b, "<p><strong>When:</strong> {}</p>", esc(&d.period.to_string()));
    }
    for outcome in &d.outcome {
        let _ = write!(b, "<p><strong>Outcome:</strong> {}</p>", esc(&text(outcome)));
    }
    for (title, list) in [("Part of", &d.part_of), ("Places", &d.places), ("Measure", &d.measure), ("About", &d.about), ("During", &d.during), ("Claim of", &d.claim_of)] {
        if !list.is_empty() {
            let _ = write!(b, "<p><strong>{title}:</strong> {}</p>", links(state, list));
        }
    }
    if let Some(c) = &d.coordinates {
        let _ = write!(b, "<p><strong>Coordinates:</strong> {}, {}</p>", esc(&text(&c.lat)), esc(&text(&c.long)));
    }
}

/// The sections of events, people, organisations and quantities.
fn kind_sections(state: &AppState, d: &Description, b: &mut String) {
    use crate::explore::terms::{opt_text, text};
    if !d.participants.is_empty() {
        let _ = write!(b, "<section><h2>Participants ({})</h2><table class=\"participants\"><tr><th>role</th><th>participants</th></tr>", d.participants.len());
        for group in d.participants.chunk_by(|x, y| x.role == y.role) {
            let actors: Vec<String> = group.iter().map(|p| link(state, &p.actor.iri, &p.actor.label)).collect();
            let _ = write!(b, "<tr><td>{}</td><td>{}</td></tr>", esc(&text(&group[0].role)), actors.join(", "));
        }
        b.push_str("</table></section>");
    }
    if !d.sub_events.is_empty() {
        let _ = write!(b, "<section><h2>Sub-events ({})</h2><table class=\"events\"><tr><th>date</th><th>event</th></tr>", d.sub_events.len());
        for e in &d.sub_events {
            let _ = write!(b, "<tr><td>{}</td><td>{}</td></tr>", esc(&opt_text(&e.date)), link(state, &e.event, &e.label));
        }
        b.push_str("</table></section>");
    }
    for (title, lines) in [("Roles held", &d.roles_held), ("Members and office holders", &d.members)] {
        if lines.is_empty() {
            continue;
        }
        let _ = write!(b, "<section><h2>{title} ({})</h2><table class=\"roles\"><tr><th>with</th><th>role</th><th>type</th><th>period</th><th>evidence</th></tr>", lines.len());
        for l in lines {
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                link(state, &l.other, &l.other_label),
                esc(&text(&l.name)),
                esc(&opt_text(&l.kind)),
                esc(&l.period.to_string()),
                citations(state, &l.sources)
            );
        }
        b.push_str("</table></section>");
    }
    if !d.claims.is_empty() {
        let _ = write!(b, "<section><h2>Claims ({})</h2><table class=\"claims\"><tr><th>figure</th><th>period</th><th>according to</th><th>evidence</th></tr>", d.claims.len());
        for c in &d.claims {
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&c.figure.to_string()),
                esc(&c.period.to_string()),
                links(state, &c.claimants),
                citations(state, &c.sources)
            );
        }
        b.push_str("</table></section>");
    }
}

fn entity_page(state: &AppState, d: &Description) -> String {
    use crate::explore::terms::{join, opt_text, text};
    let mut b = String::new();
    entity_head(state, d, &mut b);
    kind_sections(state, d, &mut b);
    for (title, lines) in [("Support given", &d.support_given), ("Support received", &d.support_received)] {
        if lines.is_empty() {
            continue;
        }
        let _ = write!(b, "<section><h2>{title} ({})</h2><table class=\"support\"><tr><th>with</th><th>type</th><th>polarity</th><th>period</th><th>according to</th><th>evidence</th></tr>", lines.len());
        for l in lines {
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                link(state, &l.other, &l.other_label),
                esc(&join(&l.kinds, ", ")),
                esc(&text(&l.polarity)),
                esc(&l.period.to_string()),
                esc(&join(&l.claimed_by, ", ")),
                citations(state, &l.sources)
            );
        }
        b.push_str("</table></section>");
    }
    for (title, lines) in [("Supplies sent", &d.supplies_sent), ("Supplies received", &d.supplies_received)] {
        if lines.is_empty() {
            continue;
        }
        let _ = write!(b, "<section><h2>{title} ({})</h2><table class=\"supply\"><tr><th>with</th><th>item</th><th>category</th><th>quantity</th><th>date</th><th>status</th><th>evidence</th></tr>", lines.len());
        for l in lines {
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                link(state, &l.other, &l.other_label),
                esc(&opt_text(&l.item)),
                esc(&text(&l.category)),
                esc(&opt_text(&l.quantity)),
                esc(&opt_text(&l.date)),
                esc(&text(&l.status)),
                citations(state, &l.sources)
            );
        }
        b.push_str("</table></section>");
    }
    if !d.supplies_through.is_empty() {
        let _ = write!(b, "<section><h2>Supplies passed through ({})</h2><table class=\"supply\"><tr><th>from</th><th>to</th><th>item</th><th>category</th><th>date</th><th>status</th><th>evidence</th></tr>", d.supplies_through.len());
        for l in &d.supplies_through {
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                link(state, &l.supplier.iri, &l.supplier.label),
                link(state, &l.recipient.iri, &l.recipient.label),
                esc(&opt_text(&l.item)),
                esc(&text(&l.category)),
                esc(&opt_text(&l.date)),
                esc(&text(&l.status)),
                citations(state, &l.sources)
            );
        }
        b.push_str("</table></section>");
    }
    if !d.events.is_empty() {
        let _ = write!(b, "<section><h2>Events ({})</h2><table class=\"events\"><tr><th>date</th><th>event</th><th>role</th></tr>", d.events.len());
        for e in &d.events {
            let _ = write!(b, "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", esc(&opt_text(&e.date)), link(state, &e.event, &e.label), esc(&join(&e.roles, ", ")));
        }
        b.push_str("</table></section>");
    }
    if !d.figures.is_empty() {
        let _ = write!(b, "<section><h2>Contested figures ({})</h2><table class=\"figures\"><tr><th>quantity</th><th>figure</th><th>according to</th><th>evidence</th></tr>", d.figures.len());
        for f in &d.figures {
            let _ = write!(b, "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", esc(&text(&f.quantity)), esc(&f.figure.to_string()), esc(&opt_text(&f.claimant)), citations(state, &f.sources));
        }
        b.push_str("</table></section>");
    }
    if !d.evidence.is_empty() {
        let _ = write!(b, "<section><h2>Evidence ({})</h2><ul class=\"evidence\">", d.evidence.len());
        for c in &d.evidence {
            let _ = write!(b, "<li>{}</li>", citations(state, std::slice::from_ref(c)));
        }
        b.push_str("</ul></section>");
    }
    for (title, lines) in [("Relations out", &d.relations_out), ("Relations in", &d.relations_in)] {
        if lines.is_empty() {
            continue;
        }
        let _ = write!(b, "<section><h2>{title} ({})</h2><ul class=\"relations\">", lines.len());
        for r in lines {
            let _ = write!(b, "<li>{}: {}</li>", esc(&r.property.to_string()), link(state, &r.other, &r.other_label));
        }
        b.push_str("</ul></section>");
    }
    let _ = write!(b, "<p class=\"formats\">As data: <a href=\"{0}?format=turtle\">Turtle</a> · <a href=\"{0}?format=jsonld\">JSON-LD</a> · <a href=\"{0}?format=ntriples\">N-Triples</a></p>", esc(&state.link(d.entity.iri.as_str())));
    layout(&d.entity.name(), &b)
}

/// GET /ontology: an HTML reference for browsers, the ontology as Turtle for machines.
pub async fn ontology(State(state): State<Shared>, uri: Uri, headers: HeaderMap) -> Response {
    let media = match page_media(&uri, &headers) {
        Ok(m) => m,
        Err(e) => return e.into_response(),
    };
    let graph = crate::store::graph_name_for("ontology/nkkg.ttl");
    if media != "text/html" {
        let quads: Vec<Quad> = match crate::export::collect(&state.store, Some(&graph)) {
            Ok(q) => q,
            Err(e) => return ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
        };
        return match serialize_quads(&quads, media) {
            Ok(body) => typed(body, media),
            Err(e) => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
        };
    }
    let rows = select(
        &state.store,
        "SELECT ?t ?kind ?label ?comment (GROUP_CONCAT(DISTINCT ?sup; separator=\", \") AS ?supers) WHERE {
           ?t a ?k ; rdfs:label ?label . VALUES ?k { owl:Class owl:ObjectProperty owl:DatatypeProperty }
           FILTER(STRSTARTS(STR(?t), STR(nk:)))
           BIND(IF(?k = owl:Class, \"Class\", \"Property\") AS ?kind)
           OPTIONAL { ?t rdfs:comment ?comment } OPTIONAL { ?t rdfs:subClassOf|rdfs:subPropertyOf ?s . BIND(STR(?s) AS ?sup) }
         } GROUP BY ?t ?kind ?label ?comment ORDER BY ?kind ?label",
        &[],
    )
    .unwrap_or_default();
    let mut b = String::from("<h1>The nkkg ontology</h1><p>Namespace <code>https://w3id.org/nkkg/ontology#</code>. <a href=\"/ontology?format=turtle\">Turtle</a></p>");
    let mut current = String::new();
    for r in &rows {
        let kind = crate::table::cell(r.get("kind"));
        if kind != current {
            if !current.is_empty() {
                b.push_str("</dl>");
            }
            let _ = write!(b, "<h2>{}</h2><dl class=\"terms\">", if kind == "Class" { "Classes" } else { "Properties" });
            current = kind;
        }
        let Some(term) = crate::explore::terms::named(r.get("t")) else { continue };
        let (id, local) = (crate::explore::terms::short(&term), crate::explore::terms::local_name(&term));
        let _ = write!(
            b,
            "<dt id=\"{}\">{} <code>{}</code></dt><dd>{}<br><small>aligned to: {}</small></dd>",
            esc(local),
            esc(&crate::table::cell(r.get("label"))),
            esc(&id),
            esc(&crate::table::cell(r.get("comment"))),
            esc(&crate::table::cell(r.get("supers")))
        );
    }
    b.push_str("</dl>");
    let mut response = Html(layout("Ontology", &b)).into_response();
    response.headers_mut().insert(header::VARY, HeaderValue::from_static("Accept"));
    response
}

/// GET /network.svg: the support and supply network, nodes linking to entity pages.
pub async fn network_svg(State(state): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    let get = |k: &str| url_param(raw.as_deref(), k);
    let kind = match get("kind").as_deref() {
        Some("support") => network::EdgeKind::Support,
        Some("supply") => network::EdgeKind::Supply,
        _ => network::EdgeKind::All,
    };
    let year = |k: &str| get(k).and_then(|v| v.parse().ok());
    let filter = network::NetworkFilter { kind, from: year("from"), to: year("to") };
    let job = state.clone();
    let svg = tokio::task::spawn_blocking(move || -> anyhow::Result<String> {
        let net = network::build(&job.store, filter)?;
        render_network(&net, network::NetworkFormat::Svg, &crate::explore::network_title(filter), &|iri| job.link(iri))
    })
    .await;
    match svg {
        Ok(Ok(svg)) => {
            let mut r = svg.into_response();
            r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml"));
            r
        }
        Ok(Err(e)) => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
        Err(e) => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

/// GET /network: a page showing the network picture.
pub async fn network_page() -> Html<String> {
    Html(layout(
        "Support network",
        "<h1>Support and supply network</h1><p>Actors coloured by type, relations by kind; click an actor for its page. \
         <a href=\"/network.svg?kind=support\">support only</a> · <a href=\"/network.svg?kind=supply\">supplies only</a></p>\
         <object id=\"network\" data=\"/network.svg\" type=\"image/svg+xml\"></object>",
    ))
}

#[derive(Serialize)]
struct NamedQueryInfo {
    name: &'static str,
    description: &'static str,
    params: Vec<&'static str>,
    text: &'static str,
}

/// GET /api/queries: the named queries as JSON.
pub async fn queries_api() -> Response {
    let list: Vec<NamedQueryInfo> = named_queries::all()
        .iter()
        .map(|q| NamedQueryInfo { name: q.name, description: q.description, params: named_queries::parameters(q), text: q.text })
        .collect();
    axum::Json(list).into_response()
}

#[derive(Serialize)]
struct Hit {
    iri: String,
    link: String,
    label: String,
    matched: String,
}

/// GET /api/search?q=text: entities whose label or other name contains the text.
pub async fn search_api(State(state): State<Shared>, RawQuery(raw): RawQuery) -> Response {
    let q = url_param(raw.as_deref(), "q").unwrap_or_default();
    if q.trim().len() < 2 {
        return ApiError::new(StatusCode::BAD_REQUEST, "give at least two characters: /api/search?q=…").into_response();
    }
    let b = (oxigraph::sparql::Variable::new_unchecked("q"), oxigraph::model::Literal::new_simple_literal(q.trim()).into());
    let rows = select(
        &state.store,
        "SELECT ?e (SAMPLE(?l) AS ?label) (MIN(?n) AS ?matched) WHERE {
           ?e rdfs:label|skos:altLabel ?n . FILTER(CONTAINS(LCASE(STR(?n)), LCASE(STR(?q))))
           FILTER(STRSTARTS(STR(?e), STR(nke:))) ?e rdfs:label ?l
         } GROUP BY ?e ORDER BY STRLEN(?label) ?label LIMIT 50",
        &[b],
    );
    match rows {
        Ok(rows) => {
            let hits: Vec<Hit> = rows
                .iter()
                .map(|r| {
                    let iri = match r.get("e") {
                        Some(oxigraph::model::Term::NamedNode(n)) => n.as_str().to_owned(),
                        _ => String::new(),
                    };
                    Hit { link: state.link(&iri), iri, label: crate::table::cell(r.get("label")), matched: crate::table::cell(r.get("matched")) }
                })
                .collect();
            axum::Json(hits).into_response()
        }
        Err(e) => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}
