//! `nkkg serve`: an HTTP server over the same store as the command line — the SPARQL 1.1
//! Protocol (query, update), the Graph Store Protocol read side, linked-data pages for
//! every entity, the ontology reference, a network picture and a small web UI.
//!
//! Router here; handlers in `sparql.rs` (protocol) and `pages.rs` (pages, APIs), which
//! share `http.rs` (formats, negotiation, parameters), `error.rs` (the error answer) and
//! `work.rs` (store work under the limits); shared state in `state.rs`; static assets
//! in `ui.rs`.

pub mod error;
pub mod http;
pub mod pages;
pub mod sparql;
pub mod state;
pub mod ui;
pub mod work;

use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{Method, StatusCode, Uri};
use axum::routing::{get, post};
use axum::Router;
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
        .route("/health", get(|| async { "ok\n" }))
        .route("/sparql", get(sparql::query_get).post(sparql::query_post))
        .route("/update", post(sparql::update))
        .route("/store", get(sparql::graph_store))
        .route("/ontology", get(pages::ontology))
        .route("/network", get(pages::network_page))
        .route("/network.svg", get(pages::network_svg))
        .route("/api/queries", get(pages::queries_api))
        .route("/api/search", get(pages::search_api))
        .method_not_allowed_fallback(method_not_allowed)
        .fallback(get(pages::resource).fallback(method_not_allowed))
        .with_state(state)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(CompressionLayer::new().gzip(true))
        .layer(CorsLayer::new().allow_methods([Method::GET, Method::POST]).allow_origin(Any).allow_headers(Any))
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, timeout + Duration::from_secs(5)))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
}

/// The answer to a method a path does not take; axum adds the `Allow` header.
async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::method_not_allowed(format!("{method} is not allowed on {}; the Allow header lists the methods it takes", uri.path()))
}

/// Runs the server until interrupted (Ctrl-C). Prints the address it listens on.
pub fn run(store: GraphStore, args: &Options) -> anyhow::Result<()> {
    let state = Arc::new(AppState::new(store, args)?);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.bind).await.map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", args.bind))?;
        let address = listener.local_addr()?;
        println!("nkkg listening on http://{address}/ (SPARQL endpoint: http://{address}/sparql)");
        let app = router(state, args.max_body, Duration::from_secs(args.timeout));
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await?;
        Ok(())
    })
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
    /// Whether SPARQL 1.1 Update is enabled at /update (needs a persistent store and
    /// `token_file`).
    pub allow_update: bool,
    /// The file holding the bearer token that /update requests must present.
    pub token_file: Option<std::path::PathBuf>,
}

impl Default for Options {
    /// Localhost port 7878, base `https://w3id.org/nkkg/`, no sources, 10 s per query,
    /// four evaluations per core, 256 admitted queries, 1 MiB bodies, no updates.
    fn default() -> Self {
        Self {
            bind: std::net::SocketAddr::from(([127, 0, 0, 1], 7878)),
            base: "https://w3id.org/nkkg/".to_owned(),
            sources: None,
            timeout: 10,
            max_concurrent: 0,
            max_queued: 256,
            max_body: 1 << 20,
            allow_update: false,
            token_file: None,
        }
    }
}
