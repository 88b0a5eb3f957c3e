//! Typed values of exploration results and how they are written at the edges. Results
//! keep `NamedNode`s and `Literal`s as they come out of the store; text is made only when
//! a report, page or JSON document is written: IRIs shortened with the project's prefixes
//! (`prefixes::shorten`), literals by their lexical form (`table::literal_text`), the same
//! text a table cell shows. The serde helpers here are used with `#[serde(serialize_with)]`.

use std::collections::HashMap;
use std::fmt;

use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, Term};
use oxigraph::sparql::QuerySolution;
use serde::{Serialize, Serializer};

use crate::prefixes::shorten;
use crate::query::{select, Binding};
use crate::store::GraphStore;
use crate::table::literal_text;

/// How an IRI is shown: shortened with the project's prefixes (`nke:Turkey`).
pub fn short(iri: &NamedNode) -> String {
    shorten(iri.as_str())
}

/// How a literal is shown (see [`literal_text`]).
pub fn text(literal: &Literal) -> String {
    literal_text(literal)
}

/// How an optional literal is shown: empty when absent.
pub fn opt_text(literal: &Option<Literal>) -> String {
    literal.as_ref().map(text).unwrap_or_default()
}

/// How a list of literals is shown: joined with `separator`.
pub fn join(literals: &[Literal], separator: &str) -> String {
    literals.iter().map(text).collect::<Vec<_>>().join(separator)
}

/// How a relation node is shown: shortened IRI, or `_:label` for a blank node.
pub fn node_text(node: &NamedOrBlankNode) -> String {
    match node {
        NamedOrBlankNode::NamedNode(n) => short(n),
        NamedOrBlankNode::BlankNode(b) => format!("_:{}", b.as_str()),
    }
}

/// The local name of an IRI: what follows its last `/` or `#` (`doc003`, `partOf`).
pub fn local_name(iri: &NamedNode) -> &str {
    iri.as_str().rsplit(['/', '#']).next().unwrap_or_default()
}

/// Serializes an IRI shortened.
pub fn ser_short<S: Serializer>(iri: &NamedNode, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&short(iri))
}

/// Serializes an IRI in full.
pub fn ser_full<S: Serializer>(iri: &NamedNode, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(iri.as_str())
}

/// Serializes an IRI by its local name.
pub fn ser_local<S: Serializer>(iri: &NamedNode, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(local_name(iri))
}

/// Serializes a relation node as [`node_text`].
pub fn ser_node<S: Serializer>(node: &NamedOrBlankNode, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&node_text(node))
}

/// Serializes a literal by its lexical form.
pub fn ser_text<S: Serializer>(literal: &Literal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&text(literal))
}

/// Serializes an optional literal, absent as `""`.
pub fn ser_opt_text<S: Serializer>(literal: &Option<Literal>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&opt_text(literal))
}

/// Serializes literals as an array of their lexical forms.
pub fn ser_texts<S: Serializer>(literals: &[Literal], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(literals.iter().map(text))
}

/// Serializes a value by its `Display` text.
pub fn ser_display<T: fmt::Display, S: Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(value)
}

/// An entity with its `rdfs:label`, if it has one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Labelled {
    /// The entity.
    pub iri: NamedNode,
    /// Its label.
    pub label: Option<Literal>,
}

impl Labelled {
    /// Looks the label of `iri` up in the store.
    pub fn fetch(store: &GraphStore, iri: &NamedNode) -> Self {
        let label_property = NamedNode::new_unchecked("http://www.w3.org/2000/01/rdf-schema#label");
        let label = store
            .quads_iter(Some(iri.as_ref().into()), Some(label_property.as_ref()), None, None)
            .into_iter()
            .flatten()
            .find_map(|q| match q {
                Ok(q) => match q.object {
                    Term::Literal(l) => Some(l),
                    _ => None,
                },
                Err(_) => None,
            });
        Self { iri: iri.clone(), label }
    }

    /// How it is named: its label's value, or else its shortened IRI.
    pub fn name(&self) -> String {
        match &self.label {
            Some(l) => l.value().to_owned(),
            None => short(&self.iri),
        }
    }
}

/// Serializes as `{"id": shortened IRI, "iri": full IRI, "label": name}`, the head of a
/// description.
impl Serialize for Labelled {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(3))?;
        map.serialize_entry("id", &short(&self.iri))?;
        map.serialize_entry("iri", self.iri.as_str())?;
        map.serialize_entry("label", &self.name())?;
        map.end()
    }
}

/// Another entity a description links to, with its label; in JSON `id` (the shortened
/// IRI) and `label`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Link {
    /// The entity.
    #[serde(rename = "id", serialize_with = "ser_short")]
    pub iri: NamedNode,
    /// Its label.
    #[serde(serialize_with = "ser_text")]
    pub label: Literal,
}

impl Link {
    /// Reads a link from the row variables `var` (the IRI) and `label`, when both are bound.
    pub fn from_row(row: &QuerySolution, var: &str, label: &str) -> Option<Self> {
        Some(Self { iri: named(row.get(var))?, label: literal(row.get(label))? })
    }
}

/// When something happened or held: one date, or an interval whose ends may be open,
/// each at the precision the data gives (a year, a month or a day).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Period {
    /// `nk:date`.
    pub date: Option<Literal>,
    /// `nk:startDate`.
    pub start: Option<Literal>,
    /// `nk:endDate`.
    pub end: Option<Literal>,
}

impl Period {
    /// Reads the row variables `date`, `start` and `end`.
    pub fn from_row(row: &QuerySolution) -> Self {
        Self::from_vars(row, "date", "start", "end")
    }

    /// Reads the date, start and end from the row variables so named.
    pub fn from_vars(row: &QuerySolution, date: &str, start: &str, end: &str) -> Self {
        Self { date: literal(row.get(date)), start: literal(row.get(start)), end: literal(row.get(end)) }
    }

    /// Whether no date is known.
    pub fn is_empty(&self) -> bool {
        self.date.is_none() && self.start.is_none() && self.end.is_none()
    }
}

/// `1992-05-08`, or `start/end` with `..` for an open end (ISO 8601 intervals), or nothing.
impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = |l: &Option<Literal>| l.as_ref().map_or("..".to_owned(), |l| l.value().to_owned());
        match &self.date {
            Some(d) => f.write_str(d.value()),
            None if self.start.is_some() || self.end.is_some() => write!(f, "{}/{}", value(&self.start), value(&self.end)),
            None => Ok(()),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The IRI bound in a row, if it is one.
pub fn named(term: Option<&Term>) -> Option<NamedNode> {
    match term {
        Some(Term::NamedNode(n)) => Some(n.clone()),
        _ => None,
    }
}

/// The IRI or blank node bound in a row, if it is one.
pub fn subject(term: Option<&Term>) -> Option<NamedOrBlankNode> {
    match term {
        Some(Term::NamedNode(n)) => Some(n.clone().into()),
        Some(Term::BlankNode(b)) => Some(b.clone().into()),
        _ => None,
    }
}

/// The literal bound in a row, if it is one.
pub fn literal(term: Option<&Term>) -> Option<Literal> {
    match term {
        Some(Term::Literal(l)) => Some(l.clone()),
        _ => None,
    }
}

/// Runs a query selecting `?x ?v` and gathers the literals `?v` of each `?x`, each list
/// sorted by its text and without repeats: a list fetched as rows, not packed in a string.
pub fn literals_by_subject(store: &GraphStore, sparql: &str, bindings: &[Binding]) -> anyhow::Result<HashMap<Term, Vec<Literal>>> {
    let mut out: HashMap<Term, Vec<Literal>> = HashMap::new();
    for row in select(store, sparql, bindings)? {
        if let (Some(x), Some(v)) = (row.get("x"), literal(row.get("v"))) {
            out.entry(x.clone()).or_default().push(v);
        }
    }
    for list in out.values_mut() {
        list.sort_by_key(text);
        list.dedup();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_show_their_precision_and_open_ends() {
        let lit = |s: &str| Some(Literal::new_simple_literal(s));
        assert_eq!(Period { date: lit("1992-05"), ..Period::default() }.to_string(), "1992-05");
        assert_eq!(Period { start: lit("1991"), ..Period::default() }.to_string(), "1991/..");
        assert_eq!(Period { end: lit("1993-04"), ..Period::default() }.to_string(), "../1993-04");
        assert_eq!(Period { start: lit("1991-04"), end: lit("1991"), date: None }.to_string(), "1991-04/1991");
        assert_eq!(Period::default().to_string(), "");
        assert!(Period::default().is_empty());
    }

    #[test]
    fn local_names_follow_the_last_slash_or_hash() {
        assert_eq!(local_name(&NamedNode::new_unchecked("https://w3id.org/nkkg/id/doc003")), "doc003");
        assert_eq!(local_name(&NamedNode::new_unchecked("https://w3id.org/nkkg/ontology#partOf")), "partOf");
    }
}
