// One definition of answered / correct / skipped (web/quiz/tally.js), shared by the exam report,
// progress page, review filters and export: the counts partition the records and agree with the
// store's own records after practice checks and exam skips.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Store } from "../quiz/store.js";
import { tally, statusOf, examTally, describe } from "../quiz/tally.js";

class MemoryStorage {
  constructor() { this.map = new Map(); }
  getItem(k) { return this.map.has(k) ? this.map.get(k) : null; }
  setItem(k, v) { this.map.set(k, String(v)); }
  removeItem(k) { this.map.delete(k); }
}

test("every tried question is exactly one of correct, incorrect, skipped; flags count apart", () => {
  const store = new Store(new MemoryStorage());
  store.record("a", { score: 1, correct: true }, { choice: 0 });
  store.record("b", { score: 0, correct: false }, { choice: 1 });
  store.record("c", null, null);
  store.record("d", { score: 1, correct: true }, { choice: 0 });
  store.record("d", null, null); // the last attempt decides: skipped now
  store.setFlag("e", true); // flagged, never tried
  const counts = tally(store.load().answers);
  assert.deepEqual(counts, { answered: 2, correct: 1, incorrect: 1, skipped: 2, flagged: 1 });
  assert.equal(counts.answered, counts.correct + counts.incorrect);
  assert.equal(statusOf(store.load().answers.e), null);
  assert.equal(describe(counts), "2 answered (1 correct, 1 incorrect), 2 skipped");
});

test("an exam's counts match what its submission records in the store", () => {
  const items = [{ id: "a", answered: true, correct: true }, { id: "b", answered: true, correct: false },
    ...Array.from({ length: 5 }, (_, i) => ({ id: `s${i}`, answered: false, correct: false }))];
  const store = new Store(new MemoryStorage());
  for (const i of items) store.record(i.id, i.answered ? { score: i.correct ? 1 : 0, correct: i.correct } : null, i.answered ? {} : null);
  const fromStore = tally(store.load().answers);
  assert.deepEqual(examTally(items), fromStore);
});

test("the export carries the same summary, and importing it does not keep a stale one", () => {
  const a = new Store(new MemoryStorage());
  a.record("x", { score: 1, correct: true }, { choice: 0 });
  a.record("y", null, null);
  const exported = JSON.parse(a.exportText());
  assert.deepEqual(exported.summary, tally(a.load().answers));
  const b = new Store(new MemoryStorage());
  b.importText(JSON.stringify({ ...exported, summary: { answered: 99 } }));
  assert.equal(b.load().summary, undefined);
  assert.deepEqual(JSON.parse(b.exportText()).summary, exported.summary);
});
