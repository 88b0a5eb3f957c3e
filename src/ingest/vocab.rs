//! The SKOS vocabularies the candidates are typed with, read once from the store: for
//! every concept of `nkv:SupportTypes` and `nkv:ItemCategories`, its top concept (reached
//! by `skos:broader*`), which is the "type" candidates are scored on.

use std::collections::HashMap;

use oxigraph::model::Term;

use crate::prefixes::NKV;
use crate::query::select;
use crate::store::GraphStore;

/// Which of the two schemes a concept belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scheme {
    /// `nkv:SupportTypes`.
    SupportTypes,
    /// `nkv:ItemCategories`.
    ItemCategories,
}

/// Top concepts of the support-type and item-category concepts, by `nkv:` local name.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    top: HashMap<(Scheme, String), String>,
}

impl Vocabulary {
    /// Reads the concept hierarchy of both schemes from a store (one SPARQL query).
    pub fn from_store(store: &GraphStore) -> anyhow::Result<Self> {
        let rows = select(
            store,
            "SELECT DISTINCT ?c ?top ?scheme WHERE {
                VALUES ?scheme { nkv:SupportTypes nkv:ItemCategories }
                ?c skos:inScheme ?scheme ; skos:broader* ?top . ?top skos:topConceptOf ?scheme
            }",
            &[],
        )?;
        let mut top = HashMap::new();
        for row in rows {
            let local = |var: &str| match row.get(var) {
                Some(Term::NamedNode(n)) => n.as_str().strip_prefix(NKV).map(str::to_owned),
                _ => None,
            };
            let (Some(c), Some(t), Some(s)) = (local("c"), local("top"), local("scheme")) else { continue };
            let scheme = if s == "SupportTypes" { Scheme::SupportTypes } else { Scheme::ItemCategories };
            top.insert((scheme, c), t);
        }
        Ok(Self { top })
    }

    /// A vocabulary from (scheme, concept, top concept) triples of `nkv:` local names.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (Scheme, &'a str, &'a str)>) -> Self {
        Self { top: pairs.into_iter().map(|(s, c, t)| ((s, c.to_owned()), t.to_owned())).collect() }
    }

    /// The top concept of a concept (itself when it is a top concept or unknown).
    pub fn top<'a>(&'a self, scheme: Scheme, concept: &'a str) -> &'a str {
        self.top.get(&(scheme, concept.to_owned())).map_or(concept, String::as_str)
    }

    /// Whether the concept is known in the scheme.
    pub fn contains(&self, scheme: Scheme, concept: &str) -> bool {
        self.top.contains_key(&(scheme, concept.to_owned()))
    }
}
