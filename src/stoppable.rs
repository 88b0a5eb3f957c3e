//! Evaluation that stops at the deadline (issue 13, item 2). Oxigraph 0.5.13 looks at a
//! query's `CancellationToken` only when it reads a quad from the store or converts a
//! term; the operators that work on solutions already read — the sort of ORDER BY, the
//! accumulation of GROUP BY and aggregates, a FILTER over a cartesian product, the joins
//! that multiply their inputs — never look, and an error from an input does not stop
//! them either: they set it aside and keep going. So a query past its deadline kept
//! running for seconds to minutes.
//!
//! [`instrument`] adds, where those operators work on each solution, a call to a function
//! of ours, [`ALIVE`]: a first sort key, an extra `COUNT` aggregate of every group, and a
//! FILTER beside every FILTER and OPTIONAL condition over two variables or more, referring
//! to the same variables so that the optimizer puts it in the same place. The function returns `true` while the
//! query's token is alive; once the token is cancelled it unwinds the evaluation (with
//! `resume_unwind`, which prints nothing), and [`contain`], around every call that pulls
//! from the evaluation, turns that unwinding into `QueryEvaluationError::Cancelled`. The
//! answers are unchanged: the extra sort key is a constant, the extra aggregate is not
//! projected, and the extra filters are always true.
//!
//! Property-path closures, which spareval computes in one step that no cancellation
//! reaches, are first split at their start nodes by [`paths`], so that [`ALIVE`] runs
//! between two start nodes.
//!
//! What stays unbounded by this: the steps between two such calls — the closure from one
//! node, one build side of a join, one sort of solutions gathered before the deadline
//! are at most what the evaluation did before it, plus one pass over the store; and the
//! closures that [`paths`] leaves whole (each end bound alone by another pattern), when
//! the optimizer runs them from every node at once.

use std::panic::{self, AssertUnwindSafe};

use oxigraph::model::{BlankNode, Literal, NamedNode, Term};
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, SparqlEvaluator};
use spargebra::algebra::{AggregateExpression, AggregateFunction, Expression, Function, GraphPattern, OrderExpression};
use spargebra::term::Variable;
use spargebra::Query;

mod paths;

/// The IRI of the function that stops a cancelled evaluation (not for use in queries:
/// written in one, it returns a constant blank node without arguments, `true` with).
pub const ALIVE: &str = "https://w3id.org/nkkg/internal#alive";

/// The variable the extra aggregate of a group binds (never projected).
const ALIVE_VARIABLE: &str = "nkkg_internal_alive";

/// The payload of the unwinding that stops a cancelled evaluation.
struct Stopped;

/// An evaluator that watches `token`, with [`ALIVE`] defined to stop the evaluation once
/// `token` is cancelled.
pub fn evaluator(token: CancellationToken) -> SparqlEvaluator {
    let watched = token.clone();
    // Called on every solution or comparison, so it answers without allocating where it
    // can: a constant blank node as a sort key or a counted value (no arguments), `true`
    // in a filter (with arguments).
    let key = Term::from(BlankNode::new_from_unique_id(0x_a11e));
    let yes = Term::from(Literal::from(true));
    SparqlEvaluator::new().with_cancellation_token(token).with_custom_function(NamedNode::new_unchecked(ALIVE), move |arguments| {
        if watched.is_cancelled() {
            panic::resume_unwind(Box::new(Stopped));
        }
        Some(if arguments.is_empty() { key.clone() } else { yes.clone() })
    })
}

/// Runs `pull` (anything that makes an evaluation work: `execute`, or taking the next
/// solution), answering [`QueryEvaluationError::Cancelled`] when [`ALIVE`] stopped it.
/// Other panics go on unwinding.
pub fn contain<T>(pull: impl FnOnce() -> Result<T, QueryEvaluationError>) -> Result<T, QueryEvaluationError> {
    match panic::catch_unwind(AssertUnwindSafe(pull)) {
        Ok(result) => result,
        Err(payload) if payload.is::<Stopped>() => Err(QueryEvaluationError::Cancelled),
        Err(payload) => panic::resume_unwind(payload),
    }
}

/// Adds the calls to [`ALIVE`] to a query's algebra (see the module's documentation).
pub fn instrument(mut query: Query) -> Query {
    let pattern = match &mut query {
        Query::Select { pattern, .. }
        | Query::Construct { pattern, .. }
        | Query::Describe { pattern, .. }
        | Query::Ask { pattern, .. } => pattern,
    };
    paths::split_closures(pattern);
    instrument_pattern(pattern);
    query
}

fn alive(arguments: Vec<Expression>) -> Expression {
    Expression::FunctionCall(Function::Custom(NamedNode::new_unchecked(ALIVE)), arguments)
}

/// `alive(BOUND(?v), …)` over the variables of `expression`: true wherever `expression`
/// is evaluated, and placed by the optimizer where it is.
fn alive_beside(expression: &Expression) -> Expression {
    alive(variables_of(expression).into_iter().map(Expression::Bound).collect())
}

fn instrument_pattern(pattern: &mut GraphPattern) {
    match pattern {
        GraphPattern::Join { left, right }
        | GraphPattern::Union { left, right }
        | GraphPattern::Minus { left, right }
        | GraphPattern::Lateral { left, right } => {
            instrument_pattern(left);
            instrument_pattern(right);
        }
        GraphPattern::LeftJoin { left, right, expression } => {
            instrument_pattern(left);
            instrument_pattern(right);
            if let Some(condition) = expression.take_if(|c| variables_of(c).len() > 1) {
                *expression = Some(Expression::And(Box::new(alive_beside(&condition)), Box::new(condition)));
            }
        }
        // A filter over one variable sits on the pattern that binds it, which reads the
        // store for each solution: only a filter over several can stand on a product.
        GraphPattern::Filter { expr, inner } if variables_of(expr).len() > 1 => {
            instrument_pattern(inner);
            let beside = alive_beside(expr);
            let filtered = std::mem::replace(pattern, GraphPattern::Bgp { patterns: Vec::new() });
            *pattern = GraphPattern::Filter { expr: beside, inner: Box::new(filtered) };
        }
        GraphPattern::OrderBy { inner, expression } => {
            instrument_pattern(inner);
            expression.insert(0, OrderExpression::Asc(alive(Vec::new())));
        }
        GraphPattern::Group { inner, aggregates, .. } => {
            instrument_pattern(inner);
            let expr = alive(Vec::new());
            // COUNT evaluates its expression on every solution (SAMPLE stops after one)
            let count = AggregateExpression::FunctionCall { name: AggregateFunction::Count, expr, distinct: false };
            aggregates.push((Variable::new_unchecked(ALIVE_VARIABLE), count));
        }
        GraphPattern::Graph { inner, .. }
        | GraphPattern::Filter { inner, .. }
        | GraphPattern::Extend { inner, .. }
        | GraphPattern::Project { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. }
        | GraphPattern::Service { inner, .. } => instrument_pattern(inner),
        _ => {}
    }
}

/// The variables an expression mentions, read from its SPARQL form: `?name` outside
/// string literals and IRIs. A name too many only moves the extra filter up to where that
/// variable is bound too; it never changes an answer.
fn variables_of(expression: &Expression) -> Vec<Variable> {
    let text = expression.to_string();
    let bytes = text.as_bytes();
    let mut found: Vec<Variable> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'<' if bytes.get(i + 1).is_some_and(|b| !matches!(b, b' ' | b'=')) => {
                while i < bytes.len() && bytes[i] != b'>' {
                    i += 1;
                }
            }
            b'?' | b'$' => {
                let start = i + 1;
                let end = text[start..].find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '\u{b7}')).map_or(text.len(), |n| start + n);
                if let Ok(variable) = Variable::new(&text[start..end]) {
                    if !found.contains(&variable) {
                        found.push(variable);
                    }
                }
                i = end.max(start) - 1;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(query_filter: &str) -> Vec<String> {
        let query = spargebra::SparqlParser::new().parse_query(&format!("SELECT * WHERE {{ ?s ?p ?o FILTER({query_filter}) }}")).unwrap();
        let Query::Select { pattern, .. } = query else { unreachable!() };
        let mut pattern = &pattern;
        loop {
            match pattern {
                GraphPattern::Filter { expr, .. } => return variables_of(expr).iter().map(|v| v.as_str().to_owned()).collect(),
                GraphPattern::Project { inner, .. } => pattern = inner,
                other => panic!("no filter in {other:?}"),
            }
        }
    }

    #[test]
    fn variables_are_read_outside_strings_and_iris() {
        assert_eq!(vars("?a < ?b && CONTAINS(?c, \"?x \\\" ?y\")"), ["a", "b", "c"]);
        assert_eq!(vars("?a = <http://x/?q=1> || $a_1 <= 3"), ["a", "a_1"]);
        assert!(vars("true").is_empty());
    }

    #[test]
    fn instrumented_queries_answer_as_before_and_stop_when_cancelled() {
        let store = oxigraph::store::Store::new().unwrap();
        let data = (0..30).map(|i| format!("<http://x/{i}> <http://x/p> {i} .\n")).collect::<String>();
        store.load_from_slice(oxigraph::io::RdfFormat::Turtle, data.as_bytes()).unwrap();
        let text = "SELECT ?a (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y OPTIONAL { ?c ?r ?x FILTER(?x > 3) } FILTER(?x < ?y) } GROUP BY ?a ORDER BY DESC(?n) ?a";
        let run = |token: CancellationToken| {
            let query = instrument(spargebra::SparqlParser::new().parse_query(text).unwrap());
            contain(|| {
                let oxigraph::sparql::QueryResults::Solutions(solutions) = evaluator(token).for_query(query).on_store(&store).execute()? else {
                    unreachable!()
                };
                solutions.map(|s| s.map(|s| s.iter().map(|(v, t)| format!("{v}={t}")).collect::<Vec<_>>())).collect::<Result<Vec<_>, _>>()
            })
        };
        let plain = {
            let query = spargebra::SparqlParser::new().parse_query(text).unwrap();
            let oxigraph::sparql::QueryResults::Solutions(solutions) = SparqlEvaluator::new().for_query(query).on_store(&store).execute().unwrap() else {
                unreachable!()
            };
            solutions.map(|s| s.unwrap().iter().map(|(v, t)| format!("{v}={t}")).collect::<Vec<_>>()).collect::<Vec<_>>()
        };
        assert_eq!(run(CancellationToken::new()).unwrap(), plain);
        assert_eq!(plain.len(), 29);
        let cancelled = CancellationToken::new();
        cancelled.cancel();
        assert!(matches!(run(cancelled), Err(QueryEvaluationError::Cancelled)));
    }
}
