//! The flags of the commands that move whole graphs in and out of a store (`load`,
//! `export`, `validate`) and the options they become.

use std::path::PathBuf;

use clap::Args;
use oxigraph::model::NamedNode;

use super::named;
use crate::error::NkkgError;
use crate::formats::GraphFormat;
use crate::names::Named;
use crate::{export, load, validate};

/// Arguments of `nkkg load`.
#[derive(Debug, Args)]
pub struct LoadArgs {
    /// Files to load (`-` for standard input). Turtle, TriG, N-Triples, N-Quads, RDF/XML
    /// and JSON-LD, recognised by extension unless --format is given.
    #[arg(required = true, value_name = "FILES")]
    pub files: Vec<PathBuf>,

    /// Format of every file (required for standard input).
    #[arg(long, value_name = "FORMAT", value_parser = named::<GraphFormat>())]
    pub format: Option<GraphFormat>,

    /// Load triples into this named graph instead of the default graph.
    #[arg(long, value_name = "IRI")]
    pub graph: Option<String>,
}

/// Arguments of `nkkg export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output format. Turtle is written with the project's prefixes in a stable order.
    #[arg(long, value_name = "FORMAT", default_value = export::Options::default().format.name(), value_parser = named::<GraphFormat>())]
    pub format: GraphFormat,

    /// Export only this named graph (an IRI, or a bundled path such as data/actors.ttl).
    #[arg(long, value_name = "IRI")]
    pub graph: Option<String>,

    /// Write to FILE instead of standard output (`-` is standard output).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Arguments of `nkkg validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Extra RDF files to validate together with the bundled data.
    #[arg(value_name = "FILES")]
    pub files: Vec<PathBuf>,

    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

impl LoadArgs {
    /// The options of `load::run`. Fails when `--graph` is not an IRI.
    pub fn into_options(self) -> Result<load::Options, NkkgError> {
        Ok(load::Options {
            graph: self
                .graph
                .map(|g| {
                    NamedNode::new(&g).map_err(|e| {
                        NkkgError::Usage(format!("--graph {g} is not an IRI: {e}"))
                    })
                })
                .transpose()?,
            files: self.files,
            format: self.format,
        })
    }
}

impl ExportArgs {
    /// The options of `export::run`.
    pub fn into_options(self) -> export::Options {
        export::Options {
            format: self.format,
            graph: self.graph,
            output: self.output,
        }
    }
}

impl ValidateArgs {
    /// The options of `validate::run`.
    pub fn into_options(self) -> validate::Options {
        validate::Options {
            files: self.files,
            json: self.json,
        }
    }
}
