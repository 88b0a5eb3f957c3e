//! Tests of `nkkg review` and the review API: a round trip on a small hand-written
//! document (ingest, accept one, reject one, edit one; the named queries show exactly the
//! accepted and edited facts with their provenance; `nkkg validate` passes; a second ingest
//! proposes nothing decided; the reviewed graph exported joins the bundled data), a
//! proposed entity accepted and typed, two reviewers deciding the same candidate (CLI and
//! HTTP 409), and decisions that survive a restart of `nkkg serve --store`.

use crate::common::{self, nkkg, ok, query_rows, stderr, Server};

use std::path::{Path, PathBuf};

use nkkg::review::proposed::{self, ProposedEntity, ProposedMention};
use nkkg::store::GraphStore;
use oxigraph::model::{NamedNode, Triple};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The test document: plain statements, one per paragraph (no corpus text).
const DOCUMENT: &str = "Arms and allies\n\nTurkey supplied drones to Azerbaijan in 2020.\n\nRussia supported Armenia diplomatically.\n\nIran sold weapons to Armenia.\n\nGreece sent volunteers to Armenia.\n\nThe Vostok Brigade backed Armenia in the autumn.\n";

/// A document in a temporary folder and the store it is ingested into (also used by
/// `review_proposed`).
pub(crate) struct Fixture {
    _dir: tempfile::TempDir,
    pub(crate) store: PathBuf,
    pub(crate) document: PathBuf,
}

impl Fixture {
    /// A new store with the document ingested into it.
    pub(crate) fn new() -> Self {
        let fixture = Self::with_document("allies.txt", DOCUMENT);
        fixture.ingest();
        fixture
    }

    /// `text` written as `name` in a new folder, beside a store not made yet.
    pub(crate) fn with_document(name: &str, text: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let document = dir.path().join(name);
        std::fs::write(&document, text).unwrap();
        Self { store: dir.path().join("store"), document, _dir: dir }
    }

    pub(crate) fn store(&self) -> &str {
        self.store.to_str().unwrap()
    }

    /// Ingests the document again; returns what ingest reported on standard error.
    pub(crate) fn ingest(&self) -> String {
        let output = nkkg(&[
            "--store",
            self.store(),
            "ingest",
            self.document.to_str().unwrap(),
        ]);
        let report = stderr(&output);
        ok(output);
        report
    }

    pub(crate) fn review(&self, args: &[&str]) -> std::process::Output {
        nkkg(&[&["--store", self.store(), "review"], args].concat())
    }

    /// The pending candidates as `nkkg review --list --json` gives them.
    pub(crate) fn pending(&self) -> Vec<Value> {
        serde_json::from_str::<Value>(&ok(self.review(&["--list", "--json"])))
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    }

    /// The id of the pending candidate of `kind` from `giver` to `receiver` (shortened IRIs).
    pub(crate) fn find(&self, kind: &str, giver: &str, receiver: &str) -> String {
        let pending = self.pending();
        let found = pending.iter().find(|c| {
            c["kind"] == kind && c["giver"]["iri"] == giver && c["receiver"]["iri"] == receiver
        });
        found.unwrap_or_else(|| panic!("no pending {kind} {giver} -> {receiver} in {pending:#?}"))
            ["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    fn sha(&self) -> String {
        format!("{:x}", Sha256::digest(DOCUMENT.as_bytes()))
    }

    /// The document's id as the named queries show it in `source`.
    fn doc_id(&self) -> String {
        format!("doc-{}", &self.sha()[..16])
    }

    /// Opens the store in this process (no `nkkg` may run on it meanwhile).
    pub(crate) fn open(&self) -> GraphStore {
        GraphStore::open(&self.store).unwrap()
    }
}

/// Code-point span of `needle` in the document.
fn span(needle: &str) -> (usize, usize) {
    let byte = DOCUMENT.find(needle).unwrap();
    let start = DOCUMENT[..byte].chars().count();
    (start, start + needle.chars().count())
}

fn rows_of_doc(store: &GraphStore, query: &str, doc: &str) -> Vec<common::Row> {
    query_rows(store, query, &[])
        .into_iter()
        .filter(|r| {
            r.get("source")
                .is_some_and(|s| s.split(' ').any(|d| d == doc))
        })
        .collect()
}

#[test]
fn review_round_trip_accept_reject_edit_then_reingest_proposes_nothing_decided() {
    let f = Fixture::new();
    let before = f.pending();
    let accepted = f.find("support", "nke:Russia", "nke:Armenia");
    let rejected = f.find("supply", "nke:Greece", "nke:Armenia");
    let edited = f.find("supply", "nke:Iran", "nke:Armenia");
    let text = ok(f.review(&["--list"]));
    assert!(
        text.contains("[Russia] supported {Armenia} diplomatically."),
        "{text}"
    );

    let out = ok(f.review(&["accept", &accepted, "--reviewer", "alice"]));
    assert!(
        out.starts_with(&format!("accepted nke:{accepted} -> nke:{accepted}-fact")),
        "{out}"
    );
    ok(f.review(&[
        "reject",
        &rejected,
        "--reviewer",
        "bob",
        "--note",
        "volunteers, not a state supply",
    ]));
    ok(f.review(&[
        "edit",
        &edited,
        "--polarity",
        "nkv:Alleged",
        "--note",
        "reported, not confirmed",
        "--reviewer",
        "alice",
    ]));
    let error = stderr(&f.review(&[
        "edit",
        &edited,
        "--polarity",
        "nkv:Given",
        "--reviewer",
        "carol",
    ]));
    assert!(error.contains("already edited by alice"), "{error}");

    {
        let store = f.open();
        let doc = f.doc_id();
        let support = rows_of_doc(&store, "who-supported-whom", &doc);
        let support: Vec<_> = support
            .iter()
            .map(|r| {
                (
                    r["supporterLabel"].as_str(),
                    r["recipientLabel"].as_str(),
                    r["polarity"].as_str(),
                )
            })
            .collect();
        assert_eq!(support, [("Russia", "Armenia", "given")]);
        let supplies = rows_of_doc(&store, "supplies", &doc);
        let supplies: Vec<_> = supplies
            .iter()
            .map(|r| {
                (
                    r["supplierLabel"].as_str(),
                    r["recipientLabel"].as_str(),
                    r["status"].as_str(),
                )
            })
            .collect();
        assert_eq!(supplies, [("Iran", "Armenia", "alleged")]);
        let provenance = nkkg::query::select(
            &store,
            "SELECT ?fact ?candidate ?who ?stated ?resolution WHERE { GRAPH <https://w3id.org/nkkg/graph/reviewed> {
               ?fact prov:wasDerivedFrom ?candidate ; prov:wasAttributedTo/rdfs:label ?who ; prov:generatedAtTime ?t ;
                     nk:evidence/oa:hasSelector/oa:start ?start .
               OPTIONAL { ?fact nk:supporterAsStated|nk:supplierAsStated ?stated ; nk:supporterResolution|nk:supplierResolution ?resolution } } }
             ORDER BY ?candidate",
            &[],
        )
        .unwrap();
        let got: Vec<_> = provenance
            .iter()
            .map(|r| {
                (
                    nkkg::table::cell(r.get("candidate")),
                    nkkg::table::cell(r.get("who")),
                    nkkg::table::cell(r.get("stated")),
                    nkkg::table::cell(r.get("resolution")),
                )
            })
            .collect();
        let mut want = vec![
            (
                format!("nke:{accepted}"),
                "alice".to_owned(),
                "Russia".to_owned(),
                "nkv:AsNamed".to_owned(),
            ),
            (
                format!("nke:{edited}"),
                "alice".to_owned(),
                "Iran".to_owned(),
                "nkv:AsNamed".to_owned(),
            ),
        ];
        want.sort();
        assert_eq!(got, want);
        let violations = nkkg::validate::validate(&store).unwrap();
        assert!(violations.is_empty(), "{violations:#?}");
    }
    ok(nkkg(&["--store", f.store(), "validate"]));

    let report = f.ingest();
    assert!(
        report.contains(&format!("{} candidates", before.len() - 3)),
        "{report}"
    );
    let after: Vec<String> = f
        .pending()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(after.len(), before.len() - 3, "{after:?}");
    for decided in [&accepted, &rejected, &edited] {
        assert!(!after.contains(decided), "{decided} is proposed again");
    }

    // the reviewed graph, exported, joins the bundled data and validates with it
    let exported = f.store.with_file_name("reviewed.ttl");
    ok(nkkg(&[
        "--store",
        f.store(),
        "export",
        "--graph",
        "nkg:reviewed",
        "-o",
        exported.to_str().unwrap(),
    ]));
    let joined = common::bundled();
    joined
        .store()
        .load_from_reader(
            oxigraph::io::RdfFormat::Turtle,
            std::fs::read(&exported).unwrap().as_slice(),
        )
        .unwrap();
    assert_eq!(
        rows_of_doc(&joined, "who-supported-whom", &f.doc_id()).len(),
        1
    );
    let violations = nkkg::validate::validate(&joined).unwrap();
    assert!(violations.is_empty(), "{violations:#?}");
}

/// Writes a candidate whose giver is a proposed entity, with the proposed entity as the
/// extraction would emit it, into the candidates graph; returns the candidate's id.
fn propose(f: &Fixture) -> String {
    let doc = NamedNode::new(format!("https://w3id.org/nkkg/id/{}", f.doc_id())).unwrap();
    let (ms, me) = span("Vostok Brigade");
    let (ss, se) = span("The Vostok Brigade backed Armenia in the autumn.");
    let entity = ProposedEntity {
        label: "Vostok Brigade".into(),
        class: NamedNode::new("https://w3id.org/nkkg/ontology#ArmedGroup").unwrap(),
        mentions: vec![ProposedMention {
            start: ms as u32,
            end: me as u32,
            sentence: None,
        }],
    };
    let (iri, triples): (NamedNode, Vec<Triple>) = proposed::triples(&doc, &f.sha()[..16], &entity);
    assert_eq!(iri.as_str(), "https://w3id.org/nkkg/id/VostokBrigade");
    let mut text: String = triples.iter().map(|t| format!("{t} .\n")).collect();
    let id = format!("{}-candidate-900", f.doc_id());
    text.push_str(&format!(
        "@prefix nk: <https://w3id.org/nkkg/ontology#> . @prefix nke: <https://w3id.org/nkkg/id/> . @prefix nkv: <https://w3id.org/nkkg/vocab/> . @prefix oa: <http://www.w3.org/ns/oa#> .
         nke:{id} a nk:Candidate, nk:SupportCandidate ; nk:giver {iri} ; nk:receiver nke:Armenia ;
           nk:candidateType nkv:MilitarySupport ; nk:topType nkv:MilitarySupport ; nk:candidatePolarity nkv:Given ;
           nk:evidence [ a oa:SpecificResource ; oa:hasSource {doc} ; oa:hasSelector [ a oa:TextPositionSelector ; oa:start {ss} ; oa:end {se} ] ] .\n"
    ));
    let file = f.store.with_file_name("proposed.ttl");
    std::fs::write(&file, text).unwrap();
    ok(nkkg(&[
        "--store",
        f.store(),
        "load",
        file.to_str().unwrap(),
        "--graph",
        &nkkg::review::pending::candidates_graph(),
    ]));
    id
}

#[test]
fn a_proposed_entity_is_accepted_with_its_candidate_and_typed() {
    let f = Fixture::new();
    let id = propose(&f);
    let pending = f.pending();
    let candidate = pending
        .iter()
        .find(|c| c["id"] == id.as_str())
        .expect("the proposed candidate is pending");
    assert_eq!(candidate["giver"]["proposed"], "nk:ArmedGroup");
    assert_eq!(candidate["giver"]["label"], "Vostok Brigade");
    assert_eq!(
        candidate["marked"],
        "The [Vostok Brigade] backed {Armenia} in the autumn."
    );

    let error = stderr(&f.review(&["accept", &id, "--reviewer", "alice"]));
    assert!(
        error.contains("is a proposed entity") && error.contains("--accept-entity"),
        "{error}"
    );
    let out = ok(f.review(&["accept", &id, "--reviewer", "alice", "--accept-entity"]));
    assert!(out.contains("(accepted entity nke:VostokBrigade)"), "{out}");

    let store = f.open();
    let typed = nkkg::query::select(
        &store,
        "SELECT ?class ?label WHERE { GRAPH <https://w3id.org/nkkg/graph/reviewed> { nke:VostokBrigade a ?class ; rdfs:label ?label } }",
        &[],
    )
    .unwrap();
    assert_eq!(typed.len(), 1);
    assert_eq!(nkkg::table::cell(typed[0].get("class")), "nk:ArmedGroup");
    assert_eq!(nkkg::table::cell(typed[0].get("label")), "Vostok Brigade");
    let support = rows_of_doc(&store, "who-supported-whom", &f.doc_id());
    assert!(
        support
            .iter()
            .any(|r| r["supporterLabel"] == "Vostok Brigade" && r["recipientLabel"] == "Armenia"),
        "{support:#?}"
    );
    let violations = nkkg::validate::validate(&store).unwrap();
    assert!(violations.is_empty(), "{violations:#?}");
}

pub(crate) const TOKEN: &str = "review-token-0123456789abcdef";

/// `nkkg serve` on the fixture's store, reviewing allowed with the token in `token_file`.
pub(crate) fn serve(f: &Fixture, token_file: &Path) -> Server {
    Server::start(&[
        "--store",
        f.store(),
        "--allow-update",
        "--token-file",
        token_file.to_str().unwrap(),
    ])
}

/// POSTs a decision to `/api/review/decide`; the status and the body.
pub(crate) fn post(server: &Server, token: &str, body: &Value) -> (u16, String) {
    let response = ureq::post(&server.url("/api/review/decide"))
        .set("Authorization", &format!("Bearer {token}"))
        .set("Content-Type", "application/json")
        .send_string(&body.to_string());
    match response {
        Ok(r) => (r.status(), r.into_string().unwrap()),
        Err(ureq::Error::Status(code, r)) => (code, r.into_string().unwrap()),
        Err(e) => panic!("{e}"),
    }
}

/// The pending candidates as `GET /api/review/pending` gives them.
pub(crate) fn pending_over_http(server: &Server) -> Vec<Value> {
    let body = ureq::get(&server.url("/api/review/pending"))
        .set("Authorization", &format!("Bearer {TOKEN}"))
        .call()
        .unwrap()
        .into_string()
        .unwrap();
    serde_json::from_str::<Value>(&body)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn two_reviewers_conflict_and_decisions_survive_a_server_restart() {
    let f = Fixture::new();
    let token_file = f.store.with_file_name("token");
    std::fs::write(&token_file, TOKEN).unwrap();
    let contested = f.find("support", "nke:Russia", "nke:Armenia");
    let kept = f.find("supply", "nke:Iran", "nke:Armenia");
    let server = serve(&f, &token_file);

    let denied = ureq::get(&server.url("/api/review/pending")).call();
    assert!(
        matches!(denied, Err(ureq::Error::Status(401, _))),
        "{denied:?}"
    );
    let (status, _) = post(
        &server,
        "wrong-token-0123456789",
        &serde_json::json!({"candidate": contested, "verdict": "accept", "reviewer": "x"}),
    );
    assert_eq!(status, 401);

    // two reviewers at once: one decision is written, the other is told
    let answers: Vec<(u16, String)> = std::thread::scope(|s| {
        let handles: Vec<_> = [("alice", "accept"), ("bob", "reject")]
            .map(|(who, verdict)| {
                let (server, contested) = (&server, &contested);
                s.spawn(move || post(server, TOKEN, &serde_json::json!({"candidate": contested, "verdict": verdict, "reviewer": who})))
            })
            .into_iter()
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut statuses: Vec<u16> = answers.iter().map(|a| a.0).collect();
    statuses.sort();
    assert_eq!(statuses, [200, 409], "{answers:?}");
    let conflict = &answers.iter().find(|a| a.0 == 409).unwrap().1;
    assert!(
        conflict.contains("was already") && conflict.contains("nothing was written"),
        "{conflict}"
    );

    let (status, body) = post(
        &server,
        TOKEN,
        &serde_json::json!({"candidate": kept, "verdict": "edit", "polarity": "nkv:Alleged", "reviewer": "carol"}),
    );
    assert_eq!(status, 200, "{body}");
    let outcome: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(outcome["fact"], format!("nke:{kept}-fact"));
    let remaining = pending_over_http(&server).len();
    drop(server);

    let server = serve(&f, &token_file);
    let pending: Vec<String> = pending_over_http(&server)
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(pending.len(), remaining);
    assert!(
        !pending.contains(&contested) && !pending.contains(&kept),
        "{pending:?}"
    );
    let (status, again) = post(
        &server,
        TOKEN,
        &serde_json::json!({"candidate": kept, "verdict": "reject", "reviewer": "dave"}),
    );
    assert_eq!(status, 409, "{again}");
    assert!(again.contains("already edited by carol"), "{again}");
    let ask = format!("ASK {{ GRAPH <https://w3id.org/nkkg/graph/reviewed> {{ nke:{kept}-fact a nk:Supply ; nk:status nkv:Alleged }} }}");
    let answer = ureq::get(&server.url("/sparql"))
        .query("query", &ask)
        .set("Accept", "application/sparql-results+json")
        .call()
        .unwrap()
        .into_string()
        .unwrap();
    assert!(answer.contains("true"), "{answer}");
}

#[test]
fn the_prompt_loop_and_a_batch_file_decide_candidates() {
    let f = Fixture::new();
    let first = f.pending();
    let (skipped, accepted) = (
        first[0]["id"].as_str().unwrap().to_owned(),
        first[1]["id"].as_str().unwrap().to_owned(),
    );
    let output = common::nkkg_stdin(
        &[
            "--store",
            f.store(),
            "review",
            "--prompt",
            "--reviewer",
            "erin",
        ],
        "s\nmaybe\na note=checked\nq\n",
    );
    let out = ok(output);
    assert!(out.contains("'maybe' is not an answer"), "{out}");
    assert!(
        out.contains(&format!("accepted nke:{accepted}"))
            && out.ends_with("1 decision(s) written\n"),
        "{out}"
    );
    let pending: Vec<String> = f
        .pending()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        pending.contains(&skipped) && !pending.contains(&accepted),
        "{pending:?}"
    );

    let rejected = f.find("supply", "nke:Greece", "nke:Armenia");
    let edited = f.find("supply", "nke:Iran", "nke:Armenia");
    let batch = f.store.with_file_name("batch.txt");
    std::fs::write(&batch, format!("# decisions\nreject {rejected} note=volunteers\nedit nke:{edited} type=nkv:Weapons polarity=nkv:Alleged\naccept {accepted}\n")).unwrap();
    let output = f.review(&["--from", batch.to_str().unwrap(), "--reviewer", "erin"]);
    let error = stderr(&output);
    assert!(!output.status.success());
    assert!(
        error.contains(&format!(
            "line 4: candidate nke:{accepted} was already accepted by erin"
        )),
        "{error}"
    );
    assert!(
        error.contains("1 of 3 decisions were not written"),
        "{error}"
    );
    let store = f.open();
    let edited_fact = nkkg::query::select(
        &store,
        &format!("SELECT ?kind ?type ?polarity WHERE {{ GRAPH <https://w3id.org/nkkg/graph/reviewed> {{ nke:{edited}-fact a ?kind ; nk:supportType ?type ; nk:polarity ?polarity }} }}"),
        &[],
    )
    .unwrap();
    let got: Vec<_> = edited_fact
        .iter()
        .map(|r| {
            (
                nkkg::table::cell(r.get("kind")),
                nkkg::table::cell(r.get("type")),
                nkkg::table::cell(r.get("polarity")),
            )
        })
        .collect();
    assert_eq!(
        got,
        [(
            "nk:Support".to_owned(),
            "nkv:Weapons".to_owned(),
            "nkv:Alleged".to_owned()
        )],
        "an item category edited to a support type makes a support"
    );
    let violations = nkkg::validate::validate(&store).unwrap();
    assert!(violations.is_empty(), "{violations:#?}");
}

#[test]
fn the_review_api_is_off_without_updates_and_the_page_is_served() {
    let server = Server::start(&[]);
    let off = ureq::get(&server.url("/api/review/pending")).call();
    match off {
        Err(ureq::Error::Status(403, r)) => {
            let body = r.into_string().unwrap();
            assert!(body.contains("--allow-update"), "{body}");
        }
        other => panic!("{other:?}"),
    }
    let page = ureq::get(&server.url("/review")).call().unwrap();
    assert!(page
        .header("Content-Security-Policy")
        .is_some_and(|c| c.contains("default-src 'self'")));
    assert!(page
        .into_string()
        .unwrap()
        .contains("<script src=\"/assets/review.js\""));
    let script = ureq::get(&server.url("/assets/review.js"))
        .call()
        .unwrap()
        .into_string()
        .unwrap();
    assert!(script.contains("/api/review/decide") && !script.contains("innerHTML"));
}
