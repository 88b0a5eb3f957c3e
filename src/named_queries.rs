//! The named queries embedded from `queries/*.rq`. Each file starts with a `#` line that
//! describes it; further `#` lines document parameters and output columns.

use std::io::Write;

use crate::bundle;
use crate::error::NkkgError;
use crate::table::write_table;

/// One named query.
#[derive(Debug, Clone, Copy)]
pub struct NamedQuery {
    /// The name: the file name without `.rq`.
    pub name: &'static str,
    /// The first `#` comment line, without the `#`.
    pub description: &'static str,
    /// The SPARQL text.
    pub text: &'static str,
}

/// All named queries, sorted by name.
pub fn all() -> Vec<NamedQuery> {
    bundle::query_files()
        .map(|(name, text)| NamedQuery { name, description: description(text), text })
        .collect()
}

/// The named query `name`, or an error listing the names that exist.
pub fn get(name: &str) -> Result<NamedQuery, NkkgError> {
    let all = all();
    all.iter().find(|q| q.name == name).copied().ok_or_else(|| NkkgError::UnknownQuery {
        name: name.to_owned(),
        available: all.iter().map(|q| q.name.to_owned()).collect(),
    })
}

/// The parameters a named query documents with `# param: NAME ...` lines.
pub fn parameters(query: &NamedQuery) -> Vec<&'static str> {
    query
        .text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("#")?.trim().strip_prefix("param:"))
        .filter_map(|rest| rest.split_whitespace().next())
        .collect()
}

fn description(text: &str) -> &str {
    text.lines()
        .find_map(|l| l.trim().strip_prefix('#'))
        .map(str::trim)
        .unwrap_or("")
}

/// `nkkg queries`: the names, parameters and descriptions as a table.
pub fn run(out: impl Write) -> anyhow::Result<()> {
    let rows: Vec<Vec<String>> = all()
        .iter()
        .map(|q| vec![q.name.to_owned(), parameters(q).join(","), q.description.to_owned()])
        .collect();
    let header = ["name", "params", "description"].map(String::from);
    write_table(out, &header, &rows)?;
    Ok(())
}
