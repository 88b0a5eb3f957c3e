//! End-to-end tests of exploration: describe, path, timeline and the network in every
//! format, with exact expected output on the bundled data. Expected outputs live in
//! `tests/expected/`; after a deliberate change, regenerate them with
//! `NKKG_BLESS=1 cargo test --release --test it explore::` and review the diff.

use crate::common;

use std::path::Path;

use common::{nkkg, ok, stderr};
use quick_xml::events::Event;
use quick_xml::Reader;

fn expect(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected").join(name);
    if std::env::var_os("NKKG_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("missing {}; run with NKKG_BLESS=1", path.display()));
    assert!(expected == actual, "{name} differs from the expected output:\n--- expected\n{expected}\n--- actual\n{actual}");
}

#[test]
fn describe_turkey_russia_and_the_lachin_corridor() {
    expect("describe-turkey.txt", &ok(nkkg(&["describe", "Turkey"])));
    expect("describe-russia.txt", &ok(nkkg(&["describe", "nke:Russia"])));
    expect("describe-lachin-corridor.txt", &ok(nkkg(&["describe", "lachin CORRIDOR"])));
}

#[test]
fn describe_as_json_and_turtle() {
    let json: serde_json::Value = serde_json::from_str(&ok(nkkg(&["describe", "Turkey", "--format", "json"]))).unwrap();
    assert_eq!(json["id"], "nke:Turkey");
    assert!(json["support_given"].as_array().unwrap().iter().any(|s| s["other"] == "nke:Azerbaijan"));
    let ttl = ok(nkkg(&["describe", "Turkey", "--format", "turtle"]));
    let triples = oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle).for_slice(ttl.as_bytes()).map(|t| t.unwrap()).count();
    assert!(triples > 100, "{triples}");
    assert!(ttl.contains("nke:sup-Turkey-Azerbaijan-Weapons-u"), "support nodes naming Turkey are included");
}

#[test]
fn describe_names_ambiguity_and_unknown_entities() {
    let out = nkkg(&["describe", "Karabakh"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("'Karabakh' is ambiguous; it names: nke:Artsakh (Republic of Artsakh), nke:NagornoKarabakh (Nagorno-Karabakh)"), "{}", stderr(&out));
    let out = nkkg(&["describe", "Atlantis"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no entity is called 'Atlantis'"));
}

#[test]
fn paths_between_actors() {
    expect("path-israel-armenia.txt", &ok(nkkg(&["path", "Israel", "Armenia"])));
    expect("path-ukraine-artsakh.txt", &ok(nkkg(&["path", "Ukraine", "Republic of Artsakh"])));
    let supply_only = ok(nkkg(&["path", "Israel", "Armenia", "--via", "supply", "--max-length", "3"]));
    assert!(supply_only.lines().next().unwrap().contains("between Israel and Armenia"), "{supply_only}");
    assert!(!supply_only.contains("supported ("), "--via supply follows supplies only:\n{supply_only}");
    let none = ok(nkkg(&["path", "Israel", "Armenia", "--max-length", "1"]));
    assert_eq!(none, "No path between Israel and Armenia within the length limit.\n");
}

#[test]
fn the_1992_timeline() {
    expect("timeline-1992.txt", &ok(nkkg(&["timeline", "--from", "1992", "--to", "1992"])));
    let shusha = ok(nkkg(&["timeline", "--place", "Shusha", "--from", "1992", "--to", "1992"]));
    assert!(shusha.contains("1992-05-08/1992-05-09  Battle of Shusha (battle, capture) — Shusha\n"), "{shusha}");
    let turkey = ok(nkkg(&["timeline", "--actor", "Turkey", "--format", "json"]));
    let entries: serde_json::Value = serde_json::from_str(&turkey).unwrap();
    assert!(entries.as_array().unwrap().iter().any(|e| e["label"] == "UN General Assembly Resolution 62/243" && e["date"] == "2008-03-14"));
}

/// Element names and attribute values of an XML document, checking it is well formed.
fn xml_elements(text: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut reader = Reader::from_str(text);
    let mut out = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let attrs = e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        (String::from_utf8(a.key.as_ref().to_vec()).unwrap(), a.unescape_value().unwrap().into_owned())
                    })
                    .collect();
                out.push((String::from_utf8(e.name().as_ref().to_vec()).unwrap(), attrs));
            }
            _ => {}
        }
    }
    out
}

#[test]
fn the_network_in_graph_tool_formats() {
    let json: serde_json::Value = serde_json::from_str(&ok(nkkg(&["graph", "--format", "json"]))).unwrap();
    let (nodes, edges) = (json["nodes"].as_array().unwrap().len(), json["edges"].as_array().unwrap().len());
    assert!(nodes > 100 && edges > 200, "{nodes} nodes, {edges} edges");

    let graphml = xml_elements(&ok(nkkg(&["graph", "--format", "graphml"])));
    assert_eq!(graphml.iter().filter(|(n, _)| n == "node").count(), nodes);
    assert_eq!(graphml.iter().filter(|(n, _)| n == "edge").count(), edges);
    let keys: Vec<&str> = graphml.iter().filter(|(n, _)| n == "key").flat_map(|(_, a)| a.iter().filter(|(k, _)| k == "attr.name").map(|(_, v)| v.as_str())).collect();
    assert_eq!(keys, ["label", "class", "iri", "kind", "type", "weight"]);

    let gexf = xml_elements(&ok(nkkg(&["graph", "--format", "gexf"])));
    assert_eq!(gexf.iter().filter(|(n, _)| n == "node").count(), nodes);
    assert_eq!(gexf.iter().filter(|(n, _)| n == "edge").count(), edges);
    let turkey = gexf.iter().find(|(n, a)| n == "node" && a.iter().any(|(k, v)| k == "id" && v == "nke:Turkey")).unwrap();
    assert!(turkey.1.contains(&("label".into(), "Turkey".into())));
    assert!(gexf.iter().any(|(n, a)| n == "edge"
        && a.contains(&("source".into(), "nke:Turkey".into()))
        && a.contains(&("target".into(), "nke:Azerbaijan".into()))
        && a.contains(&("label".into(), "military support".into()))));

    let csv = ok(nkkg(&["graph", "--format", "csv", "--kind", "supply"]));
    assert_eq!(csv.lines().next(), Some("source,sourceLabel,target,targetLabel,kind,type,weight"));
    assert_eq!(ok(nkkg(&["graph", "--format", "csv", "--kind", "supply", "-o", "-"])), csv, "-o - is standard output");
    assert!(csv.lines().skip(1).all(|l| l.contains(",supply,")));
    assert!(csv.contains("nke:Israel,Israel,nke:Azerbaijan,Azerbaijan,supply,arms,"), "{csv}");

    let dot = ok(nkkg(&["graph", "--format", "dot", "--from", "2020", "--to", "2020"]));
    assert!(dot.starts_with("digraph nkkg {"));
    if std::process::Command::new("dot").arg("-V").output().is_ok() {
        let mut child = std::process::Command::new("dot")
            .arg("-Tsvg")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(&mut child.stdin.take().unwrap(), dot.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "dot rejected the DOT file: {}", String::from_utf8_lossy(&out.stderr));
        let svg = String::from_utf8(out.stdout).unwrap();
        assert!(svg.contains("<title>nke:Turkey</title>") && svg.contains("Azerbaijan"));
    } else {
        println!("skipped: Graphviz is not installed, so the DOT file was not rendered");
    }
}

#[test]
fn the_committed_network_picture_is_current() {
    // docs/support-network.svg is produced by: nkkg graph --kind support --format svg -o docs/support-network.svg
    let now = ok(nkkg(&["graph", "--kind", "support", "--format", "svg"]));
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/support-network.svg");
    if std::env::var_os("NKKG_BLESS").is_some() {
        std::fs::write(&path, &now).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap();
    assert!(committed == now, "docs/support-network.svg is stale: regenerate it with the command in the README");
    let svg = xml_elements(&now);
    assert!(svg.iter().any(|(n, a)| n == "a" && a.contains(&("href".into(), "https://w3id.org/nkkg/id/Turkey".into()))));
    assert!(svg.iter().filter(|(n, _)| n == "circle").count() > 100);
}

// ---------------------------------------------------------------------------------------
// Describing every kind of entity (issue 17): an event, a place, a person, an
// organisation and a contested figure, each against a golden file checked by hand
// against data/; the span texts are read from the corpus at run time, never stored.
// ---------------------------------------------------------------------------------------

mod describe_kinds {
    use std::path::PathBuf;

    use nkkg::explore::describe::{describe_with, write_text, Options};
    use nkkg::store::GraphStore;

    use super::common::{nkkg, ok};
    use super::expect;

    #[test]
    fn an_event_a_place_a_person_an_organisation_and_a_contested_figure() {
        expect("describe-operation-ring.txt", &ok(nkkg(&["describe", "Operation Ring"])));
        expect("describe-operation-ring.json", &ok(nkkg(&["describe", "nke:OperationRing", "--format", "json"])));
        expect("describe-agdam.txt", &ok(nkkg(&["describe", "Agdam"])));
        expect("describe-adil-baguirov.txt", &ok(nkkg(&["describe", "Adil Baguirov"])));
        expect("describe-osce-minsk-group.txt", &ok(nkkg(&["describe", "Minsk Group"])));
        expect("describe-khojaly-deaths.txt", &ok(nkkg(&["describe", "nke:q-Killed-Azerbaijanis-KhojalyMassacre"])));
    }

    #[test]
    fn an_event_as_turtle_keeps_its_participations_and_evidence() {
        let ttl = ok(nkkg(&["describe", "Operation Ring", "--format", "turtle"]));
        let triples: Vec<_> =
            oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle).for_slice(ttl.as_bytes()).map(|t| t.unwrap()).collect();
        let count = |p: &str| triples.iter().filter(|t| t.predicate.as_str() == p).count();
        assert_eq!(count("https://w3id.org/nkkg/ontology#participant"), 9);
        assert_eq!(count("https://w3id.org/nkkg/ontology#evidence"), 5);
        assert_eq!(count("http://www.w3.org/ns/oa#start"), 5);
    }

    #[test]
    fn a_contested_quantity_as_turtle_includes_its_claims() {
        let ttl = ok(nkkg(&["describe", "nke:q-Killed-Azerbaijanis-KhojalyMassacre", "--format", "turtle"]));
        let triples: Vec<_> =
            oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::Turtle).for_slice(ttl.as_bytes()).map(|t| t.unwrap()).collect();
        let claims = triples.iter().filter(|t| t.predicate.as_str() == "https://w3id.org/nkkg/ontology#claimOf").count();
        assert_eq!(claims, 7);
    }

    fn seeds() -> Option<PathBuf> {
        crate::common::corpus("quoting span texts")
    }

    #[test]
    fn evidence_spans_are_quoted_from_the_corpus() {
        let Some(dir) = seeds() else { return };
        let store = GraphStore::bundled().unwrap();
        let ring = nkkg::explore::resolve(&store, "Operation Ring").unwrap();
        let d = describe_with(&store, &ring, &Options { sources: Some(dir.clone()) }).unwrap();
        assert_eq!(d.evidence.len(), 5);
        let mut text = Vec::new();
        write_text(&d, &mut text).unwrap();
        let text = String::from_utf8(text).unwrap();
        let json = serde_json::to_value(&d).unwrap();
        for (i, c) in d.evidence.iter().enumerate() {
            // The span as this test reads it: the document's file, code points start..end.
            let file = nkkg::query::select(&store, &format!("SELECT ?f WHERE {{ <{}> nk:fileName ?f }}", c.document.as_str()), &[]).unwrap();
            let Some(oxigraph::model::Term::Literal(name)) = file[0].get("f") else { panic!("no file name for {}", c.document) };
            let whole = std::fs::read_to_string(dir.join(name.value())).unwrap();
            let span: String = whole.chars().skip(c.start as usize).take((c.end - c.start) as usize).collect();
            assert!(!span.trim().is_empty());
            assert_eq!(c.text.as_deref(), Some(span.as_str()));
            let quoted = format!("  {c}\n    “{}”\n", span.split_whitespace().collect::<Vec<_>>().join(" "));
            assert!(text.contains(&quoted), "{quoted}\nnot in\n{text}");
            assert_eq!(json["evidence"][i]["text"], span.as_str());
        }
        // The command line quotes the same spans with --sources.
        assert_eq!(ok(nkkg(&["describe", "Operation Ring", "--sources", dir.to_str().unwrap()])), text);
        // Without the corpus nothing is quoted, and the JSON has no text fields.
        let plain = describe_with(&store, &ring, &Options::default()).unwrap();
        assert!(plain.evidence.iter().all(|c| c.text.is_none()));
        assert!(!serde_json::to_string(&plain).unwrap().contains("\"text\""));
    }

    #[test]
    fn a_missing_corpus_is_an_error_that_names_the_folder() {
        let store = GraphStore::bundled().unwrap();
        let ring = nkkg::explore::resolve(&store, "Operation Ring").unwrap();
        let err = describe_with(&store, &ring, &Options { sources: Some("/nonexistent/seeds".into()) }).unwrap_err();
        assert_eq!(err.to_string(), "--sources /nonexistent/seeds: none of the source documents is there");
    }
}
