//! The whole command line, defined with clap's derive API. Every flag is documented in
//! this module and its submodules, one a command group; `nkkg help <command>` prints it.
//!
//! This is the only module that knows about flags. Each command's arguments are turned,
//! once, into the plain options of the capability that runs it ([`Command::into_action`]):
//! `query::Options`, `explore::PathOptions`, `server::Options`, ... Values users choose by
//! name (formats, relation kinds) are parsed from the library's own lists of names
//! ([`Named`]), so help, accepted values and aliases are defined in one place.
//!
//! - [`query`]: `query` and `update`;
//! - [`explore`]: `describe`, `path`, `timeline` and `graph`;
//! - [`store`]: `load`, `export` and `validate`;
//! - [`serve`]: `serve`;
//! - [`ingest`] and [`review`]: `ingest` and `review`;
//! - [`remote`]: the global flags of a remote store (`--endpoint`, ...).

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand};

use crate::error::NkkgError;
use crate::explore::{DescribeOptions, GraphOptions, PathOptions, TimelineOptions};
use crate::names::Named;
use crate::query::Input;
use crate::store::Location;

pub mod explore;
pub mod ingest;
pub mod query;
pub mod remote;
pub mod review;
pub mod serve;
pub mod store;
#[cfg(test)]
mod tests;

pub use explore::{DescribeArgs, GraphArgs, PathArgs, TimelineArgs};
pub use ingest::IngestArgs;
pub use query::{QueryArgs, UpdateArgs};
pub use remote::RemoteArgs;
pub use review::{ReviewArgs, ReviewCommand};
pub use serve::ServeArgs;
pub use store::{ExportArgs, LoadArgs, ValidateArgs};

/// A value parser for one of the library's named values: accepts exactly the names and
/// aliases of [`Named::naming`] (case matters, as for clap's own enums) and lists the
/// names with their descriptions in help.
fn named<T: Named + Send + Sync>() -> impl TypedValueParser<Value = T> {
    let values = T::all().iter().map(|value| {
        let naming = value.naming();
        PossibleValue::new(naming.name)
            .aliases(naming.aliases.iter().copied())
            .help(naming.description)
    });
    PossibleValuesParser::new(values).try_map(|name| T::parse_name(&name))
}

/// Text given on the command line, or `-` for standard input.
fn input(text: String) -> Input {
    if text == "-" {
        Input::Stdin
    } else {
        Input::Text(text)
    }
}

/// A file named on the command line, or `-` for standard input.
fn input_file(path: PathBuf) -> Input {
    if path.as_os_str() == "-" {
        Input::Stdin
    } else {
        Input::File(path)
    }
}

/// nkkg — a knowledge graph of the Nagorno-Karabakh conflict.
///
/// Ask who supported whom, with what, when and according to which source; which arms went
/// from whom to whom; what happened where; how two actors are connected. The ontology and
/// the curated data are built in: every command works from any directory with no set-up.
#[derive(Debug, Parser)]
#[command(name = "nkkg", version, about, long_about)]
pub struct Cli {
    /// Work on a persistent (RocksDB) store in DIR instead of the bundled in-memory graph.
    /// A new, empty store is seeded with the bundled graph.
    #[arg(long, global = true, value_name = "DIR", env = "NKKG_STORE", conflicts_with = "endpoint")]
    pub store: Option<PathBuf>,


    /// The flags of a remote store.
    #[command(flatten)]
    pub remote: RemoteArgs,

    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// Which store the command runs on: `--endpoint` (with its credentials read from the
    /// file or the environment), `--store`, or the bundled graph.
    pub fn location(&self) -> Result<Location, NkkgError> {
        self.remote.location(self.store.clone())
    }
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE).
    Query(QueryArgs),
    /// Run a SPARQL 1.1 Update against a --store.
    Update(UpdateArgs),
    /// Bulk-load RDF files into a --store, all or nothing.
    Load(LoadArgs),
    /// Write the whole graph, or one named graph, in an RDF format.
    Export(ExportArgs),
    /// Count triples per named graph, instances per class and relations per type.
    Stats,
    /// Check the data against the SHACL shapes in ontology/shapes.ttl.
    Validate(ValidateArgs),
    /// List the named queries with their descriptions.
    Queries,
    /// Everything about one entity: names, support, supplies, events, figures, relations.
    Describe(DescribeArgs),
    /// The shortest relationship paths between two entities, with evidence for each hop.
    Path(PathArgs),
    /// Events in date order, at their real date precision.
    Timeline(TimelineArgs),
    /// The actor network as DOT, GraphML, GEXF, CSV, JSON or an SVG picture.
    Graph(GraphArgs),
    /// Serve the SPARQL 1.1 Protocol endpoint, linked-data pages and the web UI.
    Serve(ServeArgs),
    /// Model documents as RDF (structure, mentions, dates) and extract candidate support
    /// and supply relations; --evaluate scores them against the curated relations.
    Ingest(IngestArgs),
    /// Review the candidates of `ingest --store`: list the pending ones, accept, edit or
    /// reject them; accepted ones become facts of the reviewed graph (nkg:reviewed).
    Review(ReviewArgs),
}

/// A command with its options built: what `main` runs.
#[derive(Debug)]
pub enum Action {
    /// `nkkg query`.
    Query(crate::query::Options),
    /// `nkkg update`.
    Update(crate::update::Options),
    /// `nkkg load`.
    Load(crate::load::Options),
    /// `nkkg export`.
    Export(crate::export::Options),
    /// `nkkg stats`.
    Stats,
    /// `nkkg validate`.
    Validate(crate::validate::Options),
    /// `nkkg queries`.
    Queries,
    /// `nkkg describe`.
    Describe(DescribeOptions),
    /// `nkkg path`.
    Path(PathOptions),
    /// `nkkg timeline`.
    Timeline(TimelineOptions),
    /// `nkkg graph`.
    Graph(GraphOptions),
    /// `nkkg serve`.
    Serve(crate::server::Options),
    /// `nkkg ingest`.
    Ingest(crate::ingest::Task),
    /// `nkkg review`.
    Review(crate::review::command::Options),
}

impl Command {
    /// Turns the parsed arguments into the options of the capability that runs the
    /// command. Fails on values clap cannot check alone (`--param`, `--graph` IRIs).
    pub fn into_action(self) -> Result<Action, NkkgError> {
        Ok(match self {
            Self::Query(args) => Action::Query(args.into_options()?),
            Self::Update(args) => Action::Update(args.into_options()),
            Self::Load(args) => Action::Load(args.into_options()?),
            Self::Export(args) => Action::Export(args.into_options()),
            Self::Stats => Action::Stats,
            Self::Validate(args) => Action::Validate(args.into_options()),
            Self::Queries => Action::Queries,
            Self::Describe(args) => Action::Describe(args.into_options()),
            Self::Path(args) => Action::Path(args.into_options()),
            Self::Timeline(args) => Action::Timeline(args.into_options()),
            Self::Graph(args) => Action::Graph(args.into_options()),
            Self::Serve(args) => Action::Serve(args.into_options()),
            Self::Ingest(args) => Action::Ingest(args.into_task()?),
            Self::Review(args) => Action::Review(args.into_options()?),
        })
    }
}
