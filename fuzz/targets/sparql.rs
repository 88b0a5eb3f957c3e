//! The `sparql` target: what `nkkg query --param NAME=VALUE` does with query text —
//! the nesting and algebra limits, parsing with the project's prefixes, binding the
//! parameters, evaluating on the bundled graph under a 300 ms deadline and writing the
//! results. An input is the query text, optionally preceded by lines `#param NAME=VALUE`
//! and `#format NAME`. Oracles: no panic, abort or hang (the deadline must stop the
//! evaluation).

use std::time::Duration;

use nkkg::formats::{GraphFormat, OutputFormat, ResultsFormat};
use nkkg::query::{self, Deadline};
use nkkg::store::GraphStore;
use oxigraph::sparql::{CancellationToken, QueryResults};

use super::{outcome, Target};

/// How long one query may evaluate.
const DEADLINE: Duration = Duration::from_millis(300);

/// SPARQL keywords, functions, terms and the project's prefixed names.
pub const DICTIONARY: &[&str] = &[
    "SELECT ", "*", "DISTINCT ", "WHERE ", "{ ", " }", "?s ", "?p ", "?o ", "$x ", "OPTIONAL { ", "UNION ", "MINUS { ",
    "FILTER(", "BIND(", " AS ?b)", "VALUES ?s { ", "GRAPH ?g { ", "SERVICE <http://x/> { ", "ORDER BY ", "DESC(", "GROUP BY ",
    "HAVING(", "COUNT(*)", "SUM(", "GROUP_CONCAT(", "SAMPLE(", "LIMIT 1", "OFFSET 2", "ASK ", "CONSTRUCT ", "DESCRIBE ",
    "FROM <", "FROM NAMED <", "a ", "rdfs:label ", "nk:partOf*", "nk:partOf+", "(nk:partOf|^nk:partOf)*", "!(rdf:type)",
    "/", "|", "^", "?", "+", "*", "nke:Armenia", "nke:Shusha", "nk:Event", "\"x\"@en", "\"1\"^^xsd:integer", "1e9", "-0.0",
    "<http://a/b>", "_:b", "[]", "( 1 2 )", "<<", ">>", "STR(", "REGEX(", "CONTAINS(", "LANG(", "IRI(", "BNODE()", "NOW()",
    "RAND()", "COALESCE(", "IF(", "EXISTS { ", "NOT EXISTS { ", "&&", "||", "!", "=", "!=", "<", ">=", "#param ", "#format ",
    "place=nke:Shusha\n", "actor=<https://w3id.org/nkkg/id/Armenia>\n", "x=\"\\u0000\"\n", "PREFIX p: <http://p/>\n", "BASE <",
    "\\u0000", "\\U0010FFFF", "LOAD <http://x/>", "INSERT DATA { ", "'''", "\"\"\"", "# comment\n",
];

/// The `sparql` target: the bundled graph.
pub struct Sparql {
    store: GraphStore,
}

impl Sparql {
    /// Loads the bundled graph.
    pub fn new() -> Self {
        Self { store: GraphStore::bundled().expect("the bundled graph loads") }
    }
}

/// The formats results are written in, chosen by `#format NAME` or by the input's length.
const FORMATS: &[OutputFormat] = &[
    OutputFormat::Results(ResultsFormat::Table),
    OutputFormat::Results(ResultsFormat::Json),
    OutputFormat::Results(ResultsFormat::Xml),
    OutputFormat::Results(ResultsFormat::Csv),
    OutputFormat::Graph(GraphFormat::Turtle),
    OutputFormat::Graph(GraphFormat::RdfXml),
    OutputFormat::Graph(GraphFormat::JsonLd),
];

impl Target for Sparql {
    fn run(&mut self, input: &[u8]) -> String {
        let Ok(text) = std::str::from_utf8(input) else {
            return "not utf-8".into();
        };
        let mut bindings = Vec::new();
        let mut format = FORMATS[input.len() % FORMATS.len()];
        let mut rest = text;
        loop {
            if let Some(line) = rest.strip_prefix("#param ") {
                let (param, after) = line.split_once('\n').unwrap_or((line, ""));
                match query::parse_param(param) {
                    Ok(binding) => bindings.push(binding),
                    Err(e) => {
                        return outcome("param", &e.to_string());
                    }
                }
                rest = after;
            } else if let Some(line) = rest.strip_prefix("#format ") {
                let (name, after) = line.split_once('\n').unwrap_or((line, ""));
                format = FORMATS[name.len() % FORMATS.len()];
                rest = after;
            } else {
                break;
            }
        }
        let token = CancellationToken::new();
        let _deadline = Deadline::start(token.clone(), DEADLINE);
        let written = nkkg::sparql_limits::with_stack(|| {
            let results = query::execute(&self.store, rest, &bindings, Some(token))?;
            let shape = match &results {
                QueryResults::Solutions(_) => "solutions",
                QueryResults::Graph(_) => "graph",
                QueryResults::Boolean(_) => "boolean",
            };
            let defaulted = !matches!((&results, format), (QueryResults::Graph(_), OutputFormat::Graph(_)));
            nkkg::results::write(results, format, defaulted, std::io::sink())?;
            anyhow::Ok(shape)
        });
        match written {
            Ok(shape) => format!("ok:{shape}:{format:?}"),
            Err(e) => {
                let message = format!("{e:#}");
                outcome("error", &message)
            }
        }
    }
}

/// The named queries, each with its parameters bound to an entity of the bundled graph.
pub fn named_query_seeds() -> Vec<(String, Vec<u8>)> {
    nkkg::named_queries::all()
        .into_iter()
        .map(|q| {
            let params: String = nkkg::named_queries::parameters(&q).iter().map(|p| format!("#param {p}=nke:Armenia\n")).collect();
            (format!("named query {}", q.name), format!("{params}{}", q.text).into_bytes())
        })
        .collect()
}
