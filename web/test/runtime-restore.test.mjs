// Node tests of web/runtime/restore.js: which cells a restore re-runs, in what order, and how it
// stops (cancel, a failing cell). The runtime is a stand-in that records the code it is sent.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CellHistory, cellList, replay, restoreAfterRestart, summary } from "../runtime/restore.js";

/** A runtime whose exec records `[namespace, code]` and fails code containing "raise". */
function recordingRuntime() {
  const sent = [];
  return {
    sent,
    exec: async (code, { namespace }) => {
      sent.push([namespace, code]);
      return code.includes("raise") ? { ok: false, error: { type: "ValueError" } } : { ok: true, displays: [] };
    },
  };
}

test("history keeps each cell's last successful code, ordered by when it last completed", () => {
  const history = new CellHistory();
  history.record("/lab/", 1, "a = 1");
  history.record("/lab/", 2, "b = a + 1");
  history.record("/lab/", 1, "a = 10");
  history.record("/other/", 1, "z = 0");
  assert.deepEqual(history.entries("/lab/"), [{ cellId: 2, code: "b = a + 1" }, { cellId: 1, code: "a = 10" }]);
  assert.deepEqual(history.entries("/lab/", 2), [{ cellId: 1, code: "a = 10" }], "the stopped cell is left out");
  history.clear("/lab/");
  assert.deepEqual(history.entries("/lab/"), []);
  assert.equal(history.entries("/other/").length, 1);
});

test("replay re-runs the cells in order in the given namespace and reports the time", async () => {
  const runtime = recordingRuntime();
  const clock = [0, 1500];
  const seen = [];
  const result = await replay(runtime, [{ cellId: 1, code: "a = 1" }, { cellId: 3, code: "c = 3" }], {
    namespace: "/lab/", onCell: (i, total, id) => seen.push([i, total, id]), now: () => clock.shift(),
  });
  assert.deepEqual(runtime.sent, [["/lab/", "a = 1"], ["/lab/", "c = 3"]]);
  assert.deepEqual(seen, [[1, 2, 1], [2, 2, 3]]);
  assert.deepEqual(result, { ran: 2, total: 2, seconds: 1.5, cancelled: false, failed: null });
  assert.equal(summary(result, [1, 3]), "Restored this page's variables by re-running cells 1 and 3 in 1.50 s.");
});

test("cancel stops before the next cell; a failing cell stops the rest", async () => {
  const runtime = recordingRuntime();
  let cancel = false;
  const cancelled = await replay(runtime, [{ cellId: 1, code: "a" }, { cellId: 2, code: "b" }], {
    namespace: "n", onCell: () => { cancel = true; }, isCancelled: () => cancel,
  });
  assert.equal(cancelled.ran, 1);
  assert.equal(cancelled.cancelled, true);
  assert.match(summary(cancelled, [1, 2]), /cancelled after 1 of 2 cells/);
  const failed = await replay(runtime, [{ cellId: 4, code: "raise" }, { cellId: 5, code: "e" }], { namespace: "n" });
  assert.equal(failed.ran, 0);
  assert.deepEqual(failed.failed, { cellId: 4, error: { type: "ValueError" } });
  assert.ok(!runtime.sent.some(([, code]) => code === "e"), "cells after a failure are not run");
  assert.match(summary(failed, [4, 5]), /cell 4 raised ValueError/);
});

test("cell lists read naturally", () => {
  assert.equal(cellList([2]), "cell 2");
  assert.equal(cellList([1, 2, 3]), "cells 1, 2 and 3");
});

/** Just enough of a DOM element for restoreAfterRestart's notice. */
function fakeElement() {
  const element = {
    children: [], dataset: {}, textContent: "", removed: false, listeners: {},
    append: (...items) => element.children.push(...items),
    setAttribute: () => {},
    addEventListener: (type, callback) => { element.listeners[type] = callback; },
    remove: () => { element.removed = true; },
  };
  return element;
}

test("a restore whose Python cannot start again says so instead of promising a restore", async () => {
  const history = new CellHistory();
  history.record("/lab/", 1, "a = 1");
  history.record("/lab/", 2, "while True: pass");
  const container = fakeElement();
  const runtime = { exec: async () => { throw new Error("the Python worker failed to start"); } };
  const doc = { createElement: fakeElement };
  await assert.rejects(restoreAfterRestart({ runtime, history, namespace: "/lab/", stoppedCellId: 2, container, doc }), /failed to start/);
  const [notice] = container.children;
  const [text, cancel] = notice.children;
  assert.equal(notice.dataset.state, "failed");
  assert.match(text.textContent, /^Restore failed: the Python worker failed to start\. Press Restart runtime/);
  assert.equal(cancel.removed, true);
  await history.idle();
  assert.equal(history.restoring, null, "cells may run again");
});
