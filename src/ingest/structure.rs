//! Document structure over the normalised view: title, sections (heading hierarchy),
//! paragraphs (one per line; table and infobox rows included), sentences, and the
//! paragraphs and sentences that repeat earlier ones (web mirrors repeat paragraphs two or
//! three times, sometimes cut short).
//!
//! All positions here are byte offsets into [`View::text`]; `View::span` turns them into
//! code-point spans of the file.

use std::collections::HashMap;

use super::fold::Folded;
use super::text::{heading_level, heading_title, is_table_row, is_table_separator, View};

/// A section opened by a heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading text.
    pub title: String,
    /// Heading level (2 for `= = X = =`, 3 for `= = = X = = =`).
    pub level: usize,
    /// The enclosing section, if any.
    pub parent: Option<usize>,
    /// View range from the heading to the end of the section's last line.
    pub start: usize,
    /// End of the view range (exclusive).
    pub end: usize,
}

/// A paragraph: one line of text, or one table row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// The section it belongs to, if any.
    pub section: Option<usize>,
    /// View range start.
    pub start: usize,
    /// View range end (exclusive).
    pub end: usize,
    /// Whether it is a row of a table or infobox.
    pub table_row: bool,
    /// The earlier paragraph it repeats (equal, or a cut-short copy), if any.
    pub repeat_of: Option<usize>,
}

/// A sentence (in a table row: a sentence of one cell).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// The paragraph it belongs to.
    pub paragraph: usize,
    /// View range start.
    pub start: usize,
    /// View range end (exclusive).
    pub end: usize,
    /// The first earlier sentence with the same text, if any: a repeat, counted once.
    pub repeat_of: Option<usize>,
}

/// The structure of one document.
#[derive(Debug, Clone, Default)]
pub struct Structure {
    /// The title found in the text (a heading-like line before the body, or the first cell
    /// of a leading infobox), if any.
    pub title: Option<String>,
    /// Sections in document order.
    pub sections: Vec<Section>,
    /// Paragraphs in document order.
    pub paragraphs: Vec<Paragraph>,
    /// Sentences in document order.
    pub sentences: Vec<Sentence>,
}

/// Shortest text (in letters and digits) considered when looking for repeats.
const MIN_REPEAT_SENTENCE: usize = 20;
const MIN_REPEAT_PARAGRAPH: usize = 40;
const PREFIX_KEY: usize = 32;

impl Structure {
    /// Reads the structure of a view; `folded` is the folded view (for repeat detection).
    pub fn new(view: &View, folded: &Folded) -> Self {
        let text = view.text.as_str();
        let mut lines: Vec<(usize, usize)> = Vec::new();
        let mut at = 0;
        for line in text.split('\n') {
            lines.push((at, at + line.len()));
            at += line.len() + 1;
        }
        let mut structure = Structure::default();
        // Page chrome (menus, banners) and a title stand before the first line of body text:
        // a heading, a table row, a long line, or a sentence of four words or more.
        let body_start = lines
            .iter()
            .position(|&(s, e)| {
                let line = text[s..e].trim();
                heading_level(line).is_some()
                    || is_table_row(line)
                    || line.chars().count() >= 80
                    || line.ends_with(['.', '?', '"']) && line.split_whitespace().count() >= 4
            })
            .unwrap_or(0);
        for &(s, e) in &lines[..body_start] {
            let line = text[s..e].trim();
            let words = line.split_whitespace().count();
            let shouting = line.chars().any(char::is_lowercase);
            if words >= 2 && !line.ends_with('!') && shouting {
                structure.title = Some(line.to_owned());
            }
        }
        let mut open: Vec<usize> = Vec::new();
        for &(s, e) in &lines[body_start..] {
            let line = &text[s..e];
            if line.trim().is_empty() || is_table_separator(line) {
                continue;
            }
            if let Some(level) = heading_level(line) {
                while open.last().is_some_and(|&i| structure.sections[i].level >= level) {
                    open.pop();
                }
                structure.sections.push(Section {
                    title: heading_title(line).to_owned(),
                    level,
                    parent: open.last().copied(),
                    start: s,
                    end: e,
                });
                open.push(structure.sections.len() - 1);
                continue;
            }
            let table_row = is_table_row(line);
            if table_row && structure.title.is_none() && structure.paragraphs.is_empty() {
                if let Some(cell) = line.split('|').map(str::trim).find(|c| !c.is_empty()) {
                    structure.title = Some(cell.to_owned());
                }
            }
            let paragraph = structure.paragraphs.len();
            structure.paragraphs.push(Paragraph { section: open.last().copied(), start: s, end: e, table_row, repeat_of: None });
            for &i in &open {
                structure.sections[i].end = e;
            }
            if table_row {
                let mut cell_start = s;
                for cell in line.split('|') {
                    let (cs, ce) = trim_range(text, cell_start, cell_start + cell.len());
                    if ce > cs {
                        split_sentences(text, cs, ce, paragraph, &mut structure.sentences);
                    }
                    cell_start += cell.len() + 1;
                }
            } else {
                let (ps, pe) = trim_range(text, s, e);
                split_sentences(text, ps, pe, paragraph, &mut structure.sentences);
            }
        }
        structure.mark_repeats(folded);
        structure
    }

    fn mark_repeats(&mut self, folded: &Folded) {
        let inverse = &folded.inverse;
        let key = |s: usize, e: usize| -> String {
            folded.text[inverse[s] as usize..inverse[e] as usize].chars().filter(|c| c.is_alphanumeric()).collect()
        };
        // Sentences are compared by a 64-bit FNV-1a hash of their letters and digits.
        let hash = |s: usize, e: usize| -> (u64, usize) {
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            let mut n = 0;
            for c in folded.text[inverse[s] as usize..inverse[e] as usize].chars().filter(|c| c.is_alphanumeric()) {
                h = (h ^ u64::from(c)).wrapping_mul(0x0100_0000_01b3);
                n += 1;
            }
            (h, n)
        };
        let mut first_sentence: HashMap<u64, usize> = HashMap::new();
        for (i, sentence) in self.sentences.iter_mut().enumerate() {
            let (k, len) = hash(sentence.start, sentence.end);
            if len < MIN_REPEAT_SENTENCE {
                continue;
            }
            match first_sentence.get(&k) {
                Some(&j) => sentence.repeat_of = Some(j),
                None => {
                    first_sentence.insert(k, i);
                }
            }
        }
        let mut keys: Vec<String> = Vec::with_capacity(self.paragraphs.len());
        let mut by_prefix: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, paragraph) in self.paragraphs.iter_mut().enumerate() {
            let k = key(paragraph.start, paragraph.end);
            if k.len() >= MIN_REPEAT_PARAGRAPH {
                let prefix: String = k.chars().take(PREFIX_KEY).collect();
                let earlier = by_prefix.entry(prefix).or_default();
                paragraph.repeat_of = earlier.iter().copied().find(|&j| keys[j].starts_with(k.as_str()));
                if paragraph.repeat_of.is_none() {
                    earlier.push(i);
                }
            }
            keys.push(k);
        }
    }
}

fn trim_range(text: &str, start: usize, end: usize) -> (usize, usize) {
    let slice = &text[start..end];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead == slice.len() {
        return (start, start);
    }
    (start + lead, end - trail)
}

/// Abbreviations after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "capt", "maj", "sgt", "adm", "st", "jr", "sr", "no", "nos",
    "vs", "etc", "e.g", "i.e", "approx", "inc", "ltd", "co", "corp", "dept", "gov", "fig", "mt", "ft", "jan", "feb",
    "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.n", "u.k", "u.s.s.r", "cf", "ca",
    "pp", "vol", "ed", "eds", "rev", "est",
];

/// Splits the view range `[start, end)` of one paragraph (or table cell) into sentences.
/// A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes and brackets) followed
/// by a space and an upper-case letter, digit, quote or bracket — not after an
/// abbreviation or a single initial.
pub fn split_sentences(text: &str, start: usize, end: usize, paragraph: usize, out: &mut Vec<Sentence>) {
    let slice = &text[start..end];
    let bytes = slice.as_bytes();
    let mut sentence_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let stop = matches!(b, b'.' | b'!' | b'?') || bytes[i..].starts_with("…".as_bytes());
        if !stop {
            i += 1;
            continue;
        }
        let mut j = i + if b < 0x80 { 1 } else { '…'.len_utf8() };
        while j < bytes.len() && matches!(bytes[j], b'.' | b'!' | b'?' | b'"' | b'\'' | b')' | b']') {
            j += 1;
        }
        while j < bytes.len() && (bytes[j..].starts_with("”".as_bytes()) || bytes[j..].starts_with("’".as_bytes())) {
            j += 3;
        }
        let at_end = j >= bytes.len();
        let boundary = at_end
            || bytes[j] == b' '
                && slice[j + 1..].chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"'([“‘".contains(c));
        if boundary && !(b == b'.' && is_abbreviation(&slice[sentence_start..i])) {
            push_sentence(start, sentence_start, j, slice, paragraph, out);
            sentence_start = j;
        }
        i = j.max(i + 1);
    }
    push_sentence(start, sentence_start, bytes.len(), slice, paragraph, out);
}

fn push_sentence(base: usize, s: usize, e: usize, slice: &str, paragraph: usize, out: &mut Vec<Sentence>) {
    let (s, e) = trim_range(slice, s, e);
    if e > s {
        out.push(Sentence { paragraph, start: base + s, end: base + e, repeat_of: None });
    }
}

/// Whether the text before a full stop ends with an abbreviation or a single initial.
fn is_abbreviation(before: &str) -> bool {
    let word = before.rsplit([' ', '(', '"', '\'']).next().unwrap_or("");
    if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        return true;
    }
    let lower = word.to_lowercase();
    ABBREVIATIONS.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        split_sentences(text, 0, text.len(), 0, &mut out);
        out.iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn splits_sentences_but_not_abbreviations() {
        assert_eq!(
            sentences("Gen. Smith met George W. Bush in the U.S. in 2001. They talked. \"Fine,\" he said."),
            vec!["Gen. Smith met George W. Bush in the U.S. in 2001.", "They talked.", "\"Fine,\" he said."]
        );
    }
}
