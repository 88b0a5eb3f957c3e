//! `nkkg path A B`: the shortest relationship paths between two entities, found by
//! breadth-first search over a graph whose edges are the relations users reason with —
//! support, supply, participation in events, membership and roles, places — each hop
//! labelled with its relation and the evidence span behind it.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::io::Write;

use oxigraph::model::NamedNode;
use serde::Serialize;

use super::label;
use crate::names::{Named, Naming};
use crate::query::select;
use crate::store::GraphStore;
use crate::table::cell;

/// Relations a path may follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Via {
    /// Support relations (supporter → recipient).
    Support,
    /// Supplies (supplier → recipient, and through intermediaries).
    Supply,
    /// Taking part in an event (actor → event).
    Participation,
    /// Memberships, subordination, affiliation and roles held.
    Membership,
    /// Where events happened and which places lie within which.
    Place,
}

impl Named for Via {
    const KIND: &'static str = "relation a path may follow";

    fn all() -> &'static [Self] {
        &[Self::Support, Self::Supply, Self::Participation, Self::Membership, Self::Place]
    }

    fn naming(self) -> Naming {
        match self {
            Self::Support => Naming::new("support", &[], "Support relations (supporter → recipient)"),
            Self::Supply => Naming::new("supply", &[], "Supplies (supplier → recipient, and through intermediaries)"),
            Self::Participation => Naming::new("participation", &[], "Taking part in an event (actor → event)"),
            Self::Membership => Naming::new("membership", &[], "Memberships, subordination, affiliation and roles held"),
            Self::Place => Naming::new("place", &[], "Where events happened and which places lie within which"),
        }
    }
}

/// The default relations: all but places.
pub const DEFAULT_VIA: &[Via] = &[Via::Support, Via::Supply, Via::Participation, Via::Membership];

/// One directed, labelled edge with its first evidence span.
#[derive(Debug, Clone, Serialize)]
pub struct Hop {
    /// Where the hop starts (as walked).
    pub from: String,
    /// Its label.
    pub from_label: String,
    /// Where the hop ends (as walked).
    pub to: String,
    /// Its label.
    pub to_label: String,
    /// The relation, e.g. `supplied drones`.
    pub relation: String,
    /// Whether the relation points the way the path is walked.
    pub forward: bool,
    /// `document:start-end` of the first evidence span, if any.
    pub evidence: String,
}

struct EdgeData {
    source: String,
    target: String,
    /// verb → objects, e.g. "supported" → {"weapons", "vote"}.
    relations: BTreeMap<String, BTreeSet<String>>,
    evidence: BTreeSet<String>,
}

const CITE: &str = "OPTIONAL { ?x nk:evidence ?ev . ?ev oa:hasSource ?doc ; oa:hasSelector ?sel . ?sel oa:start ?s0 ; oa:end ?s1 }
  BIND(IF(BOUND(?doc), CONCAT(REPLACE(STR(?doc), \"^.*/\", \"\"), \":\", STR(?s0), \"-\", STR(?s1)), \"\") AS ?cite)";

fn queries(via: Via) -> Vec<String> {
    match via {
        Via::Support => vec![format!(
            "SELECT ?a ?b ?verb ?what ?cite WHERE {{ ?x a nk:Support ; nk:supporter ?a ; nk:recipient ?b ; nk:supportType/skos:prefLabel ?k ; nk:polarity/skos:prefLabel ?p .
               BIND(IF(?p = \"given\", \"supported\", CONCAT(?p, \": supported\")) AS ?verb) BIND(?k AS ?what) {CITE} }}"
        )],
        Via::Supply => vec![
            format!(
                "SELECT ?a ?b ?verb ?what ?cite WHERE {{ ?x a nk:Supply ; nk:supplier ?a ; nk:recipient ?b ; nk:itemCategory/skos:prefLabel ?c ; nk:status ?st .
                   OPTIONAL {{ ?x nk:item/rdfs:label ?i }} BIND(IF(?st IN (nkv:Alleged, nkv:Denied), \"allegedly supplied\", \"supplied\") AS ?verb) BIND(COALESCE(?i, ?c) AS ?what) {CITE} }}"
            ),
            format!(
                "SELECT ?a ?b ?verb ?what ?cite WHERE {{ ?x a nk:Supply ; nk:supplier ?a ; nk:intermediary ?b ; nk:itemCategory/skos:prefLabel ?c .
                   BIND(\"supplied through\" AS ?verb) BIND(?c AS ?what) {CITE} }}"
            ),
            format!(
                "SELECT ?a ?b ?verb ?what ?cite WHERE {{ ?x a nk:Supply ; nk:intermediary ?a ; nk:recipient ?b ; nk:itemCategory/skos:prefLabel ?c .
                   BIND(\"passed on to\" AS ?verb) BIND(?c AS ?what) {CITE} }}"
            ),
        ],
        Via::Participation => vec![format!(
            "SELECT ?a ?b ?verb ?what ?cite WHERE {{ ?b a nk:Event ; nk:participation [ nk:participant ?a ; nk:role/skos:prefLabel ?r ] .
               BIND(?b AS ?x) BIND(\"took part in\" AS ?verb) BIND(?r AS ?what) {CITE} }}"
        )],
        Via::Membership => vec![
            "SELECT ?a ?b ?verb (\"\" AS ?what) (\"\" AS ?cite) WHERE { ?a ?p ?b .
               FILTER(?p IN (nk:memberOf, nk:subordinateTo, nk:affiliatedWith)) ?p rdfs:label ?verb }"
                .to_owned(),
            "SELECT ?a ?b (\"held role\" AS ?verb) ?what (\"\" AS ?cite) WHERE { ?x a nk:Role ; nk:holder ?a ; nk:roleIn ?b ; nk:roleName ?what }"
                .to_owned(),
        ],
        Via::Place => vec![
            "SELECT ?a ?b (\"took place in\" AS ?verb) (\"\" AS ?what) (\"\" AS ?cite) WHERE { ?a a nk:Event ; nk:place ?b }".to_owned(),
            "SELECT ?a ?b (\"lies in\" AS ?verb) (\"\" AS ?what) (\"\" AS ?cite) WHERE { ?a a nk:Place ; nk:partOf ?b . ?b a nk:Place }".to_owned(),
        ],
    }
}

/// Finds up to `limit` shortest paths of at most `max_length` hops from `a` to `b`.
pub fn shortest_paths(
    store: &GraphStore,
    a: &NamedNode,
    b: &NamedNode,
    via: &[Via],
    max_length: usize,
    limit: usize,
) -> anyhow::Result<Vec<Vec<Hop>>> {
    let mut edges: BTreeMap<(String, String), EdgeData> = BTreeMap::new();
    for v in via {
        for sparql in queries(*v) {
            for row in select(store, &sparql, &[])? {
                let (s, t) = (cell(row.get("a")), cell(row.get("b")));
                if s == t || s.is_empty() || t.is_empty() {
                    continue;
                }
                let e = edges.entry((s.clone(), t.clone())).or_insert_with(|| EdgeData {
                    source: s,
                    target: t,
                    relations: BTreeMap::new(),
                    evidence: BTreeSet::new(),
                });
                let what = cell(row.get("what"));
                let objects = e.relations.entry(cell(row.get("verb"))).or_default();
                if !what.is_empty() {
                    objects.insert(what);
                }
                let cite = cell(row.get("cite"));
                if !cite.is_empty() {
                    e.evidence.insert(cite);
                }
            }
        }
    }
    let edges: Vec<EdgeData> = edges.into_values().collect();
    let mut adjacency: HashMap<&str, Vec<(&str, usize, bool)>> = HashMap::new();
    for (i, e) in edges.iter().enumerate() {
        adjacency.entry(&e.source).or_default().push((&e.target, i, true));
        adjacency.entry(&e.target).or_default().push((&e.source, i, false));
    }
    for list in adjacency.values_mut() {
        list.sort();
    }
    let (start, goal) = (cell(Some(&a.clone().into())), cell(Some(&b.clone().into())));
    // Breadth-first search recording every predecessor on a shortest route.
    let mut dist: HashMap<&str, usize> = HashMap::new();
    let mut preds: HashMap<&str, Vec<(&str, usize, bool)>> = HashMap::new();
    let mut queue = VecDeque::new();
    let Some((start_key, _)) = adjacency.get_key_value(start.as_str()) else { return Ok(Vec::new()) };
    dist.insert(start_key, 0);
    queue.push_back(*start_key);
    while let Some(node) = queue.pop_front() {
        let d = dist[node];
        if d >= max_length || dist.get(goal.as_str()).is_some_and(|&g| d >= g) {
            continue;
        }
        for &(next, edge, forward) in adjacency.get(node).map(Vec::as_slice).unwrap_or(&[]) {
            match dist.get(next) {
                None => {
                    dist.insert(next, d + 1);
                    preds.entry(next).or_default().push((node, edge, forward));
                    queue.push_back(next);
                }
                Some(&nd) if nd == d + 1 => preds.entry(next).or_default().push((node, edge, forward)),
                _ => {}
            }
        }
    }
    if !dist.contains_key(goal.as_str()) {
        return Ok(Vec::new());
    }
    // Walk back from the goal, enumerating routes in a stable order.
    let mut paths = Vec::new();
    let mut stack: Vec<(String, Vec<(String, usize, bool)>)> = vec![(goal.clone(), Vec::new())];
    while let Some((node, suffix)) = stack.pop() {
        if paths.len() >= limit {
            break;
        }
        if node == start {
            paths.push(suffix);
            continue;
        }
        let mut ps = preds.get(node.as_str()).cloned().unwrap_or_default();
        ps.sort();
        for (prev, edge, forward) in ps.into_iter().rev() {
            let mut s = vec![(prev.to_owned(), edge, forward)];
            s.extend(suffix.iter().cloned());
            stack.push((prev.to_owned(), s));
        }
    }
    let term = |id: &str| -> oxigraph::model::Term {
        crate::prefixes::expand(id).map(Into::into).unwrap_or_else(|| oxigraph::model::Literal::new_simple_literal(id).into())
    };
    Ok(paths
        .into_iter()
        .map(|steps| {
            steps
                .into_iter()
                .map(|(from, edge, forward)| {
                    let e = &edges[edge];
                    let to = if forward { e.target.clone() } else { e.source.clone() };
                    Hop {
                        from_label: label(store, &term(&from)),
                        to_label: label(store, &term(&to)),
                        from,
                        to,
                        relation: relation_text(&e.relations),
                        forward,
                        evidence: e.evidence.iter().next().cloned().unwrap_or_default(),
                    }
                })
                .collect()
        })
        .collect())
}

/// `supported (vote, weapons); supplied drones`: each verb once, with its objects.
fn relation_text(relations: &BTreeMap<String, BTreeSet<String>>) -> String {
    relations
        .iter()
        .map(|(verb, objects)| {
            let list = objects.iter().cloned().collect::<Vec<_>>().join(", ");
            match (verb.as_str(), list.is_empty()) {
                (_, true) => verb.clone(),
                (v, false) if v.ends_with("supported") || v == "took part in" || v == "held role" => format!("{verb} ({list})"),
                _ => format!("{verb} {list}"),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// One line per path, e.g. `Israel —supplied drones→ Azerbaijan ←supported (vote)— Pakistan`,
/// followed by the evidence of each hop.
pub fn write_text(a: &str, b: &str, paths: &[Vec<Hop>], mut out: impl Write) -> std::io::Result<()> {
    if paths.is_empty() {
        return writeln!(out, "No path between {a} and {b} within the length limit.");
    }
    writeln!(out, "{} shortest path{} of {} hop{} between {a} and {b}:", paths.len(), if paths.len() == 1 { "" } else { "s" }, paths[0].len(), if paths[0].len() == 1 { "" } else { "s" })?;
    for (i, path) in paths.iter().enumerate() {
        let mut line = path[0].from_label.clone();
        for hop in path {
            if hop.forward {
                line.push_str(&format!(" —{}→ {}", hop.relation, hop.to_label));
            } else {
                line.push_str(&format!(" ←{}— {}", hop.relation, hop.to_label));
            }
        }
        writeln!(out, "\n{}. {line}", i + 1)?;
        for hop in path {
            let ev = if hop.evidence.is_empty() { "(no span)".to_owned() } else { format!("[{}]", hop.evidence) };
            let (s, t) = if hop.forward { (&hop.from_label, &hop.to_label) } else { (&hop.to_label, &hop.from_label) };
            writeln!(out, "   {s} → {t}: {} {ev}", hop.relation)?;
        }
    }
    Ok(())
}
