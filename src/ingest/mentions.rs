//! Entity mentions: every label and alternative label of the graph's entities, folded
//! (case and diacritics), in one Aho-Corasick automaton built once and run over the folded
//! text of a whole document with leftmost-longest semantics. A match counts only at word
//! boundaries; a longer match that fails the boundary test gives way to the longest
//! shorter one at the same place. Short all-capital labels (acronyms such as `US`, `UN`)
//! must also match case-exactly, so that the pronoun "us" is not the United States.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};
use oxigraph::model::NamedNode;
use oxigraph::sparql::QuerySolution;

use super::dates::lexical_year;
use super::fold::{fold, is_word_char, Folded};
use super::text::View;
use crate::prefixes::NKE;
use crate::query::select;
use crate::store::GraphStore;

/// One entity of the graph that can be mentioned.
#[derive(Debug, Clone)]
pub struct Entity {
    /// Its IRI.
    pub iri: NamedNode,
    /// Whether it is an `nk:Actor` (only actors can be parties of a candidate relation).
    pub actor: bool,
    /// Whether it is a state or de facto state (a possible side of a mediated conflict).
    pub state_like: bool,
    /// Preference among entities sharing a name: lower is preferred.
    pub rank: u8,
    /// For item types: their `nk:itemCategory` concepts.
    pub item_categories: Vec<NamedNode>,
    /// Whether it is an `nk:PopulationGroup` (a people).
    pub people: bool,
    /// The years it existed, as far as the graph says (`nk:startDate`, `nk:endDate`).
    pub lifetime: (Option<i32>, Option<i32>),
    /// For a person: the one state it is `nk:affiliatedWith`, if exactly one.
    pub state: Option<u32>,
    /// Whether it is an `nk:ArmedGroup` (fighters that can be sent, as the thing supplied).
    pub armed_group: bool,
}

impl Entity {
    /// Whether it is a single person (an `nk:Person`).
    pub fn person(&self) -> bool {
        self.actor && self.rank == PERSON_RANK
    }
}

/// A name of an entity, as given to [`Gazetteer::new`].
#[derive(Debug, Clone)]
pub struct Name {
    /// Index of the entity in the entity list.
    pub entity: usize,
    /// The label as written in the graph.
    pub text: String,
    /// Whether it is the `rdfs:label` (preferred over `skos:altLabel`).
    pub preferred: bool,
}

/// One folded surface form and the entities it names, best first.
#[derive(Debug, Clone)]
struct Surface {
    entities: Vec<u32>,
    /// For acronyms: the exact form the text must show.
    exact: Option<String>,
    /// Every label with this form starts with a capital: the text must too ("Time" the
    /// magazine is not "at the same time").
    capital: bool,
}

/// A mention found in a document: a view byte range and the entities it may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    /// Start in the view (bytes).
    pub start: usize,
    /// End in the view (bytes, exclusive).
    pub end: usize,
    /// The surface form matched (index into the gazetteer).
    pub surface: u32,
}

/// The names of the graph's entities, compiled for matching.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    automaton: AhoCorasick,
    surfaces: Vec<Surface>,
    /// Every entity that has at least one name.
    pub entities: Vec<Entity>,
    /// For peoples: the state whose label their name extends ("Armenians" → "Armenia").
    people_state: HashMap<u32, u32>,
    /// For places: the state or de facto state that shares one of their names, and that
    /// a party slot means when it names the place ("Nagorno-Karabakh signed" → the
    /// Republic of Artsakh, which is also called "Karabakh").
    place_polity: HashMap<u32, u32>,
    /// For armed forces (`nk:ArmedForce`): the state or de facto state they are
    /// subordinate to, directly or through other forces (the Azerbaijani Air Force →
    /// the Azerbaijani Armed Forces → Azerbaijan). Filled by [`Gazetteer::from_store`].
    force_state: HashMap<u32, u32>,
}

/// Classes whose instances are not mentioned as entities (documents, relations, figures).
const NOT_MENTIONED: &[&str] = &["SourceDocument", "Support", "Supply", "Claim", "Quantity", "Role", "Participation"];

impl Gazetteer {
    /// Reads the names (rdfs:label, skos:altLabel) of the `nke:` entities of a store, with
    /// their classes, in five SPARQL queries.
    pub fn from_store(store: &GraphStore) -> anyhow::Result<Self> {
        let excluded: String = NOT_MENTIONED.iter().map(|c| format!("nk:{c} ")).collect();
        let names = select(
            store,
            &format!(
                "SELECT DISTINCT ?e ?name ?pref WHERE {{
                    {{ ?e rdfs:label ?name BIND(true AS ?pref) }} UNION {{ ?e skos:altLabel ?name BIND(false AS ?pref) }}
                    FILTER(isIRI(?e) && STRSTARTS(STR(?e), \"{NKE}\"))
                    FILTER NOT EXISTS {{ VALUES ?c {{ {excluded} }} ?e a ?c }}
                }}"
            ),
            &[],
        )?;
        let actors = select(store, "SELECT DISTINCT ?e ?c WHERE { ?e a ?c . ?c rdfs:subClassOf* nk:Actor }", &[])?;
        let items = select(store, "SELECT DISTINCT ?e ?cat WHERE { ?e a nk:ItemType ; nk:itemCategory ?cat }", &[])?;
        let lifetimes = select(
            store,
            "SELECT ?e ?start ?end WHERE { ?e a ?c . ?c rdfs:subClassOf* nk:Actor
                OPTIONAL { ?e nk:startDate ?start } OPTIONAL { ?e nk:endDate ?end } FILTER(BOUND(?start) || BOUND(?end)) }",
            &[],
        )?;
        let affiliations = select(
            store,
            "SELECT DISTINCT ?p ?s WHERE { ?p a nk:Person ; nk:affiliatedWith ?s . ?s a ?c VALUES ?c { nk:State nk:DeFactoState } }",
            &[],
        )?;
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut entities: Vec<Entity> = Vec::new();
        let mut list: Vec<Name> = Vec::new();
        let mut entity_of = |iri: &NamedNode, entities: &mut Vec<Entity>| -> usize {
            *index.entry(iri.as_str().to_owned()).or_insert_with(|| {
                entities.push(Entity {
                    iri: iri.clone(),
                    actor: false,
                    state_like: false,
                    rank: 9,
                    item_categories: Vec::new(),
                    people: false,
                    lifetime: (None, None),
                    state: None,
                    armed_group: false,
                });
                entities.len() - 1
            })
        };
        for row in &names {
            let (Some(iri), Some(name)) = (named(row, "e"), literal(row, "name")) else { continue };
            let entity = entity_of(&iri, &mut entities);
            let preferred = literal(row, "pref").is_some_and(|p| p == "true");
            list.push(Name { entity, text: name, preferred });
        }
        // capitals, seats and peoples' adjectives that stand for an actor (metonymy), where
        // the graph has the actor and no entity carries the name already
        for &(name, local) in super::metonymy::NAMES {
            let iri = format!("{NKE}{local}");
            let Some(entity) = entities.iter().position(|e| e.iri.as_str() == iri) else { continue };
            if list.iter().any(|n| n.text.eq_ignore_ascii_case(name)) {
                continue;
            }
            list.push(Name { entity, text: name.to_owned(), preferred: false });
        }
        for row in &actors {
            let (Some(iri), Some(class)) = (named(row, "e"), named(row, "c")) else { continue };
            let entity = entity_of(&iri, &mut entities);
            let e = &mut entities[entity];
            e.actor = true;
            let local = class.as_str().rsplit('#').next().unwrap_or("");
            let rank = actor_rank(local);
            e.rank = e.rank.min(rank);
            e.state_like |= matches!(local, "State" | "DeFactoState");
            e.people |= local == "PopulationGroup";
            e.armed_group |= local == "ArmedGroup";
        }
        for row in &lifetimes {
            let Some(iri) = named(row, "e") else { continue };
            let entity = entity_of(&iri, &mut entities);
            let year = |var: &str| literal(row, var).and_then(|v| lexical_year(&v));
            entities[entity].lifetime = (year("start"), year("end"));
        }
        let mut states: HashMap<usize, Vec<u32>> = HashMap::new();
        for row in &affiliations {
            let (Some(person), Some(state)) = (named(row, "p"), named(row, "s")) else { continue };
            let (person, state) = (entity_of(&person, &mut entities), entity_of(&state, &mut entities));
            states.entry(person).or_default().push(state as u32);
        }
        for (person, list) in states {
            if let [state] = list[..] {
                entities[person].state = Some(state);
            }
        }
        for row in &items {
            let (Some(iri), Some(cat)) = (named(row, "e"), named(row, "cat")) else { continue };
            let entity = entity_of(&iri, &mut entities);
            entities[entity].item_categories.push(cat);
        }
        let edges = select(store, "SELECT ?f ?up WHERE { ?f nk:subordinateTo ?up }", &[])?;
        let forces = select(store, "SELECT ?f WHERE { ?f a nk:ArmedForce }", &[])?;
        let mut up: HashMap<usize, usize> = HashMap::new();
        for row in &edges {
            let (Some(f), Some(u)) = (named(row, "f"), named(row, "up")) else { continue };
            let (f, u) = (entity_of(&f, &mut entities), entity_of(&u, &mut entities));
            up.entry(f).or_insert(u);
        }
        let mut force_state: HashMap<u32, u32> = HashMap::new();
        for row in &forces {
            let Some(force) = named(row, "f") else { continue };
            let force = entity_of(&force, &mut entities);
            // the nearest state above it, through at most a few forces
            let mut at = force;
            for _ in 0..4 {
                let Some(&next) = up.get(&at) else { break };
                if entities[next].state_like {
                    force_state.insert(force as u32, next as u32);
                    break;
                }
                at = next;
            }
        }
        let mut gazetteer = Self::new(entities, list);
        gazetteer.force_state = force_state;
        Ok(gazetteer)
    }

    /// Compiles names of entities into a gazetteer.
    pub fn new(entities: Vec<Entity>, names: Vec<Name>) -> Self {
        let people_state = people_states(&entities, &names);
        let place_polity = place_polities(&entities, &names);
        // the plurals of states' demonyms name the state when no people has them
        let plurals = demonym_plurals(&entities, &names);
        let mut by_surface: HashMap<String, SurfaceDraft> = HashMap::new();
        for name in names {
            let folded = fold(name.text.trim());
            if folded.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
                continue;
            }
            let acronym = is_acronym(name.text.trim());
            let capital = name.text.trim().starts_with(char::is_uppercase);
            let entry = by_surface.entry(folded).or_insert_with(|| (Vec::new(), true, name.text.trim().to_owned(), true));
            entry.0.push((name.preferred, name.entity));
            entry.1 &= acronym;
            entry.3 &= capital;
        }
        for (plural, entity) in plurals {
            by_surface.entry(plural.clone()).or_insert_with(|| (vec![(false, entity)], false, plural, true));
        }
        let mut keys: Vec<String> = by_surface.keys().cloned().collect();
        keys.sort();
        let mut surfaces = Vec::with_capacity(keys.len());
        for key in &keys {
            let (mut named, acronym, original, capital) = by_surface.remove(key).expect("key from the map");
            named.sort_by_key(|&(preferred, e)| (!entities[e].actor, !preferred, entities[e].rank, entities[e].iri.as_str().to_owned()));
            let mut list: Vec<u32> = Vec::new();
            for (_, e) in named {
                if !list.contains(&(e as u32)) {
                    list.push(e as u32);
                }
            }
            surfaces.push(Surface { entities: list, exact: acronym.then_some(original), capital });
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Both)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&keys)
            .expect("the gazetteer's patterns compile");
        Self { automaton, surfaces, entities, people_state, place_polity, force_state: HashMap::new() }
    }

    /// The state an armed force serves, if `entity` is one ("the Azerbaijani army" →
    /// Azerbaijan): the graph models a relation with a state's army in both views, the
    /// army's and the state's.
    pub fn state_of_force(&self, entity: u32) -> Option<u32> {
        self.force_state.get(&entity).copied()
    }

    /// The state a people's name stands for before a side noun, if its name extends the
    /// state's label by a demonym ending ("Armenian" → Armenia).
    pub fn state_of_people(&self, entity: u32) -> Option<u32> {
        self.people_state.get(&entity).copied()
    }

    /// Number of distinct folded names.
    pub fn len(&self) -> usize {
        self.surfaces.len()
    }

    /// Whether there are no names at all.
    pub fn is_empty(&self) -> bool {
        self.surfaces.is_empty()
    }

    /// All mentions in a document, in order, as view byte ranges.
    pub fn find(&self, view: &View, folded: &Folded) -> Vec<Mention> {
        let hay = folded.text.as_str();
        let mut out = Vec::new();
        let mut pos = 0;
        while pos < hay.len() {
            let Some(m) = self.automaton.find(Input::new(hay).span(pos..hay.len())) else { break };
            let (start, mut end, mut pattern) = (m.start(), m.end(), m.pattern().as_usize());
            let mut accepted = self.accept(view, folded, start, end, pattern);
            while !accepted && end > start + 1 {
                let shorter = Input::new(hay).span(start..end - 1).anchored(Anchored::Yes);
                let Some(m) = self.automaton.find(shorter) else { break };
                (end, pattern) = (m.end(), m.pattern().as_usize());
                accepted = self.accept(view, folded, start, end, pattern);
            }
            if accepted {
                let (vs, ve) = (folded.origin[start] as usize, folded.source_range(start, end, &view.text).1);
                out.push(Mention { start: vs, end: ve, surface: pattern as u32 });
                pos = end;
            } else {
                pos = start + hay[start..].chars().next().map_or(1, char::len_utf8);
            }
        }
        out
    }

    fn accept(&self, view: &View, folded: &Folded, start: usize, end: usize, pattern: usize) -> bool {
        let hay = folded.text.as_str();
        let before = hay[..start].chars().next_back().is_some_and(is_word_char);
        let after = hay[end..].chars().next().is_some_and(is_word_char);
        if before || after {
            return false;
        }
        let surface = &self.surfaces[pattern];
        let (vs, ve) = folded.source_range(start, end, &view.text);
        match &surface.exact {
            Some(exact) => &view.text[vs..ve] == exact,
            None => !surface.capital || view.text[vs..].starts_with(|c: char| !c.is_lowercase()),
        }
    }

    /// The entities a mention may name, best first (actors before other entities, then
    /// preferred labels, then states before organisations, groups and people).
    pub fn entities_of(&self, mention: &Mention) -> &[u32] {
        &self.surfaces[mention.surface as usize].entities
    }

    /// The actor a mention names, if it names one.
    pub fn actor(&self, mention: &Mention) -> Option<u32> {
        self.entities_of(mention).iter().copied().find(|&e| self.entities[e as usize].actor)
    }

    /// The actor a mention names when it is a party of a relation, if it names one: an
    /// actor it names, or the polity of the place it names.
    pub fn party(&self, mention: &Mention) -> Option<u32> {
        self.actor(mention).or_else(|| self.entities_of(mention).first().and_then(|e| self.place_polity.get(e).copied()))
    }

    /// [`Gazetteer::party`] in a sentence about the years `years` (first, last): of the
    /// actors a shared name may mean ("Moscow": the Soviet Union or Russia), the first that
    /// existed then.
    pub fn party_in(&self, mention: &Mention, years: Option<(i32, i32)>) -> Option<u32> {
        let Some((first, last)) = years else { return self.party(mention) };
        let alive = |e: u32| {
            let (start, end) = self.entities[e as usize].lifetime;
            start.is_none_or(|s| s <= last) && end.is_none_or(|e| e >= first)
        };
        self.entities_of(mention)
            .iter()
            .copied()
            .find(|&e| self.entities[e as usize].actor && alive(e))
            .or_else(|| self.party(mention))
    }
}

/// Maps each people to the state whose preferred label its names extend by a short
/// demonym ending: "Armenians", "Armenian" → "Armenia"; "Azerbaijani" → "Azerbaijan".
fn people_states(entities: &[Entity], names: &[Name]) -> HashMap<u32, u32> {
    let states: Vec<(String, usize)> = state_labels(entities, names).filter(|(label, _)| label.len() >= 4).collect();
    let mut out = HashMap::new();
    for name in names.iter().filter(|n| entities[n.entity].people) {
        let folded = fold(name.text.trim());
        let found = states.iter().find(|(label, _)| folded.starts_with(label.as_str()) && folded.len() - label.len() <= 3);
        if let Some(&(_, state)) = found {
            out.entry(name.entity as u32).or_insert(state as u32);
        }
    }
    out
}

/// The folded preferred labels of the states and de facto states, with their entities.
fn state_labels<'a>(entities: &'a [Entity], names: &'a [Name]) -> impl Iterator<Item = (String, usize)> + 'a {
    names.iter().filter(|n| n.preferred && entities[n.entity].state_like).map(|n| (fold(n.text.trim()), n.entity))
}

/// The plural of each demonym among the names of states ("Russian" → "russians" for
/// Russia): a one-word name that is not the label, ends in "-an" or "-i" and begins like
/// the label. "The Russians" who sell arms or fight are the state's side; a people entity
/// with that name, if the graph has one, keeps it.
fn demonym_plurals(entities: &[Entity], names: &[Name]) -> Vec<(String, usize)> {
    let labels: HashMap<usize, String> = state_labels(entities, names).map(|(label, entity)| (entity, label)).collect();
    let mut out = Vec::new();
    for name in names.iter().filter(|n| !n.preferred && entities[n.entity].state_like) {
        let text = name.text.trim();
        let folded = fold(text);
        let Some(label) = labels.get(&name.entity) else { continue };
        let demonym = !text.contains(' ')
            && text.starts_with(char::is_uppercase)
            && (folded.ends_with("an") || folded.ends_with('i'))
            && folded.len() >= 5
            && label.get(..4).is_some_and(|head| folded.starts_with(head));
        if demonym {
            out.push((format!("{folded}s"), name.entity));
        }
    }
    out
}

/// Maps each place that is not an actor to the one state or de facto state sharing one of
/// its names (a region and the republic proclaimed on it).
fn place_polities(entities: &[Entity], names: &[Name]) -> HashMap<u32, u32> {
    let mut polities_by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for name in names.iter().filter(|n| entities[n.entity].state_like) {
        let list = polities_by_name.entry(fold(name.text.trim())).or_default();
        if !list.contains(&name.entity) {
            list.push(name.entity);
        }
    }
    let mut found: HashMap<u32, Vec<u32>> = HashMap::new();
    for name in names.iter().filter(|n| !entities[n.entity].actor && entities[n.entity].item_categories.is_empty()) {
        for &polity in polities_by_name.get(&fold(name.text.trim())).into_iter().flatten() {
            let list = found.entry(name.entity as u32).or_default();
            if !list.contains(&(polity as u32)) {
                list.push(polity as u32);
            }
        }
    }
    found.into_iter().filter(|(_, list)| list.len() == 1).map(|(place, list)| (place, list[0])).collect()
}

/// A surface form being collected: (preferred?, entity) pairs, all labels acronyms?, the
/// first label as written, all labels capitalised?
type SurfaceDraft = (Vec<(bool, usize)>, bool, String, bool);

/// Preference of actor classes when one name belongs to several actors.
const PERSON_RANK: u8 = 4;

fn actor_rank(class: &str) -> u8 {
    match class {
        "State" | "DeFactoState" => 0,
        "IntergovernmentalOrganisation" | "GovernmentBody" | "AdministrativeEntity" => 1,
        "ArmedForce" | "ArmedGroup" | "Company" | "NonGovernmentalOrganisation" | "PoliticalParty" => 2,
        "PopulationGroup" => 3,
        "Person" => PERSON_RANK,
        _ => 5,
    }
}

/// Short all-capital names (`US`, `UN`, `NKR`) that must match case-exactly.
fn is_acronym(name: &str) -> bool {
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 1 && name.chars().count() <= 5 && name.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '.')
}

fn named(row: &QuerySolution, var: &str) -> Option<NamedNode> {
    match row.get(var)? {
        oxigraph::model::Term::NamedNode(n) => Some(n.clone()),
        _ => None,
    }
}

fn literal(row: &QuerySolution, var: &str) -> Option<String> {
    match row.get(var)? {
        oxigraph::model::Term::Literal(l) => Some(l.value().to_owned()),
        _ => None,
    }
}
