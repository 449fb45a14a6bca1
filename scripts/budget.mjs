// The playground's budgets, measured. Prints figures only; a miss is reported, never a failure.
//
//   (a) first-load transfer: brotli -q 11 sizes of what the page loads (dist/index.html, the
//       playground js, wasm and css; not dist/pkg, which only the JS API uses), against 250 KB;
//   (b) cold navigation → first verdict on localhost in headless chromium, over fresh contexts;
//   (c) edit → updated verdict and diagram, over repeated edits of the default (RS256) preset
//       whose trust policy has been replaced by a 10-statement one (the matching statement last).
//
// Usage: node scripts/budget.mjs [--runs 11] [--edits 50]   (scripts/budget.sh builds dist/ first)
import { readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { startServer, DIST } from "../tests/e2e/server.mjs";
import { launchChromium, loadPresets } from "../tests/e2e/playground-page.mjs";

const BUDGET_KB = 250; // 1 KB = 1000 bytes
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg("runs", 11);
const EDITS = arg("edits", 50);

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
const ms = (x) => `${x.toFixed(1)} ms`;
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { n: s.length, min: s[0], p50: pct(s, 50), p95: pct(s, 95), max: s.at(-1) };
};

// (a) ---------------------------------------------------------------------------------------------
function transfer() {
  console.log(`Measuring ${path.relative(process.cwd(), DIST) || "."}/`);
  if (readFileSync(path.join(DIST, "index.html"), "utf8").includes("trunk/ws")) {
    console.log("    WARNING: this is a `trunk serve` development build; figures are not representative.");
  }
  console.log(`\n(a) First-load transfer, brotli -q 11 (budget ${BUDGET_KB} KB, 1 KB = 1000 B)`);
  // The page and what it imports at start: its js (and the js snippets that imports), wasm, css.
  const files = readdirSync(DIST).filter(
    (f) => f === "index.html" || /^playground-.*\.(js|wasm)$/.test(f) || /^style-.*\.css$/.test(f),
  );
  const order = (f) => ["index.html", ".js", ".wasm", ".css"].findIndex((e) => f.endsWith(e));
  files.sort((a, b) => order(a) - order(b));
  files.push(...filesUnder("snippets"));
  let raw = 0, br = 0;
  for (const f of files) {
    const [r, b] = report(f);
    raw += r;
    br += b;
  }
  const verdict = br <= BUDGET_KB * 1000 ? "within budget" : `OVER budget by ${kb(br - BUDGET_KB * 1000)}`;
  console.log(`    ${"total".padEnd(40)} ${kb(raw).padStart(10)} raw  ${kb(br).padStart(9)} br  (${((br / (BUDGET_KB * 1000)) * 100).toFixed(0)}% of ${BUDGET_KB} KB: ${verdict})`);
  // Not first load: the tools module, imported the first time a tool is opened.
  const toolsDir = readdirSync(DIST).find((f) => /^tools-[0-9a-f]+$/.test(f));
  if (toolsDir) {
    console.log(`\n    Loaded on first use of a tool (who-can, test cases, exports, token builder), not at start:`);
    let traw = 0, tbr = 0;
    for (const f of filesUnder(toolsDir)) {
      const [r, b] = report(f);
      traw += r;
      tbr += b;
    }
    console.log(`    ${"tools total".padEnd(40)} ${kb(traw).padStart(10)} raw  ${kb(tbr).padStart(9)} br`);
  }
}

/** Files under `dir` (relative to DIST), recursively. */
function filesUnder(dir) {
  return readdirSync(path.join(DIST, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(DIST, path.join(e.parentPath ?? e.path, e.name)));
}

/** Print one file's raw and brotli sizes; return them. */
function report(f) {
  const body = readFileSync(path.join(DIST, f));
  const size = zlib.brotliCompressSync(body, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_LGWIN]: 24, // the brotli CLI's default window
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  }).length;
  const name = f.length > 40 ? "…" + f.slice(-39) : f;
  console.log(`    ${name.padEnd(40)} ${kb(body.length).padStart(10)} raw  ${kb(size).padStart(9)} br`);
  return [body.length, size];
}

// (b) ---------------------------------------------------------------------------------------------
// Installed before any page script: the time (ms since navigation start) at which the verdict first
// exists in the DOM.
const FIRST_VERDICT = () => {
  const seen = () => {
    if (window.__firstVerdict === undefined && document.querySelector("[data-testid=verdict]")) {
      window.__firstVerdict = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(seen);
  observer.observe(document, { childList: true, subtree: true });
};

async function coldNavigation(browser, server) {
  console.log(`\n(b) Cold navigation → first verdict, localhost, headless chromium (${RUNS} fresh contexts, 1 warm-up discarded)`);
  const firsts = [], painted = [], dcl = [], wasmDone = [], started = [], mounted = [], complete = [];
  for (let i = 0; i <= RUNS; i++) {
    const context = await browser.newContext();
    await context.addInitScript(FIRST_VERDICT);
    const page = await context.newPage();
    await page.goto(server.baseURL);
    await page.waitForFunction(() => window.__firstVerdict !== undefined, null, { timeout: 30_000 });
    await page.waitForFunction(() => performance.getEntriesByName("stsplay:complete").length > 0, null, { timeout: 30_000 });
    await page.waitForFunction(() => performance.getEntriesByName("first-contentful-paint").length > 0, null, { timeout: 30_000 });
    const m = await page.evaluate(() => ({
      first: window.__firstVerdict,
      // The first frame with content on screen, as Chrome reports it (when the frame is presented).
      // Headless chromium rasterises in software on the same two cores, so here this lags the
      // main thread's first render by more than it would with a GPU.
      painted: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN,
      dcl: performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd,
      wasm: performance.getEntriesByType("resource").find((r) => r.name.endsWith(".wasm"))?.responseEnd ?? NaN,
      // Marks the app sets (src/web/mod.rs): Rust's main starts, and the first render is done.
      started: performance.getEntriesByName("stsplay:wasm-started")[0]?.startTime ?? NaN,
      mounted: performance.getEntriesByName("stsplay:mounted")[0]?.startTime ?? NaN,
      // The parts rendered after the first paint (src/web/components/app.rs) are in too.
      complete: performance.getEntriesByName("stsplay:complete")[0]?.startTime ?? NaN,
    }));
    await context.close();
    if (i === 0) continue;
    firsts.push(m.first);
    painted.push(m.painted);
    dcl.push(m.dcl);
    wasmDone.push(m.wasm);
    started.push(m.started);
    mounted.push(m.mounted);
    complete.push(m.complete);
  }
  const line = (label, xs) => {
    const s = stats(xs);
    console.log(`    ${label.padEnd(30)} median ${ms(s.p50).padStart(9)}  min ${ms(s.min).padStart(9)}  max ${ms(s.max).padStart(9)}`);
  };
  line("first verdict in the DOM", firsts);
  line("(first contentful paint)", painted);
  line("(wasm downloaded)", wasmDone);
  line("(DOMContentLoaded end)", dcl);
  line("(wasm compiled, app starts)", started);
  line("(first render done)", mounted);
  line("(whole page rendered)", complete);
  await mainThreadWork(browser, server);
}

// Where the app's part of a cold load goes on the page's main thread, from a Chrome trace of a
// few more cold loads (tracing slows a load, so these runs are not the ones timed above): V8
// compiles each wasm function the first time it is called (`wasm.CompileLazy`), and all of that
// happens between "app starts" and "first render done".
async function mainThreadWork(browser, server) {
  const runs = 5, lazy = [], app = [];
  const file = path.join(os.tmpdir(), `stsplay-budget-trace-${process.pid}.json`);
  for (let i = 0; i <= runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await browser.startTracing(page, { path: file, categories: ["devtools.timeline", "v8.wasm", "blink.user_timing"] });
    await page.goto(server.baseURL);
    await page.waitForFunction(() => performance.getEntriesByName("stsplay:mounted").length > 0, null, { timeout: 30_000 });
    await browser.stopTracing();
    await context.close();
    if (i === 0) continue;
    const events = JSON.parse(readFileSync(file, "utf8")).traceEvents;
    const start = events.find((e) => e.name === "stsplay:wasm-started");
    const end = events.find((e) => e.name === "stsplay:mounted");
    if (!start || !end) continue;
    const inApp = (e) => e.pid === end.pid && e.tid === end.tid && e.ts >= start.ts && e.ts <= end.ts;
    lazy.push(events.filter((e) => e.name === "wasm.CompileLazy" && e.ph === "X" && inApp(e)).reduce((sum, e) => sum + e.dur / 1000, 0));
    app.push((end.ts - start.ts) / 1000);
  }
  rmSync(file, { force: true });
  const a = stats(app), l = stats(lazy);
  console.log(`    of the app's part (traced, ${runs} more loads): median ${ms(a.p50)}, of which V8 compiling wasm functions on first call ${ms(l.p50)}`);
}

// (c) ---------------------------------------------------------------------------------------------
function tenStatementPolicy() {
  const main = loadPresets().find((p) => p.id === "github-actions-main").doc;
  const matching = main.roles[0].AssumeRolePolicyDocument.Statement[0];
  const others = Array.from({ length: 9 }, (_, i) => ({
    ...structuredClone(matching),
    Sid: `Other${i}`,
    Condition: {
      StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
      StringLike: { "token.actions.githubusercontent.com:sub": `repo:octo-org/other-repo-${i}:ref:refs/heads/*` },
    },
  }));
  return { Version: "2012-10-17", Statement: [...others, matching] };
}

// One measured edit per element of the returned array. Each edit toggles RoleSessionName between two
// valid values with an `input` event, then records: `dom` = the last mutation of the verdict or the
// diagram caused by it (all microtasks done), `frame` = the next animation frame after it.
// With `syncToTick`, each edit starts just after a playback tick, so the 420 ms playback timer never
// mutates the diagram inside a measurement.
const MEASURE_EDITS = async ({ n, warmup, syncToTick, selector, values }) => {
  const input = document.querySelector(selector);
  const targets = [document.querySelector("section.answer"), document.querySelector("section.flow"), input.closest("section")];
  const flow = targets[1];
  const macrotask = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = r; c.port2.postMessage(0); });
  const sleep = (t) => new Promise((r) => setTimeout(r, t));
  const nextTick = () =>
    new Promise((resolve) => {
      const mo = new MutationObserver(() => { mo.disconnect(); resolve(); });
      mo.observe(flow, { subtree: true, attributes: true, attributeFilter: ["data-revealed"] });
    });
  const out = [];
  for (let i = 0; i < n + warmup; i++) {
    if (syncToTick && i > 0) {
      await nextTick();
      await sleep(20);
    } else {
      await sleep(20);
    }
    let last = null, records = 0;
    const mo = new MutationObserver((recs) => { last = performance.now(); records += recs.length; });
    for (const t of targets) mo.observe(t, { subtree: true, childList: true, attributes: true, characterData: true });
    input.value = values[i % 2];
    const t0 = performance.now();
    input.dispatchEvent(new Event("input", { bubbles: true }));
    const handler = performance.now() - t0;
    await macrotask();
    const frame = await new Promise((r) => requestAnimationFrame(() => r(performance.now())));
    mo.disconnect();
    if (last === null) throw new Error(`edit ${i} changed nothing in the verdict or the diagram`);
    if (i >= warmup) out.push({ handler, dom: last - t0, frame: frame - t0, records });
  }
  return out;
};

async function edits(browser, server) {
  console.log(`\n(c) Edit → updated verdict and diagram (${EDITS} edits each, 5 warm-up discarded; default RS256 preset`);
  console.log(`    with a 10-statement trust policy, the matching statement last). Typing in the policy editor also`);
  console.log(`    re-colours it and re-marks its findings. Layout shift is summed over every edit (none forgiven).`);
  const policy = JSON.stringify(tenStatementPolicy(), null, 2);
  const kinds = [
    ["RoleSessionName field", "#field-rolesessionname", ["gha-deploy-a", "gha-deploy-b"]],
    ["trust-policy editor", "#editor-policy", [policy.replace('"Sid": "Other0"', '"Sid": "Other0a"'), policy.replace('"Sid": "Other0"', '"Sid": "Other0b"')]],
  ];
  for (const [label, options, syncToTick] of [
    ["with playback (diagram rewinds)", {}, true],
    ["reduced motion (no animation)", { reducedMotion: "reduce" }, false],
  ]) {
    for (const [field, selector, values] of kinds) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
      const page = await context.newPage();
      await page.goto(server.baseURL);
      await page.locator("[data-testid=verdict]").waitFor();
      await page.locator("#editor-policy").fill(policy);
      await page.waitForFunction(() => document.querySelector("[data-testid=verdict]")?.dataset.outcome === "accepted");
      const rows = await page.$$eval("[data-testid=policy-table] tr.statement", (trs) => trs.map((tr) => tr.className));
      if (rows.length !== 10 || !rows[9].includes("pass")) throw new Error(`the 10-statement policy did not apply: ${rows}`);
      await page.evaluate(() => {
        window.__shift = 0;
        new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__shift += e.value; }).observe({ type: "layout-shift" });
      });
      const results = await page.evaluate(MEASURE_EDITS, { n: EDITS, warmup: 5, syncToTick, selector, values });
      if (!(await page.evaluate(() => document.querySelector("[data-testid=verdict]").dataset.outcome === "accepted"))) {
        throw new Error("the edits did not keep the verdict accepted");
      }
      const shift = await page.evaluate(() => window.__shift);
      await context.close();
      console.log(`    ${label}, ${field}: layout shift ${shift.toFixed(4)}`);
      for (const [name, key] of [["input handler (sync)", "handler"], ["verdict + diagram in DOM", "dom"], ["next frame", "frame"]]) {
        const s = stats(results.map((r) => r[key]));
        console.log(`      ${name.padEnd(26)} p50 ${ms(s.p50).padStart(8)}  p95 ${ms(s.p95).padStart(8)}  min ${ms(s.min).padStart(8)}  max ${ms(s.max).padStart(8)}`);
      }
    }
  }
}

// -------------------------------------------------------------------------------------------------
transfer();
const server = await startServer({ subPath: "/budget/" });
const browser = await launchChromium();
try {
  await coldNavigation(browser, server);
  await edits(browser, server);
  console.log(`\n    chromium ${browser.version()}, ${(await import("node:os")).cpus().length} CPUs; figures only, budgets are not enforced here.`);
} finally {
  await browser.close();
  await server.close();
}
