//! Writing query results: SPARQL 1.1 Query Results JSON, XML, CSV and TSV for solutions
//! and booleans, RDF serializations for graphs, and text tables for people. The one
//! serializer path for `nkkg query` and the server's `/sparql`, streaming to any `Write`.

use std::io::Write;

use anyhow::bail;
use oxigraph::io::RdfSerializer;
use oxigraph::sparql::results::QueryResultsSerializer;
use oxigraph::sparql::QueryResults;

use crate::formats::{GraphFormat, OutputFormat, ResultsFormat};
use crate::prefixes::PREFIXES;
use crate::table::{cell, solution_rows, write_table};

/// An RDF serializer for `format` with the project's prefixes declared.
pub fn rdf_serializer(format: GraphFormat) -> RdfSerializer {
    let mut serializer = RdfSerializer::from_format(format.rdf_format());
    for (prefix, ns) in PREFIXES {
        serializer = serializer.with_prefix(*prefix, *ns).expect("project prefixes are valid");
    }
    serializer
}

/// Writes `results` in `format`. When the format was not chosen by the user
/// (`defaulted`), a graph result is written as Turtle rather than refused.
pub fn write(results: QueryResults<'_>, format: OutputFormat, defaulted: bool, mut out: impl Write) -> anyhow::Result<()> {
    match (results, format) {
        (QueryResults::Solutions(solutions), OutputFormat::Results(ResultsFormat::Table)) => {
            let (header, rows) = solution_rows(solutions)?;
            write_table(out, &header, &rows)?;
        }
        (QueryResults::Solutions(solutions), OutputFormat::Results(f)) => {
            let format = f.results_format().expect("not a table");
            let mut writer = QueryResultsSerializer::from_format(format)
                .serialize_solutions_to_writer(out, solutions.variables().to_vec())?;
            for solution in solutions {
                writer.serialize(&solution?)?;
            }
            writer.finish()?.flush()?;
        }
        (QueryResults::Boolean(value), OutputFormat::Results(ResultsFormat::Table)) => {
            writeln!(out, "{value}")?;
        }
        (QueryResults::Boolean(value), OutputFormat::Results(f)) => {
            let format = f.results_format().expect("not a table");
            QueryResultsSerializer::from_format(format).serialize_boolean_to_writer(&mut out, value)?;
            out.flush()?;
        }
        (QueryResults::Graph(triples), OutputFormat::Results(ResultsFormat::Table)) if !defaulted => {
            let header = vec!["subject".to_owned(), "predicate".to_owned(), "object".to_owned()];
            let mut rows = Vec::new();
            for t in triples {
                let t = t?;
                rows.push(vec![
                    cell(Some(&t.subject.into())),
                    cell(Some(&t.predicate.into())),
                    cell(Some(&t.object)),
                ]);
            }
            write_table(out, &header, &rows)?;
        }
        (QueryResults::Graph(triples), OutputFormat::Graph(f)) => write_triples(triples, f, out)?,
        (QueryResults::Graph(triples), OutputFormat::Results(_)) if defaulted => {
            write_triples(triples, GraphFormat::Turtle, out)?
        }
        (QueryResults::Graph(_), OutputFormat::Results(f)) => {
            bail!("the query returns a graph, which cannot be written as {f:?}: use --format turtle, ntriples, nquads, trig, rdfxml, jsonld or table")
        }
        (_, OutputFormat::Graph(f)) => {
            bail!("the query returns solutions, which cannot be written as {f:?}: use --format table, json, xml, csv or tsv")
        }
    }
    Ok(())
}

fn write_triples(
    triples: oxigraph::sparql::QueryTripleIter<'_>,
    format: GraphFormat,
    out: impl Write,
) -> anyhow::Result<()> {
    let mut writer = rdf_serializer(format).for_writer(out);
    let mut rdfxml = (format == GraphFormat::RdfXml).then(crate::rdfxml::Checker::default);
    for t in triples {
        let t = t?;
        if let Some(checker) = &mut rdfxml {
            checker.triple(&t)?;
        }
        writer.serialize_triple(&t)?;
    }
    writer.finish()?.flush()?;
    Ok(())
}
