//! `nkkg describe ENTITY`: everything the graph says about one entity, grouped for
//! reading — types and names, support given and received, supplies sent and received,
//! events with dates and roles, contested figures, and the remaining relations in and out.

use std::io::Write;

use oxigraph::model::{NamedNode, NamedOrBlankNode, Term};
use oxigraph::sparql::Variable;
use serde::Serialize;

use super::{bounded_description, label};
use crate::query::{select, Binding};
use crate::store::GraphStore;
use crate::table::cell;

/// A span of a source document.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Citation {
    /// Document id, e.g. `doc003`.
    pub document: String,
    /// First code point (inclusive).
    pub start: i64,
    /// Last code point (exclusive).
    pub end: i64,
}

/// A support relation seen from one party.
#[derive(Debug, Clone, Serialize)]
pub struct SupportLine {
    /// The relation node.
    pub relation: String,
    /// The other party.
    pub other: String,
    /// Its label.
    pub other_label: String,
    /// Support type labels.
    pub kinds: Vec<String>,
    /// given / declined / denied / alleged.
    pub polarity: String,
    /// Date or interval, at its precision.
    pub period: String,
    /// Who claims it, when attributed.
    pub claimed_by: Vec<String>,
    /// Evidence spans.
    pub sources: Vec<Citation>,
}

/// A supply seen from one party.
#[derive(Debug, Clone, Serialize)]
pub struct SupplyLine {
    /// The supply node.
    pub relation: String,
    /// The other party.
    pub other: String,
    /// Its label.
    pub other_label: String,
    /// Item type label, if any.
    pub item: String,
    /// Item category label.
    pub category: String,
    /// Quantity, if stated.
    pub quantity: String,
    /// Delivery, order or other date.
    pub date: String,
    /// Status label.
    pub status: String,
    /// Evidence spans.
    pub sources: Vec<Citation>,
}

/// An event the entity took part in (with its role) or that happened there.
#[derive(Debug, Clone, Serialize)]
pub struct EventLine {
    /// The event.
    pub event: String,
    /// Its label.
    pub label: String,
    /// Date or start, at its precision.
    pub date: String,
    /// Role labels, or `place` for events located at or within the entity.
    pub roles: Vec<String>,
}

/// A claim about a contested figure concerning the entity.
#[derive(Debug, Clone, Serialize)]
pub struct FigureLine {
    /// The quantity's label.
    pub quantity: String,
    /// Value or range with unit.
    pub figure: String,
    /// Claimant label, if attributed.
    pub claimant: String,
    /// Evidence spans.
    pub sources: Vec<Citation>,
}

/// A plain relation to or from another resource.
#[derive(Debug, Clone, Serialize)]
pub struct RelationLine {
    /// Property label (or shortened IRI).
    pub property: String,
    /// The other resource.
    pub other: String,
    /// Its label.
    pub other_label: String,
}

/// Everything `describe` shows.
#[derive(Debug, Clone, Serialize)]
pub struct Description {
    /// Shortened IRI.
    pub id: String,
    /// Full IRI.
    pub iri: String,
    /// rdfs:label.
    pub label: String,
    /// Class labels.
    pub types: Vec<String>,
    /// skos:altLabel values.
    pub names: Vec<String>,
    /// Support given.
    pub support_given: Vec<SupportLine>,
    /// Support received.
    pub support_received: Vec<SupportLine>,
    /// Supplies sent.
    pub supplies_sent: Vec<SupplyLine>,
    /// Supplies received.
    pub supplies_received: Vec<SupplyLine>,
    /// Events.
    pub events: Vec<EventLine>,
    /// Contested figures.
    pub figures: Vec<FigureLine>,
    /// Other outgoing relations.
    pub relations_out: Vec<RelationLine>,
    /// Other incoming relations.
    pub relations_in: Vec<RelationLine>,
}

fn text(t: Option<&Term>) -> String {
    cell(t)
}

/// A `|`-separated GROUP_CONCAT as a sorted list (GROUP_CONCAT has no defined order).
fn list(t: Option<&Term>) -> Vec<String> {
    let s = text(t);
    let mut items: Vec<String> = if s.is_empty() { Vec::new() } else { s.split('|').map(str::to_owned).collect() };
    items.sort();
    items
}

fn citations(t: Option<&Term>) -> Vec<Citation> {
    let mut out: Vec<Citation> = list(t)
        .iter()
        .filter_map(|c| {
            let mut parts = c.split(' ');
            Some(Citation { document: parts.next()?.to_owned(), start: parts.next()?.parse().ok()?, end: parts.next()?.parse().ok()? })
        })
        .collect();
    out.sort();
    out
}

const PERIOD: &str = "OPTIONAL { ?x nk:date ?date } OPTIONAL { ?x nk:startDate ?start } OPTIONAL { ?x nk:endDate ?end }
  BIND(COALESCE(STR(?date), IF(BOUND(?start) || BOUND(?end), CONCAT(COALESCE(STR(?start), \"..\"), \"/\", COALESCE(STR(?end), \"..\")), \"\")) AS ?period)";

const CITES: &str = "OPTIONAL { ?x nk:evidence ?ev . ?ev oa:hasSource ?doc ; oa:hasSelector ?sel . ?sel oa:start ?s0 ; oa:end ?s1 }
  BIND(CONCAT(REPLACE(STR(?doc), \"^.*/\", \"\"), \" \", STR(?s0), \" \", STR(?s1)) AS ?cite)";

fn support_query(own: &str, other: &str) -> String {
    format!(
        "SELECT ?x ?other ?otherLabel ?polarity ?period (GROUP_CONCAT(DISTINCT ?kind; separator=\"|\") AS ?kinds)
           (GROUP_CONCAT(DISTINCT ?claimant; separator=\"|\") AS ?claimants) (GROUP_CONCAT(DISTINCT ?cite; separator=\"|\") AS ?cites)
         WHERE {{ ?x a nk:Support ; nk:{own} ?e ; nk:{other} ?other ; nk:supportType/skos:prefLabel ?kind ; nk:polarity/skos:prefLabel ?polarity .
           ?other rdfs:label ?otherLabel . OPTIONAL {{ ?x nk:claimedBy/rdfs:label ?claimant }} {PERIOD} {CITES} }}
         GROUP BY ?x ?other ?otherLabel ?polarity ?period ORDER BY ?otherLabel ?period ?x"
    )
}

fn supply_query(own: &str, other: &str) -> String {
    format!(
        "SELECT ?x ?other ?otherLabel ?item ?category ?quantity ?when ?status (GROUP_CONCAT(DISTINCT ?cite; separator=\"|\") AS ?cites)
         WHERE {{ ?x a nk:Supply ; nk:{own} ?e ; nk:{other} ?other ; nk:itemCategory/skos:prefLabel ?category ; nk:status/skos:prefLabel ?status .
           ?other rdfs:label ?otherLabel . OPTIONAL {{ ?x nk:item/rdfs:label ?item }} OPTIONAL {{ ?x nk:quantity ?quantity }}
           OPTIONAL {{ ?x nk:deliveryDate ?dd }} OPTIONAL {{ ?x nk:date ?d }} OPTIONAL {{ ?x nk:orderDate ?od }} OPTIONAL {{ ?x nk:startDate ?sd }}
           BIND(STR(COALESCE(?dd, ?d, ?od, ?sd, \"\")) AS ?when) {CITES} }}
         GROUP BY ?x ?other ?otherLabel ?item ?category ?quantity ?when ?status ORDER BY ?otherLabel ?when ?x"
    )
}

const EVENTS: &str = "SELECT ?event ?label ?when (GROUP_CONCAT(DISTINCT ?role; separator=\"|\") AS ?roles) WHERE {
  { ?event nk:participation ?p . ?p nk:participant ?e ; nk:role/skos:prefLabel ?role . }
  UNION { ?event nk:place ?where . ?where nk:partOf* ?e . BIND(\"place\" AS ?role) }
  ?event a nk:Event ; rdfs:label ?label .
  OPTIONAL { ?event nk:date ?d } OPTIONAL { ?event nk:startDate ?s } BIND(STR(COALESCE(?d, ?s, \"\")) AS ?when)
} GROUP BY ?event ?label ?when ORDER BY (?when = \"\") ?when ?label ?event";

fn figures_query() -> String {
    format!(
        "SELECT ?x ?quantity ?value ?min ?max ?unit ?qualifier ?claimant (GROUP_CONCAT(DISTINCT ?cite; separator=\"|\") AS ?cites) WHERE {{
  ?q nk:about ?e ; rdfs:label ?quantity . ?x nk:claimOf ?q .
  OPTIONAL {{ ?x nk:value ?value }} OPTIONAL {{ ?x nk:minValue ?min }} OPTIONAL {{ ?x nk:maxValue ?max }}
  OPTIONAL {{ ?x nk:unit ?unit }} OPTIONAL {{ ?x nk:qualifier ?qualifier }} OPTIONAL {{ ?x nk:claimedBy/rdfs:label ?claimant }}
  {CITES}
}} GROUP BY ?x ?quantity ?value ?min ?max ?unit ?qualifier ?claimant ORDER BY ?quantity ?min ?value ?claimant ?x"
    )
}

const SKIP_SUBJECTS: &str = "FILTER NOT EXISTS { ?o a ?c . VALUES ?c { nk:Support nk:Supply nk:Claim nk:Role nk:Quantity } }";

/// Gathers the description of `entity`.
pub fn describe(store: &GraphStore, entity: &NamedNode) -> anyhow::Result<Description> {
    let e: Binding = (Variable::new_unchecked("e"), entity.clone().into());
    let bind = std::slice::from_ref(&e);
    let term: Term = entity.clone().into();
    let strings = |sparql: &str| -> anyhow::Result<Vec<String>> {
        Ok(select(store, sparql, bind)?.iter().map(|r| text(r.get("v"))).collect())
    };
    let types = strings("SELECT DISTINCT ?v WHERE { ?e a ?t . ?t rdfs:label ?v } ORDER BY ?v")?;
    let names = strings("SELECT DISTINCT ?v WHERE { ?e skos:altLabel ?v } ORDER BY LCASE(?v) ?v")?;
    let supports = |own: &str, other: &str| -> anyhow::Result<Vec<SupportLine>> {
        Ok(select(store, &support_query(own, other), bind)?
            .iter()
            .map(|r| SupportLine {
                relation: text(r.get("x")),
                other: text(r.get("other")),
                other_label: text(r.get("otherLabel")),
                kinds: list(r.get("kinds")),
                polarity: text(r.get("polarity")),
                period: text(r.get("period")),
                claimed_by: list(r.get("claimants")),
                sources: citations(r.get("cites")),
            })
            .collect())
    };
    let supplies = |own: &str, other: &str| -> anyhow::Result<Vec<SupplyLine>> {
        Ok(select(store, &supply_query(own, other), bind)?
            .iter()
            .map(|r| SupplyLine {
                relation: text(r.get("x")),
                other: text(r.get("other")),
                other_label: text(r.get("otherLabel")),
                item: text(r.get("item")),
                category: text(r.get("category")),
                quantity: text(r.get("quantity")),
                date: text(r.get("when")),
                status: text(r.get("status")),
                sources: citations(r.get("cites")),
            })
            .collect())
    };
    let events = select(store, EVENTS, bind)?
        .iter()
        .map(|r| EventLine { event: text(r.get("event")), label: text(r.get("label")), date: text(r.get("when")), roles: list(r.get("roles")) })
        .collect();
    let figures = select(store, &figures_query(), bind)?
        .iter()
        .map(|r| {
            let unit = text(r.get("unit"));
            let mut figure = match (text(r.get("value")), text(r.get("min")), text(r.get("max"))) {
                (v, _, _) if !v.is_empty() => v,
                (_, a, b) if !a.is_empty() && !b.is_empty() => format!("{a}–{b}"),
                (_, a, _) if !a.is_empty() => format!("≥ {a}"),
                (_, _, b) => format!("≤ {b}"),
            };
            let qualifier = text(r.get("qualifier"));
            if !qualifier.is_empty() {
                figure = format!("{qualifier} {figure}");
            }
            if !unit.is_empty() {
                figure = format!("{figure} {unit}");
            }
            FigureLine { quantity: text(r.get("quantity")), figure, claimant: text(r.get("claimant")), sources: citations(r.get("cites")) }
        })
        .collect();
    let relations = |sparql: &str| -> anyhow::Result<Vec<RelationLine>> {
        Ok(select(store, sparql, bind)?
            .iter()
            .map(|r| RelationLine { property: text(r.get("p")), other: text(r.get("o")), other_label: text(r.get("ol")) })
            .collect())
    };
    let relations_out = relations(&format!(
        "SELECT DISTINCT ?p ?o ?ol WHERE {{ ?e ?prop ?o . FILTER(isIRI(?o) && ?prop NOT IN (rdf:type)) {SKIP_SUBJECTS}
           ?o rdfs:label ?ol . OPTIONAL {{ ?prop rdfs:label ?pl }} BIND(COALESCE(?pl, REPLACE(STR(?prop), \"^.*[#/]\", \"\")) AS ?p) }} ORDER BY ?p ?ol"
    ))?;
    let relations_in = relations(&format!(
        "SELECT DISTINCT ?p ?o ?ol WHERE {{ ?o ?prop ?e . FILTER(isIRI(?o)) {SKIP_SUBJECTS}
           FILTER NOT EXISTS {{ ?o a nk:Event . ?o nk:place ?e }}
           ?o rdfs:label ?ol . OPTIONAL {{ ?prop rdfs:label ?pl }} BIND(COALESCE(?pl, REPLACE(STR(?prop), \"^.*[#/]\", \"\")) AS ?p) }} ORDER BY ?p ?ol"
    ))?;
    Ok(Description {
        id: cell(Some(&term)),
        iri: entity.as_str().to_owned(),
        label: label(store, &term),
        types,
        names,
        support_given: supports("supporter", "recipient")?,
        support_received: supports("recipient", "supporter")?,
        supplies_sent: supplies("supplier", "recipient")?,
        supplies_received: supplies("recipient", "supplier")?,
        events,
        figures,
        relations_out,
        relations_in,
    })
}

fn cites(sources: &[Citation]) -> String {
    let parts: Vec<String> = sources.iter().map(|c| format!("{}:{}-{}", c.document, c.start, c.end)).collect();
    format!("[{}]", parts.join(", "))
}

/// Writes the description for a terminal.
pub fn write_text(d: &Description, mut out: impl Write) -> std::io::Result<()> {
    writeln!(out, "{}  ({})", d.label, d.id)?;
    writeln!(out, "  types: {}", d.types.join(", "))?;
    if !d.names.is_empty() {
        writeln!(out, "  other names: {}", d.names.join(", "))?;
    }
    let support = |out: &mut dyn Write, title: &str, arrow: &str, lines: &[SupportLine]| -> std::io::Result<()> {
        if lines.is_empty() {
            return Ok(());
        }
        writeln!(out, "\n{title} ({})", lines.len())?;
        for l in lines {
            let when = if l.period.is_empty() { String::new() } else { format!(", {}", l.period) };
            let by = if l.claimed_by.is_empty() { String::new() } else { format!(", according to {}", l.claimed_by.join(" and ")) };
            writeln!(out, "  {arrow} {}: {} — {}{when}{by} {}", l.other_label, l.kinds.join(", "), l.polarity, cites(&l.sources))?;
        }
        Ok(())
    };
    support(&mut out, "Support given", "→", &d.support_given)?;
    support(&mut out, "Support received", "←", &d.support_received)?;
    let supply = |out: &mut dyn Write, title: &str, arrow: &str, lines: &[SupplyLine]| -> std::io::Result<()> {
        if lines.is_empty() {
            return Ok(());
        }
        writeln!(out, "\n{title} ({})", lines.len())?;
        for l in lines {
            let what = if l.item.is_empty() { l.category.clone() } else { format!("{} ({})", l.item, l.category) };
            let qty = if l.quantity.is_empty() { String::new() } else { format!("{} × ", l.quantity) };
            let when = if l.date.is_empty() { String::new() } else { format!(", {}", l.date) };
            writeln!(out, "  {arrow} {}: {qty}{what} — {}{when} {}", l.other_label, l.status, cites(&l.sources))?;
        }
        Ok(())
    };
    supply(&mut out, "Supplies sent", "→", &d.supplies_sent)?;
    supply(&mut out, "Supplies received", "←", &d.supplies_received)?;
    if !d.events.is_empty() {
        writeln!(out, "\nEvents ({})", d.events.len())?;
        for e in &d.events {
            let date = if e.date.is_empty() { "(undated)".to_owned() } else { e.date.clone() };
            writeln!(out, "  {date:<10}  {} — {}", e.label, e.roles.join(", "))?;
        }
    }
    if !d.figures.is_empty() {
        writeln!(out, "\nContested figures ({})", d.figures.len())?;
        for f in &d.figures {
            let by = if f.claimant.is_empty() { String::new() } else { format!(", according to {}", f.claimant) };
            writeln!(out, "  {}: {}{by} {}", f.quantity, f.figure, cites(&f.sources))?;
        }
    }
    for (title, arrow, lines) in [("Relations out", "→", &d.relations_out), ("Relations in", "←", &d.relations_in)] {
        if !lines.is_empty() {
            writeln!(out, "\n{title} ({})", lines.len())?;
            for r in lines {
                writeln!(out, "  {}: {arrow} {}", r.property, r.other_label)?;
            }
        }
    }
    Ok(())
}

/// The entity's triples for machines: its own concise bounded description plus those of
/// the support, supply, role and claim nodes that name it, with their evidence.
pub fn description_graph(store: &GraphStore, entity: &NamedNode) -> anyhow::Result<Vec<oxigraph::model::Triple>> {
    let e: Binding = (Variable::new_unchecked("e"), entity.clone().into());
    let rows = select(
        store,
        "SELECT DISTINCT ?x WHERE { ?x nk:supporter|nk:recipient|nk:supplier|nk:intermediary|nk:holder|nk:roleIn|nk:claimedBy ?e }",
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
