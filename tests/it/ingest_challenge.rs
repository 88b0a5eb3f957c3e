//! Tests of generalising extraction (issue 11): the challenge set of
//! `tests/ingest/challenge/` and the corpus leave-one-out evaluation against the floors of
//! `ingest-challenge-baseline.json`, the set's own consistency (size, halves, parties of
//! the graph), leave-one-out disabling exactly a document's entries, `--explain` showing a
//! frame, and exact candidates of small texts written here for the new phrasings:
//! capitals, adjectival backing, adverbs between subject and verb, stance idioms, relative
//! clauses, sources without a verb, coreference (also over a sentence naming no party),
//! a state's army in two views, accusation and denial, hypotheticals, negation, passives,
//! relation nouns and distractors.

use crate::common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use nkkg::ingest::challenge;
use nkkg::ingest::rules::Polarity;
use nkkg::ingest::Pipeline;
use nkkg::store::GraphStore;
use oxigraph::io::RdfFormat;
use oxigraph::store::Store;

/// Entities for the exact cases (names only).
const ENTITIES: &str = r#"
@prefix nk: <https://w3id.org/nkkg/ontology#> .
@prefix nke: <https://w3id.org/nkkg/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
nke:Turkey a nk:State ; rdfs:label "Turkey" ; skos:altLabel "Turkish", "Ankara" .
nke:Azerbaijan a nk:State ; rdfs:label "Azerbaijan" ; skos:altLabel "Baku" .
nke:Armenia a nk:State ; rdfs:label "Armenia" ; skos:altLabel "Yerevan" .
nke:Armenians a nk:PopulationGroup ; rdfs:label "Armenians" ; skos:altLabel "Armenian" .
nke:Iran a nk:State ; rdfs:label "Iran" ; skos:altLabel "Tehran", "Iranian" .
nke:Russia a nk:State ; rdfs:label "Russia" ; skos:altLabel "Moscow", "Kremlin", "Russian" .
nke:Greece a nk:State ; rdfs:label "Greece" .
nke:Pakistan a nk:State ; rdfs:label "Pakistan" .
nke:Israel a nk:State ; rdfs:label "Israel" .
nke:Ukraine a nk:State ; rdfs:label "Ukraine" .
nke:France a nk:State ; rdfs:label "France" .
nke:AzerbaijaniArmedForces a nk:ArmedForce ; rdfs:label "Azerbaijani Armed Forces" ; skos:altLabel "Azerbaijani army" ;
    nk:subordinateTo nke:Azerbaijan .
"#;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn pipeline() -> Pipeline {
    let store = Store::new().unwrap();
    for file in ["ontology/nkkg.ttl", "ontology/vocabularies.ttl"] {
        let text = std::fs::read_to_string(root().join(file)).unwrap();
        store.load_from_slice(RdfFormat::Turtle, text.as_bytes()).unwrap();
    }
    store.load_from_slice(RdfFormat::Turtle, ENTITIES.as_bytes()).unwrap();
    Pipeline::from_store(&GraphStore::from_parts(store)).unwrap()
}

fn polarity(p: Polarity) -> &'static str {
    challenge::polarity_name(p)
}

/// (kind, giver, receiver, concept, polarity) of every candidate of a text.
fn found(p: &Pipeline, text: &str) -> BTreeSet<(String, String, String, String, String)> {
    let doc = p.analyse("case.txt", text.as_bytes()).unwrap();
    let name = |e: u32| p.gazetteer.entities[e as usize].iri.as_str().rsplit('/').next().unwrap().to_owned();
    doc.candidates
        .iter()
        .map(|c| {
            let f = &c.found;
            (f.kind.name().to_owned(), name(f.giver), name(f.receiver), f.concept.clone(), polarity(f.polarity).to_owned())
        })
        .collect()
}

type Case = (&'static str, &'static [(&'static str, &'static str, &'static str, &'static str, &'static str)]);

/// Small texts of the phrasings of issue 11, each with exactly the candidates it gives.
const CASES: &[Case] = &[
    // a capital the graph has no label for stands for its state; adverbs before the verb
    ("Islamabad has quietly been arming Baku.", &[
        ("supply", "Pakistan", "Azerbaijan", "Arms", "given"),
        ("support", "Pakistan", "Azerbaijan", "Weapons", "given"),
    ]),
    // adjectival backing
    // (the corpus rule x-backed types it as military support, the frame as a stance)
    ("The Ankara-backed government in Baku praised the deal.", &[
        ("support", "Turkey", "Azerbaijan", "PoliticalStance", "given"),
        ("support", "Turkey", "Azerbaijan", "MilitarySupport", "given"),
    ]),
    // a stance idiom with an adverb inside
    ("Greece stood firmly by Armenia.", &[("support", "Greece", "Armenia", "PoliticalStance", "given")]),
    // a relative clause closed by a comma: the subject is its antecedent
    ("Ukraine, which the Kremlin distrusts, sold rifles to Azerbaijan.", &[
        ("supply", "Ukraine", "Azerbaijan", "Arms", "given"),
        ("support", "Ukraine", "Azerbaijan", "Weapons", "given"),
    ]),
    // sources named without a verb of giving
    ("Azerbaijan fields howitzers from Israel and Ukraine.", &[
        ("supply", "Israel", "Azerbaijan", "Artillery", "given"),
        ("support", "Israel", "Azerbaijan", "Weapons", "given"),
        ("supply", "Ukraine", "Azerbaijan", "Artillery", "given"),
        ("support", "Ukraine", "Azerbaijan", "Weapons", "given"),
    ]),
    // coreference to the parties of the previous sentence
    ("Iran borders Armenia. It has supplied the country with gas for years.", &[
        ("supply", "Iran", "Armenia", "Gas", "given"),
        ("support", "Iran", "Armenia", "EconomicSupport", "given"),
    ]),
    // an accusation the giver denies later in the sentence
    ("Baku says Tehran sold drones to Yerevan, which Iran denies.", &[
        ("supply", "Iran", "Armenia", "Drones", "denied"),
        ("support", "Iran", "Armenia", "Weapons", "denied"),
    ]),
    // a hypothetical yields nothing
    ("Russia could supply Armenia with tanks next year.", &[]),
    // a refusal
    ("Israel refused to sell drones to Armenia.", &[
        ("supply", "Israel", "Armenia", "Drones", "declined"),
        ("support", "Israel", "Armenia", "Weapons", "declined"),
    ]),
    // a passive with its giver after "by"
    ("Armenia was supplied with tanks by Moscow.", &[
        ("supply", "Russia", "Armenia", "Tanks", "given"),
        ("support", "Russia", "Armenia", "Weapons", "given"),
    ]),
    // an adjective of origin before an item, given to the subject of a verb of using
    ("Azerbaijan deployed Turkish drones over the mountains.", &[
        ("supply", "Turkey", "Azerbaijan", "Drones", "given"),
        ("support", "Turkey", "Azerbaijan", "Weapons", "given"),
    ]),
    // a relation noun
    ("Pakistan's backing for Azerbaijan never wavered.", &[("support", "Pakistan", "Azerbaijan", "PoliticalStance", "given")]),
    // a distractor: a call for restraint is no support
    ("Iran urged Armenia and Azerbaijan to respect the ceasefire.", &[]),
    // a name right after the verb is the recipient, not an adjective of origin
    ("Ukraine sold Azerbaijan rocket launchers.", &[
        ("supply", "Ukraine", "Azerbaijan", "RocketLaunchers", "given"),
        ("support", "Ukraine", "Azerbaijan", "Weapons", "given"),
    ]),
    // the giver's own statement of what it will do, with words before the pronoun
    ("Moscow said on Tuesday it would continue to supply Yerevan with tanks.", &[
        ("supply", "Russia", "Armenia", "Tanks", "given"),
        ("support", "Russia", "Armenia", "Weapons", "given"),
    ]),
    // ... and under a condition, nothing
    ("Moscow said it would supply Yerevan with tanks if the fighting spread.", &[]),
    // the giver's own negation is a denial
    ("Turkey says it has sent no troops to Azerbaijan.", &[("support", "Turkey", "Azerbaijan", "Troops", "denied")]),
    // "accused X of V-ing"
    ("Armenia accused Turkey of sending fighters to help Azerbaijan.", &[
        ("supply", "Turkey", "Azerbaijan", "Fighters", "alleged"),
        ("support", "Turkey", "Azerbaijan", "ForeignFighters", "alleged"),
    ]),
    // a nominalisation with its giver after "by"
    ("Arms deliveries by Israel to Azerbaijan grew in 2019.", &[
        ("supply", "Israel", "Azerbaijan", "Arms", "given"),
        ("support", "Israel", "Azerbaijan", "Weapons", "given"),
    ]),
    // an apposition with a role noun
    ("Turkey, Azerbaijan's main backer, praised the deal.", &[("support", "Turkey", "Azerbaijan", "PoliticalStance", "given")]),
    // ellipsis by "so did"
    ("Greece sided with Armenia, and so did Ukraine.", &[
        ("support", "Greece", "Armenia", "PoliticalStance", "given"),
        ("support", "Ukraine", "Armenia", "PoliticalStance", "given"),
    ]),
    // a reduced relative clause: the user of the items received them
    ("Azerbaijan used drones supplied by Israel.", &[
        ("supply", "Israel", "Azerbaijan", "Drones", "given"),
        ("support", "Israel", "Azerbaijan", "Weapons", "given"),
    ]),
    // a state's army receives in two views, its own and its state's
    ("Israel supplied the Azerbaijani army with drones.", &[
        ("supply", "Israel", "AzerbaijaniArmedForces", "Drones", "given"),
        ("support", "Israel", "AzerbaijaniArmedForces", "Weapons", "given"),
        ("supply", "Israel", "Azerbaijan", "Drones", "given"),
        ("support", "Israel", "Azerbaijan", "Weapons", "given"),
    ]),
    // what a state gives its own army stays inside the state: no second view
    ("Azerbaijan supplied the Azerbaijani army with drones.", &[
        ("supply", "Azerbaijan", "AzerbaijaniArmedForces", "Drones", "given"),
        ("support", "Azerbaijan", "AzerbaijaniArmedForces", "Weapons", "given"),
    ]),
    // "it" through a verb of control, "its" before the party's own people
    ("France signed a deal with Armenia. In 2023 it agreed to supply the country with drones.", &[
        ("supply", "France", "Armenia", "Drones", "given"),
        ("support", "France", "Armenia", "Weapons", "given"),
    ]),
    ("Turkey opened a base near Baku. Its instructors trained the Azerbaijani army.", &[
        ("support", "Turkey", "AzerbaijaniArmedForces", "TrainingAdvisers", "given"),
        ("support", "Turkey", "Azerbaijan", "TrainingAdvisers", "given"),
    ]),
    // a reference reaches over one sentence naming no party, not over two
    ("Iran borders Armenia. The border is short. It has supplied the country with drones.", &[
        ("supply", "Iran", "Armenia", "Drones", "given"),
        ("support", "Iran", "Armenia", "Weapons", "given"),
    ]),
    ("Iran borders Armenia. The border is short. The weather is cold. It has supplied the country with drones.", &[]),
    // "It added that …": the source of the report, and "the country" the other party
    ("Ankara issued a statement about Azerbaijan. It added that deliveries of drones to the country would continue.", &[
        ("supply", "Turkey", "Azerbaijan", "Drones", "given"),
        ("support", "Turkey", "Azerbaijan", "Weapons", "given"),
    ]),
    // a transfer suspended is declined
    ("Israel suspended arms sales to Armenia.", &[
        ("supply", "Israel", "Armenia", "Arms", "declined"),
        ("support", "Israel", "Armenia", "Weapons", "declined"),
    ]),
];

#[test]
fn new_phrasings_give_exactly_their_candidates() {
    let p = pipeline();
    let mut failures = Vec::new();
    for (text, expected) in CASES {
        let got = found(&p, text);
        let want: BTreeSet<(String, String, String, String, String)> = expected
            .iter()
            .map(|(k, g, r, c, pol)| (k.to_string(), g.to_string(), r.to_string(), c.to_string(), pol.to_string()))
            .collect();
        if got != want {
            failures.push(format!("{text}\n  expected {want:?}\n  got      {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn challenge_dir() -> PathBuf {
    root().join("tests/ingest/challenge")
}

#[test]
fn the_challenge_set_has_two_halves_of_parties_the_graph_knows() {
    let store = GraphStore::bundled().unwrap();
    let p = Pipeline::from_store(&store).unwrap();
    let actors: BTreeSet<String> = p
        .gazetteer
        .entities
        .iter()
        .filter(|e| e.actor)
        .map(|e| e.iri.as_str().rsplit('/').next().unwrap().to_owned())
        .collect();
    let mut total = 0;
    for half in challenge::FOLDER_FILES {
        let text = std::fs::read_to_string(challenge_dir().join(half)).unwrap();
        let items = challenge::parse(&text).unwrap_or_else(|e| panic!("{half} {e}"));
        // the second tuning and held-out files are smaller: about 110 and 130 items,
        // written later
        let least = match half {
            "tuning2.txt" => 100,
            "heldout2.txt" => 120,
            _ => 150,
        };
        assert!(items.len() >= least, "{half} has {} items", items.len());
        for item in &items {
            for e in &item.expected {
                for party in [&e.key.1, &e.key.2] {
                    assert!(actors.contains(party), "{half} line {}: {party} is no actor of the graph", item.line);
                }
            }
        }
        let registers: BTreeSet<&str> = items.iter().map(|i| i.register.as_str()).collect();
        assert_eq!(registers, BTreeSet::from(["encyclo", "report", "resolution", "wire"]), "{half}");
        if matches!(half, "tuning.txt" | "heldout.txt") {
            total += items.len();
        }
    }
    assert!(total >= 300, "the tuning and first held-out halves have {total} items");
}

fn floors() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(root().join("ingest-challenge-baseline.json")).unwrap()).unwrap()
}

#[test]
fn challenge_scores_do_not_fall_below_their_floors() {
    let floors = floors();
    let p = Pipeline::from_store(&GraphStore::bundled().unwrap()).unwrap();
    let reports = challenge::evaluate(&p, &challenge_dir()).unwrap();
    assert_eq!(reports.len(), challenge::FOLDER_FILES.len());
    for r in &reports {
        let half = r.file.trim_end_matches(".txt");
        let floor = |metric: &str| floors["challenge"][half][metric].as_f64().unwrap_or_else(|| panic!("no floor {half}.{metric}"));
        let s = &r.combined;
        eprintln!("{half}: precision {:.3} recall {:.3} polarity {:.3}", s.precision, s.recall, r.polarity_accuracy);
        assert!(s.precision >= floor("precision"), "{half} precision {:.3} fell below {:.3}", s.precision, floor("precision"));
        assert!(s.recall >= floor("recall"), "{half} recall {:.3} fell below {:.3}", s.recall, floor("recall"));
        assert!(r.polarity_accuracy >= floor("polarity"), "{half} polarity {:.3} fell below {:.3}", r.polarity_accuracy, floor("polarity"));
    }
}

#[test]
fn leave_one_out_does_not_fall_below_its_floor() {
    let Some(seeds) = common::corpus("the leave-one-out evaluation") else { return };
    let floors = floors();
    let loo = nkkg::ingest::evaluate::leave_one_out(&GraphStore::bundled().unwrap(), Path::new(&seeds)).unwrap();
    let s = loo.combined;
    eprintln!("leave-one-out: precision {:.3} recall {:.3}", s.precision, s.recall);
    for (metric, value) in [("precision", s.precision), ("recall", s.recall)] {
        let floor = floors["leave_one_out"][metric].as_f64().unwrap();
        assert!(value >= floor, "leave-one-out {metric} {value:.3} fell below {floor:.3}");
    }
}

#[test]
fn leave_one_out_disables_the_entries_a_document_motivated_and_no_other() {
    let text = "Armenia's suppliers include Russia.";
    let rules = |p: &Pipeline| -> BTreeSet<String> {
        p.analyse("case.txt", text.as_bytes()).unwrap().candidates.iter().map(|c| c.found.rule.to_owned()).collect()
    };
    let mut p = pipeline();
    assert!(rules(&p).contains("suppliers-include"), "{:?}", rules(&p));
    p.exclude_sources(&["003"]);
    assert!(!rules(&p).contains("suppliers-include"), "{:?}", rules(&p));
    p.exclude_sources(&["000", "001"]);
    assert!(rules(&p).contains("suppliers-include"), "{:?}", rules(&p));
    assert_eq!(nkkg::ingest::evaluate::fold_of("001"), ["001", "000"]);
}

#[test]
fn explain_shows_the_frame_that_found_a_candidate() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    std::fs::write(&a, "Islamabad has quietly been arming Baku.\n").unwrap();
    let output = common::nkkg(&["ingest", a.to_str().unwrap(), "--explain", "arming"]);
    common::ok(output.clone());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("[Pakistan] has quietly been arming [Azerbaijan]"), "{stdout}");
    assert!(stdout.contains("-> supply Pakistan → Azerbaijan Arms (given, frame-arm,"), "{stdout}");
}

#[test]
fn cli_scores_a_challenge_file_and_names_a_bad_line() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("set.txt");
    std::fs::write(&good, "@ wire | metonymy\nIslamabad has quietly been arming Baku.\n= Pakistan > Azerbaijan : arms given\n").unwrap();
    let output = common::nkkg(&["ingest", "--evaluate", "--challenge", good.to_str().unwrap()]);
    common::ok(output.clone());
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("set.txt             1      2          2        2     1.000   1.000  1.000     1.000"), "{stdout}");
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, "@ wire | x\nSome text.\n= Pakistan > Azerbaijan : weapons given\n").unwrap();
    let output = common::nkkg(&["ingest", "--evaluate", "--challenge", bad.to_str().unwrap()]);
    assert!(!output.status.success());
    let err = common::stderr(&output);
    assert!(err.contains("bad.txt line 3") && err.contains("WHAT must be"), "{err}");
}
