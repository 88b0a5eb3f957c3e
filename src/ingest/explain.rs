//! `nkkg ingest FILES --explain TEXT`: shows how the rules read the sentences that contain a
//! text — the tokens they matched against (parties, other entities, resolved pronouns) and
//! the candidates each rule found — so that a rule can be written or checked against real
//! sentences without reading the TriG.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;

use super::matcher::Found;
use super::mentions::Gazetteer;
use super::tokens::{Tok, TokKind};
use super::{file_name, read_document, Pipeline, Reading};
use crate::error::NkkgError;
use crate::store::GraphStore;

/// Prints the reading of every sentence of `files` that contains `needle` (any case) to
/// standard output.
pub fn run(store: &GraphStore, files: &[PathBuf], needle: &str) -> anyhow::Result<()> {
    if files.is_empty() {
        return Err(NkkgError::Usage("nkkg ingest --explain needs at least one FILE".to_owned()).into());
    }
    let pipeline = Pipeline::from_store(store)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut shown = 0usize;
    for path in files {
        let bytes = read_document(path)?;
        shown += explain(&pipeline, &file_name(path), &bytes, needle, &mut out)
            .map_err(|e| NkkgError::Usage(format!("{} {e}", path.display())))?;
    }
    out.flush().context("cannot write to standard output")?;
    eprintln!("{shown} sentence(s) contain \"{needle}\"");
    Ok(())
}

/// Writes the reading of the sentences of one document that contain `needle` (any case) to
/// `out` and returns how many there were. Sentences that repeat an earlier one, or name no
/// entity, are not read by the rules and are not shown.
pub fn explain(pipeline: &Pipeline, name: &str, bytes: &[u8], needle: &str, out: &mut impl Write) -> Result<usize, String> {
    let needle = needle.to_lowercase();
    let mut shown: Vec<(usize, String, Vec<String>)> = Vec::new();
    let doc = pipeline
        .analyse_reading(name, bytes, |r: Reading<'_, '_>| {
            if r.text.to_lowercase().contains(&needle) {
                let found = r.found.iter().map(|f| found_line(f, &pipeline.gazetteer)).collect();
                shown.push((r.sentence, tokens_line(r.tokens, &pipeline.gazetteer), found));
            }
        })
        .map_err(|e| e.to_string())?;
    let mut write = || -> std::io::Result<()> {
        for (i, line, found) in &shown {
            writeln!(out, "{name}, sentence {i} (paragraph {}):", doc.structure.sentences[*i].paragraph)?;
            writeln!(out, "  {line}")?;
            if found.is_empty() {
                writeln!(out, "  (no candidate)")?;
            }
            for f in found {
                writeln!(out, "  -> {f}")?;
            }
        }
        Ok(())
    };
    write().map_err(|e| format!("cannot be explained: {e}"))?;
    Ok(shown.len())
}

/// The tokens as one line: parties in `[ ]`, other entities in `< >`, by IRI local name.
fn tokens_line(tokens: &[Tok<'_>], gazetteer: &Gazetteer) -> String {
    let words: Vec<String> = tokens
        .iter()
        .map(|t| match t.kind {
            TokKind::Party(e) => format!("[{}]", local(gazetteer, e)),
            TokKind::Thing(e) => format!("<{}>", local(gazetteer, e)),
            TokKind::Word | TokKind::Punct => t.text.to_owned(),
        })
        .collect();
    words.join(" ")
}

/// One candidate: `supply Iran → Armenia Fuel (given, give-to, 0.85)`.
fn found_line(f: &Found, gazetteer: &Gazetteer) -> String {
    let kind = f.kind.name();
    let polarity = format!("{:?}", f.polarity).to_lowercase();
    format!(
        "{kind} {} → {} {} ({polarity}, {}, {:.2})",
        local(gazetteer, f.giver),
        local(gazetteer, f.receiver),
        f.concept,
        f.rule,
        f.confidence
    )
}

fn local(gazetteer: &Gazetteer, e: u32) -> &str {
    gazetteer.entities[e as usize].iri.as_str().rsplit(['/', '#']).next().unwrap_or("")
}
