// The learner's place in the course (build/web/journey.js, on every page). Remembers the last
// lesson, lab, playground or practice page opened (localStorage "cold-start.journey") and, on the
// home page, fills `.cs-continue` with "Continue where you left off" once there is progress: a
// page of the course visited, or a question answered (the quiz store).
import { onEachPage, siteRoot } from "../shared/page.js";
import { STORE_KEY } from "../quiz/store.js";
import { JOURNEY_KEY, continueTarget, trackedPath } from "./place.js";

function read(storage, key) {
  try {
    return JSON.parse(storage.getItem(key) ?? "null");
  } catch {
    return null; // unreadable: the quiz pages offer recovery; here it just means "no progress"
  }
}

function remember(root) {
  const path = trackedPath(location.pathname, root.pathname);
  if (!path) return;
  const title = document.querySelector(".md-content h1")?.textContent.replace(/¶$/, "").trim() || document.title;
  try {
    localStorage.setItem(JOURNEY_KEY, JSON.stringify({ last: { path, title, at: new Date().toISOString() } }));
  } catch {
    // storage full or disabled: the course works without the "Continue" link
  }
}

function offerContinue(root) {
  const slot = document.querySelector(".cs-continue");
  if (!slot) return;
  const answers = read(localStorage, STORE_KEY)?.answers;
  const target = continueTarget(read(localStorage, JOURNEY_KEY), answers ? Object.keys(answers).length : 0);
  if (!target) return;
  const link = document.createElement("a");
  link.className = "md-button";
  link.href = new URL(target.path, root).href;
  link.textContent = `Continue where you left off: ${target.title}`;
  slot.replaceChildren(link);
  slot.hidden = false;
}

onEachPage("journey", () => {
  const root = siteRoot();
  remember(root);
  offerContinue(root);
});
