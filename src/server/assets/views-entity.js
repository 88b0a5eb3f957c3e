// The small views of an entity page: the entity's local network (its direct support and
// supply relations, any polarity; dashed when not stated as given, delivered or ordered)
// and a small map of the places with coordinates that the entity is, is at, or whose
// events it took part in. Each is shown only when it has something to show.

import { relations, actorInfo, sparql, el, link, classColour, typeColour } from "./common.js";
import { loadBorders, projectionFor, drawBase } from "./geo.js";

const box = document.getElementById("entity-views");
const iri = box.dataset.iri;

await Promise.all([network().catch(fail("mini-network")), map().catch(fail("mini-map"))]);
document.body.dataset.ready = String(Math.round(performance.now()));

function fail(id) {
  return (err) => {
    const part = document.getElementById(id);
    part.hidden = false;
    part.append(el("p", { class: "error", svg: false, text: err.message }));
  };
}

async function network() {
  const rels = await relations(`FILTER(?s = <${iri}> || ?t = <${iri}>)`);
  if (rels.length === 0) return;
  const edges = new Map();
  for (const r of rels) {
    const key = [r.s, r.t, r.kind].join(" ");
    const e = edges.get(key) || { source: r.s, target: r.t, kind: r.kind, types: new Set(), stated: false, n: new Set() };
    e.types.add(r.type);
    e.n.add(r.x);
    e.stated ||= ["given", "delivered", "ordered"].includes(r.pol);
    edges.set(key, e);
  }
  const nodes = [...new Set(rels.flatMap((r) => [r.s, r.t]))];
  const info = await actorInfo(nodes);
  const part = document.getElementById("mini-network");
  part.hidden = false;
  part.append(el("p", { class: "note", svg: false }, el("a", { href: "/timeline?actor=" + encodeURIComponent(iri), svg: false, text: "On the timeline" }), " · ", el("a", { href: "/network", svg: false, text: "the whole network" })));
  const cy = cytoscape({
    container: document.querySelector("#mini-network .cy"),
    userZoomingEnabled: false,
    maxZoom: 1.6,
    elements: [
      ...nodes.map((n) => ({ data: { id: n, label: info.get(n).label, colour: classColour(info.get(n).class), centre: n === iri ? 1 : 0 } })),
      ...[...edges.values()].map((e, i) => {
        const type = [...e.types].sort()[0];
        return { data: { id: "e" + i, source: e.source, target: e.target, colour: typeColour(type), width: 1 + Math.log1p(e.n.size) }, classes: e.stated ? "" : "unstated" };
      }),
    ],
    style: [
      { selector: "node", style: { "background-color": "data(colour)", label: "data(label)", "font-size": 8, width: 12, height: 12, "text-valign": "bottom", "border-width": 1, "border-color": "#555" } },
      { selector: "node[centre = 1]", style: { width: 20, height: 20, "font-weight": "bold", "font-size": 10 } },
      { selector: "edge", style: { "line-color": "data(colour)", "target-arrow-color": "data(colour)", "target-arrow-shape": "triangle", "curve-style": "bezier", width: "data(width)", opacity: 0.8, "arrow-scale": 0.6 } },
      { selector: "edge.unstated", style: { "line-style": "dashed" } },
    ],
    layout: { name: "concentric", concentric: (n) => n.data("centre"), levelWidth: () => 1, minNodeSpacing: 48, padding: 12 },
  });
  cy.on("tap", "node", (e) => {
    if (e.target.id() !== iri) window.location.href = link(e.target.id());
  });
  window.nkEntityNetwork = cy;
}

async function map() {
  const rows = await sparql(`SELECT DISTINCT ?p ?label ?lat ?long WHERE {
    { BIND(<${iri}> AS ?p) } UNION { <${iri}> nk:place|nk:partOf ?p } UNION { ?p nk:partOf <${iri}> }
    UNION { ?ev nk:participation/nk:participant <${iri}> ; nk:place ?p } UNION { ?ev nk:place <${iri}> , ?p }
    ?p geo:lat ?lat ; geo:long ?long . OPTIONAL { ?p rdfs:label ?label } }`);
  const b = await loadBorders();
  // Only the region's places: the base map covers the region only.
  const [W0, S0, E0, N0] = b.box;
  const points = rows
    .map((r) => ({ iri: r.p.value, label: r.label ? r.label.value : r.p.value, lat: Number(r.lat.value), long: Number(r.long.value) }))
    .filter((p) => p.long > W0 + 1 && p.long < E0 - 1 && p.lat > S0 + 1 && p.lat < N0 - 1);
  if (points.length === 0) return;
  document.getElementById("mini-map").hidden = false;
  const [W, H] = [400, 260];
  // The points' box, at least the region's central part, so one point still shows its surroundings.
  const lons = points.map((p) => p.long);
  const lats = points.map((p) => p.lat);
  const corners = [
    [Math.min(...lons, 45.2) - 0.5, Math.min(...lats, 39.2) - 0.4],
    [Math.max(...lons, 47.8) + 0.5, Math.max(...lats, 40.6) + 0.4],
  ];
  const svg = box.querySelector("#mini-map svg");
  const projection = projectionFor(corners, W, H, 8);
  drawBase(svg, projection, W, H, b, false);
  const layer = el("g", { class: "places" });
  const taken = [];
  // The entity first, so that its name is the one kept where names would overlap.
  for (const p of points.sort((a, b) => (b.iri === iri) - (a.iri === iri))) {
    const [x, y] = projection([p.long, p.lat]);
    const box = [x + 6, y - 7, x + 8 + p.label.length * 6, y + 4];
    const free = !taken.some((t) => box[0] < t[2] && t[0] < box[2] && box[1] < t[3] && t[1] < box[3]);
    if (free) taken.push(box);
    layer.append(el("a", { href: link(p.iri) }, el("circle", { class: p.iri === iri ? "self" : "", cx: x, cy: y, r: p.iri === iri ? 5 : 3.5 }, el("title", { text: p.label })), free ? el("text", { x: x + 6, y: y + 3, text: p.label }) : null));
  }
  svg.append(layer);
  if (points.some((p) => p.iri === iri)) {
    const links = el("p", { class: "note", svg: false }, el("a", { href: "/timeline?place=" + encodeURIComponent(iri), svg: false, text: "Events here on the timeline" }), " · ", el("a", { href: "/map", svg: false, text: "the whole map" }));
    document.getElementById("mini-map").append(links);
  }
}
