// The page object for the playground, plus the shared harness: the static server at a sub-path
// and headless Debian chromium through playwright-core. Tests talk to the page only through the
// stable hooks (data-testid, data-step/data-status/data-revealed, element ids), never through CSS.
import assert from "node:assert/strict";
import { readFileSync, readdirSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { ROOT, startServer } from "./server.mjs";

export { ROOT };
export const SUB_PATH = "/tools/stsplay/e2e/";
export const ARTIFACTS = path.join(ROOT, "target", "e2e-artifacts");
export const STEPS = ["request", "token", "provider", "tls", "signature", "claims", "trust_policy", "session", "credentials"];

const PRESET_DIR = path.join(ROOT, "tests", "fixtures", "scenarios", "presets");

/** Every preset fixture: `{ id, doc }`, sorted by id. */
export function loadPresets() {
  return readdirSync(PRESET_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => ({ id: f.slice(0, -5), doc: JSON.parse(readFileSync(path.join(PRESET_DIR, f), "utf8")) }));
}

/** The claims of a compact JWS, decoded without verification. */
export function jwtClaims(token) {
  return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"));
}

export async function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * One server and one browser for a test file. `extra` is passed to the server (files outside
 * dist/ served under the sub-path).
 */
export async function startHarness({ extra } = {}) {
  const server = await startServer({ subPath: SUB_PATH, extra });
  const browser = await launchChromium();
  return {
    server,
    browser,
    /**
     * A fresh context and page, navigated to the playground and ready. `beforeGoto(page, context)`
     * runs before navigation (to record requests, install init scripts or a fake clock).
     */
    async open(contextOptions = {}, beforeGoto = async () => {}) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...contextOptions });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      const playground = new PlaygroundPage(page, server);
      await beforeGoto(page, context);
      await playground.goto();
      return playground;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

export class PlaygroundPage {
  /** @param {import('playwright-core').Page} page */
  constructor(page, server) {
    this.page = page;
    this.server = server;
    this.errors = [];
    this.dialogs = [];
    /** What to do with the next confirm(): "accept" or "dismiss". */
    this.dialogAnswer = "accept";
    page.on("pageerror", (err) => this.errors.push(`pageerror: ${err.message}`));
    page.on("console", (msg) => {
      if (msg.type() === "error") this.errors.push(`console.error: ${msg.text()}`);
    });
    page.on("dialog", async (dialog) => {
      this.dialogs.push({ type: dialog.type(), message: dialog.message() });
      if (this.dialogAnswer === "accept") await dialog.accept();
      else await dialog.dismiss();
    });
  }

  get verdictEl() {
    return this.page.locator("[data-testid=verdict]");
  }

  /** Navigate to the sub-path and wait until the wasm app has rendered a verdict. */
  async goto(url = this.server.baseURL) {
    // A new fragment on the same page would be a same-document navigation: load it afresh.
    if (this.page.url() !== "about:blank") await this.page.goto("about:blank");
    await this.page.goto(url);
    await this.waitReady();
  }

  async waitReady() {
    await this.verdictEl.waitFor({ state: "attached" });
    await this.page.locator("[data-testid=diagram] g[data-step=credentials]").waitFor({ state: "attached" });
  }

  /** The verdict's hooks: `{ outcome, code }`. */
  async verdict() {
    return this.verdictEl.evaluate((el) => ({ outcome: el.dataset.outcome, code: el.dataset.code }));
  }

  /** Wait until the verdict shows this outcome (and code, when given); fail with what it shows. */
  async expectVerdict(outcome, code) {
    const ok = await this.page
      .waitForFunction(
        ([o, c]) => {
          const v = document.querySelector("[data-testid=verdict]");
          return v && v.dataset.outcome === o && (c === undefined || v.dataset.code === c);
        },
        [outcome, code],
        { timeout: 5_000 },
      )
      .then(() => true, () => false);
    if (!ok) {
      const actual = await this.verdict();
      assert.deepEqual(actual, code === undefined ? { outcome, code: actual.code } : { outcome, code }, "verdict");
    }
  }

  /** `{ step: status }` for every diagram arrow (the prelude is `prelude`). */
  async arrowStatuses() {
    return this.page.$$eval("[data-testid=diagram] g[data-step]", (gs) =>
      Object.fromEntries(gs.map((g) => [g.dataset.step, g.dataset.status])),
    );
  }

  async arrowStatus(step) {
    return this.page.locator(`[data-testid=diagram] g[data-step="${step}"]`).getAttribute("data-status");
  }

  /** How many arrows are revealed. */
  async revealedCount() {
    return this.page.locator("[data-testid=diagram] g[data-revealed=true]").count();
  }

  async waitRevealed(n) {
    await this.page
      .waitForFunction((n) => document.querySelectorAll("[data-testid=diagram] g[data-revealed=true]").length === n, n, {
        timeout: 3_000,
      })
      .catch(async () => assert.equal(await this.revealedCount(), n, "revealed arrows"));
  }

  async isPlaying() {
    return (await this.page.locator("[data-testid=play]").innerText()).includes("Pause");
  }

  /** Choose a preset in the menu; a confirm() (after edits) is answered with `answer`. */
  async choosePreset(id, { answer = "accept" } = {}) {
    this.dialogAnswer = answer;
    await this.page.locator("[data-testid=preset]").selectOption(id);
  }

  async presetIds() {
    // The menu's first entry names a document that is no preset ("Edited: …", "Shared scenario").
    return this.page.$$eval("[data-testid=preset] option:not([disabled])", (os) => os.map((o) => o.value));
  }

  field(id) {
    return this.page.locator(`#${id}`);
  }

  /** Replace a field's text as a user would (select all, type), firing `input` events. A field in
   * a settings drawer (provider, role, request, clock) is revealed first, as a user would open it. */
  async fill(id, text) {
    await this.reveal(id);
    await this.field(id).fill(text);
  }

  /** Open the settings drawer that holds the element with this id, if it is closed. */
  async reveal(id) {
    const chip = await this.page.evaluate((id) => {
      const drawer = document.getElementById(id)?.closest(".drawer");
      return drawer && drawer.hidden ? drawer.id.replace("drawer-", "") : null;
    }, id);
    if (chip) await this.page.locator(`[data-testid=setting-${chip}]`).click();
  }

  /** Show the decoded token (the token pane's Decoded tab). */
  async openDecoded() {
    await this.page.locator("[data-testid=token-decoded]").click();
    await this.page.locator("[data-testid=decoded-token]").waitFor();
  }



  async screenshot(name, options = {}) {
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, `${name}.png`);
    await this.page.screenshot({ path: file, ...options });
    return file;
  }

  assertNoErrors(allow = []) {
    const errors = this.errors.filter((e) => !allow.some((re) => re.test(e)));
    assert.deepEqual(errors, [], "the page logged errors");
  }

  async close() {
    await this.page.context().close();
  }
}
