//! Random datasets for the property test: pieces (plain triples, types, tangles of blank
//! nodes, lists whole or broken, chains of nested blank nodes) put together in up to four
//! graphs, with odd IRIs and literals of every kind, and what RDF/XML may refuse of them.

use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{BlankNode, GraphName, Literal, NamedOrBlankNode, Quad, Term};
use proptest::prelude::*;

use super::{ex, iri};

/// Datasets of one to five pieces.
pub fn dataset() -> impl Strategy<Value = Vec<Quad>> {
    prop::collection::vec(piece(), 1..6).prop_map(|pieces| {
        let mut builder = Builder::new();
        for piece in &pieces {
            builder.piece(piece);
        }
        builder.quads
    })
}

const SUBJECTS: &[&str] = &[
    "https://w3id.org/nkkg/id/Armenia",
    "https://w3id.org/nkkg/id/1992-war",
    "https://w3id.org/nkkg/id/a.b",
    "https://w3id.org/nkkg/id/trailing.",
    "https://w3id.org/nkkg/id/-dash",
    "https://w3id.org/nkkg/id/with/slash",
    "http://example.com/%20space%25",
    "http://example.com/ünïcödé/Ստեփանակերտ",
    "http://example.com/q?x=1&y=2#frag",
    "http://example.com/~$!*'()+,;=:@",
    "urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66",
    "http://example.com/end/",
    "tag:example.com,2024:x",
    "geo:40.1,46.8",
    "nk:odd",
];

/// Properties RDF/XML can write (their IRIs end in an XML name).
const PREDICATES: &[&str] = &[
    "https://w3id.org/nkkg/ontology#supporter",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://example.com/p",
    "http://example.com/ünï",
    "http://example.com/a/b#c-d.e",
    "http://example.com/1x",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#value",
    "urn:x:p_1",
];

/// Properties RDF/XML cannot write.
const NO_XML_NAME: &[&str] = &["http://example.com/ends/", "http://example.com/123", "http://example.com/q?x=1"];

/// Classes RDF/XML can make element names.
const CLASSES: &[&str] = &["https://w3id.org/nkkg/ontology#Support", "http://example.com/Kind", "http://www.w3.org/2002/07/owl#Thing"];

/// Characters XML 1.0 cannot hold.
const NOT_XML: &[char] = &['\u{0}', '\u{1}', '\u{8}', '\u{B}', '\u{C}', '\u{1F}', '\u{FFFE}', '\u{FFFF}'];

fn text() -> impl Strategy<Value = String> {
    let odd = prop::sample::select(vec![
        '"', '\'', '\\', '\n', '\r', '\t', 'é', '𝄞', 'ա', 'ş', '<', '>', '&', ']', '@', '#', ' ', 'a', '.', '\u{7F}', '\u{85}', '\u{200F}',
        '\u{FEFF}', '\u{2028}',
    ]);
    prop_oneof![
        2 => Just(String::new()),
        4 => "[a-zA-Z0-9 ]{0,12}",
        6 => prop::collection::vec(odd, 0..12).prop_map(|c| c.into_iter().collect()),
        1 => prop::sample::select(vec!["\"\"\"", "''' '", "ends with \\", "]]>", "-->", "\r\n"]).prop_map(str::to_owned),
        1 => ("[a-z]{0,3}", prop::sample::select(NOT_XML.to_vec())).prop_map(|(s, c)| format!("{s}{c}")),
    ]
}

fn literal() -> impl Strategy<Value = Literal> {
    let typed = prop::sample::select(vec![
        ("5", xsd::INTEGER),
        ("-3", xsd::INTEGER),
        ("+7", xsd::INTEGER),
        ("01", xsd::INTEGER),
        ("abc", xsd::INTEGER),
        ("1.50", xsd::DECIMAL),
        (".5", xsd::DECIMAL),
        ("-0.0", xsd::DECIMAL),
        ("1.", xsd::DECIMAL),
        ("true", xsd::BOOLEAN),
        ("1", xsd::BOOLEAN),
        ("1e3", xsd::DOUBLE),
        ("NaN", xsd::DOUBLE),
        ("-INF", xsd::DOUBLE),
        ("1992-05-08", xsd::DATE),
        ("1992", xsd::G_YEAR),
        ("P1D", xsd::DURATION),
        ("<b>x</b>", rdf::HTML),
        ("<a xmlns=\"http://example.com/\"/>", rdf::XML_LITERAL),
    ]);
    prop_oneof![
        4 => text().prop_map(Literal::new_simple_literal),
        3 => (text(), prop::sample::select(vec!["en", "en-GB", "hy-Latn-AM", "az", "x-private", "EN-us"]))
            .prop_map(|(v, l)| Literal::new_language_tagged_literal(v, l).unwrap()),
        3 => typed.prop_map(|(v, t)| Literal::new_typed_literal(v, t)),
        1 => (text(), prop::sample::select(vec!["http://example.com/type", "https://w3id.org/nkkg/ontology#Span", "urn:x:t"]))
            .prop_map(|(v, t)| Literal::new_typed_literal(v, iri(t))),
    ]
}

fn predicate() -> impl Strategy<Value = &'static str> {
    prop_oneof![60 => prop::sample::select(PREDICATES), 1 => prop::sample::select(NO_XML_NAME)]
}

#[derive(Clone, Debug)]
enum Value {
    Iri(&'static str),
    Literal(Literal),
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![prop::sample::select(SUBJECTS).prop_map(Value::Iri), literal().prop_map(Value::Literal)]
}

/// A list item: a value, a blank node saying one thing, a list, or a number no other item
/// of the dataset has (long lists are made of these: `Dataset::canonicalize` recurses along
/// runs of blank nodes it cannot tell apart, so the test keeps them short).
#[derive(Clone, Debug)]
enum Item {
    Value(Value),
    Node(Value),
    List(Vec<Item>),
    Numbered,
}

fn items() -> impl Strategy<Value = Vec<Item>> {
    let leaf = prop_oneof![value().prop_map(Item::Value), value().prop_map(Item::Node)];
    let item = leaf.prop_recursive(3, 24, 5, |inner| prop::collection::vec(inner, 0..5).prop_map(Item::List));
    prop_oneof![
        12 => prop::collection::vec(item, 0..8),
        1 => (1..3000usize).prop_map(|n| vec![Item::Numbered; n]),
    ]
}

/// What breaks a list: its cell number `k` (modulo the length) has an extra triple, no
/// `rdf:first`, two `rdf:rest`, is used from elsewhere too, or sits in another graph; or
/// the last `rdf:rest` is an IRI.
#[derive(Clone, Debug)]
enum Flaw {
    None,
    Extra(usize),
    NoFirst(usize),
    TwoRests(usize),
    Shared(usize),
    OtherGraph(usize),
    EndsInIri,
}

fn flaw() -> impl Strategy<Value = Flaw> {
    prop_oneof![
        6 => Just(Flaw::None),
        1 => any::<usize>().prop_map(Flaw::Extra),
        1 => any::<usize>().prop_map(Flaw::NoFirst),
        1 => any::<usize>().prop_map(Flaw::TwoRests),
        1 => any::<usize>().prop_map(Flaw::Shared),
        1 => any::<usize>().prop_map(Flaw::OtherGraph),
        1 => Just(Flaw::EndsInIri),
    ]
}

/// One part of a generated dataset; graphs are numbers 0–3 (the default graph, two named
/// graphs, one graph named by a blank node).
#[derive(Clone, Debug)]
enum Piece {
    /// Plain triples.
    Facts(Vec<(&'static str, &'static str, Value, usize)>),
    /// `subject a class`.
    Types(Vec<(&'static str, &'static str, usize)>),
    /// A few blank nodes with random edges between them (self-loops, cycles, shared
    /// nodes), values, and IRIs pointing in; node 0 may be the blank graph name.
    Tangle {
        nodes: usize,
        edges: Vec<(usize, usize, &'static str, usize)>,
        values: Vec<(usize, &'static str, Value, usize)>,
        anchors: Vec<(&'static str, &'static str, usize, usize)>,
        graph_node: bool,
    },
    /// `subject predicate ( items )`, perhaps broken, perhaps next to a sibling object.
    List { subject: &'static str, predicate: &'static str, items: Vec<Item>, flaw: Flaw, graph: usize, sibling: bool },
    /// A chain of nested blank nodes, each with a number of its own, perhaps closed into a
    /// cycle.
    Chain { length: usize, cycle: bool, graph: usize },
}

fn piece() -> impl Strategy<Value = Piece> {
    let graph = || 0..4usize;
    prop_oneof![
        3 => prop::collection::vec((prop::sample::select(SUBJECTS), predicate(), value(), graph()), 1..8).prop_map(Piece::Facts),
        1 => prop::collection::vec((prop::sample::select(SUBJECTS), prop::sample::select(CLASSES), graph()), 1..3).prop_map(Piece::Types),
        3 => (
            1..6usize,
            prop::collection::vec((any::<usize>(), any::<usize>(), predicate(), graph()), 0..10),
            prop::collection::vec((any::<usize>(), predicate(), value(), graph()), 0..4),
            prop::collection::vec((prop::sample::select(SUBJECTS), predicate(), any::<usize>(), graph()), 0..3),
            any::<bool>(),
        )
            .prop_map(|(nodes, edges, values, anchors, graph_node)| Piece::Tangle { nodes, edges, values, anchors, graph_node }),
        3 => (prop::sample::select(SUBJECTS), predicate(), items(), flaw(), graph(), any::<bool>()).prop_map(
            |(subject, predicate, items, flaw, graph, sibling)| Piece::List { subject, predicate, items, flaw, graph, sibling }
        ),
        1 => (prop_oneof![8 => 1..40usize, 1 => 1..10_001usize], any::<bool>(), graph())
            .prop_map(|(length, cycle, graph)| Piece::Chain { length, cycle, graph }),
    ]
}

/// Builds the quads of the pieces.
struct Builder {
    quads: Vec<Quad>,
    graphs: [GraphName; 4],
    next: usize,
}

impl Builder {
    fn new() -> Self {
        let graphs = [
            GraphName::DefaultGraph,
            iri("https://w3id.org/nkkg/graph/data/actors.ttl").into(),
            iri("http://example.com/graph/ünï?x=1").into(),
            BlankNode::new("graph").unwrap().into(),
        ];
        Builder { quads: Vec::new(), graphs, next: 0 }
    }

    fn blank(&mut self) -> BlankNode {
        self.next += 1;
        BlankNode::new(format!("n{}", self.next)).unwrap()
    }

    /// A number no other call gives.
    fn number(&mut self) -> Literal {
        self.next += 1;
        Literal::from(self.next as i64)
    }

    fn add(&mut self, s: impl Into<NamedOrBlankNode>, p: &str, o: impl Into<Term>, graph: usize) {
        self.quads.push(Quad::new(s, iri(p), o, self.graphs[graph % 4].clone()));
    }

    fn term(value: &Value) -> Term {
        match value {
            Value::Iri(i) => iri(i).into(),
            Value::Literal(l) => l.clone().into(),
        }
    }

    fn item(&mut self, item: &Item, graph: usize) -> Term {
        match item {
            Item::Value(v) => Self::term(v),
            Item::Node(v) => {
                let b = self.blank();
                self.add(b.clone(), "http://example.com/says", Self::term(v), graph);
                b.into()
            }
            Item::List(items) => self.list(items, &Flaw::None, graph),
            Item::Numbered => self.number().into(),
        }
    }

    fn list(&mut self, items: &[Item], flaw: &Flaw, graph: usize) -> Term {
        if items.is_empty() {
            return rdf::NIL.into_owned().into();
        }
        let cells: Vec<BlankNode> = items.iter().map(|_| self.blank()).collect();
        let at = |k: &usize| k % cells.len();
        for (i, (cell, item)) in cells.iter().zip(items).enumerate() {
            let value = self.item(item, graph);
            let cell_graph = if matches!(flaw, Flaw::OtherGraph(k) if at(k) == i) { graph + 1 } else { graph };
            if !matches!(flaw, Flaw::NoFirst(k) if at(k) == i) {
                self.add(cell.clone(), rdf::FIRST.as_str(), value, cell_graph);
            }
            let rest: Term = match cells.get(i + 1) {
                Some(next) => next.clone().into(),
                None if matches!(flaw, Flaw::EndsInIri) => ex("not-nil").into(),
                None => rdf::NIL.into_owned().into(),
            };
            self.add(cell.clone(), rdf::REST.as_str(), rest, cell_graph);
            match flaw {
                Flaw::Extra(k) if at(k) == i => self.add(cell.clone(), "http://example.com/extra", ex("x"), cell_graph),
                Flaw::TwoRests(k) if at(k) == i => self.add(cell.clone(), rdf::REST.as_str(), ex("other"), cell_graph),
                Flaw::Shared(k) if at(k) == i => self.add(ex("shared"), "http://example.com/p", cell.clone(), cell_graph),
                _ => {}
            }
        }
        cells[0].clone().into()
    }

    fn piece(&mut self, piece: &Piece) {
        match piece {
            Piece::Facts(facts) => {
                for (s, p, o, g) in facts {
                    self.add(iri(s), p, Self::term(o), *g);
                }
            }
            Piece::Types(types) => {
                for (s, class, g) in types {
                    self.add(iri(s), rdf::TYPE.as_str(), iri(class), *g);
                }
            }
            Piece::Tangle { nodes, edges, values, anchors, graph_node } => {
                let graph_name = match &self.graphs[3] {
                    GraphName::BlankNode(g) if *graph_node => Some(g.clone()),
                    _ => None,
                };
                let nodes: Vec<BlankNode> =
                    (0..*nodes).map(|i| if i == 0 { graph_name.clone() } else { None }.unwrap_or_else(|| self.blank())).collect();
                for (a, b, p, g) in edges {
                    self.add(nodes[a % nodes.len()].clone(), p, nodes[b % nodes.len()].clone(), *g);
                }
                for (a, p, v, g) in values {
                    self.add(nodes[a % nodes.len()].clone(), p, Self::term(v), *g);
                }
                for (s, p, a, g) in anchors {
                    self.add(iri(s), p, nodes[a % nodes.len()].clone(), *g);
                }
            }
            Piece::List { subject, predicate, items, flaw, graph, sibling } => {
                let head = self.list(items, flaw, *graph);
                self.add(iri(subject), predicate, head, *graph);
                if *sibling {
                    self.add(iri(subject), predicate, ex("sibling"), *graph);
                }
            }
            Piece::Chain { length, cycle, graph } => {
                let nodes: Vec<BlankNode> = (0..*length).map(|_| self.blank()).collect();
                self.add(ex("chain"), "http://example.com/p", nodes[0].clone(), *graph);
                for (i, node) in nodes.iter().enumerate() {
                    let number = self.number();
                    self.add(node.clone(), "http://example.com/n", number, *graph);
                    if let Some(next) = nodes.get(i + 1) {
                        self.add(node.clone(), "http://example.com/next", next.clone(), *graph);
                    }
                }
                if *cycle {
                    self.add(nodes[nodes.len() - 1].clone(), "http://example.com/next", nodes[0].clone(), *graph);
                }
            }
        }
    }
}

/// Whether RDF/XML may refuse the quads: a literal with a character XML cannot hold, or a
/// property that is no XML name.
pub fn rdfxml_refusable(quads: &[Quad]) -> bool {
    quads.iter().any(|q| {
        NO_XML_NAME.contains(&q.predicate.as_str()) || matches!(&q.object, Term::Literal(l) if l.value().chars().any(|c| NOT_XML.contains(&c)))
    })
}
