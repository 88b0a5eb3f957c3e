//! Names people search by and places on the map (issue 14): `describe` and the web search
//! find events, actors and places under their common spellings and transliterations, with
//! or without diacritics; every settlement has GeoNames coordinates or says where its
//! coordinates were taken from; and `events-map` gives events with their places' points.

use std::collections::{BTreeMap, BTreeSet};

use nkkg::explore::resolve;
use nkkg::query::select;
use nkkg::table::cell;

use crate::common::{self, bundled as store, query_rows as rows, set};

/// Names people search by, and the entity each must resolve to.
const NAMES: &[(&str, &str)] = &[
    // places: Azerbaijani, Armenian and Russian forms, with and without diacritics
    ("Shushi", "Shusha"),
    ("Şuşa", "Shusha"),
    ("susa", "Shusha"),
    ("Khankendi", "Stepanakert"),
    ("Xankəndi", "Stepanakert"),
    ("Xankandi", "Stepanakert"),
    ("Aghdam", "Agdam"),
    ("Ağdam", "Agdam"),
    ("Kelbajar", "Kalbajar"),
    ("Kəlbəcər", "Kalbajar"),
    ("Karvachar", "Kalbajar"),
    ("Khojali", "Khojaly"),
    ("Xocalı", "Khojaly"),
    ("Xocali", "Khojaly"),
    ("Fuzuli", "Fizuli"),
    ("Füzuli", "Fizuli"),
    ("Berdzor", "Lachin"),
    ("Laçın", "Lachin"),
    ("Jabrayil", "JabrayilDistrict"),
    ("Jebrail", "JabrayilDistrict"),
    ("Martakert", "Mardakert"),
    ("Aghdara", "Mardakert"),
    ("Ağdərə", "Mardakert"),
    ("Hadrut", "Hadrut"),
    ("Zəngilan", "Zangilan"),
    ("Kubatly", "Qubadli"),
    ("Qubadlı", "Qubadli"),
    ("Terter", "Tartar"),
    ("Tərtər", "Tartar"),
    ("Gyanja", "Ganja"),
    ("Gəncə", "Ganja"),
    ("Kirovabad", "Ganja"),
    ("Erevan", "Yerevan"),
    ("Nakhichevan", "Nakhchivan"),
    ("Naxçıvan", "Nakhchivan"),
    ("Sumqayit", "Sumgait"),
    ("Karmir Shuka", "KrasnyyBazar"),
    ("Khojavend", "Martuni"),
    // actors
    ("Artsakh", "Artsakh"),
    ("NKR", "Artsakh"),
    ("NKAO", "NKAO"),
    ("ASALA", "ASALA"),
    ("Dashnaktsutyun", "ArmenianRevolutionaryFederation"),
    ("Heydər Əliyev", "HeydarAliyev"),
    ("Levon Ter-Petrossian", "LevonTerPetrosyan"),
    ("Türkiye", "Turkey"),
    // events: operation, massacre, agreement and war names
    ("44-day war", "SecondNagornoKarabakhWar"),
    ("the 2020 war", "SecondNagornoKarabakhWar"),
    ("Second Karabakh War", "SecondNagornoKarabakhWar"),
    ("Patriotic War", "SecondNagornoKarabakhWar"),
    ("the first Karabakh war", "FirstNagornoKarabakhWar"),
    ("Artsakh Liberation War", "FirstNagornoKarabakhWar"),
    ("the 1994 ceasefire", "CeasefireAgreement1994"),
    ("Bishkek Protocol", "BishkekProtocol"),
    ("trilateral statement", "NagornoKarabakhCeasefireAgreement2020"),
    ("November 2020 ceasefire", "NagornoKarabakhCeasefireAgreement2020"),
    ("Four-Day War", "FourDayWar"),
    ("April War", "FourDayWar"),
    ("Khojali massacre", "KhojalyMassacre"),
    ("Khojaly genocide", "KhojalyMassacre"),
    ("Fall of Shushi", "BattleOfShusha"),
    ("Wedding in the Mountains", "BattleOfShusha"),
    ("Operation Koltso", "OperationRing"),
    ("Goranboy offensive", "OperationGoranboy"),
    ("Lachin corridor blockade", "BlockadeOfNagornoKarabakh"),
    ("September 2023 offensive", "AzerbaijaniOffensiveInNagornoKarabakh2023"),
    ("Sumqayit pogrom", "SumgaitPogrom"),
    ("Black Saturday", "BlackJanuary"),
    ("UNSCR 822", "UNSCResolution822"),
    ("A/RES/62/243", "UNGAResolution62-243"),
    ("Spitak earthquake", "SpitakEarthquake1988"),
    ("Tovuz clashes", "JulyClashes2020"),
];

fn local(iri: &str) -> &str {
    iri.rsplit('/').next().unwrap_or(iri)
}

#[test]
fn describe_resolves_the_names_people_search_by() {
    let store = store();
    let mut wrong = Vec::new();
    for (name, expected) in NAMES {
        match resolve(&store, name) {
            Ok(found) if local(found.as_str()) == *expected => {}
            Ok(found) => wrong.push(format!("{name:?} resolved to {found}, not nke:{expected}")),
            Err(e) => wrong.push(format!("{name:?}: {e}")),
        }
    }
    assert!(NAMES.len() >= 40);
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn the_command_line_describes_an_entity_by_a_transliteration() {
    for (name, header) in [("Xocali", "Khojaly  (nke:Khojaly)"), ("the 1994 ceasefire", "(nke:CeasefireAgreement1994)")] {
        let out = common::ok(common::nkkg(&["describe", name]));
        assert!(out.lines().next().is_some_and(|l| l.contains(header)), "{name}: {out}");
    }
    let karintak = common::ok(common::nkkg(&["describe", "Daşaltı"]));
    assert!(karintak.contains("\n  coordinates: 39.8177, 46.7528 (those of Nagorno-Karabakh)\n"), "{karintak}");
    let shusha = common::ok(common::nkkg(&["describe", "Shushi"]));
    assert!(shusha.contains("\n  coordinates: 39.76006, 46.74989\n"), "{shusha}");
}

#[test]
fn a_name_two_entities_share_is_reported_with_both() {
    let message = resolve(&store(), "Karabakh").unwrap_err().to_string();
    assert!(message.contains("nke:Artsakh") && message.contains("nke:NagornoKarabakh"), "{message}");
}

#[test]
fn every_name_of_a_place_or_event_finds_it() {
    let store = store();
    let names = select(
        &store,
        "SELECT ?e ?n WHERE { ?e rdfs:label|skos:altLabel ?n . ?e a ?c VALUES ?c { nk:Event nk:Settlement nk:District nk:Region } }",
        &[],
    )
    .unwrap();
    let main: BTreeSet<(String, String)> = select(&store, "SELECT ?e ?l WHERE { ?e rdfs:label ?l }", &[])
        .unwrap()
        .iter()
        .map(|r| (cell(r.get("e")), cell(r.get("l")).to_lowercase()))
        .collect();
    let mut missed = Vec::new();
    for row in &names {
        let (entity, name) = (cell(row.get("e")), cell(row.get("n")));
        match resolve(&store, &name) {
            Ok(found) if nkkg::prefixes::shorten(found.as_str()) == entity => {}
            // another entity's main label wins over an other name (Hadrut the town, not its district)
            Ok(found) if main.contains(&(nkkg::prefixes::shorten(found.as_str()), name.to_lowercase())) => {}
            Ok(found) => missed.push(format!("{name:?} of {entity} resolved to {found}")),
            Err(e) if e.to_string().contains(&entity) => {} // shared with another entity: listed
            Err(e) => missed.push(format!("{name:?} of {entity}: {e}")),
        }
    }
    assert!(names.len() > 900, "{} names", names.len());
    assert!(missed.is_empty(), "{missed:#?}");
}

#[test]
fn the_web_search_folds_case_and_diacritics() {
    let server = common::Server::start(&[]);
    let search = |q: &str| -> String {
        let url = server.url(&format!("/api/search?q={}", form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>()));
        ureq::get(&url).call().unwrap().into_string().unwrap()
    };
    for (q, link) in [
        ("xocali", "/id/Khojaly"),
        ("ŞUŞA", "/id/Shusha"),
        ("Kəlbəcər", "/id/Kalbajar"),
        ("Khankendi", "/id/Stepanakert"),
        ("the 2020 war", "/id/SecondNagornoKarabakhWar"),
        ("koltso", "/id/OperationRing"),
        ("Naxcivan", "/id/Nakhchivan"),
    ] {
        let body = search(q);
        assert!(body.contains(&format!("\"link\":\"{link}\"")), "{q}: {body}");
    }
    let minsk = search("minsk group");
    assert!(minsk.contains("\"matched\":\"CSCE Minsk Group\""), "{minsk}");
}

/// The settlements, with their coordinates, flags and the countries they lie in.
fn settlements() -> Vec<BTreeMap<String, String>> {
    let rows = select(
        &store(),
        "SELECT ?s ?lat ?long ?from ?unlocated (GROUP_CONCAT(DISTINCT STR(?c); separator=\" \") AS ?in) WHERE {
           ?s a nk:Settlement .
           OPTIONAL { ?s geo:lat ?lat ; geo:long ?long } OPTIONAL { ?s nk:coordinatesFrom ?from }
           OPTIONAL { ?s nk:notLocated ?unlocated }
           OPTIONAL { ?s nk:partOf+ ?c VALUES ?c { nke:Armenia nke:Azerbaijan nke:NagornoKarabakh } }
         } GROUP BY ?s ?lat ?long ?from ?unlocated",
        &[],
    )
    .unwrap();
    rows.iter().map(|r| r.iter().map(|(v, t)| (v.as_str().to_owned(), cell(Some(t)))).collect()).collect()
}

#[test]
fn every_settlement_has_coordinates_or_says_why_not() {
    let all = settlements();
    assert!(all.len() >= 75);
    for s in &all {
        let located = s.contains_key("lat") && s.contains_key("long");
        let unlocated = s.get("unlocated").map(String::as_str) == Some("true");
        assert!(located != unlocated, "{s:?}: coordinates, or nk:notLocated true, but not both");
    }
    let unlocated: Vec<&str> = all.iter().filter(|s| s.contains_key("unlocated")).map(|s| s["s"].as_str()).collect();
    assert!(unlocated.len() <= 2, "{unlocated:?}");
    let cited = select(
        &store(),
        "SELECT ?p WHERE { ?p geo:lat ?lat FILTER NOT EXISTS { ?p nk:coordinatesSource ?d .
           ?d dcterms:license <https://creativecommons.org/licenses/by/4.0/> ; dcterms:creator \"GeoNames\" } }",
        &[],
    )
    .unwrap();
    assert!(cited.is_empty(), "coordinates without the GeoNames citation: {:?}", cited.iter().map(|r| cell(r.get("p"))).collect::<Vec<_>>());
}

#[test]
fn settlements_in_armenia_azerbaijan_and_karabakh_lie_in_the_south_caucasus() {
    let mut checked = 0;
    for s in settlements().iter().filter(|s| s.contains_key("in") && !s["in"].is_empty() && s.contains_key("lat")) {
        let (lat, long): (f64, f64) = (s["lat"].parse().unwrap(), s["long"].parse().unwrap());
        assert!((38.0..=43.6).contains(&lat) && (43.0..=50.5).contains(&long), "{} at {lat}, {long}", s["s"]);
        checked += 1;
    }
    assert!(checked >= 50, "{checked}");
}

#[test]
fn no_two_places_share_coordinates_unless_one_took_them_from_another() {
    let rows = select(&store(), "SELECT ?p ?lat ?long ?from WHERE { ?p geo:lat ?lat ; geo:long ?long OPTIONAL { ?p nk:coordinatesFrom ?from } }", &[]).unwrap();
    let mut own: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.get("from").is_none()) {
        own.entry((cell(r.get("lat")), cell(r.get("long")))).or_default().push(cell(r.get("p")));
    }
    let shared: Vec<_> = own.iter().filter(|(_, places)| places.len() > 1).collect();
    assert!(shared.is_empty(), "{shared:?}");
    assert!(rows.iter().any(|r| r.get("from").is_some()) && own.len() >= 50);
    // a copied point is the point of the place it names
    let copies = select(
        &store(),
        "SELECT ?p WHERE { ?p nk:coordinatesFrom ?f ; geo:lat ?a ; geo:long ?b . FILTER NOT EXISTS { ?f geo:lat ?a ; geo:long ?b } }",
        &[],
    )
    .unwrap();
    assert!(copies.is_empty(), "{:?}", copies.iter().map(|r| cell(r.get("p"))).collect::<Vec<_>>());
}

#[test]
fn shusha_and_a_village_without_its_own_entry() {
    let store = store();
    let point = |place: &str| -> String {
        let q = format!("SELECT ?lat ?long ?from WHERE {{ {place} geo:lat ?lat ; geo:long ?long OPTIONAL {{ {place} nk:coordinatesFrom ?from }} }}");
        let r = &select(&store, &q, &[]).unwrap()[0];
        format!("{} {} {}", cell(r.get("lat")), cell(r.get("long")), cell(r.get("from")))
    };
    assert_eq!(point("nke:Shusha"), "39.76006 46.74989 ");
    assert_eq!(point("nke:Stepanakert"), "39.8177 46.7528 ");
    assert_eq!(point("nke:NagornoKarabakh"), "39.8177 46.7528 nke:Stepanakert");
    assert_eq!(point("nke:Karintak"), "39.8177 46.7528 nke:NagornoKarabakh");
}

#[test]
fn events_map_gives_events_with_their_places_points() {
    let store = store();
    let shusha: BTreeSet<String> = rows(&store, "events-map", &["place=nke:Shusha", "from=1992", "to=1992"])
        .into_iter()
        .map(|r| format!("{} {} {} {} {}", r["date"], r["eventLabel"], r["where"], r["lat"], r["long"]))
        .collect();
    assert_eq!(
        shusha,
        set([
            "1992 Karabakh Armenian spring offensive of 1992 nke:Shusha 39.76006 46.74989",
            "1992-05-08 Battle of Shusha nke:Shusha 39.76006 46.74989",
        ])
    );
    let all = rows(&store, "events-map", &[]);
    let karintak = all.iter().find(|r| r["where"] == "nke:Karintak").unwrap();
    assert_eq!(karintak["coordinatesFrom"], "nke:NagornoKarabakh");
    let dated = rows(&store, "events-map", &["from=1988-02", "to=1988-02"]);
    assert!(!dated.is_empty() && dated.iter().all(|r| r["date"].starts_with("1988-02")));
    assert!(all.len() > dated.len());
    // every event at a settlement is on the map (countries, borders and roads have no point)
    let located: BTreeSet<String> = settlements().into_iter().filter(|s| s.contains_key("lat")).map(|s| s["s"].clone()).collect();
    let at_settlements: Vec<_> = all.iter().filter(|r| located.contains(&r["where"])).collect();
    assert!(at_settlements.len() >= 100 && at_settlements.iter().all(|r| r.contains_key("lat") && r.contains_key("long")));
}
