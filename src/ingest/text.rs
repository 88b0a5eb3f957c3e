//! The text of a document as the pipeline reads it: decoded, its format quirks detected,
//! and a normalised view in which those quirks are undone, with a map from every byte of
//! the view back to the code points of the file as shipped.
//!
//! Quirks handled:
//! * the tokenized dump format: ` @-@ ` → `-`, ` @,@ ` → `,`, ` @.@ ` → `.`, spaces
//!   before punctuation and after `(` removed, ` 's` → `'s`, and ` ? ` between two words
//!   or numbers (a lost dash) → `-`;
//! * citation markers `[12]` and note markers `[a]` removed (any format);
//! * runs of spaces and tabs collapsed to one space, spaces at line ends dropped.
//!
//! Line breaks are kept, so the line structure (headings, table rows, paragraphs) of the
//! view is the one of the file.

use std::fmt;

/// Which format quirks a document shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Quirks {
    /// The tokenized dump format (` @-@ `, `= = Heading = =`).
    pub tokenized: bool,
    /// `[n]` citation markers.
    pub citations: bool,
    /// Tables or an infobox flattened into `|`-separated rows.
    pub table_rows: bool,
}

impl Quirks {
    /// Detects the quirks of a text.
    pub fn detect(text: &str) -> Self {
        let tokenized = text.contains(" @-@ ")
            || text.contains(" @,@ ")
            || text.contains(" @.@ ")
            || text.lines().any(|l| heading_level(l).is_some());
        let citations = count_citation_markers(text) >= 3;
        let table_rows = text.lines().filter(|l| is_table_row(l)).count() >= 2;
        Self { tokenized, citations, table_rows }
    }
}

impl fmt::Display for Quirks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if self.tokenized {
            parts.push("tokenized dump format (' @-@ ' for '-', ' @,@ ' for ',', ' @.@ ' for '.', '= = Heading = =' headings)");
        }
        if self.citations {
            parts.push("[n] citation markers");
        }
        if self.table_rows {
            parts.push("tables or an infobox flattened into '|'-separated rows");
        }
        if parts.is_empty() {
            parts.push("plain text");
        }
        f.write_str(&parts.join("; "))
    }
}

/// The normalised view of a document: text with the quirks undone, and for each byte the
/// code-point range `[start, end)` of the file it stands for.
#[derive(Debug, Clone, Default)]
pub struct View {
    /// The normalised text.
    pub text: String,
    /// Per byte of [`View::text`]: first code point of the file it stands for.
    pub start: Vec<u32>,
    /// Per byte of [`View::text`]: code point after the last one it stands for.
    pub end: Vec<u32>,
}

impl View {
    /// Builds the view of `text` (the whole file) for the given quirks.
    pub fn new(text: &str, quirks: Quirks) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let mut view = View {
            text: String::with_capacity(text.len()),
            start: Vec::with_capacity(text.len()),
            end: Vec::with_capacity(text.len()),
        };
        let n = chars.len();
        let at = |i: usize| chars.get(i).copied().unwrap_or('\n');
        let mut i = 0;
        while i < n {
            let c = chars[i];
            if quirks.tokenized && c == ' ' {
                // ` @-@ `, ` @,@ `, ` @.@ `
                if at(i + 1) == '@' && at(i + 3) == '@' && at(i + 4) == ' ' && matches!(at(i + 2), '-' | ',' | '.') {
                    view.pop_space();
                    view.push(at(i + 2), i, i + 5);
                    i += 5;
                    continue;
                }
                // a space before a punctuation token or a clitic
                let next = at(i + 1);
                let after = at(i + 2);
                let punct_token = matches!(next, ',' | '.' | ';' | ':' | '!' | ')' | '%') && !after.is_alphanumeric();
                let clitic = next == '\'' && (after == 's' && !at(i + 3).is_alphanumeric() || after == ' ' || after == '\n')
                    || next == 'n' && after == '\'' && at(i + 3) == 't';
                if (punct_token || clitic) && i > 0 && chars[i - 1] != '\n' {
                    i += 1;
                    continue;
                }
                // ` ? ` between two words: a lost dash
                if next == '?' && after == ' ' && i > 0 && chars[i - 1].is_alphanumeric() && at(i + 3).is_alphanumeric() {
                    view.push('-', i + 1, i + 2);
                    i += 3;
                    continue;
                }
            }
            if quirks.tokenized && c == '(' && at(i + 1) == ' ' {
                view.push('(', i, i + 1);
                i += 2;
                continue;
            }
            if c == '[' {
                if let Some(len) = citation_marker_len(&chars[i..]) {
                    i += len;
                    continue;
                }
            }
            match c {
                ' ' | '\t' | '\r' | '\u{a0}' => {
                    if !view.text.is_empty() && !view.text.ends_with([' ', '\n']) {
                        view.push(' ', i, i + 1);
                    }
                }
                '\n' => {
                    view.pop_space();
                    view.push('\n', i, i + 1);
                }
                c => view.push(c, i, i + 1),
            }
            i += 1;
        }
        view.pop_space();
        view
    }

    fn push(&mut self, c: char, start: usize, end: usize) {
        self.text.push(c);
        if c.is_ascii() {
            self.start.push(start as u32);
            self.end.push(end as u32);
        } else {
            let len = self.text.len();
            self.start.resize(len, start as u32);
            self.end.resize(len, end as u32);
        }
    }

    fn pop_space(&mut self) {
        if self.text.ends_with(' ') {
            self.text.pop();
            self.start.pop();
            self.end.pop();
        }
    }

    /// The file's code-point span `[start, end)` of the view's byte range `[start, end)`.
    pub fn span(&self, start: usize, end: usize) -> (u32, u32) {
        if end <= start {
            let at = self.start.get(start).copied().unwrap_or_else(|| self.end.last().copied().unwrap_or(0));
            return (at, at);
        }
        (self.start[start], self.end[end - 1])
    }
}

/// The length in characters of a citation or note marker starting at `chars[0] == '['`:
/// `[12]`, `[a]`, `[ab]`; `None` for anything else (such as `[were]`).
fn citation_marker_len(chars: &[char]) -> Option<usize> {
    let close = chars.iter().take(7).position(|&c| c == ']')?;
    let inner = &chars[1..close];
    let digits = !inner.is_empty() && inner.len() <= 4 && inner.iter().all(char::is_ascii_digit);
    let letters = !inner.is_empty() && inner.len() <= 2 && inner.iter().all(char::is_ascii_lowercase);
    (digits || letters).then_some(close + 1)
}

fn count_citation_markers(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut count = 0;
    for (i, _) in text.match_indices('[') {
        let digits = bytes[i + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
        if (1..=4).contains(&digits) && bytes.get(i + 1 + digits) == Some(&b']') {
            count += 1;
        }
    }
    count
}

/// The level of a `= = Heading = =` line of the tokenized format (the number of leading
/// `=`, so `= = X = =` is 2), ignoring stray leading `#`; `None` for other lines.
pub fn heading_level(line: &str) -> Option<usize> {
    let body = line.trim_start_matches(['#', ' ']).trim_end();
    if !body.starts_with("= ") || !body.ends_with(" =") {
        return None;
    }
    let level = body.split(' ').take_while(|t| *t == "=").count();
    (level >= 1 && body.len() > 2 * level + 1).then_some(level)
}

/// The title of a heading line: the text between the `=` runs.
pub fn heading_title(line: &str) -> &str {
    line.trim_start_matches(['#', ' ']).trim_end().trim_matches(['=', ' '])
}

/// Whether a line is a row of a table or infobox flattened with `|` separators.
pub fn is_table_row(line: &str) -> bool {
    let bars = line.bytes().filter(|&b| b == b'|').count();
    bars >= 2 && (line.trim_end().ends_with('|') || line.trim_start().starts_with('|'))
        || bars >= 1 && line.trim_end().ends_with(" |")
}

/// Whether a line only separates a table header from its rows (`---|---|`).
pub fn is_table_separator(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && t.contains('-') && t.chars().all(|c| matches!(c, '-' | '|' | ':' | ' '))
}

/// Decodes a file's bytes as UTF-8; on failure returns the byte offset of the first
/// invalid byte.
pub fn decode(bytes: &[u8]) -> Result<&str, usize> {
    std::str::from_utf8(bytes).map_err(|e| e.valid_up_to())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(text: &str) -> View {
        View::new(text, Quirks::detect(text))
    }

    #[test]
    fn undoes_tokenization_and_maps_back() {
        let text = "The Nagorno @-@ Karabakh region 's 1 @,@ 500 men ( about 2 @.@ 5 % ) left .";
        let v = view(text);
        assert_eq!(v.text, "The Nagorno-Karabakh region's 1,500 men (about 2.5%) left.");
        let at = v.text.find("Nagorno-Karabakh").unwrap();
        let (s, e) = v.span(at, at + "Nagorno-Karabakh".len());
        assert_eq!(&text[s as usize..e as usize], "Nagorno @-@ Karabakh");
    }

    #[test]
    fn headings_and_tables() {
        assert_eq!(heading_level("## = = = Early days = = ="), Some(3));
        assert_eq!(heading_title("## = = = Early days = = ="), "Early days");
        assert_eq!(heading_level("= not a heading"), None);
        assert!(is_table_row("Name | Value |"));
        assert!(is_table_separator("---|---|"));
    }
}
