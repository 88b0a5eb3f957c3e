//! The SPARQL endpoints: the SPARQL 1.1 Protocol query operation (§2.1) at `/sparql`,
//! the update operation (§2.2) at `/update` behind a bearer token, and the read side of
//! the SPARQL 1.1 Graph Store HTTP Protocol (§5.2, GET) at `/store`.
//!
//! Query answers and `/store` documents are streamed as they are serialized
//! (`work::streaming`), except a query's answer known to be quick and small, which is
//! evaluated on the connection's thread and sent whole (`work::answering`); what RDF/XML cannot hold is refused with 406 (`rdfxml`); an update is
//! applied in one transaction that a deadline abandons (`work::writing`).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode};
use oxigraph::sparql::{QueryEvaluationError, UpdateEvaluationError};
use spargebra::Query;

use super::error::ApiError;
use super::http::{accept, choose, content_type, form_pairs, negotiate, query_pairs, typed, Offers};
use super::state::Shared;
use super::work::{answering, streaming, timeout_error, writing, writing_error};
use crate::error::NkkgError;
use crate::formats::OutputFormat;
use crate::names::Named;
use crate::query;

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

/// Sorts the parameters of a query operation; others (clients send some) are ignored.
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

/// GET /sparql?query=…; without a query, the UI for browsers and a hint for others.
pub async fn query_get(State(state): State<Shared>, RawQuery(raw): RawQuery, headers: HeaderMap) -> Result<Response, ApiError> {
    let p = params(query_pairs(raw.as_deref())?.into_iter());
    if p.query.is_empty() {
        let accept = accept(&headers);
        if accept.is_some_and(|a| a.contains("text/html") && choose(Some(a), &["text/html"]).is_some()) {
            return Ok(super::ui::editor_page());
        }
        return Err(ApiError::bad_request("missing 'query' parameter (SPARQL 1.1 Protocol: GET /sparql?query=…)"));
    }
    run_query(state, p, &headers).await
}

/// POST /sparql with a form or a `application/sparql-query` body.
pub async fn query_post(
    State(state): State<Shared>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let mut pairs = query_pairs(raw.as_deref())?;
    match content_type(&headers).as_str() {
        "application/x-www-form-urlencoded" => pairs.extend(form_pairs(&body?, "the form")?),
        "application/sparql-query" => {
            let text = String::from_utf8(body?.to_vec()).map_err(|_| ApiError::bad_request("the query is not UTF-8"))?;
            pairs.push(("query".into(), text));
        }
        other => {
            return Err(ApiError::unsupported_media_type(format!(
                "unsupported Content-Type '{other}': send application/sparql-query or application/x-www-form-urlencoded"
            )))
        }
    }
    run_query(state, params(pairs.into_iter()), &headers).await
}

/// Whether a query returns a graph (CONSTRUCT, DESCRIBE) rather than solutions or a boolean.
fn returns_graph(query: &Query) -> bool {
    matches!(query, Query::Construct { .. } | Query::Describe { .. })
}

fn graph_names(iris: &[String], what: &str) -> Result<Vec<NamedNode>, ApiError> {
    iris.iter().map(|i| NamedNode::new(i.as_str()).map_err(|e| ApiError::bad_request(format!("{what} '{i}' is not an IRI: {e}")))).collect()
}

/// A parse or binding error of the request's query: a 400 with the caret under the spot.
fn request_error(e: NkkgError) -> ApiError {
    match e {
        NkkgError::SparqlSyntax { rendered, .. } => ApiError::bad_request(rendered),
        other => ApiError::bad_request(other.to_string()),
    }
}

/// An error while evaluating or writing the answer: the query's fault (400) unless the
/// store failed (500) or the deadline cancelled it (503).
fn evaluation_error(e: anyhow::Error, state: &super::state::AppState) -> ApiError {
    if let Some(io) = e.downcast_ref::<std::io::Error>() {
        // The streamed answer's writer failed: the deadline passed, or the client left.
        return writing_error(std::io::Error::new(io.kind(), io.to_string()), state.timeout);
    }
    if let Some(refusal) = e.downcast_ref::<crate::rdfxml::Refusal>() {
        // RDF/XML cannot hold this answer; nothing was sent yet when the check runs first
        return ApiError::not_acceptable(refusal.to_string());
    }
    if let Some(NkkgError::Endpoint(message)) = e.downcast_ref::<NkkgError>() {
        return ApiError::bad_gateway(message.clone());
    }
    match e.downcast_ref::<QueryEvaluationError>() {
        Some(QueryEvaluationError::Cancelled) => timeout_error(state.timeout),
        Some(QueryEvaluationError::Dataset(_) | QueryEvaluationError::Unexpected(_) | QueryEvaluationError::UnexpectedDefaultGraph) | None => {
            ApiError::internal(e)
        }
        Some(_) => ApiError::bad_request(format!("the query could not be evaluated: {e}")),
    }
}

async fn run_query(state: Shared, p: Params, headers: &HeaderMap) -> Result<Response, ApiError> {
    let text = match p.query.as_slice() {
        [one] => one.clone(),
        [] => return Err(ApiError::bad_request("missing 'query' parameter")),
        _ => return Err(ApiError::bad_request("more than one 'query' parameter")),
    };
    let bindings = p.bindings.iter().map(|b| query::parse_param(b)).collect::<Result<Vec<_>, _>>().map_err(request_error)?;
    // Parsing checks the nesting first and runs on a thread whose stack holds any text
    // within the limits (`sparql_limits`); the runtime's threads have that stack too.
    let (parsed, record) = state.parse_query(&text).map_err(request_error)?;
    let parsed = query::bind(parsed, &bindings).map_err(request_error)?;
    let offers = if returns_graph(&parsed) { Offers::Graph } else { Offers::Results };
    let answer = negotiate(offers, p.format.as_deref(), accept(headers))?;
    let output = answer.format.output().expect("a query answer is never HTML");
    let defaults = graph_names(&p.default_graphs, "default-graph-uri")?;
    let named = graph_names(&p.named_graphs, "named-graph-uri")?;
    // The record of the text's last answer, for an answer in the same format, decides
    // whether this one is evaluated on the connection's thread (`work::answering`): only
    // on a graph in memory (a remote one is a network round trip; on a `--store` the
    // fresh-clone benchmark measured inline evaluation at a third of Oxigraph's throughput
    // at 16 and 64 connections, against three quarters streamed, for reasons not yet
    // found) and for the text alone (bindings and a protocol dataset make another query
    // of the same text).
    let record = record
        .filter(|_| {
            state.store.endpoint().is_none()
                && !state.store.is_persistent()
                && bindings.is_empty()
                && defaults.is_empty()
                && named.is_empty()
        })
        .and_then(|record| Some((record, kind_of(output)?)));
    // The job runs a second time only when a first run on the connection's thread was
    // stopped (`work::answering`): then the query is taken again from the text.
    let mut first = Some(parsed);
    let body = answering(&state, record, move |state, token, out| {
        let parsed = match first.take() {
            Some(parsed) => parsed,
            None => query::bind(state.parse_query(&text).map_err(request_error)?.0, &bindings).map_err(request_error)?,
        };
        if state.store.endpoint().is_some() {
            // A remote store gets the protocol's dataset as FROM / FROM NAMED.
            let query = with_dataset(parsed, defaults.clone(), named.clone());
            return query::evaluate(&state.store, query, None)
                .and_then(|results| crate::results::write(query::watch(results, token), output, false, out))
                .map_err(|e| evaluation_error(e, state));
        }
        let mut prepared = query::prepare(parsed, Some(token.clone()));
        if !defaults.is_empty() || !named.is_empty() {
            let dataset = prepared.dataset_mut();
            if !defaults.is_empty() {
                dataset.set_default_graph(defaults.iter().cloned().map(GraphName::from).collect());
            }
            if !named.is_empty() {
                dataset.set_available_named_graphs(named.iter().cloned().map(NamedOrBlankNode::from).collect());
            }
        }
        query::run_prepared(&state.store, prepared)
            .map_err(anyhow::Error::from)
            .and_then(|results| crate::results::write(query::watch(results, token), output, false, out))
            .map_err(|e| evaluation_error(e, state))
    })
    .await?;
    Ok(typed(body, answer.media))
}

/// The kind of an answer for its record (`work::Record`): the output format's place in the
/// list of formats.
fn kind_of(output: OutputFormat) -> Option<u8> {
    OutputFormat::all().iter().position(|f| *f == output).and_then(|i| u8::try_from(i).ok())
}

/// The query with the protocol's `default-graph-uri` and `named-graph-uri` as its dataset
/// (they replace the query's own FROM and FROM NAMED, SPARQL 1.1 Protocol §2.1.4).
fn with_dataset(mut query: spargebra::Query, defaults: Vec<NamedNode>, named: Vec<NamedNode>) -> spargebra::Query {
    if defaults.is_empty() && named.is_empty() {
        return query;
    }
    let dataset = match &mut query {
        spargebra::Query::Select { dataset, .. }
        | spargebra::Query::Construct { dataset, .. }
        | spargebra::Query::Describe { dataset, .. }
        | spargebra::Query::Ask { dataset, .. } => dataset,
    };
    let mut new = dataset.take().unwrap_or(spargebra::algebra::QueryDataset { default: Vec::new(), named: None });
    if !defaults.is_empty() {
        new.default = defaults;
    }
    if !named.is_empty() {
        new.named = Some(named);
    }
    *dataset = Some(new);
    query
}

/// POST /update — SPARQL 1.1 Update, only with `--allow-update` and the bearer token.
pub async fn update(State(state): State<Shared>, headers: HeaderMap, body: Result<Bytes, BytesRejection>) -> Result<Response, ApiError> {
    let Some(expected) = state.update_token.as_deref() else {
        return Err(ApiError::forbidden("updates are disabled; start the server with --allow-update --token-file FILE --store DIR"));
    };
    let given = headers.get(axum::http::header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(bearer_token);
    if !given.is_some_and(|g| constant_time_eq(g.as_bytes(), expected.as_bytes())) {
        return Err(ApiError::unauthorized("a valid bearer token is required for updates"));
    }
    let text = match content_type(&headers).as_str() {
        "application/sparql-update" => String::from_utf8(body?.to_vec()).map_err(|_| ApiError::bad_request("the update is not UTF-8"))?,
        "application/x-www-form-urlencoded" => form_pairs(&body?, "the form")?
            .into_iter()
            .find(|(k, _)| k == "update")
            .map(|(_, v)| v)
            .ok_or_else(|| ApiError::bad_request("missing 'update' field in the form"))?,
        other => {
            return Err(ApiError::unsupported_media_type(format!(
                "unsupported Content-Type '{other}': send application/sparql-update or a form with 'update'"
            )))
        }
    };
    writing(&state, move |state, gate| crate::update::apply_within(&state.store, &text, gate).map_err(update_error)).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// An update's error: the request's fault (400, with the caret for a syntax error)
/// unless the store failed (500).
fn update_error(e: anyhow::Error) -> ApiError {
    if let Some(e) = e.downcast_ref::<NkkgError>() {
        return match e {
            NkkgError::SparqlSyntax { rendered, .. } => ApiError::bad_request(rendered.clone()),
            NkkgError::Endpoint(message) => ApiError::bad_gateway(message.clone()),
            other => ApiError::bad_request(other.to_string()),
        };
    }
    match e.downcast_ref::<UpdateEvaluationError>() {
        Some(UpdateEvaluationError::Storage(_) | UpdateEvaluationError::Unexpected(_)) | None => ApiError::internal(e),
        Some(_) => ApiError::bad_request(format!("the update failed: {e:#}")),
    }
}

/// The token of an `Authorization: Bearer TOKEN` header (RFC 6750 §2.1). The scheme's
/// name is case-insensitive (RFC 9110 §11.1) and separated from the token by spaces.
pub(crate) fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once([' ', '\t'])?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// GET /store?graph=IRI or /store?default — Graph Store Protocol, read side. The default
/// graph is the union of all graphs, as for queries.
pub async fn graph_store(State(state): State<Shared>, RawQuery(raw): RawQuery, headers: HeaderMap) -> Result<Response, ApiError> {
    let pairs = query_pairs(raw.as_deref())?;
    let graph = pairs.iter().find(|(k, _)| k == "graph").map(|(_, v)| v.clone());
    let default = pairs.iter().any(|(k, _)| k == "default");
    let format = pairs.iter().find(|(k, _)| k == "format").map(|(_, v)| v.as_str());
    let answer = negotiate(Offers::Graph, format, accept(&headers))?;
    let super::http::Format::Graph(format) = answer.format else { unreachable!("graph offers are RDF formats") };
    let graph = match (graph, default) {
        (Some(g), false) => Some(NamedNode::new(g.as_str()).map_err(|e| ApiError::bad_request(format!("graph '{g}' is not an IRI: {e}")))?),
        (None, true) => None,
        _ => return Err(ApiError::bad_request("give exactly one of ?graph=IRI or ?default")),
    };
    // Streamed: the quads are collected (the Turtle and TriG writers lay out the whole
    // graph), but the document is sent as it is written, never held whole.
    let body = streaming(&state, move |state, _, out| {
        if let Some(name) = &graph {
            if !state.store.contains_named_graph(name)? {
                return Err(ApiError::not_found(format!("there is no graph {}", name.as_str())));
            }
        }
        let quads = crate::export::collect_in_default_graph(&state.store, graph.as_ref())?;
        // What the format cannot hold is refused before anything is written: 406.
        crate::export::check(&quads, format).map_err(|e| ApiError::not_acceptable(e.to_string()))?;
        crate::export::write(&quads, format, out).map_err(|e| evaluation_error(e, state))
    })
    .await?;
    Ok(typed(body, answer.media))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bearer_scheme_is_read_in_any_case() {
        for header in ["Bearer abc", "bearer abc", "BEARER  abc ", "BeArEr\tabc"] {
            assert_eq!(bearer_token(header), Some("abc"), "{header}");
        }
        for header in ["Basic abc", "Bearer", "Bearer ", "Bearerabc", "abc"] {
            assert_eq!(bearer_token(header), None, "{header}");
        }
    }
}
