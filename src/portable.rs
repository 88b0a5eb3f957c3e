//! The query text sent to a remote store (`--endpoint`): standard SPARQL that other
//! stores' parsers accept as they are.
//!
//! A blank node in a query pattern means the same as a variable that is not projected
//! (SPARQL 1.1 Query §4.1.4). `spargebra` writes the hidden connectors of property paths
//! (`?e a/rdfs:subClassOf* ?c`) and of `[ … ]` as blank nodes, and Virtuoso 7 refuses a
//! blank node as the subject of a transitive path (error SP031), so every blank node of
//! the WHERE pattern is renamed to a variable `?nkkgb…` before the query is written.
//! CONSTRUCT templates keep their blank nodes (there they mint new nodes).

use spargebra::algebra::GraphPattern;
use spargebra::term::{TermPattern, TriplePattern, Variable};
use spargebra::Query;

use crate::algebra;

/// The query with the blank nodes of its patterns (not of its template) as variables.
pub fn blank_nodes_as_variables(mut query: Query) -> Query {
    let pattern = match &mut query {
        Query::Select { pattern, .. }
        | Query::Construct { pattern, .. }
        | Query::Describe { pattern, .. }
        | Query::Ask { pattern, .. } => pattern,
    };
    rename_pattern(pattern);
    query
}

fn rename_term(term: &mut TermPattern) {
    if let TermPattern::BlankNode(b) = term {
        *term = TermPattern::Variable(Variable::new_unchecked(format!("nkkgb{}", b.as_str())));
    }
}

fn rename_triple(triple: &mut TriplePattern) {
    rename_term(&mut triple.subject);
    rename_term(&mut triple.object);
}

/// Renames the blank nodes of every triple and path pattern of `pattern`, those inside
/// `EXISTS` and `NOT EXISTS` included, wherever they are nested.
fn rename_pattern(pattern: &mut GraphPattern) {
    algebra::for_each_pattern_mut(pattern, &mut |pattern| match pattern {
        GraphPattern::Bgp { patterns } => patterns.iter_mut().for_each(rename_triple),
        GraphPattern::Path { subject, object, .. } => {
            rename_term(subject);
            rename_term(object);
        }
        _ => {}
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_connectors_become_variables_and_templates_keep_blank_nodes() {
        let parse = |text: &str| spargebra::SparqlParser::new().with_prefix("ex", "http://example.com/").unwrap().parse_query(text).unwrap();
        let query = parse("CONSTRUCT { _:x ex:label ?l } WHERE { ?e a/ex:sub* ?c ; ex:label ?l FILTER EXISTS { ?e ex:evidence [ ex:source ?d ] } }");
        let text = blank_nodes_as_variables(query).to_string();
        let (template, pattern) = text.split_once("WHERE").unwrap();
        assert!(template.contains("_:"), "{text}");
        assert!(!pattern.contains("_:") && pattern.contains("?nkkgb"), "{text}");
        parse(&text);
    }
}
