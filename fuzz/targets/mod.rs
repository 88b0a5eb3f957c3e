//! The fuzz targets: what each runs an input through, the oracles it checks (it panics
//! when one fails), its dictionary of tokens for the mutator, and its built-in seeds.

mod ingest;
mod router;
mod sparql;
mod writer;

/// The names of the targets, as given to `run`.
pub const NAMES: &[&str] = &["sparql", "router", "ingest", "writer"];

/// A fuzz target: runs one input and returns a short description of its outcome (the
/// harness's feedback); panics on a finding.
pub trait Target {
    /// Runs `input` through the target.
    fn run(&mut self, input: &[u8]) -> String;
}

/// The target named `name`, ready to run inputs.
pub fn make(name: &str) -> Box<dyn Target> {
    match name {
        "sparql" => Box::new(sparql::Sparql::new()),
        "router" => Box::new(router::Router::new()),
        "ingest" => Box::new(ingest::Ingest::new()),
        "writer" => Box::new(writer::Writer),
        other => panic!("no fuzz target '{other}'"),
    }
}

/// Tokens the mutator inserts into inputs of `name`.
pub fn dictionary(name: &str) -> &'static [&'static str] {
    match name {
        "sparql" => sparql::DICTIONARY,
        "router" => router::DICTIONARY,
        "ingest" => ingest::DICTIONARY,
        _ => &[],
    }
}

/// The longest input the mutator makes for `name`.
pub fn max_len(name: &str) -> usize {
    match name {
        "ingest" => 64 << 10,
        "writer" => 4 << 10,
        _ => 16 << 10,
    }
}

/// Seeds that live in the project rather than in `fuzz/corpus`: the named queries.
pub fn builtin_seeds(name: &str) -> Vec<(String, Vec<u8>)> {
    match name {
        "sparql" => sparql::named_query_seeds(),
        _ => Vec::new(),
    }
}

/// Error text as a short outcome: its first words, digits and quoted parts dropped, so
/// that positions and echoed input do not make every error new.
pub fn outcome(kind: &str, message: &str) -> String {
    let mut short = String::new();
    let mut quoted = false;
    for c in message.chars().take(60) {
        match c {
            '\'' | '"' | '`' => quoted = !quoted,
            _ if quoted || c.is_ascii_digit() => {}
            _ => short.push(c),
        }
    }
    format!("{kind}:{short}")
}

/// Panics when a message as shown to users (after the edge's escaping) holds control characters other than newline and
/// tab (issue 13, item 8: raw NUL bytes in error messages).
pub fn assert_printable(what: &str, message: &str) {
    if let Some(c) = message.chars().find(|c| c.is_control() && *c != '\n' && *c != '\t') {
        panic!("{what} holds the control character {c:?}: {message:?}");
    }
}
