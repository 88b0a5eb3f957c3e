// /network: the support and supply network, interactive (cytoscape). Filters: relation
// kind (top-level support types and item categories), polarity or supply status, period
// (years) and actor class. Edges aggregate the relations of one (source, target, kind,
// type), as `nkkg graph` does. Armenia's side is laid out on the left, Azerbaijan's on the
// right, by which side each actor gives to; the rest in the middle.

import { relations, actorInfo, link, el, evidence, evidenceList, download, xml, classColour, typeColour, status, pageLink } from "./common.js";

const ARMENIA = "https://w3id.org/nkkg/id/Armenia";
const AZERBAIJAN = "https://w3id.org/nkkg/id/Azerbaijan";
/** What the network shows at first: stated transfers, as `nkkg graph` counts them. */
const DEFAULT_POLARITIES = new Set(["support:given", "supply:delivered", "supply:ordered"]);

const [all, info] = await Promise.all([relations(), actorInfo(null)]);
const sides = sidesOf(all);
const years = all.flatMap((r) => [r.y1, r.y2]).filter((y) => y !== null);
const [minYear, maxYear] = [Math.min(...years), Math.max(...years)];

let current = { nodes: [], edges: [] };
buildFilters();
const cy = cytoscape({
  container: document.getElementById("cy"),
  minZoom: 0.1,
  maxZoom: 4,
  style: [
    { selector: "node", style: { "background-color": "data(colour)", label: "data(label)", "font-size": 10, "min-zoomed-font-size": 6, "text-valign": "bottom", "text-margin-y": 2, width: "data(size)", height: "data(size)", "border-width": 1, "border-color": "#555" } },
    { selector: "edge", style: { "line-color": "data(colour)", "target-arrow-color": "data(colour)", "target-arrow-shape": "triangle", "curve-style": "bezier", width: "data(width)", opacity: 0.75, "arrow-scale": 0.7 } },
    { selector: "edge.unstated", style: { "line-style": "dashed" } },
    { selector: ":selected", style: { "border-width": 3, "border-color": "#000", "line-color": "#000", "target-arrow-color": "#000", opacity: 1 } },
  ],
});
window.nkNetwork = { cy, current: () => current };
cy.one("render", () => status(statusText(), true));
update();

cy.on("tap", "node", (e) => {
  window.location.href = link(e.target.id());
});
cy.on("tap", "edge", (e) => showEdge(e.target.data()));

/** Each actor's side: the anchors' own, then the side an actor gives to (or is given by) more often. */
function sidesOf(rels) {
  const side = new Map([[ARMENIA, -1], [AZERBAIJAN, 1]]);
  for (let round = 0; round < 3; round++) {
    const votes = new Map();
    for (const r of rels) {
      if (r.pol !== "given" && r.pol !== "delivered") continue;
      for (const [who, other] of [[r.s, r.t], [r.t, r.s]]) {
        // Actors with a side keep it; those found neutral may still get one next round.
        if (side.get(who) || !side.get(other)) continue;
        const v = votes.get(who) || [0, 0];
        v[side.get(other) < 0 ? 0 : 1] += 1;
        votes.set(who, v);
      }
    }
    for (const [who, [a, b]] of votes) side.set(who, a > 2 * b ? -1 : b > 2 * a ? 1 : 0);
  }
  return side;
}

function checkboxes(fieldset, group, values, checked) {
  const box = document.getElementById(fieldset);
  if (group) box.append(el("p", { class: "group", text: group, svg: false }));
  for (const [value, label, colour] of values) {
    const input = el("input", { type: "checkbox", value, checked: checked(value), svg: false });
    input.addEventListener("change", update);
    box.append(el("label", { class: "check", svg: false }, input, colour ? el("span", { class: "swatch", "data-colour": colour, svg: false }) : null, " " + label));
  }
}

function buildFilters() {
  const distinct = (kind, key) => [...new Set(all.filter((r) => r.kind === kind).map((r) => r[key]))].sort();
  checkboxes("f-kind", "Support", distinct("support", "type").map((t) => ["support:" + t, t.replace(/ support$/, ""), typeColour(t)]), () => true);
  checkboxes("f-kind", "Supplies", distinct("supply", "type").map((t) => ["supply:" + t, t, typeColour(t)]), () => true);
  checkboxes("f-polarity", "Support", distinct("support", "pol").map((p) => ["support:" + p, p]), (v) => DEFAULT_POLARITIES.has(v));
  checkboxes("f-polarity", "Supplies", distinct("supply", "pol").map((p) => ["supply:" + p, p]), (v) => DEFAULT_POLARITIES.has(v));
  const classes = [...new Set([...info.values()].map((i) => i.class))].sort();
  checkboxes("f-class", "", classes.map((c) => [c, c, classColour(c)]), () => true);
  for (const s of document.querySelectorAll(".swatch")) s.style.backgroundColor = s.dataset.colour;
  for (const id of ["year-from", "year-to"]) {
    const input = document.getElementById(id);
    Object.assign(input, { min: minYear, max: maxYear, step: 1, value: id === "year-from" ? minYear : maxYear });
    input.addEventListener("input", update);
  }
}

function checked(fieldset) {
  return new Set([...document.querySelectorAll(`#${fieldset} input:checked`)].map((i) => i.value));
}

/** The relations, edges and actors the filters keep. */
function filtered() {
  const [kinds, pols, classes] = [checked("f-kind"), checked("f-polarity"), checked("f-class")];
  let from = Number(document.getElementById("year-from").value);
  let to = Number(document.getElementById("year-to").value);
  if (from > to) [from, to] = [to, from];
  document.getElementById("year-from-out").textContent = from;
  document.getElementById("year-to-out").textContent = to;
  const bounded = from > minYear || to < maxYear;
  const keep = (r) =>
    kinds.has(`${r.kind}:${r.type}`) &&
    pols.has(`${r.kind}:${r.pol}`) &&
    classes.has(info.get(r.s).class) &&
    classes.has(info.get(r.t).class) &&
    (!bounded || (r.y1 !== null && r.y2 !== null && r.y2 >= from && r.y1 <= to));
  const groups = new Map();
  for (const r of all.filter(keep)) {
    const key = [r.s, r.t, r.kind, r.type].join("\u0000");
    const g = groups.get(key) || { source: r.s, target: r.t, kind: r.kind, type: r.type, relations: new Map() };
    const rel = g.relations.get(r.x) || { x: r.x, pols: new Set(), dates: new Set() };
    rel.pols.add(r.pol);
    if (r.d1) rel.dates.add(r.d1 === r.d2 ? r.d1 : `${r.d1}/${r.d2}`);
    g.relations.set(r.x, rel);
    groups.set(key, g);
  }
  const edges = [...groups.values()];
  const nodes = [...new Set(edges.flatMap((e) => [e.source, e.target]))];
  return { nodes, edges, from, to, bounded };
}

/** Positions: Armenia's side in half-rings left of centre, Azerbaijan's right, the rest in a middle column. */
function positions(nodes, degree) {
  const pos = new Map();
  const bySide = { "-1": [], 0: [], 1: [] };
  for (const n of nodes) bySide[sides.get(n) ?? 0].push(n);
  for (const list of Object.values(bySide)) list.sort((a, b) => degree.get(b) - degree.get(a) || a.localeCompare(b));
  // Rings of 95 units around each side's anchor, each half-ring holding what fits.
  const ringsFor = (n) => {
    let ring = 0;
    for (let placed = 0; placed < n; ring++) placed += Math.max(3, Math.floor((Math.PI * 95 * (ring + 1)) / 58));
    return ring;
  };
  const reach = 95 * Math.max(1, ringsFor(bySide[-1].length), ringsFor(bySide[1].length));
  for (const s of [-1, 1]) {
    const list = bySide[s];
    const anchor = s < 0 ? ARMENIA : AZERBAIJAN;
    const centre = { x: s * (reach * 0.35 + 140), y: 0 };
    if (list.includes(anchor)) pos.set(anchor, centre);
    const rest = list.filter((n) => n !== anchor);
    for (let ring = 1, placed = 0; placed < rest.length; ring++) {
      const r = 95 * ring;
      const slots = Math.max(3, Math.floor((Math.PI * r) / 58));
      const here = rest.slice(placed, placed + slots);
      here.forEach((n, k) => {
        const a = Math.PI / 2 + (Math.PI * (k + 0.5)) / here.length;
        pos.set(n, { x: centre.x - s * Math.cos(a) * r, y: centre.y - Math.sin(a) * r });
      });
      placed += here.length;
    }
  }
  const mid = bySide[0];
  const cols = Math.max(1, Math.ceil(mid.length / 14));
  mid.forEach((n, k) => pos.set(n, { x: (k % cols) * 70 - ((cols - 1) * 70) / 2, y: Math.floor(k / cols) * 48 - (Math.ceil(mid.length / cols) * 48) / 2 }));
  return pos;
}

function update() {
  current = filtered();
  const degree = new Map(current.nodes.map((n) => [n, 0]));
  for (const e of current.edges) {
    degree.set(e.source, degree.get(e.source) + 1);
    degree.set(e.target, degree.get(e.target) + 1);
  }
  const pos = positions(current.nodes, degree);
  cy.batch(() => {
    cy.elements().remove();
    cy.add(
      current.nodes.map((n) => ({
        group: "nodes",
        data: { id: n, label: info.get(n).label, colour: classColour(info.get(n).class), size: 10 + 3 * Math.sqrt(degree.get(n)), class: info.get(n).class },
        position: pos.get(n),
      })),
    );
    cy.add(
      current.edges.map((e, i) => ({
        group: "edges",
        data: { id: "e" + i, source: e.source, target: e.target, kind: e.kind, type: e.type, weight: e.relations.size, colour: typeColour(e.type), width: 1 + Math.log1p(e.relations.size) },
        classes: [...e.relations.values()].some((r) => r.pols.has("given") || r.pols.has("delivered") || r.pols.has("ordered")) ? "" : "unstated",
      })),
    );
  });
  fit(pos);
  status(statusText());
}

/**
 * Zooms and pans to show every node, from the positions alone: cytoscape's own fit()
 * measures every label and edge first, which costs a third of a second here.
 */
function fit(pos) {
  const points = [...pos.values()];
  if (points.length === 0) return;
  const [xs, ys] = [points.map((p) => p.x), points.map((p) => p.y)];
  const [x0, x1, y0, y1] = [Math.min(...xs) - 90, Math.max(...xs) + 90, Math.min(...ys) - 30, Math.max(...ys) + 30];
  const zoom = Math.min(cy.width() / (x1 - x0), cy.height() / (y1 - y0), 2);
  cy.viewport({ zoom, pan: { x: cy.width() / 2 - (zoom * (x0 + x1)) / 2, y: cy.height() / 2 - (zoom * (y0 + y1)) / 2 } });
}

function statusText() {
  const period = current.bounded ? `${current.from}–${current.to}` : "all years, undated included";
  return `${current.nodes.length} actors, ${current.edges.length} edges (${period})`;
}

let shownEdge = 0;
async function showEdge(data) {
  const edge = current.edges[Number(data.id.slice(1))];
  const mine = ++shownEdge;
  const panel = document.getElementById("details");
  panel.replaceChildren(
    el("h2", { svg: false }, pageLink(edge.source, info.get(edge.source).label), " → ", pageLink(edge.target, info.get(edge.target).label)),
    el("p", { svg: false, text: `${edge.type} (${edge.kind}), ${edge.relations.size} relation${edge.relations.size === 1 ? "" : "s"}` }),
  );
  // Each relation's evidence, asked for all at once.
  await Promise.all(
    [...edge.relations.values()].map(async (rel) => {
      const item = el("div", { class: "relation", svg: false }, el("h3", { svg: false }, pageLink(rel.x, [...rel.pols].join(", ") + (rel.dates.size ? " · " + [...rel.dates].join(", ") : " · undated"))));
      panel.append(item);
      let answer;
      try {
        answer = evidenceList(await evidence(rel.x));
      } catch (err) {
        answer = el("p", { class: "error", svg: false, text: err.message });
      }
      // Another edge clicked meanwhile replaced this panel: this answer is no longer wanted.
      if (mine === shownEdge) item.append(answer);
    }),
  );
}

// Exports of the current view.
document.getElementById("export-png").addEventListener("click", () => download("nkkg-network.png", cy.png({ full: true, scale: 2, bg: "#ffffff" }), "image/png"));
document.getElementById("export-svg").addEventListener("click", () => download("nkkg-network.svg", toSvg(), "image/svg+xml"));
document.getElementById("export-graphml").addEventListener("click", () => download("nkkg-network.graphml", toGraphml(), "application/graphml+xml"));

/** An SVG picture drawn from the nodes' current positions. */
function toSvg() {
  const bb = cy.elements().boundingBox();
  const pad = 20;
  const parts = [];
  for (const e of cy.edges()) {
    const [s, t] = [e.source().position(), e.target().position()];
    parts.push(`<line x1="${s.x.toFixed(1)}" y1="${s.y.toFixed(1)}" x2="${t.x.toFixed(1)}" y2="${t.y.toFixed(1)}" stroke="${e.data("colour")}" stroke-width="${e.data("width").toFixed(1)}" stroke-opacity="0.75" marker-end="url(#arrow)"${e.hasClass("unstated") ? ' stroke-dasharray="4 3"' : ""}><title>${xml(e.data("type"))} (${e.data("weight")})</title></line>`);
  }
  for (const n of cy.nodes()) {
    const p = n.position();
    const r = n.data("size") / 2;
    parts.push(`<a href="${xml(link(n.id()))}"><circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="${r.toFixed(1)}" fill="${n.data("colour")}" stroke="#555"/><text x="${p.x.toFixed(1)}" y="${(p.y + r + 9).toFixed(1)}" font-size="9" text-anchor="middle" font-family="sans-serif">${xml(n.data("label"))}</text></a>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="${(bb.x1 - pad).toFixed(1)} ${(bb.y1 - pad).toFixed(1)} ${(bb.w + 2 * pad).toFixed(1)} ${(bb.h + 2 * pad).toFixed(1)}" width="${Math.round(bb.w + 2 * pad)}" height="${Math.round(bb.h + 2 * pad)}">
<title>nkkg support and supply network: ${xml(statusText())}</title>
<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#777"/></marker></defs>
<rect x="${(bb.x1 - pad).toFixed(1)}" y="${(bb.y1 - pad).toFixed(1)}" width="${(bb.w + 2 * pad).toFixed(1)}" height="${(bb.h + 2 * pad).toFixed(1)}" fill="#fff"/>
${parts.join("\n")}
</svg>
`;
}

/** GraphML of the current view, with the same keys as `nkkg graph --format graphml`. */
function toGraphml() {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
    '  <key id="class" for="node" attr.name="class" attr.type="string"/>',
    '  <key id="iri" for="node" attr.name="iri" attr.type="string"/>',
    '  <key id="x" for="node" attr.name="x" attr.type="double"/>',
    '  <key id="y" for="node" attr.name="y" attr.type="double"/>',
    '  <key id="kind" for="edge" attr.name="kind" attr.type="string"/>',
    '  <key id="type" for="edge" attr.name="type" attr.type="string"/>',
    '  <key id="weight" for="edge" attr.name="weight" attr.type="int"/>',
    '  <graph id="nkkg" edgedefault="directed">',
  ];
  for (const n of cy.nodes()) {
    const p = n.position();
    lines.push(`    <node id="${xml(n.id())}"><data key="label">${xml(n.data("label"))}</data><data key="class">${xml(n.data("class"))}</data><data key="iri">${xml(n.id())}</data><data key="x">${p.x.toFixed(1)}</data><data key="y">${p.y.toFixed(1)}</data></node>`);
  }
  for (const e of cy.edges()) {
    lines.push(`    <edge id="${e.id()}" source="${xml(e.data("source"))}" target="${xml(e.data("target"))}"><data key="kind">${e.data("kind")}</data><data key="type">${xml(e.data("type"))}</data><data key="weight">${e.data("weight")}</data></edge>`);
  }
  lines.push("  </graph>", "</graphml>", "");
  return lines.join("\n");
}
