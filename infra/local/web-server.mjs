#!/usr/bin/env node
// The demo storefront's web server: static files from --root, and one origin for everything the
// page calls, as CloudFront and API Gateway give a real storefront:
//   /api/*  -> the api (AISLE_API_URL), path and query unchanged after /api
//   /cdn/*  -> the CDN bucket on the local S3 (AISLE_S3_ENDPOINT, AISLE_CDN_BUCKET, path-style)
// No npm dependencies. Usage:
//   node infra/local/web-server.mjs --host 127.0.0.1 --port 8090 --root infra/local/web --env infra/local/.run/stack.env
import { createServer, request as httpRequest } from "node:http";
import { readFileSync, createReadStream, statSync } from "node:fs";
import { extname, join, normalize, resolve, sep } from "node:path";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const host = args.host ?? "127.0.0.1";
const port = Number(args.port ?? 8090);
const root = resolve(args.root ?? "infra/local/web");
const env = { ...readEnv(args.env), ...pickAisle(process.env) };
const apiUrl = new URL(env.AISLE_API_URL ?? "http://127.0.0.1:8080");
const s3Url = new URL(env.AISLE_S3_ENDPOINT ?? "http://127.0.0.1:9090");
const cdnBucket = env.AISLE_CDN_BUCKET ?? "aisle-cdn";

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png",
  ".ico": "image/x-icon" };
// Response headers passed through from the api and the bucket.
const PASSED = ["content-type", "content-encoding", "content-length", "cache-control", "etag", "last-modified"];

function readEnv(file) {
  if (!file) return {};
  const values = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = line.match(/^\s*([A-Z0-9_]+)=(.*)$/);
    if (m) values[m[1]] = m[2].trim().replace(/^(["'])(.*)\1$/, "$2");
  }
  return values;
}

function pickAisle(vars) {
  return Object.fromEntries(Object.entries(vars).filter(([k]) => k.startsWith("AISLE_")));
}

function log(req, status, started) {
  console.log(`time=${new Date().toISOString()} method=${req.method} path=${req.url.split("?")[0]} status=${status} ms=${Date.now() - started}`);
}

function sendJson(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

function proxy(req, res, target, rewrite, started) {
  const headers = { accept: req.headers.accept ?? "*/*" };
  for (const h of ["content-type", "content-length", "if-none-match", "if-modified-since", "accept-encoding"]) {
    if (req.headers[h]) headers[h] = req.headers[h];
  }
  const upstream = httpRequest(target, { method: req.method, headers }, (up) => {
    const status = rewrite ? rewrite.status(up.statusCode) : up.statusCode;
    if (rewrite?.replaceBody(up.statusCode)) {
      up.resume();
      sendJson(res, status, rewrite.body);
      log(req, status, started);
      return;
    }
    const out = {};
    for (const h of PASSED) {
      if (up.headers[h] !== undefined) out[h] = up.headers[h];
    }
    // The SDK's transfer marker is not an encoding a browser knows; S3 drops it, S3Mock may keep it.
    if (out["content-encoding"]) {
      const encodings = out["content-encoding"].split(",").map((e) => e.trim()).filter((e) => e && e !== "aws-chunked");
      if (encodings.length) out["content-encoding"] = encodings.join(", ");
      else delete out["content-encoding"];
    }
    res.writeHead(status, out);
    up.pipe(res);
    up.on("end", () => log(req, status, started));
  });
  upstream.on("error", (e) => {
    sendJson(res, 502, { error: "upstream_unavailable", message: `${target.origin} does not answer (${e.code ?? e.message})` });
    log(req, 502, started);
  });
  req.pipe(upstream);
}

function serveStatic(req, res, path, started) {
  const relative = normalize(decodeURIComponent(path === "/" ? "/index.html" : path)).replace(/^([/\\])+/, "");
  const file = join(root, relative);
  if (!file.startsWith(root + sep)) {
    sendJson(res, 403, { error: "forbidden", message: "outside the web root" });
    return log(req, 403, started);
  }
  let stat;
  try {
    stat = statSync(file);
  } catch {
    stat = null;
  }
  if (!stat || !stat.isFile()) {
    sendJson(res, 404, { error: "not_found", message: `no ${path}` });
    return log(req, 404, started);
  }
  res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream",
    "content-length": stat.size, "cache-control": "no-cache" });
  if (req.method === "HEAD") {
    res.end();
  } else {
    createReadStream(file).pipe(res);
  }
  log(req, 200, started);
}

const server = createServer((req, res) => {
  const started = Date.now();
  const url = new URL(req.url, `http://${req.headers.host ?? host}`);
  if (url.pathname.startsWith("/api/")) {
    return proxy(req, res, new URL(url.pathname.slice(4) + url.search, apiUrl), null, started);
  }
  if (url.pathname.startsWith("/cdn/")) {
    if (req.method !== "GET" && req.method !== "HEAD") {
      return sendJson(res, 405, { error: "method_not_allowed", message: "the CDN is read-only" });
    }
    const key = url.pathname.slice("/cdn/".length);
    // Like CloudFront in front of a private bucket: a missing object is a 404, never S3's XML.
    const missing = { status: (s) => (s === 403 ? 404 : s), replaceBody: (s) => s === 404 || s === 403,
      body: { error: "not_found", message: `no object ${key}` } };
    return proxy(req, res, new URL(`/${cdnBucket}/${key}`, s3Url), missing, started);
  }
  if (req.method !== "GET" && req.method !== "HEAD") {
    return sendJson(res, 405, { error: "method_not_allowed", message: "static files are read-only" });
  }
  return serveStatic(req, res, url.pathname, started);
});

server.listen(port, host, () => {
  console.log(`web listening=http://${host}:${port} root=${root} api=${apiUrl.origin} cdn=${s3Url.origin}/${cdnBucket}`);
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
