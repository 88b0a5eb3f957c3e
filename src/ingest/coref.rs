//! Coreference within a paragraph (issue 11): "it", "the country", "the state", "its
//! ally", "its government", "the Jewish state" refer back to the parties of the previous
//! sentence of the same paragraph. A reference that opens its clause (no party before it
//! in the sentence) is the party that opened the previous sentence, its subject; a
//! reference after a party of its own sentence is the first party of the previous sentence
//! that this sentence has not named yet ("Iran borders Armenia. It has supplied the
//! country with gas": "it" is Iran, "the country" Armenia). "it" is resolved only as the
//! subject of an active cue verb of [`super::frames`] or as the object right after one,
//! so that "it was opposed by X" keeps its reading.

use super::frames::starts_cue_verb;
use super::mentions::Gazetteer;
use super::tokens::{Tok, TokKind};

/// Nouns a definite description or "its" may refer with.
const HEADS: &[&str] = &["country", "state", "government", "ally", "partner", "client", "neighbour", "neighbor", "republic"];
/// Words between a reference and its verb that keep "it" a subject.
const BETWEEN: &[&str] = &["has", "had", "have", "also", "then", "will", "did", "does", "still", "since", "already", "now", "too", "nonetheless", "instead", "later", "soon"];

/// Whether a sentence may hold a reference this module resolves (a cheap test, so that
/// sentences naming no entity are read only when they may refer back).
pub fn may_refer(text: &str) -> bool {
    text.starts_with("It ") || text.contains(" it ") || HEADS.iter().any(|h| text.contains(h))
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
                tokens.get(k).is_some_and(|n| n.kind == TokKind::Word && is_cue_verb(n.text))
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
