//! General extraction frames (issue 11): instead of one pattern per sentence shape, a cue
//! lexicon ([`CUE_VERBS`], [`ROLE_NOUNS`], [`RELATION_NOUNS`]) and argument attachment by
//! clause structure (the lexicon is in [`super::frame_lexicon`]). For each cue in a clause
//! the frame finds:
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
use super::frame_lexicon::{verb_forms, CUE_VERBS, POSSESS, RECEIVE_NOUNS, RELATION_NOUNS, ROLE_NOUNS, TRANSFER_NOUNS, VERB_FAMILIES};
use super::lexicon::{CUES, INFINITIVES, PEOPLE_NOUNS, PREPOSITIONS};
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
/// Words an object may stand behind: quantifiers and the attribute a recognition or
/// support names ("most of the X", "the independence of X", "the territorial integrity of X").
const SKIPPED: &[&str] = &[
    "its", "their", "most", "some", "many", "several", "all", "of", "independence", "sovereignty", "territorial",
    "integrity", "claim", "cause", "position",
];
/// Auxiliaries that make a participle passive.
const AUX: &[&str] = &["was", "were", "is", "are", "been", "be", "being", "get", "got"];
/// Copulas before a role noun.
const COPULA: &[&str] = &["is", "was", "are", "were", "been", "become", "became", "remains", "remained", "among"];

/// The first token of the list of parties each token belongs to (a party's own index when
/// it heads no longer list).
fn list_starts(groups: &[Option<Group>]) -> Vec<Option<usize>> {
    let mut out = vec![None; groups.len()];
    for s in 0..groups.len() {
        if let Some(g) = &groups[s] {
            for slot in out.iter_mut().take(g.end.min(groups.len())).skip(s) {
                slot.get_or_insert(s);
            }
        }
    }
    out
}

fn is_party(t: &Tok<'_>) -> bool {
    matches!(t.kind, TokKind::Party(_))
}

/// Whether the party list at `start` follows a preposition (skipping determiners), so it
/// cannot be a subject.
fn after_preposition(tokens: &[Tok<'_>], start: usize) -> bool {
    let mut i = start;
    while i > 0 && DETERMINERS.contains(&tokens[i - 1].text) {
        i -= 1;
    }
    i > 0 && tokens[i - 1].kind == TokKind::Word && PREPOSITIONS.contains(&tokens[i - 1].text) && tokens[i - 1].text != "by"
}

/// Words that open a subordinate or relative clause: the subject of a verb after one of
/// them is found after it (or, for a relative pronoun with no party after it, right before
/// it: "X, which sells rifles to Y").
const BARRIERS: &[&str] = &[
    "that", "which", "who", "whereas", "while", "but", "because", "although", "though", "when", "whose",
    // reporting verbs open a complement clause with its own subject ("Y says X sold …")
    "says", "said", "say", "claims", "claimed", "alleges", "alleged", "reported", "reports", "stated", "insists",
    "insisted", "argues", "argued", "believes", "believed",
];

/// Reporting verbs whose own subject a following "it" or "they" stands for ("X said it
/// would supply Y"): the statement is then the giver's own.
pub const REPORTING: &[&str] = &[
    "says", "said", "say", "stated", "states", "insists", "insisted", "announced", "announces", "confirmed", "confirms",
    "added", "declared", "declares", "vowed", "vows", "promised", "pledged",
];

/// The "it" or "they" a reporting verb at `b` introduces, a few words after it ("said it",
/// "said that it", "said on Tuesday it"), with no party between.
pub fn reported_pronoun(tokens: &[Tok<'_>], b: usize) -> Option<usize> {
    (b + 1..tokens.len().min(b + 6))
        .take_while(|&k| tokens[k].kind == TokKind::Word && !tokens[k].is_clause_break())
        .find(|&k| matches!(tokens[k].text, "it" | "they"))
}

/// The subject of a cue at `at`: in the part of its clause after the last subordinating
/// word, the first party (list) not after a preposition nor inside "according to X"; the
/// antecedent of a relative pronoun; the accused of "accused X of V-ing".
fn subject(tokens: &[Tok<'_>], starts: &[Option<usize>], clause: usize, at: usize) -> Option<usize> {
    // "calls on X to stop supplying": X is the subject of the infinitive
    let called_on = |s: usize| s >= 2 && tokens[s - 1].text == "on" && matches!(tokens[s - 2].text, "calls" | "called" | "call" | "urges");
    let eligible = |s: usize| {
        (!after_preposition(tokens, s) || called_on(s)) && !(s >= 2 && tokens[s - 1].text == "to" && tokens[s - 2].text == "according")
    };
    // "accused X of sending", "X was accused of sending"
    if at >= 2 && tokens[at - 1].text == "of" && is_party(&tokens[at - 2]) {
        return starts[at - 2];
    }
    let from = clause.max(at.saturating_sub(24));
    let mut barrier = (from..at).rev().find(|&k| tokens[k].kind == TokKind::Word && BARRIERS.contains(&tokens[k].text));
    // ", which hosts …, pledged": a relative clause closed by a comma before the verb
    if let Some(b) = barrier {
        let relative = b > 0 && tokens[b - 1].text == "," && matches!(tokens[b].text, "which" | "who" | "whose");
        if relative && tokens[b + 1..at].iter().any(|t| t.text == ",") {
            barrier = (from..b - 1).rev().find(|&k| tokens[k].kind == TokKind::Word && BARRIERS.contains(&tokens[k].text));
            let scan_from = barrier.map_or(from, |x| x + 1);
            return (scan_from..b).filter(|&k| is_party(&tokens[k])).filter_map(|k| starts[k]).find(|&s| s >= scan_from && eligible(s));
        }
    }
    // "X said (that) it will supply Y": the pronoun after a reporting verb is its subject
    if let Some(b) = barrier.filter(|&b| REPORTING.contains(&tokens[b].text)) {
        if reported_pronoun(tokens, b).is_some_and(|k| k < at && !tokens[k..at].iter().any(is_party)) {
            let before = (from..b).rev().find(|&x| tokens[x].kind == TokKind::Word && BARRIERS.contains(&tokens[x].text)).map_or(from, |x| x + 1);
            return (before..b).filter(|&x| is_party(&tokens[x])).filter_map(|x| starts[x]).find(|&s| s >= before && eligible(s));
        }
    }
    // "X did A, while selling B": a participle right after a subordinating word has the
    // subject of the main clause
    if let Some(b) = barrier.filter(|&b| b + 1 == at && matches!(tokens[b].text, "while" | "when") && tokens[at].text.ends_with("ing")) {
        return (from..b).filter(|&k| is_party(&tokens[k])).filter_map(|k| starts[k]).find(|&s| s >= from && eligible(s));
    }
    let scan_from = barrier.map_or(from, |b| b + 1);
    if let Some(s) = (scan_from..at).filter(|&k| is_party(&tokens[k])).filter_map(|k| starts[k]).find(|&s| s >= scan_from && eligible(s)) {
        return Some(s);
    }
    // a relative pronoun with no party after it: its antecedent
    let b = barrier?;
    if matches!(tokens[b].text, "which" | "who" | "that") {
        let mut k = b;
        while k > from && k + 3 > b {
            k -= 1;
            if is_party(&tokens[k]) {
                // the antecedent may follow a preposition ("turned to X, which agreed to sell")
                return starts[k].filter(|&s| !(s >= 2 && tokens[s - 1].text == "to" && tokens[s - 2].text == "according"));
            }
        }
    }
    None
}

/// The first party list within `reach` tokens after `from`, skipping determiners and
/// adverbs only when `adjacent` (an object right after its verb).
fn party_after(tokens: &[Tok<'_>], groups: &[Option<Group>], from: usize, end: usize, reach: usize, adjacent: bool) -> Option<usize> {
    let mut j = from;
    while j < end && j < from + reach {
        if is_party(&tokens[j]) && groups[j].is_some() {
            // "offered Pakistani jets": an adjective of origin, not the object ("sold
            // Azerbaijan rocket launchers", "supplied it with tanks" name the object)
            let end_of = groups[j].as_ref().map_or(j + 1, |g| g.end);
            let modifier = |t: &Tok<'_>| t.kind == TokKind::Word && !DETERMINERS.contains(&t.text) && !PREPOSITIONS.contains(&t.text) && !matches!(t.text, "and" | "or");
            if adjacent
                && end_of == j + 1
                && reads_as_adjective(tokens[j].text)
                && (1..3).any(|k| tokens.get(j + k).is_some_and(|t| t.kind == TokKind::Word && names_item(t.text)) && (k == 1 || modifier(&tokens[j + 1])))
            {
                return None;
            }
            return Some(j);
        }
        let t = &tokens[j];
        if adjacent && !(t.kind == TokKind::Word && (DETERMINERS.contains(&t.text) || t.text.ends_with("ly") || SKIPPED.contains(&t.text))) {
            return None;
        }
        j += 1;
    }
    None
}

/// Whether a party's words read as an adjective ("Israeli", "Turkish", "Pakistani",
/// "Turkish-made") rather than a name ("Azerbaijan", "Iran"): by the endings of English
/// adjectives of peoples.
fn reads_as_adjective(text: &str) -> bool {
    const ENDINGS: &[&str] = &["i", "ian", "ean", "ese", "ish", "ic", "ch", "can", "ek"];
    text.contains('-') || ENDINGS.iter().any(|e| text.ends_with(e))
}

/// Whether a word starts an item cue of the lexicon ("jets", "drones", "fighter jets").
fn names_item(word: &str) -> bool {
    CUES.iter().any(|c| c.item.is_some() && c.phrase.split(' ').next() == Some(word)) || matches!(word, "fighter" | "combat")
}

/// The tokens of a list of parties after a colon that ends the clause at `clause_end`, up
/// to the next clause break.
fn colon_list(tokens: &[Tok<'_>], clause_end: usize) -> Option<(usize, usize)> {
    if tokens.get(clause_end).is_none_or(|t| t.text != ":") {
        return None;
    }
    let end = (clause_end + 1..tokens.len()).find(|&k| tokens[k].is_clause_break()).unwrap_or(tokens.len());
    tokens[clause_end + 1..end].iter().any(is_party).then_some((clause_end + 1, end))
}

/// "by volunteers from X": the party after "from" right after what "by" introduces.
fn by_from(tokens: &[Tok<'_>], groups: &[Option<Group>], from: usize, end: usize) -> Option<usize> {
    let by = (from..end.min(from + 8)).find(|&k| tokens[k].text == "by")?;
    let f = (by + 1..end.min(by + 4)).find(|&k| tokens[k].text == "from")?;
    tokens[by + 1..f].iter().all(|t| t.kind == TokKind::Word).then_some(())?;
    party_after(tokens, groups, f + 1, end, 3, true)
}

/// "sent fighters to help Y": the object of an infinitive of help after a transfer.
fn purpose(tokens: &[Tok<'_>], groups: &[Option<Group>], from: usize, end: usize) -> Option<usize> {
    let to = (from..end.min(from + 8)).find(|&k| {
        tokens[k].text == "to" && tokens.get(k + 1).is_some_and(|t| matches!(t.text, "help" | "support" | "assist" | "aid" | "defend" | "reinforce"))
    })?;
    party_after(tokens, groups, to + 2, end, 3, true)
}

/// The party list after the word `word` ("to", "from", "by") within `reach` tokens after
/// `from`, the word at most two tokens before the party.
fn party_after_word(tokens: &[Tok<'_>], groups: &[Option<Group>], word: &str, from: usize, end: usize, reach: usize) -> Option<usize> {
    let mut j = from;
    while j < end && j < from + reach {
        if tokens[j].text == word {
            if word == "to" && tokens.get(j + 1).is_some_and(|t| INFINITIVES.contains(&t.text)) {
                j += 1;
                continue;
            }
            let mut k = j + 1;
            // "to the (displaced) population of X", "for the people in X": a people or side
            // named by its place stands for the party
            let mut people = false;
            while k < end && k < j + if people { 7 } else { 4 } {
                if is_party(&tokens[k]) && groups[k].is_some() {
                    return Some(k);
                }
                let t = &tokens[k];
                let linking = people && matches!(t.text, "of" | "in");
                let noun = matches!(word, "to" | "for") && PEOPLE_NOUNS.contains(&t.text);
                let participle = matches!(word, "to" | "for") && t.text.ends_with("ed") && t.text.len() > 4 && tokens.get(k + 1).is_some_and(|n| PEOPLE_NOUNS.contains(&n.text));
                people |= noun;
                if !(t.kind == TokKind::Word && (DETERMINERS.contains(&t.text) || matches!(t.text, "its" | "their" | "new") || linking || noun || participle)) {
                    break;
                }
                k += 1;
            }
        }
        j += 1;
    }
    None
}

fn range(groups: &[Option<Group>], start: usize) -> (usize, usize) {
    (start, groups[start].as_ref().map_or(start + 1, |g| g.end))
}

fn make(giver: (usize, usize), receiver: (usize, usize)) -> Match {
    Match {
        giver,
        list: false,
        receiver: Some(receiver),
        start: giver.0.min(receiver.0),
        end: giver.1.max(receiver.1),
    }
}

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

/// Whether the word at `i` names an item or kind of help: a cue word of the lexicon's
/// item cues, passed in by the matcher.
type IsItem<'a> = &'a dyn Fn(usize) -> bool;

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

/// Whether the cue word at `i` is used as a noun or adjective, not a verb: after a
/// determiner, a possessive, "of", an item ("the gas supply") or an adverb of manner
/// ("internationally recognised").
fn noun_use(tokens: &[Tok<'_>], i: usize, is_item: IsItem<'_>) -> bool {
    let Some(prev) = i.checked_sub(1).map(|p| &tokens[p]) else { return false };
    // "accused X of sending": a gerund after "of" and a party is a verb
    if prev.text == "of" && tokens[i].text.ends_with("ing") && i >= 2 && is_party(&tokens[i - 2]) {
        return false;
    }
    prev.text == "-"
        || prev.kind == TokKind::Word
            && (DETERMINERS.contains(&prev.text)
            || matches!(prev.text, "of" | "'s" | "its" | "their" | "his" | "her" | "internationally" | "widely" | "-")
            || is_item(i - 1))
}

/// The recipient of items of an origin named at token `at`: the owner right before
/// ("Y's Israeli drones", "Y's arsenal includes … from X") or the subject of a verb of
/// having or using earlier in the clause ("Y deployed Israeli-made drones").
fn origin_receiver(tokens: &[Tok<'_>], starts: &[Option<usize>], clause: usize, clause_end: usize, at: usize) -> Option<(usize, usize)> {
    let _ = clause_end;
    let mut j = at;
    while j > clause && j + 12 > at {
        j -= 1;
        if tokens[j].text == "'s" && j > 0 && is_party(&tokens[j - 1]) {
            // the owner of the item itself, a few words before it ("Y's Israeli drones")
            if j + 4 < at {
                return None;
            }
            let s = starts[j - 1]?;
            return Some((s, j));
        }
        if POSSESS.contains(&tokens[j].text) || verb_like_receive(tokens[j].text) {
            let mut k = j;
            while k > clause {
                k -= 1;
                if is_party(&tokens[k]) {
                    let s = starts[k]?;
                    if after_preposition(tokens, s) {
                        return None;
                    }
                    return Some((s, k + 1));
                }
            }
            return None;
        }
    }
    None
}

fn verb_like_receive(word: &str) -> bool {
    matches!(word, "bought" | "buys" | "purchased" | "acquired" | "received" | "receives" | "imported" | "imports" | "obtained")
}

/// "X's support for Y", "Russian aid to Y", "X's sale of drones to Y": a giver list ending
/// right before the noun (with "'s" and up to two modifiers between) and a recipient after
/// "for", "to" or "of" within eight tokens; or a giver after "by" or "from" right after the
/// noun and a recipient after "to" or "for" ("arms deliveries by X to Y").
fn relation_noun(tokens: &[Tok<'_>], groups: &[Option<Group>], starts: &[Option<usize>], clause: usize, clause_end: usize, at: usize, push: &mut dyn FnMut(Match)) {
    let mut j = at;
    let mut giver = None;
    while j > clause && j + 4 > at {
        j -= 1;
        if is_party(&tokens[j]) {
            giver = starts[j].map(|s| (s, j + 1));
            break;
        }
        if tokens[j].kind != TokKind::Word {
            break;
        }
    }
    // "arms deliveries by X to Y", "military aid from X to Y": the giver after the noun
    let named_after = ["by", "from"].iter().find_map(|w| party_after_word(tokens, groups, w, at + 1, clause_end, 3)).map(|g| range(groups, g));
    if let Some(g) = named_after {
        if let Some(r) = ["to", "for"].iter().find_map(|w| party_after_word(tokens, groups, w, g.1, clause_end, 6)) {
            push(make(g, range(groups, r)));
            return;
        }
        // "Y received (…, and) economic aid from X": the subject of a verb of receiving
        if let Some(v) = (clause..at).rev().find(|&k| verb_like_receive(tokens[k].text)) {
            if let Some(r) = subject(tokens, starts, clause, v) {
                push(make(g, range(groups, r)));
                return;
            }
        }
    }
    // "X announced a package of aid for Y": the subject of the clause gives what it announces
    let giver = giver.or_else(|| subject(tokens, starts, clause, at).map(|s| range(groups, s)));
    let Some(giver) = giver else { return };
    for word in ["for", "to", "of"] {
        if let Some(r) = party_after_word(tokens, groups, word, at + 1, clause_end, 8) {
            if word == "of" && !matches!(tokens[at].text, "backing" | "support") {
                continue;
            }
            push(make(giver, range(groups, r)));
            return;
        }
    }
}

/// "X is Y's closest ally", "X is a major supplier of weapons to Y", "X is among the
/// supporters of Y", "Y's main supplier was X".
fn role_noun(tokens: &[Tok<'_>], groups: &[Option<Group>], starts: &[Option<usize>], clause: usize, clause_end: usize, at: usize, push: &mut dyn FnMut(Match)) {
    // the owner before the noun: "Y's (closest) ally"
    let mut owner = None;
    let mut j = at;
    while j > clause && j + 5 > at {
        j -= 1;
        if tokens[j].text == "'s" && j > 0 && is_party(&tokens[j - 1]) {
            owner = starts[j - 1].map(|s| (s, j));
            break;
        }
        if tokens[j].kind != TokKind::Word {
            break;
        }
    }
    let receiver = owner.or_else(|| {
        ["of", "to", "for"].iter().find_map(|w| party_after_word(tokens, groups, w, at + 1, clause_end, 6)).map(|r| range(groups, r))
    });
    let Some(receiver) = receiver else { return };
    // the giver: subject of a copula before the noun, or the party after a copula after it
    let copula_before = (clause..at).rev().take(8).find(|&k| COPULA.contains(&tokens[k].text));
    let giver = match copula_before {
        Some(c) => subject(tokens, starts, clause, c).map(|s| range(groups, s)),
        None => tokens[at + 1..clause_end.min(at + 4)]
            .iter()
            .position(|t| COPULA.contains(&t.text))
            .and_then(|p| party_after(tokens, groups, at + 2 + p, clause_end, 3, true))
            .map(|g| range(groups, g)),
    };
    // "X, Y's main backer, has sent …": an apposition to the party before the comma
    let giver = giver.or_else(|| {
        let o = owner?.0;
        (o >= 2 && tokens[o - 1].text == "," && is_party(&tokens[o - 2])).then(|| starts[o - 2]).flatten().map(|s| range(groups, s))
    });
    if let Some(giver) = giver.filter(|g| g.0 != receiver.0) {
        push(make(giver, receiver));
    }
}
