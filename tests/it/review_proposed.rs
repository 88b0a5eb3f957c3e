//! Proposed entities end to end (issue 11, "Entities the graph does not know yet"): a small
//! hand-written document names an organisation and a person the graph does not know as
//! givers; `nkkg ingest --store` proposes both, typed from their cues, with every span
//! naming them; accepting the organisation's candidate (with the entity) puts the new
//! actor's fact in `who-supported-whom` with its provenance; rejecting the person means a
//! second ingest proposes neither; `nkkg validate` passes throughout, and the reviewed
//! graph exported loads into a fresh store that validates. The forms of one name ("the
//! Wagner group", "Wagner Group's", "WAGNER GROUP") are one proposed entity with every
//! mention, not proposed again once decided; `nkkg ingest --explain` shows proposals by
//! name and cue.

use crate::common::{nkkg, ok, query_rows, stderr};
use crate::review::Fixture;


use serde_json::Value;

/// The test document (no corpus text): an unknown foundation and an unknown general back
/// Armenia; the foundation is named again in the last paragraph.
const DOCUMENT: &str = "Friends of Armenia\n\nThe Kestrel Relief Foundation backed Armenia in 2021.\n\nGeneral Oleg Marwick supported Armenia diplomatically.\n\nAzerbaijan criticised the Kestrel Relief Foundation.\n";

/// A new folder with the document, its store not made yet.
fn fixture() -> Fixture {
    Fixture::with_document("friends.txt", DOCUMENT)
}

/// Code-point spans of every occurrence of `needle` in the document.
fn spans(needle: &str) -> Vec<(u64, u64)> {
    DOCUMENT
        .match_indices(needle)
        .map(|(byte, _)| {
            let start = DOCUMENT[..byte].chars().count() as u64;
            (start, start + needle.chars().count() as u64)
        })
        .collect()
}

/// The pending candidate whose giver is labelled `label`.
fn by_giver<'p>(pending: &'p [Value], label: &str) -> Option<&'p Value> {
    pending.iter().find(|c| c["giver"]["label"] == label)
}

#[test]
fn unknown_givers_are_proposed_typed_accepted_or_rejected_and_not_proposed_again() {
    let f = fixture();
    f.ingest();
    let pending = f.pending();
    let foundation =
        by_giver(&pending, "Kestrel Relief Foundation").unwrap_or_else(|| panic!("{pending:#?}"));
    let general = by_giver(&pending, "Oleg Marwick").unwrap_or_else(|| panic!("{pending:#?}"));
    assert_eq!(foundation["giver"]["iri"], "nke:KestrelReliefFoundation");
    assert_eq!(
        foundation["giver"]["proposed"],
        "nk:NonGovernmentalOrganisation"
    );
    assert_eq!(foundation["receiver"]["iri"], "nke:Armenia");
    assert_eq!(general["giver"]["iri"], "nke:OlegMarwick");
    assert_eq!(general["giver"]["proposed"], "nk:Person");
    assert_eq!(general["kind"], "support");
    // the mention in the candidate's sentence
    let first = spans("Kestrel Relief Foundation")[0];
    assert_eq!(
        foundation["giver"]["mentions"],
        serde_json::json!([[first.0, first.1]])
    );
    let text = ok(f.review(&["--list"]));
    assert!(
        text.contains("proposed: Kestrel Relief Foundation (NonGovernmentalOrganisation)"),
        "{text}"
    );
    assert!(text.contains("proposed: Oleg Marwick (Person)"), "{text}");
    assert!(
        text.contains("The [Kestrel Relief Foundation] backed {Armenia} in 2021."),
        "{text}"
    );

    // every span of the document naming the foundation is a mention of it
    {
        let store = f.open();
        let rows = nkkg::query::select(
            &store,
            "SELECT ?s ?e ?label WHERE { nke:KestrelReliefFoundation a nk:ProposedEntity ; nk:proposedLabel ?label .
               ?m a nk:Mention ; nk:mentions nke:KestrelReliefFoundation ; oa:hasSelector [ oa:start ?s ; oa:end ?e ] } ORDER BY ?s",
            &[],
        )
        .unwrap();
        let got: Vec<(u64, u64)> = rows
            .iter()
            .map(|r| {
                (
                    nkkg::table::cell(r.get("s")).parse().unwrap(),
                    nkkg::table::cell(r.get("e")).parse().unwrap(),
                )
            })
            .collect();
        assert_eq!(got, spans("Kestrel Relief Foundation"));
        assert!(rows
            .iter()
            .all(|r| nkkg::table::cell(r.get("label")) == "Kestrel Relief Foundation"));
    }

    // accepting the candidate needs the entity; with it, both are accepted in one action
    let id = foundation["id"].as_str().unwrap();
    let error = stderr(&f.review(&["accept", id, "--reviewer", "alice"]));
    assert!(
        error.contains("is a proposed entity") && error.contains("--accept-entity"),
        "{error}"
    );
    let out = ok(f.review(&["accept", id, "--reviewer", "alice", "--accept-entity"]));
    assert!(
        out.contains("(accepted entity nke:KestrelReliefFoundation)"),
        "{out}"
    );
    // the person is rejected as an entity; accepting it afterwards is a conflict
    let out = ok(f.review(&[
        "reject-entity",
        "nke:OlegMarwick",
        "--reviewer",
        "bob",
        "--note",
        "not a party",
    ]));
    assert_eq!(out.trim(), "rejected entity nke:OlegMarwick");
    let error = stderr(&f.review(&["accept-entity", "nke:OlegMarwick", "--reviewer", "carol"]));
    assert!(error.contains("already rejected"), "{error}");
    assert!(
        by_giver(&f.pending(), "Oleg Marwick").is_none(),
        "a rejected entity's candidate is not pending"
    );

    {
        let store = f.open();
        let typed = nkkg::query::select(
            &store,
            "SELECT ?class ?label WHERE { GRAPH <https://w3id.org/nkkg/graph/reviewed> { nke:KestrelReliefFoundation a ?class ; rdfs:label ?label } }",
            &[],
        )
        .unwrap();
        assert_eq!(typed.len(), 1);
        assert_eq!(
            nkkg::table::cell(typed[0].get("class")),
            "nk:NonGovernmentalOrganisation"
        );
        let doc = nkkg::table::cell(
            nkkg::query::select(
                &store,
                "SELECT ?d WHERE { ?d a nk:SourceDocument ; nk:fileName \"friends.txt\" } LIMIT 1",
                &[],
            )
            .unwrap()[0]
                .get("d"),
        );
        let support = query_rows(&store, "who-supported-whom", &[]);
        let found: Vec<_> = support
            .iter()
            .filter(|r| r["supporterLabel"] == "Kestrel Relief Foundation")
            .collect();
        assert_eq!(found.len(), 1, "{support:#?}");
        assert_eq!(found[0]["recipientLabel"], "Armenia");
        let source = doc.trim_start_matches("nke:");
        assert!(
            found[0]["source"].split(' ').any(|s| s == source),
            "{:?} from {doc}",
            found[0]
        );
        assert!(!support
            .iter()
            .any(|r| r["supporterLabel"] == "Oleg Marwick"));
        let violations = nkkg::validate::validate(&store).unwrap();
        assert!(violations.is_empty(), "{violations:#?}");
    }
    ok(nkkg(&["--store", f.store(), "validate"]));

    // a second ingest proposes neither: the decided candidate and the rejected entity stay out
    f.ingest();
    let again = f.pending();
    assert!(
        by_giver(&again, "Kestrel Relief Foundation").is_none(),
        "{again:#?}"
    );
    assert!(by_giver(&again, "Oleg Marwick").is_none(), "{again:#?}");
    let store = f.open();
    let proposed = nkkg::query::select(
        &store,
        "SELECT ?e WHERE { ?e a nk:ProposedEntity ; nk:proposedClass ?c FILTER NOT EXISTS { ?e rdfs:label ?l } FILTER NOT EXISTS { ?r a nk:EntityRejection ; nk:decides ?e } }",
        &[],
    )
    .unwrap();
    assert!(proposed.is_empty(), "still proposed: {proposed:?}");
    drop(store);

    // the reviewed graph, exported, loads into a fresh store (seeded with the bundled
    // graph) that validates and shows the new actor's support
    let exported = f.store.with_file_name("reviewed.ttl");
    let exported = exported.to_str().unwrap();
    ok(nkkg(&["--store", f.store(), "export", "--graph", "nkg:reviewed", "-o", exported]));
    let fresh = f.store.with_file_name("fresh");
    let fresh = fresh.to_str().unwrap();
    ok(nkkg(&["--store", fresh, "load", exported]));
    ok(nkkg(&["--store", fresh, "validate"]));
    let table = ok(nkkg(&["--store", fresh, "query", "--name", "who-supported-whom", "--format", "json"]));
    let rows: Value = serde_json::from_str(&table).unwrap();
    let rows = rows["results"]["bindings"].as_array().unwrap();
    let ours: Vec<_> = rows
        .iter()
        .filter(|r| r["supporterLabel"]["value"] == "Kestrel Relief Foundation")
        .map(|r| r["recipientLabel"]["value"].as_str().unwrap())
        .collect();
    assert_eq!(ours, ["Armenia"], "{table}");
}

/// A document naming one unknown armed group in four forms: "the Wagner group", "the
/// Wagner Group" (twice, once with a possessive) and "THE WAGNER GROUP".
const VARIANTS: &str = "Friends of Armenia\n\nThe Wagner group sent rifles to Armenia.\n\nThe Wagner Group backed Armenia in 2021.\n\nArmenia thanked the Wagner Group's commanders.\n\nTHE WAGNER GROUP supported Armenia diplomatically.\n";

/// The proposed entities of the store: IRI, class, labels, mention spans (code points).
fn proposed_entities(f: &Fixture) -> Vec<(String, String, String, Vec<(u64, u64)>)> {
    let store = f.open();
    let rows = nkkg::query::select(
        &store,
        "SELECT ?e ?class (GROUP_CONCAT(DISTINCT ?label; separator=\"|\") AS ?labels) WHERE { ?e a nk:ProposedEntity ; nk:proposedClass ?class ; nk:proposedLabel ?label } GROUP BY ?e ?class ORDER BY ?e",
        &[],
    )
    .unwrap();
    rows.iter()
        .map(|r| {
            let e = nkkg::table::cell(r.get("e"));
            let spans = nkkg::query::select(
                &store,
                &format!("SELECT ?s ?end WHERE {{ ?m nk:mentions {e} ; oa:hasSelector [ oa:start ?s ; oa:end ?end ] }} ORDER BY ?s"),
                &[],
            )
            .unwrap()
            .iter()
            .map(|m| (nkkg::table::cell(m.get("s")).parse().unwrap(), nkkg::table::cell(m.get("end")).parse().unwrap()))
            .collect();
            (e, nkkg::table::cell(r.get("class")), nkkg::table::cell(r.get("labels")), spans)
        })
        .collect()
}

/// Code-point spans of every occurrence of `needle` in `text`, in any case.
fn spans_in(text: &str, needle: &str) -> Vec<(u64, u64)> {
    let lower = text.to_lowercase();
    lower
        .match_indices(&needle.to_lowercase())
        .map(|(byte, _)| {
            let start = text[..byte].chars().count() as u64;
            (start, start + needle.chars().count() as u64)
        })
        .collect()
}

#[test]
fn the_forms_of_a_name_are_one_proposed_entity_accepted_once_and_not_proposed_again() {
    let f = Fixture::with_document("wagner.txt", VARIANTS);
    f.ingest();
    let entities = proposed_entities(&f);
    assert_eq!(
        entities,
        [(
            "nke:WagnerGroup".to_owned(),
            "nk:ArmedGroup".to_owned(),
            "Wagner Group".to_owned(),
            spans_in(VARIANTS, "Wagner Group")
        )],
        "one entity, labelled with its most frequent form, with the mentions of every form"
    );
    assert_eq!(spans_in(VARIANTS, "Wagner Group").len(), 4);
    let pending = f.pending();
    let named: Vec<_> = pending.iter().filter(|c| c["giver"]["iri"] == "nke:WagnerGroup").collect();
    // one sentence of each form but the possessive's (sending rifles is a supply and a
    // support in kind)
    assert_eq!(named.len(), 4, "{pending:#?}");
    assert!(named.iter().all(|c| c["giver"]["proposed"] == "nk:ArmedGroup" && c["giver"]["label"] == "Wagner Group"));

    let out = ok(f.review(&["accept-entity", "nke:WagnerGroup", "--reviewer", "alice"]));
    assert_eq!(out.trim(), "accepted entity nke:WagnerGroup");
    // the same document again and a new one naming it in another form: the entity is an
    // actor now, named by the candidates, never proposed again
    f.ingest();
    let other = f.store.with_file_name("other.txt");
    std::fs::write(&other, OTHER).unwrap();
    ok(nkkg(&["--store", f.store(), "ingest", other.to_str().unwrap()]));
    let pending = f.pending();
    let named: Vec<_> = pending.iter().filter(|c| c["giver"]["iri"] == "nke:WagnerGroup").collect();
    assert!(named.iter().any(|c| c["file"] == "other.txt"), "{pending:#?}");
    assert!(named.iter().all(|c| c["giver"]["proposed"].is_null()), "{named:#?}");
    let store = f.open();
    let undecided = nkkg::query::select(
        &store,
        "SELECT ?e WHERE { ?e a nk:ProposedEntity FILTER NOT EXISTS { ?e rdfs:label ?l } }",
        &[],
    )
    .unwrap();
    assert!(undecided.is_empty(), "{undecided:?}");
    let proposals = nkkg::query::select(
        &store,
        "SELECT ?g WHERE { GRAPH ?g { nke:WagnerGroup nk:proposedLabel ?l } }",
        &[],
    )
    .unwrap();
    assert_eq!(proposals.len(), 1, "proposed once, by the first ingest: {proposals:?}");
}

/// Another document naming the group in yet another form.
const OTHER: &str = "Notes\n\nThe Wagner GROUP's fighters sent rifles to Armenia.\n";

#[test]
fn a_rejected_entity_is_not_proposed_again_in_another_form() {
    // on its own, the other document proposes the group
    let alone = Fixture::with_document("other.txt", OTHER);
    alone.ingest();
    assert!(alone.pending().iter().any(|c| c["giver"]["iri"] == "nke:WagnerGroup" && c["giver"]["label"] == "Wagner GROUP"));

    let f = Fixture::with_document("wagner.txt", VARIANTS);
    f.ingest();
    ok(f.review(&["reject-entity", "nke:WagnerGroup", "--reviewer", "bob"]));
    assert!(f.pending().iter().all(|c| c["giver"]["iri"] != "nke:WagnerGroup"));
    let other = f.store.with_file_name("other.txt");
    std::fs::write(&other, OTHER).unwrap();
    let report = stderr(&nkkg(&["--store", f.store(), "ingest", other.to_str().unwrap()]));
    assert!(report.contains(" 0 candidates"), "{report}");
    assert!(f.pending().iter().all(|c| c["giver"]["iri"] != "nke:WagnerGroup"));
}

#[test]
fn explain_names_proposed_parties_by_name_and_cue() {
    let f = Fixture::with_document("wagner.txt", VARIANTS);
    let out = ok(nkkg(&["ingest", f.document.to_str().unwrap(), "--explain", "backed"]));
    assert!(
        out.contains("[proposed:\"Wagner Group\" (organisation: ArmedGroup)] backed [Armenia]"),
        "{out}"
    );
    assert!(out.contains("-> support proposed:\"Wagner Group\" (organisation: ArmedGroup) → Armenia"), "{out}");
    assert!(!out.contains("unknown-party"), "{out}");
}

#[test]
fn an_entity_is_accepted_on_its_own_with_another_label_and_class() {
    let f = fixture();
    f.ingest();
    let error = stderr(&f.review(&[
        "accept-entity",
        "nke:OlegMarwick",
        "--class",
        "nk:Event",
        "--reviewer",
        "alice",
    ]));
    assert!(error.contains("not a class of actors"), "{error}");
    let out = ok(f.review(&[
        "accept-entity",
        "nke:OlegMarwick",
        "--label",
        "Oleg Marwick (general)",
        "--class",
        "nk:Person",
        "--reviewer",
        "alice",
    ]));
    assert_eq!(out.trim(), "accepted entity nke:OlegMarwick");
    // the entity is an actor now: its candidate is accepted without --accept-entity
    let pending = f.pending();
    let general =
        by_giver(&pending, "Oleg Marwick (general)").unwrap_or_else(|| panic!("{pending:#?}"));
    assert!(general["giver"]["proposed"].is_null(), "{general:#?}");
    ok(f.review(&[
        "accept",
        general["id"].as_str().unwrap(),
        "--reviewer",
        "alice",
    ]));
    let store = f.open();
    let support = query_rows(&store, "who-supported-whom", &[]);
    assert!(support.iter().any(
        |r| r["supporterLabel"] == "Oleg Marwick (general)" && r["recipientLabel"] == "Armenia"
    ));
    let violations = nkkg::validate::validate(&store).unwrap();
    assert!(violations.is_empty(), "{violations:#?}");
}

#[test]
fn a_cue_in_one_document_types_a_name_another_gives_bare() {
    let f = Fixture::with_document("bare.txt", "Notes\n\nAnna Petrosova supported Armenia diplomatically.\n");
    f.ingest();
    assert_eq!(by_giver(&f.pending(), "Anna Petrosova").unwrap()["giver"]["proposed"], "nk:Actor");
    let titled = f.store.with_file_name("titled.txt");
    std::fs::write(&titled, "More notes\n\nPresident Anna Petrosova backed Armenia in 2021.\n").unwrap();
    ok(nkkg(&["--store", f.store(), "ingest", titled.to_str().unwrap()]));
    let pending = f.pending();
    let named: Vec<_> = pending.iter().filter(|c| c["giver"]["iri"] == "nke:AnnaPetrosova").collect();
    assert_eq!(named.len(), 2, "{pending:#?}");
    assert!(named.iter().all(|c| c["giver"]["proposed"] == "nk:Person"), "{named:#?}");
    ok(f.review(&["accept-entity", "nke:AnnaPetrosova", "--reviewer", "alice"]));
    let store = f.open();
    let typed = nkkg::query::select(
        &store,
        "SELECT ?class WHERE { GRAPH <https://w3id.org/nkkg/graph/reviewed> { nke:AnnaPetrosova a ?class } }",
        &[],
    )
    .unwrap();
    let classes: Vec<String> = typed.iter().map(|r| nkkg::table::cell(r.get("class"))).collect();
    assert_eq!(classes, ["nk:Person"]);
}
