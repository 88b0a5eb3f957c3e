//! The SPARQL endpoints: the SPARQL 1.1 Protocol query operation (§2.1) at `/sparql`,
//! the update operation (§2.2) at `/update` behind a bearer token, and the read side of
//! the SPARQL 1.1 Graph Store HTTP Protocol (§5.2, GET) at `/store`.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, NamedOrBlankNode, Quad};
use oxigraph::sparql::{CancellationToken, QueryResults};
use oxigraph::sparql::results::QueryResultsSerializer;
use spargebra::Query;

use super::negotiate::choose;
use super::state::{ApiError, Shared};
use crate::error::NkkgError;
use crate::formats::{GraphFormat, ResultsFormat};
use crate::query;
use crate::results::rdf_serializer;

const RESULTS_TYPES: &[&str] = &[
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    "application/json",
    "application/xml",
];

const GRAPH_TYPES: &[&str] = &[
    "text/turtle",
    "application/n-triples",
    "application/n-quads",
    "application/trig",
    "application/rdf+xml",
    "application/ld+json",
    "text/plain",
];

/// The request parameters of a query operation.
#[derive(Default)]
struct Params {
    query: Vec<String>,
    default_graphs: Vec<String>,
    named_graphs: Vec<String>,
    format: Option<String>,
    /// `param.NAME=value` pairs: variables bound on the parsed query, as `--param` does.
    bindings: Vec<String>,
}

fn params(pairs: impl Iterator<Item = (String, String)>) -> Params {
    let mut p = Params::default();
    for (k, v) in pairs {
        match k.as_str() {
            "query" => p.query.push(v),
            "default-graph-uri" => p.default_graphs.push(v),
            "named-graph-uri" => p.named_graphs.push(v),
            "format" | "output" => p.format = Some(v),
            other => {
                if let Some(name) = other.strip_prefix("param.") {
                    p.bindings.push(format!("{name}={v}"));
                }
            }
        }
    }
    p
}

/// The decoded `name=value` pairs of a query string.
pub fn url_pairs(raw: Option<&str>) -> Vec<(String, String)> {
    raw.map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect()).unwrap_or_default()
}

/// The first value of one query-string parameter.
pub fn url_param(raw: Option<&str>, name: &str) -> Option<String> {
    url_pairs(raw).into_iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

fn content_type(headers: &HeaderMap) -> String {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
        .unwrap_or_default()
}

/// GET /sparql?query=…
pub async fn query_get(State(state): State<Shared>, RawQuery(raw): RawQuery, headers: HeaderMap) -> Response {
    let p = params(url_pairs(raw.as_deref()).into_iter());
    if p.query.is_empty() {
        return super::pages::ui_or_help(&headers);
    }
    run_query(state, p, &headers).await.unwrap_or_else(IntoResponse::into_response)
}

/// POST /sparql with a form or a `application/sparql-query` body.
pub async fn query_post(State(state): State<Shared>, RawQuery(raw): RawQuery, headers: HeaderMap, body: Bytes) -> Response {
    let mut pairs = url_pairs(raw.as_deref());
    match content_type(&headers).as_str() {
        "application/x-www-form-urlencoded" => pairs.extend(form_urlencoded::parse(&body).into_owned()),
        "application/sparql-query" => match String::from_utf8(body.to_vec()) {
            Ok(text) => pairs.push(("query".into(), text)),
            Err(_) => return ApiError::new(StatusCode::BAD_REQUEST, "the query is not UTF-8").into_response(),
        },
        other => {
            return ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("unsupported Content-Type '{other}': send application/sparql-query or application/x-www-form-urlencoded"),
            )
            .into_response()
        }
    }
    run_query(state, params(pairs.into_iter()), &headers).await.unwrap_or_else(IntoResponse::into_response)
}

/// Whether a query returns a graph (CONSTRUCT, DESCRIBE) rather than solutions or a boolean.
fn returns_graph(query: &Query) -> bool {
    matches!(query, Query::Construct { .. } | Query::Describe { .. })
}

/// The media type to answer with, from `format=` (a name or a media type) or `Accept`.
fn negotiate(format: Option<&str>, accept: Option<&str>, graph: bool) -> Result<&'static str, ApiError> {
    let offered = if graph { GRAPH_TYPES } else { RESULTS_TYPES };
    if let Some(f) = format {
        let by_name = match (graph, f.to_ascii_lowercase().as_str()) {
            (false, "json") => Some("application/sparql-results+json"),
            (false, "xml") => Some("application/sparql-results+xml"),
            (false, "csv") => Some("text/csv"),
            (false, "tsv") => Some("text/tab-separated-values"),
            (true, "turtle" | "ttl") => Some("text/turtle"),
            (true, "ntriples" | "nt") => Some("application/n-triples"),
            (true, "nquads" | "nq") => Some("application/n-quads"),
            (true, "trig") => Some("application/trig"),
            (true, "rdfxml" | "xml") => Some("application/rdf+xml"),
            (true, "jsonld" | "json") => Some("application/ld+json"),
            _ => None,
        };
        return by_name.or_else(|| choose(Some(f), offered)).ok_or_else(|| {
            ApiError::new(StatusCode::NOT_ACCEPTABLE, format!("format '{f}' is not available for this query; offered: {}", offered.join(", ")))
        });
    }
    choose(accept, offered).ok_or_else(|| {
        ApiError::new(StatusCode::NOT_ACCEPTABLE, format!("none of the accepted types is available; offered: {}", offered.join(", ")))
    })
}

fn graph_names(iris: &[String], what: &str) -> Result<Vec<NamedNode>, ApiError> {
    iris.iter()
        .map(|i| NamedNode::new(i.as_str()).map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, format!("{what} '{i}' is not an IRI: {e}"))))
        .collect()
}

async fn run_query(state: Shared, p: Params, headers: &HeaderMap) -> Result<Response, ApiError> {
    let text = match p.query.as_slice() {
        [one] => one.clone(),
        [] => return Err(ApiError::new(StatusCode::BAD_REQUEST, "missing 'query' parameter")),
        _ => return Err(ApiError::new(StatusCode::BAD_REQUEST, "more than one 'query' parameter")),
    };
    let to_api = |e: NkkgError| match e {
        NkkgError::SparqlSyntax { rendered, .. } => ApiError::new(StatusCode::BAD_REQUEST, rendered),
        other => ApiError::new(StatusCode::BAD_REQUEST, other.to_string()),
    };
    let bindings = p.bindings.iter().map(|b| query::parse_param(b)).collect::<Result<Vec<_>, _>>().map_err(to_api)?;
    let parsed = query::bind(state.parse_query(&text).map_err(to_api)?, &bindings).map_err(to_api)?;
    let graph = returns_graph(&parsed);
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let media = negotiate(p.format.as_deref(), accept, graph)?;
    let defaults = graph_names(&p.default_graphs, "default-graph-uri")?;
    let named = graph_names(&p.named_graphs, "named-graph-uri")?;
    let admitted = state
        .admitted
        .clone()
        .try_acquire_owned()
        .map_err(|_| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "the server is busy with other queries; retry shortly"))?;
    // The time limit covers waiting for an evaluation slot and the evaluation itself.
    let started = std::time::Instant::now();
    let permit = match tokio::time::timeout(state.timeout, state.permits.clone().acquire_owned()).await {
        Ok(Ok(permit)) => permit,
        _ => return Err(timeout_error(state.timeout)),
    };
    let token = CancellationToken::new();
    let job_token = token.clone();
    let job_state = state.clone();
    let job = tokio::task::spawn_blocking(move || {
        let mut prepared = query::prepare(parsed, Some(job_token));
        if !defaults.is_empty() || !named.is_empty() {
            let dataset = prepared.dataset_mut();
            if !defaults.is_empty() {
                dataset.set_default_graph(defaults.into_iter().map(GraphName::from).collect());
            }
            if !named.is_empty() {
                dataset.set_available_named_graphs(named.into_iter().map(NamedOrBlankNode::from).collect());
            }
        }
        let results = prepared.on_store(job_state.store.store()).execute()?;
        serialize(results, media)
    });
    // The permit is released when this request ends, even if a cancelled evaluation is
    // still winding down on its blocking thread, so one runaway query cannot block others.
    let outcome = tokio::time::timeout(state.timeout.saturating_sub(started.elapsed()), job).await;
    drop(permit);
    drop(admitted);
    let body = match outcome {
        Err(_) => {
            token.cancel();
            return Err(timeout_error(state.timeout));
        }
        Ok(Err(join)) => return Err(ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("the query failed: {join}"))),
        Ok(Ok(Err(e))) => {
            if query::is_cancelled(&e) {
                return Err(timeout_error(state.timeout));
            }
            return Err(ApiError::new(StatusCode::BAD_REQUEST, format!("the query could not be evaluated: {e}")));
        }
        Ok(Ok(Ok(body))) => body,
    };
    Ok(typed(body, media))
}

fn timeout_error(limit: Duration) -> ApiError {
    ApiError::new(StatusCode::SERVICE_UNAVAILABLE, format!("the query was stopped after {} s; narrow it", limit.as_secs()))
}

/// A response with `Content-Type` and `Vary: Accept`.
pub fn typed(body: Vec<u8>, media: &str) -> Response {
    let content_type = if media.starts_with("text/") || media.ends_with("json") || media.ends_with("xml") {
        format!("{media}; charset=utf-8")
    } else {
        media.to_owned()
    };
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_str(&content_type).expect("valid media type"));
    h.insert(header::VARY, HeaderValue::from_static("Accept"));
    response
}

fn serialize(results: QueryResults<'_>, media: &str) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    match results {
        QueryResults::Graph(triples) => {
            let format = graph_format(media);
            let mut writer = rdf_serializer(format).for_writer(&mut out);
            for t in triples {
                writer.serialize_triple(&t?)?;
            }
            writer.finish()?;
        }
        QueryResults::Solutions(solutions) => {
            let format = results_format(media).results_format().expect("not a table");
            let mut writer = QueryResultsSerializer::from_format(format).serialize_solutions_to_writer(&mut out, solutions.variables().to_vec())?;
            for s in solutions {
                writer.serialize(&s?)?;
            }
            writer.finish()?;
        }
        QueryResults::Boolean(b) => {
            let format = results_format(media).results_format().expect("not a table");
            QueryResultsSerializer::from_format(format).serialize_boolean_to_writer(&mut out, b)?;
        }
    }
    Ok(out)
}

fn results_format(media: &str) -> ResultsFormat {
    match media {
        "application/sparql-results+xml" | "application/xml" => ResultsFormat::Xml,
        "text/csv" => ResultsFormat::Csv,
        "text/tab-separated-values" => ResultsFormat::Tsv,
        _ => ResultsFormat::Json,
    }
}

/// The RDF format for a negotiated media type (`text/plain` is N-Triples).
pub fn graph_format(media: &str) -> GraphFormat {
    if media == "text/plain" {
        return GraphFormat::NTriples;
    }
    GraphFormat::from_media_type(media).unwrap_or(GraphFormat::Turtle)
}

/// The offered RDF media types, for other handlers' negotiation.
pub fn graph_types() -> &'static [&'static str] {
    GRAPH_TYPES
}

/// Serializes quads (as triples for triple formats) in a negotiated media type.
pub fn serialize_quads(quads: &[Quad], media: &str) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    crate::export::write(quads, graph_format(media), &mut out)?;
    Ok(out)
}

/// POST /update — SPARQL 1.1 Update, only with `--allow-update` and the bearer token.
pub async fn update(State(state): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(expected) = state.update_token.clone() else {
        return ApiError::new(StatusCode::FORBIDDEN, "updates are disabled; start the server with --allow-update --token-file FILE --store DIR").into_response();
    };
    let given = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    if !given.is_some_and(|g| constant_time_eq(g.trim().as_bytes(), expected.as_bytes())) {
        let mut response = ApiError::new(StatusCode::UNAUTHORIZED, "a valid bearer token is required for updates").into_response();
        response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"nkkg\""));
        return response;
    }
    let text = match content_type(&headers).as_str() {
        "application/sparql-update" => String::from_utf8(body.to_vec()).ok(),
        "application/x-www-form-urlencoded" => form_urlencoded::parse(&body).into_owned().find(|(k, _)| k == "update").map(|(_, v)| v),
        other => {
            return ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, format!("unsupported Content-Type '{other}': send application/sparql-update or a form with 'update'")).into_response()
        }
    };
    let Some(text) = text else {
        return ApiError::new(StatusCode::BAD_REQUEST, "missing 'update'").into_response();
    };
    let job_state = state.clone();
    match tokio::task::spawn_blocking(move || crate::update::apply(&job_state.store, &text)).await {
        Ok(Ok(())) => StatusCode::NO_CONTENT.into_response(),
        Ok(Err(e)) => match e.downcast_ref::<NkkgError>() {
            Some(NkkgError::SparqlSyntax { rendered, .. }) => ApiError::new(StatusCode::BAD_REQUEST, rendered.clone()).into_response(),
            _ => ApiError::new(StatusCode::BAD_REQUEST, format!("the update failed: {e:#}")).into_response(),
        },
        Err(e) => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// GET /store?graph=IRI or /store?default — Graph Store Protocol, read side. The default
/// graph is the union of all graphs, as for queries.
pub async fn graph_store(State(state): State<Shared>, RawQuery(raw): RawQuery, headers: HeaderMap) -> Response {
    let pairs = url_pairs(raw.as_deref());
    let graph = pairs.iter().find(|(k, _)| k == "graph").map(|(_, v)| v.clone());
    let default = pairs.iter().any(|(k, _)| k == "default");
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let Some(media) = choose(accept, GRAPH_TYPES) else {
        return ApiError::new(StatusCode::NOT_ACCEPTABLE, format!("offered: {}", GRAPH_TYPES.join(", "))).into_response();
    };
    let quads: Vec<Quad> = match (graph, default) {
        (Some(g), false) => {
            let Ok(name) = NamedNode::new(g.as_str()) else {
                return ApiError::new(StatusCode::BAD_REQUEST, format!("graph '{g}' is not an IRI")).into_response();
            };
            if !state.store.store().contains_named_graph(&name).unwrap_or(false) {
                return ApiError::new(StatusCode::NOT_FOUND, format!("there is no graph <{g}>")).into_response();
            }
            state
                .store
                .store()
                .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(name.as_ref())))
                .filter_map(Result::ok)
                .map(|q| Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph))
                .collect()
        }
        (None, true) => state
            .store
            .store()
            .iter()
            .filter_map(Result::ok)
            .map(|q| Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph))
            .collect(),
        _ => return ApiError::new(StatusCode::BAD_REQUEST, "give exactly one of ?graph=IRI or ?default").into_response(),
    };
    let quads = crate::turtle::canonical_blank_nodes(quads);
    match serialize_quads(&quads, media) {
        Ok(body) => typed(body, media),
        Err(e) => ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}
