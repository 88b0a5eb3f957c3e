//! Decisions about proposed entities on their own (issue 11, "Entities the graph does not
//! know yet"; `nkkg review accept-entity` / `reject-entity`): accepting one, possibly with
//! another label or class, writes it as an actor to the reviewed graph
//! ([`super::proposed::acceptance_quads_as`]); rejecting one writes an
//! `nk:EntityRejection`, after which candidates naming it are no longer pending and a
//! later ingest leaves it out ([`super::proposed::without_rejected`]). Accepting a
//! candidate together with its proposed parties is [`super::decide`] with
//! `accept_entities`.

use oxigraph::model::{NamedNode, NamedNodeRef, Term};

use super::proposed::{acceptance_quads_as, rejection_quads, EntityEdits};
use super::{decisions_graph, nk, quad, string, ReviewError};
use crate::query::select;
use crate::store::{GraphStore, QuadSource};

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";

/// What a reviewer decides about a proposed entity on its own (`nkkg review
/// accept-entity` / `reject-entity`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntityVerdict {
    /// Accept it, with the corrections given.
    Accept(EntityEdits),
    /// Reject it: no actor is written, candidates naming it are no longer pending, and a
    /// later ingest does not propose it again.
    Reject {
        /// Why.
        note: Option<String>,
    },
}

/// Accepts or rejects a proposed entity, in one transaction under the review lock (see
/// [`super::decide`]). A second decision on the same entity is a conflict naming who
/// took the first and when.
pub fn decide_entity(
    store: &GraphStore,
    entity: &NamedNode,
    verdict: &EntityVerdict,
    reviewer_name: &str,
) -> Result<NamedNode, ReviewError> {
    decide_entity_within(store, entity, verdict, reviewer_name, &crate::update::CommitGate::new())
}

/// Like [`decide_entity`], committing only if `gate` was not abandoned first (the
/// server's time limit, as for updates): an abandoned decision writes nothing.
pub fn decide_entity_within(
    store: &GraphStore,
    entity: &NamedNode,
    verdict: &EntityVerdict,
    reviewer_name: &str,
    gate: &crate::update::CommitGate,
) -> Result<NamedNode, ReviewError> {
    let note = match verdict {
        EntityVerdict::Accept(edits) => edits.note.as_deref(),
        EntityVerdict::Reject { note } => note.as_deref(),
    };
    super::check_note(note)?;
    if let EntityVerdict::Accept(EntityEdits { label: Some(label), .. }) = verdict {
        super::check_text("label", label, super::MAX_LABEL)?;
    }
    if !store.is_persistent() {
        return Err(ReviewError::Invalid(
            "reviewing needs a persistent store: pass --store DIR, the store the candidates were ingested into".into(),
        ));
    }
    if reviewer_name.trim().is_empty() {
        return Err(ReviewError::Invalid(
            "a decision needs a reviewer name: pass --reviewer NAME (or set $USER)".into(),
        ));
    }
    let short = crate::prefixes::shorten(entity.as_str());
    let proposed = select(
        store,
        &format!("SELECT ?label WHERE {{ {entity} a nk:ProposedEntity ; nk:proposedLabel ?label }} LIMIT 1"),
        &[],
    )?;
    if proposed.is_empty() {
        return Err(ReviewError::NotFound(format!(
            "there is no proposed entity {short}; `nkkg review` shows the proposed parties of the pending candidates; nothing was written"
        )));
    }
    if let EntityVerdict::Accept(EntityEdits {
        class: Some(class), ..
    }) = verdict
    {
        let actor = select(
            store,
            &format!("SELECT ?c WHERE {{ VALUES ?c {{ {class} }} ?c rdfs:subClassOf* nk:Actor }} LIMIT 1"),
            &[],
        )?;
        if actor.is_empty() {
            return Err(ReviewError::Invalid(format!(
                "{} is not a class of actors; use one of nk:State, nk:ArmedGroup, nk:Person, nk:Company, nk:PoliticalParty, nk:GovernmentBody, nk:NonGovernmentalOrganisation, ...",
                crate::prefixes::shorten(class.as_str())
            )));
        }
    }
    let now = super::facts::now();
    let reviewer = super::facts::reviewer_iri(reviewer_name);
    let (record, mut quads) = match verdict {
        EntityVerdict::Accept(edits) => (
            NamedNode::new_unchecked(format!("{}-acceptance", entity.as_str())),
            acceptance_quads_as(store, entity, &reviewer, &now, edits)?,
        ),
        EntityVerdict::Reject { note } => {
            let record = NamedNode::new_unchecked(format!("{}-rejection", entity.as_str()));
            let quads = rejection_quads(&record, entity, &reviewer, &now, note.as_deref());
            (record, quads)
        }
    };
    let g = decisions_graph();
    let ty = NamedNodeRef::new_unchecked(RDF_TYPE);
    quads.push(quad(
        reviewer.as_ref(),
        ty,
        &NamedNode::new_unchecked(format!("{}Agent", super::decisions::PROV)),
        g.as_ref(),
    ));
    quads.push(quad(
        reviewer.as_ref(),
        NamedNodeRef::new_unchecked(RDFS_LABEL),
        &string(reviewer_name.trim()),
        g.as_ref(),
    ));
    let _guard = super::DECIDING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let Some(local) = store.embedded() else {
        // A remote store has no transaction: the check is made under the lock (which
        // orders this process's decisions), then the quads go in one request.
        refuse_a_second_decision(store, entity)?;
        if !gate.begin_commit() {
            return Err(ReviewError::Store(oxigraph::sparql::QueryEvaluationError::Cancelled.into()));
        }
        store.insert(quads)?;
        return Ok(record);
    };
    let mut transaction = local.start_transaction()?;
    refuse_a_second_decision(&transaction, entity)?;
    for q in &quads {
        transaction.insert(q);
    }
    if !gate.begin_commit() {
        // Dropping the transaction discards its writes.
        return Err(ReviewError::Store(oxigraph::sparql::QueryEvaluationError::Cancelled.into()));
    }
    transaction.commit()?;
    Ok(record)
}

/// A conflict when `entity` was already accepted or rejected (on its own or with a
/// candidate naming it), naming who decided and when, or is already an actor of the graph
/// (it has a label); read from the store or from the transaction that would write the
/// decision.
pub(super) fn refuse_a_second_decision(source: &dyn QuadSource, entity: &NamedNode) -> Result<(), ReviewError> {
    let short = crate::prefixes::shorten(entity.as_str());
    let decides = nk("decides");
    let g = decisions_graph();
    let graph = Some(g.as_ref().into());
    let earlier = source
        .quads(None, Some(decides.as_ref()), Some(entity.as_ref().into()), graph)?
        .into_iter()
        .next();
    if let Some(earlier) = earlier {
        let record = earlier.subject;
        let object = |p: &str| -> Result<Option<Term>, ReviewError> {
            let p = NamedNode::new_unchecked(p);
            Ok(source.quads(Some(record.as_ref()), Some(p.as_ref()), None, graph)?.into_iter().next().map(|q| q.object))
        };
        let rejection = Term::from(nk("EntityRejection"));
        let rejected = source
            .quads(Some(record.as_ref()), Some(NamedNodeRef::new_unchecked(RDF_TYPE)), Some(rejection.as_ref()), graph)?
            .first()
            .is_some();
        let what = if rejected { "rejected" } else { "accepted" };
        let who = match object(&format!("{}wasAttributedTo", super::decisions::PROV))? {
            Some(Term::NamedNode(agent)) => {
                let label = NamedNodeRef::new_unchecked(RDFS_LABEL);
                match source.quads(Some(agent.as_ref().into()), Some(label), None, graph)?.into_iter().next() {
                    Some(q) => match q.object {
                        Term::Literal(l) => l.value().to_owned(),
                        other => other.to_string(),
                    },
                    None => crate::prefixes::shorten(agent.as_str()),
                }
            }
            _ => "an unknown reviewer".to_owned(),
        };
        let when = match object(&format!("{}generatedAtTime", super::decisions::PROV))? {
            Some(Term::Literal(l)) => l.value().to_owned(),
            _ => "an unknown time".to_owned(),
        };
        return Err(ReviewError::Conflict(format!(
            "the proposed entity {short} was already {what} by {who} at {when}; nothing was written (reload the pending list)"
        )));
    }
    let known = source.quads(Some(entity.as_ref().into()), Some(NamedNodeRef::new_unchecked(RDFS_LABEL)), None, None)?;
    if !known.is_empty() {
        return Err(ReviewError::Conflict(format!(
            "{short} is already an actor of the graph (it has a label); nothing was written"
        )));
    }
    Ok(())
}
