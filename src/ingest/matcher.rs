//! Runs the rule table over a sentence's tokens: compiles each pattern once, matches it
//! with bounded backtracking, then types each match from the cue words of its clause and
//! sets its polarity from negation, denial and allegation words.

use std::collections::{HashMap, HashSet};

use super::lexicon::{support_for_item, Cue, ALLEGATION, CUES, DENIAL, FILLERS, NEGATION, PREPOSITIONS, WORD_CLASSES};
use super::mentions::Gazetteer;
use super::rules::{Polarity, Rule, Yield, RULES};
use super::tokens::{Group, Tok, TokKind, DETERMINERS};
use super::vocab::{Scheme, Vocabulary};
use crate::prefixes::NKV;

/// Whether a candidate is of a support relation or of a supply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// An `nk:Support` candidate, typed with `nkv:SupportTypes`.
    Support,
    /// An `nk:Supply` candidate, typed with `nkv:ItemCategories`.
    Supply,
}

/// A relation found in one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Support or supply.
    pub kind: Kind,
    /// The giving actor (entity index).
    pub giver: u32,
    /// The receiving actor (entity index).
    pub receiver: u32,
    /// The concept (`nkv:` local name) typing it.
    pub concept: String,
    /// Given, declined, denied or alleged.
    pub polarity: Polarity,
    /// How sure the rule is, from 0 to 1.
    pub confidence: f32,
    /// The rule that fired.
    pub rule: &'static str,
}

const GAP: usize = 8;
const FILLER: usize = 4;
const WORDS: usize = 3;
const SPAN: usize = 6;
const CUE_REACH: usize = 10;

#[derive(Debug, Clone)]
enum Elem {
    Giver,
    Receiver,
    Phrases(Vec<Vec<String>>),
    Literal(String),
    Gap,
    Filler,
    Words,
    Span,
}

#[derive(Debug, Clone)]
struct Compiled {
    rule: &'static Rule,
    elems: Vec<Elem>,
    /// For each phrase element, the first tokens that can start it: a sentence must hold
    /// one of each for the rule to be tried.
    required: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Binding {
    giver: Option<(usize, usize)>,
    receiver: Option<(usize, usize)>,
    start: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Match {
    giver: (usize, usize),
    receiver: Option<(usize, usize)>,
    start: usize,
    end: usize,
}

/// The compiled rule table and cue index.
#[derive(Debug, Clone)]
pub struct Matcher {
    rules: Vec<Compiled>,
    cues: HashMap<String, Vec<(Vec<String>, &'static Cue)>>,
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

impl Matcher {
    /// Compiles [`RULES`] and [`CUES`]. Panics on a pattern naming an unknown word class,
    /// which the unit tests catch.
    pub fn new() -> Self {
        Self::with_rules(RULES)
    }

    /// Compiles a given rule table.
    pub fn with_rules(rules: &'static [Rule]) -> Self {
        let classes: HashMap<&str, &[&str]> = WORD_CLASSES.iter().copied().collect();
        let compiled = rules
            .iter()
            .map(|rule| {
                let mut elems = Vec::new();
                let mut required = Vec::new();
                for part in rule.pattern.split_whitespace() {
                    let elem = match part {
                        "GIVER" => Elem::Giver,
                        "RECEIVER" => Elem::Receiver,
                        "..." => Elem::Gap,
                        "~" => Elem::Filler,
                        ".." => Elem::Words,
                        "~~" => Elem::Span,
                        p if p.starts_with('{') && p.ends_with('}') => {
                            let name = &p[1..p.len() - 1];
                            let words = classes.get(name).unwrap_or_else(|| panic!("rule {}: no word class {name}", rule.id));
                            let mut phrases: Vec<Vec<String>> = words.iter().map(|w| phrase_tokens(w)).collect();
                            phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
                            required.push(phrases.iter().map(|p| p[0].clone()).collect());
                            Elem::Phrases(phrases)
                        }
                        word => {
                            required.push(vec![word.to_owned()]);
                            Elem::Literal(word.to_owned())
                        }
                    };
                    elems.push(elem);
                }
                Compiled { rule, elems, required }
            })
            .collect();
        let mut cues: HashMap<String, Vec<(Vec<String>, &'static Cue)>> = HashMap::new();
        for cue in CUES {
            let tokens = phrase_tokens(cue.phrase);
            cues.entry(tokens[0].clone()).or_default().push((tokens, cue));
        }
        for list in cues.values_mut() {
            list.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
        }
        Self { rules: compiled, cues }
    }

    /// Every relation the rules find in a sentence. `groups` are the party groups of the
    /// tokens; `context_sides` the states of the previous sentence of the paragraph, the
    /// sides of a mediation when the sentence names none.
    pub fn extract(
        &self,
        tokens: &[Tok<'_>],
        groups: &[Option<Group>],
        context_sides: &[u32],
        gazetteer: &Gazetteer,
        vocabulary: &Vocabulary,
    ) -> Vec<Found> {
        let mut out: Vec<Found> = Vec::new();
        if !tokens.iter().any(|t| matches!(t.kind, TokKind::Party(_))) {
            return out;
        }
        let present: HashSet<&str> = tokens.iter().map(|t| t.text).collect();
        let mut all: Vec<(&'static Rule, Vec<Match>)> = Vec::new();
        for compiled in &self.rules {
            if !compiled.required.iter().all(|any| any.iter().any(|w| present.contains(w.as_str()))) {
                continue;
            }
            let mut matches = Vec::new();
            for start in 0..tokens.len() {
                step(&compiled.elems, tokens, groups, start, Binding::default(), &mut matches);
            }
            let mut seen = HashSet::new();
            matches.retain(|m| seen.insert(*m));
            if !matches.is_empty() {
                all.push((compiled.rule, matches));
            }
        }
        // The sides of a mediation are the sentence's states that mediate nothing and are
        // not in parentheses (an aside such as "(Russia, US, France)").
        let mut mediators: HashSet<u32> = HashSet::new();
        for (rule, matches) in &all {
            if rule.sides {
                for m in matches {
                    mediators.extend(groups[m.giver.0].iter().flat_map(|g| g.members.iter().copied()));
                }
            }
        }
        let mut depth = 0i32;
        let mut sides: Vec<u32> = Vec::new();
        for t in tokens {
            match (t.kind, t.text) {
                (TokKind::Punct, "(") => depth += 1,
                (TokKind::Punct, ")") => depth = (depth - 1).max(0),
                (TokKind::Party(e), _) if depth == 0 => {
                    if gazetteer.entities[e as usize].state_like && !mediators.contains(&e) && !sides.contains(&e) {
                        sides.push(e);
                    }
                }
                _ => {}
            }
        }
        let context: Vec<u32> = context_sides.iter().copied().filter(|e| !mediators.contains(e)).collect();
        // Items captured or cut off did not change hands as support: those matches win over
        // a transfer read of the same parties.
        let taken: HashSet<((usize, usize), Option<(usize, usize)>)> = all
            .iter()
            .filter(|(rule, _)| rule.yields == Yield::SupplyOnly)
            .flat_map(|(_, matches)| matches.iter().map(|m| (m.giver, m.receiver)))
            .collect();
        for (rule, matches) in all {
            for m in matches {
                if rule.yields != Yield::SupplyOnly && taken.contains(&(m.giver, m.receiver)) {
                    continue;
                }
                self.emit(rule, &m, tokens, groups, &sides, &context, gazetteer, vocabulary, &mut out);
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn emit(
        &self,
        rule: &'static Rule,
        m: &Match,
        tokens: &[Tok<'_>],
        groups: &[Option<Group>],
        sides: &[u32],
        context_sides: &[u32],
        gazetteer: &Gazetteer,
        vocabulary: &Vocabulary,
        out: &mut Vec<Found>,
    ) {
        let members = |(s, _): (usize, usize)| groups[s].as_ref().map(|g| g.members.clone()).unwrap_or_default();
        let givers = members(m.giver);
        let mut confidence = rule.confidence;
        let receivers: Vec<u32> = match m.receiver {
            Some(r) => members(r),
            None if rule.sides => {
                let mut list: Vec<u32> = sides.iter().copied().filter(|e| !givers.contains(e)).collect();
                if list.is_empty() {
                    confidence *= 0.9;
                    list = context_sides.iter().copied().filter(|e| !givers.contains(e)).collect();
                }
                list
            }
            None => Vec::new(),
        };
        if givers.is_empty() || receivers.is_empty() {
            return;
        }
        let (items, cue_supports) = self.cues_in(tokens, m, gazetteer);
        let transfer = rule.yields != Yield::Support;
        let mut items: Vec<String> = if transfer { items } else { Vec::new() };
        let mut typed = true;
        if transfer && items.is_empty() {
            if let Some(default) = rule.default_item {
                items.push(default.to_owned());
                typed = false;
            }
        }
        let mut supports: Vec<String> = match rule.fixed {
            _ if rule.yields == Yield::SupplyOnly => Vec::new(),
            Some(fixed) => vec![fixed.to_owned()],
            None => {
                let mut s = cue_supports;
                for item in &items {
                    if let Some(t) = support_for_item(vocabulary.top(Scheme::ItemCategories, item)) {
                        push_unique(&mut s, t.to_owned());
                    }
                }
                s
            }
        };
        if supports.is_empty() && rule.yields != Yield::SupplyOnly {
            if let Some(default) = rule.default_support {
                supports.push(default.to_owned());
                typed = false;
            }
        }
        if !typed {
            confidence *= 0.8;
        }
        let polarity = rule.polarity.unwrap_or_else(|| polarity(tokens, m));
        for &giver in &givers {
            for &receiver in &receivers {
                if giver == receiver {
                    continue;
                }
                let mut push = |kind: Kind, concept: &String| {
                    let found = Found { kind, giver, receiver, concept: concept.clone(), polarity, confidence, rule: rule.id };
                    if !out.iter().any(|f| f.kind == kind && f.giver == giver && f.receiver == receiver && f.concept == *concept) {
                        out.push(found);
                    }
                };
                for item in &items {
                    push(Kind::Supply, item);
                }
                for support in &supports {
                    push(Kind::Support, support);
                }
            }
        }
    }

    /// Item categories and support types named in the match's clause: from the match's
    /// first token to [`CUE_REACH`] tokens past its end, stopping at a clause break.
    fn cues_in(&self, tokens: &[Tok<'_>], m: &Match, gazetteer: &Gazetteer) -> (Vec<String>, Vec<String>) {
        let (mut items, mut supports) = (Vec::new(), Vec::new());
        let (mut weak_items, mut weak_supports) = (Vec::new(), Vec::new());
        let mut end = m.end;
        while end < tokens.len() && end < m.end + CUE_REACH && !tokens[end].is_clause_break() {
            end += 1;
        }
        let mut i = m.start;
        while i < end {
            let tok = &tokens[i];
            if let TokKind::Thing(e) = tok.kind {
                for cat in &gazetteer.entities[e as usize].item_categories {
                    if let Some(local) = cat.as_str().strip_prefix(NKV) {
                        push_unique(&mut items, local.to_owned());
                    }
                }
            }
            let hit = self.cues.get(tok.text).and_then(|list| {
                list.iter().find(|(phrase, _)| {
                    phrase.iter().enumerate().all(|(k, w)| tokens.get(i + k).is_some_and(|t| t.kind == TokKind::Word && t.text == w))
                })
            });
            match hit {
                Some((phrase, cue)) => {
                    let (item_list, support_list) =
                        if cue.weak { (&mut weak_items, &mut weak_supports) } else { (&mut items, &mut supports) };
                    if let Some(item) = cue.item {
                        push_unique(item_list, item.to_owned());
                    }
                    if let Some(support) = cue.support {
                        push_unique(support_list, support.to_owned());
                    }
                    i += phrase.len();
                }
                None => i += 1,
            }
        }
        if items.is_empty() {
            items = weak_items;
        }
        if supports.is_empty() {
            supports = weak_supports;
        }
        (items, supports)
    }
}

impl Default for Matcher {
    fn default() -> Self {
        Self::new()
    }
}

fn push_unique(list: &mut Vec<String>, value: String) {
    if !list.contains(&value) {
        list.push(value);
    }
}

/// The polarity stated in the clause up to the end of the match.
fn polarity(tokens: &[Tok<'_>], m: &Match) -> Polarity {
    let mut start = m.start;
    while start > 0 && !tokens[start - 1].is_clause_break() {
        start -= 1;
    }
    let words: Vec<&str> = tokens[start..m.end].iter().filter(|t| t.kind == TokKind::Word).map(|t| t.text).collect();
    if words.iter().any(|w| DENIAL.contains(w)) {
        Polarity::Denied
    } else if words.iter().any(|w| NEGATION.contains(w)) {
        Polarity::Declined
    } else if words.iter().any(|w| ALLEGATION.contains(w)) {
        Polarity::Alleged
    } else {
        Polarity::Given
    }
}

/// Matches `elems` at token `ti`, pushing every complete match.
fn step(elems: &[Elem], tokens: &[Tok<'_>], groups: &[Option<Group>], ti: usize, binding: Binding, out: &mut Vec<Match>) {
    let Some((elem, rest)) = elems.split_first() else {
        if let (Some(giver), Some(start)) = (binding.giver, binding.start) {
            out.push(Match { giver, receiver: binding.receiver, start, end: ti });
        }
        return;
    };
    let mut b = binding;
    match elem {
        Elem::Giver | Elem::Receiver => {
            let mut j = ti;
            while j < tokens.len() && j < ti + 2 && tokens[j].kind == TokKind::Word && DETERMINERS.contains(&tokens[j].text) {
                j += 1;
            }
            // after a preposition of the pattern, up to two modifiers: "by neighbouring X"
            if binding.start.is_some() && groups.get(j).is_none_or(Option::is_none) {
                let mut k = j;
                while k < tokens.len() && k < j + 2 && tokens[k].kind == TokKind::Word && !PREPOSITIONS.contains(&tokens[k].text) {
                    k += 1;
                    if groups.get(k).is_some_and(Option::is_some) {
                        j = k;
                        break;
                    }
                }
            }
            let Some(group) = groups.get(j).and_then(Option::as_ref) else { return };
            if binding.start.is_none() && after_preposition(tokens, j) {
                return;
            }
            if matches!(elem, Elem::Giver) {
                b.giver = Some((j, group.end));
            } else {
                b.receiver = Some((j, group.end));
            }
            b.start.get_or_insert(j);
            step(rest, tokens, groups, group.end, b, out);
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
        Elem::Gap => {
            for k in 0..=GAP {
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
                if k > 0 && !tokens.get(ti + k - 1).is_some_and(|t| t.kind == TokKind::Word) {
                    break;
                }
                step(rest, tokens, groups, ti + k, b, out);
            }
        }
        Elem::Words => {
            for k in 0..=WORDS {
                if k > 0 && !tokens.get(ti + k - 1).is_some_and(|t| matches!(t.kind, TokKind::Word | TokKind::Thing(_))) {
                    break;
                }
                step(rest, tokens, groups, ti + k, b, out);
            }
        }
    }
}

/// Whether a token may be skipped by a `~` filler.
fn is_filler(t: &Tok<'_>) -> bool {
    (t.kind == TokKind::Word || t.text == ",") && (FILLERS.contains(&t.text) || (t.text.len() > 4 && t.text.ends_with("ly")))
}

/// Whether the party at token `j` follows a preposition (skipping determiners).
fn after_preposition(tokens: &[Tok<'_>], j: usize) -> bool {
    let mut i = j;
    while i > 0 && DETERMINERS.contains(&tokens[i - 1].text) {
        i -= 1;
    }
    i > 0 && tokens[i - 1].kind == TokKind::Word && PREPOSITIONS.contains(&tokens[i - 1].text)
}
