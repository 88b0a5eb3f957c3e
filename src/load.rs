//! `nkkg load`: bulk-loads RDF files into a persistent store, all or nothing.

use std::path::Path;

use oxigraph::model::NamedNode;

use crate::cli::LoadArgs;
use crate::error::NkkgError;
use crate::formats::GraphFormat;
use crate::store::{GraphStore, LoadInput};

/// `nkkg load`: resolves formats, loads, and reports triples and throughput on stderr.
pub fn run(store: &GraphStore, args: &LoadArgs) -> anyhow::Result<()> {
    if !store.is_persistent() {
        return Err(NkkgError::Usage("load writes into a persistent store: pass --store DIR".into()).into());
    }
    let inputs = args
        .files
        .iter()
        .map(|path| {
            let format = args.format.or_else(|| GraphFormat::from_path(path)).ok_or_else(|| {
                NkkgError::Usage(format!(
                    "cannot tell the RDF format of {} from its extension: pass --format",
                    display(path)
                ))
            })?;
            Ok(LoadInput { path: path.clone(), format })
        })
        .collect::<Result<Vec<_>, NkkgError>>()?;
    let graph = args
        .graph
        .as_deref()
        .map(|g| NamedNode::new(g).map_err(|e| NkkgError::Usage(format!("--graph {g} is not an IRI: {e}"))))
        .transpose()?;
    let report = store.load(&inputs, graph.as_ref())?;
    eprintln!(
        "loaded {} triples from {} file{} in {:.2} s ({:.0} triples/s)",
        report.quads,
        inputs.len(),
        if inputs.len() == 1 { "" } else { "s" },
        report.seconds,
        report.quads as f64 / report.seconds.max(1e-9)
    );
    Ok(())
}

fn display(path: &Path) -> String {
    if path.as_os_str() == "-" { "standard input".into() } else { path.display().to_string() }
}
