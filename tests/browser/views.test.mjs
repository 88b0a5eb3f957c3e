// Headless Chromium drives the network, map and timeline views and the small views of
// entity pages, and checks what they show against SPARQL run through /sparql and against
// the command line. Screenshots (1280×800 and 390 px wide) go to $SCREENSHOTS (default:
// ../../target/screenshots). No request may leave the server's origin.
//
// The server serves the bundled graph, with --sources ../../../shared/seeds when the corpus
// is there (evidence texts).
//
// Run: NKKG=path/to/nkkg node --test views.test.mjs   (needs Debian's chromium)

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { NKKG, SHOTS, serve, launch, screenshot } from "./harness.mjs";

const SOURCES = "../../../shared/seeds";
const NKE = "https://w3id.org/nkkg/id/";
let server, base, browser;
const offOrigin = [];
const timings = {};

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const sources = existsSync(SOURCES) ? ["--sources", SOURCES] : [];
  ({ server, base } = await serve([], sources));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill();
  await new Promise((resolve) => (server && server.exitCode === null ? server.once("exit", resolve) : resolve()));
  console.log(`# first view interactive (ms after navigation start, loopback): ${JSON.stringify(timings)}`);
});

/** A new page whose every request is recorded; requests off the server's origin are collected. */
async function open(path, viewport = { width: 1280, height: 800 }, record = true) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  page.on("request", (r) => {
    if (!record) return;
    const url = r.url();
    if (!(url.startsWith(base + "/") || url.startsWith("blob:" + base + "/") || url.startsWith("data:"))) offOrigin.push(url);
  });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(base + path);
  await page.waitForFunction(() => document.body.dataset.ready, null, { timeout: 20000 }).catch((e) => {
    throw new Error(`${path} did not get ready (script errors: ${JSON.stringify(errors)}): ${e.message}`);
  });
  assert.deepEqual(errors, [], `script errors on ${path}`);
  return { page, context, ready: Number(await page.evaluate(() => document.body.dataset.ready)) };
}

/** SELECT through /sparql, as rows of plain values. */
async function select(query) {
  const response = await fetch(base + "/sparql", { method: "POST", headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json" }, body: query });
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()).results.bindings.map((b) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.value])));
}

/** Sets the network's filters: only these values checked in each fieldset, and the years. */
async function filterNetwork(page, kinds, polarities, from, to) {
  await page.evaluate(
    ({ kinds, polarities, from, to }) => {
      for (const [set, values] of [["f-kind", kinds], ["f-polarity", polarities]]) {
        for (const input of document.querySelectorAll(`#${set} input`)) {
          input.checked = values.includes(input.value);
          input.dispatchEvent(new Event("change"));
        }
      }
      for (const [id, v] of [["year-from", from], ["year-to", to]]) {
        const input = document.getElementById(id);
        input.value = v;
        input.dispatchEvent(new Event("input"));
      }
    },
    { kinds, polarities, from, to },
  );
}

/** Where an element of the cytoscape graph is on the screen. */
async function screenPoint(page, selector) {
  return page.evaluate((selector) => {
    const { cy } = window.nkNetwork;
    const el = cy.$(selector)[0];
    const p = el.isNode() ? el.renderedPosition() : el.renderedMidpoint();
    const box = cy.container().getBoundingClientRect();
    return { x: box.left + p.x, y: box.top + p.y, id: el.id() };
  }, selector);
}

test("the network filtered to military support in 1992–1994 has the actors and edges SPARQL finds", async () => {
  const { page, context, ready } = await open("/network");
  timings.network = ready;
  await filterNetwork(page, ["support:military support"], ["support:given"], 1992, 1994);
  const shown = await page.evaluate(() => ({ nodes: window.nkNetwork.cy.nodes().length, edges: window.nkNetwork.cy.edges().length }));
  // The same selection written independently: given support whose type is (under)
  // nkv:MilitarySupport, dated, with its years reaching into 1992–1994.
  const rows = await select(`SELECT DISTINCT ?s ?t WHERE {
    ?x a nk:Support ; nk:supporter ?s ; nk:recipient ?t ; nk:polarity nkv:Given ; nk:supportType/skos:broader* nkv:MilitarySupport .
    OPTIONAL { ?x nk:date|nk:startDate ?d1 } OPTIONAL { ?x nk:date|nk:endDate ?d2 }
    BIND(xsd:integer(SUBSTR(STR(?d1), 1, 4)) AS ?y1) BIND(xsd:integer(SUBSTR(STR(COALESCE(?d2, ?d1)), 1, 4)) AS ?y2)
    FILTER(BOUND(?y1) && ?y2 >= 1992 && ?y1 <= 1994) }`);
  const actors = new Set(rows.flatMap((r) => [r.s, r.t]));
  assert.ok(rows.length > 5, `expected some military support in 1992–1994, got ${rows.length}`);
  assert.deepEqual(shown, { nodes: actors.size, edges: rows.length });
  assert.equal(await page.textContent("#status"), `${actors.size} actors, ${rows.length} edges (1992–1994)`);
  // Armenia's side is left of Azerbaijan's.
  const [am, az] = [await screenPoint(page, `node[id = "${NKE}Armenia"]`), await screenPoint(page, `node[id = "${NKE}Azerbaijan"]`)];
  assert.ok(am.x < az.x, JSON.stringify({ am, az }));
  await screenshot(page, { path: SHOTS + "/views-network.png" });

  // An edge's evidence: document, offsets and (with the corpus) the text.
  const edge = await screenPoint(page, "edge");
  await page.mouse.click(edge.x, edge.y);
  await page.waitForSelector("#details ul.evidence li .cite");
  const relation = await page.getAttribute("#details .relation h3 a", "href");
  const cites = await page.$$eval("#details .relation:first-of-type .cite", (cs) => cs.map((c) => c.textContent));
  const spans = await select(`SELECT ?doc ?s ?e WHERE { <${NKE}${relation.replace(/^\/id\//, "")}> nk:evidence ?ev . ?ev oa:hasSource ?doc ; oa:hasSelector ?sel . ?sel oa:start ?s ; oa:end ?e }`);
  const expected = spans.map((r) => `${r.doc.split("/").pop()} ${r.s}–${r.e}`).sort();
  assert.deepEqual([...new Set(cites)].sort(), [...new Set(expected)].sort());
  if (existsSync(SOURCES)) assert.ok((await page.$$("#details .relation:first-of-type blockquote.span")).length > 0, "evidence text with --sources");
  await screenshot(page, { path: SHOTS + "/views-network-evidence.png" });

  // Exports of the current view.
  const save = async (button) => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click(button)]);
    return readFileSync(await download.path());
  };
  const graphml = (await save("#export-graphml")).toString();
  assert.equal((graphml.match(/<node /g) || []).length, actors.size);
  assert.equal((graphml.match(/<edge /g) || []).length, rows.length);
  const svg = (await save("#export-svg")).toString();
  assert.match(svg, /^<\?xml[^>]*>\s*<svg /);
  assert.equal((svg.match(/<circle /g) || []).length, actors.size);
  const png = await save("#export-png");
  assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);

  // A click on an actor opens its page.
  const node = await screenPoint(page, `node[id = "${NKE}Armenia"]`);
  await Promise.all([page.waitForURL(/\/id\/Armenia$/), page.mouse.click(node.x, node.y)]);
  assert.equal(await page.textContent("h1"), "Armenia");
  await context.close();
});

test("the map puts Shusha at its projected position, inside Nagorno-Karabakh's shading", async () => {
  const { page, context, ready } = await open("/map");
  timings.map = ready;
  const found = await page.evaluate(() => {
    const svg = document.getElementById("map");
    const g = document.querySelector('g.place[data-iri$="/Shusha"]');
    const c = g.querySelector("circle").getBoundingClientRect();
    return { scale: +svg.dataset.scale, tx: +svg.dataset.tx, ty: +svg.dataset.ty, box: svg.getBoundingClientRect().toJSON(), view: svg.viewBox.baseVal.width, cx: c.x + c.width / 2, cy: c.y + c.height / 2, events: +g.dataset.events };
  });
  const [coords] = await select(`SELECT ?lat ?long WHERE { nke:Shusha geo:lat ?lat ; geo:long ?long }`);
  // Spherical Mercator with the page's scale and translation (d3.geoMercator, no rotation).
  const [lon, lat] = [Number(coords.long), Number(coords.lat)];
  const x = found.tx + found.scale * ((lon * Math.PI) / 180);
  const y = found.ty - found.scale * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
  const k = found.box.width / found.view;
  const [sx, sy] = [found.box.x + x * k, found.box.y + y * k];
  assert.ok(Math.abs(found.cx - sx) < 1 && Math.abs(found.cy - sy) < 1, JSON.stringify({ found, sx, sy }));
  assert.ok(found.events > 0, "events at Shusha");
  // On the screen, the point is inside the shaded Nagorno-Karabakh outline.
  const under = await page.evaluate(([x, y]) => document.elementsFromPoint(x, y).map((e) => e.getAttribute("class")), [sx, sy]);
  assert.ok(under.includes("nk"), JSON.stringify(under));
  assert.equal(await page.evaluate(([lon, lat]) => window.nkMap.inNagornoKarabakh(lon, lat), [lon, lat]), true);
  assert.equal(await page.evaluate(() => window.nkMap.inNagornoKarabakh(49.867, 40.409)), false, "Baku is outside");
  // A narrower period shows fewer events; a place's click lists its events with links.
  const all = await page.textContent("#status");
  await page.fill("#year-from", "1992");
  await page.fill("#year-to", "1992");
  await page.dispatchEvent("#year-to", "change");
  const eventsIn = (text) => Number(/(\d+) events/.exec(text)[1]);
  assert.ok(eventsIn(await page.textContent("#status")) < eventsIn(all), `${all} / ${await page.textContent("#status")}`);
  // (Dispatched: other places' names may lie over the circle, and a click there follows their link.)
  await page.locator('g.place[data-iri$="/Shusha"] circle').dispatchEvent("click");
  await page.waitForSelector("#details ol.events li a");
  await screenshot(page, { path: SHOTS + "/views-map.png" });
  await context.close();
});

test("the timeline of 1992 lists the events `nkkg timeline --from 1992 --to 1992` lists, at their precision", async () => {
  const { page, context, ready } = await open("/timeline?from=1992&to=1992");
  timings.timeline = ready;
  await page.uncheck("#show-relations");
  const shown = await page.$$eval("#items li.event", (lis) => lis.map((li) => li.dataset.iri));
  // The bundled graph, as the server serves it.
  const cli = JSON.parse(execFileSync(NKKG, ["timeline", "--from", "1992", "--to", "1992", "--format", "json"]).toString());
  assert.ok(cli.length > 10, `the CLI lists ${cli.length} events`);
  assert.deepEqual(shown.map((iri) => "nke:" + iri.slice(NKE.length)).sort(), cli.map((e) => e.event).sort());
  // A year-only date is drawn over the whole year, a day over one day.
  const widths = await page.evaluate(() => {
    const year = document.querySelector("rect.bar.year:not(.interval)");
    const day = document.querySelector("rect.bar.day:not(.interval)");
    const ticks = [...document.querySelectorAll("line.tick:not(.month)")].map((l) => +l.getAttribute("x1"));
    return { year: year && +year.getAttribute("width"), day: day && +day.getAttribute("width"), span: ticks[1] - ticks[0] };
  });
  assert.ok(widths.year && Math.abs(widths.year - widths.span) < 1, JSON.stringify(widths));
  assert.ok(widths.day && widths.day < widths.span / 50, JSON.stringify(widths));
  // An item's evidence.
  await page.click("#items li.event button");
  await page.waitForSelector("#details h2 a");
  await screenshot(page, { path: SHOTS + "/views-timeline.png" });
  await context.close();
});

test("entity pages show a local network and a small map", async () => {
  const { page, context } = await open("/id/Turkey");
  await page.waitForSelector("#mini-network:not([hidden]) canvas");
  const nodes = await page.evaluate(() => window.nkEntityNetwork.nodes().length);
  const rows = await select(`SELECT DISTINCT ?o WHERE { { ?x nk:supporter|nk:supplier nke:Turkey ; nk:recipient ?o } UNION { ?x nk:recipient nke:Turkey ; nk:supporter|nk:supplier ?o } }`);
  assert.equal(nodes, new Set(rows.map((r) => r.o)).size + 1);
  await screenshot(page, { path: SHOTS + "/views-entity-network.png" });
  await page.goto(base + "/id/Shusha");
  await page.waitForFunction(() => document.body.dataset.ready);
  await page.waitForSelector("#mini-map:not([hidden]) circle.self");
  await screenshot(page, { path: SHOTS + "/views-entity-map.png", fullPage: false });
  // Its events on the timeline: the place filter set from the link.
  await Promise.all([page.waitForURL(/\/timeline\?place=/), page.click("#mini-map a:text('Events here on the timeline')")]);
  await page.waitForFunction(() => document.body.dataset.ready);
  assert.equal(await page.inputValue("#place"), NKE + "Shusha");
  const here = await page.$$eval("#items li.event", (lis) => lis.length);
  const atShusha = await select(`SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a nk:Event ; nk:place/nk:partOf* nke:Shusha ; nk:eventType/skos:prefLabel ?t ; nk:date|nk:startDate ?d }`);
  assert.equal(here, Number(atShusha[0].n));
  await context.close();
});

test("each view fits a 390 px wide window", async () => {
  for (const path of ["/network", "/map", "/timeline", "/id/Stepanakert"]) {
    const { page, context } = await open(path, { width: 390, height: 844 });
    const { overflow, wide } = await page.evaluate(() => ({
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      wide: [...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > window.innerWidth).map((e) => `${e.tagName}.${e.getAttribute("class")}`).slice(0, 5),
    }));
    assert.ok(overflow <= 0, `${path} is ${overflow} px wider than the window: ${wide}`);
    await screenshot(page, { path: `${SHOTS}/views-phone-${path.split("/").pop()}.png`, fullPage: false });
    await context.close();
  }
});

test("the views keep the strict Content-Security-Policy", async () => {
  for (const path of ["/network", "/map", "/timeline"]) {
    const csp = (await fetch(base + path)).headers.get("content-security-policy");
    const directives = Object.fromEntries(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values.join(" ")]));
    // Scripts and connections from this server only, whatever other directives say.
    for (const kind of ["script-src", "connect-src", "img-src"]) assert.equal(directives[kind] ?? directives["default-src"], "'self'", `${path} ${kind}: ${csp}`);
    assert.equal(directives["frame-ancestors"], "'none'", csp);
  }
  // A script from elsewhere stays blocked (this page's requests are not recorded: the
  // test asks for that script on purpose).
  const { page, context } = await open("/timeline", undefined, false);
  const violations = await page.evaluate(
    () =>
      new Promise((resolve) => {
        document.addEventListener("securitypolicyviolation", (e) => resolve(e.violatedDirective));
        const s = document.createElement("script");
        s.src = "http://example.invalid/x.js";
        document.head.append(s);
        setTimeout(() => resolve(null), 2000);
      }),
  );
  assert.match(String(violations), /^script-src/);
  await context.close();
});

test("no request left the server's origin", () => {
  assert.deepEqual(offOrigin, []);
});
