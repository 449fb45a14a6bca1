// "Export": the scenario as Terraform, CloudFormation, AWS CLI commands or a Mermaid diagram,
// following every edit, with a copy button.
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { startHarness } from "./playground-page.mjs";

describe("exports", { timeout: 120_000 }, () => {
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

  it("each format shows the scenario, follows edits, and copies", async () => {
    pg = await harness.open({ permissions: ["clipboard-read", "clipboard-write"] });
    const page = pg.page;
    await pg.expectVerdict("accepted", "");
    await page.locator("[data-testid=exports] summary").click();
    const text = page.locator("[data-testid=export-text]");

    assert.match(await text.inputValue(), /resource "aws_iam_openid_connect_provider"/);
    assert.match(await text.inputValue(), /resource "aws_iam_role" "deploy"/);
    await page.locator("[data-testid=exports] [data-format=cloudformation]").click();
    assert.match(await text.inputValue(), /Type: AWS::IAM::Role/);
    await page.locator("[data-testid=exports] [data-format=mermaid]").click();
    assert.match(await text.inputValue(), /^sequenceDiagram/);
    await page.locator("[data-testid=exports] [data-format=aws-cli]").click();
    assert.match(await text.inputValue(), /aws sts assume-role-with-web-identity/);
    assert.match(await text.inputValue(), /--role-session-name 'gha-deploy'/);

    await pg.fill("field-rolesessionname", "release-42");
    await pg.expectVerdict("accepted", "");
    assert.match(await text.inputValue(), /--role-session-name 'release-42'/);

    await page.locator("[data-testid=export-copy]").click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, await text.inputValue());
  });
});
