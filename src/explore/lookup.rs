//! Finding entities by the names people type. Every `rdfs:label` and `skos:altLabel` of an
//! `nke:` entity is compared with the text after folding both the way documents are folded
//! for mentions (case, diacritics, `ı`/`ə`, dashes and quotes: [`crate::ingest::fold`]),
//! collapsing spaces and dropping a leading "the": `Xocali` finds `Xocalı`, `SUSA` finds
//! `Şuşa`, `the 2020 war` finds `2020 war`. [`super::resolve`] falls back on [`equal`] when
//! no name matches exactly; the server's search uses [`containing`].

use std::collections::BTreeMap;

use oxigraph::model::{NamedNode, Term};

use crate::ingest::fold::fold;
use crate::query::select;
use crate::store::GraphStore;

/// An entity found by one of its names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The entity.
    pub entity: NamedNode,
    /// Its `rdfs:label`.
    pub label: String,
    /// The name that matched (the smallest, when several did).
    pub matched: String,
    /// Whether the matching name is the entity's `rdfs:label`.
    pub main: bool,
}

/// How a name is compared: folded, spaces collapsed, a leading "the " dropped.
pub fn key(text: &str) -> String {
    let folded = fold(text);
    let words: Vec<&str> = folded.split_whitespace().collect();
    match words.split_first() {
        Some((&"the", rest)) if !rest.is_empty() => rest.join(" "),
        _ => words.join(" "),
    }
}

/// The entities with a name whose [`key`] equals the text's, sorted by IRI.
pub fn equal(store: &GraphStore, text: &str) -> anyhow::Result<Vec<Found>> {
    let wanted = key(text);
    find(store, |name| name == wanted)
}

/// The entities with a name whose [`key`] contains the text's, shortest label first (then by
/// label), at most `limit` of them.
pub fn containing(store: &GraphStore, text: &str, limit: usize) -> anyhow::Result<Vec<Found>> {
    let wanted = key(text);
    let mut found = find(store, |name| name.contains(wanted.as_str()))?;
    found.sort_by(|a, b| (a.label.chars().count(), &a.label).cmp(&(b.label.chars().count(), &b.label)));
    found.truncate(limit);
    Ok(found)
}

/// Every entity with a name whose key passes `test`, once, with its smallest matching name.
fn find(store: &GraphStore, test: impl Fn(&str) -> bool) -> anyhow::Result<Vec<Found>> {
    let rows = select(
        store,
        "SELECT ?e ?label ?name ?main WHERE {
            { ?e rdfs:label ?name BIND(true AS ?main) } UNION { ?e skos:altLabel ?name BIND(false AS ?main) }
            FILTER(STRSTARTS(STR(?e), STR(nke:)))
            ?e rdfs:label ?label
        }",
        &[],
    )?;
    let mut by_entity: BTreeMap<String, Found> = BTreeMap::new();
    for row in &rows {
        let (Some(Term::NamedNode(entity)), Some(Term::Literal(label)), Some(Term::Literal(name)), Some(Term::Literal(main))) =
            (row.get("e"), row.get("label"), row.get("name"), row.get("main"))
        else {
            continue;
        };
        if !test(&key(name.value())) {
            continue;
        }
        let candidate = Found {
            entity: entity.clone(),
            label: label.value().to_owned(),
            matched: name.value().to_owned(),
            main: main.value() == "true",
        };
        by_entity
            .entry(entity.as_str().to_owned())
            .and_modify(|kept| {
                kept.main |= candidate.main;
                if candidate.matched < kept.matched {
                    kept.matched = candidate.matched.clone();
                }
                if candidate.label < kept.label {
                    kept.label = candidate.label.clone();
                }
            })
            .or_insert(candidate);
    }
    Ok(by_entity.into_values().collect())
}

#[cfg(test)]
mod tests {
    use super::key;

    #[test]
    fn keys_fold_case_diacritics_spaces_and_a_leading_article() {
        assert_eq!(key("Xocalı"), key("XOCALI"));
        assert_eq!(key("Şuşa"), "susa");
        assert_eq!(key("Zəngilan"), "zangilan");
        assert_eq!(key("  The   2020 war "), "2020 war");
        assert_eq!(key("the"), "the");
        assert_eq!(key("Armenia–Azerbaijan border"), "armenia-azerbaijan border");
    }
}
