//! Exploring the graph: how things connect. Entity lookup by IRI or name, descriptions,
//! shortest relationship paths, timelines and network pictures.
//!
//! Support types are type-aware through SKOS: asking for a broad kind (military support)
//! matches its narrower kinds (weapons, troops, ...) with the property path
//! `skos:broader*` at query time, so the data stays as curated and nothing is materialised.

pub mod describe;
pub mod evidence;
pub mod lookup;
pub mod network;
pub mod palette;
pub mod path;
pub mod svg;
pub mod terms;
pub mod timeline;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;

use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, NamedOrBlankNodeRef, Term, Triple};
use oxigraph::sparql::Variable;

use crate::error::NkkgError;
use crate::names::{Named, Naming};
use crate::prefixes;
use crate::query::select;
use crate::store::GraphStore;

/// Finds the entity a user means: an IRI (`<…>` or absolute), a prefixed name such as
/// `nke:Turkey`, or a label or other name (case-insensitive; when no name matches so,
/// compared again with diacritics and a leading "the" folded away, see [`lookup`]). A name
/// shared by several entities is an error listing them, unless exactly one has it as its
/// main label.
pub fn resolve(store: &GraphStore, name: &str) -> anyhow::Result<NamedNode> {
    let trimmed = name.trim();
    let iri = if trimmed.starts_with('<') && trimmed.ends_with('>') {
        NamedNode::new(&trimmed[1..trimmed.len() - 1]).ok()
    } else if trimmed.contains("://") {
        NamedNode::new(trimmed).ok()
    } else {
        prefixes::expand(trimmed)
    };
    if let Some(iri) = iri {
        let known = store.has_subject(&iri)?;
        return if known { Ok(iri) } else { Err(NkkgError::UnknownEntity(name.to_owned()).into()) };
    }
    let sparql = "SELECT DISTINCT ?e ?label ?main WHERE {
        ?e rdfs:label|skos:altLabel ?n . FILTER(LCASE(STR(?n)) = LCASE(STR(?q)))
        FILTER(STRSTARTS(STR(?e), STR(nke:)))
        ?e rdfs:label ?label . BIND(LCASE(STR(?label)) = LCASE(STR(?q)) AS ?main)
    } ORDER BY ?e";
    let q = (Variable::new_unchecked("q"), Literal::new_simple_literal(trimmed).into());
    let rows = select(store, sparql, &[q])?;
    let mut candidates: Vec<(NamedNode, String, bool)> = rows
        .iter()
        .filter_map(|r| match (r.get("e"), r.get("label"), r.get("main")) {
            (Some(Term::NamedNode(e)), Some(Term::Literal(l)), Some(Term::Literal(m))) => {
                Some((e.clone(), l.value().to_owned(), m.value() == "true"))
            }
            _ => None,
        })
        .collect();
    if candidates.is_empty() {
        candidates = lookup::equal(store, trimmed)?.into_iter().map(|f| (f.entity, f.label, f.main)).collect();
    }
    let main: Vec<_> = candidates.iter().filter(|c| c.2).collect();
    match (candidates.len(), main.len()) {
        (0, _) => Err(NkkgError::UnknownEntity(name.to_owned()).into()),
        (1, _) => Ok(candidates[0].0.clone()),
        (_, 1) => Ok(main[0].0.clone()),
        _ => Err(NkkgError::Ambiguous {
            name: name.to_owned(),
            candidates: candidates.iter().map(|(e, l, _)| format!("{} ({l})", prefixes::shorten(e.as_str()))).collect(),
        }
        .into()),
    }
}

/// The `rdfs:label` of a term, or its shortened IRI: how an entity is named in text.
pub fn label(store: &GraphStore, term: &Term) -> String {
    match term {
        Term::NamedNode(n) => terms::Labelled::fetch(store, n).name(),
        other => crate::table::cell(Some(other)),
    }
}

/// The concise bounded description of `roots`: their triples, following blank-node objects
/// (W3C CBD, without reification), deduplicated across graphs and sorted. On a remote
/// store, one query per root reaches blank nodes up to [`REMOTE_CBD_DEPTH`] hops away (a
/// blank node cannot be named in a later request).
pub fn bounded_description(store: &GraphStore, roots: &[NamedOrBlankNode]) -> anyhow::Result<Vec<Triple>> {
    if store.endpoint().is_some() {
        return remote_bounded_description(store, roots);
    }
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut todo: Vec<NamedOrBlankNode> = roots.to_vec();
    let mut out = Vec::new();
    while let Some(node) = todo.pop() {
        if !seen.insert(node.to_string()) {
            continue;
        }
        let subject: NamedOrBlankNodeRef<'_> = node.as_ref();
        for quad in store.quads_iter(Some(subject), None, None, None)? {
            let quad = quad?;
            if let Term::BlankNode(b) = &quad.object {
                todo.push(b.clone().into());
            }
            out.push(Triple::new(quad.subject, quad.predicate, quad.object));
        }
    }
    out.sort_by_key(|t| t.to_string());
    out.dedup();
    Ok(out)
}

/// How many blank nodes deep a remote concise bounded description follows (the bundled
/// data nests them two deep: an evidence node and its selector).
pub const REMOTE_CBD_DEPTH: usize = 4;

fn remote_bounded_description(store: &GraphStore, roots: &[NamedOrBlankNode]) -> anyhow::Result<Vec<Triple>> {
    let mut out = Vec::new();
    for root in roots {
        let NamedOrBlankNode::NamedNode(root) = root else {
            anyhow::bail!("a remote store cannot describe a blank node by its label");
        };
        let mut branches = vec![format!("{{ BIND({root} AS ?s) {root} ?p ?o }}")];
        for depth in 1..=REMOTE_CBD_DEPTH {
            let mut chain = String::new();
            let mut previous = root.to_string();
            for hop in 1..=depth {
                let next = if hop == depth { "?s".to_owned() } else { format!("?b{hop}") };
                chain.push_str(&format!("{previous} ?p{hop} {next} . FILTER(isBlank({next})) "));
                previous = next;
            }
            branches.push(format!("{{ {chain} ?s ?p ?o }}"));
        }
        let sparql = format!("SELECT DISTINCT ?s ?p ?o WHERE {{ {} }}", branches.join(" UNION "));
        for row in select(store, &sparql, &[])? {
            if let (Some(s), Some(Term::NamedNode(p)), Some(o)) = (row.get("s"), row.get("p"), row.get("o")) {
                let s: NamedOrBlankNode = match s {
                    Term::NamedNode(n) => n.clone().into(),
                    Term::BlankNode(b) => b.clone().into(),
                    _ => continue,
                };
                out.push(Triple::new(s, p.clone(), o.clone()));
            }
        }
    }
    out.sort_by_key(|t| t.to_string());
    out.dedup();
    Ok(out)
}

/// How `describe`, `path` and `timeline` print.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ExploreFormat {
    /// Readable text.
    #[default]
    Text,
    /// JSON.
    Json,
    /// Turtle, for `describe`: the concise bounded description (`path` and `timeline`
    /// print text).
    Turtle,
}

impl Named for ExploreFormat {
    const KIND: &'static str = "output format";

    fn all() -> &'static [Self] {
        &[Self::Text, Self::Json, Self::Turtle]
    }

    fn naming(self) -> Naming {
        match self {
            Self::Text => Naming::new("text", &[], "Readable text"),
            Self::Json => Naming::new("json", &[], "JSON"),
            Self::Turtle => Naming::new("turtle", &[], "Turtle (describe only): the concise bounded description"),
        }
    }
}

/// What `nkkg describe` describes, and how.
#[derive(Clone, Debug, Default)]
pub struct DescribeOptions {
    /// The entity: an IRI, a prefixed name or a name (see [`resolve`]).
    pub entity: String,
    /// How to print.
    pub format: ExploreFormat,
    /// The corpus folder: when given, evidence spans are quoted from the source documents.
    pub sources: Option<std::path::PathBuf>,
}

/// `nkkg describe`.
pub fn run_describe(store: &GraphStore, options: &DescribeOptions, mut out: impl Write) -> anyhow::Result<()> {
    let entity = resolve(store, &options.entity)?;
    let with = describe::Options { sources: options.sources.clone() };
    match options.format {
        ExploreFormat::Text => describe::write_text(&describe::describe_with(store, &entity, &with)?, out)?,
        ExploreFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &describe::describe_with(store, &entity, &with)?)?;
            writeln!(out)?;
        }
        ExploreFormat::Turtle => crate::turtle::write_turtle(&describe::description_graph(store, &entity)?, out)?,
    }
    Ok(())
}

/// What `nkkg path` looks for, and how it prints.
#[derive(Clone, Debug)]
pub struct PathOptions {
    /// Where the paths start (IRI, prefixed name or name).
    pub from: String,
    /// Where the paths end.
    pub to: String,
    /// The longest path to look for, in hops.
    pub max_length: usize,
    /// The relations a path may follow.
    pub via: Vec<path::Via>,
    /// How many shortest paths to show at most.
    pub limit: usize,
    /// How to print: JSON, or else text.
    pub format: ExploreFormat,
}

impl Default for PathOptions {
    /// No endpoints; paths of up to 4 hops over [`path::DEFAULT_VIA`], 5 at most, as text.
    fn default() -> Self {
        Self {
            from: String::new(),
            to: String::new(),
            max_length: 4,
            via: path::DEFAULT_VIA.to_vec(),
            limit: 5,
            format: ExploreFormat::Text,
        }
    }
}

/// `nkkg path`.
pub fn run_path(store: &GraphStore, options: &PathOptions, mut out: impl Write) -> anyhow::Result<()> {
    let (a, b) = (resolve(store, &options.from)?, resolve(store, &options.to)?);
    let paths = path::shortest_paths(store, &a, &b, &options.via, options.max_length, options.limit)?;
    match options.format {
        ExploreFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &paths)?;
            writeln!(out)?;
        }
        _ => path::write_text(&label(store, &a.into()), &label(store, &b.into()), &paths, out)?,
    }
    Ok(())
}

/// Which events `nkkg timeline` lists, and how it prints.
#[derive(Clone, Debug, Default)]
pub struct TimelineOptions {
    /// Only events this actor took part in (IRI, prefixed name or name).
    pub actor: Option<String>,
    /// Only events at this place or a place within it.
    pub place: Option<String>,
    /// Only events that reach this year or later.
    pub from: Option<i32>,
    /// Only events that start this year or earlier.
    pub to: Option<i32>,
    /// How to print: JSON, or else text.
    pub format: ExploreFormat,
}

/// `nkkg timeline`.
pub fn run_timeline(store: &GraphStore, options: &TimelineOptions, mut out: impl Write) -> anyhow::Result<()> {
    let filter = timeline::TimelineFilter {
        actor: options.actor.as_deref().map(|a| resolve(store, a)).transpose()?,
        place: options.place.as_deref().map(|p| resolve(store, p)).transpose()?,
        from: options.from,
        to: options.to,
    };
    let entries = timeline::timeline(store, &filter)?;
    match options.format {
        ExploreFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &entries)?;
            writeln!(out)?;
        }
        _ => timeline::write_text(&entries, out)?,
    }
    Ok(())
}

/// Renders the network in `format`; SVG nodes link to `link(iri)`.
pub fn render_network(
    net: &network::Network,
    format: network::NetworkFormat,
    title: &str,
    link: &dyn Fn(&str) -> String,
) -> anyhow::Result<String> {
    use network::NetworkFormat as F;
    Ok(match format {
        F::Dot => network::to_dot(net),
        F::Graphml => network::to_graphml(net),
        F::Gexf => network::to_gexf(net),
        F::Csv => network::to_csv(net),
        F::Svg => svg::render(net, title, link),
        F::Json => serde_json::to_string_pretty(net)? + "\n",
    })
}

/// Which network `nkkg graph` draws, in which format, and where it writes it.
#[derive(Clone, Debug, Default)]
pub struct GraphOptions {
    /// Which relations become edges, and their years.
    pub filter: network::NetworkFilter,
    /// The output format.
    pub format: network::NetworkFormat,
    /// The file to write; `None` or `-` is the writer given to [`run_graph`].
    pub output: Option<PathBuf>,
}

/// `nkkg graph`.
pub fn run_graph(store: &GraphStore, options: &GraphOptions, mut out: impl Write) -> anyhow::Result<()> {
    let net = network::build(store, options.filter)?;
    let title = network_title(options.filter);
    let text = render_network(&net, options.format, &title, &|iri| iri.to_owned())?;
    match options.output.as_ref().filter(|path| path.as_os_str() != "-") {
        Some(path) => {
            use anyhow::Context;
            std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(())
}

/// A title for a network picture, naming its filters.
pub fn network_title(filter: network::NetworkFilter) -> String {
    let kind = match filter.kind {
        network::EdgeKind::Support => "Support",
        network::EdgeKind::Supply => "Supply",
        network::EdgeKind::All => "Support and supply",
    };
    let years = match (filter.from, filter.to) {
        (Some(f), Some(t)) => format!(", {f}–{t}"),
        (Some(f), None) => format!(", from {f}"),
        (None, Some(t)) => format!(", to {t}"),
        (None, None) => String::new(),
    };
    format!("{kind} network of the Nagorno-Karabakh conflict{years}")
}
