// Sign GitHub Actions-style tokens with npm `jose` (an independent JWT implementation) and the
// fixed test keys, for tests/interop.rs. Prints `{"RS256": "<token>", ...}` on stdout.
//
// The claims (and so the clock they fit) are those of
// tests/fixtures/scenarios/presets/github-actions-main.json; the header is {alg, kid, typ}
// with kid = the key's name. Run from anywhere: paths are relative to this file.
import { readFileSync } from "node:fs";
import { importPKCS8, SignJWT } from "jose";

const here = (path) => new URL(path, import.meta.url);
const preset = JSON.parse(
  readFileSync(here("../fixtures/scenarios/presets/github-actions-main.json"), "utf8"),
);
const claims = preset.mint.claims;

const KEYS = {
  RS256: "rsa-a",
  RS384: "rsa-a",
  RS512: "rsa-a",
  ES256: "ec-p256",
  ES384: "ec-p384",
  ES512: "ec-p521",
};

const tokens = {};
for (const [alg, kid] of Object.entries(KEYS)) {
  const pem = readFileSync(here(`../fixtures/keys/${kid}.pem`), "utf8");
  const key = await importPKCS8(pem, alg);
  // The payload carries iss, sub, aud, iat, nbf and exp itself: no setIssuedAt() & co., so the
  // token fits the preset's clock rather than the machine's.
  tokens[alg] = await new SignJWT(claims).setProtectedHeader({ alg, kid, typ: "JWT" }).sign(key);
}
process.stdout.write(`${JSON.stringify(tokens, null, 2)}\n`);
