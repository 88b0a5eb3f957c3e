//! Errors a user can act on, each with the process exit status it maps to.

use thiserror::Error;

/// An error that `main` reports as one sentence and a specific exit status.
#[derive(Debug, Error)]
pub enum NkkgError {
    /// An RDF file does not parse.
    #[error("{file}:{line}:{column}: {message}")]
    RdfSyntax {
        /// File name as given (or the bundled path).
        file: String,
        /// 1-based line (0 when the parser gives no position).
        line: u64,
        /// 1-based column.
        column: u64,
        /// The parser's message.
        message: String,
    },
    /// A SPARQL query or update does not parse; `rendered` shows the line and a caret.
    #[error("{rendered}")]
    SparqlSyntax {
        /// The message with the offending line and a caret under the position.
        rendered: String,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// A named query that does not exist.
    #[error("there is no named query '{name}'; the named queries are: {}", available.join(", "))]
    UnknownQuery {
        /// The name asked for.
        name: String,
        /// The names that exist.
        available: Vec<String>,
    },
    /// A name that matches several entities.
    #[error("'{name}' is ambiguous; it names: {}", candidates.join(", "))]
    Ambiguous {
        /// The name asked for.
        name: String,
        /// `IRI (label)` of each match.
        candidates: Vec<String>,
    },
    /// A name that matches no entity.
    #[error("no entity is called '{0}'; try an IRI, a prefixed name such as nke:Turkey, or a label")]
    UnknownEntity(String),
    /// A query ran past its time limit.
    #[error("the query was stopped after {0} s (--timeout); narrow it or raise the limit")]
    Timeout(u64),
    /// Anything else the user has to change in the command line.
    #[error("{0}")]
    Usage(String),
    /// A remote store (`--endpoint`) could not be reached, refused the credentials, did
    /// not answer in time, or answered with an error.
    #[error("{0}")]
    Endpoint(String),
}

impl NkkgError {
    /// The process exit status: 2 for syntax and usage errors, 3 when the remote store
    /// failed, 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::SparqlSyntax { .. } | Self::UnknownQuery { .. } | Self::Ambiguous { .. } | Self::Usage(_) => 2,
            Self::Endpoint(_) => 3,
            Self::RdfSyntax { .. } | Self::UnknownEntity(_) | Self::Timeout(_) => 1,
        }
    }
}

/// Renders a SPARQL parser error as the offending line with a caret under the position.
/// `message` is the parser's text, which starts with `error at LINE:COLUMN:`; the rendered
/// error gives one position, the caret's, and shows control characters escaped.
pub fn sparql_syntax_error(query: &str, message: &str) -> NkkgError {
    let (line, reported) = parse_line_col(message).unwrap_or((1, 1));
    let message = strip_position(message);
    let text = query.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let column = offending_token_column(text, reported);
    let before: String = text.chars().take(column.saturating_sub(1)).collect();
    let caret_pad: String = escape_controls(&before).chars().map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
    let rendered = format!(
        "SPARQL syntax error at line {line}, column {column}: {}\n  {line:>3} | {}\n      | {caret_pad}^",
        escape_controls(message),
        escape_controls(text)
    );
    NkkgError::SparqlSyntax { rendered, line, column, message: message.to_owned() }
}

/// The parser's message without its own `error at LINE:COLUMN:` prefix, which counts
/// columns differently from the caret.
fn strip_position(message: &str) -> &str {
    let Some(rest) = message.strip_prefix("error at ") else { return message };
    let end = rest.find(|c: char| !(c.is_ascii_digit() || c == ':')).unwrap_or(rest.len());
    if end == 0 {
        return message;
    }
    rest[end..].trim_start()
}

/// Escapes the characters of `text` that a terminal or a log would not show as themselves:
/// control characters other than line feed and tab (a NUL, an escape sequence, a carriage
/// return) and the bidirectional overrides (which reorder what follows them). Each becomes
/// its Rust escape, such as `\u{0}`. Every error message goes through this before it is
/// printed or answered.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| (c.is_control() && c != '\n' && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !text.contains(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The parser reports where it stopped, which is often just past the offending token
/// (at the following space or end of line). Moves back to the start of that token.
fn offending_token_column(text: &str, reported: usize) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let mut i = reported.saturating_sub(1).min(chars.len());
    if i < chars.len() && !chars[i].is_whitespace() {
        return i + 1;
    }
    while i > 0 && chars.get(i).is_none_or(|c| c.is_whitespace()) {
        i -= 1;
    }
    let word = |c: char| c.is_alphanumeric() || c == '_';
    if chars.get(i).is_some_and(|&c| word(c)) {
        while i > 0 && word(chars[i - 1]) {
            i -= 1;
        }
    }
    i + 1
}

fn parse_line_col(message: &str) -> Option<(usize, usize)> {
    let rest = &message[message.find("error at ")? + "error at ".len()..];
    let end = rest.find(|c: char| !(c.is_ascii_digit() || c == ':')).unwrap_or(rest.len());
    let mut parts = rest[..end].trim_end_matches(':').split(':');
    Some((parts.next()?.parse().ok()?, parts.next()?.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_points_at_the_column() {
        let err = sparql_syntax_error("SELECT *\nWHERE { ?s ?p }", "error at 2:16: expected one of \".\"");
        let NkkgError::SparqlSyntax { rendered, line, column, .. } = err else { panic!() };
        assert_eq!((line, column), (2, 15));
        let lines: Vec<&str> = rendered.lines().collect();
        assert_eq!(lines[1], "    2 | WHERE { ?s ?p }");
        assert_eq!(lines[2].find('^').unwrap() - lines[2].find('|').unwrap() - 2, 14);
    }

    #[test]
    fn one_position_is_given_and_control_characters_are_escaped() {
        let err = sparql_syntax_error("ASK { \u{0}?s }", "error at 1:7: expected one of \"}\"");
        let NkkgError::SparqlSyntax { rendered, message, .. } = err else { panic!() };
        assert_eq!(message, "expected one of \"}\"");
        let lines: Vec<&str> = rendered.lines().collect();
        assert_eq!(lines[0], "SPARQL syntax error at line 1, column 7: expected one of \"}\"");
        assert_eq!(lines[1], "    1 | ASK { \\u{0}?s }");
        assert_eq!(lines[2], "      |       ^");
        assert_eq!(escape_controls("a\u{1b}[2Jb\r\u{202e}c\td\ne"), "a\\u{1b}[2Jb\\r\\u{202e}c\td\ne");
        assert!(matches!(escape_controls("plain"), std::borrow::Cow::Borrowed("plain")));
    }

    #[test]
    fn caret_moves_back_to_the_start_of_the_offending_word() {
        assert_eq!(offending_token_column("WHER  { ?s ?p ?o }", 6), 1);
        assert_eq!(offending_token_column("FILTER(?s = ) }", 14), 13);
        assert_eq!(offending_token_column("FILTER(?s = ) }", 13), 13);
    }
}
