// nkkg query editor (issue 15): YASGUI (vendored) against this server's /sparql only, with
// the project's prefixes pre-declared (/api/prefixes), the named queries as examples
// (/api/queries; their parameters are sent as `param.NAME` request arguments, which the
// server binds on the parsed query as `--param` does), autocompletion of the graph's own
// classes, properties and entities queried from /sparql (the built-in completers that call
// Linked Open Vocabularies are not used), IRIs under the data's namespace linked to this
// server's pages, and shareable URLs (YASGUI's own: ?query=…&param.NAME=…, kept in the
// address bar). The result views other than the table are in editor-views.js.
"use strict";

const BASE = "https://w3id.org/nkkg/";
const ENDPOINT = new URL("/sparql", location.href).href;
const Yasqe = Yasgui.Yasqe;
const Yasr = Yasgui.Yasr;

// The schemes that become links; others (javascript:, data:, ...) are shown as text.
// The same list as LINK_SCHEMES in src/markup.rs, which pages and the network picture use.
const LINK_SCHEMES = ["http", "https", "urn", "mailto"];

// Where a link to an IRI points: its page on this server for IRIs under BASE (with the
// characters that would end or change a path escaped, as the server's local_path does),
// the IRI itself for an allowed scheme, or null when it must not be a link.
function safeHref(iri) {
  if (iri.startsWith(BASE)) {
    return "/" + iri.slice(BASE.length).replace(/%/g, "%25").replace(/\?/g, "%3F").replace(/#/g, "%23");
  }
  if (iri.startsWith("/")) return iri;
  const colon = iri.indexOf(":");
  return colon > 0 && LINK_SCHEMES.includes(iri.slice(0, colon).toLowerCase()) ? iri : null;
}
window.nkkgSafeHref = safeHref;

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function escapeHtml(s) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

// The solutions of a SELECT query on this server, as SPARQL JSON bindings.
async function select(query) {
  const response = await fetch("/sparql", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/sparql-results+json" },
    body: new URLSearchParams({ query }),
  });
  if (!response.ok) throw new Error(await response.text());
  return (await response.json()).results.bindings;
}

// ---- Autocompletion from this graph -------------------------------------------------

// A list fetched once per page (classes, properties), filtered by what was typed. Not kept
// in local storage: the graph can change under a persistent store.
function cachedList(query) {
  let list;
  return (typed) => {
    list ??= select(query).then((rows) => rows.map((r) => r.x.value)).catch(() => { list = undefined; return []; });
    return list.then((all) => all.filter((iri) => iri.startsWith(typed)));
  };
}
const classes = cachedList("SELECT DISTINCT ?x WHERE { { ?s a ?x } UNION { ?x a <http://www.w3.org/2002/07/owl#Class> } FILTER(isIRI(?x)) } ORDER BY ?x");
const properties = cachedList("SELECT DISTINCT ?x WHERE { { ?s ?x ?o } UNION { ?x a <http://www.w3.org/2002/07/owl#ObjectProperty> } UNION { ?x a <http://www.w3.org/2002/07/owl#DatatypeProperty> } } ORDER BY ?x");

// The entity completer's last answers: IRI -> label, to show labels beside the names.
const entityLabels = new Map();

// Entities whose IRI starts with the typed IRI or whose label starts with the typed local
// name (so `nke:Khank` also offers the entity labelled or also named so).
async function entities(yasqe, token) {
  const typed = token.autocompletionString || "";
  const local = typed.startsWith(BASE + "id/") ? typed.slice(BASE.length + 3) : "";
  const query = `SELECT ?x (SAMPLE(?l) AS ?label) WHERE {
  ?x <http://www.w3.org/2000/01/rdf-schema#label>|<http://www.w3.org/2004/02/skos/core#altLabel> ?l .
  FILTER(isIRI(?x) && (STRSTARTS(STR(?x), ${JSON.stringify(typed)})${local ? ` || STRSTARTS(LCASE(STR(?l)), ${JSON.stringify(local.toLowerCase())})` : ""}))
} GROUP BY ?x ORDER BY STRLEN(STR(?x)) ?x LIMIT 40`;
  const rows = await select(query).catch(() => []);
  for (const r of rows) if (r.label) entityLabels.set(r.x.value, r.label.value);
  return rows.map((r) => r.x.value);
}

function completeToken(yasqe) {
  const token = yasqe.getCompleteToken();
  return token && token.string ? token.string : "";
}

Yasqe.forkAutocompleter("class", { name: "nk-class", autoShow: true, get: (yasqe, token) => classes(token.autocompletionString || "") }, false);
Yasqe.forkAutocompleter("property", { name: "nk-property", autoShow: true, get: (yasqe, token) => properties(token.autocompletionString || "") }, false);
Yasqe.forkAutocompleter(
  "property",
  {
    name: "nk-entity",
    get: entities,
    autoShow: true,
    isValidCompletionPosition: (yasqe) => {
      const s = completeToken(yasqe);
      return s.startsWith("nke:") || s.startsWith("<" + BASE + "id/");
    },
    postprocessHints: (yasqe, hints) =>
      hints.map((h) => {
        const iri = h.text.startsWith("<") ? h.text.slice(1, -1) : BASE + "id/" + h.text.slice(h.text.indexOf(":") + 1);
        const label = entityLabels.get(iri);
        return label ? { ...h, displayText: h.text + "  — " + label } : h;
      }),
  },
  false,
);
// Variables and prefix declarations (the prefix list is bundled in YASQE, prefixCcApi stays
// unset so it fetches nothing), then this graph's entities, classes and properties.
Yasqe.defaults.autocompleters = ["variables", "prefixes", "nk-entity", "nk-class", "nk-property"];

// ---- Result links --------------------------------------------------------------------

// YASR's table, with IRIs under the data's namespace opening this server's pages (in the
// same window) and links to other IRIs only for the allowed schemes.
class LinkedTable extends Yasr.plugins.table {
  getUriLinkFromBinding(binding, prefixes) {
    const iri = binding.value;
    let shown = "<" + iri + ">";
    for (const [p, ns] of Object.entries(prefixes || {})) {
      if (ns && iri.startsWith(ns)) {
        shown = p + ":" + iri.slice(ns.length);
        break;
      }
    }
    const href = safeHref(iri);
    const text = escapeHtml(shown);
    return href === null ? text : `<a class="iri" href="${escapeHtml(href)}">${text}</a>`;
  }
}
Yasr.registerPlugin("table", LinkedTable);
Yasr.defaults.pluginOrder = ["table", "network", "map", "timeline", "response"];

// ---- Named queries -------------------------------------------------------------------

// The parameters of a named query: name, default value (the documented example of a
// required parameter; optional ones start empty) and the documentation line.
function parameters(q) {
  return q.params.map((name) => {
    const line = q.text.split("\n").find((l) => new RegExp("^#\\s*param:\\s*" + name + "\\b").test(l)) || "";
    const example = (line.match(/e\.g\.\s+(\S+)/) || [])[1] || "";
    const optional = /\boptional\b/.test(line);
    return { name, value: optional ? "" : example.replace(/^"|"$/g, "").replace(/[,;]$/, ""), doc: line.replace(/^#\s*param:\s*/, "") };
  });
}

function argsOf(values) {
  return values.filter((p) => p.value.trim()).map((p) => ({ name: "param." + p.name, value: p.value.trim() }));
}

let yasgui;
let named = [];
// Tab id -> named query name, for the parameter form.
const namedTabs = new Map();

function openNamed(q) {
  const tab = yasgui.addTab(true, { name: q.name, yasqe: { value: q.text }, requestConfig: { endpoint: ENDPOINT, args: argsOf(parameters(q)) } });
  const current = tab && tab.getId ? tab : yasgui.getTab();
  namedTabs.set(current.getId(), q.name);
  showParams(current);
  current.query();
}

// Shows the parameter form for the current tab when it holds a named query with
// parameters, filled with the arguments the tab sends.
function showParams(tab) {
  const form = document.getElementById("params");
  const q = tab && named.find((n) => n.name === namedTabs.get(tab.getId()));
  if (!q || q.params.length === 0) {
    form.hidden = true;
    return;
  }
  const args = new Map((tab.getRequestConfig().args || []).map((a) => [a.name, a.value]));
  document.getElementById("params-for").textContent = q.name + ":";
  const box = document.getElementById("params-fields");
  box.textContent = "";
  for (const p of parameters(q)) {
    const label = el("label", { title: p.doc }, p.name + " ");
    label.appendChild(el("input", { name: p.name, value: args.get("param." + p.name) || "", placeholder: p.value || "optional", size: "18" }));
    box.appendChild(label);
  }
  form.hidden = false;
}

function runWithParams(event) {
  event.preventDefault();
  const tab = yasgui.getTab();
  const values = [...document.querySelectorAll("#params-fields input")].map((i) => ({ name: i.name, value: i.value }));
  tab.setRequestConfig({ args: argsOf(values) });
  tab.query();
}

function showNamed(list) {
  named = list;
  const box = document.getElementById("queries");
  for (const q of list) {
    const b = el("button", { type: "button", class: "named", "data-name": q.name, title: q.description }, q.name);
    b.addEventListener("click", () => openNamed(q));
    box.appendChild(b);
  }
}

// ---- Search --------------------------------------------------------------------------

let searchTimer;
function search() {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(async () => {
    const q = document.getElementById("search").value.trim();
    const list = document.getElementById("search-results");
    list.textContent = "";
    if (q.length < 2) return;
    const hits = await (await fetch("/api/search?q=" + encodeURIComponent(q))).json();
    for (const h of hits) {
      const li = el("li");
      const href = safeHref(h.link);
      li.appendChild(href === null ? document.createTextNode(h.label) : el("a", { href }, h.label));
      if (h.matched !== h.label) li.appendChild(document.createTextNode(" (" + h.matched + ")"));
      list.appendChild(li);
    }
  }, 200);
}

// ---- Start ---------------------------------------------------------------------------

async function start() {
  // The search box works at once, before the editor has loaded.
  document.getElementById("search").addEventListener("input", search);
  const [prefixes, queries] = await Promise.all([fetch("/api/prefixes").then((r) => r.json()), fetch("/api/queries").then((r) => r.json())]);
  const map = Object.fromEntries(prefixes);
  Yasqe.defaults.value =
    prefixes.map(([p, ns]) => `PREFIX ${p}: <${ns}>`).join("\n") +
    "\n\nSELECT ?supporter ?recipient ?kind WHERE {\n  ?s a nk:Support ; nk:supporter ?supporter ; nk:recipient ?recipient ; nk:supportType ?kind .\n} LIMIT 20\n";
  Yasr.defaults.prefixes = map;
  // A shared link (YASGUI's: the query and its settings in the fragment, or ?query=).
  const fromUrl = new URLSearchParams(location.search).has("query") || new URLSearchParams(location.hash.slice(1)).has("query");
  yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: ENDPOINT, method: "POST" },
    copyEndpointOnNewTab: false,
    endpointCatalogueOptions: { getData: () => [{ endpoint: ENDPOINT }], keys: [] },
    yasr: { prefixes: map },
    yasqe: { collapsePrefixesOnLoad: false, editorHeight: "260px" },
  });
  // The endpoint is this server's, whatever a stored tab or a shared link says.
  for (const id of Object.keys(yasgui._tabs)) {
    const tab = yasgui.getTab(id);
    if (tab.getEndpoint() !== ENDPOINT) tab.setRequestConfig({ endpoint: ENDPOINT });
  }
  yasgui.on("tabSelect", (y, id) => setTimeout(() => showParams(yasgui.getTab(id))));
  // The address bar holds the current query and its arguments: it can be shared.
  yasgui.on("queryResponse", (y, tab) => {
    if (tab === yasgui.getTab()) history.replaceState(null, "", tab.getShareableLink(location.origin + location.pathname));
  });
  showNamed(queries);
  showParams(yasgui.getTab());
  document.getElementById("params").addEventListener("submit", runWithParams);
  if (fromUrl) yasgui.getTab().query();
  document.body.dataset.ready = String(Math.round(performance.now()));
}

start().catch((e) => {
  document.getElementById("editor").prepend(el("pre", { class: "error" }, "The editor could not start: " + e.message));
});
