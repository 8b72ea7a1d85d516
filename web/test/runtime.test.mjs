// Node tests of the runtime's page side (web/runtime/client.js, output.js) against a fake worker
// that speaks the worker protocol (see entry-worker.js). Run: node --test web/test/
import { test } from "node:test";
import assert from "node:assert/strict";
import { Runtime, restartedResult } from "../runtime/client.js";
import { statusText } from "../runtime/output.js";

/** A stand-in for the Pyodide worker: answers `init` at once, and each request through `reply`. */
class FakeWorker {
  constructor(log, { failInit = false, hang = false } = {}) {
    this.log = log;
    this.failInit = failInit;
    this.hang = hang;
    this.terminated = false;
    this.onmessage = null;
  }
  emit(message) {
    queueMicrotask(() => !this.terminated && this.onmessage?.({ data: message }));
  }
  postMessage(message) {
    this.log.push(message);
    if (message.type === "init") {
      this.emit({ type: "status", status: "loading", progress: 0.5, message: "half" });
      this.emit(this.failInit ? { type: "failure", id: 0, message: "no wasm" } : { type: "ready", id: 0 });
    } else if (message.type === "exec" && !this.hang) {
      this.emit({ type: "stdout", id: message.id, text: `out:${message.code}\n` });
      this.emit({ type: "result", id: message.id, result: { ok: true, displays: [] } });
    } else if (message.type === "evalJSON") {
      this.emit({ type: "result", id: message.id, result: JSON.stringify({ code: message.code }) });
    }
  }
  terminate() {
    this.terminated = true;
  }
}

function makeRuntime(options = {}, workerOptions = {}) {
  const log = [];
  const workers = [];
  const runtime = new Runtime({
    createWorker: () => {
      const worker = new FakeWorker(log, workers.length === 0 ? workerOptions : {});
      workers.push(worker);
      return worker;
    },
    indexURL: "/assets/pyodide/",
    ...options,
  });
  return { runtime, log, workers };
}

test("no worker is created until the runtime is first used", async () => {
  const { runtime, workers } = makeRuntime();
  assert.equal(workers.length, 0);
  assert.equal(runtime.state.status, "idle");
  await runtime.ensureReady();
  assert.equal(workers.length, 1);
  await runtime.ensureReady();
  assert.equal(workers.length, 1, "ensureReady is idempotent");
});

test("status goes idle -> loading (with progress) -> ready -> running -> ready", async () => {
  const { runtime } = makeRuntime();
  const seen = [];
  const progress = [];
  runtime.onStatus((s) => seen.push(s.status));
  await runtime.ensureReady((fraction) => progress.push(fraction));
  await runtime.exec("1", { namespace: "p" });
  assert.deepEqual(seen, ["idle", "loading", "loading", "ready", "running", "ready"]);
  assert.ok(progress.includes(0.5));
});

test("requests run one at a time in call order and stream stdout to the right caller", async () => {
  const { runtime, log } = makeRuntime();
  const outputs = { a: "", b: "" };
  const [first, second] = await Promise.all([
    runtime.exec("a", { onStdout: (t) => (outputs.a += t), namespace: "p" }),
    runtime.exec("b", { onStdout: (t) => (outputs.b += t), namespace: "p" }),
  ]);
  assert.ok(first.ok && second.ok);
  assert.deepEqual(outputs, { a: "out:a\n", b: "out:b\n" });
  assert.deepEqual(log.filter((m) => m.type === "exec").map((m) => m.code), ["a", "b"]);
});

test("evalJSON resolves to the parsed value", async () => {
  const { runtime } = makeRuntime();
  assert.deepEqual(await runtime.evalJSON("x"), { code: "x" });
});

test("interrupt writes SIGINT into the shared buffer and keeps the worker", async () => {
  const buffer = new SharedArrayBuffer(4);
  const { runtime, workers } = makeRuntime({ interruptBuffer: buffer }, { hang: true });
  const running = runtime.exec("while True: pass", { namespace: "p" });
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(runtime.state.status, "running");
  assert.deepEqual(await runtime.interrupt(), { restarted: false });
  assert.equal(new Int32Array(buffer)[0], 2);
  assert.equal(workers[0].terminated, false);
  workers[0].emit({ type: "result", id: 1, result: { ok: false, displays: [], error: { type: "KeyboardInterrupt" } } });
  assert.equal((await running).error.type, "KeyboardInterrupt");
});

test("without a shared buffer, interrupt restarts the worker and the cell learns why", async () => {
  const { runtime, workers } = makeRuntime({}, { hang: true });
  const running = runtime.exec("while True: pass", { namespace: "p" });
  await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(await runtime.interrupt(), { restarted: true });
  const result = await running;
  assert.equal(result.ok, false);
  assert.equal(result.error.type, "RuntimeRestarted");
  assert.match(result.error.message, /not cross-origin isolated/);
  assert.equal(workers[0].terminated, true);
  assert.equal(workers.length, 2);
  assert.equal(runtime.state.status, "ready");
  assert.ok((await runtime.exec("after", { namespace: "p" })).ok, "usable again after the restart");
});

test("a cell's Stop stops its own run: a waiting one is never sent, the running one runs on", async () => {
  const buffer = new SharedArrayBuffer(4);
  const { runtime, log, workers } = makeRuntime({ interruptBuffer: buffer }, { hang: true });
  const started = [];
  const running = runtime.exec("while True: pass", { namespace: "p", onStart: () => started.push("loop") });
  const waiting = new AbortController();
  const queued = runtime.exec("x = 1", { namespace: "p", signal: waiting.signal, onStart: () => started.push("x") });
  await new Promise((r) => setTimeout(r, 5));
  waiting.abort();
  const result = await queued; // at once: the loop is still running
  assert.equal(result.ok, false);
  assert.equal(result.error.type, "NotStarted");
  assert.equal(runtime.state.status, "running");
  assert.equal(new Int32Array(buffer)[0], 0, "the running loop was not interrupted");
  workers[0].emit({ type: "result", id: 1, result: { ok: true, displays: [] } });
  assert.ok((await running).ok);
  await new Promise((r) => setTimeout(r, 5)); // the dropped request's turn has passed
  assert.deepEqual(log.filter((m) => m.type === "exec").map((m) => m.code), ["while True: pass"], "x = 1 never reached Python");
  assert.deepEqual(started, ["loop"]);
});

test("aborting a running request writes SIGINT; aborting one that has finished writes nothing", async () => {
  const buffer = new SharedArrayBuffer(4);
  const { runtime, workers } = makeRuntime({ interruptBuffer: buffer }, { hang: true });
  const stopping = new AbortController();
  const running = runtime.exec("while True: pass", { namespace: "p", signal: stopping.signal });
  await new Promise((r) => setTimeout(r, 5));
  stopping.abort();
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(new Int32Array(buffer)[0], 2);
  workers[0].emit({ type: "result", id: 1, result: { ok: false, displays: [], error: { type: "KeyboardInterrupt" } } });
  assert.equal((await running).error.type, "KeyboardInterrupt");

  const late = new AbortController();
  const next = runtime.exec("y = 2", { namespace: "p", signal: late.signal });
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(new Int32Array(buffer)[0], 0, "a new request starts with a clear buffer");
  workers[0].emit({ type: "result", id: 2, result: { ok: true, displays: [] } });
  assert.ok((await next).ok);
  late.abort();
  assert.equal(new Int32Array(buffer)[0], 0, "Stop after the end interrupts nothing");
});

test("aborting a request in flight interrupts it whatever status the worker last reported", async () => {
  const buffer = new SharedArrayBuffer(4);
  const { runtime, workers } = makeRuntime({ interruptBuffer: buffer }, { hang: true });
  const stopping = new AbortController();
  const running = runtime.exec("while True: pass", { namespace: "p", signal: stopping.signal });
  await new Promise((r) => setTimeout(r, 5));
  workers[0].emit({ type: "status", status: "loading", progress: 1, message: "late" });
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(runtime.state.status, "loading");
  stopping.abort();
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(new Int32Array(buffer)[0], 2);
  workers[0].emit({ type: "result", id: 1, result: { ok: false, displays: [], error: { type: "KeyboardInterrupt" } } });
  assert.equal((await running).error.type, "KeyboardInterrupt");
});

test("without a shared buffer, aborting a running cell restarts Python; a waiting one does not", async () => {
  const { runtime, workers } = makeRuntime({}, { hang: true });
  const first = new AbortController();
  const second = new AbortController();
  const running = runtime.exec("while True: pass", { namespace: "p", signal: first.signal });
  const queued = runtime.exec("x = 1", { namespace: "p", signal: second.signal });
  await new Promise((r) => setTimeout(r, 5));
  second.abort();
  assert.equal(workers.length, 1, "dropping a waiting cell keeps Python");
  first.abort();
  assert.equal((await running).error.type, "RuntimeRestarted");
  assert.equal((await queued).error.type, "NotStarted");
  assert.equal(workers[0].terminated, true);
  assert.equal(workers.length, 2);
});

test("requests other than exec that are stopped before their turn reject", async () => {
  const { runtime } = makeRuntime();
  const stopped = new AbortController();
  stopped.abort();
  await assert.rejects(runtime.request("evalJSON", { code: "1" }, { signal: stopped.signal }), /Stopped before it started/);
});

test("a worker that fails to start reports error status and rejects, and a retry starts afresh", async () => {
  const { runtime, workers } = makeRuntime({}, { failInit: true });
  await assert.rejects(runtime.ensureReady(), /no wasm/);
  assert.equal(runtime.state.status, "error");
  await runtime.ensureReady();
  assert.equal(workers.length, 2);
  assert.equal(runtime.state.status, "ready");
});

test("the public API has exactly the documented entry points", () => {
  const { runtime } = makeRuntime();
  const api = runtime.api();
  for (const name of ["ensureReady", "exec", "evalJSON", "interrupt", "restart", "onStatus"]) {
    assert.equal(typeof api[name], "function", name);
  }
  assert.equal(api.status, "idle");
});

test("restartedResult is shaped like a failed exec result", () => {
  const result = restartedResult("why");
  assert.deepEqual(Object.keys(result.error).sort(), ["line", "message", "traceback", "type"]);
  assert.deepEqual(result.displays, []);
});

test("status text shows loading progress as a percentage", () => {
  assert.equal(statusText({ status: "loading", progress: 0.8, message: "sandbox" }), "Loading Python… 80% (sandbox)");
  assert.equal(statusText({ status: "ready" }), "Python ready");
  assert.match(statusText({ status: "error", message: "boom" }), /boom/);
});
