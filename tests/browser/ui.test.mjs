// Headless Chromium drives the nkkg web UI: loads the editor at /, runs a named query,
// follows a result link to an entity page, and checks what the pages show (the editor's own
// tests are in editor.test.mjs). Screenshots go to $SCREENSHOTS
// (default: ../../target/screenshots).
//
// Run: NKKG=path/to/nkkg node --test ui.test.mjs   (needs Debian's chromium)

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { NKKG, SHOTS, serve, launch, screenshot } from "./harness.mjs";

let server, base, browser;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ({ server, base } = await serve([], []));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill();
});

test("a named query runs in the editor and its rows link to entity pages", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(base + "/");
  await page.waitForSelector("body[data-ready]");
  await page.click('button.named[data-name="arms-suppliers"]');
  await page.waitForSelector(".yasr table.dataTable tbody tr td");
  const header = await page.$$eval(".yasr table.dataTable thead th", (ths) => ths.slice(1).map((t) => t.textContent.trim()));
  assert.deepEqual(header, ["recipient", "recipientLabel", "supplier", "supplierLabel", "categories"]);
  const rows = await page.$$eval(".yasr table.dataTable tbody tr", (trs) => trs.map((tr) => [...tr.children].slice(1).map((td) => td.textContent.trim())));
  assert.ok(rows.some((r) => r[1] === "Azerbaijan" && r[3] === "Israel"), JSON.stringify(rows));
  assert.match(await page.textContent(".tabPanel.active .yasr_response_chip"), /^\d+ results? in [\d.]+ seconds?$/);
  // YASR's download button: the results as CSV, made in the page.
  assert.ok(await page.isVisible(".tabPanel.active .yasr_downloadIcon"));
  await screenshot(page, { path: SHOTS + "/ui-query.png", fullPage: false });

  await page.click('.yasr table.dataTable tbody a.iri:text-is("nke:Israel")');
  await page.waitForSelector("h1");
  assert.equal(await page.textContent("h1"), "Israel");
  const sections = await page.$$eval("section h2", (hs) => hs.map((h) => h.textContent));
  assert.ok(sections.some((s) => s.startsWith("Supplies sent")), JSON.stringify(sections));
  const supplied = await page.$$eval("table.supply tr td:first-child a", (as) => as.map((a) => a.textContent));
  assert.ok(supplied.includes("Azerbaijan"), JSON.stringify(supplied));
  await screenshot(page, { path: SHOTS + "/ui-entity.png", fullPage: false });
  await page.close();
});

test("the search box finds other names and the network picture links to pages", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(base + "/");
  await page.waitForSelector("body[data-ready]");
  await page.fill("#search", "Khankendi");
  await page.waitForSelector("#search-results li a");
  assert.equal(await page.textContent("#search-results li a"), "Stepanakert");
  await page.goto(base + "/network.svg");
  const nodes = await page.$$eval("svg g.nodes a", (as) => as.map((a) => a.getAttribute("href")));
  assert.ok(nodes.includes("/id/Turkey"), JSON.stringify(nodes.slice(0, 10)));
  await screenshot(page, { path: SHOTS + "/network.png", fullPage: false });
  await page.close();
});
