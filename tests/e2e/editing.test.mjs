// Editing any input updates the verdict and the diagram live (there is no "run" button), and
// nothing typed is lost while the page re-renders around it.
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { startHarness, loadPresets, jwtClaims } from "./playground-page.mjs";

const main = loadPresets().find((p) => p.id === "github-actions-main").doc;
const { exp } = jwtClaims(main.request.WebIdentityToken);

describe("live editing", { timeout: 120_000 }, () => {
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

  it("the default preset is accepted on load", async () => {
    pg = await harness.open();
    assert.equal(await pg.page.locator("[data-testid=preset]").inputValue(), "github-actions-main");
    await pg.expectVerdict("accepted", "");
    assert.equal(await pg.page.locator("[data-testid=undo-preset]").count(), 0);
  });

  it("the whole scenario as JSON: shows the workspace, keeps invalid text unapplied, applies valid text", async () => {
    pg = await harness.open();
    await pg.expectVerdict("accepted", "");
    const view = pg.page.locator("[data-testid=editor-scenario]");
    const text = view.locator("textarea");
    await view.locator("summary").click();
    // The view shows the current workspace: the same document the page checks.
    assert.deepEqual(JSON.parse(await text.inputValue()), main);

    // Invalid JSON: not applied, and the error says where.
    const broken = (await text.inputValue()).replace('"account": "123456789012",', '"account": "123456789012"');
    await text.fill(broken);
    await text.press("Tab");
    assert.match(await view.locator("[role=alert]").innerText(), /Not applied: .*line \d+, column \d+/);
    await pg.expectVerdict("accepted", "");
    // Closing and reopening the view keeps what was typed.
    await view.locator("summary").click();
    await view.locator("summary").click();
    assert.equal(await text.inputValue(), broken);

    // Valid JSON applies: a session name that is too short fails the request step.
    await text.fill(JSON.stringify({ ...main, request: { ...main.request, RoleSessionName: "x" } }, null, 2));
    await text.press("Tab");
    await pg.expectVerdict("rejected", "ValidationError");
    assert.equal(await view.locator("[role=alert]").count(), 0);
    assert.equal(await pg.field("field-rolesessionname").inputValue(), "x");
  });

  it("Client IDs = sts.amazon.com: rejected InvalidIdentityToken at claims, and back", async () => {
    pg = await harness.open();
    await pg.expectVerdict("accepted", "");
    await pg.fill("field-client-ids", "sts.amazon.com");
    await pg.expectVerdict("rejected", "InvalidIdentityToken");
    assert.equal(await pg.arrowStatus("claims"), "fail");
    assert.match(await pg.page.locator("[data-testid=aws-error]").innerText(), /Incorrect token audience/);
    await pg.openDecoded();
    assert.equal(await pg.page.locator("tr[data-claim=aud]").getAttribute("data-culprit"), "true");
    assert.equal(await pg.field("field-client-ids").inputValue(), "sts.amazon.com");

    await pg.fill("field-client-ids", "sts.amazonaws.com");
    await pg.expectVerdict("accepted", "");
    assert.equal(await pg.arrowStatus("claims"), "pass");
  });

  it("the clock: exp+299 is accepted (grace), exp+300 is ExpiredTokenException", async () => {
    pg = await harness.open();
    const clock = pg.field("clock-text");
    await pg.reveal("clock-text");
    await clock.fill(String(exp + 299));
    await clock.press("Tab"); // `change` fires on leaving the field
    await pg.expectVerdict("accepted", "");

    await pg.reveal("clock-text");
    await clock.fill(String(exp + 300));
    await clock.press("Tab");
    await pg.expectVerdict("rejected", "ExpiredTokenException");
    assert.equal(await pg.arrowStatus("claims"), "fail");
    assert.match(
      await pg.page.locator("[data-testid=aws-error]").innerText(),
      new RegExp(`current date/time ${exp + 300} must be before the expiration date/time ${exp}`),
    );
    assert.equal(await pg.field("clock-text").inputValue(), new Date((exp + 300) * 1000).toISOString().replace(".000", ""));
  });

  it("the clock slider moves the clock too", async () => {
    pg = await harness.open();
    const slider = pg.page.locator("[data-testid=clock-slider]");
    const setSlider = (v) =>
      slider.evaluate((el, v) => {
        el.value = String(v);
        el.dispatchEvent(new Event("input", { bubbles: true }));
      }, v);
    await setSlider(exp + 301);
    await pg.expectVerdict("rejected", "ExpiredTokenException");
    await setSlider(exp - 60);
    await pg.expectVerdict("accepted", "");
  });

  it("invalid JSON in the JWKS editor: error in place with line and column, rejected at signature, text kept", async () => {
    pg = await harness.open();
    const jwks = pg.field("editor-jwks");
    await jwks.fill("");
    // Typed key by key: every keystroke re-runs the engine, and the textarea must keep every character.
    const typed = '{\n  "keys": [\n    {"kty": "RSA",\n  ]\n}';
    await jwks.pressSequentially(typed);
    assert.equal(await jwks.inputValue(), typed, "nothing typed is lost");
    assert.equal(await jwks.getAttribute("aria-invalid"), "true");
    const error = pg.page.locator("[data-testid=editor-jwks-error]");
    assert.match(await error.innerText(), /Not valid JSON, line 4, column 3: /);
    await pg.expectVerdict("rejected", "InvalidIdentityToken");
    assert.equal(await pg.arrowStatus("signature"), "fail");

    // Fixing it clears the error and the verdict follows.
    await jwks.fill(JSON.stringify(main.idps["https://token.actions.githubusercontent.com"].jwks, null, 2));
    await pg.expectVerdict("accepted", "");
    assert.equal(await error.count(), 0);
  });

  it("typing in one field keeps the text of the others", async () => {
    pg = await harness.open();
    await pg.fill("field-client-ids", "sts.amazonaws.com\nsomething-else");
    const session = pg.field("field-rolesessionname");
    await pg.reveal("field-rolesessionname");
    await session.press("End"); // programmatic focus puts the caret at the start
    await session.pressSequentially("-x1");
    await pg.field("editor-policy").fill("{");
    await pg.expectVerdict("rejected");
    await pg.reveal("field-rolesessionname");
    await session.press("End");
    await session.pressSequentially("2");
    assert.equal(await pg.field("field-client-ids").inputValue(), "sts.amazonaws.com\nsomething-else");
    assert.equal(await pg.field("field-rolesessionname").inputValue(), "gha-deploy-x12");
    assert.equal(await pg.field("editor-policy").inputValue(), "{");
  });
});
