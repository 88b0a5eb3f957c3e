// Headless Chromium drives the query editor at / (YASGUI over this server's /sparql): a named
// query's rows against the same query through /sparql, autocompletion from the graph, the
// network, map and timeline result views counted against the rows, a shared link, the page
// at 1280×800 and at 390 px, the time to the first interactive view (printed, not
// asserted), and that no request leaves the server's origin.
//
// The server serves the bundled graph (its places carry GeoNames coordinates for the map).
// Screenshots go to $SCREENSHOTS (default: ../../target/screenshots).
//
// Run: NKKG=path/to/nkkg node --test editor.test.mjs   (needs Debian's chromium)

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { NKKG, SHOTS, serve, launch, screenshot } from "./harness.mjs";

let server, base, browser;
// Every URL any page of these tests requested, and those the page's policy stopped before
// they were sent.
const requested = [];
const blockedByPolicy = [];

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ({ server, base } = await serve());
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill();
});

// A new page (own context: no stored tabs) whose requests are recorded and whose console
// errors fail the test that reads them.
async function open(width = 1280, height = 800) {
  const page = await browser.newPage({ viewport: { width, height } });
  page.errors = [];
  page.on("request", (r) => requested.push(r.url()));
  page.on("pageerror", (e) => page.errors.push(String(e)));
  // Console errors fail the tests, except the browser's own request for /favicon.ico,
  // which this server does not serve.
  page.on("console", (m) => m.type() === "error" && !m.location().url.endsWith("/favicon.ico") && page.errors.push(m.text() + " " + m.location().url));
  return page;
}

async function sparql(query, params = {}) {
  const body = new URLSearchParams({ query });
  for (const [k, v] of Object.entries(params)) body.set("param." + k, v);
  const r = await fetch(base + "/sparql", { method: "POST", headers: { Accept: "application/sparql-results+json" }, body });
  assert.equal(r.status, 200, await r.clone().text());
  return r.json();
}

async function named(name) {
  const list = await (await fetch(base + "/api/queries")).json();
  return list.find((q) => q.name === name);
}

// A cell as YASR's table shows it: IRIs with a project prefix shortened, literals as their value.
function shown(term, prefixes) {
  if (!term) return "";
  if (term.type !== "uri") return term.value;
  for (const [p, ns] of prefixes) if (term.value.startsWith(ns)) return p + ":" + term.value.slice(ns.length);
  return "<" + term.value + ">";
}

async function ready(page) {
  await page.waitForSelector("body[data-ready]");
  return Number(await page.getAttribute("body", "data-ready"));
}

async function tableRows(page) {
  await page.waitForSelector(".yasr table.dataTable tbody tr td");
  return page.$$eval(".yasr table.dataTable tbody tr", (trs) => trs.map((tr) => [...tr.children].slice(1).map((td) => td.textContent.trim())));
}

test("a named query runs in YASGUI and shows exactly the rows /sparql gives", async () => {
  const page = await open();
  const started = Date.now();
  await page.goto(base + "/");
  const interactive = await ready(page);
  await page.click('button.named[data-name="arms-suppliers"]');
  const rows = await tableRows(page);
  console.log(`editor: interactive ${interactive} ms after navigation start; first result table ${Date.now() - started} ms after goto`);
  const q = await named("arms-suppliers");
  const prefixes = await (await fetch(base + "/api/prefixes")).json();
  const expected = await sparql(q.text);
  const header = await page.$$eval(".yasr table.dataTable thead th", (ths) => ths.slice(1).map((t) => t.textContent.trim()));
  assert.deepEqual(header, expected.head.vars);
  assert.ok(expected.results.bindings.length <= 50, "fits one page of the table");
  assert.deepEqual(rows, expected.results.bindings.map((b) => expected.head.vars.map((v) => shown(b[v], prefixes))));
  assert.ok(rows.some((r) => r[1] === "Azerbaijan" && r[3] === "Israel"), JSON.stringify(rows));
  // The endpoint is this server's and its selector is not shown.
  assert.equal(await page.evaluate(() => yasgui.getTab().getEndpoint()), base + "/sparql");
  assert.equal(await page.isVisible(".yasgui .controlbar"), false);
  await screenshot(page, { path: SHOTS + "/editor-table.png" });
  // IRIs under the data's namespace open this server's pages.
  await page.click('.yasr table.dataTable tbody a.iri:text-is("nke:Israel")');
  await page.waitForSelector("h1");
  assert.equal(await page.textContent("h1"), "Israel");
  assert.equal(new URL(page.url()).pathname, "/id/Israel");
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("parameters go from the form to the query, and the address bar link reopens it", async () => {
  const page = await open();
  await page.goto(base + "/");
  await ready(page);
  await page.click('button.named[data-name="actor-profile"]');
  await tableRows(page);
  assert.equal(await page.inputValue('#params input[name="actor"]'), "nke:Turkey");
  await page.fill('#params input[name="actor"]', "nke:Armenia");
  await page.click("#params button[type=submit]");
  // YASGUI's shareable link: the query and its arguments in the fragment.
  await page.waitForFunction(() => location.hash.includes("param.actor=nke%3AArmenia"));
  await page.waitForSelector(".yasr table.dataTable tbody tr td");
  const q = await named("actor-profile");
  const expected = await sparql(q.text, { actor: "nke:Armenia" });
  const count = await page.evaluate(() => yasgui.getTab().getYasr().results.getBindings().length);
  assert.equal(count, expected.results.bindings.length);
  const shared = page.url();
  const again = await open();
  await again.goto(shared);
  await again.waitForSelector(".yasr table.dataTable tbody tr td");
  assert.equal(await again.evaluate(() => yasgui.getTab().getQuery()), q.text);
  assert.equal(await again.evaluate(() => yasgui.getTab().getYasr().results.getBindings().length), expected.results.bindings.length);
  assert.deepEqual([...page.errors, ...again.errors], []);
  await again.close();
  await page.close();
});

test("autocompletion offers nke:Azerbaijan after nke:Aze, from this graph", async () => {
  const page = await open();
  await page.goto(base + "/");
  await ready(page);
  await page.click(".yasqe .CodeMirror");
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await page.keyboard.type("PREFIX nke: <https://w3id.org/nkkg/id/>\nSELECT * WHERE { ?s ?p nke:Aze");
  await page.waitForSelector(".CodeMirror-hints .CodeMirror-hint");
  const hints = await page.$$eval(".CodeMirror-hints .CodeMirror-hint", (li) => li.map((l) => l.textContent));
  assert.ok(hints.some((h) => h.startsWith("nke:Azerbaijan ") || h === "nke:Azerbaijan"), JSON.stringify(hints));
  await page.keyboard.press("Enter");
  assert.match(await page.evaluate(() => yasgui.getTab().getQuery()), /\?p nke:Azerbaijan/);
  // Classes after `a` and properties in predicate position, as used in this graph.
  const offered = async (text) => {
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    await page.keyboard.type("PREFIX nk: <https://w3id.org/nkkg/ontology#>\n" + text);
    await page.waitForSelector(".CodeMirror-hints .CodeMirror-hint");
    const list = await page.$$eval(".CodeMirror-hints .CodeMirror-hint", (li) => li.map((l) => l.textContent));
    await page.keyboard.press("Escape");
    return list;
  };
  assert.ok((await offered("SELECT * WHERE { ?s a nk:Supp")).includes("nk:Support"));
  assert.ok((await offered("SELECT * WHERE { ?s nk:suppl")).includes("nk:supplier"));
  assert.deepEqual(page.errors, []);
  await page.close();
});

// Opens the query as a shared link would, and shows the result view `plugin`.
async function view(page, query, plugin) {
  await page.goto(base + "/?" + new URLSearchParams({ query }).toString());
  await ready(page);
  await page.waitForSelector(".yasr .select_" + plugin);
  const started = Date.now();
  await page.click(".yasr .select_" + plugin);
  await page.waitForSelector(".nkkg-" + plugin);
  return Date.now() - started;
}

test("the network view draws one node per IRI and one edge per pair", async () => {
  const page = await open();
  const q = await named("arms-suppliers");
  const ms = await view(page, q.text, "network");
  await page.waitForFunction(() => document.querySelector(".nkkg-network-canvas")?.cy);
  const drawn = await page.evaluate(() => {
    const cy = document.querySelector(".nkkg-network-canvas").cy;
    return { nodes: cy.nodes().map((n) => n.id()).sort(), edges: cy.edges().length };
  });
  const rows = (await sparql(q.text)).results.bindings;
  const nodes = new Set(rows.flatMap((r) => [r.recipient.value, r.supplier.value]));
  const pairs = new Set(rows.map((r) => r.recipient.value + " " + r.supplier.value));
  assert.deepEqual(drawn.nodes, [...nodes].sort());
  assert.equal(drawn.edges, pairs.size);
  console.log(`editor: network view of ${nodes.size} nodes drawn in ${ms} ms`);
  await page.$eval(".yasr", (e) => e.scrollIntoView());
  await screenshot(page, { path: SHOTS + "/editor-network.png" });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("the map view puts one marker per position where the coordinates say", async () => {
  const page = await open();
  const query = `PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?place ?placeLabel ?lat ?long WHERE { ?place geo:lat ?lat ; geo:long ?long ; rdfs:label ?placeLabel } ORDER BY ?placeLabel`;
  await view(page, query, "map");
  await page.waitForSelector(".nkkg-map .country");
  const rows = (await sparql(query)).results.bindings;
  const positions = new Set(rows.map((r) => Number(r.lat.value) + "," + Number(r.long.value)));
  assert.ok(positions.size >= 50, "the bundled places with coordinates are shown");
  const markers = await page.$$eval(".nkkg-map circle.marker", (cs) => cs.map((c) => ({ lat: +c.dataset.lat, long: +c.dataset.long, x: +c.getAttribute("cx"), y: +c.getAttribute("cy"), href: c.parentNode.getAttribute("href") })));
  assert.equal(markers.length, positions.size);
  // North is up and east is right: Shusha lies south of Stepanakert, Baku east of Yerevan.
  // (A marker stands for every place at its position, e.g. a town and the region whose
  // centre it is: find it by the place's coordinates.)
  const at = (href) => {
    const row = rows.find((r) => r.place.value.endsWith(href.slice("/id".length)));
    return markers.find((m) => m.lat === Number(row.lat.value) && m.long === Number(row.long.value));
  };
  assert.ok(at("/id/Shusha").y > at("/id/Stepanakert").y, JSON.stringify(markers));
  assert.ok(at("/id/Baku").x > at("/id/Yerevan").x, JSON.stringify(markers));
  await page.$eval(".yasr", (e) => e.scrollIntoView());
  await screenshot(page, { path: SHOTS + "/editor-map.png" });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("the timeline view lists one item per dated row, in date order", async () => {
  const page = await open();
  const q = await named("events-timeline");
  await view(page, q.text, "timeline");
  const rows = (await sparql(q.text)).results.bindings.filter((r) => r.date);
  const items = await page.$$eval(".nkkg-timeline li.timeline-item", (lis) => lis.map((li) => [li.querySelector("time").textContent, li.querySelector("a,span").textContent]));
  assert.equal(items.length, rows.length);
  const bars = await page.$$eval(".nkkg-timeline-svg rect.item", (r) => r.length);
  assert.ok(bars > 0 && bars <= rows.length, String(bars));
  const years = items.map((i) => Number(i[0].slice(0, 4)));
  assert.deepEqual(years, [...years].sort((a, b) => a - b));
  assert.deepEqual(new Set(items.map((i) => i[1])), new Set(rows.map((r) => r.eventLabel.value)));
  await page.$eval(".yasr", (e) => e.scrollIntoView());
  await screenshot(page, { path: SHOTS + "/editor-timeline.png" });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("the editor fits a 390 px window", async () => {
  const page = await open(390, 844);
  await page.goto(base + "/");
  await ready(page);
  await page.click('button.named[data-name="arms-suppliers"]');
  await tableRows(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow} px wider than the window`);
  const editor = await page.$eval(".tabPanel.active .yasqe .CodeMirror", (e) => e.getBoundingClientRect().width);
  assert.ok(editor > 300 && editor <= 390, String(editor));
  await screenshot(page, { path: SHOTS + "/editor-phone.png", fullPage: false });
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("the editor's policy blocks inline script and script from elsewhere", async () => {
  const page = await open();
  await page.goto(base + "/");
  await ready(page);
  const blocked = await page.evaluate(async () => {
    const violations = [];
    document.addEventListener("securitypolicyviolation", (e) => violations.push([e.violatedDirective, e.blockedURI]));
    const inline = document.createElement("script");
    inline.textContent = "window.injected = true";
    document.body.append(inline);
    const foreign = document.createElement("script");
    foreign.src = "https://cdn.invalid/x.js";
    document.body.append(foreign);
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { injected: window.injected === true, violations };
  });
  assert.deepEqual(blocked, { injected: false, violations: [["script-src-elem", "inline"], ["script-src-elem", "https://cdn.invalid/x.js"]] });
  blockedByPolicy.push("https://cdn.invalid/x.js");
  await page.close();
});

test("no request left the server's origin", () => {
  assert.ok(requested.length > 10, String(requested.length));
  const elsewhere = requested.filter((u) => !u.startsWith(base + "/") && !blockedByPolicy.includes(u));
  assert.deepEqual(elsewhere, []);
  // The only one attempted is the policy test's, which the policy stopped.
  assert.deepEqual(blockedByPolicy, ["https://cdn.invalid/x.js"]);
});
