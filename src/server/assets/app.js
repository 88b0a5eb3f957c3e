// nkkg web UI: named queries, a SPARQL editor, results as linked tables, search.
"use strict";

const PREFIXES = [
  ["nke:", "https://w3id.org/nkkg/id/"],
  ["nk:", "https://w3id.org/nkkg/ontology#"],
  ["nkv:", "https://w3id.org/nkkg/vocab/"],
];
const BASE = "https://w3id.org/nkkg/";
let currentParams = [];

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function shorten(iri) {
  for (const [p, ns] of PREFIXES) if (iri.startsWith(ns)) return p + iri.slice(ns.length);
  return iri;
}

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

function cell(term) {
  const td = el("td");
  if (!term) return td;
  const href = term.type === "uri" ? safeHref(term.value) : null;
  if (href !== null) {
    td.appendChild(el("a", { href }, shorten(term.value)));
  } else if (term.type === "uri") {
    td.textContent = shorten(term.value);
  } else {
    td.textContent = term.value;
  }
  return td;
}

function formData(query) {
  const data = new URLSearchParams();
  data.set("query", query);
  for (const name of currentParams) {
    const input = document.getElementById("param-" + name);
    if (input && input.value.trim()) data.set("param." + name, input.value.trim());
  }
  return data;
}

function showDownloads(query, isGraph) {
  const box = document.getElementById("downloads");
  box.textContent = "Download: ";
  const formats = isGraph ? ["turtle", "ntriples", "nquads", "trig", "rdfxml", "jsonld"] : ["json", "xml", "csv", "tsv"];
  for (const f of formats) {
    const data = formData(query);
    data.set("format", f);
    box.appendChild(el("a", { href: "/sparql?" + data.toString(), class: "download" }, f));
    box.appendChild(document.createTextNode(" "));
  }
}

async function run() {
  const query = document.getElementById("query").value;
  const status = document.getElementById("status");
  const table = document.getElementById("results");
  table.textContent = "";
  status.textContent = "running…";
  const isGraph = /^\s*(PREFIX[^\n]*\n\s*|#[^\n]*\n\s*)*(CONSTRUCT|DESCRIBE)/i.test(query);
  const started = performance.now();
  const response = await fetch("/sparql", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: isGraph ? "application/n-triples" : "application/sparql-results+json" },
    body: formData(query),
  });
  const ms = Math.round(performance.now() - started);
  if (!response.ok) {
    status.textContent = "";
    const pre = el("pre", { class: "error" }, await response.text());
    table.appendChild(el("caption")).appendChild(pre);
    return;
  }
  showDownloads(query, isGraph);
  if (isGraph) {
    const text = await response.text();
    const lines = text.split("\n").filter((l) => l.trim());
    status.textContent = lines.length + " triples in " + ms + " ms";
    const pre = el("pre", {}, text);
    table.appendChild(el("caption")).appendChild(pre);
    return;
  }
  const json = await response.json();
  if (json.boolean !== undefined) {
    status.textContent = "answer: " + json.boolean + " (" + ms + " ms)";
    return;
  }
  const vars = json.head.vars;
  const head = el("tr");
  for (const v of vars) head.appendChild(el("th", {}, v));
  table.appendChild(el("thead")).appendChild(head);
  const body = el("tbody");
  for (const row of json.results.bindings) {
    const tr = el("tr");
    for (const v of vars) tr.appendChild(cell(row[v]));
    body.appendChild(tr);
  }
  table.appendChild(body);
  status.textContent = json.results.bindings.length + " rows in " + ms + " ms";
}

function choose(q) {
  document.getElementById("query").value = q.text;
  const box = document.getElementById("params");
  box.textContent = "";
  currentParams = q.params;
  for (const p of q.params) {
    const example = (q.text.match(new RegExp("# param: " + p + ".*e\\.g\\. (\\S+)")) || [])[1] || "";
    box.appendChild(el("label", { for: "param-" + p }, p + " "));
    const input = el("input", { id: "param-" + p, name: p, value: example.replace(/^"|"$/g, "") });
    box.appendChild(input);
  }
  run();
}

async function loadQueries() {
  const list = await (await fetch("/api/queries")).json();
  const box = document.getElementById("queries");
  for (const q of list) {
    const b = el("button", { type: "button", class: "named", "data-name": q.name, title: q.description }, q.name);
    b.addEventListener("click", () => choose(q));
    box.appendChild(b);
  }
}

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

document.getElementById("run").addEventListener("click", run);
document.getElementById("search").addEventListener("input", search);
loadQueries();
