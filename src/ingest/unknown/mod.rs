//! Parties the gazetteer does not know (issue 11, "Entities the graph does not know yet";
//! terms `nk:ProposedEntity`, `nk:proposedClass`, `nk:proposedLabel` in
//! `ontology/ingest.ttl`; the RDF is built by [`crate::review::proposed::triples`]).
//!
//! A sentence's tokens are read before the rules run; a run of capitalised words that no
//! gazetteer mention covers is recognised as an unknown party when a cue says what it is:
//! - a title before a name: "President X", "Defence Minister X", "General X" → `nk:Person`;
//! - an organisation word: "… Brigade", "… Battalion", "… Group", "… Front" →
//!   `nk:ArmedGroup`; "… Army" → `nk:ArmedForce`; "… Party", "… Movement" →
//!   `nk:PoliticalParty`; "… Foundation", "… Committee" → `nk:NonGovernmentalOrganisation`;
//!   "… Ministry", "Ministry of …" → `nk:GovernmentBody`; "… Inc", "… Ltd",
//!   "… Corporation", "… Industries", "… Systems" → `nk:Company`;
//! - "Republic of X", "Kingdom of X" → `nk:State`;
//! - the plural of a demonym ("Ruritanians") → `nk:PopulationGroup`;
//! - two or more capitalised name words without a cue ("Anna Petrosova") → `nk:Actor`,
//!   the class the reviewer refines.
//!
//! What is not a party: words capitalised because they open the sentence, months and
//! days, titles and organisation words alone ("the President", "the Ministry"), generic
//! bodies ("Defence Ministry", "Armed Forces"), function words ("The", "However"), runs
//! that qualify or are qualified by a known entity ("Azerbaijani Defence Ministry",
//! "Ministry of Defence of Armenia": the known party stays the party) and sentences set in
//! title case (headings). Known places are gazetteer mentions, so never part of a run.
//!
//! Only sentences the rules read are looked at: those naming a known entity, or referring
//! back to one (a sentence naming unknown parties only yields no candidate).
//!
//! A recognised run becomes one [`TokKind::Party`] token whose entity index is a slot
//! above the gazetteer's entities ([`Unknowns`]), so the rules and frames take it into a
//! giver or receiver slot as they take a known actor; the slot's proposal gives the label
//! and class. The forms of one name in a document share a slot — the same words whatever
//! their case, a leading article, a possessive `'s`, hyphens or spacing ("the Wagner
//! group", "Wagner Group's", "WAGNER GROUP"; an organisation word in lower case still
//! ends a name) — labelled with the form given most often, with the spans of every form
//! ([`occurrences`]). Its IRI ([`crate::review::proposed::proposed_iri`]) depends on those
//! words only, so it is the same across documents and re-ingestions.

use std::collections::HashMap;

mod words;

use oxigraph::model::NamedNode;

use super::fold::Folded;
use super::mentions::Entity;
use super::tokens::{Tok, TokKind};
use crate::prefixes::NKE;
use words::{
    CONNECTORS, GENERIC, LOWER_CASE_HEADS, NOT_ACTORS, NOT_NAMES, ORGANISATION_WORDS, PERSON_TITLES, PLACE_PREPOSITIONS, STATE_HEADS, TITLE_WORDS,
};

/// How many unknown parties one document may propose: the slots reserved above the
/// gazetteer's entities. Further names in a document are left as words.
pub const SLOTS: u32 = 512;

/// Appends the [`SLOTS`] entities that stand for a document's unknown parties to the
/// gazetteer's `entities` (actors with no name, flags or class, so that every lookup the
/// rules make on a party works on them) and returns the index of the first.
pub fn reserve_slots(entities: &mut Vec<Entity>) -> u32 {
    let base = u32::try_from(entities.len()).expect("fewer than 2^32 entities");
    entities.extend((0..SLOTS).map(|n| Entity {
        iri: NamedNode::new_unchecked(format!("{NKE}unknown-party-{n}")),
        actor: true,
        state_like: false,
        rank: 5,
        item_categories: Vec::new(),
        people: false,
        lifetime: (None, None),
        state: None,
        armed_group: false,
    }));
    base
}

/// What a run of capitalised words was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recognised {
    /// Words of the run before the name (function words, a title).
    pub skip: usize,
    /// Words of the name.
    pub len: usize,
    /// The local name of the `nk:Actor` subclass the cue suggests.
    pub class: &'static str,
}

/// An unknown party of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// The name as the text gives it most often (the first form given, on a tie): "Vostok
    /// Brigade" for "the Vostok Brigade" twice and "the Vostok brigade" once.
    pub label: String,
    /// The local name of its proposed class in `nk:` ("ArmedGroup").
    pub class: &'static str,
    /// Every surface form seen, in order of first appearance, with how often.
    pub forms: Vec<(String, usize)>,
}

/// The unknown parties of one document, by slot.
#[derive(Debug, Clone, Default)]
pub struct Unknowns {
    /// The proposals; the one of slot `base + i` is `proposals[i]`.
    pub proposals: Vec<Proposal>,
    by_name: HashMap<Vec<String>, u32>,
}

impl Unknowns {
    /// The index of the proposal named `label`, added if new; `None` when the document has
    /// used all [`SLOTS`]. Names with the same words
    /// ([`crate::review::proposed::name_words`]: case, articles, a possessive, punctuation
    /// and spacing aside) are one proposal, labelled with its most frequent form.
    fn index(&mut self, label: &str, class: &'static str) -> Option<u32> {
        let key = crate::review::proposed::name_words(label);
        if let Some(&i) = self.by_name.get(&key) {
            let proposal = &mut self.proposals[i as usize];
            // a cue seen later says more than a bare name seen first
            if proposal.class == "Actor" {
                proposal.class = class;
            }
            match proposal.forms.iter_mut().find(|(form, _)| form == label) {
                Some((_, count)) => *count += 1,
                None => proposal.forms.push((label.to_owned(), 1)),
            }
            // the most frequent form; the first one on a tie
            let mut best = &proposal.forms[0];
            for form in &proposal.forms[1..] {
                if form.1 > best.1 {
                    best = form;
                }
            }
            proposal.label.clone_from(&best.0);
            return Some(i);
        }
        let i = u32::try_from(self.proposals.len()).ok().filter(|&i| i < SLOTS)?;
        self.proposals.push(Proposal { label: label.to_owned(), class, forms: vec![(label.to_owned(), 1)] });
        self.by_name.insert(key, i);
        Some(i)
    }
}

fn lower(word: &str) -> String {
    word.to_lowercase()
}

fn is_in(list: &[&str], word: &str) -> bool {
    list.contains(&lower(word).as_str())
}

fn organisation(word: &str) -> Option<&'static str> {
    let w = lower(word.trim_end_matches('.'));
    ORGANISATION_WORDS.iter().find(|(o, _)| *o == w).map(|&(_, class)| class)
}

/// A word that may be part of a name: capitalised, letters (and inner apostrophes or
/// digits after the first letter), not a word that never names.
fn name_word(word: &str) -> bool {
    word.starts_with(char::is_uppercase)
        && word.chars().all(|c| c.is_alphanumeric() || c == '\'' || c == '.')
        && !is_in(NOT_NAMES, word)
}

/// Whether `word` is the plural of a demonym of a people the gazetteer does not know
/// ("Ruritanians", "Vulcanese").
fn demonym_plural(word: &str) -> bool {
    let w = lower(word);
    word.starts_with(char::is_uppercase)
        && w.chars().all(char::is_alphabetic)
        && w.chars().count() >= 7
        && (w.ends_with("ians") || w.ends_with("ans") || w.ends_with("ese") || w.ends_with("is") && !w.ends_with("sis"))
        && !is_in(NOT_NAMES, word)
}

/// Reads a run of capitalised words (and connectors between them), as written: what, if
/// anything, it names. `sentence_start`: the run opens its sentence, so its first word
/// may be capitalised only for that; `title_before`: a lower-case title stands right
/// before it ("defence minister Anna Petrosova").
pub fn recognise(words: &[&str], sentence_start: bool, title_before: bool) -> Option<Recognised> {
    let mut skip = 0;
    while skip < words.len() && (is_in(NOT_NAMES, words[skip]) || is_in(CONNECTORS, words[skip])) {
        // a title or an organisation word is read below, not skipped
        let cue = is_in(PERSON_TITLES, words[skip]) || is_in(TITLE_WORDS, words[skip]);
        if cue || organisation(words[skip]).is_some() || is_in(STATE_HEADS, words[skip]) {
            break;
        }
        skip += 1;
    }
    if sentence_start && skip == 0 && words.len() > 1 {
        let first = lower(words[0]);
        let cue = is_in(PERSON_TITLES, &first) || is_in(TITLE_WORDS, &first) || organisation(&first).is_some();
        if !cue && (first.ends_with("ed") || first.ends_with("ing") || first.ends_with("ly")) {
            skip = 1;
        }
    }
    let mut end = words.len();
    while end > skip && is_in(CONNECTORS, words[end - 1]) {
        end -= 1;
    }
    let run = &words[skip..end];
    if run.is_empty() {
        return None;
    }
    // "President X", "Defence Minister X": a title, then the person's name
    let titles = run.iter().take_while(|w| is_in(PERSON_TITLES, w) || is_in(TITLE_WORDS, w)).count();
    if titles > 0 && is_in(PERSON_TITLES, run[titles - 1]) && titles < run.len() {
        let name = run[titles..].iter().take_while(|w| name_word(w) && organisation(w).is_none()).count();
        return (name > 0).then_some(Recognised { skip: skip + titles, len: name, class: "Person" });
    }
    if titles == run.len() {
        return None;
    }
    // "Republic of X", "Ministry of Energy", "Front for the Liberation of X"
    if run.len() >= 3 && is_in(CONNECTORS, run[1]) && run[2..].iter().any(|w| name_word(w)) {
        if is_in(STATE_HEADS, run[0]) && is_in(&["of"], run[1]) {
            return Some(Recognised { skip, len: run.len(), class: "State" });
        }
        if let Some(class) = organisation(run[0]) {
            let generic = run[2..].iter().all(|w| is_in(GENERIC, w) || is_in(CONNECTORS, w));
            return (!generic).then_some(Recognised { skip, len: run.len(), class });
        }
    }
    // "Vostok Brigade", "Acme Systems Ltd": name words, then organisation words (the last
    // gives the class: "Popular Front Party" is a party)
    if let Some(k) = (1..run.len()).find(|&k| organisation(run[k]).is_some()) {
        let names = &run[..k];
        let k = (k..run.len()).take_while(|&j| organisation(run[j]).is_some()).last().expect("k itself");
        let class = organisation(run[k]).expect("an organisation word");
        if names.iter().all(|w| name_word(w) || is_in(CONNECTORS, w))
            && names.iter().any(|w| name_word(w) && !is_in(GENERIC, w))
        {
            // "… Front for the Liberation of X": the name goes on after "for"/"of"
            let len = if run.len() > k + 2 && is_in(CONNECTORS, run[k + 1]) { run.len() } else { k + 1 };
            return Some(Recognised { skip, len, class });
        }
        return None;
    }
    if title_before {
        let name = run.iter().take_while(|w| name_word(w)).count();
        return (name > 0).then_some(Recognised { skip, len: name, class: "Person" });
    }
    if run.len() == 1 {
        return demonym_plural(run[0]).then_some(Recognised { skip, len: 1, class: "PopulationGroup" });
    }
    // a name without a cue: two to four name words, nothing else
    let all_names = run.iter().all(|w| name_word(w) && !is_in(GENERIC, w) && !is_in(NOT_ACTORS, w));
    (all_names && run.len() <= 4).then_some(Recognised { skip, len: run.len(), class: "Actor" })
}

/// The byte offset of a token in the folded text it is a slice of.
fn offset(folded: &Folded, tok: &Tok<'_>) -> usize {
    tok.text.as_ptr() as usize - folded.text.as_ptr() as usize
}

/// Replaces every run of capitalised words in a sentence's tokens that names an unknown
/// party ([`recognise`]) by one party token with entity index `base` + its proposal's
/// index in `unknowns`. `view` is the text `folded` was folded from (its capitals).
pub fn mark_parties<'a>(tokens: &mut Vec<Tok<'a>>, folded: &'a Folded, view: &str, base: u32, unknowns: &mut Unknowns) {
    let capital = |t: &Tok<'_>| {
        t.kind == TokKind::Word && view[folded.origin[offset(folded, t)] as usize..].starts_with(char::is_uppercase)
    };
    let words = tokens.iter().filter(|t| t.kind == TokKind::Word && t.text.chars().next().is_some_and(char::is_alphabetic));
    let (mut all, mut capitals) = (0, 0);
    for t in words {
        all += 1;
        capitals += usize::from(capital(t));
    }
    // a heading in title case capitalises every word, and ends without a full stop
    let ends = tokens.last().is_some_and(|t| matches!(t.text, "." | "!" | "?"));
    if !ends && all >= 4 && capitals * 10 >= all * 7 {
        return;
    }
    let mut out: Vec<Tok<'a>> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        if !capital(&tokens[i]) {
            out.push(tokens[i]);
            i += 1;
            continue;
        }
        // the run: capitalised words, and connectors or hyphens between them
        let mut end = i + 1;
        loop {
            let mut j = end;
            while j < tokens.len() && tokens[j].kind == TokKind::Word && is_in(CONNECTORS, tokens[j].text) && !capital(&tokens[j]) {
                j += 1;
            }
            let hyphen = j == end
                && tokens.get(j).is_some_and(|t| t.text == "-")
                && offset(folded, &tokens[j]) == offset(folded, &tokens[j - 1]) + tokens[j - 1].text.len();
            if hyphen {
                j += 1;
            }
            if j < tokens.len() && capital(&tokens[j]) {
                end = j + 1;
            } else {
                break;
            }
        }
        // "the Wagner group": an organisation word in lower case still ends the name
        if tokens.get(end).is_some_and(|t| t.kind == TokKind::Word && LOWER_CASE_HEADS.contains(&t.text)) {
            end += 1;
        }
        let after_owner = i > 0 && matches!(tokens[i - 1].kind, TokKind::Party(_) | TokKind::Thing(_));
        // "Ministry of Defence of Armenia", "Foreign Minister Lavrov" (a known person): the
        // run qualifies a known entity, which stays the party
        let known = |t: Option<&Tok<'_>>| t.is_some_and(|t| matches!(t.kind, TokKind::Party(_) | TokKind::Thing(_)));
        let of_known = known(tokens.get(end))
            || tokens.get(end).is_some_and(|t| t.text == "of" || t.text == "'s") && known(tokens.get(end + 1));
        let run: Vec<&str> = tokens[i..end].iter().filter(|t| t.text != "-").map(|t| original(folded, view, t)).collect();
        let title_before = i > 0 && tokens[i - 1].kind == TokKind::Word && is_in(PERSON_TITLES, tokens[i - 1].text);
        // "volunteers from Novo Selo": a bare name after a preposition of place is a place
        let place = i > 0 && PLACE_PREPOSITIONS.contains(&tokens[i - 1].text);
        let found = if after_owner || of_known {
            None
        } else {
            recognise(&run, i == 0, title_before).filter(|r| !(place && r.skip == 0 && r.class == "Actor"))
        };
        let Some(r) = found else {
            out.extend_from_slice(&tokens[i..end]);
            i = end;
            continue;
        };
        // token positions of the name's first and last words (hyphens are not words)
        let word_tokens: Vec<usize> = (i..end).filter(|&k| tokens[k].text != "-").collect();
        let (first, last) = (word_tokens[r.skip], word_tokens[r.skip + r.len - 1]);
        let (fs, fe) = (offset(folded, &tokens[first]), offset(folded, &tokens[last]) + tokens[last].text.len());
        let (vs, ve) = folded.source_range(fs, fe, view);
        let label = view[vs..ve].split_whitespace().collect::<Vec<_>>().join(" ");
        out.extend_from_slice(&tokens[i..first]);
        match unknowns.index(&label, r.class) {
            Some(index) => out.push(Tok { text: &folded.text[fs..fe], kind: TokKind::Party(base + index) }),
            None => out.extend_from_slice(&tokens[first..=last]),
        }
        out.extend_from_slice(&tokens[last + 1..end]);
        i = end;
    }
    *tokens = out;
}

/// The token's text as written (its capitals), from the view.
fn original<'v>(folded: &Folded, view: &'v str, tok: &Tok<'_>) -> &'v str {
    let start = offset(folded, tok);
    let (vs, ve) = folded.source_range(start, start + tok.text.len(), view);
    &view[vs..ve]
}

/// How a relation of the evaluation names a proposed entity: `proposed:` and its label.
pub fn scoring_name(proposal: &Proposal) -> String {
    format!("{PROPOSED_PREFIX}{}", proposal.label)
}

const PROPOSED_PREFIX: &str = "proposed:";

/// Whether the evaluation (corpus gold or challenge set) counts a predicted relation `key`
/// (kind, giver, receiver, type): always when it names known parties only; when it names
/// a proposed entity ([`scoring_name`]), only if the gold has a relation of the same kind,
/// type and other party that was not `found` — the gold names a known entity where the
/// extraction proposed an unknown one, a false positive. Otherwise the gold, which names
/// known entities only, cannot say whether the proposal is right, and it is not scored.
pub fn scored<'g, K: PartialEq + 'g>(
    key: &(K, String, String, String),
    mut gold: impl Iterator<Item = &'g (K, String, String, String)>,
    found: impl Fn(&(K, String, String, String)) -> bool,
) -> bool {
    let (giver, receiver) = (key.1.starts_with(PROPOSED_PREFIX), key.2.starts_with(PROPOSED_PREFIX));
    if !giver && !receiver {
        return true;
    }
    gold.any(|g| {
        g.0 == key.0 && g.3 == key.3 && !found(g) && (giver && !receiver && g.2 == key.2 || receiver && !giver && g.1 == key.1)
    })
}

/// The view byte ranges where `label` stands in `text` in any of its forms: its words
/// ([`crate::review::proposed::name_words`]) as whole words in any case, separated by
/// spaces, hyphens or line breaks ("Wagner Group", "the Wagner group's", "WAGNER-GROUP").
pub fn occurrences(text: &str, label: &str) -> Vec<(usize, usize)> {
    use crate::review::proposed::{is_name_char, name_words, word_key};
    let words = name_words(label);
    if words.is_empty() {
        return Vec::new();
    }
    // the next word of the text at or after `at`: its range, without a possessive
    let word = |at: usize| -> Option<(usize, usize, usize)> {
        let start = at + text[at..].find(|c: char| c.is_alphanumeric())?;
        let end = text[start..].find(|c: char| !is_name_char(c)).map_or(text.len(), |i| start + i);
        let bare = ["'s", "’s", "'S", "’S", "'", "’"].iter().find_map(|p| text[start..end].strip_suffix(p));
        Some((start, bare.map_or(end, |b| start + b.len()), end))
    };
    let mut out = Vec::new();
    let mut at = 0;
    while let Some((start, first_end, next)) = word(at) {
        at = next;
        if word_key(&text[start..first_end]) != words[0] {
            continue;
        }
        // the label's other words, each after a gap of spaces or hyphens only
        let mut end = first_end;
        let whole = words[1..].iter().all(|w| {
            let gap = &text[end..];
            let spaces = gap.find(|c: char| !(c.is_whitespace() || c == '-')).unwrap_or(gap.len());
            match word(end) {
                Some((s, e, _)) if spaces > 0 && s == end + spaces && word_key(&text[s..e]) == *w => {
                    end = e;
                    true
                }
                _ => false,
            }
        });
        if whole {
            out.push((start, end));
            at = end;
        }
    }
    out
}

#[cfg(test)]
mod tests;
