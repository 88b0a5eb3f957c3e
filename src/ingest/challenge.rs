//! `nkkg ingest --evaluate --challenge PATH`: scores extraction on the challenge set of
//! `tests/ingest/challenge/` — sentences written for the project, each with the candidates
//! it should yield — so that generalisation is measured on text no rule was written
//! against. The format is specified in that folder's README; a folder is read as its
//! tuning files `tuning.txt` and `tuning2.txt` (a second tuning set written later,
//! weighted to what held-out recall probably misses) and its held-out files `heldout.txt`
//! and `heldout2.txt` (a second held-out set written later, weighted to press phrasings of
//! the 2020 war), each scored on its own line.
//!
//! An item is read as its own document. Keys are compared as the corpus evaluation
//! compares them (the corpus evaluation, `super::evaluate`): (relation kind, giver, recipient, top-level type),
//! each counted once per item. Polarity is scored on the matched keys: the polarity of
//! the most confident candidate with the key against the expected one.

use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Serialize;

use super::score::Score;
use super::matcher::Kind;
use super::rules::Polarity;
use super::vocab::Scheme;
use super::Pipeline;
use crate::prefixes::NKE;

/// One expected candidate of an item.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Expected {
    /// The key: kind, giver (local name in `nke:`), recipient, top-level type.
    pub key: Key,
    /// The expected polarity.
    pub polarity: Polarity,
}

/// (relation kind, giver, recipient, top-level type), giver and recipient as `nke:` local
/// names and the type as an `nkv:` local name.
pub type Key = (Kind, String, String, String);

/// One item of the challenge set.
#[derive(Debug, Clone)]
pub struct Item {
    /// Line of its `@` header in its file (1-based).
    pub line: usize,
    /// Register (`wire`, `report`, `encyclo`, `resolution`).
    pub register: String,
    /// The phenomenon it exercises (the first word after `|`) and any detail after it.
    pub phenomenon: String,
    /// The text, its lines joined by spaces.
    pub text: String,
    /// What it should yield (empty: nothing).
    pub expected: Vec<Expected>,
}

/// A line of a challenge file that does not follow the format.
#[derive(Debug, Clone, PartialEq)]
pub struct FormatError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong, as a sentence.
    pub message: String,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Expands the `WHAT` of an expectation into (kind, top-level type) pairs: a transfer
/// shorthand is its supply and the support it implies.
fn what(words: &[&str]) -> Option<Vec<(Kind, &'static str)>> {
    let pairs: &[(Kind, &'static str)] = match words {
        ["arms"] => &[(Kind::Supply, "Arms"), (Kind::Support, "MilitarySupport")],
        ["fighters"] => &[(Kind::Supply, "Fighters"), (Kind::Support, "MilitarySupport")],
        ["money"] => &[(Kind::Supply, "Money"), (Kind::Support, "EconomicSupport")],
        ["goods"] => &[(Kind::Supply, "Goods"), (Kind::Support, "HumanitarianSupport")],
        ["energy"] => &[(Kind::Supply, "Energy"), (Kind::Support, "EconomicSupport")],
        ["support", t] => match *t {
            "MilitarySupport" => &[(Kind::Support, "MilitarySupport")],
            "DiplomaticSupport" => &[(Kind::Support, "DiplomaticSupport")],
            "EconomicSupport" => &[(Kind::Support, "EconomicSupport")],
            "HumanitarianSupport" => &[(Kind::Support, "HumanitarianSupport")],
            _ => return None,
        },
        ["supply", c] => match *c {
            "Arms" => &[(Kind::Supply, "Arms")],
            "Fighters" => &[(Kind::Supply, "Fighters")],
            "Money" => &[(Kind::Supply, "Money")],
            "Goods" => &[(Kind::Supply, "Goods")],
            "Energy" => &[(Kind::Supply, "Energy")],
            _ => return None,
        },
        _ => return None,
    };
    Some(pairs.to_vec())
}

fn polarity(word: &str) -> Option<Polarity> {
    match word {
        "given" => Some(Polarity::Given),
        "alleged" => Some(Polarity::Alleged),
        "denied" => Some(Polarity::Denied),
        "declined" => Some(Polarity::Declined),
        _ => None,
    }
}

/// The name a polarity has in the challenge format (and in reports).
pub fn polarity_name(p: Polarity) -> &'static str {
    match p {
        Polarity::Given => "given",
        Polarity::Alleged => "alleged",
        Polarity::Denied => "denied",
        Polarity::Declined | Polarity::CutOff => "declined",
        Polarity::Captured => "captured",
    }
}

/// Parses one `= …` expectation line (without the `= `).
fn expectation(line: usize, body: &str, out: &mut Vec<Expected>) -> Result<(), FormatError> {
    let error = |message: String| FormatError { line, message };
    let (parties, rest) = body
        .split_once(" : ")
        .ok_or_else(|| error(format!("expected \"GIVER > RECEIVER : WHAT POLARITY\" or \"none\", found \"{body}\"")))?;
    let (giver, receiver) = parties
        .split_once(" > ")
        .ok_or_else(|| error(format!("the parties must read \"GIVER > RECEIVER\", found \"{parties}\"")))?;
    let words: Vec<&str> = rest.split_whitespace().collect();
    let (last, what_words) = words.split_last().ok_or_else(|| error("nothing after \" : \"".to_owned()))?;
    let polarity = polarity(last)
        .ok_or_else(|| error(format!("the polarity must be given, alleged, denied or declined, found \"{last}\"")))?;
    let pairs = what(what_words).ok_or_else(|| {
        error(format!(
            "WHAT must be arms, fighters, money, goods, energy, \"support\" and a top support type or \"supply\" and a top item category, found \"{}\"",
            what_words.join(" ")
        ))
    })?;
    for (kind, top) in pairs {
        let key = (kind, giver.trim().to_owned(), receiver.trim().to_owned(), top.to_owned());
        // a transfer and a support line may both imply the same key: it is expected once
        match out.iter().find(|e| e.key == key) {
            Some(e) if e.polarity == polarity => {}
            Some(_) => {
                return Err(error(format!(
                    "the candidate {giver} > {receiver} {} {top} is expected with two polarities",
                    kind.name()
                )))
            }
            None => out.push(Expected { key, polarity }),
        }
    }
    Ok(())
}

/// Parses a challenge file.
pub fn parse(text: &str) -> Result<Vec<Item>, FormatError> {
    let mut items: Vec<Item> = Vec::new();
    let mut none = false;
    let finish = |items: &[Item], none: bool| -> Result<(), FormatError> {
        match items.last() {
            Some(item) if item.text.is_empty() => {
                Err(FormatError { line: item.line, message: "the item has no text".to_owned() })
            }
            Some(item) if item.expected.is_empty() && !none => Err(FormatError {
                line: item.line,
                message: "the item has no \"= …\" line (write \"= none\" for an item that yields nothing)".to_owned(),
            }),
            _ => Ok(()),
        }
    };
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || (items.is_empty() && trimmed.starts_with('#')) {
            continue;
        }
        if let Some(header) = trimmed.strip_prefix("@ ") {
            finish(&items, none)?;
            none = false;
            let (register, phenomenon) = header.split_once('|').ok_or_else(|| FormatError {
                line,
                message: format!("a header reads \"@ REGISTER | PHENOMENON\", found \"{trimmed}\""),
            })?;
            items.push(Item {
                line,
                register: register.trim().to_owned(),
                phenomenon: phenomenon.trim().to_owned(),
                text: String::new(),
                expected: Vec::new(),
            });
            continue;
        }
        let Some(item) = items.last_mut() else {
            return Err(FormatError { line, message: "text before the first \"@\" header".to_owned() });
        };
        if let Some(body) = trimmed.strip_prefix("= ") {
            if body == "none" {
                if !item.expected.is_empty() {
                    return Err(FormatError { line, message: "\"= none\" in an item that expects candidates".to_owned() });
                }
                none = true;
            } else {
                if none {
                    return Err(FormatError { line, message: "a candidate in an item marked \"= none\"".to_owned() });
                }
                expectation(line, body, &mut item.expected)?;
            }
        } else if !item.expected.is_empty() || none {
            return Err(FormatError { line, message: "text after the item's \"=\" lines (separate items by a blank line and a header)".to_owned() });
        } else {
            if !item.text.is_empty() {
                item.text.push(' ');
            }
            item.text.push_str(trimmed);
        }
    }
    finish(&items, none)?;
    Ok(items)
}

/// A candidate key of an item that was expected and not found, or found and not expected.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    /// Line of the item's header.
    pub line: usize,
    /// `support` or `supply`.
    pub relation: &'static str,
    /// Giver (`nke:` local name).
    pub giver: String,
    /// Recipient.
    pub recipient: String,
    /// Top-level type.
    #[serde(rename = "type")]
    pub kind: String,
    /// The expected or found polarity.
    pub polarity: &'static str,
    /// For candidates found: the rules that fired.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<String>,
}

/// The scores of one challenge file.
#[derive(Debug, Clone, Serialize)]
pub struct HalfReport {
    /// The file scored.
    pub file: String,
    /// How many items it has.
    pub items: usize,
    /// Support and supply keys together.
    pub combined: Score,
    /// Matched keys whose polarity is the expected one.
    pub polarity_right: usize,
    /// polarity_right / matched.
    pub polarity_accuracy: f64,
    /// Recall and precision by phenomenon (first word of the header's phenomenon).
    pub phenomena: BTreeMap<String, Score>,
    /// By register.
    pub registers: BTreeMap<String, Score>,
    /// Expected keys not found.
    pub misses: Vec<Miss>,
    /// Keys found and not expected.
    pub false_positives: Vec<Miss>,
    /// Matched keys with another polarity than expected (the found one shown).
    pub wrong_polarity: Vec<Miss>,
}

fn local(iri: &str) -> String {
    iri.strip_prefix(NKE).unwrap_or(iri).to_owned()
}

/// Scores the items of one file with a pipeline.
pub fn score(pipeline: &Pipeline, file: &str, items: &[Item]) -> HalfReport {
    let mut report = HalfReport {
        file: file.to_owned(),
        items: items.len(),
        combined: Score::default(),
        polarity_right: 0,
        polarity_accuracy: 0.0,
        phenomena: BTreeMap::new(),
        registers: BTreeMap::new(),
        misses: Vec::new(),
        false_positives: Vec::new(),
        wrong_polarity: Vec::new(),
    };
    let (mut gold, mut found, mut matched) = (0, 0, 0);
    for item in items {
        let name = format!("{file}:{}", item.line);
        // an item is one paragraph of a document; the pipeline reads a short text as body
        let doc = match pipeline.analyse(&name, item.text.as_bytes()) {
            Ok(doc) => doc,
            Err(_) => continue,
        };
        let mut predicted: BTreeMap<Key, (f32, Polarity, Vec<String>)> = BTreeMap::new();
        for c in &doc.candidates {
            let f = &c.found;
            let scheme = if f.kind == Kind::Support { Scheme::SupportTypes } else { Scheme::ItemCategories };
            let entity = |e: u32| match pipeline.proposal(&doc, e) {
                Some(proposal) => super::unknown::scoring_name(proposal),
                None => local(pipeline.gazetteer.entities[e as usize].iri.as_str()),
            };
            let key = (f.kind, entity(f.giver), entity(f.receiver), pipeline.vocabulary.top(scheme, &f.concept).to_owned());
            let entry = predicted.entry(key).or_insert((f32::MIN, f.polarity, Vec::new()));
            if f.confidence > entry.0 {
                entry.0 = f.confidence;
                entry.1 = f.polarity;
            }
            if !entry.2.iter().any(|r| r == f.rule) {
                entry.2.push(f.rule.to_owned());
            }
        }
        // relations naming a proposed entity are scored only where a known one is expected
        let expected = || item.expected.iter().map(|e| &e.key);
        let unscored: Vec<Key> =
            predicted.keys().filter(|key| !super::unknown::scored(key, expected(), |g| predicted.contains_key(g))).cloned().collect();
        for key in &unscored {
            predicted.remove(key);
        }
        let miss = |key: &Key, polarity: Polarity, rules: Vec<String>| Miss {
            line: item.line,
            relation: key.0.name(),
            giver: key.1.clone(),
            recipient: key.2.clone(),
            kind: key.3.clone(),
            polarity: polarity_name(polarity),
            rules,
        };
        let mut m = 0;
        for e in &item.expected {
            match predicted.get(&e.key) {
                Some((_, p, rules)) => {
                    m += 1;
                    if polarity_name(*p) == polarity_name(e.polarity) {
                        report.polarity_right += 1;
                    } else {
                        report.wrong_polarity.push(miss(&e.key, *p, rules.clone()));
                    }
                }
                None => report.misses.push(miss(&e.key, e.polarity, Vec::new())),
            }
        }
        for (key, (_, p, rules)) in &predicted {
            if !item.expected.iter().any(|e| &e.key == key) {
                report.false_positives.push(miss(key, *p, rules.clone()));
            }
        }
        let here = Score::new(item.expected.len(), predicted.len(), m);
        let phenomenon = item.phenomenon.split_whitespace().next().unwrap_or_default().to_owned();
        let slot = report.phenomena.entry(phenomenon).or_default();
        *slot = slot.add(here);
        let slot = report.registers.entry(item.register.clone()).or_default();
        *slot = slot.add(here);
        gold += item.expected.len();
        found += predicted.len();
        matched += m;
    }
    report.combined = Score::new(gold, found, matched);
    report.polarity_accuracy = if matched == 0 { 0.0 } else { report.polarity_right as f64 / matched as f64 };
    report
}

/// The files a challenge folder is read as, in the order they are scored: the tuning files,
/// then the held-out files.
pub const FOLDER_FILES: [&str; 4] = ["tuning.txt", "tuning2.txt", "heldout.txt", "heldout2.txt"];

/// The challenge files at `path`: the file itself, or a folder's [`FOLDER_FILES`] (those
/// that exist).
pub fn files(path: &Path) -> anyhow::Result<Vec<PathBuf>> {
    if path.is_file() {
        return Ok(vec![path.to_owned()]);
    }
    let files: Vec<PathBuf> = FOLDER_FILES.iter().map(|f| path.join(f)).filter(|p| p.is_file()).collect();
    if files.is_empty() {
        anyhow::bail!(
            "{} is neither a challenge file nor a folder holding {}",
            path.display(),
            FOLDER_FILES.join(", ")
        );
    }
    Ok(files)
}

/// Reads, parses and scores the challenge files at `path`.
pub fn evaluate(pipeline: &Pipeline, path: &Path) -> anyhow::Result<Vec<HalfReport>> {
    let mut out = Vec::new();
    for file in files(path)? {
        let text = std::fs::read_to_string(&file).with_context(|| format!("cannot read the challenge file {}", file.display()))?;
        let items = parse(&text).map_err(|e| anyhow::anyhow!("{} {e}", file.display()))?;
        let name = file.file_name().map_or_else(|| file.display().to_string(), |n| n.to_string_lossy().into_owned());
        out.push(score(pipeline, &name, &items));
    }
    Ok(out)
}

/// Writes the challenge scores as a table, with misses, false positives and wrong
/// polarities.
pub fn write_table(reports: &[HalfReport], mut out: impl Write) -> io::Result<()> {
    writeln!(out, "Challenge set (keys as in the corpus evaluation, polarity on matched keys)")?;
    writeln!(out, "{:<14} {:>6} {:>6} {:>10} {:>8} {:>9} {:>7} {:>6} {:>9}", "file", "items", "gold", "candidates", "matched", "precision", "recall", "F1", "polarity")?;
    for r in reports {
        let s = &r.combined;
        writeln!(
            out,
            "{:<14} {:>6} {:>6} {:>10} {:>8} {:>9.3} {:>7.3} {:>6.3} {:>9.3}",
            r.file, r.items, s.gold, s.candidates, s.matched, s.precision, s.recall, s.f1, r.polarity_accuracy
        )?;
    }
    for r in reports {
        writeln!(out)?;
        writeln!(out, "{} by phenomenon (gold / candidates / matched):", r.file)?;
        for (name, s) in &r.phenomena {
            writeln!(out, "  {name:<14} {:>4} {:>4} {:>4}", s.gold, s.candidates, s.matched)?;
        }
        let show = |out: &mut dyn Write, title: &str, list: &[Miss]| -> io::Result<()> {
            writeln!(out, "{} {title} ({}):", r.file, list.len())?;
            for m in list {
                let rules = if m.rules.is_empty() { String::new() } else { format!("  rule {}", m.rules.join(",")) };
                writeln!(out, "  line {:<5} {:<7} {} > {} {} {}{rules}", m.line, m.relation, m.giver, m.recipient, m.kind, m.polarity)?;
            }
            Ok(())
        };
        show(&mut out, "misses", &r.misses)?;
        show(&mut out, "false positives", &r.false_positives)?;
        show(&mut out, "wrong polarity (found)", &r.wrong_polarity)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_items_shorthands_and_none() {
        let text = "# comment\n\n@ wire | metonymy capital\nAnkara armed Baku.\nIt did.\n= Turkey > Azerbaijan : arms given\n\n@ report | distractor\nNothing here at all.\n= none\n";
        let items = parse(text).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].text, "Ankara armed Baku. It did.");
        assert_eq!(items[0].expected.len(), 2);
        assert_eq!(items[0].expected[0].key, (Kind::Supply, "Turkey".to_owned(), "Azerbaijan".to_owned(), "Arms".to_owned()));
        assert!(items[1].expected.is_empty());
    }

    #[test]
    fn format_errors_name_the_line() {
        let error = parse("@ wire | x\nSome text here.\n= Turkey > Azerbaijan : weapons given\n").unwrap_err();
        assert_eq!(error.line, 3);
        assert!(error.message.contains("WHAT must be"), "{error}");
        let error = parse("@ wire | x\nSome text here.\n\n@ wire | y\nMore.\n= none\n").unwrap_err();
        assert_eq!(error.line, 1);
        let error = parse("@ wire | x\nText.\n= A > B : arms maybe\n").unwrap_err();
        assert!(error.message.contains("polarity"), "{error}");
    }
}
