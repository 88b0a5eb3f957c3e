// What every browser test file starts from: an `nkkg serve` child on a free loopback
// port, and Debian's headless Chromium with the flags that keep it off the network.

import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";

/** The nkkg binary under test ($NKKG) and where screenshots go ($SCREENSHOTS). */
export const NKKG = process.env.NKKG || "../../target/release/nkkg";
export const SHOTS = process.env.SCREENSHOTS || "../../target/screenshots";

/**
 * Starts `nkkg ...args serve --bind 127.0.0.1:0 ...serveArgs` and resolves to the child and
 * its base URL (read from the first line it prints).
 */
export async function serve(args = [], serveArgs = []) {
  const server = spawn(NKKG, [...args, "serve", "--bind", "127.0.0.1:0", ...serveArgs], { stdio: ["ignore", "pipe", "ignore"] });
  const line = await new Promise((resolve) => createInterface({ input: server.stdout }).once("line", resolve));
  return { server, base: "http://" + line.split("http://")[1].split("/")[0] };
}

/** Headless Chromium ($CHROMIUM, default Debian's), with no background networking. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/**
 * A screenshot with the corpus's own words blurred: span texts (`blockquote.span`, shown
 * when the server has `--sources`) stay out of the pictures committed to docs/, since the
 * documents' sentences go nowhere in the project.
 */
export async function screenshot(page, options) {
  await page.$$eval("blockquote.span", (quotes) => quotes.forEach((q) => (q.style.filter = "blur(4px)")));
  await page.screenshot(options);
  await page.$$eval("blockquote.span", (quotes) => quotes.forEach((q) => (q.style.filter = "")));
}
