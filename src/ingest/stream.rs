//! Ingestion as a stream (`nkkg ingest FILES`, and the ingest benchmark): documents are read
//! one at a time, and each one's graph and candidates are written out as TriG, or added to
//! the store, before the next is read. Memory holds one document's reading and a buffer of
//! output, never the RDF of the whole run (which took 0.3–0.9 KB per input byte).
//!
//! The TriG (W3C RDF 1.1 TriG) is written by Oxigraph's streaming serializer with the
//! project's prefixes that the ingested RDF uses ([`crate::prefixes::PREFIXES`]), in the order [`super::rdf`] produces
//! the triples: for each document its own graph, then a block of the candidates graph with
//! that document's candidates. The candidates graph so appears in several blocks; TriG
//! merges blocks of the same graph name into one graph.

use std::io::{self, Write};
use std::path::Path;

use anyhow::Context;
use oxigraph::io::{RdfFormat, RdfSerializer, WriterQuadSerializer};
use oxigraph::model::{NamedNode, NamedNodeRef, NamedOrBlankNodeRef, QuadRef, TermRef};

mod replace;

use super::rdf::{self, TripleSink};
use super::{file_name, read_document, Document, Pipeline};
use crate::error::NkkgError;
use crate::prefixes::PREFIXES;

/// The prefixes of [`PREFIXES`] that the ingested RDF ([`super::rdf`]) uses.
const USED_PREFIXES: &[&str] = &["nk", "nkv", "nke", "nkg", "rdf", "rdfs", "owl", "xsd", "oa", "dcterms"];

/// What an ingestion run (or one document of it) read and wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Documents read.
    pub documents: usize,
    /// Bytes read.
    pub bytes: usize,
    /// Quads written (or added to the store).
    pub quads: usize,
    /// Candidate relations found.
    pub candidates: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, other: Self) {
        self.documents += other.documents;
        self.bytes += other.bytes;
        self.quads += other.quads;
        self.candidates += other.candidates;
    }
}

/// TriG written document by document to a writer.
pub struct TrigOutput<W: Write> {
    serializer: WriterQuadSerializer<W>,
    candidates: NamedNode,
}

impl<W: Write> TrigOutput<W> {
    /// TriG with the project's prefixes, to `writer` (give it a buffered one).
    pub fn new(writer: W) -> Self {
        let mut serializer = RdfSerializer::from_format(RdfFormat::TriG);
        // only the namespaces the ingested RDF uses: the serializer tries each on every IRI
        for (prefix, namespace) in PREFIXES.iter().filter(|(prefix, _)| USED_PREFIXES.contains(prefix)) {
            serializer = serializer.with_prefix(*prefix, *namespace).expect("the project's namespaces are valid IRIs");
        }
        Self { serializer: serializer.for_writer(writer), candidates: rdf::candidates_graph() }
    }

    /// Writes a document's graph and then its candidates; returns the number of quads.
    pub fn document(&mut self, pipeline: &Pipeline, doc: &Document) -> io::Result<usize> {
        let graph = rdf::document_graph(&doc.sha256);
        let mut sink = GraphSink { serializer: &mut self.serializer, graph: graph.as_ref(), quads: 0 };
        rdf::write_document(pipeline, doc, &mut sink)?;
        let mut sink = GraphSink { serializer: sink.serializer, graph: self.candidates.as_ref(), quads: sink.quads };
        rdf::write_candidates(pipeline, doc, &mut sink)?;
        Ok(sink.quads)
    }

    /// Ends the last graph block and returns the writer (not flushed).
    pub fn finish(self) -> io::Result<W> {
        self.serializer.finish()
    }
}

/// Sends triples into one named graph of a TriG serializer.
struct GraphSink<'s, 'g, W: Write> {
    serializer: &'s mut WriterQuadSerializer<W>,
    graph: NamedNodeRef<'g>,
    quads: usize,
}

impl<W: Write> TripleSink for GraphSink<'_, '_, W> {
    fn triple(&mut self, subject: NamedOrBlankNodeRef<'_>, predicate: NamedNodeRef<'_>, object: TermRef<'_>) -> io::Result<()> {
        self.quads += 1;
        self.serializer.serialize_quad(QuadRef::new(subject, predicate, object, self.graph))
    }
}

/// Reads one file, writes its graph and candidates to `output` and adds them to `store`
/// (each if given); the document is dropped before this returns. In a store, they replace
/// what an earlier ingest of the same text derived, and leave what a reviewer decided as it
/// was ([`replace`]); the TriG numbers the candidates 1..n.
pub fn ingest_file<W: Write>(
    pipeline: &Pipeline,
    path: &Path,
    output: Option<&mut TrigOutput<W>>,
    store: Option<&crate::store::GraphStore>,
) -> anyhow::Result<Counts> {
    let bytes = read_document(path)?;
    let doc = pipeline.analyse(&file_name(path), &bytes).map_err(|e| NkkgError::Usage(format!("{} {e}", path.display())))?;
    let (mut quads, mut decided) = (0, 0);
    if let Some(store) = store {
        (quads, decided) = replace::store_document(store, pipeline, &doc, path)?;
    }
    if let Some(output) = output {
        quads = output.document(pipeline, &doc).with_context(|| format!("cannot write the TriG of {}", path.display()))?;
    }
    Ok(Counts { documents: 1, bytes: bytes.len(), quads, candidates: doc.candidates.len() - decided })
}
