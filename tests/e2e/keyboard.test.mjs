// The diagram works from the keyboard alone: Tab reaches it, Home restarts, ArrowRight/ArrowLeft
// step, Space plays and pauses. The playback timer is driven by Playwright's fake clock, so the
// counts are exact and the test never races the 420 ms animation.
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { startHarness } from "./playground-page.mjs";

const TICK = 420; // the playback interval in src/web/components/app.rs

describe("keyboard-only diagram", { timeout: 120_000 }, () => {
  let harness, pg;
  before(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    pg?.assertNoErrors();
    await pg?.close();
  });
  after(async () => {
    await harness?.close();
  });

  // The fake clock keeps flowing in real time until it is paused; pausing fires due timers at most
  // once. From then on only runFor() moves the playback timer.
  const openWithFakeClock = async () => {
    const pg = await harness.open({}, (page) => page.clock.install());
    await pg.page.clock.pauseAt(Date.now() + 60_000);
    return pg;
  };

  it("Tab reaches the diagram; Home, ArrowRight, ArrowLeft and Space drive it", async () => {
    pg = await openWithFakeClock();
    const { page } = pg;
    const arrows = await page.locator("[data-testid=diagram] g[data-step]").count();
    assert.equal(arrows, 10, "the prelude and nine steps");

    // Keyboard only: from the last playback button, Tab moves to the diagram.
    await page.locator("[data-testid=step-forward]").focus();
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement?.dataset?.testid), "diagram");

    await page.keyboard.press("Home");
    await pg.waitRevealed(0);
    assert.equal(await pg.isPlaying(), true, "Home restarts playback");
    await page.waitForTimeout(TICK * 2); // real time passes, the paused fake clock does not
    await pg.waitRevealed(0);

    for (let n = 1; n <= 4; n++) {
      await page.keyboard.press("ArrowRight");
      await pg.waitRevealed(n);
      assert.equal(await pg.isPlaying(), false, "stepping pauses");
    }
    const revealedSteps = await page.$$eval("[data-testid=diagram] g[data-revealed=true]", (gs) => gs.map((g) => g.dataset.step));
    assert.deepEqual(revealedSteps, ["prelude", "request", "token", "provider"], "arrows are revealed in order");
    assert.deepEqual(
      await page.$$eval("[data-testid=step-log] li[data-step][data-revealed=true]", (lis) => lis.map((li) => `${li.dataset.step}:${li.dataset.status}`)),
      ["request:pass", "token:pass", "provider:pass"],
      "the step log follows the diagram",
    );

    await page.keyboard.press("ArrowLeft");
    await pg.waitRevealed(3);
    await page.keyboard.press("ArrowLeft");
    await pg.waitRevealed(2);

    // The timer is frozen: nothing moves until Space.
    await page.clock.runFor(TICK * 3);
    await pg.waitRevealed(2);
    await page.keyboard.press(" ");
    assert.equal(await pg.isPlaying(), true, "Space plays");
    await page.clock.runFor(TICK);
    await pg.waitRevealed(3);
    await page.clock.runFor(TICK);
    await pg.waitRevealed(4);
    await page.keyboard.press(" ");
    assert.equal(await pg.isPlaying(), false, "Space pauses");
    await page.clock.runFor(TICK * 3);
    await pg.waitRevealed(4);

    // Playing runs to the end and stops there.
    await page.keyboard.press(" ");
    await page.clock.runFor(TICK * 12);
    await pg.waitRevealed(10);
    assert.equal(await pg.isPlaying(), false, "playback stops at the end");
    await page.keyboard.press("ArrowRight");
    await pg.waitRevealed(10);
    assert.equal(await page.evaluate(() => document.activeElement?.dataset?.testid), "diagram", "focus stays on the diagram");
  });

  it("on a rejection, stepping goes from the failing arrow straight to the error STS returns", async () => {
    pg = await openWithFakeClock();
    const { page } = pg;
    await pg.choosePreset("github-wrong-audience");
    await pg.expectVerdict("rejected", "InvalidIdentityToken");
    await page.locator("[data-testid=diagram]").focus();
    await page.keyboard.press("Home");
    for (let i = 0; i < 7; i++) await page.keyboard.press("ArrowRight");
    // prelude, request, token, provider, tls, signature, claims (fails): 7 arrows.
    await pg.waitRevealed(7);
    const last = await page.$$eval("[data-testid=diagram] g[data-revealed=true]", (gs) => gs.at(-1).dataset);
    assert.equal(last.step, "claims");
    assert.equal(last.status, "fail");
    // One more step reveals the answer: the steps never reached (dimmed) and the error returned.
    await page.keyboard.press("ArrowRight");
    await pg.waitRevealed(10);
    const answer = page.locator("[data-testid=diagram] g[data-step=credentials]");
    assert.match(await answer.getAttribute("class"), /error-return/);
    assert.match(await answer.locator("text").innerHTML(), /error: InvalidIdentityToken/);
    assert.equal(await answer.getAttribute("data-status"), "skip", "the credentials step itself never ran");
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
    await pg.waitRevealed(10);
    // Back goes to the failing arrow again.
    await page.keyboard.press("ArrowLeft");
    await pg.waitRevealed(7);
  });

  it("Space on the focused Play button toggles once, not twice", async () => {
    pg = await openWithFakeClock();
    const { page } = pg;
    const play = page.locator("[data-testid=play]");
    await page.locator("[data-testid=diagram]").focus();
    await page.keyboard.press("ArrowRight"); // pause
    assert.equal(await pg.isPlaying(), false);
    await play.focus();
    await page.keyboard.press(" ");
    assert.equal(await pg.isPlaying(), true);
    await page.keyboard.press("Enter");
    assert.equal(await pg.isPlaying(), false, "Enter activates the button");
  });
});
