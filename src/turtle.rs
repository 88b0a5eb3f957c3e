//! A Turtle and TriG writer for readable, stable output (RFC-style "pretty" Turtle,
//! W3C Turtle 1.1 §2): the project's prefixes, subjects sorted with `rdf:type` and
//! `rdfs:label` first, objects sorted, and blank nodes used once written inline as `[ … ]`.
//! Blank nodes get labels derived from their content, so the same data always gives the
//! same bytes.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::{self, Write};

use oxigraph::model::{BlankNode, GraphName, NamedOrBlankNode, Quad, Term, Triple};
use sha2::{Digest, Sha256};

use crate::prefixes::PREFIXES;

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// Renames every blank node to a label computed from what it says (its outgoing triples,
/// recursively, and where it is used), so that equal data yields equal labels.
pub fn canonical_blank_nodes(quads: Vec<Quad>) -> Vec<Quad> {
    let mut out_edges: HashMap<BlankNode, Vec<(String, Term)>> = HashMap::new();
    let mut in_edges: HashMap<BlankNode, Vec<String>> = HashMap::new();
    for q in &quads {
        if let NamedOrBlankNode::BlankNode(b) = &q.subject {
            out_edges.entry(b.clone()).or_default().push((q.predicate.as_str().to_owned(), q.object.clone()));
        }
        if let Term::BlankNode(b) = &q.object {
            let from = match &q.subject {
                NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
                NamedOrBlankNode::BlankNode(_) => "_".to_owned(),
            };
            in_edges.entry(b.clone()).or_default().push(format!("{from} {}", q.predicate.as_str()));
        }
    }
    fn signature(b: &BlankNode, out: &HashMap<BlankNode, Vec<(String, Term)>>, depth: u8) -> String {
        let mut parts: Vec<String> = out
            .get(b)
            .map(|edges| {
                edges
                    .iter()
                    .map(|(p, o)| match o {
                        Term::BlankNode(ob) if depth < 6 => format!("{p} [{}]", signature(ob, out, depth + 1)),
                        Term::BlankNode(_) => format!("{p} []"),
                        other => format!("{p} {other}"),
                    })
                    .collect()
            })
            .unwrap_or_default();
        parts.sort();
        parts.join(";")
    }
    let mut blanks: Vec<BlankNode> = out_edges.keys().chain(in_edges.keys()).cloned().collect();
    blanks.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    blanks.dedup();
    let mut keyed: Vec<(String, BlankNode)> = blanks
        .into_iter()
        .map(|b| {
            let mut incoming = in_edges.get(&b).cloned().unwrap_or_default();
            incoming.sort();
            let key = format!("{}|{}", signature(&b, &out_edges, 0), incoming.join(";"));
            let digest = Sha256::digest(key.as_bytes());
            let hex: String = digest.iter().take(6).map(|x| format!("{x:02x}")).collect();
            (hex, b)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    let mut rename = HashMap::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (hex, b) in keyed {
        let n = seen.entry(hex.clone()).or_insert(0);
        let label = if *n == 0 { format!("b{hex}") } else { format!("b{hex}x{n}") };
        *n += 1;
        rename.insert(b, BlankNode::new_unchecked(label));
    }
    let map_s = |s: NamedOrBlankNode| match s {
        NamedOrBlankNode::BlankNode(b) => NamedOrBlankNode::BlankNode(rename[&b].clone()),
        other => other,
    };
    let map_o = |o: Term| match o {
        Term::BlankNode(b) => Term::BlankNode(rename[&b].clone()),
        other => other,
    };
    let mut quads: Vec<Quad> = quads
        .into_iter()
        .map(|q| {
            let graph = match q.graph_name {
                GraphName::BlankNode(b) => GraphName::BlankNode(rename.get(&b).cloned().unwrap_or(b)),
                g => g,
            };
            Quad::new(map_s(q.subject), q.predicate, map_o(q.object), graph)
        })
        .collect();
    quads.sort_by_key(|q| q.to_string());
    quads.dedup();
    quads
}

/// Writes triples as Turtle with the project's prefixes.
pub fn write_turtle(triples: &[Triple], mut out: impl Write) -> io::Result<()> {
    for (prefix, ns) in PREFIXES {
        writeln!(out, "@prefix {prefix}: <{ns}> .")?;
    }
    writeln!(out)?;
    out.write_all(body(triples, "").as_bytes())?;
    out.flush()
}

/// Writes quads as TriG: the default graph's triples first, then one block per named graph.
pub fn write_trig(quads: &[Quad], mut out: impl Write) -> io::Result<()> {
    for (prefix, ns) in PREFIXES {
        writeln!(out, "@prefix {prefix}: <{ns}> .")?;
    }
    writeln!(out)?;
    let mut graphs: BTreeMap<String, (GraphName, Vec<Triple>)> = BTreeMap::new();
    for q in quads {
        let key = match &q.graph_name {
            GraphName::DefaultGraph => String::new(),
            g => g.to_string(),
        };
        graphs.entry(key).or_insert_with(|| (q.graph_name.clone(), Vec::new())).1.push(Triple::new(
            q.subject.clone(),
            q.predicate.clone(),
            q.object.clone(),
        ));
    }
    for (_, (graph, triples)) in graphs {
        match graph {
            GraphName::DefaultGraph => out.write_all(body(&triples, "").as_bytes())?,
            GraphName::NamedNode(n) => {
                writeln!(out, "GRAPH {} {{", term_text(&Term::NamedNode(n)))?;
                out.write_all(body(&triples, "    ").as_bytes())?;
                writeln!(out, "}}\n")?;
            }
            GraphName::BlankNode(b) => {
                writeln!(out, "GRAPH _:{} {{", b.as_str())?;
                out.write_all(body(&triples, "    ").as_bytes())?;
                writeln!(out, "}}\n")?;
            }
        }
    }
    out.flush()
}

/// The statements for `triples`, each line prefixed by `indent`.
fn body(triples: &[Triple], indent: &str) -> String {
    let mut by_subject: BTreeMap<(u8, String), (NamedOrBlankNode, Vec<(String, Term)>)> = BTreeMap::new();
    let mut object_uses: HashMap<BlankNode, usize> = HashMap::new();
    for t in triples {
        let key = (matches!(t.subject, NamedOrBlankNode::BlankNode(_)) as u8, t.subject.to_string());
        by_subject
            .entry(key)
            .or_insert_with(|| (t.subject.clone(), Vec::new()))
            .1
            .push((t.predicate.as_str().to_owned(), t.object.clone()));
        if let Term::BlankNode(b) = &t.object {
            *object_uses.entry(b.clone()).or_default() += 1;
        }
    }
    // Blank nodes used exactly once as an object (and not as their own ancestor) go inline.
    let inline: HashMap<BlankNode, Vec<(String, Term)>> = by_subject
        .values()
        .filter_map(|(subject, po)| match subject {
            NamedOrBlankNode::BlankNode(b) if object_uses.get(b) == Some(&1) => Some((b.clone(), po.clone())),
            _ => None,
        })
        .collect();
    let mut text = String::new();
    for (subject_node, po) in by_subject.values() {
        if let NamedOrBlankNode::BlankNode(b) = subject_node {
            if inline.contains_key(b) {
                continue;
            }
        }
        let subject = match subject_node {
            NamedOrBlankNode::NamedNode(n) => term_text(&Term::NamedNode(n.clone())),
            NamedOrBlankNode::BlankNode(b) => format!("_:{}", b.as_str()),
        };
        let _ = write!(text, "{indent}{subject}");
        write_predicates(&mut text, po, &inline, indent, 1, 0);
        text.push_str(" .\n\n");
    }
    text
}

fn write_predicates(
    text: &mut String,
    po: &[(String, Term)],
    inline: &HashMap<BlankNode, Vec<(String, Term)>>,
    indent: &str,
    level: usize,
    depth: usize,
) {
    let mut grouped: BTreeMap<(u8, String), Vec<&Term>> = BTreeMap::new();
    for (p, o) in po {
        let rank = match p.as_str() {
            RDF_TYPE => 0,
            RDFS_LABEL => 1,
            _ => 2,
        };
        grouped.entry((rank, p.clone())).or_default().push(o);
    }
    let pad = format!("{indent}{}", "    ".repeat(level));
    for (i, ((_, p), mut objects)) in grouped.into_iter().enumerate() {
        objects.sort_by_key(|o| object_key(o, inline));
        objects.dedup();
        let predicate = if p == RDF_TYPE { "a".to_owned() } else { iri_text(&p) };
        let _ = write!(text, "{}\n{pad}{predicate} ", if i == 0 { "" } else { " ;" });
        for (j, o) in objects.iter().enumerate() {
            if j > 0 {
                text.push_str(", ");
            }
            match o {
                Term::BlankNode(b) if depth < 8 && inline.contains_key(b) => {
                    text.push('[');
                    write_predicates(text, &inline[b], inline, indent, level + 1, depth + 1);
                    let _ = write!(text, "\n{pad}]");
                }
                other => text.push_str(&term_text(other)),
            }
        }
    }
}

fn object_key(o: &Term, inline: &HashMap<BlankNode, Vec<(String, Term)>>) -> String {
    match o {
        Term::BlankNode(b) => match inline.get(b) {
            Some(po) => {
                let mut parts: Vec<String> = po.iter().map(|(p, o)| format!("{p} {}", object_key(o, inline))).collect();
                parts.sort();
                format!("~{}", parts.join(";"))
            }
            None => format!("~{}", b.as_str()),
        },
        other => other.to_string(),
    }
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

    fn parse(text: &str) -> Vec<Quad> {
        RdfParser::from_format(RdfFormat::Turtle).for_slice(text).map(Result::unwrap).collect()
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
