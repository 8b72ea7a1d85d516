// Mock-exam logic: quotas follow the blueprint weights, draws are reproducible from the seed,
// and the result reports the scaled score and per-domain breakdown.
import { test } from "node:test";
import assert from "node:assert/strict";
import { domainQuotas, pickExam, examResult, poolDepth } from "../quiz/blueprint.js";
import { seeded } from "../quiz/random.js";

const blueprint = {
  exam: "DVA-C02", domain_field: "domain", score_range: [100, 1000], passing_score: 720, questions: 65,
  domains: [
    { id: "development", name: "Development", weight: 32 }, { id: "security", name: "Security", weight: 26 },
    { id: "deployment", name: "Deployment", weight: 24 }, { id: "troubleshooting", name: "Troubleshooting", weight: 18 },
  ],
};

test("65 questions split 21/17/15/12 by the DVA-C02 weights (largest remainder)", () => {
  assert.deepEqual(domainQuotas(blueprint, 65), { development: 21, security: 17, deployment: 15, troubleshooting: 12 });
  for (const n of [1, 4, 7, 10, 50, 65, 100]) {
    const q = domainQuotas(blueprint, n);
    assert.equal(Object.values(q).reduce((a, b) => a + b, 0), n, `sum for ${n}`);
  }
});

const bank = [];
for (const d of ["development", "security", "deployment", "troubleshooting"]) {
  for (let i = 0; i < 30; i++) bank.push({ id: `${d}-${i}`, type: "single", exams: ["DVA-C02"], domain: d,
    options: [{ text: "a", correct: true, why: "" }, { text: "b", why: "" }] });
}
bank.push({ id: "param", type: "parametric", exams: ["DVA-C02"], domain: "security" });
bank.push({ id: "saa-only", type: "single", exams: ["SAA-C03"], domain: "security" });
bank.push({ id: "practice-only", type: "ordering", exams: ["DVA-C02"], domain: "security", practice_only: true });
bank.push({ id: "scn-param", type: "scenario", exams: ["DVA-C02"], domain: "security",
  questions: [{ id: "scn-param-a", type: "single" }, { id: "scn-param-b", type: "parametric" }] });

test("a draw has the quota per domain, no duplicates, no parametric, practice-only or other-exam questions", () => {
  const ids = pickExam(bank, blueprint, 65, seeded(7));
  assert.equal(ids.length, 65);
  assert.equal(new Set(ids).size, 65);
  assert.ok(!ids.includes("param") && !ids.includes("saa-only") && !ids.includes("scn-param"));
  assert.ok(!ids.includes("practice-only"));
  assert.equal(ids.filter((id) => id.startsWith("security")).length, 17);
});

test("the same seed draws the same exam; a short domain is filled from the others", () => {
  assert.deepEqual(pickExam(bank, blueprint, 20, seeded(3)), pickExam(bank, blueprint, 20, seeded(3)));
  const small = bank.filter((q) => q.domain !== "troubleshooting" || q.id === "troubleshooting-0");
  assert.equal(pickExam(small, blueprint, 65, seeded(1)).length, 65);
});

test("the result scales points to 100..1000 and breaks them down by domain", () => {
  const qs = bank.filter((q) => q.id.endsWith("-0") || q.id.endsWith("-1"));
  const responses = Object.fromEntries(qs.map((q) => [q.id, { choice: q.id.startsWith("security") ? 1 : 0 }]));
  delete responses["deployment-1"];
  const r = examResult(qs, responses, blueprint);
  assert.equal(r.points, 5);
  assert.equal(r.scaled, 663);
  assert.equal(r.passed, false);
  assert.equal(r.unanswered, 1);
  assert.deepEqual(r.domains.security, { name: "Security", points: 0, total: 2 });
  assert.deepEqual(r.domains.deployment, { name: "Deployment", points: 1, total: 2 });
});

test("asking for more questions than the pool holds draws every eligible one and never a practice-only one", () => {
  const ids = pickExam(bank, blueprint, 1000, seeded(5));
  assert.equal(ids.length, 120);
  assert.ok(!ids.includes("practice-only") && !ids.includes("param") && !ids.includes("scn-param"));
});

test("pool depth counts only drawable questions and the full exams their scarcest domain allows", () => {
  // 30 per domain; one exam needs 21/17/15/12, so development (30 / 21) allows one full exam.
  assert.deepEqual(poolDepth(bank, blueprint), { size: 120, fullExams: 1 });
  const deep = [...bank, ...bank.filter((q) => q.domain === "development").map((q) => ({ ...q, id: `${q.id}-b` }))];
  assert.deepEqual(poolDepth(deep, blueprint), { size: 150, fullExams: 1 });  // security 30 / 17 = 1
  const deeper = deep.concat(deep.filter((q) => q.domain !== "development").map((q) => ({ ...q, id: `${q.id}-c` })));
  assert.deepEqual(poolDepth(deeper, blueprint), { size: 240, fullExams: 2 });  // 60/21, 60/17, 60/15, 60/12
});
