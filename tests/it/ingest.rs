//! Tests of `nkkg ingest`: one small hand-written document per format quirk, one sentence
//! per extraction rule (each with the exact candidates it must give), the exact triples of a
//! tiny document, the command line, and the evaluation over the corpus in
//! `../shared/seeds` against the baseline recorded in `ingest-baseline.json` (skipped with
//! a notice when the corpus is absent).

use crate::common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use nkkg::ingest::rdf;
use nkkg::ingest::rules::RULES;
use nkkg::ingest::{Document, Pipeline};
use nkkg::store::GraphStore;
use oxigraph::io::RdfFormat;
use oxigraph::store::Store;
use sha2::{Digest, Sha256};

/// Entities for the tests (names only; no corpus text).
const ENTITIES: &str = r#"
@prefix nk: <https://w3id.org/nkkg/ontology#> .
@prefix nke: <https://w3id.org/nkkg/id/> .
@prefix nkv: <https://w3id.org/nkkg/vocab/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
nke:Turkey a nk:State ; rdfs:label "Turkey" ; skos:altLabel "Turkish", "Türkiye" .
nke:Azerbaijan a nk:State ; rdfs:label "Azerbaijan" .
nke:Azerbaijanis a nk:PopulationGroup ; rdfs:label "Azerbaijanis" ; skos:altLabel "Azerbaijani" .
nke:Armenia a nk:State ; rdfs:label "Armenia" ; skos:altLabel "Republic of Armenia" .
nke:Armenians a nk:PopulationGroup ; rdfs:label "Armenians" ; skos:altLabel "Armenian" .
nke:Iran a nk:State ; rdfs:label "Iran" ; skos:altLabel "Iranian" .
nke:Russia a nk:State ; rdfs:label "Russia" ; skos:altLabel "Russian" .
nke:Greece a nk:State ; rdfs:label "Greece" .
nke:UnitedStates a nk:State ; rdfs:label "United States" ; skos:altLabel "US" .
nke:SyrianMercenaries a nk:ArmedGroup ; rdfs:label "Syrian mercenaries" .
nke:GreekVolunteers a nk:ArmedGroup ; rdfs:label "Greek volunteers" .
nke:IlhamAliyev a nk:Person ; rdfs:label "Ilham Aliyev" ; nk:affiliatedWith nke:Azerbaijan .
nke:AghasiKhanjian a nk:Person ; rdfs:label "Aghasi Khanjian" .
nke:CommunistPartyOfArmenia a nk:PoliticalParty ; rdfs:label "Communist Party of Armenia" .
nke:TimeMagazine a nk:Company ; rdfs:label "Time" .
nke:Karabakh a nk:Region ; rdfs:label "Nagorno-Karabakh" ; skos:altLabel "Karabakh" .
nke:Artsakh a nk:DeFactoState ; rdfs:label "Republic of Artsakh" ; skos:altLabel "Karabakh" .
nke:item-T72 a nk:ItemType ; rdfs:label "T-72" ; nk:itemCategory nkv:Tanks .
nke:doc9 a nk:SourceDocument ; nk:sha256 "0000" .
"#;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn test_store() -> GraphStore {
    let store = Store::new().unwrap();
    for file in ["ontology/nkkg.ttl", "ontology/vocabularies.ttl"] {
        let text = std::fs::read_to_string(root().join(file)).unwrap();
        store.load_from_slice(RdfFormat::Turtle, text.as_bytes()).unwrap();
    }
    store.load_from_slice(RdfFormat::Turtle, ENTITIES.as_bytes()).unwrap();
    GraphStore::from_parts(store)
}

fn pipeline() -> Pipeline {
    Pipeline::from_store(&test_store()).unwrap()
}

fn local(iri: &str) -> &str {
    iri.rsplit(['/', '#']).next().unwrap()
}

/// (kind, giver, receiver, concept, rule) of every candidate of a document.
fn candidates(p: &Pipeline, doc: &Document) -> Vec<(String, String, String, String, String)> {
    doc.candidates
        .iter()
        .map(|c| {
            let f = &c.found;
            let e = |i: u32| local(p.gazetteer.entities[i as usize].iri.as_str()).to_owned();
            (f.kind.name().to_owned(), e(f.giver), e(f.receiver), f.concept.clone(), f.rule.to_owned())
        })
        .collect()
}

fn analyse(p: &Pipeline, text: &str) -> Document {
    p.analyse("test.txt", text.as_bytes()).unwrap()
}

/// The text of the file at a code-point span.
fn at(text: &str, (s, e): (u32, u32)) -> String {
    text.chars().skip(s as usize).take((e - s) as usize).collect()
}

fn sentence_spans(doc: &Document) -> Vec<(u32, u32)> {
    doc.structure.sentences.iter().map(|s| doc.view.span(s.start, s.end)).collect()
}

// ---------------------------------------------------------------------------------------
// Format quirks
// ---------------------------------------------------------------------------------------

#[test]
fn quirk_tokenized_dump_format() {
    let p = pipeline();
    let text = "= = Early years = =\nThe Nagorno @-@ Karabakh talks cost 1 @,@ 500 rubles and 2 @.@ 5 tons .\n# = = = Later = = =\nTürkiye backed Azerbaijan in May 1994 .\n";
    let doc = analyse(&p, text);
    assert!(doc.quirks.tokenized);
    type SectionRow = (String, usize, Option<usize>, (u32, u32));
    let sections: Vec<SectionRow> = doc
        .structure
        .sections
        .iter()
        .map(|s| (s.title.clone(), s.level, s.parent, doc.view.span(s.start, s.end)))
        .collect();
    assert_eq!(
        sections,
        vec![("Early years".to_owned(), 2, None, (0, 151)), ("Later".to_owned(), 3, Some(0), (92, 151))]
    );
    assert_eq!(sentence_spans(&doc), vec![(20, 91), (112, 151)]);
    let view = &doc.view.text;
    let s0 = &doc.structure.sentences[0];
    assert_eq!(&view[s0.start..s0.end], "The Nagorno-Karabakh talks cost 1,500 rubles and 2.5 tons.");
    // mentions are spans of the file as shipped: code points, across the tokenization
    let mentions: Vec<(u32, u32)> = doc.mentions.iter().map(|m| doc.view.span(m.start, m.end)).collect();
    assert_eq!(mentions, vec![(24, 44), (112, 119), (127, 137)]);
    assert_eq!(at(text, (24, 44)), "Nagorno @-@ Karabakh");
    assert_eq!(at(text, (112, 119)), "Türkiye");
    assert_eq!(doc.dates[0], vec![]);
    assert_eq!(doc.dates[1].iter().map(|d| d.lexical.as_str()).collect::<Vec<_>>(), vec!["1994-05"]);
    assert_eq!(
        candidates(&p, &doc),
        vec![("support".into(), "Turkey".into(), "Azerbaijan".into(), "PoliticalStance".into(), "support".into())]
    );
}

#[test]
fn quirk_mirror_repeats_are_linked_and_counted_once() {
    let p = pipeline();
    let para = "Turkey openly backed Azerbaijan during the long war of 1993. Iran also helped Armenia.[4]";
    let text = format!("HOME\n\n{para}\n\n{para}\n\nTurkey openly backed Azerbaijan during the long war of 1993. Iran al\n");
    let doc = analyse(&p, &text);
    let repeats: Vec<Option<usize>> = doc.structure.paragraphs.iter().map(|p| p.repeat_of).collect();
    assert_eq!(repeats, vec![None, Some(0), Some(0)]);
    let sentence_repeats: Vec<Option<usize>> = doc.structure.sentences.iter().map(|s| s.repeat_of).collect();
    assert_eq!(sentence_repeats, vec![None, None, Some(0), Some(1), Some(0), None]);
    assert_eq!(doc.title, "test", "page chrome is not a title");
    assert_eq!(
        candidates(&p, &doc),
        vec![
            ("support".into(), "Turkey".into(), "Azerbaijan".into(), "PoliticalStance".into(), "support".into()),
            ("support".into(), "Iran".into(), "Armenia".into(), "PoliticalStance".into(), "support".into()),
        ]
    );
}

#[test]
fn quirk_citation_markers() {
    let p = pipeline();
    let text = "Iran[2] sold T-72 tanks to Armenia.[3] Nothing else.";
    let doc = analyse(&p, text);
    let s0 = &doc.structure.sentences[0];
    assert_eq!(&doc.view.text[s0.start..s0.end], "Iran sold T-72 tanks to Armenia.");
    assert_eq!(sentence_spans(&doc), vec![(0, 35), (39, 52)]);
    let mentions: Vec<(u32, u32)> = doc.mentions.iter().map(|m| doc.view.span(m.start, m.end)).collect();
    assert_eq!(mentions, vec![(0, 4), (13, 17), (27, 34)]);
    assert_eq!(
        candidates(&p, &doc),
        vec![
            ("supply".into(), "Iran".into(), "Armenia".into(), "Tanks".into(), "give-to".into()),
            ("support".into(), "Iran".into(), "Armenia".into(), "Weapons".into(), "give-to".into()),
        ]
    );
}

#[test]
fn quirk_infobox_rows() {
    let p = pipeline();
    let text = "Border war | |||\n---|---|---|\nBelligerents | |||\nArmenia | Azerbaijan Supported by: Turkey |\nThe article text follows here, and this line is long enough to count as the body of it.\n";
    let doc = analyse(&p, text);
    assert!(doc.quirks.table_rows);
    assert_eq!(doc.title, "Border war");
    let rows: Vec<bool> = doc.structure.paragraphs.iter().map(|p| p.table_row).collect();
    assert_eq!(rows, vec![true, true, true, false]);
    let cells: Vec<&str> = doc.structure.sentences.iter().map(|s| &doc.view.text[s.start..s.end]).collect();
    assert_eq!(
        cells,
        vec![
            "Border war",
            "Belligerents",
            "Armenia",
            "Azerbaijan Supported by: Turkey",
            "The article text follows here, and this line is long enough to count as the body of it."
        ]
    );
    assert_eq!(sentence_spans(&doc)[3], (59, 90));
}

#[test]
fn mentions_fold_case_and_diacritics_at_word_boundaries() {
    let p = pipeline();
    let text = "TURKIYE and turkish envoys met the Iranians at the same time as US and us.";
    let doc = analyse(&p, text);
    let found: Vec<(String, String)> = doc
        .mentions
        .iter()
        .map(|m| (at(text, doc.view.span(m.start, m.end)), local(p.gazetteer.entities[p.gazetteer.entities_of(m)[0] as usize].iri.as_str()).to_owned()))
        .collect();
    // "turkish" is lower case while its label is capitalised; "Iranians", the plural of the
    // state's demonym "Iranian", names the state (no people has that name here); "time" is
    // not the magazine; "us" is not the acronym US.
    assert_eq!(
        found,
        vec![
            ("TURKIYE".to_owned(), "Turkey".to_owned()),
            ("Iranians".to_owned(), "Iran".to_owned()),
            ("US".to_owned(), "UnitedStates".to_owned())
        ]
    );
}

// ---------------------------------------------------------------------------------------
// Extraction rules: one sentence each, with the exact candidates of that rule
// ---------------------------------------------------------------------------------------

type Expected = &'static [(&'static str, &'static str, &'static str, &'static str)];

const RULE_CASES: &[(&str, &str, Expected)] = &[
    ("give-to", "Greece shipped artillery to Armenia.", &[("supply", "Greece", "Armenia", "Artillery"), ("support", "Greece", "Armenia", "Weapons")]),
    ("equip-with", "Iran equipped Armenia with drones.", &[("supply", "Iran", "Armenia", "Drones"), ("support", "Iran", "Armenia", "Weapons")]),
    ("accused-of-giving", "Azerbaijan accused Greece of sending fuel to Armenia.", &[("supply", "Greece", "Armenia", "Fuel"), ("support", "Greece", "Armenia", "EconomicSupport")]),
    ("by-giving-to", "Russia made a large profit by selling tanks to Azerbaijan.", &[("supply", "Russia", "Azerbaijan", "Tanks"), ("support", "Russia", "Azerbaijan", "Weapons")]),
    ("give-indirect", "The United States gave Armenia grain.", &[("supply", "UnitedStates", "Armenia", "Food"), ("support", "UnitedStates", "Armenia", "HumanitarianSupport")]),
    ("and-give-to", "Greece raised money and donated fuel to Armenia.", &[("supply", "Greece", "Armenia", "Money"), ("supply", "Greece", "Armenia", "Fuel"), ("support", "Greece", "Armenia", "Funding"), ("support", "Greece", "Armenia", "EconomicSupport")]),
    ("subject-and-give-to", "According to Greece, Iran backed Azerbaijan and sent fuel to the Armenian refugees.", &[("supply", "Iran", "Armenians", "Fuel"), ("support", "Iran", "Armenians", "EconomicSupport")]),
    ("give-to-far", "Greece publicly denied any role in shipping rockets to Armenia.", &[("supply", "Greece", "Armenia", "Arms"), ("support", "Greece", "Armenia", "Weapons")]),
    ("help-by-giving", "Iran helped Armenia by providing electricity.", &[("supply", "Iran", "Armenia", "Electricity"), ("support", "Iran", "Armenia", "EconomicSupport")]),
    ("receive-from", "Azerbaijan received helicopters from Russia.", &[("supply", "Russia", "Azerbaijan", "Helicopters"), ("support", "Russia", "Azerbaijan", "Weapons")]),
    ("given-by-to", "Rockets were delivered by Iran to Armenia.", &[("supply", "Iran", "Armenia", "Arms"), ("support", "Iran", "Armenia", "Weapons")]),
    ("given-to-by", "Grain was sent to Armenia by Greece.", &[("supply", "Greece", "Armenia", "Food"), ("support", "Greece", "Armenia", "HumanitarianSupport")]),
    ("supplier-of", "Russia has become Armenia's main arms supplier.", &[("supply", "Russia", "Armenia", "Arms"), ("support", "Russia", "Armenia", "Weapons")]),
    ("supplier-to", "Greece was a major supplier to Armenia.", &[("supply", "Greece", "Armenia", "Arms"), ("support", "Greece", "Armenia", "Weapons")]),
    ("suppliers-include", "Azerbaijan's other suppliers include Greece and Iran.", &[("supply", "Greece", "Azerbaijan", "Arms"), ("support", "Greece", "Azerbaijan", "Weapons"), ("supply", "Iran", "Azerbaijan", "Arms"), ("support", "Iran", "Azerbaijan", "Weapons")]),
    ("supporters-include", "Armenia's closest allies are Greece and Iran.", &[("support", "Greece", "Armenia", "PoliticalStance"), ("support", "Iran", "Armenia", "PoliticalStance")]),
    ("supporter-of", "Turkey is Azerbaijan's closest ally.", &[("support", "Turkey", "Azerbaijan", "PoliticalStance")]),
    ("rely-on", "Armenia relied on the support of Russia.", &[("support", "Russia", "Armenia", "MilitarySupport")]),
    ("x-backed", "Russian-backed Armenians held the town.", &[("support", "Russia", "Armenia", "MilitarySupport")]),
    ("integrity-of", "Iran supported the territorial integrity of Azerbaijan.", &[("support", "Iran", "Azerbaijan", "TerritorialIntegrity")]),
    ("captured-from", "Armenia captured tanks from Azerbaijan.", &[("supply", "Azerbaijan", "Armenia", "Tanks")]),
    ("cut-supply", "Azerbaijan cut off the supply of gas to Armenia.", &[("supply", "Azerbaijan", "Armenia", "Gas")]),
    ("disruption-of-supply", "Azerbaijan's disruption of the electricity supply to Armenia worried Iran.", &[("supply", "Azerbaijan", "Armenia", "Electricity")]),
    ("received-in-aid", "Armenia received $5 million in US aid.", &[("supply", "UnitedStates", "Armenia", "Money"), ("support", "UnitedStates", "Armenia", "Funding")]),
    ("funded-by", "Syrian mercenaries were paid by Turkey.", &[("supply", "Turkey", "SyrianMercenaries", "Money"), ("support", "Turkey", "SyrianMercenaries", "Funding")]),
    ("recipient-of", "Armenia was the largest recipient of Iranian loans.", &[("supply", "Iran", "Armenia", "Money"), ("support", "Iran", "Armenia", "Funding")]),
    ("aid-to", "Iranian humanitarian aid to Armenia arrived in May.", &[("supply", "Iran", "Armenia", "HumanitarianAid"), ("support", "Iran", "Armenia", "HumanitarianSupport")]),
    ("transfer-to", "Russia's arms sales to Armenia grew.", &[("supply", "Russia", "Armenia", "Arms"), ("support", "Russia", "Armenia", "Weapons")]),
    ("transfer-from-to", "Deliveries of fuel from Iran to Armenia resumed.", &[("supply", "Iran", "Armenia", "Fuel"), ("support", "Iran", "Armenia", "EconomicSupport")]),
    ("supporter-of-y", "Greece is a firm supporter of Armenia.", &[("support", "Greece", "Armenia", "PoliticalStance")]),
    ("allies", "Turkey and Azerbaijan are close allies.", &[("support", "Turkey", "Azerbaijan", "PoliticalStance"), ("support", "Azerbaijan", "Turkey", "PoliticalStance")]),
    ("recognised-each-other", "Greece and Armenia recognised each other.", &[("support", "Greece", "Armenia", "Recognition"), ("support", "Armenia", "Greece", "Recognition")]),
    ("lobby-for", "Greece lobbied for Armenia in Brussels.", &[("support", "Greece", "Armenia", "PoliticalStance")]),
    ("recognise-independence", "Greece recognised the independence of Armenia.", &[("support", "Greece", "Armenia", "Recognition")]),
    ("subject-given-by", "Armenians fled and lived for years in camps provided by the Iran government and Greece.", &[("supply", "Iran", "Armenians", "HumanitarianAid"), ("support", "Iran", "Armenians", "HumanitarianSupport"), ("supply", "Greece", "Armenians", "HumanitarianAid"), ("support", "Greece", "Armenians", "HumanitarianSupport")]),
    ("subject-funding-from", "Syrian mercenaries kept fighting thanks to secret funding from Turkey.", &[("supply", "Turkey", "SyrianMercenaries", "Money"), ("support", "Turkey", "SyrianMercenaries", "Funding")]),
    ("which-funded-by", "Greek volunteers, which were paid by Greece, arrived.", &[("supply", "Greece", "GreekVolunteers", "Money"), ("support", "Greece", "GreekVolunteers", "Funding")]),
    ("which-supported-by", "Armenia, which was backed by Russia, held out.", &[("support", "Russia", "Armenia", "PoliticalStance")]),
    ("bribe", "Azerbaijan set up a fund that was used to bribe Greek volunteers.", &[("supply", "Azerbaijan", "GreekVolunteers", "Money"), ("support", "Azerbaijan", "GreekVolunteers", "Funding")]),
    ("subject-fought-for", "Syrian mercenaries who had served in Iran later fought for Azerbaijan.", &[("supply", "SyrianMercenaries", "Azerbaijan", "Fighters"), ("support", "SyrianMercenaries", "Azerbaijan", "ForeignFighters")]),
    ("subject-side-with", "Iran, after long debates in its parliament, finally sided with Armenia.", &[("support", "Iran", "Armenia", "PoliticalStance")]),
    ("conduct-mediation", "Iranian diplomats conducted shuttle diplomacy between Armenia and Azerbaijan.", &[("support", "Iran", "Armenia", "Mediation"), ("support", "Iran", "Azerbaijan", "Mediation")]),
    ("recognised-by", "Armenia was recognised by many states, including Greece.", &[("support", "Greece", "Armenia", "Recognition")]),
    ("talks-sponsored-by", "Peace talks were sponsored by Iran to end the war of Armenia and Azerbaijan.", &[("support", "Iran", "Armenia", "Mediation"), ("support", "Iran", "Azerbaijan", "Mediation")]),
    ("recognition-by", "The recognition of Armenia by Greece came early.", &[("support", "Greece", "Armenia", "Recognition")]),
    ("fund", "Iran financed Armenia.", &[("supply", "Iran", "Armenia", "Money"), ("support", "Iran", "Armenia", "Funding")]),
    ("train", "Turkey trained Azerbaijan's pilots.", &[("support", "Turkey", "Azerbaijan", "TrainingAdvisers")]),
    ("trained-by", "Syrian mercenaries were trained by Turkey.", &[("support", "Turkey", "SyrianMercenaries", "TrainingAdvisers")]),
    ("which-x-supported", "The Armenian peace plan, which Greece supported, failed.", &[("support", "Greece", "Armenia", "PoliticalStance")]),
    ("support", "Turkey openly backed Azerbaijan.", &[("support", "Turkey", "Azerbaijan", "PoliticalStance")]),
    ("supported-by", "Armenia was supported by Russia.", &[("support", "Russia", "Armenia", "MilitarySupport")]),
    ("with-aid-of", "Armenia, with the help of Russia, held the town.", &[("support", "Russia", "Armenia", "MilitarySupport")]),
    ("side-with", "Turkey sided with Azerbaijan.", &[("support", "Turkey", "Azerbaijan", "PoliticalStance")]),
    ("support-for", "Iran's support for Armenia grew.", &[("support", "Iran", "Armenia", "PoliticalStance")]),
    ("support-to", "Russia's military aid to Armenia doubled.", &[("support", "Russia", "Armenia", "MilitarySupport")]),
    ("express-support", "Greece voiced support for Armenia.", &[("support", "Greece", "Armenia", "PoliticalStance")]),
    ("express-support-to", "Iran extended humanitarian assistance to Armenia.", &[("supply", "Iran", "Armenia", "HumanitarianAid"), ("support", "Iran", "Armenia", "HumanitarianSupport")]),
    ("turn-to", "Azerbaijan turned to Turkey for military help.", &[("support", "Turkey", "Azerbaijan", "MilitarySupport")]),
    ("turn-to-help", "Azerbaijan turned to Turkish help.", &[("support", "Turkey", "Azerbaijan", "MilitarySupport")]),
    ("fought-for", "Syrian mercenaries fought for Azerbaijan.", &[("supply", "SyrianMercenaries", "Azerbaijan", "Fighters"), ("support", "SyrianMercenaries", "Azerbaijan", "ForeignFighters")]),
    ("fought-on-side", "Syrian mercenaries fought on the Azerbaijani side.", &[("supply", "SyrianMercenaries", "Azerbaijan", "Fighters"), ("support", "SyrianMercenaries", "Azerbaijan", "ForeignFighters")]),
    ("fought-on-own-side", "Syrian mercenaries fought on Azerbaijan's side.", &[("supply", "SyrianMercenaries", "Azerbaijan", "Fighters"), ("support", "SyrianMercenaries", "Azerbaijan", "ForeignFighters")]),
    ("fought-side-list", "Several groups fought on the Armenian side: Greek volunteers, members of the Syrian mercenaries.", &[("support", "GreekVolunteers", "Armenia", "ForeignFighters"), ("support", "SyrianMercenaries", "Armenia", "ForeignFighters")]),
    ("fought-for-list", "Many foreigners fought for Armenia: Greek volunteers.", &[("support", "GreekVolunteers", "Armenia", "ForeignFighters")]),
    ("vote-for", "Greece voted for Armenia in the contest.", &[("support", "Greece", "Armenia", "Vote")]),
    ("vote-against", "Turkey voted against Armenia.", &[("support", "Turkey", "Armenia", "Vote")]),
    ("recognise", "Greece recognised Armenia in 1991.", &[("support", "Greece", "Armenia", "Recognition")]),
    ("pro-stance", "Iran adopted a pro-Armenian policy.", &[("support", "Iran", "Armenia", "PoliticalStance")]),
    ("x-pro-stance", "Greece's pro-Armenian stance was clear.", &[("support", "Greece", "Armenia", "PoliticalStance")]),
    ("support-of-x-to", "He voiced the support of the people and government of Greece to Armenia.", &[("support", "Greece", "Armenia", "PoliticalStance")]),
    ("mediated-by", "Talks between Armenia and Azerbaijan were mediated by Iran.", &[("support", "Iran", "Armenia", "Mediation"), ("support", "Iran", "Azerbaijan", "Mediation")]),
    ("mediation-by", "The mediation efforts were started by Iran in 1991 between Armenia and Azerbaijan.", &[("support", "Iran", "Armenia", "Mediation"), ("support", "Iran", "Azerbaijan", "Mediation")]),
    ("x-mediation", "Iran's mediation brought Armenia and Azerbaijan together.", &[("support", "Iran", "Armenia", "Mediation"), ("support", "Iran", "Azerbaijan", "Mediation")]),
    ("talks-led-by", "Peace talks were hosted by Iran for Armenia and Azerbaijan.", &[("support", "Iran", "Armenia", "Mediation"), ("support", "Iran", "Azerbaijan", "Mediation")]),
    ("x-brokered", "A Russian-brokered truce between Armenia and Azerbaijan held.", &[("support", "Russia", "Armenia", "Mediation"), ("support", "Russia", "Azerbaijan", "Mediation")]),
    ("mediation-of", "Under the mediation of Iran, talks between Armenia and Azerbaijan resumed.", &[("support", "Iran", "Armenia", "Mediation"), ("support", "Iran", "Azerbaijan", "Mediation")]),
    ("acting-as-mediator", "Iran acted as a mediator between Armenia and Azerbaijan.", &[("support", "Iran", "Armenia", "Mediation"), ("support", "Iran", "Azerbaijan", "Mediation")]),
    ("with-x-as-mediator", "With Iran acting as a mediator, Armenia and Azerbaijan agreed to talk.", &[("support", "Iran", "Armenia", "Mediation"), ("support", "Iran", "Azerbaijan", "Mediation")]),
    ("fought-as-part-of", "Many Greek volunteers fought against Azerbaijan during the war as part of the Armenian military.", &[("supply", "GreekVolunteers", "Armenia", "Fighters"), ("support", "GreekVolunteers", "Armenia", "ForeignFighters")]),
    ("cooperate", "Turkey and Azerbaijan cooperate closely and hold exercises.", &[("support", "Turkey", "Azerbaijan", "PoliticalStance"), ("support", "Azerbaijan", "Turkey", "PoliticalStance")]),
    ("recruitment-of", "Signs of desperation included the recruitment by Ilham Aliyev of 1,500 Syrian mercenaries.", &[("supply", "SyrianMercenaries", "Azerbaijan", "Fighters"), ("support", "SyrianMercenaries", "Azerbaijan", "ForeignFighters")]),
    ("owned-given-to", "Armenia criticised Russia's habit of allowing its army's surplus weapons to be sold to Azerbaijan.", &[("supply", "Russia", "Azerbaijan", "Arms"), ("support", "Russia", "Azerbaijan", "Weapons")]),
    ("enjoy-support", "Greece backs Armenia's stance on Karabakh and enjoys its support on Cyprus.", &[("support", "Armenia", "Greece", "PoliticalStance")]),
    ("favour-ties", "Ilham Aliyev refused Russian help, instead favouring closer ties to Turkey.", &[("support", "IlhamAliyev", "Turkey", "PoliticalStance")]),
    ("favour-ties-with", "Armenia felt pressure from Turkey, which decided to build a closer relationship with Azerbaijan.", &[("support", "Armenia", "Azerbaijan", "PoliticalStance")]),
    ("hire-for", "A company, Greece, also hired several military trainers as a favour for Azerbaijan.", &[("support", "Greece", "Azerbaijan", "TrainingAdvisers")]),
    ("subject-and-receive-from", "Ilham Aliyev, a wealthy man, created his own brigade and purchased many tanks from Russia.", &[("supply", "Russia", "IlhamAliyev", "Tanks"), ("support", "Russia", "IlhamAliyev", "Weapons")]),
    ("condemn", "Armenia and Azerbaijan fought again. Greece condemned Azerbaijan. Armenia thanked Azerbaijan.", &[("support", "Greece", "Armenia", "PoliticalStance")]),
    ("lobby-for-to", "Greece lobbied for more aid to be given to Armenia.", &[("support", "Greece", "Armenia", "PoliticalStance")]),
    ("which-lobbied-for", "Greece, which was courted by Russia and lobbied for Armenia, stayed neutral.", &[("support", "Greece", "Armenia", "PoliticalStance")]),
    ("arrived-from", "Greece supported Armenia. Two shipments of grain arrived from Iran.", &[("supply", "Iran", "Armenia", "Food"), ("support", "Iran", "Armenia", "HumanitarianSupport")]),
    ("arrived-in-from", "Shipments of fuel arrived in Armenia from Iran.", &[("supply", "Iran", "Armenia", "Fuel"), ("support", "Iran", "Armenia", "EconomicSupport")]),
    ("render-help", "Greek volunteers rendered Armenia invaluable help.", &[("support", "GreekVolunteers", "Armenia", "MilitarySupport")]),
    ("support-pro-stance", "Greece, on the other hand, has not supported Turkey's pro-Azerbaijani resolutions.", &[("support", "Greece", "Azerbaijan", "PoliticalStance")]),
    ("cede-to", "Iran proposed to transfer the region to Armenia.", &[("support", "Iran", "Armenia", "PoliticalStance")]),
    ("be-ceded-to", "Iran suggested that Nagorno-Karabakh could be ceded to Armenia.", &[("support", "Iran", "Armenia", "PoliticalStance")]),
    ("unify-with", "Iran voted to unify the region with Armenia.", &[("support", "Iran", "Armenia", "PoliticalStance")]),
    ("put-under-control", "Iran called for Nagorno-Karabakh to be put under Armenian control.", &[("support", "Iran", "Armenia", "PoliticalStance")]),
    ("keep-within", "Russia reversed itself and voted to leave the region within Azerbaijan.", &[("support", "Russia", "Azerbaijan", "PoliticalStance")]),
    ("declare-territory", "The poet Ilham Aliyev and the historian Aghasi Khanjian wrote a letter, declaring that Nagorno-Karabakh was historically Azerbaijani territory.", &[("support", "IlhamAliyev", "Azerbaijan", "PoliticalStance"), ("support", "AghasiKhanjian", "Azerbaijan", "PoliticalStance")]),
    ("demand-independence", "Armenia stalled the talks by demanding that Nagorno-Karabakh be entirely separate from Azerbaijan.", &[("support", "Armenia", "Artsakh", "PoliticalStance")]),
    ("suppliers-include-implicit", "Turkey backed Azerbaijan. Other suppliers include Greece and Iran.", &[("supply", "Greece", "Azerbaijan", "Arms"), ("support", "Greece", "Azerbaijan", "Weapons"), ("supply", "Iran", "Azerbaijan", "Arms"), ("support", "Iran", "Azerbaijan", "Weapons")]),
    ("receive-from-list", "Armenia received diplomatic support from two states: Greece and Iran.", &[("support", "Greece", "Armenia", "DiplomaticSupport"), ("support", "Iran", "Armenia", "DiplomaticSupport")]),
    ("it-opposed-by", "Turkey backed Azerbaijan's resolution. It was opposed by Greece and Iran.", &[("support", "Greece", "Azerbaijan", "Vote"), ("support", "Iran", "Azerbaijan", "Vote")]),
    ("it-supported-by", "Turkey backed Azerbaijan's resolution. It was supported by Iran.", &[("support", "Iran", "Azerbaijan", "Vote")]),
    ("supported-resolution-list", "Turkey backed Azerbaijan's resolution. States that supported the resolution included two neighbours: Greece and Iran.", &[("support", "Greece", "Azerbaijan", "Vote"), ("support", "Iran", "Azerbaijan", "Vote")]),
    ("vote-for-resolution", "Turkey backed Azerbaijan's resolution. Greece voted for the resolution.", &[("support", "Greece", "Azerbaijan", "Vote")]),
    ("vote-against-resolution", "Turkey backed Azerbaijan's resolution. Iran voted against the resolution.", &[("support", "Iran", "Azerbaijan", "Vote")]),
    ("affirm-integrity", "The United States adopted a statement that reaffirmed Azerbaijan's territorial integrity.", &[("support", "UnitedStates", "Azerbaijan", "TerritorialIntegrity")]),
    ("mediate-between", "Iran mediated between Armenia and Azerbaijan.", &[("support", "Iran", "Armenia", "Mediation"), ("support", "Iran", "Azerbaijan", "Mediation")]),
];

#[test]
fn every_rule_has_a_case_and_gives_exactly_its_candidates() {
    let covered: BTreeSet<&str> = RULE_CASES.iter().map(|(id, _, _)| *id).collect();
    let missing: Vec<&str> = RULES.iter().map(|r| r.id).filter(|id| !covered.contains(id)).collect();
    assert!(missing.is_empty(), "rules without a test case: {missing:?}");
    let mut failures = Vec::new();
    for (rule, sentence, expected) in RULE_CASES {
        // the rule alone, so that no other rule claims the candidate first; a rule whose
        // recipient comes from a preceding sentence runs with the `support` rule, which
        // finds that recipient, and only its own candidates count
        let index = RULES.iter().position(|r| r.id == *rule).unwrap_or_else(|| panic!("no rule {rule}"));
        let rules: &'static [nkkg::ingest::rules::Rule] = if RULES[index].implicit_receiver {
            let support = RULES.iter().find(|r| r.id == "support").expect("the support rule");
            Box::leak(vec![RULES[index], *support].into_boxed_slice())
        } else {
            std::slice::from_ref(&RULES[index])
        };
        let p = pipeline().with_rules(rules);
        let doc = analyse(&p, sentence);
        let got: BTreeSet<(String, String, String, String)> = candidates(&p, &doc)
            .into_iter()
            .filter(|c| !RULES[index].implicit_receiver || c.4 != "support")
            .inspect(|c| assert_eq!(c.4, *rule))
            .map(|(k, g, r, c, _)| (k, g, r, c))
            .collect();
        let want: BTreeSet<(String, String, String, String)> =
            expected.iter().map(|(k, g, r, c)| (k.to_string(), g.to_string(), r.to_string(), c.to_string())).collect();
        if got != want {
            failures.push(format!("{rule}: {sentence}\n  expected {want:?}\n  got      {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn implicit_recipient_comes_from_the_preceding_sentences_only_when_the_clause_names_none() {
    let p = pipeline();
    let got = |text: &str| -> BTreeSet<(String, String, String)> {
        candidates(&p, &analyse(&p, text)).into_iter().filter(|c| c.0 == "supply").map(|c| (c.1, c.2, c.4)).collect()
    };
    let set = |rows: &[(&str, &str, &str)]| -> BTreeSet<(String, String, String)> {
        rows.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect()
    };
    // the recipient named in the clause wins; the implicit rule stays silent
    assert_eq!(got("Russia is Azerbaijan's main arms supplier. Armenia's suppliers include Greece."), set(&[
        ("Russia", "Azerbaijan", "supplier-of"),
        ("Greece", "Armenia", "suppliers-include"),
    ]));
    // no recipient in the preceding sentences of the section: no candidate
    assert_eq!(got("Greece exported olives.\n\nOther suppliers include Iran."), set(&[]));
    assert_eq!(got("Russia is Azerbaijan's main arms supplier.\n= = Later = =\nOther suppliers include Iran."), set(&[
        ("Russia", "Azerbaijan", "supplier-of"),
    ]));
}

#[test]
fn they_stands_for_the_party_that_opened_the_previous_sentence() {
    let p = pipeline();
    let got = |text: &str| -> BTreeSet<(String, String, String)> {
        candidates(&p, &analyse(&p, text)).into_iter().filter(|c| c.0 == "supply").map(|c| (c.1, c.2, c.3)).collect()
    };
    let set = |rows: &[(&str, &str, &str)]| -> BTreeSet<(String, String, String)> {
        rows.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect()
    };
    // no party before "they" in its sentence: the previous sentence's first party
    assert_eq!(
        got("Syrian mercenaries were in disarray. The tanks they had bought from the Russians were lost."),
        set(&[("Russia", "SyrianMercenaries", "Tanks")])
    );
    // reported speech: "X alleged that they …"; and the chain goes on through a "they"
    assert_eq!(
        got("Syrian mercenaries reached the front. They arrived in 1993. Armenia alleged that they were paid by Turkey."),
        set(&[("Turkey", "SyrianMercenaries", "Money")])
    );
    // only from the sentence right before, in the same paragraph
    assert_eq!(got("Syrian mercenaries were in disarray.\n\nThe tanks they had bought from the Russians were lost."), set(&[]));
    // a single person is not "they"
    assert_eq!(got("Ilham Aliyev was in Baku. The tanks they had bought from the Russians were lost."), set(&[]));
}

#[test]
fn titles_roles_brackets_attributions_and_own_forces_are_read_through() {
    let p = pipeline();
    let got = |text: &str| -> BTreeSet<(String, String, String)> {
        candidates(&p, &analyse(&p, text)).into_iter().filter(|c| c.0 == "support").map(|c| (c.1, c.2, c.4)).collect()
    };
    let set = |rows: &[(&str, &str, &str)]| -> BTreeSet<(String, String, String)> {
        rows.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect()
    };
    // "X's brigade turned to Russian help": X turned
    assert_eq!(got("Ilham Aliyev's brigade turned to Russian help."), set(&[("Russia", "IlhamAliyev", "turn-to-help")]));
    // an organisation right before a person is the person's title
    assert_eq!(
        got("Secretary of the Communist Party of Armenia Aghasi Khanjian submitted requests to return Nagorno-Karabakh to Armenia."),
        set(&[("AghasiKhanjian", "Armenia", "cede-to")])
    );
    // a relative clause's subject is its antecedent; "decided to" does not break the verb
    assert!(got("Armenia felt pressure from Turkey, which decided to side with Azerbaijan.")
        .contains(&("Turkey".to_owned(), "Azerbaijan".to_owned(), "side-with".to_owned())));
    // "us" in a quote is the speaker's side
    assert_eq!(
        got("According to an Armenian colonel, \"Greek volunteers rendered us invaluable help.\""),
        set(&[("GreekVolunteers", "Armenia", "render-help")])
    );
    // an editor's [brackets] are read through; "according to X," names no subject; a
    // people's name before "refugees" stays the people
    assert_eq!(
        got("According to Greece, \"Iran backed Azerbaijan and sent fuel to the [Armenian] refugees.\""),
        set(&[("Iran", "Azerbaijan", "support"), ("Iran", "Armenians", "subject-and-give-to")])
    );
}

#[test]
fn coordinated_parties_form_a_group_but_an_apposition_does_not() {
    let p = pipeline();
    let givers = |text: &str| -> BTreeSet<String> {
        candidates(&p, &analyse(&p, text)).into_iter().map(|c| c.1).collect()
    };
    let set = |names: &[&str]| -> BTreeSet<String> { names.iter().map(|n| n.to_string()).collect() };
    // a source named before a comma is not a giver
    assert_eq!(givers("According to Greece, the Russians shipped tanks to Armenia."), set(&["Russia"]));
    // counts between members do not break a group
    assert_eq!(givers("Around 200 Greek volunteers and some 30 Syrian mercenaries fought for Armenia."), set(&["GreekVolunteers", "SyrianMercenaries"]));
    // lists of three or more may leave out "and"
    assert_eq!(givers("Armenia's suppliers include Greece, Iran, Russia."), set(&["Greece", "Iran", "Russia"]));
}

#[test]
fn a_place_sharing_a_name_with_a_state_stands_for_it_as_a_party() {
    let p = pipeline();
    let doc = analyse(&p, "Armenia sent fuel to Nagorno-Karabakh.");
    let got: Vec<(String, String, String)> = candidates(&p, &doc).into_iter().map(|c| (c.1, c.2, c.3)).collect();
    assert_eq!(got, vec![
        ("Armenia".to_owned(), "Artsakh".to_owned(), "Fuel".to_owned()),
        ("Armenia".to_owned(), "Artsakh".to_owned(), "EconomicSupport".to_owned()),
    ]);
    // the mention itself still names the place
    let named = p.gazetteer.entities_of(&doc.mentions[1]);
    assert_eq!(local(p.gazetteer.entities[named[0] as usize].iri.as_str()), "Karabakh");
}

#[test]
fn mediation_without_sides_in_the_sentence_helps_the_documents_main_states() {
    let p = pipeline();
    let text = "Armenia and Azerbaijan fought. Armenia held the hills while Azerbaijan held the plain. Greece stayed out.\n\nLater, talks were mediated by Iran.";
    let doc = analyse(&p, text);
    let got: BTreeSet<(String, String)> =
        candidates(&p, &doc).into_iter().filter(|c| c.3 == "Mediation").map(|c| (c.1, c.2)).collect();
    let want: BTreeSet<(String, String)> =
        [("Iran", "Armenia"), ("Iran", "Azerbaijan")].iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    assert_eq!(got, want);
}

#[test]
fn polarity_follows_negation_denial_and_allegation() {
    use nkkg::ingest::rules::Polarity;
    let p = pipeline();
    let polarity = |text: &str| analyse(&p, text).candidates[0].found.polarity;
    assert_eq!(polarity("Turkey never sent troops to Azerbaijan."), Polarity::Declined);
    assert_eq!(polarity("Greece denied that it shipped rockets to Armenia."), Polarity::Denied);
    assert_eq!(polarity("Russia allegedly shipped rockets to Armenia."), Polarity::Alleged);
    assert_eq!(polarity("Turkey voted against Armenia."), Polarity::Declined);
    assert_eq!(polarity("Russia shipped rockets to Armenia."), Polarity::Given);
    // an aside after one member of a list speaks of that member only
    let doc = analyse(&p, "Armenia's suppliers include Greece, Iran, Russia (denied by Russia).");
    let by_giver: BTreeSet<(String, Polarity)> = doc
        .candidates
        .iter()
        .map(|c| (local(p.gazetteer.entities[c.found.giver as usize].iri.as_str()).to_owned(), c.found.polarity))
        .collect();
    let want: BTreeSet<(String, Polarity)> =
        [("Greece", Polarity::Given), ("Iran", Polarity::Given), ("Russia", Polarity::Denied)].iter().map(|(g, p)| (g.to_string(), *p)).collect();
    assert_eq!(by_giver, want);
}

#[test]
fn subjects_do_not_follow_prepositions() {
    let p = pipeline();
    let doc = analyse(&p, "Volunteers who fought against Greece had fought for Armenia.");
    assert!(candidates(&p, &doc).iter().all(|c| c.1 != "Greece"), "{:?}", candidates(&p, &doc));
}

// ---------------------------------------------------------------------------------------
// Triples
// ---------------------------------------------------------------------------------------

#[test]
fn exact_triples_of_a_tiny_document() {
    let p = pipeline();
    let text = "Turkey backed Azerbaijan in 1993.\n";
    let sha = format!("{:x}", Sha256::digest(text.as_bytes()));
    let key = &sha[..16];
    let (doc, rdf) = p.ingest("tiny.txt", text.as_bytes()).unwrap();
    let all = rdf.quads();
    let (quads, candidate_quads): (Vec<_>, Vec<_>) =
        all.into_iter().partition(|q| q.graph_name.to_string().contains("ingest/doc-"));
    assert_eq!(doc.iri.as_str(), format!("https://w3id.org/nkkg/id/doc-{key}"));
    let graph = format!("<https://w3id.org/nkkg/graph/ingest/doc-{key}>");
    let d = format!("<https://w3id.org/nkkg/id/doc-{key}");
    let nk = "https://w3id.org/nkkg/ontology#";
    let oa = "http://www.w3.org/ns/oa#";
    let int = |n: u32| format!("\"{n}\"^^<http://www.w3.org/2001/XMLSchema#integer>");
    let span = |s: &str, tag: &str, a: u32, b: u32| {
        vec![
            format!("{s} <{oa}hasSource> {d}> {graph} ."),
            format!("{s} <{oa}hasSelector> _:{key}{tag} {graph} ."),
            format!("_:{key}{tag} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{oa}TextPositionSelector> {graph} ."),
            format!("_:{key}{tag} <{oa}start> {} {graph} .", int(a)),
            format!("_:{key}{tag} <{oa}end> {} {graph} .", int(b)),
        ]
    };
    let ty = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>";
    let part = "<http://purl.org/dc/terms/isPartOf>";
    let (para, sent) = (format!("{d}-paragraph-1>"), format!("{d}-sentence-1>"));
    let (m1, m2) = (format!("{d}-mention-0-6>"), format!("{d}-mention-14-24>"));
    let mut expected = vec![
        format!("{d}> {ty} <{nk}SourceDocument> {graph} ."),
        format!("{d}> <http://www.w3.org/2000/01/rdf-schema#label> \"tiny\" {graph} ."),
        format!("{d}> <http://purl.org/dc/terms/title> \"tiny\" {graph} ."),
        format!("{d}> <{nk}fileName> \"tiny.txt\" {graph} ."),
        format!("{d}> <{nk}sha256> \"{sha}\" {graph} ."),
        format!("{d}> <{nk}charLength> {} {graph} .", int(34)),
        format!("{d}> <{nk}byteLength> {} {graph} .", int(34)),
        format!("{d}> <{nk}documentKind> \"plain text\" {graph} ."),
        format!("{para} {ty} <{nk}Paragraph> {graph} ."),
        format!("{para} {part} {d}> {graph} ."),
        format!("{para} <{nk}position> {} {graph} .", int(1)),
        format!("{sent} {ty} <{nk}Sentence> {graph} ."),
        format!("{sent} {part} {para} {graph} ."),
        format!("{sent} <{nk}position> {} {graph} .", int(1)),
        format!("{sent} <{nk}mentionsDate> \"1993\"^^<http://www.w3.org/2001/XMLSchema#gYear> {graph} ."),
        format!("{m1} {ty} <{nk}Mention> {graph} ."),
        format!("{m1} <{nk}mentions> <https://w3id.org/nkkg/id/Turkey> {graph} ."),
        format!("{m1} {part} {sent} {graph} ."),
        format!("{m2} {ty} <{nk}Mention> {graph} ."),
        format!("{m2} <{nk}mentions> <https://w3id.org/nkkg/id/Azerbaijan> {graph} ."),
        format!("{m2} {part} {sent} {graph} ."),
    ];
    expected.extend(span(&para, "p1", 0, 33));
    expected.extend(span(&sent, "s1", 0, 33));
    expected.extend(span(&m1, "m1", 0, 6));
    expected.extend(span(&m2, "m2", 14, 24));
    let mut got: Vec<String> = quads.iter().map(|q| format!("{q} .")).collect();
    got.sort();
    expected.sort();
    assert_eq!(got, expected);
    // the candidate, in the candidates graph
    let cg = "<https://w3id.org/nkkg/graph/ingest/candidates>";
    let c = format!("{d}-candidate-1>");
    let nkv = "https://w3id.org/nkkg/vocab/";
    let mut expected = vec![
        format!("{c} {ty} <{nk}Candidate> {cg} ."),
        format!("{c} {ty} <{nk}SupportCandidate> {cg} ."),
        format!("{c} <{nk}giver> <https://w3id.org/nkkg/id/Turkey> {cg} ."),
        format!("{c} <{nk}receiver> <https://w3id.org/nkkg/id/Azerbaijan> {cg} ."),
        format!("{c} <{nk}candidateType> <{nkv}PoliticalStance> {cg} ."),
        format!("{c} <{nk}topType> <{nkv}DiplomaticSupport> {cg} ."),
        format!("{c} <{nk}candidatePolarity> <{nkv}Given> {cg} ."),
        format!("{c} <{nk}confidence> \"0.56\"^^<http://www.w3.org/2001/XMLSchema#decimal> {cg} ."),
        format!("{c} <{nk}rule> \"support\" {cg} ."),
        format!("{c} <{nk}fromSentence> {sent} {cg} ."),
        format!("{c} <{nk}evidence> _:{key}e1 {cg} ."),
        format!("_:{key}e1 {ty} <{oa}SpecificResource> {cg} ."),
        format!("_:{key}e1 <{oa}hasSource> {d}> {cg} ."),
        format!("_:{key}e1 <{oa}hasSelector> _:{key}c1 {cg} ."),
        format!("_:{key}c1 {ty} <{oa}TextPositionSelector> {cg} ."),
        format!("_:{key}c1 <{oa}start> {} {cg} .", int(0)),
        format!("_:{key}c1 <{oa}end> {} {cg} .", int(33)),
    ];
    let mut got: Vec<String> = candidate_quads.iter().map(|q| format!("{q} .")).collect();
    got.sort();
    expected.sort();
    assert_eq!(got, expected);
    assert_eq!(rdf::candidates_graph().as_str(), "https://w3id.org/nkkg/graph/ingest/candidates");
}

#[test]
fn a_curated_document_is_linked_by_its_hash() {
    let store = test_store();
    let text = "Iran helped Armenia.";
    let sha = format!("{:x}", Sha256::digest(text.as_bytes()));
    store
        .store()
        .load_from_slice(RdfFormat::Turtle, format!("<https://w3id.org/nkkg/id/doc7> a <https://w3id.org/nkkg/ontology#SourceDocument> ; <https://w3id.org/nkkg/ontology#sha256> \"{sha}\" .").as_bytes())
        .unwrap();
    let p = Pipeline::from_store(&store).unwrap();
    let quads = p.ingest("x.txt", text.as_bytes()).unwrap().1.quads();
    assert!(quads.iter().any(|q| q.predicate.as_str() == "http://www.w3.org/2002/07/owl#sameAs"
        && q.object.to_string() == "<https://w3id.org/nkkg/id/doc7>"));
}

// ---------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------

#[test]
fn cli_writes_trig_with_one_graph_per_document_and_a_candidates_graph() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    std::fs::write(&a, "Turkey shipped drones to Azerbaijan in 2020.\n").unwrap();
    std::fs::write(&b, "= = Part = =\nIran helped Armenia .\n").unwrap();
    let out = dir.path().join("out.trig");
    let output = common::nkkg(&["ingest", a.to_str().unwrap(), b.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    common::ok(output.clone());
    assert!(common::stderr(&output).contains("MB/s"), "{}", common::stderr(&output));
    let trig = std::fs::read_to_string(&out).unwrap();
    let store = Store::new().unwrap();
    store.load_from_slice(RdfFormat::TriG, trig.as_bytes()).unwrap();
    let graphs: BTreeSet<String> = store.named_graphs().map(|g| g.unwrap().to_string()).collect();
    assert_eq!(graphs.len(), 3, "{graphs:?}");
    assert!(graphs.contains("<https://w3id.org/nkkg/graph/ingest/candidates>"));
}

#[test]
fn cli_explain_shows_the_tokens_and_candidates_of_matching_sentences_only() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    std::fs::write(&a, "Syrian mercenaries were in disarray. The tanks they had bought from Russia were lost. Greece stayed out.\n").unwrap();
    let output = common::nkkg(&["ingest", a.to_str().unwrap(), "--explain", "TANKS THEY"]);
    common::ok(output.clone());
    let stdout = String::from_utf8(output.stdout.clone()).unwrap();
    assert_eq!(
        stdout,
        "a.txt, sentence 1 (paragraph 0):\n  \
         the tanks [SyrianMercenaries] had bought from [Russia] were lost .\n  \
         -> supply Russia → SyrianMercenaries Tanks (given, receive-from, 0.80)\n  \
         -> support Russia → SyrianMercenaries Weapons (given, receive-from, 0.80)\n"
    );
    assert!(common::stderr(&output).contains("1 sentence(s) contain"), "{}", common::stderr(&output));
    // no TriG is written with --explain, and it does not mix with --evaluate
    let output = common::nkkg(&["ingest", a.to_str().unwrap(), "--explain", "x", "--evaluate"]);
    assert!(!output.status.success());
}

#[test]
fn cli_errors_name_the_file_and_the_byte() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.txt");
    let output = common::nkkg(&["ingest", missing.to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(common::stderr(&output).contains(missing.to_str().unwrap()), "{}", common::stderr(&output));
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, b"Turkey \xff backed").unwrap();
    let output = common::nkkg(&["ingest", bad.to_str().unwrap()]);
    assert!(!output.status.success());
    let err = common::stderr(&output);
    assert!(err.contains("bad.txt") && err.contains("byte offset 7"), "{err}");
}

// ---------------------------------------------------------------------------------------
// Evaluation over the corpus
// ---------------------------------------------------------------------------------------

fn seeds() -> Option<PathBuf> {
    crate::common::corpus("the ingest evaluation")
}

#[test]
fn evaluation_does_not_fall_below_the_baseline() {
    let Some(seeds) = seeds() else { return };
    let baseline: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("ingest-baseline.json")).unwrap()).unwrap();
    let report = nkkg::ingest::evaluate::evaluate(&GraphStore::bundled().unwrap(), Path::new(&seeds)).unwrap();
    let mut table = Vec::new();
    nkkg::ingest::evaluate::write_table(&report, &mut table).unwrap();
    let table = String::from_utf8(table).unwrap();
    eprintln!("{}", table.lines().take(16).collect::<Vec<_>>().join("\n"));
    for (name, score) in [("support", report.support), ("supply", report.supply), ("combined", report.combined)] {
        for metric in ["precision", "recall", "f1"] {
            let floor = baseline[name][metric].as_f64().unwrap_or_else(|| panic!("baseline lacks {name}.{metric}"));
            let value = match metric {
                "precision" => score.precision,
                "recall" => score.recall,
                _ => score.f1,
            };
            if metric == "f1" {
                assert!(value >= floor, "{name} F1 {value:.3} fell below the baseline {floor:.3}");
            } else if value < floor {
                eprintln!("note: {name} {metric} {value:.3} is below its baseline {floor:.3}");
            }
        }
    }
}
