//! `nkkg serve`: an HTTP server over the same store as the command line — the SPARQL 1.1
//! Protocol (query, update), the Graph Store Protocol read side, linked-data pages for
//! every entity, the ontology reference, a network picture and a small web UI.
//!
//! Router and connection handling here; handlers in `sparql.rs` (protocol), `pages.rs`
//! (pages, APIs) and `views.rs` (the network, map and timeline views), which share
//! `layout.rs` (the page layout), `http.rs` (formats, negotiation, parameters), `error.rs`
//! (the error answer) and `work.rs` (store work under the limits, its deadlines in
//! `alarms.rs`); shared state in `state.rs`; static assets in `ui.rs`; the review page and
//! its API in `review.rs`.
//!
//! Every response carries a Content-Security-Policy (CSP Level 3: same-origin content
//! only, no framing), `X-Content-Type-Options: nosniff` and `X-Frame-Options: DENY`. The
//! serve loop speaks HTTP/1.1 (hyper) with a time limit on reading a request's head,
//! which also closes idle kept-alive connections, and at most `--max-connections` open
//! connections; further ones wait in the listen queue until one closes.

pub mod alarms;
pub mod error;
pub mod http;
pub mod layout;
pub mod pages;
pub mod review;
pub mod sparql;
pub mod state;
pub mod ui;
pub mod views;
pub mod work;

use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::sync::{watch, Semaphore};
use tower_http::compression::CompressionLayer;
use tower_http::cors::{Any, CorsLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::store::GraphStore;
use error::ApiError;
use state::{AppState, Shared};

/// The application's routes and middleware.
pub fn router(state: Shared, max_body: usize, timeout: Duration) -> Router {
    Router::new()
        .route("/", get(ui::index))
        .route("/assets/app.js", get(ui::script))
        .route("/assets/style.css", get(ui::style))
        .route("/assets/editor-views.js", get(ui::editor_views))
        .route("/api/prefixes", get(ui::prefixes))
        .route("/assets/vendor/{*path}", get(ui::vendor))
        .route("/health", get(|| async { "ok\n" }))
        .route("/sparql", get(sparql::query_get).post(sparql::query_post))
        .route("/update", post(sparql::update))
        .route("/store", get(sparql::graph_store))
        .route("/ontology", get(pages::ontology))
        .route("/network", get(views::network_page))
        .route("/map", get(views::map_page))
        .route("/timeline", get(views::timeline_page))
        .route("/assets/views/{file}", get(views::asset))
        .route("/api/evidence", get(views::evidence_api))
        .route("/network.svg", get(pages::network_svg))
        .route("/api/queries", get(pages::queries_api))
        .route("/api/search", get(pages::search_api))
        .route("/review", get(review::page))
        .route("/assets/review.js", get(review::script))
        .route("/api/review/pending", get(review::pending))
        .route("/api/review/decide", post(review::decide))
        .method_not_allowed_fallback(method_not_allowed)
        .fallback(get(pages::resource).fallback(method_not_allowed))
        .with_state(state)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(CompressionLayer::new().gzip(true))
        .layer(CorsLayer::new().allow_methods([Method::GET, Method::POST]).allow_origin(Any).allow_headers(Any))
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, timeout + Duration::from_secs(5)))
        .layer(axum::middleware::map_response(security_headers))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
}

/// The Content-Security-Policy of every response: scripts, styles, pictures and requests
/// from this server only, no inline script, no `<base>`, forms posted here only, and no
/// framing by any page.
pub const CSP: &str = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The policy of the query editor (`/`, and `/sparql` opened in a browser): [`CSP`] plus two
/// `<style>` elements allowed by their hashes — the one YASGUI's table column resizer
/// inserts and the one cytoscape inserts for its container, both fixed texts. No other
/// inline style and no inline or foreign script. A new vendored version that changes either
/// text makes the browser test (tests/browser/editor.test.mjs) fail on the console's CSP
/// error, which names the new hash.
pub const CSP_EDITOR: &str = "default-src 'self'; style-src 'self' 'sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk=' \
                              'sha256-pgvDUBa4IjFA2yuSJ2cqcyxmNYJMborsd0ORcRv9vw8='; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The policy of `/network.svg`, which the network page (same origin) shows in an
/// `<object>`: the same, but framing by this server's own pages is allowed.
pub const CSP_FRAMED_BY_SELF: &str = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

/// Adds the security headers to a response: the CSP and `X-Frame-Options` unless the
/// handler set its own, and `X-Content-Type-Options: nosniff` always.
async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.entry(header::CONTENT_SECURITY_POLICY).or_insert(HeaderValue::from_static(CSP));
    headers.entry(header::X_FRAME_OPTIONS).or_insert(HeaderValue::from_static("DENY"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

/// The answer to a method a path does not take; axum adds the `Allow` header.
async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::method_not_allowed(format!("{method} is not allowed on {}; the Allow header lists the methods it takes", uri.path()))
}

/// Runs the server until interrupted (Ctrl-C). Prints the address it listens on. Its
/// threads have stacks of `sparql_limits::STACK_SIZE`, which parsing and evaluating any
/// SPARQL within the limits needs.
pub fn run(store: GraphStore, args: &Options) -> anyhow::Result<()> {
    let state = Arc::new(AppState::new(store, args)?);
    release_free_memory();
    // Answers free what they allocated, but malloc keeps the pages: trimming once a second
    // brings the server back to its size after load (issue 16: at most 64 MB resident).
    let _ = std::thread::Builder::new().name("nkkg-trim".to_owned()).spawn(|| loop {
        std::thread::sleep(Duration::from_secs(1));
        release_free_memory();
    });
    // At least two async threads, even on one core: a quick query evaluated on one of them
    // (`work::answering`) must leave another to serve the other connections meanwhile.
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).max(2);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .thread_stack_size(crate::sparql_limits::STACK_SIZE)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.bind).await.map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", args.bind))?;
        let address = listener.local_addr()?;
        println!("nkkg listening on http://{address}/ (SPARQL endpoint: http://{address}/sparql)");
        let app = router(state, args.max_body, Duration::from_secs(args.timeout));
        serve(listener, app, args.max_connections.max(1), Duration::from_secs(args.header_timeout.max(1)), async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await;
        Ok(())
    })
}

/// Hands back to the system the heap memory that is free (glibc keeps freed memory for
/// reuse: a long-running server would hold its peak for good). It takes each malloc arena's
/// lock for a walk over its free chunks, well under a millisecond on the bundled graph.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn release_free_memory() {
    // SAFETY: malloc_trim only returns unused pages of malloc's heaps to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn release_free_memory() {}

/// Accepts connections and serves `app` on each (HTTP/1.1) until `shutdown` completes: at
/// most `max_connections` at once (the others wait in the listen queue), each closed when
/// a request's head — or the next request on a kept-alive connection — has not arrived
/// within `header_timeout`. On shutdown, stops accepting, lets the requests in progress
/// finish and closes idle connections, waiting at most 10 s.
pub async fn serve(listener: tokio::net::TcpListener, app: Router, max_connections: usize, header_timeout: Duration, shutdown: impl std::future::Future<Output = ()>) {
    let slots = Arc::new(Semaphore::new(max_connections));
    let (stop, stopped) = watch::channel(());
    let mut shutdown = pin!(shutdown);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot.expect("the connection slots are never closed"),
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    // Answers go out in several writes (headers, streamed chunks): without
                    // TCP_NODELAY, Nagle's algorithm and delayed ACKs add ~40 ms to each.
                    if let Err(e) = stream.set_nodelay(true) {
                        tracing::debug!("cannot set TCP_NODELAY: {e}");
                    }
                    stream
                }
                Err(e) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    tracing::warn!("cannot accept a connection: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = TowerToHyperService::new(app.clone());
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            let _slot = slot;
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder.timer(TokioTimer::new()).header_read_timeout(header_timeout);
            let mut connection = pin!(builder.serve_connection(TokioIo::new(stream), service));
            tokio::select! {
                result = connection.as_mut() => {
                    if let Err(e) = result {
                        tracing::debug!("connection closed: {e}");
                    }
                }
                _ = stopped.changed() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
        });
    }
    drop(stop);
    let all = u32::try_from(max_connections).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(Duration::from_secs(10), slots.acquire_many(all)).await;
}

/// How `nkkg serve` listens, what it serves and its limits.
#[derive(Clone, Debug)]
pub struct Options {
    /// The address and port to listen on (port 0 picks a free port).
    pub bind: std::net::SocketAddr,
    /// The IRI prefix served under `/`: an entity `<BASE>id/Turkey` is at `/id/Turkey`.
    pub base: String,
    /// The folder of the source documents, to show the text of evidence spans on pages.
    pub sources: Option<std::path::PathBuf>,
    /// The time limit of a query, in seconds (503 after it).
    pub timeout: u64,
    /// Queries evaluated at once; 0 means four per core. Others wait their turn.
    pub max_concurrent: usize,
    /// Queries admitted at once, running or waiting; beyond this requests get 503 at once.
    pub max_queued: usize,
    /// The largest request body accepted, in bytes (413 beyond).
    pub max_body: usize,
    /// Connections open at once; further ones wait in the listen queue.
    pub max_connections: usize,
    /// Seconds a client has to send a request's head (the request line and headers), and
    /// that a kept-alive connection may stay idle, before the server closes it.
    pub header_timeout: u64,
    /// Whether SPARQL 1.1 Update is enabled at /update (needs a persistent store and
    /// `token_file`).
    pub allow_update: bool,
    /// The file holding the bearer token that /update requests must present.
    pub token_file: Option<std::path::PathBuf>,
}

impl Default for Options {
    /// Localhost port 7878, base `https://w3id.org/nkkg/`, no sources, 10 s per query,
    /// four evaluations per core, 256 admitted queries, 1 MiB bodies, 512 connections,
    /// 10 s to send a request's head, no updates.
    fn default() -> Self {
        Self {
            bind: std::net::SocketAddr::from(([127, 0, 0, 1], 7878)),
            base: "https://w3id.org/nkkg/".to_owned(),
            sources: None,
            timeout: 10,
            max_concurrent: 0,
            max_queued: 256,
            max_body: 1 << 20,
            max_connections: 512,
            header_timeout: 10,
            allow_update: false,
            token_file: None,
        }
    }
}
