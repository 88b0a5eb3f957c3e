//! The pattern language of the extraction rules (see [`super::rules`]): compiling a
//! pattern into elements, and matching it over a sentence's tokens with bounded
//! backtracking. Slots bind coordinated parties ([`super::tokens::groups`]); gaps and
//! fillers are bounded so that matching stays linear in practice.

use std::collections::HashMap;

use super::lexicon::{FILLERS, INFINITIVES, OWN_FORCES, PEOPLE_NOUNS, PREPOSITIONS, TERRITORY_NOUNS};
use super::tokens::{Group, Tok, TokKind, DETERMINERS};

/// A token range `[start, end)`.
pub type Range = (usize, usize);

const GAP: usize = 10;
const FILLER: usize = 4;
const WORDS: usize = 3;
const SPAN: usize = 8;

/// One element of a compiled pattern.
#[derive(Debug, Clone)]
enum Elem {
    /// `GIVER`: a group of coordinated parties.
    Giver,
    /// `^GIVER`: a group of coordinated parties that is the first party of its clause
    /// (the subject of a clause whose verb comes later, as in "X did Y by giving Z").
    FirstGiver,
    /// `^RECEIVER`: a `RECEIVER` that is the first party of its clause ("Y … were
    /// provided by X").
    FirstReceiver,
    /// `GIVERS:`: every party to the end of the clause.
    GiverList,
    /// `RECEIVER`: a group of coordinated parties.
    Receiver,
    /// `PLACE`: a territory: a party (a place that is also a polity) or a noun for one
    /// ("the region"), bound to no slot.
    Place,
    /// `{class}`: any of the phrases (as tokens), longest first.
    Phrases(Vec<Vec<String>>),
    /// A literal token.
    Literal(String),
    /// `word?`: a literal token that may be absent.
    Optional(String),
    /// `...`: up to [`GAP`] tokens within the clause; `... ...` (compiled into one element)
    /// up to twice as many, and so on.
    Gap(usize),
    /// `~`: up to [`FILLER`] filler words.
    Filler,
    /// `..`: up to [`WORDS`] words or things.
    Words,
    /// `~~`: up to [`SPAN`] words or things.
    Span,
}

/// A compiled pattern.
#[derive(Debug, Clone)]
pub struct Pattern {
    elems: Vec<Elem>,
    /// For each phrase element, the set of word ids that can start it: a sentence must
    /// hold one of each for the pattern to be tried.
    required: Vec<WordSet>,
}

/// What a partial match has bound so far.
#[derive(Debug, Clone, Copy, Default)]
struct Binding {
    giver: Option<(usize, usize)>,
    list: bool,
    receiver: Option<(usize, usize)>,
    start: Option<usize>,
}

/// One match of a pattern in a sentence's tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Match {
    /// The tokens of the `GIVER` slot.
    pub giver: Range,
    /// The giver is every party of its token range (a list after a colon), not a group.
    pub list: bool,
    /// The tokens of the `RECEIVER` slot, if the pattern has one.
    pub receiver: Option<Range>,
    /// First token of the match.
    pub start: usize,
    /// Token after the match.
    pub end: usize,
}

/// A set of word ids, as a bit set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordSet(Vec<u64>);

impl WordSet {
    /// Adds a word id.
    pub fn insert(&mut self, id: usize) {
        if self.0.len() <= id / 64 {
            self.0.resize(id / 64 + 1, 0);
        }
        self.0[id / 64] |= 1 << (id % 64);
    }

    /// Whether the sets share a word.
    pub fn intersects(&self, other: &WordSet) -> bool {
        self.0.iter().zip(&other.0).any(|(a, b)| a & b != 0)
    }
}


/// Ids of the words that start a phrase or literal of some pattern, so that a sentence can
/// be checked against every pattern's required words with a few bit operations.
#[derive(Debug, Clone, Default)]
pub struct WordIds(HashMap<String, usize>);

impl WordIds {
    /// The set of ids of `words`, giving new words new ids.
    pub fn set(&mut self, words: impl IntoIterator<Item = String>) -> WordSet {
        let mut set = WordSet::default();
        for w in words {
            let next = self.0.len();
            set.insert(*self.0.entry(w).or_insert(next));
        }
        set
    }

    /// The set of known words among a sentence's tokens.
    pub fn present(&self, tokens: &[Tok<'_>]) -> WordSet {
        let mut set = WordSet::default();
        for t in tokens {
            if let Some(&id) = self.0.get(t.text) {
                set.insert(id);
            }
        }
        set
    }
}

impl Pattern {
    /// Compiles a pattern (see [`super::rules`]) naming word classes of `classes`; panics on
    /// an unknown class, which the rule tests catch.
    pub fn compile(id: &str, pattern: &str, classes: &HashMap<&str, &[&str]>, ids: &mut WordIds) -> Self {
        let mut elems = Vec::new();
        let mut required = Vec::new();
        for part in pattern.split_whitespace() {
            let elem = match part {
                "GIVER" => Elem::Giver,
                "^GIVER" => Elem::FirstGiver,
                "^RECEIVER" => Elem::FirstReceiver,
                "GIVERS:" => Elem::GiverList,
                "RECEIVER" => Elem::Receiver,
                "PLACE" => Elem::Place,
                "..." => match elems.last_mut() {
                    // consecutive gaps bind nothing: one longer gap matches the same and
                    // tries far fewer ways
                    Some(Elem::Gap(n)) => {
                        *n += GAP;
                        continue;
                    }
                    _ => Elem::Gap(GAP),
                },
                "~" => Elem::Filler,
                ".." => Elem::Words,
                "~~" => Elem::Span,
                p if p.starts_with('{') && p.ends_with('}') => {
                    let name = &p[1..p.len() - 1];
                    let words = classes.get(name).unwrap_or_else(|| panic!("rule {id}: no word class {name}"));
                    let mut phrases: Vec<Vec<String>> = words.iter().map(|w| phrase_tokens(w)).collect();
                    phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
                    required.push(ids.set(phrases.iter().map(|p| p[0].clone())));
                    Elem::Phrases(phrases)
                }
                word if word.len() > 1 && word.ends_with('?') => Elem::Optional(word[..word.len() - 1].to_owned()),
                word => {
                    required.push(ids.set([word.to_owned()]));
                    Elem::Literal(word.to_owned())
                }
            };
            elems.push(elem);
        }
        Self { elems, required }
    }

    /// Whether a sentence holding the words `present` can match at all.
    pub fn may_match(&self, present: &WordSet) -> bool {
        self.required.iter().all(|any| any.intersects(present))
    }

    /// Every distinct match in a sentence's tokens.
    pub fn find(&self, tokens: &[Tok<'_>], groups: &[Option<Group>]) -> Vec<Match> {
        let mut matches = Vec::new();
        for start in 0..tokens.len() {
            step(&self.elems, tokens, groups, start, Binding::default(), &mut matches);
        }
        let mut seen = std::collections::HashSet::new();
        matches.retain(|m| seen.insert(*m));
        matches
    }
}

/// Splits a phrase the way sentences are tokenized: words, `'s`, punctuation characters.
pub fn phrase_tokens(phrase: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let chars: Vec<char> = phrase.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            if c == '\'' && chars.get(i + 1) == Some(&'s') && !chars.get(i + 2).is_some_and(|d| d.is_alphanumeric()) {
                out.push("'s".to_owned());
                i += 1;
            } else if !c.is_whitespace() {
                out.push(c.to_string());
            }
        }
        i += 1;
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// Matches `elems` at token `ti`, pushing every complete match.
fn step(elems: &[Elem], tokens: &[Tok<'_>], groups: &[Option<Group>], ti: usize, binding: Binding, out: &mut Vec<Match>) {
    let Some((elem, rest)) = elems.split_first() else {
        if let (Some(giver), Some(start)) = (binding.giver, binding.start) {
            out.push(Match { giver, list: binding.list, receiver: binding.receiver, start, end: ti });
        }
        return;
    };
    let mut b = binding;
    match elem {
        Elem::FirstGiver | Elem::FirstReceiver => {
            // only a party can be first of its clause: looking back from every token of a
            // long clause would cost the clause's length each time
            let Some(group) = groups.get(ti).and_then(Option::as_ref) else { return };
            let mut j = ti;
            while j > 0
                && !tokens[j - 1].is_clause_break()
                && (!matches!(tokens[j - 1].kind, TokKind::Party(_)) || in_attribution(tokens, j - 1))
            {
                j -= 1;
            }
            if j == 0 || tokens[j - 1].is_clause_break() {
                if binding.start.is_none() && after_preposition(tokens, ti) {
                    return;
                }
                bind(matches!(elem, Elem::FirstGiver), (ti, group.end), rest, tokens, groups, binding, out);
            }
        }
        Elem::Giver | Elem::Receiver => {
            let mut j = ti;
            while j < tokens.len() && j < ti + 2 && tokens[j].kind == TokKind::Word && DETERMINERS.contains(&tokens[j].text) {
                j += 1;
            }
            // after a preposition of the pattern, up to two modifiers: "by neighbouring X"
            // or a people noun and "in" / "of": "on behalf of the regime in X"
            let after_preposition_word =
                ti > 0 && (matches!(tokens[ti - 1].text, "of" | "from") || PREPOSITIONS.contains(&tokens[ti - 1].text));
            if ti > 0 && tokens[ti - 1].text == "to" && tokens.get(j).is_some_and(|t| INFINITIVES.contains(&t.text)) {
                return;
            }
            if binding.start.is_some() && after_preposition_word && groups.get(j).is_none_or(Option::is_none) {
                let mut k = j;
                while k < tokens.len() && k < j + 3 && tokens[k].kind == TokKind::Word {
                    let word = tokens[k].text;
                    let linking = k > j && matches!(word, "in" | "of") && PEOPLE_NOUNS.contains(&tokens[k - 1].text);
                    if PREPOSITIONS.contains(&word) && !linking {
                        break;
                    }
                    k += 1;
                    if groups.get(k).is_some_and(Option::is_some) {
                        j = k;
                        break;
                    }
                    if linking {
                        break;
                    }
                }
            }
            let Some(group) = groups.get(j).and_then(Option::as_ref) else { return };
            if binding.start.is_none() && after_preposition(tokens, j) {
                return;
            }
            bind(matches!(elem, Elem::Giver), (j, group.end), rest, tokens, groups, binding, out);
        }
        Elem::Place => {
            let mut j = ti;
            while j < tokens.len() && j < ti + 2 && tokens[j].kind == TokKind::Word && DETERMINERS.contains(&tokens[j].text) {
                j += 1;
            }
            let end = match groups.get(j).and_then(Option::as_ref) {
                Some(group) => group.end,
                None if tokens.get(j).is_some_and(|t| t.kind == TokKind::Word && TERRITORY_NOUNS.contains(&t.text)) => j + 1,
                None => return,
            };
            b.start.get_or_insert(ti);
            step(rest, tokens, groups, end, b, out);
        }
        Elem::GiverList => {
            // a list may go on after a colon: "three states: A, B, and two others: C, D"
            let mut end = ti;
            while end < tokens.len() && (!tokens[end].is_clause_break() || tokens[end].text == ":") {
                end += 1;
            }
            if tokens[ti..end].iter().any(|t| matches!(t.kind, TokKind::Party(_))) {
                b.giver = Some((ti, end));
                b.list = true;
                b.start.get_or_insert(ti);
                step(rest, tokens, groups, end, b, out);
            }
        }
        Elem::Phrases(phrases) => {
            for phrase in phrases {
                let fits = phrase.iter().enumerate().all(|(k, w)| tokens.get(ti + k).is_some_and(|t| t.text == w));
                if fits {
                    let mut b = b;
                    b.start.get_or_insert(ti);
                    step(rest, tokens, groups, ti + phrase.len(), b, out);
                }
            }
        }
        Elem::Literal(word) => {
            if tokens.get(ti).is_some_and(|t| t.text == word) {
                b.start.get_or_insert(ti);
                step(rest, tokens, groups, ti + 1, b, out);
            }
        }
        Elem::Optional(word) => {
            if tokens.get(ti).is_some_and(|t| t.text == word) {
                step(rest, tokens, groups, ti + 1, b, out);
            }
            step(rest, tokens, groups, ti, b, out);
        }
        Elem::Gap(max) => {
            for k in 0..=*max {
                if ti + k > tokens.len() || (k > 0 && tokens[ti + k - 1].is_clause_break()) {
                    break;
                }
                step(rest, tokens, groups, ti + k, b, out);
            }
        }
        Elem::Filler => {
            for k in 0..=FILLER {
                if k > 0 && !tokens.get(ti + k - 1).is_some_and(is_filler) {
                    break;
                }
                step(rest, tokens, groups, ti + k, b, out);
            }
        }
        Elem::Span => {
            for k in 0..=SPAN {
                if k > 0 && !tokens.get(ti + k - 1).is_some_and(|t| matches!(t.kind, TokKind::Word | TokKind::Thing(_)) || matches!(t.text, "-" | "\"")) {
                    break;
                }
                step(rest, tokens, groups, ti + k, b, out);
            }
        }
        Elem::Words => {
            for k in 0..=WORDS {
                if k > 0 && !tokens.get(ti + k - 1).is_some_and(|t| matches!(t.kind, TokKind::Word | TokKind::Thing(_)) || t.text == "\"") {
                    break;
                }
                step(rest, tokens, groups, ti + k, b, out);
            }
        }
    }
}

/// The token after "'s" and a noun for a party's own forces or government at `i`
/// ("'s brigade", "'s armed forces"), if they stand there.
fn possessed_head(tokens: &[Tok<'_>], i: usize) -> Option<usize> {
    if tokens.get(i).is_none_or(|t| t.text != "'s") {
        return None;
    }
    let mut j = i + 1;
    while j < i + 3 && tokens.get(j).is_some_and(|t| t.kind == TokKind::Word && OWN_FORCES.contains(&t.text)) {
        j += 1;
    }
    (j > i + 1).then_some(j)
}

/// Whether token `j` stands in an attribution ("according to X, …"), which names a source,
/// not the subject of the clause.
fn in_attribution(tokens: &[Tok<'_>], j: usize) -> bool {
    let mut i = j;
    while i > 1 && i + 12 > j && tokens[i - 1].text != "," && !tokens[i - 1].is_clause_break() {
        if tokens[i - 1].text == "to" && tokens[i - 2].text == "according" {
            return true;
        }
        i -= 1;
    }
    false
}

/// Binds the party group at `range` to the giver or receiver slot and matches the rest of
/// the pattern after it.
fn bind(giver: bool, range: Range, rest: &[Elem], tokens: &[Tok<'_>], groups: &[Option<Group>], binding: Binding, out: &mut Vec<Match>) {
    let mut b = binding;
    if giver {
        b.giver = Some(range);
    } else {
        b.receiver = Some(range);
    }
    b.start.get_or_insert(range.0);
    step(rest, tokens, groups, range.1, b, out);
    // "X's brigade turned to …": a party's own forces or government act for it
    if let Some(end) = possessed_head(tokens, range.1) {
        step(rest, tokens, groups, end, b, out);
    }
}

/// Whether a token may be skipped by a `~` filler.
fn is_filler(t: &Tok<'_>) -> bool {
    (t.kind == TokKind::Word || matches!(t.text, "," | ")" | "\"")) && (FILLERS.contains(&t.text) || (t.text.len() > 4 && t.text.ends_with("ly")))
}

/// Whether the party at token `j` follows a preposition (skipping determiners).
fn after_preposition(tokens: &[Tok<'_>], j: usize) -> bool {
    let mut i = j;
    while i > 0 && DETERMINERS.contains(&tokens[i - 1].text) {
        i -= 1;
    }
    i > 0 && tokens[i - 1].kind == TokKind::Word && PREPOSITIONS.contains(&tokens[i - 1].text)
}
