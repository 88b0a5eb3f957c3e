//! `nkkg describe ENTITY`: everything the graph says about one entity, grouped for
//! reading — types and names; for events their dates, outcome, places, participants by
//! role, parent and sub-events; for places the places they lie in and their coordinates;
//! for people the offices and roles they held; for organisations their members; for
//! contested quantities and claims every claim with its figure; then support given and
//! received, supplies sent, received or passed through, events taken part in or held
//! there, contested figures, evidence spans and the remaining relations in and out.
//!
//! Gathering (`relations.rs`, `kinds.rs`) keeps terms as the store gives them; text is
//! made by `text.rs` for terminals, by serde for JSON, and by the server for pages.

mod kinds;
mod relations;
mod text;

use std::path::PathBuf;

use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, Term};
use oxigraph::sparql::Variable;
use serde::Serialize;

use super::bounded_description;
pub use super::evidence::Citation;
use super::evidence::SourceTexts;
use super::terms::{ser_display, ser_node, ser_opt_text, ser_short, ser_text, ser_texts, Link, Labelled, Period};
use crate::query::{select, Binding};
use crate::store::GraphStore;
pub use kinds::{Coordinates, Participant};
pub use relations::{Figure, Property};
pub use text::write_text;

/// A support relation seen from one party.
#[derive(Debug, Clone, Serialize)]
pub struct SupportLine {
    /// The relation node.
    #[serde(serialize_with = "ser_node")]
    pub relation: NamedOrBlankNode,
    /// The other party.
    #[serde(serialize_with = "ser_short")]
    pub other: NamedNode,
    /// Its label.
    #[serde(serialize_with = "ser_text")]
    pub other_label: Literal,
    /// Support type labels.
    #[serde(serialize_with = "ser_texts")]
    pub kinds: Vec<Literal>,
    /// given / declined / denied / alleged.
    #[serde(serialize_with = "ser_text")]
    pub polarity: Literal,
    /// Date or interval, at its precision.
    pub period: Period,
    /// Who claims it, when attributed.
    #[serde(serialize_with = "ser_texts")]
    pub claimed_by: Vec<Literal>,
    /// Evidence spans.
    pub sources: Vec<Citation>,
}

/// A supply seen from one party.
#[derive(Debug, Clone, Serialize)]
pub struct SupplyLine {
    /// The supply node.
    #[serde(serialize_with = "ser_node")]
    pub relation: NamedOrBlankNode,
    /// The other party.
    #[serde(serialize_with = "ser_short")]
    pub other: NamedNode,
    /// Its label.
    #[serde(serialize_with = "ser_text")]
    pub other_label: Literal,
    /// What was supplied, when, in what state, and the evidence.
    #[serde(flatten)]
    pub goods: Goods,
}

/// A supply that passed through the entity on its way from supplier to recipient.
#[derive(Debug, Clone, Serialize)]
pub struct TransitLine {
    /// The supply node.
    #[serde(serialize_with = "ser_node")]
    pub relation: NamedOrBlankNode,
    /// Who sent it.
    pub supplier: Link,
    /// Who received it.
    pub recipient: Link,
    /// What was supplied, when, in what state, and the evidence.
    #[serde(flatten)]
    pub goods: Goods,
}

/// What a supply carried and its state, shared by the supplies an entity sent, received or
/// passed on.
#[derive(Debug, Clone, Serialize)]
pub struct Goods {
    /// Item type label, if any.
    #[serde(serialize_with = "ser_opt_text")]
    pub item: Option<Literal>,
    /// Item category label.
    #[serde(serialize_with = "ser_text")]
    pub category: Literal,
    /// Quantity, if stated.
    #[serde(serialize_with = "ser_opt_text")]
    pub quantity: Option<Literal>,
    /// Delivery, order or other date.
    #[serde(serialize_with = "ser_opt_text")]
    pub date: Option<Literal>,
    /// Status label.
    #[serde(serialize_with = "ser_text")]
    pub status: Literal,
    /// Evidence spans.
    pub sources: Vec<Citation>,
}

/// An event the entity took part in (with its role), that happened there, or that is part
/// of it.
#[derive(Debug, Clone, Serialize)]
pub struct EventLine {
    /// The event.
    #[serde(serialize_with = "ser_short")]
    pub event: NamedNode,
    /// Its label.
    #[serde(serialize_with = "ser_text")]
    pub label: Literal,
    /// Date or start, at its precision.
    #[serde(serialize_with = "ser_opt_text")]
    pub date: Option<Literal>,
    /// Role labels, or `place` for events located at or within the entity.
    #[serde(serialize_with = "ser_texts")]
    pub roles: Vec<Literal>,
}

/// A claim about a contested figure concerning the entity.
#[derive(Debug, Clone, Serialize)]
pub struct FigureLine {
    /// The quantity's label.
    #[serde(serialize_with = "ser_text")]
    pub quantity: Literal,
    /// Value or range with unit.
    #[serde(serialize_with = "ser_display")]
    pub figure: Figure,
    /// Claimant label, if attributed.
    #[serde(serialize_with = "ser_opt_text")]
    pub claimant: Option<Literal>,
    /// Evidence spans.
    pub sources: Vec<Citation>,
}

/// One claim about a contested quantity: its figure, when, by whom, and the evidence.
#[derive(Debug, Clone, Serialize)]
pub struct ClaimLine {
    /// The claim node.
    #[serde(serialize_with = "ser_node")]
    pub claim: NamedOrBlankNode,
    /// Value or range with unit.
    #[serde(serialize_with = "ser_display")]
    pub figure: Figure,
    /// When the figure applies or was given, if stated.
    pub period: Period,
    /// Who gives the figure, when attributed.
    pub claimants: Vec<Link>,
    /// Evidence spans.
    pub sources: Vec<Citation>,
}

/// A role held by one actor in another: an office, a command, a membership.
#[derive(Debug, Clone, Serialize)]
pub struct RoleLine {
    /// The role node.
    #[serde(serialize_with = "ser_node")]
    pub role: NamedOrBlankNode,
    /// The other party: where the role is held, or who holds it.
    #[serde(serialize_with = "ser_short")]
    pub other: NamedNode,
    /// Its label.
    #[serde(serialize_with = "ser_text")]
    pub other_label: Literal,
    /// The role as named (`President`, `member state`).
    #[serde(serialize_with = "ser_text")]
    pub name: Literal,
    /// Role type label (head of state, commander, member, ...), if given.
    #[serde(serialize_with = "ser_opt_text")]
    pub kind: Option<Literal>,
    /// When it was held, at its precision.
    pub period: Period,
    /// Evidence spans.
    pub sources: Vec<Citation>,
}

/// A plain relation to or from another resource.
#[derive(Debug, Clone, Serialize)]
pub struct RelationLine {
    /// The property, written by its label (or local name).
    #[serde(serialize_with = "ser_display")]
    pub property: Property,
    /// The other resource.
    #[serde(serialize_with = "ser_short")]
    pub other: NamedNode,
    /// Its label.
    #[serde(serialize_with = "ser_text")]
    pub other_label: Literal,
}

/// Everything `describe` shows. Lists that are empty and facts that are absent are left
/// out of the JSON, except the sections every description has always had.
#[derive(Debug, Clone, Serialize)]
pub struct Description {
    /// The entity: `id` (shortened IRI), `iri` and `label` in JSON.
    #[serde(flatten)]
    pub entity: Labelled,
    /// Class labels.
    #[serde(serialize_with = "ser_texts")]
    pub types: Vec<Literal>,
    /// skos:altLabel values.
    #[serde(serialize_with = "ser_texts")]
    pub names: Vec<Literal>,
    /// Event type labels (events).
    #[serde(serialize_with = "ser_texts", skip_serializing_if = "Vec::is_empty")]
    pub event_types: Vec<Literal>,
    /// Date or interval (events).
    #[serde(skip_serializing_if = "Period::is_empty")]
    pub period: Period,
    /// Outcome (events).
    #[serde(serialize_with = "ser_texts", skip_serializing_if = "Vec::is_empty")]
    pub outcome: Vec<Literal>,
    /// What it is part of, nearest first: parent events, or the places a place lies in.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub part_of: Vec<Link>,
    /// Where it happened (events).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<Link>,
    /// WGS 84 latitude and longitude (places).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coordinates: Option<Coordinates>,
    /// What is counted (quantities).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub measure: Vec<Link>,
    /// Whom or what the quantity concerns.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub about: Vec<Link>,
    /// The event the quantity is counted over.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub during: Vec<Link>,
    /// The quantity a claim gives a figure for (claims).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub claim_of: Vec<Link>,
    /// Who took part and in which role, by role then name (events).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub participants: Vec<Participant>,
    /// Events that are part of it, by date (events).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sub_events: Vec<EventLine>,
    /// Offices and roles held, by date (people).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles_held: Vec<RoleLine>,
    /// Members and office holders, by date (organisations).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<RoleLine>,
    /// The claims about a quantity, or a claim itself.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<ClaimLine>,
    /// Support given.
    pub support_given: Vec<SupportLine>,
    /// Support received.
    pub support_received: Vec<SupportLine>,
    /// Supplies sent.
    pub supplies_sent: Vec<SupplyLine>,
    /// Supplies received.
    pub supplies_received: Vec<SupplyLine>,
    /// Supplies that passed through it (`nk:intermediary`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub supplies_through: Vec<TransitLine>,
    /// Events taken part in or located there.
    pub events: Vec<EventLine>,
    /// Contested figures.
    pub figures: Vec<FigureLine>,
    /// The entity's own evidence spans (events, claims).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Citation>,
    /// Other outgoing relations.
    pub relations_out: Vec<RelationLine>,
    /// Other incoming relations.
    pub relations_in: Vec<RelationLine>,
}

impl Description {
    /// Every citation of the description, to fill in their texts.
    fn citations_mut(&mut self) -> impl Iterator<Item = &mut Citation> {
        let support = self.support_given.iter_mut().chain(self.support_received.iter_mut()).flat_map(|l| l.sources.iter_mut());
        let supply = self.supplies_sent.iter_mut().chain(self.supplies_received.iter_mut()).flat_map(|l| l.goods.sources.iter_mut());
        let supply = supply.chain(self.supplies_through.iter_mut().flat_map(|l| l.goods.sources.iter_mut()));
        let roles = self.roles_held.iter_mut().chain(self.members.iter_mut()).flat_map(|l| l.sources.iter_mut());
        let figures = self.figures.iter_mut().flat_map(|l| l.sources.iter_mut());
        let claims = self.claims.iter_mut().flat_map(|l| l.sources.iter_mut());
        support.chain(supply).chain(roles).chain(figures).chain(claims).chain(self.evidence.iter_mut())
    }

    /// Fills in the text of every evidence span from the source documents.
    pub fn quote(&mut self, texts: &SourceTexts) {
        for c in self.citations_mut() {
            texts.quote(c);
        }
    }
}

/// What `describe` needs besides the entity and the output format.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The corpus folder: when given, evidence spans are quoted from the source documents.
    pub sources: Option<PathBuf>,
}

/// Gathers the description of `entity`, quoting its evidence spans when `options` name
/// the corpus.
pub fn describe_with(store: &GraphStore, entity: &NamedNode, options: &Options) -> anyhow::Result<Description> {
    let mut d = describe(store, entity)?;
    if let Some(dir) = &options.sources {
        d.quote(&SourceTexts::read(store, dir)?);
    }
    Ok(d)
}

/// Gathers the description of `entity`.
pub fn describe(store: &GraphStore, entity: &NamedNode) -> anyhow::Result<Description> {
    let e: Binding = (Variable::new_unchecked("e"), entity.clone().into());
    let bind = std::slice::from_ref(&e);
    let kinds = kinds::Kinds::of(store, bind)?;
    let facts = kinds::facts(store, entity, &kinds)?;
    let values = |sparql: &str| -> anyhow::Result<Vec<Literal>> {
        Ok(select(store, sparql, bind)?.iter().filter_map(|r| super::terms::literal(r.get("v"))).collect())
    };
    let types = values("SELECT DISTINCT ?v WHERE { ?e a ?t . ?t rdfs:label ?v } ORDER BY ?v")?;
    let names = values("SELECT DISTINCT ?v WHERE { ?e skos:altLabel ?v } ORDER BY LCASE(?v) ?v")?;
    let hidden = kinds.hidden_relations(!facts.part_of.is_empty());
    Ok(Description {
        entity: Labelled::fetch(store, entity),
        types,
        names,
        event_types: facts.event_types,
        period: facts.period,
        outcome: facts.outcome,
        part_of: facts.part_of,
        places: facts.places,
        coordinates: facts.coordinates,
        measure: facts.measure,
        about: facts.about,
        during: facts.during,
        claim_of: facts.claim_of,
        participants: facts.participants,
        sub_events: facts.sub_events,
        roles_held: facts.roles_held,
        members: facts.members,
        claims: facts.claims,
        support_given: relations::supports(store, bind, "supporter", "recipient")?,
        support_received: relations::supports(store, bind, "recipient", "supporter")?,
        supplies_sent: relations::supplies(store, bind, "supplier", "recipient")?,
        supplies_received: relations::supplies(store, bind, "recipient", "supplier")?,
        supplies_through: relations::transits(store, bind)?,
        events: relations::events(store, bind)?,
        figures: relations::figures(store, bind)?,
        evidence: facts.evidence,
        relations_out: relations::relations_out(store, bind, &hidden)?,
        relations_in: relations::relations_in(store, bind, &hidden)?,
    })
}

/// The entity's triples for machines: its own concise bounded description plus those of
/// the support, supply, role and claim nodes that name it, with their evidence.
pub fn description_graph(store: &GraphStore, entity: &NamedNode) -> anyhow::Result<Vec<oxigraph::model::Triple>> {
    let e: Binding = (Variable::new_unchecked("e"), entity.clone().into());
    let rows = select(
        store,
        "SELECT DISTINCT ?x WHERE { ?x nk:supporter|nk:recipient|nk:supplier|nk:intermediary|nk:holder|nk:roleIn|nk:claimedBy|nk:claimOf ?e }",
        &[e],
    )?;
    let mut roots: Vec<NamedOrBlankNode> = vec![entity.clone().into()];
    for r in rows {
        match r.get("x") {
            Some(Term::NamedNode(n)) => roots.push(n.clone().into()),
            Some(Term::BlankNode(b)) => roots.push(b.clone().into()),
            _ => {}
        }
    }
    bounded_description(store, &roots)
}
