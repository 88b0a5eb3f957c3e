//! Evidence: the spans of source documents behind an assertion, read from its
//! `nk:evidence` annotations (W3C Web Annotation Data Model §4.2.4, `oa:TextPositionSelector`:
//! code points, start inclusive, end exclusive), and the span texts when the corpus is at hand.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;

use oxigraph::model::{NamedNode, Term};
use serde::Serialize;

use super::terms::{literal, local_name, named, ser_local};
use crate::query::{select, Binding};
use crate::store::GraphStore;

/// A span of a source document.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Citation {
    /// The source document, written by its id (`doc003`).
    #[serde(serialize_with = "ser_local")]
    pub document: NamedNode,
    /// First code point (inclusive).
    pub start: i64,
    /// Last code point (exclusive).
    pub end: i64,
    /// The span's text, when the corpus was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl Citation {
    /// The document id, as citations show it (`doc003`).
    pub fn document_id(&self) -> &str {
        local_name(&self.document)
    }
}

/// `doc003:90969-91085`.
impl fmt::Display for Citation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}-{}", self.document_id(), self.start, self.end)
    }
}

/// Writes citations as `[doc003:1-2, doc003:5-9]`.
pub fn bracketed(citations: &[Citation]) -> String {
    let parts: Vec<String> = citations.iter().map(Citation::to_string).collect();
    format!("[{}]", parts.join(", "))
}

/// The evidence of every `?x` matched by `pattern` (a group graph pattern body binding
/// `?x`), each list sorted and without repeats.
pub fn citations_by_subject(store: &GraphStore, pattern: &str, bindings: &[Binding]) -> anyhow::Result<HashMap<Term, Vec<Citation>>> {
    let sparql = format!(
        "SELECT DISTINCT ?x ?doc ?s0 ?s1 WHERE {{ {pattern} ?x nk:evidence ?ev . ?ev oa:hasSource ?doc ; oa:hasSelector ?sel . ?sel oa:start ?s0 ; oa:end ?s1 }}"
    );
    let mut out: HashMap<Term, Vec<Citation>> = HashMap::new();
    for row in select(store, &sparql, bindings)? {
        let offset = |var: &str| literal(row.get(var)).and_then(|l| l.value().parse::<i64>().ok());
        if let (Some(x), Some(document), Some(start), Some(end)) = (row.get("x"), named(row.get("doc")), offset("s0"), offset("s1")) {
            out.entry(x.clone()).or_default().push(Citation { document, start, end, text: None });
        }
    }
    for list in out.values_mut() {
        list.sort();
        list.dedup();
    }
    Ok(out)
}

/// The texts of the source documents, by document id.
#[derive(Debug, Clone, Default)]
pub struct SourceTexts {
    texts: BTreeMap<String, String>,
}

impl SourceTexts {
    /// Reads the source documents named in the graph (`nk:SourceDocument` with
    /// `nk:fileName`) from `dir`. Fails when none of them is there.
    pub fn read(store: &GraphStore, dir: &Path) -> anyhow::Result<Self> {
        let mut texts = BTreeMap::new();
        for row in select(store, "SELECT ?d ?f WHERE { ?d a nk:SourceDocument ; nk:fileName ?f }", &[])? {
            let (Some(document), Some(file)) = (named(row.get("d")), literal(row.get("f"))) else { continue };
            if let Ok(text) = std::fs::read_to_string(dir.join(file.value())) {
                texts.insert(local_name(&document).to_owned(), text);
            }
        }
        if texts.is_empty() {
            anyhow::bail!("--sources {}: none of the source documents is there", dir.display());
        }
        Ok(Self { texts })
    }

    /// The texts by document id.
    pub fn into_map(self) -> BTreeMap<String, String> {
        self.texts
    }

    /// The text of a span of a document, when that document was read.
    pub fn span(&self, document: &str, start: i64, end: i64) -> Option<String> {
        let text = self.texts.get(document)?;
        let (start, end) = (usize::try_from(start).ok()?, usize::try_from(end).ok()?);
        Some(text.chars().skip(start).take(end.saturating_sub(start)).collect())
    }

    /// Fills in the text of a citation.
    pub fn quote(&self, citation: &mut Citation) {
        citation.text = self.span(citation.document_id(), citation.start, citation.end);
    }
}
