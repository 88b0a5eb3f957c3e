//! The files embedded in the binary at build time (see `build.rs`): the ontology, the
//! curated data and the named queries.

mod generated {
    include!(concat!(env!("OUT_DIR"), "/bundle.rs"));
}

/// Every embedded file as (path relative to the repository, contents), sorted by path.
pub fn files() -> &'static [(&'static str, &'static str)] {
    generated::FILES
}

/// The RDF files of the bundled graph: `ontology/*.ttl` and `data/*.ttl`.
pub fn graph_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    files().iter().copied().filter(|(p, _)| p.ends_with(".ttl"))
}

/// The named queries: `queries/*.rq` as (name without extension, text).
pub fn query_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    files().iter().filter_map(|(p, text)| {
        Some((p.strip_prefix("queries/")?.strip_suffix(".rq")?, *text))
    })
}
