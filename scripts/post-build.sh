#!/usr/bin/env bash
# Trunk post-build hook: the two wasm modules besides the playground itself.
#
# 1. dist/pkg/: the engine as an ES module (stsplay.js, stsplay_bg.wasm, stsplay.d.ts), for
#    documentation sites that want `check()` without the playground UI. A public, stable path.
#    With the licence texts and a package.json at Cargo.toml's version (README, Versions).
# 2. dist/tools-HASH/: the playground's tools (who-can, test cases, exports, the GitHub token
#    builder), which the page loads the first time one is opened (src/web/tools_loader.rs).
#    The wasm is inlined as base64 in stsplay_tools_wasm.js, because the page forbids fetching
#    (connect-src 'none') but may import its own scripts. HASH is the content's, so a cached old
#    copy never meets a new page; the page learns it from <meta name="stsplay-tools">.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=dev; out=debug; release=""
if [ "${TRUNK_PROFILE:-debug}" = "release" ]; then profile=wasm-release; out=wasm-release; release=1; fi
cargo build --quiet --locked --target wasm32-unknown-unknown --no-default-features --features web \
  --bin stsplay-js --bin playground-tools --profile "$profile"
staging="${TRUNK_STAGING_DIR:-dist}"
wasm_dir="target/wasm32-unknown-unknown/$out"

optimise() {
  if [ -n "$release" ]; then
    wasm-opt -Oz --enable-bulk-memory --enable-reference-types --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-mutable-globals "$1" -o "$1"
  fi
}

# 1. The JS API.
wasm-bindgen --target web --out-dir "$staging/pkg" --out-name stsplay "$wasm_dir/stsplay-js.wasm"
optimise "$staging/pkg/stsplay_bg.wasm"
# Apache-2.0 asks that its text travel with the code; package.json's version is the crate's, the
# same one the module's version() returns and share links carry (README, Versions).
cp LICENSE-MIT LICENSE-APACHE "$staging/pkg/"
# Node reads the wasm from disk (Node's fetch() cannot read file: URLs); see www/pkg/node.js.
cp www/pkg/node.js "$staging/pkg/"
# The page's snippets are not the module's: stsplay.js imports none.
rm -rf "$staging/pkg/snippets"
version=$(awk -F'"' '/^\[/ { pkg = ($0 == "[package]") } pkg && /^version *=/ { print $2; exit }' Cargo.toml)
[ -n "$version" ] || { echo "post-build.sh: no [package] version in Cargo.toml" >&2; exit 1; }
node - "$staging/pkg/package.json" "$version" <<'JS'
const fs = require("node:fs");
const [file, version] = process.argv.slice(2);
const existing = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
const pkg = Object.assign({
  name: "stsplay",
  version,
  description: "The stsplay engine as an ES module: why AWS STS accepts or rejects an OIDC token",
  license: "MIT OR Apache-2.0",
  repository: { type: "git", url: "git+https://github.com/stsplay/stsplay.git" },
}, existing, {
  version,
  type: "module",
  // Browsers and bundlers take stsplay.js (call its default export, init(), first; it finds the
  // wasm next to itself); Node takes node.js, which is ready on import.
  main: "./stsplay.js",
  types: "./stsplay.d.ts",
  exports: {
    ".": { types: "./stsplay.d.ts", node: "./node.js", default: "./stsplay.js" },
    "./stsplay_bg.wasm": "./stsplay_bg.wasm",
    "./package.json": "./package.json",
  },
  files: ["stsplay.js", "node.js", "stsplay_bg.wasm", "stsplay.d.ts", "stsplay_bg.wasm.d.ts", "LICENSE-MIT", "LICENSE-APACHE"],
});
fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
JS

# embed.js (copied by Trunk) names the engine version that its share payloads carry.
node - "$staging/embed.js" "$version" <<'JS'
const fs = require("node:fs");
const [file, version] = process.argv.slice(2);
const text = fs.readFileSync(file, "utf8");
if (!text.includes("__STSPLAY_VERSION__")) throw new Error(`${file}: no __STSPLAY_VERSION__ to fill in`);
fs.writeFileSync(file, text.replace("__STSPLAY_VERSION__", version));
JS

# 2. The tools.
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
wasm-bindgen --target web --no-typescript --out-dir "$tools" --out-name stsplay_tools \
  "$wasm_dir/playground-tools.wasm"
optimise "$tools/stsplay_tools_bg.wasm"
{
  printf '// The tools wasm module, base64 (see scripts/post-build.sh).\nexport default "'
  base64 -w0 "$tools/stsplay_tools_bg.wasm"
  printf '";\n'
} > "$tools/stsplay_tools_wasm.js"
rm "$tools/stsplay_tools_bg.wasm"
hash=$(cat "$tools"/*.js | sha256sum | cut -c1-16)
rm -rf "$staging"/tools-*
mkdir -p "$staging/tools-$hash"
cp -R "$tools"/. "$staging/tools-$hash/"
sed -i "s|<meta name=\"stsplay-tools\" content=\"[^\"]*\"|<meta name=\"stsplay-tools\" content=\"tools-$hash/\"|" \
  "$staging/index.html"
grep -q "content=\"tools-$hash/\"" "$staging/index.html" || {
  echo "post-build.sh: $staging/index.html has no <meta name=\"stsplay-tools\">" >&2
  exit 1
}

# 3. The page's Content-Security-Policy allows exactly the inline scripts this build wrote (Trunk's
#    loader, and its live-reload client under `trunk serve`) by their hashes, not 'unsafe-inline'.
node - "$staging/index.html" <<'JS'
const fs = require("node:fs");
const crypto = require("node:crypto");
const file = process.argv[2];
let html = fs.readFileSync(file, "utf8");
const hashes = [...html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
  (m) => `'sha256-${crypto.createHash("sha256").update(m[1], "utf8").digest("base64")}'`,
);
const before = html;
html = html.replace(/(http-equiv="Content-Security-Policy"\s+content="[^"]*?script-src [^;"]*?)'unsafe-inline'/, `$1${hashes.join(" ")}`);
if (html === before || hashes.length === 0) {
  console.error(`post-build.sh: no inline script or no 'unsafe-inline' in the script-src of ${file}`);
  process.exit(1);
}
fs.writeFileSync(file, html);
JS
