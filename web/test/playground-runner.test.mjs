// The playground's run queue: a committed change runs at once, keystrokes wait for a pause, the
// newest request of a panel wins and an overtaken result is never drawn. Timers are node's fake
// timers, so nothing here depends on how fast the machine is; the runtime is a stand-in for the
// Python worker that answers when the test says so.
import { test } from "node:test";
import assert from "node:assert/strict";
import { DEBOUNCE_MS, Runner } from "../playground/runner.js";

/** A worker stand-in: records each scenario it is asked to run; `answer()` finishes the oldest. */
function fakeRuntime() {
  const calls = [];
  return {
    status: "ready",
    calls,
    async ensureReady() {},
    evalJSON(code) {
      const literal = code.slice(code.lastIndexOf("playground_run(") + "playground_run(".length, -1);
      return new Promise((resolve) => calls.push({ data: JSON.parse(JSON.parse(literal)), resolve }));
    },
    /** Finish the oldest unanswered run with its own data as the result. */
    answer() {
      const call = calls.find((c) => !c.done);
      call.done = true;
      call.resolve({ ok: true, echo: call.data });
    },
  };
}

/** A panel stand-in that keeps what the runner drew on it. */
function fakePanel() {
  return { drawn: [], render(result) { this.drawn.push(result.echo); }, failed(error) { throw error; } };
}

/** Let pending promise callbacks run (the runner awaits the runtime between steps). */
const settle = async () => { for (let i = 0; i < 10; i++) await Promise.resolve(); };

test("a committed change reaches the worker without waiting for any timer", async (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const runtime = fakeRuntime();
  const runner = new Runner(runtime, "");
  runner.schedule(fakePanel(), { memory: 512 }, { immediate: true });
  await settle();
  assert.deepEqual(runtime.calls.map((c) => c.data), [{ memory: 512 }]);
});

test("keystrokes wait for a pause in typing and run once, with the last value", async (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const runtime = fakeRuntime();
  const runner = new Runner(runtime, "");
  const panel = fakePanel();
  runner.schedule(panel, { memory: 2 });
  t.mock.timers.tick(DEBOUNCE_MS - 1);
  runner.schedule(panel, { memory: 20 });
  t.mock.timers.tick(DEBOUNCE_MS - 1);
  runner.schedule(panel, { memory: 204 });
  await settle();
  assert.equal(runtime.calls.length, 0, "nothing runs while the learner keeps typing");
  t.mock.timers.tick(DEBOUNCE_MS);
  await settle();
  assert.deepEqual(runtime.calls.map((c) => c.data), [{ memory: 204 }]);
});

test("committing the value being typed runs it now, once", async (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const runtime = fakeRuntime();
  const runner = new Runner(runtime, "");
  const panel = fakePanel();
  runner.schedule(panel, { memory: 2048 });
  assert.equal(runner.commit(panel), true);
  await settle();
  assert.deepEqual(runtime.calls.map((c) => c.data), [{ memory: 2048 }]);
  assert.equal(runner.commit(panel), false, "nothing is left waiting");
  t.mock.timers.tick(DEBOUNCE_MS);
  await settle();
  assert.equal(runtime.calls.length, 1, "the debounce timer does not run it a second time");
});

test("while a run is in flight only the newest request waits, and the overtaken result is dropped", async (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const runtime = fakeRuntime();
  const runner = new Runner(runtime, "");
  const panel = fakePanel();
  runner.schedule(panel, { memory: 128 }, { immediate: true });
  await settle();
  runner.schedule(panel, { memory: 256 }, { immediate: true });
  runner.schedule(panel, { memory: 512 }, { immediate: true });
  runtime.answer(); // 128 finishes after 256 and 512 were asked for
  await settle();
  assert.deepEqual(panel.drawn, [], "the result for 128 is not drawn");
  assert.deepEqual(runtime.calls.map((c) => c.data), [{ memory: 128 }, { memory: 512 }],
    "256 was overtaken before it started and never runs");
  runtime.answer();
  await settle();
  assert.deepEqual(panel.drawn, [{ memory: 512 }]);
});

test("a committed change overtakes a keystroke still waiting for its pause", async (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const runtime = fakeRuntime();
  const runner = new Runner(runtime, "");
  const panel = fakePanel();
  runner.schedule(panel, { memory: 300 });
  runner.schedule(panel, { preset: "sqs-batch" }, { immediate: true });
  t.mock.timers.tick(DEBOUNCE_MS);
  await settle();
  runtime.answer();
  await settle();
  assert.deepEqual(runtime.calls.map((c) => c.data), [{ preset: "sqs-batch" }]);
  assert.deepEqual(panel.drawn, [{ preset: "sqs-batch" }]);
});

test("two panels (compare mode) each get their newest run", async (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const runtime = fakeRuntime();
  const runner = new Runner(runtime, "");
  const a = fakePanel();
  const b = fakePanel();
  runner.schedule(a, { panel: "a" }, { immediate: true });
  runner.schedule(b, { panel: "b" }, { immediate: true });
  await settle();
  runtime.answer();
  await settle();
  runtime.answer();
  await settle();
  assert.deepEqual([a.drawn, b.drawn], [[{ panel: "a" }], [{ panel: "b" }]]);
});
