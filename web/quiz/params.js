// Parametric questions: draw values, put them into the text, and find the answer. The build ran
// the sandbox on a pool of draws (tools/quizbank/package.py, `pool`); the browser draws from that
// pool, so a lesson check never downloads Python. Only when Python is already loaded (a lab or the
// playground started it) does the sandbox compute a fresh draw live.

/** Every value a parameter can take (same rule as tools/quizbank/compute.py). */
export function paramValues(spec) {
  if (spec.choices) return spec.choices.slice();
  const step = spec.step ?? 1;
  const count = Math.floor((spec.max - spec.min) / step + 1e-9) + 1;
  return Array.from({ length: Math.max(count, 0) }, (_, k) => Math.round((spec.min + k * step) * 1e10) / 1e10);
}

/** One random draw: a value for each parameter. */
export function drawValues(params, random = Math.random) {
  const values = {};
  for (const [name, spec] of Object.entries(params)) {
    const all = paramValues(spec);
    values[name] = all[Math.floor(random() * all.length)];
  }
  return values;
}

const escapeHTML = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A value as a stem prints it: numbers of 1,000 or more with thousands separators ("600,000",
 * as the AWS documentation writes them), like `shown` in tools/quizbank/compute.py.
 */
export function shown(value) {
  return typeof value === "number" && Math.abs(value) >= 1000 ? value.toLocaleString("en-US", { maximumFractionDigits: 10 }) : String(value);
}

/**
 * Replace {name} placeholders; `html` escapes the values for insertion into markup; `group`
 * prints numbers with thousands separators (stems; option texts stay plain for comparison).
 */
export function substitute(text, values, html = true, group = false) {
  const fmt = group ? shown : String;
  return text.replace(/\{([a-z_][a-z0-9_]*)\}/g, (whole, name) =>
    (name in values ? (html ? escapeHTML(fmt(values[name])) : fmt(values[name])) : whole));
}

/** Python source that binds the values, then runs the question's compute snippet. */
export function program(q, values) {
  const lines = Object.entries(values).map(([k, v]) => `${k} = ${JSON.stringify(v)}`);
  return `${lines.join("\n")}\n${q.compute}`;
}

/** Whether the shared Python runtime is loaded and idle, so a live draw costs no download. */
export function pythonLoaded(runtime) {
  return Boolean(runtime && typeof runtime.evalJSON === "function" && runtime.status === "ready");
}

/** `q` with `values` put into its text; `isRight(option, index)` marks the right option. */
function filled(q, values, isRight) {
  const out = { ...q, values, stem: substitute(q.stem, values, true, true) };
  if (q.options) {
    out.options = q.options.map((o, i) => ({ ...o, text: substitute(o.text, values), why: substitute(o.why, values),
      correct: isRight(o, i) }));
  }
  return out;
}

/**
 * Whether `q` is a computed single answer: four options the build computed (the right number and
 * three misconceptions'), in the exam's multiple-choice format. These always come from the pool,
 * which holds only instances with four different options (tools/quizbank/choices.py).
 */
export function computedChoice(q) {
  return q.type === "parametric" && Array.isArray(q.misconceptions);
}

/** `q` resolved to build-time instance number `index` of its pool (no Python involved). */
export function instanceOf(q, index) {
  const instance = q.pool?.[index];
  if (!instance) throw new Error(`this question has no precomputed instance ${index}`);
  let out;
  if (computedChoice(q)) {
    const reasons = [q.answer_why, ...q.misconceptions.map((m) => m.why)];
    out = { ...q, values: instance.values, stem: substitute(q.stem, instance.values, true, true),
      options: instance.options.map((o) => ({ text: o.text, why: substitute(reasons[o.slot], instance.values, true, true),
        correct: o.slot === 0 })) };
  } else {
    out = filled(q, instance.values, (o, i) => i === instance.correct);
    if (!q.options) out.answer = instance.answer;
  }
  out.instance = index;
  out.source = "pool";
  return out;
}

/** A resolved copy of `q` from one of its build-time instances, drawn with `random`. */
export function fromPool(q, random = Math.random) {
  if (!q.pool || !q.pool.length) throw new Error("this question has no precomputed instances");
  return instanceOf(q, Math.floor(random() * q.pool.length));
}

/** A resolved copy of `q` for fresh `values`, its answer computed by the runtime's sandbox. */
export async function live(q, runtime, values = drawValues(q.params)) {
  const answer = await runtime.evalJSON(program(q, values));
  const out = filled(q, values, (o) => substitute(o.plain ?? o.text, values, false) === answer);
  if (q.options) {
    if (out.options.filter((o) => o.correct).length !== 1) throw new Error(`compute returned ${JSON.stringify(answer)}, which matches no option`);
  } else {
    if (typeof answer !== "number") throw new Error(`compute returned ${JSON.stringify(answer)}, not a number`);
    out.answer = answer;
  }
  out.source = "live";
  return out;
}

/**
 * A resolved copy of parametric question `q`: values drawn, text filled in, and the answer
 * (number) or the right option (`correct`) set. Live Python only when it is already loaded and
 * the options are not computed ones; otherwise (or if the live run fails) an instance from the
 * build-time pool.
 */
export async function resolve(q, runtime, random = Math.random) {
  if (pythonLoaded(runtime) && !computedChoice(q)) {
    try {
      return await live(q, runtime, drawValues(q.params, random));
    } catch (error) {
      if (!q.pool?.length) throw error;
      console.warn(`parametric question ${q.id}: live draw failed (${error.message}); using a precomputed one`);
    }
  }
  return fromPool(q, random);
}
