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
use oxigraph::model::vocab::rdf;
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, Quad, Term, Triple};

use crate::error::NkkgError;
use crate::formats::GraphFormat;
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
    if !store.store().contains_named_graph(&candidate)? {
        let names: Vec<String> = store
            .store()
            .named_graphs()
            .filter_map(|g| match g {
                Ok(oxigraph::model::NamedOrBlankNode::NamedNode(n)) => Some(crate::prefixes::shorten(n.as_str())),
                _ => None,
            })
            .collect();
        return Err(NkkgError::Usage(format!("there is no graph {candidate}; the named graphs are: {}", names.join(", "))).into());
    }
    Ok(candidate)
}

/// The quads to export: one graph's (as default-graph quads) or all of them, each in
/// its graph; sorted, deduplicated, blank nodes labelled from their content.
pub fn collect(store: &GraphStore, graph: Option<&NamedNode>) -> anyhow::Result<Vec<Quad>> {
    match graph {
        Some(_) => collect_in_default_graph(store, graph),
        None => Ok(canonical_blank_nodes(store.store().iter().collect::<Result<_, _>>()?)),
    }
}

/// The triples of one graph, or of the union of all graphs when `graph` is `None`, as
/// default-graph quads (sorted, deduplicated, blank nodes labelled from their content):
/// what a Graph Store Protocol GET answers for `?graph=IRI` and `?default` (SPARQL 1.1
/// Graph Store HTTP Protocol §5.2; here the default graph is the union, as for queries).
pub fn collect_in_default_graph(store: &GraphStore, graph: Option<&NamedNode>) -> anyhow::Result<Vec<Quad>> {
    let quads = store
        .store()
        .quads_for_pattern(None, None, None, graph.map(|g| GraphNameRef::NamedNode(g.as_ref())))
        .map(|q| q.map(|q| Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph)))
        .collect::<Result<Vec<Quad>, _>>()?;
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
            check_rdfxml(&triples)?;
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
        GraphFormat::RdfXml => check_rdfxml(&union_triples(&writable_labels(quads, LabelSyntax::XmlName))),
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

/// The RDF/XML words Oxigraph's writer cannot use as a property (W3C RDF 1.1 XML Syntax
/// §5.1, syntaxTerms), in the RDF namespace.
const RDFXML_SYNTAX_TERMS: [&str; 9] = ["Description", "li", "RDF", "ID", "about", "parseType", "resource", "nodeID", "datatype"];

/// Whether `iri` is one of [`RDFXML_SYNTAX_TERMS`].
fn is_rdfxml_syntax_term(iri: &str) -> bool {
    iri.strip_prefix("http://www.w3.org/1999/02/22-rdf-syntax-ns#").is_some_and(|word| RDFXML_SYNTAX_TERMS.contains(&word))
}

/// Refuses, before anything is written, what Oxigraph's RDF/XML writer would turn into a
/// document that is not XML or not this data: a literal with a character XML 1.0 cannot
/// hold (§2.2 `Char`: no U+0000, no other control character but tab, newline and carriage
/// return, no U+FFFE or U+FFFF), a property whose IRI does not end in an XML name (RDF/XML
/// §2.2: properties are element names), an RDF/XML syntax word as a property, and a
/// class the writer would use as the element of its subject (the first triple of a subject,
/// when it is `rdf:type`) that does not end in an XML name. `triples` are in the order
/// they will be written.
fn check_rdfxml(triples: &[Triple]) -> Result<(), NkkgError> {
    let instead = "export as Turtle, TriG, N-Triples, N-Quads or JSON-LD instead";
    let mut subject = None;
    for t in triples {
        let first_of_subject = subject != Some(&t.subject);
        subject = Some(&t.subject);
        if let Term::Literal(literal) = &t.object {
            if let Some(c) = literal.value().chars().find(|c| !is_xml_char(*c)) {
                let full = literal.to_string();
                let shown: String = full.chars().take(60).collect();
                let more = if shown.len() < full.len() { "…" } else { "" };
                return Err(NkkgError::Usage(format!(
                    "RDF/XML cannot hold the character U+{:04X} in the literal {shown}{more} (object of {} {}); {instead}",
                    c as u32, t.subject, t.predicate
                )));
            }
        }
        let predicate = t.predicate.as_str();
        if is_rdfxml_syntax_term(predicate) {
            return Err(NkkgError::Usage(format!(
                "RDF/XML keeps {} for its own syntax and cannot use it as the property of {} {} {}; {instead}",
                t.predicate, t.subject, t.predicate, t.object
            )));
        }
        if !ends_in_xml_name(predicate) {
            return Err(NkkgError::Usage(format!(
                "RDF/XML cannot write the property {}: it writes a property as an XML element, and this IRI does not end in an XML name (a letter or _, then letters, digits, -, . or _); {instead}",
                t.predicate
            )));
        }
        if let (true, true, Term::NamedNode(class)) = (first_of_subject, t.predicate == rdf::TYPE, &t.object) {
            if !is_rdfxml_syntax_term(class.as_str()) && !ends_in_xml_name(class.as_str()) {
                return Err(NkkgError::Usage(format!(
                    "RDF/XML cannot write {} a {}: it writes the class as the XML element of its subject, and this IRI does not end in an XML name; {instead}",
                    t.subject, class
                )));
            }
        }
    }
    Ok(())
}

/// Whether XML 1.0 can hold `c` (§2.2, `Char`).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Whether `iri` splits into a namespace and a local XML name the way Oxigraph's RDF/XML
/// writer splits it: the name starts at the first name-start character after the last
/// character that cannot be in a name (or is `:`), and the namespace is not one XML keeps
/// for itself (XML Namespaces 1.0 §3).
fn ends_in_xml_name(iri: &str) -> bool {
    let Some(last) = iri.rfind(|c: char| !is_xml_name_char(c) || c == ':') else { return false };
    match iri[last..].find(|c: char| is_xml_name_start_char(c) && c != ':') {
        Some(at) => !["http://www.w3.org/XML/1998/namespace", "http://www.w3.org/2000/xmlns/"].contains(&&iri[..last + at]),
        None => false,
    }
}

/// XML 1.0 §2.3 `NameStartChar`.
fn is_xml_name_start_char(c: char) -> bool {
    matches!(c,
        ':' | 'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}' | '\u{2070}'..='\u{218F}'
        | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}' | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

/// XML 1.0 §2.3 `NameChar`.
fn is_xml_name_char(c: char) -> bool {
    is_xml_name_start_char(c) || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
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
