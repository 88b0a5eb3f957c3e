//! The files embedded in the binary at build time (see `build.rs`): the ontology, the
//! curated data and the named queries — as text, and the graph also in a prepared form
//! (`data/prepared/bundle.bin`) that `frozen` reads in place at start, without parsing
//! (issue 16: the first answer within 25 ms of process start).
//!
//! The prepared form holds the Turtle files parsed once, as interned strings and terms,
//! each file's triples as term numbers in the order of the file, and the distinct quads
//! with indexes and a term lookup table, which `frozen` reads in place as a read-only
//! dataset. Its layout, integers `u32` little-endian:
//!
//! ```text
//! "NKKGBND3", fingerprint (u64)           magic and version; the Turtle it was made from
//! string count S, S end offsets, byte length, UTF-8 bytes padded to 4
//! blank node count B
//! term count T, T × (kind, a, b)          kinds below
//! file count G, G × (path string, graph name term, triple count N, N × (s, p, o))
//! quad count Q, Q × (s, p, o, g)         distinct quads, the last one loaded first
//! 7 × Q × (high, low, quad number)        by key of KEYS: the key's terms packed in a u64
//!                                         (high word 0 for one term), sorted, then number
//! count L, L term numbers                 the terms but blank nodes, sorted by content
//! B term numbers                          the term of each blank node
//! ```
//!
//! The quads are numbered in the reverse of the order in which loading the files (in path
//! order, each in its order) adds them to Oxigraph's in-memory store, which is the order
//! that store reads any pattern in: so a dataset reading the quads of a key's range in
//! number order reads them as the store does, and answers even a query whose order SPARQL
//! leaves open (ties of ORDER BY, `GROUP_CONCAT`, `SAMPLE`) as it did.
//!
//! Term kinds: 0 IRI (a = string), 1 blank node (a = its number), 2 simple literal
//! (a = value), 3 language-tagged literal (a = value, b = language), 4 typed literal
//! (a = value, b = datatype IRI); unused fields are 0. It is used only while its
//! fingerprint is that of the embedded Turtle files (`build.rs`); after an edit of a
//! Turtle file, regenerate it with
//! `cargo test --release --lib write_the_prepared_bundle -- --ignored`
//! (the store parses the Turtle meanwhile, and a test fails until then).

use std::collections::HashMap;

use oxigraph::model::{BlankNode, LiteralRef, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Term, TermRef, Triple, TripleRef};

use crate::prefixes::NKG;

mod generated {
    include!(concat!(env!("OUT_DIR"), "/bundle.rs"));
}

/// Every embedded file as (path relative to the repository, contents), sorted by path.
pub fn files() -> &'static [(&'static str, &'static str)] {
    generated::FILES
}

/// The RDF files of the bundled graph: `ontology/*.ttl` and `data/*.ttl`.
pub fn graph_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    files().iter().copied().filter(|(p, _)| p.ends_with(".ttl"))
}

/// The named queries: `queries/*.rq` as (name without extension, text).
pub fn query_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    files().iter().filter_map(|(p, text)| {
        Some((p.strip_prefix("queries/")?.strip_suffix(".rq")?, *text))
    })
}

/// The prepared form of the bundled graph (see the module's documentation). Reading it
/// needs no parsing and almost no work at start: every table is borrowed from the binary
/// and read in place, and only the blank nodes are made anew (see
/// [`Prepared::blank_nodes`]).
pub struct Prepared {
    ends: &'static [u8],
    text: &'static str,
    blank_count: usize,
    terms: &'static [u8],
    graphs: Vec<(&'static str, u32, &'static [u8])>,
    quads: &'static [u8],
    indexes: [&'static [u8]; 7],
    lookup: &'static [u8],
    blank_terms: &'static [u8],
}

/// The keys the quads are indexed by, as positions in `[subject, predicate, object,
/// graph]`, the most selective first: SP, SO, PO, S, O, G, P.
pub const KEYS: [&[usize]; 7] = [&[0, 1], &[0, 2], &[1, 2], &[0], &[2], &[3], &[1]];

/// Why the prepared bundle cannot be read: a fault of the build, never of the user's data.
#[derive(Debug, thiserror::Error)]
#[error("the bundled graph prepared at build time is damaged ({0}); rebuild nkkg from a clean checkout")]
pub struct PreparedError(&'static str);

impl PreparedError {
    /// The error for a damage of the prepared bundle, said in a few words.
    pub(crate) fn new(what: &'static str) -> Self {
        Self(what)
    }
}

/// Reads little-endian `u32`s from the front of a byte slice.
struct Words(&'static [u8]);

impl Words {
    fn next(&mut self) -> Result<u32, PreparedError> {
        let (word, rest) = self.0.split_first_chunk::<4>().ok_or(PreparedError("it ends early"))?;
        self.0 = rest;
        Ok(u32::from_le_bytes(*word))
    }

    fn count(&mut self) -> Result<usize, PreparedError> {
        self.next().map(|n| n as usize)
    }

    fn take(&mut self, bytes: usize) -> Result<&'static [u8], PreparedError> {
        if bytes > self.0.len() {
            return Err(PreparedError("it ends early"));
        }
        let (taken, rest) = self.0.split_at(bytes);
        self.0 = rest;
        Ok(taken)
    }
}

/// The `index`th little-endian `u32` of `bytes`.
#[inline]
pub fn word(bytes: &[u8], index: usize) -> u32 {
    let at = 4 * index;
    u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap_or([0; 4]))
}

impl Prepared {
    /// Reads the prepared bundle embedded in the binary, checking its layout; `None` when
    /// there is none or it was made from other Turtle files than the embedded ones.
    pub fn embedded() -> Result<Option<Self>, PreparedError> {
        Self::decode(generated::PREPARED, generated::TURTLE_FINGERPRINT)
    }

    /// Reads a prepared bundle made from Turtle files of fingerprint `fingerprint`. The
    /// tables are checked for their lengths here and for their numbers where they are
    /// read (an out-of-bounds number is an error, never a panic).
    pub fn decode(bytes: &'static [u8], fingerprint: u64) -> Result<Option<Self>, PreparedError> {
        let Some(rest) = bytes.strip_prefix(b"NKKGBND3") else { return Ok(None) };
        let Some((made_from, rest)) = rest.split_first_chunk::<8>() else { return Ok(None) };
        if u64::from_le_bytes(*made_from) != fingerprint {
            return Ok(None);
        }
        let mut words = Words(rest);
        let count = words.count()?;
        let ends = words.take(4 * count)?;
        let length = words.count()?;
        let text = std::str::from_utf8(words.take(length)?).map_err(|_| PreparedError("a string is not UTF-8"))?;
        words.take((4 - length % 4) % 4)?;
        let blank_count = words.count()?;
        let term_count = words.count()?;
        let terms = words.take(12 * term_count)?;
        let graph_count = words.count()?;
        let mut prepared = Self { ends, text, blank_count, terms, graphs: Vec::with_capacity(graph_count), quads: &[], indexes: [&[]; 7], lookup: &[], blank_terms: &[] };
        for _ in 0..graph_count {
            let path = prepared.string(words.next()?)?;
            let graph = words.next()?;
            let triples = words.count()?;
            prepared.graphs.push((path, graph, words.take(12 * triples)?));
        }
        let quads = words.count()?;
        prepared.quads = words.take(16 * quads)?;
        for index in &mut prepared.indexes {
            *index = words.take(12 * quads)?;
        }
        let lookup = words.count()?;
        prepared.lookup = words.take(4 * lookup)?;
        prepared.blank_terms = words.take(4 * blank_count)?;
        Ok(Some(prepared))
    }

    /// String number `i` of the string table.
    pub fn string(&self, i: u32) -> Result<&'static str, PreparedError> {
        let i = i as usize;
        if 4 * i >= self.ends.len() {
            return Err(PreparedError("a string number is out of bounds"));
        }
        let start = if i == 0 { 0 } else { word(self.ends, i - 1) as usize };
        self.text.get(start..word(self.ends, i) as usize).ok_or(PreparedError("a string is out of bounds"))
    }

    /// How many terms the bundle has (term numbers are below it).
    pub fn term_count(&self) -> usize {
        self.terms.len() / 12
    }

    /// Term number `t` as (kind, a, b) (see the module's documentation).
    pub fn term_words(&self, t: u32) -> Result<[u32; 3], PreparedError> {
        let t = t as usize;
        if t >= self.term_count() {
            return Err(PreparedError("a term number is out of bounds"));
        }
        Ok([0, 1, 2].map(|k| word(self.terms, 3 * t + k)))
    }

    /// How many blank nodes the bundle has.
    pub fn blank_count(&self) -> usize {
        self.blank_count
    }

    /// The term number of blank node number `n`.
    pub fn blank_term(&self, n: usize) -> Option<u32> {
        (n < self.blank_count).then(|| word(self.blank_terms, n))
    }

    /// The terms other than blank nodes, as term numbers sorted by (kind, first string,
    /// second string or ""): a term is found by binary search.
    pub fn lookup(&self) -> &'static [u8] {
        self.lookup
    }

    /// The distinct quads, each `[subject, predicate, object, graph]` (16 bytes), the last
    /// one loaded first (see the module's documentation).
    pub fn quads(&self) -> &'static [u8] {
        self.quads
    }

    /// The index by [`KEYS`]`[key]`: (high, low, quad number) words, sorted (see the
    /// module's documentation).
    pub fn index(&self, key: usize) -> &'static [u8] {
        self.indexes[key]
    }

    /// The term number of each bundled file's graph name, in path order.
    pub fn graph_terms(&self) -> impl Iterator<Item = u32> + '_ {
        self.graphs.iter().map(|&(_, graph, _)| graph)
    }

/// Fresh blank nodes for one load, one per blank node of the bundle: like a parse of
    /// the Turtle files, each load gets ids of its own. One random id from
    /// `BlankNode::default` (whose hexadecimal form starts with a letter, as RDF/XML's
    /// node ids must), its low 32 bits cleared, then the ids that follow it: the leading
    /// digit stays, and drawing one random number instead of one per node is a twentieth
    /// of the load's instructions less.
    pub fn blank_nodes(&self) -> Vec<BlankNode> {
        let base = BlankNode::default().as_ref().unique_id().unwrap_or(0xa << 124) & !0xffff_ffff;
        (0..self.blank_count as u128).map(|i| BlankNode::new_from_unique_id(base + i)).collect()
    }

    /// Every term of the bundle by number, its blank nodes taken from `blanks` (made by
    /// [`Prepared::blank_nodes`]).
    pub fn terms<'a>(&self, blanks: &'a [BlankNode]) -> Result<Vec<TermRef<'a>>, PreparedError> {
        let string = |i: u32| self.string(i);
        (0..self.terms.len() / 12)
            .map(|t| {
                let (a, b) = (word(self.terms, 3 * t + 1), word(self.terms, 3 * t + 2));
                Ok(match word(self.terms, 3 * t) {
                    0 => NamedNodeRef::new_unchecked(string(a)?).into(),
                    1 => blanks.get(a as usize).ok_or(PreparedError("a blank node number is out of bounds"))?.as_ref().into(),
                    2 => LiteralRef::new_simple_literal(string(a)?).into(),
                    3 => LiteralRef::new_language_tagged_literal_unchecked(string(a)?, string(b)?).into(),
                    4 => LiteralRef::new_typed_literal(string(a)?, NamedNodeRef::new_unchecked(string(b)?)).into(),
                    _ => return Err(PreparedError("a term is of an unknown kind")),
                })
            })
            .collect()
    }

    /// The bundled files in path order, each with its triples as (subject, predicate,
    /// object) term numbers, in the order of the file.
    pub fn graphs(&self) -> impl Iterator<Item = (&'static str, impl Iterator<Item = [usize; 3]>)> + '_ {
        self.graphs.iter().map(|&(path, _, triples)| {
            (path, (0..triples.len() / 12).map(move |i| [0, 1, 2].map(|k| word(triples, 3 * i + k) as usize)))
        })
    }
}

/// The triple of term numbers `[s, p, o]` over `terms`, or an error if a number is out of
/// bounds or a term cannot stand where it is.
pub fn triple<'a>(terms: &[TermRef<'a>], [s, p, o]: [usize; 3]) -> Result<TripleRef<'a>, PreparedError> {
    let term = |i: usize| terms.get(i).copied().ok_or(PreparedError("a term number is out of bounds"));
    let subject: NamedOrBlankNodeRef<'a> = match term(s)? {
        TermRef::NamedNode(n) => n.into(),
        TermRef::BlankNode(b) => b.into(),
        _ => return Err(PreparedError("a subject is a literal")),
    };
    let TermRef::NamedNode(predicate) = term(p)? else { return Err(PreparedError("a predicate is not an IRI")) };
    Ok(TripleRef::new(subject, predicate, term(o)?))
}

/// The named graph that holds a bundled or added file: `https://w3id.org/nkkg/graph/<path>`.
pub fn graph_name_for(path: &str) -> NamedNode {
    NamedNode::new(format!("{NKG}{}", path.trim_start_matches("./")))
        .unwrap_or_else(|_| NamedNode::new_unchecked(format!("{NKG}file")))
}

/// The fingerprint of the embedded Turtle files, which a prepared bundle must carry.
pub fn turtle_fingerprint() -> u64 {
    generated::TURTLE_FINGERPRINT
}

// BEGIN prepare (the writer of the prepared form)
/// Writes the prepared form of `files` (each file's path and its triples, in the order of
/// the file), made from Turtle files of fingerprint `fingerprint`: what
/// [`Prepared::decode`] reads. Blank nodes keep only their identity.
pub fn prepare(files: &[(&str, Vec<Triple>)], fingerprint: u64) -> Vec<u8> {
    #[derive(Default)]
    struct Interner {
        strings: Vec<String>,
        string_ids: HashMap<String, u32>,
        blank_ids: HashMap<String, u32>,
        terms: Vec<[u32; 3]>,
        term_ids: HashMap<[u32; 3], u32>,
    }
    impl Interner {
        fn string(&mut self, s: &str) -> u32 {
            if let Some(&id) = self.string_ids.get(s) {
                return id;
            }
            let id = self.strings.len() as u32;
            self.strings.push(s.to_owned());
            self.string_ids.insert(s.to_owned(), id);
            id
        }
        fn term(&mut self, term: [u32; 3]) -> u32 {
            let next = self.terms.len() as u32;
            let id = *self.term_ids.entry(term).or_insert(next);
            if id == next {
                self.terms.push(term);
            }
            id
        }
        fn of(&mut self, term: &Term) -> u32 {
            match term {
                Term::NamedNode(n) => {
                    let s = self.string(n.as_str());
                    self.term([0, s, 0])
                }
                Term::BlankNode(b) => {
                    let next = self.blank_ids.len() as u32;
                    let number = *self.blank_ids.entry(b.as_str().to_owned()).or_insert(next);
                    self.term([1, number, 0])
                }
                Term::Literal(l) => {
                    let value = self.string(l.value());
                    if let Some(language) = l.language() {
                        let language = self.string(language);
                        self.term([3, value, language])
                    } else if l.datatype().as_str() == "http://www.w3.org/2001/XMLSchema#string" {
                        self.term([2, value, 0])
                    } else {
                        let datatype = self.string(l.datatype().as_str());
                        self.term([4, value, datatype])
                    }
                }
                #[allow(unreachable_patterns)]
                other => panic!("the term {other} is of a kind the prepared bundle does not hold"),
            }
        }
    }
    let mut interner = Interner::default();
    let mut graphs = Vec::new();
    for (path, triples) in files {
        let triples: Vec<[u32; 3]> = triples
            .iter()
            .map(|t| [interner.of(&t.subject.clone().into()), interner.of(&t.predicate.clone().into()), interner.of(&t.object)])
            .collect();
        let graph = interner.of(&graph_name_for(path).into());
        graphs.push((interner.string(path), graph, triples));
    }
    // In the order the store adds them (a repeated quad stays where it came first), reversed.
    let mut seen = std::collections::HashSet::new();
    let mut quads: Vec<[u32; 4]> = graphs
        .iter()
        .flat_map(|(_, g, triples)| triples.iter().map(move |&[s, p, o]| [s, p, o, *g]))
        .filter(|q| seen.insert(*q))
        .collect();
    quads.reverse();
    let key = |term: &[u32; 3]| {
        let [kind, a, b] = *term;
        let second = if kind >= 3 { interner.strings[b as usize].as_str() } else { "" };
        (kind, interner.strings[a as usize].as_str(), second)
    };
    let mut lookup: Vec<u32> = (0..interner.terms.len() as u32).filter(|&t| interner.terms[t as usize][0] != 1).collect();
    lookup.sort_by(|&x, &y| key(&interner.terms[x as usize]).cmp(&key(&interner.terms[y as usize])));
    let mut blank_terms = vec![0u32; interner.blank_ids.len()];
    for (t, term) in interner.terms.iter().enumerate() {
        if term[0] == 1 {
            blank_terms[term[1] as usize] = t as u32;
        }
    }
    let mut out: Vec<u8> = b"NKKGBND3".to_vec();
    out.extend(fingerprint.to_le_bytes());
    let mut words = vec![interner.strings.len() as u32];
    let mut end = 0u32;
    for s in &interner.strings {
        end += s.len() as u32;
        words.push(end);
    }
    words.push(end);
    out.extend(words.iter().flat_map(|w| w.to_le_bytes()));
    for s in &interner.strings {
        out.extend_from_slice(s.as_bytes());
    }
    while out.len() % 4 != 0 {
        out.push(0);
    }
    let mut words = vec![interner.blank_ids.len() as u32, interner.terms.len() as u32];
    words.extend(interner.terms.iter().flatten());
    words.push(graphs.len() as u32);
    for (path, graph, triples) in &graphs {
        words.extend([*path, *graph, triples.len() as u32]);
        words.extend(triples.iter().flatten());
    }
    words.push(quads.len() as u32);
    words.extend(quads.iter().flatten());
    for key in KEYS {
        let mut entries: Vec<[u32; 3]> = (0..quads.len() as u32)
            .map(|n| {
                let q = quads[n as usize];
                if let [a, b] = key { [q[*a], q[*b], n] } else { [0, q[key[0]], n] }
            })
            .collect();
        entries.sort_unstable();
        words.extend(entries.iter().flatten());
    }
    words.push(lookup.len() as u32);
    words.extend(lookup);
    words.extend(blank_terms);
    out.extend(words.iter().flat_map(|w| w.to_le_bytes()));
    out
}
// END prepare

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::{RdfFormat, RdfParser};
    use oxigraph::model::dataset::{CanonicalizationAlgorithm, Dataset};

    const STALE: &str = "data/prepared/bundle.bin is missing or was made from other Turtle files than data/*.ttl and \
                         ontology/*.ttl: regenerate it with `cargo test --release --lib write_the_prepared_bundle -- --ignored`";

    /// The Turtle files parsed, each file's triples in the order of the file.
    fn parsed() -> Vec<(&'static str, Vec<Triple>)> {
        graph_files()
            .map(|(path, text)| {
                let triples = RdfParser::from_format(RdfFormat::Turtle)
                    .for_slice(text)
                    .map(|q| Triple::from(q.expect("the bundled Turtle parses")))
                    .collect();
                (path, triples)
            })
            .collect()
    }

    /// Writes `data/prepared/bundle.bin` from the embedded Turtle files (run after editing
    /// one, then build again).
    #[test]
    #[ignore = "writes data/prepared/bundle.bin"]
    fn write_the_prepared_bundle() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/prepared/bundle.bin");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, prepare(&parsed(), turtle_fingerprint())).unwrap();
    }

    /// Preparing is deterministic: the same Turtle gives the same bytes (blank nodes are
    /// numbered in order of appearance), so the committed file changes only with the data.
    #[test]
    fn the_committed_prepared_bundle_is_what_the_turtle_gives() {
        let bytes = prepare(&parsed(), turtle_fingerprint());
        assert!(generated::PREPARED == bytes.as_slice(), "{STALE}");
    }

    /// The prepared form holds exactly what parsing the Turtle files gives: the same
    /// files in the same order, and for each file a graph isomorphic to its parse (blank
    /// nodes compared by canonical labels).
    #[test]
    fn the_prepared_bundle_is_the_parsed_turtle_graph_by_graph() {
        let prepared = Prepared::embedded().unwrap().expect(STALE);
        let blanks = prepared.blank_nodes();
        let terms = prepared.terms(&blanks).unwrap();
        let paths: Vec<&str> = graph_files().map(|(p, _)| p).collect();
        assert_eq!(prepared.graphs().map(|(p, _)| p).collect::<Vec<_>>(), paths);
        assert!(paths.len() > 10, "the bundle has its files");
        let mut triples = 0;
        for ((path, text), (_, prepared_triples)) in graph_files().zip(prepared.graphs()) {
            let mut parsed = Dataset::new();
            for quad in RdfParser::from_format(RdfFormat::Turtle).for_slice(text) {
                parsed.insert(&quad.unwrap());
            }
            let mut loaded = Dataset::new();
            for t in prepared_triples {
                loaded.insert(triple(&terms, t).unwrap().in_graph(oxigraph::model::GraphNameRef::DefaultGraph));
            }
            assert_eq!(loaded.len(), parsed.len(), "{path}: as many triples");
            triples += loaded.len();
            parsed.canonicalize(CanonicalizationAlgorithm::Unstable);
            loaded.canonicalize(CanonicalizationAlgorithm::Unstable);
            assert!(loaded == parsed, "{path}: the prepared graph differs from the parsed file");
        }
        assert!(triples > 20_000, "{triples} triples in all");
    }

    /// Two loads give the blank nodes different ids, as two parses do.
    #[test]
    fn each_load_has_blank_nodes_of_its_own() {
        let prepared = Prepared::embedded().unwrap().expect(STALE);
        let (a, b) = (prepared.blank_nodes(), prepared.blank_nodes());
        assert!(!a.is_empty());
        assert!(a.iter().all(|x| !b.contains(x)));
        let distinct: std::collections::HashSet<_> = a.iter().collect();
        assert_eq!(distinct.len(), a.len());
        assert!(a.iter().all(|x| x.as_str().starts_with(|c: char| c.is_ascii_lowercase())), "RDF/XML node ids start with a letter");
    }
}
