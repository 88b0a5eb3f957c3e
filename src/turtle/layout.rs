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

use std::collections::{HashMap, HashSet};

use oxigraph::model::vocab::rdf;
use oxigraph::model::{BlankNodeRef, GraphName, NamedNode, NamedOrBlankNode, Quad, Term};

/// How deeply `[ … ]` and `( … )` may nest: deeper blank nodes are labelled instead (in a
/// long chain of blank nodes, every 33rd starts a labelled statement).
pub const MAX_DEPTH: usize = 32;

/// The decision for every blank node of one document.
#[derive(Debug, Default)]
pub struct Layout<'a> {
    /// Blank nodes written in place of their one use as an object.
    nested: HashSet<BlankNodeRef<'a>>,
    /// The nested blank nodes that are list cells (see the module documentation).
    cells: HashSet<BlankNodeRef<'a>>,
}

impl<'a> Layout<'a> {
    /// Decides, for the quads of one document (duplicates allowed), which blank nodes are
    /// written in place.
    pub fn new(quads: &'a [Quad]) -> Self {
        let facts = Facts::new(quads);
        let mut nested = facts.candidates();
        facts.remove_cycles(&mut nested);
        let mut cells = facts.list_cells(&nested);
        facts.cap_depth(&mut nested, &mut cells);
        Layout { nested, cells }
    }

    /// Whether `b` is written in place (as `[ … ]`, or as `( … )` when [`Self::is_list`]).
    pub fn is_nested(&self, b: BlankNodeRef<'_>) -> bool {
        self.nested.contains(&b)
    }

    /// Whether `b` is written in place as a list: `( … )` from it to `rdf:nil`.
    pub fn is_list(&self, b: BlankNodeRef<'_>) -> bool {
        self.cells.contains(&b)
    }
}

/// What the rules need to know of one blank node.
#[derive(Default)]
struct Node<'a> {
    /// The triples it is the object of (duplicates counted once).
    uses: usize,
    /// The subject, predicate and graph of its (last) use as an object.
    parent: Option<(&'a NamedOrBlankNode, &'a NamedNode, &'a GraphName)>,
    /// The graphs of the triples it is the subject of: `None` for none yet, `Some(None)`
    /// for several.
    subject_graph: Option<Option<&'a GraphName>>,
    /// Whether it names a graph.
    names_graph: bool,
    /// Its `rdf:first` triples, `rdf:rest` triples and others.
    firsts: usize,
    rests: Vec<&'a Term>,
    others: usize,
}

/// The blank nodes of a document and how they are used.
struct Facts<'a> {
    nodes: HashMap<BlankNodeRef<'a>, Node<'a>>,
}

impl<'a> Facts<'a> {
    fn new(quads: &'a [Quad]) -> Self {
        let mut nodes: HashMap<BlankNodeRef<'a>, Node<'a>> = HashMap::new();
        let unique: HashSet<&'a Quad> = quads.iter().collect();
        for q in unique {
            if let Term::BlankNode(b) = &q.object {
                let node = nodes.entry(b.as_ref()).or_default();
                node.uses += 1;
                node.parent = Some((&q.subject, &q.predicate, &q.graph_name));
            }
            if let NamedOrBlankNode::BlankNode(b) = &q.subject {
                let node = nodes.entry(b.as_ref()).or_default();
                node.subject_graph = match node.subject_graph {
                    None => Some(Some(&q.graph_name)),
                    Some(Some(g)) if g == &q.graph_name => Some(Some(g)),
                    Some(_) => Some(None),
                };
                if q.predicate == rdf::FIRST {
                    node.firsts += 1;
                } else if q.predicate == rdf::REST {
                    node.rests.push(&q.object);
                } else {
                    node.others += 1;
                }
            }
            if let GraphName::BlankNode(b) = &q.graph_name {
                nodes.entry(b.as_ref()).or_default().names_graph = true;
            }
        }
        Facts { nodes }
    }

    /// The blank node `b`'s parent, when that is a blank node.
    fn blank_parent(&self, b: BlankNodeRef<'a>) -> Option<BlankNodeRef<'a>> {
        match self.nodes.get(&b)?.parent? {
            (NamedOrBlankNode::BlankNode(p), _, _) => Some(p.as_ref()),
            _ => None,
        }
    }

    /// Blank nodes used once as an object, only in that triple's graph, naming no graph.
    fn candidates(&self) -> HashSet<BlankNodeRef<'a>> {
        self.nodes
            .iter()
            .filter(|(_, n)| {
                let Some((_, _, graph)) = n.parent else { return false };
                n.uses == 1 && !n.names_graph && n.subject_graph.is_none_or(|g| g == Some(graph))
            })
            .map(|(b, _)| *b)
            .collect()
    }

    /// Removes from `nested` every node that reaches itself by following parents through
    /// `nested`. Each node has one parent, so the walk from a node either ends at a node
    /// outside `nested`, meets a node already settled, or comes back to its own path.
    fn remove_cycles(&self, nested: &mut HashSet<BlankNodeRef<'a>>) {
        let mut settled: HashSet<BlankNodeRef<'a>> = HashSet::new();
        let mut on_cycles: Vec<BlankNodeRef<'a>> = Vec::new();
        for &start in nested.iter() {
            let mut path: Vec<BlankNodeRef<'a>> = Vec::new();
            let mut on_path: HashMap<BlankNodeRef<'a>, usize> = HashMap::new();
            let mut current = Some(start);
            while let Some(b) = current.filter(|b| nested.contains(b) && !settled.contains(b)) {
                if let Some(&at) = on_path.get(&b) {
                    on_cycles.extend_from_slice(&path[at..]);
                    break;
                }
                on_path.insert(b, path.len());
                path.push(b);
                current = self.blank_parent(b);
            }
            settled.extend(path);
        }
        for b in on_cycles {
            nested.remove(&b);
        }
    }

    /// The nested nodes that are list cells: one `rdf:first`, one `rdf:rest` and nothing
    /// else, the rest being `rdf:nil` or a nested list cell. Each chain is walked once, and
    /// ends: nested nodes have one parent each and no cycles.
    fn list_cells(&self, nested: &HashSet<BlankNodeRef<'a>>) -> HashSet<BlankNodeRef<'a>> {
        let shaped = |b: BlankNodeRef<'a>| {
            self.nodes.get(&b).is_some_and(|n| n.firsts == 1 && n.rests.len() == 1 && n.others == 0) && nested.contains(&b)
        };
        let mut known: HashMap<BlankNodeRef<'a>, bool> = HashMap::new();
        for &start in nested.iter() {
            let mut chain: Vec<BlankNodeRef<'a>> = Vec::new();
            let mut current = start;
            let well_formed = loop {
                if let Some(&answer) = known.get(&current) {
                    break answer;
                }
                if !shaped(current) {
                    break false;
                }
                chain.push(current);
                match self.nodes[&current].rests[0] {
                    Term::NamedNode(n) if *n == rdf::NIL => break true,
                    Term::BlankNode(next) => current = next.as_ref(),
                    _ => break false,
                }
            };
            for b in chain {
                known.insert(b, well_formed);
            }
        }
        known.into_iter().filter(|(_, cell)| *cell).map(|(b, _)| b).collect()
    }

    /// Labels the nested nodes that would sit deeper than [`MAX_DEPTH`]: they become
    /// statements of their own, and what hangs below them counts from the top again. A list
    /// cell that continues a nested list (its parent's `rdf:rest`) sits at its list's depth.
    fn cap_depth(&self, nested: &mut HashSet<BlankNodeRef<'a>>, cells: &mut HashSet<BlankNodeRef<'a>>) {
        // The depth below which a node's nested objects sit: 0 for a labelled node.
        let mut level: HashMap<BlankNodeRef<'a>, usize> = HashMap::new();
        let mut labelled: HashSet<BlankNodeRef<'a>> = HashSet::new();
        for &start in nested.iter() {
            let mut chain: Vec<BlankNodeRef<'a>> = Vec::new();
            let mut current = Some(start);
            let mut base = 0;
            while let Some(b) = current {
                if let Some(&known) = level.get(&b) {
                    base = known;
                    break;
                }
                if !nested.contains(&b) {
                    break;
                }
                chain.push(b);
                current = self.blank_parent(b);
            }
            for &b in chain.iter().rev() {
                let continues_list = cells.contains(&b)
                    && self.blank_parent(b).is_some_and(|p| {
                        cells.contains(&p) && !labelled.contains(&p) && self.nodes[&b].parent.is_some_and(|(_, by, _)| *by == rdf::REST)
                    });
                let mut depth = if continues_list { base } else { base + 1 };
                if depth > MAX_DEPTH {
                    labelled.insert(b);
                    depth = 0;
                }
                level.insert(b, depth);
                base = depth;
            }
        }
        for b in labelled {
            nested.remove(&b);
            cells.remove(&b);
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
