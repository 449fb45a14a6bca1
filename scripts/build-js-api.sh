#!/usr/bin/env bash
# Trunk post-build hook: build the engine's ES module into dist/pkg/ (stsplay.js, stsplay_bg.wasm,
# stsplay.d.ts), for documentation sites that want `check()` without the playground UI.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=dev; out=debug; opt=""
if [ "${TRUNK_PROFILE:-debug}" = "release" ]; then profile=wasm-release; out=wasm-release; opt=1; fi
cargo build --quiet --locked --target wasm32-unknown-unknown --no-default-features --features web \
  --bin stsplay-js --profile "$profile"
staging="${TRUNK_STAGING_DIR:-dist}/pkg"
wasm-bindgen --target web --out-dir "$staging" --out-name stsplay \
  "target/wasm32-unknown-unknown/$out/stsplay-js.wasm"
if [ -n "$opt" ]; then
  wasm-opt -Oz --enable-bulk-memory --enable-reference-types --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals "$staging/stsplay_bg.wasm" -o "$staging/stsplay_bg.wasm"
fi
