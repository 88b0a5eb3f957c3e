//! Which blank nodes a Turtle or TriG document writes in place, as `[ … ]` (Turtle 1.1 §2.6)
//! or `( … )` (§2.8), and which it writes with a label (`_:b…`, §2.6). Writing a blank node
//! in place gives it no name, so that is only done where nothing can refer to it again:
//!
//! - it is the object of exactly one triple of the whole document, in some graph `G`;
//! - every triple it is the subject of is in `G` (TriG labels span the document, §2.2, so a
//!   node used in two graphs keeps its label), and it names no graph;
//! - it cannot reach itself through nodes written in place (a self-loop or a cycle has no
//!   place to start writing: a node on one is labelled, and what hangs off it nests there);
//! - it is not nested deeper than [`MAX_DEPTH`]: a node that would be is labelled and starts
//!   again at the top, so writing never recurses without bound and drops nothing.
//!
//! A node written in place whose only triples are one `rdf:first` and one `rdf:rest`, the
//! rest being `rdf:nil` or such a node again, is a list cell: the cells from it to `rdf:nil`
//! are written as one `( … )`, at one level of nesting however long the list.

use std::collections::HashMap;

use oxigraph::model::vocab::rdf;
use oxigraph::model::{BlankNodeRef, GraphName, NamedNode, NamedOrBlankNode, Quad, Term};

/// How deeply `[ … ]` and `( … )` may nest: deeper blank nodes are labelled instead (in a
/// long chain of blank nodes, every 33rd starts a labelled statement).
pub const MAX_DEPTH: usize = 32;

/// The decision for every blank node of one document.
#[derive(Debug, Default)]
pub struct Layout<'a> {
    /// Each blank node's number, indexing the vectors below.
    index: HashMap<BlankNodeRef<'a>, usize>,
    /// Whether the node is written in place of its one use as an object.
    nested: Vec<bool>,
    /// Whether the node is a nested list cell (see the module documentation).
    cells: Vec<bool>,
}

impl<'a> Layout<'a> {
    /// Decides, for the quads of one document (duplicates allowed), which blank nodes are
    /// written in place. Takes time in proportion to the number of quads.
    pub fn new(quads: &'a [Quad]) -> Self {
        let facts = Facts::new(quads);
        let mut nested = facts.candidates();
        facts.remove_cycles(&mut nested);
        let mut cells = facts.list_cells(&nested);
        facts.cap_depth(&mut nested, &mut cells);
        Layout { index: facts.index, nested, cells }
    }

    /// Whether `b` is written in place (as `[ … ]`, or as `( … )` when [`Self::is_list`]).
    pub fn is_nested(&self, b: BlankNodeRef<'_>) -> bool {
        self.index.get(&b).is_some_and(|&n| self.nested[n])
    }

    /// Whether `b` is written in place as a list: `( … )` from it to `rdf:nil`.
    pub fn is_list(&self, b: BlankNodeRef<'_>) -> bool {
        self.index.get(&b).is_some_and(|&n| self.cells[n])
    }
}

/// How a blank node is used as an object.
#[derive(Clone, Copy, Default)]
enum Uses<'a> {
    /// Never.
    #[default]
    None,
    /// By one triple (perhaps given several times): its subject, predicate and graph.
    One(&'a NamedOrBlankNode, &'a NamedNode, &'a GraphName),
    /// By several different triples.
    Several,
}

/// Where a node's `rdf:rest` leads.
#[derive(Clone, Copy)]
enum Rest {
    Nil,
    Blank(usize),
    Other,
}

/// What the rules need to know of one blank node.
#[derive(Default)]
struct Node<'a> {
    uses: Uses<'a>,
    /// The graphs of the triples it is the subject of: `None` for none yet, `Some(None)`
    /// for several.
    subject_graph: Option<Option<&'a GraphName>>,
    /// Whether it names a graph.
    names_graph: bool,
    /// How many `rdf:first`, `rdf:rest` and other triples it is the subject of.
    firsts: usize,
    rests: usize,
    others: usize,
    /// The object of its (last) `rdf:rest`.
    rest: Option<&'a Term>,
}

/// The blank nodes of a document, numbered, and how they are used.
struct Facts<'a> {
    index: HashMap<BlankNodeRef<'a>, usize>,
    nodes: Vec<Node<'a>>,
    /// The number of each node's parent (the subject of its one use), when that is a blank
    /// node.
    parents: Vec<Option<usize>>,
}

impl<'a> Facts<'a> {
    fn new(quads: &'a [Quad]) -> Self {
        let mut index: HashMap<BlankNodeRef<'a>, usize> = HashMap::new();
        let mut nodes: Vec<Node<'a>> = Vec::new();
        let mut number = |b: BlankNodeRef<'a>, nodes: &mut Vec<Node<'a>>| {
            *index.entry(b).or_insert_with(|| {
                nodes.push(Node::default());
                nodes.len() - 1
            })
        };
        for q in quads {
            if let Term::BlankNode(b) = &q.object {
                let n = number(b.as_ref(), &mut nodes);
                let node = &mut nodes[n];
                node.uses = match node.uses {
                    Uses::None => Uses::One(&q.subject, &q.predicate, &q.graph_name),
                    Uses::One(s, p, g) if (s, p, g) == (&q.subject, &q.predicate, &q.graph_name) => node.uses,
                    _ => Uses::Several,
                };
            }
            if let NamedOrBlankNode::BlankNode(b) = &q.subject {
                let n = number(b.as_ref(), &mut nodes);
                let node = &mut nodes[n];
                node.subject_graph = match node.subject_graph {
                    None => Some(Some(&q.graph_name)),
                    Some(Some(g)) if g == &q.graph_name => Some(Some(g)),
                    Some(_) => Some(None),
                };
                if q.predicate == rdf::FIRST {
                    node.firsts += 1;
                } else if q.predicate == rdf::REST {
                    node.rests += 1;
                    node.rest = Some(&q.object);
                } else {
                    node.others += 1;
                }
            }
            if let GraphName::BlankNode(b) = &q.graph_name {
                let n = number(b.as_ref(), &mut nodes);
                nodes[n].names_graph = true;
            }
        }
        let parents = nodes
            .iter()
            .map(|n| match n.uses {
                Uses::One(NamedOrBlankNode::BlankNode(p), _, _) => Some(index[&p.as_ref()]),
                _ => None,
            })
            .collect();
        Facts { index, nodes, parents }
    }

    /// Blank nodes used as the object of one triple, only in that triple's graph, naming
    /// no graph.
    fn candidates(&self) -> Vec<bool> {
        self.nodes
            .iter()
            .map(|n| match n.uses {
                Uses::One(_, _, graph) => !n.names_graph && n.subject_graph.is_none_or(|g| g == Some(graph)),
                _ => false,
            })
            .collect()
    }

    /// Unmarks every node that reaches itself by following parents through `nested`. Each
    /// node has one parent, so the walk from a node either ends at a node outside `nested`,
    /// meets a node already settled, or comes back to its own path: each node is walked
    /// over once.
    fn remove_cycles(&self, nested: &mut [bool]) {
        let mut settled = vec![false; nested.len()];
        let mut on_path = vec![false; nested.len()];
        let mut on_cycles = Vec::new();
        for start in 0..nested.len() {
            let mut path = Vec::new();
            let mut current = Some(start);
            while let Some(n) = current.filter(|&n| nested[n] && !settled[n]) {
                if on_path[n] {
                    let at = path.iter().rposition(|&p| p == n).expect("on the path");
                    on_cycles.extend_from_slice(&path[at..]);
                    break;
                }
                on_path[n] = true;
                path.push(n);
                current = self.parents[n];
            }
            for n in path {
                settled[n] = true;
                on_path[n] = false;
            }
        }
        for n in on_cycles {
            nested[n] = false;
        }
    }

    /// The nested nodes that are list cells: one `rdf:first`, one `rdf:rest` and nothing
    /// else, the rest being `rdf:nil` or a nested list cell. Each chain is walked once, and
    /// ends: nested nodes have one parent each and no cycles.
    fn list_cells(&self, nested: &[bool]) -> Vec<bool> {
        let shaped = |n: usize| {
            let node = &self.nodes[n];
            nested[n] && node.firsts == 1 && node.rests == 1 && node.others == 0
        };
        let rest = |n: usize| match self.nodes[n].rest {
            Some(Term::NamedNode(nil)) if *nil == rdf::NIL => Rest::Nil,
            Some(Term::BlankNode(b)) => Rest::Blank(self.index[&b.as_ref()]),
            _ => Rest::Other,
        };
        let mut known: Vec<Option<bool>> = vec![None; nested.len()];
        for start in 0..nested.len() {
            let mut chain = Vec::new();
            let mut current = start;
            let well_formed = loop {
                if let Some(answer) = known[current] {
                    break answer;
                }
                if !shaped(current) {
                    break false;
                }
                chain.push(current);
                match rest(current) {
                    Rest::Nil => break true,
                    Rest::Blank(next) => current = next,
                    Rest::Other => break false,
                }
            };
            for n in chain {
                known[n] = Some(well_formed);
            }
            known[start].get_or_insert(false);
        }
        known.into_iter().map(|k| k == Some(true)).collect()
    }

    /// Labels the nested nodes that would sit deeper than [`MAX_DEPTH`]: they become
    /// statements of their own, and what hangs below them counts from the top again. A list
    /// cell that continues a nested list (its parent's `rdf:rest`) sits at its list's depth.
    fn cap_depth(&self, nested: &mut [bool], cells: &mut [bool]) {
        // The depth below which a node's nested objects sit: 0 for a labelled node.
        let mut level: Vec<Option<usize>> = vec![None; nested.len()];
        let mut labelled = vec![false; nested.len()];
        for start in (0..nested.len()).filter(|&n| nested[n]) {
            let mut chain = Vec::new();
            let mut current = Some(start);
            let mut base = 0;
            while let Some(n) = current {
                if let Some(known) = level[n] {
                    base = known;
                    break;
                }
                if !nested[n] {
                    break;
                }
                chain.push(n);
                current = self.parents[n];
            }
            for &n in chain.iter().rev() {
                let by_rest = matches!(self.nodes[n].uses, Uses::One(_, p, _) if *p == rdf::REST);
                let continues_list = cells[n] && by_rest && self.parents[n].is_some_and(|p| cells[p] && !labelled[p]);
                let mut depth = if continues_list { base } else { base + 1 };
                if depth > MAX_DEPTH {
                    labelled[n] = true;
                    depth = 0;
                }
                level[n] = Some(depth);
                base = depth;
            }
        }
        for (n, cut) in labelled.into_iter().enumerate() {
            if cut {
                nested[n] = false;
                cells[n] = false;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::BlankNode;

    fn iri(s: &str) -> NamedNode {
        NamedNode::new(format!("http://example.com/{s}")).unwrap()
    }

    fn blanks(n: usize) -> Vec<BlankNode> {
        (0..n).map(|i| BlankNode::new(format!("n{i}")).unwrap()).collect()
    }

    fn quad(s: impl Into<NamedOrBlankNode>, p: NamedNode, o: impl Into<Term>) -> Quad {
        Quad::new(s, p, o, GraphName::DefaultGraph)
    }

    #[test]
    fn self_loops_and_cycles_are_labelled_and_what_hangs_off_them_nests() {
        let b = blanks(4);
        let quads = vec![
            quad(b[0].clone(), iri("p"), b[0].clone()),
            quad(b[1].clone(), iri("p"), b[2].clone()),
            quad(b[2].clone(), iri("p"), b[1].clone()),
            quad(b[2].clone(), iri("q"), b[3].clone()),
        ];
        let layout = Layout::new(&quads);
        assert!(!layout.is_nested(b[0].as_ref()) && !layout.is_nested(b[1].as_ref()) && !layout.is_nested(b[2].as_ref()));
        assert!(layout.is_nested(b[3].as_ref()));
    }

    #[test]
    fn shared_nodes_and_graph_names_and_nodes_in_two_graphs_are_labelled() {
        let b = blanks(4);
        let g = GraphName::NamedNode(iri("g"));
        let quads = vec![
            quad(iri("s"), iri("p"), b[0].clone()),
            quad(iri("t"), iri("p"), b[0].clone()),
            quad(iri("s"), iri("p"), b[1].clone()),
            Quad::new(iri("s"), iri("p"), b[1].clone(), b[1].clone()),
            quad(iri("s"), iri("p"), b[2].clone()),
            Quad::new(b[2].clone(), iri("p"), iri("o"), g.clone()),
            Quad::new(iri("s"), iri("p"), b[3].clone(), g.clone()),
            Quad::new(b[3].clone(), iri("p"), iri("o"), g),
        ];
        let layout = Layout::new(&quads);
        assert_eq!(b.iter().map(|b| layout.is_nested(b.as_ref())).collect::<Vec<_>>(), [false, false, false, true]);
    }

    #[test]
    fn well_formed_lists_are_lists_and_broken_ones_are_not() {
        let b = blanks(5);
        let quads = vec![
            quad(iri("s"), iri("p"), b[0].clone()),
            quad(b[0].clone(), rdf::FIRST.into_owned(), iri("x")),
            quad(b[0].clone(), rdf::REST.into_owned(), b[1].clone()),
            quad(b[1].clone(), rdf::FIRST.into_owned(), iri("y")),
            quad(b[1].clone(), rdf::REST.into_owned(), rdf::NIL.into_owned()),
            // A cell with an extra triple breaks the list before it.
            quad(iri("s"), iri("q"), b[2].clone()),
            quad(b[2].clone(), rdf::FIRST.into_owned(), iri("x")),
            quad(b[2].clone(), rdf::REST.into_owned(), b[3].clone()),
            quad(b[3].clone(), rdf::FIRST.into_owned(), iri("y")),
            quad(b[3].clone(), rdf::REST.into_owned(), b[4].clone()),
            quad(b[3].clone(), iri("extra"), iri("z")),
            quad(b[4].clone(), rdf::FIRST.into_owned(), iri("z")),
            quad(b[4].clone(), rdf::REST.into_owned(), rdf::NIL.into_owned()),
        ];
        let layout = Layout::new(&quads);
        assert!(b.iter().all(|b| layout.is_nested(b.as_ref())));
        assert_eq!(b.iter().map(|b| layout.is_list(b.as_ref())).collect::<Vec<_>>(), [true, true, false, false, true]);
    }

    #[test]
    fn deep_chains_are_cut_every_max_depth_levels() {
        let b = blanks(100);
        let mut quads = vec![quad(iri("s"), iri("p"), b[0].clone())];
        quads.extend(b.windows(2).map(|w| quad(w[0].clone(), iri("p"), w[1].clone())));
        let layout = Layout::new(&quads);
        let labelled: Vec<usize> = (0..100).filter(|i| !layout.is_nested(b[*i].as_ref())).collect();
        assert_eq!(labelled, [MAX_DEPTH, 2 * MAX_DEPTH + 1, 3 * MAX_DEPTH + 2]);
    }

    #[test]
    fn a_long_list_stays_at_one_level() {
        let b = blanks(1000);
        let mut quads = vec![quad(iri("s"), iri("p"), b[0].clone())];
        for (i, cell) in b.iter().enumerate() {
            quads.push(quad(cell.clone(), rdf::FIRST.into_owned(), iri(&i.to_string())));
            let rest: Term = b.get(i + 1).map_or(rdf::NIL.into_owned().into(), |n| n.clone().into());
            quads.push(quad(cell.clone(), rdf::REST.into_owned(), rest));
        }
        let layout = Layout::new(&quads);
        assert!(b.iter().all(|c| layout.is_nested(c.as_ref()) && layout.is_list(c.as_ref())));
    }
}
