//! The store every command works on: an in-memory Oxigraph store holding the bundled
//! graph, or a persistent (RocksDB) store chosen with `--store DIR`.
//!
//! Each bundled file lives in its own named graph, `https://w3id.org/nkkg/graph/<path>`
//! (for example `nkg:data/actors.ttl`); queries see the union of all graphs as their
//! default graph (SPARQL 1.1 Query §13.2 leaves the default graph to the service).
//!
//! Opening a persistent store removes the temporary files of a bulk load that was killed
//! before it finished (see [`remove_stale_bulk_files`]).

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use oxigraph::io::{RdfParseError, RdfParser};
use oxigraph::model::{GraphName, NamedNode, Quad};
use oxigraph::store::{LoaderError, StorageError, Store};

use crate::bundle;
use crate::error::NkkgError;
use crate::formats::GraphFormat;
use crate::prefixes::NKG;

/// An Oxigraph store together with where it came from.
#[derive(Clone)]
pub struct GraphStore {
    store: Store,
    persistent: bool,
}

/// What `load` did: quads read, quads added, and time taken.
#[derive(Debug, Clone, Copy)]
pub struct LoadReport {
    /// Quads read from the inputs.
    pub read: u64,
    /// Quads that were not in the store before (the store's size grew by this much);
    /// `read - added` were already there, or repeated in the inputs.
    pub added: u64,
    /// Wall-clock seconds.
    pub seconds: f64,
}

impl LoadReport {
    /// Quads read that the store already held (or that the inputs repeated).
    pub fn duplicates(&self) -> u64 {
        self.read.saturating_sub(self.added)
    }
}

/// Why a bulk load stopped: its input failed, or it wrote into a bundled graph.
enum Stop {
    Load(LoaderError),
    Bundled(NamedNode),
}

impl From<StorageError> for Stop {
    fn from(e: StorageError) -> Self {
        Stop::Load(e.into())
    }
}

/// One input of `load`: a path (`-` for standard input) and its format.
#[derive(Debug, Clone)]
pub struct LoadInput {
    /// The file, or `-` for standard input.
    pub path: PathBuf,
    /// The format, from `--format` or the extension.
    pub format: GraphFormat,
}

impl GraphStore {
    /// A fresh in-memory store holding the bundled ontology and data.
    pub fn bundled() -> anyhow::Result<Self> {
        let store = Store::new()?;
        load_bundle(&store)?;
        Ok(Self { store, persistent: false })
    }

    /// Opens (creating if needed) a persistent store in `dir`. A new, empty store is
    /// seeded with the bundled graph so that every command works on it at once.
    pub fn open(dir: &Path) -> anyhow::Result<Self> {
        let store = Store::open(dir)
            .with_context(|| format!("cannot open the store in {}", dir.display()))?;
        remove_stale_bulk_files(dir);
        if store.is_empty()? {
            load_bundle(&store)?;
        }
        Ok(Self { store, persistent: true })
    }

    /// Wraps an existing in-memory store (used by tests and by ingestion).
    pub fn from_parts(store: Store) -> Self {
        Self { store, persistent: false }
    }

    /// The bundled in-memory store, or the persistent one in `dir` when given.
    pub fn from_option(dir: Option<&Path>) -> anyhow::Result<Self> {
        match dir {
            Some(dir) => Self::open(dir),
            None => Self::bundled(),
        }
    }

    /// The underlying Oxigraph store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Whether this is a `--store` directory (updates allowed) rather than the bundle.
    pub fn is_persistent(&self) -> bool {
        self.persistent
    }

    /// Loads files all-or-nothing: every file is parsed and added through one atomic
    /// bulk load, committed only when all of them parsed. A syntax error names the file,
    /// line and column, and leaves the store as it was.
    ///
    /// The bundled graphs (`nkg:ontology/…`, `nkg:data/…`) are the seed of every store,
    /// and their blank nodes (evidence, selectors, participations) get new labels in
    /// each parse: loading an export of them again would add a second copy of every
    /// blank node. So a load that puts any quad into a bundled graph is refused as a
    /// whole, with a sentence naming the graph; load such a file into a graph of its own
    /// with `graph`, or drop the bundled graph first (`DROP GRAPH`).
    ///
    /// The report counts quads read and quads added (the store's size before and after:
    /// `Store::len` scans the store, a second or so per ten million quads).
    pub fn load(&self, inputs: &[LoadInput], graph: Option<&NamedNode>) -> anyhow::Result<LoadReport> {
        let start = Instant::now();
        let before = self.store.len()? as u64;
        let bundled: Arc<HashSet<NamedNode>> =
            Arc::new(bundle::graph_files().map(|(path, _)| graph_name_for(path)).collect());
        let counter = Arc::new(AtomicU64::new(0));
        let progress = progress_bar();
        let mut loader = self.store.bulk_loader();
        for input in inputs {
            let name = input.path.display().to_string();
            progress.set_message(name.clone());
            let mut parser = RdfParser::from_format(input.format.rdf_format()).rename_blank_nodes();
            if let Some(graph) = graph {
                parser = parser.with_default_graph(graph.clone()).without_named_graphs();
            }
            let reader = open_input(&input.path)?;
            let counter = Arc::clone(&counter);
            let progress = progress.clone();
            let bundled = Arc::clone(&bundled);
            let quads = parser.for_reader(reader).map(move |q| {
                let q = q.map_err(|e| Stop::Load(e.into()))?;
                if let GraphName::NamedNode(g) = &q.graph_name {
                    if bundled.contains(g) {
                        return Err(Stop::Bundled(g.clone()));
                    }
                }
                let n = counter.fetch_add(1, Ordering::Relaxed) + 1;
                if n % 16384 == 0 {
                    progress.set_position(n);
                }
                Ok(q)
            });
            loader.load_ok_quads::<Stop, Stop>(quads).map_err(|stop| match stop {
                Stop::Load(e) => located_error(&name, e),
                Stop::Bundled(g) => NkkgError::Usage(format!(
                    "{name} puts triples into the bundled graph <{}>, which every store holds already; \
                     nothing was loaded. Load the file into a graph of its own with --graph IRI, or drop \
                     the bundled graph first with `nkkg update 'DROP GRAPH <{}>'`",
                    g.as_str(),
                    g.as_str()
                ))
                .into(),
            })?;
        }
        loader.commit()?;
        let read = counter.load(Ordering::Relaxed);
        progress.finish_and_clear();
        let added = (self.store.len()? as u64).saturating_sub(before);
        Ok(LoadReport { read, added, seconds: start.elapsed().as_secs_f64() })
    }

    /// Parses files into an in-memory list of quads, with the same error reporting as
    /// [`GraphStore::load`]; used to add files to the bundled graph for one command.
    pub fn add_files(&self, inputs: &[LoadInput]) -> anyhow::Result<()> {
        let mut quads = Vec::new();
        for input in inputs {
            let name = input.path.display().to_string();
            let graph = graph_name_for(&name);
            let parser = RdfParser::from_format(input.format.rdf_format())
                .rename_blank_nodes()
                .with_default_graph(graph);
            for quad in parser.for_reader(open_input(&input.path)?) {
                quads.push(quad.map_err(|e| located_error(&name, LoaderError::Parsing(e)))?);
            }
        }
        self.store.extend(quads)?;
        Ok(())
    }
}

/// The named graph that holds a bundled or added file: `https://w3id.org/nkkg/graph/<path>`.
pub fn graph_name_for(path: &str) -> NamedNode {
    NamedNode::new(format!("{NKG}{}", path.trim_start_matches("./")))
        .unwrap_or_else(|_| NamedNode::new_unchecked(format!("{NKG}file")))
}

/// Removes what a killed bulk load left in a store's folder and returns how many files
/// went. Oxigraph's bulk loader (`oxigraph::store::BulkLoader`, RocksDB storage) writes
/// each sorted table it builds as `bulk-<random u128 in decimal>.sst` directly in the
/// store's folder, and deletes it once RocksDB has ingested it or the load failed; a
/// process killed in between leaves it behind for good. RocksDB's own tables are named
/// `<number>.sst`, so only regular files named exactly `bulk-<digits>.sst` are removed.
/// Call it only with the store open read-write: RocksDB's lock then guarantees that no
/// other process is loading into the folder. A file that cannot be removed is reported
/// as a warning and does not stop the store from opening.
pub fn remove_stale_bulk_files(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_bulk = name
            .to_str()
            .and_then(|n| n.strip_prefix("bulk-"))
            .and_then(|n| n.strip_suffix(".sst"))
            .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()));
        if !is_bulk || !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        match std::fs::remove_file(entry.path()) {
            Ok(()) => removed += 1,
            Err(e) => tracing::warn!("cannot remove the stale bulk-load file {}: {e}", entry.path().display()),
        }
    }
    removed
}

fn load_bundle(store: &Store) -> anyhow::Result<()> {
    let files: Vec<(&str, &str)> = bundle::graph_files().collect();
    // Parse the files on all cores (the bundle is a few MB of Turtle), then insert once.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(files.len().max(1));
    let parsed: Vec<anyhow::Result<Vec<Quad>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let files = &files;
                scope.spawn(move || -> anyhow::Result<Vec<Quad>> {
                    let mut quads = Vec::new();
                    for (path, text) in files.iter().skip(t).step_by(threads) {
                        let graph = GraphName::from(graph_name_for(path));
                        let format = GraphFormat::from_path(Path::new(path)).unwrap_or(GraphFormat::Turtle);
                        let parser = RdfParser::from_format(format.rdf_format()).with_default_graph(graph);
                        for quad in parser.for_slice(text) {
                            quads.push(quad.map_err(|e| located_error(path, LoaderError::Parsing(RdfParseError::Syntax(e))))?);
                        }
                    }
                    Ok(quads)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|_| Err(anyhow::anyhow!("a parser thread panicked")))).collect()
    });
    // One call to the loader: each call writes its own set of sorted files, and a second
    // set would overlap the first, so that every read of a seeded store merged two files
    // per index (about a fifth more work per query) until a compaction joined them.
    let parsed = parsed.into_iter().collect::<anyhow::Result<Vec<_>>>()?;
    let mut loader = store.bulk_loader();
    loader.load_quads(parsed.into_iter().flatten())?;
    loader.commit()?;
    Ok(())
}

fn open_input(path: &Path) -> anyhow::Result<Box<dyn Read>> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(io::stdin().lock()));
    }
    let file = File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(Box::new(io::BufReader::with_capacity(1 << 20, file)))
}

/// Turns a loader error into `file:line:column: message` (1-based line and column).
fn located_error(name: &str, error: LoaderError) -> anyhow::Error {
    match error {
        LoaderError::Parsing(RdfParseError::Syntax(e)) => {
            let message = e.to_string();
            match e.location() {
                Some(range) => NkkgError::RdfSyntax {
                    file: name.to_owned(),
                    line: range.start.line + 1,
                    column: range.start.column + 1,
                    message,
                }
                .into(),
                None => NkkgError::RdfSyntax { file: name.to_owned(), line: 0, column: 0, message }.into(),
            }
        }
        LoaderError::Parsing(RdfParseError::Io(e)) => anyhow::Error::new(e).context(format!("cannot read {name}")),
        other => anyhow::Error::new(other).context(format!("cannot load {name}")),
    }
}

fn progress_bar() -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} {pos} triples, {per_sec}, {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_bulk_load_leftovers_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let keep = ["000012.sst", "bulk-.sst", "bulk-12a.sst", "bulk-12.sst.tmp", "xbulk-12.sst", "CURRENT"];
        for name in keep.iter().chain(&["bulk-340282366920938463463374607431768211455.sst", "bulk-7.sst"]) {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        std::fs::create_dir(dir.path().join("bulk-9.sst")).unwrap();
        assert_eq!(remove_stale_bulk_files(dir.path()), 2);
        let mut left: Vec<String> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        left.sort();
        let mut expected: Vec<String> = keep.iter().map(|s| s.to_string()).chain(["bulk-9.sst".to_owned()]).collect();
        expected.sort();
        assert_eq!(left, expected);
    }
}
