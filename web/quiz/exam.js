// The timed mock exam: blueprint-weighted draw, one question at a time, flag for review, an
// answer sheet, a warning before submitting with unanswered questions, auto-submit when time runs
// out, and a result with the estimated scaled score and per-domain breakdown. The exam in progress
// lives in the progress store, so a reload resumes it with the same deadline.
// Length and time can be shortened from the URL: exam/?n=10&minutes=20.
import { h, fill } from "./dom.js";
import { pickExam, examResult, domainQuotas, poolDepth, examQuestion } from "./blueprint.js";
import { questionView } from "./render.js";
import { seeded } from "./random.js";
import { gradeFull, remember, saved } from "./session.js";
import { clock, examTime } from "./clock.js";
import { examTally, describe } from "./tally.js";

function settings(blueprint) {
  const params = new URLSearchParams(location.search);
  const n = Number.parseInt(params.get("n"), 10);
  const minutes = Number.parseFloat(params.get("minutes"));
  return {
    n: n > 0 ? n : blueprint.questions,
    minutes: minutes > 0 ? minutes : n > 0 ? Math.max(1, Math.round((blueprint.minutes * n) / blueprint.questions)) : blueprint.minutes,
  };
}

/**
 * Links to the full exam and shorter runs with proportional time. A click only changes the query
 * and calls `show()` again: instant navigation does not reload a page whose path is unchanged.
 */
function lengthLinks(blueprint, show) {
  const perQuestion = blueprint.minutes / blueprint.questions;
  const lengths = [[blueprint.questions, "full exam"], [Math.ceil(blueprint.questions / 2), "half"], [10, "quick"]];
  const choose = (event) => {
    event.preventDefault();
    event.stopPropagation(); // keep mkdocs-material's link handling out of it
    history.replaceState(history.state, "", event.currentTarget.href);
    show();
  };
  return lengths.flatMap(([n, label], i) => [i ? ", " : "",
    h("a", { href: `?n=${n}&minutes=${Math.round(n * perQuestion)}`, onclick: choose }, `${label} (${n} questions, ${Math.round(n * perQuestion)} minutes)`)]);
}

/** Mount the exam for `blueprint` into `root`; returns a disposer (stops the timer). */
export function mountExam(root, bank, blueprint, store) {
  let timer = null;
  const stop = () => { if (timer) clearInterval(timer); timer = null; };

  function current() {
    const c = store.load().exam.current;
    return c && c.exam === blueprint.exam ? c : null;
  }
  function save(change) {
    store.update((data) => { change(data.exam.current); });
  }

  function intro() {
    stop();
    const { n, minutes } = settings(blueprint);
    const quotas = domainQuotas(blueprint, n);
    fill(root,
      h("p", {}, `${n} questions, ${minutes} minutes. Domains: `,
        blueprint.domains.map((d) => `${d.name} ${d.weight} % (${quotas[d.id]})`).join(", "), "."),
      poolNote(),
      h("p", {}, "Multiple-response questions score only when every choice is right, as in the real exam. ",
        "The timer keeps running if you leave or reload this page; come back to carry on."),
      h("button", { type: "button", class: "md-button md-button--primary cs-exam-start", onclick: () => start(n, minutes) }, "Start the exam"),
      h("p", { class: "cs-exam-lengths" }, "Other lengths: ", ...lengthLinks(blueprint, intro)));
  }

  /** What the draw is made from: the exam's formats only, and how many exams that fills. */
  function poolNote() {
    const { size, fullExams } = poolDepth(bank.questions, blueprint);
    return h("p", { class: "cs-exam-pool" },
      `Questions come from ${size} in the exam's two formats — one answer of four, or two or more of five or more `,
      `("Choose TWO") — enough for ${fullExams} full exam${fullExams === 1 ? "" : "s"} without repeating a question. `,
      "Some single-answer questions have four numbers as options, computed by the course's model of Lambda. ",
      "Ordering, matching, numeric-entry, short-answer and scenario-set questions are practice-only: they are never drawn here.");
  }

  function start(n, minutes) {
    const seed = (Date.now() ^ Math.floor(Math.random() * 2 ** 31)) >>> 0;
    const ids = pickExam(bank.questions, blueprint, n, seeded(seed));
    const now = Date.now();
    store.update((data) => {
      data.exam.current = { exam: blueprint.exam, ids, seed, startedAt: now, deadline: now + minutes * 60000,
        responses: {}, flags: [], index: 0 };
    });
    run();
    // The start button is gone: focus goes to question 1, where the learner carries on.
    const first = root.querySelector(".cs-exam-question legend");
    first?.setAttribute("tabindex", "-1");
    first?.focus();
  }

  function run() {
    let state = current();
    if (!state) return intro();
    if (state.ids.some((id) => !bank.byId[id])) {
      // The bank changed since the exam started (a question was removed): carry on without it.
      save((s) => { s.ids = s.ids.filter((id) => bank.byId[id]); s.index = Math.min(s.index, Math.max(0, s.ids.length - 1)); });
      state = current();
      if (!state.ids.length) { store.update((data) => { data.exam.current = null; }); return intro(); }
    }
    if (examTime(state.deadline, Date.now()).timedOut) return submit(true);
    const total = state.ids.length;
    const timeLeft = h("span", { class: "cs-exam-time", role: "timer", "aria-live": "off" });
    const announce = h("p", { class: "cs-visually-hidden", role: "status", "aria-live": "polite" });
    const position = h("span", { class: "cs-exam-position" });
    const flag = h("button", { type: "button", class: "md-button cs-exam-flag", "aria-pressed": "false", onclick: toggleFlag }, "Flag for review");
    const prev = h("button", { type: "button", class: "md-button cs-exam-prev", onclick: () => go(-1) }, "Previous");
    const next = h("button", { type: "button", class: "md-button cs-exam-next", onclick: () => go(1) }, "Next");
    const sheetButton = h("button", { type: "button", class: "md-button cs-exam-sheet-toggle", "aria-expanded": "false", onclick: toggleSheet }, "Answer sheet");
    const submitButton = h("button", { type: "button", class: "md-button md-button--primary cs-exam-submit", onclick: () => confirmSubmit() }, "Submit exam");
    const sheet = h("nav", { class: "cs-exam-sheet", "aria-label": "Answer sheet", hidden: true });
    const slot = h("div", { class: "cs-exam-question" });
    const dialog = h("div", { class: "cs-exam-confirm", role: "alertdialog", "aria-modal": "false", "aria-labelledby": "cs-exam-confirm-text", hidden: true });
    let view = null;
    let warned = false;

    function show() {
      const s = current();
      const q = examQuestion(bank, s, s.index);
      view = questionView(q, { number: s.index + 1, total, random: seeded(s.seed + s.index), onChange: saveResponse });
      const saved = s.responses[q.id];
      if (saved) view.restore(saved);
      fill(slot, view.el);
      position.textContent = `Question ${s.index + 1} of ${total}`;
      const flagged = s.flags.includes(q.id);
      flag.setAttribute("aria-pressed", String(flagged));
      flag.textContent = flagged ? "Flagged for review" : "Flag for review";
      prev.disabled = s.index === 0;
      next.disabled = s.index === total - 1;
      drawSheet();
    }
    function saveResponse() {
      const response = view.response();
      save((s) => {
        if (response) s.responses[view.question.id] = response;
        else delete s.responses[view.question.id];
      });
      drawSheet();
    }
    function go(step, to) {
      save((s) => { s.index = to ?? Math.max(0, Math.min(total - 1, s.index + step)); });
      show();
      slot.querySelector("legend")?.setAttribute("tabindex", "-1");
      slot.querySelector("legend")?.focus();
    }
    function toggleFlag() {
      save((s) => {
        const id = s.ids[s.index];
        s.flags = s.flags.includes(id) ? s.flags.filter((f) => f !== id) : [...s.flags, id];
      });
      show();
      flag.focus();
    }
    function toggleSheet() {
      sheet.hidden = !sheet.hidden;
      sheetButton.setAttribute("aria-expanded", String(!sheet.hidden));
    }
    function drawSheet() {
      const s = current();
      fill(sheet, h("ol", { class: "cs-exam-sheet-list" }, s.ids.map((id, i) => {
        const answered = Boolean(s.responses[id]);
        const flagged = s.flags.includes(id);
        const label = `Question ${i + 1}: ${answered ? "answered" : "unanswered"}${flagged ? ", flagged" : ""}`;
        return h("li", {}, h("button", { type: "button", class: `cs-exam-sheet-item${answered ? " is-answered" : ""}${flagged ? " is-flagged" : ""}`,
          "aria-label": label, "aria-current": i === s.index ? "step" : null, onclick: () => go(0, i) }, `${i + 1}${flagged ? " ⚑" : ""}`));
      })), h("p", {}, `${Object.keys(s.responses).length} of ${s.ids.length} answered, ${s.flags.length} flagged.`));
    }
    function confirmSubmit() {
      const s = current();
      const unanswered = s.ids.filter((id) => !s.responses[id]).length;
      if (!unanswered) return submit(false);
      fill(dialog,
        h("p", { id: "cs-exam-confirm-text" }, `You have ${unanswered} unanswered question${unanswered > 1 ? "s" : ""}. `,
          "Unanswered questions score zero. Submit anyway?"),
        h("button", { type: "button", class: "md-button", onclick: () => { dialog.hidden = true; submitButton.focus(); } }, "Go back"),
        h("button", { type: "button", class: "md-button md-button--primary cs-exam-confirm-submit", onclick: () => submit(false) }, "Submit anyway"));
      dialog.hidden = false;
      dialog.querySelector("button").focus();
    }
    function tick() {
      const time = examTime(current() ? current().deadline : 0, Date.now());
      timeLeft.textContent = `Time left ${clock(time.left)}`;
      if (!warned && time.warn) {
        warned = true;
        announce.textContent = "Five minutes or less left.";
      }
      if (time.timedOut) submit(true);
    }

    fill(root,
      h("div", { class: "cs-exam-bar" }, position, timeLeft, sheetButton, submitButton),
      announce, dialog, sheet, slot,
      h("div", { class: "cs-exam-nav" }, prev, flag, next));
    show();
    tick();
    stop();
    timer = setInterval(tick, 1000);
  }

  function submit(timedOut) {
    stop();
    const s = current();
    if (!s) return intro();
    const questions = s.ids.map((_, position) => examQuestion(bank, s, position)).filter(Boolean);
    const result = examResult(questions, s.responses, blueprint);
    for (const q of questions) {
      const response = s.responses[q.id];
      remember(store, q.id, response ? gradeFull(q, response, "exam") : null, saved(q, response) ?? null);
      if (s.flags.includes(q.id)) store.setFlag(q.id, true);
    }
    store.update((data) => {
      data.exam.history.push({ exam: blueprint.exam, at: new Date().toISOString(), total: result.total,
        answered: examTally(result.items).answered,
        points: result.points, scaled: result.scaled, passed: result.passed, timedOut,
        domains: Object.fromEntries(Object.entries(result.domains).map(([k, d]) => [k, [d.points, d.total]])) });
      data.exam.current = null;
    });
    showResult(questions, s, result, timedOut);
  }

  function showResult(questions, state, result, timedOut) {
    const [low, high] = blueprint.score_range;
    const pct = (v) => `${(((v - low) / (high - low)) * 100).toFixed(1)}%`;
    const heading = h("h3", { tabindex: "-1", class: "cs-exam-result-title" },
      `Estimated score ${result.scaled} — ${result.passed ? "pass" : "below the pass mark"}`);
    const review = h("div", { class: "cs-exam-review" });
    fill(root,
      heading,
      timedOut ? h("p", { class: "cs-exam-timeout", role: "status" }, "Time ran out: the exam was submitted automatically.") : null,
      h("div", { class: "cs-exam-scale", role: "img", "aria-label": `Score ${result.scaled} on a scale of ${low} to ${high}; the pass mark is ${blueprint.passing_score}.` },
        h("div", { class: "cs-exam-scale-fill", style: `width:${pct(result.scaled)}` }),
        h("div", { class: "cs-exam-scale-pass", style: `left:${pct(blueprint.passing_score)}` }, String(blueprint.passing_score))),
      h("p", { class: "cs-exam-counts" }, `${result.total} questions: ${describe(examTally(result.items))}. `,
        `${Number(result.points.toFixed(2))} of ${result.total} points. `,
        "The scaled score is an estimate: AWS does not publish how raw scores map to it."),
      h("div", { class: "cs-exam-domains" }, h("table", {},
        h("caption", {}, "By domain"),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Domain"), h("th", { scope: "col" }, "Questions"), h("th", { scope: "col" }, "Score"))),
        h("tbody", {}, Object.values(result.domains).map((d) => h("tr", {}, h("th", { scope: "row" }, d.name), h("td", {}, String(d.total)),
          h("td", {}, d.total ? `${Math.round((d.points / d.total) * 100)} %` : "–")))))),
      h("p", {}, h("button", { type: "button", class: "md-button", onclick: () => {
        fill(review, ...questions.map((q, i) => {
          const view = questionView(q, { number: i + 1, total: questions.length, random: seeded(state.seed + i) });
          if (state.responses[q.id]) view.restore(state.responses[q.id]);
          view.lock(true);
          view.reveal(gradeFull(q, state.responses[q.id], "exam"));
          return view.el;
        }));
      } }, "Show every question with explanations"), " ",
      h("button", { type: "button", class: "md-button cs-exam-again", onclick: intro }, "Take another exam"), " ",
      h("a", { class: "md-button", href: new URL("../?only=wrong", location.href).href }, "Practise the ones you missed")),
      review);
    heading.focus();
  }

  run();
  return stop;
}
