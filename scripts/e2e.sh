#!/usr/bin/env bash
# End-to-end tests of the playground in headless Debian chromium (npm playwright-core, node's
# built-in test runner). Builds dist/ first (trunk build --release) when it is missing, older than
# its sources, or a `trunk serve` development build.
#
#   ./scripts/e2e.sh                  build if needed, run every test in tests/e2e/
#   ./scripts/e2e.sh --rebuild        always rebuild first
#   ./scripts/e2e.sh --no-build       never build (test whatever the directory holds)
#   ./scripts/e2e.sh --build-only     build if needed, run nothing (used by scripts/budget.sh)
#   ./scripts/e2e.sh --dist DIR       build into and test DIR instead of dist/ (STSPLAY_DIST=DIR
#                                     does the same), e.g. while `trunk serve` owns dist/
#   ./scripts/e2e.sh tests/e2e/keyboard.test.mjs   run some test files only
#
# Screenshots go to target/e2e-artifacts/. Exits non-zero when a build or a test fails.
set -euo pipefail
cd "$(dirname "$0")/.."

build=auto run=1 files=() dist="${STSPLAY_DIST:-dist}"
while [ $# -gt 0 ]; do
  case "$1" in
    --rebuild|-f) build=always ;;
    --no-build) build=never ;;
    --build-only) run=0 ;;
    --dist) dist="${2:?--dist needs a directory}"; shift ;;
    --dist=*) dist="${1#--dist=}" ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "e2e.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) files+=("$1") ;;
  esac
  shift
done
dist="${dist%/}"
export STSPLAY_DIST="$dist"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# What the build reads: the crate (presets are include_str!'d fixtures), the page, the build config,
# the licence texts (copied into dist/pkg/).
sources=(src www Cargo.toml Cargo.lock Trunk.toml tests/fixtures/scenarios/presets scripts/post-build.sh
  LICENSE-MIT LICENSE-APACHE)
stale_reason() {
  for f in "$dist/index.html" "$dist/pkg/stsplay.js" "$dist/pkg/stsplay.d.ts"; do
    [ -f "$f" ] || { echo "$f is missing"; return; }
  done
  if grep -q 'trunk/ws' "$dist/index.html"; then echo "$dist/ is a trunk serve build"; return; fi
  local tools
  tools=$(grep -o 'name="stsplay-tools" content="[^"]*"' "$dist/index.html" | sed 's/.*content="//; s/"$//')
  [ -f "$dist/${tools}stsplay_tools.js" ] || { echo "$dist/${tools}stsplay_tools.js is missing"; return; }
  local newer
  newer=$(find "${sources[@]}" -newer "$dist/index.html" -type f -print -quit 2>/dev/null || true)
  [ -z "$newer" ] || echo "$newer is newer than $dist/"
}

if [ "$build" != never ]; then
  if [ "$build" = always ]; then reason="--rebuild"; else reason=$(stale_reason); fi
  if [ -n "$reason" ]; then
    say "building $dist/ ($reason): trunk build --release"
    mkdir -p "$dist"
    PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH" TRUNK_SKIP_VERSION_CHECK=true \
      trunk build --release --locked=true --dist "$(cd "$dist" && pwd)"
  fi
fi
[ -f "$dist/index.html" ] || { echo "e2e.sh: $dist/ is not built" >&2; exit 1; }
[ "$run" = 1 ] || exit 0

[ -d node_modules/playwright-core ] || { echo "e2e.sh: npm playwright-core is missing; run ./scripts/setup (or npm ci)" >&2; exit 1; }
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "e2e.sh: no chromium at ${CHROMIUM:-/usr/bin/chromium}; apt-get install chromium or set CHROMIUM" >&2; exit 1; }

say "end-to-end tests of $dist/ (node --test, headless chromium)"
[ ${#files[@]} -gt 0 ] || files=(tests/e2e/)
exec node --test "${files[@]}"
