//! Adding an ingested document to a store, as a first ingest or a re-ingest (issue 11, "a
//! reviewer loses nothing"). The document's own graph and its undecided candidates are
//! derived from its text and the pipeline; a re-ingest (a new nkkg, a gazetteer grown by an
//! accepted entity) replaces them, and never touches what a reviewer decided.
//!
//! In one transaction of an embedded store:
//! 1. the document's graph (`nkg:ingest/doc-<hash>`) is emptied: nothing outside it points
//!    into its blank nodes (its selectors are named `_:{key}h…`, `p…`, `s…`, `m…`; the
//!    candidates graph uses `c`, `e` and `p<start>_<end>`; facts have their own);
//! 2. the document's candidates that no decision names are removed, with their evidence
//!    and selectors, and so are the document's mentions of proposed entities;
//! 3. the new RDF is added. A new candidate the same as a removed one (same giver,
//!    receiver, type, polarity and evidence span) keeps its IRI, so an id a reviewer has
//!    on screen still means the same statement; any other one is numbered after the
//!    highest number the store held for the document, so no candidate lands on the IRI of
//!    a decided one (which `prov:wasDerivedFrom` of its fact points to), nor on that of an
//!    undecided one that went away. Its evidence and selector are named after its number
//!    ([`rdf::candidate_evidence`]). A candidate whose key was decided, or that names a
//!    rejected entity, is not proposed again.
//!
//! A remote store has no transaction: steps 1 and 2 are one SPARQL update, step 3 the
//! usual batched insert.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use anyhow::Context;
use oxigraph::model::{
    GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term, Triple,
};

use super::super::rdf;
use super::super::{Document, Pipeline};
use crate::explore::terms::named;
use crate::prefixes::NK;
use crate::query::select;
use crate::review::decisions::{self, FoundCandidate};
use crate::store::GraphStore;

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const OA: &str = "http://www.w3.org/ns/oa#";

/// What makes two candidates of one document the same statement: giver, receiver, type,
/// polarity and evidence span.
type Identity = (NamedNode, NamedNode, NamedNode, NamedNode, u32, u32);

/// A candidate of the document already in the store.
#[derive(Debug, Default)]
struct Held {
    /// Whether a decision names it.
    decided: bool,
    /// The statements its triples make (one, unless an older nkkg piled two onto it).
    identities: BTreeSet<Identity>,
}

/// Adds `doc` (read from `path`) to `store` as the module comment says; returns the quads
/// added and how many candidates were left out as decided or naming a rejected entity.
pub(super) fn store_document(
    store: &GraphStore,
    pipeline: &Pipeline,
    doc: &Document,
    path: &Path,
) -> anyhow::Result<(usize, usize)> {
    let mut rdf = rdf::document_rdf(pipeline, doc);
    // review (src/review): the file's path, to show sentences
    rdf.triples
        .push(decisions::source_path_triple(&doc.iri, path));
    let (kept, decided) = decisions::without_decided(store, &doc.sha256, rdf.candidates)?;
    // nor a proposed entity a reviewer rejected, nor the candidates naming it
    let (kept, rejected) = crate::review::proposed::without_rejected(store, kept)?;
    let held = held_candidates(store, &doc.iri)?;
    let candidates = renumber(&doc.iri, &doc.sha256, &held, kept);
    let undecided: Vec<NamedNode> = held
        .iter()
        .filter(|(_, h)| !h.decided)
        .map(|(&n, _)| rdf::candidate_iri(&doc.iri, n))
        .collect();
    let graph = GraphName::from(rdf.graph.clone());
    let candidates_graph = GraphName::from(rdf::candidates_graph());
    let quads = rdf.triples.len() + candidates.len();
    let new = rdf
        .triples
        .into_iter()
        .map(|t| t.in_graph(graph.clone()))
        .chain(
            candidates
                .into_iter()
                .map(|t| t.in_graph(candidates_graph.clone())),
        );
    let Some(local) = store.embedded() else {
        remote_replace(store, &doc.iri, &rdf.graph, &undecided)?;
        store
            .insert(new)
            .context("cannot add the ingested graphs to the store")?;
        return Ok((quads, decided + rejected));
    };
    let mut transaction = local.start_transaction()?;
    let decisions_graph = crate::review::decisions_graph();
    let decides = NamedNode::new_unchecked(format!("{NK}decides"));
    for c in &undecided {
        let pattern = transaction.quads_for_pattern(
            None,
            Some(decides.as_ref()),
            Some(c.as_ref().into()),
            Some(GraphNameRef::NamedNode(decisions_graph.as_ref())),
        );
        if pattern.count() > 0 {
            anyhow::bail!(
                "{} was decided while {} was being ingested; run the ingest again",
                crate::prefixes::shorten(c.as_str()),
                path.display()
            );
        }
    }
    let mut removed: Vec<Quad> = Vec::new();
    let graph_ref = GraphNameRef::NamedNode(rdf.graph.as_ref());
    for q in transaction.quads_for_pattern(None, None, None, Some(graph_ref)) {
        removed.push(q?);
    }
    let candidates_name = rdf::candidates_graph();
    let candidates_ref = GraphNameRef::NamedNode(candidates_name.as_ref());
    let mention_prefix = format!("{}-mention-", doc.iri.as_str());
    let mention_class = NamedNode::new_unchecked(format!("{NK}Mention"));
    let mut roots: Vec<NamedOrBlankNode> = undecided.iter().cloned().map(Into::into).collect();
    for q in transaction.quads_for_pattern(
        None,
        Some(NamedNodeRef::new_unchecked(RDF_TYPE)),
        Some(mention_class.as_ref().into()),
        Some(candidates_ref),
    ) {
        let q = q?;
        if matches!(&q.subject, NamedOrBlankNode::NamedNode(n) if n.as_str().starts_with(&mention_prefix))
        {
            roots.push(q.subject);
        }
    }
    // each root, then what it links to by nk:evidence and oa:hasSelector
    let links = [format!("{NK}evidence"), format!("{OA}hasSelector")];
    let mut seen: HashSet<NamedOrBlankNode> = HashSet::new();
    while let Some(node) = roots.pop() {
        if !seen.insert(node.clone()) {
            continue;
        }
        for q in
            transaction.quads_for_pattern(Some(node.as_ref()), None, None, Some(candidates_ref))
        {
            let q = q?;
            if links.iter().any(|l| l == q.predicate.as_str()) {
                match &q.object {
                    Term::NamedNode(n) => roots.push(n.clone().into()),
                    Term::BlankNode(b) => roots.push(b.clone().into()),
                    _ => {}
                }
            }
            removed.push(q);
        }
    }
    for q in &removed {
        transaction.remove(q);
    }
    for q in new {
        transaction.insert(&q);
    }
    transaction
        .commit()
        .context("cannot replace the ingested graphs in the store")?;
    Ok((quads, decided + rejected))
}

/// The document's candidates in the store, by number.
fn held_candidates(store: &GraphStore, document: &NamedNode) -> anyhow::Result<HashMap<u64, Held>> {
    let prefix = format!("{}-candidate-", document.as_str());
    let rows = select(
        store,
        &format!(
            "SELECT ?c ?giver ?receiver ?type ?polarity ?start ?end ?decision WHERE {{
               GRAPH <{candidates}> {{ ?c a nk:Candidate . FILTER(STRSTARTS(STR(?c), \"{prefix}\"))
                 OPTIONAL {{ ?c nk:giver ?giver ; nk:receiver ?receiver ; nk:candidateType ?type ; nk:candidatePolarity ?polarity ;
                   nk:evidence ?ev . ?ev oa:hasSelector ?sel . ?sel oa:start ?start ; oa:end ?end }} }}
               OPTIONAL {{ GRAPH <{decisions}> {{ ?decision nk:decides ?c }} }} }}",
            candidates = rdf::candidates_graph().as_str(),
            decisions = crate::review::decisions_graph().as_str(),
        ),
        &[],
    )?;
    let mut held: HashMap<u64, Held> = HashMap::new();
    for row in rows {
        let Some(c) = named(row.get("c")) else {
            continue;
        };
        let Some(n) = rdf::candidate_number(document, c.as_str()) else {
            continue;
        };
        let entry = held.entry(n).or_default();
        entry.decided |= row.get("decision").is_some();
        let number = |v: &str| match row.get(v) {
            Some(Term::Literal(l)) => l.value().parse::<u32>().ok(),
            _ => None,
        };
        let identity = (|| {
            Some((
                named(row.get("giver"))?,
                named(row.get("receiver"))?,
                named(row.get("type"))?,
                named(row.get("polarity"))?,
                number("start")?,
                number("end")?,
            ))
        })();
        entry.identities.extend(identity);
    }
    Ok(held)
}

/// The identity of a freshly extracted candidate.
fn identity(found: &FoundCandidate) -> Option<Identity> {
    let key = found.key.as_ref()?;
    Some((
        key.giver.clone(),
        key.receiver.clone(),
        key.concept.clone(),
        found.polarity.clone()?,
        key.start,
        key.end,
    ))
}

/// The candidate triples with each candidate, its evidence and selector renamed to the
/// number it gets in the store (see the module comment).
fn renumber(
    document: &NamedNode,
    sha256: &str,
    held: &HashMap<u64, Held>,
    triples: Vec<Triple>,
) -> Vec<Triple> {
    let key = &sha256[..16];
    // an undecided held candidate making exactly one statement can hand its number on
    let mut reusable: HashMap<Identity, u64> = HashMap::new();
    for (&n, h) in held {
        if let (false, 1) = (h.decided, h.identities.len()) {
            let identity = h.identities.iter().next().expect("one identity").clone();
            reusable
                .entry(identity)
                .and_modify(|m| *m = (*m).min(n))
                .or_insert(n);
        }
    }
    let mut next = held.keys().copied().max().unwrap_or(0);
    let mut renamed: HashMap<NamedOrBlankNode, NamedOrBlankNode> = HashMap::new();
    for found in decisions::found_candidates(sha256, &triples) {
        let n = match identity(&found).and_then(|i| reusable.remove(&i)) {
            Some(n) => n,
            None => {
                next += 1;
                next
            }
        };
        renamed.insert(found.node, rdf::candidate_iri(document, n).into());
        if let Some(evidence) = found.evidence {
            renamed.insert(evidence, rdf::candidate_evidence(key, n).into());
        }
        if let Some(selector) = found.selector {
            renamed.insert(selector, rdf::candidate_selector(key, n).into());
        }
    }
    if renamed.iter().all(|(from, to)| from == to) {
        return triples;
    }
    let term = |t: Term| match &t {
        Term::NamedNode(n) => renamed
            .get(&n.clone().into())
            .map_or(t, |r| r.clone().into()),
        Term::BlankNode(b) => renamed
            .get(&b.clone().into())
            .map_or(t, |r| r.clone().into()),
        _ => t,
    };
    triples
        .into_iter()
        .map(|t| {
            let subject = renamed.get(&t.subject).cloned().unwrap_or(t.subject);
            Triple::new(subject, t.predicate, term(t.object))
        })
        .collect()
}

/// Steps 1 and 2 of the module comment on a remote store, in one SPARQL update.
fn remote_replace(
    store: &GraphStore,
    document: &NamedNode,
    graph: &NamedNode,
    undecided: &[NamedNode],
) -> anyhow::Result<()> {
    let remote = store
        .endpoint()
        .expect("a store that is not embedded is remote");
    remote
        .update(&removal_update(document, graph, undecided))
        .with_context(|| {
            format!(
                "cannot remove the earlier ingest of {document} from {}",
                remote.endpoint()
            )
        })
}

/// The SPARQL update removing the document's graph, its `undecided` candidates (with
/// their evidence and selectors) and its mentions of proposed entities.
fn removal_update(document: &NamedNode, graph: &NamedNode, undecided: &[NamedNode]) -> String {
    let candidates = rdf::candidates_graph();
    let values: String = undecided.iter().map(|c| format!("{c} ")).collect();
    format!(
        "DROP SILENT GRAPH {graph} ;
         DELETE {{ GRAPH {candidates} {{ ?c ?p ?o . ?e ?ep ?eo . ?s ?sp ?so }} }}
         WHERE {{ GRAPH {candidates} {{
           {{ VALUES ?c {{ {values} }} }} UNION {{ ?c a <{NK}Mention> FILTER(STRSTARTS(STR(?c), \"{document}-mention-\")) }}
           ?c ?p ?o
           OPTIONAL {{ ?c <{NK}evidence> ?e . ?e ?ep ?eo }}
           OPTIONAL {{ ?c <{NK}evidence>?/<{OA}hasSelector> ?s . ?s ?sp ?so }} }} }}",
        document = document.as_str(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{BlankNode, Literal, Quad};
    use oxigraph::store::Store;

    #[test]
    fn the_remote_removal_takes_the_graph_undecided_candidates_and_proposed_mentions_only() {
        let doc = NamedNode::new_unchecked("https://w3id.org/nkkg/id/doc-0123456789abcdef");
        let graph =
            NamedNode::new_unchecked("https://w3id.org/nkkg/graph/ingest/doc-0123456789abcdef");
        let candidates = rdf::candidates_graph();
        let nk = |l: &str| NamedNode::new_unchecked(format!("{NK}{l}"));
        let oa = |l: &str| NamedNode::new_unchecked(format!("{OA}{l}"));
        let store = Store::new().unwrap();
        let add = |s: NamedOrBlankNode, p: NamedNode, o: Term, g: &NamedNode| {
            store.insert(&Quad::new(s, p, o, g.clone())).unwrap();
        };
        add(
            doc.clone().into(),
            nk("fileName"),
            Literal::from("a.txt").into(),
            &graph,
        );
        for n in [1, 2] {
            let (c, e, sel) = (
                rdf::candidate_iri(&doc, n),
                rdf::candidate_evidence("0123456789abcdef", n),
                rdf::candidate_selector("0123456789abcdef", n),
            );
            add(c.clone().into(), nk("giver"), nk("x").into(), &candidates);
            add(c.into(), nk("evidence"), e.clone().into(), &candidates);
            add(e.into(), oa("hasSelector"), sel.clone().into(), &candidates);
            add(
                sel.into(),
                oa("start"),
                Literal::from(3).into(),
                &candidates,
            );
        }
        let mention = NamedNode::new_unchecked(format!("{}-mention-3-9", doc.as_str()));
        let selector = BlankNode::new_unchecked("0123456789abcdefp3_9");
        add(
            mention.clone().into(),
            NamedNode::new_unchecked(RDF_TYPE),
            nk("Mention").into(),
            &candidates,
        );
        add(
            mention.into(),
            oa("hasSelector"),
            selector.clone().into(),
            &candidates,
        );
        add(
            selector.into(),
            oa("start"),
            Literal::from(3).into(),
            &candidates,
        );
        let entity = NamedNode::new_unchecked("https://w3id.org/nkkg/id/Kestrel");
        add(
            entity.into(),
            nk("proposedLabel"),
            Literal::from("Kestrel").into(),
            &candidates,
        );
        store
            .update(removal_update(&doc, &graph, &[rdf::candidate_iri(&doc, 1)]).as_str())
            .unwrap();
        let mut left: Vec<String> = store
            .iter()
            .map(|q| {
                let q = q.unwrap();
                format!("{} {}", q.subject, q.predicate)
            })
            .collect();
        left.sort();
        let expected = [
            "<https://w3id.org/nkkg/id/Kestrel> <{NK}proposedLabel>".to_owned(),
            format!("<https://w3id.org/nkkg/id/doc-0123456789abcdef-candidate-2> <{NK}evidence>"),
            format!("<https://w3id.org/nkkg/id/doc-0123456789abcdef-candidate-2> <{NK}giver>"),
            format!("_:0123456789abcdefc2 <{OA}start>"),
            format!("_:0123456789abcdefe2 <{OA}hasSelector>"),
        ];
        let expected: Vec<String> = expected.iter().map(|e| e.replace("{NK}", NK)).collect();
        assert_eq!(left, expected);
    }
}
