// Headless Chromium drives the review page: a small document is ingested into a new store,
// the page (with the /update token) lists its candidates with the parties marked, one is
// accepted, then one whose giver is a proposed entity (accepted with it); another proposed
// entity is accepted on its own from the page's list of proposed entities (with its label
// edited), a second decision on it is answered with a conflict, its candidate is accepted,
// and the named query who-supported-whom then shows all three with their source.
// Screenshots go to $SCREENSHOTS (default: ../../target/screenshots).
//
// Run: NKKG=path/to/nkkg node --test review.test.mjs   (needs Debian's chromium)

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NKKG, SHOTS, serve, launch, screenshot } from "./harness.mjs";

const TOKEN = "browser-review-token-0123456789";
const DOCUMENT = "Allies\n\nRussia supported Armenia diplomatically.\n\nIran sold weapons to Armenia.\n\nThe Kestrel Relief Foundation backed Armenia in 2021.\n\nGeneral Oleg Marwick supported Armenia diplomatically.\n";
const DOC_ID = "doc-" + createHash("sha256").update(DOCUMENT).digest("hex").slice(0, 16);
let dir, server, base, browser;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), "nkkg-review-"));
  writeFileSync(join(dir, "allies.txt"), DOCUMENT);
  writeFileSync(join(dir, "token"), TOKEN);
  const ingest = spawnSync(NKKG, ["--store", join(dir, "store"), "ingest", join(dir, "allies.txt")], { encoding: "utf8" });
  assert.equal(ingest.status, 0, ingest.stderr);
  ({ server, base } = await serve([], ["--store", join(dir, "store"), "--allow-update", "--token-file", join(dir, "token")]));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("a reviewer accepts candidates and a proposed entity on the review page and sees them in a query", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(base + "/review");
  await page.fill("#token", "not-the-token-0123456789");
  await page.fill("#reviewer", "alice");
  await page.click("#load");
  await page.waitForFunction(() => document.querySelector("#review-status").textContent.includes("bearer token"));

  await page.fill("#token", TOKEN);
  await page.click("#load");
  await page.waitForSelector("#pending tbody tr");
  const row = page.locator("#pending tbody tr", { hasText: "support: Russia → Armenia" });
  assert.equal(await row.locator("mark.giver").textContent(), "Russia");
  assert.equal(await row.locator("mark.receiver").textContent(), "Armenia");
  await screenshot(page, { path: SHOTS + "/review.png", fullPage: false });
  const before = await page.locator("#pending tbody tr").count();
  await row.locator("button.accept").click();
  await page.waitForFunction(() => /accept → nke:/.test(document.querySelector("#review-status").textContent));
  assert.equal(await page.locator("#pending tbody tr").count(), before - 1);

  // A giver the graph does not know is shown as proposed, and accepted with the candidate.
  const proposed = page.locator("#pending tbody tr", { hasText: "support: proposed: Kestrel Relief Foundation (NonGovernmentalOrganisation) → Armenia" });
  assert.equal(await proposed.locator("mark.giver").textContent(), "Kestrel Relief Foundation");
  await page.check("#accept-entity");
  await proposed.locator("button.accept").click();
  await page.waitForFunction(() => /accepted entity nke:KestrelReliefFoundation/.test(document.querySelector("#review-status").textContent));
  assert.equal(await page.locator("#pending tbody tr").count(), before - 2);

  // A proposed entity on its own: its row in the list of proposed entities, edited and
  // accepted; its candidate then names an actor and is accepted without the checkbox.
  await page.uncheck("#accept-entity");
  const entity = page.locator("#entities tbody tr", { hasText: "nke:OlegMarwick" });
  assert.equal(await page.locator("#entities tbody tr").count(), 1, "Kestrel Relief Foundation was accepted with its candidate");
  assert.equal(await entity.locator("td").nth(2).textContent(), "nk:Person");
  await entity.locator("button.edit").click();
  await entity.locator('input[name="label"]').fill("Oleg Marwick (general)");
  await screenshot(page, { path: SHOTS + "/review-entities.png", fullPage: true });
  await entity.locator("button.edit").click();
  await page.waitForFunction(() => /accepted entity nke:OlegMarwick/.test(document.querySelector("#review-status").textContent));
  assert.equal(await page.locator("#entities tbody tr").count(), 0);
  assert.equal(await page.isHidden("#entities-section"), true);
  // a second reviewer deciding the same entity is told who decided it, and nothing is written
  const second = await page.evaluate(async (token) => {
    const r = await fetch("/api/review/decide", { method: "POST", headers: { Authorization: "Bearer " + token, "Content-Type": "application/json" }, body: JSON.stringify({ entity: "nke:OlegMarwick", verdict: "reject", reviewer: "bob" }) });
    return [r.status, await r.text()];
  }, TOKEN);
  assert.equal(second[0], 409);
  assert.match(second[1], /already accepted by alice at .*nothing was written/);
  const general = page.locator("#pending tbody tr", { hasText: "support: Oleg Marwick (general) → Armenia" });
  await general.locator("button.accept").click();
  await page.waitForFunction(() => /: accept → nke:.*candidate/.test(document.querySelector("#review-status").textContent) && !/proposed/.test(document.querySelector("#pending").textContent));
  assert.equal(await page.locator("#pending tbody tr").count(), before - 3);

  // The accepted facts show in the editor's answer to the named query who-supported-whom.
  await page.goto(base + "/");
  await page.waitForSelector("body[data-ready]");
  await page.click('button.named[data-name="who-supported-whom"]');
  await page.waitForSelector(".yasr table.dataTable tbody tr td");
  const bindings = await page.evaluate(() => yasgui.getTab().getYasr().results.getBindings());
  const ours = bindings.filter((b) => (b.source?.value || "").split(" ").includes(DOC_ID));
  assert.deepEqual(ours.map((b) => [b.supporterLabel.value, b.recipientLabel.value]).sort(), [["Kestrel Relief Foundation", "Armenia"], ["Oleg Marwick (general)", "Armenia"], ["Russia", "Armenia"]]);
  await page.close();
});
