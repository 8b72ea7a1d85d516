// Python's loading progress in bytes, and the cells' memory for the visit.
import { test } from "node:test";
import assert from "node:assert/strict";
import { countDownloads } from "../runtime/downloads.js";
import { megabytes, statusText } from "../runtime/output.js";
import { cellKey, recall, remember } from "../runtime/memory.js";

test("the status line shows bytes received of the total, then how long the start took", () => {
  assert.equal(statusText({ status: "loading", progress: 0.4, message: "", loaded: 3_140_000, total: 6_600_000 }),
    "Loading Python: 3.1 of 6.6 MB");
  assert.equal(statusText({ status: "loading", loaded: 7e6, total: 6.6e6, message: "Warming up" }),
    "Loading Python: 6.6 of 6.6 MB (Warming up)");
  assert.equal(statusText({ status: "ready", seconds: 5.24 }), "Python ready (started in 5.2 s)");
  assert.equal(megabytes(2_500_000, null), "2.5 MB");
});

test("every byte of every fetched body is counted once, and the body arrives intact", async () => {
  const bodies = { "a.wasm": new Uint8Array(100_000).fill(7), "b.zip": new Uint8Array(2_345).fill(1) };
  const scope = {
    fetch: async (url) => new Response(bodies[url], { headers: { "Content-Type": "application/wasm", "Content-Length": "10" } }),
  };
  const totals = [];
  const stop = countDownloads((total) => totals.push(total), scope);
  const a = await scope.fetch("a.wasm");
  assert.equal(a.headers.get("Content-Type"), "application/wasm");
  assert.equal(a.headers.get("Content-Length"), null);
  assert.deepEqual(new Uint8Array(await a.arrayBuffer()), bodies["a.wasm"]);
  const b = await (await scope.fetch("b.zip")).arrayBuffer();
  assert.equal(b.byteLength, 2_345);
  assert.equal(totals.at(-1), 102_345);
  assert.ok(totals.every((value, i) => i === 0 || value >= totals[i - 1]), "the count never goes back");
  const counting = scope.fetch;
  stop();
  assert.notEqual(scope.fetch, counting, "stop() puts the original fetch back");
});

test("a cell's snapshot is kept per page and place, and a new cell has none", () => {
  const cells = [{}, {}, {}];
  const doc = { querySelectorAll: () => cells };
  const key = cellKey(cells[1], doc, { pathname: "/labs/03/" });
  assert.equal(key, "/labs/03/#1");
  assert.equal(recall(key), null);
  remember(key, { code: "x = 1", output: "<pre>1</pre>", info: "Ran in 0.01 s", state: "done" });
  assert.equal(recall(key).output, "<pre>1</pre>");
  assert.equal(recall(cellKey(cells[1], doc, { pathname: "/labs/04/" })), null);
});
