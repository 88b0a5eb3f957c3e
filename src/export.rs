//! `nkkg export`: the whole dataset, or one named graph, in any RDF format. Output is
//! deterministic: blank nodes are labelled from their content and statements are sorted,
//! so exports of the same data diff cleanly. Every triple is written and reads back as the
//! same data up to blank node labels (RDF 1.1 Concepts §3.6, graph isomorphism); what a
//! format cannot hold (RDF/XML: some characters and property IRIs) is refused by name.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context;
use oxigraph::io::RdfSerializer;
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, Quad, Triple};

use crate::error::NkkgError;
use crate::formats::GraphFormat;
use crate::rdfxml;
use crate::results::rdf_serializer;
use crate::store::{graph_name_for, GraphStore};
use crate::turtle::{canonical_blank_nodes, writable_labels, write_trig, write_turtle, LabelSyntax};

/// Resolves `--graph`: an absolute IRI, or the path of a bundled file (`data/actors.ttl`).
pub fn resolve_graph(store: &GraphStore, graph: &str) -> anyhow::Result<NamedNode> {
    let candidate = if graph.contains("://") || graph.starts_with("urn:") {
        NamedNode::new(graph).map_err(|e| NkkgError::Usage(format!("--graph {graph}: {e}")))?
    } else if let Some(iri) = crate::prefixes::expand(graph).filter(|_| !graph.contains('/')) {
        iri
    } else {
        graph_name_for(graph)
    };
    if !store.contains_named_graph(&candidate)? {
        let names: Vec<String> = store.named_graphs()?.iter().map(|n| crate::prefixes::shorten(n.as_str())).collect();
        return Err(NkkgError::Usage(format!("there is no graph {candidate}; the named graphs are: {}", names.join(", "))).into());
    }
    Ok(candidate)
}

/// The quads to export: one graph's (as default-graph quads) or all of them, each in
/// its graph; sorted, deduplicated, blank nodes labelled from their content.
pub fn collect(store: &GraphStore, graph: Option<&NamedNode>) -> anyhow::Result<Vec<Quad>> {
    match graph {
        Some(_) => collect_in_default_graph(store, graph),
        None => Ok(canonical_blank_nodes(store.all_quads()?)),
    }
}

/// The triples of one graph, or of the union of all graphs when `graph` is `None`, as
/// default-graph quads (sorted, deduplicated, blank nodes labelled from their content):
/// what a Graph Store Protocol GET answers for `?graph=IRI` and `?default` (SPARQL 1.1
/// Graph Store HTTP Protocol §5.2; here the default graph is the union, as for queries).
pub fn collect_in_default_graph(store: &GraphStore, graph: Option<&NamedNode>) -> anyhow::Result<Vec<Quad>> {
    let quads = store
        .quads_iter(None, None, None, graph.map(|g| GraphNameRef::NamedNode(g.as_ref())))?
        .map(|q| q.map(|q| Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph)))
        .collect::<anyhow::Result<Vec<Quad>>>()?;
    Ok(canonical_blank_nodes(quads))
}

/// Writes quads in `format`; triple formats get the union of the graphs. Every triple is
/// written and reads back as the same data up to blank node labels (the property tests in
/// `tests/it/export_fidelity.rs`); what a format cannot hold is refused with an error that
/// names it before anything is written.
pub fn write(quads: &[Quad], format: GraphFormat, out: impl Write) -> anyhow::Result<()> {
    match format {
        GraphFormat::Turtle => write_turtle(&union_triples(quads), out)?,
        GraphFormat::TriG => write_trig(quads, out)?,
        GraphFormat::RdfXml => {
            let triples = union_triples(&writable_labels(quads, LabelSyntax::XmlName));
            rdfxml::check(&triples).map_err(|r| NkkgError::Usage(r.to_string()))?;
            serialize_triples(&triples, rdf_serializer(format), out)?;
        }
        f => {
            let quads = writable_labels(quads, LabelSyntax::Turtle);
            if f.supports_datasets() {
                let mut writer = rdf_serializer(f).for_writer(out);
                for q in quads.iter() {
                    writer.serialize_quad(q)?;
                }
                writer.finish()?.flush()?;
            } else {
                serialize_triples(&union_triples(&quads), rdf_serializer(f), out)?;
            }
        }
    }
    Ok(())
}

/// Refuses data that `format` cannot hold, naming the term and what to do instead; only
/// RDF/XML has such limits (see [`write`]). `nkkg export -o FILE` asks before it creates
/// the file, so a refused export leaves no file behind.
pub fn check(quads: &[Quad], format: GraphFormat) -> Result<(), NkkgError> {
    match format {
        GraphFormat::RdfXml => {
            rdfxml::check(&union_triples(&writable_labels(quads, LabelSyntax::XmlName))).map_err(|r| NkkgError::Usage(r.to_string()))
        }
        _ => Ok(()),
    }
}

fn serialize_triples(triples: &[Triple], serializer: RdfSerializer, out: impl Write) -> anyhow::Result<()> {
    let mut writer = serializer.for_writer(out);
    for t in triples {
        writer.serialize_triple(t)?;
    }
    writer.finish()?.flush()?;
    Ok(())
}

fn union_triples(quads: &[Quad]) -> Vec<Triple> {
    let mut triples: Vec<Triple> = quads.iter().map(|q| Triple::new(q.subject.clone(), q.predicate.clone(), q.object.clone())).collect();
    triples.sort_by_cached_key(|t| t.to_string());
    triples.dedup();
    triples
}

/// What `nkkg export` writes, and where.
#[derive(Clone, Debug)]
pub struct Options {
    /// The RDF format; Turtle and TriG are written with the project's prefixes in a stable
    /// order.
    pub format: GraphFormat,
    /// Export only this named graph: an IRI, or the path of a bundled file such as
    /// `data/actors.ttl` (see [`resolve_graph`]); `None` exports every graph.
    pub graph: Option<String>,
    /// The file to write; `None` or `-` is standard output.
    pub output: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Self { format: GraphFormat::Turtle, graph: None, output: None }
    }
}

/// `nkkg export`.
pub fn run(store: &GraphStore, options: &Options) -> anyhow::Result<()> {
    let graph = options.graph.as_deref().map(|g| resolve_graph(store, g)).transpose()?;
    let quads = collect(store, graph.as_ref())?;
    check(&quads, options.format)?;
    match options.output.as_ref().filter(|path| path.as_os_str() != "-") {
        Some(path) => {
            let file = File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
            write(&quads, options.format, BufWriter::new(file))
        }
        None => write(&quads, options.format, BufWriter::new(io::stdout().lock())),
    }
}
