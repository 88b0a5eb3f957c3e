//! SPARQL 1.1 queries over the store: parsing with the project's prefixes, binding
//! parameters on the parsed algebra (a `VALUES` block joined into the WHERE pattern,
//! SPARQL 1.1 Query §10.2), union default graph, and cancellation on a deadline.
//!
//! On a remote store (`--endpoint`) the bound query is sent as standard SPARQL text (full
//! IRIs, the `VALUES` block in place) and none of the local machinery below applies: the
//! union default graph is the remote store's own setting, and the time limit is its read
//! timeout.
//!
//! Cancellation has two halves. Oxigraph's evaluator looks at the [`CancellationToken`]
//! whenever it reads the store; [`watch`] looks at it again before every solution or
//! triple the serializer pulls, which stops answers whose solutions are computed without
//! reading the store (a cartesian product of parts already read). Operators that work on
//! what they have already read without handing anything out (sorting, grouping) see the
//! token only at their next read: callers keep such an evaluation's slot until it ends.

use std::io::{self, IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{mpsc, Arc};
use std::thread;
use std::time::Duration;

use oxigraph::model::{Literal, NamedNode, Term};
use oxigraph::sparql::{
    CancellationToken, PreparedSparqlQuery, QueryEvaluationError, QueryResults, QuerySolution, QuerySolutionIter,
    QueryTripleIter, SparqlEvaluator, Variable,
};
use spargebra::algebra::GraphPattern;
use spargebra::term::GroundTerm;
use spargebra::{Query, SparqlParser};

use crate::error::{sparql_syntax_error, NkkgError};
use crate::formats::{OutputFormat, ResultsFormat};
use crate::named_queries;
use crate::prefixes::{self, PREFIXES};
use crate::results;
use crate::sparql_limits;
use crate::stoppable;
use crate::store::GraphStore;

/// A variable binding given with `--param name=value`.
pub type Binding = (Variable, Term);

/// Parses SPARQL query text with the project's prefixes pre-declared, within the limits
/// of `sparql_limits` (nesting, algebra depth, no SERVICE).
pub fn parse(text: &str) -> Result<Query, NkkgError> {
    sparql_limits::parse(text, |text| {
        let mut parser = SparqlParser::new();
        for (prefix, ns) in PREFIXES {
            parser = parser.with_prefix(*prefix, *ns).expect("project prefixes are valid IRIs");
        }
        parser.parse_query(text).map_err(|e| sparql_syntax_error(text, &e.to_string()))
    })
}

/// Parses `name=value` into a variable and an RDF term (see `--param` in `nkkg help query`).
pub fn parse_param(param: &str) -> Result<Binding, NkkgError> {
    let (name, value) = param
        .split_once('=')
        .ok_or_else(|| NkkgError::Usage(format!("--param '{param}' is not of the form name=value")))?;
    let name = name.trim().trim_start_matches(['?', '$']);
    let variable = Variable::new(name)
        .map_err(|_| NkkgError::Usage(format!("--param: '{name}' is not a valid variable name")))?;
    Ok((variable, parse_term(value.trim())?))
}

/// Reads a term written on the command line: `<iri>`, `prefix:local`, an N-Triples literal,
/// a number, `true`/`false`, or else a plain string.
pub fn parse_term(value: &str) -> Result<Term, NkkgError> {
    if value.starts_with('<') || value.starts_with('"') {
        return Term::from_str(value).map_err(|e| NkkgError::Usage(format!("--param value {value}: {e}")));
    }
    if let Some(iri) = prefixes::expand(value) {
        return Ok(iri.into());
    }
    if let Ok(i) = value.parse::<i64>() {
        return Ok(Literal::from(i).into());
    }
    if value.contains('.') && value.parse::<f64>().is_ok() {
        return Ok(Literal::new_typed_literal(value, NamedNode::new_unchecked("http://www.w3.org/2001/XMLSchema#decimal")).into());
    }
    if value == "true" || value == "false" {
        return Ok(Literal::from(value == "true").into());
    }
    Ok(Literal::new_simple_literal(value).into())
}

/// Joins a one-row `VALUES` block for `bindings` into the query's WHERE group (see
/// [`inject`]). Fails when a variable is not used by the query.
pub fn bind(mut query: Query, bindings: &[Binding]) -> Result<Query, NkkgError> {
    if bindings.is_empty() {
        return Ok(query);
    }
    let mut ground = Vec::new();
    for (variable, term) in bindings {
        ground.push(match term {
            Term::NamedNode(n) => GroundTerm::NamedNode(n.clone()),
            Term::Literal(l) => GroundTerm::Literal(l.clone()),
            _ => return Err(NkkgError::Usage(format!("--param {variable}: only IRIs and literals can be bound"))),
        });
    }
    let serialized = query.to_string();
    for (variable, _) in bindings {
        if !mentions_variable(&serialized, variable.as_str()) {
            return Err(NkkgError::Usage(format!("the query has no variable {variable} to bind with --param")));
        }
    }
    let pattern = match &mut query {
        Query::Select { pattern, .. }
        | Query::Construct { pattern, .. }
        | Query::Describe { pattern, .. }
        | Query::Ask { pattern, .. } => pattern,
    };
    let values = GraphPattern::Values {
        variables: bindings.iter().map(|(v, _)| v.clone()).collect(),
        bindings: vec![ground.into_iter().map(Some).collect()],
    };
    inject(pattern, values);
    Ok(query)
}

/// Whether SPARQL text uses `?name` or `$name` as a whole variable name.
fn mentions_variable(text: &str, name: &str) -> bool {
    ['?', '$'].iter().any(|sigil| {
        let needle = format!("{sigil}{name}");
        text.match_indices(&needle).any(|(at, _)| {
            !text[at + needle.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
        })
    })
}

/// Puts the VALUES block inside the WHERE group: below solution modifiers, grouping,
/// FILTER and BIND, so that filters and binds of the group see the bound variables. (On
/// the embedded store, [`prepare`] then moves it deeper: see [`pushdown`](crate::pushdown).)
fn inject(pattern: &mut GraphPattern, values: GraphPattern) {
    let group = crate::pushdown::where_group(pattern);
    let where_pattern = std::mem::replace(group, GraphPattern::Bgp { patterns: Vec::new() });
    *group = GraphPattern::Join { left: Box::new(values), right: Box::new(where_pattern) };
}

/// Prepares a parsed query for the store: the default graph is the union of all graphs
/// unless the query names its own dataset (FROM / FROM NAMED). With a token, the query is
/// [instrumented](stoppable::instrument) to stop once it is cancelled: run `execute` and
/// pull its results within [`stoppable::contain`] (as [`execute`] and [`watch`] do).
pub fn prepare(mut query: Query, token: Option<CancellationToken>) -> PreparedSparqlQuery {
    crate::pushdown::sink_values(&mut query);
    let has_dataset = match &query {
        Query::Select { dataset, .. }
        | Query::Construct { dataset, .. }
        | Query::Describe { dataset, .. }
        | Query::Ask { dataset, .. } => dataset.is_some(),
    };
    let mut prepared = match token {
        Some(token) => stoppable::evaluator(token).for_query(stoppable::instrument(query)),
        None => SparqlEvaluator::new().for_query(query),
    };
    if !has_dataset {
        prepared.dataset_mut().set_default_graph_as_union();
    }
    prepared
}

/// Parses, binds and evaluates a query on a store; with a token, the results are
/// [watched](watch) by it.
pub fn execute(
    store: &GraphStore,
    text: &str,
    bindings: &[Binding],
    token: Option<CancellationToken>,
) -> anyhow::Result<QueryResults<'static>> {
    evaluate(store, bind(parse(text)?, bindings)?, token)
}

/// Evaluates a parsed (and bound) query: on the embedded store [prepared](prepare) and,
/// with a token, [watched](watch); on a remote store sent as text, nothing local added.
pub fn evaluate(store: &GraphStore, query: Query, token: Option<CancellationToken>) -> anyhow::Result<QueryResults<'static>> {
    if let Some(remote) = store.endpoint() {
        let graph = returns_graph(&query);
        return remote.query(&crate::portable::blank_nodes_as_variables(query).to_string(), graph);
    }
    let prepared = prepare(query, token.clone());
    let results = run_prepared(store, prepared)?;
    Ok(match token {
        Some(token) => watch(results, token),
        None => results,
    })
}

/// Runs a [prepared](prepare) query on an embedded store, within [`stoppable::contain`]:
/// on the bundled graph's frozen dataset while no in-memory store has been built from it
/// (see [`crate::frozen`]), else on the store. Panics on a remote store.
pub fn run_prepared(store: &GraphStore, prepared: PreparedSparqlQuery) -> Result<QueryResults<'static>, QueryEvaluationError> {
    stoppable::contain(|| match store.frozen() {
        Some(frozen) => prepared.on_queryable_dataset(crate::frozen::FrozenView::new(frozen)).execute(),
        None => prepared.on_store(store.embedded().expect("run_prepared is for embedded stores")).execute(),
    })
}

/// Whether a query answers with a graph (CONSTRUCT, DESCRIBE) rather than solutions.
pub fn returns_graph(query: &Query) -> bool {
    matches!(query, Query::Construct { .. } | Query::Describe { .. })
}

/// Makes the solutions or triples of `results` end with [`QueryEvaluationError::Cancelled`]
/// as soon as `token` is cancelled: the token is looked at before each one is computed and
/// again before it is handed out, so a serializer pulling them stops at the deadline even
/// when the evaluation itself does not read the store in between; and an evaluation
/// [stopped](crate::stoppable) inside one step ends the same way.
pub fn watch(results: QueryResults<'_>, token: CancellationToken) -> QueryResults<'_> {
    match results {
        QueryResults::Solutions(solutions) => {
            let variables: Arc<[Variable]> = solutions.variables().into();
            QueryResults::Solutions(QuerySolutionIter::new(variables, Watched { inner: solutions, token, ended: false }))
        }
        QueryResults::Graph(triples) => QueryResults::Graph(QueryTripleIter::new(Watched { inner: triples, token, ended: false })),
        boolean @ QueryResults::Boolean(_) => boolean,
    }
}

/// An iterator of results that ends with a cancellation error once its token is cancelled.
struct Watched<I> {
    inner: I,
    token: CancellationToken,
    ended: bool,
}

impl<T, I: Iterator<Item = Result<T, QueryEvaluationError>>> Iterator for Watched<I> {
    type Item = Result<T, QueryEvaluationError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.ended {
            return None;
        }
        let item = if self.token.is_cancelled() { None } else { stoppable::contain(|| self.inner.next().transpose()).transpose() };
        if self.token.is_cancelled() {
            self.ended = true;
            return Some(Err(QueryEvaluationError::Cancelled));
        }
        item
    }
}

/// Evaluates a SELECT query and collects its solutions.
pub fn select(store: &GraphStore, text: &str, bindings: &[Binding]) -> anyhow::Result<Vec<QuerySolution>> {
    match execute(store, text, bindings, None)? {
        QueryResults::Solutions(solutions) => Ok(solutions.collect::<Result<_, _>>()?),
        _ => anyhow::bail!("expected a SELECT query"),
    }
}

/// A timer that cancels a query when its time is up, and stops when dropped.
pub struct Deadline {
    stop: Option<mpsc::Sender<()>>,
}

impl Deadline {
    /// Cancels `token` after `limit`, unless dropped first.
    pub fn start(token: CancellationToken, limit: Duration) -> Self {
        Self::start_with(token, limit, None)
    }

    /// Like [`Deadline::start`], and if the query has still not stopped `grace` after the
    /// cancellation (some operators, such as a large hash join being built, only look at
    /// the token between steps), reports `error` and ends the process with status 1.
    /// For the command line only.
    pub fn start_or_exit(token: CancellationToken, limit: Duration, grace: Duration, error: NkkgError) -> Self {
        Self::start_with(token, limit, Some((grace, error)))
    }

    fn start_with(token: CancellationToken, limit: Duration, exit: Option<(Duration, NkkgError)>) -> Self {
        let (stop, stopped) = mpsc::channel::<()>();
        thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(limit) {
                token.cancel();
                if let Some((grace, error)) = exit {
                    if let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(grace) {
                        eprintln!("error: {error}");
                        std::process::exit(i32::from(error.exit_code()));
                    }
                }
            }
        });
        Self { stop: Some(stop) }
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Where the text of a query or an update comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Input {
    /// The text itself.
    Text(String),
    /// A file to read (a file named `-` is a file; standard input is [`Input::Stdin`]).
    File(PathBuf),
    /// Standard input, read to its end.
    #[default]
    Stdin,
}

impl Input {
    /// Reads the text.
    pub fn read(&self) -> anyhow::Result<String> {
        use anyhow::Context;
        match self {
            Self::Text(text) => Ok(text.clone()),
            Self::File(path) => std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display())),
            Self::Stdin => read_text(Path::new("-")),
        }
    }
}

/// Which query `nkkg query` runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QuerySource {
    /// Query text to read.
    Input(Input),
    /// A named query (see `nkkg queries`).
    Named(String),
}

impl Default for QuerySource {
    fn default() -> Self {
        Self::Input(Input::Stdin)
    }
}

/// What `nkkg query` runs and how it writes the results.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The query: text, a file, standard input or a named query.
    pub query: QuerySource,
    /// Variables bound before evaluation (see [`parse_param`]).
    pub bindings: Vec<Binding>,
    /// The output format; `None` picks a table on a terminal and JSON otherwise, and
    /// Turtle for graphs.
    pub format: Option<OutputFormat>,
    /// Stop the query after this long; `None` lets it run.
    pub timeout: Option<Duration>,
}

/// `nkkg query`: reads the query, evaluates it and writes the results to standard output,
/// on a thread whose stack holds any query within `sparql_limits`.
pub fn run(store: &GraphStore, options: &Options) -> anyhow::Result<()> {
    let text = match &options.query {
        QuerySource::Input(input) => input.read()?,
        QuerySource::Named(name) => named_queries::get(name)?.text.to_owned(),
    };
    sparql_limits::with_stack(|| run_text(store, options, &text))
}

fn run_text(store: &GraphStore, options: &Options, text: &str) -> anyhow::Result<()> {
    let timeout = options.timeout.map(|t| t.as_secs());
    let token = CancellationToken::new();
    let _deadline = options.timeout.map(|limit| {
        Deadline::start_or_exit(token.clone(), limit, Duration::from_secs(1), NkkgError::Timeout(limit.as_secs()))
    });
    // A count or an ASK is computed by `execute` itself, which may be the step cancelled.
    let results = execute(store, text, &options.bindings, Some(token)).map_err(|e| timeout_error(e, timeout))?;
    let terminal = io::stdout().is_terminal();
    let format = options.format.unwrap_or(if terminal {
        OutputFormat::Results(ResultsFormat::Table)
    } else {
        OutputFormat::Results(ResultsFormat::Json)
    });
    let stdout = io::stdout().lock();
    results::write(results, format, options.format.is_none(), io::BufWriter::new(stdout))
        .map_err(|e| timeout_error(e, timeout))
}

/// Whether an evaluation error is the cancellation of a query (its deadline passed).
pub fn is_cancelled(error: &anyhow::Error) -> bool {
    error
        .downcast_ref::<oxigraph::sparql::QueryEvaluationError>()
        .is_some_and(|e| matches!(e, oxigraph::sparql::QueryEvaluationError::Cancelled))
}

fn timeout_error(error: anyhow::Error, timeout: Option<u64>) -> anyhow::Error {
    match (is_cancelled(&error), timeout) {
        (true, Some(secs)) => NkkgError::Timeout(secs).into(),
        _ => error,
    }
}

/// Reads a file, or standard input for `-`.
pub fn read_text(path: &Path) -> anyhow::Result<String> {
    use anyhow::Context;
    if path.as_os_str() == "-" {
        let mut text = String::new();
        io::stdin().read_to_string(&mut text).context("cannot read standard input")?;
        Ok(text)
    } else {
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_are_typed() {
        let (v, t) = parse_param("actor=nke:Turkey").unwrap();
        assert_eq!(v.as_str(), "actor");
        assert_eq!(t.to_string(), "<https://w3id.org/nkkg/id/Turkey>");
        assert_eq!(parse_param("y=1992").unwrap().1.to_string(), "\"1992\"^^<http://www.w3.org/2001/XMLSchema#integer>");
        assert_eq!(parse_param("l=\"Agdam\"@en").unwrap().1.to_string(), "\"Agdam\"@en");
        assert_eq!(parse_param("l=Agdam").unwrap().1.to_string(), "\"Agdam\"");
        assert!(parse_param("noequals").is_err());
    }

    #[test]
    fn bind_restricts_solutions_and_rejects_unknown_variables() {
        let store = oxigraph::store::Store::new().unwrap();
        store
            .load_from_slice(
                oxigraph::io::RdfFormat::Turtle,
                "@prefix ex: <http://ex/> . ex:a ex:p 1 . ex:b ex:p 2 . ex:c ex:p 2 .",
            )
            .unwrap();
        let gs = GraphStore::from_parts(store);
        let q = "SELECT ?s WHERE { ?s <http://ex/p> ?o } ORDER BY ?s";
        let filtered = "SELECT ?s WHERE { ?s <http://ex/p> ?o FILTER(?o = ?wanted) } ORDER BY ?s";
        let w = vec![parse_param("wanted=1").unwrap()];
        let QueryResults::Solutions(sols) = execute(&gs, filtered, &w, None).unwrap() else { panic!() };
        let got: Vec<String> = sols.map(|s| s.unwrap().get("s").unwrap().to_string()).collect();
        assert_eq!(got, vec!["<http://ex/a>"]);
        let b = vec![parse_param("o=2").unwrap()];
        let QueryResults::Solutions(sols) = execute(&gs, q, &b, None).unwrap() else { panic!() };
        let got: Vec<String> = sols.map(|s| s.unwrap().get("s").unwrap().to_string()).collect();
        assert_eq!(got, vec!["<http://ex/b>", "<http://ex/c>"]);
        let counted = "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://ex/p> ?o }";
        let QueryResults::Solutions(mut sols) = execute(&gs, counted, &b, None).unwrap() else { panic!() };
        assert_eq!(sols.next().unwrap().unwrap().get("n").unwrap().to_string(), "\"2\"^^<http://www.w3.org/2001/XMLSchema#integer>");
        assert!(execute(&gs, q, &[parse_param("zzz=2").unwrap()], None).is_err());
    }

    #[test]
    fn watched_results_end_when_the_token_is_cancelled() {
        let store = oxigraph::store::Store::new().unwrap();
        store.load_from_slice(oxigraph::io::RdfFormat::Turtle, "<http://ex/a> <http://ex/p> 1, 2, 3 .").unwrap();
        let gs = GraphStore::from_parts(store);
        // A product of values computed without reading the store between solutions.
        let product = "SELECT * WHERE { VALUES ?x { 1 2 3 4 } VALUES ?y { 1 2 3 4 } }";
        let token = CancellationToken::new();
        let QueryResults::Solutions(mut sols) = execute(&gs, product, &[], Some(token.clone())).unwrap() else { panic!() };
        assert!(sols.next().unwrap().is_ok());
        token.cancel();
        assert!(matches!(sols.next(), Some(Err(QueryEvaluationError::Cancelled))));
        assert!(sols.next().is_none());
        let token = CancellationToken::new();
        let construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }";
        let QueryResults::Graph(mut triples) = execute(&gs, construct, &[], Some(token.clone())).unwrap() else { panic!() };
        assert!(triples.next().unwrap().is_ok());
        token.cancel();
        assert!(matches!(triples.next(), Some(Err(QueryEvaluationError::Cancelled))));
        let QueryResults::Solutions(all) = execute(&gs, product, &[], Some(CancellationToken::new())).unwrap() else { panic!() };
        assert_eq!(all.count(), 16);
    }
}
