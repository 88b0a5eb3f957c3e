//! The files embedded in the binary at build time (see `build.rs`): the ontology, the
//! curated data and the named queries — as text, and the graph also in a prepared form
//! (`data/prepared/bundle.bin`) that the store loads at start without parsing (issue 16:
//! the first answer within 25 ms of process start).
//!
//! The prepared form holds the Turtle files parsed once, as interned strings and terms and
//! each file's triples as term numbers, in the order of the file. Its layout, integers
//! `u32` little-endian unless said:
//!
//! ```text
//! "NKKGBND1", fingerprint (u64)           magic and version; the Turtle it was made from
//! string count S, S end offsets, byte length, UTF-8 bytes padded to 4
//! blank node count
//! term count T, T × (kind, a, b)          kinds below
//! file count G, G × (path string, triple count N, N × (subject, predicate, object))
//! ```
//!
//! Term kinds: 0 IRI (a = string), 1 blank node (a = its number), 2 simple literal
//! (a = value), 3 language-tagged literal (a = value, b = language), 4 typed literal
//! (a = value, b = datatype IRI); unused fields are 0. It is used only while its
//! fingerprint is that of the embedded Turtle files (`build.rs`); after an edit of a
//! Turtle file, regenerate it with
//! `cargo test --release --lib write_the_prepared_bundle -- --ignored`
//! (the store parses the Turtle meanwhile, and a test fails until then).

use std::collections::HashMap;

use oxigraph::model::{BlankNode, LiteralRef, NamedNodeRef, NamedOrBlankNodeRef, Term, TermRef, Triple, TripleRef};

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

/// The prepared form of the bundled graph (see the module's documentation). Loading it
/// needs no parsing: the strings are borrowed from the binary, and only the blank nodes
/// are made anew (see [`Prepared::blank_nodes`]).
pub struct Prepared {
    strings: Vec<&'static str>,
    blank_count: usize,
    terms: &'static [u8],
    graphs: Vec<(&'static str, &'static [u8])>,
}

/// Why the prepared bundle cannot be read: a fault of the build, never of the user's data.
#[derive(Debug, thiserror::Error)]
#[error("the bundled graph prepared at build time is damaged ({0}); rebuild nkkg from a clean checkout")]
pub struct PreparedError(&'static str);

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

fn word(bytes: &[u8], index: usize) -> u32 {
    u32::from_le_bytes([bytes[4 * index], bytes[4 * index + 1], bytes[4 * index + 2], bytes[4 * index + 3]])
}

impl Prepared {
    /// Reads the prepared bundle embedded in the binary, checking its layout; `None` when
    /// there is none or it was made from other Turtle files than the embedded ones.
    pub fn embedded() -> Result<Option<Self>, PreparedError> {
        Self::decode(generated::PREPARED, generated::TURTLE_FINGERPRINT)
    }

    /// Reads a prepared bundle made from Turtle files of fingerprint `fingerprint`.
    pub fn decode(bytes: &'static [u8], fingerprint: u64) -> Result<Option<Self>, PreparedError> {
        let Some(rest) = bytes.strip_prefix(b"NKKGBND1") else { return Ok(None) };
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
        let mut strings = Vec::with_capacity(count);
        let mut start = 0;
        for i in 0..count {
            let end = word(ends, i) as usize;
            strings.push(text.get(start..end).ok_or(PreparedError("a string is out of bounds"))?);
            start = end;
        }
        let blank_count = words.count()?;
        let term_count = words.count()?;
        let terms = words.take(12 * term_count)?;
        let graph_count = words.count()?;
        let mut graphs = Vec::with_capacity(graph_count);
        for _ in 0..graph_count {
            let path = *strings.get(words.count()?).ok_or(PreparedError("a file name is out of bounds"))?;
            let triples = words.count()?;
            graphs.push((path, words.take(12 * triples)?));
        }
        Ok(Some(Self { strings, blank_count, terms, graphs }))
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
        let string = |i: u32| self.strings.get(i as usize).copied().ok_or(PreparedError("a string number is out of bounds"));
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
        self.graphs.iter().map(|&(path, triples)| {
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
        graphs.push((interner.string(path), triples));
    }
    let mut out: Vec<u8> = b"NKKGBND1".to_vec();
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
    for (path, triples) in &graphs {
        words.push(*path);
        words.push(triples.len() as u32);
        words.extend(triples.iter().flatten());
    }
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
