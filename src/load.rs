//! `nkkg load`: bulk-loads RDF files into a persistent store, all or nothing.

use std::path::{Path, PathBuf};

use oxigraph::model::NamedNode;

use crate::error::NkkgError;
use crate::formats::GraphFormat;
use crate::store::{GraphStore, LoadInput};

/// What `nkkg load` loads, and where.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The files to load; `-` is standard input.
    pub files: Vec<PathBuf>,
    /// The format of every file; `None` tells each file's format from its extension.
    pub format: Option<GraphFormat>,
    /// Load triples into this named graph instead of the default graph.
    pub graph: Option<NamedNode>,
}

/// `nkkg load`: resolves formats, loads, and reports quads read, added and already
/// present, and the throughput, on stderr.
pub fn run(store: &GraphStore, options: &Options) -> anyhow::Result<()> {
    if !store.is_persistent() {
        return Err(NkkgError::Usage("load writes into a persistent store: pass --store DIR".into()).into());
    }
    let inputs = options
        .files
        .iter()
        .map(|path| {
            let format = options.format.or_else(|| GraphFormat::from_path(path)).ok_or_else(|| {
                NkkgError::Usage(format!(
                    "cannot tell the RDF format of {} from its extension: pass --format",
                    display(path)
                ))
            })?;
            Ok(LoadInput { path: path.clone(), format })
        })
        .collect::<Result<Vec<_>, NkkgError>>()?;
    let report = store.load(&inputs, options.graph.as_ref())?;
    eprintln!(
        "read {} quads from {} file{}: {} added, {} already in the store, in {:.2} s ({:.0} quads/s)",
        report.read,
        inputs.len(),
        if inputs.len() == 1 { "" } else { "s" },
        report.added,
        report.duplicates(),
        report.seconds,
        report.read as f64 / report.seconds.max(1e-9)
    );
    Ok(())
}

fn display(path: &Path) -> String {
    if path.as_os_str() == "-" { "standard input".into() } else { path.display().to_string() }
}
