// The browser's grader. It implements exactly the rules of tools/quizbank/grader.py (the
// reference); both are checked against tests/quiz/fixtures/grading.json.

const EPSILON = 1e-9;

/** Round half up to 4 decimals (Python: floor(x * 1e4 + 0.5) / 1e4). */
export function roundScore(value) {
  return Math.floor(value * 10000 + 0.5) / 10000;
}

/** Case-, width- and whitespace-insensitive form of a short answer; final full stops ignored. */
export function normaliseText(text) {
  return String(text).normalize("NFKC").toLowerCase().split(/\s+/).filter(Boolean).join(" ")
    .replace(/[. ]+$/, "");
}

/** Right-hand choices of a matching question: each pair's right, then the distractors. */
export function rights(question) {
  return question.pairs.map((p) => p.right).concat(question.distractors || []);
}

/** Absolute tolerance of a numeric answer. */
export function tolerance(question) {
  if (question.tolerance_pct !== undefined) return Math.abs(question.answer) * question.tolerance_pct / 100;
  return question.tolerance || 0;
}

function close(value, target, tol) {
  return Math.abs(value - target) <= tol + EPSILON * Math.max(1, Math.abs(target));
}

function result(score, wrongAnswer = null) {
  const s = roundScore(Math.max(0, Math.min(1, score)));
  return { score: s, correct: s === 1, wrong_answer: wrongAnswer };
}

const isIndex = (v, n) => Number.isInteger(v) && v >= 0 && v < n;

/** Parse a learner's number: accepts 1,000 and 1_000; rejects booleans, blanks and words. */
export function parseNumber(value) {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value !== "string") return null;
  const text = value.trim().replace(/[,_]/g, "");
  // Same grammar as Python's float() for what learners type: digits, sign, point, exponent.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

function gradeSingle(q, r) {
  return result(isIndex(r.choice, q.options.length) && q.options[r.choice].correct ? 1 : 0);
}

function gradeMultiple(q, r, mode) {
  const picked = new Set((r.choices || []).filter((c) => isIndex(c, q.options.length)));
  const right = new Set(q.options.flatMap((o, i) => (o.correct ? [i] : [])));
  const hits = [...picked].filter((c) => right.has(c)).length;
  const misses = picked.size - hits;
  if (hits === right.size && misses === 0) return result(1);
  if (mode === "exam") return result(0);
  return result((hits - misses) / right.size);
}

function gradeOrdering(q, r, mode) {
  const n = q.items.length;
  const order = Array.isArray(r.order) ? r.order : [];
  const sorted = [...order].sort((a, b) => a - b);
  if (sorted.length !== n || sorted.some((v, i) => v !== i)) return result(0);
  if (order.every((v, i) => v === i)) return result(1);
  if (mode === "exam") return result(0);
  const position = [];
  order.forEach((item, place) => { position[item] = place; });
  let good = 0, total = 0;
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) { total++; if (position[a] < position[b]) good++; }
  return result(good / total);
}

function gradeMatching(q, r, mode) {
  const n = q.pairs.length;
  const matches = Array.isArray(r.matches) ? r.matches : [];
  let hits = 0;
  for (let i = 0; i < n; i++) if (matches[i] === i) hits++;
  if (hits === n) return result(1);
  return result(mode === "exam" ? 0 : hits / n);
}

function gradeNumeric(q, r) {
  const value = parseNumber(r.value);
  if (value === null) return result(0);
  const tol = tolerance(q);
  if (close(value, q.answer, tol)) return result(1);
  const wrong = q.wrong_answers || [];
  for (let i = 0; i < wrong.length; i++) {
    if (wrong[i].value !== undefined && close(value, wrong[i].value, tol)) return result(0, i);
  }
  return result(0);
}

function gradeShort(q, r) {
  if (typeof r.text !== "string" || !r.text.trim()) return result(0);
  const given = normaliseText(r.text);
  if (q.answers.some((a) => normaliseText(a) === given)) return result(1);
  const wrong = q.wrong_answers || [];
  for (let i = 0; i < wrong.length; i++) {
    if (wrong[i].text !== undefined && normaliseText(wrong[i].text) === given) return result(0, i);
  }
  return result(0);
}

function gradeScenario(q, r, mode) {
  const parts = r.parts || {};
  const scores = q.questions.map((sub) => grade(sub, parts[sub.id], mode).score);
  return result(scores.reduce((a, b) => a + b, 0) / scores.length);
}

/** Score a response: {score 0..1, correct, wrong_answer (index of matched wrong answer) | null}. */
export function grade(question, response, mode = "practice") {
  if (mode !== "exam" && mode !== "practice") throw new Error(`mode must be exam or practice, not ${mode}`);
  const r = response && typeof response === "object" ? response : {};
  let kind = question.type;
  if (kind === "parametric") kind = question.options ? "single" : "numeric";
  switch (kind) {
    case "single": return gradeSingle(question, r);
    case "multiple": return gradeMultiple(question, r, mode);
    case "ordering": return gradeOrdering(question, r, mode);
    case "matching": return gradeMatching(question, r, mode);
    case "numeric": return gradeNumeric(question, r);
    case "short": return gradeShort(question, r);
    case "scenario": return gradeScenario(question, r, mode);
    default: throw new Error(`unknown question type ${question.type}`);
  }
}

/** Estimated scaled score (linear 100..1000, rounded half up); AWS does not publish its mapping. */
export function scaledScore(fraction, low = 100, high = 1000) {
  const f = Math.max(0, Math.min(1, fraction));
  return Math.floor(low + (high - low) * f + 0.5);
}
