//! `nkkg review`: reviewed candidates become curated facts (issue 11, "Review: candidates
//! become facts"; terms in `ontology/ingest.ttl`, facts checked by `ontology/shapes.ttl`).
//!
//! A candidate of `nkg:ingest/candidates` is *pending* until a reviewer decides it:
//! - **accept**: an `nk:Support` or `nk:Supply` is written to the reviewed graph
//!   ([`reviewed_graph`], `nkg:reviewed`) with the candidate's parties, type, polarity and
//!   evidence span, the words that name the parties (`nk:*AsStated`, `nk:*Resolution`),
//!   `prov:wasDerivedFrom` the candidate, `prov:wasAttributedTo` the reviewer and
//!   `prov:generatedAtTime` the time ([`facts`]);
//! - **edit**: the same, with a party, the type or the polarity changed and a note;
//! - **reject**: nothing is written to the reviewed graph.
//!
//! Every decision is kept in the decisions graph ([`decisions_graph`],
//! `nkg:review/decisions`) under the candidate's key ([`decisions::CandidateKey`]), so a
//! re-ingest does not propose a decided candidate again. Parties the gazetteer does not
//! know are proposed entities ([`proposed`]); accepting a candidate that names one needs
//! the entity's acceptance too, and [`entities`] accepts or rejects one on its own.
//!
//! Deciding is one state check and one write in one transaction, under a lock held by the
//! process that owns the store ([`decide`], [`entities::decide_entity`]): of two
//! reviewers deciding the same candidate or proposed entity, the second gets
//! [`ReviewError::Conflict`], never a silent overwrite. Notes longer than [`MAX_NOTE`]
//! characters, and names and labels longer than [`MAX_LABEL`], are refused before
//! anything is read or written.

pub mod batch;
pub mod command;
pub mod decisions;
pub mod entities;
pub mod facts;
pub mod pending;
pub mod proposed;

use std::sync::Mutex;

use oxigraph::model::{GraphNameRef, Literal, NamedNode, NamedNodeRef, Quad, QuadRef};

use crate::prefixes::{NK, NKE, NKG, NKV};
use crate::store::GraphStore;
pub use pending::{Kind, Pending};

/// The named graph of reviewed facts: `nkg:reviewed`.
pub fn reviewed_graph() -> NamedNode {
    NamedNode::new_unchecked(format!("{NKG}reviewed"))
}

/// The named graph of review decisions (acceptances, edits, rejections): `nkg:review/decisions`.
pub fn decisions_graph() -> NamedNode {
    NamedNode::new_unchecked(format!("{NKG}review/decisions"))
}

pub(crate) fn nk(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{NK}{local}"))
}

pub(crate) fn nkv(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{NKV}{local}"))
}

/// What a reviewer decides about a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The candidate is right as it stands.
    Accept,
    /// The candidate is right once edited.
    Edit,
    /// The candidate is wrong.
    Reject,
}

impl Verdict {
    /// The class of the decision record: `nk:Acceptance`, `nk:Edit` or `nk:Rejection`.
    pub fn class(self) -> NamedNode {
        nk(match self {
            Self::Accept => "Acceptance",
            Self::Edit => "Edit",
            Self::Reject => "Rejection",
        })
    }

    /// The verdict as a past participle: "accepted", "edited", "rejected".
    pub fn done(self) -> &'static str {
        match self {
            Self::Accept => "accepted",
            Self::Edit => "edited",
            Self::Reject => "rejected",
        }
    }
}

/// The changes of an edit (all optional) and the reviewer's note.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Edits {
    /// Another giver (supporter or supplier).
    pub giver: Option<NamedNode>,
    /// Another receiver (recipient).
    pub receiver: Option<NamedNode>,
    /// Another type: a concept of nkv:SupportTypes or nkv:ItemCategories (a type of the
    /// other scheme turns a support into a supply or back).
    pub concept: Option<NamedNode>,
    /// Another polarity (nkv:Polarities) or supply status (nkv:SupplyStatuses).
    pub polarity: Option<NamedNode>,
    /// A note in the reviewer's words.
    pub note: Option<String>,
}

impl Edits {
    /// Whether anything but the note changes.
    pub fn changes_fact(&self) -> bool {
        self.giver.is_some()
            || self.receiver.is_some()
            || self.concept.is_some()
            || self.polarity.is_some()
    }
}

/// One decision about one candidate.
#[derive(Debug, Clone)]
pub struct Decision {
    /// The candidate's IRI.
    pub candidate: NamedNode,
    /// Accept, edit or reject.
    pub verdict: Verdict,
    /// The edits (for [`Verdict::Edit`]) and the note (any verdict).
    pub edits: Edits,
    /// Who decides: a name (`$USER` by default on the command line).
    pub reviewer: String,
    /// Whether proposed entities named by the (edited) candidate are accepted with it.
    pub accept_entities: bool,
    /// A folder holding the ingested files, to read the words naming the parties when the
    /// recorded path is gone (`--sources`).
    pub sources: Option<std::path::PathBuf>,
}

/// What a decision wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The decision record in the decisions graph.
    pub decision: NamedNode,
    /// The fact written to the reviewed graph (none for a rejection).
    pub fact: Option<NamedNode>,
    /// The proposed entities accepted with it.
    pub entities: Vec<NamedNode>,
}

/// Why a decision was not written. Every message says what to do instead.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// No candidate (or proposed entity) has that identifier: the sentence saying so.
    #[error("{0}")]
    NotFound(String),
    /// The candidate was decided already (by someone else, or earlier).
    #[error("{0}")]
    Conflict(String),
    /// A party is a proposed entity not accepted yet.
    #[error("{0}")]
    NeedsEntity(String),
    /// The decision asks for something the shapes would refuse.
    #[error("{0}")]
    Invalid(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] anyhow::Error),
}

impl From<oxigraph::store::StorageError> for ReviewError {
    fn from(e: oxigraph::store::StorageError) -> Self {
        Self::Store(e.into())
    }
}

/// Serialises decisions within this process: RocksDB is opened by one process at a time,
/// so together with the state check inside the transaction no two decisions on the same
/// candidate can both be written.
static DECIDING: Mutex<()> = Mutex::new(());

/// Decides one candidate: checks that it exists and is still pending, builds the fact (for
/// an acceptance or edit) and the decision record, and writes them in one transaction.
pub fn decide(store: &GraphStore, decision: &Decision) -> Result<Outcome, ReviewError> {
    decide_within(store, decision, &crate::update::CommitGate::new())
}

/// Like [`decide`], committing only if `gate` was not abandoned first (the server's time
/// limit, as for updates): an abandoned decision writes nothing.
pub fn decide_within(
    store: &GraphStore,
    decision: &Decision,
    gate: &crate::update::CommitGate,
) -> Result<Outcome, ReviewError> {
    if !store.is_persistent() {
        return Err(ReviewError::Invalid(
            "reviewing needs a persistent store: pass --store DIR, the store the candidates were ingested into".into(),
        ));
    }
    if decision.reviewer.trim().is_empty() {
        return Err(ReviewError::Invalid(
            "a decision needs a reviewer name: pass --reviewer NAME (or set $USER)".into(),
        ));
    }
    check_text("reviewer name", &decision.reviewer, MAX_LABEL)?;
    check_note(decision.edits.note.as_deref())?;
    let candidate = pending::load(store, &decision.candidate)?.ok_or_else(|| {
        ReviewError::NotFound(format!(
            "there is no candidate {} in the candidates graph; `nkkg review` lists the pending ones; nothing was written",
            crate::prefixes::shorten(decision.candidate.as_str())
        ))
    })?;
    let key = candidate.key();
    // A decided candidate is answered as such before its edits are checked; the check
    // that counts is the one repeated inside the writing transaction below.
    let earlier = match store.embedded() {
        Some(local) => decisions::find(&local.start_transaction()?, &candidate.iri, &key)?,
        None => decisions::find(store, &candidate.iri, &key)?,
    };
    if let Some(earlier) = earlier {
        return Err(conflict(&candidate.iri, &earlier));
    }
    let now = facts::now();
    let reviewer = facts::reviewer_iri(&decision.reviewer);
    let (mut quads, fact, entities) = match decision.verdict {
        Verdict::Reject => (Vec::new(), None, Vec::new()),
        Verdict::Accept | Verdict::Edit => {
            let plan = facts::plan(store, &candidate, decision)?;
            let entities = plan.entities_to_accept.clone();
            let quads = facts::fact_quads(store, &candidate, &plan, decision, &reviewer, &now)?;
            (quads, Some(plan.fact.clone()), entities)
        }
    };
    let record = decisions::record_iri(&candidate.iri);
    quads.extend(decisions::record_quads(
        &record,
        decision,
        &key,
        &reviewer,
        &now,
        fact.as_ref(),
    ));
    let _guard = DECIDING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let Some(local) = store.embedded() else {
        // A remote store has no transaction to read and write in: the check is repeated
        // under the lock (which orders this process's decisions), then the quads are sent
        // in one request.
        if let Some(earlier) = decisions::find(store, &candidate.iri, &key)? {
            return Err(conflict(&candidate.iri, &earlier));
        }
        for entity in &entities {
            self::entities::refuse_a_second_decision(store, entity)?;
        }
        if !gate.begin_commit() {
            return Err(ReviewError::Store(oxigraph::sparql::QueryEvaluationError::Cancelled.into()));
        }
        store.insert(quads)?;
        return Ok(Outcome { decision: record, fact, entities });
    };
    let mut transaction = local.start_transaction()?;
    if let Some(earlier) = decisions::find(&transaction, &candidate.iri, &key)? {
        return Err(conflict(&candidate.iri, &earlier));
    }
    // a proposed entity accepted with the candidate may have been decided meanwhile
    for entity in &entities {
        self::entities::refuse_a_second_decision(&transaction, entity)?;
    }
    for quad in &quads {
        transaction.insert(quad);
    }
    if !gate.begin_commit() {
        // Dropping the transaction discards its writes.
        return Err(ReviewError::Store(
            oxigraph::sparql::QueryEvaluationError::Cancelled.into(),
        ));
    }
    transaction.commit()?;
    Ok(Outcome {
        decision: record,
        fact,
        entities,
    })
}

/// The longest note a decision keeps, in characters: a reviewer's remark, not a document
/// (cite a longer text by its address instead).
pub const MAX_NOTE: usize = 4000;

/// The longest reviewer name or entity label, in characters.
pub const MAX_LABEL: usize = 200;

/// Refuses a note longer than [`MAX_NOTE`].
pub(crate) fn check_note(note: Option<&str>) -> Result<(), ReviewError> {
    note.map_or(Ok(()), |n| check_text("note", n, MAX_NOTE))
}

/// Refuses a `what` longer than `max` characters, or holding control characters other
/// than line breaks and tabs, with a sentence saying so; nothing is written.
pub(crate) fn check_text(what: &str, text: &str, max: usize) -> Result<(), ReviewError> {
    let length = text.chars().count();
    if length > max {
        return Err(ReviewError::Invalid(format!(
            "the {what} is {length} characters long, more than the {max} a decision keeps; shorten it (cite a longer text by its address); nothing was written"
        )));
    }
    if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')) {
        return Err(ReviewError::Invalid(format!(
            "the {what} holds control characters; send plain text; nothing was written"
        )));
    }
    Ok(())
}

fn conflict(candidate: &NamedNode, earlier: &decisions::Earlier) -> ReviewError {
    ReviewError::Conflict(format!(
        "candidate {} was already {} by {} at {}; nothing was written (reload the pending list)",
        crate::prefixes::shorten(candidate.as_str()),
        earlier.verdict.done(),
        earlier.reviewer,
        earlier.time
    ))
}

/// A quad in a named graph, borrowed.
pub(crate) fn quad<'a>(
    s: NamedNodeRef<'a>,
    p: NamedNodeRef<'a>,
    o: impl Into<oxigraph::model::TermRef<'a>>,
    g: NamedNodeRef<'a>,
) -> Quad {
    QuadRef::new(s, p, o.into(), GraphNameRef::NamedNode(g)).into_owned()
}

/// A plain string literal.
pub(crate) fn string(text: &str) -> Literal {
    Literal::new_simple_literal(text)
}

/// Turns what a user types for a candidate or entity into an IRI: a full IRI (with or
/// without angle brackets), a prefixed name (`nke:Turkey`), or a local name of `nke:`
/// (`doc-0123456789abcdef-candidate-3`, as `nkkg review` lists them).
pub fn parse_id(text: &str) -> Result<NamedNode, ReviewError> {
    let text = text.trim().trim_start_matches('<').trim_end_matches('>');
    let iri = if text.contains("://") || text.starts_with("urn:") {
        NamedNode::new(text).ok()
    } else if text.contains(':') {
        crate::prefixes::expand(text)
    } else {
        NamedNode::new(format!("{NKE}{text}")).ok()
    };
    iri.ok_or_else(|| {
        ReviewError::Invalid(format!(
            "'{text}' is not an IRI, a prefixed name (nke:Turkey) or a candidate id"
        ))
    })
}
