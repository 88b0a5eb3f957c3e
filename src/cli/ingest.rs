//! The flags of `ingest` and the task they become: ingestion, `--evaluate` or `--explain`.

use std::path::PathBuf;

use clap::Args;

use crate::error::NkkgError;
use crate::ingest::{self, evaluate};

/// What `nkkg ingest` writes, shown under its help.
const INGEST_HELP: &str = "Each document goes into its own named graph (nkg:ingest/doc-<hash>): the document (title, kind, SHA-256), its sections, paragraphs and sentences with their spans (oa:TextPositionSelector; oa:start/oa:end count code points of the file, end exclusive), its entity mentions and dates. Candidate relations, each with its rule, confidence and sentence span, go into nkg:ingest/candidates. With --store DIR the graphs are added to that store; TriG is written to -o FILE, or to standard output when neither -o nor --store is given. Throughput is reported on standard error.";

/// Arguments of `nkkg ingest`.
#[derive(Debug, Args)]
#[command(after_help = INGEST_HELP)]
#[command(group(clap::ArgGroup::new("evaluation").multiple(true).args(["seeds", "challenge"])))]
pub struct IngestArgs {
    /// UTF-8 text documents to ingest.
    #[arg(value_name = "FILES", required_unless_present = "evaluate")]
    pub files: Vec<PathBuf>,

    /// Write the TriG to FILE (`-` for standard output).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Run the pipeline over the corpus documents in --seeds DIR and score the candidates
    /// against the curated Support and Supply relations of the same document, and/or over
    /// the challenge set of --challenge PATH.
    #[arg(long, conflicts_with = "output", requires = "evaluation")]
    pub evaluate: bool,

    /// With --evaluate: the folder of the corpus documents.
    #[arg(long, value_name = "DIR", requires = "evaluate")]
    pub seeds: Option<PathBuf>,

    /// With --evaluate --seeds: also score each corpus document with the rules and lexicon
    /// entries motivated by that document disabled, side by side with the in-sample scores.
    #[arg(long, requires = "seeds")]
    pub leave_one_out: bool,

    /// With --evaluate: score the challenge set at PATH, a file or a folder holding
    /// tuning.txt, tuning2.txt, heldout.txt and heldout2.txt (each scored on its own line); see
    /// tests/ingest/challenge/README.md.
    #[arg(long, value_name = "PATH", requires = "evaluate")]
    pub challenge: Option<PathBuf>,

    /// Print, for each sentence of FILES that contains TEXT (any case), the tokens the rules
    /// read (parties in [brackets], other known entities in <angle brackets>, pronouns as
    /// the party they stand for) and the candidates found, with rule and confidence; writes
    /// no TriG. For writing and checking rules.
    #[arg(long, value_name = "TEXT", conflicts_with_all = ["evaluate", "output"])]
    pub explain: Option<String>,

    /// With --evaluate: also write the JSON report to FILE (`-` for standard output, the
    /// table then goes to standard error). Without it no JSON is written.
    #[arg(long, value_name = "FILE", requires = "evaluate")]
    pub json: Option<PathBuf>,
}

impl IngestArgs {
    /// Evaluation, explanation or ingestion, in that order of precedence.
    pub fn into_task(self) -> Result<ingest::Task, NkkgError> {
        if self.evaluate {
            if self.seeds.is_none() && self.challenge.is_none() {
                return Err(NkkgError::Usage(
                    "--evaluate needs --seeds DIR, the folder of the corpus documents, or --challenge PATH".to_owned(),
                ));
            }
            return Ok(ingest::Task::Evaluate(evaluate::Options {
                seeds: self.seeds,
                leave_one_out: self.leave_one_out,
                challenge: self.challenge,
                json: self.json,
            }));
        }
        if let Some(text) = self.explain {
            return Ok(ingest::Task::Explain {
                files: self.files,
                text,
            });
        }
        Ok(ingest::Task::Ingest(ingest::Options {
            files: self.files,
            output: self.output,
        }))
    }
}
