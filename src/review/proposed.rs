//! Proposed entities (issue 11, "Entities the graph does not know yet"): a party named in a
//! candidate that the gazetteer does not know. In the candidates graph it is an
//! `nk:ProposedEntity` with `nk:proposedClass` (the `nk:Actor` subclass its cues suggest)
//! and `nk:proposedLabel`, and one `nk:Mention` per span naming it (`nk:mentions` the
//! entity, with its `oa:TextPositionSelector`) — [`triples`] gives exactly that, for the
//! extraction to call. Accepting it ([`acceptance_quads`]) types it with the proposed
//! class and gives it its rdfs:label in the reviewed graph, and records who accepted it
//! when in the decisions graph. An entity with an rdfs:label anywhere is known, not
//! proposed: a proposed IRI that turns out to be an existing actor needs no acceptance.

use std::collections::HashSet;

use oxigraph::model::{BlankNode, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term, Triple};

use super::{decisions_graph, nk, quad, reviewed_graph, string};
use crate::explore::terms::{literal, named};
use crate::prefixes::NKE;
use crate::query::select;
use crate::store::GraphStore;

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
const OA: &str = "http://www.w3.org/ns/oa#";
const DCTERMS_IS_PART_OF: &str = "http://purl.org/dc/terms/isPartOf";

/// A party the extraction found but the gazetteer does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposedEntity {
    /// The name, as the text gives it ("the Wagner Group" gives "Wagner Group").
    pub label: String,
    /// The `nk:Actor` subclass its cues suggest (`nk:ArmedGroup` for "... Brigade").
    pub class: NamedNode,
    /// Where the document names it.
    pub mentions: Vec<ProposedMention>,
}

/// One span naming a proposed entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposedMention {
    /// Start, in code points of the file (inclusive).
    pub start: u32,
    /// End (exclusive).
    pub end: u32,
    /// The sentence containing it, if known.
    pub sentence: Option<NamedNode>,
}

/// The words that identify a proposed entity whatever the surface form: lower-cased,
/// split at whitespace and punctuation, without a leading article ("the", "a", "an") or a
/// possessive `'s` / `’s` ("the Wagner group's" and "Wagner Group" give `wagner group`).
/// Two names with the same words are one proposed entity.
pub fn name_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = name
        .split(|c: char| !is_name_char(c))
        .map(word_key)
        .filter(|w| !w.is_empty())
        .collect();
    // "s" alone is what is left of a possessive written apart ("Wagner Group ' s")
    while words.last().is_some_and(|w| w == "s") && words.len() > 1 {
        words.pop();
    }
    let articles = words
        .iter()
        .take_while(|w| matches!(w.as_str(), "the" | "a" | "an"))
        .count();
    if articles < words.len() {
        words.drain(..articles);
    }
    words
}

/// Whether `c` may stand in a word of a name: a letter, a digit, an apostrophe.
pub fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’'
}

/// One word of a name as [`name_words`] compares it: lower-cased, without a possessive
/// `'s` and without apostrophes ("Group's" gives `group`, "O'Neill" gives `oneill`).
pub fn word_key(word: &str) -> String {
    let apostrophe = |c: char| c == '\'' || c == '’';
    let w = word.trim_matches(apostrophe);
    let w = ["'s", "’s", "'S", "’S"]
        .iter()
        .find_map(|p| w.strip_suffix(p))
        .unwrap_or(w);
    w.chars().filter(|&c| !apostrophe(c)).flat_map(char::to_lowercase).collect()
}

/// The IRI a proposed entity gets, and keeps once accepted: `nke:` followed by the words
/// of its name ([`name_words`]), each capitalised, joined (`Wagner Group`, `the Wagner
/// group's` and `WAGNER GROUP` all give `nke:WagnerGroup`), as the curated actors are
/// named; the same in every document and re-ingestion.
pub fn proposed_iri(label: &str) -> NamedNode {
    let mut local = String::new();
    for word in name_words(label) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            local.extend(first.to_uppercase());
            local.push_str(chars.as_str());
        }
    }
    if local.is_empty() {
        local.push_str("UnnamedEntity");
    }
    NamedNode::new_unchecked(format!("{NKE}{local}"))
}

/// The triples of a proposed entity and of its mentions in `document` (whose SHA-256
/// starts with `key`, 16 hex digits), for the candidates graph, and the entity's IRI, to
/// use as a candidate's `nk:giver` or `nk:receiver`. The extraction sends them to its own
/// sink with the document's candidates.
pub fn triples(
    document: &NamedNode,
    key: &str,
    entity: &ProposedEntity,
) -> (NamedNode, Vec<Triple>) {
    let iri = proposed_iri(&entity.label);
    let ty = NamedNode::new_unchecked(RDF_TYPE);
    let oa = |local: &str| NamedNode::new_unchecked(format!("{OA}{local}"));
    let mut out = vec![
        Triple::new(iri.clone(), ty.clone(), nk("ProposedEntity")),
        Triple::new(iri.clone(), nk("proposedClass"), entity.class.clone()),
        Triple::new(
            iri.clone(),
            nk("proposedLabel"),
            Literal::new_simple_literal(&entity.label),
        ),
    ];
    for m in &entity.mentions {
        let node = NamedNode::new_unchecked(format!(
            "{}-mention-{}-{}",
            document.as_str(),
            m.start,
            m.end
        ));
        let selector = BlankNode::new_unchecked(format!("{key}p{}_{}", m.start, m.end));
        out.push(Triple::new(node.clone(), ty.clone(), nk("Mention")));
        out.push(Triple::new(node.clone(), nk("mentions"), iri.clone()));
        if let Some(sentence) = &m.sentence {
            out.push(Triple::new(
                node.clone(),
                NamedNode::new_unchecked(DCTERMS_IS_PART_OF),
                sentence.clone(),
            ));
        }
        out.push(Triple::new(node.clone(), oa("hasSource"), document.clone()));
        out.push(Triple::new(node, oa("hasSelector"), selector.clone()));
        out.push(Triple::new(
            selector.clone(),
            ty.clone(),
            oa("TextPositionSelector"),
        ));
        out.push(Triple::new(
            selector.clone(),
            oa("start"),
            Literal::from(i64::from(m.start)),
        ));
        out.push(Triple::new(
            selector,
            oa("end"),
            Literal::from(i64::from(m.end)),
        ));
    }
    (iri, out)
}

/// The class `iri` is proposed as, if it is a proposed entity not accepted (or known) nor
/// rejected yet. Documents may propose it with different cues: a specific class (a title
/// makes `nk:Person`) wins over the bare `nk:Actor` of a name without a cue.
pub fn pending_class(store: &GraphStore, iri: &NamedNode) -> anyhow::Result<Option<NamedNode>> {
    let rows = select(
        store,
        &format!("SELECT ?class WHERE {{ {iri} a nk:ProposedEntity ; nk:proposedClass ?class . FILTER NOT EXISTS {{ {iri} rdfs:label ?known }} FILTER NOT EXISTS {{ GRAPH {decisions} {{ ?r a nk:EntityRejection ; nk:decides {iri} }} }} }} ORDER BY (?class = nk:Actor) ?class LIMIT 1", decisions = decisions_graph()),
        &[],
    )?;
    Ok(rows.first().and_then(|r| named(r.get("class"))))
}

/// The proposed entities a reviewer rejected (`nkkg review reject-entity`): a later ingest
/// does not propose them again, and candidates naming them are no longer pending.
pub fn rejected(store: &GraphStore) -> anyhow::Result<HashSet<NamedNode>> {
    let rows = select(
        store,
        &format!("SELECT ?e WHERE {{ GRAPH {} {{ ?r a nk:EntityRejection ; nk:decides ?e }} }}", decisions_graph()),
        &[],
    )?;
    Ok(rows.iter().filter_map(|r| named(r.get("e"))).collect())
}

/// The quads accepting a proposed entity: its class and rdfs:label in the reviewed graph,
/// and an `nk:EntityAcceptance` record (`<entity>-acceptance`) in the decisions graph.
pub fn acceptance_quads(
    store: &GraphStore,
    entity: &NamedNode,
    reviewer: &NamedNode,
    now: &Literal,
) -> anyhow::Result<Vec<Quad>> {
    acceptance_quads_as(store, entity, reviewer, now, &EntityEdits::default())
}

/// A reviewer's corrections to a proposed entity accepted on its own: another label,
/// another class (an `nk:Actor` subclass), a note.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntityEdits {
    /// The label to accept it with instead of the proposed one.
    pub label: Option<String>,
    /// The class to accept it as instead of the proposed one.
    pub class: Option<NamedNode>,
    /// A note kept with the decision.
    pub note: Option<String>,
}

/// [`acceptance_quads`] with the label and class of `edits` where given; otherwise the
/// proposed class (a specific one rather than `nk:Actor` when documents differ) and label.
pub fn acceptance_quads_as(
    store: &GraphStore,
    entity: &NamedNode,
    reviewer: &NamedNode,
    now: &Literal,
    edits: &EntityEdits,
) -> anyhow::Result<Vec<Quad>> {
    let rows = select(
        store,
        &format!("SELECT ?class ?label WHERE {{ {entity} nk:proposedClass ?class ; nk:proposedLabel ?label }} ORDER BY (?class = nk:Actor) ?class ?label LIMIT 1"),
        &[],
    )?;
    let row = rows.first().ok_or_else(|| {
        anyhow::anyhow!("{entity} is not a proposed entity with a class and a label")
    })?;
    let (Some(class), Some(label)) = (named(row.get("class")), literal(row.get("label"))) else {
        anyhow::bail!("{entity} is not a proposed entity with a class and a label");
    };
    let class = edits.class.clone().unwrap_or(class);
    let label = edits
        .label
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map_or(label, Literal::new_simple_literal);
    let (reviewed, decisions) = (reviewed_graph(), decisions_graph());
    let ty = NamedNodeRef::new_unchecked(RDF_TYPE);
    let record = NamedNode::new_unchecked(format!("{}-acceptance", entity.as_str()));
    let prov = |local: &str| NamedNode::new_unchecked(format!("{}{local}", super::decisions::PROV));
    Ok(vec![
        quad(entity.as_ref(), ty, &class, reviewed.as_ref()),
        quad(
            entity.as_ref(),
            NamedNodeRef::new_unchecked(RDFS_LABEL),
            &string(label.value()),
            reviewed.as_ref(),
        ),
        quad(
            record.as_ref(),
            ty,
            &nk("EntityAcceptance"),
            decisions.as_ref(),
        ),
        quad(
            record.as_ref(),
            nk("decides").as_ref(),
            entity,
            decisions.as_ref(),
        ),
        quad(
            record.as_ref(),
            prov("wasAttributedTo").as_ref(),
            reviewer,
            decisions.as_ref(),
        ),
        quad(
            record.as_ref(),
            prov("generatedAtTime").as_ref(),
            now,
            decisions.as_ref(),
        ),
    ]
    .into_iter()
    .chain(edits.note.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(|note| {
        quad(record.as_ref(), nk("note").as_ref(), &string(note), decisions.as_ref())
    }))
    .collect())
}

/// The decision record rejecting a proposed entity, in the decisions graph.
pub(crate) fn rejection_quads(
    record: &NamedNode,
    entity: &NamedNode,
    reviewer: &NamedNode,
    now: &Literal,
    note: Option<&str>,
) -> Vec<Quad> {
    let g = decisions_graph();
    let (g, r) = (g.as_ref(), record.as_ref());
    let prov = |local: &str| NamedNode::new_unchecked(format!("{}{local}", super::decisions::PROV));
    let mut quads = vec![
        quad(r, NamedNodeRef::new_unchecked(RDF_TYPE), &nk("EntityRejection"), g),
        quad(r, nk("decides").as_ref(), entity, g),
        quad(r, prov("wasAttributedTo").as_ref(), reviewer, g),
        quad(r, prov("generatedAtTime").as_ref(), now, g),
    ];
    if let Some(note) = note.map(str::trim).filter(|n| !n.is_empty()) {
        quads.push(quad(r, nk("note").as_ref(), &string(note), g));
    }
    quads
}

/// The proposed entities among `entities` that are decided or known already: accepted
/// (an `nk:EntityAcceptance`, or an rdfs:label anywhere, which makes an actor of the graph)
/// and rejected (an `nk:EntityRejection`).
fn decided_among(
    store: &GraphStore,
    entities: &HashSet<NamedNode>,
) -> anyhow::Result<(HashSet<NamedNode>, HashSet<NamedNode>)> {
    let values: String = entities.iter().map(|e| format!("{e} ")).collect();
    let rows = select(
        store,
        &format!(
            "SELECT ?e ?rejected WHERE {{ VALUES ?e {{ {values} }}
               {{ GRAPH {g} {{ ?r a nk:EntityRejection ; nk:decides ?e }} BIND(true AS ?rejected) }}
               UNION {{ GRAPH {g} {{ ?r a nk:EntityAcceptance ; nk:decides ?e }} BIND(false AS ?rejected) }}
               UNION {{ ?e rdfs:label ?label BIND(false AS ?rejected) }} }}",
            g = decisions_graph()
        ),
        &[],
    )?;
    let (mut accepted, mut rejected) = (HashSet::new(), HashSet::new());
    for row in &rows {
        let Some(e) = named(row.get("e")) else { continue };
        match row.get("rejected") {
            Some(Term::Literal(l)) if l.value() == "true" => rejected.insert(e),
            _ => accepted.insert(e),
        };
    }
    Ok((accepted, rejected))
}

/// The candidate triples of one ingested document (as [`crate::ingest::rdf`] writes them)
/// without what a reviewer decided about its proposed entities: a rejected one
/// (`nkkg review reject-entity`) is left out with its mentions and the candidates naming
/// it (with their evidence); an accepted one (or one that is an actor of the graph by
/// now) is not proposed again — its `nk:ProposedEntity` triples are left out, and the
/// candidates naming it stay, naming an actor. Returns the kept triples and how many
/// candidates were left out.
pub fn without_rejected(
    store: &GraphStore,
    triples: Vec<Triple>,
) -> anyhow::Result<(Vec<Triple>, usize)> {
    let proposed = Term::from(nk("ProposedEntity"));
    let entities: HashSet<NamedNode> = triples
        .iter()
        .filter(|t| t.object == proposed && t.predicate.as_str() == RDF_TYPE)
        .filter_map(|t| match &t.subject {
            NamedOrBlankNode::NamedNode(n) => Some(n.clone()),
            NamedOrBlankNode::BlankNode(_) => None,
        })
        .collect();
    if entities.is_empty() {
        return Ok((triples, 0));
    }
    let (accepted, rejected) = decided_among(store, &entities)?;
    if accepted.is_empty() && rejected.is_empty() {
        return Ok((triples, 0));
    }
    // an accepted entity: its proposal goes, the rest stays
    let (class, label) = (nk("proposedClass"), nk("proposedLabel"));
    let proposal = |t: &Triple| {
        matches!(&t.subject, NamedOrBlankNode::NamedNode(n) if accepted.contains(n))
            && (t.object == proposed && t.predicate.as_str() == RDF_TYPE
                || t.predicate == class
                || t.predicate == label)
    };
    let triples: Vec<Triple> = triples.into_iter().filter(|t| !proposal(t)).collect();
    if rejected.is_empty() {
        return Ok((triples, 0));
    }
    let is_rejected = |t: &Term| matches!(t, Term::NamedNode(n) if rejected.contains(n));
    let (giver, receiver, mentions) = (nk("giver"), nk("receiver"), nk("mentions"));
    let (evidence, selector) = (nk("evidence"), NamedNode::new_unchecked(format!("{OA}hasSelector")));
    let candidate = Term::from(nk("Candidate"));
    let mut dropped: HashSet<NamedOrBlankNode> = triples
        .iter()
        .filter(|t| {
            [&giver, &receiver, &mentions].contains(&&t.predicate) && is_rejected(&t.object)
                || is_rejected(&t.subject.clone().into())
        })
        .map(|t| t.subject.clone())
        .collect();
    let skipped = triples
        .iter()
        .filter(|t| t.predicate.as_str() == RDF_TYPE && t.object == candidate && dropped.contains(&t.subject))
        .count();
    // the evidence of a dropped candidate, then the selectors of dropped nodes
    for link in [&evidence, &selector] {
        let more: Vec<NamedOrBlankNode> = triples
            .iter()
            .filter(|t| t.predicate == *link && dropped.contains(&t.subject))
            .filter_map(|t| match &t.object {
                Term::NamedNode(n) => Some(n.clone().into()),
                Term::BlankNode(b) => Some(b.clone().into()),
                _ => None,
            })
            .collect();
        dropped.extend(more);
    }
    let kept = triples.into_iter().filter(|t| !dropped.contains(&t.subject)).collect();
    Ok((kept, skipped))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_of_a_name_give_one_iri() {
        for form in ["Wagner Group", "the Wagner group", "The Wagner Group's", "WAGNER GROUP", "Wagner-Group", "wagner  group’s", "Wagner Group ' s"] {
            assert_eq!(proposed_iri(form).as_str(), format!("{NKE}WagnerGroup"), "{form}");
        }
        assert_eq!(name_words("O'Neill Foundation"), ["oneill", "foundation"]);
        assert_eq!(name_words("Front for the Liberation of Ruritania"), ["front", "for", "the", "liberation", "of", "ruritania"]);
        assert_eq!(name_words("The"), ["the"], "an article alone stays");
        assert_eq!(proposed_iri("--").as_str(), format!("{NKE}UnnamedEntity"));
    }
}
