//! `nkkg update`: SPARQL 1.1 Update against a persistent or remote store. The bundled graph is
//! rebuilt from the binary at every start, so updating it would silently do nothing:
//! such requests are refused.
//!
//! An update runs in one transaction (SPARQL 1.1 Update §2.2: a request is applied as a
//! whole or not at all). A [`CommitGate`] lets whoever enforces a time limit abandon the
//! update: its evaluation is cancelled and, unless the commit had already begun, the
//! transaction is dropped unwritten. So a time-out answered to a client always means that
//! nothing was written.

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;

use oxigraph::sparql::{CancellationToken, QueryEvaluationError, SparqlEvaluator};
use spargebra::SparqlParser;

use crate::error::{sparql_syntax_error, NkkgError};
use crate::prefixes::PREFIXES;
use crate::query::Input;
use crate::sparql_limits;
use crate::store::GraphStore;

/// The one-time choice between committing an update and abandoning it at its deadline.
/// Clones share the choice.
#[derive(Clone, Default)]
pub struct CommitGate {
    state: Arc<AtomicU8>,
    token: CancellationToken,
}

const OPEN: u8 = 0;
const COMMITTING: u8 = 1;
const ABANDONED: u8 = 2;

impl CommitGate {
    /// A gate that neither committed nor was abandoned yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Cancels the update's evaluation and, unless its commit has begun, makes sure it
    /// never will. Returns `true` when the update is abandoned (nothing is or will be
    /// written), `false` when the commit had begun first (wait for its outcome).
    pub fn abandon(&self) -> bool {
        self.token.cancel();
        match self.state.compare_exchange(OPEN, ABANDONED, Ordering::SeqCst, Ordering::SeqCst) {
            Ok(_) => true,
            Err(state) => state == ABANDONED,
        }
    }

    /// Claims the right to commit: `false` when the update was abandoned first. (Also used
    /// by `review::decide_within`, whose decisions are writes under the same deadline.)
    pub(crate) fn begin_commit(&self) -> bool {
        self.state.compare_exchange(OPEN, COMMITTING, Ordering::SeqCst, Ordering::SeqCst).is_ok()
    }
}

/// Parses and applies an update (SPARQL 1.1 Update §3) with the project's prefixes.
pub fn apply(store: &GraphStore, text: &str) -> anyhow::Result<()> {
    apply_within(store, text, &CommitGate::new())
}

/// Like [`apply`], in a transaction committed only if `gate` was not abandoned first; an
/// abandoned update fails with [`QueryEvaluationError::Cancelled`] and writes nothing.
pub fn apply_within(store: &GraphStore, text: &str, gate: &CommitGate) -> anyhow::Result<()> {
    if !store.is_persistent() {
        return Err(NkkgError::Usage(
            "updates need a persistent store: the bundled graph is read-only and rebuilt at every start; \
             pass --store DIR (a new store is seeded with the bundled graph)"
                .into(),
        )
        .into());
    }
    let update = sparql_limits::parse(text, |text| {
        let mut parser = SparqlParser::new();
        for (prefix, ns) in PREFIXES {
            parser = parser.with_prefix(*prefix, *ns).expect("project prefixes are valid IRIs");
        }
        parser.parse_update(text).map_err(|e| sparql_syntax_error(text, &e.to_string()))
    })?;
    let Some(local) = store.embedded() else {
        // A remote store applies the request as a whole itself (SPARQL 1.1 Update §2.2);
        // once sent it cannot be called back, so the gate is claimed first.
        let remote = store.endpoint().expect("a store is embedded or remote");
        if !gate.begin_commit() {
            return Err(QueryEvaluationError::Cancelled.into());
        }
        return remote.update(&update.to_string());
    };
    let mut transaction = local.start_transaction()?;
    SparqlEvaluator::new().with_cancellation_token(gate.token.clone()).for_update(update).on_transaction(&mut transaction).execute()?;
    if !gate.begin_commit() {
        // Dropping the transaction discards its writes.
        return Err(QueryEvaluationError::Cancelled.into());
    }
    transaction.commit()?;
    Ok(())
}

/// What `nkkg update` applies.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The update text: given, in a file, or on standard input.
    pub update: Input,
}

/// `nkkg update`: reads the update and applies it, on a thread whose stack holds any
/// update within `sparql_limits`.
pub fn run(store: &GraphStore, options: &Options) -> anyhow::Result<()> {
    let text = options.update.read()?;
    sparql_limits::with_stack(|| apply(store, &text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_abandoned_update_writes_nothing_and_a_committing_one_cannot_be_abandoned() {
        let dir = tempfile::tempdir().unwrap();
        let store = GraphStore::open(dir.path()).unwrap();
        let name = oxigraph::model::NamedNodeRef::new_unchecked("urn:a");
        let quad = oxigraph::model::QuadRef::new(name, name, name, oxigraph::model::GraphNameRef::DefaultGraph);
        let gate = CommitGate::new();
        assert!(gate.abandon());
        let error = apply_within(&store, "INSERT DATA { <urn:a> <urn:a> <urn:a> }", &gate).unwrap_err();
        assert!(crate::query::is_cancelled(&error), "{error}");
        assert!(!store.store().contains(quad).unwrap());
        let gate = CommitGate::new();
        apply_within(&store, "INSERT DATA { <urn:a> <urn:a> <urn:a> }", &gate).unwrap();
        assert!(!gate.abandon(), "the commit had begun");
        assert!(store.store().contains(quad).unwrap());
    }
}
