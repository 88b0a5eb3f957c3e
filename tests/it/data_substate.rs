//! Sub-state actors and statements about several parties at once (issue 14, `data/support-substate.ttl`
//! and `data/actors-substate.ttl`): the answers of the `sub-state-support` named query, the parties
//! that received equipment from departing Soviet units, statements about several parties split into
//! one relation per party, and the stated and resolved parties of every relation of that file
//! checked against the corpus.

use std::collections::BTreeSet;

use nkkg::query::select;
use nkkg::table::cell;
use oxigraph::model::Term;

use crate::common::{bundled as store, query_columns as columns, query_rows as rows, set};
use crate::data::normalize;

/// The named graph of the relations this module covers.
const GRAPH: &str = "https://w3id.org/nkkg/graph/data/support-substate.ttl";

#[test]
fn sub_state_support_has_the_documented_columns_and_the_omon_in_operation_ring() {
    let store = store();
    assert_eq!(
        columns(&store, "sub-state-support", &[]),
        ["actor", "actorLabel", "actorClass", "direction", "relation", "other", "otherLabel", "kind", "kindLabel", "polarity", "period", "source"]
    );
    // doc000 and doc003: Soviet forces, among them units of the 4th Army, fought beside the
    // Azerbaijani OMON in Operation Ring (1991).
    let omon: BTreeSet<String> = rows(&store, "sub-state-support", &["actor=nke:AzerbaijaniOMON"])
        .into_iter()
        .map(|r| format!("{} {} {} {} {} {} {} {}", r["actorClass"], r["direction"], r["relation"], r["otherLabel"], r["kindLabel"], r["polarity"], r["period"], r["source"]))
        .collect();
    assert_eq!(
        omon,
        set([
            "Armed force got support 4th Army (Soviet Union) troops given 1991-04 doc003",
            "Armed force got support Soviet Armed Forces troops given 1991 doc000",
        ])
    );
    let state = rows(&store, "sub-state-support", &["actor=nke:Armenia"]);
    assert!(state.is_empty(), "a state is not a sub-state actor: {state:?}");
}

#[test]
fn sub_state_support_lists_only_armed_forces_and_armed_groups_in_both_directions() {
    let store = store();
    let all = rows(&store, "sub-state-support", &[]);
    let classes: BTreeSet<String> = all.iter().map(|r| r["actorClass"].clone()).collect();
    assert_eq!(classes, set(["Armed force", "Armed group"]));
    let grey_wolves: BTreeSet<String> = all
        .iter()
        .filter(|r| r["actor"] == "nke:GreyWolves" && r["other"] == "nke:AzerbaijaniArmedForces")
        .map(|r| format!("{} {} {} {}", r["direction"], r["relation"], r["kindLabel"], r["period"]))
        .collect();
    // doc003: the Grey Wolves fought with Azerbaijani forces (home by late 1992) and trained
    // Azerbaijani units in September 1994; each both as a support and as a supply.
    assert_eq!(
        grey_wolves,
        set([
            "gave supply fighters ../1992",
            "gave supply trainers and advisers 1994-09",
            "gave support foreign fighters and volunteers ../1992",
            "gave support training and advisers 1994-09"
        ])
    );
    let mirrored = all.iter().any(|r| r["actor"] == "nke:AzerbaijaniArmedForces" && r["direction"] == "got" && r["other"] == "nke:GreyWolves");
    assert!(mirrored, "the recipient unit lists what it got");
}

#[test]
fn parties_that_received_equipment_from_departing_soviet_units() {
    let store = store();
    let arms: BTreeSet<String> =
        select(&store, "SELECT ?c WHERE { ?c skos:broader* nkv:Arms }", &[]).unwrap().iter().map(|r| cell(r.get("c"))).collect();
    // The Soviet units that left or sold their equipment as the Soviet Union broke up: the MVD
    // troops pulling out (doc000), the 23rd Motor Rifle Division's arsenal and the 104th Guards
    // Airborne Division's base at Ganja (doc000, doc001), the 366th regiment at Khojaly.
    let departing = ["nke:SovietInternalTroops", "nke:23rdMotorRifleDivision", "nke:104thGuardsAirborneDivision", "nke:366thMotorRifleRegiment"];
    let recipients: BTreeSet<String> = rows(&store, "sub-state-support", &[])
        .into_iter()
        .filter(|r| departing.contains(&r["actor"].as_str()) && r["direction"] == "gave" && r["relation"] == "supply" && arms.contains(&r["kind"]))
        .map(|r| r["otherLabel"].clone())
        .collect();
    assert_eq!(
        recipients,
        set(["709th Brigade (Azerbaijan)", "Armed Forces of Armenia", "Armenians", "Azerbaijan", "Azerbaijanis", "Suret Huseynov"])
    );
}

#[test]
fn fought_on_both_sides_is_one_relation_per_side() {
    let store = store();
    // doc003, citing HRW: mercenaries from Russia, Ukraine and Belarus, and rogue Soviet or
    // Russian army units, served with both belligerents during 1992–94.
    let parties = ["nke:Russia", "nke:Ukraine", "nke:Belarus", "nke:RogueSovietRussianArmyUnits"];
    let split: BTreeSet<String> = rows(&store, "who-supported-whom", &[])
        .into_iter()
        .filter(|r| parties.contains(&r["supporter"].as_str()) && r["kind"] == "nkv:ForeignFighters" && r["period"] == "1992/1994")
        .map(|r| format!("{} > {}", r["supporterLabel"], r["recipientLabel"]))
        .collect();
    assert_eq!(
        split,
        set([
            "Belarus > Armenia",
            "Belarus > Azerbaijan",
            "Rogue units of the Soviet/Russian Army > Armenia",
            "Rogue units of the Soviet/Russian Army > Azerbaijan",
            "Russia > Armenia",
            "Russia > Azerbaijan",
            "Ukraine > Armenia",
            "Ukraine > Azerbaijan",
        ])
    );
}

#[test]
fn the_three_de_facto_states_recognised_each_other_and_transnistria_recognised_them() {
    let store = store();
    // doc003: Abkhazia, South Ossetia and Artsakh recognised one another, and Transnistria
    // recognised the three: one recognition per pair.
    let states = ["nke:Abkhazia", "nke:SouthOssetia", "nke:Artsakh", "nke:Transnistria"];
    let recognitions: BTreeSet<String> = rows(&store, "who-supported-whom", &[])
        .into_iter()
        .filter(|r| r["kind"] == "nkv:Recognition" && states.contains(&r["supporter"].as_str()) && states.contains(&r["recipient"].as_str()))
        .map(|r| format!("{} > {}", r["supporterLabel"], r["recipientLabel"]))
        .collect();
    assert_eq!(
        recognitions,
        set([
            "Abkhazia > Republic of Artsakh",
            "Abkhazia > South Ossetia",
            "Republic of Artsakh > Abkhazia",
            "Republic of Artsakh > South Ossetia",
            "South Ossetia > Abkhazia",
            "South Ossetia > Republic of Artsakh",
            "Transnistria > Abkhazia",
            "Transnistria > Republic of Artsakh",
            "Transnistria > South Ossetia",
        ])
    );
}

#[test]
fn every_relation_here_states_both_parties_as_its_first_span_names_them() {
    let Some(seeds) = crate::common::corpus("the stated-party checks of data/support-substate.ttl") else { return };
    let store = store();
    let query = format!(
        "SELECT ?x ?file ?start ?end ?supplier ?supplierHow ?recipient ?recipientHow WHERE {{
           GRAPH <{GRAPH}> {{ ?x a ?class FILTER(?class IN (nk:Support, nk:Supply)) }}
           ?x nk:supporterAsStated|nk:supplierAsStated ?supplier ; nk:supporterResolution|nk:supplierResolution ?supplierHow ;
              nk:recipientAsStated ?recipient ; nk:recipientResolution ?recipientHow ;
              nk:evidence [ oa:hasSource/nk:fileName ?file ; oa:hasSelector [ oa:start ?start ; oa:end ?end ] ] }}
         ORDER BY ?x ?file ?start"
    );
    let relations = select(&store, &format!("SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?x a ?c FILTER(?c IN (nk:Support, nk:Supply)) }} }}"), &[]).unwrap();
    let mut first = std::collections::BTreeMap::new();
    for r in select(&store, &query, &[]).unwrap() {
        first.entry(cell(r.get("x"))).or_insert(r);
    }
    assert_eq!(first.len().to_string(), cell(relations[0].get("n")), "every relation carries all four stated/resolved properties");
    let resolutions = set(["nkv:AsNamed", "nkv:Metonym", "nkv:Inferred", "nkv:Uncertain"]);
    for (x, r) in &first {
        let text: Vec<char> = std::fs::read_to_string(seeds.join(cell(r.get("file")))).unwrap().chars().collect();
        let (Some(Term::Literal(a)), Some(Term::Literal(b))) = (r.get("start"), r.get("end")) else { panic!("{x}: no offsets") };
        let span = normalize(&text[a.value().parse().unwrap()..b.value().parse().unwrap()].iter().collect::<String>());
        for (words, how) in [("supplier", "supplierHow"), ("recipient", "recipientHow")] {
            let stated = normalize(&cell(r.get(words)));
            let whole = span.match_indices(&stated).any(|(i, _)| {
                let before = span[..i].chars().next_back();
                let after = span[i + stated.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
            });
            assert!(whole, "{x}: {stated:?} is not a whole word of its first span");
            assert!(resolutions.contains(&cell(r.get(how))), "{x}: {how} is {}", cell(r.get(how)));
        }
    }
}
