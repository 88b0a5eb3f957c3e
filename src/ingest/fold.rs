//! Case and diacritic folding with an offset map, so that a match found in the folded
//! text can be mapped back to the text it came from.
//!
//! Folding lower-cases (full Unicode case mapping), removes combining marks after
//! canonical decomposition (`é` → `e`, `ü` → `u`), maps a few letters that do not
//! decompose (`ı` → `i`, `ə` → `a`, `ß` → `ss`, `ø` → `o`, `ł` → `l`, `đ` → `d`),
//! unifies dashes (`–`, `—`, `−` → `-`) and quotes (`’` → `'`, `“` → `"`), and turns
//! every kind of space into `' '`. Labels and documents are folded the same way, so
//! "Türkiye", "TURKIYE" and "turkiye" all match.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// A folded copy of a text and, for every byte of it, the byte offset in the source text
/// of the character it came from.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// `origin[i]` is the byte offset in the source of the character that produced byte
    /// `i` of [`Folded::text`]; one extra entry at the end holds the source length.
    pub origin: Vec<u32>,
    /// `inverse[j]` is the first folded byte produced by the source character at or after
    /// source byte `j`; one extra entry at the end holds the folded length. Maps source
    /// ranges to folded ranges.
    pub inverse: Vec<u32>,
}

impl Folded {
    /// Folds `source`, recording where every folded byte came from.
    pub fn new(source: &str) -> Self {
        let mut text = String::with_capacity(source.len());
        let mut origin = Vec::with_capacity(source.len() + 1);
        let mut inverse = Vec::with_capacity(source.len() + 1);
        for (at, c) in source.char_indices() {
            let before = text.len();
            if c.is_ascii() && c != '\t' && c != '\r' && c != '`' && c != '\x0b' && c != '\x0c' {
                text.push(c.to_ascii_lowercase());
                origin.push(at as u32);
                inverse.push(before as u32);
                continue;
            }
            push_folded(c, &mut text);
            origin.resize(text.len(), at as u32);
            inverse.resize(at + c.len_utf8(), before as u32);
        }
        origin.push(source.len() as u32);
        inverse.push(text.len() as u32);
        Self { text, origin, inverse }
    }

    /// The source byte range `[start, end)` of the folded byte range `[start, end)`: from the
    /// first source character to the end of the last one.
    pub fn source_range(&self, start: usize, end: usize, source: &str) -> (usize, usize) {
        let from = self.origin[start] as usize;
        if end <= start {
            return (from, from);
        }
        let last = self.origin[end - 1] as usize;
        let width = source[last..].chars().next().map_or(0, char::len_utf8);
        (from, last + width)
    }
}

/// Folds a whole string (labels, keys).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_folded(c, &mut out);
    }
    out
}

/// Appends the folded form of one character to `out`.
pub fn push_folded(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(match c {
            '\t' | '\r' | '\x0b' | '\x0c' => ' ',
            '`' => '\'',
            _ => c.to_ascii_lowercase(),
        });
        return;
    }
    match c {
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe58}' | '\u{fe63}' | '\u{ff0d}' => out.push('-'),
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{02bc}' | '\u{00b4}' => out.push('\''),
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{00ab}' | '\u{00bb}' => out.push('"'),
        'ı' => out.push('i'),
        'ə' | 'Ə' => out.push('a'),
        'ß' | 'ẞ' => out.push_str("ss"),
        'ø' | 'Ø' => out.push('o'),
        'ł' | 'Ł' => out.push('l'),
        'đ' | 'Đ' => out.push('d'),
        'æ' | 'Æ' => out.push_str("ae"),
        'œ' | 'Œ' => out.push_str("oe"),
        'þ' | 'Þ' => out.push_str("th"),
        c if c.is_whitespace() => out.push(' '),
        c => {
            for lower in c.to_lowercase() {
                decompose_canonical(lower, |d| {
                    if !is_combining_mark(d) {
                        out.push(d);
                    }
                });
            }
        }
    }
}

/// Whether a character of folded text is part of a word (for word-boundary checks).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_diacritics_and_punctuation() {
        assert_eq!(fold("Türkiye"), "turkiye");
        assert_eq!(fold("Çiller – Əliyev’s"), "ciller - aliyev's");
        assert_eq!(fold("Straße"), "strasse");
    }

    #[test]
    fn maps_folded_bytes_back() {
        let source = "Ab Çiller";
        let folded = Folded::new(source);
        assert_eq!(folded.text, "ab ciller");
        let at = folded.text.find("ciller").unwrap();
        assert_eq!(folded.source_range(at, at + 6, source), (3, source.len()));
        // "Ç" is two bytes in the source and one in the folded text
        assert_eq!(folded.inverse[3], 3);
        assert_eq!(folded.inverse[4], 3);
        assert_eq!(folded.inverse[5], 4);
        assert_eq!(*folded.inverse.last().unwrap() as usize, folded.text.len());
    }
}
