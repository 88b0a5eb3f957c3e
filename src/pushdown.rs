//! Where the VALUES block of `--param` joins the query (SPARQL 1.1 Query §18.2 for the
//! algebra, §18.5 for the evaluation of Join, LeftJoin, Filter, Union and Extend).
//!
//! A VALUES block joined with the whole WHERE group gives the optimizer nothing to start
//! from when the group is an OPTIONAL, a UNION or a FILTER over a join: it evaluates the
//! group for every entity, then keeps the rows of the one the parameter names (at 50
//! copies of the graph, `events-at` took 1.3 s where the same VALUES written first in the
//! group took 0.03 s). [`join_values`] joins it as deep as the answers stay the same.
//!
//! The rule: `Join(V, P)` may move into a part `Q` of `P` when `Q` binds every variable
//! of `V` in each of its solutions ([`surely_binds`]). Then a solution of `Q` either
//! agrees with a row of `V` on those variables or is dropped, whether that happens before
//! or after the rest of `P` (the left of an OPTIONAL or a MINUS, a side of a join, each
//! branch of a UNION, a GRAPH block, the pattern under a FILTER or a BIND). Where a
//! variable is bound only inside an OPTIONAL, or not at all, the join stays where it was,
//! since an unbound variable is compatible with any value there but not once bound.

use spargebra::algebra::GraphPattern;
use spargebra::term::{NamedNodePattern, TermPattern, Variable};
use spargebra::Query;

/// Moves a VALUES block joined with the WHERE group (below the solution modifiers,
/// grouping, FILTER and BIND, where [`bind`](crate::query::bind) puts a `--param`'s, or
/// where a query starts its group with one) as deep as [`join_values`] allows. Only for
/// the embedded store: a remote store gets the query as it was bound (Virtuoso 7.2 answers
/// a variable bound by a VALUES inside a group with an OPTIONAL as a string, not an IRI).
pub fn sink_values(query: &mut Query) {
    let (Query::Select { pattern, .. } | Query::Construct { pattern, .. } | Query::Describe { pattern, .. } | Query::Ask { pattern, .. }) = query;
    let group = where_group(pattern);
    let GraphPattern::Join { left, right } = group else { return };
    let GraphPattern::Values { variables, .. } = &**left else { return };
    let variables = variables.clone();
    let values = std::mem::replace(&mut **left, GraphPattern::Bgp { patterns: Vec::new() });
    let mut rest = std::mem::replace(&mut **right, GraphPattern::Bgp { patterns: Vec::new() });
    join_values(&mut rest, values, &variables);
    *group = rest;
}

/// The WHERE group of a query's pattern: below its solution modifiers, grouping, and the
/// FILTER and BIND of the group itself (SPARQL 1.1 Query §18.2.4–§18.2.5 wrap the group
/// in those).
pub fn where_group(pattern: &mut GraphPattern) -> &mut GraphPattern {
    match pattern {
        GraphPattern::Project { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. }
        | GraphPattern::OrderBy { inner, .. }
        | GraphPattern::Group { inner, .. }
        | GraphPattern::Filter { inner, .. }
        | GraphPattern::Extend { inner, .. } => where_group(inner),
        group => group,
    }
}

/// Joins `values` (a `GraphPattern::Values`) with `pattern`, as deep inside it as gives
/// the same solutions as joining it with the whole of `pattern`.
pub fn join_values(pattern: &mut GraphPattern, values: GraphPattern, variables: &[Variable]) {
    let binds = |p: &GraphPattern| variables.iter().all(|v| surely_binds(p, v));
    match pattern {
        GraphPattern::Join { left, right } => {
            if binds(left) {
                return join_values(left, values, variables);
            }
            if binds(right) {
                return join_values(right, values, variables);
            }
        }
        GraphPattern::LeftJoin { left, right, expression } => {
            if binds(left) || (outside(right, variables) && expression.as_ref().is_none_or(|e| !mentions(e, variables))) {
                return join_values(left, values, variables);
            }
        }
        GraphPattern::Minus { left, right } => {
            if binds(left) || outside(right, variables) {
                return join_values(left, values, variables);
            }
        }
        GraphPattern::Lateral { left, .. } => {
            if binds(left) {
                return join_values(left, values, variables);
            }
        }
        GraphPattern::Filter { inner, .. } | GraphPattern::Graph { inner, .. } => {
            if binds(inner) {
                return join_values(inner, values, variables);
            }
        }
        GraphPattern::Extend { inner, variable, .. } => {
            if !variables.contains(variable) && binds(inner) {
                return join_values(inner, values, variables);
            }
        }
        GraphPattern::Union { left, right } => {
            if binds(left) && binds(right) {
                join_values(left, values.clone(), variables);
                return join_values(right, values, variables);
            }
        }
        _ => {}
    }
    let here = std::mem::replace(pattern, GraphPattern::Bgp { patterns: Vec::new() });
    *pattern = GraphPattern::Join { left: Box::new(values), right: Box::new(here) };
}

/// Whether no variable of `variables` is in scope in `pattern` (SPARQL 1.1 Query §18.2.1):
/// then the right of an OPTIONAL or a MINUS neither binds them nor can disagree with them,
/// so `Join(V, LeftJoin(L, R))` is `LeftJoin(Join(V, L), R)` even where `L` does not bind
/// them (a variable that only a FILTER uses, as `search`'s `?text`), and the optimizer may
/// then apply that FILTER before the OPTIONAL (issue 16: `search` at 50 copies).
fn outside(pattern: &GraphPattern, variables: &[Variable]) -> bool {
    let mut inside = false;
    pattern.on_in_scope_variable(|v| inside |= variables.contains(v));
    !inside
}

/// Whether an OPTIONAL's own FILTER names one of `variables` (which would see them bound
/// once the VALUES joins its left). Read from the expression's SPARQL form: a name found
/// inside a string literal only keeps the VALUES where it was.
fn mentions(expression: &spargebra::algebra::Expression, variables: &[Variable]) -> bool {
    let text = expression.to_string();
    variables.iter().any(|v| {
        let name = format!("?{}", v.as_str());
        text.match_indices(&name).any(|(at, _)| {
            !text[at + name.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '\u{b7}')
        })
    })
}

/// Whether every solution of `pattern` binds `variable` (conservative: `false` where in
/// doubt, as for SERVICE or an aggregate's result).
pub fn surely_binds(pattern: &GraphPattern, variable: &Variable) -> bool {
    let term = |t: &TermPattern| matches!(t, TermPattern::Variable(v) if v == variable);
    let name = |n: &NamedNodePattern| matches!(n, NamedNodePattern::Variable(v) if v == variable);
    match pattern {
        GraphPattern::Bgp { patterns } => {
            patterns.iter().any(|t| term(&t.subject) || name(&t.predicate) || term(&t.object))
        }
        GraphPattern::Path { subject, object, .. } => term(subject) || term(object),
        GraphPattern::Join { left, right } | GraphPattern::Lateral { left, right } => {
            surely_binds(left, variable) || surely_binds(right, variable)
        }
        GraphPattern::LeftJoin { left, .. } | GraphPattern::Minus { left, .. } => surely_binds(left, variable),
        GraphPattern::Union { left, right } => surely_binds(left, variable) && surely_binds(right, variable),
        GraphPattern::Graph { name: graph, inner } => name(graph) || surely_binds(inner, variable),
        GraphPattern::Extend { inner, variable: bound, .. } => {
            // BIND leaves its variable unbound when the expression fails.
            bound != variable && surely_binds(inner, variable)
        }
        GraphPattern::Values { variables, bindings } => variables
            .iter()
            .position(|v| v == variable)
            .is_some_and(|i| bindings.iter().all(|row| row.get(i).is_some_and(Option::is_some))),
        GraphPattern::Filter { inner, .. }
        | GraphPattern::OrderBy { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. } => surely_binds(inner, variable),
        GraphPattern::Project { inner, variables } => variables.contains(variable) && surely_binds(inner, variable),
        GraphPattern::Group { inner, variables, .. } => variables.contains(variable) && surely_binds(inner, variable),
        GraphPattern::Service { .. } => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::RdfFormat;
    use oxigraph::sparql::{QueryResults, SparqlEvaluator};
    use oxigraph::store::Store;
    use spargebra::term::GroundTerm;
    use spargebra::SparqlParser;

    const DATA: &str = "@prefix ex: <http://ex/> .
        ex:a ex:p ex:x ; ex:q 1 . ex:b ex:p ex:y . ex:c ex:r ex:x ; ex:q 2 .";

    fn rows(store: &Store, query: Query) -> Vec<String> {
        let QueryResults::Solutions(solutions) = SparqlEvaluator::new().for_query(query).on_store(store).execute().unwrap() else {
            unreachable!()
        };
        let mut rows: Vec<String> = solutions.map(|s| format!("{:?}", s.unwrap().values())).collect();
        rows.sort();
        rows
    }

    /// The WHERE pattern of a SELECT, under its projection.
    fn where_of(query: &mut Query) -> &mut GraphPattern {
        let Query::Select { pattern, .. } = query else { unreachable!() };
        let GraphPattern::Project { inner, .. } = pattern else { unreachable!() };
        inner
    }

    /// Joins `?o = value` at the top of the group, and as deep as [`join_values`] goes, and
    /// checks both give the same rows; returns the deep one's algebra.
    fn both_ways(text: &str, variable: &str, value: &str) -> String {
        joined_both_ways(text, variable, value, where_of)
    }

    /// As [`both_ways`], with the VALUES below the group's FILTER and BIND, where `bind`
    /// puts a `--param`'s.
    fn both_ways_in_group(text: &str, variable: &str, value: &str) -> String {
        joined_both_ways(text, variable, value, |q| where_group(where_of(q)))
    }

    fn joined_both_ways(text: &str, variable: &str, value: &str, at: fn(&mut Query) -> &mut GraphPattern) -> String {
        let store = Store::new().unwrap();
        store.load_from_slice(RdfFormat::Turtle, DATA).unwrap();
        let variable = Variable::new_unchecked(variable);
        let values = GraphPattern::Values {
            variables: vec![variable.clone()],
            bindings: vec![vec![Some(GroundTerm::NamedNode(oxigraph::model::NamedNode::new_unchecked(value)))]],
        };
        let mut top = SparqlParser::new().parse_query(text).unwrap();
        let inner = at(&mut top);
        let whole = std::mem::replace(inner, GraphPattern::Bgp { patterns: Vec::new() });
        *inner = GraphPattern::Join { left: Box::new(values.clone()), right: Box::new(whole) };
        let mut deep = SparqlParser::new().parse_query(text).unwrap();
        join_values(at(&mut deep), values, &[variable]);
        assert_eq!(rows(&store, top), rows(&store, deep.clone()), "{text}");
        deep.to_string()
    }

    #[test]
    fn values_move_into_the_left_of_an_optional_that_binds_them() {
        let deep = both_ways(
            "SELECT * WHERE { ?s <http://ex/p> ?o OPTIONAL { ?s <http://ex/q> ?n } }",
            "o",
            "http://ex/x",
        );
        assert!(deep.find("VALUES").unwrap() < deep.find("OPTIONAL").unwrap(), "{deep}");
    }

    #[test]
    fn values_stay_outside_an_optional_that_alone_binds_them() {
        // ?o is bound only in the OPTIONAL: inside it, ex:b would keep its row unbound.
        let deep = both_ways(
            "SELECT * WHERE { ?s <http://ex/q> ?n OPTIONAL { ?s <http://ex/p> ?o } }",
            "o",
            "http://ex/x",
        );
        assert!(deep.find("VALUES").unwrap() < deep.find("<http://ex/q>").unwrap(), "{deep}");
    }

    #[test]
    fn values_go_into_each_branch_of_a_union_that_binds_them_in_both() {
        both_ways("SELECT * WHERE { { ?s <http://ex/p> ?o } UNION { ?s <http://ex/r> ?o } FILTER(?s != <http://ex/z>) }", "o", "http://ex/x");
        both_ways("SELECT * WHERE { { ?s <http://ex/p> ?o } UNION { ?s <http://ex/q> ?n } }", "o", "http://ex/x");
    }

    /// Whether, once `?o` is joined in the group of `text`, the group is an OPTIONAL (or
    /// MINUS) whose left holds the VALUES, both ways giving the same rows.
    fn values_in_left_of_optional(text: &str) -> bool {
        both_ways_in_group(text, "o", "http://ex/x");
        let mut query = SparqlParser::new().parse_query(text).unwrap();
        let values = GraphPattern::Values {
            variables: vec![Variable::new_unchecked("o")],
            bindings: vec![vec![Some(GroundTerm::NamedNode(oxigraph::model::NamedNode::new_unchecked("http://ex/x")))]],
        };
        let group = where_group(where_of(&mut query));
        join_values(group, values, &[Variable::new_unchecked("o")]);
        match group {
            GraphPattern::LeftJoin { left, .. } | GraphPattern::Minus { left, .. } => format!("{left:?}").contains("Values"),
            _ => false,
        }
    }

    #[test]
    fn values_that_only_a_filter_uses_join_the_left_of_an_optional_that_does_not_name_them() {
        // search's shape: ?o is bound by nothing, only the group's FILTER reads it.
        assert!(values_in_left_of_optional(
            "SELECT * WHERE { ?s <http://ex/q> ?n OPTIONAL { ?s <http://ex/r> ?x } FILTER(?o = <http://ex/x> || ?n = 1) }"
        ));
        assert!(values_in_left_of_optional("SELECT * WHERE { ?s <http://ex/q> ?n MINUS { ?s <http://ex/p> ?x } FILTER(?o != ?s) }"));
        // ... but not when the OPTIONAL binds it, or its own FILTER reads it.
        assert!(!values_in_left_of_optional("SELECT * WHERE { ?s <http://ex/q> ?n OPTIONAL { ?s <http://ex/p> ?o } }"));
        assert!(!values_in_left_of_optional("SELECT * WHERE { ?s <http://ex/q> ?n OPTIONAL { ?s <http://ex/p> ?x FILTER(!BOUND(?o)) } }"));
        // ?oo is another variable than ?o.
        assert!(values_in_left_of_optional("SELECT * WHERE { ?s <http://ex/q> ?n OPTIONAL { ?s <http://ex/p> ?x FILTER(?x != ?oo) } }"));
    }

    #[test]
    fn values_stay_outside_a_bind_of_their_own_variable_and_a_filter_on_an_unbound_one() {
        both_ways("SELECT * WHERE { ?s <http://ex/p> ?x BIND(?x AS ?o) }", "o", "http://ex/x");
        both_ways("SELECT * WHERE { ?s <http://ex/q> ?n FILTER(!BOUND(?o)) }", "o", "http://ex/x");
        both_ways("SELECT * WHERE { ?s <http://ex/p> ?o MINUS { ?s <http://ex/q> 1 } }", "o", "http://ex/y");
    }
}
