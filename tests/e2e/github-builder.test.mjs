// The GitHub Actions claim builder form: describe a workflow run, and the playground signs the
// claims GitHub would issue with its own key, so a trust policy can be tried against any
// repository, event, environment or subject format without handling keys.
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { startHarness } from "./playground-page.mjs";

describe("GitHub claim builder", { timeout: 120_000 }, () => {
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

  const open = async () => {
    await pg.openDecoded();
    await pg.page.locator("[data-testid=github-builder] summary").click();
    // It starts from the current token (the default preset's push to main).
    assert.equal(await pg.page.locator("#gh-repository").inputValue(), "octo-repo");
    assert.equal(await pg.page.locator("#gh-ref").inputValue(), "refs/heads/main");
  };
  const claim = (name) => pg.page.locator(`tr[data-claim=${name}] input`).inputValue();

  it("a pull request from the same repository: built, signed, and refused by the branch-pinned policy", async () => {
    pg = await harness.open();
    await pg.expectVerdict("accepted", "");
    await open();
    await pg.page.locator("#gh-event").selectOption("pull_request");
    // A pull request runs on its merge ref, not on the branch the form started from.
    assert.equal(await pg.page.locator("#gh-ref").inputValue(), "");
    await pg.page.locator("[data-testid=github-build]").click();
    await pg.expectVerdict("rejected", "AccessDenied");
    assert.equal(await pg.arrowStatus("signature"), "pass", "signed with the playground key, JWKS updated");
    assert.equal(await pg.arrowStatus("trust_policy"), "fail");
    assert.equal(await claim("sub"), "repo:octo-org/octo-repo:pull_request");
    assert.equal(await claim("event_name"), "pull_request");
    assert.equal(await claim("ref"), "refs/pull/1/merge");
    assert.match(await pg.page.locator("[data-testid=notice]").innerText(), /Built the token GitHub would issue/);
  });

  it("the immutable subject format against the legacy-style policy is refused; back to legacy is accepted", async () => {
    pg = await harness.open();
    await open();
    await pg.page.locator("#gh-sub-format").selectOption("immutable");
    await pg.page.locator("[data-testid=github-build]").click();
    await pg.expectVerdict("rejected", "AccessDenied");
    assert.equal(await claim("sub"), "repo:octo-org@65/octo-repo@74:ref:refs/heads/main");

    await pg.page.locator("#gh-sub-format").selectOption("legacy");
    await pg.page.locator("[data-testid=github-build]").click();
    await pg.expectVerdict("accepted", "");
    assert.equal(await claim("sub"), "repo:octo-org/octo-repo:ref:refs/heads/main");
  });

  it("bad input names the member and keeps the token", async () => {
    pg = await harness.open();
    await open();
    await pg.page.locator("#gh-owner_id").fill("sixty-five");
    await pg.page.locator("#gh-owner_id").press("Tab");
    await pg.page.locator("[data-testid=github-build]").click();
    assert.match(await pg.page.locator("[data-testid=github-builder-error]").innerText(), /^owner_id: /);
    await pg.expectVerdict("accepted", "");
  });
});
