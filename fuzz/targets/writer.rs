//! The `writer` target: an arbitrary dataset decoded from the input's bytes (IRIs, blank
//! nodes that share, loop and nest, lists, literals of every kind, several graphs), exported
//! in every format with `nkkg::export` and read back with Oxigraph's parsers. Oracles: each
//! output reads back as the dataset (the triple formats as its triples) up to blank node
//! labels, and a refused export says what to do instead.

use nkkg::export;
use nkkg::formats::GraphFormat;
use oxigraph::model::dataset::CanonicalizationAlgorithm;
use oxigraph::model::vocab::rdf;
use oxigraph::model::{BlankNode, Dataset, GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::io::RdfParser;

use super::Target;

/// The `writer` target (stateless).
pub struct Writer;

/// IRIs, some of them awkward for prefixed names and XML names.
const IRIS: &[&str] = &[
    "http://example.com/a", "http://example.com/b", "http://example.com/p", "http://example.com/q",
    "https://w3id.org/nkkg/id/Armenia", "https://w3id.org/nkkg/ontology#partOf", "http://example.com/ends.",
    "http://example.com/with-dash-", "http://example.com/1digit", "http://example.com/%20", "http://example.com/é",
    "http://example.com/a#", "urn:x:y", "http://example.com/", "http://example.com/p_q", "http://example.com/\u{1F600}",
];

/// Characters literals are made of: quotes, escapes, controls, non-characters, astral.
const CHARS: &[char] = &[
    'a', 'Z', '0', ' ', '"', '\'', '\\', '\n', '\r', '\t', '\u{0}', '\u{1}', '\u{7f}', '\u{85}', '\u{2028}', '\u{fffe}',
    '\u{10ffff}', 'é', '\u{1F600}', '<', '>', '&', ']', '}', '@', '^', '.', ';', '#',
];

/// Datatypes of typed literals.
const DATATYPES: &[&str] = &[
    "http://www.w3.org/2001/XMLSchema#integer", "http://www.w3.org/2001/XMLSchema#decimal",
    "http://www.w3.org/2001/XMLSchema#double", "http://www.w3.org/2001/XMLSchema#boolean",
    "http://www.w3.org/2001/XMLSchema#date", "http://www.w3.org/2001/XMLSchema#string", "http://example.com/dt",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral", "http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON",
];

/// Lexical forms, valid and not, for typed literals.
const LEXICAL: &[&str] = &["01", "-0", "+5", "1.50", "1e3", "NaN", "INF", "true", "1", "2020-13-45", "", " x ", "<a/>", "{}"];

/// Reads the input one byte at a time, as 0 once it is used up.
struct Bytes<'a>(std::slice::Iter<'a, u8>);

impl Bytes<'_> {
    fn byte(&mut self) -> usize {
        self.0.next().copied().unwrap_or(0) as usize
    }

    fn pick<'t, T>(&mut self, items: &'t [T]) -> &'t T {
        &items[self.byte() % items.len()]
    }

    fn iri(&mut self) -> NamedNode {
        NamedNode::new(*self.pick(IRIS)).expect("the IRIs are valid")
    }

    /// One of four blank nodes: enough for cycles, self-loops and sharing, and few enough
    /// for the canonicalization that compares the datasets on symmetric shapes.
    fn blank(&mut self) -> BlankNode {
        BlankNode::new(format!("b{}", self.byte() % 4)).expect("a valid label")
    }

    fn literal(&mut self) -> Literal {
        let kind = self.byte() % 4;
        let length = self.byte() % 12;
        let value: String = (0..length).map(|_| *self.pick(CHARS)).collect();
        match kind {
            0 => Literal::new_simple_literal(value),
            1 => {
                let tag = *self.pick(&["en", "en-GB", "hy", "x-a1", "de-1996"]);
                Literal::new_language_tagged_literal(value, tag).expect("the tags are valid")
            }
            _ => {
                let lexical = if kind == 2 { value } else { (*self.pick(LEXICAL)).to_owned() };
                Literal::new_typed_literal(lexical, NamedNode::new(*self.pick(DATATYPES)).expect("valid datatypes"))
            }
        }
    }

    fn subject(&mut self) -> NamedOrBlankNode {
        if self.byte() % 2 == 0 {
            self.iri().into()
        } else {
            self.blank().into()
        }
    }

    fn object(&mut self) -> Term {
        match self.byte() % 3 {
            0 => self.iri().into(),
            1 => self.blank().into(),
            _ => self.literal().into(),
        }
    }

    fn graph(&mut self) -> GraphName {
        match self.byte() % 4 {
            0 | 1 => GraphName::DefaultGraph,
            2 => self.iri().into(),
            _ => self.blank().into(),
        }
    }
}

/// The dataset an input stands for: a sequence of quads and of lists (`rdf:first` and
/// `rdf:rest` chains, sometimes broken or shared).
fn dataset(input: &[u8]) -> Vec<Quad> {
    let mut bytes = Bytes(input.iter());
    let mut quads = Vec::new();
    let mut lists = 0;
    while bytes.0.len() > 0 {
        if bytes.byte() % 8 == 0 {
            // a list of up to 300 items from a subject
            let (subject, predicate, graph) = (bytes.subject(), bytes.iri(), bytes.graph());
            let length = bytes.byte() * 300 / 256;
            lists += 1;
            let cells: Vec<BlankNode> = (0..length).map(|i| BlankNode::new(format!("l{lists}x{i}")).expect("a valid label")).collect();
            let head: Term = cells.first().map_or_else(|| rdf::NIL.into_owned().into(), |c| c.clone().into());
            quads.push(Quad::new(subject, predicate, head, graph.clone()));
            for (i, cell) in cells.iter().enumerate() {
                // items differ from list to list: identical lists would make the comparison's
                // canonicalization explore every way of matching them
                let item: Term = if i % 7 == 3 { bytes.object() } else { Literal::from((lists * 1000 + i) as i64).into() };
                quads.push(Quad::new(cell.clone(), rdf::FIRST, item, graph.clone()));
                let rest: Term = cells.get(i + 1).map_or_else(|| rdf::NIL.into_owned().into(), |c| c.clone().into());
                quads.push(Quad::new(cell.clone(), rdf::REST, rest, graph.clone()));
            }
        } else {
            let (subject, predicate, object, graph) = (bytes.subject(), bytes.iri(), bytes.object(), bytes.graph());
            let predicate = if bytes.byte() % 16 == 0 { rdf::TYPE.into_owned() } else { predicate };
            quads.push(Quad::new(subject, predicate, object, graph));
        }
    }
    quads
}

fn canonical(quads: impl IntoIterator<Item = Quad>) -> Dataset {
    let mut dataset: Dataset = quads.into_iter().collect();
    dataset.canonicalize(CanonicalizationAlgorithm::Unstable);
    dataset
}

impl Target for Writer {
    fn run(&mut self, input: &[u8]) -> String {
        let quads = dataset(input);
        let as_dataset = canonical(quads.iter().cloned());
        let as_graph = canonical(quads.iter().map(|q| Quad::new(q.subject.clone(), q.predicate.clone(), q.object.clone(), GraphName::DefaultGraph)));
        let mut refused = Vec::new();
        for format in GraphFormat::ALL {
            let mut out = Vec::new();
            if let Err(e) = export::write(&quads, format, &mut out) {
                let message = format!("{e:#}");
                assert!(message.ends_with("instead"), "{format:?} refused without saying what to do: {message}");
                refused.push(format!("{format:?}"));
                continue;
            }
            let read: Vec<Quad> = RdfParser::from_format(format.rdf_format())
                .for_slice(&out)
                .collect::<Result<_, _>>()
                .unwrap_or_else(|e| panic!("{format:?} output does not parse: {e}\n{}", String::from_utf8_lossy(&out)));
            let expected = if format.supports_datasets() { &as_dataset } else { &as_graph };
            let got = canonical(read);
            if *expected != got {
                let missing: Vec<String> = expected.iter().filter(|q| !got.contains(*q)).take(5).map(|q| q.to_string()).collect();
                let extra: Vec<String> = got.iter().filter(|q| !expected.contains(*q)).take(5).map(|q| q.to_string()).collect();
                panic!("{format:?} does not read back as written\nmissing {missing:#?}\nextra {extra:#?}\n{}", String::from_utf8_lossy(&out));
            }
        }
        format!("{} quads, refused {refused:?}", quads.len().min(50) / 10)
    }
}
