//! Blank node labels: labels computed from the data, so that exports of equal data use equal
//! labels and diff cleanly, and labels every syntax can write (RDF 1.1 Concepts §3.4: a
//! label is local to one document, so renaming every blank node consistently changes
//! nothing; Turtle 1.1 §6.5 `BLANK_NODE_LABEL`, XML Namespaces 1.0 §3 `NCName` for
//! RDF/XML's `rdf:nodeID`).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use oxigraph::model::{BlankNode, GraphName, NamedOrBlankNode, Quad, Term};
use sha2::{Digest, Sha256};

/// How many times a blank node's hash takes in its neighbours' hashes: the labels tell
/// blank nodes apart by what lies up to this many steps away.
const ROUNDS: usize = 6;

/// Renames every blank node (subjects, objects and graph names) to a label computed from
/// what surrounds it, then sorts and deduplicates the quads, so that equal data yields equal
/// labels and equal order.
///
/// A blank node's hash starts from its triples with other blank nodes blanked out, then
/// takes in the hashes of its blank neighbours, round after round (colour refinement): the
/// work grows with the number of quads times [`ROUNDS`], whatever the shape of the data.
/// Nodes whose hashes still agree get the same label with a counter (`b…x1`, `b…x2`).
pub fn canonical_blank_nodes(quads: Vec<Quad>) -> Vec<Quad> {
    let mut index: HashMap<BlankNode, usize> = HashMap::new();
    let mut nodes: Vec<BlankNode> = Vec::new();
    let mut id = |b: &BlankNode| {
        *index.entry(b.clone()).or_insert_with(|| {
            nodes.push(b.clone());
            nodes.len() - 1
        })
    };
    // Per blank node: the parts of its starting hash, and its blank neighbours with the
    // role they play (`>p` an object of its `p`, `<p` a subject using it by `p`; roles are
    // numbered in the order of their text).
    let mut parts: Vec<Vec<String>> = Vec::new();
    let mut links: Vec<Vec<(usize, usize)>> = Vec::new();
    let mut roles: HashMap<String, usize> = HashMap::new();
    let mut role = |text: String| {
        let next = roles.len();
        *roles.entry(text).or_insert(next)
    };
    for q in &quads {
        let p = q.predicate.as_str();
        let subject = match &q.subject {
            NamedOrBlankNode::BlankNode(b) => Some(id(b)),
            NamedOrBlankNode::NamedNode(_) => None,
        };
        let object = match &q.object {
            Term::BlankNode(b) => Some(id(b)),
            _ => None,
        };
        let graph = match &q.graph_name {
            GraphName::BlankNode(b) => Some(id(b)),
            _ => None,
        };
        if let Some(n) = [subject, object, graph].into_iter().flatten().max() {
            if parts.len() <= n {
                parts.resize_with(n + 1, Vec::new);
                links.resize_with(n + 1, Vec::new);
            }
        }
        if let Some(s) = subject {
            match (&q.object, object) {
                (_, Some(o)) => {
                    parts[s].push(format!(">{p} _"));
                    links[s].push((role(format!(">{p}")), o));
                }
                (other, None) => parts[s].push(format!(">{p} {other}")),
            }
        }
        if let Some(o) = object {
            match (&q.subject, subject) {
                (_, Some(s)) => links[o].push((role(format!("<{p}")), s)),
                (NamedOrBlankNode::NamedNode(n), None) => parts[o].push(format!("<{p} {n}")),
                (NamedOrBlankNode::BlankNode(_), None) => unreachable!("a blank subject has an id"),
            }
        }
        if let Some(g) = graph {
            parts[g].push("graph".to_owned());
        }
    }
    let mut role_texts: Vec<(String, usize)> = roles.into_iter().collect();
    role_texts.sort();
    let mut rank = vec![0; role_texts.len()];
    for (r, (_, id)) in role_texts.iter().enumerate() {
        rank[*id] = r;
    }
    for around in &mut links {
        for (role, _) in around.iter_mut() {
            *role = rank[*role];
        }
    }
    let mut hashes: Vec<[u8; 32]> = parts
        .iter_mut()
        .map(|p| {
            p.sort();
            digest(p.iter().map(String::as_bytes))
        })
        .collect();
    let mut seen: Vec<(usize, [u8; 32])> = Vec::new();
    for _ in 0..ROUNDS {
        hashes = links
            .iter()
            .enumerate()
            .map(|(n, around)| {
                seen.clear();
                seen.extend(around.iter().map(|(role, m)| (*role, hashes[*m])));
                seen.sort_unstable();
                let neighbours = seen.iter().flat_map(|(role, hash)| [role_texts[*role].0.as_bytes(), hash.as_slice()]);
                digest(std::iter::once(hashes[n].as_slice()).chain(neighbours))
            })
            .collect();
    }
    // Equal hashes: number them in the order of their original labels.
    let mut by_hash: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (n, hash) in hashes.iter().enumerate() {
        by_hash.entry(hex(hash, 6)).or_default().push(n);
    }
    let mut rename: Vec<BlankNode> = vec![BlankNode::default(); nodes.len()];
    for (hash, mut same) in by_hash {
        same.sort_by(|a, b| nodes[*a].as_str().cmp(nodes[*b].as_str()));
        for (i, n) in same.into_iter().enumerate() {
            let label = if i == 0 { format!("b{hash}") } else { format!("b{hash}x{i}") };
            rename[n] = BlankNode::new_unchecked(label);
        }
    }
    let renamed = |b: &BlankNode| rename[index[b]].clone();
    let mut quads: Vec<Quad> = quads
        .into_iter()
        .map(|q| {
            let subject = match &q.subject {
                NamedOrBlankNode::BlankNode(b) => renamed(b).into(),
                _ => q.subject,
            };
            let object = match &q.object {
                Term::BlankNode(b) => renamed(b).into(),
                _ => q.object,
            };
            let graph = match &q.graph_name {
                GraphName::BlankNode(b) => renamed(b).into(),
                _ => q.graph_name,
            };
            Quad::new(subject, q.predicate, object, graph)
        })
        .collect();
    quads.sort_by_cached_key(|q| q.to_string());
    quads.dedup();
    quads
}

fn digest<'a>(parts: impl Iterator<Item = &'a [u8]>) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
        hasher.update([0]);
    }
    hasher.finalize().into()
}

fn hex(bytes: &[u8], take: usize) -> String {
    bytes.iter().take(take).map(|x| format!("{x:02x}")).collect()
}

/// The labels a syntax writes as they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LabelSyntax {
    /// Turtle, TriG, N-Triples, N-Quads and JSON-LD: `_:` and an ASCII `BLANK_NODE_LABEL`
    /// (letters, digits, `_`, `-`, and `.` not at the end).
    Turtle,
    /// RDF/XML's `rdf:nodeID`: an ASCII XML `NCName` (it cannot start with a digit).
    XmlName,
}

impl LabelSyntax {
    /// Whether `label` can be written as it is.
    pub fn allows(self, label: &str) -> bool {
        let mut chars = label.chars();
        let first_ok = match (self, chars.next()) {
            (_, None) => false,
            (Self::Turtle, Some(c)) => c.is_ascii_alphanumeric() || c == '_',
            (Self::XmlName, Some(c)) => c.is_ascii_alphabetic() || c == '_',
        };
        first_ok && !label.ends_with('.') && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
    }
}

/// `quads` as they are when every blank node label is one `syntax` can write; otherwise
/// with every blank node renamed to `b0`, `b1`, … in the order of the old labels (all of
/// them, so that no new label can meet an old one). Labels from
/// [`canonical_blank_nodes`] are always writable; labels a store made up (Oxigraph's are
/// hexadecimal and may start with a digit) or read from JSON-LD may not be.
pub fn writable_labels(quads: &[Quad], syntax: LabelSyntax) -> Cow<'_, [Quad]> {
    let blanks = |q: &Quad| -> [Option<BlankNode>; 3] {
        [
            match &q.subject {
                NamedOrBlankNode::BlankNode(b) => Some(b.clone()),
                _ => None,
            },
            match &q.object {
                Term::BlankNode(b) => Some(b.clone()),
                _ => None,
            },
            match &q.graph_name {
                GraphName::BlankNode(b) => Some(b.clone()),
                _ => None,
            },
        ]
    };
    if quads.iter().flat_map(blanks).flatten().all(|b| syntax.allows(b.as_str())) {
        return Cow::Borrowed(quads);
    }
    let mut old: Vec<BlankNode> = quads.iter().flat_map(blanks).flatten().collect();
    old.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    old.dedup();
    let rename: HashMap<BlankNode, BlankNode> =
        old.into_iter().enumerate().map(|(i, b)| (b, BlankNode::new_unchecked(format!("b{i}")))).collect();
    Cow::Owned(
        quads
            .iter()
            .map(|q| {
                let subject = match &q.subject {
                    NamedOrBlankNode::BlankNode(b) => rename[b].clone().into(),
                    s => s.clone(),
                };
                let object = match &q.object {
                    Term::BlankNode(b) => rename[b].clone().into(),
                    o => o.clone(),
                };
                let graph = match &q.graph_name {
                    GraphName::BlankNode(b) => rename[b].clone().into(),
                    g => g.clone(),
                };
                Quad::new(subject, q.predicate.clone(), object, graph)
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::NamedNode;

    fn iri(s: &str) -> NamedNode {
        NamedNode::new(format!("http://example.com/{s}")).unwrap()
    }

    fn quad(s: impl Into<NamedOrBlankNode>, p: &str, o: impl Into<Term>) -> Quad {
        Quad::new(s, iri(p), o, GraphName::DefaultGraph)
    }

    fn labels(quads: &[Quad]) -> Vec<String> {
        quads.iter().map(|q| q.to_string()).collect()
    }

    #[test]
    fn equal_data_gets_equal_labels_whatever_the_input_labels() {
        let data = |a: &str, b: &str| {
            let (a, b) = (BlankNode::new(a).unwrap(), BlankNode::new(b).unwrap());
            vec![quad(iri("s"), "p", a.clone()), quad(a.clone(), "q", b.clone()), quad(b.clone(), "q", a), quad(b, "r", iri("o"))]
        };
        let one = canonical_blank_nodes(data("x", "y"));
        let two = canonical_blank_nodes(data("zz", "aa"));
        assert_eq!(labels(&one), labels(&two));
        assert_eq!(one.len(), 4);
    }

    #[test]
    fn symmetric_nodes_stay_distinct_and_graph_names_are_renamed() {
        let (a, b, g) = (BlankNode::new("a").unwrap(), BlankNode::new("b").unwrap(), BlankNode::new("g").unwrap());
        let quads = vec![
            Quad::new(a.clone(), iri("p"), b.clone(), g.clone()),
            Quad::new(b.clone(), iri("p"), a.clone(), g.clone()),
        ];
        let out = canonical_blank_nodes(quads);
        let subjects: Vec<String> = out.iter().map(|q| q.subject.to_string()).collect();
        assert_ne!(subjects[0], subjects[1], "two nodes keep two labels");
        assert!(out.iter().all(|q| matches!(&q.graph_name, GraphName::BlankNode(l) if l.as_str().starts_with('b'))));
    }

    #[test]
    fn wide_and_tangled_blank_graphs_label_quickly() {
        // Every node of three layers of 60 points at every node of the next: the paths
        // between layers number 60^3, the quads only 2 × 3,600.
        let layers: Vec<Vec<BlankNode>> = (0..3).map(|_| (0..60).map(|_| BlankNode::default()).collect()).collect();
        let mut quads = Vec::new();
        for pair in layers.windows(2) {
            for a in &pair[0] {
                for b in &pair[1] {
                    quads.push(quad(a.clone(), "p", b.clone()));
                }
            }
        }
        let start = std::time::Instant::now();
        assert_eq!(canonical_blank_nodes(quads).len(), 7200);
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    }

    #[test]
    fn labels_that_a_syntax_cannot_write_are_all_renamed() {
        let digit = BlankNode::new("0abc").unwrap();
        let letter = BlankNode::new("b1").unwrap();
        let quads = vec![quad(digit.clone(), "p", letter.clone())];
        assert!(matches!(writable_labels(&quads, LabelSyntax::Turtle), Cow::Borrowed(_)));
        let xml = writable_labels(&quads, LabelSyntax::XmlName);
        assert_eq!(labels(&xml), vec!["_:b0 <http://example.com/p> _:b1".to_owned()]);
        assert!(!LabelSyntax::Turtle.allows("a.") && !LabelSyntax::Turtle.allows("a:b") && LabelSyntax::Turtle.allows("a.b-c_1"));
    }
}
