//! `nkkg timeline`: events in date order, each date shown at its real precision (a year,
//! a month or a day), optionally for one actor, one place (and the places within it) and
//! a span of years.

use std::io::Write;

use oxigraph::model::{Literal, NamedNode};
use oxigraph::sparql::Variable;
use serde::Serialize;

use super::terms::{join, literal, literals_by_subject, named, ser_opt_text, ser_short, ser_text, ser_texts, text};
use crate::query::{select, Binding};
use crate::store::GraphStore;

/// One event of the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// `nk:date` or `nk:startDate`, at its precision (1992, 1992-05, 1992-05-08).
    #[serde(serialize_with = "ser_text")]
    pub date: Literal,
    /// `nk:endDate`, if an interval.
    #[serde(serialize_with = "ser_opt_text")]
    pub end: Option<Literal>,
    /// The event.
    #[serde(serialize_with = "ser_short")]
    pub event: NamedNode,
    /// Its label.
    #[serde(serialize_with = "ser_text")]
    pub label: Literal,
    /// Event type labels, sorted; written comma-separated in one string.
    #[serde(rename = "type", serialize_with = "ser_comma_list")]
    pub types: Vec<Literal>,
    /// Place labels, sorted.
    #[serde(serialize_with = "ser_texts")]
    pub places: Vec<Literal>,
}

fn ser_comma_list<S: serde::Serializer>(literals: &[Literal], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&join(literals, ", "))
}

/// Which events to show.
#[derive(Debug, Clone, Default)]
pub struct TimelineFilter {
    /// Only events this actor took part in.
    pub actor: Option<NamedNode>,
    /// Only events at this place or within it.
    pub place: Option<NamedNode>,
    /// Only events reaching this year or later.
    pub from: Option<i32>,
    /// Only events starting this year or earlier.
    pub to: Option<i32>,
}

/// The events matching `filter`, by date then label.
pub fn timeline(store: &GraphStore, filter: &TimelineFilter) -> anyhow::Result<Vec<Entry>> {
    let mut patterns = String::new();
    let mut bindings: Vec<Binding> = Vec::new();
    if let Some(actor) = &filter.actor {
        patterns.push_str("?event nk:participation/nk:participant ?actor . ");
        bindings.push((Variable::new_unchecked("actor"), actor.clone().into()));
    }
    if let Some(place) = &filter.place {
        patterns.push_str("?event nk:place/nk:partOf* ?place . ");
        bindings.push((Variable::new_unchecked("place"), place.clone().into()));
    }
    let mut years = String::new();
    if let Some(from) = filter.from {
        years.push_str(&format!("FILTER(?endYear >= {from}) "));
    }
    if let Some(to) = filter.to {
        years.push_str(&format!("FILTER(?startYear <= {to}) "));
    }
    let sparql = format!(
        "SELECT DISTINCT ?date ?end ?event ?label WHERE {{
           ?event a nk:Event ; rdfs:label ?label ; nk:eventType/skos:prefLabel ?typeLabel . {patterns}
           OPTIONAL {{ ?event nk:date ?d }} OPTIONAL {{ ?event nk:startDate ?s }} OPTIONAL {{ ?event nk:endDate ?e }}
           BIND(COALESCE(?d, ?s) AS ?date) BIND(?e AS ?end) FILTER(BOUND(?date))
           BIND(xsd:integer(SUBSTR(STR(?date), 1, 4)) AS ?startYear)
           BIND(xsd:integer(SUBSTR(STR(COALESCE(?e, ?date)), 1, 4)) AS ?endYear) {years}
         }} ORDER BY STR(?date) ?label ?event"
    );
    let types = literals_by_subject(store, "SELECT (?event AS ?x) (?l AS ?v) WHERE { ?event a nk:Event ; nk:eventType/skos:prefLabel ?l }", &[])?;
    let places = literals_by_subject(store, "SELECT (?event AS ?x) (?l AS ?v) WHERE { ?event a nk:Event ; nk:place/rdfs:label ?l }", &[])?;
    Ok(select(store, &sparql, &bindings)?
        .iter()
        .filter_map(|r| {
            let event = r.get("event")?;
            Some(Entry {
                date: literal(r.get("date"))?,
                end: literal(r.get("end")),
                event: named(Some(event))?,
                label: literal(r.get("label"))?,
                types: types.get(event).cloned().unwrap_or_default(),
                places: places.get(event).cloned().unwrap_or_default(),
            })
        })
        .collect())
}

/// One line per event: `date[/end]  label (type) — places`.
pub fn write_text(entries: &[Entry], mut out: impl Write) -> std::io::Result<()> {
    for e in entries {
        let when = match &e.end {
            Some(end) => format!("{}/{}", text(&e.date), text(end)),
            None => text(&e.date),
        };
        let places = if e.places.is_empty() { String::new() } else { format!(" — {}", join(&e.places, ", ")) };
        writeln!(out, "{when:<21}  {} ({}){places}", text(&e.label), join(&e.types, ", "))?;
    }
    writeln!(out, "({} event{})", entries.len(), if entries.len() == 1 { "" } else { "s" })
}
