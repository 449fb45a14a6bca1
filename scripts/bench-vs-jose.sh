#!/usr/bin/env bash
# Compare stsplay's full check with npm jose's verify-only jwtVerify on the same tokens.
#
# 1. `cargo bench --bench check` (criterion) times Scenario::from_json + simulate for an RS256
#    and an ES256 token against a 10-statement trust policy, and writes the tokens and JWKs.
# 2. scripts/bench-jose.mjs times jose.jwtVerify (key imported once) on those same tokens.
# 3. A table: alg, stsplay's check from scenario text and of a loaded scenario (criterion's
#    medians), jose verify-only µs (median), and both ratios jose / stsplay (>= 1.0: stsplay's
#    whole check is at least as fast as jose's verify).
#
# Environment: WARM_UP (s, default 1), MEASURE (s, default 5), JOSE_BATCHES (default 50),
# JOSE_BATCH_SIZE (default 200). Needs node and `npm ci` (run here if node_modules/jose is missing).
set -euo pipefail
cd "$(dirname "$0")/.."

target_dir=${CARGO_TARGET_DIR:-target}
criterion_home=${CRITERION_HOME:-$target_dir/criterion}
out_dir=$target_dir/bench-vs-jose
mkdir -p "$out_dir"
inputs=$(realpath "$out_dir")/inputs.json

if [ ! -f node_modules/jose/package.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "==> cargo bench --bench check (criterion)"
STSPLAY_BENCH_INPUTS=$inputs cargo bench --bench check -- \
  --warm-up-time "${WARM_UP:-1}" --measurement-time "${MEASURE:-5}" | tee "$out_dir/cargo-bench.log"

echo "==> node scripts/bench-jose.mjs (jose.jwtVerify)"
node scripts/bench-jose.mjs "$inputs" --json \
  --batches "${JOSE_BATCHES:-50}" --batch-size "${JOSE_BATCH_SIZE:-200}" > "$out_dir/jose.json"

echo
node --input-type=module - "$criterion_home" "$out_dir/jose.json" <<'JS'
import { readFileSync } from "node:fs";
const [home, josePath] = process.argv.slice(2);
const jose = JSON.parse(readFileSync(josePath, "utf8"));
const version = JSON.parse(readFileSync("node_modules/jose/package.json", "utf8")).version;
const median = (fn, alg) =>
  JSON.parse(readFileSync(`${home}/stsplay_check/${fn}/${alg}/new/estimates.json`, "utf8"))
    .median.point_estimate / 1000;
const rows = [["alg", "stsplay from text µs", "stsplay loaded µs", `jose ${version} verify-only µs`, "ratio from text", "ratio loaded"]];
for (const alg of Object.keys(jose)) {
  const full = median("full_check", alg);
  const sim = median("simulate_only", alg);
  const j = jose[alg].median_us;
  rows.push([alg, full.toFixed(1), sim.toFixed(1), j.toFixed(1), (j / full).toFixed(2), (j / sim).toFixed(2)]);
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const [i, r] of rows.entries()) {
  console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  "));
  if (i === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
}
console.log(`(medians; node ${process.version}. "from text": Scenario::from_json + simulate, the scenario's JSON`);
console.log(`read on every call. "loaded": simulate on a scenario read once, all nine phases with the trust`);
console.log(`policy and the lint pack, like jose with its key imported once. Ratio = jose / stsplay; >= 1.0`);
console.log(`means stsplay's whole check is at least as fast as jose's verify alone.)`);
JS
