// Opens portal pages in headless Chromium (Debian's package) with playwright-core, reads
// their visible text, takes full-page screenshots and runs axe-core in the page.
// Usage: node e2e.mjs CHROMIUM SITE_DIR SCREENSHOT_DIR AXE_JS PAGE...
// Prints one JSON array with a result per page.
import { chromium } from "playwright-core";
import fs from "node:fs";

const [exe, site, shots, axePath, ...pages] = process.argv.slice(2);
const axeSource = fs.readFileSync(axePath, "utf8");
const browser = await chromium.launch({ executablePath: exe, args: ["--no-sandbox"] });
// As published: the page's own Content-Security-Policy applies.
const strict = await browser.newContext({ viewport: { width: 1280, height: 900 } });
// For axe only: its script must be injected, which the page's policy forbids.
const audit = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
const results = [];
for (const rel of pages) {
  const url = "file://" + site + "/" + rel;
  const page = await strict.newPage();
  const requests = [];
  const console_errors = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("console", (m) => { if (m.type() === "error") console_errors.push(m.text()); });
  await page.goto(url, { waitUntil: "load" });
  const text = await page.evaluate(() => document.body.innerText);
  const styled = await page.evaluate(() => getComputedStyle(document.querySelector("main")).display !== "" &&
    getComputedStyle(document.body).maxWidth !== "none");
  const lang = await page.evaluate(() => document.documentElement.lang);
  const name = rel.replace(/[^A-Za-z0-9]+/g, "_");
  const screenshot = `${shots}/${name}.png`;
  await page.screenshot({ path: screenshot, fullPage: true });
  await page.close();
  const a = await audit.newPage();
  await a.goto(url, { waitUntil: "load" });
  await a.addScriptTag({ content: axeSource });
  const report = await a.evaluate(async () => await axe.run(document, { resultTypes: ["violations"] }));
  await a.close();
  results.push({
    page: rel,
    lang,
    styled,
    text,
    requests,
    console_errors,
    screenshot,
    violations: report.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    })),
  });
}
await browser.close();
console.log(JSON.stringify(results));
