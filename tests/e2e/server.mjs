// An in-process static server for dist/ at a sub-path, for the end-to-end tests and the budget
// script. It proves the playground works from any sub-path of a plain static host: relative asset
// URLs, correct MIME types (application/wasm for streaming compilation), nothing else served.
import http from "node:http";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// The built playground: dist/, or another trunk output directory named by STSPLAY_DIST (scripts/e2e.sh
// --dist), so tests can run against a private release build while dist/ is in use elsewhere.
export const DIST = path.resolve(ROOT, process.env.STSPLAY_DIST || "dist");

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".ts": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

/**
 * Serve `root` under `subPath` (which must start and end with "/") on 127.0.0.1, on a free port.
 * `extra` maps a path relative to the sub-path to a file outside `root`, e.g.
 * `{ "example-js-api.html": "/abs/www/example-js-api.html" }`.
 * Every request the server sees is recorded in `hits` (method and URL path).
 */
export async function startServer({ root = DIST, subPath = "/", extra = {} } = {}) {
  if (!subPath.startsWith("/") || !subPath.endsWith("/")) {
    throw new Error(`subPath must start and end with "/": ${subPath}`);
  }
  const hits = [];
  const server = http.createServer(async (req, res) => {
    hits.push({ method: req.method, url: req.url });
    try {
      const url = new URL(req.url, "http://localhost");
      const pathname = decodeURIComponent(url.pathname);
      if (pathname === subPath.slice(0, -1)) {
        res.writeHead(301, { Location: subPath });
        return res.end();
      }
      if (!pathname.startsWith(subPath) || (req.method !== "GET" && req.method !== "HEAD")) {
        return notFound(res);
      }
      let rel = pathname.slice(subPath.length) || "index.html";
      if (rel.endsWith("/")) rel += "index.html";
      let file;
      if (Object.hasOwn(extra, rel)) {
        file = extra[rel];
      } else {
        file = path.resolve(root, rel);
        if (file !== root && !file.startsWith(root + path.sep)) return notFound(res);
      }
      const info = await stat(file).catch(() => null);
      if (!info || !info.isFile()) return notFound(res);
      const body = await readFile(file);
      res.writeHead(200, {
        "Content-Type": MIME[path.extname(file)] ?? "application/octet-stream",
        "Content-Length": body.length,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch (err) {
      res.writeHead(500, { "Content-Type": "text/plain" });
      res.end(String(err));
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    baseURL: origin + subPath,
    hits,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

function notFound(res) {
  res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
  res.end("not found");
}
