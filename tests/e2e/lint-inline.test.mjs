// The lint pack in the policy editor: findings about the policy are listed under it with line
// and column, message and help, and clicking one selects the exact text it is about.
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { startHarness } from "./playground-page.mjs";

describe("lint findings in the policy editor", { timeout: 120_000 }, () => {
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

  it("a wildcard repository is flagged at its line, with help, and a click selects it", async () => {
    pg = await harness.open();
    const page = pg.page;
    await pg.expectVerdict("accepted", "");
    const policy = page.locator("[data-testid=editor-policy] textarea");
    const text = await policy.inputValue();
    const loose = text.replace("repo:octo-org/octo-repo:ref:refs/heads/main", "repo:octo-org/*");
    await policy.fill(loose);
    await pg.expectVerdict("accepted", "");

    const finding = page.locator("[data-testid=editor-findings] li[data-code=github-sub-any-repository]");
    await finding.waitFor();
    const line = loose.split("\n").findIndex((l) => l.includes("repo:octo-org/*")) + 1;
    assert.equal(await finding.getAttribute("data-line"), String(line));
    assert.match(await finding.innerText(), new RegExp(`^${line}:\\d+ `));
    assert.ok((await finding.locator(".finding-help").innerText()).length > 10, "help text");

    await finding.locator("button").click();
    const selected = await policy.evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd));
    assert.equal(selected, '"repo:octo-org/*"');
    // The text the user typed is untouched.
    assert.equal(await policy.inputValue(), loose);

    // Pinning the repository again clears the finding.
    await policy.fill(text);
    await pg.expectVerdict("accepted", "");
    assert.equal(await finding.count(), 0);
  });
});
