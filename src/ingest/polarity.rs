//! Polarity and modality of a match (issue 11): whether what a sentence states is given,
//! alleged, denied or declined, read from the accusation, claim, denial, negation and
//! rejection words of its clause ([`super::lexicon`]), asides in brackets and a later
//! denial by the giver; whether it is hypothetical (modal and conditional words); and the
//! giver's own statements ("X said it would supply Y"), which are neither alleged nor,
//! without a condition, hypothetical.

use super::attach::reported_pronoun;
use super::attach::REPORTING;
use super::lexicon::{ALLEGATION, DENIAL, HYPOTHESIS, NEGATION, REJECTION};
use super::pattern::{Match, Range};
use super::rules::Polarity;
use super::tokens::{Tok, TokKind};

/// What the text from the start of each token's clause up to the token says, computed
/// once per sentence so that each match reads it without scanning back over its clause
/// (which made a long clause cost its length once per match).
pub(super) struct Clauses {
    /// Per token index (and one past the end): the parties before it, from the sentence's
    /// start.
    parties: Vec<u32>,
    /// Per token index: the first token of its clause.
    start: Vec<u32>,
    /// Per token index: the bracket depth before it, counted from its clause's start.
    depth: Vec<i32>,
    /// Per token index: the polarity words ([`DENIES`], [`NEGATES`], [`ALLEGES`]) outside brackets
    /// between its clause's start and it.
    words: Vec<u8>,
}

/// Bits of [`Clauses::words`]: a denial, a negation, an allegation.
const DENIES: u8 = 1;
const NEGATES: u8 = 2;
const ALLEGES: u8 = 4;
/// A rejection ("rejected", "dismissed"): with an allegation it is a denial.
const REJECTS: u8 = 8;
/// A modal or conditional ("could", "if"): the statement is hypothetical.
const HYPOTHETICAL: u8 = 16;

impl Clauses {
    pub(super) fn new(tokens: &[Tok<'_>]) -> Self {
        let n = tokens.len();
        let mut clauses =
            Self { parties: Vec::with_capacity(n + 1), start: Vec::with_capacity(n + 1), depth: Vec::with_capacity(n + 1), words: Vec::with_capacity(n + 1) };
        let (mut parties, mut start, mut depth, mut words) = (0u32, 0u32, 0i32, 0u8);
        for (i, t) in tokens.iter().enumerate() {
            clauses.parties.push(parties);
            clauses.start.push(start);
            clauses.depth.push(depth);
            clauses.words.push(words);
            if t.is_clause_break() {
                (start, depth, words) = (i as u32 + 1, 0, 0);
            } else {
                (depth, words) = polarity_step(t, depth, words);
            }
            parties += u32::from(matches!(t.kind, TokKind::Party(_)));
        }
        clauses.parties.push(parties);
        clauses.start.push(start);
        clauses.depth.push(depth);
        clauses.words.push(words);
        clauses
    }

    /// Whether a party stands in the clause before token `at`.
    pub(super) fn party_before(&self, at: usize) -> bool {
        self.parties[at] > self.parties[self.start[at] as usize]
    }

    /// The polarity stated in the clause up to the end of the match.
    /// Asides in brackets are left out: they speak of the party before them
    /// ([`aside_polarity`]).
    pub(super) fn polarity(&self, tokens: &[Tok<'_>], m: &Match) -> Polarity {
        let (mut depth, mut words) = (self.depth[m.start], self.words[m.start]);
        for t in &tokens[m.start..m.end] {
            (depth, words) = polarity_step(t, depth, words);
        }
        polarity_of_bits(words)
    }

    /// Whether the match itself is hypothetical ("X could supply Y", "X would send Y
    /// troops if asked"): such statements yield nothing.
    pub(super) fn hypothetical(&self, tokens: &[Tok<'_>], m: &Match) -> bool {
        self.hypothetical_besides(tokens, m, &[])
    }

    /// [`Self::hypothetical`], reading the words of `besides` as no modal ("would" in a
    /// giver's own report of what it will do).
    pub(super) fn hypothetical_besides(&self, tokens: &[Tok<'_>], m: &Match, besides: &[&str]) -> bool {
        let (mut depth, mut words) = (0, 0);
        for (i, t) in tokens.iter().enumerate().take(m.end).skip(m.start) {
            // "X suggested that K could be ceded to Y": the modal is in what X proposes
            if t.text == "that" && m.giver.1 <= i {
                break;
            }
            if besides.contains(&t.text) {
                continue;
            }
            (depth, words) = polarity_step(t, depth, words);
        }
        words & HYPOTHETICAL != 0
    }

    /// The polarity of the giver's own statement ("X said it had not sold …"): the clause's
    /// words without the reporting verb at `report`; the giver's own negation is a denial.
    pub(super) fn own_polarity(&self, tokens: &[Tok<'_>], m: &Match, report: usize) -> Polarity {
        let (mut depth, mut words) = (self.depth[m.start], self.words[m.start]);
        for (i, t) in tokens.iter().enumerate().take(m.end).skip(m.start) {
            if i != report {
                (depth, words) = polarity_step(t, depth, words);
            }
        }
        match polarity_of_bits(words) {
            Polarity::Declined => Polarity::Denied,
            p => p,
        }
    }
}

/// The bracket depth and polarity words after token `t`.
fn polarity_step(t: &Tok<'_>, depth: i32, words: u8) -> (i32, u8) {
    match (t.kind, t.text) {
        (TokKind::Punct, "(") => (depth + 1, words),
        (TokKind::Punct, ")") => ((depth - 1).max(0), words),
        (TokKind::Word, word) if depth == 0 => (depth, words | word_bits(word)),
        _ => (depth, words),
    }
}

/// The polarity bits a word sets.
fn word_bits(word: &str) -> u8 {
    let mut bits = 0;
    if DENIAL.contains(&word) {
        bits |= DENIES;
    }
    if NEGATION.contains(&word) {
        bits |= NEGATES;
    }
    if ALLEGATION.contains(&word) {
        bits |= ALLEGES;
    }
    if REJECTION.contains(&word) {
        bits |= REJECTS;
    }
    if HYPOTHESIS.contains(&word) {
        bits |= HYPOTHETICAL;
    }
    bits
}

/// The polarity the bits of a clause state: a denial wins over a negation, a negation over
/// an allegation.
fn polarity_of_bits(bits: u8) -> Polarity {
    if bits & DENIES != 0 || (bits & REJECTS != 0 && bits & ALLEGES != 0) {
        Polarity::Denied
    } else if bits & NEGATES != 0 {
        Polarity::Declined
    } else if bits & ALLEGES != 0 {
        Polarity::Alleged
    } else {
        Polarity::Given
    }
}


/// The reporting verb right after the giver of a match when the statement is the giver's
/// own: "X said (that) it would supply Y", "X says it has sent no troops to Y".
pub(super) fn own_statement(tokens: &[Tok<'_>], m: &Match) -> Option<usize> {
    let report = m.giver.1;
    if m.list || !tokens.get(report).is_some_and(|t| t.kind == TokKind::Word && REPORTING.contains(&t.text)) {
        return None;
    }
    reported_pronoun(tokens, report).map(|_| report)
}

/// Whether a condition follows the match in its clause ("… if the fighting spread").
pub(super) fn conditional_after(tokens: &[Tok<'_>], from: usize) -> bool {
    tokens[from.min(tokens.len())..].iter().take_while(|t| !t.is_clause_break()).any(|t| matches!(t.text, "if" | "unless"))
}

/// Whether the giver denies the statement later in its sentence: ", which X denies", "a
/// claim X rejected", "; X denied the claim".
pub(super) fn later_denial(tokens: &[Tok<'_>], from: usize, giver: u32) -> bool {
    (from..tokens.len()).any(|i| {
        tokens[i].kind == TokKind::Party(giver)
            && tokens[i + 1..tokens.len().min(i + 4)].iter().any(|t| DENIAL.contains(&t.text) || REJECTION.contains(&t.text))
    })
}

/// The polarity an aside in brackets right after `giver` (within the giver tokens
/// `range`) states, if any: "Jordan (per other sources, denied by Jordan)".
pub(super) fn aside_polarity(tokens: &[Tok<'_>], range: Range, giver: u32) -> Option<Polarity> {
    let at = (range.0..range.1.min(tokens.len())).find(|&i| tokens[i].kind == TokKind::Party(giver))?;
    if tokens.get(at + 1).is_none_or(|t| t.text != "(") {
        return None;
    }
    let close = tokens[at + 1..].iter().take(12).position(|t| t.text == ")")? + at + 1;
    let words: Vec<&str> = tokens[at + 2..close].iter().filter(|t| t.kind == TokKind::Word).map(|t| t.text).collect();
    Some(polarity_of(&words)).filter(|p| *p != Polarity::Given)
}

/// The polarity some words state.
fn polarity_of(words: &[&str]) -> Polarity {
    polarity_of_bits(words.iter().fold(0, |bits, w| bits | word_bits(w)))
}
