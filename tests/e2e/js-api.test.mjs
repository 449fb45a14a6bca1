// The JS API (dist/pkg/stsplay.js): the documented example page works from a sub-path, and the
// TypeScript declarations promise `check(...): Verdict`.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { launchChromium, ROOT, SUB_PATH, STEPS } from "./playground-page.mjs";
import { startServer, DIST } from "./server.mjs";

const EXAMPLE = path.join(ROOT, "www", "example-js-api.html");

describe("JS API", { timeout: 60_000 }, () => {
  let server, browser;
  before(async () => {
    server = await startServer({ subPath: SUB_PATH, extra: { "example-js-api.html": EXAMPLE } });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("www/example-js-api.html shows the verdict of its embedded scenario", async () => {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    const requests = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(server.baseURL + "example-js-api.html");
    const out = page.locator("[data-testid=js-api-verdict]");
    await page.waitForFunction(() => document.querySelector("[data-testid=js-api-verdict]")?.dataset.outcome);

    const embedded = JSON.parse(await page.locator("#scenario").textContent());
    const { outcome, code, failed_step } = embedded.expect;
    assert.deepEqual(await out.evaluate(({ dataset: d }) => ({ outcome: d.outcome, code: d.code, failedStep: d.failedStep })), { outcome, code, failedStep: failed_step });
    assert.match(await page.locator("#aws-error").innerText(), new RegExp(`\\(${code}\\).*${embedded.expect.message}`));
    assert.match(await page.locator("#why").innerText(), /^Why: \S/);
    assert.deepEqual(
      await page.$$eval("#steps li", (lis) => lis.map((li) => li.dataset.step)),
      STEPS,
      "all nine steps, in order",
    );
    assert.deepEqual(requests.filter((u) => !u.startsWith(server.baseURL)), [], "everything from the sub-path");
    assert.ok(requests.some((u) => u.endsWith("/pkg/stsplay_bg.wasm")), "init() fetched ./pkg/stsplay_bg.wasm");

    // The same module, called directly: a scenario as JSON text works, an unusable one throws with its path.
    const direct = await page.evaluate(async (text) => {
      const { default: init, check } = await import("./pkg/stsplay.js");
      await init();
      const fromText = check(text).outcome;
      let thrown;
      try {
        const scenario = JSON.parse(text);
        check({ ...scenario, request: { ...scenario.request, DurationSeconds: "soon" } });
      } catch (e) {
        thrown = e instanceof Error ? e.message : String(e);
      }
      return { fromText, thrown };
    }, JSON.stringify(embedded));
    assert.equal(direct.fromText, outcome);
    assert.match(direct.thrown ?? "", /`\/request\/DurationSeconds`: expected an integer/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it("pkg/stsplay.d.ts declares check(...) returning Verdict", () => {
    const dts = readFileSync(path.join(DIST, "pkg", "stsplay.d.ts"), "utf8");
    assert.match(dts, /export function check\(scenario: Scenario \| string\): Verdict;/);
    assert.match(dts, /export interface Verdict \{[^}]*outcome: "accepted" \| "rejected";/);
    assert.match(dts, /export default function __wbg_init/);
  });

  it("pkg/ carries both licence texts and a package.json at Cargo.toml's version", () => {
    const pkg = JSON.parse(readFileSync(path.join(DIST, "pkg", "package.json"), "utf8"));
    const cargo = readFileSync(path.join(ROOT, "Cargo.toml"), "utf8");
    const version = cargo.match(/^\[package\][^[]*?^version = "([^"]+)"/m)?.[1];
    assert.ok(version, "Cargo.toml has a [package] version");
    assert.equal(pkg.version, version);
    assert.equal(pkg.license, "MIT OR Apache-2.0");
    for (const name of ["LICENSE-MIT", "LICENSE-APACHE"]) {
      assert.equal(readFileSync(path.join(DIST, "pkg", name), "utf8"), readFileSync(path.join(ROOT, name), "utf8"));
      assert.ok(pkg.files.includes(name), `package.json's files lists ${name}`);
    }
  });
});
