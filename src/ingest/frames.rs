//! General extraction frames (issue 11): instead of one pattern per sentence shape, a cue
//! lexicon ([`CUE_VERBS`], [`ROLE_NOUNS`], [`RELATION_NOUNS`]) and argument attachment by
//! clause structure (the lexicon is in [`super::frame_lexicon`], the attachment in
//! [`super::attach`]). For each cue in a clause the frame finds:
//! * the **subject**: the nearest party (or list of parties) before the cue in its clause,
//!   whatever stands between — adverbs, auxiliaries, "by then", "is believed to be",
//!   ", which", "it was X that" — unless it follows a preposition ("to X", "against X");
//! * the **object** or prepositional roles: the party right after a transitive cue ("armed
//!   X", "sided with X"), after "to" for a transfer ("sold drones to X"), the indirect object
//!   ("sold X drones", "supplied X with"), after "from" for a purchase;
//! * the **passive**: an auxiliary before the cue and "by X" after it make X the giver;
//! * **origins**: a party directly before an item ("Israeli drones", "Turkish-made
//!   howitzers") or after "from" ("howitzers from A, B and C") is a source, given to the
//!   clause's subject when its verb is one of having or using ([`POSSESS`]) or to the owner
//!   before it ("Y's Israeli-supplied drones");
//! * **adjectival backing** ("the X-backed Y") and **relation nouns** ("X's support for
//!   Y", "X's sale of drones to Y", "X is Y's closest ally", "a major supplier of arms to Y").
//!
//! A frame yields a [`Match`] and one of the [`FRAMES`] rules; the matcher types, polarises
//! and emits it exactly as a rule's match ([`super::matcher`]). Every frame and lexicon
//! entry records what motivated it (`general` English, or `challenge-tuning`), for the
//! leave-one-out evaluation.

use std::collections::HashMap;
use std::sync::OnceLock;

pub use super::frame_lexicon::Frame;
use super::attach::{
    after_preposition, by_from, colon_list, is_party, list_starts, make, noun_use, origin_receiver, party_after, party_after_word,
    purpose, range, relation_noun, role_noun, subject, IsItem, AUX,
};
use super::frame_lexicon::{verb_forms, CUE_VERBS, POSSESS, RECEIVE_NOUNS, RELATION_NOUNS, ROLE_NOUNS, TRANSFER_NOUNS, VERB_FAMILIES};
use super::pattern::Match;
use super::rules::{Rule, Yield};
use super::tokens::{Group, Tok, TokKind, DETERMINERS};

const fn frame(id: &'static str, yields: Yield, fixed: Option<&'static str>, default_support: Option<&'static str>, default_item: Option<&'static str>, confidence: f32, motivated_by: &'static str) -> Rule {
    Rule {
        id,
        pattern: "",
        yields,
        fixed,
        default_support,
        default_item,
        sides: false,
        polarity: None,
        mutual: false,
        opponent: false,
        implicit_receiver: false,
        confidence,
        motivated_by,
        adjective: false,
    }
}

/// A frame whose giver is an adjective ("Armenian-backed", "Israeli drones").
const fn adjectival(mut rule: Rule) -> Rule {
    rule.adjective = true;
    rule
}

/// The rules frames report their matches under (their `pattern` is empty: frames are
/// found by [`find`], not by the pattern matcher).
pub static FRAMES: &[Rule] = &[
    frame("frame-give", Yield::Transfer, None, None, None, 0.7, "general"),
    frame("frame-arm", Yield::Transfer, None, None, Some("Arms"), 0.7, "general"),
    frame("frame-fund", Yield::Transfer, None, None, Some("Money"), 0.7, "general"),
    frame("frame-train", Yield::Support, Some("TrainingAdvisers"), None, None, 0.7, "general"),
    frame("frame-support", Yield::Support, None, Some("PoliticalStance"), None, 0.65, "general"),
    frame("frame-recognise", Yield::Support, Some("Recognition"), None, None, 0.7, "general"),
    frame("frame-stance", Yield::Support, Some("PoliticalStance"), None, None, 0.65, "challenge-tuning"),
    frame("frame-receive", Yield::Transfer, None, None, None, 0.65, "general"),
    adjectival(frame("frame-origin", Yield::Transfer, None, None, None, 0.6, "challenge-tuning")),
    adjectival(frame("frame-backed", Yield::Support, None, Some("PoliticalStance"), None, 0.6, "general")),
    frame("frame-relation-noun", Yield::Transfer, None, Some("PoliticalStance"), None, 0.6, "general"),
    frame("frame-role-noun", Yield::Transfer, None, Some("PoliticalStance"), None, 0.6, "general"),
    frame("frame-transfer-noun", Yield::Transfer, None, None, None, 0.6, "general"),
    frame("frame-fight", Yield::Transfer, Some("ForeignFighters"), None, Some("Fighters"), 0.6, "general"),
    frame("frame-mediate", Yield::Support, Some("Mediation"), None, None, 0.6, "general"),
    frame("frame-with-help-of", Yield::Support, None, Some("MilitarySupport"), None, 0.55, "general"),
];

fn rule_of(frame: Frame) -> &'static Rule {
    match frame {
        Frame::Fight => &FRAMES[13],
        Frame::Mediate => &FRAMES[14],
        _ => &FRAMES[frame as usize],
    }
}

/// Words of an item's origin after a party and a hyphen ("Israeli-made", "Turkish-supplied").
const ORIGIN: &[&str] = &["made", "supplied", "built", "produced", "manufactured", "designed", "sourced", "origin"];
/// Words of backing after a party and a hyphen ("the Moscow-backed authorities").
const BACKED: &[&str] = &["backed", "supported", "sponsored", "funded", "financed", "armed", "trained", "allied"];
/// The words frames look at, indexed once: each word's roles, and the cue verbs a word
/// starts (their words, frame and source).
struct Index {
    /// A filter over (first byte, last byte, length) of the words below: most tokens are
    /// ruled out without hashing them.
    filter: Vec<u64>,
    words: HashMap<&'static str, u8>,
    verbs: HashMap<&'static str, Vec<(Vec<&'static str>, Frame, &'static str)>>,
}

const VERB: u8 = 1;
const NOUN: u8 = 2;

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut words: HashMap<&'static str, u8> = HashMap::new();
        let mut verbs: HashMap<&'static str, Vec<(Vec<&'static str>, Frame, &'static str)>> = HashMap::new();
        let mut add = |parts: Vec<&'static str>, frame: Frame, source: &'static str| {
            *words.entry(parts[0]).or_default() |= VERB;
            let list = verbs.entry(parts[0]).or_default();
            if !list.iter().any(|(p, _, _)| *p == parts) {
                list.push((parts, frame, source));
            }
        };
        for &(phrase, frame, source) in CUE_VERBS {
            add(phrase.split(' ').collect(), frame, source);
        }
        for &(lemma, past, participle, frame, source) in VERB_FAMILIES {
            for form in verb_forms(lemma, past, participle) {
                // built once per process: the forms live as long as the index
                let form: &'static str = Box::leak(form.into_boxed_str());
                add(form.split(' ').collect(), frame, source);
            }
        }
        for list in verbs.values_mut() {
            list.sort_by_key(|(parts, _, _)| std::cmp::Reverse(parts.len()));
        }
        for w in RELATION_NOUNS.iter().chain(TRANSFER_NOUNS).chain(RECEIVE_NOUNS).chain(ROLE_NOUNS) {
            *words.entry(w).or_default() |= NOUN;
        }
        let mut filter = vec![0u64; FILTER_BITS / 64];
        for w in words.keys() {
            let b = filter_bit(w);
            filter[b / 64] |= 1 << (b % 64);
        }
        Index { filter, words, verbs }
    })
}

const FILTER_BITS: usize = 4096;

fn filter_bit(word: &str) -> usize {
    let bytes = word.as_bytes();
    let (first, last) = (bytes.first().copied().unwrap_or(0) as usize, bytes.last().copied().unwrap_or(0) as usize);
    (first * 131 + last * 31 + bytes.len() * 7) % FILTER_BITS
}

/// The roles of a word in the frames' lexicon (0 for none), cheaply for most words.
fn roles(word: &str) -> u8 {
    let index = index();
    let b = filter_bit(word);
    if index.filter[b / 64] & (1 << (b % 64)) == 0 {
        return 0;
    }
    index.words.get(word).copied().unwrap_or(0)
}

/// Whether a word starts a cue verb of [`CUE_VERBS`].
pub fn starts_cue_verb(word: &str) -> bool {
    roles(word) & VERB != 0
}

/// The cue phrase of [`CUE_VERBS`] starting at token `i`, longest first, among the enabled
/// ones.
fn verb_at(tokens: &[Tok<'_>], i: usize, enabled: &dyn Fn(&str) -> bool) -> Option<(usize, Frame)> {
    let list = index().verbs.get(tokens[i].text)?;
    for (words, frame, source) in list {
        if !enabled(source) {
            continue;
        }
        if words.iter().enumerate().all(|(k, w)| tokens.get(i + k).is_some_and(|t| t.kind == TokKind::Word && t.text == *w)) {
            return Some((words.len(), *frame));
        }
        if words.len() == 2
            && tokens.get(i + 1).is_some_and(|t| t.text.len() > 4 && t.text.ends_with("ly"))
            && tokens.get(i + 2).is_some_and(|t| t.text == words[1])
        {
            // an adverb inside an idiom: "sided decisively with", "stood firmly by"
            return Some((3, *frame));
        }
    }
    None
}


/// Every frame match in a sentence's tokens. `is_item(i)` says whether token `i` starts an
/// item cue; `enabled(source)` whether entries motivated by `source` are on.
pub fn find(tokens: &[Tok<'_>], groups: &[Option<Group>], is_item: IsItem<'_>, enabled: &dyn Fn(&str) -> bool) -> Vec<(&'static Rule, Match)> {
    let mut out: Vec<(&'static Rule, Match)> = Vec::new();
    // every frame relates two parties
    if tokens.iter().filter(|t| is_party(t)).nth(1).is_none() {
        return out;
    }
    let starts = list_starts(groups);
    let mut clause = 0;
    let mut clause_end = tokens.iter().position(|t| t.is_clause_break()).unwrap_or(tokens.len());
    let push = |frame: &'static Rule, m: Match, out: &mut Vec<(&'static Rule, Match)>| {
        if enabled(frame.motivated_by) && m.giver != m.receiver.unwrap_or((usize::MAX, 0)) {
            out.push((frame, m));
        }
    };
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i].is_clause_break() {
            clause = i + 1;
            clause_end = tokens[clause..].iter().position(|t| t.is_clause_break()).map_or(tokens.len(), |p| clause + p);
            i += 1;
            continue;
        }
        // adjectival backing and origins: "X-backed Y", "X-made N"
        if is_party(&tokens[i]) && tokens.get(i + 1).is_some_and(|t| t.text == "-") {
            if let Some(word) = tokens.get(i + 2).map(|t| t.text) {
                let giver = (i, i + 1);
                if BACKED.contains(&word) {
                    if let Some(r) = party_after(tokens, groups, i + 3, clause_end, 4, false) {
                        push(&FRAMES[9], make(giver, range(groups, r)), &mut out);
                    }
                } else if ORIGIN.contains(&word) {
                    if let Some(r) = origin_receiver(tokens, &starts, clause, clause_end, i) {
                        push(&FRAMES[8], make(giver, r), &mut out);
                    }
                }
            }
        }
        // a people's adjective right before an item: "Israeli drones" (also after "of": of Turkish origin)
        if is_party(&tokens[i])
            && !after_preposition(tokens, i)
            && (is_item(i + 1)
                || tokens.get(i + 1).is_some_and(|t| matches!(t.kind, TokKind::Thing(_)))
                || (tokens.get(i + 1).is_some_and(|t| t.kind == TokKind::Word && !DETERMINERS.contains(&t.text)) && is_item(i + 2)))
        {
            if let Some(r) = origin_receiver(tokens, &starts, clause, clause_end, i) {
                push(&FRAMES[8], make((i, i + 1), r), &mut out);
            }
        }
        // "of Turkish and Israeli origin": the items of the clause's first party
        if is_party(&tokens[i]) && starts[i] == Some(i) && i > 0 && tokens[i - 1].text == "of" {
            let g = range(groups, i);
            if tokens.get(g.1).is_some_and(|t| t.text == "origin") {
                if let Some(owner) = (clause..i).find(|&k| is_party(&tokens[k])).and_then(|k| starts[k]) {
                    push(&FRAMES[8], make(g, range(groups, owner)), &mut out);
                }
            }
        }
        // "N from X" with an item before "from"
        if tokens[i].text == "from" && (i.saturating_sub(3)..i).any(|k| is_item(k) || matches!(tokens[k].kind, TokKind::Thing(_))) {
            if let Some(g) = party_after(tokens, groups, i + 1, clause_end, 3, true) {
                let giver = range(groups, g);
                if let Some(r) = origin_receiver(tokens, &starts, clause, clause_end, i) {
                    push(&FRAMES[8], make(giver, r), &mut out);
                } else if let Some(r) = party_after(tokens, groups, giver.1, clause_end, 10, false) {
                    // "wheat from X kept Y going", "arms from X reached Y"
                    if tokens[giver.1..r].iter().any(|t| POSSESS.contains(&t.text)) {
                        push(&FRAMES[8], make(giver, range(groups, r)), &mut out);
                    }
                }
            }
        }
        let roles = if tokens[i].kind == TokKind::Word { roles(tokens[i].text) } else { 0 };
        if roles & NOUN != 0 {
            if RELATION_NOUNS.contains(&tokens[i].text) {
                relation_noun(tokens, groups, &starts, clause, clause_end, i, &mut |m| push(&FRAMES[10], m, &mut out));
            }
            if RECEIVE_NOUNS.contains(&tokens[i].text) {
                // "Y's arms purchases from X"
                let owner = (i.saturating_sub(4)..i).rev().find(|&k| tokens[k].text == "'s" && k > 0 && is_party(&tokens[k - 1]));
                if let (Some(o), Some(g)) = (owner, party_after_word(tokens, groups, "from", i + 1, clause_end, 3)) {
                    if let Some(s) = starts[o - 1] {
                        push(&FRAMES[7], make(range(groups, g), (s, o)), &mut out);
                    }
                }
            }
            if i >= 2 && tokens[i - 1].text == "the" && tokens[i - 2].text == "with" && matches!(tokens[i].text, "help" | "support" | "assistance" | "aid" | "backing") {
                // "Y took the town with the help of X": X helps the clause's subject
                if let (Some(g), Some(r)) = (party_after_word(tokens, groups, "of", i + 1, clause_end, 2), subject(tokens, &starts, clause, i - 2)) {
                    push(&FRAMES[15], make(range(groups, g), range(groups, r)), &mut out);
                }
            }
            if TRANSFER_NOUNS.contains(&tokens[i].text) {
                relation_noun(tokens, groups, &starts, clause, clause_end, i, &mut |m| push(&FRAMES[12], m, &mut out));
            }
            if ROLE_NOUNS.contains(&tokens[i].text) {
                role_noun(tokens, groups, &starts, clause, clause_end, i, &mut |m| push(&FRAMES[11], m, &mut out));
            }
        }
        if roles & VERB == 0 {
            i += 1;
            continue;
        }
        let Some((len, frame)) = verb_at(tokens, i, enabled).filter(|&(len, _)| len > 1 || !noun_use(tokens, i, is_item)) else {
            i += 1;
            continue;
        };
        let after = i + len;
        let passive = (i.saturating_sub(3)..i).any(|k| AUX.contains(&tokens[k].text));
        // a participle after the item it qualifies: "drones supplied by X", "Y's air
        // defences, largely supplied by X," (a reduced relative clause)
        let reduced = if passive || !matches!(frame, Frame::Give | Frame::Arm | Frame::Fund) {
            None
        } else {
            let mut k = i;
            while k > clause && (tokens[k - 1].text == "," || tokens[k - 1].text.len() > 4 && tokens[k - 1].text.ends_with("ly")) {
                k -= 1;
            }
            (k.saturating_sub(3).max(clause)..k).find(|&x| is_item(x) || matches!(tokens[x].kind, TokKind::Thing(_)))
        };
        let by = if passive {
            party_after_word(tokens, groups, "by", after, clause_end, 10).or_else(|| by_from(tokens, groups, after, clause_end))
        } else if reduced.is_some() {
            party_after_word(tokens, groups, "by", after, clause_end, 3)
        } else {
            None
        };
        let subject = subject(tokens, &starts, clause, i);
        let rule = rule_of(frame);
        if frame == Frame::Mediate {
            // "X mediated (a truce) between A and B"; "a truce brokered by X between A and B"
            let giver = by.or(subject);
            if let (Some(g), Some(b)) = (giver, party_after_word(tokens, groups, "between", after, clause_end, 10)) {
                push(rule, make(range(groups, g), range(groups, b)), &mut out);
            }
            i += len;
            continue;
        }
        match (frame, by) {
            (Frame::Receive, _) => {
                let (Some(s), Some(g)) = (subject, party_after_word(tokens, groups, "from", after, clause_end, 14)) else {
                    i += len;
                    continue;
                };
                push(rule, make(range(groups, g), range(groups, s)), &mut out);
            }
            (_, Some(g)) => {
                // passive: "Y was supplied with N by X", "N were delivered to Y by X"; a
                // reduced relative gives to the owner or user of the item
                let owner = reduced.and_then(|item| origin_receiver(tokens, &starts, clause, clause_end, item)).map(|(s, _)| s);
                let receiver = party_after_word(tokens, groups, "to", after, clause_end, 10).or(owner).or(subject);
                if let Some(r) = receiver {
                    push(rule, make(range(groups, g), range(groups, r)), &mut out);
                }
            }
            (_, None) if subject.is_none() && colon_list(tokens, clause_end).is_some() => {
                // "Several states recognised Y early: A, B and C"
                let list = colon_list(tokens, clause_end).unwrap_or_default();
                let to = party_after_word(tokens, groups, "to", after, clause_end, 12);
                if let Some(r) = to.or_else(|| party_after(tokens, groups, after, clause_end, 6, true)) {
                    let receiver = range(groups, r);
                    out.extend(enabled(rule.motivated_by).then_some((rule, Match { giver: list, list: true, receiver: Some(receiver), start: receiver.0, end: list.1 })));
                }
            }
            (Frame::Give, None) => {
                let Some(s) = subject else {
                    i += len;
                    continue;
                };
                let to = party_after_word(tokens, groups, "to", after, clause_end, 12);
                let object = party_after(tokens, groups, after, clause_end, 3, true);
                let benefactive = party_after_word(tokens, groups, "for", after, clause_end, 10);
                let purpose = purpose(tokens, groups, after, clause_end);
                // "recruited Syrian fighters for Y": a party right after the object, after
                // "for", is the recipient (the object is what is given)
                let object = match (object, benefactive) {
                    (Some(o), Some(b)) if groups[o].as_ref().is_some_and(|g| tokens.get(g.end).is_some_and(|t| t.text == "for") && g.end + 1 >= b.saturating_sub(1)) => Some(b),
                    _ => object,
                };
                if let Some(r) = to.or(object).or(benefactive).or(purpose) {
                    push(rule, make(range(groups, s), range(groups, r)), &mut out);
                } else if let Some(both) = (after..clause_end.min(after + 8)).find(|&k| tokens[k].text == "both" && k > 0 && tokens[k - 1].text == "to") {
                    // "selling weapons to both (sides)": the two other parties named before
                    let giver = range(groups, s);
                    let mut others: Vec<usize> = Vec::new();
                    for k in (0..both).filter(|&k| is_party(&tokens[k]) && (k < giver.0 || k >= giver.1)) {
                        if !others.iter().any(|&o| tokens[o].kind == tokens[k].kind) {
                            others.push(k);
                        }
                    }
                    if others.len() == 2 {
                        for o in others {
                            push(rule, Match { giver, list: false, receiver: Some((o, o + 1)), start: giver.0.min(o), end: both + 1 }, &mut out);
                        }
                    }
                }
            }
            (_, None) => {
                let Some(s) = subject else {
                    i += len;
                    continue;
                };
                let reach = 6;
                if let Some(r) = party_after(tokens, groups, after, clause_end, reach, true) {
                    // "recognised Y's claim" recognises the claim, not Y
                    let g = range(groups, r);
                    if !(frame == Frame::Recognise && tokens.get(g.1).is_some_and(|t| t.text == "'s")) {
                        push(rule, make(range(groups, s), g), &mut out);
                    }
                }
            }
        }
        i += len;
    }
    // ellipsis: "X sided with Y, as did Z", "so did Z", "and Z followed (suit)", "and Z
    // did the same" — Z does what X did
    for k in 0..tokens.len().saturating_sub(2) {
        let z = if matches!(tokens[k].text, "as" | "so") && tokens[k + 1].text == "did" && is_party(&tokens[k + 2]) {
            Some(k + 2)
        } else if matches!(tokens[k].text, "and" | ",") && is_party(&tokens[k + 1]) {
            let after = groups[k + 1].as_ref().map_or(k + 2, |g| g.end);
            let follows = tokens.get(after).is_some_and(|t| t.text == "followed")
                && tokens.get(after + 1).is_none_or(|t| t.text == "suit" || t.kind == TokKind::Punct);
            let same = tokens.get(after).is_some_and(|t| t.text == "did")
                && tokens.get(after + 1).is_some_and(|t| matches!(t.text, "likewise" | "so" | "the"))
                && tokens.get(after + 1).is_some_and(|t| t.text != "the" || tokens.get(after + 2).is_some_and(|u| u.text == "same"));
            (follows || same).then_some(k + 1)
        } else {
            None
        };
        if let Some(z) = z {
            // a party inside a list ("Y, and Z followed") is read as a list of one
            let (giver, list) = if groups[z].is_some() { (range(groups, z), false) } else { ((z, z + 1), true) };
            let copies: Vec<(&'static Rule, Match)> = out
                .iter()
                .filter(|(_, m)| m.giver.1 <= k && m.start < k && !m.list)
                .map(|&(rule, m)| (rule, Match { giver, list, end: giver.1.max(m.end), ..m }))
                .collect();
            out.extend(copies);
        }
    }
    out
}