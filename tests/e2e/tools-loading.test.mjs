// The tools (who-can, test cases, exports, the GitHub token builder) are a second wasm module that
// the page imports the first time one is opened, so the first load stays small. It is imported as
// scripts from the page's own directory (the page forbids fetch after load), exactly once.
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { startHarness, SUB_PATH } from "./playground-page.mjs";

describe("the tools module, loaded on first use", { timeout: 120_000 }, () => {
  let harness, pg;
  before(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    await pg?.close();
  });
  after(async () => {
    await harness?.close();
  });

  it("is not part of the first load; opening a tool imports it once, as same-origin scripts", async () => {
    const requests = [];
    pg = await harness.open({}, async (page) => {
      page.on("request", (r) => requests.push({ url: r.url(), type: r.resourceType() }));
    });
    const { page } = pg;
    const isTools = (r) => /\/tools-[0-9a-f]{16}\//.test(r.url);
    assert.deepEqual(requests.filter(isTools), [], "the first load fetches no part of the tools");
    const firstLoad = requests.length;

    // Before opening, the shell shows the plain summary; opening it mounts the tool.
    await page.locator("[data-testid=exports] summary").click();
    await page.locator("[data-testid=export-text]").waitFor();
    assert.match(await page.locator("[data-testid=export-text]").inputValue(), /resource "aws_iam_role" "deploy"/);
    const toolsRequests = requests.slice(firstLoad);
    assert.ok(toolsRequests.length >= 2, `the tools' glue and wasm were imported: ${JSON.stringify(toolsRequests)}`);
    for (const r of toolsRequests) {
      assert.ok(isTools(r) && r.url.startsWith(harness.server.baseURL), `under the page's directory: ${r.url}`);
      assert.equal(r.type, "script", `imported as a script, not fetched: ${r.url}`);
    }
    assert.ok(toolsRequests.some((r) => r.url.endsWith("/stsplay_tools_wasm.js")), "the wasm travels as a script");

    // Other tools come from the same module: nothing more is loaded.
    await page.locator("[data-testid=who-can] summary").click();
    await page.locator("[data-testid=who-can-run]").click();
    await page.locator("[data-testid=who-can-summary]").waitFor();
    await pg.openDecoded();
    await page.locator("[data-testid=github-builder] summary").click();
    await page.locator("[data-testid=github-build]").waitFor();
    await page.locator("[data-testid=cases] summary").click();
    await page.locator("[data-testid=case-add]").click();
    await page.locator("[data-testid=cases] tr[data-passed=true]").waitFor();
    assert.equal(requests.length, firstLoad + toolsRequests.length, "the module is imported once");
    assert.deepEqual(
      harness.server.hits.filter((h) => !h.url.startsWith(SUB_PATH)),
      [],
      "every request is under the sub-path",
    );
    // A CSP refusal would show up as a console error.
    pg.assertNoErrors();
  });

  it("the tools follow the page: an edit reaches them, and their signed token comes back", async () => {
    pg = await harness.open();
    const { page } = pg;
    await page.locator("[data-testid=exports] summary").click();
    const text = page.locator("[data-testid=export-text]");
    await text.waitFor();
    await pg.fill("field-client-ids", "sts.amazonaws.com\nmy-other-app");
    await page.waitForFunction(() => document.querySelector("[data-testid=export-text]")?.value.includes('"my-other-app"'));

    // The builder asks the page to sign: the page's token changes and the verdict follows.
    await pg.openDecoded();
    await page.locator("[data-testid=github-builder] summary").click();
    await page.locator("#gh-ref").fill("refs/heads/feature");
    await page.locator("#gh-ref").press("Tab");
    await page.locator("[data-testid=github-build]").click();
    await pg.expectVerdict("rejected", "AccessDenied");
    pg.assertNoErrors();
  });

  it("when the tools cannot be loaded (offline), the panel says so, the page keeps working, and the next opening tries again", async () => {
    const blocked = /\/tools-[0-9a-f]{16}\//;
    pg = await harness.open({}, async (page) => {
      await page.route(blocked, (route) => route.abort("internetdisconnected"));
    });
    const { page } = pg;
    await page.locator("[data-testid=cases] summary").click();
    const status = page.locator("[data-testid=cases] [role=status]");
    await page.waitForFunction(() =>
      document.querySelector("[data-testid=cases] [role=status]")?.textContent.includes("could not be loaded"),
    );
    assert.match(await status.innerText(), /This tool could not be loaded \(.+\)\. It is tried again when you next open it\./);
    await pg.fill("field-client-ids", "sts.amazon.com");
    await pg.expectVerdict("rejected", "InvalidIdentityToken");
    // Back online: closing and opening the panel again loads the tool, without a reload.
    await page.unroute(blocked);
    await page.locator("[data-testid=cases] summary").click();
    await page.locator("[data-testid=cases] summary").click();
    await page.locator("[data-testid=case-add]").waitFor();
    assert.equal(await status.count(), 0, "the failure message is gone");
    pg.assertNoErrors([/Failed to load resource/, /Failed to fetch dynamically imported module/]);
  });
});
