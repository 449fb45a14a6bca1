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

  // The six views the README's playground section is judged by: three window sizes, light and
  // dark, each the first screen a visitor sees (no scrolling), on a rejected preset.
  for (const [width, height] of [[1440, 900], [1280, 800], [390, 844]]) {
    for (const colorScheme of ["light", "dark"]) {
      it(`${width}×${height}, ${colorScheme}: the first screen`, async (t) => {
        const phone = width < 700;
        const pg = await harness.open({ reducedMotion: "reduce", colorScheme, viewport: { width, height }, ...(phone ? { isMobile: true, hasTouch: true } : {}) });
        await pg.choosePreset("github-pull-request-rejected");
        await pg.expectVerdict("rejected", "AccessDenied");
        await pg.waitRevealed(10);
        await pg.screenshot(`workspace-${width}x${height}-${colorScheme}`);
        if (phone) {
          for (const pane of ["diagram", "answer"]) {
            await pg.page.locator(`[data-testid=pane-${pane}]`).click();
            await pg.screenshot(`workspace-${width}x${height}-${colorScheme}-${pane}`);
          }
        }
        const layout = await layoutReport(t, pg);
        assert.equal(layout.scrollWidth, layout.viewport, `no horizontal scrolling: ${layout.wide.join(", ")}`);
        assert.ok(layout.height <= height, `the page itself does not scroll (${layout.height})`);
        pg.assertNoErrors();
        await pg.close();
      });
    }
  }

  it("a broken policy and the decoded token (1280 wide)", async () => {
    const pg = await harness.open({ reducedMotion: "reduce", viewport: { width: 1280, height: 800 } });
    await pg.field("editor-policy").fill('{"Version": "2012-10-17", "Statement": [');
    await pg.expectVerdict("rejected", "MalformedPolicyDocument");
    await pg.openDecoded();
    await pg.screenshot("workspace-broken-policy-decoded");
    pg.assertNoErrors();
    await pg.close();
  });

  // A phone scales the diagram down and its text up (style.css), so long labels and lane titles
  // are where it would be cut off. No label may reach past the lanes its arrow joins, nor a
  // self-check's label cross any lane.
  for (const [width, height] of [[390, 844], [1280, 800]]) {
    it(`${width} wide: no preset's diagram text is cut off or crosses a lane it does not join`, async () => {
      const pg = await harness.open({ reducedMotion: "reduce", viewport: { width, height }, isMobile: width < 700 });
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
          const lanes = [...svg.querySelectorAll(".lane line")].map((l) => Number(l.getAttribute("x1")));
          const crossing = [...svg.querySelectorAll("g[data-step]")].flatMap((g) => {
            const b = g.querySelector("text.label").getBBox();
            const edge = g.querySelector(".edge");
            const e = edge.getBBox();
            const self = edge.tagName === "path";
            return lanes
              .filter((x) => b.x < x && x < b.x + b.width && (self || x <= e.x + 1 || x >= e.x + e.width - 1))
              .map((x) => `${g.dataset.step}'s label "${g.querySelector("text.label").textContent}" crosses the lane at ${x}`);
          });
          return [...outside, ...overflowing, ...crossing];
        });
        assert.deepEqual(cut, [], `${id}: text outside the diagram, its lane's box, or across a lane`);
      }
      pg.assertNoErrors();
      await pg.close();
    });
  }
});
