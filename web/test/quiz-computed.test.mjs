// Computed single answers (a parametric question with three misconceptions): the browser resolves
// a build-time instance into a 1-of-4 question, grades it like the Python reference, draws it into
// mock exams and shows the same instance again from the exam's seed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { grade } from "../quiz/grade.js";
import { computedChoice, fromPool, instanceOf, resolve } from "../quiz/params.js";
import { eligible, examQuestion, pickExam } from "../quiz/blueprint.js";
import { seeded } from "../quiz/random.js";

const fixtures = JSON.parse(readFileSync(new URL("../../tests/quiz/fixtures/grading.json", import.meta.url)));
const packaged = fixtures.packaged.param_computed;
const expected = fixtures.questions.param_computed;
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

test("the build ships computed options per instance, and only instances with four different ones", () => {
  assert.ok(computedChoice(packaged) && !computedChoice({ type: "parametric" }));
  assert.ok(packaged.pool.length >= 20);
  for (const instance of packaged.pool) {
    assert.equal(new Set(instance.options.map((o) => o.text)).size, 4, JSON.stringify(instance.values));
    assert.equal(instance.options[instance.correct].slot, 0);
  }
});

test("an instance resolves to the four options written in the grading fixture, which both graders score", () => {
  const index = packaged.pool.findIndex((i) => same(i.values, expected.values));
  assert.ok(index >= 0, "the fixture's instance is in the pool");
  const q = instanceOf(packaged, index);
  assert.deepEqual(q.options.map((o) => [o.text, Boolean(o.correct)]), expected.options.map((o) => [o.text, Boolean(o.correct)]));
  assert.equal(q.instance, index);
  assert.match(q.stem, /quota is 2,000\./, "stem numbers carry thousands separators");
  assert.match(q.options[3].why, /100 units unreserved/);
  assert.match(q.options[0].why, /750 units/, "a reason's placeholders are filled in");
  assert.deepEqual(grade(q, { choice: 3 }, "exam"), { score: 1, correct: true, wrong_answer: null });
  assert.deepEqual(grade(q, { choice: 0, instance: index }, "exam"), { score: 0, correct: false, wrong_answer: null });
});

test("computed options come from the pool even when Python is loaded (no live run)", async () => {
  let ran = false;
  const runtime = { status: "ready", evalJSON: async () => { ran = true; return 0; } };
  const q = await resolve(packaged, runtime, seeded(4));
  assert.equal(ran, false);
  assert.equal(q.source, "pool");
  assert.equal(q.options.filter((o) => o.correct).length, 1);
});

test("mock exams draw computed single answers, and show the same instance for the same seed and position", () => {
  const blueprint = { exam: "DVA-C02", domain_field: "domain", domains: [{ id: "development", weight: 100 }] };
  const plain = { id: "plain-param", type: "parametric", exams: ["DVA-C02"], domain: "development", pool: [] };
  const computed = { ...packaged, practice_only: false };
  assert.deepEqual(eligible([computed, plain], blueprint).map((q) => q.id), [computed.id]);
  const bank = { byId: { [computed.id]: computed } };
  const ids = pickExam([computed, plain], blueprint, 5, seeded(1));
  assert.deepEqual(ids, [computed.id]);
  const state = { ids, seed: 12345 };
  const shown = examQuestion(bank, state, 0);
  assert.deepEqual(examQuestion(bank, state, 0).options, shown.options, "a reload shows the same options");
  const seen = new Set(Array.from({ length: 40 }, (_, seed) => examQuestion(bank, { ids, seed }, 0).instance));
  assert.ok(seen.size > 5, "different exams show different instances");
  assert.deepEqual(fromPool(packaged, seeded(9)).options, fromPool(packaged, seeded(9)).options);
});
