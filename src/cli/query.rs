//! The flags of `query` and `update` and the `query`/`update` options they become: where
//! the SPARQL text comes from, the `--param` bindings, the output format and the timeout.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::{input, input_file, named};
use crate::error::NkkgError;
use crate::formats::OutputFormat;
use crate::query::{self, Input, QuerySource};
use crate::update;

/// Arguments of `nkkg query`.
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The query text (`-` for standard input). Read from standard input when neither this,
    /// --file nor --name is given. The project's prefixes (nk:, nke:, nkv:, rdfs:, skos:, ...)
    /// are pre-declared.
    #[arg(value_name = "SPARQL", conflicts_with_all = ["file", "name"])]
    pub query: Option<String>,

    /// Read the query from FILE (`-` for standard input).
    #[arg(short = 'f', long, value_name = "FILE", conflicts_with = "name")]
    pub file: Option<PathBuf>,

    /// Run the named query NAME (see `nkkg queries`).
    #[arg(short = 'n', long, value_name = "NAME")]
    pub name: Option<String>,

    /// Bind a variable before evaluation: `name=value`, where value is an IRI in <...>, a
    /// prefixed name such as nke:Turkey, a literal in N-Triples syntax ("x"@en), a number,
    /// true/false, or otherwise a plain string. Repeatable.
    #[arg(short = 'p', long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,

    /// Output format: table (default on a terminal), json (default otherwise), xml, csv or
    /// tsv for SELECT/ASK; turtle (default), ntriples, nquads, trig, rdfxml or jsonld for
    /// CONSTRUCT/DESCRIBE.
    #[arg(long, value_name = "FORMAT", value_parser = named::<OutputFormat>())]
    pub format: Option<OutputFormat>,

    /// Stop the query after SECS seconds.
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<u64>,
}

/// Arguments of `nkkg update`.
#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The update text (`-` for standard input); read from standard input when neither this
    /// nor --file is given.
    #[arg(value_name = "SPARQL", conflicts_with = "file")]
    pub update: Option<String>,

    /// Read the update from FILE (`-` for standard input).
    #[arg(short = 'f', long, value_name = "FILE")]
    pub file: Option<PathBuf>,
}

impl QueryArgs {
    /// The query's source (`-` is standard input), its bindings and its output.
    pub fn into_options(self) -> Result<query::Options, NkkgError> {
        let query = match (self.query, self.file, self.name) {
            (Some(text), _, _) => QuerySource::Input(input(text)),
            (None, Some(path), _) => QuerySource::Input(input_file(path)),
            (None, None, Some(name)) => QuerySource::Named(name),
            (None, None, None) => QuerySource::Input(Input::Stdin),
        };
        Ok(query::Options {
            query,
            bindings: self
                .params
                .iter()
                .map(|p| query::parse_param(p))
                .collect::<Result<_, _>>()?,
            format: self.format,
            timeout: self.timeout.map(Duration::from_secs),
        })
    }
}

impl UpdateArgs {
    /// The update's source: the text, `--file`, or standard input.
    pub fn into_options(self) -> update::Options {
        update::Options {
            update: match (self.update, self.file) {
                (Some(text), _) => input(text),
                (None, Some(path)) => input_file(path),
                (None, None) => Input::Stdin,
            },
        }
    }
}
