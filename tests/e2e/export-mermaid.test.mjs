// `stsplay export --format mermaid` through the real Mermaid: npm `mermaid` (from node_modules,
// never the network) parses and renders each export in headless chromium, and the rendered SVG
// shows user text exactly, as text. Needs no dist/: it builds and runs the stsplay CLI.
//
//   node --test tests/e2e/export-mermaid.test.mjs     (or ./scripts/e2e.sh, with the rest)
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import path from "node:path";
import { launchChromium, loadPresets, ROOT } from "./playground-page.mjs";

const MERMAID = path.join(ROOT, "node_modules", "mermaid", "dist", "mermaid.min.js");
const TARGET = path.resolve(ROOT, process.env.CARGO_TARGET_DIR ?? "target");
const STSPLAY = path.join(TARGET, "debug", "stsplay");

/** Run the CLI on a scenario object; returns { status, stdout, stderr }. */
function stsplay(args, scenario) {
  const run = spawnSync(STSPLAY, [...args, "-"], { input: JSON.stringify(scenario), encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A base64url JSON segment. */
const segment = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");

// User text that would end a statement, start a comment or directive, or inject HTML if it were
// not escaped. No spaces, so the diagram keeps it on one line.
const NASTY = `x;y#z%%{init:{"theme":"dark"}}%%<br/>a&b<script>alert(1)</script><b>bold</b>&amp;#59;'"\\:,@-->>end`;
const NASTY_HOST = "we;ird#h%%{init}%%<b>x<i>:1,@y&amp;-->>IAM"; // no "/": the lane shows the host

/** The bundled presets, plus scenarios whose policy values and issuer are hostile text. */
function scenarios() {
  const presets = loadPresets();
  const main = presets.find((p) => p.id === "github-actions-main").doc;
  const hostilePolicy = structuredClone(main);
  const statement = hostilePolicy.roles[0].AssumeRolePolicyDocument.Statement[0];
  statement.Sid = "Sid;with#odd%%chars";
  statement.Condition.StringLike["token.actions.githubusercontent.com:sub"] = [
    NASTY,
    "repo:octo-org/octo-repo:ref:refs/heads/main",
  ];
  const hostileIssuer = structuredClone(main);
  // Unsigned: the diagram names the issuer from the token before anything is verified.
  hostileIssuer.request.WebIdentityToken = [
    segment({ alg: "RS256", kid: "rsa-a" }),
    segment({ iss: `https://${NASTY_HOST}/path`, sub: "s", aud: "sts.amazonaws.com", exp: 1795341840 }),
    "c2ln",
  ].join(".");
  return [
    ...presets.map(({ id, doc }) => ({ id, doc })),
    { id: "hostile-policy", doc: hostilePolicy },
    { id: "hostile-issuer", doc: hostileIssuer },
  ];
}

describe("stsplay export --format mermaid", { timeout: 300_000 }, () => {
  let browser, page;
  before(async () => {
    execFileSync("cargo", ["build", "--quiet", "--locked", "--bin", "stsplay"], { cwd: ROOT, stdio: "inherit" });
    browser = await launchChromium();
    page = await browser.newPage();
    await page.route("**/*", (route) => route.abort());
    await page.setContent("<!doctype html><meta charset=utf-8><body></body>");
    await page.addScriptTag({ path: MERMAID });
    await page.evaluate(() => window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict" }));
  });
  after(async () => {
    await browser?.close();
  });

  /** Parse and render in the page; the rendered texts, and whether any HTML got through. */
  async function renderInBrowser(id, text) {
    return page.evaluate(
      async ([id, text]) => {
        try {
          const parsed = await window.mermaid.parse(text);
          const { svg } = await window.mermaid.render(`d-${id}`, text);
          const host = document.createElement("div");
          host.innerHTML = svg;
          const texts = (selector) => [...host.querySelectorAll(selector)].map((e) => e.textContent);
          return {
            type: parsed.diagramType,
            messages: texts(".messageText"),
            notes: host.querySelectorAll("rect.note").length,
            noteText: texts(".noteText").join(" "),
            actors: texts("text.actor"),
            injected: host.querySelectorAll("script, b, foreignObject script").length,
          };
        } catch (error) {
          return { error: String(error?.message ?? error) };
        }
      },
      [id, text],
    );
  }

  for (const { id, doc } of scenarios()) {
    it(`${id}: Mermaid parses and renders it, one message per step, a note per condition`, async () => {
      const exported = stsplay(["export", "--format", "mermaid"], doc);
      assert.equal(exported.status, 0, exported.stderr);
      const verdict = JSON.parse(stsplay(["check", "--json"], doc).stdout);
      const conditions = verdict.steps.flatMap((s) => s.checks).filter((c) => c.condition).length;

      const shown = await renderInBrowser(id, exported.stdout);
      assert.equal(shown.error, undefined, `Mermaid refused it:\n${exported.stdout}`);
      assert.equal(shown.type, "sequence");
      assert.equal(shown.messages.length, 1 + verdict.steps.length, "the prelude and nine steps");
      assert.equal(shown.notes, conditions + 1, "a note per evaluated condition, and the answer");
      assert.equal(shown.injected, 0, "no HTML from user text");
      const code = verdict.error?.Code;
      assert.ok(shown.noteText.includes(code ? `(${code})` : "Accepted"), shown.noteText);

      if (id === "hostile-policy") {
        assert.ok(shown.noteText.includes(JSON.stringify(NASTY)), shown.noteText);
      }
      if (id === "hostile-issuer") {
        assert.ok(shown.actors.includes(NASTY_HOST), JSON.stringify(shown.actors));
        assert.ok(shown.noteText.includes(`https://${NASTY_HOST}/path`), shown.noteText);
      }
    });
  }
});
