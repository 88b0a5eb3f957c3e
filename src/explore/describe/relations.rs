//! The sections every description has: support and supplies in both directions, events
//! taken part in or held there, contested figures about the entity, and the remaining
//! relations in and out. Lists (support types, claimants, evidence) are fetched as rows
//! and gathered per relation node.

use std::collections::HashMap;
use std::fmt;

use oxigraph::model::{Literal, NamedNode, Term};
use oxigraph::sparql::QuerySolution;

use super::{EventLine, FigureLine, Goods, RelationLine, SupplyLine, SupportLine, TransitLine};
use crate::explore::evidence::{citations_by_subject, Citation};
use crate::explore::terms::{literal, literals_by_subject, local_name, named, subject, text, Link, Period};
use crate::query::{select, Binding};
use crate::store::GraphStore;

/// A figure as a claim gives it: a value or a range, hedged by a qualifier, with a unit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figure {
    /// `nk:value`.
    pub value: Option<Literal>,
    /// `nk:minValue`.
    pub min: Option<Literal>,
    /// `nk:maxValue`.
    pub max: Option<Literal>,
    /// `nk:unit`.
    pub unit: Option<Literal>,
    /// `nk:qualifier` (`about`, `at least`).
    pub qualifier: Option<Literal>,
}

impl Figure {
    /// Reads the row variables `value`, `min`, `max`, `unit` and `qualifier`.
    pub fn from_row(row: &oxigraph::sparql::QuerySolution) -> Self {
        Self {
            value: literal(row.get("value")),
            min: literal(row.get("min")),
            max: literal(row.get("max")),
            unit: literal(row.get("unit")),
            qualifier: literal(row.get("qualifier")),
        }
    }
}

/// `about 30000 people`, `25000–30000 people`, `≥ 200000 people`, `≤ 10 units`.
impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = |l: &Option<Literal>| l.as_ref().map(text);
        let figure = match (t(&self.value), t(&self.min), t(&self.max)) {
            (Some(v), _, _) => v,
            (None, Some(a), Some(b)) => format!("{a}–{b}"),
            (None, Some(a), None) => format!("≥ {a}"),
            (None, None, b) => format!("≤ {}", b.unwrap_or_default()),
        };
        if let Some(q) = t(&self.qualifier) {
            write!(f, "{q} ")?;
        }
        f.write_str(&figure)?;
        if let Some(u) = t(&self.unit) {
            write!(f, " {u}")?;
        }
        Ok(())
    }
}

/// A property, written by its `rdfs:label` or else its local name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    /// The property.
    pub iri: NamedNode,
    /// Its label, if it has one.
    pub label: Option<Literal>,
}

impl fmt::Display for Property {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.label {
            Some(l) => f.write_str(&text(l)),
            None => f.write_str(local_name(&self.iri)),
        }
    }
}

const PERIOD: &str = "OPTIONAL { ?x nk:date ?date } OPTIONAL { ?x nk:startDate ?start } OPTIONAL { ?x nk:endDate ?end }
  BIND(COALESCE(STR(?date), IF(BOUND(?start) || BOUND(?end), CONCAT(COALESCE(STR(?start), \"..\"), \"/\", COALESCE(STR(?end), \"..\")), \"\")) AS ?period)";

/// Support relations where the entity is `own` and the other party `other`.
pub fn supports(store: &GraphStore, bind: &[Binding], own: &str, other: &str) -> anyhow::Result<Vec<SupportLine>> {
    let pattern = format!("?x a nk:Support ; nk:{own} ?e ; nk:{other} ?other .");
    let sparql = format!(
        "SELECT ?x ?other ?otherLabel ?polarity ?period (SAMPLE(?date) AS ?d) (SAMPLE(?start) AS ?s) (SAMPLE(?end) AS ?en)
         WHERE {{ {pattern} ?x nk:supportType/skos:prefLabel ?kind ; nk:polarity/skos:prefLabel ?polarity .
           ?other rdfs:label ?otherLabel . OPTIONAL {{ ?x nk:claimedBy/rdfs:label ?claimant }} {PERIOD} {CITES} }}
         GROUP BY ?x ?other ?otherLabel ?polarity ?period ORDER BY ?otherLabel ?period ?x"
    );
    let kinds = literals_by_subject(store, &format!("SELECT ?x ?v WHERE {{ {pattern} ?x nk:supportType/skos:prefLabel ?v }}"), bind)?;
    let claimants = literals_by_subject(store, &format!("SELECT ?x ?v WHERE {{ {pattern} ?x nk:claimedBy/rdfs:label ?v }}"), bind)?;
    let cites = citations_by_subject(store, &pattern, bind)?;
    Ok(select(store, &sparql, bind)?
        .iter()
        .filter_map(|r| {
            let x = r.get("x")?;
            Some(SupportLine {
                relation: subject(Some(x))?,
                other: named(r.get("other"))?,
                other_label: literal(r.get("otherLabel"))?,
                kinds: kinds.get(x).cloned().unwrap_or_default(),
                polarity: literal(r.get("polarity"))?,
                period: Period::from_vars(r, "d", "s", "en"),
                claimed_by: claimants.get(x).cloned().unwrap_or_default(),
                sources: cites.get(x).cloned().unwrap_or_default(),
            })
        })
        .collect())
}

/// Supplies where the entity is `own` and the other party `other`.
pub fn supplies(store: &GraphStore, bind: &[Binding], own: &str, other: &str) -> anyhow::Result<Vec<SupplyLine>> {
    let pattern = format!("?x a nk:Supply ; nk:{own} ?e ; nk:{other} ?other .");
    let sparql = format!(
        "SELECT ?x ?other ?otherLabel ?item ?category ?quantity ?when ?status (SAMPLE(COALESCE(?dd, ?d, ?od, ?sd)) AS ?date)
         WHERE {{ {pattern} ?x nk:itemCategory/skos:prefLabel ?category ; nk:status/skos:prefLabel ?status .
           ?other rdfs:label ?otherLabel . OPTIONAL {{ ?x nk:item/rdfs:label ?item }} OPTIONAL {{ ?x nk:quantity ?quantity }}
           OPTIONAL {{ ?x nk:deliveryDate ?dd }} OPTIONAL {{ ?x nk:date ?d }} OPTIONAL {{ ?x nk:orderDate ?od }} OPTIONAL {{ ?x nk:startDate ?sd }}
           BIND(STR(COALESCE(?dd, ?d, ?od, ?sd, \"\")) AS ?when) {CITES} }}
         GROUP BY ?x ?other ?otherLabel ?item ?category ?quantity ?when ?status ORDER BY ?otherLabel ?when ?x"
    );
    let cites = citations_by_subject(store, &pattern, bind)?;
    Ok(select(store, &sparql, bind)?
        .iter()
        .filter_map(|r| {
            let x = r.get("x")?;
            Some(SupplyLine {
                relation: subject(Some(x))?,
                other: named(r.get("other"))?,
                other_label: literal(r.get("otherLabel"))?,
                goods: goods(r, &cites)?,
            })
        })
        .collect())
}

/// The goods of a supply row (`?item ?category ?quantity ?date ?status`) with the evidence of `?x`.
fn goods(r: &QuerySolution, cites: &HashMap<Term, Vec<Citation>>) -> Option<Goods> {
    Some(Goods {
        item: literal(r.get("item")),
        category: literal(r.get("category"))?,
        quantity: literal(r.get("quantity")),
        date: literal(r.get("date")),
        status: literal(r.get("status"))?,
        sources: cites.get(r.get("x")?).cloned().unwrap_or_default(),
    })
}

/// The evidence spans of `?x`, joined as in the queries that set the order of lines; the
/// spans themselves are read by `citations_by_subject`.
const CITES: &str = "OPTIONAL { ?x nk:evidence ?ev . ?ev oa:hasSource ?doc ; oa:hasSelector ?sel . ?sel oa:start ?s0 ; oa:end ?s1 }
  BIND(CONCAT(REPLACE(STR(?doc), \"^.*/\", \"\"), \" \", STR(?s0), \" \", STR(?s1)) AS ?cite)";

/// Supplies that passed through the entity, by supplier, recipient and date.
pub fn transits(store: &GraphStore, bind: &[Binding]) -> anyhow::Result<Vec<TransitLine>> {
    let pattern = "?x a nk:Supply ; nk:intermediary ?e ; nk:supplier ?from ; nk:recipient ?to .";
    let sparql = format!(
        "SELECT DISTINCT ?x ?from ?fromLabel ?to ?toLabel ?item ?category ?quantity ?date ?when ?status WHERE {{ {pattern}
           ?x nk:itemCategory/skos:prefLabel ?category ; nk:status/skos:prefLabel ?status . ?from rdfs:label ?fromLabel . ?to rdfs:label ?toLabel .
           OPTIONAL {{ ?x nk:item/rdfs:label ?item }} OPTIONAL {{ ?x nk:quantity ?quantity }}
           OPTIONAL {{ ?x nk:deliveryDate ?dd }} OPTIONAL {{ ?x nk:date ?d }} OPTIONAL {{ ?x nk:orderDate ?od }} OPTIONAL {{ ?x nk:startDate ?sd }}
           BIND(COALESCE(?dd, ?d, ?od, ?sd) AS ?date) BIND(STR(COALESCE(?date, \"\")) AS ?when) }}
         ORDER BY ?fromLabel ?toLabel ?when ?category ?x"
    );
    let cites = citations_by_subject(store, pattern, bind)?;
    Ok(select(store, &sparql, bind)?
        .iter()
        .filter_map(|r| {
            let x = r.get("x")?;
            Some(TransitLine {
                relation: subject(Some(x))?,
                supplier: Link::from_row(r, "from", "fromLabel")?,
                recipient: Link::from_row(r, "to", "toLabel")?,
                goods: goods(r, &cites)?,
            })
        })
        .collect())
}

const EVENT_ROLES: &str = "{ ?event nk:participation ?p . ?p nk:participant ?e ; nk:role/skos:prefLabel ?role . }
  UNION { ?event nk:place ?where . ?where nk:partOf* ?e . BIND(\"place\" AS ?role) }
  ?event a nk:Event .";

/// Events the entity took part in, with its roles, or that happened at it or within it.
pub fn events(store: &GraphStore, bind: &[Binding]) -> anyhow::Result<Vec<EventLine>> {
    let sparql = format!(
        "SELECT ?event ?label ?when (SAMPLE(COALESCE(?d, ?s)) AS ?date) WHERE {{ {EVENT_ROLES} ?event rdfs:label ?label .
           OPTIONAL {{ ?event nk:date ?d }} OPTIONAL {{ ?event nk:startDate ?s }} BIND(STR(COALESCE(?d, ?s, \"\")) AS ?when)
         }} GROUP BY ?event ?label ?when ORDER BY (?when = \"\") ?when ?label ?event"
    );
    let roles = literals_by_subject(store, &format!("SELECT (?event AS ?x) (?role AS ?v) WHERE {{ {EVENT_ROLES} }}"), bind)?;
    Ok(select(store, &sparql, bind)?
        .iter()
        .filter_map(|r| {
            let event = r.get("event")?;
            Some(EventLine {
                event: named(Some(event))?,
                label: literal(r.get("label"))?,
                date: literal(r.get("date")),
                roles: roles.get(event).cloned().unwrap_or_default(),
            })
        })
        .collect())
}

/// Claims about quantities concerning the entity.
pub fn figures(store: &GraphStore, bind: &[Binding]) -> anyhow::Result<Vec<FigureLine>> {
    let pattern = "?q nk:about ?e . ?x nk:claimOf ?q .";
    let sparql = format!(
        "SELECT ?x ?quantity ?value ?min ?max ?unit ?qualifier ?claimant WHERE {{
  ?q nk:about ?e ; rdfs:label ?quantity . ?x nk:claimOf ?q .
  OPTIONAL {{ ?x nk:value ?value }} OPTIONAL {{ ?x nk:minValue ?min }} OPTIONAL {{ ?x nk:maxValue ?max }}
  OPTIONAL {{ ?x nk:unit ?unit }} OPTIONAL {{ ?x nk:qualifier ?qualifier }} OPTIONAL {{ ?x nk:claimedBy/rdfs:label ?claimant }}
  {CITES}
}} GROUP BY ?x ?quantity ?value ?min ?max ?unit ?qualifier ?claimant ORDER BY ?quantity ?min ?value ?claimant ?x"
    );
    let cites = citations_by_subject(store, pattern, bind)?;
    Ok(select(store, &sparql, bind)?
        .iter()
        .filter_map(|r| {
            let x = r.get("x")?;
            Some(FigureLine {
                quantity: literal(r.get("quantity"))?,
                figure: Figure::from_row(r),
                claimant: literal(r.get("claimant")),
                sources: cites.get(x).cloned().unwrap_or_default(),
            })
        })
        .collect())
}

const SKIP_SUBJECTS: &str = "FILTER NOT EXISTS { ?o a ?c . VALUES ?c { nk:Support nk:Supply nk:Claim nk:Role nk:Quantity } }";

/// Relations shown in sections of their own, left out of "Relations out" and "Relations in".
#[derive(Debug, Clone, Default)]
pub struct Hidden {
    /// Outgoing properties (prefixed names, e.g. `nk:place`).
    pub out: Vec<&'static str>,
    /// SPARQL conditions on `?prop` and `?o` that hide an incoming relation.
    pub inward: Vec<&'static str>,
}

fn relation_lines(store: &GraphStore, bind: &[Binding], sparql: &str) -> anyhow::Result<Vec<RelationLine>> {
    Ok(select(store, sparql, bind)?
        .iter()
        .filter_map(|r| {
            Some(RelationLine {
                property: Property { iri: named(r.get("prop"))?, label: literal(r.get("pl")) },
                other: named(r.get("o"))?,
                other_label: literal(r.get("ol"))?,
            })
        })
        .collect())
}

/// Outgoing relations to labelled resources, by property label then label.
pub fn relations_out(store: &GraphStore, bind: &[Binding], hidden: &Hidden) -> anyhow::Result<Vec<RelationLine>> {
    let mut not_in = vec!["rdf:type"];
    not_in.extend(&hidden.out);
    let not_in = not_in.join(", ");
    relation_lines(
        store,
        bind,
        &format!(
            "SELECT ?p ?o ?ol (SAMPLE(?property) AS ?prop) (SAMPLE(?label) AS ?pl) WHERE {{ ?e ?property ?o . FILTER(isIRI(?o) && ?property NOT IN ({not_in})) {SKIP_SUBJECTS}
               ?o rdfs:label ?ol . OPTIONAL {{ ?property rdfs:label ?label }} BIND(COALESCE(?label, REPLACE(STR(?property), \"^.*[#/]\", \"\")) AS ?p) }}
             GROUP BY ?p ?o ?ol ORDER BY ?p ?ol"
        ),
    )
}

/// Incoming relations from labelled resources, by property label then label.
pub fn relations_in(store: &GraphStore, bind: &[Binding], hidden: &Hidden) -> anyhow::Result<Vec<RelationLine>> {
    let filters: String = hidden.inward.iter().map(|c| format!("FILTER(!({c})) ")).collect();
    relation_lines(
        store,
        bind,
        &format!(
            "SELECT ?p ?o ?ol (SAMPLE(?property) AS ?prop) (SAMPLE(?label) AS ?pl) WHERE {{ ?o ?property ?e . FILTER(isIRI(?o)) {SKIP_SUBJECTS}
               FILTER NOT EXISTS {{ ?o a nk:Event . ?o nk:place ?e }} {filters}
               ?o rdfs:label ?ol . OPTIONAL {{ ?property rdfs:label ?label }} BIND(COALESCE(?label, REPLACE(STR(?property), \"^.*[#/]\", \"\")) AS ?p) }}
             GROUP BY ?p ?o ?ol ORDER BY ?p ?ol"
        ),
    )
}

/// Reads a list of links from rows binding `?o` and `?ol`.
pub fn links(store: &GraphStore, sparql: &str, bind: &[Binding]) -> anyhow::Result<Vec<Link>> {
    Ok(select(store, sparql, bind)?.iter().filter_map(|r| Link::from_row(r, "o", "ol")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> Option<Literal> {
        Some(Literal::new_simple_literal(s))
    }

    #[test]
    fn figures_read_as_values_ranges_and_bounds() {
        let unit = lit("people");
        assert_eq!(Figure { value: lit("613"), unit: unit.clone(), ..Figure::default() }.to_string(), "613 people");
        assert_eq!(Figure { min: lit("167"), max: lit("763"), unit: unit.clone(), ..Figure::default() }.to_string(), "167–763 people");
        assert_eq!(Figure { min: lit("161"), qualifier: lit("at least"), unit: unit.clone(), ..Figure::default() }.to_string(), "at least ≥ 161 people");
        assert_eq!(Figure { max: lit("10"), ..Figure::default() }.to_string(), "≤ 10");
    }

    #[test]
    fn properties_read_as_their_label_or_local_name() {
        let iri = NamedNode::new_unchecked("https://w3id.org/nkkg/ontology#partOf");
        assert_eq!(Property { iri: iri.clone(), label: lit("part of") }.to_string(), "part of");
        assert_eq!(Property { iri, label: None }.to_string(), "partOf");
    }
}
