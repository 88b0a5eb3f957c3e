//! The flags and decision subcommands of `review` and the review task they become: a
//! decision on candidates or proposed entities, a batch, the prompt loop or the list.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use crate::error::NkkgError;
use crate::review::command::{self as review, ListFormat};
use crate::review::entities::EntityVerdict;
use crate::review::proposed::EntityEdits;
use crate::review::{parse_id, Edits, Verdict};

/// What `nkkg review` does, shown under its help.
const REVIEW_HELP: &str = "Without a subcommand: lists the pending candidates (giver in [brackets], receiver in {braces}), or asks for a decision on each one when standard input is a terminal (--prompt forces the prompt, --list the list). Candidates are named by the id the list shows, a prefixed name or an IRI. --from FILE applies a batch, one decision per line: `accept ID`, `reject ID note=TEXT`, `edit ID giver=IRI receiver=IRI type=IRI polarity=IRI note=TEXT` (note takes the rest of the line; `accept-entity` accepts the proposed entities the candidate names). A party the graph does not know is listed as `proposed: NAME (Class)`: `accept-entity ID --label TEXT --class IRI` accepts it on its own, `reject-entity ID` keeps it and its candidates from being proposed again.";

/// Arguments of `nkkg review`.
#[derive(Debug, Args)]
#[command(after_help = REVIEW_HELP)]
pub struct ReviewArgs {
    /// A decision to take; without one, the pending candidates are listed or prompted for.
    #[command(subcommand)]
    pub decision: Option<ReviewCommand>,

    /// Who decides, recorded with every decision and fact [default: $USER].
    #[arg(long, global = true, value_name = "NAME", env = "USER")]
    pub reviewer: Option<String>,

    /// Accept the proposed entities (parties the graph does not know yet) that the decided
    /// candidates name, as actors of their proposed class.
    #[arg(long, global = true)]
    pub accept_entity: bool,

    /// Folder holding the ingested files, to show sentences when the paths recorded at
    /// ingestion are gone.
    #[arg(long, global = true, value_name = "DIR")]
    pub sources: Option<PathBuf>,

    /// Apply the decisions of FILE (`-` for standard input), one per line.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["prompt", "list"])]
    pub from: Option<PathBuf>,

    /// Ask for a decision on each pending candidate, reading answers from standard input.
    #[arg(long, conflicts_with = "list")]
    pub prompt: bool,

    /// Only list the pending candidates, even on a terminal.
    #[arg(long)]
    pub list: bool,

    /// Write the list as JSON.
    #[arg(long)]
    pub json: bool,
}

/// The decisions `nkkg review` takes as arguments.
#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// Accept candidates as they stand.
    Accept {
        /// The candidates.
        #[arg(value_name = "ID", required = true)]
        ids: Vec<String>,
        /// A note kept with each decision.
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
    /// Reject candidates; they are not proposed again by a later ingest.
    Reject {
        /// The candidates.
        #[arg(value_name = "ID", required = true)]
        ids: Vec<String>,
        /// A note kept with each decision (why).
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
    /// Accept a candidate with a party, the type or the polarity changed.
    Edit {
        /// The candidate.
        #[arg(value_name = "ID")]
        id: String,
        /// The supporter or supplier (IRI or prefixed name, e.g. nke:Turkey).
        #[arg(long, value_name = "IRI")]
        giver: Option<String>,
        /// The recipient.
        #[arg(long, value_name = "IRI")]
        receiver: Option<String>,
        /// The type: a concept of nkv:SupportTypes or nkv:ItemCategories.
        #[arg(long = "type", value_name = "IRI")]
        concept: Option<String>,
        /// The polarity (nkv:Given, nkv:Alleged, ...) or supply status (nkv:Delivered, ...).
        #[arg(long, value_name = "IRI")]
        polarity: Option<String>,
        /// A note kept with the decision and the fact.
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
    /// Accept proposed entities (parties the graph does not know yet) as actors, with
    /// their proposed label and class or the ones given.
    AcceptEntity {
        /// The proposed entities (prefixed names or IRIs, e.g. nke:VostokBrigade).
        #[arg(value_name = "ID", required = true)]
        ids: Vec<String>,
        /// The label to accept it with instead of the proposed one.
        #[arg(long, value_name = "TEXT")]
        label: Option<String>,
        /// The class to accept it as instead of the proposed one (an nk:Actor subclass).
        #[arg(long, value_name = "IRI")]
        class: Option<String>,
        /// A note kept with each decision.
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
    /// Reject proposed entities: candidates naming them are no longer pending, and a later
    /// ingest does not propose them again.
    RejectEntity {
        /// The proposed entities.
        #[arg(value_name = "ID", required = true)]
        ids: Vec<String>,
        /// A note kept with each decision (why).
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
}

impl ReviewArgs {
    /// The review task: a decision, a batch, the prompt loop or the list.
    pub fn into_options(self) -> Result<review::Options, NkkgError> {
        let iri = |text: Option<String>| {
            text.map(|t| parse_id(&t).map_err(|e| NkkgError::Usage(e.to_string())))
                .transpose()
        };
        // A decision that changes nothing but keeps a note.
        let noted = |verdict, ids, note| review::Task::Decide {
            verdict,
            ids,
            edits: Edits {
                note,
                ..Edits::default()
            },
        };
        let task = match self.decision {
            Some(ReviewCommand::Accept { ids, note }) => noted(Verdict::Accept, ids, note),
            Some(ReviewCommand::Reject { ids, note }) => noted(Verdict::Reject, ids, note),
            Some(ReviewCommand::Edit {
                id,
                giver,
                receiver,
                concept,
                polarity,
                note,
            }) => review::Task::Decide {
                verdict: Verdict::Edit,
                ids: vec![id],
                edits: Edits {
                    giver: iri(giver)?,
                    receiver: iri(receiver)?,
                    concept: iri(concept)?,
                    polarity: iri(polarity)?,
                    note,
                },
            },
            Some(ReviewCommand::AcceptEntity {
                ids,
                label,
                class,
                note,
            }) => review::Task::DecideEntities {
                verdict: EntityVerdict::Accept(EntityEdits {
                    label,
                    class: iri(class)?,
                    note,
                }),
                ids,
            },
            Some(ReviewCommand::RejectEntity { ids, note }) => review::Task::DecideEntities {
                verdict: EntityVerdict::Reject { note },
                ids,
            },
            None => match self.from {
                Some(path) => review::Task::Batch(path),
                None if self.prompt => review::Task::Prompt,
                None if !self.list && std::io::IsTerminal::is_terminal(&std::io::stdin()) => {
                    review::Task::Prompt
                }
                None => review::Task::List,
            },
        };
        Ok(review::Options {
            task,
            reviewer: self.reviewer.unwrap_or_default(),
            accept_entities: self.accept_entity,
            sources: self.sources,
            format: if self.json {
                ListFormat::Json
            } else {
                ListFormat::Text
            },
        })
    }
}
