// Shared by the network, map, timeline and entity views: SPARQL over /sparql, links to
// the linked-data pages, evidence spans from /api/evidence, dates at their precision,
// small DOM helpers and downloads. Everything stays on this server's origin.

/** The IRI prefix whose IRIs have pages on this server (from the page's script tag). */
export const BASE = document.getElementById("view-script").dataset.base;

const PREFIXES = `PREFIX nk: <https://w3id.org/nkkg/ontology#>
PREFIX nkv: <https://w3id.org/nkkg/vocab/>
PREFIX nke: <https://w3id.org/nkkg/id/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
`;

/** Runs a SELECT query and gives its rows as objects of RDF terms ({type, value, datatype}). */
export async function sparql(query) {
  const response = await fetch("/sparql", {
    method: "POST",
    headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json" },
    body: PREFIXES + query,
  });
  if (!response.ok) throw new Error(`the query failed (${response.status}): ${await response.text()}`);
  return (await response.json()).results.bindings;
}

/** Where a link to an IRI goes: its page here, or the IRI itself. */
export function link(iri) {
  return iri.startsWith(BASE) ? "/" + iri.slice(BASE.length).replace(/%/g, "%25").replace(/\?/g, "%3F").replace(/#/g, "%23") : iri;
}

/** The short name of an entity IRI (`nke:Turkey`). */
export function short(iri) {
  return iri.startsWith(BASE + "id/") ? "nke:" + iri.slice(BASE.length + 3) : iri;
}

/** Creates an element with attributes (`text` sets its text) and children. */
export function el(tag, attrs = {}, ...children) {
  const svg = ["svg", "g", "path", "circle", "rect", "line", "text", "title", "a"].includes(tag) && attrs.svg !== false;
  const node = svg ? document.createElementNS("http://www.w3.org/2000/svg", tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") node.textContent = v;
    else if (k === "svg") continue;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c);
  return node;
}

/** An HTML link to an entity's page. */
export function pageLink(iri, label) {
  return el("a", { href: link(iri), svg: false, text: label });
}

/** The evidence spans of a relation or an event: [{document, start, end, text?}]. */
export async function evidence(iri) {
  const response = await fetch("/api/evidence?of=" + encodeURIComponent(iri));
  if (!response.ok) throw new Error(`no evidence (${response.status}): ${await response.text()}`);
  return response.json();
}

/** A list of evidence spans: document, offsets and, when the server has the documents, the text. */
export function evidenceList(spans) {
  if (spans.length === 0) return el("p", { class: "empty", text: "No evidence span recorded." });
  return el(
    "ul",
    { class: "evidence" },
    spans.map((s) =>
      el("li", {}, el("span", { class: "cite", text: `${s.document} ${s.start}–${s.end}` }), s.text ? el("blockquote", { class: "span", text: s.text }) : null),
    ),
  );
}

/** The year of a date literal (`1992`, `1992-05`, `1992-05-08`), or null. */
export function yearOf(term) {
  if (!term) return null;
  const m = /^(-?\d{4})/.exec(term.value);
  return m ? Number(m[1]) : null;
}

/**
 * The span of time a date literal stands for, at its precision, as [start, end) in ms:
 * a year is the whole year, a month the whole month, a day that day.
 */
export function dateSpan(value) {
  const m = /^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), m[2] ? Number(m[2]) - 1 : null, m[3] ? Number(m[3]) : null];
  if (mo === null) return [Date.UTC(y, 0, 1), Date.UTC(y + 1, 0, 1)];
  if (d === null) return [Date.UTC(y, mo, 1), Date.UTC(y, mo + 1, 1)];
  return [Date.UTC(y, mo, d), Date.UTC(y, mo, d + 1)];
}

/** The precision of a date literal: year, month or day. */
export function precision(value) {
  return /^-?\d{4}-\d{2}-\d{2}/.test(value) ? "day" : /^-?\d{4}-\d{2}/.test(value) ? "month" : "year";
}

/** Saves text or a data URI as a file. */
export function download(name, content, type) {
  const url = content.startsWith && content.startsWith("data:") ? content : URL.createObjectURL(new Blob([content], { type }));
  const a = el("a", { href: url, download: name, svg: false });
  document.body.append(a);
  a.click();
  a.remove();
  if (!url.startsWith("data:")) setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Escapes text for XML (SVG and GraphML exports). */
export function xml(text) {
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Colours of actor classes and relation types, the same as /network.svg's (src/explore/palette.rs). */
export const CLASS_COLOURS = {
  State: "#4e79a7",
  "De facto state": "#f28e2b",
  "Armed force": "#e15759",
  "Armed group": "#b6992d",
  "Intergovernmental organisation": "#59a14f",
  "Government body": "#8cd17d",
  "Non-governmental organisation": "#b07aa1",
  "Political party": "#ff9da7",
  Company: "#9c755f",
  Person: "#bab0ac",
  "Ethnic or population group": "#86bcb6",
  "Administrative entity": "#f1ce63",
};
export const TYPE_COLOURS = {
  "military support": "#d62728",
  "diplomatic support": "#1f77b4",
  "economic support": "#2ca02c",
  "humanitarian support": "#9467bd",
  arms: "#8c564b",
  energy: "#ff7f0e",
  goods: "#17becf",
  money: "#bcbd22",
  fighters: "#e377c2",
};
export const classColour = (c) => CLASS_COLOURS[c] || "#d4d4d4";
export const typeColour = (t) => TYPE_COLOURS[t] || "#7f7f7f";

/** Shows a status line (and marks the view ready for tests and timing when `ready`). */
export function status(text, ready = false) {
  const s = document.getElementById("status");
  if (s) s.textContent = text;
  if (ready) document.body.dataset.ready = String(Math.round(performance.now()));
}

/** The support and supply relations: one row per relation, type and date variant. */
export const RELATIONS = `SELECT ?x ?kind ?s ?t ?type ?pol ?d1 ?d2 WHERE {
  { ?x a nk:Support ; nk:supporter ?s ; nk:recipient ?t ; nk:supportType ?st ; nk:polarity ?p .
    ?st skos:broader* ?top . ?top skos:topConceptOf nkv:SupportTypes ; skos:prefLabel ?type .
    ?p skos:prefLabel ?pol . BIND("support" AS ?kind)
    OPTIONAL { ?x nk:date|nk:startDate ?d1 } OPTIONAL { ?x nk:date|nk:endDate ?d2 } }
  UNION
  { ?x a nk:Supply ; nk:supplier ?s ; nk:recipient ?t ; nk:itemCategory ?c ; nk:status ?p .
    ?c skos:broader* ?top . ?top skos:topConceptOf nkv:ItemCategories ; skos:prefLabel ?type .
    ?p skos:prefLabel ?pol . BIND("supply" AS ?kind)
    OPTIONAL { ?x nk:deliveryDate|nk:date|nk:orderDate|nk:startDate ?d1 } OPTIONAL { ?x nk:endDate ?d2 } }
}`;

/** The relations of RELATIONS as objects, each row once. */
export async function relations(filter = "") {
  const rows = await sparql(filter ? RELATIONS.replace(/\}$/, filter + "\n}") : RELATIONS);
  const seen = new Set();
  const out = [];
  for (const r of rows) {
    const d1 = r.d1 ? r.d1.value : null;
    const d2 = r.d2 ? r.d2.value : d1;
    const item = { x: r.x.value, kind: r.kind.value, s: r.s.value, t: r.t.value, type: r.type.value, pol: r.pol.value, d1, d2, y1: yearOf(r.d1), y2: yearOf(r.d2) ?? yearOf(r.d1) };
    const key = [item.x, item.type, item.pol, d1, d2].join("\u0000");
    if (!seen.has(key)) {
      seen.add(key);
      out.push(item);
    }
  }
  return out;
}

/**
 * Labels and most specific actor classes of the given IRIs (all the parties of support and
 * supply relations when `iris` is null): Map iri -> {label, class}.
 */
export async function actorInfo(iris) {
  const info = new Map();
  if (iris && iris.length === 0) return info;
  const which = iris
    ? `VALUES ?e { ${iris.map((i) => `<${i}>`).join(" ")} }`
    : `{ SELECT DISTINCT ?e WHERE { ?x nk:supporter|nk:supplier|nk:recipient ?e . ?x a ?k . VALUES ?k { nk:Support nk:Supply } } }`;
  const rows = await sparql(`SELECT ?e ?label ?class WHERE { ${which}
    OPTIONAL { ?e rdfs:label ?label }
    OPTIONAL { ?e a ?c . ?c rdfs:subClassOf* nk:Actor ; rdfs:label ?class .
               FILTER NOT EXISTS { ?e a ?d . ?d rdfs:subClassOf+ ?c FILTER(?d != ?c) } } }`);
  for (const r of rows) {
    const e = r.e.value;
    const cur = info.get(e) || { label: r.label ? r.label.value : short(e), class: "" };
    const cls = r.class ? r.class.value : "";
    if (!cur.class || (cls && cls < cur.class)) cur.class = cls;
    info.set(e, cur);
  }
  for (const v of info.values()) if (!v.class) v.class = "Actor";
  return info;
}
