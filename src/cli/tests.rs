//! Unit tests of the command line: parsing into library options, defaults, refusals.

use std::path::PathBuf;

use clap::{CommandFactory, Parser};

use super::{Action, Cli};
use crate::explore::network::{EdgeKind, NetworkFormat};
use crate::explore::path::{Via, DEFAULT_VIA};
use crate::explore::ExploreFormat;
use crate::formats::{GraphFormat, OutputFormat, ResultsFormat};
use crate::ingest;
use crate::query::{Input, QuerySource};
use crate::review::command::{self as review, ListFormat};
use crate::review::{Edits, Verdict};
use crate::server;

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
