//! The candidates as a reviewer sees them: read from `nkg:ingest/candidates` with their
//! parties (label, proposed or not, the mention spans naming them in the sentence), their
//! document and evidence span, and the sentence's text (read from the ingested file, found
//! by the path recorded at ingestion, `nk:sourcePath`, or in a `--sources` folder, and
//! used only if its SHA-256 is the document's).

use std::collections::HashMap;
use std::path::Path;

use oxigraph::model::{Literal, NamedNode, Term};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::decisions::{self, CandidateKey};
use super::{nk, ReviewError};
use crate::explore::terms::{literal, named};
use crate::prefixes::shorten;
use crate::query::select;
use crate::store::GraphStore;

pub use crate::relation::Kind;

/// A party of a candidate (giver or receiver).
#[derive(Debug, Clone, PartialEq)]
pub struct Party {
    /// The actor, or the proposed entity.
    pub iri: NamedNode,
    /// Its rdfs:label, or the proposed label of a proposed entity.
    pub label: Option<Literal>,
    /// For a proposed entity not accepted yet: the class it is proposed as.
    pub proposed_class: Option<NamedNode>,
    /// How the candidate resolved the words to the party (nkv:Resolutions), if it says.
    pub resolution: Option<NamedNode>,
    /// The spans (code points of the file) of the sentence's mentions of the party.
    pub mentions: Vec<(u32, u32)>,
}

impl Party {
    /// The label, or the shortened IRI when there is none.
    pub fn name(&self) -> String {
        self.label
            .as_ref()
            .map_or_else(|| shorten(self.iri.as_str()), |l| l.value().to_owned())
    }
}

/// The ingested document a candidate cites.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceDocument {
    /// Its IRI (`nke:doc-<hash>`).
    pub iri: NamedNode,
    /// Lower-case hex SHA-256 of its bytes.
    pub sha256: String,
    /// Its file name.
    pub file_name: String,
    /// Its length in code points.
    pub char_length: Option<Literal>,
    /// The path it was ingested from, if recorded.
    pub path: Option<String>,
}

/// A candidate relation awaiting (or under) review.
#[derive(Debug, Clone, PartialEq)]
pub struct Pending {
    /// The candidate's IRI.
    pub iri: NamedNode,
    /// Support or supply.
    pub kind: Kind,
    /// The supporter or supplier it proposes.
    pub giver: Party,
    /// The recipient it proposes.
    pub receiver: Party,
    /// Its type (nk:candidateType).
    pub concept: NamedNode,
    /// Its polarity or supply status (nk:candidatePolarity).
    pub polarity: NamedNode,
    /// The extraction's confidence.
    pub confidence: Option<Literal>,
    /// The rule that proposed it.
    pub rule: Option<Literal>,
    /// The document.
    pub document: SourceDocument,
    /// The evidence span (the sentence), start inclusive, end exclusive, in code points.
    pub span: (u32, u32),
}

impl Pending {
    /// The key decisions are kept under (see [`CandidateKey`]).
    pub fn key(&self) -> CandidateKey {
        CandidateKey {
            sha256: self.document.sha256.clone(),
            start: self.span.0,
            end: self.span.1,
            giver: self.giver.iri.clone(),
            receiver: self.receiver.iri.clone(),
            concept: self.concept.clone(),
        }
    }

    /// The short identifier `nkkg review` shows and takes: the IRI's local name in `nke:`.
    pub fn id(&self) -> String {
        self.iri
            .as_str()
            .strip_prefix(crate::prefixes::NKE)
            .unwrap_or(self.iri.as_str())
            .to_owned()
    }

    /// The sentence's text, read from the document's file (see the module comment).
    pub fn sentence(&self, sources: Option<&Path>) -> Option<String> {
        let chars = document_text(&self.document, sources)?;
        let (s, e) = (self.span.0 as usize, self.span.1 as usize);
        (e <= chars.len() && s < e).then(|| chars[s..e].iter().collect())
    }

    /// The sentence with the giver in `[…]` and the receiver in `{…}`; `None` without text.
    pub fn marked(&self, sources: Option<&Path>) -> Option<String> {
        let chars = document_text(&self.document, sources)?;
        Some(mark(
            &chars,
            self.span,
            &self.giver.mentions,
            &self.receiver.mentions,
        ))
    }

    /// The words of the sentence naming `party` (its first mention there), if the text is
    /// available and the sentence mentions it.
    pub fn stated(&self, party: &Party, sources: Option<&Path>) -> Option<String> {
        let &(s, e) = party.mentions.first()?;
        let chars = document_text(&self.document, sources)?;
        ((e as usize) <= chars.len()).then(|| chars[s as usize..e as usize].iter().collect())
    }
}

/// The sentence `span` of `chars` with the giver's mentions in `[…]` and the receiver's in
/// `{…}` (a mention of both is marked as the giver).
pub fn mark(
    chars: &[char],
    span: (u32, u32),
    giver: &[(u32, u32)],
    receiver: &[(u32, u32)],
) -> String {
    let mut out = String::new();
    let end = (span.1 as usize).min(chars.len());
    for i in span.0 as usize..end {
        let at = i as u32;
        if giver.iter().any(|&(s, _)| s == at) {
            out.push('[');
        } else if receiver.iter().any(|&(s, _)| s == at) {
            out.push('{');
        }
        out.push(chars[i]);
        if giver.iter().any(|&(_, e)| e == at + 1) {
            out.push(']');
        } else if receiver.iter().any(|&(_, e)| e == at + 1) {
            out.push('}');
        }
    }
    out
}

/// The text of a document as code points, if a file with its SHA-256 is found.
fn document_text(document: &SourceDocument, sources: Option<&Path>) -> Option<Vec<char>> {
    let mut places = Vec::new();
    if let Some(dir) = sources {
        places.push(dir.join(&document.file_name));
    }
    if let Some(path) = &document.path {
        places.push(Path::new(path).to_path_buf());
    }
    places.into_iter().find_map(|path| {
        let bytes = std::fs::read(path).ok()?;
        (format!("{:x}", Sha256::digest(&bytes)) == document.sha256)
            .then(|| String::from_utf8_lossy(&bytes).chars().collect())
    })
}

/// The graph `nkkg ingest` writes candidates to (`nkg:ingest/candidates`). Spelled here
/// rather than imported: ingestion calls this module to leave decided candidates out.
pub fn candidates_graph() -> String {
    format!("{}ingest/candidates", crate::prefixes::NKG)
}

/// The candidates of the candidates graph, `only` one if given, as rows of terms.
fn candidate_rows(
    store: &GraphStore,
    only: Option<&NamedNode>,
) -> anyhow::Result<Vec<oxigraph::sparql::QuerySolution>> {
    let values = only.map_or_else(String::new, |c| format!("VALUES ?c {{ {c} }}"));
    let sparql = format!(
        "SELECT ?c ?class ?giver ?receiver ?type ?polarity ?confidence ?rule ?doc ?start ?end ?gres ?rres WHERE {{ {values}
          GRAPH <{graph}> {{
            ?c a ?class ; nk:giver ?giver ; nk:receiver ?receiver ; nk:candidateType ?type ;
               nk:candidatePolarity ?polarity ; nk:evidence ?ev .
            FILTER(?class IN (nk:SupportCandidate, nk:SupplyCandidate))
            ?ev oa:hasSource ?doc ; oa:hasSelector ?sel . ?sel oa:start ?start ; oa:end ?end .
            OPTIONAL {{ ?c nk:confidence ?confidence }} OPTIONAL {{ ?c nk:rule ?rule }}
            OPTIONAL {{ ?c nk:giverResolution ?gres }} OPTIONAL {{ ?c nk:receiverResolution ?rres }}
          }} }} ORDER BY ?doc ?start ?c",
        graph = candidates_graph()
    );
    select(store, &sparql, &[])
}

/// Reads candidates from the store, building their parties and documents once each.
struct Reader<'s> {
    store: &'s GraphStore,
    documents: HashMap<NamedNode, Option<SourceDocument>>,
}

impl Reader<'_> {
    fn document(&mut self, iri: &NamedNode) -> anyhow::Result<Option<SourceDocument>> {
        if let Some(d) = self.documents.get(iri) {
            return Ok(d.clone());
        }
        let rows = select(
            self.store,
            &format!("SELECT ?sha ?name ?len ?path WHERE {{ {iri} nk:sha256 ?sha ; nk:fileName ?name . OPTIONAL {{ {iri} nk:charLength ?len }} OPTIONAL {{ {iri} nk:sourcePath ?path }} }} LIMIT 1"),
            &[],
        )?;
        let document = rows.first().and_then(|row| {
            Some(SourceDocument {
                iri: iri.clone(),
                sha256: literal(row.get("sha"))?.value().to_owned(),
                file_name: literal(row.get("name"))?.value().to_owned(),
                char_length: literal(row.get("len")),
                path: literal(row.get("path")).map(|l| l.value().to_owned()),
            })
        });
        self.documents.insert(iri.clone(), document.clone());
        Ok(document)
    }

    fn party(
        &self,
        iri: NamedNode,
        resolution: Option<NamedNode>,
        doc: &NamedNode,
        span: (u32, u32),
    ) -> anyhow::Result<Party> {
        let label = select(
            self.store,
            // an accepted entity's label (rdfs:label) wins over the label it was proposed with
            &format!("SELECT ?l WHERE {{ OPTIONAL {{ {iri} rdfs:label ?known }} OPTIONAL {{ {iri} nk:proposedLabel ?proposed }} BIND(COALESCE(?known, ?proposed) AS ?l) FILTER(BOUND(?l)) }} ORDER BY ?l LIMIT 1"),
            &[],
        )?
        .first()
        .and_then(|r| literal(r.get("l")));
        let proposed_class = super::proposed::pending_class(self.store, &iri)?;
        let mentions = select(
            self.store,
            &format!(
                "SELECT DISTINCT ?s ?e WHERE {{ ?m a nk:Mention ; nk:mentions {iri} ; oa:hasSource {doc} ; oa:hasSelector ?sel .
                   ?sel oa:start ?s ; oa:end ?e . FILTER(?s >= {} && ?e <= {}) }} ORDER BY ?s",
                span.0, span.1
            ),
            &[],
        )?
        .iter()
        .filter_map(|r| Some((number(r.get("s"))?, number(r.get("e"))?)))
        .collect();
        Ok(Party {
            iri,
            label,
            proposed_class,
            resolution,
            mentions,
        })
    }

    fn pending(
        &mut self,
        row: &oxigraph::sparql::QuerySolution,
    ) -> anyhow::Result<Option<Pending>> {
        let (
            Some(iri),
            Some(class),
            Some(giver),
            Some(receiver),
            Some(concept),
            Some(polarity),
            Some(doc),
        ) = (
            named(row.get("c")),
            named(row.get("class")),
            named(row.get("giver")),
            named(row.get("receiver")),
            named(row.get("type")),
            named(row.get("polarity")),
            named(row.get("doc")),
        )
        else {
            return Ok(None);
        };
        let (Some(start), Some(end)) = (number(row.get("start")), number(row.get("end"))) else {
            return Ok(None);
        };
        let Some(document) = self.document(&doc)? else {
            return Ok(None);
        };
        let kind = if class == nk("SupplyCandidate") {
            Kind::Supply
        } else {
            Kind::Support
        };
        Ok(Some(Pending {
            giver: self.party(giver, named(row.get("gres")), &doc, (start, end))?,
            receiver: self.party(receiver, named(row.get("rres")), &doc, (start, end))?,
            iri,
            kind,
            concept,
            polarity,
            confidence: literal(row.get("confidence")),
            rule: literal(row.get("rule")),
            document,
            span: (start, end),
        }))
    }
}

fn number(term: Option<&Term>) -> Option<u32> {
    literal(term)?.value().parse().ok()
}

/// A party as it stands in the sentence `span` of `document`: its label, whether it is a
/// proposed entity, and its mentions there (for an edited party).
pub fn party(
    store: &GraphStore,
    iri: NamedNode,
    document: &NamedNode,
    span: (u32, u32),
) -> anyhow::Result<Party> {
    Reader {
        store,
        documents: HashMap::new(),
    }
    .party(iri, None, document, span)
}

/// One candidate, decided or not; `None` when the candidates graph has no such candidate.
pub fn load(store: &GraphStore, iri: &NamedNode) -> Result<Option<Pending>, ReviewError> {
    let mut reader = Reader {
        store,
        documents: HashMap::new(),
    };
    for row in candidate_rows(store, Some(iri))? {
        if let Some(p) = reader.pending(&row)? {
            return Ok(Some(p));
        }
    }
    Ok(None)
}

/// The pending candidates: those with no decision on them or on their key, in document
/// and span order.
pub fn list(store: &GraphStore) -> Result<Vec<Pending>, ReviewError> {
    let decided = decisions::decided(store)?;
    // a candidate naming a rejected entity is not proposed again (nor listed)
    let rejected = super::proposed::rejected(store)?;
    let mut reader = Reader {
        store,
        documents: HashMap::new(),
    };
    let mut out: Vec<Pending> = Vec::new();
    for row in candidate_rows(store, None)? {
        let Some(iri) = named(row.get("c")) else {
            continue;
        };
        if decided.candidates.contains(&iri) || out.last().is_some_and(|p| p.iri == iri) {
            continue;
        }
        if let Some(p) = reader.pending(&row)? {
            let names_rejected = rejected.contains(&p.giver.iri) || rejected.contains(&p.receiver.iri);
            if !decided.keys.contains(&p.key().to_string()) && !names_rejected {
                out.push(p);
            }
        }
    }
    Ok(out)
}

/// A pending candidate as JSON (for `nkkg review --format json` and the review page).
#[derive(Debug, Clone, Serialize)]
pub struct PendingJson {
    /// The short id.
    pub id: String,
    /// The full IRI.
    pub iri: String,
    /// "support" or "supply".
    pub kind: Kind,
    /// The giver.
    pub giver: PartyJson,
    /// The receiver.
    pub receiver: PartyJson,
    /// The type, shortened (`nkv:Drones`).
    #[serde(rename = "type")]
    pub concept: String,
    /// The polarity or status, shortened.
    pub polarity: String,
    /// The confidence, as written.
    pub confidence: Option<String>,
    /// The rule.
    pub rule: Option<String>,
    /// The document IRI, shortened.
    pub document: String,
    /// The document's file name.
    pub file: String,
    /// The span start (code points).
    pub start: u32,
    /// The span end (code points, exclusive).
    pub end: u32,
    /// The sentence, when the text is available.
    pub sentence: Option<String>,
    /// The sentence with the giver in `[…]` and the receiver in `{…}`.
    pub marked: Option<String>,
}

/// A party as JSON.
#[derive(Debug, Clone, Serialize)]
pub struct PartyJson {
    /// Shortened IRI.
    pub iri: String,
    /// The label, or the IRI.
    pub label: String,
    /// The class it is proposed as, when it is a proposed entity not accepted yet.
    pub proposed: Option<String>,
    /// Mention spans in the sentence (code points of the file).
    pub mentions: Vec<(u32, u32)>,
}

impl PartyJson {
    fn new(p: &Party) -> Self {
        Self {
            iri: shorten(p.iri.as_str()),
            label: p.name(),
            proposed: p.proposed_class.as_ref().map(|c| shorten(c.as_str())),
            mentions: p.mentions.clone(),
        }
    }
}

impl Pending {
    /// The candidate as JSON, with its sentence when the text is available.
    pub fn json(&self, sources: Option<&Path>) -> PendingJson {
        PendingJson {
            id: self.id(),
            iri: self.iri.as_str().to_owned(),
            kind: self.kind,
            giver: PartyJson::new(&self.giver),
            receiver: PartyJson::new(&self.receiver),
            concept: shorten(self.concept.as_str()),
            polarity: shorten(self.polarity.as_str()),
            confidence: self.confidence.as_ref().map(|l| l.value().to_owned()),
            rule: self.rule.as_ref().map(|l| l.value().to_owned()),
            document: shorten(self.document.iri.as_str()),
            file: self.document.file_name.clone(),
            start: self.span.0,
            end: self.span.1,
            sentence: self.sentence(sources),
            marked: self.marked(sources),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_giver_is_bracketed_and_the_receiver_braced_within_the_span() {
        let chars: Vec<char> = "xx Turkey armed Azerbaijan. yy".chars().collect();
        let marked = mark(&chars, (3, 27), &[(3, 9)], &[(16, 26)]);
        assert_eq!(marked, "[Turkey] armed {Azerbaijan}.");
        assert_eq!(mark(&chars, (3, 27), &[], &[]), "Turkey armed Azerbaijan.");
    }
}
