//! The bundled graph as a read-only dataset over its prepared form (issue 16, "instant
//! start"): the string table, the terms and the quads sorted in four orders are read in
//! place from the binary's pages (`bundle::Prepared`), so a process answers its first
//! query without building a store. Oxigraph's in-memory [`Store`] is built from the same
//! form only when something needs one (a write, a transaction; see [`Bundled`]), with the
//! same blank nodes, so answers do not change when a [`GraphStore`](crate::store::GraphStore)
//! switches to it.
//!
//! A pattern is answered by binary search: of the indexes by S, P, O, G, SP, PO and SO
//! ([`bundle::KEYS`]), the one of the terms the pattern binds with the fewest quads gives
//! a range of quad numbers, and the other bound terms are checked on each quad of it. The
//! quads come in number order, the order Oxigraph's in-memory store reads them in (see
//! `bundle`), so that answers come in the same order as from that store.
//! SPARQL evaluation over it goes through spareval's `QueryableDataset` ([`view`]).
//!
//! This module also owns loading the bundle into a store: [`load_bundle`] (a new store, in
//! memory or persistent) and [`parse_bundle`] (the fallback while the prepared form is
//! stale).

use std::path::Path;
use std::sync::{Arc, OnceLock};

use oxigraph::io::RdfParser;
use oxigraph::model::{
    BlankNode, GraphName, GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, NamedOrBlankNodeRef, Quad,
    Term, TermRef,
};
use oxigraph::store::Store;

use crate::bundle::{self, graph_name_for, word, Prepared, PreparedError, KEYS};
use crate::formats::GraphFormat;

pub mod view;

pub use view::FrozenView;

/// The bundled graph, read in place from its prepared form.
pub struct Frozen {
    prepared: Prepared,
    /// The unique id of blank node number 0; blank node `n` is `first_blank + n`.
    first_blank: u128,
    /// The graph names that hold quads, as term numbers, each once.
    graphs: Vec<u32>,
}

impl Frozen {
    /// The bundled graph of this binary; `None` when its prepared form is missing or
    /// stale (then the store parses the Turtle files). Each call has blank nodes of its
    /// own, as each parse of the Turtle files has.
    pub fn embedded() -> Result<Option<Self>, PreparedError> {
        let Some(prepared) = Prepared::embedded()? else { return Ok(None) };
        let first_blank = BlankNode::default().as_ref().unique_id().unwrap_or(0xa << 124) & !0xffff_ffff;
        let mut graphs: Vec<u32> = Vec::new();
        for (graph, (_, mut triples)) in prepared.graph_terms().zip(prepared.graphs()) {
            if triples.next().is_some() && !graphs.contains(&graph) {
                graphs.push(graph);
            }
        }
        Ok(Some(Self { prepared, first_blank, graphs }))
    }

    /// How many terms the bundle has: term numbers are below it.
    pub fn term_count(&self) -> u32 {
        self.prepared.term_count() as u32
    }

    /// How many distinct quads the bundle has.
    pub fn len(&self) -> usize {
        self.prepared.quads().len() / 16
    }

    /// Whether the bundle holds no quad.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The graph names that hold quads, as term numbers.
    pub fn graph_terms(&self) -> &[u32] {
        &self.graphs
    }

    /// Blank node number `n` of this dataset.
    fn blank(&self, n: u32) -> BlankNode {
        BlankNode::new_from_unique_id(self.first_blank + u128::from(n))
    }

    /// Term number `id` as an RDF term.
    pub fn term(&self, id: u32) -> Result<Term, PreparedError> {
        let [kind, a, b] = self.prepared.term_words(id)?;
        let string = |i| self.prepared.string(i);
        Ok(match kind {
            0 => NamedNode::new_unchecked(string(a)?).into(),
            1 => self.blank(a).into(),
            2 => Literal::new_simple_literal(string(a)?).into(),
            3 => Literal::new_language_tagged_literal_unchecked(string(a)?, string(b)?).into(),
            4 => Literal::new_typed_literal(string(a)?, NamedNode::new_unchecked(string(b)?)).into(),
            _ => return Err(PreparedError::new("a term is of an unknown kind")),
        })
    }

    /// The term number of `term`, or `None` if the bundle does not have it.
    pub fn find(&self, term: TermRef<'_>) -> Option<u32> {
        let probe = match term {
            TermRef::NamedNode(n) => (0, n.as_str(), ""),
            TermRef::BlankNode(b) => {
                let n = b.unique_id()?.checked_sub(self.first_blank)?;
                return self.prepared.blank_term(usize::try_from(n).ok()?);
            }
            TermRef::Literal(l) => match l.language() {
                Some(language) => (3, l.value(), language),
                None if l.datatype().as_str() == "http://www.w3.org/2001/XMLSchema#string" => (2, l.value(), ""),
                None => (4, l.value(), l.datatype().as_str()),
            },
            #[allow(unreachable_patterns)]
            _ => return None,
        };
        let lookup = self.prepared.lookup();
        let key = |t: u32| {
            let [kind, a, b] = self.prepared.term_words(t).unwrap_or([u32::MAX, 0, 0]);
            let second = if kind >= 3 { self.prepared.string(b).unwrap_or("") } else { "" };
            (kind, self.prepared.string(a).unwrap_or(""), second)
        };
        let found = partition_point(lookup.len() / 4, |i| key(word(lookup, i)) < probe);
        (found < lookup.len() / 4 && key(word(lookup, found)) == probe).then(|| word(lookup, found))
    }

    /// The quads matching `[subject, predicate, object, graph]` (`None` matches any term),
    /// in quad number order: the order Oxigraph's in-memory store reads them in.
    pub fn matches(&self, pattern: [Option<u32>; 4]) -> Matches {
        let quads = self.prepared.quads();
        let count = quads.len() / 16;
        // Of the keys the pattern binds, the one with the fewest quads, looking only at
        // keys that no other bound key holds (its range holds the other's), and taking
        // the first small range found (the keys come most selective first).
        let bound = (0..4).filter(|&k| pattern[k].is_some()).fold(0u8, |m, k| m | 1 << k);
        let masks = KEYS.map(|positions| positions.iter().fold(0u8, |m, &k| m | 1 << k));
        let mut best = Matches { quads, index: None, next: 0, end: count, pattern };
        for (key, positions) in KEYS.iter().enumerate() {
            let own = masks[key];
            let held = |other: u8| other != own && other & bound == other && other & own == own;
            if own & bound != own || masks.iter().any(|&other| held(other)) {
                continue;
            }
            let wanted = positions.iter().fold(0u64, |packed, &k| (packed << 32) | u64::from(pattern[k].unwrap_or(0)));
            let index = self.prepared.index(key);
            let start = partition_point(count, |i| entry_key(index, i) < wanted);
            let end = start + partition_point(count - start, |i| entry_key(index, start + i) <= wanted);
            if end - start < best.end - best.next {
                best = Matches { quads, index: Some(index), next: start, end, pattern };
            }
            if end - start <= 16 {
                break;
            }
        }
        best
    }

    /// The quads matching a pattern as RDF quads (a `None` graph matches every graph; the
    /// bundle has nothing in the default graph).
    pub fn quads(
        &self,
        subject: Option<NamedOrBlankNodeRef<'_>>,
        predicate: Option<NamedNodeRef<'_>>,
        object: Option<TermRef<'_>>,
        graph: Option<GraphNameRef<'_>>,
    ) -> impl Iterator<Item = Result<Quad, PreparedError>> + '_ {
        let graph = match graph {
            Some(GraphNameRef::DefaultGraph) => Err(()),
            Some(GraphNameRef::NamedNode(g)) => Ok(Some(TermRef::from(g))),
            Some(GraphNameRef::BlankNode(g)) => Ok(Some(TermRef::from(g))),
            None => Ok(None),
        };
        // A term the bundle does not have matches nothing.
        let find = |term: Option<TermRef<'_>>| term.map(|t| self.find(t).ok_or(()));
        let pattern = (|| {
            Some([
                find(subject.map(Into::into)).transpose().ok()?,
                find(predicate.map(Into::into)).transpose().ok()?,
                find(object).transpose().ok()?,
                find(graph.ok()?).transpose().ok()?,
            ])
        })();
        let matches = match pattern {
            Some(pattern) => self.matches(pattern),
            None => Matches::none(),
        };
        matches.map(|[s, p, o, g]| {
            let subject = match self.term(s)? {
                Term::NamedNode(n) => NamedOrBlankNode::from(n),
                Term::BlankNode(b) => b.into(),
                _ => return Err(PreparedError::new("a subject is a literal")),
            };
            let Term::NamedNode(predicate) = self.term(p)? else { return Err(PreparedError::new("a predicate is not an IRI")) };
            let graph = match self.term(g)? {
                Term::NamedNode(n) => GraphName::from(n),
                _ => return Err(PreparedError::new("a graph name is not an IRI")),
            };
            Ok(Quad::new(subject, predicate, self.term(o)?, graph))
        })
    }

    /// The names of the graphs that hold quads.
    pub fn named_graphs(&self) -> Result<Vec<NamedNode>, PreparedError> {
        self.graphs
            .iter()
            .map(|&g| match self.term(g)? {
                Term::NamedNode(n) => Ok(n),
                _ => Err(PreparedError::new("a graph name is not an IRI")),
            })
            .collect()
    }

    /// A new in-memory store holding the bundle, with this dataset's blank nodes.
    pub fn to_store(&self) -> anyhow::Result<Store> {
        let store = Store::new()?;
        let blanks: Vec<BlankNode> = (0..self.prepared.blank_count() as u32).map(|n| self.blank(n)).collect();
        let terms = self.prepared.terms(&blanks)?;
        let mut transaction = store.start_transaction()?;
        for (path, triples) in self.prepared.graphs() {
            let graph = graph_name_for(path);
            for t in triples {
                transaction.insert(bundle::triple(&terms, t)?.in_graph(graph.as_ref()));
            }
        }
        transaction.commit()?;
        Ok(store)
    }
}

/// The first `i` in `0..count` for which `before(i)` is false (`before` is true, then
/// false, along the range).
fn partition_point(count: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut low, mut high) = (0, count);
    while low < high {
        let middle = low + (high - low) / 2;
        if before(middle) {
            low = middle + 1;
        } else {
            high = middle;
        }
    }
    low
}

/// The key of entry `i` of an index.
#[inline]
fn entry_key(index: &[u8], i: usize) -> u64 {
    (u64::from(word(index, 3 * i)) << 32) | u64::from(word(index, 3 * i + 1))
}

/// The quads of one range of an index (or all of them) that match a pattern, as
/// `[s, p, o, g]` term numbers.
pub struct Matches {
    quads: &'static [u8],
    index: Option<&'static [u8]>,
    next: usize,
    end: usize,
    pattern: [Option<u32>; 4],
}

impl Matches {
    /// No quad.
    pub fn none() -> Self {
        Self { quads: &[], index: None, next: 0, end: 0, pattern: [None; 4] }
    }
}

impl Iterator for Matches {
    type Item = [u32; 4];

    fn next(&mut self) -> Option<[u32; 4]> {
        while self.next < self.end {
            let number = match self.index {
                Some(index) => word(index, 3 * self.next + 2) as usize,
                None => self.next,
            };
            self.next += 1;
            let quad = [word(self.quads, 4 * number), word(self.quads, 4 * number + 1), word(self.quads, 4 * number + 2), word(self.quads, 4 * number + 3)];
            if (0..4).all(|k| self.pattern[k].is_none_or(|b| b == quad[k])) {
                return Some(quad);
            }
        }
        None
    }
}

/// The bundled graph of a command: read from the [`Frozen`] dataset until something
/// needs Oxigraph's store (see [`Bundled::store`]), then from that store for good.
pub struct Bundled {
    frozen: Arc<Frozen>,
    store: OnceLock<Store>,
}

impl Bundled {
    /// The bundle, no store built yet.
    pub fn new(frozen: Frozen) -> Self {
        Self { frozen: Arc::new(frozen), store: OnceLock::new() }
    }

    /// Where reads go now: the store if it has been built, else the frozen dataset.
    pub fn current(&self) -> Result<&Store, &Arc<Frozen>> {
        self.store.get().ok_or(&self.frozen)
    }

    /// The store, built from the bundle on the first call (about 170 M instructions);
    /// from then on every read goes to it, writes included. Panics if the prepared
    /// bundle is damaged (its tests make sure that it is not).
    pub fn store(&self) -> &Store {
        self.store.get_or_init(|| {
            self.frozen.to_store().unwrap_or_else(|e| {
                panic!("the bundled graph could not be put into a store ({e:#}); rebuild nkkg from a clean checkout")
            })
        })
    }
}

/// Loads the bundled graph into a new store, each file into its named graph, files in
/// path order: from the prepared form embedded at build time (no parsing), or by parsing
/// the Turtle files when that form is missing or stale. A persistent store takes it
/// through the bulk loader; an in-memory one as [`Frozen::to_store`] builds it.
pub fn load_bundle(store: &Store, persistent: bool) -> anyhow::Result<()> {
    let Some(prepared) = Prepared::embedded()? else {
        tracing::debug!("data/prepared/bundle.bin is missing or stale: parsing the bundled Turtle");
        return parse_bundle(store);
    };
    let blanks = prepared.blank_nodes();
    let terms = prepared.terms(&blanks)?;
    let quads = prepared.graphs().flat_map(|(path, triples)| {
        let graph = graph_name_for(path);
        let terms = &terms;
        triples.map(move |t| Ok::<_, PreparedError>(bundle::triple(terms, t)?.in_graph(graph.as_ref()).into_owned()))
    });
    if persistent {
        // One call to the loader: each call writes its own set of sorted files, and a
        // second set would overlap the first, so that every read of a seeded store merged
        // two files per index (about a fifth more work per query) until a compaction
        // joined them.
        let quads = quads.collect::<Result<Vec<_>, _>>()?;
        let mut loader = store.bulk_loader();
        loader.load_quads(quads)?;
        loader.commit()?;
    } else {
        let mut transaction = store.start_transaction()?;
        for quad in quads {
            transaction.insert(&quad?);
        }
        transaction.commit()?;
    }
    Ok(())
}

/// Loads the bundled graph by parsing its Turtle files, in path order.
pub fn parse_bundle(store: &Store) -> anyhow::Result<()> {
    // One call to the loader, as in `load_bundle`.
    let mut quads = Vec::new();
    for (path, text) in bundle::graph_files() {
        let graph = GraphName::from(graph_name_for(path));
        let format = GraphFormat::from_path(Path::new(path)).unwrap_or(GraphFormat::Turtle);
        let parser = RdfParser::from_format(format.rdf_format()).with_default_graph(graph);
        for quad in parser.for_slice(text) {
            quads.push(quad.map_err(|e| anyhow::anyhow!("the bundled file {path} does not parse ({e}); rebuild nkkg from a clean checkout"))?);
        }
    }
    let mut loader = store.bulk_loader();
    loader.load_quads(quads)?;
    loader.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fallback (parsing the Turtle, used while the prepared form is stale) and the
    /// prepared form fill the same named graphs with as many quads each; the frozen
    /// dataset has the same graphs, quads and counts.
    #[test]
    fn the_prepared_the_parsed_and_the_frozen_bundle_hold_the_same_graphs() {
        let (prepared, parsed) = (Store::new().unwrap(), Store::new().unwrap());
        load_bundle(&prepared, false).unwrap();
        parse_bundle(&parsed).unwrap();
        let frozen = Frozen::embedded().unwrap().expect("the prepared bundle is current");
        let sorted = |mut names: Vec<NamedNode>| {
            names.sort_by_key(|g| g.to_string());
            names
        };
        let iri = |g: Result<NamedOrBlankNode, _>| match g.unwrap() {
            NamedOrBlankNode::NamedNode(n) => n,
            NamedOrBlankNode::BlankNode(b) => panic!("a bundled graph named {b}"),
        };
        let names = sorted(prepared.named_graphs().map(iri).collect());
        let parsed_names = sorted(parsed.named_graphs().map(iri).collect());
        assert_eq!(names, parsed_names);
        assert_eq!(sorted(frozen.named_graphs().unwrap()), names);
        assert_eq!(names.len(), bundle::graph_files().count());
        assert_eq!(frozen.len(), prepared.len().unwrap());
        for g in &names {
            let count = |s: &Store| s.quads_for_pattern(None, None, None, Some(g.as_ref().into())).count();
            assert_eq!(count(&prepared), count(&parsed), "{g}");
            assert_eq!(frozen.quads(None, None, None, Some(g.as_ref().into())).count(), count(&prepared), "{g}");
        }
    }

    /// Every pattern shape gives, on the frozen dataset, the quads the store built from it
    /// gives (same blank nodes), in the same order, for a sample of quads of the bundle.
    #[test]
    fn every_pattern_shape_matches_what_the_store_gives() {
        let frozen = Frozen::embedded().unwrap().expect("the prepared bundle is current");
        let store = frozen.to_store().unwrap();
        let all: Vec<Quad> = frozen.quads(None, None, None, None).collect::<Result<_, _>>().unwrap();
        assert_eq!(all.len(), store.len().unwrap());
        for quad in all.iter().step_by(997) {
            for mask in 0..16u8 {
                let bit = |i: u8| mask & (1 << i) != 0;
                let s = bit(0).then(|| quad.subject.as_ref());
                let p = bit(1).then(|| quad.predicate.as_ref());
                let o = bit(2).then(|| quad.object.as_ref());
                let g = bit(3).then(|| quad.graph_name.as_ref());
                // In the same order, too.
                let ours: Vec<String> = frozen.quads(s, p, o, g).map(|q| q.unwrap().to_string()).collect();
                let theirs: Vec<String> = store.quads_for_pattern(s, p, o, g).map(|q| q.unwrap().to_string()).collect();
                assert_eq!(ours, theirs, "{quad} with mask {mask:04b}");
            }
        }
        let absent = NamedNode::new_unchecked("https://example.org/not-in-the-bundle");
        assert_eq!(frozen.quads(Some(absent.as_ref().into()), None, None, None).count(), 0);
        assert_eq!(frozen.quads(None, None, None, Some(GraphNameRef::DefaultGraph)).count(), 0);
    }
}
