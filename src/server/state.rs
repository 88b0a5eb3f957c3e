//! What every handler shares: the store, how IRIs map to paths and back, the evidence
//! texts, the limits (used by `work`), and the cache of parsed queries, which also keeps
//! how each query's last answer went ([`Record`]).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use lru::LruCache;
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
    /// The `--sources` folder, where the review page looks for ingested files whose
    /// recorded path is gone.
    pub sources_dir: Option<std::path::PathBuf>,
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
    /// dashboards), and parsing is a measurable share of a fast query's time. Each keeps
    /// the record of its last answer, which decides where the next is evaluated.
    parsed: Mutex<ParsedCache>,
}

/// The most query text the parse cache holds, in bytes, all entries together. A parsed
/// query takes several times its text in memory (about 8 times for ordinary queries, up
/// to about 30 times for long `VALUES` lists), so the cache stays well under 150 MB
/// whatever clients send; the named queries take a few kB each.
pub const PARSED_CACHE_BYTES: usize = 4 << 20;

/// Queries longer than this (in bytes of text) are parsed every time, never cached: they
/// are rare, and one would push out hundreds of ordinary ones.
pub const PARSED_CACHE_MAX_QUERY: usize = 64 << 10;

/// Parsed queries by text, the least recently used dropped first once the texts add up to
/// more than [`PARSED_CACHE_BYTES`]. The `lru` crate gives the recency order (a hash map
/// over a linked list, O(1) per use, no dependencies of its own without its default
/// features); this type adds the bound by bytes, which `lru` (bounded by count) lacks.
struct ParsedCache {
    entries: LruCache<String, (spargebra::Query, Arc<Record>)>,
    bytes: usize,
}

impl ParsedCache {
    fn new() -> Self {
        Self { entries: LruCache::unbounded(), bytes: 0 }
    }

    fn get(&mut self, text: &str) -> Option<(spargebra::Query, Arc<Record>)> {
        self.entries.get(text).map(|(query, record)| (query.clone(), record.clone()))
    }

    /// Keeps `query`, parsed from `text`, with a new record; `None` when the text is too
    /// long to keep.
    fn insert(&mut self, text: &str, query: &spargebra::Query) -> Option<Arc<Record>> {
        if text.len() > PARSED_CACHE_MAX_QUERY {
            return None;
        }
        let record = Arc::new(Record::default());
        if self.entries.put(text.to_owned(), (query.clone(), record.clone())).is_some() {
            return Some(record);
        }
        self.bytes += text.len();
        while self.bytes > PARSED_CACHE_BYTES {
            match self.entries.pop_lru() {
                Some((old, _)) => self.bytes -= old.len(),
                None => break,
            }
        }
        Some(record)
    }
}

/// How the last answer to one request went: whether the next may be evaluated on the
/// connection's thread (`work::answering`). Kept with the parsed query; `kind`
/// tells the answers to one text apart (the format they are written in): the record holds
/// the last kind answered, and a request of another kind counts as not quick until it has
/// been answered once.
#[derive(Debug, Default)]
pub struct Record(AtomicU16);

impl Record {
    /// Whether the last answer of `kind` was quick and small enough to be held whole (`work::HELD`).
    pub(super) fn quick(&self, kind: u8) -> bool {
        self.0.load(Ordering::Relaxed) == (u16::from(kind) << 1 | 1)
    }

    /// Notes how an answer of `kind` went.
    pub(super) fn note(&self, kind: u8, quick: bool) {
        self.0.store(u16::from(kind) << 1 | u16::from(quick), Ordering::Relaxed);
    }
}

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
            sources_dir: args.sources.clone(),
            timeout: Duration::from_secs(args.timeout),
            permits: Arc::new(Semaphore::new(match args.max_concurrent {
                0 => 4 * std::thread::available_parallelism().map_or(2, |n| n.get()),
                n => n,
            })),
            admitted: Arc::new(Semaphore::new(args.max_queued.max(1))),
            update_token,
            parsed: Mutex::new(ParsedCache::new()),
        })
    }

    /// Parses a query with the project's prefixes, reusing an earlier parse of the same
    /// text (see [`PARSED_CACHE_BYTES`] for what is kept), with the record of the text's
    /// last answer (none for a text too long to keep).
    pub fn parse_query(&self, text: &str) -> Result<(spargebra::Query, Option<Arc<Record>>), crate::error::NkkgError> {
        if let Some((query, record)) = self.parsed.lock().ok().and_then(|mut c| c.get(text)) {
            return Ok((query, Some(record)));
        }
        let query = crate::query::parse(text)?;
        let record = self.parsed.lock().ok().and_then(|mut cache| cache.insert(text, &query));
        Ok((query, record))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn query(text: &str) -> spargebra::Query {
        crate::query::parse(text).unwrap()
    }

    #[test]
    fn the_parse_cache_is_bounded_by_bytes_and_drops_the_least_recently_used() {
        let mut cache = ParsedCache::new();
        let parsed = query("ASK {}");
        // Texts of 16 KiB: 256 of them fill the 4 MiB.
        let text = |i: usize| format!("ASK {{}} # {i:05} {}", "x".repeat((16 << 10) - 16));
        for i in 0..256 {
            cache.insert(&text(i), &parsed);
        }
        assert_eq!(cache.entries.len(), 256);
        assert!(cache.get(&text(0)).is_some(), "0 is now the most recently used");
        cache.insert(&text(256), &parsed);
        assert!(cache.bytes <= PARSED_CACHE_BYTES);
        assert!(cache.get(&text(0)).is_some());
        assert!(cache.get(&text(1)).is_none(), "1 was the least recently used");
        cache.insert(&text(256), &parsed);
        assert_eq!(cache.bytes, cache.entries.iter().map(|(k, _)| k.len()).sum::<usize>(), "a repeated text is counted once");
        let long = format!("ASK {{}} # {}", "x".repeat(PARSED_CACHE_MAX_QUERY));
        cache.insert(&long, &parsed);
        assert!(cache.get(&long).is_none(), "over the size of one entry");
    }
}
