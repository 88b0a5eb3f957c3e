//! The decisions graph (`nkg:review/decisions`): one record per decided candidate, and the
//! key that keeps a re-ingest from proposing a decided candidate again.
//!
//! A record `<candidate>-decision` is an `nk:Acceptance`, `nk:Edit` or `nk:Rejection` with
//! `nk:decides` the candidate, `nk:candidateKey` its key, `prov:wasAttributedTo` the
//! reviewer (a `prov:Agent` with an rdfs:label), `prov:generatedAtTime`, an optional
//! `nk:note` and, unless rejected, `nk:resultingFact` the fact of the reviewed graph.
//!
//! **The candidate key** is the document's SHA-256, the evidence span (start and end code
//! points) and the giver, receiver and type IRIs as the extraction proposed them, written
//! `"<sha256> <start> <end> <giver> <receiver> <type>"`. The same statement found again in
//! the same bytes has the same key whatever the candidate is numbered, so `nkkg ingest
//! --store` leaves it out ([`without_decided`]); an edit is kept under the key of what was
//! proposed, not of what it was edited into. A decided candidate's IRI is never given to
//! another candidate: a re-ingest numbers new candidates after every number the store
//! holds for the document ([`crate::ingest::stream`]).

use std::collections::HashSet;
use std::fmt;

use oxigraph::model::{
    GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term, Triple,
};

use super::{decisions_graph, nk, quad, string, Decision, ReviewError, Verdict};
use crate::explore::terms::{literal, named};
use crate::query::select;
use crate::store::{GraphStore, QuadSource};

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
pub(crate) const PROV: &str = "http://www.w3.org/ns/prov#";
const OA: &str = "http://www.w3.org/ns/oa#";

/// What identifies a candidate across ingestions (see the module comment).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CandidateKey {
    /// The document's SHA-256 (lower-case hex).
    pub sha256: String,
    /// Start of the evidence span (code points, inclusive).
    pub start: u32,
    /// End of the evidence span (exclusive).
    pub end: u32,
    /// The proposed giver.
    pub giver: NamedNode,
    /// The proposed receiver.
    pub receiver: NamedNode,
    /// The proposed type.
    pub concept: NamedNode,
}

impl fmt::Display for CandidateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {} {} {} {}",
            self.sha256,
            self.start,
            self.end,
            self.giver.as_str(),
            self.receiver.as_str(),
            self.concept.as_str()
        )
    }
}

/// The IRI of the decision record of a candidate: `<candidate>-decision`.
pub fn record_iri(candidate: &NamedNode) -> NamedNode {
    NamedNode::new_unchecked(format!("{}-decision", candidate.as_str()))
}

fn prov(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{PROV}{local}"))
}

/// The quads of a decision record and of its reviewer, in the decisions graph.
pub fn record_quads(
    record: &NamedNode,
    decision: &Decision,
    key: &CandidateKey,
    reviewer: &NamedNode,
    now: &Literal,
    fact: Option<&NamedNode>,
) -> Vec<Quad> {
    let g = decisions_graph();
    let (g, r) = (g.as_ref(), record.as_ref());
    let rdf_type = NamedNodeRef::new_unchecked(RDF_TYPE);
    let mut quads = vec![
        quad(r, rdf_type, &decision.verdict.class(), g),
        quad(r, nk("decides").as_ref(), &decision.candidate, g),
        quad(r, nk("candidateKey").as_ref(), &string(&key.to_string()), g),
        quad(r, prov("wasAttributedTo").as_ref(), reviewer, g),
        quad(r, prov("generatedAtTime").as_ref(), now, g),
        quad(reviewer.as_ref(), rdf_type, &prov("Agent"), g),
        quad(
            reviewer.as_ref(),
            NamedNodeRef::new_unchecked(RDFS_LABEL),
            &string(decision.reviewer.trim()),
            g,
        ),
    ];
    if let Some(note) = decision
        .edits
        .note
        .as_deref()
        .filter(|n| !n.trim().is_empty())
    {
        quads.push(quad(r, nk("note").as_ref(), &string(note.trim()), g));
    }
    if let Some(fact) = fact {
        quads.push(quad(r, nk("resultingFact").as_ref(), fact, g));
    }
    quads
}

/// An earlier decision found on a candidate or its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Earlier {
    /// What was decided.
    pub verdict: Verdict,
    /// The reviewer's name.
    pub reviewer: String,
    /// When (xsd:dateTime lexical form).
    pub time: String,
}

/// The decision already taken on `candidate` or on `key`, read inside the transaction
/// that would write a new one.
pub fn find(
    source: &dyn QuadSource,
    candidate: &NamedNode,
    key: &CandidateKey,
) -> Result<Option<Earlier>, ReviewError> {
    let g = decisions_graph();
    let graph = Some(GraphNameRef::NamedNode(g.as_ref()));
    let decides = nk("decides");
    let key_literal = string(&key.to_string());
    let key_p = nk("candidateKey");
    let first = |quads: Vec<Quad>| quads.into_iter().next();
    let record = match first(source.quads(
        None,
        Some(decides.as_ref()),
        Some(candidate.as_ref().into()),
        graph,
    )?) {
        Some(q) => Some(q.subject),
        None => first(source.quads(
            None,
            Some(key_p.as_ref()),
            Some(key_literal.as_ref().into()),
            graph,
        )?)
        .map(|q| q.subject),
    };
    let Some(record) = record else {
        return Ok(None);
    };
    let object = |s: &NamedOrBlankNode, p: &NamedNode| -> Result<Option<Term>, ReviewError> {
        Ok(first(source.quads(Some(s.as_ref()), Some(p.as_ref()), None, graph)?).map(|q| q.object))
    };
    let types: Vec<Term> = source
        .quads(
            Some(record.as_ref()),
            Some(NamedNodeRef::new_unchecked(RDF_TYPE)),
            None,
            graph,
        )?
        .into_iter()
        .map(|q| q.object)
        .collect();
    let verdict = [Verdict::Accept, Verdict::Edit, Verdict::Reject]
        .into_iter()
        .find(|v| types.contains(&Term::from(v.class())))
        .unwrap_or(Verdict::Accept);
    let reviewer = match object(&record, &prov("wasAttributedTo"))? {
        Some(Term::NamedNode(agent)) => {
            match object(&agent.clone().into(), &NamedNode::new_unchecked(RDFS_LABEL))? {
                Some(Term::Literal(l)) => l.value().to_owned(),
                _ => crate::prefixes::shorten(agent.as_str()),
            }
        }
        _ => "an unknown reviewer".to_owned(),
    };
    let time = match object(&record, &prov("generatedAtTime"))? {
        Some(Term::Literal(l)) => l.value().to_owned(),
        _ => "an unknown time".to_owned(),
    };
    Ok(Some(Earlier {
        verdict,
        reviewer,
        time,
    }))
}

/// The decided candidates and keys of a store.
#[derive(Debug, Default)]
pub struct Decided {
    /// Candidates with a decision record.
    pub candidates: HashSet<NamedNode>,
    /// Keys with a decision record ([`CandidateKey`]'s text).
    pub keys: HashSet<String>,
}

/// Every decision of the store (of one document when `sha256` is given).
pub fn decided_in(store: &GraphStore, sha256: Option<&str>) -> anyhow::Result<Decided> {
    let filter = sha256.map_or_else(String::new, |sha| {
        format!("FILTER(STRSTARTS(?k, \"{sha} \"))")
    });
    let rows = select(store, &format!("SELECT ?c ?k WHERE {{ GRAPH {} {{ ?d nk:decides ?c ; nk:candidateKey ?k {filter} }} }}", decisions_graph()), &[])?;
    let mut decided = Decided::default();
    for row in rows {
        if let Some(c) = named(row.get("c")) {
            decided.candidates.insert(c);
        }
        if let Some(k) = literal(row.get("k")) {
            decided.keys.insert(k.value().to_owned());
        }
    }
    Ok(decided)
}

/// Every decision of the store.
pub fn decided(store: &GraphStore) -> anyhow::Result<Decided> {
    decided_in(store, None)
}

/// One candidate among the triples [`crate::ingest::rdf`] writes for a document: its
/// node, its evidence and the evidence's selector (so all three can be renamed or left
/// out together), its key and its polarity, when the triples give them.
#[derive(Debug, Clone)]
pub struct FoundCandidate {
    /// The candidate (`…-candidate-N`).
    pub node: NamedOrBlankNode,
    /// Its `nk:evidence` node.
    pub evidence: Option<NamedOrBlankNode>,
    /// The evidence's `oa:hasSelector` node.
    pub selector: Option<NamedOrBlankNode>,
    /// Its key ([`CandidateKey`]), if the triples give every part of it.
    pub key: Option<CandidateKey>,
    /// Its `nk:candidatePolarity`.
    pub polarity: Option<NamedNode>,
}

/// The candidates of one document's candidate triples, in the order they are typed
/// `nk:Candidate` (the extraction's order).
pub fn found_candidates(sha256: &str, triples: &[Triple]) -> Vec<FoundCandidate> {
    // the first object of each (subject, predicate), looked up once per field
    let mut objects: std::collections::HashMap<(&NamedOrBlankNode, &str), &Term> =
        std::collections::HashMap::with_capacity(triples.len());
    for t in triples {
        objects
            .entry((&t.subject, t.predicate.as_str()))
            .or_insert(&t.object);
    }
    let value = |s: &NamedOrBlankNode, p: &str| -> Option<&Term> { objects.get(&(s, p)).copied() };
    let number = |t: Option<&Term>| match t {
        Some(Term::Literal(l)) => l.value().parse::<u32>().ok(),
        _ => None,
    };
    let as_node = |t: Option<&Term>| match t {
        Some(Term::NamedNode(n)) => Some(NamedOrBlankNode::from(n.clone())),
        Some(Term::BlankNode(b)) => Some(NamedOrBlankNode::from(b.clone())),
        _ => None,
    };
    let nk_iri =
        |c: &NamedOrBlankNode, p: &str| match value(c, &format!("{}{p}", crate::prefixes::NK)) {
            Some(Term::NamedNode(n)) => Some(n.clone()),
            _ => None,
        };
    let candidate_class = Term::from(nk("Candidate"));
    triples
        .iter()
        .filter(|t| t.predicate.as_str() == RDF_TYPE && t.object == candidate_class)
        .map(|t| {
            let c = &t.subject;
            let evidence = as_node(value(c, &format!("{}evidence", crate::prefixes::NK)));
            let selector = evidence
                .as_ref()
                .and_then(|e| as_node(value(e, &format!("{OA}hasSelector"))));
            let key = (|| {
                let sel = selector.as_ref()?;
                Some(CandidateKey {
                    sha256: sha256.to_owned(),
                    start: number(value(sel, &format!("{OA}start")))?,
                    end: number(value(sel, &format!("{OA}end")))?,
                    giver: nk_iri(c, "giver")?,
                    receiver: nk_iri(c, "receiver")?,
                    concept: nk_iri(c, "candidateType")?,
                })
            })();
            FoundCandidate {
                node: c.clone(),
                evidence,
                selector,
                key,
                polarity: nk_iri(c, "candidatePolarity"),
            }
        })
        .collect()
}

/// The candidate triples of one ingested document (as [`crate::ingest::rdf`] writes them)
/// without the candidates already decided in `store`: those whose key has a decision.
/// Returns the kept triples and how many candidates were left out.
///
/// Only the key counts, not the candidate's IRI: the IRIs of freshly extracted
/// candidates are their places in the extraction (1..n), which a decided candidate of an
/// earlier ingest may share without being the same statement. `nkkg ingest --store`
/// renumbers the kept candidates so that none lands on a decided one's IRI
/// (`crate::ingest::stream`), so a decided candidate's triples are never added to.
pub fn without_decided(
    store: &GraphStore,
    sha256: &str,
    triples: Vec<Triple>,
) -> anyhow::Result<(Vec<Triple>, usize)> {
    let decided = decided_in(store, Some(sha256))?;
    if decided.keys.is_empty() {
        return Ok((triples, 0));
    }
    let mut dropped: HashSet<NamedOrBlankNode> = HashSet::new();
    let mut skipped = 0;
    for found in found_candidates(sha256, &triples) {
        if found
            .key
            .is_some_and(|k| decided.keys.contains(&k.to_string()))
        {
            skipped += 1;
            dropped.insert(found.node);
            dropped.extend(found.evidence);
            dropped.extend(found.selector);
        }
    }
    let kept = triples
        .into_iter()
        .filter(|t| !dropped.contains(&t.subject))
        .collect();
    Ok((kept, skipped))
}

/// The triple recording where a document was ingested from (`nk:sourcePath`, the absolute
/// path when it can be found), for its graph: `nkkg review` reads sentences from it.
pub fn source_path_triple(document: &NamedNode, path: &std::path::Path) -> Triple {
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    Triple::new(
        document.clone(),
        nk("sourcePath"),
        string(&path.to_string_lossy()),
    )
}
