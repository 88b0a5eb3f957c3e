//! The network as an SVG picture: a deterministic ForceAtlas2 layout (the `fa2` crate,
//! pairwise repulsion, single-threaded, circular start), nodes coloured by actor class and
//! sized by degree, edges coloured by support type or item category and widened by weight,
//! each node a link, and a legend. The same input always gives the same bytes.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use fa2::{FA2Data, FA2Settings};

use super::network::Network;
use super::palette::{class_colour, type_colour};
use crate::markup::{escape_attr, escape_text, linkable};

const WIDTH: f64 = 1400.0;
const HEIGHT: f64 = 1000.0;
const LEGEND: f64 = 230.0;
const MARGIN: f64 = 60.0;
/// Room kept on the right for the labels of the outermost nodes.
const LABEL_ROOM: f64 = 150.0;

/// Node positions in picture coordinates, in the order of `network.nodes`.
pub fn layout(network: &Network) -> Vec<(f64, f64)> {
    let index: BTreeMap<&str, usize> = network.nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
    let mut data = FA2Data::<f64>::with_capacity(network.nodes.len(), network.edges.len());
    for _ in &network.nodes {
        data.add_node();
    }
    data.apply_circular_layout();
    let mut seen = BTreeSet::new();
    for e in &network.edges {
        let (a, b) = (index[e.source.as_str()], index[e.target.as_str()]);
        if a != b && seen.insert((a.min(b), a.max(b))) {
            data.add_edge_with_weight(a, b, 1.0);
        }
    }
    if network.nodes.len() < 2 {
        return network.nodes.iter().map(|_| (LEGEND + (WIDTH - LEGEND) / 2.0, HEIGHT / 2.0)).collect();
    }
    let settings = FA2Settings::from_graph_order(network.nodes.len())
        .strong_gravity_mode(false)
        .gravity(1.0)
        .scaling_ratio(40.0)
        .with_pairwise_repulsion()
        .parallel(false);
    let mut runner = settings.build(data);
    runner.run(1500);
    let points: Vec<(f64, f64)> = runner.data().positions().collect();
    // Scale to the 4th–96th percentile so a few far-flung chains do not squeeze the dense
    // core into a corner; the outliers are clamped to the margin.
    let quantiles = |mut v: Vec<f64>| -> (f64, f64) {
        v.sort_by(f64::total_cmp);
        let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
        (at(0.04), at(0.96))
    };
    let (x0, x1) = quantiles(points.iter().map(|p| p.0).collect());
    let (y0, y1) = quantiles(points.iter().map(|p| p.1).collect());
    let sx = (WIDTH - LEGEND - 2.0 * MARGIN - LABEL_ROOM) / (x1 - x0).max(1e-9);
    let sy = (HEIGHT - 2.0 * MARGIN) / (y1 - y0).max(1e-9);
    let clamp = |v: f64, lo: f64, hi: f64| v.max(lo).min(hi);
    points
        .iter()
        .map(|&(x, y)| {
            (
                clamp(LEGEND + MARGIN + (x - x0) * sx, LEGEND + MARGIN / 2.0, WIDTH - LABEL_ROOM),
                clamp(MARGIN + (y - y0) * sy, MARGIN / 2.0, HEIGHT - MARGIN / 2.0),
            )
        })
        .collect()
}

/// Renders the picture. `link` maps a node's IRI to the address its circle links to;
/// addresses that are not [`linkable`] are not made links.
pub fn render(network: &Network, title: &str, link: &dyn Fn(&str) -> String) -> String {
    let positions = layout(network);
    let index: BTreeMap<&str, usize> = network.nodes.iter().enumerate().map(|(i, n)| (n.id.as_str(), i)).collect();
    let mut degree = vec![0u32; network.nodes.len()];
    for e in &network.edges {
        degree[index[e.source.as_str()]] += e.weight;
        degree[index[e.target.as_str()]] += e.weight;
    }
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"{WIDTH}\" height=\"{HEIGHT}\" font-family=\"Helvetica, Arial, sans-serif\">"
    );
    let _ = writeln!(svg, "<title>{}</title>", escape_text(title));
    let types: BTreeSet<&str> = network.edges.iter().map(|e| e.r#type.as_str()).collect();
    svg.push_str("<defs>\n");
    for t in &types {
        let _ = writeln!(
            svg,
            "<marker id=\"arrow-{}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"{}\"/></marker>",
            escape_attr(&t.replace(' ', "-")),
            type_colour(t)
        );
    }
    svg.push_str("</defs>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n<g class=\"edges\">\n");
    let radius = |i: usize| 4.0 + (degree[i] as f64).sqrt() * 1.6;
    for e in &network.edges {
        let (a, b) = (index[e.source.as_str()], index[e.target.as_str()]);
        let ((x1, y1), (x2, y2)) = (positions[a], positions[b]);
        let (dx, dy) = (x2 - x1, y2 - y1);
        let len = (dx * dx + dy * dy).sqrt().max(1e-9);
        // Stop the line at the target circle's edge so the arrow head shows.
        let (ex, ey) = (x2 - dx / len * (radius(b) + 2.0), y2 - dy / len * (radius(b) + 2.0));
        let _ = writeln!(
            svg,
            "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{ex:.1}\" y2=\"{ey:.1}\" stroke=\"{}\" stroke-width=\"{:.1}\" stroke-opacity=\"0.55\" marker-end=\"url(#arrow-{})\"><title>{} → {}: {} ({})</title></line>",
            type_colour(&e.r#type),
            0.8 + (e.weight as f64).sqrt(),
            escape_attr(&e.r#type.replace(' ', "-")),
            escape_text(&network.nodes[a].label),
            escape_text(&network.nodes[b].label),
            escape_text(&e.r#type),
            e.weight
        );
    }
    svg.push_str("</g>\n<g class=\"nodes\">\n");
    for (i, n) in network.nodes.iter().enumerate() {
        let (x, y) = positions[i];
        let r = radius(i);
        // A node whose address has a scheme that is not linked (`markup::linkable`) is
        // drawn the same, in a group instead of a link.
        let href = link(&n.iri);
        let (open, close) = if linkable(&href) { (format!("<a href=\"{}\">", escape_attr(&href)), "</a>") } else { ("<g>".to_owned(), "</g>") };
        let _ = writeln!(
            svg,
            "{open}<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{r:.1}\" fill=\"{}\" stroke=\"#333\" stroke-width=\"0.6\"><title>{} ({})</title></circle><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{}\" fill=\"#222\">{}</text>{close}",
            class_colour(&n.class),
            escape_text(&n.label),
            escape_text(&n.class),
            x + r + 2.0,
            y + 4.0,
            if degree[i] >= 6 { 13 } else { 10 },
            escape_text(&n.label)
        );
    }
    svg.push_str("</g>\n");
    legend(&mut svg, network, &types);
    svg.push_str("</svg>\n");
    svg
}

fn legend(svg: &mut String, network: &Network, types: &BTreeSet<&str>) {
    let classes: BTreeSet<&str> = network.nodes.iter().map(|n| n.class.as_str()).collect();
    let _ = writeln!(svg, "<g class=\"legend\" font-size=\"12\">\n<text x=\"16\" y=\"28\" font-size=\"14\" font-weight=\"bold\">Actors</text>");
    let mut y = 48.0;
    for c in &classes {
        let _ = writeln!(svg, "<circle cx=\"24\" cy=\"{y:.0}\" r=\"6\" fill=\"{}\" stroke=\"#333\" stroke-width=\"0.6\"/><text x=\"36\" y=\"{:.0}\">{}</text>", class_colour(c), y + 4.0, escape_text(c));
        y += 20.0;
    }
    y += 14.0;
    let _ = writeln!(svg, "<text x=\"16\" y=\"{y:.0}\" font-size=\"14\" font-weight=\"bold\">Relations</text>");
    y += 20.0;
    for t in types {
        let _ = writeln!(svg, "<line x1=\"14\" y1=\"{y:.0}\" x2=\"34\" y2=\"{y:.0}\" stroke=\"{}\" stroke-width=\"3\"/><text x=\"40\" y=\"{:.0}\">{}</text>", type_colour(t), y + 4.0, escape_text(t));
        y += 20.0;
    }
    let _ = writeln!(
        svg,
        "<text x=\"16\" y=\"{:.0}\" fill=\"#555\">{} actors, {} edges;</text><text x=\"16\" y=\"{:.0}\" fill=\"#555\">width and size = relations</text>\n</g>",
        y + 14.0,
        network.nodes.len(),
        network.edges.len(),
        y + 30.0
    );
}
