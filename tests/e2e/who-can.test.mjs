// "Who else can assume this role?": counterexamples the trust policy admits, confirmed by the
// engine and graded; one can be pinned as a test case that must be refused.
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { startHarness } from "./playground-page.mjs";

describe("who else can assume this role", { timeout: 120_000 }, () => {
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

  it("a branch-pinned policy admits nothing dangerous; `repo:o/r:*` admits pull requests, which can be pinned as a failing case", async () => {
    pg = await harness.open();
    const page = pg.page;
    await pg.expectVerdict("accepted", "");
    await page.locator("[data-testid=who-can] summary").click();
    await page.locator("[data-testid=who-can-run]").click();
    assert.match(await page.locator("[data-testid=who-can-summary]").innerText(), /0 dangerous, 0 caution/);

    const policy = page.locator("[data-testid=editor-policy] textarea");
    const text = await policy.inputValue();
    await policy.fill(text.replace("repo:octo-org/octo-repo:ref:refs/heads/main", "repo:octo-org/octo-repo:*"));
    await page.locator("[data-testid=who-can-stale]").waitFor();
    await page.locator("[data-testid=who-can-run]").click();
    assert.equal(await page.locator("[data-testid=who-can-stale]").count(), 0);
    assert.match(await page.locator("[data-testid=who-can-summary]").innerText(), /[1-9]\d* dangerous/);
    const pullRequest = page.locator("[data-testid=counterexamples] li[data-grade=dangerous]").filter({ hasText: "repo:octo-org/octo-repo:pull_request" });
    assert.equal(await pullRequest.count(), 1);
    assert.ok(await page.locator("[data-testid=counterexamples] li[data-grade=caution]").filter({ hasText: "refs/heads/any-branch" }).count() >= 1);

    await pullRequest.locator("[data-testid=who-can-pin]").click();
    await page.locator("[data-testid=cases] summary").click();
    const row = page.locator("[data-testid=cases] tbody tr").first();
    await page.waitForFunction(() => document.querySelector("[data-testid=cases] tbody tr")?.dataset.passed === "false");
    assert.match(await row.locator(".case-result").innerText(), /accepted/);

    // Tighten the policy again: the pinned case passes.
    await policy.fill(text);
    await page.waitForFunction(() => document.querySelector("[data-testid=cases] tbody tr")?.dataset.passed === "true");
  });
});
