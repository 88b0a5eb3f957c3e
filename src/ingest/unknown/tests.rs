//! Tests of [`super`]: the cues read from runs of capitalised words, the party tokens
//! marked in a sentence, the spans of every form of a name, and how the evaluation scores
//! a relation naming a proposed entity.

use super::*;

fn read(text: &str) -> Option<(String, &'static str)> {
    let words: Vec<&str> = text.split(' ').collect();
    recognise(&words, false, false).map(|r| (words[r.skip..r.skip + r.len].join(" "), r.class))
}

fn named(text: &str, name: &str, class: &str) {
    assert_eq!(read(text), Some((name.to_owned(), class_static(class))), "{text}");
}

fn class_static(class: &str) -> &'static str {
    [
        "Person", "ArmedGroup", "ArmedForce", "PoliticalParty", "NonGovernmentalOrganisation", "GovernmentBody",
        "Company", "State", "PopulationGroup", "Actor",
    ]
    .into_iter()
    .find(|c| *c == class)
    .expect("a class of the tests")
}

#[test]
fn titles_make_persons() {
    named("President Arman Vardanyan", "Arman Vardanyan", "Person");
    named("Defence Minister Anna Petrosova", "Anna Petrosova", "Person");
    named("General Orlov", "Orlov", "Person");
    named("Prime Minister Ilkin Rzayev", "Ilkin Rzayev", "Person");
    let words = ["Anna", "Petrosova"];
    assert_eq!(recognise(&words, false, true), Some(Recognised { skip: 0, len: 2, class: "Person" }));
}

#[test]
fn organisation_words_give_their_class() {
    named("Vostok Brigade", "Vostok Brigade", "ArmedGroup");
    named("Arabo Battalion", "Arabo Battalion", "ArmedGroup");
    named("Wagner Group", "Wagner Group", "ArmedGroup");
    named("Ruritanian Army", "Ruritanian Army", "ArmedForce");
    named("Green Dawn Party", "Green Dawn Party", "PoliticalParty");
    named("Sunrise Movement", "Sunrise Movement", "PoliticalParty");
    named("Hayastan Foundation", "Hayastan Foundation", "NonGovernmentalOrganisation");
    named("Relief Committee", "Relief Committee", "NonGovernmentalOrganisation");
    named("Ministry of Energy", "Ministry of Energy", "GovernmentBody");
    named("Acme Inc", "Acme Inc", "Company");
    named("Bolt Ltd", "Bolt Ltd", "Company");
    named("Orion Aerospace Corporation", "Orion Aerospace Corporation", "Company");
    named("Sultan Murad Division", "Sultan Murad Division", "ArmedGroup");
    named("Front for the Liberation of Ruritania", "Front for the Liberation of Ruritania", "ArmedGroup");
    named("Popular Front for the Liberation of Ruritania", "Popular Front for the Liberation of Ruritania", "ArmedGroup");
    named("Popular Front Party", "Popular Front Party", "PoliticalParty");
}

#[test]
fn republics_and_kingdoms_are_states() {
    named("Republic of Ruritania", "Republic of Ruritania", "State");
    named("Kingdom of Elbonia", "Kingdom of Elbonia", "State");
}

#[test]
fn demonym_plurals_are_peoples() {
    named("Ruritanians", "Ruritanians", "PopulationGroup");
    named("Elbonese", "Elbonese", "PopulationGroup");
    assert_eq!(read("Ruritanian"), None, "an adjective alone names no one");
}

#[test]
fn names_without_a_cue_are_actors() {
    named("Anna Petrosova", "Anna Petrosova", "Actor");
    named("The Crimson Hand", "Crimson Hand", "Actor");
    assert_eq!(read("Acme"), None, "one word without a cue is not enough");
    assert_eq!(read("Tribeca Film Festival"), None, "an event");
    assert_eq!(read("Human Rights"), None, "a cause");
    assert_eq!(read("Deputy Head"), None, "a title");
}

#[test]
fn function_words_and_openers_are_left_out() {
    assert_eq!(read("The"), None);
    assert_eq!(read("However"), None);
    named("However Vostok Brigade", "Vostok Brigade", "ArmedGroup");
    let words = ["Reportedly", "Vostok", "Brigade"];
    assert_eq!(recognise(&words, true, false), Some(Recognised { skip: 1, len: 2, class: "ArmedGroup" }));
    let words = ["Supported", "Anna", "Petrosova"];
    assert_eq!(recognise(&words, true, false), Some(Recognised { skip: 1, len: 2, class: "Actor" }));
}

#[test]
fn months_and_days_are_not_names() {
    assert_eq!(read("October"), None);
    assert_eq!(read("In September"), None);
    assert_eq!(read("Monday"), None);
    assert_eq!(read("Monday October"), None);
}

#[test]
fn titles_alone_are_not_persons() {
    assert_eq!(read("President"), None);
    assert_eq!(read("Prime Minister"), None);
    assert_eq!(read("Defence Minister"), None);
    assert_eq!(read("The President"), None);
}

#[test]
fn organisation_words_alone_or_generic_are_not_organisations() {
    assert_eq!(read("Brigade"), None);
    assert_eq!(read("The Ministry"), None);
    assert_eq!(read("Defence Ministry"), None);
    assert_eq!(read("Ministry of Foreign Affairs"), None);
    assert_eq!(read("National Army"), None);
    assert_eq!(read("Armed Forces"), None);
}

#[test]
fn proposed_relations_are_scored_only_against_a_known_party_missed() {
    let key = |g: &str, r: &str| ((), g.to_owned(), r.to_owned(), "Arms".to_owned());
    let proposal = Proposal { label: "Vostok Brigade".into(), class: "ArmedGroup", forms: Vec::new() };
    let predicted = key(&scoring_name(&proposal), "Armenia");
    let gold = [key("Russia", "Armenia")];
    assert!(scored(&key("Russia", "Armenia"), [].iter(), |_| false), "known parties are always scored");
    assert!(scored(&predicted, gold.iter(), |_| false), "the gold's Russia was read as an unknown party");
    assert!(!scored(&predicted, gold.iter(), |_| true), "the gold's relation was found besides");
    assert!(!scored(&predicted, [key("Russia", "Turkey")].iter(), |_| false), "another receiver");
    assert!(!scored(&predicted, [].iter(), |_| false), "nothing in the gold to say");
}

/// The unknown parties marked in `text`, with a gazetteer that knows Armenia (a
/// state) and Serzh Sargsyan (a person).
fn marked(text: &str) -> Vec<(String, &'static str)> {
    use super::super::mentions::{Gazetteer, Name};
    use super::super::text::{Quirks, View};
    use super::super::tokens::tokenize;
    let entity = |local: &str, state_like: bool, rank: u8| Entity {
        iri: NamedNode::new_unchecked(format!("{NKE}{local}")),
        actor: true,
        state_like,
        rank,
        item_categories: Vec::new(),
        people: false,
        lifetime: (None, None),
        state: None,
        armed_group: false,
    };
    let names = ["Armenia", "Serzh Sargsyan"].map(|n| n.to_owned());
    let gazetteer = Gazetteer::new(
        vec![entity("Armenia", true, 0), entity("SerzhSargsyan", false, 4)],
        names.iter().enumerate().map(|(entity, text)| Name { entity, text: text.clone(), preferred: true }).collect(),
    );
    let view = View::new(text, Quirks::detect(text));
    let folded = Folded::new(&view.text);
    let mentions = gazetteer.find(&view, &folded);
    let mut unknowns = Unknowns::default();
    let mut out = Vec::new();
    // each line is a sentence
    let mut start = 0;
    for line in view.text.split_inclusive('\n') {
        let (fs, fe) = (folded.inverse[start] as usize, folded.inverse[start + line.trim_end().len()] as usize);
        let inside: Vec<_> = mentions.iter().copied().filter(|m| m.start >= start && m.end <= start + line.len()).collect();
        let mut toks = tokenize(&folded, fs, fe, &inside, &folded.inverse, &gazetteer, None);
        mark_parties(&mut toks, &folded, &view.text, 2, &mut unknowns);
        for t in toks {
            if let TokKind::Party(e) = t.kind {
                if let Some(i) = e.checked_sub(2) {
                    out.push(i as usize);
                }
            }
        }
        start += line.len();
    }
    // labels as the whole document gives them
    out.into_iter().map(|i| (unknowns.proposals[i].label.clone(), unknowns.proposals[i].class)).collect()
}

#[test]
fn unknown_parties_become_party_tokens_of_their_slot() {
    assert_eq!(marked("The Vostok Brigade sent rifles to Armenia."), vec![("Vostok Brigade".to_owned(), "ArmedGroup")]);
    assert_eq!(
        marked("In October President Arman Vardanyan thanked Armenia.\nLater the Vostok Brigade and Arman Vardanyan met."),
        vec![
            ("Arman Vardanyan".to_owned(), "Person"),
            ("Vostok Brigade".to_owned(), "ArmedGroup"),
            ("Arman Vardanyan".to_owned(), "Person")
        ],
        "the same name keeps its slot"
    );
}

#[test]
fn runs_qualifying_a_known_entity_are_left_to_it() {
    assert_eq!(marked("The Defence Ministry of Armenia sent rifles."), vec![]);
    assert_eq!(marked("The Vostok Brigade of Armenia sent rifles."), vec![]);
    assert_eq!(marked("Armenia Vostok Brigade sent rifles."), vec![]);
    assert_eq!(marked("Former President Serzh Sargsyan thanked the Vostok Foundation."), vec![("Vostok Foundation".to_owned(), "NonGovernmentalOrganisation")]);
}

#[test]
fn a_bare_name_after_a_preposition_of_place_is_a_place() {
    assert_eq!(marked("Volunteers from Novo Selo fought for Armenia."), vec![]);
    assert_eq!(
        marked("Armenia received rifles from Kalashnikov Concern."),
        vec![("Kalashnikov Concern".to_owned(), "Company")]
    );
}

#[test]
fn headings_in_title_case_propose_nothing() {
    assert_eq!(marked("Vostok Brigade Sends Rifles To Armenia"), vec![]);
}

#[test]
fn occurrences_are_whole_words() {
    assert_eq!(occurrences("Acme Corp and Acme Corporation; Acme Corp.", "Acme Corp"), vec![(0, 9), (32, 41)]);
}

#[test]
fn occurrences_take_every_form_of_the_name() {
    let text = "The Wagner Group came. the wagner group's men, WAGNER-GROUP, Wagner\nGroup; Wagner, Group; Wagnerite Group.";
    let found: Vec<&str> = occurrences(text, "Wagner Group").into_iter().map(|(s, e)| &text[s..e]).collect();
    assert_eq!(found, ["Wagner Group", "wagner group", "WAGNER-GROUP", "Wagner\nGroup"]);
    assert_eq!(occurrences("O'Neill Foundation, O’Neill Foundation's", "O'Neill Foundation"), vec![(0, 18), (20, 40)]);
}

#[test]
fn case_articles_and_possessives_make_one_proposal_labelled_by_its_most_frequent_form() {
    assert_eq!(
        marked("The Vostok brigade sent rifles to Armenia.\nThe Vostok Brigade's men backed Armenia.\nArmenia thanked the Vostok Brigade."),
        vec![("Vostok Brigade".to_owned(), "ArmedGroup"); 3],
        "one slot; the label is the form given twice"
    );
    assert_eq!(
        marked("The Wagner group sent rifles to Armenia.\nArmenia thanked the Wagner Group."),
        vec![("Wagner group".to_owned(), "ArmedGroup"); 2],
        "one form each: the first"
    );
    assert_eq!(marked("The Armenia group met."), vec![], "a known entity's group is not a new party");
}
