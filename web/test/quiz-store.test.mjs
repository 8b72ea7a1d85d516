// The progress store: versions migrate, corruption is detected with the raw text kept, export →
// import round-trips; FSRS scheduling feeds the due-today queue.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Store, CorruptStore, STORE_KEY, VERSION } from "../quiz/store.js";
import { review, dueIds, ratingFor } from "../quiz/srs.js";
import { Rating } from "ts-fsrs";

class MemoryStorage {
  constructor() { this.map = new Map(); }
  getItem(k) { return this.map.has(k) ? this.map.get(k) : null; }
  setItem(k, v) { this.map.set(k, String(v)); }
  removeItem(k) { this.map.delete(k); }
}

test("a fresh store is empty and at the current version", () => {
  const data = new Store(new MemoryStorage()).load();
  assert.equal(data.version, VERSION);
  assert.deepEqual(data.answers, {});
});

test("recorded answers and flags persist across store instances (reloads)", () => {
  const storage = new MemoryStorage();
  new Store(storage).record("q1", { score: 1, correct: true }, { choice: 0 });
  new Store(storage).setFlag("q1", true);
  const a = new Store(storage).load().answers.q1;
  assert.equal(a.attempts, 1);
  assert.equal(a.correct, 1);
  assert.equal(a.flagged, true);
  assert.deepEqual(a.last.response, { choice: 0 });
});

test("a version-1 document migrates to version 2 and is saved back", () => {
  const storage = new MemoryStorage();
  storage.setItem(STORE_KEY, JSON.stringify({ version: 1, results: { q1: { correct: true, at: "2026-01-01T00:00:00Z" }, q2: { correct: false } } }));
  const data = new Store(storage).load();
  assert.equal(data.version, 2);
  assert.equal(data.answers.q1.correct, 1);
  assert.equal(data.answers.q2.correct, 0);
  assert.equal(JSON.parse(storage.getItem(STORE_KEY)).version, 2);
});

test("unreadable progress raises CorruptStore carrying the raw text; salvage keeps what parses", () => {
  for (const raw of ["{not json", JSON.stringify({ version: 99 }), JSON.stringify({ version: 2, answers: [] })]) {
    const storage = new MemoryStorage();
    storage.setItem(STORE_KEY, raw);
    assert.throws(() => new Store(storage).load(), (e) => e instanceof CorruptStore && e.raw === raw);
  }
  // What parses is kept as readable JSON with the same content; what does not comes back as is.
  assert.deepEqual(JSON.parse(Store.salvage(JSON.stringify({ version: 99, answers: { q1: 1 } }))),
    { version: 99, answers: { q1: 1 } });
  assert.notEqual(Store.salvage('{"version":99}'), '{"version":99}');
  assert.equal(Store.salvage("{not json"), "{not json");
});

test("reset after corruption gives an empty, working store", () => {
  const storage = new MemoryStorage();
  storage.setItem(STORE_KEY, "garbage");
  const store = new Store(storage);
  store.reset();
  store.record("q1", { score: 0, correct: false }, { choice: 1 });
  assert.equal(store.load().answers.q1.attempts, 1);
});

test("export then import into an empty store restores the same progress", () => {
  const a = new Store(new MemoryStorage());
  a.record("q1", { score: 1, correct: true }, { value: 50 });
  a.setFlag("q2", true);
  const b = new Store(new MemoryStorage());
  b.importText(a.exportText());
  assert.deepEqual(b.load(), a.load());
  assert.throws(() => b.importText("{"), /not valid JSON/);
});

test("a wrong answer comes back sooner than a right one, and shows up in the due queue first", () => {
  const now = new Date("2026-11-24T10:00:00");
  const wrong = review(null, { score: 0, correct: false }, now);
  const right = review(null, { score: 1, correct: true }, now);
  assert.ok(new Date(wrong.due) < new Date(right.due));
  assert.deepEqual(dueIds({ wrong, right }, now), []);
  assert.deepEqual(dueIds({ right, wrong }, new Date(right.due)), ["wrong", "right"]);
  const later = review(right, { score: 1, correct: true }, new Date(right.due));
  assert.ok(new Date(later.due) > new Date(right.due), "a second right answer pushes the card further out");
});

test("a wrong answer is rated Again and is due the next day; partly right Hard; right Good", () => {
  const now = new Date("2026-11-24T10:00:00");
  const day = 24 * 3600 * 1000;
  assert.equal(ratingFor({ score: 0, correct: false }), Rating.Again);
  assert.equal(ratingFor({ score: 0.5, correct: false }), Rating.Hard);
  assert.equal(ratingFor({ score: 1, correct: true }), Rating.Good);
  const wrong = review(null, { score: 0, correct: false }, now);
  assert.equal(new Date(wrong.due) - now, day, "Again: back tomorrow");
  const partly = review(null, { score: 0.5, correct: false }, now);
  assert.ok(new Date(partly.due) - now > day, "Hard waits longer than Again");
});
