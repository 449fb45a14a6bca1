// Write seed corpora for the fuzz targets from tests/fixtures/scenarios/**.json.
//
// Fixtures keep their token and JWKS in a `mint` block (the Rust test harness signs them), so
// the files may hold an empty WebIdentityToken. To give the fuzzer scenarios that get past the
// signature step, this script signs each `mint` block itself with node:crypto and the fixed test
// keys, mirroring tests/scenarios.rs (`apply_mint`). ECDSA signatures here are randomized, RSA
// ones are not; either way they verify. Usage: node fuzz/seed-mint.mjs OUT_DIR
import { createHash, createPrivateKey, createPublicKey, sign } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const out = resolve(process.argv[2] ?? join(root, "fuzz/corpus"));
const b64 = (buf) => Buffer.from(buf).toString("base64url");

const keys = new Map();
function key(name) {
  if (!keys.has(name)) {
    const pem = readFileSync(join(root, "tests/fixtures/keys", `${name}.pem`), "utf8");
    keys.set(name, createPrivateKey(pem));
  }
  return keys.get(name);
}
const defaultAlg = (name) =>
  name.startsWith("rsa") ? "RS256" : { "ec-p256": "ES256", "ec-p384": "ES384", "ec-p521": "ES512" }[name];
const hashOf = (alg) => ({ 256: "sha256", 384: "sha384", 512: "sha512" })[alg.slice(2)];

function jwk(name) {
  const pub = createPublicKey(key(name)).export({ format: "jwk" });
  if (pub.kty === "RSA") return { kty: "RSA", kid: name, use: "sig", n: pub.n, e: pub.e };
  return { kty: "EC", kid: name, use: "sig", alg: defaultAlg(name), crv: pub.crv, x: pub.x, y: pub.y };
}

function signWith(name, alg, input) {
  const options = { key: key(name) };
  if (alg.startsWith("ES")) options.dsaEncoding = "ieee-p1363";
  return sign(hashOf(alg), Buffer.from(input), options);
}

function applyMint(fixture) {
  const spec = fixture.mint;
  if (!spec) return;
  const alg = spec.alg ?? defaultAlg(spec.key);
  const header = { alg, ...(spec.header ?? {}) };
  if (!("kid" in header)) header.kid = spec.key;
  if (!("typ" in header)) header.typ = "JWT";
  if (header.kid === null) delete header.kid;
  const input = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(spec.claims))}`;
  const signAlg = header.alg === alg ? alg : defaultAlg(spec.key);
  let token = `${input}.${b64(signWith(spec.key, signAlg, input))}`;
  if (spec.tamper_claims) {
    const [h, , s] = token.split(".");
    token = `${h}.${b64(JSON.stringify({ ...spec.claims, ...spec.tamper_claims }))}.${s}`;
  }
  fixture.request.WebIdentityToken = token;
  if (Array.isArray(spec.jwks)) {
    const jwks = { keys: spec.jwks.map(jwk) };
    if (spec.jwks_transform === "leading-zero-modulus") {
      jwks.keys[0].n = b64(Buffer.concat([Buffer.from([0]), Buffer.from(jwks.keys[0].n, "base64url")]));
    }
    fixture.idps ??= {};
    fixture.idps[spec.claims.iss] ??= {};
    fixture.idps[spec.claims.iss].jwks = jwks;
  }
}

function* jsonFiles(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* jsonFiles(path);
    else if (name.endsWith(".json")) yield path;
  }
}

const counts = {};
function seed(target, text) {
  if (typeof text !== "string" || text.length === 0) return;
  mkdirSync(join(out, target), { recursive: true });
  const name = createHash("sha1").update(text).digest("hex");
  writeFileSync(join(out, target, name), text);
  counts[target] = (counts[target] ?? 0) + 1;
}

const fixtures = join(root, "tests/fixtures/scenarios");
for (const path of jsonFiles(fixtures)) {
  const fixture = JSON.parse(readFileSync(path, "utf8"));
  seed("scenario", readFileSync(path, "utf8"));
  try {
    applyMint(fixture);
  } catch (err) {
    console.error(`${relative(fixtures, path)}: not minted (${err.message})`);
  }
  seed("scenario", JSON.stringify(fixture, null, 1));
  seed("token", fixture.request?.WebIdentityToken);
  for (const idp of Object.values(fixture.idps ?? {})) {
    if (idp && idp.jwks != null) seed("jwks", typeof idp.jwks === "string" ? idp.jwks : JSON.stringify(idp.jwks));
  }
  for (const role of fixture.roles ?? []) {
    const doc = role.AssumeRolePolicyDocument;
    if (doc != null) seed("policy", typeof doc === "string" ? doc : JSON.stringify(doc, null, 1));
  }
  const session = fixture.request?.Policy;
  if (session != null) seed("policy", typeof session === "string" ? session : JSON.stringify(session));
}
console.log(Object.entries(counts).map(([t, n]) => `${t}: ${n} seeds`).join(", "));
