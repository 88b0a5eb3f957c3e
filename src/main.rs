//! The `nkkg` binary: parses the command line and dispatches to the library.

use std::io;
use std::process::ExitCode;

use clap::Parser;
use nkkg::cli::{Cli, Command};
use nkkg::error::NkkgError;
use nkkg::store::GraphStore;
use nkkg::{explore, export, ingest, load, named_queries, query, server, stats, update, validate};

fn main() -> ExitCode {
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
            let code = error.downcast_ref::<NkkgError>().map_or(1, NkkgError::exit_code);
            eprintln!("error: {error:#}");
            ExitCode::from(code)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    if let Command::Queries = cli.command {
        named_queries::run(io::stdout().lock())?;
        return Ok(ExitCode::SUCCESS);
    }
    let store = GraphStore::from_option(cli.store.as_deref())?;
    match &cli.command {
        Command::Query(args) => query::run(&store, args)?,
        Command::Update(args) => update::run(&store, args)?,
        Command::Load(args) => load::run(&store, args)?,
        Command::Export(args) => export::run(&store, args)?,
        Command::Stats => stats::run(&store, io::stdout().lock())?,
        Command::Validate(args) => {
            if !validate::run(&store, args, io::stdout().lock())? {
                return Ok(ExitCode::from(1));
            }
        }
        Command::Describe(args) => explore::run_describe(&store, args, io::stdout().lock())?,
        Command::Path(args) => explore::run_path(&store, args, io::stdout().lock())?,
        Command::Timeline(args) => explore::run_timeline(&store, args, io::stdout().lock())?,
        Command::Graph(args) => explore::run_graph(&store, args, io::stdout().lock())?,
        Command::Serve(args) => server::run(store, args)?,
        Command::Ingest(args) => ingest::run(&store, args)?,
        Command::Queries => unreachable!("handled above"),
    }
    Ok(ExitCode::SUCCESS)
}

/// Output cut short by the reader (`nkkg … | head`) is not an error.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|e| e.downcast_ref::<io::Error>().is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe))
}
