// A practice session: questions stacked on the page, each with Check and Flag buttons and
// immediate feedback. Used by lesson checks, practice, "due today" and retakes. Every check is
// saved to the progress store and feeds the FSRS card of the question.
import { h, fill } from "./dom.js";
import { grade } from "./grade.js";
import { questionView } from "./render.js";
import { resolve } from "./params.js";
import { review } from "./srs.js";

/** Grade, and for scenario sets attach each part's result (the view reveals them one by one). */
export function gradeFull(q, response, mode) {
  const result = grade(q, response, mode);
  if (q.type === "scenario") {
    result.parts = Object.fromEntries(q.questions.map((sub) => [sub.id, grade(sub, response?.parts?.[sub.id], mode)]));
  }
  return result;
}

/** Save a graded answer and reschedule its card. */
export function remember(store, id, result, response) {
  store.record(id, result, response);
  if (result) store.update((data) => { data.cards[id] = review(data.cards[id], result); });
}

function runtime() {
  return window.coldStart && window.coldStart.runtime;
}

const needsPython = (q) => q.type === "parametric" || (q.questions || []).some(needsPython);

/** Resolve a parametric question, or the parametric parts of a scenario set. */
async function resolveAll(q) {
  if (q.type === "parametric") return resolve(q, runtime());
  if (!q.questions) return q;
  return { ...q, questions: await Promise.all(q.questions.map(resolveAll)) };
}

/**
 * Call `start` once `el` comes near the viewport (or at once where IntersectionObserver is
 * missing). Lesson pages use it so that reading a lesson never downloads Python: only reaching a
 * parametric question in its check does.
 */
function whenNear(el, start) {
  if (typeof IntersectionObserver !== "function") return start();
  const observer = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) {
      observer.disconnect();
      start();
    }
  }, { rootMargin: "400px 0px" });
  observer.observe(el);
}

/**
 * Build one question card; parametric questions are resolved through the runtime first —
 * at once, or with `lazy` only when the card nears the viewport.
 */
function card(q, index, total, store, onDone, lazy) {
  const holder = h("div", { class: "cs-q-card" });
  const flagged = () => Boolean(store.load().answers[q.id]?.flagged);
  const flag = h("button", { type: "button", class: "cs-q-flag", "aria-pressed": String(flagged()),
    onclick: () => {
      const on = flag.getAttribute("aria-pressed") !== "true";
      store.setFlag(q.id, on);
      flag.setAttribute("aria-pressed", String(on));
      flag.textContent = on ? "Flagged" : "Flag";
    } }, flagged() ? "Flagged" : "Flag");

  const mount = (question) => {
    const view = questionView(question, { number: index + 1, total, onChange: () => { check.disabled = !view.response(); } });
    const check = h("button", { type: "button", class: "md-button md-button--primary cs-q-check", disabled: true,
      onclick: () => {
        const response = view.response();
        const result = gradeFull(question, response, "practice");
        view.lock(true);
        view.reveal(result);
        check.disabled = true;
        remember(store, q.id, result, response);
        onDone(q.id, result);
      } }, "Check");
    fill(holder, view.el, h("div", { class: "cs-q-actions" }, check, flag));
  };

  if (!needsPython(q)) {
    mount(q);
  } else {
    const status = h("p", { class: "cs-q-loading", role: "status" }, "Preparing this question: loading Python…");
    holder.append(h("fieldset", { class: "cs-q" }, h("legend", {}, `Question ${index + 1} of ${total}`), status));
    const prepare = () => resolveAll(q).then(mount).catch((error) => {
      status.textContent = `This question could not be prepared: ${error.message}`;
      onDone(q.id, null);
    });
    if (lazy) whenNear(holder, prepare);
    else prepare();
  }
  return holder;
}

/**
 * Render `questions` into `container` as a session with a running score and a
 * "Retake the ones I got wrong" button at the end.
 */
export function startSession(container, questions, store, { title, lazy = false } = {}) {
  const results = {};
  const summary = h("p", { class: "cs-q-summary", role: "status", "aria-live": "polite" });
  const retake = h("button", { type: "button", class: "md-button", hidden: true,
    onclick: () => startSession(container, questions.filter((q) => !results[q.id]?.correct), store, { title, lazy }) },
  "Retake the ones I got wrong");
  const update = () => {
    const done = Object.values(results).filter(Boolean);
    const right = done.filter((r) => r.correct).length;
    summary.textContent = `${done.length} of ${questions.length} checked, ${right} correct.`;
    retake.hidden = !(Object.keys(results).length === questions.length && right < done.length);
  };
  const cards = questions.map((q, i) => card(q, i, questions.length, store, (id, result) => { results[id] = result; update(); }, lazy));
  fill(container, ...(title ? [h("h3", {}, title)] : []), ...cards, summary, retake);
  if (!questions.length) summary.textContent = "No questions match.";
  else update();
}
