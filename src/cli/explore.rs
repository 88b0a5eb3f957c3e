//! The flags of the exploration commands (`describe`, `path`, `timeline`, `graph`) and the
//! `explore` options they become. What the commands print is `crate::explore`'s.

use std::path::PathBuf;

use clap::Args;

use super::named;
use crate::explore::network::{EdgeKind, NetworkFilter, NetworkFormat};
use crate::explore::path::{Via, DEFAULT_VIA};
use crate::explore::{DescribeOptions, ExploreFormat, GraphOptions, PathOptions, TimelineOptions};
use crate::names::Named;

/// Arguments of `nkkg describe`.
#[derive(Debug, Args)]
pub struct DescribeArgs {
    /// An IRI, a prefixed name (nke:Turkey) or a label or other name (case-insensitive).
    #[arg(value_name = "ENTITY")]
    pub entity: String,

    /// Output format.
    #[arg(long, value_name = "FORMAT", default_value = ExploreFormat::default().name(), value_parser = named::<ExploreFormat>())]
    pub format: ExploreFormat,

    /// Folder holding the source documents (e.g. ../shared/seeds): each evidence span is
    /// quoted from its document, in text and JSON.
    #[arg(long, value_name = "DIR")]
    pub sources: Option<PathBuf>,
}

/// Arguments of `nkkg path`.
#[derive(Debug, Args)]
pub struct PathArgs {
    /// Where the path starts (IRI, prefixed name or name).
    #[arg(value_name = "A")]
    pub from: String,

    /// Where the path ends (IRI, prefixed name or name).
    #[arg(value_name = "B")]
    pub to: String,

    /// Longest path to look for, in hops.
    #[arg(long, value_name = "N", default_value_t = PathOptions::default().max_length)]
    pub max_length: usize,

    /// Relations a path may follow, comma-separated [default: support,supply,participation,membership].
    #[arg(long, value_name = "KINDS", value_delimiter = ',', value_parser = named::<Via>())]
    pub via: Vec<Via>,

    /// How many shortest paths to show at most.
    #[arg(long, value_name = "N", default_value_t = PathOptions::default().limit)]
    pub limit: usize,

    /// Output format (text or json).
    #[arg(long, value_name = "FORMAT", default_value = ExploreFormat::default().name(), value_parser = named::<ExploreFormat>())]
    pub format: ExploreFormat,
}

/// Arguments of `nkkg timeline`.
#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// Only events this actor took part in.
    #[arg(long, value_name = "ACTOR")]
    pub actor: Option<String>,

    /// Only events at this place or a place within it.
    #[arg(long, value_name = "PLACE")]
    pub place: Option<String>,

    /// Only events that reach this year or later.
    #[arg(long, value_name = "YEAR")]
    pub from: Option<i32>,

    /// Only events that start this year or earlier.
    #[arg(long, value_name = "YEAR")]
    pub to: Option<i32>,

    /// Output format (text or json).
    #[arg(long, value_name = "FORMAT", default_value = ExploreFormat::default().name(), value_parser = named::<ExploreFormat>())]
    pub format: ExploreFormat,
}

/// Arguments of `nkkg graph`.
#[derive(Debug, Args)]
pub struct GraphArgs {
    /// Which relations become edges.
    #[arg(long, value_name = "KIND", default_value = EdgeKind::default().name(), value_parser = named::<EdgeKind>())]
    pub kind: EdgeKind,

    /// Only relations that reach this year or later (undated relations are left out).
    #[arg(long, value_name = "YEAR")]
    pub from: Option<i32>,

    /// Only relations that start this year or earlier (undated relations are left out).
    #[arg(long, value_name = "YEAR")]
    pub to: Option<i32>,

    /// Output format.
    #[arg(long, value_name = "FORMAT", default_value = NetworkFormat::default().name(), value_parser = named::<NetworkFormat>())]
    pub format: NetworkFormat,

    /// Write to FILE instead of standard output (`-` is standard output).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

impl DescribeArgs {
    /// The options of `explore::run_describe`.
    pub fn into_options(self) -> DescribeOptions {
        DescribeOptions {
            entity: self.entity,
            format: self.format,
            sources: self.sources,
        }
    }
}

impl PathArgs {
    /// The options of `explore::run_path`; no `--via` means the default relations.
    pub fn into_options(self) -> PathOptions {
        PathOptions {
            from: self.from,
            to: self.to,
            max_length: self.max_length,
            via: if self.via.is_empty() {
                DEFAULT_VIA.to_vec()
            } else {
                self.via
            },
            limit: self.limit,
            format: self.format,
        }
    }
}

impl TimelineArgs {
    /// The options of `explore::run_timeline`.
    pub fn into_options(self) -> TimelineOptions {
        TimelineOptions {
            actor: self.actor,
            place: self.place,
            from: self.from,
            to: self.to,
            format: self.format,
        }
    }
}

impl GraphArgs {
    /// The options of `explore::run_graph`.
    pub fn into_options(self) -> GraphOptions {
        GraphOptions {
            filter: NetworkFilter {
                kind: self.kind,
                from: self.from,
                to: self.to,
            },
            format: self.format,
            output: self.output,
        }
    }
}
