//! `nkkg update`: SPARQL 1.1 Update against a persistent store. The bundled graph is
//! rebuilt from the binary at every start, so updating it would silently do nothing:
//! such requests are refused.

use oxigraph::sparql::SparqlEvaluator;
use spargebra::SparqlParser;

use crate::error::{sparql_syntax_error, NkkgError};
use crate::prefixes::PREFIXES;
use crate::query::Input;
use crate::sparql_limits;
use crate::store::GraphStore;

/// Parses and applies an update (SPARQL 1.1 Update §3) with the project's prefixes.
pub fn apply(store: &GraphStore, text: &str) -> anyhow::Result<()> {
    if !store.is_persistent() {
        return Err(NkkgError::Usage(
            "updates need a persistent store: the bundled graph is read-only and rebuilt at every start; \
             pass --store DIR (a new store is seeded with the bundled graph)"
                .into(),
        )
        .into());
    }
    let update = sparql_limits::parse(text, |text| {
        let mut parser = SparqlParser::new();
        for (prefix, ns) in PREFIXES {
            parser = parser.with_prefix(*prefix, *ns).expect("project prefixes are valid IRIs");
        }
        parser.parse_update(text).map_err(|e| sparql_syntax_error(text, &e.to_string()))
    })?;
    SparqlEvaluator::new().for_update(update).on_store(store.store()).execute()?;
    Ok(())
}

/// What `nkkg update` applies.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The update text: given, in a file, or on standard input.
    pub update: Input,
}

/// `nkkg update`: reads the update and applies it, on a thread whose stack holds any
/// update within `sparql_limits`.
pub fn run(store: &GraphStore, options: &Options) -> anyhow::Result<()> {
    let text = options.update.read()?;
    sparql_limits::with_stack(|| apply(store, &text))
}
