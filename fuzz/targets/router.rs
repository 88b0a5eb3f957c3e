//! The `router` target: arbitrary HTTP requests sent to the server's router in process
//! (`tower::ServiceExt::oneshot`, as `tests/it/router.rs` does), over the bundled graph
//! with a 1 s query timeout. An input is a request in HTTP/1.1 form: `METHOD TARGET`, then
//! `Name: value` header lines, an empty line and the body. Oracles: no panic, no 5xx other
//! than the designed 503, `X-Content-Type-Options: nosniff` on every response, and no
//! control characters in a plain-text error.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Method, Request, Uri};
use nkkg::server::state::AppState;
use nkkg::server::Options;
use nkkg::store::GraphStore;
use tower::ServiceExt;

use super::{assert_printable, outcome, Target};

/// The largest response body read back, in bytes.
const MAX_RESPONSE: usize = 64 << 20;

/// Methods, routes, parameters, headers and media types.
pub const DICTIONARY: &[&str] = &[
    "GET ", "POST ", "HEAD ", "PUT ", "OPTIONS ", "DELETE ", "/sparql", "/update", "/store", "/ontology", "/network",
    "/network.svg", "/api/queries", "/api/search", "/id/Armenia", "/id/", "/vocab/", "/assets/app.js", "/health", "/",
    "?query=", "?q=", "&format=", "&graph=", "?default", "&named-graph-uri=", "&default-graph-uri=", "?name=", "&limit=",
    "%7B", "%20", "%00", "%FF", "%C3%A9", "%", "+", "&", "=", "#", "SELECT+*+WHERE+%7B%3Fs+%3Fp+%3Fo%7D", "ASK{}",
    "CONSTRUCT+WHERE+%7B%3Fs+%3Fp+%3Fo%7D", "\nAccept: ", "text/turtle", "application/rdf+xml", "application/n-quads",
    "application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/html", "*/*", ";q=0.5", ",",
    "\nContent-Type: ", "application/sparql-query", "application/x-www-form-urlencoded", "application/sparql-update",
    "\nAuthorization: Bearer ", "\nAccept-Encoding: gzip", "\nContent-Length: 5", "\nOrigin: http://x", "\n\n",
    "query=SELECT+*+WHERE+%7B%3Fs+%3Fp+%3Fo%7D+LIMIT+3", "update=INSERT+DATA+%7B%7D", "json", "turtle", "xml", "rdfxml",
];

/// The `router` target: a runtime and the router over the bundled graph.
pub struct Router {
    runtime: tokio::runtime::Runtime,
    app: axum::Router,
}

impl Router {
    /// Builds the router as `nkkg serve` would, read-only, with a 1 s timeout.
    pub fn new() -> Self {
        let options = Options { timeout: 1, max_concurrent: 2, max_queued: 8, ..Options::default() };
        let state = Arc::new(AppState::new(GraphStore::bundled().expect("the bundled graph loads"), &options).expect("the state builds"));
        let app = nkkg::server::router(state, options.max_body, Duration::from_secs(options.timeout));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_stack_size(nkkg::sparql_limits::STACK_SIZE)
            .enable_all()
            .build()
            .expect("a runtime");
        Self { runtime, app }
    }
}

/// Splits an input into the request's line, its header lines and its body.
fn request(input: &[u8]) -> Result<Request<Body>, &'static str> {
    let (head, body) = match input.windows(2).position(|w| w == b"\n\n") {
        Some(at) => (&input[..at], &input[at + 2..]),
        None => (input, &b""[..]),
    };
    let mut lines = head.split(|b| *b == b'\n');
    let first = lines.next().unwrap_or_default();
    let (method, target) = match first.iter().position(|b| *b == b' ') {
        Some(at) => (&first[..at], &first[at + 1..]),
        None => (&b"GET"[..], first),
    };
    let method = Method::from_bytes(method).map_err(|_| "method")?;
    let uri = Uri::try_from(target).map_err(|_| "uri")?;
    let mut builder = Request::builder().method(method).uri(uri);
    for line in lines {
        let Some(colon) = line.iter().position(|b| *b == b':') else { continue };
        let value = line[colon + 1..].strip_prefix(b" ").unwrap_or(&line[colon + 1..]);
        if let (Ok(name), Ok(value)) = (HeaderName::from_bytes(&line[..colon]), HeaderValue::from_bytes(value)) {
            builder = builder.header(name, value);
        }
    }
    builder.body(Body::from(body.to_vec())).map_err(|_| "request")
}

impl Target for Router {
    fn run(&mut self, input: &[u8]) -> String {
        let request = match request(input) {
            Ok(request) => request,
            Err(what) => return format!("unsendable {what}"),
        };
        let path = request.uri().path().split('/').nth(1).unwrap_or_default().to_owned();
        let app = self.app.clone();
        let (status, headers, body) = self.runtime.block_on(async move {
            let response = app.oneshot(request).await.expect("the router is infallible");
            let (parts, body) = response.into_parts();
            // a streamed body ends with an error when its query runs out of time
            let body = axum::body::to_bytes(body, MAX_RESPONSE).await.map_err(|e| e.to_string());
            (parts.status, parts.headers, body)
        });
        let body = match body {
            Ok(body) => body,
            Err(e) => return outcome(&format!("{}:{path}:cut", status.as_u16()), &e),
        };
        let text = String::from_utf8_lossy(&body);
        assert!(
            !status.is_server_error() || status.as_u16() == 503,
            "{status} for {:?}: {}",
            String::from_utf8_lossy(input),
            text
        );
        assert_eq!(headers.get("x-content-type-options").map(|v| v.as_bytes()), Some(&b"nosniff"[..]), "no nosniff on a {status}");
        let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        let compressed = headers.contains_key("content-encoding");
        if status.is_client_error() && content_type.starts_with("text/plain") && !compressed {
            assert_printable(&format!("a {status} message"), &text);
        }
        outcome(&format!("{}:{path}:{content_type}", status.as_u16()), if status.is_success() { "" } else { &text })
    }
}
