//! Linked-data pages: every IRI under `--base` dereferences to an HTML page for browsers
//! and to its concise bounded description for machines (Turtle, JSON-LD, N-Triples, …);
//! `/ontology` is the ontology's reference; `/network.svg` draws the support network (the
//! interactive views are in `views.rs`).

use std::fmt::Write as _;

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, Uri};
use axum::response::{Html, IntoResponse, Response};
use oxigraph::model::{GraphName, NamedNode, Quad};
use oxigraph::sparql::{QueryResults, Variable};
use serde::Serialize;

use super::error::ApiError;
use super::http::{accept, fixed_params, negotiate, typed, url_param, Format, Offers};
use super::layout::layout;
use super::state::{AppState, Shared};
use super::work::blocking;
use crate::explore::describe::{describe, description_graph, Citation, Description};
use crate::explore::{bounded_description, lookup, network, render_network};
use crate::markup::{escape_attr, escape_text, linkable};
use crate::named_queries;
use crate::query::select;

/// An HTML page answer, which depends on `Accept`.
fn html_page(page: String) -> Response {
    let mut response = Html(page).into_response();
    response.headers_mut().insert(header::VARY, HeaderValue::from_static("Accept"));
    response
}

/// Writes quads in a negotiated RDF format.
fn rdf_answer(quads: &[Quad], format: Format, media: &str) -> Result<Response, ApiError> {
    let Format::Graph(format) = format else { unreachable!("only graph formats reach here") };
    let mut body = Vec::new();
    crate::export::write(quads, format, &mut body)?;
    Ok(typed(body, media))
}

/// GET on any other path: the resource whose IRI is `--base` + path, as HTML or RDF.
pub async fn resource(State(state): State<Shared>, uri: Uri, headers: HeaderMap) -> Result<Response, ApiError> {
    let iri = state.iri_of_path(uri.path()).ok_or_else(|| ApiError::not_found(format!("no such page: {} does not name an IRI", uri.path())))?;
    let format = url_param(uri.query(), "format")?;
    let accept = accept(&headers).map(str::to_owned);
    blocking(&state, move |state, _| {
        if !state.store.has_subject(&iri)? {
            return Err(ApiError::not_found(format!("nothing is known about {}", iri.as_str())));
        }
        let answer = negotiate(Offers::Page, format.as_deref(), accept.as_deref())?;
        if answer.format == Format::Html {
            return Ok(html_page(entity_page(state, &describe(&state.store, &iri)?)));
        }
        let triples = if is_described_entity(state, &iri)? { description_graph(&state.store, &iri)? } else { bounded_description(&state.store, &[iri.into()])? };
        let quads: Vec<Quad> = triples.into_iter().map(|t| t.in_graph(GraphName::DefaultGraph)).collect();
        rdf_answer(&quads, answer.format, answer.media)
    })
    .await
}

/// Whether the entity is one that `describe` gathers relations for (actors, places, events,
/// contested quantities): its RDF answer is the same graph as `nkkg describe --format turtle`.
fn is_described_entity(state: &AppState, iri: &NamedNode) -> anyhow::Result<bool> {
    let q = "ASK { ?e a ?c . ?c rdfs:subClassOf* ?top . VALUES ?top { nk:Actor nk:Place nk:Event nk:Quantity } }";
    let b = (Variable::new_unchecked("e"), iri.clone().into());
    Ok(matches!(crate::query::execute(&state.store, q, &[b], None)?, QueryResults::Boolean(true)))
}

/// A link to `iri` labelled `label`; only the label, as text, when the link's scheme is not
/// one a page links to (`markup::linkable`).
fn link(state: &AppState, iri: &NamedNode, label: &oxigraph::model::Literal) -> String {
    use crate::explore::terms::text;
    let href = state.link(iri.as_str());
    if !linkable(&href) {
        return format!("<span class=\"unlinked\">{}</span>", escape_text(&text(label)));
    }
    format!("<a href=\"{}\">{}</a>", escape_attr(&href), escape_text(&text(label)))
}

fn links(state: &AppState, links: &[crate::explore::terms::Link]) -> String {
    links.iter().map(|l| link(state, &l.iri, &l.label)).collect::<Vec<_>>().join(", ")
}

/// The cells of a supply's goods: item, category, quantity, date, status, evidence.
fn goods_cells(state: &AppState, g: &crate::explore::describe::Goods) -> String {
    use crate::explore::terms::{opt_text, text};
    format!(
        "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
        escape_text(&opt_text(&g.item)),
        escape_text(&text(&g.category)),
        escape_text(&opt_text(&g.quantity)),
        escape_text(&opt_text(&g.date)),
        escape_text(&text(&g.status)),
        citations(state, &g.sources)
    )
}

fn citations(state: &AppState, sources: &[Citation]) -> String {
    let mut out = String::new();
    for c in sources {
        let _ = write!(out, "<span class=\"cite\">{} {}–{}</span>", escape_text(c.document_id()), c.start, c.end);
        if let Some(text) = state.span_text(c.document_id(), c.start, c.end) {
            let _ = write!(out, "<blockquote class=\"span\">{}</blockquote>", escape_text(&text));
        }
    }
    out
}

/// The short facts under the title: names, and the facts of events, places, quantities
/// and claims.
fn entity_head(state: &AppState, d: &Description, b: &mut String) {
    use crate::explore::terms::{join, text};
    let _ = write!(b, "<h1>{}</h1><p class=\"iri\"><code>{}</code></p>", escape_text(&d.entity.name()), escape_text(d.entity.iri.as_str()));
    let _ = write!(b, "<p><strong>Types:</strong> {}</p>", escape_text(&join(&d.types, ", ")));
    if !d.names.is_empty() {
        let _ = write!(b, "<p><strong>Other names:</strong> {}</p>", escape_text(&join(&d.names, ", ")));
    }
    if !d.event_types.is_empty() {
        let _ = write!(b, "<p><strong>Event types:</strong> {}</p>", escape_text(&join(&d.event_types, ", ")));
    }
    if !d.period.is_empty() {
        let _ = write!(b, "<p><strong>When:</strong> {}</p>", escape_text(&d.period.to_string()));
    }
    for outcome in &d.outcome {
        let _ = write!(b, "<p><strong>Outcome:</strong> {}</p>", escape_text(&text(outcome)));
    }
    for (title, list) in [("Part of", &d.part_of), ("Places", &d.places), ("Measure", &d.measure), ("About", &d.about), ("During", &d.during), ("Claim of", &d.claim_of)] {
        if !list.is_empty() {
            let _ = write!(b, "<p><strong>{title}:</strong> {}</p>", links(state, list));
        }
    }
    if let Some(c) = &d.coordinates {
        let _ = write!(b, "<p><strong>Coordinates:</strong> {}, {}", escape_text(&text(&c.lat)), escape_text(&text(&c.long)));
        if let Some(from) = &c.from {
            let _ = write!(b, " (those of {})", link(state, &from.iri, &from.label));
        }
        let _ = write!(b, "</p>");
    }
}

/// The sections of events, people, organisations and quantities.
fn kind_sections(state: &AppState, d: &Description, b: &mut String) {
    use crate::explore::terms::{opt_text, text};
    if !d.participants.is_empty() {
        let _ = write!(b, "<section><h2>Participants ({})</h2><table class=\"participants\"><tr><th>role</th><th>participants</th></tr>", d.participants.len());
        for group in d.participants.chunk_by(|x, y| x.role == y.role) {
            let actors: Vec<String> = group.iter().map(|p| link(state, &p.actor.iri, &p.actor.label)).collect();
            let _ = write!(b, "<tr><td>{}</td><td>{}</td></tr>", escape_text(&text(&group[0].role)), actors.join(", "));
        }
        b.push_str("</table></section>");
    }
    if !d.sub_events.is_empty() {
        let _ = write!(b, "<section><h2>Sub-events ({})</h2><table class=\"events\"><tr><th>date</th><th>event</th></tr>", d.sub_events.len());
        for e in &d.sub_events {
            let _ = write!(b, "<tr><td>{}</td><td>{}</td></tr>", escape_text(&opt_text(&e.date)), link(state, &e.event, &e.label));
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
                escape_text(&text(&l.name)),
                escape_text(&opt_text(&l.kind)),
                escape_text(&l.period.to_string()),
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
                escape_text(&c.figure.to_string()),
                escape_text(&c.period.to_string()),
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
    b.push_str(&super::views::entity_embed(state, &d.entity.iri));
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
                escape_text(&join(&l.kinds, ", ")),
                escape_text(&text(&l.polarity)),
                escape_text(&l.period.to_string()),
                escape_text(&join(&l.claimed_by, ", ")),
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
                "<tr><td>{}</td>{}</tr>",
                link(state, &l.other, &l.other_label),
                goods_cells(state, &l.goods)
            );
        }
        b.push_str("</table></section>");
    }
    if !d.supplies_through.is_empty() {
        let _ = write!(b, "<section><h2>Supplies passed through ({})</h2><table class=\"supply\"><tr><th>from</th><th>to</th><th>item</th><th>category</th><th>quantity</th><th>date</th><th>status</th><th>evidence</th></tr>", d.supplies_through.len());
        for l in &d.supplies_through {
            let _ = write!(
                b,
                "<tr><td>{}</td><td>{}</td>{}</tr>",
                link(state, &l.supplier.iri, &l.supplier.label),
                link(state, &l.recipient.iri, &l.recipient.label),
                goods_cells(state, &l.goods)
            );
        }
        b.push_str("</table></section>");
    }
    if !d.events.is_empty() {
        let _ = write!(b, "<section><h2>Events ({})</h2><table class=\"events\"><tr><th>date</th><th>event</th><th>role</th></tr>", d.events.len());
        for e in &d.events {
            let _ = write!(b, "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", escape_text(&opt_text(&e.date)), link(state, &e.event, &e.label), escape_text(&join(&e.roles, ", ")));
        }
        b.push_str("</table></section>");
    }
    if !d.figures.is_empty() {
        let _ = write!(b, "<section><h2>Contested figures ({})</h2><table class=\"figures\"><tr><th>quantity</th><th>figure</th><th>according to</th><th>evidence</th></tr>", d.figures.len());
        for f in &d.figures {
            let _ = write!(b, "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", escape_text(&text(&f.quantity)), escape_text(&f.figure.to_string()), escape_text(&opt_text(&f.claimant)), citations(state, &f.sources));
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
            let _ = write!(b, "<li>{}: {}</li>", escape_text(&r.property.to_string()), link(state, &r.other, &r.other_label));
        }
        b.push_str("</ul></section>");
    }
    let _ = write!(b, "<p class=\"formats\">As data: <a href=\"{0}?format=turtle\">Turtle</a> · <a href=\"{0}?format=jsonld\">JSON-LD</a> · <a href=\"{0}?format=ntriples\">N-Triples</a></p>", escape_attr(&state.link(d.entity.iri.as_str())));
    layout(&d.entity.name(), &b)
}

/// GET /ontology: an HTML reference for browsers, the ontology as RDF for machines.
pub async fn ontology(State(state): State<Shared>, uri: Uri, headers: HeaderMap) -> Result<Response, ApiError> {
    let answer = negotiate(Offers::Page, url_param(uri.query(), "format")?.as_deref(), accept(&headers))?;
    blocking(&state, move |state, _| {
        if answer.format != Format::Html {
            let quads = crate::export::collect(&state.store, Some(&crate::store::graph_name_for("ontology/nkkg.ttl")))?;
            return rdf_answer(&quads, answer.format, answer.media);
        }
        Ok(html_page(ontology_page(&state.store)?))
    })
    .await
}

/// The ontology's classes and properties with their labels, comments and alignments.
fn ontology_page(store: &crate::store::GraphStore) -> anyhow::Result<String> {
    let rows = select(
        store,
        "SELECT ?t ?kind ?label ?comment (GROUP_CONCAT(DISTINCT ?sup; separator=\", \") AS ?supers) WHERE {
           ?t a ?k ; rdfs:label ?label . VALUES ?k { owl:Class owl:ObjectProperty owl:DatatypeProperty }
           FILTER(STRSTARTS(STR(?t), STR(nk:)))
           BIND(IF(?k = owl:Class, \"Class\", \"Property\") AS ?kind)
           OPTIONAL { ?t rdfs:comment ?comment } OPTIONAL { ?t rdfs:subClassOf|rdfs:subPropertyOf ?s . BIND(STR(?s) AS ?sup) }
         } GROUP BY ?t ?kind ?label ?comment ORDER BY ?kind ?label",
        &[],
    )?;
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
            escape_attr(local),
            escape_text(&crate::table::cell(r.get("label"))),
            escape_text(&id),
            escape_text(&crate::table::cell(r.get("comment"))),
            escape_text(&crate::table::cell(r.get("supers")))
        );
    }
    b.push_str("</dl>");
    Ok(layout("Ontology", &b))
}

/// GET /network.svg?kind=support|supply|all&from=YEAR&to=YEAR: the support and supply
/// network, nodes linking to entity pages.
pub async fn network_svg(State(state): State<Shared>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let filter = network_filter(raw.as_deref())?;
    let svg = blocking(&state, move |state, _| {
        let net = network::build(&state.store, filter)?;
        Ok(render_network(&net, network::NetworkFormat::Svg, &crate::explore::network_title(filter), &|iri| state.link(iri))?)
    })
    .await?;
    let mut r = svg.into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml"));
    // The network page shows the picture in an <object>: same-origin framing only.
    r.headers_mut().insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(super::CSP_FRAMED_BY_SELF));
    r.headers_mut().insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("SAMEORIGIN"));
    Ok(r)
}

/// The filter of /network.svg; a kind other than support, supply or all, a year that is
/// not a number, or a range that ends before it starts is a 400.
fn network_filter(raw: Option<&str>) -> Result<network::NetworkFilter, ApiError> {
    let params = fixed_params(raw, "/network.svg", &["kind", "from", "to"])?;
    let kind = match params.get("kind").map(String::as_str) {
        None | Some("all") => network::EdgeKind::All,
        Some("support") => network::EdgeKind::Support,
        Some("supply") => network::EdgeKind::Supply,
        Some(other) => return Err(ApiError::bad_request(format!("kind '{other}' is unknown: give kind=support, kind=supply or kind=all"))),
    };
    let year = |name: &str| -> Result<Option<i32>, ApiError> {
        params
            .get(name)
            .map(|v| v.trim().parse::<i32>().map_err(|_| ApiError::bad_request(format!("{name}='{v}' is not a year: give a whole number such as {name}=1994"))))
            .transpose()
    };
    let (from, to) = (year("from")?, year("to")?);
    if let (Some(f), Some(t)) = (from, to) {
        if f > t {
            return Err(ApiError::bad_request(format!("the years are reversed: from={f} is after to={t}")));
        }
    }
    Ok(network::NetworkFilter { kind, from, to })
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

/// The longest search text accepted, in characters.
const MAX_SEARCH: usize = 200;

/// GET /api/search?q=text: entities whose label or other name contains the text, with case,
/// diacritics and a leading "the" folded away (see [`lookup`]).
pub async fn search_api(State(state): State<Shared>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let params = fixed_params(raw.as_deref(), "/api/search", &["q"])?;
    let q = params.get("q").map(|q| q.trim().to_owned()).unwrap_or_default();
    let length = q.chars().count();
    if length < 2 {
        return Err(ApiError::bad_request("give at least two characters: /api/search?q=…"));
    }
    if length > MAX_SEARCH {
        return Err(ApiError::bad_request(format!("the search text has {length} characters; give at most {MAX_SEARCH}")));
    }
    let hits = blocking(&state, move |state, _| {
        let hits: Vec<Hit> = lookup::containing(&state.store, &q, 50)?
            .into_iter()
            .map(|found| Hit {
                iri: found.entity.as_str().to_owned(),
                link: state.link(found.entity.as_str()),
                label: found.label,
                matched: found.matched,
            })
            .collect();
        Ok(hits)
    })
    .await?;
    Ok(axum::Json(hits).into_response())
}
