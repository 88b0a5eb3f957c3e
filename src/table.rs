//! Plain-text tables for terminals: aligned columns, IRIs shortened with the project's
//! prefixes, literals shown by their lexical form.

use std::io::{self, Write};

use oxigraph::model::{LiteralRef, Term, TermRef};
use oxigraph::sparql::{QueryEvaluationError, QuerySolutionIter};

use crate::prefixes::shorten;

/// How a term is shown in a table cell.
pub fn cell(term: Option<&Term>) -> String {
    match term.map(Term::as_ref) {
        None => String::new(),
        Some(TermRef::NamedNode(n)) => shorten(n.as_str()),
        Some(TermRef::BlankNode(b)) => format!("_:{}", b.as_str()),
        Some(TermRef::Literal(l)) => literal_text(l),
        #[allow(unreachable_patterns)]
        Some(other) => other.to_string(),
    }
}

/// How a literal is shown: its lexical form on one line (line breaks and tabs become
/// spaces), with `@lang` for languages other than English.
pub fn literal_text<'a>(literal: impl Into<LiteralRef<'a>>) -> String {
    let l = literal.into();
    match l.language() {
        Some(lang) if lang != "en" => format!("{}@{lang}", l.value()),
        _ => l.value().replace(['\n', '\r', '\t'], " "),
    }
}

/// A SELECT result as a header and rows of [`cell`] texts.
pub fn solution_rows(solutions: QuerySolutionIter<'_>) -> Result<(Vec<String>, Vec<Vec<String>>), QueryEvaluationError> {
    let header: Vec<String> = solutions.variables().iter().map(|v| v.as_str().to_owned()).collect();
    let variables = solutions.variables().to_vec();
    let mut rows = Vec::new();
    for solution in solutions {
        let solution = solution?;
        rows.push(variables.iter().map(|v| cell(solution.get(v))).collect());
    }
    Ok((header, rows))
}

/// Writes rows under a header as aligned columns separated by two spaces, with a rule
/// under the header and a row count at the end.
pub fn write_table(mut out: impl Write, header: &[String], rows: &[Vec<String>]) -> io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (i, c) in row.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let line = |cells: &[String]| -> String {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                s.push_str(c);
            } else {
                s.push_str(c);
                s.extend(std::iter::repeat_n(' ', widths[i] - c.chars().count() + 2));
            }
        }
        s.trim_end().to_owned()
    };
    writeln!(out, "{}", line(header))?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    writeln!(out, "{}", line(&rule))?;
    for row in rows {
        writeln!(out, "{}", line(row))?;
    }
    writeln!(out, "({} row{})", rows.len(), if rows.len() == 1 { "" } else { "s" })?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_aligned() {
        let mut out = Vec::new();
        let header = vec!["a".to_owned(), "bb".to_owned()];
        let rows = vec![vec!["xxx".to_owned(), "y".to_owned()]];
        write_table(&mut out, &header, &rows).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "a    bb\n---  --\nxxx  y\n(1 row)\n");
    }
}
