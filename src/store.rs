//! The store every command works on: the bundled graph, read in place (`frozen`) until a
//! write or a transaction needs Oxigraph's in-memory store ([`GraphStore::embedded`]),
//! built from it then; or a persistent (RocksDB) store chosen with `--store DIR`.
//!
//! Each bundled file lives in its own named graph, `https://w3id.org/nkkg/graph/<path>`
//! (for example `nkg:data/actors.ttl`); queries see the union of all graphs as their
//! default graph (SPARQL 1.1 Query §13.2 leaves the default graph to the service).
//!
//! Opening a persistent store removes the temporary files of a bulk load that was killed
//! before it finished (see [`remove_stale_bulk_files`], in `store/folder.rs` with the lock checks).
//!
//! A third backend is a remote SPARQL 1.1 Protocol store (`--endpoint`, see
//! [`crate::remote`]). [`GraphStore`] keeps one interface over the three: the lookups that
//! the commands need ([`GraphStore::quads`], [`GraphStore::has_subject`],
//! [`GraphStore::len`], the named graphs) read the embedded store directly
//! (`quads_for_pattern`, as fast as before) and become small SPARQL queries on a remote
//! one; queries and updates are dispatched by `query` and `update`. A remote store is
//! never seeded with the bundle and is expected to show the union of its named graphs
//! as the default graph, as the embedded one does (see the README's remote section).

mod folder;

#[cfg(feature = "persistent")]
use folder::{held_elsewhere, locked_by_another_process};
pub use folder::remove_stale_bulk_files;

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
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Quad, Term, TermRef};
use oxigraph::sparql::QueryResults;
use oxigraph::store::{LoaderError, StorageError, Store, Transaction};

use crate::bundle;
pub use crate::bundle::graph_name_for;
use crate::frozen::{self, Bundled, Frozen};
use crate::error::NkkgError;
use crate::formats::GraphFormat;
use crate::remote::{Batcher, EndpointOptions, Remote};

/// The store every command works on: an embedded Oxigraph store (the bundle in memory or
/// a `--store` directory) or a remote SPARQL 1.1 Protocol store.
#[derive(Clone)]
pub struct GraphStore {
    backend: Backend,
}

#[derive(Clone)]
enum Backend {
    Local { store: Store, persistent: bool },
    Bundled(Arc<Bundled>),
    Remote(Arc<Remote>),
}

/// Where reads go now: a store, the frozen bundle, or a remote store.
enum Reader<'a> {
    Store(&'a Store),
    Frozen(&'a Frozen),
    Remote(&'a Remote),
}

/// Which store a command runs on, as the command line chose it.
#[derive(Clone, Debug, Default)]
pub enum Location {
    /// The bundled graph, in memory.
    #[default]
    Bundled,
    /// A persistent store in a directory (`--store DIR`).
    Directory(PathBuf),
    /// A remote SPARQL 1.1 Protocol store (`--endpoint URL`).
    Endpoint(EndpointOptions),
}

/// Reads quads by pattern: the store, or one of its transactions (so that code reading
/// inside a transaction and code reading the store share one body).
pub trait QuadSource {
    /// The quads matching a pattern (`None` matches anything; a `None` graph matches
    /// every graph, the default one included).
    fn quads(
        &self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
        graph: Option<GraphNameRef<'_>>,
    ) -> anyhow::Result<Vec<Quad>>;
}

impl QuadSource for Transaction<'_> {
    fn quads(
        &self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
        graph: Option<GraphNameRef<'_>>,
    ) -> anyhow::Result<Vec<Quad>> {
        Ok(self.quads_for_pattern(subject, predicate, object, graph).collect::<Result<_, _>>()?)
    }
}

impl QuadSource for GraphStore {
    fn quads(
        &self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
        graph: Option<GraphNameRef<'_>>,
    ) -> anyhow::Result<Vec<Quad>> {
        self.quads_iter(subject, predicate, object, graph)?.collect()
    }
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
    /// The bundled ontology and data, read in place from their prepared form (an
    /// in-memory store is built on the first write; see [`GraphStore::embedded`]); an
    /// in-memory store of the parsed Turtle while that form is stale.
    pub fn bundled() -> anyhow::Result<Self> {
        if let Some(frozen) = Frozen::embedded()? {
            return Ok(Self { backend: Backend::Bundled(Arc::new(Bundled::new(frozen))) });
        }
        let store = Store::new()?;
        frozen::parse_bundle(&store)?;
        Ok(Self::local(store, false))
    }

    fn local(store: Store, persistent: bool) -> Self {
        Self { backend: Backend::Local { store, persistent } }
    }

    /// A remote SPARQL 1.1 Protocol store; nothing is sent until a command asks.
    pub fn remote(options: EndpointOptions) -> Self {
        Self { backend: Backend::Remote(Arc::new(Remote::new(options))) }
    }

    /// Opens the store the command line chose.
    pub fn connect(location: &Location) -> anyhow::Result<Self> {
        match location {
            Location::Bundled => Self::bundled(),
            Location::Directory(dir) => Self::open(dir),
            Location::Endpoint(options) => Ok(Self::remote(options.clone())),
        }
    }

    /// Opens (creating if needed) a persistent store in `dir`. A new, empty store is
    /// seeded with the bundled graph so that every command works on it at once.
    #[cfg(feature = "persistent")]
    pub fn open(dir: &Path) -> anyhow::Result<Self> {
        let store = Store::open(dir).map_err(|e| held_elsewhere(dir, e))?;
        remove_stale_bulk_files(dir);
        if store.is_empty()? {
            frozen::load_bundle(&store, true)?;
        }
        Ok(Self::local(store, true))
    }

    /// Refuses `dir`: this build has no persistent store (the `persistent` feature is off).
    #[cfg(not(feature = "persistent"))]
    pub fn open(dir: &Path) -> anyhow::Result<Self> {
        anyhow::bail!(
            "this build has no persistent store, so it cannot open {}: build nkkg with its default features \
             (the `persistent` feature) to use --store",
            dir.display()
        )
    }

    /// Opens the store the command line chose for a command that only reads it: an
    /// existing `--store` directory is opened read-only (see [`GraphStore::open_for_reading`]).
    pub fn connect_for_reading(location: &Location) -> anyhow::Result<Self> {
        match location {
            Location::Directory(dir) => Self::open_for_reading(dir),
            other => Self::connect(other),
        }
    }

    /// Opens a persistent store in `dir` for reading only, as `oxigraph query --location`
    /// does: RocksDB then neither writes an options file, a new manifest and a new log nor
    /// syncs them (two thirds of the instructions of `nkkg query --store` on a small query,
    /// issue 16). A folder that holds no store yet, an empty store (to be seeded), or one
    /// whose lock another process holds (a writer, whose changes a read-only view could
    /// not follow) is opened read-write by [`GraphStore::open`], as before: the last gets
    /// the same "cannot open the store" error.
    #[cfg(feature = "persistent")]
    pub fn open_for_reading(dir: &Path) -> anyhow::Result<Self> {
        if dir.join("CURRENT").is_file() && !locked_by_another_process(&dir.join("LOCK")) {
            // No process loads into the folder (none holds its lock): a bulk file is stale.
            remove_stale_bulk_files(dir);
            if let Ok(store) = Store::open_read_only(dir) {
                if !store.is_empty()? {
                    return Ok(Self::local(store, true));
                }
            }
        }
        Self::open(dir)
    }

    /// Refuses `dir`, as [`GraphStore::open`] does in a build without the persistent store.
    #[cfg(not(feature = "persistent"))]
    pub fn open_for_reading(dir: &Path) -> anyhow::Result<Self> {
        Self::open(dir)
    }

    /// Wraps an existing in-memory store (used by tests and by ingestion).
    pub fn from_parts(store: Store) -> Self {
        Self::local(store, false)
    }

    /// The bundled in-memory store, or the persistent one in `dir` when given.
    pub fn from_option(dir: Option<&Path>) -> anyhow::Result<Self> {
        match dir {
            Some(dir) => Self::open(dir),
            None => Self::bundled(),
        }
    }

    /// The embedded Oxigraph store, for tests and benchmarks that build their own. Panics
    /// on a remote store: the library itself goes through [`GraphStore::embedded`] and
    /// the methods below.
    pub fn store(&self) -> &Store {
        self.embedded().expect("GraphStore::store() is only for embedded stores")
    }

    /// The embedded Oxigraph store, or `None` for a remote one. On the bundled graph the
    /// first call builds the in-memory store from the frozen dataset (with its blank
    /// nodes), and every read goes to that store from then on: call it to write or to
    /// open a transaction, and [`GraphStore::endpoint`] to tell a remote store apart.
    pub fn embedded(&self) -> Option<&Store> {
        match &self.backend {
            Backend::Local { store, .. } => Some(store),
            Backend::Bundled(bundled) => Some(bundled.store()),
            Backend::Remote(_) => None,
        }
    }

    /// The frozen bundled graph, while no in-memory store has been built from it: queries
    /// run on it ([`crate::query::run_prepared`]).
    pub fn frozen(&self) -> Option<Arc<Frozen>> {
        let Backend::Bundled(bundled) = &self.backend else { return None };
        bundled.current().err().cloned()
    }

    fn reader(&self) -> Reader<'_> {
        match &self.backend {
            Backend::Local { store, .. } => Reader::Store(store),
            Backend::Bundled(bundled) => bundled.current().map_or_else(|frozen| Reader::Frozen(frozen), Reader::Store),
            Backend::Remote(remote) => Reader::Remote(remote),
        }
    }

    /// The remote store's client, or `None` for an embedded store.
    pub fn endpoint(&self) -> Option<&Remote> {
        match &self.backend {
            Backend::Remote(remote) => Some(remote),
            _ => None,
        }
    }

    /// Whether updates are allowed: a `--store` directory or a remote store, not the bundle.
    pub fn is_persistent(&self) -> bool {
        match &self.backend {
            Backend::Local { persistent, .. } => *persistent,
            Backend::Bundled(_) => false,
            Backend::Remote(_) => true,
        }
    }

    /// The quads matching a pattern, read lazily from an embedded store; on a remote store
    /// one `SELECT` (a `None` graph matches the named graphs, where a remote store keeps
    /// its data). A remote store cannot be asked about a blank node: blank node labels do
    /// not survive between requests (SPARQL 1.1 Query §4.1.4).
    pub fn quads_iter<'a>(
        &'a self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
        graph: Option<GraphNameRef<'_>>,
    ) -> anyhow::Result<Box<dyn Iterator<Item = anyhow::Result<Quad>> + 'a>> {
        let remote = match self.reader() {
            Reader::Store(store) => {
                return Ok(Box::new(store.quads_for_pattern(subject, predicate, object, graph).map(|q| q.map_err(anyhow::Error::from))))
            }
            Reader::Frozen(frozen) => {
                return Ok(Box::new(frozen.quads(subject, predicate, object, graph).map(|q| q.map_err(anyhow::Error::from))))
            }
            Reader::Remote(remote) => remote,
        };
        remote.quads(subject, predicate, object, graph)
    }

    /// Whether any triple has `subject` as its subject.
    pub fn has_subject(&self, subject: &NamedNode) -> anyhow::Result<bool> {
        match self.reader() {
            Reader::Remote(remote) => ask(remote, &format!("ASK {{ {subject} ?p ?o }}")),
            _ => Ok(self.quads_iter(Some(subject.as_ref().into()), None, None, None)?.next().transpose()?.is_some()),
        }
    }

    /// How many quads the store holds (on a remote store: the quads of its named graphs).
    pub fn len(&self) -> anyhow::Result<u64> {
        match self.reader() {
            Reader::Store(store) => Ok(store.len()? as u64),
            Reader::Frozen(frozen) => Ok(frozen.len() as u64),
            Reader::Remote(remote) => {
                let QueryResults::Solutions(mut rows) = remote.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", false)? else {
                    anyhow::bail!("the endpoint {} answered a count with something else", remote.endpoint());
                };
                match rows.next().transpose()?.as_ref().and_then(|r| r.get("n")) {
                    Some(Term::Literal(n)) => n.value().parse().map_err(|_| anyhow::anyhow!("the endpoint counted {n}, which is not a number")),
                    _ => anyhow::bail!("the endpoint {} did not answer the count of its quads", remote.endpoint()),
                }
            }
        }
    }

    /// Whether the store holds no quad.
    pub fn is_empty(&self) -> anyhow::Result<bool> {
        Ok(self.len()? == 0)
    }

    /// Whether a graph of that name holds anything.
    pub fn contains_named_graph(&self, graph: &NamedNode) -> anyhow::Result<bool> {
        match self.reader() {
            Reader::Store(store) => Ok(store.contains_named_graph(graph)?),
            Reader::Frozen(frozen) => Ok(frozen.named_graphs()?.contains(graph)),
            Reader::Remote(remote) => ask(remote, &format!("ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}")),
        }
    }

    /// The names of the named graphs (IRIs only).
    pub fn named_graphs(&self) -> anyhow::Result<Vec<NamedNode>> {
        match self.reader() {
            Reader::Frozen(frozen) => Ok(frozen.named_graphs()?),
            Reader::Store(store) => Ok(store
                .named_graphs()
                .filter_map(|g| match g {
                    Ok(NamedOrBlankNode::NamedNode(n)) => Some(Ok(n)),
                    Ok(NamedOrBlankNode::BlankNode(_)) => None,
                    Err(e) => Some(Err(anyhow::Error::from(e))),
                })
                .collect::<anyhow::Result<_>>()?),
            Reader::Remote(remote) => {
                let QueryResults::Solutions(rows) = remote.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", false)? else {
                    anyhow::bail!("the endpoint {} answered a SELECT with something else", remote.endpoint());
                };
                let mut names = Vec::new();
                for row in rows {
                    if let Some(Term::NamedNode(g)) = row?.get("g") {
                        names.push(g.clone());
                    }
                }
                Ok(names)
            }
        }
    }

    /// Every quad of the store, each in its graph.
    pub fn all_quads(&self) -> anyhow::Result<Vec<Quad>> {
        self.quads(None, None, None, None)
    }

    /// Adds quads (one blank-node scope): at once to an embedded store, in batches to a
    /// remote one. Returns how many were sent.
    pub fn insert(&self, quads: impl IntoIterator<Item = Quad>) -> anyhow::Result<u64> {
        match self.endpoint() {
            Some(remote) => remote.insert(quads),
            None => {
                let mut count = 0u64;
                self.store().extend(quads.into_iter().inspect(|_| count += 1))?;
                Ok(count)
            }
        }
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
        let store = match self.endpoint() {
            Some(remote) => return load_remote(self, remote, inputs, graph),
            None => self.store(),
        };
        let start = Instant::now();
        let before = store.len()? as u64;
        let bundled: Arc<HashSet<NamedNode>> =
            Arc::new(bundle::graph_files().map(|(path, _)| graph_name_for(path)).collect());
        let counter = Arc::new(AtomicU64::new(0));
        let progress = progress_bar();
        let mut loader = store.bulk_loader();
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
        let added = (store.len()? as u64).saturating_sub(before);
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
        self.insert(quads)?;
        Ok(())
    }
}

fn ask(remote: &Remote, sparql: &str) -> anyhow::Result<bool> {
    match remote.query(sparql, false)? {
        QueryResults::Boolean(b) => Ok(b),
        _ => anyhow::bail!("the endpoint {} answered an ASK with something else", remote.endpoint()),
    }
}

/// `load` over a remote store: each input is parsed as it is read and sent in batches
/// (see [`Batcher`]); its blank nodes are one scope per input. The bundled graphs are not
/// special there (a remote store is not seeded with them), so loading an export of them
/// is how a remote store gets the bundle. Not all-or-nothing: a syntax error stops the
/// load, and the batches sent before it stay (the error says how many quads that was).
fn load_remote(store: &GraphStore, remote: &Remote, inputs: &[LoadInput], graph: Option<&NamedNode>) -> anyhow::Result<LoadReport> {
    let start = Instant::now();
    let before = store.len()?;
    let mut read = 0u64;
    let mut sent = 0u64;
    for input in inputs {
        let name = input.path.display().to_string();
        let mut parser = RdfParser::from_format(input.format.rdf_format()).rename_blank_nodes();
        if let Some(graph) = graph {
            parser = parser.with_default_graph(graph.clone()).without_named_graphs();
        }
        let mut batcher = Batcher::new(remote);
        for quad in parser.for_reader(open_input(&input.path)?) {
            let quad = match quad {
                Ok(quad) => quad,
                Err(e) => {
                    let error = located_error(&name, LoaderError::Parsing(e));
                    let sent = sent + batcher.sent();
                    return Err(error.context(format!("the load stopped; {sent} quads had already been sent to {}", remote.endpoint())));
                }
            };
            read += 1;
            batcher.push(quad)?;
        }
        sent += batcher.finish()?;
    }
    let added = store.len()?.saturating_sub(before);
    Ok(LoadReport { read, added, seconds: start.elapsed().as_secs_f64() })
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
