#!/usr/bin/env bash
# Build the fuzz targets' seed corpora (fuzz/corpus/<target>/, git-ignored) from the scenario
# fixtures: whole scenarios (as written and with their `mint` block signed), tokens, JWKS
# documents and trust/session policies. Needs node (no npm packages). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p fuzz/corpus/{token,jwks,policy,scenario}
node fuzz/seed-mint.mjs fuzz/corpus
