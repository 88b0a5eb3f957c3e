//! `nkkg timeline`: events in date order, each date shown at its real precision (a year,
//! a month or a day), optionally for one actor, one place (and the places within it) and
//! a span of years.

use std::io::Write;

use oxigraph::model::NamedNode;
use oxigraph::sparql::Variable;
use serde::Serialize;

use crate::query::{select, Binding};
use crate::store::GraphStore;
use crate::table::cell;

/// One event of the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// `nk:date` or `nk:startDate`, as written (1992, 1992-05, 1992-05-08).
    pub date: String,
    /// `nk:endDate`, if an interval.
    pub end: String,
    /// The event.
    pub event: String,
    /// Its label.
    pub label: String,
    /// Event type labels, comma-separated.
    pub r#type: String,
    /// Place labels.
    pub places: Vec<String>,
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
        "SELECT ?date ?end ?event ?label (GROUP_CONCAT(DISTINCT ?typeLabel; separator=\", \") AS ?type) (GROUP_CONCAT(DISTINCT ?placeLabel; separator=\"|\") AS ?places) WHERE {{
           ?event a nk:Event ; rdfs:label ?label ; nk:eventType/skos:prefLabel ?typeLabel . {patterns}
           OPTIONAL {{ ?event nk:date ?d }} OPTIONAL {{ ?event nk:startDate ?s }} OPTIONAL {{ ?event nk:endDate ?e }}
           BIND(COALESCE(?d, ?s) AS ?date) BIND(?e AS ?end) FILTER(BOUND(?date))
           BIND(xsd:integer(SUBSTR(STR(?date), 1, 4)) AS ?startYear)
           BIND(xsd:integer(SUBSTR(STR(COALESCE(?e, ?date)), 1, 4)) AS ?endYear) {years}
           OPTIONAL {{ ?event nk:place/rdfs:label ?placeLabel }}
         }} GROUP BY ?date ?end ?event ?label ORDER BY STR(?date) ?label ?event"
    );
    Ok(select(store, &sparql, &bindings)?
        .iter()
        .map(|r| {
            let places = cell(r.get("places"));
            let mut types: Vec<String> = cell(r.get("type")).split(", ").map(str::to_owned).collect();
            types.sort();
            let mut places: Vec<String> = if places.is_empty() { Vec::new() } else { places.split('|').map(str::to_owned).collect() };
            places.sort();
            Entry {
                date: cell(r.get("date")),
                end: cell(r.get("end")),
                event: cell(r.get("event")),
                label: cell(r.get("label")),
                r#type: types.join(", "),
                places,
            }
        })
        .collect())
}

/// One line per event: `date[/end]  label (type) — places`.
pub fn write_text(entries: &[Entry], mut out: impl Write) -> std::io::Result<()> {
    for e in entries {
        let when = if e.end.is_empty() { e.date.clone() } else { format!("{}/{}", e.date, e.end) };
        let places = if e.places.is_empty() { String::new() } else { format!(" — {}", e.places.join(", ")) };
        writeln!(out, "{when:<21}  {} ({}){places}", e.label, e.r#type)?;
    }
    writeln!(out, "({} event{})", entries.len(), if entries.len() == 1 { "" } else { "s" })
}
