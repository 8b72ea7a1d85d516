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

/**
 * The response as saved: for a question drawn from its build-time pool, with the instance shown
 * (`instance`, ignored by the graders), so review can show the same numbers again.
 */
export function saved(question, response) {
  return response && question.instance !== undefined ? { ...response, instance: question.instance } : response;
}

/** Save a graded answer and reschedule its card. */
export function remember(store, id, result, response) {
  store.record(id, result, response);
  if (result) store.update((data) => { data.cards[id] = review(data.cards[id], result); });
}

function runtime() {
  return window.coldStart && window.coldStart.runtime;
}

const parametric = (q) => q.type === "parametric" || (q.questions || []).some(parametric);

/** Resolve a parametric question, or the parametric parts of a scenario set. */
async function resolveAll(q) {
  if (q.type === "parametric") return resolve(q, runtime());
  if (!q.questions) return q;
  return { ...q, questions: await Promise.all(q.questions.map(resolveAll)) };
}

/**
 * Build one question card; parametric questions are resolved first (from the build-time pool, or
 * live when Python is already loaded: see params.js).
 */
function card(q, index, total, store, onDone) {
  const holder = h("div", { class: "cs-q-card", "data-type": q.type });
  const flagged = () => Boolean(store.load().answers[q.id]?.flagged);
  const flag = h("button", { type: "button", class: "cs-q-flag", "aria-pressed": String(flagged()),
    onclick: () => {
      const on = flag.getAttribute("aria-pressed") !== "true";
      store.setFlag(q.id, on);
      flag.setAttribute("aria-pressed", String(on));
      flag.textContent = on ? "Flagged" : "Flag";
    } }, flagged() ? "Flagged" : "Flag");

  const mount = (question) => {
    if (question.source) holder.dataset.source = question.source; // "pool" or "live" (params.js)
    const view = questionView(question, { number: index + 1, total, onChange: () => { check.disabled = !view.response(); } });
    const check = h("button", { type: "button", class: "md-button md-button--primary cs-q-check", disabled: true,
      onclick: () => {
        const response = view.response();
        const result = gradeFull(question, response, "practice");
        view.lock(true);
        view.reveal(result);
        check.disabled = true;
        remember(store, q.id, result, saved(question, response));
        onDone(q.id, result);
        // The Check button is now disabled: move focus to what it produced.
        const feedback = view.el.querySelector(".cs-q-feedback");
        feedback.setAttribute("tabindex", "-1");
        feedback.focus();
      } }, "Check");
    fill(holder, view.el, h("div", { class: "cs-q-actions" }, check, flag));
  };

  if (!parametric(q)) {
    mount(q);
  } else {
    const status = h("p", { class: "cs-q-loading", role: "status" }, "Preparing this question…");
    holder.append(h("fieldset", { class: "cs-q" }, h("legend", {}, `Question ${index + 1} of ${total}`), status));
    resolveAll(q).then(mount).catch((error) => {
      status.textContent = `This question could not be prepared: ${error.message}`;
      onDone(q.id, null);
    });
  }
  return holder;
}

/**
 * Render `questions` into `container` as a session with a running score and a
 * "Retake the ones I got wrong" button at the end.
 */
export function startSession(container, questions, store, { title } = {}) {
  const results = {};
  const summary = h("p", { class: "cs-q-summary", role: "status", "aria-live": "polite" });
  const retake = h("button", { type: "button", class: "md-button", hidden: true,
    onclick: () => startSession(container, questions.filter((q) => !results[q.id]?.correct), store, { title }) },
  "Retake the ones I got wrong");
  const update = () => {
    const done = Object.values(results).filter(Boolean);
    const right = done.filter((r) => r.correct).length;
    summary.textContent = `${done.length} of ${questions.length} checked, ${right} correct.`;
    retake.hidden = !(Object.keys(results).length === questions.length && right < done.length);
  };
  const cards = questions.map((q, i) => card(q, i, questions.length, store, (id, result) => { results[id] = result; update(); }));
  fill(container, ...(title ? [h("h3", {}, title)] : []), ...cards, summary, retake);
  if (!questions.length) summary.textContent = "No questions match.";
  else update();
}
