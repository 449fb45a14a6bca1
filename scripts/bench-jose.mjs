// Time npm `jose`'s jwtVerify on the tokens the Rust bench used (benches/check.rs writes them
// when STSPLAY_BENCH_INPUTS is set): verify-only, the key imported once with importJWK, the
// clock fixed to the scenario's `now`. Prints the median µs per verification over batches.
//
// Usage: node scripts/bench-jose.mjs INPUTS.json [--json] [--batches N] [--batch-size N]
import { readFileSync } from "node:fs";
import { importJWK, jwtVerify } from "jose";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const inputsPath = args.find((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--batch"));
if (!inputsPath) {
  console.error("usage: node scripts/bench-jose.mjs INPUTS.json [--json] [--batches N] [--batch-size N]");
  process.exit(2);
}
const asJson = args.includes("--json");
const batches = option("--batches", 50);
const batchSize = option("--batch-size", 200);
const inputs = JSON.parse(readFileSync(inputsPath, "utf8"));

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const results = {};
for (const [alg, { token, jwk, now }] of Object.entries(inputs)) {
  const key = await importJWK(jwk, alg);
  const options = { algorithms: [alg], currentDate: new Date(now * 1000) };
  // One verification up front: a failure here is a setup bug, not a slow path.
  await jwtVerify(token, key, options);
  const verifyBatch = async () => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < batchSize; i++) await jwtVerify(token, key, options);
    return Number(process.hrtime.bigint() - start) / 1000 / batchSize;
  };
  for (let i = 0; i < Math.max(5, batches / 5); i++) await verifyBatch(); // warm-up (JIT)
  const perVerify = [];
  for (let i = 0; i < batches; i++) perVerify.push(await verifyBatch());
  results[alg] = {
    median_us: median(perVerify),
    min_us: Math.min(...perVerify),
    batches,
    batch_size: batchSize,
  };
}

if (asJson) {
  process.stdout.write(`${JSON.stringify(results)}\n`);
} else {
  console.log(`jose ${JSON.parse(readFileSync(new URL("../node_modules/jose/package.json", import.meta.url), "utf8")).version}, node ${process.version}`);
  for (const [alg, r] of Object.entries(results)) {
    console.log(`${alg}: median ${r.median_us.toFixed(1)} µs per jwtVerify (${r.batches} batches × ${r.batch_size})`);
  }
}
