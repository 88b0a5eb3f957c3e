//! Property-path closures that stop at the deadline (issue 13, item 2), following SPARQL
//! 1.1 Query §9.3 (property paths) and §18.4 (their evaluation).
//!
//! Why a closure did not stop: spareval evaluates `P*` and `P+` eagerly, in one call that
//! returns only once the whole closure is known (`transitive_closure` in its `eval.rs`).
//! With both ends unbound it starts from every node of the graph at once — a work list
//! of every subject and object, each followed to everything it reaches. A cancelled read
//! inside that loop is an error the loop sets aside before taking the next item, so after
//! the deadline it still reads the store once for every item left in the list: on the
//! bundled graph, 10–20 s of CPU for `?s (nk:partOf|^nk:partOf|rdf:type|^rdf:type)* ?o`.
//! No code of ours runs inside the loop, and neither the loop nor Oxigraph's store view
//! can be wrapped without forking them.
//!
//! What this module does instead: it splits such a closure at its start nodes.
//! `?s P ?o` (P holding a `*` or `+`) becomes `LATERAL` over the nodes of the graph:
//!
//! ```text
//! { ?s <…#node>? ?s FILTER(alive(true)) } LATERAL { ?s P ?o }
//! ```
//!
//! The left side lists each node of the active graph once, lazily (a zero-or-one path from
//! a node to itself is the node itself, SPARQL 1.1 §18.4 `ZeroOrOnePath`, whatever the
//! predicate); a bound `?s` it only checks. The right side is the closure from that one
//! node, which spareval computes from the node alone. Between two nodes, [`ALIVE`](super::ALIVE)
//! stops the evaluation once its token is cancelled; within one node, the work left is at
//! most one traversal of what that node reaches, and every read in it fails at once.
//!
//! The answers are the same: spareval matches a path from a term only if the term is a
//! node of the graph (or reaches one through an edge), so the closures from each node,
//! put together, are the pairs of the open closure, with the same multiplicities
//! (distinct pairs for `*` and `+`, one per path otherwise). Inside `GRAPH`, the nodes are
//! listed per graph, as the open closure was computed.
//!
//! Which closures are rewritten: those whose two ends are variables (or blank nodes). The
//! start is chosen so that a join that binds an end before the closure keeps the plan it
//! had — the left side becomes a membership check and the closure runs from the bound
//! node: the subject, unless some other pattern of the query binds the object without
//! the subject; then the object, unless some pattern binds the subject without the
//! object. When both can happen (`?a p ?s . ?s q* ?o . ?o r ?b`), the closure is left to
//! the optimizer, which runs it from whichever end it binds first — or, if it puts the
//! closure first, from every node at once as before: that case stays unbounded. A
//! closure from a constant starts from one node already and is left as it is; so is a
//! closure inside `EXISTS`, which spareval evaluates from the outer solution without
//! ordering its joins (see [`rewrite`]): bounded when the solution binds an end. A closure
//! from a variable to itself is split at that variable, unless its path is a sequence
//! (`?x (p*/q) ?x`), whose open evaluation answers once per middle node where a check
//! from a bound `?x` answers once.

use oxigraph::model::{Literal, NamedNode};
use spargebra::algebra::{Expression, GraphPattern, PropertyPathExpression};
use spargebra::term::{NamedNodePattern, TermPattern, Variable};

/// A predicate that the left side's zero-or-one path names: any IRI gives the same nodes
/// (a node is reached from itself by the zero-length path; other pairs do not end where
/// they start or repeat the node), this one only says where it comes from.
const NODE: &str = "https://w3id.org/nkkg/internal#node";

/// Rewrites the closures of `pattern` and of the patterns nested in it (subqueries,
/// `OPTIONAL`, `GRAPH`…, not `EXISTS`) into closures from one start node at a time (see
/// the module's documentation).
pub fn split_closures(pattern: &mut GraphPattern) {
    let mut binders = Vec::new();
    collect_binders(pattern, &mut binders);
    rewrite(pattern, &binders);
}

/// The variables and blank nodes that one pattern of the query binds together.
type Binder = Vec<String>;

/// A variable or blank node as the key of a [`Binder`].
fn key(term: &TermPattern) -> Option<String> {
    match term {
        TermPattern::Variable(v) => Some(format!("?{}", v.as_str())),
        TermPattern::BlankNode(b) => Some(format!("_:{}", b.as_str())),
        _ => None,
    }
}

fn variable_key(v: &Variable) -> String {
    format!("?{}", v.as_str())
}

fn name_key(name: &NamedNodePattern) -> Option<String> {
    match name {
        NamedNodePattern::Variable(v) => Some(variable_key(v)),
        NamedNodePattern::NamedNode(_) => None,
    }
}

/// Collects what each pattern of the query binds: triple and path patterns, `VALUES`,
/// `BIND`, `GRAPH` and `SERVICE` names, aggregates.
fn collect_binders(pattern: &GraphPattern, binders: &mut Vec<Binder>) {
    match pattern {
        GraphPattern::Bgp { patterns } => {
            for triple in patterns {
                let keys = [key(&triple.subject), name_key(&triple.predicate), key(&triple.object)];
                binders.push(keys.into_iter().flatten().collect());
            }
        }
        GraphPattern::Path { subject, object, .. } => binders.push([key(subject), key(object)].into_iter().flatten().collect()),
        GraphPattern::Values { variables, .. } => binders.push(variables.iter().map(variable_key).collect()),
        GraphPattern::Join { left, right }
        | GraphPattern::Union { left, right }
        | GraphPattern::Minus { left, right }
        | GraphPattern::Lateral { left, right } => {
            collect_binders(left, binders);
            collect_binders(right, binders);
        }
        GraphPattern::LeftJoin { left, right, expression } => {
            collect_binders(left, binders);
            collect_binders(right, binders);
            if let Some(expression) = expression {
                collect_in_expression(expression, binders);
            }
        }
        GraphPattern::Filter { expr, inner } => {
            collect_binders(inner, binders);
            collect_in_expression(expr, binders);
        }
        GraphPattern::Extend { inner, variable, expression } => {
            collect_binders(inner, binders);
            binders.push(vec![variable_key(variable)]);
            collect_in_expression(expression, binders);
        }
        GraphPattern::Graph { name, inner } | GraphPattern::Service { name, inner, .. } => {
            binders.extend(name_key(name).map(|k| vec![k]));
            collect_binders(inner, binders);
        }
        GraphPattern::Group { inner, aggregates, .. } => {
            collect_binders(inner, binders);
            binders.extend(aggregates.iter().map(|(v, _)| vec![variable_key(v)]));
        }
        GraphPattern::OrderBy { inner, .. }
        | GraphPattern::Project { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. } => collect_binders(inner, binders),
    }
}

fn collect_in_expression(expression: &Expression, binders: &mut Vec<Binder>) {
    crate::algebra::for_each_exists(expression, &mut |pattern| collect_binders(pattern, binders));
}

/// Whether a path holds a `*` or a `+`, whose evaluation spareval does in one step.
fn has_closure(path: &PropertyPathExpression) -> bool {
    match path {
        PropertyPathExpression::ZeroOrMore(_) | PropertyPathExpression::OneOrMore(_) => true,
        PropertyPathExpression::Reverse(p) | PropertyPathExpression::ZeroOrOne(p) => has_closure(p),
        PropertyPathExpression::Sequence(a, b) | PropertyPathExpression::Alternative(a, b) => has_closure(a) || has_closure(b),
        PropertyPathExpression::NamedNode(_) | PropertyPathExpression::NegatedPropertySet(_) => false,
    }
}

fn is_sequence(path: &PropertyPathExpression) -> bool {
    match path {
        PropertyPathExpression::Reverse(p) => is_sequence(p),
        other => matches!(other, PropertyPathExpression::Sequence(..)),
    }
}

/// The end a closure is split at, if it is split (see the module's documentation).
fn start_of(subject: &TermPattern, path: &PropertyPathExpression, object: &TermPattern, binders: &[Binder]) -> Option<TermPattern> {
    let (s, o) = (key(subject)?, key(object)?);
    if s == o {
        // With both ends bound, spareval answers once per bound pair, as the open closure
        // does for `*`, `+`, `?` and `|` (sets of pairs), but not for a sequence (one
        // answer per middle node).
        return (!is_sequence(path)).then(|| subject.clone());
    }
    // Whether some pattern can bind `one` end without the `other`: from there, a split
    // at `other` would list every node to check it against the bound end.
    let alone = |one: &String, other: &String| binders.iter().any(|b| b.contains(one) && !b.contains(other));
    if !alone(&o, &s) {
        Some(subject.clone())
    } else if !alone(&s, &o) {
        Some(object.clone())
    } else {
        None
    }
}

/// The nodes of the active graph, each once, as `start` (checked when already bound),
/// with the cancellation check between two of them.
fn nodes(start: TermPattern) -> GraphPattern {
    let listed = GraphPattern::Path {
        subject: start.clone(),
        path: PropertyPathExpression::ZeroOrOne(Box::new(PropertyPathExpression::NamedNode(NamedNode::new_unchecked(NODE)))),
        object: start,
    };
    GraphPattern::Filter { expr: super::alive(vec![Expression::Literal(Literal::from(true))]), inner: Box::new(listed) }
}

/// Splits the closures of `pattern`, but not those inside `EXISTS`: the optimizer does not
/// order the joins of an `EXISTS` pattern, which spareval evaluates again for every
/// solution, so a split closure there could list every node of the graph for each one.
fn rewrite(pattern: &mut GraphPattern, binders: &[Binder]) {
    match pattern {
        GraphPattern::Path { subject, path, object } if has_closure(path) => {
            if let Some(start) = start_of(subject, path, object, binders) {
                let closure = std::mem::replace(pattern, GraphPattern::Bgp { patterns: Vec::new() });
                *pattern = GraphPattern::Lateral { left: Box::new(nodes(start)), right: Box::new(closure) };
            }
        }
        GraphPattern::Join { left, right }
        | GraphPattern::Union { left, right }
        | GraphPattern::Minus { left, right }
        | GraphPattern::Lateral { left, right }
        | GraphPattern::LeftJoin { left, right, .. } => {
            rewrite(left, binders);
            rewrite(right, binders);
        }
        GraphPattern::Graph { inner, .. }
        | GraphPattern::Filter { inner, .. }
        | GraphPattern::Extend { inner, .. }
        | GraphPattern::Service { inner, .. }
        | GraphPattern::Group { inner, .. }
        | GraphPattern::OrderBy { inner, .. }
        | GraphPattern::Project { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. } => rewrite(inner, binders),
        GraphPattern::Bgp { .. } | GraphPattern::Path { .. } | GraphPattern::Values { .. } => {}
    }
}

#[cfg(test)]
mod tests {
    use oxigraph::sparql::{CancellationToken, QueryResults, SparqlEvaluator};
    use spargebra::Query;

    use super::*;
    use crate::store::GraphStore;

    /// The solutions of `text` over the bundled graph, as sorted lines (a multiset),
    /// evaluated plainly or instrumented, with the union default graph either way.
    fn solutions(store: &GraphStore, text: &str, instrumented: bool) -> Vec<String> {
        let query = crate::query::parse(text).unwrap();
        let mut prepared = if instrumented {
            crate::query::prepare(query, Some(CancellationToken::new()))
        } else {
            SparqlEvaluator::new().for_query(query)
        };
        prepared.dataset_mut().set_default_graph_as_union();
        let mut lines = crate::stoppable::contain(|| match prepared.on_store(store.store()).execute()? {
            QueryResults::Solutions(solutions) => solutions
                .map(|s| s.map(|s| s.iter().map(|(v, t)| format!("{v}={t}")).collect::<Vec<_>>().join(" ")))
                .collect::<Result<Vec<_>, _>>(),
            QueryResults::Boolean(b) => Ok(vec![b.to_string()]),
            QueryResults::Graph(triples) => triples.map(|t| t.map(|t| t.to_string())).collect(),
        })
        .unwrap_or_else(|e| panic!("{text}: {e}"));
        lines.sort();
        lines
    }

    /// How many closures the rewrite split in `text`.
    fn splits(text: &str) -> usize {
        let query = crate::stoppable::instrument(crate::query::parse(text).unwrap());
        let Query::Select { pattern, .. } = query else { return 0 };
        pattern.to_string().matches(NODE).count()
    }

    /// Path forms over the bundled graph, each with the number of closures split.
    const FORMS: [(&str, usize); 28] = [
        ("SELECT * WHERE { ?s nk:partOf* ?o }", 1),
        ("SELECT * WHERE { ?s nk:partOf+ ?o }", 1),
        ("SELECT * WHERE { ?s ^nk:partOf+ ?o }", 1),
        ("SELECT * WHERE { ?s (^nk:partOf)* ?o }", 1),
        ("SELECT * WHERE { ?s (nk:partOf|skos:broader|rdfs:subClassOf)* ?o }", 1),
        ("SELECT * WHERE { ?s (nk:partOf|^nk:partOf)+ ?o FILTER(?s != ?o) } LIMIT 100000", 1),
        ("SELECT * WHERE { ?s (nk:partOf/nk:partOf)* ?o }", 1),
        ("SELECT * WHERE { ?s (nk:partOf*/rdfs:label) ?o }", 1),
        ("SELECT * WHERE { ?s (rdf:type/rdfs:subClassOf*) ?o }", 1),
        ("SELECT * WHERE { ?s (rdfs:subClassOf+|^skos:broader) ?o }", 1),
        ("SELECT * WHERE { ?s (nk:partOf?/nk:partOf*) ?o }", 1),
        ("SELECT * WHERE { ?s (nk:partOf*)? ?o }", 1),
        ("SELECT * WHERE { ?s (nk:partOf|nk:partOf)+ ?o }", 1),
        ("SELECT * WHERE { ?s !(rdf:type|rdfs:label|skos:altLabel|oa:start|oa:end|oa:hasSource|oa:hasSelector|nk:evidence|nk:note)/nk:partOf+ ?o }", 1),
        ("SELECT * WHERE { ?s (rdfs:label|^rdfs:label)+ ?o }", 1),
        ("SELECT ?o WHERE { [] (nk:evidence/oa:hasSource)+ ?o }", 1),
        ("SELECT * WHERE { GRAPH ?g { ?s nk:partOf* ?o } }", 1),
        ("SELECT * WHERE { ?x a nk:Settlement . ?x nk:partOf+ ?o }", 1),
        ("SELECT * WHERE { ?s nk:partOf+ ?o . ?o a nk:Region }", 1),
        ("SELECT * WHERE { ?x a nk:Place OPTIONAL { ?x nk:partOf+ ?y } }", 1),
        ("SELECT ?x WHERE { ?x a nk:Event FILTER EXISTS { ?x nk:place ?z . ?z nk:partOf+ ?y } }", 0),
        ("SELECT (COUNT(*) AS ?n) WHERE { ?s skos:broader* ?o }", 1),
        // Both ends bound elsewhere, but always together: split at the subject.
        ("SELECT * WHERE { ?s nk:partOf+ ?o . ?s ?p ?o }", 1),
        ("SELECT * WHERE { ?s nk:partOf+ ?o OPTIONAL { ?s ?p ?o } }", 1),
        // Not split: each end bound alone elsewhere; a sequence from a variable to itself.
        ("SELECT * WHERE { ?x a nk:Settlement . ?x nk:partOf* ?y . ?y a ?c }", 0),
        ("SELECT * WHERE { ?x (nk:partOf/nk:partOf*/^nk:partOf) ?x }", 0),
        // A closure from a variable to itself.
        ("SELECT * WHERE { ?x nk:partOf* ?x }", 1),
        ("SELECT * WHERE { ?x (nk:partOf|^nk:partOf)+ ?x }", 1),
    ];

    #[test]
    fn split_closures_answer_as_the_plain_evaluation() {
        let store = GraphStore::bundled().unwrap();
        for (text, expected) in FORMS {
            assert_eq!(splits(text), expected, "closures split in {text}");
            let plain = solutions(&store, text, false);
            assert!(!plain.is_empty(), "{text} has no solutions over the bundled graph");
            assert_eq!(solutions(&store, text, true), plain, "{text}");
        }
        // Ends given as constants, or bound by VALUES to a node and to terms that are not.
        let region = solutions(&store, "SELECT ?r WHERE { ?x nk:partOf ?r } ORDER BY ?r LIMIT 1", false).remove(0);
        let region = region.trim_start_matches("?r=");
        let bound = [
            (format!("SELECT * WHERE {{ {region} (^nk:partOf)* ?o }}"), 0),
            (format!("SELECT * WHERE {{ ?s nk:partOf* {region} }}"), 0),
            (format!("SELECT * WHERE {{ VALUES ?s {{ {region} \"not a node\" <urn:nkkg:nowhere> }} ?s (^nk:partOf)* ?o }}"), 1),
            (format!("SELECT * WHERE {{ VALUES ?o {{ {region} \"not a node\" }} ?s nk:partOf* ?o }}"), 1),
        ];
        for (text, expected) in bound {
            assert_eq!(splits(&text), expected, "closures split in {text}");
            let plain = solutions(&store, &text, false);
            assert!(plain.len() > 1, "{text} has {} solutions over the bundled graph", plain.len());
            assert_eq!(solutions(&store, &text, true), plain, "{text}");
        }
    }

    /// The named queries that hold a closure the rewrite splits, evaluated whole and split
    /// (both instrumented otherwise) over the bundled graph: same answers, and the time of
    /// each, alternating, best of five. `NKKG_PATHS_ONLY=whole` or `=split` evaluates one
    /// way once, to count instructions under callgrind, and `NKKG_PATHS_QUERY=name` only
    /// that query. Run with `--ignored --nocapture`.
    #[test]
    #[ignore = "a measurement: run by hand"]
    fn splitting_costs_the_named_queries_little() {
        let store = GraphStore::bundled().unwrap();
        let run = |text: &str, split: bool| {
            let mut query = crate::query::parse(text).unwrap();
            let start = std::time::Instant::now();
            if !split {
                let (Query::Select { pattern, .. } | Query::Construct { pattern, .. } | Query::Describe { pattern, .. } | Query::Ask { pattern, .. }) = &mut query;
                super::super::instrument_pattern(pattern);
            }
            let mut prepared = if split {
                crate::query::prepare(query, Some(CancellationToken::new()))
            } else {
                super::super::evaluator(CancellationToken::new()).for_query(query)
            };
            prepared.dataset_mut().set_default_graph_as_union();
            if std::env::var_os("NKKG_PATHS_EXPLAIN").is_some() {
                let (results, explanation) = prepared.clone().on_store(store.store()).compute_statistics().explain();
                if let Ok(QueryResults::Solutions(solutions)) = results {
                    solutions.for_each(drop);
                }
                eprintln!("{} {explanation:?}", if split { "split" } else { "whole" });
            }
            let QueryResults::Solutions(solutions) = prepared.on_store(store.store()).execute().unwrap() else { unreachable!() };
            let answers = solutions.map(|s| s.unwrap().iter().map(|(v, t)| format!("{v}={t}")).collect::<Vec<_>>().join(" ")).collect::<Vec<_>>();
            (answers, start.elapsed())
        };
        let only = std::env::var("NKKG_PATHS_ONLY").ok();
        let name = std::env::var("NKKG_PATHS_QUERY").ok();
        let chosen = |n: &crate::named_queries::NamedQuery| splits(n.text) > 0 && name.as_deref().is_none_or(|name| name == n.name);
        for named in crate::named_queries::all().into_iter().filter(chosen) {
            if let Some(only) = &only {
                run(named.text, only == "split");
                continue;
            }
            let (mut whole, mut split) = (std::time::Duration::MAX, std::time::Duration::MAX);
            for _ in 0..5 {
                let (a, t) = run(named.text, false);
                whole = whole.min(t);
                let (b, t) = run(named.text, true);
                split = split.min(t);
                assert_eq!(a, b, "{}", named.name);
            }
            eprintln!("{}: whole {whole:?}, split {split:?}", named.name);
        }
    }

    #[test]
    fn a_split_closure_stops_soon_after_its_token_is_cancelled() {
        // Whole, this closure from every node keeps reading the store for 10-20 s after
        // its cancellation; split, it stops within the closure from one node.
        let store = GraphStore::bundled().unwrap();
        let text = "SELECT (COUNT(*) AS ?n) WHERE { ?s (nk:partOf|^nk:partOf|rdf:type|^rdf:type)* ?o }";
        assert_eq!(splits(text), 1);
        let token = CancellationToken::new();
        let start = std::time::Instant::now();
        let _deadline = crate::query::Deadline::start(token.clone(), std::time::Duration::from_millis(300));
        let result = crate::query::execute(&store, text, &[], Some(token));
        assert!(result.is_err_and(|e| crate::query::is_cancelled(&e)), "the closure was not cancelled");
        assert!(start.elapsed() < std::time::Duration::from_secs(3), "the closure stopped {:?} after it started", start.elapsed());
    }

    #[test]
    fn named_queries_answer_as_the_plain_evaluation() {
        let store = GraphStore::bundled().unwrap();
        let mut split = Vec::new();
        for named in crate::named_queries::all() {
            if splits(named.text) > 0 {
                split.push(named.name);
            }
            let plain = solutions(&store, named.text, false);
            assert_eq!(solutions(&store, named.text, true), plain, "{}", named.name);
        }
        eprintln!("named queries with a closure split: {split:?}");
    }
}
