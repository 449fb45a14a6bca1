// Every preset fixture, chosen in the menu, shows the fixture's expected verdict and diagram; and
// loading a preset over edits asks first and can be undone.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { startHarness, loadPresets, STEPS } from "./playground-page.mjs";

const presets = loadPresets();

describe("presets", { timeout: 120_000 }, () => {
  let harness, pg;
  before(async () => {
    harness = await startHarness();
    pg = await harness.open();
  });
  after(async () => {
    await harness?.close();
  });

  it("the menu offers exactly the fixtures in tests/fixtures/scenarios/presets", async () => {
    assert.deepEqual((await pg.presetIds()).slice().sort(), presets.map((p) => p.id));
  });

  for (const { id, doc } of presets) {
    const { outcome, code, failed_step: failed } = doc.expect;
    it(`${id}: ${outcome}${code ? ` ${code} at ${failed}` : ""}`, async () => {
      await pg.choosePreset(id);
      await pg.expectVerdict(outcome, code ?? "");
      const arrows = await pg.arrowStatuses();
      assert.equal(arrows.prelude, "pass");
      const stepArrows = Object.fromEntries(STEPS.map((s) => [s, arrows[s]]));
      if (outcome === "accepted") {
        assert.equal(failed, null);
        assert.deepEqual(stepArrows, Object.fromEntries(STEPS.map((s) => [s, "pass"])));
      } else {
        assert.equal(arrows[failed], "fail", `the ${failed} arrow fails`);
        const at = STEPS.indexOf(failed);
        const expected = Object.fromEntries(STEPS.map((s, i) => [s, i < at ? "pass" : i === at ? "fail" : "skip"]));
        assert.deepEqual(stepArrows, expected);
      }
      assert.equal(pg.dialogs.length, 0, "no confirm() when nothing was edited");
      pg.assertNoErrors();
    });
  }

  it("loading a preset over edits asks first; Cancel keeps the edits", async () => {
    await pg.choosePreset("github-actions-main");
    await pg.expectVerdict("accepted", "");
    await pg.fill("field-rolesessionname", "my-edited-session");
    await pg.expectVerdict("accepted", "");
    const before = pg.dialogs.length;

    await pg.choosePreset("github-expired", { answer: "dismiss" });
    assert.equal(pg.dialogs.length, before + 1, "a confirm() appeared");
    assert.equal(pg.dialogs.at(-1).type, "confirm");
    assert.match(pg.dialogs.at(-1).message, /edits will be replaced/);
    await pg.expectVerdict("accepted", "");
    assert.equal(await pg.field("field-rolesessionname").inputValue(), "my-edited-session");
    pg.assertNoErrors();
  });

  it("after Cancel the menu still names what is loaded: the edited preset", async () => {
    await pg.choosePreset("github-actions-main");
    await pg.fill("field-rolesessionname", "another-edit");
    await pg.choosePreset("github-tag", { answer: "dismiss" });
    await pg.expectVerdict("accepted", "");
    assert.equal(await pg.field("field-rolesessionname").inputValue(), "another-edit");
    const menu = pg.page.locator("[data-testid=preset]");
    assert.notEqual(await menu.inputValue(), "github-tag");
    assert.match(await menu.evaluate((el) => el.selectedOptions[0].textContent), /^Edited: GitHub Actions: deploy from main/);
  });

  it("loading a preset over edits replaces them after OK, and Undo preset restores the previous document", async () => {
    await pg.choosePreset("github-actions-main");
    await pg.fill("field-rolesessionname", "my-edited-session");
    await pg.fill("field-durationseconds", "1800");
    await pg.expectVerdict("accepted", "");
    const before = pg.dialogs.length;
    assert.equal(await pg.page.locator("[data-testid=undo-preset]").count(), 1, "undo of the earlier preset loads");

    await pg.choosePreset("github-expired", { answer: "accept" });
    assert.equal(pg.dialogs.length, before + 1, "a confirm() appeared");
    await pg.expectVerdict("rejected", "ExpiredTokenException");
    assert.equal(await pg.field("field-rolesessionname").inputValue(), "gha-deploy");

    await pg.page.locator("[data-testid=undo-preset]").click();
    await pg.expectVerdict("accepted", "");
    assert.equal(await pg.field("field-rolesessionname").inputValue(), "my-edited-session");
    assert.equal(await pg.field("field-durationseconds").inputValue(), "1800");
    assert.match(await pg.page.locator("[data-testid=credentials-json]").innerText(), /my-edited-session/);
    assert.equal(await pg.page.locator("[data-testid=undo-preset]").count(), 0, "undo is used up");
    pg.assertNoErrors();
  });
});
