//! What a description shows for each kind of entity, read from the properties of
//! `ontology/nkkg.ttl`: events (`nk:eventType`, dates, `nk:outcome`, `nk:place`,
//! `nk:participation`, `nk:partOf`, `nk:evidence`), places (`nk:partOf`, `geo:lat`/`geo:long`),
//! people (`nk:Role` via `nk:holder`), organisations (`nk:Role` via `nk:roleIn`),
//! contested quantities (`nk:measure`, `nk:about`, `nk:duringEvent`, claims via `nk:claimOf`)
//! and claims themselves.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

use oxigraph::model::{Literal, NamedNode, Term};
use oxigraph::sparql::Variable;
use serde::Serialize;

use super::relations::{links, Figure, Hidden};
use super::{ClaimLine, EventLine, RoleLine};
use crate::explore::evidence::{citations_by_subject, Citation};
use crate::explore::terms::{literal, named, ser_text, subject, Link, Period};
use crate::query::{select, Binding};
use crate::store::GraphStore;

/// WGS 84 coordinates as the data gives them.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Coordinates {
    /// `geo:lat`.
    #[serde(serialize_with = "ser_text")]
    pub lat: Literal,
    /// `geo:long`.
    #[serde(serialize_with = "ser_text")]
    pub long: Literal,
    /// `nk:coordinatesFrom`: the district, region or centre whose coordinates these are,
    /// when the place has none of its own (the point is then approximate).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<Link>,
}

/// An actor taking part in an event, in a role.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Participant {
    /// The role's label (attacker, defender, mediator, ...).
    #[serde(serialize_with = "ser_text")]
    pub role: Literal,
    /// The actor.
    pub actor: Link,
}

/// The kinds an entity belongs to, from its classes and their superclasses.
#[derive(Debug, Clone, Default)]
pub struct Kinds {
    event: bool,
    place: bool,
    person: bool,
    organisation: bool,
    quantity: bool,
    claim: bool,
}

impl Kinds {
    /// The kinds of the entity bound to `?e`. Organisations are the actors whose class is
    /// aligned to schema.org's organisations (armed forces and groups, parties, bodies,
    /// companies, NGOs, intergovernmental organisations); states are not.
    pub fn of(store: &GraphStore, bind: &[Binding]) -> anyhow::Result<Self> {
        let rows = select(
            store,
            "SELECT DISTINCT ?kind WHERE { ?e a/rdfs:subClassOf* ?c .
               VALUES (?c ?kind) { (nk:Event \"event\") (nk:Place \"place\") (nk:Person \"person\") (nk:Quantity \"quantity\") (nk:Claim \"claim\")
                 (schema:Organization \"organisation\") (schema:GovernmentOrganization \"organisation\") (schema:NGO \"organisation\") (schema:Corporation \"organisation\") } }",
            bind,
        )?;
        let kinds: HashSet<String> = rows.iter().filter_map(|r| literal(r.get("kind")).map(|l| l.value().to_owned())).collect();
        let has = |k: &str| kinds.contains(k);
        Ok(Self {
            event: has("event"),
            place: has("place"),
            person: has("person"),
            organisation: has("organisation"),
            quantity: has("quantity"),
            claim: has("claim"),
        })
    }

    /// The relations that the kind's own sections show, so that the generic relation
    /// lists leave them out.
    pub fn hidden_relations(&self, has_parents: bool) -> Hidden {
        let mut hidden = Hidden::default();
        if has_parents {
            hidden.out.push("nk:partOf");
        }
        if self.event {
            hidden.out.extend(["nk:eventType", "nk:place"]);
            hidden.inward.push("?property = nk:partOf && EXISTS { ?o a nk:Event }");
        }
        if self.quantity {
            hidden.out.extend(["nk:measure", "nk:about", "nk:duringEvent"]);
        }
        if self.claim {
            hidden.out.extend(["nk:claimOf", "nk:claimedBy"]);
        }
        if self.organisation {
            hidden.inward.push("?property = nk:memberOf && EXISTS { ?r a nk:Role ; nk:holder ?o ; nk:roleIn ?e }");
        }
        hidden
    }
}

/// The kind-specific facts of a description, empty where they do not apply; each field
/// is the [`Description`](super::Description) field of the same name.
#[derive(Debug, Default)]
pub(super) struct Facts {
    pub(super) event_types: Vec<Literal>,
    pub(super) period: Period,
    pub(super) outcome: Vec<Literal>,
    pub(super) part_of: Vec<Link>,
    pub(super) places: Vec<Link>,
    pub(super) coordinates: Option<Coordinates>,
    pub(super) measure: Vec<Link>,
    pub(super) about: Vec<Link>,
    pub(super) during: Vec<Link>,
    pub(super) claim_of: Vec<Link>,
    pub(super) participants: Vec<Participant>,
    pub(super) sub_events: Vec<EventLine>,
    pub(super) roles_held: Vec<RoleLine>,
    pub(super) members: Vec<RoleLine>,
    pub(super) claims: Vec<ClaimLine>,
    pub(super) evidence: Vec<Citation>,
}

/// Gathers the facts that `kinds` call for.
pub(super) fn facts(store: &GraphStore, entity: &NamedNode, kinds: &Kinds) -> anyhow::Result<Facts> {
    let e: Binding = (Variable::new_unchecked("e"), entity.clone().into());
    let bind = std::slice::from_ref(&e);
    let mut f = Facts { part_of: ancestors(store, entity, bind)?, ..Facts::default() };
    let values = |sparql: &str| -> anyhow::Result<Vec<Literal>> {
        Ok(select(store, sparql, bind)?.iter().filter_map(|r| literal(r.get("v"))).collect())
    };
    if kinds.event || kinds.claim {
        let x = [(Variable::new_unchecked("x"), Term::from(entity.clone()))];
        let rows = select(
            store,
            "SELECT ?date ?start ?end WHERE { ?x a ?type . OPTIONAL { ?x nk:date ?date } OPTIONAL { ?x nk:startDate ?start } OPTIONAL { ?x nk:endDate ?end } }
             ORDER BY ?date ?start ?end LIMIT 1",
            &x,
        )?;
        if kinds.event {
            f.period = rows.first().map(Period::from_row).unwrap_or_default();
        }
        f.evidence = citations_by_subject(store, "", &x)?.remove(&Term::from(entity.clone())).unwrap_or_default();
    }
    if kinds.event {
        f.event_types = values("SELECT DISTINCT ?v WHERE { ?e nk:eventType/skos:prefLabel ?v } ORDER BY ?v")?;
        f.outcome = values("SELECT DISTINCT ?v WHERE { ?e nk:outcome ?v } ORDER BY ?v")?;
        f.places = links(store, "SELECT DISTINCT ?o ?ol WHERE { ?e nk:place ?o . ?o rdfs:label ?ol } ORDER BY ?ol ?o", bind)?;
        f.participants = select(
            store,
            "SELECT DISTINCT ?role ?o ?ol WHERE { ?e nk:participation ?p . ?p nk:participant ?o ; nk:role/skos:prefLabel ?role . ?o rdfs:label ?ol }
             ORDER BY ?role ?ol ?o",
            bind,
        )?
        .iter()
        .filter_map(|r| Some(Participant { role: literal(r.get("role"))?, actor: Link::from_row(r, "o", "ol")? }))
        .collect();
        f.sub_events = select(
            store,
            "SELECT DISTINCT ?event ?label ?date ?when WHERE { ?event nk:partOf ?e ; a nk:Event ; rdfs:label ?label .
               OPTIONAL { ?event nk:date ?d } OPTIONAL { ?event nk:startDate ?s } BIND(COALESCE(?d, ?s) AS ?date) BIND(STR(COALESCE(?date, \"\")) AS ?when)
             } ORDER BY (?when = \"\") ?when ?label ?event",
            bind,
        )?
        .iter()
        .filter_map(|r| Some(EventLine { event: named(r.get("event"))?, label: literal(r.get("label"))?, date: literal(r.get("date")), roles: Vec::new() }))
        .collect();
    }
    if kinds.place {
        let rows = select(
            store,
            "SELECT ?lat ?long ?from ?fromLabel WHERE { ?e geo:lat ?lat ; geo:long ?long
               OPTIONAL { ?e nk:coordinatesFrom ?from . ?from rdfs:label ?fromLabel } } ORDER BY ?lat ?long ?from LIMIT 1",
            bind,
        )?;
        f.coordinates = rows.first().and_then(|r| {
            Some(Coordinates { lat: literal(r.get("lat"))?, long: literal(r.get("long"))?, from: Link::from_row(r, "from", "fromLabel") })
        });
    }
    if kinds.person {
        f.roles_held = roles(store, bind, "holder", "roleIn")?;
    }
    if kinds.organisation {
        f.members = roles(store, bind, "roleIn", "holder")?;
    }
    if kinds.quantity {
        let linked = |property: &str| {
            links(store, &format!("SELECT DISTINCT ?o ?ol WHERE {{ ?e {property} ?o . ?o rdfs:label ?ol }} ORDER BY ?ol ?o"), bind)
        };
        f.measure = linked("nk:measure")?;
        f.about = linked("nk:about")?;
        f.during = linked("nk:duringEvent")?;
        f.claims = claims(store, bind, "?x nk:claimOf ?e .")?;
    }
    if kinds.claim {
        f.claim_of = links(store, "SELECT DISTINCT ?o ?ol WHERE { ?e nk:claimOf ?o . ?o rdfs:label ?ol } ORDER BY ?ol ?o", bind)?;
        f.claims = claims(store, bind, "?x nk:claimOf ?q . FILTER(?x = ?e)")?;
    }
    Ok(f)
}

/// What the entity is part of, following `nk:partOf` upwards: the nearest first, then by
/// label at each level.
fn ancestors(store: &GraphStore, entity: &NamedNode, bind: &[Binding]) -> anyhow::Result<Vec<Link>> {
    let rows = select(store, "SELECT DISTINCT ?a ?o ?ol WHERE { ?e nk:partOf* ?a . ?a nk:partOf ?o . ?o rdfs:label ?ol } ORDER BY ?ol ?o", bind)?;
    let mut parents: HashMap<NamedNode, Vec<Link>> = HashMap::new();
    for r in &rows {
        if let (Some(a), Some(link)) = (named(r.get("a")), Link::from_row(r, "o", "ol")) {
            parents.entry(a).or_default().push(link);
        }
    }
    let mut seen: BTreeSet<NamedNode> = BTreeSet::from([entity.clone()]);
    let mut queue = VecDeque::from([entity.clone()]);
    let mut out = Vec::new();
    while let Some(node) = queue.pop_front() {
        for link in parents.get(&node).map(Vec::as_slice).unwrap_or_default() {
            if seen.insert(link.iri.clone()) {
                queue.push_back(link.iri.clone());
                out.push(link.clone());
            }
        }
    }
    Ok(out)
}

/// Roles where the entity is `own` (`holder` or `roleIn`), by date then the other party.
fn roles(store: &GraphStore, bind: &[Binding], own: &str, other: &str) -> anyhow::Result<Vec<RoleLine>> {
    let pattern = format!("?x a nk:Role ; nk:{own} ?e ; nk:{other} ?other .");
    let sparql = format!(
        "SELECT DISTINCT ?x ?other ?otherLabel ?name ?kind ?date ?start ?end WHERE {{ {pattern} ?x nk:roleName ?name . ?other rdfs:label ?otherLabel .
           OPTIONAL {{ ?x nk:roleType/skos:prefLabel ?kind }}
           OPTIONAL {{ ?x nk:date ?date }} OPTIONAL {{ ?x nk:startDate ?start }} OPTIONAL {{ ?x nk:endDate ?end }}
           BIND(STR(COALESCE(?date, ?start, ?end, \"\")) AS ?when) }}
         ORDER BY (?when = \"\") ?when ?otherLabel ?name ?x"
    );
    let cites = citations_by_subject(store, &pattern, bind)?;
    Ok(select(store, &sparql, bind)?
        .iter()
        .filter_map(|r| {
            let x = r.get("x")?;
            Some(RoleLine {
                role: subject(Some(x))?,
                other: named(r.get("other"))?,
                other_label: literal(r.get("otherLabel"))?,
                name: literal(r.get("name"))?,
                kind: literal(r.get("kind")),
                period: Period::from_row(r),
                sources: cites.get(x).cloned().unwrap_or_default(),
            })
        })
        .collect())
}

/// The claims `?x` matched by `pattern`, smallest figure first.
fn claims(store: &GraphStore, bind: &[Binding], pattern: &str) -> anyhow::Result<Vec<ClaimLine>> {
    let sparql = format!(
        "SELECT DISTINCT ?x ?value ?min ?max ?unit ?qualifier ?date ?start ?end WHERE {{ {pattern} ?x a nk:Claim .
           OPTIONAL {{ ?x nk:value ?value }} OPTIONAL {{ ?x nk:minValue ?min }} OPTIONAL {{ ?x nk:maxValue ?max }}
           OPTIONAL {{ ?x nk:unit ?unit }} OPTIONAL {{ ?x nk:qualifier ?qualifier }}
           OPTIONAL {{ ?x nk:date ?date }} OPTIONAL {{ ?x nk:startDate ?start }} OPTIONAL {{ ?x nk:endDate ?end }}
           BIND(COALESCE(?min, ?value, ?max) AS ?low) }}
         ORDER BY ?low ?x"
    );
    let mut claimants: HashMap<Term, Vec<Link>> = HashMap::new();
    for r in select(store, &format!("SELECT DISTINCT ?x ?o ?ol WHERE {{ {pattern} ?x nk:claimedBy ?o . ?o rdfs:label ?ol }} ORDER BY ?ol ?o"), bind)? {
        if let (Some(x), Some(link)) = (r.get("x"), Link::from_row(&r, "o", "ol")) {
            claimants.entry(x.clone()).or_default().push(link);
        }
    }
    let cites = citations_by_subject(store, pattern, bind)?;
    Ok(select(store, &sparql, bind)?
        .iter()
        .filter_map(|r| {
            let x = r.get("x")?;
            Some(ClaimLine {
                claim: subject(Some(x))?,
                figure: Figure::from_row(r),
                period: Period::from_row(r),
                claimants: claimants.get(x).cloned().unwrap_or_default(),
                sources: cites.get(x).cloned().unwrap_or_default(),
            })
        })
        .collect())
}
