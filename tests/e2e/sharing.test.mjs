// What users hit when sharing and pasting: redaction that keeps the scenario intact, an embed
// snippet and a preset menu that tell the truth about what is on screen, links made by earlier
// builds, and AWS CLI output pasted where a user would paste it.
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { startHarness, loadPresets, ROOT, jwtClaims } from "./playground-page.mjs";

const LINKS = path.join(ROOT, "tests", "fixtures", "share-links");
const main = loadPresets().find((p) => p.id === "github-actions-main").doc;

describe("sharing and pasting", { timeout: 180_000 }, () => {
  let harness, pg;
  before(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    pg?.assertNoErrors();
    await pg?.close();
    pg = undefined;
  });
  after(async () => {
    await harness?.close();
  });

  /** Paste `text` into the field as a user would: clipboard, select all, Ctrl+V. */
  async function paste(locator, text) {
    await pg.page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await locator.focus();
    await pg.page.keyboard.press("Control+A");
    await pg.page.keyboard.press("Control+V");
  }

  for (const id of ["github-actions-main", "github-pull-request-rejected", "github-tampered", "google-azp"]) {
    it(`${id}: a redacted link keeps the verdict, the Version, the account and the role ARN`, async () => {
      pg = await harness.open({ permissions: ["clipboard-read", "clipboard-write"] });
      const { page } = pg;
      await pg.choosePreset(id);
      const before = await pg.verdict();
      const original = (await page.evaluate(() => localStorage.getItem("stsplay.workspace.v1"))) ?? "";
      await page.locator("[data-testid=redact]").check();
      await page.locator("[data-testid=share]").click();
      const report = page.locator("[data-testid=redaction-report]");
      await report.waitFor();
      const url = await page.locator("[data-testid=share-link]").inputValue();
      // The sender sees what was replaced before copying.
      assert.match(await report.innerText(), /→/);
      await page.locator("[data-testid=share-copy]").click();
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url);

      const other = await harness.open();
      await other.goto(url);
      assert.deepEqual(await other.verdict(), before, "the same outcome and code");
      const doc = JSON.parse(await other.page.evaluate(() => localStorage.getItem("stsplay.workspace.v1")));
      const policy = doc.roles[0].AssumeRolePolicyDocument;
      assert.equal(typeof policy === "string" ? JSON.parse(policy).Version : policy.Version, "2012-10-17");
      assert.equal(doc.request.RoleArn, JSON.parse(original).request.RoleArn);
      const was = jwtClaims(JSON.parse(original).request.WebIdentityToken);
      const now = jwtClaims(doc.request.WebIdentityToken);
      for (const claim of ["sub", "actor", "repository", "repository_owner", "email"]) {
        if (claim in was) assert.notEqual(now[claim], was[claim], `${claim} is replaced`);
      }
      assert.match(await other.page.locator("[data-testid=preset]").evaluate((el) => el.selectedOptions[0].textContent), /^Shared scenario$/);
      other.assertNoErrors();
      await other.close();
    });
  }

  it("the embed snippet embeds what is on screen: the preset's name, else the scenario", async () => {
    pg = await harness.open();
    const { page } = pg;
    await pg.choosePreset("github-expired");
    await page.locator("[data-testid=embed-snippet]").click();
    const code = page.locator("[data-testid=embed-code]");
    assert.match(await code.inputValue(), /#embed&preset=github-expired&autoplay"/);
    await pg.fill("field-durationseconds", "7200");
    await page.locator("[data-testid=embed-snippet]").click();
    const snippet = await code.inputValue();
    assert.doesNotMatch(snippet, /preset=/);
    const src = snippet.match(/src="([^"]+)"/)[1];
    assert.match(src, /#embed&autoplay&s=/);
    const embed = await harness.open();
    await embed.goto(src);
    await embed.page.locator("[data-testid=embed] [data-testid=verdict]").waitFor();
    assert.deepEqual(await embed.verdict(), { outcome: "rejected", code: "ExpiredTokenException" });
    embed.assertNoErrors();
    await embed.close();
  });

  it("the preset menu names what is loaded: after an edit, an undo, a reload and a shared link", async () => {
    pg = await harness.open();
    const { page } = pg;
    const menu = page.locator("[data-testid=preset]");
    const shown = () => menu.evaluate((el) => el.selectedOptions[0].textContent);
    await pg.choosePreset("github-tag");
    assert.equal(await menu.inputValue(), "github-tag");
    await pg.fill("field-durationseconds", "1800");
    assert.match(await shown(), /^Edited: /);
    await pg.choosePreset("github-expired");
    assert.equal(await menu.inputValue(), "github-expired");
    await page.locator("[data-testid=undo-preset]").click();
    assert.match(await shown(), /^Edited: /, "undo brings back the edited document, and the menu says so");
    await page.reload();
    await pg.waitReady();
    assert.match(await shown(), /^Edited: /, "a reload keeps the truth");
    await page.locator("[data-testid=share]").click();
    const url = await page.locator("[data-testid=share-link]").inputValue();
    const other = await harness.open();
    await other.goto(url);
    assert.match(await other.page.locator("[data-testid=preset]").evaluate((el) => el.selectedOptions[0].textContent), /^Shared scenario$/);
    other.assertNoErrors();
    await other.close();
  });

  for (const file of readdirSync(LINKS).filter((f) => f.endsWith(".json"))) {
    it(`a link made before the redesign still opens: ${file}`, async () => {
      const fixture = JSON.parse(readFileSync(path.join(LINKS, file), "utf8"));
      pg = await harness.open();
      await pg.goto(harness.server.baseURL + fixture.link);
      await pg.expectVerdict(fixture.expect.outcome, fixture.expect.code ?? "");
      if (fixture.expect.failed_step) assert.equal(await pg.arrowStatus(fixture.expect.failed_step), "fail");
      const doc = JSON.parse(await pg.page.evaluate(() => localStorage.getItem("stsplay.workspace.v1")));
      assert.deepEqual(doc, fixture.scenario, "the same scenario");
    });
  }

  it("aws iam get-role output pasted into the policy editor: unwrapped, the role filled in, and said so", async () => {
    pg = await harness.open({ permissions: ["clipboard-read", "clipboard-write"] });
    const { page } = pg;
    const policy = main.roles[0].AssumeRolePolicyDocument;
    const getRole = {
      Role: {
        Path: "/ci/",
        RoleName: main.roles[0].RoleName,
        RoleId: "AROAEXAMPLEEXAMPLE12",
        Arn: `arn:aws:iam::123456789012:role/ci/${main.roles[0].RoleName}`,
        CreateDate: "2026-01-02T03:04:05+00:00",
        AssumeRolePolicyDocument: policy,
        MaxSessionDuration: 7200,
        RoleLastUsed: {},
      },
    };
    await paste(page.locator("#editor-policy"), JSON.stringify(getRole, null, 4));
    await pg.expectVerdict("accepted", "");
    assert.match(await page.locator("[data-testid=notice]").innerText(), /get-role/);
    const text = await page.locator("#editor-policy").inputValue();
    assert.deepEqual(JSON.parse(text), policy, "the editor holds the policy itself");
    await pg.reveal("field-maxsessionduration");
    assert.equal(await pg.field("field-maxsessionduration").inputValue(), "7200");
    assert.equal(await pg.field("field-path").inputValue(), "/ci/");

    // The URL-encoded policy older CLI versions and CloudTrail show.
    await paste(page.locator("#editor-policy"), encodeURIComponent(JSON.stringify(policy)));
    await pg.expectVerdict("accepted", "");
    assert.deepEqual(JSON.parse(await page.locator("#editor-policy").inputValue()), policy);
  });

  it("aws iam get-open-id-connect-provider output pasted into a provider field fills the provider", async () => {
    pg = await harness.open({ permissions: ["clipboard-read", "clipboard-write"] });
    const output = {
      Url: "token.actions.githubusercontent.com",
      ClientIDList: ["sts.amazonaws.com", "my-app"],
      ThumbprintList: ["6938fd4d98bab03faadb97b34396831e3780aea1"],
      CreateDate: "2026-01-02T03:04:05+00:00",
      Tags: [],
    };
    await pg.reveal("field-url");
    await paste(pg.field("field-url"), JSON.stringify(output, null, 4));
    await pg.expectVerdict("accepted", "");
    assert.equal(await pg.field("field-client-ids").inputValue(), "sts.amazonaws.com\nmy-app");
    assert.equal(await pg.field("field-url").inputValue(), "token.actions.githubusercontent.com");
    assert.match(await pg.page.locator("[data-testid=notice]").innerText(), /get-open-id-connect-provider/);
  });

  it("a role given as {\"Role\": …} in the whole-scenario view keeps the policy editor and role fields", async () => {
    pg = await harness.open();
    const { page } = pg;
    const wrapped = { ...main, roles: [{ Role: { ...main.roles[0], MaxSessionDuration: 5400 } }] };
    await page.locator("[data-testid=editor-scenario] summary").click();
    await page.locator("[data-testid=editor-scenario] textarea").fill(JSON.stringify(wrapped));
    await page.locator("[data-testid=editor-scenario] textarea").press("Tab");
    await pg.expectVerdict("accepted", "");
    assert.deepEqual(JSON.parse(await page.locator("#editor-policy").inputValue()), main.roles[0].AssumeRolePolicyDocument);
    await pg.reveal("field-maxsessionduration");
    assert.equal(await pg.field("field-maxsessionduration").inputValue(), "5400");
    assert.equal(await pg.field("field-role-name").inputValue(), main.roles[0].RoleName);
    assert.equal(jwtClaims(main.request.WebIdentityToken).iss, "https://token.actions.githubusercontent.com");
  });
});
