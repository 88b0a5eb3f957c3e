//! What every handler shares: the store, how IRIs map to paths and back, the evidence
//! texts, and the limits (used by `work::blocking`).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use oxigraph::model::NamedNode;
use tokio::sync::Semaphore;

use super::Options;
use crate::query::select;
use crate::store::GraphStore;

/// Shared server state.
pub struct AppState {
    /// The store queries run on.
    pub store: GraphStore,
    /// The IRI prefix served under `/`.
    pub base: String,
    /// Source document texts by document id (`doc003`), when `--sources` is given.
    pub sources: BTreeMap<String, String>,
    /// Per-query time limit.
    pub timeout: Duration,
    /// Permits for query evaluation: a few per core (four measured best on 2 cores), so
    /// that many connections do not make the evaluations fight over the cores.
    pub permits: Arc<Semaphore>,
    /// Permits for admitted queries, running or waiting; when none is left the server is
    /// overloaded and answers 503.
    pub admitted: Arc<Semaphore>,
    /// The bearer token for /update, when updates are enabled.
    pub update_token: Option<String>,
    /// Recently parsed queries by text: clients repeat the same queries (named queries,
    /// dashboards), and parsing is a measurable share of a fast query's time.
    parsed: std::sync::Mutex<std::collections::HashMap<String, spargebra::Query>>,
}

/// How many parsed queries are kept before the cache starts afresh.
const PARSED_CACHE_SIZE: usize = 256;

/// State handle given to handlers.
pub type Shared = Arc<AppState>;

impl AppState {
    /// Builds the state from the server's options, reading the token and the sources.
    pub fn new(store: GraphStore, args: &Options) -> anyhow::Result<Self> {
        let update_token = if args.allow_update {
            if !store.is_persistent() {
                anyhow::bail!("--allow-update needs a persistent store: pass --store DIR");
            }
            let path = args.token_file.as_deref().context("--allow-update needs --token-file")?;
            let token = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
            let token = token.trim().to_owned();
            if token.len() < 16 {
                anyhow::bail!("the token in {} is shorter than 16 characters; use a long random token", path.display());
            }
            Some(token)
        } else {
            None
        };
        let sources = match &args.sources {
            Some(dir) => read_sources(&store, dir)?,
            None => BTreeMap::new(),
        };
        Ok(Self {
            store,
            base: args.base.clone(),
            sources,
            timeout: Duration::from_secs(args.timeout),
            permits: Arc::new(Semaphore::new(match args.max_concurrent {
                0 => 4 * std::thread::available_parallelism().map_or(2, |n| n.get()),
                n => n,
            })),
            admitted: Arc::new(Semaphore::new(args.max_queued.max(1))),
            update_token,
            parsed: std::sync::Mutex::new(std::collections::HashMap::new()),
        })
    }

    /// Parses a query with the project's prefixes, reusing an earlier parse of the same text.
    pub fn parse_query(&self, text: &str) -> Result<spargebra::Query, crate::error::NkkgError> {
        if let Some(q) = self.parsed.lock().ok().and_then(|c| c.get(text).cloned()) {
            return Ok(q);
        }
        let query = crate::query::parse(text)?;
        if let Ok(mut cache) = self.parsed.lock() {
            if cache.len() >= PARSED_CACHE_SIZE {
                cache.clear();
            }
            cache.insert(text.to_owned(), query.clone());
        }
        Ok(query)
    }

    /// The local path serving an IRI under the base, or `None` for foreign IRIs. The
    /// characters that would end or change a path (`%`, `?`, `#`) are percent-encoded,
    /// so that [`AppState::iri_of_path`] gives the IRI back.
    pub fn local_path(&self, iri: &str) -> Option<String> {
        let rest = iri.strip_prefix(&self.base)?;
        Some(format!("/{}", rest.replace('%', "%25").replace('?', "%3F").replace('#', "%23")))
    }

    /// The IRI a request path (as received, percent-encoded) stands for: the base
    /// followed by the decoded path. `None` when the path does not decode or the result
    /// is not an IRI.
    pub fn iri_of_path(&self, path: &str) -> Option<NamedNode> {
        let decoded = super::http::percent_decode(path.strip_prefix('/').unwrap_or(path))?;
        NamedNode::new(format!("{}{decoded}", self.base)).ok()
    }

    /// Where a link to `iri` should point: its local page, or the IRI itself.
    pub fn link(&self, iri: &str) -> String {
        self.local_path(iri).unwrap_or_else(|| iri.to_owned())
    }

    /// The text of a span of a source document, when the sources were given.
    pub fn span_text(&self, document: &str, start: i64, end: i64) -> Option<String> {
        let text = self.sources.get(document)?;
        let (start, end) = (usize::try_from(start).ok()?, usize::try_from(end).ok()?);
        Some(text.chars().skip(start).take(end.saturating_sub(start)).collect())
    }
}

/// Reads the source documents named in the graph from `dir`, keyed by document id (the
/// local name of the document's IRI, as citations show it).
fn read_sources(store: &GraphStore, dir: &Path) -> anyhow::Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    for row in select(store, "SELECT ?d ?f WHERE { ?d a nk:SourceDocument ; nk:fileName ?f }", &[])? {
        use crate::explore::terms::{literal, local_name, named};
        let (Some(document), Some(file)) = (named(row.get("d")), literal(row.get("f"))) else { continue };
        if let Ok(text) = std::fs::read_to_string(dir.join(file.value())) {
            out.insert(local_name(&document).to_owned(), text);
        }
    }
    if out.is_empty() {
        anyhow::bail!("--sources {}: none of the source documents is there", dir.display());
    }
    Ok(out)
}
