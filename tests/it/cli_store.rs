//! End-to-end tests of the store commands: load (all-or-nothing, errors with file:line:col),
//! update (refused on the bundled graph), export in every format, stats and validate.

use crate::common;

use common::{canonical, nkkg, nkkg_stdin, ok, stderr};
use nkkg::formats::GraphFormat;
use nkkg::store::GraphStore;
use oxigraph::io::RdfParser;
use oxigraph::model::{GraphName, Quad};

fn count(store: &str) -> String {
    ok(nkkg(&["query", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "--store", store, "--format", "csv"]))
}

#[test]
fn load_is_all_or_nothing_and_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    let store = store.to_str().unwrap();
    let good = dir.path().join("good.ttl");
    std::fs::write(&good, "@prefix ex: <http://example.com/> .\nex:a ex:p ex:b .\nex:b ex:p ex:c .\n").unwrap();
    let bad = dir.path().join("bad.ttl");
    std::fs::write(&bad, "@prefix ex: <http://example.com/> .\nex:x ex:p ex:y .\nex:y ex:p \"open .\n").unwrap();

    let before = count(store);
    // A good file followed by a bad one: nothing of either is loaded.
    let out = nkkg(&["load", good.to_str().unwrap(), bad.to_str().unwrap(), "--store", store]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains(&format!("{}:3:", bad.display())), "{err}");
    assert_eq!(count(store), before, "a failed load leaves the store as it was");

    let out = nkkg(&["load", good.to_str().unwrap(), "--store", store]);
    assert!(stderr(&out).contains("read 2 quads from 1 file: 2 added, 0 already in the store"), "{}", stderr(&out));
    let again = nkkg(&["load", good.to_str().unwrap(), "--store", store]);
    assert!(stderr(&again).contains("read 2 quads from 1 file: 0 added, 2 already in the store"), "{}", stderr(&again));
    let n = ok(nkkg(&["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.com/p> ?o }", "--store", store, "--format", "csv"]));
    assert_eq!(n, "n\r\n2\r\n");
}

#[test]
fn load_into_a_named_graph_and_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s");
    let store = store.to_str().unwrap();
    let out = nkkg_stdin(
        &["load", "-", "--format", "ntriples", "--graph", "http://example.com/g", "--store", store],
        "<http://example.com/a> <http://example.com/p> \"1\" .\n",
    );
    ok(out);
    let q = "SELECT ?g WHERE { GRAPH ?g { <http://example.com/a> ?p ?o } }";
    assert_eq!(ok(nkkg(&["query", q, "--store", store, "--format", "csv"])), "g\r\nhttp://example.com/g\r\n");
    let no_format = nkkg_stdin(&["load", "-", "--store", store], "");
    assert_eq!(no_format.status.code(), Some(2));
    assert!(stderr(&no_format).contains("pass --format"));
}

#[test]
fn load_and_update_refuse_the_bundled_graph() {
    let out = nkkg(&["update", "INSERT DATA { nke:x rdfs:label \"x\" }"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("updates need a persistent store"), "{}", stderr(&out));
    let out = nkkg(&["load", "x.ttl"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("pass --store DIR"));
}

#[test]
fn update_changes_a_persistent_store_and_reports_syntax_errors() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s");
    let store = store.to_str().unwrap();
    ok(nkkg(&["update", "INSERT DATA { GRAPH nkg:notes { nke:Note1 rdfs:label \"a note\" } }", "--store", store]));
    let out = ok(nkkg(&["query", "SELECT ?l WHERE { nke:Note1 rdfs:label ?l }", "--store", store, "--format", "csv"]));
    assert_eq!(out, "l\r\na note\r\n");
    let bad = nkkg(&["update", "INSERT DATA { nke:x }", "--store", store]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("^"));
    // `-` reads the update from standard input, as `--file -` and no argument do
    for args in [&["update", "-"][..], &["update", "-f", "-"], &["update"]] {
        let note = format!("a note from {}", args.join(" "));
        let update = format!("INSERT DATA {{ GRAPH nkg:notes {{ nke:Note2 rdfs:comment \"{note}\" }} }}");
        ok(nkkg_stdin(&[args, &["--store", store]].concat(), &update));
        let out = ok(nkkg(&["query", &format!("ASK {{ nke:Note2 rdfs:comment \"{note}\" }}"), "--store", store, "--format", "csv"]));
        assert_eq!(out, "true", "{args:?}");
    }
}


#[test]
fn export_in_every_format_parses_back_to_the_store() {
    let store = GraphStore::bundled().unwrap();
    let all: Vec<Quad> = store.store().iter().map(Result::unwrap).collect();
    let as_dataset = canonical(all.clone());
    let as_graph = canonical(all.into_iter().map(|q| Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph)));
    for format in GraphFormat::ALL {
        let name = format!("{format:?}").to_lowercase();
        let out = ok(nkkg(&["export", "--format", &name]));
        let parsed = canonical(RdfParser::from_format(format.rdf_format()).for_slice(out.as_bytes()).map(|q| q.unwrap()));
        let expected = if format.supports_datasets() { &as_dataset } else { &as_graph };
        assert_eq!(&parsed, expected, "{name}");
    }
}

#[test]
fn turtle_export_is_deterministic_and_uses_prefixes() {
    let a = ok(nkkg(&["export", "--graph", "ontology/nkkg.ttl"]));
    let b = ok(nkkg(&["export", "--graph", "https://w3id.org/nkkg/graph/ontology/nkkg.ttl"]));
    assert_eq!(a, b);
    assert!(a.starts_with("@prefix nk: <https://w3id.org/nkkg/ontology#> ."));
    assert!(a.contains("\nnk:Support\n    a owl:Class ;\n    rdfs:label \"Support relation\" ;\n"), "{a}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.ttl");
    ok(nkkg(&["export", "--graph", "ontology/nkkg.ttl", "-o", file.to_str().unwrap()]));
    assert_eq!(std::fs::read_to_string(file).unwrap(), a);
    assert_eq!(ok(nkkg(&["export", "--graph", "ontology/nkkg.ttl", "-o", "-"])), a, "-o - is standard output");
    let missing = nkkg(&["export", "--graph", "data/nothing.ttl"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("the named graphs are"));
}

#[test]
fn stats_counts_graphs_classes_and_relations() {
    let out = ok(nkkg(&["stats"]));
    for section in ["Triples per named graph", "Instances per class", "Relations per property", "Support relations per support type", "Supplies per item category"] {
        assert!(out.contains(section), "{section}");
    }
    assert!(out.contains("nkg:ontology/nkkg.ttl"));
    assert!(out.contains("nk:SourceDocument"));
}

#[test]
fn validate_reports_each_violation_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ttl");
    std::fs::write(
        &bad,
        "@prefix nk: <https://w3id.org/nkkg/ontology#> . @prefix nke: <https://w3id.org/nkkg/id/> .
         @prefix oa: <http://www.w3.org/ns/oa#> . @prefix nkv: <https://w3id.org/nkkg/vocab/> .
         @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
         nke:badSupport a nk:Support ; nk:supporter nke:doc000 ; nk:polarity nkv:Maybe ;
            nk:date \"1992-13\" ;
            nk:evidence [ oa:hasSource nke:doc002 ; oa:hasSelector [ oa:start 10 ; oa:end 999999 ] ] .",
    )
    .unwrap();
    let out = nkkg(&["validate", bad.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["conforms"], false);
    let mine: Vec<(String, String)> = report["violations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["focus"] == "nke:badSupport" || v["value"] == "999999")
        .map(|v| (v["path"].as_str().unwrap().to_owned(), v["message"].as_str().unwrap().to_owned()))
        .collect();
    let has = |path: &str, text: &str| mine.iter().any(|(p, m)| p == path && m.contains(text));
    assert!(has("nk:recipient", "exactly one recipient"), "{mine:?}");
    assert!(has("nk:supporter", "must be an instance of nk:Actor"), "{mine:?}");
    assert!(has("nk:supportType", "at least one support type"), "{mine:?}");
    assert!(has("nk:polarity", "value must be one of (nkv:Given, nkv:Declined, nkv:Denied, nkv:Alleged)"), "{mine:?}");
    assert!(has("nk:date", "conform to shape"), "{mine:?}");
    assert!(has("", "does not lie inside its document"), "{mine:?}");
    for party in ["supporterAsStated", "recipientAsStated", "supporterResolution", "recipientResolution"] {
        assert!(has(&format!("nk:{party}"), &format!("(nk:{party}")), "{mine:?}");
    }
    assert_eq!(mine.len(), 10, "{mine:?}");
}

#[test]
fn a_seeded_store_refuses_a_second_copy_of_the_bundled_graphs() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s");
    let store = store.to_str().unwrap();
    let bundle = dir.path().join("bundle.trig");
    ok(nkkg(&["export", "--format", "trig", "-o", bundle.to_str().unwrap()]));
    let before = count(store);
    // The export holds the bundled graphs by name: loading it again would add a second
    // copy of every blank node (evidence, selectors, participations). It is refused whole.
    let out = nkkg(&["load", bundle.to_str().unwrap(), "--store", store]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("puts triples into the bundled graph <https://w3id.org/nkkg/graph/"), "{err}");
    assert!(err.contains("nothing was loaded"), "{err}");
    assert_eq!(count(store), before, "a refused load leaves the store as it was");
    // The same with --graph naming a bundled graph.
    let one = dir.path().join("one.nt");
    std::fs::write(&one, "<http://example.com/a> <http://example.com/p> <http://example.com/b> .\n").unwrap();
    let out = nkkg(&["load", one.to_str().unwrap(), "--graph", "https://w3id.org/nkkg/graph/data/support.ttl", "--store", store]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(count(store), before);
    // Into a graph of its own it loads, and the counts say what was new.
    let out = nkkg(&["load", one.to_str().unwrap(), "--graph", "http://example.com/mine", "--store", store]);
    assert!(stderr(&out).contains("read 1 quads from 1 file: 1 added, 0 already in the store"), "{}", stderr(&out));
    let number = |csv: String| -> u64 { csv.lines().nth(1).unwrap().trim().parse().unwrap() };
    assert_eq!(number(count(store)), number(before) + 1);
}
