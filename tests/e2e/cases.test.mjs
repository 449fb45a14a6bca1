// "Test cases": pin what STS does with sets of claims, watch them pass or fail as the policy
// changes, and copy them out as a test file that `stsplay test` runs.
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startHarness, ROOT } from "./playground-page.mjs";

describe("test cases", { timeout: 120_000 }, () => {
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

  it("pins the current token and a built pull request, re-runs them on policy edits, and exports a file stsplay test passes", async () => {
    pg = await harness.open({ permissions: ["clipboard-read", "clipboard-write"] });
    const page = pg.page;
    await pg.expectVerdict("accepted", "");
    await page.locator("[data-testid=cases] summary").click();
    await page.locator("[data-testid=case-add]").click();


    await pg.openDecoded();
    await page.locator("[data-testid=github-builder] summary").click();
    await page.locator("#gh-event").selectOption("pull_request");
    await page.locator("[data-testid=github-add-case]").click();

    const rows = page.locator("[data-testid=cases] tbody tr");
    await assertRows(rows, [["true", /accepted/], ["true", /rejected: AccessDenied/]]);
    assert.match(await page.locator("[data-testid=cases-summary]").innerText(), /2 of 2 pass/);

    // Loosen the policy to any ref of the repository: the pull request is now admitted, so its
    // case (pinned as refused) fails.
    const policy = page.locator("[data-testid=editor-policy] textarea");
    const text = await policy.inputValue();
    await policy.fill(text.replace("repo:octo-org/octo-repo:ref:refs/heads/main", "repo:octo-org/octo-repo:*"));
    await assertRows(rows, [["true", /accepted/], ["false", /accepted/]]);
    assert.match(await page.locator("[data-testid=cases-summary]").innerText(), /1 of 2 pass/);

    // Back to the pinned policy, export, and let the real CLI run the file.
    await policy.fill(text);
    await assertRows(rows, [["true", /accepted/], ["true", /rejected: AccessDenied/]]);
    await page.locator("[data-testid=cases-copy]").click();
    const file = await page.locator("[data-testid=cases-file]").inputValue();
    const dir = mkdtempSync(path.join(tmpdir(), "stsplay-cases-"));
    const at = path.join(dir, "playground.stsplay-test.json");
    writeFileSync(at, file);
    // `cargo test` (run before this suite by scripts/test) builds the CLI.
    const cli = path.join(process.env.CARGO_TARGET_DIR ?? path.join(ROOT, "target"), "debug", "stsplay");
    const out = execFileSync(cli, ["test", at], { encoding: "utf8" });
    assert.match(out, /2 cases in 1 file: 2 passed, 0 failed/);

    // The cases survive a reload.
    await page.reload();
    await page.locator("[data-testid=cases] summary").click();
    await assertRows(rows, [["true", /accepted/], ["true", /rejected: AccessDenied/]]);
  });
});

async function assertRows(rows, expected) {
  for (let attempt = 0; ; attempt++) {
    const actual = [];
    for (let i = 0; i < (await rows.count()); i++) {
      actual.push([await rows.nth(i).getAttribute("data-passed"), await rows.nth(i).locator(".case-result").innerText()]);
    }
    const ok = actual.length === expected.length && expected.every(([p, re], i) => actual[i][0] === p && re.test(actual[i][1]));
    if (ok) return;
    if (attempt > 40) assert.fail(`cases: ${JSON.stringify(actual)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
