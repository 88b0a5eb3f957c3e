//! A reviewer loses nothing across a re-ingest (issue 11): a small hand-written document is
//! ingested, one candidate accepted, one rejected; a proposed entity is accepted under a
//! shorter label, so the gazetteer grows and the pipeline finds a statement it did not
//! find before (which comes first in the text); the document is ingested again. Every
//! candidate then has exactly one giver, receiver, type, polarity and evidence span, the
//! decided candidates' triples and the fact are byte for byte what they were, no new
//! candidate takes a decided one's id, unchanged candidates keep theirs, the listed
//! sentences mark the right parties, and a third ingest changes nothing. Also: a second
//! process on a store gets a sentence, not RocksDB's lock message.

use std::collections::{BTreeMap, BTreeSet};

use crate::common::{ok, stderr};
use crate::review::Fixture;

use nkkg::store::GraphStore;
use oxigraph::model::{NamedOrBlankNode, NamedOrBlankNodeRef, Term};
use serde_json::Value;

/// The test document (no corpus text): "Kestrel" alone is no party the extraction can
/// propose, until a reviewer accepts the foundation under that name.
const DOCUMENT: &str = "Kestrel and its friends\n\nKestrel sent medicine to Armenia.\n\nThe Kestrel Relief Foundation backed Armenia in 2021.\n\nRussia supported Armenia diplomatically.\n\nGreece sent volunteers to Armenia.\n\nTurkey supplied drones to Azerbaijan in 2020.\n";

const CANDIDATES: &str = "https://w3id.org/nkkg/graph/ingest/candidates";

/// The text of code points `start..end` of the document.
fn text(start: u64, end: u64) -> String {
    DOCUMENT
        .chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

/// Code-point start of `needle` in the document.
fn start_of(needle: &str) -> u64 {
    let byte = DOCUMENT.find(needle).unwrap();
    DOCUMENT[..byte].chars().count() as u64
}

fn id_of(pending: &[Value], kind: &str, giver: &str, receiver: &str) -> String {
    let found = pending.iter().find(|c| {
        c["kind"] == kind && c["giver"]["iri"] == giver && c["receiver"]["iri"] == receiver
    });
    found.unwrap_or_else(|| panic!("no pending {kind} {giver} -> {receiver} in {pending:#?}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Every quad (as N-Quads text) about `iri` in the store: its own, and those of the blank
/// nodes it leads to, in every graph.
fn quads_about(store: &GraphStore, iri: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut todo: Vec<NamedOrBlankNode> =
        vec![oxigraph::model::NamedNode::new(iri).unwrap().into()];
    while let Some(node) = todo.pop() {
        for q in store.store().quads_for_pattern(
            Some(NamedOrBlankNodeRef::from(&node)),
            None,
            None,
            None,
        ) {
            let q = q.unwrap();
            if let Term::BlankNode(b) = &q.object {
                todo.push(b.clone().into());
            }
            out.insert(q.to_string());
        }
    }
    out
}

/// For each candidate of the candidates graph: how many values each of its fields has.
fn field_counts(store: &GraphStore) -> BTreeMap<String, Vec<u64>> {
    let rows = nkkg::query::select(
        store,
        &format!(
            "SELECT ?c (COUNT(DISTINCT ?g) AS ?gs) (COUNT(DISTINCT ?r) AS ?rs) (COUNT(DISTINCT ?t) AS ?ts)
                    (COUNT(DISTINCT ?p) AS ?ps) (COUNT(DISTINCT ?ev) AS ?evs) (COUNT(DISTINCT ?sel) AS ?sels)
                    (COUNT(DISTINCT ?s) AS ?ss) (COUNT(DISTINCT ?e) AS ?es)
             WHERE {{ GRAPH <{CANDIDATES}> {{ ?c a nk:Candidate .
               OPTIONAL {{ ?c nk:giver ?g }} OPTIONAL {{ ?c nk:receiver ?r }} OPTIONAL {{ ?c nk:candidateType ?t }}
               OPTIONAL {{ ?c nk:candidatePolarity ?p }}
               OPTIONAL {{ ?c nk:evidence ?ev OPTIONAL {{ ?ev oa:hasSelector ?sel OPTIONAL {{ ?sel oa:start ?s }} OPTIONAL {{ ?sel oa:end ?e }} }} }} }} }}
             GROUP BY ?c"
        ),
        &[],
    )
    .unwrap();
    rows.iter()
        .map(|r| {
            let c = r.get("c").unwrap().to_string();
            let counts = ["gs", "rs", "ts", "ps", "evs", "sels", "ss", "es"]
                .iter()
                .map(|v| match r.get(*v) {
                    Some(Term::Literal(l)) => l.value().parse().unwrap(),
                    _ => 0,
                })
                .collect();
            (c, counts)
        })
        .collect()
}

/// Each pending candidate's parties are marked where the text names them: the text at
/// every mention span is the party's label, and the sentence holds it.
fn assert_marks_right(pending: &[Value]) {
    for c in pending {
        for role in ["giver", "receiver"] {
            let party = &c[role];
            let mentions = party["mentions"].as_array().unwrap();
            assert!(!mentions.is_empty(), "{role} of {c:#}");
            for m in mentions {
                let (s, e) = (m[0].as_u64().unwrap(), m[1].as_u64().unwrap());
                assert!(
                    s >= c["start"].as_u64().unwrap() && e <= c["end"].as_u64().unwrap(),
                    "{role} mention outside the sentence in {c:#}"
                );
                assert_eq!(
                    text(s, e),
                    party["label"].as_str().unwrap(),
                    "{role} of {c:#}"
                );
            }
        }
    }
}

#[test]
fn a_reingest_after_the_gazetteer_grows_keeps_decisions_and_gives_each_candidate_one_record() {
    let f = Fixture::with_document("kestrel.txt", DOCUMENT);
    f.ingest();
    let first = f.pending();
    assert_marks_right(&first);
    assert!(
        !first.iter().any(|c| c["start"] == start_of("Kestrel sent")),
        "the first sentence names no party the graph knows yet: {first:#?}"
    );
    let accepted = id_of(&first, "support", "nke:Russia", "nke:Armenia");
    let rejected = id_of(&first, "supply", "nke:Greece", "nke:Armenia");
    let drones = id_of(&first, "supply", "nke:Turkey", "nke:Azerbaijan");
    ok(f.review(&["accept", &accepted, "--reviewer", "alice"]));
    ok(f.review(&[
        "reject",
        &rejected,
        "--reviewer",
        "alice",
        "--note",
        "volunteers, not the state",
    ]));
    let accepted_iri = format!("https://w3id.org/nkkg/id/{accepted}");
    let rejected_iri = format!("https://w3id.org/nkkg/id/{rejected}");
    let before = {
        let store = f.open();
        (
            quads_about(&store, &accepted_iri),
            quads_about(&store, &rejected_iri),
            quads_about(&store, &format!("{accepted_iri}-fact")),
        )
    };
    assert!(before.0.len() > 10 && before.2.len() > 10, "{before:#?}");
    ok(f.review(&[
        "accept-entity",
        "nke:KestrelReliefFoundation",
        "--label",
        "Kestrel",
        "--reviewer",
        "alice",
    ]));

    let report = f.ingest();
    let second = f.pending();
    // the grown gazetteer finds the first sentence's statement now
    let new: Vec<&Value> = second
        .iter()
        .filter(|c| c["start"] == start_of("Kestrel sent"))
        .collect();
    assert!(!new.is_empty(), "{report}\n{second:#?}");
    for c in &new {
        assert_eq!(c["giver"]["iri"], "nke:KestrelReliefFoundation", "{c:#}");
        assert_eq!(c["receiver"]["iri"], "nke:Armenia", "{c:#}");
    }
    assert_marks_right(&second);
    let ids: Vec<&str> = second.iter().map(|c| c["id"].as_str().unwrap()).collect();
    let distinct: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(ids.len(), distinct.len(), "{second:#?}");
    assert!(
        !distinct.contains(accepted.as_str()) && !distinct.contains(rejected.as_str()),
        "{second:#?}"
    );
    // an unchanged candidate keeps its id; the new ones are numbered after every old one
    assert_eq!(
        id_of(&second, "supply", "nke:Turkey", "nke:Azerbaijan"),
        drones
    );
    let number = |id: &str| id.rsplit('-').next().unwrap().parse::<u64>().unwrap();
    let highest = first
        .iter()
        .map(|c| number(c["id"].as_str().unwrap()))
        .max()
        .unwrap();
    for c in &new {
        assert!(
            number(c["id"].as_str().unwrap()) > highest,
            "{c:#} after {highest}"
        );
    }
    let text_list = ok(f.review(&["--list"]));
    assert!(
        text_list.contains("[Turkey] supplied drones to {Azerbaijan} in 2020."),
        "{text_list}"
    );
    assert!(
        text_list.contains("[Kestrel] sent medicine to {Armenia}."),
        "{text_list}"
    );
    assert!(!text_list.contains("[Armenia]"), "{text_list}");

    let (after, counts, size) = {
        let store = f.open();
        let after = (
            quads_about(&store, &accepted_iri),
            quads_about(&store, &rejected_iri),
            quads_about(&store, &format!("{accepted_iri}-fact")),
        );
        (after, field_counts(&store), store.len().unwrap())
    };
    assert_eq!(after, before, "the decided candidates and the fact changed");
    assert!(counts.len() >= second.len() + 2, "{counts:#?}");
    for (candidate, fields) in &counts {
        assert_eq!(
            fields,
            &vec![1; 8],
            "{candidate}: giver, receiver, type, polarity, evidence, selector, start, end"
        );
    }

    // nothing changed, so a third ingest changes nothing
    f.ingest();
    assert_eq!(f.pending(), second);
    assert_eq!(f.open().len().unwrap(), size);
}

#[test]
fn a_second_process_on_a_store_is_told_another_nkkg_has_it_open() {
    let f = Fixture::with_document("kestrel.txt", DOCUMENT);
    let held = f.open();
    let output = f.review(&["--list"]);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(
        message.contains(&format!(
            "another nkkg process has the store {} open",
            f.store()
        )),
        "{message}"
    );
    assert!(!message.contains("LOCK"), "{message}");
    drop(held);
    ok(f.review(&["--list"]));
}
