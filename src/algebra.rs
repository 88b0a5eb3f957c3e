//! The one walk over spargebra's SPARQL algebra that the rest of nkkg builds on: which
//! nodes a node holds, read-only ([`children`]) or to edit them ([`children_mut`]), and
//! the patterns of the `EXISTS` inside an expression ([`for_each_exists`]).
//!
//! It covers the algebra of SPARQL 1.1 Query §18.2 as spargebra builds it: graph patterns
//! (BGP, path, join, left join, filter, union, graph, extend, minus, values, order by,
//! project, distinct, reduced, slice, group, service, and SEP-0006's lateral join), the
//! expressions of §17 and §18.2.2 (operators, function calls, `IF`, `COALESCE`, `IN`,
//! `EXISTS`/`NOT EXISTS`, which hold a graph pattern: §18.6), the expressions of
//! `ORDER BY` conditions and of aggregates (§18.2.4.1), and property path expressions
//! (§18.2.2.3). It does not descend into what holds no node: triple and path terms,
//! `VALUES` rows, names of graphs and services, projected variables. What each caller does
//! at a node (renaming, counting depth, collecting variables) is its own; whether it
//! recurses or keeps a stack is its own too, so a caller that must not overflow on deep
//! algebra ([`crate::sparql_limits`]) walks with an explicit stack.

use spargebra::algebra::{AggregateExpression, Expression, GraphPattern, OrderExpression, PropertyPathExpression};

/// A node of the algebra, read-only: a graph pattern, an expression or a property path.
#[derive(Clone, Copy, Debug)]
pub enum Node<'a> {
    /// A graph pattern (§18.2.1–§18.2.5).
    Pattern(&'a GraphPattern),
    /// An expression (§17, §18.2.2).
    Expression(&'a Expression),
    /// A property path expression (§18.2.2.3).
    Path(&'a PropertyPathExpression),
}

/// A node of the algebra that its walker may edit in place.
#[derive(Debug)]
pub enum NodeMut<'a> {
    /// A graph pattern (§18.2.1–§18.2.5).
    Pattern(&'a mut GraphPattern),
    /// An expression (§17, §18.2.2).
    Expression(&'a mut Expression),
    /// A property path expression (§18.2.2.3).
    Path(&'a mut PropertyPathExpression),
}

/// The body of [`children`] and [`children_mut`], written once: matching through a shared
/// or a mutable reference binds shared or mutable references to the parts, and a `&Box`
/// or `&mut Box` coerces to the reference the node holds.
macro_rules! hand_over_children {
    ($node:expr, $push:expr, $Node:ident) => {{
        use Expression as E;
        use GraphPattern as P;
        use PropertyPathExpression as Pp;
        let push = $push;
        match $node {
            $Node::Pattern(pattern) => match pattern {
                P::Bgp { .. } | P::Values { .. } => {}
                P::Path { path, .. } => push($Node::Path(path)),
                P::Join { left, right } | P::Union { left, right } | P::Minus { left, right } | P::Lateral { left, right } => {
                    push($Node::Pattern(left));
                    push($Node::Pattern(right));
                }
                P::LeftJoin { left, right, expression } => {
                    push($Node::Pattern(left));
                    push($Node::Pattern(right));
                    if let Some(e) = expression {
                        push($Node::Expression(e));
                    }
                }
                P::Filter { expr, inner } => {
                    push($Node::Expression(expr));
                    push($Node::Pattern(inner));
                }
                P::Extend { inner, expression, .. } => {
                    push($Node::Pattern(inner));
                    push($Node::Expression(expression));
                }
                P::OrderBy { inner, expression } => {
                    push($Node::Pattern(inner));
                    for e in expression {
                        let (OrderExpression::Asc(e) | OrderExpression::Desc(e)) = e;
                        push($Node::Expression(e));
                    }
                }
                P::Group { inner, aggregates, .. } => {
                    push($Node::Pattern(inner));
                    for (_, aggregate) in aggregates {
                        if let AggregateExpression::FunctionCall { expr, .. } = aggregate {
                            push($Node::Expression(expr));
                        }
                    }
                }
                P::Graph { inner, .. }
                | P::Service { inner, .. }
                | P::Project { inner, .. }
                | P::Distinct { inner }
                | P::Reduced { inner }
                | P::Slice { inner, .. } => push($Node::Pattern(inner)),
            },
            $Node::Expression(expression) => match expression {
                E::NamedNode(_) | E::Literal(_) | E::Variable(_) | E::Bound(_) => {}
                E::Or(a, b)
                | E::And(a, b)
                | E::Equal(a, b)
                | E::SameTerm(a, b)
                | E::Greater(a, b)
                | E::GreaterOrEqual(a, b)
                | E::Less(a, b)
                | E::LessOrEqual(a, b)
                | E::Add(a, b)
                | E::Subtract(a, b)
                | E::Multiply(a, b)
                | E::Divide(a, b) => {
                    push($Node::Expression(a));
                    push($Node::Expression(b));
                }
                E::In(a, list) => {
                    push($Node::Expression(a));
                    for e in list {
                        push($Node::Expression(e));
                    }
                }
                E::UnaryPlus(a) | E::UnaryMinus(a) | E::Not(a) => push($Node::Expression(a)),
                E::Exists(p) => push($Node::Pattern(p)),
                E::If(a, b, c) => {
                    push($Node::Expression(a));
                    push($Node::Expression(b));
                    push($Node::Expression(c));
                }
                E::Coalesce(list) | E::FunctionCall(_, list) => {
                    for e in list {
                        push($Node::Expression(e));
                    }
                }
            },
            $Node::Path(path) => match path {
                Pp::NamedNode(_) | Pp::NegatedPropertySet(_) => {}
                Pp::Reverse(a) | Pp::ZeroOrMore(a) | Pp::OneOrMore(a) | Pp::ZeroOrOne(a) => push($Node::Path(a)),
                Pp::Sequence(a, b) | Pp::Alternative(a, b) => {
                    push($Node::Path(a));
                    push($Node::Path(b));
                }
            },
        }
    }};
}

/// Hands each node that `node` holds directly to `push`, in the order the operator names
/// them (a filter's expression before its pattern, the pattern of `EXISTS` as a child of
/// the expression).
pub fn children<'a>(node: Node<'a>, push: &mut impl FnMut(Node<'a>)) {
    hand_over_children!(node, push, Node)
}

/// [`children`], handing each child over to be edited.
pub fn children_mut<'a>(node: NodeMut<'a>, push: &mut impl FnMut(NodeMut<'a>)) {
    hand_over_children!(node, push, NodeMut)
}

/// Calls `f` on the pattern of every `EXISTS` and `NOT EXISTS` in `expression`, however
/// deeply it is nested in operators and function calls, but not on those inside these
/// patterns (`f` descends into them if it wants).
pub fn for_each_exists<'a>(expression: &'a Expression, f: &mut impl FnMut(&'a GraphPattern)) {
    let mut pending = vec![Node::Expression(expression)];
    while let Some(node) = pending.pop() {
        match node {
            Node::Pattern(pattern) => f(pattern),
            expression => children(expression, &mut |child| pending.push(child)),
        }
    }
}

/// Calls `f` on every graph pattern of `pattern`, itself included, with those inside
/// `EXISTS`, to edit it; `f` runs on a pattern before the walk goes into what `f` left.
pub fn for_each_pattern_mut(pattern: &mut GraphPattern, f: &mut impl FnMut(&mut GraphPattern)) {
    let mut pending = vec![NodeMut::Pattern(pattern)];
    while let Some(mut node) = pending.pop() {
        if let NodeMut::Pattern(pattern) = &mut node {
            f(pattern);
        }
        children_mut(node, &mut |child| pending.push(child));
    }
}

#[cfg(test)]
mod tests {
    use spargebra::algebra::Function;
    use spargebra::term::{Literal, NamedNode, TermPattern, TriplePattern, Variable};

    use super::*;

    /// A pattern that says which `EXISTS` it is by its only triple's object.
    fn marked(n: usize) -> GraphPattern {
        GraphPattern::Bgp {
            patterns: vec![TriplePattern {
                subject: Variable::new_unchecked("s").into(),
                predicate: NamedNode::new_unchecked("http://example.com/p").into(),
                object: Literal::from(n as i64).into(),
            }],
        }
    }

    fn exists(n: usize) -> Box<Expression> {
        Box::new(Expression::Exists(Box::new(marked(n))))
    }

    /// Which marks `for_each_exists` reaches in `expression`, sorted.
    fn reached(expression: &Expression) -> Vec<String> {
        let mut found = Vec::new();
        for_each_exists(expression, &mut |pattern| found.push(pattern.to_string()));
        found.sort();
        found
    }

    fn marks(ns: &[usize]) -> Vec<String> {
        let mut marks: Vec<String> = ns.iter().map(|&n| marked(n).to_string()).collect();
        marks.sort();
        marks
    }

    /// Every expression variant that can hold another expression, each holding `EXISTS`
    /// in every place it has: (the expression, the marks it holds).
    fn every_variant() -> Vec<(Expression, Vec<usize>)> {
        type Binary = fn(Box<Expression>, Box<Expression>) -> Expression;
        let binary: [Binary; 12] = [
            Expression::Or,
            Expression::And,
            Expression::Equal,
            Expression::SameTerm,
            Expression::Greater,
            Expression::GreaterOrEqual,
            Expression::Less,
            Expression::LessOrEqual,
            Expression::Add,
            Expression::Subtract,
            Expression::Multiply,
            Expression::Divide,
        ];
        let unary: [fn(Box<Expression>) -> Expression; 3] = [Expression::UnaryPlus, Expression::UnaryMinus, Expression::Not];
        let mut all: Vec<(Expression, Vec<usize>)> = binary.iter().map(|make| (make(exists(1), exists(2)), vec![1, 2])).collect();
        all.extend(unary.iter().map(|make| (make(exists(3)), vec![3])));
        all.push((Expression::In(exists(4), vec![*exists(5), Expression::Literal(Literal::from(1)), *exists(6)]), vec![4, 5, 6]));
        all.push((Expression::If(exists(7), exists(8), exists(9)), vec![7, 8, 9]));
        all.push((Expression::Coalesce(vec![*exists(10), *exists(11)]), vec![10, 11]));
        all.push((Expression::FunctionCall(Function::Concat, vec![*exists(12), *exists(13)]), vec![12, 13]));
        all.push((*exists(14), vec![14]));
        all
    }

    #[test]
    fn every_expression_that_can_hold_exists_is_searched() {
        for (expression, expected) in every_variant() {
            assert_eq!(reached(&expression), marks(&expected), "{expression}");
        }
        // Nested in one another: an EXISTS under a NOT under an IF under an OR.
        let deep = Expression::Or(Box::new(Expression::If(Box::new(Expression::Not(exists(1))), exists(2), exists(3))), exists(4));
        assert_eq!(reached(&deep), marks(&[1, 2, 3, 4]));
        for leaf in [
            Expression::NamedNode(NamedNode::new_unchecked("http://example.com/x")),
            Expression::Literal(Literal::from(1)),
            Expression::Variable(Variable::new_unchecked("x")),
            Expression::Bound(Variable::new_unchecked("x")),
        ] {
            assert!(reached(&leaf).is_empty(), "{leaf}");
        }
    }

    #[test]
    fn an_exists_inside_an_exists_is_left_to_the_caller() {
        let inner = GraphPattern::Filter { expr: *exists(2), inner: Box::new(marked(1)) };
        let outer = Expression::Exists(Box::new(inner.clone()));
        assert_eq!(reached(&outer), [inner.to_string()]);
    }

    /// Every pattern variant that holds an expression or a pattern, each with `EXISTS`
    /// where it takes an expression.
    fn every_pattern() -> Vec<(GraphPattern, Vec<usize>)> {
        let x = Variable::new_unchecked("x");
        let leaf = || Box::new(marked(0));
        let join = |left, right| GraphPattern::Join { left, right };
        vec![
            (join(Box::new(GraphPattern::Filter { expr: *exists(1), inner: leaf() }), leaf()), vec![1]),
            (GraphPattern::Union { left: leaf(), right: Box::new(GraphPattern::Filter { expr: *exists(2), inner: leaf() }) }, vec![2]),
            (GraphPattern::Minus { left: Box::new(GraphPattern::Filter { expr: *exists(3), inner: leaf() }), right: leaf() }, vec![3]),
            (GraphPattern::Lateral { left: leaf(), right: Box::new(GraphPattern::Filter { expr: *exists(4), inner: leaf() }) }, vec![4]),
            (GraphPattern::LeftJoin { left: leaf(), right: leaf(), expression: Some(*exists(5)) }, vec![5]),
            (GraphPattern::Extend { inner: leaf(), variable: x.clone(), expression: *exists(6) }, vec![6]),
            (
                GraphPattern::OrderBy { inner: leaf(), expression: vec![OrderExpression::Asc(*exists(7)), OrderExpression::Desc(*exists(8))] },
                vec![7, 8],
            ),
            (
                GraphPattern::Group {
                    inner: leaf(),
                    variables: vec![],
                    aggregates: vec![(x.clone(), AggregateExpression::FunctionCall { name: spargebra::algebra::AggregateFunction::Count, expr: *exists(9), distinct: false })],
                },
                vec![9],
            ),
            (GraphPattern::Graph { name: x.clone().into(), inner: Box::new(GraphPattern::Filter { expr: *exists(10), inner: leaf() }) }, vec![10]),
            (
                GraphPattern::Service { name: x.clone().into(), inner: Box::new(GraphPattern::Filter { expr: *exists(11), inner: leaf() }), silent: false },
                vec![11],
            ),
            (GraphPattern::Project { inner: Box::new(GraphPattern::Filter { expr: *exists(12), inner: leaf() }), variables: vec![x.clone()] }, vec![12]),
            (GraphPattern::Distinct { inner: Box::new(GraphPattern::Filter { expr: *exists(13), inner: leaf() }) }, vec![13]),
            (GraphPattern::Reduced { inner: Box::new(GraphPattern::Filter { expr: *exists(14), inner: leaf() }) }, vec![14]),
            (GraphPattern::Slice { inner: Box::new(GraphPattern::Filter { expr: *exists(15), inner: leaf() }), start: 0, length: Some(1) }, vec![15]),
        ]
    }

    /// The marks of every `EXISTS` reached from `pattern` through [`children`].
    fn exists_under(pattern: &GraphPattern) -> Vec<String> {
        let mut found = Vec::new();
        let mut pending = vec![Node::Pattern(pattern)];
        while let Some(node) = pending.pop() {
            if let Node::Expression(expression) = node {
                for_each_exists(expression, &mut |p| found.push(p.to_string()));
            } else {
                children(node, &mut |child| pending.push(child));
            }
        }
        found.sort();
        found
    }

    #[test]
    fn every_pattern_that_holds_an_expression_is_searched() {
        for (pattern, expected) in every_pattern() {
            assert_eq!(exists_under(&pattern), marks(&expected), "{pattern}");
        }
    }

    /// How many triples of `pattern`, with those inside `EXISTS`, have a literal object.
    fn literal_objects(pattern: &GraphPattern) -> usize {
        let mut count = 0;
        let mut pending = vec![Node::Pattern(pattern)];
        while let Some(node) = pending.pop() {
            if let Node::Pattern(GraphPattern::Bgp { patterns }) = node {
                count += patterns.iter().filter(|t| matches!(t.object, TermPattern::Literal(_))).count();
            }
            children(node, &mut |child| pending.push(child));
        }
        count
    }

    #[test]
    fn the_editing_walk_reaches_every_pattern_the_reading_walk_does() {
        let in_filters = every_variant().into_iter().map(|(e, m)| (GraphPattern::Filter { expr: e, inner: Box::new(marked(0)) }, m));
        for (mut pattern, expected) in every_pattern().into_iter().chain(in_filters) {
            let before = literal_objects(&pattern);
            assert!(before > expected.len(), "{pattern}");
            let mut edited = 0;
            for_each_pattern_mut(&mut pattern, &mut |p| {
                if let GraphPattern::Bgp { patterns } = p {
                    for triple in patterns.iter_mut().filter(|t| matches!(t.object, TermPattern::Literal(_))) {
                        triple.object = Variable::new_unchecked("o").into();
                        edited += 1;
                    }
                }
            });
            assert_eq!((edited, literal_objects(&pattern)), (before, 0), "{pattern}");
        }
    }

    #[test]
    fn paths_are_walked_to_their_steps() {
        let p = |n: &str| PropertyPathExpression::NamedNode(NamedNode::new_unchecked(format!("http://example.com/{n}")));
        let path = PropertyPathExpression::Sequence(
            Box::new(PropertyPathExpression::ZeroOrMore(Box::new(PropertyPathExpression::Reverse(Box::new(p("a")))))),
            Box::new(PropertyPathExpression::Alternative(Box::new(PropertyPathExpression::OneOrMore(Box::new(p("b")))), Box::new(PropertyPathExpression::ZeroOrOne(Box::new(p("c")))))),
        );
        let pattern = GraphPattern::Path { subject: TermPattern::Variable(Variable::new_unchecked("s")), path, object: TermPattern::Variable(Variable::new_unchecked("o")) };
        let mut steps = 0;
        let mut pending = vec![Node::Pattern(&pattern)];
        while let Some(node) = pending.pop() {
            if let Node::Path(PropertyPathExpression::NamedNode(_)) = node {
                steps += 1;
            }
            children(node, &mut |child| pending.push(child));
        }
        assert_eq!(steps, 3);
    }
}
