//! The whole command line, defined in one place with clap's derive API. Every flag is
//! documented here; `nkkg help <command>` prints it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::formats::{GraphFormat, OutputFormat};

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
    #[arg(long, global = true, value_name = "DIR", env = "NKKG_STORE")]
    pub store: Option<PathBuf>,

    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
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
}

/// Arguments of `nkkg serve`.
#[derive(Debug, Args, Clone)]
pub struct ServeArgs {
    /// Address and port to listen on (port 0 picks a free port; the address is printed).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:7878")]
    pub bind: std::net::SocketAddr,

    /// The IRI prefix served under `/`: an entity `<BASE>id/Turkey` is at `/id/Turkey`.
    #[arg(long, value_name = "IRI", default_value = "https://w3id.org/nkkg/")]
    pub base: String,

    /// Folder holding the source documents, to show the text of evidence spans on pages.
    #[arg(long, value_name = "DIR")]
    pub sources: Option<PathBuf>,

    /// Stop a query after SECS seconds (503).
    #[arg(long, value_name = "SECS", default_value_t = 10)]
    pub timeout: u64,

    /// Queries evaluated at once (0: four per core); others wait their turn.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub max_concurrent: usize,

    /// Queries admitted at once, running or waiting; beyond this requests get 503 at once.
    #[arg(long, value_name = "N", default_value_t = 256)]
    pub max_queued: usize,

    /// Largest request body accepted, in bytes (413 beyond).
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 20)]
    pub max_body: usize,

    /// Enable SPARQL 1.1 Update at /update (needs --store and --token-file).
    #[arg(long, requires = "token_file")]
    pub allow_update: bool,

    /// File holding the bearer token that /update requests must present.
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
}

/// How `describe` and `path` print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum ExploreFormat {
    /// Readable text.
    #[default]
    Text,
    /// JSON.
    Json,
    /// Turtle (describe only): the concise bounded description.
    Turtle,
}

/// Arguments of `nkkg describe`.
#[derive(Debug, Args)]
pub struct DescribeArgs {
    /// An IRI, a prefixed name (nke:Turkey) or a label or other name (case-insensitive).
    #[arg(value_name = "ENTITY")]
    pub entity: String,

    /// Output format.
    #[arg(long, value_name = "FORMAT", default_value = "text")]
    pub format: ExploreFormat,
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
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub max_length: usize,

    /// Relations a path may follow, comma-separated [default: support,supply,participation,membership].
    #[arg(long, value_name = "KINDS", value_delimiter = ',')]
    pub via: Vec<crate::explore::path::Via>,

    /// How many shortest paths to show at most.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub limit: usize,

    /// Output format (text or json).
    #[arg(long, value_name = "FORMAT", default_value = "text")]
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
    #[arg(long, value_name = "FORMAT", default_value = "text")]
    pub format: ExploreFormat,
}

/// Arguments of `nkkg graph`.
#[derive(Debug, Args)]
pub struct GraphArgs {
    /// Which relations become edges.
    #[arg(long, value_name = "KIND", default_value = "all")]
    pub kind: crate::explore::network::EdgeKind,

    /// Only relations that reach this year or later (undated relations are left out).
    #[arg(long, value_name = "YEAR")]
    pub from: Option<i32>,

    /// Only relations that start this year or earlier (undated relations are left out).
    #[arg(long, value_name = "YEAR")]
    pub to: Option<i32>,

    /// Output format.
    #[arg(long, value_name = "FORMAT", default_value = "dot")]
    pub format: crate::explore::network::NetworkFormat,

    /// Write to FILE instead of standard output.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Arguments of `nkkg query`.
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// The query text. Read from standard input when neither this, --file nor --name is given.
    /// The project's prefixes (nk:, nke:, nkv:, rdfs:, skos:, ...) are pre-declared.
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
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<OutputFormat>,

    /// Stop the query after SECS seconds.
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<u64>,
}

/// Arguments of `nkkg update`.
#[derive(Debug, Args)]
pub struct UpdateArgs {
    /// The update text; read from standard input when neither this nor --file is given.
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
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<GraphFormat>,

    /// Load triples into this named graph instead of the default graph.
    #[arg(long, value_name = "IRI")]
    pub graph: Option<String>,
}

/// Arguments of `nkkg export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output format. Turtle is written with the project's prefixes in a stable order.
    #[arg(long, value_name = "FORMAT", default_value = "turtle")]
    pub format: GraphFormat,

    /// Export only this named graph (an IRI, or a bundled path such as data/actors.ttl).
    #[arg(long, value_name = "IRI")]
    pub graph: Option<String>,

    /// Write to FILE instead of standard output.
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
pub struct IngestArgs {
    /// UTF-8 text documents to ingest.
    #[arg(value_name = "FILES", required_unless_present = "evaluate")]
    pub files: Vec<PathBuf>,

    /// Write the TriG to FILE (`-` for standard output).
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Run the pipeline over the corpus documents (--seeds) and score the candidates
    /// against the curated Support and Supply relations of the same document.
    #[arg(long, conflicts_with = "output")]
    pub evaluate: bool,

    /// With --evaluate: the folder of the corpus documents, relative to the current
    /// directory.
    #[arg(long, value_name = "DIR", default_value = "../shared/seeds")]
    pub seeds: PathBuf,

    /// Print, for each sentence of FILES that contains TEXT (any case), the tokens the rules
    /// read (parties in [brackets], other known entities in <angle brackets>, pronouns as
    /// the party they stand for) and the candidates found, with rule and confidence; writes
    /// no TriG. For writing and checking rules.
    #[arg(long, value_name = "TEXT", conflicts_with_all = ["evaluate", "output"])]
    pub explain: Option<String>,

    /// With --evaluate: write the JSON report to FILE (`-` for standard output, the table
    /// then goes to standard error) [default: target/ingest-evaluation.json].
    #[arg(long, value_name = "FILE", requires = "evaluate")]
    pub json: Option<PathBuf>,
}
