//! The [`Frozen`] dataset as spareval's `QueryableDataset`, the trait Oxigraph's evaluator
//! runs queries on (`PreparedSparqlQuery::on_queryable_dataset`): terms are their `u32`
//! numbers in the bundle, and a term a query names that the bundle does not have gets a
//! number above them in an overlay of the one evaluation (it matches no quad).
//!
//! The dataset specification (the union default graph, FROM / FROM NAMED) and the
//! cancellation token are spareval's, as on Oxigraph's store: spareval asks for quads of
//! "any named graph" (`None`) for the union default graph, and looks at the token before
//! each quad it takes.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use oxigraph::model::Term;
use spareval::{InternalQuad, QueryableDataset};

use super::{Frozen, Matches};
use crate::bundle::PreparedError;

/// One evaluation's view of a [`Frozen`] dataset, with the overlay of the terms its query
/// names that the bundle does not have.
pub struct FrozenView {
    frozen: Arc<Frozen>,
    overlay: RefCell<Overlay>,
}

/// The terms an evaluation made that the bundle does not have, numbered from the bundle's
/// term count up.
#[derive(Default)]
struct Overlay {
    terms: Vec<Term>,
    numbers: HashMap<Term, u32>,
}

impl FrozenView {
    /// A view for one evaluation.
    pub fn new(frozen: Arc<Frozen>) -> Self {
        Self { frozen, overlay: RefCell::default() }
    }
}

impl<'a> QueryableDataset<'a> for FrozenView {
    type InternalTerm = u32;
    type Error = PreparedError;

    fn internal_quads_for_pattern(
        &self,
        subject: Option<&u32>,
        predicate: Option<&u32>,
        object: Option<&u32>,
        graph_name: Option<Option<&u32>>,
    ) -> impl Iterator<Item = Result<InternalQuad<u32>, PreparedError>> + use<'a> {
        let matches = match graph_name {
            // The bundle has nothing in the default graph.
            Some(None) => Matches::none(),
            graph => self.frozen.matches([subject.copied(), predicate.copied(), object.copied(), graph.flatten().copied()]),
        };
        matches.map(|[subject, predicate, object, graph]| Ok(InternalQuad { subject, predicate, object, graph_name: Some(graph) }))
    }

    fn internal_named_graphs(&self) -> impl Iterator<Item = Result<u32, PreparedError>> + use<'a> {
        self.frozen.graph_terms().to_vec().into_iter().map(Ok)
    }

    fn contains_internal_graph_name(&self, graph_name: &u32) -> Result<bool, PreparedError> {
        Ok(self.frozen.graph_terms().contains(graph_name))
    }

    fn internalize_term(&self, term: Term) -> Result<u32, PreparedError> {
        if let Some(number) = self.frozen.find(term.as_ref()) {
            return Ok(number);
        }
        let mut overlay = self.overlay.borrow_mut();
        if let Some(&number) = overlay.numbers.get(&term) {
            return Ok(number);
        }
        let number = u32::try_from(overlay.terms.len())
            .ok()
            .and_then(|n| n.checked_add(self.frozen.term_count()))
            .ok_or(PreparedError::new("a query made more terms than a dataset can number"))?;
        overlay.terms.push(term.clone());
        overlay.numbers.insert(term, number);
        Ok(number)
    }

    fn externalize_term(&self, term: u32) -> Result<Term, PreparedError> {
        match term.checked_sub(self.frozen.term_count()) {
            None => self.frozen.term(term),
            Some(i) => self.overlay.borrow().terms.get(i as usize).cloned().ok_or(PreparedError::new("a term number is out of bounds")),
        }
    }
}
