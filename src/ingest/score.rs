//! Precision, recall and F1 of a set of candidate keys against a set of expected keys, as
//! the corpus evaluation ([`super::evaluate`]) and the challenge set
//! ([`super::challenge`]) report them.

use serde::Serialize;

/// Precision, recall and F1 of one relation type.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Score {
    /// Distinct curated (document, giver, recipient, type) keys.
    pub gold: usize,
    /// Distinct candidate keys.
    pub candidates: usize,
    /// Keys in both.
    pub matched: usize,
    /// matched / candidates.
    pub precision: f64,
    /// matched / gold.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl Score {
    /// The scores of `matched` keys out of `gold` expected and `candidates` found.
    pub fn new(gold: usize, candidates: usize, matched: usize) -> Self {
        let precision = if candidates == 0 { 0.0 } else { matched as f64 / candidates as f64 };
        let recall = if gold == 0 { 0.0 } else { matched as f64 / gold as f64 };
        let f1 = if precision + recall == 0.0 { 0.0 } else { 2.0 * precision * recall / (precision + recall) };
        Self { gold, candidates, matched, precision, recall, f1 }
    }

    /// The scores of both counts together.
    pub fn add(self, other: Score) -> Self {
        Self::new(self.gold + other.gold, self.candidates + other.candidates, self.matched + other.matched)
    }
}
