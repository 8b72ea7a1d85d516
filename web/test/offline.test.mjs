// The service worker's pure parts: the headers it adds (web/offline/headers.js) and the build
// step's file selection and content hash (web/offline/sw-build.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isolated, ISOLATION_HEADERS } from "../offline/headers.js";
import { buildHash, globToRegExp, listFiles, NEVER } from "../offline/sw-build.mjs";

test("isolated() adds COOP/COEP/CORP and keeps status, body and other headers", async () => {
  const original = new Response("hello", { status: 200, headers: { "Content-Type": "text/html", "X-Kept": "1" } });
  const response = isolated(original, "https://example.test/lessons/");
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) assert.equal(response.headers.get(name), value);
  assert.equal(response.headers.get("X-Kept"), "1");
  assert.equal(response.headers.get("Content-Type"), "text/html");
  assert.equal(response.status, 200);
  assert.equal(await response.text(), "hello");
});

test("isolated() gives .wasm and .mjs the types browsers insist on", () => {
  const wrong = () => new Response("x", { headers: { "Content-Type": "application/octet-stream" } });
  assert.equal(isolated(wrong(), "https://e.test/a/pyodide.asm.wasm").headers.get("Content-Type"), "application/wasm");
  assert.equal(isolated(wrong(), "https://e.test/a/pyodide.MJS?v=1").headers.get("Content-Type"), "text/javascript");
  assert.equal(isolated(wrong(), "https://e.test/a/bank.bin").headers.get("Content-Type"), "application/octet-stream");
});

test("isolated() leaves error and opaque responses alone (the browser rejects rebuilt ones)", () => {
  const error = Response.error();
  assert.equal(isolated(error, "https://e.test/"), error);
});

test("globToRegExp reads * within one folder and ** at any depth", () => {
  const match = (glob, path) => globToRegExp(glob).test(path);
  assert.ok(match("**/*.map", "a/b/c.js.map") && match("**/*.map", "c.map"));
  assert.ok(!match("**/*.map", "c.map.js"));
  assert.ok(match("assets/javascripts/lunr/**", "assets/javascripts/lunr/min/lunr.fr.min.js"));
  assert.ok(match("assets/cs/*", "assets/cs/quiz.js") && !match("assets/cs/*", "assets/cs/x/quiz.js"));
  assert.ok(match("sw.js", "sw.js") && !match("sw.js", "xsw.js") && !match("sw.js", "a/sw.js"));
});

test("the build hash changes with any file's content or name, and only then", () => {
  const dir = mkdtempSync(join(tmpdir(), "cs-sw-"));
  mkdirSync(join(dir, "lessons"));
  writeFileSync(join(dir, "index.html"), "<h1>v1</h1>");
  writeFileSync(join(dir, "lessons", "a.html"), "a");
  const files = listFiles(dir);
  assert.deepEqual(files, ["index.html", "lessons/a.html"]);
  const first = buildHash(dir, files);
  assert.match(first, /^[0-9a-f]{16}$/);
  assert.equal(buildHash(dir, files), first);
  writeFileSync(join(dir, "lessons", "a.html"), "b");
  const second = buildHash(dir, files);
  assert.notEqual(second, first);
  writeFileSync(join(dir, "lessons", "b.html"), "b");
  assert.notEqual(buildHash(dir, listFiles(dir)), second);
});

test("files the worker writes or never serves are never cached", () => {
  const never = NEVER.map(globToRegExp);
  for (const path of ["sw.js", "offline.json", "_headers", "assets/javascripts/bundle.js.map"]) {
    assert.ok(never.some((re) => re.test(path)), path);
  }
  assert.ok(!never.some((re) => re.test("lessons/01-serverless-model/index.html")));
});
