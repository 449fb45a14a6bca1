// Embedding in documentation: dist/embed.js on a host page of another origin turns each stsplay
// block into an iframe of the playground, sized to its content by the embed's messages (only the
// playground's own are accepted), light or dark as the host page is, also when the host switches.
// The host pages are the examples in examples/docs/, as a docs author would publish them.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { launchChromium, ROOT, SUB_PATH } from "./playground-page.mjs";
import { startServer } from "./server.mjs";

describe("embedding in documentation", { timeout: 120_000 }, () => {
  let playground, host, browser, pages;
  before(async () => {
    playground = await startServer({ subPath: SUB_PATH });
    // The examples, pointed at this playground (their script names a placeholder host).
    pages = mkdtempSync(path.join(tmpdir(), "stsplay-docs-"));
    for (const name of ["plain.html", "mkdocs.html"]) {
      const html = readFileSync(path.join(ROOT, "examples", "docs", name), "utf8");
      assert.ok(html.includes("https://YOUR-HOST/stsplay/embed.js"), name);
      writeFileSync(path.join(pages, name), html.replace("https://YOUR-HOST/stsplay/embed.js", `${playground.baseURL}embed.js`));
    }
    host = await startServer({ root: pages, subPath: "/docs/" });
    assert.notEqual(new URL(host.baseURL).origin, new URL(playground.baseURL).origin, "another origin");
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await playground?.close();
    await host?.close();
    rmSync(pages, { recursive: true, force: true });
  });

  async function open(name) {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(host.baseURL + name);
    return { page, errors };
  }

  const verdict = (frame) => frame.locator("[data-testid=verdict]");

  it("plain HTML: each block becomes one iframe of its preset or scenario, sized to its content", async () => {
    const { page, errors } = await open("plain.html");
    const iframes = page.locator("iframe.stsplay-embed");
    await page.waitForFunction(() => document.querySelectorAll("iframe.stsplay-embed").length === 2);
    assert.equal(await page.locator("pre.stsplay").count(), 0, "the blocks are replaced");
    const [first, second] = await iframes.evaluateAll((els) => els.map((e) => ({ src: e.src, title: e.title })));
    assert.equal(first.src, `${playground.baseURL}#embed&frame=stsplay-1&theme=light&preset=github-pull-request-rejected&autoplay`);
    assert.match(second.src, /#embed&frame=stsplay-2&theme=light&s=\d+\.\d+\.\d+~[A-Za-z0-9_-]+&step=3$/);
    assert.equal(second.title, "A session name STS refuses");

    const one = page.frameLocator("iframe.stsplay-embed >> nth=0");
    const two = page.frameLocator("iframe.stsplay-embed >> nth=1");
    await verdict(one).waitFor();
    assert.equal(await verdict(one).getAttribute("data-outcome"), "rejected");
    assert.equal(await verdict(one).getAttribute("data-code"), "AccessDenied");
    // The iframes load lazily, as a reader scrolls to them.
    await iframes.nth(1).scrollIntoViewIfNeeded();
    await verdict(two).waitFor();
    assert.equal(await verdict(two).getAttribute("data-code"), "ValidationError", "the block's own scenario");

    // Each iframe takes its embed's height (the starting 640 px is replaced).
    for (const [index, frame] of [one, two].entries()) {
      const iframe = iframes.nth(index);
      await page.waitForFunction((i) => document.querySelectorAll("iframe.stsplay-embed")[i].style.height !== "640px", index);
      const height = await iframe.evaluate((e) => parseFloat(e.style.height));
      const content = await frame.locator("body").evaluate((body) => body.offsetHeight);
      assert.ok(Math.abs(height - content) <= 2, `frame ${index}: ${height} px for ${content} px of content`);
    }

    // A size message from anyone else (here, the host page itself) is ignored.
    const before = await iframes.nth(0).evaluate((e) => e.style.height);
    await page.evaluate(() => window.postMessage({ type: "stsplay:size", frame: "stsplay-1", height: 10 }, "*"));
    await page.waitForTimeout(200);
    assert.equal(await iframes.nth(0).evaluate((e) => e.style.height), before);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("MkDocs' fenced block on a dark page: a dark embed, which follows the host to light", async () => {
    const { page, errors } = await open("mkdocs.html");
    await page.waitForFunction(() => document.querySelectorAll("iframe.stsplay-embed").length === 1);
    const iframe = page.locator("iframe.stsplay-embed");
    assert.equal(await iframe.getAttribute("src"), `${playground.baseURL}#embed&frame=stsplay-1&theme=dark&preset=github-tag`);
    const frame = page.frameLocator("iframe.stsplay-embed");
    await verdict(frame).waitFor();
    assert.equal(await verdict(frame).getAttribute("data-outcome"), "accepted");
    const scheme = () => frame.locator("html").evaluate((html) => ({ theme: html.dataset.theme, bg: getComputedStyle(html).getPropertyValue("--bg").trim() }));
    assert.deepEqual(await scheme(), { theme: "dark", bg: "#0d1014" });
    // The host switches to a light background: the embed follows.
    await page.evaluate(() => (document.body.style.background = "#ffffff"));
    await frame.locator("html[data-theme=light]").waitFor();
    assert.deepEqual(await scheme(), { theme: "light", bg: "#f6f7f8" });
    assert.deepEqual(errors, []);
    await page.close();
  });
});
