//! End-to-end tests of `nkkg query`: every output format parsed back with Oxigraph's own
//! parsers and compared with the store, parameters, named queries, and error paths.

use crate::common;

use common::{canonical, nkkg, nkkg_stdin, ok, stderr};
use nkkg::formats::GraphFormat;
use nkkg::query;
use nkkg::store::GraphStore;
use oxigraph::io::RdfParser;
use oxigraph::model::Dataset;
use oxigraph::model::{GraphName, Term};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsParser, ReaderQueryResultsParserOutput};
use oxigraph::sparql::QueryResults;

const SELECT: &str = "SELECT ?c ?label (COUNT(?p) AS ?n) ?comment WHERE { ?c a owl:Class ; rdfs:label ?label OPTIONAL { ?p rdfs:domain ?c } OPTIONAL { ?c rdfs:comment ?comment FILTER(CONTAINS(?comment, \"evidence\")) } } GROUP BY ?c ?label ?comment ORDER BY ?c";
const CONSTRUCT: &str = "CONSTRUCT { ?c rdfs:label ?l ; a owl:Class } WHERE { ?c a owl:Class ; rdfs:label ?l }";

fn expected_rows(sparql: &str) -> Vec<Vec<Option<Term>>> {
    let store = GraphStore::bundled().unwrap();
    let QueryResults::Solutions(s) = query::execute(&store, sparql, &[], None).unwrap() else { panic!() };
    let vars = s.variables().to_vec();
    s.map(|s| {
        let s = s.unwrap();
        vars.iter().map(|v| s.get(v).cloned()).collect()
    })
    .collect()
}


fn expected_graph(sparql: &str) -> Dataset {
    let store = GraphStore::bundled().unwrap();
    let QueryResults::Graph(t) = query::execute(&store, sparql, &[], None).unwrap() else { panic!() };
    canonical(t.map(|t| t.unwrap().in_graph(GraphName::DefaultGraph)))
}

#[test]
fn select_in_every_results_format_parses_back_to_the_same_solutions() {
    let expected = expected_rows(SELECT);
    assert!(expected.len() > 5, "the bundled graph has typed, labelled classes");
    for (name, format) in [
        ("json", QueryResultsFormat::Json),
        ("xml", QueryResultsFormat::Xml),
        ("tsv", QueryResultsFormat::Tsv),
    ] {
        let out = ok(nkkg(&["query", SELECT, "--format", name]));
        let ReaderQueryResultsParserOutput::Solutions(solutions) =
            QueryResultsParser::from_format(format).for_reader(out.as_bytes()).unwrap()
        else {
            panic!("{name}: not solutions")
        };
        let vars = solutions.variables().to_vec();
        let got: Vec<Vec<Option<Term>>> =
            solutions.map(|s| { let s = s.unwrap(); vars.iter().map(|v| s.get(v).cloned()).collect() }).collect();
        assert_eq!(got, expected, "{name}");
    }
    // CSV loses datatypes (SPARQL 1.1 CSV/TSV §2): compare lexical forms.
    let csv = ok(nkkg(&["query", SELECT, "--format", "csv"]));
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("c,label,n,comment"));
    let first = &expected[0];
    let Some(Term::NamedNode(c)) = &first[0] else { panic!() };
    assert!(lines.next().unwrap().starts_with(c.as_str()));
}

#[test]
fn table_output_aligns_columns_and_shortens_iris() {
    let out = ok(nkkg(&["query", "SELECT ?c WHERE { VALUES ?c { nk:Support nk:Supply } } ORDER BY ?c", "--format", "table"]));
    assert_eq!(out, "c\n----------\nnk:Supply\nnk:Support\n(2 rows)\n");
}

#[test]
fn ask_is_written_as_a_boolean_in_each_format() {
    assert_eq!(ok(nkkg(&["query", "ASK { nk:Support a owl:Class }", "--format", "table"])), "true\n");
    let json = ok(nkkg(&["query", "ASK { nk:Nothing a owl:Class }", "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["boolean"], false);
    let xml = ok(nkkg(&["query", "ASK { nk:Support a owl:Class }", "--format", "xml"]));
    assert!(matches!(
        QueryResultsParser::from_format(QueryResultsFormat::Xml).for_reader(xml.as_bytes()).unwrap(),
        ReaderQueryResultsParserOutput::Boolean(true)
    ));
}

#[test]
fn construct_in_every_rdf_format_parses_back_to_the_same_graph() {
    let expected = expected_graph(CONSTRUCT);
    assert!(expected.len() > 50);
    for format in GraphFormat::ALL {
        let name = format!("{format:?}").to_lowercase();
        let out = ok(nkkg(&["query", CONSTRUCT, "--format", &name]));
        let quads = RdfParser::from_format(format.rdf_format()).for_slice(out.as_bytes()).map(|q| q.unwrap());
        assert_eq!(canonical(quads), expected, "{name}");
    }
}

#[test]
fn describe_returns_a_graph() {
    let out = ok(nkkg(&["query", "DESCRIBE nk:Support", "--format", "ntriples"]));
    assert!(out.contains("<https://w3id.org/nkkg/ontology#Support> <http://www.w3.org/2000/01/rdf-schema#label> \"Support relation\" ."), "{out}");
}

#[test]
fn query_from_file_and_stdin_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q.rq");
    std::fs::write(&path, "SELECT ?l WHERE { nk:Supply rdfs:label ?l }").unwrap();
    let expected = "l\n------\nSupply\n(1 row)\n";
    assert_eq!(ok(nkkg(&["query", "-f", path.to_str().unwrap(), "--format", "table"])), expected);
    assert_eq!(ok(nkkg_stdin(&["query", "--format", "table"], "SELECT ?l WHERE { nk:Supply rdfs:label ?l }")), expected);
    let named = ok(nkkg(&["query", "--name", "evidence", "--param", "relation=nke:nothing-here", "--format", "csv"]));
    assert_eq!(named.trim_end(), "relation,document,title,file,start,end");
}

#[test]
fn a_dash_reads_the_query_from_standard_input_like_no_argument_and_file_dash() {
    let text = "SELECT ?l WHERE { nk:Supply rdfs:label ?l }";
    let expected = "l\n------\nSupply\n(1 row)\n";
    assert_eq!(ok(nkkg_stdin(&["query", "-", "--format", "table"], text)), expected);
    assert_eq!(ok(nkkg_stdin(&["query", "-f", "-", "--format", "table"], text)), expected);
    assert_eq!(ok(nkkg_stdin(&["query", "--format", "table"], text)), expected);
    // `-` is not sent to the parser as query text: nothing on standard input is an empty query
    let empty = nkkg_stdin(&["query", "-"], "");
    assert_eq!(empty.status.code(), Some(2));
    assert!(!stderr(&empty).contains("| -"), "{}", stderr(&empty));
}

#[test]
fn params_bind_variables_without_touching_the_query_text() {
    let q = "SELECT ?c ?l WHERE { ?c a owl:Class ; rdfs:label ?l }";
    let out = ok(nkkg(&["query", q, "--param", "c=nk:Claim", "--format", "table"]));
    assert_eq!(out, "c         l\n--------  -----\nnk:Claim  Claim\n(1 row)\n");
    let by_literal = ok(nkkg(&["query", q, "--param", "l=\"Claim\"", "--format", "csv"]));
    assert_eq!(by_literal, "c,l\r\nhttps://w3id.org/nkkg/ontology#Claim,Claim\r\n");
    // A value with SPARQL syntax in it is a literal, never query text.
    let injected = ok(nkkg(&["query", q, "--param", "l=x\" } UNION { ?c ?p ?l", "--format", "csv"]));
    assert_eq!(injected, "c,l\r\n");
    let unknown = nkkg(&["query", q, "--param", "zz=1"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("no variable ?zz"), "{}", stderr(&unknown));
}

#[test]
fn a_syntax_error_shows_the_line_with_a_caret_and_exits_2() {
    let out = nkkg(&["query", "SELECT ?s\nWHERE { ?s ?p }"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("SPARQL syntax error at line 2, column 15"), "{err}");
    assert!(err.contains("  2 | WHERE { ?s ?p }\n      |               ^"), "{err}");
}

#[test]
fn unknown_named_query_lists_the_names() {
    let out = nkkg(&["query", "--name", "no-such-query"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("there is no named query 'no-such-query'"), "{err}");
    assert!(err.contains("who-supported-whom") && err.contains("supplies"), "{err}");
}

#[test]
fn a_runaway_query_stops_at_the_timeout() {
    let q = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
    let started = std::time::Instant::now();
    let out = nkkg(&["query", q, "--timeout", "1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("the query was stopped after 1 s"), "{}", stderr(&out));
    assert!(started.elapsed().as_secs() < 30);
}

#[test]
fn graph_results_refuse_results_formats_and_solutions_refuse_rdf_formats() {
    let out = nkkg(&["query", CONSTRUCT, "--format", "json"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("returns a graph"));
    let out = nkkg(&["query", SELECT, "--format", "turtle"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("returns solutions"));
}

#[test]
fn queries_lists_every_named_query_with_its_description() {
    let out = ok(nkkg(&["queries"]));
    for name in nkkg::named_queries::all() {
        let line = out.lines().find(|l| l.starts_with(name.name)).unwrap_or_else(|| panic!("{} missing", name.name));
        assert!(line.ends_with(name.description), "{line}");
        assert!(!name.description.is_empty(), "{} has no description", name.name);
    }
    assert!(nkkg::named_queries::all().len() >= 15);
    assert!(out.lines().any(|l| l.starts_with("support-for") && l.contains(" actor ")));
}
