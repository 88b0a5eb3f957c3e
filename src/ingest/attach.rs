//! Argument attachment by clause structure for the general extraction frames
//! ([`super::frames`], issue 11): the subject of a cue (through adverbs, auxiliaries,
//! relative clauses, reporting verbs and "accused X of"), its object and prepositional
//! roles ("to", "from", "by", "for", people of a place), lists after a colon, reduced
//! purposes ("to help Y"), the owner or user of items of an origin, and the parties of
//! relation and role nouns ("X's support for Y", "arms deliveries by X to Y", "X, Y's main
//! backer,"). Every function reads the tokens of one sentence with its party groups.

use super::frame_lexicon::POSSESS;
use super::lexicon::{CUES, INFINITIVES, PEOPLE_NOUNS, PREPOSITIONS};
use super::pattern::Match;
use super::tokens::{Group, Tok, TokKind, DETERMINERS};

/// Whether token `i` starts an item cue of the lexicon (passed in by the matcher).
pub(super) type IsItem<'a> = &'a dyn Fn(usize) -> bool;

/// Words an object may stand behind: quantifiers and the attribute a recognition or
/// support names ("most of the X", "the independence of X", "the territorial integrity of X").
const SKIPPED: &[&str] = &[
    "its", "their", "most", "some", "many", "several", "all", "of", "independence", "sovereignty", "territorial",
    "integrity", "claim", "cause", "position",
];
/// Auxiliaries that make a participle passive.
pub(super) const AUX: &[&str] = &["was", "were", "is", "are", "been", "be", "being", "get", "got"];
/// Copulas before a role noun.
const COPULA: &[&str] = &["is", "was", "are", "were", "been", "become", "became", "remains", "remained", "among"];

/// The first token of the list of parties each token belongs to (a party's own index when
/// it heads no longer list).
pub(super) fn list_starts(groups: &[Option<Group>]) -> Vec<Option<usize>> {
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

/// Whether a token is a party (an actor of the graph).
pub(super) fn is_party(t: &Tok<'_>) -> bool {
    matches!(t.kind, TokKind::Party(_))
}

/// Whether the party list at `start` follows a preposition (skipping determiners), so it
/// cannot be a subject.
pub(super) fn after_preposition(tokens: &[Tok<'_>], start: usize) -> bool {
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
pub(super) const REPORTING: &[&str] = &[
    "says", "said", "say", "stated", "states", "insists", "insisted", "announced", "announces", "confirmed", "confirms",
    "added", "declared", "declares", "vowed", "vows", "promised", "pledged",
];

/// The "it" or "they" a reporting verb at `b` introduces, a few words after it ("said it",
/// "said that it", "said on Tuesday it"), with no party between.
pub(super) fn reported_pronoun(tokens: &[Tok<'_>], b: usize) -> Option<usize> {
    (b + 1..tokens.len().min(b + 6))
        .take_while(|&k| tokens[k].kind == TokKind::Word && !tokens[k].is_clause_break())
        .find(|&k| matches!(tokens[k].text, "it" | "they"))
}

/// The subject of a cue at `at`: in the part of its clause after the last subordinating
/// word, the first party (list) not after a preposition nor inside "according to X"; the
/// antecedent of a relative pronoun; the accused of "accused X of V-ing".
pub(super) fn subject(tokens: &[Tok<'_>], starts: &[Option<usize>], clause: usize, at: usize) -> Option<usize> {
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
pub(super) fn party_after(tokens: &[Tok<'_>], groups: &[Option<Group>], from: usize, end: usize, reach: usize, adjacent: bool) -> Option<usize> {
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
pub(super) fn colon_list(tokens: &[Tok<'_>], clause_end: usize) -> Option<(usize, usize)> {
    if tokens.get(clause_end).is_none_or(|t| t.text != ":") {
        return None;
    }
    let end = (clause_end + 1..tokens.len()).find(|&k| tokens[k].is_clause_break()).unwrap_or(tokens.len());
    tokens[clause_end + 1..end].iter().any(is_party).then_some((clause_end + 1, end))
}

/// "by volunteers from X": the party after "from" right after what "by" introduces.
pub(super) fn by_from(tokens: &[Tok<'_>], groups: &[Option<Group>], from: usize, end: usize) -> Option<usize> {
    let by = (from..end.min(from + 8)).find(|&k| tokens[k].text == "by")?;
    let f = (by + 1..end.min(by + 4)).find(|&k| tokens[k].text == "from")?;
    tokens[by + 1..f].iter().all(|t| t.kind == TokKind::Word).then_some(())?;
    party_after(tokens, groups, f + 1, end, 3, true)
}

/// "sent fighters to help Y": the object of an infinitive of help after a transfer.
pub(super) fn purpose(tokens: &[Tok<'_>], groups: &[Option<Group>], from: usize, end: usize) -> Option<usize> {
    let to = (from..end.min(from + 8)).find(|&k| {
        tokens[k].text == "to" && tokens.get(k + 1).is_some_and(|t| matches!(t.text, "help" | "support" | "assist" | "aid" | "defend" | "reinforce"))
    })?;
    party_after(tokens, groups, to + 2, end, 3, true)
}

/// The party list after the word `word` ("to", "from", "by") within `reach` tokens after
/// `from`, the word at most two tokens before the party.
pub(super) fn party_after_word(tokens: &[Tok<'_>], groups: &[Option<Group>], word: &str, from: usize, end: usize, reach: usize) -> Option<usize> {
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

/// The tokens of the party list starting at `start`.
pub(super) fn range(groups: &[Option<Group>], start: usize) -> (usize, usize) {
    (start, groups[start].as_ref().map_or(start + 1, |g| g.end))
}

/// A match of a giver and a recipient, spanning both.
pub(super) fn make(giver: (usize, usize), receiver: (usize, usize)) -> Match {
    Match {
        giver,
        list: false,
        receiver: Some(receiver),
        start: giver.0.min(receiver.0),
        end: giver.1.max(receiver.1),
    }
}



/// Whether the cue word at `i` is used as a noun or adjective, not a verb: after a
/// determiner, a possessive, "of", an item ("the gas supply") or an adverb of manner
/// ("internationally recognised").
pub(super) fn noun_use(tokens: &[Tok<'_>], i: usize, is_item: IsItem<'_>) -> bool {
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
pub(super) fn origin_receiver(tokens: &[Tok<'_>], starts: &[Option<usize>], clause: usize, clause_end: usize, at: usize) -> Option<(usize, usize)> {
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

/// Whether a word is a past or present verb of receiving.
fn verb_like_receive(word: &str) -> bool {
    matches!(word, "bought" | "buys" | "purchased" | "acquired" | "received" | "receives" | "imported" | "imports" | "obtained")
}

/// "X's support for Y", "Russian aid to Y", "X's sale of drones to Y": a giver list ending
/// right before the noun (with "'s" and up to two modifiers between) and a recipient after
/// "for", "to" or "of" within eight tokens; or a giver after "by" or "from" right after the
/// noun and a recipient after "to" or "for" ("arms deliveries by X to Y").
pub(super) fn relation_noun(tokens: &[Tok<'_>], groups: &[Option<Group>], starts: &[Option<usize>], clause: usize, clause_end: usize, at: usize, push: &mut dyn FnMut(Match)) {
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
pub(super) fn role_noun(tokens: &[Tok<'_>], groups: &[Option<Group>], starts: &[Option<usize>], clause: usize, clause_end: usize, at: usize, push: &mut dyn FnMut(Match)) {
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
