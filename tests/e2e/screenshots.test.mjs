// Screenshots of a few states for a human to look at (target/e2e-artifacts/*.png). Reduced motion
// shows every arrow at once, so the pictures are stable. Layout facts are reported as diagnostics.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { startHarness, loadPresets, ARTIFACTS } from "./playground-page.mjs";

describe("screenshots", { timeout: 120_000 }, () => {
  let harness;
  before(async () => {
    harness = await startHarness();
  });
  after(async () => {
    await harness?.close();
  });

  /** Horizontal overflow and elements wider than the viewport, as a diagnostic. */
  async function layoutReport(t, pg) {
    const report = await pg.page.evaluate(() => {
      const vw = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll("body *")]
        .filter((el) => el.getBoundingClientRect().right > vw + 1)
        .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= vw + 1)
        .slice(0, 8)
        .map((el) => `${el.tagName.toLowerCase()}${el.className ? "." + String(el.className.baseVal ?? el.className).split(" ").join(".") : ""} right=${Math.round(el.getBoundingClientRect().right)}`);
      return { viewport: vw, scrollWidth: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight, wide };
    });
    t.diagnostic(JSON.stringify(report));
    return report;
  }

  it("default preset, accepted (1280 wide)", async (t) => {
    const pg = await harness.open({ reducedMotion: "reduce" });
    await pg.expectVerdict("accepted", "");
    await pg.waitRevealed(10);
    await pg.screenshot("01-default-accepted", { fullPage: true });
    await pg.screenshot("01-default-accepted-viewport");
    await layoutReport(t, pg);
    pg.assertNoErrors();
    await pg.close();
  });

  it("a rejected preset with the trust-policy table", async (t) => {
    const pg = await harness.open({ reducedMotion: "reduce" });
    await pg.choosePreset("github-pull-request-rejected");
    await pg.expectVerdict("rejected", "AccessDenied");
    assert.ok(await pg.page.locator("[data-testid=policy-table]").isVisible());
    await pg.page.locator("[data-testid=step-log] li[data-step=trust_policy] button").click();
    await pg.screenshot("02-rejected-policy-table", { fullPage: true });
    await pg.verdictEl.screenshot({ path: path.join(ARTIFACTS, "02-rejected-verdict-panel.png") });
    await layoutReport(t, pg);
    pg.assertNoErrors();
    await pg.close();
  });

  it("dark mode", async (t) => {
    const pg = await harness.open({ reducedMotion: "reduce", colorScheme: "dark" });
    await pg.choosePreset("github-wrong-audience");
    await pg.expectVerdict("rejected", "InvalidIdentityToken");
    await pg.field("editor-policy").fill('{"Version": "2012-10-17", "Statement": [');
    await pg.expectVerdict("rejected", "InvalidIdentityToken");
    await pg.screenshot("03-dark", { fullPage: true });
    await pg.screenshot("03-dark-viewport");
    await layoutReport(t, pg);
    pg.assertNoErrors();
    await pg.close();
  });

  it("phone, 390 wide", async (t) => {
    const pg = await harness.open({
      reducedMotion: "reduce",
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    await pg.choosePreset("github-pull-request-rejected");
    await pg.expectVerdict("rejected", "AccessDenied");
    await pg.screenshot("04-phone", { fullPage: true });
    await pg.screenshot("04-phone-viewport");
    await pg.page.locator("section.flow").scrollIntoViewIfNeeded();
    await pg.screenshot("04-phone-diagram");
    await pg.page.locator("[data-testid=policy-table]").scrollIntoViewIfNeeded();
    await pg.screenshot("04-phone-policy-table");
    const layout = await layoutReport(t, pg);
    assert.equal(layout.scrollWidth, layout.viewport, `no horizontal scrolling at 390 px: ${layout.wide.join(", ")}`);
    pg.assertNoErrors();
    await pg.close();
  });

  // A phone scales the diagram down and its text up (style.css), so long labels and lane titles
  // are where it would be cut off.
  it("phone, 390 wide: no preset's diagram text is cut off", async () => {
    const pg = await harness.open({ reducedMotion: "reduce", viewport: { width: 390, height: 844 }, isMobile: true });
    for (const { id, doc } of loadPresets()) {
      await pg.choosePreset(id);
      await pg.expectVerdict(doc.expect.outcome, doc.expect.code ?? "");
      const cut = await pg.page.evaluate(() => {
        const svg = document.querySelector("[data-testid=diagram]");
        const width = svg.viewBox.baseVal.width;
        const outside = [...svg.querySelectorAll("text")]
          .filter((text) => { const b = text.getBBox(); return b.x < 0 || b.x + b.width > width; })
          .map((text) => text.textContent);
        const overflowing = [...svg.querySelectorAll(".lane")]
          .filter((lane) => {
            const box = lane.querySelector("rect").getBBox();
            const b = lane.querySelector("text").getBBox();
            return b.x < box.x || b.x + b.width > box.x + box.width || b.y < box.y || b.y + b.height > box.y + box.height;
          })
          .map((lane) => lane.textContent);
        return [...outside, ...overflowing];
      });
      assert.deepEqual(cut, [], `${id}: text outside the diagram or its lane's box`);
    }
    pg.assertNoErrors();
    await pg.close();
  });
});
