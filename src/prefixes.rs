//! The project's prefixes: one table used to shorten IRIs in tables, to pre-declare
//! prefixes in SPARQL queries, to write Turtle, and to read prefixed names given on the
//! command line (`nke:Turkey`).

use oxigraph::model::NamedNode;

/// Namespace of the ontology's classes and properties.
pub const NK: &str = "https://w3id.org/nkkg/ontology#";
/// Namespace of the SKOS concepts (support types, item categories, event types, ...).
pub const NKV: &str = "https://w3id.org/nkkg/vocab/";
/// Namespace of entities: actors, places, events, relations, documents.
pub const NKE: &str = "https://w3id.org/nkkg/id/";
/// Namespace of the named graphs that hold the bundled files (`graph/<path>`).
pub const NKG: &str = "https://w3id.org/nkkg/graph/";

/// Prefix name and namespace IRI, in the order they are declared in output.
pub const PREFIXES: &[(&str, &str)] = &[
    ("nk", NK),
    ("nkv", NKV),
    ("nke", NKE),
    ("nkg", NKG),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("schema", "https://schema.org/"),
    ("sem", "http://semanticweb.cs.vu.nl/2009/11/sem/"),
    ("time", "http://www.w3.org/2006/time#"),
    ("oa", "http://www.w3.org/ns/oa#"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("geo", "http://www.w3.org/2003/01/geo/wgs84_pos#"),
    ("sh", "http://www.w3.org/ns/shacl#"),
];

/// Shortens an IRI for display to `prefix:local` when a project prefix matches and the
/// local part is a plain name (slashes allowed, as in `nkg:data/actors.ttl`); otherwise
/// returns it as `<iri>`. Turtle output uses the stricter rule of `turtle.rs`.
pub fn shorten(iri: &str) -> String {
    for (prefix, ns) in PREFIXES {
        if let Some(local) = iri.strip_prefix(ns) {
            if is_simple_local_name(local) {
                return format!("{prefix}:{local}");
            }
        }
    }
    format!("<{iri}>")
}

/// Expands `prefix:local` with a project prefix, or returns `None`.
pub fn expand(name: &str) -> Option<NamedNode> {
    let (prefix, local) = name.split_once(':')?;
    let ns = PREFIXES.iter().find(|(p, _)| *p == prefix)?.1;
    NamedNode::new(format!("{ns}{local}")).ok()
}

/// The `PREFIX` declarations of all project prefixes, as SPARQL text.
pub fn sparql_declarations() -> String {
    PREFIXES.iter().map(|(p, ns)| format!("PREFIX {p}: <{ns}>\n")).collect()
}

fn is_simple_local_name(local: &str) -> bool {
    !local.is_empty()
        && !local.ends_with('.')
        && local.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortens_and_expands_round_trip() {
        assert_eq!(shorten("https://w3id.org/nkkg/id/Turkey"), "nke:Turkey");
        assert_eq!(shorten("http://example.com/x"), "<http://example.com/x>");
        assert_eq!(shorten("https://w3id.org/nkkg/graph/data/a.ttl"), "nkg:data/a.ttl");
        assert_eq!(shorten("https://w3id.org/nkkg/id/a b"), "<https://w3id.org/nkkg/id/a b>");
        assert_eq!(expand("nke:Turkey").unwrap().as_str(), "https://w3id.org/nkkg/id/Turkey");
        assert!(expand("nope:Turkey").is_none());
    }
}
