//! `nkkg stats`: what the graph holds — triples per named graph, instances per class,
//! and relations per type (properties linking two resources, support relations per
//! support type, supplies per item category).

use std::io::Write;

use oxigraph::sparql::QueryResults;

use crate::query;
use crate::store::GraphStore;
use crate::table::{solution_rows, write_table};

/// The sections of the report: title and SPARQL query (first variable: the thing, second: the count).
pub const SECTIONS: &[(&str, &str)] = &[
    ("Triples per named graph", "SELECT ?graph (COUNT(*) AS ?triples) WHERE { GRAPH ?graph { ?s ?p ?o } } GROUP BY ?graph ORDER BY ?graph"),
    ("Instances per class", "SELECT ?class (COUNT(DISTINCT ?s) AS ?instances) WHERE { ?s a ?class FILTER(STRSTARTS(STR(?class), STR(nk:))) } GROUP BY ?class ORDER BY DESC(?instances) ?class"),
    ("Relations per property (resource to resource)", "SELECT ?property (COUNT(*) AS ?relations) WHERE { ?s ?property ?o FILTER(isIRI(?o) && ?property != rdf:type) } GROUP BY ?property ORDER BY DESC(?relations) ?property"),
    ("Support relations per support type", "SELECT ?supportType (COUNT(DISTINCT ?s) AS ?supports) WHERE { ?s a nk:Support ; nk:supportType ?supportType } GROUP BY ?supportType ORDER BY DESC(?supports) ?supportType"),
    ("Supplies per item category", "SELECT ?category (COUNT(DISTINCT ?s) AS ?supplies) WHERE { ?s a nk:Supply ; nk:itemCategory ?category } GROUP BY ?category ORDER BY DESC(?supplies) ?category"),
];

/// Runs one section's query and returns its rows as text cells.
pub fn section_rows(store: &GraphStore, sparql: &str) -> anyhow::Result<(Vec<String>, Vec<Vec<String>>)> {
    let QueryResults::Solutions(solutions) = query::execute(store, sparql, &[], None)? else {
        anyhow::bail!("a stats query did not return solutions");
    };
    Ok(solution_rows(solutions)?)
}

/// `nkkg stats`.
pub fn run(store: &GraphStore, mut out: impl Write) -> anyhow::Result<()> {
    writeln!(out, "{} triples in all", store.len()?)?;
    for (title, sparql) in SECTIONS {
        let (header, rows) = section_rows(store, sparql)?;
        writeln!(out, "\n{title}")?;
        write_table(&mut out, &header, &rows)?;
    }
    Ok(())
}
