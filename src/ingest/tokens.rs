//! Sentence tokens for the extraction rules: words and punctuation of the folded text,
//! with every entity mention collapsed into one token — a party (it names an `nk:Actor`)
//! or a thing (a place, event or item type) — and coordinated parties ("Turkey, Israel
//! and the United States") grouped so that a rule slot takes them all.

use super::fold::Folded;
use super::lexicon::SIDE_NOUNS;
use super::mentions::{Gazetteer, Mention};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    /// A word (letters and digits), or the clitic `'s`.
    Word,
    /// One punctuation character.
    Punct,
    /// A mention of an actor: the actor's entity index.
    Party(u32),
    /// A mention of another entity (a place, event or item type): its entity index.
    Thing(u32),
}

/// One token of a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tok<'a> {
    /// The folded text of the token.
    pub text: &'a str,
    /// What it is.
    pub kind: TokKind,
}

impl Tok<'_> {
    /// Whether this token ends a clause for the rules (`;`, `:`, `.`, `!`, `?`).
    pub fn is_clause_break(&self) -> bool {
        self.kind == TokKind::Punct && matches!(self.text, ";" | ":" | "." | "!" | "?")
    }
}

/// Tokenizes the folded range `[fstart, fend)` of a document; `mentions` are the
/// document's mentions (view ranges) that fall in the sentence, in order, `inverse`
/// maps view bytes to folded bytes, and `years` are the first and last years the sentence
/// names (to tell apart actors that share a name).
pub fn tokenize<'a>(
    folded: &'a Folded,
    fstart: usize,
    fend: usize,
    mentions: &[Mention],
    inverse: &[u32],
    gazetteer: &Gazetteer,
    years: Option<(i32, i32)>,
) -> Vec<Tok<'a>> {
    let text = &folded.text;
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity((fend - fstart) / 5 + 4);
    let mut next_mention = mentions.iter().peekable();
    let mut i = fstart;
    while i < fend {
        if let Some(&&m) = next_mention.peek() {
            let ms = inverse[m.start] as usize;
            if ms <= i {
                let me = (inverse[m.end] as usize).min(fend).max(i + 1);
                let kind = match gazetteer.party_in(&m, years) {
                    Some(actor) => TokKind::Party(actor),
                    None => TokKind::Thing(gazetteer.entities_of(&m).first().copied().unwrap_or(0)),
                };
                out.push(Tok { text: &text[ms.max(fstart)..me], kind });
                next_mention.next();
                i = me;
                continue;
            }
        }
        let c = text[i..].chars().next().expect("inside the text");
        let len = c.len_utf8();
        if c.is_alphanumeric() {
            let mut j = i + len;
            while j < fend {
                let d = text[j..].chars().next().expect("inside the text");
                // 4.5 and 1,500 are one number
                let separator = matches!(d, '.' | ',')
                    && bytes[j - 1].is_ascii_digit()
                    && bytes.get(j + 1).is_some_and(u8::is_ascii_digit)
                    && j + 1 < fend;
                if !(d.is_alphanumeric() || separator) || next_mention.peek().is_some_and(|m| inverse[m.start] as usize == j) {
                    break;
                }
                j += d.len_utf8();
            }
            out.push(Tok { text: &text[i..j], kind: TokKind::Word });
            i = j;
        } else if c == '\'' && bytes.get(i + 1) == Some(&b's') && !text[i + 2..fend].starts_with(|d: char| d.is_alphanumeric()) {
            out.push(Tok { text: &text[i..i + 2], kind: TokKind::Word });
            i += 2;
        } else {
            // square brackets mark an editor's insertion into a quote: "aid to the [Azerbaijani]
            // refugees" reads on as if they were not there
            if !c.is_whitespace() && c != '[' && c != ']' {
                out.push(Tok { text: &text[i..i + len], kind: TokKind::Punct });
            }
            i += len;
        }
    }
    // "the Armenian side", "Azerbaijani funds": a people's name used as an adjective (before
    // a side noun, or not a plural and before a noun) stands for its state
    for i in 0..out.len().saturating_sub(1) {
        if let TokKind::Party(e) = out[i].kind {
            let next = &out[i + 1];
            let adjective = next.kind == TokKind::Word
                && (SIDE_NOUNS.contains(&next.text)
                    || !out[i].text.ends_with('s')
                        && next.text.len() > 2
                        && !NOT_NOUNS.contains(&next.text)
                        && !PEOPLE_KEEPING_NOUNS.contains(&next.text));
            if adjective {
                if let Some(state) = gazetteer.state_of_people(e) {
                    out[i].kind = TokKind::Party(state);
                }
            }
        }
    }
    // an organisation named right before a person is the person's title, not a party of
    // its own: "(the head of) the Communist Party of Armenia Aghasi Khanjian"
    for i in 0..out.len().saturating_sub(1) {
        if let (TokKind::Party(a), TokKind::Party(b)) = (out[i].kind, out[i + 1].kind) {
            if gazetteer.entities[b as usize].person() && !gazetteer.entities[a as usize].person() {
                out[i].kind = TokKind::Thing(a);
            }
        }
    }
    out
}

/// Resolves the pronouns the rules need to the parties they stand for ("they" from the
/// previous sentence, "us"/"we" to a quote's speaker, "its" to the clause's owner; see
/// `resolve_they`, `resolve_speaker`, `resolve_its`) and returns the party that now
/// opens the sentence: the antecedent of a "they" in the next one.
pub fn resolve_pronouns(tokens: &mut [Tok<'_>], antecedent: Option<u32>, gazetteer: &Gazetteer) -> Option<u32> {
    resolve_they(tokens, antecedent, gazetteer);
    let opener = tokens.iter().find_map(|t| match t.kind {
        TokKind::Party(e) => Some(e),
        _ => None,
    });
    resolve_speaker(tokens, gazetteer);
    resolve_its(tokens);
    opener
}

/// Resolves "they" to `antecedent`, the party that opened the previous sentence of the
/// paragraph, where no party of its own sentence precedes it or it opens reported speech
/// ("Azerbaijani forces were in disarray. The weapons they had received from the Russians…";
/// "X alleged that they were paid by Y"). A single person is not "they".
fn resolve_they(tokens: &mut [Tok<'_>], antecedent: Option<u32>, gazetteer: &Gazetteer) {
    let Some(antecedent) = antecedent.filter(|&e| !gazetteer.entities[e as usize].person()) else { return };
    let mut party_before = false;
    for i in 0..tokens.len() {
        if tokens[i].kind == TokKind::Word && tokens[i].text == "they" {
            let reported = i > 0 && tokens[i - 1].text == "that";
            if !party_before || reported {
                tokens[i].kind = TokKind::Party(antecedent);
            }
        }
        party_before |= matches!(tokens[i].kind, TokKind::Party(_));
    }
}

/// Resolves "its" to the party named as an owner ("X's") earlier in its clause, the
/// nearest one: "Russia's attitude toward allowing its army's weapons to be sold",
/// "Serbia backs Azerbaijan's stance and enjoys its support".
fn resolve_its(tokens: &mut [Tok<'_>]) {
    let mut owner: Option<u32> = None;
    for i in 0..tokens.len() {
        if tokens[i].is_clause_break() {
            owner = None;
        } else if let TokKind::Party(e) = tokens[i].kind {
            if tokens.get(i + 1).is_some_and(|t| t.text == "'s") {
                owner = Some(e);
            }
        } else if tokens[i].kind == TokKind::Word && tokens[i].text == "its" {
            if let Some(e) = owner {
                tokens[i].kind = TokKind::Party(e);
            }
        }
    }
}

/// Resolves "us" and "we" in a sentence that names its speaker ("according to the Azeri
/// colonel X, "… volunteers rendered us help"") to the speaker's side: the first state
/// of the attribution, else its first party.
fn resolve_speaker(tokens: &mut [Tok<'_>], gazetteer: &Gazetteer) {
    let Some(at) = tokens.windows(2).position(|w| w[0].text == "according" && w[1].text == "to") else { return };
    let attribution: Vec<u32> = tokens[at + 2..]
        .iter()
        .take_while(|t| t.text != "," && !t.is_clause_break())
        .filter_map(|t| match t.kind {
            TokKind::Party(e) => Some(e),
            _ => None,
        })
        .collect();
    let speaker = attribution.iter().copied().find(|&e| gazetteer.entities[e as usize].state_like).or(attribution.first().copied());
    let Some(speaker) = speaker else { return };
    for t in tokens.iter_mut().skip(at + 2) {
        if t.kind == TokKind::Word && matches!(t.text, "us" | "we") {
            t.kind = TokKind::Party(speaker);
        }
    }
}

/// Words after a people's adjective that are not the noun it qualifies.
const NOT_NOUNS: &[&str] = &[
    "and", "or", "but", "nor", "the", "who", "which", "that", "were", "was", "are", "had", "has", "have", "did", "also",
    "for", "from", "with", "into", "onto", "against", "between", "among", "during", "after", "before", "over", "under",
];

/// Nouns for members of a people: "Azerbaijani refugees" are Azerbaijanis, not Azerbaijan.
const PEOPLE_KEEPING_NOUNS: &[&str] = &[
    "refugees", "civilians", "residents", "population", "people", "minority", "minorities", "community",
    "communities", "villagers", "families", "children", "women", "prisoners", "students", "inhabitants", "diaspora",
];

/// Titles that may follow a party in a list of parties ("Kazakhstan President").
const TITLES: &[&str] = &["president", "presidents", "prime", "minister", "ministers", "foreign", "leader", "leaders", "envoy", "envoys", "delegation"];

/// Roles that may name a member of a list before the member: "and the historian Y".
const ROLES: &[&str] = &[
    "poet", "historian", "writer", "author", "journalist", "general", "colonel", "commander", "president", "minister",
    "professor", "dissident", "scholar", "activist", "leader", "secretary", "ambassador", "analyst", "businessman",
    "politician", "official", "scientist", "academic", "diplomat", "senator", "congressman", "deputy",
];

/// Words of a count before a party: "around 30", "some 200", "hundreds of".
const QUANTITY_WORDS: &[&str] = &[
    "some", "around", "about", "approximately", "roughly", "nearly", "almost", "over", "up", "to", "at", "least",
    "several", "many", "few", "hundreds", "thousands", "dozens", "of", "more", "than", "a",
];

fn is_quantity(word: &str) -> bool {
    QUANTITY_WORDS.contains(&word) || word.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '.')
}

/// Words that may stand between a slot's start and its first party ("the", "its").
pub const DETERMINERS: &[&str] = &["the", "its", "their", "his", "her", "both", "either", "a", "an"];

/// A group of coordinated parties starting at a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Token index after the group.
    pub end: usize,
    /// The actors, in order.
    pub members: Vec<u32>,
}

/// For each token index, the group of coordinated parties that starts there, if any:
/// `A`, `A and B`, `A, B, and the C`, `A as well as B`, `A or B`.
pub fn groups(tokens: &[Tok<'_>]) -> Vec<Option<Group>> {
    // The members after a party form the same chain whichever earlier party the group
    // starts at, so the chains are built once, from the last party back to the first
    // (linear in a long list of parties instead of quadratic).
    let mut chains: Vec<Option<Chain>> = vec![None; tokens.len()];
    let mut out = vec![None; tokens.len()];
    for i in (0..tokens.len()).rev() {
        let TokKind::Party(first) = tokens[i].kind else { continue };
        let chain = match next_member(tokens, i + 1) {
            Link::End { end, conjunction } => Chain { members: vec![first], end, conjunction, end_of_first: end },
            Link::Member { at, end_before, conjunction } => {
                let rest = chains[at].as_ref().expect("a member is a party, whose chain is built");
                let mut members = Vec::with_capacity(rest.members.len() + 1);
                members.push(first);
                members.extend(rest.members.iter().copied().filter(|&e| e != first));
                // the end after the first member is where the second distinct member joined
                let end_of_first = if rest.members[0] == first { rest.end_of_first } else { end_before };
                Chain { members, end: rest.end, conjunction: conjunction || rest.conjunction, end_of_first }
            }
        };
        // two parties and only a comma between them are an apposition ("General X,
        // Russians"), not a list: lists of two say "and", longer lists may omit it
        out[i] = Some(if !chain.conjunction && chain.members.len() == 2 {
            Group { end: chain.end_of_first, members: vec![first] }
        } else {
            Group { end: chain.end, members: chain.members.clone() }
        });
        chains[i] = Some(chain);
    }
    out
}

/// The coordinated parties from one party to the end of its list, before the rule that
/// an apposition of two is no list.
#[derive(Debug, Clone)]
struct Chain {
    /// The distinct actors, in order.
    members: Vec<u32>,
    /// Token index after the last member (or after an aside following it).
    end: usize,
    /// Whether a conjunction joins two members somewhere.
    conjunction: bool,
    /// Token index after the first member, where the second distinct one joins.
    end_of_first: usize,
}

/// What follows a member of a list whose tokens end at `end`.
enum Link {
    /// The list ends; the index after it (past an aside in brackets), and whether a
    /// conjunction stood there all the same ("X, Y and the others": a list, not an
    /// apposition).
    End { end: usize, conjunction: bool },
    /// Another member at token `at`; `end_before` is the list's end before it, and
    /// `conjunction` whether a conjunction joined it.
    Member { at: usize, end_before: usize, conjunction: bool },
}

/// The next member of a list whose latest member ends at token `end`, if one follows.
fn next_member(tokens: &[Tok<'_>], mut end: usize) -> Link {
    let mut j = end;
    let mut joined = false;
    let mut conjunction = false;
    // a member named with a side noun or a title: "the Azerbaijan government and Iran",
    // "the Russian President, Boris Yeltsin and Kazakhstan President"
    let mut k = j;
    while k < j + 2 && tokens.get(k).is_some_and(|t| t.kind == TokKind::Word && (SIDE_NOUNS.contains(&t.text) || TITLES.contains(&t.text))) {
        k += 1;
    }
    if k > j && tokens.get(k).is_some_and(|t| matches!(t.text, "and" | "or" | ",")) {
        j = k;
    }
    if tokens.get(j).is_some_and(|t| t.text == "," || t.text == "/") {
        j += 1;
        joined = true;
    }
    if tokens.get(j).is_some_and(|t| matches!(t.text, "and" | "or" | "&")) {
        j += 1;
        joined = true;
        conjunction = true;
    } else if tokens.get(j).is_some_and(|t| t.text == "as")
        && tokens.get(j + 1).is_some_and(|t| t.text == "well")
        && tokens.get(j + 2).is_some_and(|t| t.text == "as")
    {
        j += 3;
        joined = true;
        conjunction = true;
    }
    // an aside in brackets after a member: "Canada (via Turkey), Ukraine"
    if !joined && tokens.get(j).is_some_and(|t| t.text == "(") {
        if let Some(close) = tokens[j..].iter().take(10).position(|t| t.text == ")") {
            j += close + 1;
            end = j;
            if tokens.get(j).is_some_and(|t| t.text == ",") {
                j += 1;
                joined = true;
            }
            if tokens.get(j).is_some_and(|t| matches!(t.text, "and" | "or")) {
                j += 1;
                joined = true;
                conjunction = true;
            }
        }
    }
    while tokens.get(j).is_some_and(|t| t.kind == TokKind::Word && DETERMINERS.contains(&t.text)) {
        j += 1;
    }
    // a member named with its role: "the poet X and the historian Y"
    if joined && tokens.get(j).is_some_and(|t| t.kind == TokKind::Word && ROLES.contains(&t.text)) {
        j += 1;
    }
    // a count before the next member: "X and around 30 Y", "X and some 200 Y"
    if joined {
        let mut k = j;
        while k < j + 4 && tokens.get(k).is_some_and(|t| t.kind == TokKind::Word && is_quantity(t.text)) {
            k += 1;
        }
        if matches!(tokens.get(k).map(|t| t.kind), Some(TokKind::Party(_))) {
            j = k;
        }
    }
    match tokens.get(j).map(|t| t.kind) {
        Some(TokKind::Party(_)) if joined => Link::Member { at: j, end_before: end, conjunction },
        _ => Link::End { end, conjunction },
    }
}

/// The most tokens the rules read at once ([`windows`]).
pub const WINDOW: usize = 400;

/// The token ranges the rules read a sentence in: the whole sentence when it has at most
/// [`WINDOW`] tokens (every sentence of the corpus), else windows of at most that many,
/// each ending after the last clause break in its second half, else after the last comma
/// there, else at the limit. A "sentence" that long is a list or a run-on text without
/// full stops; reading it whole made the rules' cost grow with the square of its length
/// (every match looks back over its clause, every party's list runs to the end).
pub fn windows(tokens: &[Tok<'_>]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while tokens.len() - start > WINDOW {
        let limit = start + WINDOW;
        let half = start + WINDOW / 2;
        let after = |pick: &dyn Fn(&Tok<'_>) -> bool| (half..limit).rev().find(|&i| pick(&tokens[i])).map(|i| i + 1);
        let end = after(&|t| t.is_clause_break()).or_else(|| after(&|t| t.kind == TokKind::Punct && t.text == ",")).unwrap_or(limit);
        out.push(start..end);
        start = end;
    }
    out.push(start..tokens.len());
    out
}
