//! The review surface under hostile or careless input (issue 11, "a reviewer loses
//! nothing"): proposed entities decided over HTTP as on the command line (accept with
//! corrections, reject, two reviewers at once, a decision surviving a restart of `nkkg
//! serve --store`), and for each kind of bad input — an id that does not exist, a
//! malformed `--from` file, a huge note, an edit naming a party that is not an actor, a
//! missing or wrong token, a body that is not a decision — a sentence saying what is
//! wrong, and nothing written: the pending list is what it was.

use crate::common::{ok, stderr, Server};
use crate::review::{pending_over_http, post, serve, Fixture, TOKEN};

use serde_json::{json, Value};

/// A document naming two parties the graph does not know, as givers.
const DOCUMENT: &str = "Friends of Armenia\n\nThe Kestrel Relief Foundation backed Armenia in 2021.\n\nGeneral Oleg Marwick supported Armenia diplomatically.\n";

/// The ids of the pending candidates, sorted.
fn ids(f: &Fixture) -> Vec<String> {
    let mut ids: Vec<String> = f.pending().iter().map(|c| c["id"].as_str().unwrap().to_owned()).collect();
    ids.sort();
    ids
}

/// The number of quads in the decisions and reviewed graphs.
fn written(f: &Fixture) -> usize {
    let store = f.open();
    let rows = nkkg::query::select(
        &store,
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g IN (nkg:reviewed, <https://w3id.org/nkkg/graph/review/decisions>)) }",
        &[],
    )
    .unwrap();
    nkkg::table::cell(rows[0].get("n")).parse().unwrap()
}

/// A store with the document ingested and a server reviewing it; the token's file.
fn served() -> (Fixture, Server) {
    let f = Fixture::with_document("friends.txt", DOCUMENT);
    f.ingest();
    let token_file = f.store.with_file_name("token");
    std::fs::write(&token_file, TOKEN).unwrap();
    let server = serve(&f, &token_file);
    (f, server)
}

/// `GET /sparql` with an ASK query: its answer.
fn ask(server: &Server, query: &str) -> bool {
    let answer = ureq::get(&server.url("/sparql"))
        .query("query", query)
        .set("Accept", "application/sparql-results+json")
        .call()
        .unwrap()
        .into_string()
        .unwrap();
    serde_json::from_str::<Value>(&answer).unwrap()["boolean"].as_bool().unwrap()
}

#[test]
fn proposed_entities_are_decided_over_http_once_and_the_decision_survives_a_restart() {
    let (f, server) = served();
    let entity = |verdict: &str, who: &str| json!({"entity": "nke:OlegMarwick", "verdict": verdict, "reviewer": who});

    // the token is checked as for /update
    for token in ["", "wrong-token-0123456789abcdef"] {
        let (status, body) = post(&server, token, &entity("accept", "mallory"));
        assert_eq!(status, 401, "{body}");
        assert!(body.contains("bearer token"), "{body}");
    }
    // what cannot be decided is answered with a sentence
    let (status, body) = post(&server, TOKEN, &json!({"entity": "nke:NoSuchParty", "verdict": "accept", "reviewer": "alice"}));
    assert_eq!((status, body.contains("there is no proposed entity nke:NoSuchParty")), (404, true), "{body}");
    let (status, body) = post(&server, TOKEN, &json!({"entity": "nke:OlegMarwick", "verdict": "edit", "class": "nk:Event", "reviewer": "alice"}));
    assert_eq!((status, body.contains("is not a class of actors")), (400, true), "{body}");
    let (status, body) = post(&server, TOKEN, &json!({"entity": "nke:OlegMarwick", "candidate": "x", "verdict": "accept", "reviewer": "alice"}));
    assert_eq!((status, body.contains("either a candidate or an entity")), (400, true), "{body}");
    let (status, body) = post(&server, TOKEN, &json!({"entity": "nke:OlegMarwick", "verdict": "reject", "label": "x", "reviewer": "alice"}));
    assert_eq!((status, body.contains("takes no label or class")), (400, true), "{body}");

    // two reviewers at once: one decision is written, the other is told who took it
    let answers: Vec<(u16, String)> = std::thread::scope(|s| {
        let handles: Vec<_> = [("alice", "edit"), ("bob", "reject")]
            .map(|(who, verdict)| {
                let server = &server;
                let mut body = entity(verdict, who);
                if verdict == "edit" {
                    body["label"] = json!("Oleg Marwick (general)");
                    body["class"] = json!("nk:Person");
                }
                s.spawn(move || post(server, TOKEN, &body))
            })
            .into_iter()
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut statuses: Vec<u16> = answers.iter().map(|a| a.0).collect();
    statuses.sort();
    assert_eq!(statuses, [200, 409], "{answers:?}");
    let (won, lost) = (answers.iter().find(|a| a.0 == 200).unwrap(), answers.iter().find(|a| a.0 == 409).unwrap());
    let outcome: Value = serde_json::from_str(&won.1).unwrap();
    assert_eq!(outcome["entities"], json!(["nke:OlegMarwick"]), "{}", won.1);
    let (first, by) = if outcome["decision"] == "nke:OlegMarwick-acceptance" { ("accepted", "alice") } else { ("rejected", "bob") };
    assert!(
        lost.1.contains(&format!("the proposed entity nke:OlegMarwick was already {first} by {by} at "))
            && lost.1.contains("nothing was written"),
        "{}",
        lost.1
    );
    let remaining = pending_over_http(&server).len();
    drop(server);

    // after a restart the decision is there, and a third reviewer is told about it too
    let token_file = f.store.with_file_name("token");
    let server = serve(&f, &token_file);
    assert_eq!(pending_over_http(&server).len(), remaining);
    let (status, again) = post(&server, TOKEN, &entity("accept", "carol"));
    assert_eq!(status, 409, "{again}");
    assert!(again.contains(&format!("already {first} by {by}")), "{again}");
    if first == "accepted" {
        assert!(ask(&server, "ASK { GRAPH nkg:reviewed { nke:OlegMarwick a nk:Person ; rdfs:label \"Oleg Marwick (general)\" } }"));
        // its candidate names an actor now: accepted without acceptEntity
        let candidate = pending_over_http(&server)
            .into_iter()
            .find(|c| c["giver"]["iri"] == "nke:OlegMarwick")
            .expect("the general's candidate is pending");
        assert!(candidate["giver"]["proposed"].is_null(), "{candidate:#}");
        let (status, body) = post(&server, TOKEN, &json!({"candidate": candidate["iri"], "verdict": "accept", "reviewer": "carol"}));
        assert_eq!(status, 200, "{body}");
    } else {
        assert!(ask(&server, "ASK { GRAPH <https://w3id.org/nkkg/graph/review/decisions> { ?r a nk:EntityRejection ; nk:decides nke:OlegMarwick } }"));
        assert!(pending_over_http(&server).iter().all(|c| c["giver"]["iri"] != "nke:OlegMarwick"));
    }
}

#[test]
fn bad_decisions_over_http_are_refused_with_a_sentence_and_write_nothing() {
    let (f, server) = served();
    let before = pending_over_http(&server);
    let candidate = before.iter().find(|c| c["giver"]["iri"] == "nke:KestrelReliefFoundation").unwrap()["iri"].clone();
    let huge = "x".repeat(nkkg::review::MAX_NOTE + 1);
    let cases = [
        (json!({"candidate": "doc-0000000000000000-candidate-1", "verdict": "accept", "reviewer": "a"}), 404, "there is no candidate"),
        (json!({"candidate": "not an id", "verdict": "accept", "reviewer": "a"}), 400, "is not an IRI"),
        (json!({"candidate": candidate, "verdict": "maybe", "reviewer": "a"}), 400, "'maybe' is not a verdict"),
        (json!({"candidate": candidate, "verdict": "reject", "reviewer": "a", "note": huge}), 400, "characters long"),
        (json!({"candidate": candidate, "verdict": "reject", "reviewer": "  "}), 400, "needs a reviewer name"),
        (json!({"candidate": candidate, "verdict": "edit", "giver": "nkv:Drones", "reviewer": "a"}), 400, "is not an actor of the graph"),
        (json!({"candidate": candidate, "verdict": "accept", "reviewer": "a"}), 400, "--accept-entity"),
        (json!({"candidate": candidate, "verdict": "accept", "reviewer": "a", "sneaky": 1}), 400, "unknown field `sneaky`"),
        (json!(["accept"]), 400, "the body is not a decision"),
    ];
    for (body, status, says) in cases {
        let (got, answer) = post(&server, TOKEN, &body);
        assert_eq!(got, status, "{body} -> {answer}");
        assert!(answer.contains(says), "{body} -> {answer}");
    }
    let missing = ureq::post(&server.url("/api/review/decide"))
        .set("Content-Type", "application/json")
        .send_string(&json!({"candidate": candidate, "verdict": "reject", "reviewer": "a"}).to_string());
    assert!(matches!(missing, Err(ureq::Error::Status(401, _))), "{missing:?}");
    let wrong = ureq::get(&server.url("/api/review/pending")).set("Authorization", "Bearer wrong-token-0123456789abcdef").call();
    assert!(matches!(wrong, Err(ureq::Error::Status(401, _))), "{wrong:?}");
    assert_eq!(pending_over_http(&server), before, "nothing was decided");
    drop(server);
    assert_eq!(written(&f), 0);
}

#[test]
fn bad_decisions_on_the_command_line_are_refused_with_a_sentence_and_write_nothing() {
    let f = Fixture::new();
    let before = ids(&f);
    let id = f.find("support", "nke:Russia", "nke:Armenia");
    let refused = |args: &[&str], says: &str| {
        let output = f.review(args);
        let error = stderr(&output);
        assert!(!output.status.success(), "{args:?} succeeded");
        assert!(error.contains(says), "{args:?}: {error}");
    };
    refused(&["accept", "doc-0000000000000000-candidate-9", "--reviewer", "a"], "there is no candidate nke:doc-0000000000000000-candidate-9");
    refused(&["reject-entity", "nke:Russia", "--reviewer", "a"], "there is no proposed entity nke:Russia");
    refused(&["edit", &id, "--giver", "nke:NoSuchActor", "--reviewer", "a"], "nke:NoSuchActor is not an actor of the graph");
    refused(&["edit", &id, "--receiver", "nkv:Drones", "--reviewer", "a"], "nkv:Drones is not an actor of the graph");
    refused(&["edit", &id, "--polarity", "nkv:Delivered", "--reviewer", "a"], "is not a polarity a support can have");
    let huge = "n".repeat(nkkg::review::MAX_NOTE + 1);
    refused(&["reject", &id, "--note", &huge, "--reviewer", "a"], &format!("the note is {} characters long", huge.len()));
    refused(&["reject", &id, "--note", "bell \u{7}", "--reviewer", "a"], "control characters");

    // a malformed batch is refused whole, naming the line; good lines before it are not applied
    let batch = f.store.with_file_name("batch.txt");
    std::fs::write(&batch, format!("accept {id}\nacept {id}\n")).unwrap();
    refused(&["--from", batch.to_str().unwrap(), "--reviewer", "a"], "line 2: 'acept' is not a verb");
    std::fs::write(&batch, format!("accept {id} polarity=nkv:Alleged\n")).unwrap();
    refused(&["--from", batch.to_str().unwrap(), "--reviewer", "a"], "line 1: accept takes no giver=");
    std::fs::write(&batch, b"accept \xff\xfe\n").unwrap();
    refused(&["--from", batch.to_str().unwrap(), "--reviewer", "a"], "batch.txt");
    refused(&["--from", f.store.with_file_name("absent.txt").to_str().unwrap(), "--reviewer", "a"], "absent.txt");

    assert_eq!(ids(&f), before, "nothing was decided");
    assert_eq!(written(&f), 0);
    // and the store still takes a good decision
    ok(f.review(&["accept", &id, "--reviewer", "a"]));
    assert_eq!(ids(&f).len(), before.len() - 1);
}

#[test]
fn two_review_processes_on_one_candidate_write_one_decision() {
    let f = Fixture::new();
    let id = f.find("support", "nke:Russia", "nke:Armenia");
    let outputs: Vec<std::process::Output> = std::thread::scope(|s| {
        let handles: Vec<_> = ["accept", "reject"]
            .map(|verdict| {
                let (f, id) = (&f, &id);
                s.spawn(move || f.review(&[verdict, id, "--reviewer", verdict]))
            })
            .into_iter()
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let succeeded = outputs.iter().filter(|o| o.status.success()).count();
    assert!(succeeded <= 1, "{outputs:?}");
    for failed in outputs.iter().filter(|o| !o.status.success()) {
        let error = stderr(failed);
        // the loser either found the store held by the other process or the candidate decided
        assert!(error.contains("already") || error.contains("another nkkg process has the store"), "{error}");
    }
    let store = f.open();
    let decisions = nkkg::query::select(
        &store,
        &format!("SELECT ?r WHERE {{ GRAPH <https://w3id.org/nkkg/graph/review/decisions> {{ ?r nk:decides nke:{id} }} }}"),
        &[],
    )
    .unwrap();
    assert_eq!(decisions.len(), succeeded, "{outputs:?}");
}

#[test]
fn a_candidate_accepted_with_its_entity_and_the_entity_rejected_at_once_do_not_both_win() {
    let (_store, server) = served();
    let candidate = pending_over_http(&server)
        .into_iter()
        .find(|c| c["giver"]["iri"] == "nke:KestrelReliefFoundation")
        .unwrap()["iri"]
        .clone();
    let bodies = [
        json!({"candidate": candidate, "verdict": "accept", "acceptEntity": true, "reviewer": "alice"}),
        json!({"entity": "nke:KestrelReliefFoundation", "verdict": "reject", "reviewer": "bob"}),
    ];
    let answers: Vec<(u16, String)> = std::thread::scope(|s| {
        let handles: Vec<_> = bodies.iter().map(|body| s.spawn(|| post(&server, TOKEN, body))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let won: Vec<usize> = (0..2).filter(|&i| answers[i].0 == 200).collect();
    assert_eq!(won.len(), 1, "{answers:?}");
    let lost = &answers[1 - won[0]];
    // the loser is told: the entity was decided meanwhile (409), or was rejected before
    // its candidate was read (400)
    assert!(
        lost.0 == 409 && lost.1.contains("already") || lost.0 == 400 && lost.1.contains("a reviewer rejected"),
        "{answers:?}"
    );
    let accepted = ask(&server, "ASK { GRAPH nkg:reviewed { nke:KestrelReliefFoundation a nk:NonGovernmentalOrganisation } }");
    let rejected = ask(&server, "ASK { ?r a nk:EntityRejection ; nk:decides nke:KestrelReliefFoundation }");
    let fact = ask(&server, "ASK { GRAPH nkg:reviewed { ?f nk:supporter nke:KestrelReliefFoundation } }");
    assert_eq!((accepted, rejected, fact), if won[0] == 0 { (true, false, true) } else { (false, true, false) });
}
