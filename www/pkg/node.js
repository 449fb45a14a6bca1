// The stsplay engine for Node: the same module as stsplay.js, with its wasm read from disk next
// to this file and instantiated synchronously, so `import { check } from "stsplay"` is ready to
// use (package.json's "node" export condition points here). README, "The engine as a JavaScript
// module".
import { readFileSync } from "node:fs";
import { initSync } from "./stsplay.js";

initSync({ module: readFileSync(new URL("./stsplay_bg.wasm", import.meta.url)) });

export * from "./stsplay.js";
