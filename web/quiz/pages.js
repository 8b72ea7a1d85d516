// The quiz mount points the build puts on pages (tools/hooks/quiz.py): lesson checks, practice,
// review, due today and progress (with export/import and the recovery path).
import { h, download, fill } from "./dom.js";
import { startSession, gradeFull } from "./session.js";
import { instanceOf } from "./params.js";
import { questionView } from "./render.js";
import { dueIds } from "./srs.js";
import { shuffle } from "./random.js";
import { Store, CorruptStore } from "./store.js";
import { statusOf, tally, describe } from "./tally.js";

// Domain filter values: DVA-C02 domains by id, SAA-C03 domains as "saa:<id>" (field saa_domain).
const DOMAINS = {
  development: "DVA-C02: Development with AWS Services", security: "DVA-C02: Security",
  deployment: "DVA-C02: Deployment", troubleshooting: "DVA-C02: Troubleshooting and Optimization",
  "saa:secure": "SAA-C03: Secure architectures", "saa:resilient": "SAA-C03: Resilient architectures",
  "saa:performant": "SAA-C03: High-performing architectures", "saa:cost": "SAA-C03: Cost-optimized architectures",
};

/** Whether question `q` is in the domain chosen in a filter ("" = any). */
function inDomain(q, value) {
  if (!value) return true;
  return value.startsWith("saa:") ? q.saa_domain === value.slice(4) : q.domain === value;
}

/** Lesson check: `n` questions of one topic, immediate feedback; never downloads Python. */
export function mountCheck(root, bank, store) {
  const pool = bank.questions.filter((q) => q.topic === root.dataset.topic);
  const n = Number(root.dataset.n) || 5;
  startSession(root, shuffle(pool).slice(0, n), store);
}

function selectField(label, options, value = "") {
  const id = `cs-practice-${label.toLowerCase().replace(/\W+/g, "-")}`;
  const select = h("select", { id }, options.map(([v, text]) => h("option", { value: v, selected: v === value }, text)));
  return { field: h("p", {}, h("label", { for: id }, label), " ", select), select };
}

/** Practice by topic or domain, optionally only questions answered wrong last time or flagged. */
export function mountPractice(root, bank, store) {
  const params = new URLSearchParams(location.search);
  const topic = selectField("Topic", [["", "All topics"], ...Object.entries(bank.topics)], params.get("topic") || "");
  const domain = selectField("Domain", [["", "All domains"], ...Object.entries(DOMAINS)], params.get("domain") || "");
  const countId = "cs-practice-count";
  const count = h("input", { id: countId, type: "number", min: 1, max: 100, value: params.get("n") || 10 });
  const only = selectField("Which questions", [["all", "All"], ["wrong", "Only those I got wrong last time"], ["flagged", "Only flagged"]], params.get("only") || "all");
  const area = h("div", { class: "cs-practice-session" });
  const form = h("form", { class: "cs-practice-form", onsubmit: (event) => {
    event.preventDefault();
    const answers = store.load().answers;
    let pool = bank.questions.filter((q) => (!topic.select.value || q.topic === topic.select.value)
      && inDomain(q, domain.select.value));
    if (only.select.value === "wrong") pool = pool.filter((q) => answers[q.id]?.last && !answers[q.id].last.correct);
    if (only.select.value === "flagged") pool = pool.filter((q) => answers[q.id]?.flagged);
    startSession(area, shuffle(pool).slice(0, Math.max(1, Number(count.value) || 10)), store);
  } }, topic.field, domain.field, h("p", {}, h("label", { for: countId }, "How many"), " ", count), only.field,
  h("button", { type: "submit", class: "md-button md-button--primary" }, "Start practice"));
  fill(root, form, area);
}

/** Due today: questions whose FSRS card is due by the end of the day. */
export function mountDue(root, bank, store) {
  const ids = dueIds(store.load().cards).filter((id) => bank.byId[id]);
  if (!ids.length) {
    fill(root, h("p", { class: "cs-due-empty" }, "Nothing is due today. Answer questions in lessons or practice and they will come back here when it is time to review them."));
    return;
  }
  fill(root, h("p", {}, `${ids.length} question${ids.length > 1 ? "s" : ""} due today.`), h("div", {}));
  startSession(root.lastChild, ids.map((id) => bank.byId[id]), store);
}

/** Review: every question tried (or flagged) with the last answer and explanations, filtered. */
export function mountReview(root, bank, store) {
  const status = selectField("Show", [["all", "All answered, skipped or flagged"], ["answered", "Answered"], ["correct", "Correct"],
    ["incorrect", "Incorrect"], ["skipped", "Skipped"], ["flagged", "Flagged"]]);
  const domain = selectField("Domain", [["", "All domains"], ...Object.entries(DOMAINS)]);
  const list = h("div", { class: "cs-review-list" });
  const count = h("p", { class: "cs-review-count", role: "status", "aria-live": "polite" });
  function draw() {
    const answers = store.load().answers;
    const chosen = Object.entries(answers).filter(([id, a]) => {
      const q = bank.byId[id];
      if (!q || !inDomain(q, domain.select.value)) return false;
      const state = statusOf(a); // the one definition shared with progress, exam report and export
      switch (status.select.value) {
        case "answered": return state === "correct" || state === "incorrect";
        case "flagged": return Boolean(a.flagged);
        case "all": return Boolean(state) || Boolean(a.flagged);
        default: return state === status.select.value;
      }
    });
    count.textContent = `${chosen.length} question${chosen.length === 1 ? "" : "s"}.`;
    fill(list, ...chosen.map(([id, a], i) => {
      let q = bank.byId[id];
      if (q.type === "parametric") {
        // The instance answered last, when it came from the build-time pool (session.js `saved`).
        const shown = a.last?.response?.instance;
        if (!Number.isInteger(shown) || !q.pool?.[shown]) {
          return h("div", { class: "cs-q" }, h("p", {}, `Question ${i + 1}: a parametric question (numbers change each time); `,
            "practise it again to see a new version."));
        }
        q = instanceOf(q, shown);
      }
      const view = questionView(q, { number: i + 1, total: chosen.length });
      if (a.last?.response) view.restore(a.last.response);
      view.lock(true);
      view.reveal(gradeFull(q, a.last?.response, "practice"));
      return view.el;
    }));
  }
  status.select.addEventListener("change", draw);
  domain.select.addEventListener("change", draw);
  fill(root, h("div", { class: "cs-review-filters" }, status.field, domain.field), count, list);
  draw();
}

/** A table in the site's own table style (Material styles class-less tables in a scroll wrapper). */
function siteTable(caption, headings, rows, name) {
  return h("div", { class: `md-typeset__scrollwrap ${name}` }, h("div", { class: "md-typeset__table" },
    h("table", {}, h("caption", {}, caption),
      h("thead", {}, h("tr", {}, headings.map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", {}, rows))));
}

/** Per topic: answered, correct and skipped (tally.js definitions), for topics with any. */
function topicTable(bank, data) {
  const rows = Object.entries(bank.topics).map(([topic, title]) => {
    const ids = new Set(bank.questions.filter((q) => q.topic === topic).map((q) => q.id));
    return { title, total: ids.size, ...tally(data.answers, (id) => ids.has(id)) };
  }).filter((r) => r.answered || r.skipped);
  if (!rows.length) return null;
  return siteTable("By topic", ["Topic", "Answered", "Correct", "Skipped"], rows.map((r) => h("tr", {},
    h("th", { scope: "row" }, r.title), h("td", {}, `${r.answered} of ${r.total}`),
    h("td", {}, r.answered ? `${r.correct} (${Math.round((100 * r.correct) / r.answered)} %)` : "0"),
    h("td", {}, String(r.skipped)))), "cs-progress-topics");
}

/** Progress: totals, per-topic results, exam history, export/import and reset. */
export function mountProgress(root, bank, store) {
  const message = h("p", { class: "cs-progress-message", role: "status", "aria-live": "polite", tabindex: "-1" });
  const fileId = "cs-progress-import";
  const file = h("input", { id: fileId, type: "file", accept: "application/json,.json", onchange: async () => {
    const chosen = file.files[0];
    if (!chosen) return;
    try {
      store.importText(await chosen.text());
      message.textContent = "Progress imported.";
      draw();
    } catch (error) {
      message.textContent = `Could not import ${chosen.name}: ${error.message}`;
      message.focus(); // the file picker closed; the reason is what the learner needs next
    }
    file.value = "";
  } });
  const stats = h("div", { class: "cs-progress-stats" });
  function draw() {
    const data = store.load();
    const counts = tally(data.answers, (id) => Boolean(bank.byId[id]));
    const due = dueIds(data.cards).length;
    fill(stats,
      h("p", { class: "cs-progress-totals" }, `Questions by their last attempt: ${describe(counts)}; `,
        `${counts.flagged} flagged; ${due} due today.`),
      topicTable(bank, data),
      data.exam.history.length ? siteTable("Mock exams", ["Date", "Exam", "Questions", "Answered", "Estimated score", "Result"],
        data.exam.history.slice().reverse().map((e) => h("tr", {},
          h("td", {}, new Date(e.at).toLocaleString()), h("td", {}, e.exam), h("td", {}, String(e.total)),
          h("td", {}, e.answered === undefined ? "–" : String(e.answered)),
          h("td", {}, String(e.scaled)), h("td", {}, e.passed ? "pass" : "below the pass mark"))), "cs-progress-exams") : h("p", {}, "No mock exams taken yet."));
  }
  fill(root, stats,
    h("p", {}, h("button", { type: "button", class: "md-button cs-progress-export",
      onclick: () => download(`cold-start-progress-${new Date().toISOString().slice(0, 10)}.json`, store.exportText()) }, "Export progress"),
    " ", h("label", { for: fileId, class: "md-button" }, "Import progress"), " ", file),
    h("p", {}, h("button", { type: "button", class: "md-button cs-progress-reset", onclick: () => {
      if (window.confirm("Delete all saved quiz progress in this browser? Export it first if you want to keep it.")) {
        store.reset();
        message.textContent = "Progress reset.";
        draw();
      }
    } }, "Reset progress")),
    message);
  draw();
}

/** Shown instead of any quiz when saved progress cannot be read: download it, then reset. */
export function mountRecovery(root, store, error, retry) {
  fill(root, h("div", { class: "admonition failure cs-recovery", role: "alert" },
    h("p", { class: "admonition-title" }, "Your saved quiz progress could not be read"),
    h("p", {}, `Reason: ${error.message}. Download what can be read, then reset to start again with empty progress. `,
      "You can import the downloaded file later on the progress page if it is valid."),
    h("p", {},
      h("button", { type: "button", class: "md-button cs-recovery-download",
        onclick: () => download("cold-start-progress-recovered.json", Store.salvage(error.raw ?? "")) }, "Download what can be read"),
      " ",
      h("button", { type: "button", class: "md-button md-button--primary cs-recovery-reset",
        onclick: () => { store.reset(); retry(); } }, "Reset progress"))));
}

export { CorruptStore };
