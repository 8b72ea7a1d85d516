// Parametric questions: draw values, put them into the text, and let the sandbox (through the
// shared Pyodide runtime, loaded only now) compute the answer.

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

/** Replace {name} placeholders; `html` escapes the values for insertion into markup. */
export function substitute(text, values, html = true) {
  return text.replace(/\{([a-z_][a-z0-9_]*)\}/g, (whole, name) =>
    (name in values ? (html ? escapeHTML(values[name]) : String(values[name])) : whole));
}

/** Python source that binds the values, then runs the question's compute snippet. */
export function program(q, values) {
  const lines = Object.entries(values).map(([k, v]) => `${k} = ${JSON.stringify(v)}`);
  return `${lines.join("\n")}\n${q.compute}`;
}

/**
 * A resolved copy of parametric question `q`: values drawn, text filled in, and the answer
 * (number) or the right option (`correct`) set from the runtime's result.
 */
export async function resolve(q, runtime, values = drawValues(q.params)) {
  if (!runtime || typeof runtime.evalJSON !== "function") {
    throw new Error("the Python runtime is not available on this page");
  }
  const answer = await runtime.evalJSON(program(q, values));
  const out = { ...q, values, stem: substitute(q.stem, values) };
  if (q.options) {
    out.options = q.options.map((o) => ({ ...o, text: substitute(o.text, values), why: substitute(o.why, values),
      correct: substitute(o.plain ?? o.text, values, false) === answer }));
    if (out.options.filter((o) => o.correct).length !== 1) throw new Error(`compute returned ${JSON.stringify(answer)}, which matches no option`);
  } else {
    if (typeof answer !== "number") throw new Error(`compute returned ${JSON.stringify(answer)}, not a number`);
    out.answer = answer;
  }
  return out;
}
