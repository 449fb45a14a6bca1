// The engine as an npm package (dist/pkg), the way its users install it, offline: `npm pack`
// the package, install the tarball into a scratch project, then check a scenario from Node, from
// a browser through a bundler (esbuild), and (js-api.test.mjs) from a browser without one.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync, copyFileSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { launchChromium, loadPresets, ROOT } from "./playground-page.mjs";
import { startServer, DIST } from "./server.mjs";

const CARGO_VERSION = readFileSync(path.join(ROOT, "Cargo.toml"), "utf8").match(/^version = "([^"]+)"/m)[1];

describe("npm package", { timeout: 120_000 }, () => {
  let scratch, project;
  const preset = loadPresets().find((p) => p.id === "github-pull-request-rejected").doc;

  before(() => {
    scratch = mkdtempSync(path.join(tmpdir(), "stsplay-npm-"));
    project = path.join(scratch, "project");
    mkdirSync(project);
    writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "scratch", private: true, type: "module" }));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it("packs with its files and installs from the tarball, offline", () => {
    const [packed] = JSON.parse(
      execFileSync("npm", ["pack", "--json", "--pack-destination", scratch, path.join(DIST, "pkg")], { encoding: "utf8" }),
    );
    assert.equal(packed.name, "stsplay");
    assert.equal(packed.version, CARGO_VERSION, "the crate's version");
    const files = packed.files.map((f) => f.path).sort();
    assert.deepEqual(files, [
      "LICENSE-APACHE", "LICENSE-MIT", "node.js", "package.json", "stsplay.d.ts", "stsplay.js", "stsplay_bg.wasm", "stsplay_bg.wasm.d.ts",
    ]);
    execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error", path.join(scratch, packed.filename)], {
      cwd: project,
    });
    const installed = JSON.parse(readFileSync(path.join(project, "node_modules", "stsplay", "package.json"), "utf8"));
    assert.deepEqual(installed.exports["."], { types: "./stsplay.d.ts", node: "./node.js", default: "./stsplay.js" });
  });

  it("from Node: `import { check } from \"stsplay\"` is ready to use, the wasm read from disk", () => {
    writeFileSync(
      path.join(project, "check.js"),
      `import { check, version } from "stsplay";
       const scenario = JSON.parse(process.argv[2]);
       const verdict = check(scenario);
       console.log(JSON.stringify({ version: version(), outcome: verdict.outcome, code: verdict.error?.Code, failed: verdict.failed_step }));`,
    );
    const out = JSON.parse(execFileSync("node", ["check.js", JSON.stringify(preset)], { cwd: project, encoding: "utf8" }));
    assert.deepEqual(out, {
      version: CARGO_VERSION,
      outcome: preset.expect.outcome,
      code: preset.expect.code,
      failed: preset.expect.failed_step,
    });
  });

  it("in a browser through a bundler (esbuild), with the wasm copied next to the bundle", async () => {
    const app = path.join(project, "app.js");
    writeFileSync(
      app,
      `import init, { check } from "stsplay";
       await init();
       const verdict = check(document.getElementById("scenario").textContent);
       document.body.dataset.outcome = verdict.outcome;
       document.body.dataset.code = verdict.error?.Code ?? "";`,
    );
    const out = path.join(project, "out");
    execFileSync(
      path.join(ROOT, "node_modules", ".bin", "esbuild"),
      [app, "--bundle", "--format=esm", "--platform=browser", `--outdir=${out}`, "--log-level=error"],
      { cwd: project },
    );
    // esbuild leaves `new URL("stsplay_bg.wasm", import.meta.url)` as it is: the wasm goes next
    // to the bundle (README, "The engine as a JavaScript module").
    copyFileSync(path.join(project, "node_modules", "stsplay", "stsplay_bg.wasm"), path.join(out, "stsplay_bg.wasm"));
    const bundle = readFileSync(path.join(out, "app.js"), "utf8");
    assert.ok(!bundle.includes("node:fs"), "the browser bundle does not take the Node entry");
    writeFileSync(
      path.join(out, "index.html"),
      `<!doctype html><script id="scenario" type="application/json">${JSON.stringify(preset)}</script><script type="module" src="app.js"></script>`,
    );
    const server = await startServer({ root: out, subPath: "/docs/" });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(server.baseURL);
      await page.waitForFunction(() => document.body.dataset.outcome);
      assert.deepEqual(await page.evaluate(() => ({ ...document.body.dataset })), {
        outcome: preset.expect.outcome,
        code: preset.expect.code,
      });
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
