//! The actor network: actors as nodes, support and supply relations as typed, weighted
//! edges, and its export to graph tools — DOT (Graphviz), GraphML (Gephi, Cytoscape,
//! yEd), GEXF 1.3 (Gephi) and a CSV edge list. SVG pictures are in `svg.rs`.
//!
//! Only stated transfers count: support with polarity given, supplies delivered or
//! ordered. Edges are aggregated per (source, target, kind, type); the weight is the
//! number of relation nodes behind the edge.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::{self, Write as _};
use std::ops::Deref;

use oxigraph::model::{NamedNode, Term};
use serde::Serialize;

use super::terms::{literal, named, short, text};
use crate::markup::{escape_attr, escape_text};
use crate::names::{Named, Naming};
use crate::query::select;
use crate::store::GraphStore;

/// Which relations become edges.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum EdgeKind {
    /// Support relations, typed by their top-level kind (military, diplomatic, ...).
    Support,
    /// Supplies, typed by their top-level item category (arms, energy, ...).
    Supply,
    /// Both.
    #[default]
    All,
}

impl Named for EdgeKind {
    const KIND: &'static str = "kind of edge";

    fn all() -> &'static [Self] {
        &[Self::Support, Self::Supply, Self::All]
    }

    fn naming(self) -> Naming {
        match self {
            Self::Support => {
                Naming::new("support", &[], "Support relations, typed by their top-level kind (military, diplomatic, ...)")
            }
            Self::Supply => Naming::new("supply", &[], "Supplies, typed by their top-level item category (arms, energy, ...)"),
            Self::All => Naming::new("all", &[], "Both"),
        }
    }
}

/// Filters for the network.
#[derive(Clone, Copy, Debug, Default)]
pub struct NetworkFilter {
    /// Which relations.
    pub kind: EdgeKind,
    /// Keep relations whose period reaches this year or later (undated ones are kept
    /// only without year bounds).
    pub from: Option<i32>,
    /// Keep relations whose period starts this year or earlier.
    pub to: Option<i32>,
}

/// An actor's IRI, with the short name exports show it by (`nke:Turkey`); it reads as
/// that short name (`&str`) wherever text is written.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id {
    iri: NamedNode,
    short: String,
}

impl Id {
    /// The actor's id for `iri`.
    pub fn new(iri: NamedNode) -> Self {
        let short = short(&iri);
        Self { iri, short }
    }

    /// The actor.
    pub fn iri(&self) -> &NamedNode {
        &self.iri
    }

    /// The short name.
    pub fn as_str(&self) -> &str {
        &self.short
    }
}

impl Deref for Id {
    type Target = str;
    fn deref(&self) -> &str {
        &self.short
    }
}

impl Serialize for Id {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.short)
    }
}

/// An IRI written in full (for links); it reads as its text (`&str`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Iri(pub NamedNode);

impl Deref for Iri {
    type Target = str;
    fn deref(&self) -> &str {
        self.0.as_str()
    }
}

impl Serialize for Iri {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0.as_str())
    }
}

/// An actor.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Node {
    /// The actor, shown shortened (`nke:Turkey`).
    pub id: Id,
    /// The same IRI in full, for links.
    pub iri: Iri,
    /// rdfs:label.
    pub label: String,
    /// Actor class label (State, Armed group, ...).
    pub class: String,
}

/// Which kind of relation an edge aggregates, ordered as their names sort.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Supplies.
    Supply,
    /// Support relations.
    Support,
}

/// `support` or `supply`.
impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Support => "support",
            Kind::Supply => "supply",
        })
    }
}

/// An aggregated, typed edge.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    /// Source node.
    pub source: Id,
    /// Target node.
    pub target: Id,
    /// `support` or `supply`.
    pub kind: Kind,
    /// Top-level support type or item category label.
    pub r#type: String,
    /// Number of relations aggregated.
    pub weight: u32,
}

/// The network: nodes sorted by id, edges sorted by (source, target, kind, type).
#[derive(Clone, Debug, Serialize, Default)]
pub struct Network {
    /// The actors taking part in at least one edge.
    pub nodes: Vec<Node>,
    /// The edges.
    pub edges: Vec<Edge>,
}

const SUPPORT_EDGES: &str = "SELECT ?s ?t ?type ?x ?y1 ?y2 WHERE {
  ?x a nk:Support ; nk:supporter ?s ; nk:recipient ?t ; nk:supportType ?st ; nk:polarity nkv:Given .
  ?st skos:broader* ?top . ?top skos:topConceptOf nkv:SupportTypes ; skos:prefLabel ?type .
  OPTIONAL { ?x nk:date|nk:startDate ?d1 } OPTIONAL { ?x nk:date|nk:endDate ?d2 }
  BIND(xsd:integer(SUBSTR(STR(?d1), 1, 4)) AS ?y1) BIND(xsd:integer(SUBSTR(STR(COALESCE(?d2, ?d1)), 1, 4)) AS ?y2)
}";

const SUPPLY_EDGES: &str = "SELECT ?s ?t ?type ?x ?y1 ?y2 WHERE {
  ?x a nk:Supply ; nk:supplier ?s ; nk:recipient ?t ; nk:itemCategory ?c ; nk:status ?status .
  FILTER(?status IN (nkv:Delivered, nkv:Ordered))
  ?c skos:broader* ?top . ?top skos:topConceptOf nkv:ItemCategories ; skos:prefLabel ?type .
  OPTIONAL { ?x nk:deliveryDate|nk:date|nk:orderDate|nk:startDate ?d1 } OPTIONAL { ?x nk:endDate ?d2 }
  BIND(xsd:integer(SUBSTR(STR(?d1), 1, 4)) AS ?y1) BIND(xsd:integer(SUBSTR(STR(COALESCE(?d2, ?d1)), 1, 4)) AS ?y2)
}";

/// Every labelled entity with each of its types (none for an untyped one).
const LABELS_AND_TYPES: &str = "SELECT ?e ?label ?type WHERE { ?e rdfs:label ?label OPTIONAL { ?e a ?type } }";

/// The direct subclass statements; their closure is taken in [`node_info`].
const SUBCLASSES: &str = "SELECT ?sub ?super WHERE { ?sub rdfs:subClassOf ?super }";

fn year(term: Option<&Term>) -> Option<i32> {
    match term {
        Some(Term::Literal(l)) => l.value().parse().ok(),
        _ => None,
    }
}

/// The label and class label of each actor: the smallest label of its most specific
/// types under `nk:Actor` (a type no other type of the actor is a subclass of), empty
/// when it has none. The class hierarchy is closed here from the direct
/// `rdfs:subClassOf` statements rather than with a path inside `FILTER NOT EXISTS`, which
/// Virtuoso 7.2 evaluates wrongly (every actor came out as a plain actor).
fn node_info(store: &GraphStore, actors: &BTreeSet<NamedNode>) -> anyhow::Result<BTreeMap<NamedNode, (String, String)>> {
    let mut supers: HashMap<NamedNode, Vec<NamedNode>> = HashMap::new();
    for row in select(store, SUBCLASSES, &[])? {
        if let (Some(sub), Some(sup)) = (named(row.get("sub")), named(row.get("super"))) {
            supers.entry(sub).or_default().push(sup);
        }
    }
    // the strict superclasses of a class (rdfs:subClassOf+)
    let ancestors = |class: &NamedNode| -> HashSet<NamedNode> {
        let mut seen = HashSet::new();
        let mut todo = vec![class.clone()];
        while let Some(c) = todo.pop() {
            for sup in supers.get(&c).into_iter().flatten() {
                if seen.insert(sup.clone()) {
                    todo.push(sup.clone());
                }
            }
        }
        seen
    };
    let mut labels: HashMap<NamedNode, Vec<String>> = HashMap::new();
    let mut types: HashMap<NamedNode, BTreeSet<NamedNode>> = HashMap::new();
    for row in select(store, LABELS_AND_TYPES, &[])? {
        let (Some(e), Some(label)) = (named(row.get("e")), literal(row.get("label"))) else { continue };
        let type_ = named(row.get("type"));
        labels.entry(e.clone()).or_default().push(text(&label));
        if let Some(t) = type_.filter(|_| actors.contains(&e)) {
            types.entry(e).or_default().insert(t);
        }
    }
    let actor = NamedNode::new_unchecked(format!("{}Actor", crate::prefixes::NK));
    let mut info = BTreeMap::new();
    for e in actors {
        let Some(label) = labels.get(e).and_then(|l| l.iter().min()) else { continue };
        let own = types.get(e).cloned().unwrap_or_default();
        let up: Vec<(NamedNode, HashSet<NamedNode>)> = own.iter().map(|t| (t.clone(), ancestors(t))).collect();
        let class = up
            .iter()
            .filter(|(c, above)| *c == actor || above.contains(&actor))
            .filter(|(c, _)| !up.iter().any(|(d, above)| d != c && above.contains(c)))
            .filter_map(|(c, _)| labels.get(c).and_then(|l| l.iter().min()))
            .min()
            .cloned()
            .unwrap_or_default();
        info.insert(e.clone(), (label.clone(), class));
    }
    Ok(info)
}

/// Builds the network from the store.
pub fn build(store: &GraphStore, filter: NetworkFilter) -> anyhow::Result<Network> {
    let mut groups: BTreeMap<(NamedNode, NamedNode, Kind, String), HashSet<Term>> = BTreeMap::new();
    let mut run = |sparql: &str, kind: Kind| -> anyhow::Result<()> {
        for row in select(store, sparql, &[])? {
            let (Some(s), Some(t), Some(ty), Some(x)) = (named(row.get("s")), named(row.get("t")), literal(row.get("type")), row.get("x")) else {
                continue;
            };
            let (y1, y2) = (year(row.get("y1")), year(row.get("y2")));
            if filter.from.is_some() || filter.to.is_some() {
                let (Some(start), Some(end)) = (y1, y2.or(y1)) else { continue };
                if filter.from.is_some_and(|f| end < f) || filter.to.is_some_and(|t| start > t) {
                    continue;
                }
            }
            groups.entry((s, t, kind, ty.value().to_owned())).or_default().insert(x.clone());
        }
        Ok(())
    };
    if filter.kind != EdgeKind::Supply {
        run(SUPPORT_EDGES, Kind::Support)?;
    }
    if filter.kind != EdgeKind::Support {
        run(SUPPLY_EDGES, Kind::Supply)?;
    }
    let actors: BTreeSet<NamedNode> = groups.keys().flat_map(|(s, t, _, _)| [s.clone(), t.clone()]).collect();
    let edges = groups
        .into_iter()
        .map(|((source, target, kind, r#type), xs)| Edge { source: Id::new(source), target: Id::new(target), kind, r#type, weight: xs.len() as u32 })
        .collect();
    let mut info = node_info(store, &actors)?;
    let nodes = actors
        .into_iter()
        .map(|iri| {
            let id = Id::new(iri.clone());
            let (label, class) = info.remove(&iri).unwrap_or_else(|| (id.as_str().to_owned(), String::new()));
            Node { id, iri: Iri(iri), label, class: if class.is_empty() { "Actor".into() } else { class } }
        })
        .collect();
    Ok(Network { nodes, edges })
}

/// Output formats for graph tools.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum NetworkFormat {
    /// Graphviz DOT.
    #[default]
    Dot,
    /// GraphML (Gephi, Cytoscape, yEd).
    Graphml,
    /// GEXF 1.3 (Gephi).
    Gexf,
    /// CSV edge list with labels.
    Csv,
    /// SVG picture with a legend.
    Svg,
    /// JSON: nodes and edges.
    Json,
}

impl Named for NetworkFormat {
    const KIND: &'static str = "network format";

    fn all() -> &'static [Self] {
        &[Self::Dot, Self::Graphml, Self::Gexf, Self::Csv, Self::Svg, Self::Json]
    }

    fn naming(self) -> Naming {
        match self {
            Self::Dot => Naming::new("dot", &[], "Graphviz DOT"),
            Self::Graphml => Naming::new("graphml", &[], "GraphML (Gephi, Cytoscape, yEd)"),
            Self::Gexf => Naming::new("gexf", &[], "GEXF 1.3 (Gephi)"),
            Self::Csv => Naming::new("csv", &[], "CSV edge list with labels"),
            Self::Svg => Naming::new("svg", &[], "SVG picture with a legend"),
            Self::Json => Naming::new("json", &[], "JSON: nodes and edges"),
        }
    }
}

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_owned() }
}

/// Writes the network as Graphviz DOT, with colours from the SVG palette.
pub fn to_dot(network: &Network) -> String {
    let mut out = String::from("digraph nkkg {\n  graph [overlap=false, splines=true, rankdir=LR];\n  node [shape=ellipse, style=filled, fontname=\"Helvetica\"];\n");
    for n in &network.nodes {
        let _ = writeln!(
            out,
            "  \"{}\" [label=\"{}\", class=\"{}\", fillcolor=\"{}\", URL=\"{}\"];",
            dot_escape(&n.id),
            dot_escape(&n.label),
            dot_escape(&n.class),
            super::palette::class_colour(&n.class),
            dot_escape(&n.iri)
        );
    }
    for e in &network.edges {
        let _ = writeln!(
            out,
            "  \"{}\" -> \"{}\" [kind=\"{}\", type=\"{}\", label=\"{}\", weight={}, penwidth={:.1}, color=\"{}\"];",
            dot_escape(&e.source),
            dot_escape(&e.target),
            e.kind,
            dot_escape(&e.r#type),
            dot_escape(&e.r#type),
            e.weight,
            1.0 + (e.weight as f64).ln_1p(),
            super::palette::type_colour(&e.r#type)
        );
    }
    out.push_str("}\n");
    out
}

/// Writes the network as GraphML with node (label, class, iri) and edge (kind, type,
/// weight) attributes.
pub fn to_graphml(network: &Network) -> String {
    let mut out = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ",
        "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
        "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n",
        "  <key id=\"class\" for=\"node\" attr.name=\"class\" attr.type=\"string\"/>\n",
        "  <key id=\"iri\" for=\"node\" attr.name=\"iri\" attr.type=\"string\"/>\n",
        "  <key id=\"kind\" for=\"edge\" attr.name=\"kind\" attr.type=\"string\"/>\n",
        "  <key id=\"type\" for=\"edge\" attr.name=\"type\" attr.type=\"string\"/>\n",
        "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"int\"/>\n",
        "  <graph id=\"nkkg\" edgedefault=\"directed\">\n"
    ));
    for n in &network.nodes {
        let _ = writeln!(
            out,
            "    <node id=\"{}\"><data key=\"label\">{}</data><data key=\"class\">{}</data><data key=\"iri\">{}</data></node>",
            escape_attr(&n.id),
            escape_text(&n.label),
            escape_text(&n.class),
            escape_text(&n.iri)
        );
    }
    for (i, e) in network.edges.iter().enumerate() {
        let _ = writeln!(
            out,
            "    <edge id=\"e{i}\" source=\"{}\" target=\"{}\"><data key=\"kind\">{}</data><data key=\"type\">{}</data><data key=\"weight\">{}</data></edge>",
            escape_attr(&e.source),
            escape_attr(&e.target),
            e.kind,
            escape_text(&e.r#type),
            e.weight
        );
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

/// Writes the network as GEXF 1.3 with node and edge attributes and edge weights.
pub fn to_gexf(network: &Network) -> String {
    let mut out = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n",
        "  <meta><creator>nkkg</creator><description>Nagorno-Karabakh conflict: support and supply network</description></meta>\n",
        "  <graph defaultedgetype=\"directed\" mode=\"static\">\n",
        "    <attributes class=\"node\"><attribute id=\"class\" title=\"class\" type=\"string\"/><attribute id=\"iri\" title=\"iri\" type=\"string\"/></attributes>\n",
        "    <attributes class=\"edge\"><attribute id=\"kind\" title=\"kind\" type=\"string\"/><attribute id=\"type\" title=\"type\" type=\"string\"/></attributes>\n",
        "    <nodes>\n"
    ));
    for n in &network.nodes {
        let _ = writeln!(
            out,
            "      <node id=\"{}\" label=\"{}\"><attvalues><attvalue for=\"class\" value=\"{}\"/><attvalue for=\"iri\" value=\"{}\"/></attvalues></node>",
            escape_attr(&n.id),
            escape_attr(&n.label),
            escape_attr(&n.class),
            escape_attr(&n.iri)
        );
    }
    out.push_str("    </nodes>\n    <edges>\n");
    for (i, e) in network.edges.iter().enumerate() {
        let _ = writeln!(
            out,
            "      <edge id=\"e{i}\" source=\"{}\" target=\"{}\" weight=\"{}\" label=\"{}\"><attvalues><attvalue for=\"kind\" value=\"{}\"/><attvalue for=\"type\" value=\"{}\"/></attvalues></edge>",
            escape_attr(&e.source),
            escape_attr(&e.target),
            e.weight,
            escape_attr(&e.r#type),
            e.kind,
            escape_attr(&e.r#type)
        );
    }
    out.push_str("    </edges>\n  </graph>\n</gexf>\n");
    out
}

/// Writes the edges as CSV with a header and the node labels.
pub fn to_csv(network: &Network) -> String {
    let labels: BTreeMap<&str, &str> = network.nodes.iter().map(|n| (n.id.as_str(), n.label.as_str())).collect();
    let mut out = String::from("source,sourceLabel,target,targetLabel,kind,type,weight\n");
    for e in &network.edges {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{}",
            csv_field(&e.source),
            csv_field(labels.get(e.source.as_str()).unwrap_or(&"")),
            csv_field(&e.target),
            csv_field(labels.get(e.target.as_str()).unwrap_or(&"")),
            e.kind,
            csv_field(&e.r#type),
            e.weight
        );
    }
    out
}
