//! Runs the rule table over a sentence's tokens: compiles each rule's pattern once
//! ([`super::pattern`]), finds its matches, then turns every match into candidates: the
//! parties of its slots (or the sides of a mediation, or the recipient carried over from
//! the preceding sentences, see [`Discourse`]), typed from the cue words of its
//! clause ([`super::lexicon::CUES`]) or the rule's fixed or default type, with a polarity
//! read from negation, denial and allegation words.

use std::collections::{HashMap, HashSet};

use super::lexicon::{support_for_item, Cue, CUES, WORD_CLASSES};
use super::polarity::{aside_polarity, conditional_after, later_denial, own_statement, Clauses};
use super::frames;
use super::mentions::Gazetteer;
use super::rules::{Polarity, Rule, Yield, RULES};
use super::pattern::{phrase_tokens, Match, Pattern, Range, WordIds};
use super::tokens::{Group, Tok, TokKind};
use super::vocab::{Scheme, Vocabulary};
use crate::prefixes::NKV;

pub use crate::relation::Kind;

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

/// What the rules may draw on beyond the sentence itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct Discourse<'a> {
    /// The document's states, most mentioned first: the sides of a mediation whose
    /// sentence names none are the first two that do not mediate.
    pub states: &'a [u32],
    /// Recipients of the relations found in the preceding sentences, latest first: the
    /// recipient of a rule with an implicit one.
    pub recipients: &'a [u32],
}

const CUE_REACH: usize = 10;
const CUE_BACK: usize = 12;

#[derive(Debug, Clone)]
struct Compiled {
    rule: &'static Rule,
    pattern: Pattern,
}

/// The compiled rule table and cue index.
#[derive(Debug, Clone)]
pub struct Matcher {
    rules: Vec<Compiled>,
    /// Sources whose frames and cue verbs are disabled (leave-one-out).
    excluded: Vec<String>,
    /// Whether the general frames run besides the rules.
    frames: bool,
    words: WordIds,
    cues: HashMap<String, Vec<(Vec<String>, &'static Cue)>>,
}

impl Matcher {
    /// Compiles [`RULES`] and [`CUES`]. Panics on a pattern naming an unknown word class,
    /// which the unit tests catch.
    pub fn new() -> Self {
        Self::excluding(RULES, &[])
    }

    /// Compiles a given rule table.
    ///
    /// Only these rules run: the general frames ([`frames`]) are off, so that a rule can be
    /// tested alone.
    pub fn with_rules(rules: &'static [Rule]) -> Self {
        let mut matcher = Self::excluding(rules, &[]);
        matcher.frames = false;
        matcher
    }

    /// Compiles a rule table without the rules and cues motivated by any of `sources`
    /// (corpus documents' codes): leave-one-out evaluation.
    pub fn excluding(rules: &'static [Rule], sources: &[&str]) -> Self {
        let enabled = |motivated_by: &str| !sources.contains(&motivated_by);
        let classes: HashMap<&str, &[&str]> = WORD_CLASSES.iter().copied().collect();
        let mut words = WordIds::default();
        let compiled = rules
            .iter()
            .filter(|rule| enabled(rule.motivated_by))
            .map(|rule| Compiled { rule, pattern: Pattern::compile(rule.id, rule.pattern, &classes, &mut words) })
            .collect();
        let mut cues: HashMap<String, Vec<(Vec<String>, &'static Cue)>> = HashMap::new();
        for cue in CUES {
            let tokens = phrase_tokens(cue.phrase);
            cues.entry(tokens[0].clone()).or_default().push((tokens, cue));
        }
        for list in cues.values_mut() {
            list.sort_by_key(|(t, _)| std::cmp::Reverse(t.len()));
        }
        Self { rules: compiled, excluded: sources.iter().map(|s| (*s).to_owned()).collect(), frames: true, words, cues }
    }

    /// Every relation the rules find in a sentence. `groups` are the party groups of the
    /// tokens; `discourse` what the preceding text offers.
    pub fn extract(
        &self,
        tokens: &[Tok<'_>],
        groups: &[Option<Group>],
        discourse: &Discourse<'_>,
        gazetteer: &Gazetteer,
        vocabulary: &Vocabulary,
    ) -> Vec<Found> {
        let mut out: Vec<Found> = Vec::new();
        if !tokens.iter().any(|t| matches!(t.kind, TokKind::Party(_))) {
            return out;
        }
        let present = self.words.present(tokens);
        let mut all: Vec<(&'static Rule, Vec<Match>)> = Vec::new();
        for compiled in &self.rules {
            if !compiled.pattern.may_match(&present) {
                continue;
            }
            let matches = compiled.pattern.find(tokens, groups);
            if !matches.is_empty() {
                all.push((compiled.rule, matches));
            }
        }
        // the general frames: cue words and clause structure ([`frames`])
        let is_item = |i: usize| {
            tokens.get(i).is_some_and(|t| {
                t.kind == TokKind::Word && self.cues.get(t.text).is_some_and(|list| list.iter().any(|(_, c)| c.item.is_some() && !c.weak))
            })
        };
        let enabled = |source: &str| !self.excluded.iter().any(|s| s == source);
        if self.frames {
            for (rule, m) in frames::find(tokens, groups, &is_item, &enabled) {
                all.push((rule, vec![m]));
            }
        }
        if all.is_empty() {
            return out;
        }
        // The sides of a mediation are the sentence's states that mediate nothing and are
        // not in parentheses (an aside such as "(Russia, US, France)").
        let mut mediators: HashSet<u32> = HashSet::new();
        for (rule, matches) in &all {
            if rule.sides {
                for m in matches {
                    mediators.extend(groups[m.giver.0].iter().flat_map(|g| g.members.iter().copied()));
                    mediators.extend(tokens[m.giver.0..m.giver.1].iter().filter_map(|t| match t.kind {
                        TokKind::Party(e) if m.list => Some(e),
                        _ => None,
                    }));
                }
            }
        }
        let mut depth = 0i32;
        let mut sides: Vec<u32> = Vec::new();
        for t in tokens {
            match (t.kind, t.text) {
                (TokKind::Punct, "(") => depth += 1,
                (TokKind::Punct, ")") => depth = (depth - 1).max(0),
                (TokKind::Party(e), _)
                    if depth == 0
                        && gazetteer.entities[e as usize].state_like
                        && !mediators.contains(&e)
                        && !sides.contains(&e) =>
                {
                    sides.push(e);
                }
                _ => {}
            }
        }
        let context: Vec<u32> = discourse.states.iter().copied().filter(|e| !mediators.contains(e)).take(2).collect();
        // Items captured or cut off did not change hands as support: those matches win over
        // a transfer read of the same parties.
        let taken: HashSet<(Range, Option<Range>)> = all
            .iter()
            .filter(|(rule, _)| rule.yields == Yield::SupplyOnly)
            .flat_map(|(_, matches)| matches.iter().map(|m| (m.giver, m.receiver)))
            .collect();
        let clauses = Clauses::new(tokens);
        let mut seen: HashSet<(Kind, u32, u32, String)> = HashSet::new();
        let receivers = Receivers {
            sides: &sides,
            fallback_sides: &context,
            main: &discourse.states[..discourse.states.len().min(2)],
            implicit: discourse.recipients.first().copied(),
        };
        for (rule, matches) in all {
            for m in matches {
                if rule.yields != Yield::SupplyOnly && taken.contains(&(m.giver, m.receiver)) {
                    continue;
                }
                if rule.implicit_receiver && clauses.party_before(m.start) {
                    continue;
                }
                let found = Emitted { out: &mut out, seen: &mut seen };
                self.emit(rule, &m, tokens, groups, &receivers, &clauses, gazetteer, vocabulary, found);
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
        receivers: &Receivers<'_>,
        clauses: &Clauses,
        gazetteer: &Gazetteer,
        vocabulary: &Vocabulary,
        found: Emitted<'_>,
    ) {
        let Emitted { out, seen } = found;
        let members = |(s, _): (usize, usize)| groups[s].as_ref().map(|g| g.members.clone()).unwrap_or_default();
        let givers = if m.list {
            let mut list: Vec<u32> = Vec::new();
            for t in &tokens[m.giver.0..m.giver.1] {
                if let TokKind::Party(e) = t.kind {
                    push_unique_id(&mut list, e);
                }
            }
            list
        } else {
            members(m.giver)
        };
        let mut confidence = rule.confidence;
        let receivers: Vec<u32> = match m.receiver {
            _ if rule.mutual => givers.clone(),
            Some(r) if rule.opponent => {
                let opposed = members(r);
                match receivers.main {
                    [a, b] if opposed == [*a] => vec![*b],
                    [a, b] if opposed == [*b] => vec![*a],
                    _ => Vec::new(),
                }
            }
            Some(r) => members(r),
            None if rule.sides => {
                let mut list: Vec<u32> = receivers.sides.iter().copied().filter(|e| !givers.contains(e)).collect();
                if list.is_empty() {
                    confidence *= 0.9;
                    list = receivers.fallback_sides.iter().copied().filter(|e| !givers.contains(e)).collect();
                }
                list
            }
            None if rule.implicit_receiver => {
                confidence *= 0.9;
                receivers.implicit.into_iter().collect()
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
        // "X said it would supply Y": the giver's own statement, neither alleged nor (without
        // a condition) hypothetical
        let own = own_statement(tokens, m);
        let hypothetical = match own {
            Some(_) => clauses.hypothetical_besides(tokens, m, &["would"]) || conditional_after(tokens, m.end),
            None => clauses.hypothetical(tokens, m),
        };
        if rule.polarity.is_none() && hypothetical {
            return;
        }
        let polarity = rule.polarity.unwrap_or_else(|| match own {
            Some(report) => clauses.own_polarity(tokens, m, report),
            None => clauses.polarity(tokens, m),
        });
        // an aside right after one giver speaks of that giver only: "X, Y (denied by Y)"
        let giver_polarity: Vec<Polarity> = givers
            .iter()
            .map(|&g| {
                if rule.polarity.is_some() {
                    polarity
                } else if later_denial(tokens, m.end, g) {
                    Polarity::Denied
                } else {
                    aside_polarity(tokens, m.giver, g).unwrap_or(polarity)
                }
            })
            .collect();
        // Arms and troops go to and come from a side: "arms to the Armenians" are arms to
        // Armenia. A people still gives fighters of its own ("Chechens fought for X").
        let military = supports.iter().any(|s| vocabulary.top(Scheme::SupportTypes, s) == "MilitarySupport")
            || items.iter().any(|i| vocabulary.top(Scheme::ItemCategories, i) == "Arms");
        let fighters = supports.iter().any(|s| s == "ForeignFighters");
        let side = |e: u32| gazetteer.state_of_people(e).unwrap_or(e);
        // fighters fight for a side, not for the person who recruited them
        let fought_for = |e: u32| gazetteer.entities[e as usize].state.filter(|_| fighters).unwrap_or_else(|| side(e));
        // an adjective of origin or backing names a state: "Armenian-backed", "Israeli drones"
        let givers: Vec<u32> = if rule.adjective { givers.iter().map(|&g| side(g)).collect() } else { givers };
        let (givers, receivers): (Vec<u32>, Vec<u32>) = if military {
            (givers.iter().map(|&g| if fighters { g } else { side(g) }).collect(), receivers.iter().map(|&r| fought_for(r)).collect())
        } else {
            (givers, receivers)
        };
        // a state's armed force receives in two views, its own and its state's ("arms to the
        // Azerbaijani army" are arms to Azerbaijan too); what a state or its own forces give
        // their army stays inside the state
        for (&giver, &polarity) in givers.iter().zip(&giver_polarity) {
            for receiver in receivers.iter().flat_map(|&r| with_state(gazetteer, r, giver)) {
                if giver == receiver {
                    continue;
                }
                let mut push = |kind: Kind, concept: &String| {
                    if seen.insert((kind, giver, receiver, concept.clone())) {
                        out.push(Found { kind, giver, receiver, concept: concept.clone(), polarity, confidence, rule: rule.id });
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

    /// Item categories and support types named in the match's clause: from [`CUE_BACK`]
    /// tokens before the match (the subject of a passive) to [`CUE_REACH`] tokens past its
    /// end, stopping at clause breaks.
    fn cues_in(&self, tokens: &[Tok<'_>], m: &Match, gazetteer: &Gazetteer) -> (Vec<String>, Vec<String>) {
        let (mut items, mut supports) = (Vec::new(), Vec::new());
        let (mut weak_items, mut weak_supports) = (Vec::new(), Vec::new());
        let mut end = m.end;
        while end < tokens.len() && end < m.end + CUE_REACH && !tokens[end].is_clause_break() && !coordinated_clause(tokens, end) {
            end += 1;
        }
        let mut i = m.start;
        while i > 0 && i + CUE_BACK > m.start && !tokens[i - 1].is_clause_break() {
            i -= 1;
        }
        while i < end {
            let tok = &tokens[i];
            // an armed group sent between two other parties is the thing supplied: "X
            // transferred Syrian mercenaries to Y", "mercenaries were sent to Y by X"
            if let TokKind::Party(e) = tok.kind {
                let outside = i < m.giver.0 || i >= m.giver.1;
                let not_receiver = m.receiver.is_none_or(|(s, t)| i < s || i >= t);
                if outside && not_receiver && gazetteer.entities[e as usize].armed_group {
                    push_unique(&mut items, "Fighters".to_owned());
                    push_unique(&mut supports, "ForeignFighters".to_owned());
                }
            }
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
                    // "military and diplomatic support": an adjective coordinated with a
                    // strong one before the same noun is as strong
                    let coordinated = cue.weak
                        && tokens.get(i + phrase.len()).is_some_and(|t| matches!(t.text, "and" | "or"))
                        && tokens[i + phrase.len()..end.min(i + phrase.len() + 4)]
                            .iter()
                            .any(|t| matches!(t.text, "support" | "aid" | "assistance" | "backing" | "help"));
                    let (item_list, support_list) =
                        if cue.weak && !coordinated { (&mut weak_items, &mut weak_supports) } else { (&mut items, &mut supports) };
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

/// Where the recipients of a match without a `RECEIVER` slot come from.
struct Receivers<'a> {
    /// The states of the sentence that mediate nothing.
    sides: &'a [u32],
    /// The document's main states, when the sentence names no side.
    fallback_sides: &'a [u32],
    /// The document's two main states, the sides a condemnation takes.
    main: &'a [u32],
    /// The latest recipient of the preceding sentences.
    implicit: Option<u32>,
}

/// The relations found so far in a sentence, and a set of them to keep them distinct
/// without comparing each new one with all before it.
struct Emitted<'o> {
    out: &'o mut Vec<Found>,
    seen: &'o mut HashSet<(Kind, u32, u32, String)>,
}


/// A receiver and, when it is the armed force of a state that is not the giver's, that
/// state.
fn with_state(gazetteer: &Gazetteer, receiver: u32, giver: u32) -> impl Iterator<Item = u32> {
    let own = |state: u32| giver == state || gazetteer.state_of_force(giver) == Some(state);
    std::iter::once(receiver).chain(gazetteer.state_of_force(receiver).filter(|&state| !own(state)))
}

fn push_unique_id(list: &mut Vec<u32>, value: u32) {
    if !list.contains(&value) {
        list.push(value);
    }
}

fn push_unique(list: &mut Vec<String>, value: String) {
    if !list.contains(&value) {
        list.push(value);
    }
}

/// Whether a coordinated clause with its own subject starts at token `i` (", and X", ",
/// while X", ", but X"): its cue words type its own relation, not the one before.
fn coordinated_clause(tokens: &[Tok<'_>], i: usize) -> bool {
    tokens[i].text == ","
        && tokens.get(i + 1).is_some_and(|t| matches!(t.text, "and" | "but" | "while" | "whereas"))
        && tokens.get(i + 2).is_some_and(|t| matches!(t.kind, TokKind::Party(_)) || matches!(t.text, "it" | "they" | "the"))
}