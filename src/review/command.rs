//! `nkkg review`: the command line of the review — the list of pending candidates (text or
//! JSON), the prompt loop on a terminal, decisions given as arguments, and batches
//! (`--from FILE`, format in [`super::batch`]). All of them call [`super::decide`].

use std::io::{BufRead, Write};
use std::path::PathBuf;

use serde::Serialize;

use super::batch::{self, parse_fields};
use super::pending::{self, Pending};
use super::entities::{decide_entity, EntityVerdict};
use super::{decide, parse_id, Decision, Edits, Outcome, ReviewError, Verdict};
use crate::prefixes::shorten;
use crate::store::GraphStore;

/// What `nkkg review` does.
#[derive(Debug, Clone, PartialEq)]
pub enum Task {
    /// List the pending candidates.
    List,
    /// Prompt for a decision on each pending candidate, reading answers from standard input.
    Prompt,
    /// Decide the candidates given.
    Decide {
        /// Accept, edit or reject.
        verdict: Verdict,
        /// The candidates (ids, prefixed names or IRIs).
        ids: Vec<String>,
        /// The edits and note.
        edits: Edits,
    },
    /// Apply the decisions of a batch file (`-` for standard input).
    Batch(PathBuf),
    /// Accept or reject proposed entities on their own.
    DecideEntities {
        /// Accept (with corrections) or reject.
        verdict: EntityVerdict,
        /// The proposed entities (prefixed names or IRIs).
        ids: Vec<String>,
    },
}

/// How the pending list is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListFormat {
    /// Two lines per candidate: the relation, then the sentence with the parties marked.
    #[default]
    Text,
    /// A JSON array of candidates.
    Json,
}

/// The options of `nkkg review`.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// What to do.
    pub task: Task,
    /// Who decides.
    pub reviewer: String,
    /// Accept the proposed entities that decided candidates name.
    pub accept_entities: bool,
    /// Folder holding the ingested files, when their recorded paths are gone.
    pub sources: Option<PathBuf>,
    /// How the list is written.
    pub format: ListFormat,
}

/// Runs `nkkg review`: prompts and lists go to `out`, answers come from `input`.
pub fn run(
    store: &GraphStore,
    options: &Options,
    input: impl BufRead,
    mut out: impl Write,
) -> anyhow::Result<()> {
    if !store.is_persistent() {
        return Err(crate::error::NkkgError::Usage(
            "nkkg review needs --store DIR, the store the candidates were ingested into (`nkkg ingest --store DIR FILES`)".into(),
        )
        .into());
    }
    match &options.task {
        Task::List => list(store, options, &mut out),
        Task::Prompt => prompt(store, options, input, &mut out),
        Task::Decide {
            verdict,
            ids,
            edits,
        } => {
            let mut lines = Vec::new();
            for id in ids {
                lines.push(batch::Line {
                    number: 0,
                    verdict: *verdict,
                    candidate: parse_id(id)?,
                    edits: edits.clone(),
                    accept_entity: false,
                });
            }
            apply(store, options, &lines, &mut out)
        }
        Task::DecideEntities { verdict, ids } => decide_entities(store, options, verdict, ids, &mut out),
        Task::Batch(path) => {
            let text = if path.as_os_str() == "-" {
                std::io::read_to_string(input)?
            } else {
                crate::query::read_text(path)?
            };
            apply(store, options, &batch::parse(&text)?, &mut out)
        }
    }
}

/// `nkkg review accept-entity` / `reject-entity`: decides each entity, reporting each;
/// fails when any failed.
fn decide_entities(
    store: &GraphStore,
    options: &Options,
    verdict: &EntityVerdict,
    ids: &[String],
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut failed = Vec::new();
    for id in ids {
        let entity = parse_id(id)?;
        match decide_entity(store, &entity, verdict, &options.reviewer) {
            Ok(_) => {
                let done = match verdict {
                    EntityVerdict::Accept(_) => "accepted entity",
                    EntityVerdict::Reject { .. } => "rejected entity",
                };
                writeln!(out, "{done} {}", shorten(entity.as_str()))?;
            }
            Err(e) => failed.push(e.to_string()),
        }
    }
    match failed.len() {
        0 => Ok(()),
        1 if ids.len() == 1 => Err(anyhow::anyhow!(failed.remove(0))),
        n => {
            for f in &failed {
                eprintln!("error: {f}");
            }
            anyhow::bail!("{n} of {} entity decisions were not written (see above); the others were", ids.len())
        }
    }
}

fn decision(options: &Options, line: &batch::Line) -> Decision {
    Decision {
        candidate: line.candidate.clone(),
        verdict: line.verdict,
        edits: line.edits.clone(),
        reviewer: options.reviewer.clone(),
        accept_entities: options.accept_entities || line.accept_entity,
        sources: options.sources.clone(),
    }
}

/// Applies decisions in order; a failed one is reported and the others still applied.
/// Fails when any failed (with its own message when there was only one).
fn apply(
    store: &GraphStore,
    options: &Options,
    lines: &[batch::Line],
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let mut failed = Vec::new();
    for line in lines {
        match decide(store, &decision(options, line)) {
            Ok(outcome) => report(out, &line.candidate, line.verdict, &outcome)?,
            Err(e) => {
                let at = if line.number > 0 {
                    format!("line {}: ", line.number)
                } else {
                    String::new()
                };
                failed.push(format!("{at}{e}"));
            }
        }
    }
    match failed.len() {
        0 => Ok(()),
        1 if lines.len() == 1 => Err(anyhow::anyhow!(failed.remove(0))),
        n => {
            for f in &failed {
                eprintln!("error: {f}");
            }
            anyhow::bail!(
                "{n} of {} decisions were not written (see above); the others were",
                lines.len()
            )
        }
    }
}

fn report(
    out: &mut impl Write,
    candidate: &oxigraph::model::NamedNode,
    verdict: Verdict,
    outcome: &Outcome,
) -> std::io::Result<()> {
    write!(out, "{} {}", verdict.done(), shorten(candidate.as_str()))?;
    if let Some(fact) = &outcome.fact {
        write!(out, " -> {}", shorten(fact.as_str()))?;
    }
    for entity in &outcome.entities {
        write!(out, " (accepted entity {})", shorten(entity.as_str()))?;
    }
    writeln!(out)
}

/// The pending candidates as text or JSON.
fn list(store: &GraphStore, options: &Options, out: &mut impl Write) -> anyhow::Result<()> {
    let pending = pending::list(store)?;
    if options.format == ListFormat::Json {
        let json: Vec<_> = pending
            .iter()
            .map(|p| p.json(options.sources.as_deref()))
            .collect();
        serde_json::to_writer_pretty(&mut *out, &json)?;
        writeln!(out)?;
        return Ok(());
    }
    if pending.is_empty() {
        writeln!(out, "no pending candidates")?;
        return Ok(());
    }
    for p in &pending {
        show(p, options, out)?;
    }
    writeln!(
        out,
        "{} pending candidate(s); giver in [brackets], receiver in {{braces}}",
        pending.len()
    )?;
    Ok(())
}

/// One candidate in two lines (three with a proposed entity).
fn show(p: &Pending, options: &Options, out: &mut impl Write) -> std::io::Result<()> {
    let party = |x: &pending::Party| match &x.proposed_class {
        Some(class) => format!(
            "proposed: {} ({})",
            x.name(),
            class.as_str().rsplit(['#', '/']).next().unwrap_or_default()
        ),
        None => x.name(),
    };
    let detail = [
        p.rule.as_ref().map(|r| r.value().to_owned()),
        p.confidence.as_ref().map(|c| c.value().to_owned()),
    ];
    let detail: Vec<String> = detail.into_iter().flatten().collect();
    writeln!(
        out,
        "{}  {} {} -> {}  {} {}  ({})",
        p.id(),
        p.kind.name(),
        party(&p.giver),
        party(&p.receiver),
        shorten(p.concept.as_str()),
        shorten(p.polarity.as_str()),
        detail.join(", ")
    )?;
    match p.marked(options.sources.as_deref()) {
        Some(text) => writeln!(
            out,
            "    {} {}-{}: {}",
            p.document.file_name,
            p.span.0,
            p.span.1,
            text.replace('\n', " ")
        ),
        None => writeln!(
            out,
            "    {} {}-{}: (text not found; pass --sources DIR, the folder of the ingested files)",
            p.document.file_name, p.span.0, p.span.1
        ),
    }
}

/// The prompt loop: shows each pending candidate and reads a decision for it.
fn prompt(
    store: &GraphStore,
    options: &Options,
    mut input: impl BufRead,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let pending = pending::list(store)?;
    writeln!(
        out,
        "{} pending candidate(s). Answer: a[ccept] | r[eject] | e[dit] FIELDS | s[kip] | q[uit]",
        pending.len()
    )?;
    writeln!(out, "  FIELDS: giver=IRI receiver=IRI type=IRI polarity=IRI note=TEXT (note takes the rest); add note=TEXT to a or r too")?;
    let mut decided = 0;
    'candidates: for p in &pending {
        show(p, options, out)?;
        loop {
            write!(out, "> ")?;
            out.flush()?;
            let mut line = String::new();
            if input.read_line(&mut line)? == 0 {
                break 'candidates;
            }
            let line = line.trim();
            let (word, fields) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
            let verdict = match word {
                "" | "s" | "skip" => continue 'candidates,
                "q" | "quit" => break 'candidates,
                "a" | "accept" => Verdict::Accept,
                "r" | "reject" => Verdict::Reject,
                "e" | "edit" => Verdict::Edit,
                other => {
                    writeln!(out, "'{other}' is not an answer: a, r, e FIELDS, s or q")?;
                    continue;
                }
            };
            let (edits, accept_entity) = match parse_fields(fields) {
                Ok(parsed) => parsed,
                Err(e) => {
                    writeln!(out, "{e}")?;
                    continue;
                }
            };
            let line = batch::Line {
                number: 0,
                verdict,
                candidate: p.iri.clone(),
                edits,
                accept_entity,
            };
            let mut d = decision(options, &line);
            let result = match decide(store, &d) {
                Err(ReviewError::NeedsEntity(message)) => {
                    write!(out, "{message}\naccept the proposed entity? [y/N] ")?;
                    out.flush()?;
                    let mut answer = String::new();
                    input.read_line(&mut answer)?;
                    if !answer.trim().eq_ignore_ascii_case("y") {
                        continue;
                    }
                    d.accept_entities = true;
                    decide(store, &d)
                }
                other => other,
            };
            match result {
                Ok(outcome) => {
                    report(out, &p.iri, verdict, &outcome)?;
                    decided += 1;
                    continue 'candidates;
                }
                Err(ReviewError::Conflict(message)) => {
                    writeln!(out, "{message}")?;
                    continue 'candidates;
                }
                Err(e) => writeln!(out, "{e}")?,
            }
        }
    }
    writeln!(out, "{decided} decision(s) written")?;
    Ok(())
}

/// A decision's answer as JSON (for the review page).
#[derive(Debug, Clone, Serialize)]
pub struct OutcomeJson {
    /// The decision record.
    pub decision: String,
    /// The fact written, if any.
    pub fact: Option<String>,
    /// Proposed entities accepted.
    pub entities: Vec<String>,
}

impl From<&Outcome> for OutcomeJson {
    fn from(o: &Outcome) -> Self {
        Self {
            decision: shorten(o.decision.as_str()),
            fact: o.fact.as_ref().map(|f| shorten(f.as_str())),
            entities: o.entities.iter().map(|e| shorten(e.as_str())).collect(),
        }
    }
}
