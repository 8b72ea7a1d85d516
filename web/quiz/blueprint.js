// Mock-exam logic without any DOM: domain quotas from a blueprint, the question draw, and the
// result (estimated scaled score and per-domain breakdown).
import { grade, scaledScore } from "./grade.js";
import { seeded, shuffle } from "./random.js";
import { computedChoice, fromPool } from "./params.js";

/** Questions per domain for an exam of `total` questions: largest-remainder rounding of weights. */
export function domainQuotas(blueprint, total) {
  const raw = blueprint.domains.map((d) => ({ id: d.id, exact: (total * d.weight) / 100 }));
  const quotas = Object.fromEntries(raw.map((d) => [d.id, Math.floor(d.exact)]));
  let left = total - Object.values(quotas).reduce((a, b) => a + b, 0);
  const byRemainder = raw.slice().sort((a, b) => (b.exact % 1) - (a.exact % 1) || a.id.localeCompare(b.id));
  for (const d of byRemainder) {
    if (left <= 0) break;
    quotas[d.id] += 1;
    left -= 1;
  }
  return quotas;
}

/**
 * Questions that can appear in this exam: tagged for it, with a domain, and not practice-only.
 * The build marks `practice_only` on every question outside the real exam's two formats (1 of 4;
 * k of 5 or more) — see tools/quizbank/mockpool.py. A computed single answer (four options the
 * build computed) is in the exam's format and comes from its pool; other parametric questions,
 * alone or in a scenario, may need Pyodide and are left to practice in any case.
 */
export function eligible(questions, blueprint) {
  const needsPython = (q) => (q.type === "parametric" && !computedChoice(q)) || (q.questions || []).some(needsPython);
  return questions.filter((q) => (q.exams || []).includes(blueprint.exam) && !needsPython(q)
    && !q.practice_only && q[blueprint.domain_field]);
}

/** How deep the pool is: its size, and how many full exams it fills without repeating a question. */
export function poolDepth(questions, blueprint) {
  const pool = eligible(questions, blueprint);
  const quotas = domainQuotas(blueprint, blueprint.questions);
  const fullExams = Math.min(...blueprint.domains.map((d) => {
    const have = pool.filter((q) => q[blueprint.domain_field] === d.id).length;
    return quotas[d.id] ? Math.floor(have / quotas[d.id]) : Infinity;
  }));
  return { size: pool.length, fullExams };
}

/**
 * Draw `total` question ids matching the blueprint's domain weights. When a domain has too few
 * questions, the shortfall is filled from the other domains so the exam keeps its length.
 */
export function pickExam(questions, blueprint, total, random) {
  const pool = eligible(questions, blueprint);
  const quotas = domainQuotas(blueprint, Math.min(total, pool.length));
  const chosen = [];
  const rest = [];
  for (const d of blueprint.domains) {
    const group = shuffle(pool.filter((q) => q[blueprint.domain_field] === d.id), random);
    chosen.push(...group.slice(0, quotas[d.id]));
    rest.push(...group.slice(quotas[d.id]));
  }
  chosen.push(...shuffle(rest, random).slice(0, Math.min(total, pool.length) - chosen.length));
  return shuffle(chosen, random).map((q) => q.id);
}

/**
 * Question `position` of exam `state` ({ids, seed}) as the learner sees it. A computed single
 * answer is resolved to the pool instance the exam's seed picks, so the question, a reload, the
 * result and the review all show the same numbers and options.
 */
export function examQuestion(bank, state, position) {
  const q = bank.byId[state.ids[position]];
  return q && computedChoice(q) ? fromPool(q, seeded((state.seed ^ 0x5bd1e995) + position)) : q;
}

/** Grade a finished exam: points, estimated scaled score, pass/fail and per-domain breakdown. */
export function examResult(questions, responses, blueprint) {
  const [low, high] = blueprint.score_range;
  const domains = Object.fromEntries(blueprint.domains.map((d) => [d.id, { name: d.name, points: 0, total: 0 }]));
  const items = questions.map((q) => {
    const answered = responses[q.id] !== undefined && responses[q.id] !== null;
    const result = grade(q, responses[q.id], "exam");
    const domain = domains[q[blueprint.domain_field]];
    if (domain) { domain.points += result.score; domain.total += 1; }
    return { id: q.id, answered, ...result };
  });
  const points = items.reduce((sum, i) => sum + i.score, 0);
  const fraction = questions.length ? points / questions.length : 0;
  const scaled = scaledScore(fraction, low, high);
  return { items, points, total: questions.length, fraction, scaled, passed: scaled >= blueprint.passing_score,
    unanswered: items.filter((i) => !i.answered).length, domains };
}
