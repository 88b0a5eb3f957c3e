//! Export fidelity (issue 13, item 3): every export format reads back, with Oxigraph's
//! parsers, as the data that was exported, up to blank node labels (both sides compared
//! after `Dataset::canonicalize`). A property test generates datasets with blank-node
//! cycles, self-loops, shared blank nodes, long, nested and broken lists, chains of up to
//! 10,000 nested blank nodes, literals of every kind, odd IRIs and several graphs (one named
//! by a blank node). Regression tests pin each case of the issue: a self-loop, a 2-cycle, a
//! 100,000-item list, a 20,000-item list next to a sibling object (through the built binary
//! and on a test thread's stack), U+0000 in RDF/XML; and what the store itself changes.

use std::collections::BTreeSet;

use nkkg::export;
use nkkg::formats::GraphFormat;
use nkkg::store::GraphStore;
use nkkg::turtle::canonical_blank_nodes;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{BlankNode, Dataset, GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::store::Store;
use proptest::prelude::*;
use proptest::test_runner::Config;

use crate::common::{self, canonical};

mod datasets;

// ---------------------------------------------------------------------------------------
// Helpers

fn iri(s: &str) -> NamedNode {
    NamedNode::new(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn ex(local: &str) -> NamedNode {
    iri(&format!("http://example.com/{local}"))
}

fn exported(quads: &[Quad], format: GraphFormat) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    export::write(quads, format, &mut out)?;
    Ok(out)
}

fn parse(bytes: &[u8], format: GraphFormat) -> Vec<Quad> {
    RdfParser::from_format(format.rdf_format())
        .for_slice(bytes)
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("{format:?} output does not parse: {e}\n{}", excerpt(bytes)))
}

fn excerpt(bytes: &[u8]) -> String {
    String::from_utf8_lossy(&bytes[..bytes.len().min(3000)]).into_owned()
}

/// What a format holds of `quads`: all of them, or their triples in the default graph.
fn held(quads: &[Quad], format: GraphFormat) -> Vec<Quad> {
    if format.supports_datasets() {
        quads.to_vec()
    } else {
        quads.iter().map(|q| Quad::new(q.subject.clone(), q.predicate.clone(), q.object.clone(), GraphName::DefaultGraph)).collect()
    }
}

/// Asserts that `got` is `expected` (canonicalized) up to blank node labels, listing a few
/// differences.
fn assert_isomorphic(expected: &Dataset, got: Vec<Quad>, what: &str, output: &[u8]) {
    let got = canonical(got);
    if *expected != got {
        let lines = |d: &Dataset| d.iter().map(|q| q.to_string()).collect::<BTreeSet<String>>();
        let (e, g) = (lines(expected), lines(&got));
        let missing: Vec<&String> = e.difference(&g).take(8).collect();
        let extra: Vec<&String> = g.difference(&e).take(8).collect();
        panic!(
            "{what}: {} quads written, {} read back\nmissing: {missing:#?}\nextra: {extra:#?}\noutput:\n{}",
            expected.len(),
            got.len(),
            excerpt(output)
        );
    }
}

/// Exports `quads` in every format and checks each reads back as the same data; RDF/XML
/// may be refused only when `rdfxml_refusable`, and then with a sentence.
fn round_trip_everywhere(quads: &[Quad], rdfxml_refusable: bool) {
    let as_dataset = canonical(held(quads, GraphFormat::NQuads));
    let as_graph = canonical(held(quads, GraphFormat::NTriples));
    for format in GraphFormat::ALL {
        match exported(quads, format) {
            Ok(out) => {
                let expected = if format.supports_datasets() { &as_dataset } else { &as_graph };
                assert_isomorphic(expected, parse(&out, format), &format!("{format:?}"), &out);
            }
            Err(e) if format == GraphFormat::RdfXml && rdfxml_refusable => {
                let message = e.to_string();
                assert!(message.starts_with("RDF/XML cannot") || message.starts_with("RDF/XML keeps"), "{message}");
                assert!(message.ends_with("export as Turtle, TriG, N-Triples, N-Quads or JSON-LD instead"), "{message}");
            }
            Err(e) => panic!("{format:?} export failed: {e:#}"),
        }
    }
}

/// `:s :p ( 0 1 … n-1 )` with integer items, in the default graph.
fn integer_list(n: usize) -> Vec<Quad> {
    let cells: Vec<BlankNode> = (0..n).map(|i| BlankNode::new(format!("l{i}")).unwrap()).collect();
    let mut quads = vec![Quad::new(ex("s"), ex("p"), cells[0].clone(), GraphName::DefaultGraph)];
    for (i, cell) in cells.iter().enumerate() {
        quads.push(Quad::new(cell.clone(), rdf::FIRST, Literal::from(i as i64), GraphName::DefaultGraph));
        let rest: Term = cells.get(i + 1).map_or_else(|| rdf::NIL.into_owned().into(), |c| c.clone().into());
        quads.push(Quad::new(cell.clone(), rdf::REST, rest, GraphName::DefaultGraph));
    }
    quads
}

/// Follows the list that `subject predicate` points at and returns its items, checking
/// every cell has exactly one `rdf:first` and one `rdf:rest`.
fn list_items(quads: &[Quad], subject: &NamedNode, predicate: &NamedNode) -> Vec<Term> {
    let mut by_subject: std::collections::HashMap<&NamedOrBlankNode, Vec<&Quad>> = std::collections::HashMap::new();
    for q in quads {
        by_subject.entry(&q.subject).or_default().push(q);
    }
    let subject: NamedOrBlankNode = subject.clone().into();
    let heads: Vec<&Term> = by_subject[&subject].iter().filter(|q| q.predicate == *predicate).map(|q| &q.object).collect();
    let mut cell = heads.iter().find(|o| matches!(o, Term::BlankNode(_))).map(|o| (*o).clone()).expect("a list head");
    let mut items = Vec::new();
    while let Term::BlankNode(b) = &cell {
        let triples = &by_subject[&NamedOrBlankNode::from(b.clone())];
        assert_eq!(triples.len(), 2, "a cell has rdf:first and rdf:rest only");
        items.push(triples.iter().find(|q| q.predicate == rdf::FIRST).expect("rdf:first").object.clone());
        cell = triples.iter().find(|q| q.predicate == rdf::REST).expect("rdf:rest").object.clone();
    }
    assert_eq!(cell, Term::from(rdf::NIL.into_owned()));
    items
}

// ---------------------------------------------------------------------------------------
// Regression tests for the cases of the issue

#[test]
fn a_self_loop_survives_every_format() {
    let [a, b] = ["a", "b"].map(|l| BlankNode::new(l).unwrap());
    let g = GraphName::DefaultGraph;
    let quads = vec![
        // Nothing points at `a` but itself: its one use as an object is its own.
        Quad::new(a.clone(), ex("self"), a.clone(), g.clone()),
        Quad::new(a.clone(), ex("label"), Literal::new_simple_literal("loop"), g.clone()),
        // `b` is used by a subject and by itself.
        Quad::new(ex("s"), ex("p"), b.clone(), g.clone()),
        Quad::new(b.clone(), ex("self"), b.clone(), g),
    ];
    let quads = canonical_blank_nodes(quads);
    round_trip_everywhere(&quads, false);
    let turtle = String::from_utf8(exported(&quads, GraphFormat::Turtle).unwrap()).unwrap();
    assert_eq!(turtle.matches("\n_:b").count(), 2, "both loops are labelled statements: {turtle}");
}

#[test]
fn a_two_cycle_and_a_cycle_alone_survive_every_format() {
    let [a, b, c, d] = ["a", "b", "c", "d"].map(|l| BlankNode::new(l).unwrap());
    let g = GraphName::DefaultGraph;
    let quads = vec![
        Quad::new(ex("s"), ex("p"), a.clone(), g.clone()),
        Quad::new(a.clone(), ex("next"), b.clone(), g.clone()),
        Quad::new(b.clone(), ex("next"), a.clone(), g.clone()),
        // A cycle nothing points into, with the same shape twice.
        Quad::new(c.clone(), ex("next"), d.clone(), g.clone()),
        Quad::new(d.clone(), ex("next"), c.clone(), g),
    ];
    round_trip_everywhere(&canonical_blank_nodes(quads), false);
}

#[test]
fn a_hundred_thousand_item_list_comes_back_whole_and_in_order() {
    let quads = canonical_blank_nodes(integer_list(100_000));
    assert_eq!(quads.len(), 200_001);
    for format in GraphFormat::ALL {
        let out = exported(&quads, format).unwrap();
        let back = parse(&out, format);
        assert_eq!(back.len(), 200_001, "{format:?}");
        let items = list_items(&back, &ex("s"), &ex("p"));
        assert!(items.iter().enumerate().all(|(i, item)| *item == Literal::from(i as i64).into()), "{format:?}: items out of order");
    }
}

/// Runs on a test thread (2 MiB of stack): a writer that recursed once per list cell would
/// overflow it and take the whole test binary down.
#[test]
fn a_twenty_thousand_item_list_next_to_a_sibling_is_written_without_deep_recursion() {
    let mut quads = integer_list(20_000);
    quads.push(Quad::new(ex("s"), ex("p"), ex("sibling"), GraphName::DefaultGraph));
    let store = GraphStore::from_parts(Store::new().unwrap());
    let graph = ex("g");
    store.store().extend(quads.iter().map(|q| Quad::new(q.subject.clone(), q.predicate.clone(), q.object.clone(), graph.clone()))).unwrap();
    // What `GET /store?graph=…` does.
    let collected = export::collect_in_default_graph(&store, Some(&graph)).unwrap();
    for format in GraphFormat::ALL {
        let out = exported(&collected, format).unwrap();
        assert_eq!(parse(&out, format).len(), 40_002, "{format:?}");
    }
}

/// The same through `nkkg load` and `nkkg export`, in separate processes, for the formats
/// of the project's own writer.
#[test]
fn nkkg_export_writes_a_twenty_thousand_item_list_next_to_a_sibling() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("list.nt");
    let mut text: String = integer_list(20_000).iter().map(|q| format!("{q} .\n")).collect();
    text.push_str("<http://example.com/s> <http://example.com/p> <http://example.com/sibling> .\n");
    std::fs::write(&file, text).unwrap();
    let store = dir.path().join("db");
    let store = store.to_str().unwrap();
    common::ok(common::nkkg(&["load", file.to_str().unwrap(), "--store", store, "--graph", "http://example.com/g"]));
    for format in [GraphFormat::Turtle, GraphFormat::TriG] {
        let name = format!("{format:?}").to_lowercase();
        let out = common::nkkg(&["export", "--store", store, "--graph", "http://example.com/g", "--format", &name]);
        let out = common::ok(out);
        let back = parse(out.as_bytes(), format);
        assert_eq!(back.len(), 40_002, "{name}");
        assert_eq!(list_items(&back, &ex("s"), &ex("p")).len(), 20_000, "{name}");
    }
}

#[test]
fn a_chain_of_ten_thousand_nested_blank_nodes_comes_back_whole() {
    let nodes: Vec<BlankNode> = (0..10_000).map(|i| BlankNode::new(format!("c{i}")).unwrap()).collect();
    let mut quads = vec![Quad::new(ex("s"), ex("p"), nodes[0].clone(), GraphName::DefaultGraph)];
    for (i, pair) in nodes.windows(2).enumerate() {
        quads.push(Quad::new(pair[0].clone(), ex("next"), pair[1].clone(), GraphName::DefaultGraph));
        quads.push(Quad::new(pair[0].clone(), ex("n"), Literal::from(i as i64), GraphName::DefaultGraph));
    }
    let quads = canonical_blank_nodes(quads);
    round_trip_everywhere(&quads, false);
    let turtle = String::from_utf8(exported(&quads, GraphFormat::Turtle).unwrap()).unwrap();
    let deepest = turtle.lines().map(|l| l.len() - l.trim_start().len()).max().unwrap();
    assert!(deepest <= 4 * 34, "nesting is capped: {deepest} spaces of indentation");
}

#[test]
fn rdfxml_refuses_a_literal_with_u0000_and_names_it() {
    let quads = vec![Quad::new(ex("s"), ex("p"), Literal::new_simple_literal("nul \u{0} here"), GraphName::DefaultGraph)];
    let error = exported(&quads, GraphFormat::RdfXml).unwrap_err().to_string();
    assert_eq!(
        error,
        "RDF/XML cannot hold the character U+0000 in the literal \"nul \\u0000 here\" (object of <http://example.com/s> <http://example.com/p>); export as Turtle, TriG, N-Triples, N-Quads or JSON-LD instead"
    );
    for c in ['\u{1}', '\u{B}', '\u{1F}', '\u{FFFE}', '\u{FFFF}'] {
        let quads = vec![Quad::new(ex("s"), ex("p"), Literal::new_language_tagged_literal(format!("x{c}"), "en").unwrap(), GraphName::DefaultGraph)];
        let error = exported(&quads, GraphFormat::RdfXml).unwrap_err().to_string();
        assert!(error.contains(&format!("U+{:04X}", c as u32)), "{error}");
    }
    // The other formats hold it.
    round_trip_everywhere(&quads, true);
}

#[test]
fn rdfxml_refuses_properties_and_element_classes_that_are_no_xml_names() {
    let g = GraphName::DefaultGraph;
    for predicate in ["http://example.com/ends/", "http://example.com/123", "http://example.com/q?x=1", "http://www.w3.org/1999/02/22-rdf-syntax-ns#li"] {
        let quads = vec![Quad::new(ex("s"), iri(predicate), ex("o"), g.clone())];
        let error = exported(&quads, GraphFormat::RdfXml).unwrap_err().to_string();
        assert!(error.contains(predicate), "{error}");
        round_trip_everywhere(&quads, true);
    }
    let typed = vec![Quad::new(ex("s"), rdf::TYPE, ex("Class/"), g.clone())];
    let error = exported(&typed, GraphFormat::RdfXml).unwrap_err().to_string();
    assert!(error.starts_with("RDF/XML cannot write <http://example.com/s> a <http://example.com/Class/>"), "{error}");
    // Such a class is fine where the writer does not make it an element.
    let typed = vec![Quad::new(ex("s"), ex("a"), ex("o"), g.clone()), Quad::new(ex("s"), rdf::TYPE, ex("Class/"), g)];
    round_trip_everywhere(&typed, false);
}

#[test]
fn nkkg_export_refuses_rdfxml_before_it_creates_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("data.ttl");
    std::fs::write(&file, "<http://example.com/s> <http://example.com/p> \"a\\u0000b\" .\n").unwrap();
    let store = dir.path().join("db");
    let store = store.to_str().unwrap();
    common::ok(common::nkkg(&["load", file.to_str().unwrap(), "--store", store, "--graph", "http://example.com/g"]));
    let target = dir.path().join("out.rdf");
    let out = common::nkkg(&["export", "--store", store, "--graph", "http://example.com/g", "--format", "rdfxml", "-o", target.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(common::stderr(&out).contains("RDF/XML cannot hold the character U+0000"), "{}", common::stderr(&out));
    assert!(!target.exists(), "no file is left behind");
    let nt = common::ok(common::nkkg(&["export", "--store", store, "--graph", "http://example.com/g", "--format", "nt"]));
    assert_eq!(nt, "<http://example.com/s> <http://example.com/p> \"a\\u0000b\" .\n");
}

#[test]
fn store_made_labels_that_are_no_xml_names_are_renamed_for_rdfxml() {
    // Oxigraph labels blank nodes with hexadecimal numbers, which may start with a digit;
    // the entity pages export such quads as they come from the store.
    let (a, b) = (BlankNode::new("0a1b").unwrap(), BlankNode::new("9f").unwrap());
    let g = GraphName::DefaultGraph;
    let quads = vec![
        Quad::new(ex("s"), ex("p"), a.clone(), g.clone()),
        Quad::new(a.clone(), ex("q"), b.clone(), g.clone()),
        Quad::new(b.clone(), ex("q"), a, g),
    ];
    round_trip_everywhere(&quads, false);
}

/// `geo:` is both a URI scheme (RFC 5870) and a project prefix, as are `nk:` and `xsd:`:
/// no format may read such an IRI as a prefixed name.
#[test]
fn iris_whose_scheme_is_a_project_prefix_stay_whole() {
    let quads = vec![
        Quad::new(ex("place"), ex("at"), iri("geo:40.1,46.8"), GraphName::DefaultGraph),
        Quad::new(iri("nk:odd"), iri("nke:pred"), Literal::new_typed_literal("x", iri("xsd:custom")), GraphName::DefaultGraph),
    ];
    round_trip_everywhere(&quads, false);
}

/// What the README's export section says the store changes: literals are stored by value,
/// language tags lower-cased.
#[test]
fn the_store_keeps_literals_by_value_and_language_tags_lower_cased() {
    let store = GraphStore::from_parts(Store::new().unwrap());
    store
        .store()
        .load_from_slice(RdfFormat::Turtle, r#"<http://example.com/s> <http://example.com/p> "01"^^<http://www.w3.org/2001/XMLSchema#integer>, "1"^^<http://www.w3.org/2001/XMLSchema#integer>, "colour"@en-GB ."#.as_bytes())
        .unwrap();
    let quads = export::collect(&store, None).unwrap();
    let objects: BTreeSet<String> = quads.iter().map(|q| q.object.to_string()).collect();
    let expected: BTreeSet<String> =
        [Literal::new_typed_literal("1", xsd::INTEGER).to_string(), "\"colour\"@en-gb".to_owned()].into_iter().collect();
    assert_eq!(objects, expected);
}

// ---------------------------------------------------------------------------------------
// Property test (the datasets are made in `export_fidelity/datasets.rs`)

proptest! {
    #![proptest_config(Config { cases: 64, failure_persistence: None, ..Config::default() })]

    /// Every format reads back as the exported data, after the export's own relabelling.
    #[test]
    fn every_format_reads_back_as_the_exported_data(quads in datasets::dataset()) {
        let quads = canonical_blank_nodes(quads);
        let refusable = datasets::rdfxml_refusable(&quads);
        round_trip_everywhere(&quads, refusable);
        if !refusable {
            prop_assert!(exported(&quads, GraphFormat::RdfXml).is_ok(), "RDF/XML refused writable data");
        }
    }
}
