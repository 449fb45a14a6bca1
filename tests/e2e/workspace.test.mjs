// The one-screen workspace, as a user meets it: everything that matters on the first screen at
// laptop sizes, one pane at a time on a phone, a splitter, editors that mark problems in place,
// and no layout shift while typing.
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { startHarness } from "./playground-page.mjs";

/** The element's box, or null when it is not rendered. */
const box = (locator) => locator.first().boundingBox();

/** Whether the box lies inside the viewport (it needs no page scroll to be seen). */
function onScreen(b, viewport) {
  return b !== null && b.y >= 0 && b.x >= 0 && b.y + Math.min(b.height, 40) <= viewport.height && b.x + b.width <= viewport.width + 1;
}

describe("the workspace", { timeout: 180_000 }, () => {
  let harness, pg;
  before(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    pg?.assertNoErrors();
    await pg?.close();
    pg = undefined;
  });
  after(async () => {
    await harness?.close();
  });

  for (const viewport of [{ width: 1280, height: 800 }, { width: 1440, height: 900 }]) {
    it(`${viewport.width}×${viewport.height}: editors, diagram and verdict on the first screen, no page scroll`, async () => {
      pg = await harness.open({ viewport, reducedMotion: "reduce" });
      const { page } = pg;
      await pg.choosePreset("github-pull-request-rejected");
      await pg.expectVerdict("rejected", "AccessDenied");
      const scroll = await page.evaluate(() => ({ h: document.documentElement.scrollHeight, w: document.documentElement.scrollWidth }));
      assert.ok(scroll.h <= viewport.height, `the page does not scroll vertically (${scroll.h})`);
      assert.ok(scroll.w <= viewport.width, `nor sideways (${scroll.w})`);
      for (const id of ["editor-token", "editor-jwks", "editor-policy"]) {
        assert.ok(onScreen(await box(page.locator(`[data-testid=${id}]`)), viewport), `${id} is on screen`);
        assert.ok(onScreen(await box(page.locator(`[data-testid=${id}] .code-scroll`)), viewport), `${id}'s text is on screen`);
      }
      const bar = page.locator("[data-testid=verdict-bar]");
      assert.ok(onScreen(await box(bar), viewport), "the verdict line is on screen");
      assert.match(await bar.innerText(), /Rejected · AccessDenied · at “Evaluate the role's trust policy”/);
      // The diagram: its lanes and its first arrows.
      assert.ok(onScreen(await box(page.locator("[data-testid=diagram] .lane rect")), viewport), "the lanes");
      for (const step of ["prelude", "request", "token"]) {
        assert.ok(onScreen(await box(page.locator(`[data-testid=diagram] g[data-step=${step}]`)), viewport), `the ${step} arrow`);
      }
      // The settings are one click away, and opening one does not move the editors.
      const policyBefore = await box(page.locator("[data-testid=editor-policy] textarea"));
      await page.locator("[data-testid=setting-request]").click();
      assert.ok(await page.locator("#field-rolesessionname").isVisible());
      assert.deepEqual(await box(page.locator("[data-testid=editor-policy] textarea")), policyBefore);
      await page.keyboard.press("Escape");
      assert.equal(await page.locator("#field-rolesessionname").isVisible(), false, "Escape closes the drawer");
    });
  }

  it("390×844 (phone): one pane at a time, the verdict line always visible, nothing sideways", async () => {
    pg = await harness.open({ viewport: { width: 390, height: 844 }, reducedMotion: "reduce" });
    const { page } = pg;
    const viewport = { width: 390, height: 844 };
    const bar = page.locator("[data-testid=verdict-bar]");
    const check = async (pane) => {
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scroll <= 390, `no sideways overflow on ${pane} (${scroll})`);
      assert.ok(onScreen(await box(bar), viewport), `the verdict line on ${pane}`);
    };
    assert.equal(await page.locator("[data-testid=pane-edit]").getAttribute("aria-selected"), "true");
    assert.ok(await page.locator("#editor-policy").isVisible());
    assert.equal(await page.locator("[data-testid=diagram]").isVisible(), false, "one pane at a time");
    await check("Edit");
    await page.locator("[data-testid=pane-diagram]").click();
    assert.ok(await page.locator("[data-testid=diagram]").isVisible());
    assert.equal(await page.locator("#editor-policy").isVisible(), false);
    await check("Diagram");
    // The tabs move with the arrow keys (a WAI-ARIA tablist).
    await page.locator("[data-testid=pane-diagram]").focus();
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.locator("[data-testid=pane-answer]").getAttribute("aria-selected"), "true");
    assert.ok(await page.locator("[data-testid=verdict]").isVisible());
    await check("Answer");
    // The verdict line leads to the answer from any pane.
    await page.locator("[data-testid=pane-edit]").click();
    await bar.click();
    assert.equal(await page.locator("[data-testid=pane-answer]").getAttribute("aria-selected"), "true");
  });

  it("the splitter moves with the keyboard and the pointer, is kept across reloads, and resets on double-click", async () => {
    pg = await harness.open({ viewport: { width: 1280, height: 800 } });
    const { page } = pg;
    const splitter = page.locator("[data-testid=splitter]");
    const width = async () => (await box(page.locator(".inputs"))).width;
    const start = Number(await splitter.getAttribute("aria-valuenow"));
    const before = await width();
    await splitter.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
    assert.equal(Number(await splitter.getAttribute("aria-valuenow")), start + 10);
    assert.ok((await width()) > before + 100, "the inputs got wider");
    // Dragging.
    const b = await box(splitter);
    await page.mouse.move(b.x + b.width / 2, b.y + 200);
    await page.mouse.down();
    await page.mouse.move(640, b.y + 200, { steps: 4 });
    await page.mouse.up();
    assert.equal(Number(await splitter.getAttribute("aria-valuenow")), 50);
    await page.reload();
    await pg.waitReady();
    assert.equal(Number(await page.locator("[data-testid=splitter]").getAttribute("aria-valuenow")), 50, "kept");
    await page.locator("[data-testid=splitter]").dblclick();
    assert.equal(Number(await page.locator("[data-testid=splitter]").getAttribute("aria-valuenow")), start, "reset");
  });

  it("the editors number lines, colour JSON and the token, and mark errors and findings in place", async () => {
    pg = await harness.open();
    const { page } = pg;
    // The token, coloured by segment as jwt.io does.
    for (const segment of ["t-header", "t-payload", "t-signature"]) {
      assert.equal(await page.locator(`[data-testid=editor-token] .hl .${segment}`).count(), 1, segment);
    }
    const policy = page.locator("#editor-policy");
    const text = await policy.inputValue();
    const lines = text.split("\n").length;
    assert.equal((await page.locator("[data-testid=editor-policy] .gutter .numbers").innerText()).trim().split("\n").length, lines, "one number per line");
    assert.ok((await page.locator("[data-testid=editor-policy] .hl .t-key").count()) > 3, "keys are coloured");
    // A wildcard repository: the finding's text is underlined and its line marked in the gutter.
    const loose = text.replace("repo:octo-org/octo-repo:ref:refs/heads/main", "repo:octo-org/*");
    await policy.fill(loose);
    const line = loose.split("\n").findIndex((l) => l.includes("repo:octo-org/*")) + 1;
    const marker = page.locator(`[data-testid=editor-policy] .gutter .has-mark[data-line="${line}"]`);
    await marker.waitFor();
    assert.match(await marker.getAttribute("title"), /github-sub-any-repository/);
    assert.match(await page.locator("[data-testid=editor-policy] .hl .m-error, [data-testid=editor-policy] .hl .m-warning").allInnerTexts().then((t) => t.join("")), /octo-org\/\*/);
    // A syntax error: its line is marked, and the status line names line and column.
    await policy.fill('{\n  "Version": "2012-10-17",\n  "Statement": [}\n}');
    await page.locator('[data-testid=editor-policy] .gutter .m-error[data-line="3"]').waitFor();
    assert.match(await page.locator("[data-testid=editor-policy-error]").innerText(), /line 3, column 17/);
    assert.equal(await policy.inputValue(), '{\n  "Version": "2012-10-17",\n  "Statement": [}\n}', "the text is the user's");
  });

  it("typing causes no layout shift, and the verdict line is the one live region", async () => {
    pg = await harness.open({}, async (page) => {
      await page.addInitScript(() => {
        window.__shift = 0;
        new PerformanceObserver((list) => {
          // Every shift counts, also those right after typing (which CLS itself forgives).
          for (const entry of list.getEntries()) window.__shift += entry.value;
        }).observe({ type: "layout-shift", buffered: false });
      });
    });
    const { page } = pg;
    await page.waitForTimeout(500); // the first render's own shifts are not edits
    await page.evaluate(() => (window.__shift = 0));
    const policy = page.locator("#editor-policy");
    const text = await policy.inputValue();
    // Break the JSON (an error appears), fix it, reject and accept: nothing may move.
    await policy.press("End");
    await policy.pressSequentially("x");
    await pg.expectVerdict("rejected", "MalformedPolicyDocument");
    await policy.fill(text.replace("refs/heads/main", "refs/heads/dev"));
    await pg.expectVerdict("rejected", "AccessDenied");
    await policy.fill(text);
    await pg.expectVerdict("accepted", "");
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.__shift), 0, "cumulative layout shift while editing");
    assert.deepEqual(
      await page.$$eval("[aria-live]", (els) => els.map((el) => el.className)),
      ["verdict-line"],
      "only the verdict line is announced",
    );
  });

  it("shortcuts work anywhere but in text fields, and the keys are shown", async () => {
    pg = await harness.open({}, (page) => page.clock.install());
    const { page } = pg;
    await page.clock.pauseAt(Date.now() + 60_000);
    const policy = page.locator("#editor-policy");
    // In a text field the keys are the field's: ? is typed, nothing opens.
    await policy.focus();
    await policy.press("End");
    await page.keyboard.press("?");
    assert.equal(await page.locator("#keys-panel").isVisible(), false, "typing ? in a field opens nothing");
    await page.keyboard.press("Backspace");
    await pg.expectVerdict("accepted", "");
    // Outside a text field, the diagram's keys work without focusing the diagram.
    const outside = () => page.locator("body").click({ position: { x: 3, y: 300 } });
    await outside();
    await page.keyboard.press("Home");
    await pg.waitRevealed(0);
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await pg.waitRevealed(2);
    await policy.focus();
    await page.keyboard.press("ArrowLeft");
    await pg.waitRevealed(2);
    // ? shows the keys; the single-key shortcuts can be turned off.
    await outside();
    await page.keyboard.press("?");
    assert.ok(await page.locator("#keys-panel").isVisible());
    assert.match(await page.locator("#keys-panel").innerText(), /Space[\s\S]*play or pause/);
    await page.locator("[data-testid=shortcuts-enabled]").uncheck();
    await page.keyboard.press("Escape");
    await outside();
    await page.keyboard.press("ArrowRight");
    await pg.waitRevealed(2);
  });

  it("Tab reaches the editors, then the verdict, before the diagram; the verdict line leads to the answer", async () => {
    pg = await harness.open();
    const { page } = pg;
    const order = [];
    await page.locator("#preset").focus();
    for (let i = 0; i < 40 && order.at(-1) !== "diagram"; i++) {
      await page.keyboard.press("Tab");
      order.push(await page.evaluate(() => document.activeElement.dataset.testid ?? document.activeElement.id));
    }
    const at = (id) => order.indexOf(id);
    for (const id of ["token", "editor-jwks", "editor-policy", "splitter", "verdict-bar", "diagram"]) assert.ok(at(id) >= 0, `${id} in ${order}`);
    assert.ok(at("token") < at("editor-jwks") && at("editor-jwks") < at("editor-policy"));
    assert.ok(at("editor-policy") < at("verdict-bar") && at("verdict-bar") < at("diagram"));
    assert.ok(order.length < 25, `the diagram is reached in ${order.length} presses`);
    await page.locator("[data-testid=verdict-bar]").press("Enter");
    assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), "verdict");
  });

  it("words and drawing: step titles, the error return drawn as the answer, clock marks, keys that wrap at dots", async () => {
    pg = await harness.open({ reducedMotion: "reduce" });
    const { page } = pg;
    await pg.choosePreset("github-pull-request-rejected");
    await pg.expectVerdict("rejected", "AccessDenied");
    assert.match(await page.locator("[data-testid=verdict] h2").innerText(), /Rejected at “Evaluate the role's trust policy”/);
    const answer = page.locator("[data-testid=diagram] g[data-step=credentials]");
    assert.equal(await answer.getAttribute("data-revealed"), "true");
    assert.match(await answer.getAttribute("class"), /error-return/);
    const stroke = await answer.locator(".edge").evaluate((el) => getComputedStyle(el).stroke);
    const fail = await page.evaluate(() => getComputedStyle(document.querySelector("[data-testid=diagram] g.fail .edge")).stroke);
    assert.equal(stroke, fail, "the error return has the failure colour");
    await pg.reveal("clock-text");
    assert.deepEqual(
      await page.$$eval("[data-testid=clock-ticks] [data-mark]", (els) => els.map((el) => el.dataset.mark)),
      ["nbf", "iat", "exp", "exp+5m"],
    );
    const key = page.locator("[data-testid=policy-table] td.mono").first();
    assert.ok((await key.locator("wbr").count()) > 2, "the key may wrap after its dots and colons");
    assert.equal(await key.evaluate((el) => getComputedStyle(el).wordBreak), "normal", "never inside a word");
  });
});
