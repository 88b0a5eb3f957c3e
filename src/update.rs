//! `nkkg update`: SPARQL 1.1 Update against a persistent store. The bundled graph is
//! rebuilt from the binary at every start, so updating it would silently do nothing:
//! such requests are refused.

use oxigraph::sparql::SparqlEvaluator;

use crate::cli::UpdateArgs;
use crate::error::{sparql_syntax_error, NkkgError};
use crate::prefixes::PREFIXES;
use crate::query::read_text;
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
    let mut evaluator = SparqlEvaluator::new();
    for (prefix, ns) in PREFIXES {
        evaluator = evaluator.with_prefix(*prefix, *ns)?;
    }
    let update = evaluator.parse_update(text).map_err(|e| sparql_syntax_error(text, &e.to_string()))?;
    update.on_store(store.store()).execute()?;
    Ok(())
}

/// `nkkg update`.
pub fn run(store: &GraphStore, args: &UpdateArgs) -> anyhow::Result<()> {
    let text = match (&args.update, &args.file) {
        (Some(u), _) => u.clone(),
        (None, Some(path)) => read_text(path)?,
        (None, None) => read_text(std::path::Path::new("-"))?,
    };
    apply(store, &text)
}
