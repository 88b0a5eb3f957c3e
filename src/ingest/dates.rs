//! Explicit dates, months and years in a sentence, normalised to the XSD type of their
//! precision: `20 February 1988`, `February 20, 1988` and `1988-02-20` → `xsd:date`;
//! `February 1988` → `xsd:gYearMonth`; a year from 1000 to 2099 on its own → `xsd:gYear`.
//! A day and month without a year, decades (`1990s`) and numbers glued to units or
//! currency signs are left alone.

use std::collections::HashSet;

/// The precision of a date found in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Precision {
    /// A full date: `xsd:date`.
    Day,
    /// A month: `xsd:gYearMonth`.
    Month,
    /// A year: `xsd:gYear`.
    Year,
}

/// A date found in a sentence: its XSD lexical form and precision.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateValue {
    /// The lexical form: `1988-02-20`, `1988-02` or `1988`.
    pub lexical: String,
    /// Which XSD type it has.
    pub precision: Precision,
}

impl DateValue {
    /// The year of the value.
    pub fn year(&self) -> Option<i32> {
        lexical_year(&self.lexical)
    }

    /// The XSD datatype IRI of the value.
    pub fn datatype(&self) -> &'static str {
        match self.precision {
            Precision::Day => "http://www.w3.org/2001/XMLSchema#date",
            Precision::Month => "http://www.w3.org/2001/XMLSchema#gYearMonth",
            Precision::Year => "http://www.w3.org/2001/XMLSchema#gYear",
        }
    }
}

const MONTHS: &[(&str, u32)] = &[
    ("january", 1), ("jan", 1), ("february", 2), ("feb", 2), ("march", 3), ("mar", 3), ("april", 4), ("apr", 4),
    ("may", 5), ("june", 6), ("jun", 6), ("july", 7), ("jul", 7), ("august", 8), ("aug", 8), ("september", 9),
    ("sept", 9), ("sep", 9), ("october", 10), ("oct", 10), ("november", 11), ("nov", 11), ("december", 12), ("dec", 12),
];

#[derive(Debug, Clone, Copy)]
struct Tok<'a> {
    text: &'a str,
    /// The character before the token (or a space).
    before: char,
    /// The character after the token (or a space).
    after: char,
}

fn tokens(sentence: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut chars = sentence.char_indices().peekable();
    let mut prev = ' ';
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if !d.is_alphanumeric() {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            let after = sentence[end..].chars().next().unwrap_or(' ');
            out.push(Tok { text: &sentence[i..end], before: prev, after });
            prev = sentence[..end].chars().next_back().unwrap_or(' ');
        } else {
            if !c.is_whitespace() {
                out.push(Tok { text: &sentence[i..i + c.len_utf8()], before: prev, after: ' ' });
            }
            prev = c;
        }
    }
    out
}

fn month(token: &str) -> Option<u32> {
    if token.len() < 3 || token.len() > 9 || !token.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    MONTHS.iter().find(|(name, _)| name.eq_ignore_ascii_case(token)).map(|&(_, m)| m)
}

/// The year at the start of an `xsd:date`, `xsd:gYearMonth` or `xsd:gYear` lexical form.
pub fn lexical_year(lexical: &str) -> Option<i32> {
    let digits: String = lexical.trim_start_matches('-').chars().take_while(char::is_ascii_digit).collect();
    let year: i32 = digits.parse().ok()?;
    Some(if lexical.starts_with('-') { -year } else { year })
}

fn year(tok: &Tok<'_>) -> Option<u32> {
    if tok.text.len() != 4 || !tok.text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if matches!(tok.before, '$' | '£' | '€' | '#') || matches!(tok.after, '%' | '$') {
        return None;
    }
    let y: u32 = tok.text.parse().ok()?;
    (1000..=2099).contains(&y).then_some(y)
}

fn day(token: &str) -> Option<u32> {
    let digits = token.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &token[digits.len()..];
    if digits.is_empty() || digits.len() > 2 || !matches!(suffix, "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    let d: u32 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn full_date(y: u32, m: u32, d: u32) -> Option<DateValue> {
    (d <= days_in_month(y, m)).then(|| DateValue { lexical: format!("{y:04}-{m:02}-{d:02}"), precision: Precision::Day })
}

/// The dates of a sentence, in order of appearance, without duplicates.
pub fn find_dates(sentence: &str) -> Vec<DateValue> {
    if !sentence.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    let toks = tokens(sentence);
    let mut out: Vec<DateValue> = Vec::new();
    // a set beside the list keeps a sentence naming many dates linear
    let mut seen: HashSet<DateValue> = HashSet::new();
    let mut push = |v: DateValue, out: &mut Vec<DateValue>| {
        if seen.insert(v.clone()) {
            out.push(v);
        }
    };
    let text = |i: usize| toks.get(i).map_or("", |t| t.text);
    let mut i = 0;
    while i < toks.len() {
        // 1988-02-20
        if let Some(y) = year(&toks[i]) {
            if text(i + 1) == "-" && text(i + 3) == "-" && text(i + 2).len() == 2 && text(i + 4).len() == 2 {
                if let (Ok(m), Ok(d)) = (text(i + 2).parse::<u32>(), text(i + 4).parse::<u32>()) {
                    if (1..=12).contains(&m) {
                        if let Some(v) = full_date(y, m, d) {
                            push(v, &mut out);
                            i += 5;
                            continue;
                        }
                    }
                }
            }
            // a decade ("1990s") is not a year
            if !toks[i].after.is_alphabetic() {
                push(DateValue { lexical: format!("{y:04}"), precision: Precision::Year }, &mut out);
            }
            i += 1;
            continue;
        }
        // 20 February 1988, or February 20, 1988
        let day_month = day(text(i)).zip(month(text(i + 1))).or_else(|| month(text(i)).zip(day(text(i + 1))).map(|(m, d)| (d, m)));
        if let Some((d, m)) = day_month {
            let k = if text(i + 2) == "," { i + 3 } else { i + 2 };
            if let Some(v) = toks.get(k).and_then(year).and_then(|y| full_date(y, m, d)) {
                push(v, &mut out);
                i = k + 1;
                continue;
            }
        }
        if let Some(m) = month(text(i)) {
            // February 1988 ("May" needs its year right after it)
            if let Some(y) = toks.get(i + 1).and_then(year) {
                push(DateValue { lexical: format!("{y:04}-{m:02}"), precision: Precision::Month }, &mut out);
                i += 2;
                continue;
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex(s: &str) -> Vec<String> {
        find_dates(s).into_iter().map(|d| d.lexical).collect()
    }

    #[test]
    fn finds_dates_at_their_precision() {
        assert_eq!(lex("On 3 March 1990 and March 4, 1991 we met."), vec!["1990-03-03", "1991-03-04"]);
        assert_eq!(lex("In May 1994 a truce held until 1995."), vec!["1994-05", "1995"]);
        assert_eq!(lex("From 2001-09-11, in the 1990s, 31 February 2001, $2000."), vec!["2001-09-11", "2001-02"]);
        assert_eq!(lex("They may 2 go."), Vec::<String>::new());
    }
}
