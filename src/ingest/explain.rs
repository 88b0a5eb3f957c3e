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
/// entity, are not read by the rules and are not shown. A party the gazetteer does not
/// know is shown as its proposal, `proposed:"Wagner Group" (organisation: ArmedGroup)`:
/// the name as the document gives it most often, the cue that made it a party and the
/// class proposed.
pub fn explain(pipeline: &Pipeline, name: &str, bytes: &[u8], needle: &str, out: &mut impl Write) -> Result<usize, String> {
    let needle = needle.to_lowercase();
    // parties are kept as entity indices until the whole document is read: an unknown
    // party's label is the form the document gives most often
    let mut shown: Vec<(usize, Vec<Piece>, Vec<Found>)> = Vec::new();
    let doc = pipeline
        .analyse_reading(name, bytes, |r: Reading<'_, '_>| {
            if r.text.to_lowercase().contains(&needle) {
                shown.push((r.sentence, pieces(r.tokens), r.found.to_vec()));
            }
        })
        .map_err(|e| e.to_string())?;
    let party = |e: u32| party_name(pipeline, &doc, e);
    let mut write = || -> std::io::Result<()> {
        for (i, tokens, found) in &shown {
            writeln!(out, "{name}, sentence {i} (paragraph {}):", doc.structure.sentences[*i].paragraph)?;
            writeln!(out, "  {}", tokens_line(tokens, &party))?;
            if found.is_empty() {
                writeln!(out, "  (no candidate)")?;
            }
            for f in found {
                writeln!(out, "  -> {}", found_line(f, &party))?;
            }
        }
        Ok(())
    };
    write().map_err(|e| format!("cannot be explained: {e}"))?;
    Ok(shown.len())
}

/// A token as the explanation keeps it: a word, or an entity as a party or a thing.
enum Piece {
    Text(String),
    Party(u32),
    Thing(u32),
}

fn pieces(tokens: &[Tok<'_>]) -> Vec<Piece> {
    tokens
        .iter()
        .map(|t| match t.kind {
            TokKind::Party(e) => Piece::Party(e),
            TokKind::Thing(e) => Piece::Thing(e),
            TokKind::Word | TokKind::Punct => Piece::Text(t.text.to_owned()),
        })
        .collect()
}

/// The tokens as one line: parties in `[ ]`, other entities in `< >`.
fn tokens_line(pieces: &[Piece], party: &impl Fn(u32) -> String) -> String {
    let words: Vec<String> = pieces
        .iter()
        .map(|p| match p {
            Piece::Party(e) => format!("[{}]", party(*e)),
            Piece::Thing(e) => format!("<{}>", party(*e)),
            Piece::Text(t) => t.clone(),
        })
        .collect();
    words.join(" ")
}

/// One candidate: `supply Iran → Armenia Fuel (given, give-to, 0.85)`.
fn found_line(f: &Found, party: &impl Fn(u32) -> String) -> String {
    let kind = f.kind.name();
    let polarity = format!("{:?}", f.polarity).to_lowercase();
    format!(
        "{kind} {} → {} {} ({polarity}, {}, {:.2})",
        party(f.giver),
        party(f.receiver),
        f.concept,
        f.rule,
        f.confidence
    )
}

/// An entity by its IRI's local name, or an unknown party as its proposal.
fn party_name(pipeline: &Pipeline, doc: &super::Document, e: u32) -> String {
    match pipeline.proposal(doc, e) {
        Some(p) => format!("proposed:\"{}\" ({}: {})", p.label, cue(p.class), p.class),
        None => local(&pipeline.gazetteer, e).to_owned(),
    }
}

/// The kind of cue that proposes a party of `class` (see [`super::unknown`]).
fn cue(class: &str) -> &'static str {
    match class {
        "Person" => "title",
        "State" => "state name",
        "PopulationGroup" => "demonym",
        "Actor" => "name",
        _ => "organisation",
    }
}

fn local(gazetteer: &Gazetteer, e: u32) -> &str {
    gazetteer.entities[e as usize].iri.as_str().rsplit(['/', '#']).next().unwrap_or("")
}
