#!/usr/bin/env bash
# The playground's size and speed budgets, measured and printed (never enforced):
#   (a) first-load transfer, brotli -q 11, against 250 KB;
#   (b) cold navigation → first verdict in headless chromium (median, min, max);
#   (c) edit → updated verdict and diagram (p50, p95).
# Builds dist/ first when it is missing, stale or a `trunk serve` build (scripts/e2e.sh --build-only).
# STSPLAY_DIST=DIR measures another trunk output directory (built there when needed).
#
#   ./scripts/budget.sh [--runs 11] [--edits 50]
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/e2e.sh --build-only
exec node scripts/budget.mjs "$@"
