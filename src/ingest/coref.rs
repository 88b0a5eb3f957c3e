//! Coreference within a paragraph (issue 11): "it", "the country", "the state", "its
//! ally", "its government", "the Jewish state" refer back to the parties of the previous
//! sentence of the same paragraph. A reference that opens its clause (no party before it
//! in the sentence) is the party that opened the previous sentence, its subject; a
//! reference after a party of its own sentence is the first party of the previous sentence
//! that this sentence has not named yet ("Iran borders Armenia. It has supplied the
//! country with gas": "it" is Iran, "the country" Armenia). "it" is resolved only as the
//! subject of an active cue verb of [`super::frames`] (also through a verb of control:
//! "it agreed to supply"), as the object right after one, or as the source opening a
//! report ("It added that …"), so that "it was opposed by X" keeps its reading. "Its" before
//! a noun of a party's own people or bodies ("its instructors", "its defence industries")
//! opening a clause is the opener. The previous sentence is the latest one of the
//! paragraph that named a party, with at most one sentence naming none between
//! ([`super::Pipeline::analyse`]).

use super::frames::starts_cue_verb;
use super::mentions::Gazetteer;
use super::tokens::{Tok, TokKind};

/// Nouns a definite description or "its" may refer with.
const HEADS: &[&str] = &["country", "state", "government", "ally", "partner", "client", "neighbour", "neighbor", "republic"];
/// Words between a reference and its verb that keep "it" a subject.
const BETWEEN: &[&str] = &["has", "had", "have", "also", "then", "will", "did", "does", "still", "since", "already", "now", "too", "nonetheless", "instead", "later", "soon"];
/// Verbs that take "to" and a cue verb with the same subject: "it agreed to supply",
/// "it went on to arm" (motivated `general`).
const CONTROL: &[&str] = &[
    "agreed", "promised", "pledged", "offered", "continued", "continues", "decided", "began", "started", "vowed",
    "undertook", "committed", "refused", "failed", "declined", "sought", "tried", "plans", "planned", "intends", "moved",
];
/// Verbs of saying after which "it" is a source reporting a relation: "It added that the
/// deliveries to the country would continue" (motivated `general`).
const SAYING: &[&str] = &["said", "says", "added", "stated", "announced", "noted", "insisted", "confirmed", "declared", "warned"];
/// Nouns for a party's own people and bodies after "its": "Its instructors trained …" is
/// the party training (motivated `general`).
const OWN: &[&str] = &[
    "instructors", "officers", "advisers", "advisors", "forces", "troops", "army", "military", "government", "industries",
    "industry", "firms", "companies", "engineers", "diplomats", "officials", "leaders", "ministry", "navy", "contractors",
];

/// Whether a sentence may hold a reference this module resolves (a cheap test, so that
/// sentences naming no entity are read only when they may refer back).
pub fn may_refer(text: &str) -> bool {
    text.starts_with("It ") || text.starts_with("Its ") || text.contains(" it ") || HEADS.iter().any(|h| text.contains(h))
}

/// The index of an [`OWN`] noun right after "its" at `i`, or after one word between.
fn own_noun(tokens: &[Tok<'_>], i: usize) -> Option<usize> {
    let word = |k: usize| tokens.get(k).filter(|n| n.kind == TokKind::Word);
    [i + 1, i + 2].into_iter().find(|&k| word(k).is_some_and(|n| OWN.contains(&n.text)) && (i + 1..k).all(|j| word(j).is_some()))
}

fn is_cue_verb(word: &str) -> bool {
    starts_cue_verb(word)
}

/// Resolves references in a sentence's tokens to the parties of the previous sentence of
/// its paragraph (`previous`, in order; its first is the one that opened it).
pub fn resolve_references(tokens: &mut [Tok<'_>], previous: &[u32], gazetteer: &Gazetteer) {
    let opener = previous.first().copied();
    let mut seen: Vec<u32> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        if let TokKind::Party(e) = t.kind {
            seen.push(e);
            i += 1;
            continue;
        }
        if t.kind != TokKind::Word {
            i += 1;
            continue;
        }
        let refer = |seen: &[u32]| -> Option<u32> {
            if seen.is_empty() {
                opener
            } else {
                previous.iter().copied().find(|e| !seen.contains(e))
            }
        };
        let mut head = None;
        let mut within: Option<u32> = None;
        if t.text == "it" {
            let verb_follows = {
                let mut k = i + 1;
                while k < tokens.len() && k < i + 4 && BETWEEN.contains(&tokens[k].text) {
                    k += 1;
                }
                // "it agreed to supply", "it has continued to arm"
                if tokens.get(k).is_some_and(|n| CONTROL.contains(&n.text)) && tokens.get(k + 1).is_some_and(|n| n.text == "to") {
                    k += 2;
                }
                let cue = tokens.get(k).is_some_and(|n| n.kind == TokKind::Word && is_cue_verb(n.text));
                // "It added that …": the source of what follows, when it opens the sentence
                let saying = i == 0 && tokens.get(k).is_some_and(|n| SAYING.contains(&n.text));
                cue || saying
            };
            let object = i > 0 && is_cue_verb(tokens[i - 1].text) && !seen.is_empty();
            if verb_follows && seen.is_empty() {
                head = Some(i);
            } else if verb_follows && i > 0 && tokens[i - 1].text == "that" {
                // "X denied reports that it had sold …": the latest party before
                within = seen.last().copied();
                head = Some(i);
            } else if object {
                // "X turned to Y, which agreed to sell it radars": a party of this sentence
                // other than the latest (the seller), else of the previous one
                within = if seen.len() >= 2 { seen.first().copied() } else { None };
                head = Some(i);
            }
        } else if let Some(k) = (t.text == "its" && seen.is_empty()).then(|| own_noun(tokens, i)).flatten() {
            // "Its (defence) instructors trained …": the opener's own people, as the subject
            head = Some(k);
        } else if matches!(t.text, "the" | "its") {
            // "the country", "the Jewish state", "its (new) ally"
            for k in [i + 1, i + 2] {
                if tokens.get(k).is_some_and(|n| n.kind == TokKind::Word && HEADS.contains(&n.text))
                    && tokens[i + 1..k].iter().all(|n| n.kind == TokKind::Word)
                {
                    head = Some(k);
                    break;
                }
            }
        }
        if let Some(h) = head {
            if let Some(e) = within.or_else(|| refer(&seen)).filter(|&e| !gazetteer.entities[e as usize].person()) {
                tokens[h].kind = TokKind::Party(e);
                seen.push(e);
                i = h + 1;
                continue;
            }
        }
        i += 1;
    }
}
