//! Exploring the graph: how things connect. Entity lookup by IRI or name, descriptions,
//! shortest relationship paths, timelines and network pictures.
//!
//! Support types are type-aware through SKOS: asking for a broad kind (military support)
//! matches its narrower kinds (weapons, troops, ...) with the property path
//! `skos:broader*` at query time, so the data stays as curated and nothing is materialised.

pub mod describe;
pub mod evidence;
pub mod network;
pub mod path;
pub mod svg;
pub mod terms;
pub mod timeline;

use std::collections::BTreeSet;
use std::io::Write;

use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, NamedOrBlankNodeRef, Term, Triple};
use oxigraph::sparql::Variable;

use crate::error::NkkgError;
use crate::prefixes;
use crate::query::select;
use crate::store::GraphStore;

/// Finds the entity a user means: an IRI (`<…>` or absolute), a prefixed name such as
/// `nke:Turkey`, or a label or other name (case-insensitive). A name shared by several
/// entities is an error listing them, unless exactly one has it as its main label.
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
        let known = store.store().quads_for_pattern(Some(iri.as_ref().into()), None, None, None).next().is_some();
        return if known { Ok(iri) } else { Err(NkkgError::UnknownEntity(name.to_owned()).into()) };
    }
    let sparql = "SELECT DISTINCT ?e ?label ?main WHERE {
        ?e rdfs:label|skos:altLabel ?n . FILTER(LCASE(STR(?n)) = LCASE(STR(?q)))
        FILTER(STRSTARTS(STR(?e), STR(nke:)))
        ?e rdfs:label ?label . BIND(LCASE(STR(?label)) = LCASE(STR(?q)) AS ?main)
    } ORDER BY ?e";
    let q = (Variable::new_unchecked("q"), Literal::new_simple_literal(trimmed).into());
    let rows = select(store, sparql, &[q])?;
    let candidates: Vec<(NamedNode, String, bool)> = rows
        .iter()
        .filter_map(|r| match (r.get("e"), r.get("label"), r.get("main")) {
            (Some(Term::NamedNode(e)), Some(Term::Literal(l)), Some(Term::Literal(m))) => {
                Some((e.clone(), l.value().to_owned(), m.value() == "true"))
            }
            _ => None,
        })
        .collect();
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
        Term::NamedNode(n) => terms::Named::fetch(store, n).name(),
        other => crate::table::cell(Some(other)),
    }
}

/// The concise bounded description of `roots`: their triples, following blank-node objects
/// (W3C CBD, without reification), deduplicated across graphs and sorted.
pub fn bounded_description(store: &GraphStore, roots: &[NamedOrBlankNode]) -> anyhow::Result<Vec<Triple>> {
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut todo: Vec<NamedOrBlankNode> = roots.to_vec();
    let mut out = Vec::new();
    while let Some(node) = todo.pop() {
        if !seen.insert(node.to_string()) {
            continue;
        }
        let subject: NamedOrBlankNodeRef<'_> = node.as_ref();
        for quad in store.store().quads_for_pattern(Some(subject), None, None, None) {
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

/// `nkkg describe`.
pub fn run_describe(store: &GraphStore, args: &crate::cli::DescribeArgs, mut out: impl Write) -> anyhow::Result<()> {
    use crate::cli::ExploreFormat;
    let entity = resolve(store, &args.entity)?;
    match args.format {
        ExploreFormat::Text => describe::write_text(&describe::describe(store, &entity)?, out)?,
        ExploreFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &describe::describe(store, &entity)?)?;
            writeln!(out)?;
        }
        ExploreFormat::Turtle => crate::turtle::write_turtle(&describe::description_graph(store, &entity)?, out)?,
    }
    Ok(())
}

/// `nkkg path`.
pub fn run_path(store: &GraphStore, args: &crate::cli::PathArgs, mut out: impl Write) -> anyhow::Result<()> {
    let (a, b) = (resolve(store, &args.from)?, resolve(store, &args.to)?);
    let via = if args.via.is_empty() { path::DEFAULT_VIA.to_vec() } else { args.via.clone() };
    let paths = path::shortest_paths(store, &a, &b, &via, args.max_length, args.limit)?;
    match args.format {
        crate::cli::ExploreFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &paths)?;
            writeln!(out)?;
        }
        _ => path::write_text(&label(store, &a.into()), &label(store, &b.into()), &paths, out)?,
    }
    Ok(())
}

/// `nkkg timeline`.
pub fn run_timeline(store: &GraphStore, args: &crate::cli::TimelineArgs, mut out: impl Write) -> anyhow::Result<()> {
    let filter = timeline::TimelineFilter {
        actor: args.actor.as_deref().map(|a| resolve(store, a)).transpose()?,
        place: args.place.as_deref().map(|p| resolve(store, p)).transpose()?,
        from: args.from,
        to: args.to,
    };
    let entries = timeline::timeline(store, &filter)?;
    match args.format {
        crate::cli::ExploreFormat::Json => {
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

/// `nkkg graph`.
pub fn run_graph(store: &GraphStore, args: &crate::cli::GraphArgs, mut out: impl Write) -> anyhow::Result<()> {
    let filter = network::NetworkFilter { kind: args.kind, from: args.from, to: args.to };
    let net = network::build(store, filter)?;
    let title = network_title(filter);
    let text = render_network(&net, args.format, &title, &|iri| iri.to_owned())?;
    match &args.output {
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
