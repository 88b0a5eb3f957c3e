//! The `nkkg` binary: parses the command line, has `cli` build the options, and calls
//! the capability that runs the command.

use std::io;
use std::process::ExitCode;

use clap::Parser;
use nkkg::cli::{Action, Cli};
use nkkg::error::NkkgError;
use nkkg::store::GraphStore;
use nkkg::{explore, export, ingest, load, named_queries, query, review, server, stats, update, validate};
use oxigraph::sparql::QueryEvaluationError;

fn main() -> ExitCode {
    limit_malloc_arenas();
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("NKKG_LOG").unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_http=info")),
        )
        .with_writer(io::stderr)
        .with_target(false)
        .init();
    match run(cli) {
        Ok(code) => code,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            let code = nkkg_error(&error).map_or(1, NkkgError::exit_code);
            eprintln!("error: {}", nkkg::error::escape_controls(&format!("{error:#}")));
            ExitCode::from(code)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let location = cli.location()?;
    let action = cli.command.into_action()?;
    if let Action::Queries = action {
        named_queries::run(io::stdout().lock())?;
        return Ok(ExitCode::SUCCESS);
    }
    // Commands that only read open an existing --store read-only (no files written at open).
    let reads_only = matches!(
        action,
        Action::Query(_) | Action::Export(_) | Action::Stats | Action::Describe(_) | Action::Path(_) | Action::Timeline(_) | Action::Graph(_)
    );
    let store = if reads_only { GraphStore::connect_for_reading(&location)? } else { GraphStore::connect(&location)? };
    match &action {
        Action::Query(options) => query::run(&store, options)?,
        Action::Update(options) => update::run(&store, options)?,
        Action::Load(options) => load::run(&store, options)?,
        Action::Export(options) => export::run(&store, options)?,
        Action::Stats => stats::run(&store, io::stdout().lock())?,
        Action::Validate(options) => {
            if !validate::run(&store, options, io::stdout().lock())? {
                return Ok(ExitCode::from(1));
            }
        }
        Action::Describe(options) => explore::run_describe(&store, options, io::stdout().lock())?,
        Action::Path(options) => explore::run_path(&store, options, io::stdout().lock())?,
        Action::Timeline(options) => explore::run_timeline(&store, options, io::stdout().lock())?,
        Action::Graph(options) => explore::run_graph(&store, options, io::stdout().lock())?,
        Action::Serve(options) => server::run(store, options)?,
        Action::Ingest(task) => ingest::run(&store, task)?,
        Action::Review(options) => review::command::run(&store, options, io::stdin().lock(), io::stdout().lock())?,
        Action::Queries => unreachable!("handled above"),
    }
    Ok(ExitCode::SUCCESS)
}

/// glibc's malloc keeps up to eight arenas per core, one per thread that allocates at
/// once, and never gives an arena back: every `serve` thread that has evaluated a query
/// then holds a heap of its own, most of it free (81 MB resident after 64 concurrent
/// connections on the bundled graph, against 45 MB after a single client). One arena per
/// core bounds that, while threads on different cores still allocate without waiting for
/// each other (issue 16: `serve` at most 64 MB resident). Set before any thread starts.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn limit_malloc_arenas() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    // SAFETY: mallopt only changes a malloc parameter; no other thread exists yet.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, i32::try_from(cores).unwrap_or(i32::MAX));
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_malloc_arenas() {}

/// The error of ours that `error` is or carries: itself, or one that a query's results
/// carried out of the evaluator (a remote store's answer that broke off, for one).
fn nkkg_error(error: &anyhow::Error) -> Option<&NkkgError> {
    error.downcast_ref::<NkkgError>().or_else(|| match error.downcast_ref::<QueryEvaluationError>() {
        Some(QueryEvaluationError::Dataset(inner)) => inner.downcast_ref::<NkkgError>(),
        _ => None,
    })
}

/// Output cut short by the reader (`nkkg … | head`) is not an error.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|e| e.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe))
}
