//! `nkkg path A B`: the shortest relationship paths between two entities, found by
//! breadth-first search over a graph whose edges are the relations users reason with —
//! support, supply, participation in events, membership and roles, places — each hop
//! labelled with its relation and the evidence span behind it.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::fmt;
use std::io::Write;

use oxigraph::model::NamedNode;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use super::evidence::Citation;
use super::terms::{literal, named, short, text, Labelled};
use crate::names::{Named, Naming};
use crate::query::select;
use crate::store::GraphStore;

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

/// One directed, labelled edge with its first evidence span. In JSON: `from` and `to`
/// (shortened IRIs), `from_label`, `to_label`, `relation`, `forward` and `evidence`
/// (`document:start-end`, or empty).
#[derive(Debug, Clone)]
pub struct Hop {
    /// Where the hop starts (as walked).
    pub from: Labelled,
    /// Where the hop ends (as walked).
    pub to: Labelled,
    /// The relations between the two, e.g. `supplied drones`.
    pub relation: Relation,
    /// Whether the relation points the way the path is walked.
    pub forward: bool,
    /// The first evidence span, if any (in the order of their `document:start-end` text).
    pub evidence: Option<Citation>,
}

impl Serialize for Hop {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Hop", 7)?;
        st.serialize_field("from", &short(&self.from.iri))?;
        st.serialize_field("from_label", &self.from.name())?;
        st.serialize_field("to", &short(&self.to.iri))?;
        st.serialize_field("to_label", &self.to.name())?;
        st.serialize_field("relation", &self.relation.to_string())?;
        st.serialize_field("forward", &self.forward)?;
        st.serialize_field("evidence", &self.evidence.as_ref().map(Citation::to_string).unwrap_or_default())?;
        st.end()
    }
}

/// What links two entities: each verb (`supported`, `took part in`) with the labels of its
/// objects (support types, items, roles).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Relation {
    /// Verb → object labels, e.g. "supported" → {"vote", "weapons"}.
    pub verbs: BTreeMap<String, BTreeSet<String>>,
}

/// `supported (vote, weapons); supplied drones`: each verb once, with its objects.
impl fmt::Display for Relation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .verbs
            .iter()
            .map(|(verb, objects)| {
                let list = objects.iter().cloned().collect::<Vec<_>>().join(", ");
                match (verb.as_str(), list.is_empty()) {
                    (_, true) => verb.clone(),
                    (v, false) if v.ends_with("supported") || v == "took part in" || v == "held role" => format!("{verb} ({list})"),
                    _ => format!("{verb} {list}"),
                }
            })
            .collect();
        f.write_str(&parts.join("; "))
    }
}

struct EdgeData {
    source: NamedNode,
    target: NamedNode,
    relation: Relation,
    evidence: Vec<Citation>,
}

const CITE: &str = "OPTIONAL { ?x nk:evidence ?ev . ?ev oa:hasSource ?doc ; oa:hasSelector ?sel . ?sel oa:start ?s0 ; oa:end ?s1 }";

fn queries(via: Via) -> Vec<String> {
    match via {
        Via::Support => vec![format!(
            "SELECT ?a ?b ?verb ?what ?doc ?s0 ?s1 WHERE {{ ?x a nk:Support ; nk:supporter ?a ; nk:recipient ?b ; nk:supportType/skos:prefLabel ?k ; nk:polarity/skos:prefLabel ?p .
               BIND(IF(?p = \"given\", \"supported\", CONCAT(?p, \": supported\")) AS ?verb) BIND(?k AS ?what) {CITE} }}"
        )],
        Via::Supply => vec![
            format!(
                "SELECT ?a ?b ?verb ?what ?doc ?s0 ?s1 WHERE {{ ?x a nk:Supply ; nk:supplier ?a ; nk:recipient ?b ; nk:itemCategory/skos:prefLabel ?c ; nk:status ?st .
                   OPTIONAL {{ ?x nk:item/rdfs:label ?i }} BIND(IF(?st IN (nkv:Alleged, nkv:Denied), \"allegedly supplied\", \"supplied\") AS ?verb) BIND(COALESCE(?i, ?c) AS ?what) {CITE} }}"
            ),
            format!(
                "SELECT ?a ?b ?verb ?what ?doc ?s0 ?s1 WHERE {{ ?x a nk:Supply ; nk:supplier ?a ; nk:intermediary ?b ; nk:itemCategory/skos:prefLabel ?c .
                   BIND(\"supplied through\" AS ?verb) BIND(?c AS ?what) {CITE} }}"
            ),
            format!(
                "SELECT ?a ?b ?verb ?what ?doc ?s0 ?s1 WHERE {{ ?x a nk:Supply ; nk:intermediary ?a ; nk:recipient ?b ; nk:itemCategory/skos:prefLabel ?c .
                   BIND(\"passed on to\" AS ?verb) BIND(?c AS ?what) {CITE} }}"
            ),
        ],
        Via::Participation => vec![format!(
            "SELECT ?a ?b ?verb ?what ?doc ?s0 ?s1 WHERE {{ ?b a nk:Event ; nk:participation [ nk:participant ?a ; nk:role/skos:prefLabel ?r ] .
               BIND(?b AS ?x) BIND(\"took part in\" AS ?verb) BIND(?r AS ?what) {CITE} }}"
        )],
        Via::Membership => vec![
            "SELECT ?a ?b ?verb (\"\" AS ?what) WHERE { ?a ?p ?b .
               FILTER(?p IN (nk:memberOf, nk:subordinateTo, nk:affiliatedWith)) ?p rdfs:label ?verb }"
                .to_owned(),
            "SELECT ?a ?b (\"held role\" AS ?verb) ?what WHERE { ?x a nk:Role ; nk:holder ?a ; nk:roleIn ?b ; nk:roleName ?what }"
                .to_owned(),
        ],
        Via::Place => vec![
            "SELECT ?a ?b (\"took place in\" AS ?verb) (\"\" AS ?what) WHERE { ?a a nk:Event ; nk:place ?b }".to_owned(),
            "SELECT ?a ?b (\"lies in\" AS ?verb) (\"\" AS ?what) WHERE { ?a a nk:Place ; nk:partOf ?b . ?b a nk:Place }".to_owned(),
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
    let mut edges: BTreeMap<(NamedNode, NamedNode), EdgeData> = BTreeMap::new();
    for v in via {
        for sparql in queries(*v) {
            for row in select(store, &sparql, &[])? {
                let (Some(s), Some(t)) = (named(row.get("a")), named(row.get("b"))) else { continue };
                if s == t {
                    continue;
                }
                let e = edges.entry((s.clone(), t.clone())).or_insert_with(|| EdgeData {
                    source: s,
                    target: t,
                    relation: Relation::default(),
                    evidence: Vec::new(),
                });
                let verb = literal(row.get("verb")).map(|l| text(&l)).unwrap_or_default();
                let objects = e.relation.verbs.entry(verb).or_default();
                if let Some(what) = literal(row.get("what")).map(|l| text(&l)).filter(|w| !w.is_empty()) {
                    objects.insert(what);
                }
                let offset = |var: &str| literal(row.get(var)).and_then(|l| l.value().parse::<i64>().ok());
                if let (Some(document), Some(start), Some(end)) = (named(row.get("doc")), offset("s0"), offset("s1")) {
                    e.evidence.push(Citation { document, start, end, text: None });
                }
            }
        }
    }
    let edges: Vec<EdgeData> = edges.into_values().collect();
    let mut adjacency: HashMap<&NamedNode, Vec<(&NamedNode, usize, bool)>> = HashMap::new();
    for (i, e) in edges.iter().enumerate() {
        adjacency.entry(&e.source).or_default().push((&e.target, i, true));
        adjacency.entry(&e.target).or_default().push((&e.source, i, false));
    }
    for list in adjacency.values_mut() {
        list.sort();
    }
    let (start, goal) = (a, b);
    // Breadth-first search recording every predecessor on a shortest route.
    let mut dist: HashMap<&NamedNode, usize> = HashMap::new();
    let mut preds: HashMap<&NamedNode, Vec<(&NamedNode, usize, bool)>> = HashMap::new();
    let mut queue = VecDeque::new();
    let Some((start_key, _)) = adjacency.get_key_value(start) else { return Ok(Vec::new()) };
    dist.insert(start_key, 0);
    queue.push_back(*start_key);
    while let Some(node) = queue.pop_front() {
        let d = dist[node];
        if d >= max_length || dist.get(goal).is_some_and(|&g| d >= g) {
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
    if !dist.contains_key(goal) {
        return Ok(Vec::new());
    }
    // Walk back from the goal, enumerating routes in a stable order.
    let mut paths = Vec::new();
    let mut stack: Vec<(&NamedNode, Vec<(&NamedNode, usize, bool)>)> = vec![(goal, Vec::new())];
    while let Some((node, suffix)) = stack.pop() {
        if paths.len() >= limit {
            break;
        }
        if node == start {
            paths.push(suffix);
            continue;
        }
        let mut ps = preds.get(node).cloned().unwrap_or_default();
        ps.sort();
        for (prev, edge, forward) in ps.into_iter().rev() {
            let mut s = vec![(prev, edge, forward)];
            s.extend(suffix.iter().cloned());
            stack.push((prev, s));
        }
    }
    Ok(paths
        .into_iter()
        .map(|steps| {
            steps
                .into_iter()
                .map(|(from, edge, forward)| {
                    let e = &edges[edge];
                    let to = if forward { &e.target } else { &e.source };
                    Hop {
                        from: Labelled::fetch(store, from),
                        to: Labelled::fetch(store, to),
                        relation: e.relation.clone(),
                        forward,
                        evidence: e.evidence.iter().min_by_key(|c| c.to_string()).cloned(),
                    }
                })
                .collect()
        })
        .collect())
}

/// One line per path, e.g. `Israel —supplied drones→ Azerbaijan ←supported (vote)— Pakistan`,
/// followed by the evidence of each hop.
pub fn write_text(a: &str, b: &str, paths: &[Vec<Hop>], mut out: impl Write) -> std::io::Result<()> {
    if paths.is_empty() {
        return writeln!(out, "No path between {a} and {b} within the length limit.");
    }
    writeln!(out, "{} shortest path{} of {} hop{} between {a} and {b}:", paths.len(), if paths.len() == 1 { "" } else { "s" }, paths[0].len(), if paths[0].len() == 1 { "" } else { "s" })?;
    for (i, path) in paths.iter().enumerate() {
        let mut line = path[0].from.name();
        for hop in path {
            if hop.forward {
                line.push_str(&format!(" —{}→ {}", hop.relation, hop.to.name()));
            } else {
                line.push_str(&format!(" ←{}— {}", hop.relation, hop.to.name()));
            }
        }
        writeln!(out, "\n{}. {line}", i + 1)?;
        for hop in path {
            let ev = hop.evidence.as_ref().map_or("(no span)".to_owned(), |c| format!("[{c}]"));
            let (s, t) = if hop.forward { (hop.from.name(), hop.to.name()) } else { (hop.to.name(), hop.from.name()) };
            writeln!(out, "   {s} → {t}: {} {ev}", hop.relation)?;
        }
    }
    Ok(())
}
