//! The whole command line, defined in one place with clap's derive API. Every flag is
//! documented here; `nkkg help <command>` prints it.
//!
//! This is the only module that knows about flags. Each command's arguments are turned,
//! once, into the plain options of the capability that runs it ([`Command::into_action`]):
//! `query::Options`, `explore::PathOptions`, `server::Options`, ... Values users choose by
//! name (formats, relation kinds) are parsed from the library's own lists of names
//! ([`Named`]), so help, accepted values and aliases are defined in one place.

use std::path::PathBuf;
use std::time::Duration;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};
use oxigraph::model::NamedNode;

use crate::error::NkkgError;
use crate::explore::network::{EdgeKind, NetworkFilter, NetworkFormat};
use crate::explore::path::{Via, DEFAULT_VIA};
use crate::explore::{DescribeOptions, ExploreFormat, GraphOptions, PathOptions, TimelineOptions};
use crate::formats::{GraphFormat, OutputFormat};
use crate::ingest::{self, evaluate};
use crate::names::Named;
use crate::query::{self, Input, QuerySource};
use crate::review::command::{self as review, ListFormat};
use crate::remote::{Credentials, EndpointOptions};
use crate::review::{parse_id, Edits, Verdict};
use crate::review::entities::EntityVerdict;
use crate::review::proposed::EntityEdits;
use crate::store::Location;
use crate::{export, load, server, update, validate};

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

    /// Work on a remote store through its SPARQL 1.1 Protocol query endpoint URL (Virtuoso,
    /// Fuseki, QLever, Neptune, ...) instead of an embedded one. Its default graph must be
    /// the union of its named graphs; it is not seeded with the bundled graph (load an
    /// export of it). Excludes --store.
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint: Option<String>,

    /// The SPARQL 1.1 Update endpoint of the remote store [default: the --endpoint URL].
    #[arg(long, global = true, value_name = "URL", requires = "endpoint")]
    pub update_endpoint: Option<String>,

    /// A SPARQL 1.1 Graph Store Protocol endpoint of the remote store: `load` and `ingest`
    /// then POST N-Triples to URL?graph=IRI instead of sending INSERT DATA updates.
    #[arg(long, global = true, value_name = "URL", requires = "endpoint")]
    pub graph_store: Option<String>,

    /// File whose first line is `user:password`, sent to the remote store with HTTP Basic
    /// authentication (Digest is not supported). Without it, NKKG_ENDPOINT_USER and
    /// NKKG_ENDPOINT_PASSWORD are used when set.
    #[arg(long, global = true, value_name = "FILE", requires = "endpoint")]
    pub credentials: Option<PathBuf>,

    /// Wait at most SECS seconds for each read of the remote store's answer (connecting
    /// waits at most 10 s).
    #[arg(long, global = true, value_name = "SECS", default_value_t = 300, requires = "endpoint")]
    pub endpoint_timeout: u64,

    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// Which store the command runs on: `--endpoint` (with its credentials read from the
    /// file or the environment), `--store`, or the bundled graph.
    pub fn location(&self) -> Result<Location, NkkgError> {
        let Some(url) = &self.endpoint else {
            return Ok(self.store.clone().map_or(Location::Bundled, Location::Directory));
        };
        let credentials = match &self.credentials {
            Some(path) => Some(Credentials::from_file(path)?),
            None => match (std::env::var("NKKG_ENDPOINT_USER"), std::env::var("NKKG_ENDPOINT_PASSWORD")) {
                (Ok(user), Ok(password)) => Some(Credentials { user, password }),
                (Ok(_), Err(_)) | (Err(_), Ok(_)) => {
                    return Err(NkkgError::Usage(
                        "set both NKKG_ENDPOINT_USER and NKKG_ENDPOINT_PASSWORD, or pass --credentials FILE".into(),
                    ))
                }
                (Err(_), Err(_)) => None,
            },
        };
        Ok(Location::Endpoint(EndpointOptions {
            update: self.update_endpoint.clone(),
            graph_store: self.graph_store.clone(),
            credentials,
            read_timeout: Duration::from_secs(self.endpoint_timeout.max(1)),
            ..EndpointOptions::new(url.clone())
        }))
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

/// Arguments of `nkkg serve`.
#[derive(Debug, Args, Clone)]
pub struct ServeArgs {
    /// Address and port to listen on (port 0 picks a free port; the address is printed).
    #[arg(long, value_name = "ADDR", default_value_t = server::Options::default().bind)]
    pub bind: std::net::SocketAddr,

    /// The IRI prefix served under `/`: an entity `<BASE>id/Turkey` is at `/id/Turkey`.
    #[arg(long, value_name = "IRI", default_value_t = server::Options::default().base)]
    pub base: String,

    /// Folder holding the source documents, to show the text of evidence spans on pages.
    #[arg(long, value_name = "DIR")]
    pub sources: Option<PathBuf>,

    /// Stop a query after SECS seconds (503).
    #[arg(long, value_name = "SECS", default_value_t = server::Options::default().timeout)]
    pub timeout: u64,

    /// Queries evaluated at once (0: four per core); others wait their turn.
    #[arg(long, value_name = "N", default_value_t = server::Options::default().max_concurrent)]
    pub max_concurrent: usize,

    /// Queries admitted at once, running or waiting; beyond this requests get 503 at once.
    #[arg(long, value_name = "N", default_value_t = server::Options::default().max_queued)]
    pub max_queued: usize,

    /// Largest request body accepted, in bytes (413 beyond).
    #[arg(long, value_name = "BYTES", default_value_t = server::Options::default().max_body)]
    pub max_body: usize,

    /// Connections open at once; further ones wait until one closes.
    #[arg(long, value_name = "N", default_value_t = server::Options::default().max_connections)]
    pub max_connections: usize,

    /// Close a connection whose request head (request line and headers) has not arrived
    /// within SECS seconds, or that stays idle between requests as long.
    #[arg(long, value_name = "SECS", default_value_t = server::Options::default().header_timeout)]
    pub header_timeout: u64,

    /// Enable SPARQL 1.1 Update at /update (needs --store and --token-file).
    #[arg(long, requires = "token_file")]
    pub allow_update: bool,

    /// File holding the bearer token that /update requests must present.
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
}

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
    /// tuning.txt, heldout.txt and heldout2.txt (each scored on its own line); see
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
    fn into_options(self) -> Result<review::Options, NkkgError> {
        let iri = |text: Option<String>| {
            text.map(|t| parse_id(&t).map_err(|e| NkkgError::Usage(e.to_string())))
                .transpose()
        };
        let task = match self.decision {
            Some(ReviewCommand::Accept { ids, note }) => review::Task::Decide {
                verdict: Verdict::Accept,
                ids,
                edits: Edits {
                    note,
                    ..Edits::default()
                },
            },
            Some(ReviewCommand::Reject { ids, note }) => review::Task::Decide {
                verdict: Verdict::Reject,
                ids,
                edits: Edits {
                    note,
                    ..Edits::default()
                },
            },
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

/// A command with its options built: what `main` runs.
#[derive(Debug)]
pub enum Action {
    /// `nkkg query`.
    Query(query::Options),
    /// `nkkg update`.
    Update(update::Options),
    /// `nkkg load`.
    Load(load::Options),
    /// `nkkg export`.
    Export(export::Options),
    /// `nkkg stats`.
    Stats,
    /// `nkkg validate`.
    Validate(validate::Options),
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
    Serve(server::Options),
    /// `nkkg ingest`.
    Ingest(ingest::Task),
    /// `nkkg review`.
    Review(review::Options),
}

impl Command {
    /// Turns the parsed arguments into the options of the capability that runs the
    /// command. Fails on values clap cannot check alone (`--param`, `--graph` IRIs).
    pub fn into_action(self) -> Result<Action, NkkgError> {
        Ok(match self {
            Self::Query(args) => Action::Query(args.into_options()?),
            Self::Update(args) => Action::Update(update::Options {
                update: match (args.update, args.file) {
                    (Some(text), _) => input(text),
                    (None, Some(path)) => input_file(path),
                    (None, None) => Input::Stdin,
                },
            }),
            Self::Load(args) => Action::Load(load::Options {
                graph: args
                    .graph
                    .map(|g| {
                        NamedNode::new(&g).map_err(|e| {
                            NkkgError::Usage(format!("--graph {g} is not an IRI: {e}"))
                        })
                    })
                    .transpose()?,
                files: args.files,
                format: args.format,
            }),
            Self::Export(args) => Action::Export(export::Options {
                format: args.format,
                graph: args.graph,
                output: args.output,
            }),
            Self::Stats => Action::Stats,
            Self::Validate(args) => Action::Validate(validate::Options {
                files: args.files,
                json: args.json,
            }),
            Self::Queries => Action::Queries,
            Self::Describe(args) => Action::Describe(DescribeOptions {
                entity: args.entity,
                format: args.format,
                sources: args.sources,
            }),
            Self::Path(args) => Action::Path(PathOptions {
                from: args.from,
                to: args.to,
                max_length: args.max_length,
                via: if args.via.is_empty() {
                    DEFAULT_VIA.to_vec()
                } else {
                    args.via
                },
                limit: args.limit,
                format: args.format,
            }),
            Self::Timeline(args) => Action::Timeline(TimelineOptions {
                actor: args.actor,
                place: args.place,
                from: args.from,
                to: args.to,
                format: args.format,
            }),
            Self::Graph(args) => Action::Graph(GraphOptions {
                filter: NetworkFilter {
                    kind: args.kind,
                    from: args.from,
                    to: args.to,
                },
                format: args.format,
                output: args.output,
            }),
            Self::Serve(args) => Action::Serve(server::Options {
                bind: args.bind,
                base: args.base,
                sources: args.sources,
                timeout: args.timeout,
                max_concurrent: args.max_concurrent,
                max_queued: args.max_queued,
                max_body: args.max_body,
                max_connections: args.max_connections,
                header_timeout: args.header_timeout,
                allow_update: args.allow_update,
                token_file: args.token_file,
            }),
            Self::Ingest(args) => Action::Ingest(args.into_task()?),
            Self::Review(args) => Action::Review(args.into_options()?),
        })
    }
}

impl QueryArgs {
    /// The query's source (`-` is standard input), its bindings and its output.
    fn into_options(self) -> Result<query::Options, NkkgError> {
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

impl IngestArgs {
    /// Evaluation, explanation or ingestion, in that order of precedence.
    fn into_task(self) -> Result<ingest::Task, NkkgError> {
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

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;
    use crate::formats::ResultsFormat;

    /// Parses `args` and builds the action; `Err` holds clap's or the conversion's message.
    fn action(args: &[&str]) -> Result<Action, String> {
        let cli = Cli::try_parse_from([&["nkkg"], args].concat()).map_err(|e| e.to_string())?;
        cli.command.into_action().map_err(|e| e.to_string())
    }

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn formats_are_parsed_by_name_and_alias_into_library_values() {
        assert!(
            matches!(action(&["export"]), Ok(Action::Export(o)) if o.format == GraphFormat::Turtle)
        );
        assert!(
            matches!(action(&["export", "--format", "nt"]), Ok(Action::Export(o)) if o.format == GraphFormat::NTriples)
        );
        assert!(
            matches!(action(&["query", "--format", "xml", "ASK {}"]), Ok(Action::Query(o))
            if o.format == Some(OutputFormat::Results(ResultsFormat::Xml)) && o.query == QuerySource::Input(Input::Text("ASK {}".into())))
        );
        assert!(
            matches!(action(&["query", "--format", "rdfxml", "-"]), Ok(Action::Query(o))
            if o.format == Some(OutputFormat::Graph(GraphFormat::RdfXml)) && o.query == QuerySource::Input(Input::Stdin))
        );
        assert!(
            matches!(action(&["update", "-f", "-"]), Ok(Action::Update(o)) if o.update == Input::Stdin)
        );
        assert!(
            action(&["export", "--format", "Turtle"]).is_err(),
            "names are case-sensitive"
        );
        assert!(
            action(&["export", "--format", "ttl"]).is_err(),
            "extensions are not names"
        );
    }

    #[test]
    fn explore_options_get_their_defaults_and_lists() {
        assert!(matches!(action(&["path", "a", "b"]), Ok(Action::Path(o))
            if o.via == DEFAULT_VIA && (o.max_length, o.limit, o.format) == (4, 5, ExploreFormat::Text)));
        assert!(
            matches!(action(&["path", "a", "b", "--via", "place,support", "--format", "json"]), Ok(Action::Path(o))
            if o.via == [Via::Place, Via::Support] && o.format == ExploreFormat::Json)
        );
        assert!(
            matches!(action(&["graph", "--kind", "supply", "--format", "svg", "--from", "1992"]), Ok(Action::Graph(o))
            if (o.filter.kind, o.filter.from, o.filter.to, o.format) == (EdgeKind::Supply, Some(1992), None, NetworkFormat::Svg))
        );
    }

    #[test]
    fn ingest_evaluate_needs_seeds_and_writes_json_only_when_asked() {
        let error = action(&["ingest", "--evaluate"]).unwrap_err();
        assert!(
            error.contains("required arguments were not provided")
                && error.contains("--seeds <DIR>"),
            "{error}"
        );
        assert!(
            matches!(action(&["ingest", "--evaluate", "--seeds", "corpus"]), Ok(Action::Ingest(ingest::Task::Evaluate(o)))
            if o.seeds == Some(PathBuf::from("corpus")) && o.json.is_none() && !o.leave_one_out)
        );
        assert!(
            matches!(action(&["ingest", "a.txt", "--explain", "sold"]), Ok(Action::Ingest(ingest::Task::Explain { files, text }))
            if files == [PathBuf::from("a.txt")] && text == "sold")
        );
    }

    #[test]
    fn review_decisions_take_ids_and_edits_as_iris() {
        assert!(
            matches!(action(&["review", "accept", "a", "b", "--reviewer", "ana"]), Ok(Action::Review(o))
            if o.task == review::Task::Decide { verdict: Verdict::Accept, ids: vec!["a".into(), "b".into()], edits: Edits::default() }
                && o.reviewer == "ana")
        );
        let Ok(Action::Review(o)) = action(&[
            "review",
            "edit",
            "c",
            "--type",
            "nkv:Drones",
            "--note",
            "n",
            "--accept-entity",
        ]) else {
            panic!("edit parses")
        };
        let review::Task::Decide {
            verdict: Verdict::Edit,
            edits,
            ..
        } = &o.task
        else {
            panic!("{:?}", o.task)
        };
        assert_eq!(
            edits.concept.as_ref().map(|c| c.as_str()),
            Some("https://w3id.org/nkkg/vocab/Drones")
        );
        assert_eq!(edits.note.as_deref(), Some("n"));
        assert!(o.accept_entities);
        assert!(
            matches!(action(&["review", "--from", "b.txt"]), Ok(Action::Review(o)) if o.task == review::Task::Batch(PathBuf::from("b.txt")))
        );
        assert!(
            matches!(action(&["review", "--list", "--json"]), Ok(Action::Review(o)) if o.task == review::Task::List && o.format == ListFormat::Json)
        );
        let error = action(&["review", "edit", "c", "--giver", "no such:prefix"]).unwrap_err();
        assert!(error.contains("is not an IRI"), "{error}");
    }

    #[test]
    fn serve_defaults_are_the_library_defaults() {
        let defaults = server::Options::default();
        assert!(matches!(action(&["serve"]), Ok(Action::Serve(o))
            if (o.bind, &o.base, o.timeout, o.max_concurrent, o.max_queued, o.max_body, o.max_connections, o.header_timeout)
                == (defaults.bind, &defaults.base, defaults.timeout, 0, 256, 1 << 20, 512, 10)));
    }

    #[test]
    fn values_clap_cannot_check_are_refused_with_the_flag_named() {
        let error = action(&["load", "a.ttl", "--graph", "not an iri"]).unwrap_err();
        assert!(
            error.starts_with("--graph not an iri is not an IRI"),
            "{error}"
        );
        let error = action(&["query", "-p", "novalue", "ASK {}"]).unwrap_err();
        assert!(error.contains("is not of the form name=value"), "{error}");
    }
}
