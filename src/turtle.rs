//! A Turtle and TriG writer for readable, stable output (W3C Turtle 1.1 §2, TriG 1.1 §2):
//! the project's prefixes, subjects sorted with `rdf:type` and `rdfs:label` first, objects
//! sorted, blank nodes written in place as `[ … ]` and lists as `( … )` wherever that loses
//! nothing (the rules are in `turtle/layout.rs`), other blank nodes labelled from their
//! content (`turtle/labels.rs`). The same data always gives the same bytes, and every
//! triple is written: the tests in `tests/it/export_fidelity.rs` read the output back.

mod labels;
mod layout;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{self, Write};

use oxigraph::model::vocab::rdf;
use oxigraph::model::{BlankNodeRef, GraphName, NamedNode, NamedOrBlankNodeRef, Quad, Term, Triple};

pub use labels::{canonical_blank_nodes, writable_labels, LabelSyntax};
use layout::Layout;

use crate::prefixes::PREFIXES;

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// A list whose items fit in this many characters and are plain terms goes on one line;
/// otherwise each item gets a line of its own.
const LIST_LINE: usize = 80;

/// Writes triples as Turtle with the project's prefixes.
pub fn write_turtle(triples: &[Triple], out: impl Write) -> io::Result<()> {
    let quads: Vec<Quad> = triples.iter().map(|t| t.clone().in_graph(GraphName::DefaultGraph)).collect();
    write_trig(&quads, out)
}

/// Writes quads as TriG: the default graph's triples first, then one block per named graph.
/// With only default-graph quads, this is Turtle.
pub fn write_trig(quads: &[Quad], mut out: impl Write) -> io::Result<()> {
    let quads = writable_labels(quads, LabelSyntax::Turtle);
    let layout = Layout::new(&quads);
    for (prefix, ns) in PREFIXES {
        writeln!(out, "@prefix {prefix}: <{ns}> .")?;
    }
    writeln!(out)?;
    let mut graphs: BTreeMap<String, (&GraphName, Vec<&Quad>)> = BTreeMap::new();
    for q in quads.iter() {
        let key = match &q.graph_name {
            GraphName::DefaultGraph => String::new(),
            g => g.to_string(),
        };
        graphs.entry(key).or_insert_with(|| (&q.graph_name, Vec::new())).1.push(q);
    }
    for (graph, quads) in graphs.into_values() {
        let statements = Statements::new(&quads, &layout);
        match graph {
            GraphName::DefaultGraph => out.write_all(statements.text("").as_bytes())?,
            GraphName::NamedNode(n) => {
                writeln!(out, "GRAPH {} {{", iri_text(n.as_str()))?;
                out.write_all(statements.text("    ").as_bytes())?;
                writeln!(out, "}}\n")?;
            }
            GraphName::BlankNode(b) => {
                writeln!(out, "GRAPH _:{} {{", b.as_str())?;
                out.write_all(statements.text("    ").as_bytes())?;
                writeln!(out, "}}\n")?;
            }
        }
    }
    out.flush()
}

/// The triples of one graph by subject, and how the document writes its blank nodes.
struct Statements<'a> {
    by_subject: HashMap<NamedOrBlankNodeRef<'a>, Vec<(&'a NamedNode, &'a Term)>>,
    layout: &'a Layout<'a>,
}

impl<'a> Statements<'a> {
    fn new(quads: &[&'a Quad], layout: &'a Layout<'a>) -> Self {
        let mut by_subject: HashMap<NamedOrBlankNodeRef<'a>, Vec<(&'a NamedNode, &'a Term)>> = HashMap::new();
        for q in quads {
            by_subject.entry(q.subject.as_ref()).or_default().push((&q.predicate, &q.object));
        }
        Statements { by_subject, layout }
    }

    /// The predicate–object pairs of a blank node (none when it is no subject).
    fn of_blank(&self, b: BlankNodeRef<'a>) -> &[(&'a NamedNode, &'a Term)] {
        self.by_subject.get(&NamedOrBlankNodeRef::BlankNode(b)).map_or(&[], Vec::as_slice)
    }

    /// The statements, sorted (named subjects first), each line prefixed by `indent`.
    fn text(&self, indent: &str) -> String {
        let mut subjects: Vec<(bool, String, NamedOrBlankNodeRef<'a>)> = self
            .by_subject
            .keys()
            .filter(|s| !matches!(s, NamedOrBlankNodeRef::BlankNode(b) if self.layout.is_nested(*b)))
            .map(|s| (matches!(s, NamedOrBlankNodeRef::BlankNode(_)), s.to_string(), *s))
            .collect();
        subjects.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        let mut text = String::new();
        for (_, shown, subject) in subjects {
            let shown = match subject {
                NamedOrBlankNodeRef::NamedNode(n) => iri_text(n.as_str()),
                NamedOrBlankNodeRef::BlankNode(_) => shown,
            };
            let _ = write!(text, "{indent}{shown}");
            self.predicates(&mut text, &self.by_subject[&subject], indent, 1);
            text.push_str(" .\n\n");
        }
        text
    }

    /// Writes `po` grouped by predicate (`rdf:type` as `a`, then `rdfs:label`, then the
    /// rest by IRI), one predicate a line at `level`, objects deduplicated and sorted (a
    /// triple given twice is written once: a nested node written twice would be two nodes).
    fn predicates(&self, text: &mut String, po: &[(&'a NamedNode, &'a Term)], indent: &str, level: usize) {
        let mut grouped: BTreeMap<(u8, &str), Vec<&'a Term>> = BTreeMap::new();
        for (p, o) in po {
            let rank = match p.as_str() {
                RDF_TYPE => 0,
                RDFS_LABEL => 1,
                _ => 2,
            };
            grouped.entry((rank, p.as_str())).or_default().push(o);
        }
        let pad = pad(indent, level);
        for (i, ((_, p), mut objects)) in grouped.into_iter().enumerate() {
            if objects.len() > 1 {
                let mut seen = HashSet::new();
                objects.retain(|o| seen.insert(*o));
                objects.sort_by_cached_key(|o| self.key(o));
            }
            let predicate = if p == RDF_TYPE { "a".to_owned() } else { iri_text(p) };
            let _ = write!(text, "{}\n{pad}{predicate} ", if i == 0 { "" } else { " ;" });
            for (j, o) in objects.iter().enumerate() {
                if j > 0 {
                    text.push_str(", ");
                }
                self.object(text, o, indent, level);
            }
        }
    }

    /// Writes one object: a nested blank node as `[ … ]` or `( … )` (its lines one level
    /// deeper), anything else as a term. Nesting is bounded by [`layout::MAX_DEPTH`].
    fn object(&self, text: &mut String, o: &'a Term, indent: &str, level: usize) {
        match o {
            Term::BlankNode(b) if self.layout.is_list(b.as_ref()) => {
                let items: Vec<String> = self
                    .list_items(b.as_ref())
                    .into_iter()
                    .map(|item| {
                        let mut shown = String::new();
                        self.object(&mut shown, item, indent, level + 1);
                        shown
                    })
                    .collect();
                let width: usize = items.iter().map(|i| i.len() + 1).sum();
                if width <= LIST_LINE && items.iter().all(|i| !i.contains('\n')) {
                    text.push('(');
                    for item in items {
                        let _ = write!(text, " {item}");
                    }
                    text.push_str(" )");
                } else {
                    let inner = pad(indent, level + 1);
                    text.push('(');
                    for item in items {
                        let _ = write!(text, "\n{inner}{item}");
                    }
                    let _ = write!(text, "\n{})", pad(indent, level));
                }
            }
            Term::BlankNode(b) if self.layout.is_nested(b.as_ref()) => {
                let po = self.of_blank(b.as_ref());
                if po.is_empty() {
                    text.push_str("[]");
                } else {
                    text.push('[');
                    self.predicates(text, po, indent, level + 1);
                    let _ = write!(text, "\n{}]", pad(indent, level));
                }
            }
            other => text.push_str(&term_text(other)),
        }
    }

    /// The items of the list that starts at the cell `head`: its `rdf:first` objects, cell
    /// by cell along `rdf:rest` to `rdf:nil` (the layout checked that every cell has one of
    /// each).
    fn list_items(&self, head: BlankNodeRef<'a>) -> Vec<&'a Term> {
        let mut items = Vec::new();
        let mut cell = self.of_blank(head);
        loop {
            let mut next = None;
            for (p, o) in cell {
                if **p == rdf::FIRST {
                    items.push(*o);
                } else if let Term::BlankNode(b) = o {
                    next = Some(b.as_ref());
                }
            }
            match next {
                Some(b) => cell = self.of_blank(b),
                None => return items,
            }
        }
    }

    /// The sort key of an object: its N-Triples form, or for a nested blank node its
    /// content (`~` then its sorted predicate–object keys, or `~(` its items `)`).
    fn key(&self, o: &'a Term) -> String {
        match o {
            Term::BlankNode(b) if self.layout.is_list(b.as_ref()) => {
                let items: Vec<String> = self.list_items(b.as_ref()).into_iter().map(|i| self.key(i)).collect();
                format!("~({})", items.join(" "))
            }
            Term::BlankNode(b) if self.layout.is_nested(b.as_ref()) => {
                let mut parts: Vec<String> = self.of_blank(b.as_ref()).iter().map(|(p, o)| format!("{} {}", p.as_str(), self.key(o))).collect();
                parts.sort();
                format!("~{}", parts.join(";"))
            }
            Term::BlankNode(b) => format!("~{}", b.as_str()),
            other => other.to_string(),
        }
    }
}

/// The indentation of a line at `level`.
fn pad(indent: &str, level: usize) -> String {
    format!("{indent}{}", "    ".repeat(level))
}

fn iri_text(iri: &str) -> String {
    for (prefix, ns) in PREFIXES {
        if let Some(local) = iri.strip_prefix(ns) {
            if is_pn_local(local) {
                return format!("{prefix}:{local}");
            }
        }
    }
    format!("<{iri}>")
}

/// Local names that need no escaping in Turtle (a conservative subset of PN_LOCAL).
fn is_pn_local(local: &str) -> bool {
    let mut chars = local.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphanumeric() || c == '_' => {}
        _ => return false,
    }
    !local.ends_with('.') && local.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

fn term_text(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => iri_text(n.as_str()),
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => {
            let datatype = l.datatype().as_str();
            let value = l.value();
            let bare = match datatype.strip_prefix(XSD) {
                Some("integer") => is_integer(value),
                Some("decimal") => is_decimal(value),
                Some("boolean") => value == "true" || value == "false",
                _ => false,
            };
            if bare {
                return value.to_owned();
            }
            let quoted = Term::Literal(oxigraph::model::Literal::new_simple_literal(value)).to_string();
            if let Some(lang) = l.language() {
                format!("{quoted}@{lang}")
            } else if datatype == "http://www.w3.org/2001/XMLSchema#string" {
                quoted
            } else {
                format!("{quoted}^^{}", iri_text(datatype))
            }
        }
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

fn is_integer(v: &str) -> bool {
    let digits = v.strip_prefix(['-', '+']).unwrap_or(v);
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}

fn is_decimal(v: &str) -> bool {
    let body = v.strip_prefix(['-', '+']).unwrap_or(v);
    match body.split_once('.') {
        Some((a, b)) => a.chars().all(|c| c.is_ascii_digit()) && !b.is_empty() && b.chars().all(|c| c.is_ascii_digit()),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::io::{RdfFormat, RdfParser};
    use oxigraph::model::dataset::CanonicalizationAlgorithm;
    use oxigraph::model::Dataset;

    fn parse(text: &str) -> Vec<Quad> {
        parse_as(RdfFormat::Turtle, text)
    }

    fn parse_as(format: RdfFormat, text: &str) -> Vec<Quad> {
        RdfParser::from_format(format).for_slice(text).collect::<Result<_, _>>().unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    fn trig(quads: &[Quad]) -> String {
        let mut out = Vec::new();
        write_trig(quads, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// The statements after the prefixes.
    fn body(text: &str) -> &str {
        text.split_once("\n\n").map_or("", |(_, body)| body)
    }

    fn same_data(a: Vec<Quad>, b: Vec<Quad>) -> bool {
        let canonical = |quads: Vec<Quad>| {
            let mut d: Dataset = quads.into_iter().collect();
            d.canonicalize(CanonicalizationAlgorithm::Unstable);
            d
        };
        canonical(a) == canonical(b)
    }

    /// Writes `input` (TriG) and checks it reads back as the same data; returns the body.
    fn round_trip(input: &str) -> String {
        let quads = canonical_blank_nodes(parse_as(RdfFormat::TriG, input));
        let text = trig(&quads);
        assert!(same_data(quads, parse_as(RdfFormat::TriG, &text)), "{text}");
        body(&text).to_owned()
    }

    #[test]
    fn self_loops_and_cycles_are_labelled_statements() {
        let text = round_trip("_:a <http://e/p> _:a . _:x <http://e/p> _:y . _:y <http://e/p> _:x .");
        assert_eq!(text.matches("\n_:b").count() + usize::from(text.starts_with("_:b")), 3, "{text}");
        // What a cycle's node points at still nests.
        let text = round_trip("_:x <http://e/p> _:y . _:y <http://e/p> _:x . _:y <http://e/q> [ <http://e/r> 1 ] .");
        assert!(text.contains("<http://e/q> [\n        <http://e/r> 1\n    ]"), "{text}");
    }

    #[test]
    fn lists_are_written_as_lists_short_on_one_line_long_one_item_a_line() {
        let text = round_trip("<http://e/s> <http://e/p> ( 1 2 ( \"a\" ) ) .");
        assert_eq!(text, "<http://e/s>\n    <http://e/p> ( 1 2 ( \"a\" ) ) .\n\n");
        let text = round_trip("<http://e/s> <http://e/p> ( [ <http://e/q> 1 ] ) .");
        assert_eq!(text, "<http://e/s>\n    <http://e/p> (\n        [\n            <http://e/q> 1\n        ]\n    ) .\n\n");
        let items: Vec<String> = (0..40).map(|i| i.to_string()).collect();
        let text = round_trip(&format!("<http://e/s> <http://e/p> ( {} ) .", items.join(" ")));
        assert!(text.starts_with("<http://e/s>\n    <http://e/p> (\n        0\n        1\n"), "{text}");
    }

    #[test]
    fn broken_lists_are_written_as_triples() {
        let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
        let text = round_trip(&format!(
            "<http://e/s> <http://e/p> _:c . _:c <{rdf}first> 1 ; <{rdf}rest> _:d ; <http://e/x> 0 . _:d <{rdf}first> 2 ; <{rdf}rest> <http://e/end> ."
        ));
        assert!(text.contains("rdf:first 1 ;") && text.contains("rdf:rest [") && !text.contains('('), "{text}");
    }

    #[test]
    fn deep_nesting_is_cut_into_labelled_statements() {
        let mut input = String::from("<http://e/s> <http://e/p> _:n0 .");
        for i in 0..100 {
            input.push_str(&format!(" _:n{i} <http://e/next> _:n{} ; <http://e/n> {i} .", i + 1));
        }
        let text = round_trip(&input);
        let deepest = text.lines().map(|l| l.len() - l.trim_start().len()).max().unwrap();
        assert_eq!(deepest, 4 * (layout::MAX_DEPTH + 1), "{text}");
        assert_eq!(text.lines().filter(|l| l.starts_with("_:b")).count(), 3, "{text}");
    }

    #[test]
    fn a_blank_node_in_two_graphs_or_naming_a_graph_keeps_its_label() {
        round_trip("<http://e/s> <http://e/p> _:a . GRAPH <http://e/g> { _:a <http://e/q> 1 } GRAPH _:a { <http://e/s> <http://e/r> _:a }");
        let text = round_trip("<http://e/s> <http://e/p> _:a . GRAPH <http://e/g> { _:a <http://e/q> 1 }");
        assert!(text.starts_with("<http://e/s>\n    <http://e/p> _:b"), "{text}");
    }

    #[test]
    fn a_triple_given_twice_is_written_once() {
        let quads = canonical_blank_nodes(parse("<http://e/s> <http://e/p> [ <http://e/q> 1 ] , [ <http://e/q> 1 ] ."));
        let mut twice = quads.clone();
        twice.extend(quads.iter().cloned());
        twice.reverse();
        let text = trig(&twice);
        assert!(same_data(quads, parse(&text)), "{text}");
    }

    #[test]
    fn nests_single_use_blank_nodes_and_is_stable() {
        let input = "@prefix nk: <https://w3id.org/nkkg/ontology#> . @prefix nke: <https://w3id.org/nkkg/id/> .
            nke:s a nk:Support ; nk:evidence [ nk:start 5 ; nk:end 9 ] ; <http://www.w3.org/2000/01/rdf-schema#label> \"x\" .";
        let quads = canonical_blank_nodes(parse(input));
        let triples: Vec<Triple> = quads.into_iter().map(Triple::from).collect();
        let mut out = Vec::new();
        write_turtle(&triples, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let expected = "nke:s\n    a nk:Support ;\n    rdfs:label \"x\" ;\n    nk:evidence [\n        nk:end 9 ;\n        nk:start 5\n    ] .\n";
        assert!(text.contains(expected), "{text}");
        let again = canonical_blank_nodes(parse(&text));
        assert_eq!(again.len(), 5);
    }
}
