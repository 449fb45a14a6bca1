// Nothing leaves the page: every request during load and use goes to the page's own origin, and
// after load the Content-Security-Policy blocks connections outright. Claims are rendered as text.
import { describe, it, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { startHarness, loadPresets, SUB_PATH } from "./playground-page.mjs";

const main = loadPresets().find((p) => p.id === "github-actions-main").doc;
const XSS = '<img src=x onerror="window.__xss=1">';

describe("privacy and safety", { timeout: 120_000 }, () => {
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

  it("zero requests leave the origin during load and every kind of interaction", async () => {
    const requests = [];
    const sockets = [];
    pg = await harness.open({ permissions: ["clipboard-read", "clipboard-write"] }, async (page, context) => {
      context.on("request", (r) => requests.push(r.url()));
      page.on("websocket", (ws) => sockets.push(ws.url()));
    });
    const { page } = pg;
    const loadRequests = requests.length;
    assert.ok(loadRequests >= 4, `the page, its js, wasm and css were requested (${requests.join(", ")})`);

    // Use everything: presets, fields, editors, the token, playback, the step log, advanced JSON.
    for (const id of ["github-pull-request-rejected", "github-untrusted-tls", "google-azp", "github-actions-main"]) {
      await pg.choosePreset(id);
    }
    await pg.fill("field-client-ids", "sts.amazon.com");
    await pg.fill("field-url", "https://example.com/issuer");
    await pg.page.locator("#tls-trusted").uncheck();
    await pg.fill("field-served-thumbprint", "0000000000000000000000000000000000000000");
    await pg.fill("editor-jwks", '{"keys": [{"kty": "RSA", "x5u": "https://example.com/cert.pem"}]}');
    await pg.fill("editor-policy", '{"Version": "2012-10-17", "Statement": []}');
    await pg.fill("token", main.request.WebIdentityToken.replace(/\.[^.]+$/, ".AAAA"));
    await pg.reveal("clock-text");
    await pg.page.locator("[data-testid=clock-slider]").focus();
    await pg.page.keyboard.press("ArrowRight");
    await pg.page.locator("[data-testid=undo-preset]").click();
    await pg.page.locator("[data-testid=restart]").click();
    await pg.page.locator("[data-testid=play]").click();
    await pg.page.locator("[data-testid=step-forward]").click();
    await pg.page.locator("[data-testid=step-back]").click();
    await pg.page.locator("[data-testid=step-forward]").click();
    await pg.page.locator("[data-testid=step-forward]").click();
    await pg.page.locator("[data-testid=step-log] li button").first().click();
    await pg.page.locator("[data-testid=editor-scenario] summary").click();
    await pg.page.locator("[data-testid=editor-scenario] textarea").fill(JSON.stringify({ ...main, now: "2026-11-22T10:05:00Z" }));
    await pg.page.locator("[data-testid=editor-scenario] textarea").press("Tab");
    await pg.expectVerdict("accepted", "");
    // Sharing builds links in the page (the scenario goes in the fragment) and sends nothing.
    for (const id of ["share", "redact", "share", "share-copy", "embed-snippet"]) {
      const control = page.locator(`[data-testid=${id}]`);
      if (await control.count()) await control.click();
    }
    const link = page.locator("[data-testid=share-link]");
    if (await link.count()) assert.match(await link.inputValue(), new RegExp(`^${harness.server.baseURL}#.`), "the scenario is in the fragment");
    await page.waitForTimeout(500);

    const origin = harness.server.origin + "/";
    const foreign = requests.filter((u) => !u.startsWith(origin));
    assert.deepEqual(foreign, [], "requests to other origins");
    assert.deepEqual(sockets, [], "websockets");
    assert.deepEqual(
      harness.server.hits.filter((h) => !h.url.startsWith(SUB_PATH)),
      [],
      "every request the server saw is under the sub-path",
    );
    // After load, the only requests are for the page's own tools module (redaction runs there),
    // imported as scripts from the page's directory: nothing the user typed is in them.
    const later = requests.slice(loadRequests);
    assert.deepEqual(
      later.filter((u) => !/\/tools-[0-9a-f]{16}\/stsplay_tools(_wasm)?\.js$/.test(u)),
      [],
      `no other request after load: ${later.join(", ")}`,
    );
    pg.assertNoErrors();
  });

  it("after load the CSP blocks fetch(), to other origins and even to the page's own origin", async () => {
    pg = await harness.open();
    const { page } = pg;
    const metas = await page.$$eval('meta[http-equiv="Content-Security-Policy"]', (ms) => ms.map((m) => m.content));
    assert.ok(metas.includes("connect-src 'none'"), `the app added connect-src 'none': ${metas.join(" | ")}`);
    // Inline scripts run only by their hashes (the build's loader), never any inline script.
    const scriptSrc = metas[0].match(/script-src ([^;]*)/)[1];
    assert.doesNotMatch(scriptSrc, /'unsafe-inline'/, `script-src: ${scriptSrc}`);
    assert.match(scriptSrc, /'sha256-[A-Za-z0-9+/]{43}='/, `script-src: ${scriptSrc}`);
    const injected = await page.evaluate(() => {
      const s = document.createElement("script");
      s.textContent = "window.__injected = 1";
      document.body.append(s);
      return window.__injected ?? null;
    });
    assert.equal(injected, null, "an injected inline script does not run");
    const hitsBefore = harness.server.hits.length;
    const result = await page.evaluate(async () => {
      const violations = [];
      document.addEventListener("securitypolicyviolation", (e) =>
        violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI }),
      );
      const attempt = (url) =>
        fetch(url).then(
          (r) => `resolved ${r.status}`,
          (e) => `rejected ${e.name}`,
        );
      const external = await attempt("https://example.com");
      const sameOrigin = await attempt("./index.html?probe");
      await new Promise((r) => setTimeout(r, 50));
      return { external, sameOrigin, violations };
    });
    assert.equal(result.external, "rejected TypeError");
    assert.equal(result.sameOrigin, "rejected TypeError", "connect-src 'none' applies after load");
    assert.ok(
      result.violations.some((v) => v.directive === "connect-src" && v.blocked.startsWith("https://example.com")),
      `a CSP violation was reported for example.com: ${JSON.stringify(result.violations)}`,
    );
    assert.equal(harness.server.hits.length, hitsBefore, "the same-origin probe never reached the server");
    pg.assertNoErrors([/Refused to connect/, /Content Security Policy/]);
  });

  it(`a claim holding ${XSS} is shown as text and stays inert`, async () => {
    pg = await harness.open();
    const { page } = pg;
    const [header, payload] = main.request.WebIdentityToken.split(".");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    const evil = { ...claims, sub: XSS, [XSS]: "a claim name" };
    const token = `${header}.${Buffer.from(JSON.stringify(evil)).toString("base64url")}.${Buffer.from("junk signature").toString("base64url")}`;
    const hitsBefore = harness.server.hits.length;

    await pg.fill("token", token);
    await pg.expectVerdict("rejected", "InvalidIdentityToken");
    assert.equal(await pg.arrowStatus("signature"), "fail", "the junk signature fails, the claims still render");
    await pg.openDecoded();
    const sub = page.locator("[data-testid=decoded-token] tr[data-claim=sub] .value");
    await sub.waitFor();
    assert.ok(await sub.isVisible());
    // The value is shown as text: in an editable <input> (a string without its quotes) or, read-only,
    // as JSON in <code>.
    const shown = await sub.evaluate((el) => ({ tag: el.tagName, text: el.tagName === "INPUT" ? el.value : el.textContent }));
    assert.equal(shown.text, shown.tag === "INPUT" ? XSS : JSON.stringify(XSS), "the claim's text is shown literally");
    assert.equal(
      await page.locator(`[data-testid=decoded-token] tr[data-claim=${JSON.stringify(XSS)}] th`).innerText(),
      XSS,
      "a claim name holding markup is text too",
    );

    // Markup typed into the editable claims view is text as well.
    const aud = page.locator("[data-testid=decoded-token] tr[data-claim=aud] input.value");
    if (await aud.count()) {
      await aud.fill(XSS);
      await aud.press("Enter");
      await page.waitForFunction((x) => document.querySelector("tr[data-claim=aud] .value")?.value === x, XSS);
    }
    await page.waitForTimeout(300); // an <img src=x> would have failed and fired onerror by now
    assert.equal(await page.evaluate(() => typeof window.__xss), "undefined");
    assert.equal(await page.locator("[data-testid=decoded-token] img").count(), 0);
    assert.equal(await page.locator("img").count(), 0, "no <img> anywhere on the page");
    // The Decoded tab is part of the tools module, which its first opening imports; nothing else.
    const others = harness.server.hits.slice(hitsBefore).filter((h) => !/\/tools-[0-9a-f]{16}\/stsplay_tools(_wasm)?\.js$/.test(h.url));
    assert.deepEqual(others, [], "nothing requested `x`");
    pg.assertNoErrors();
  });
});
