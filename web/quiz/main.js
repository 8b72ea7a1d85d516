// Quiz engine entry (build/web/quiz.js, on every page). Finds the mount points the build placed
// (div.cs-quiz, see tools/hooks/quiz.py) and fills them in; re-runs on every instant navigation.
import "./quiz.css";
import { loadBank } from "./bank.js";
import { Store, CorruptStore } from "./store.js";
import { mountExam } from "./exam.js";
import { mountCheck, mountPractice, mountDue, mountReview, mountProgress, mountRecovery } from "./pages.js";
import { h, fill } from "./dom.js";
import { dueIds } from "./srs.js";
import { onEachPage } from "../shared/page.js";

const MOUNTS = { check: mountCheck, practice: mountPractice, due: mountDue, review: mountReview, progress: mountProgress };
let disposers = [];

/** Site-wide: show how many questions are due today beside every link to the "due today" page. */
function markDue(data) {
  let count = 0;
  try {
    count = dueIds((data || new Store(window.localStorage).load()).cards).length;
  } catch {
    return; // unreadable progress: the quiz mounts show the recovery notice
  }
  for (const link of document.querySelectorAll('a[href$="practice/due/"]')) {
    let badge = link.querySelector(".cs-due-count");
    if (!count) { badge?.remove(); continue; }
    if (!badge) { badge = h("span", { class: "cs-due-count" }); link.append(badge); }
    badge.textContent = ` (${count} due)`;
  }
}

function mount(root, bank, store) {
  if (!root.isConnected) return; // the learner navigated on while the bank was loading
  try {
    store.load();
  } catch (error) {
    if (error instanceof CorruptStore) {
      mountRecovery(root, store, error, () => mount(root, bank, store));
      return;
    }
    throw error;
  }
  const mode = root.dataset.mode;
  if (mode === "exam") {
    disposers.push(mountExam(root, bank, bank.blueprints[root.dataset.exam], store));
  } else if (MOUNTS[mode]) {
    MOUNTS[mode](root, bank, store);
  }
  root.dataset.ready = "true";
}

async function onPage() {
  for (const dispose of disposers) dispose();
  disposers = [];
  markDue();
  const roots = [...document.querySelectorAll("div.cs-quiz:not([data-ready])")];
  if (!roots.length) return;
  const store = new Store(window.localStorage);
  store.onChange(markDue);
  for (const root of roots) {
    let bank;
    try {
      bank = await loadBank(root.dataset.mode === "check" ? root.dataset.topic : null);
    } catch (error) {
      fill(root, h("p", { role: "alert" }, `The quiz could not load: ${error.message}`));
      continue;
    }
    try {
      mount(root, bank, store);
    } catch (error) {
      fill(root, h("p", { role: "alert" }, `The quiz could not start: ${error.message}`));
      console.error(error);
    }
  }
}

window.coldStart = window.coldStart || {};
window.coldStart.quiz = { reload: onPage };

onEachPage("quiz", onPage);
