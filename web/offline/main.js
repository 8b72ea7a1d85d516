// Loaded on every page (build/web/offline.js, a few KB). Registers the course's service worker
// (site/sw.js, written by web/offline/sw-build.mjs) once the page has loaded, and:
// * reloads once when the first worker takes control of a page that is not cross-origin isolated
//   (a host without COOP/COEP headers): the worker adds them, so Stop can interrupt Python;
// * shows "A new version is available — reload" when a new deployment's worker is waiting;
// * fills `div.cs-offline` (docs/offline.md) with "Make the whole course available offline",
//   its size and a progress bar, and refreshes that download after an update.
// Where a service worker cannot run (plain HTTP to a LAN address is not a secure context) it does
// nothing but say so in the offline panel. Learner progress (localStorage) is never touched.
import { Workbox, messageSW } from "workbox-window";
import { h, fill } from "../quiz/dom.js";
import { onEachPage } from "../shared/page.js";
import "./offline.css";

const scriptURL = document.currentScript?.src ?? new URL("assets/cs/offline.js", document.baseURI).href;
const siteRoot = new URL("../../", scriptURL);
/** localStorage: {build, at} of the last complete "whole course" download (the learner opted in). */
const WHOLE_COURSE = "cold-start.offline";
/** sessionStorage: set once this tab reloaded to become cross-origin isolated (never loop). */
const RELOADED = "cold-start.isolation-reload";
const BATCH = 8;

const supported = "serviceWorker" in navigator && window.isSecureContext;
let workbox = null;
let ranCode = false;
let lastUpdateCheck = Date.now();
let download = null;

/** Register sw.js for the whole site (it sits at the site's root, wherever that is published). */
function register() {
  workbox = new Workbox(new URL("sw.js", siteRoot).href, { scope: siteRoot.pathname, updateViaCache: "none" });
  workbox.addEventListener("waiting", showUpdateBanner);
  workbox.addEventListener("controlling", (event) => {
    if (event.isUpdate) location.reload(); // the learner chose "reload" (here or in another tab)
    else becomeIsolated();
  });
  workbox.register().then(refreshWholeCourse).catch((error) => console.warn("service worker:", error));
}

/** The first worker now controls this page: reload once so its isolation headers apply. */
function becomeIsolated() {
  if (window.crossOriginIsolated || ranCode || sessionStorage.getItem(RELOADED)) return;
  sessionStorage.setItem(RELOADED, "1");
  location.reload();
}

function showUpdateBanner() {
  if (document.querySelector(".cs-update")) return;
  const button = h("button", { type: "button", class: "md-button md-button--primary" }, "reload");
  button.addEventListener("click", async () => {
    button.disabled = true;
    // The waiting worker activates; its "controlling" event then reloads this page.
    const waiting = (await navigator.serviceWorker.getRegistration(siteRoot.href))?.waiting;
    if (waiting) waiting.postMessage({ type: "SKIP_WAITING" });
    else location.reload();
  });
  document.body.append(h("div", { class: "cs-update", role: "status" },
    h("span", {}, "A new version is available — "), button));
}

/** The worker that serves this page (after the first install, the one that just activated). */
async function activeWorker() {
  return navigator.serviceWorker.controller || (await navigator.serviceWorker.ready).active;
}

/** Fetch every file of offline.json into the worker's caches; `onProgress(bytes, total)`. */
async function downloadWholeCourse(onProgress = () => {}) {
  const worker = await activeWorker();
  const { build } = await messageSW(worker, { type: "GET_BUILD" });
  const list = await (await fetch(new URL("offline.json", siteRoot))).json();
  const failed = [];
  let bytes = 0;
  onProgress(0, list.bytes);
  for (let i = 0; i < list.files.length; i += BATCH) {
    const batch = list.files.slice(i, i + BATCH);
    const urls = batch.map(([file]) => new URL(file, siteRoot).href);
    const reply = await messageSW(worker, { type: "CACHE_COURSE", payload: { urlsToCache: urls } });
    failed.push(...reply.failed);
    bytes += batch.reduce((sum, [, size]) => sum + size, 0);
    onProgress(bytes, list.bytes);
  }
  if (!failed.length) localStorage.setItem(WHOLE_COURSE, JSON.stringify({ build, at: new Date().toISOString() }));
  return { failed, bytes: list.bytes, precachedBytes: list.precachedBytes };
}

/** One download at a time, shared by the panel and the after-update refresh. */
function startDownload(onProgress) {
  if (!download) download = downloadWholeCourse(onProgress).finally(() => { download = null; });
  return download;
}

/** After an update, fetch the whole course again for a learner who had asked for it. */
async function refreshWholeCourse() {
  const saved = readSaved();
  if (!saved || !navigator.serviceWorker.controller) return;
  const { build } = await messageSW(navigator.serviceWorker.controller, { type: "GET_BUILD" });
  if (saved.build !== build) startDownload(updatePanels).catch(() => {});
}

function readSaved() {
  try {
    return JSON.parse(localStorage.getItem(WHOLE_COURSE) || "null");
  } catch {
    return null;
  }
}

const megabytes = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

/** Show a running download's progress in every panel on the page. */
function updatePanels(bytes, total) {
  for (const panel of document.querySelectorAll(".cs-offline")) {
    const bar = panel.querySelector("progress");
    if (!bar) continue;
    bar.hidden = false;
    bar.max = total;
    bar.value = bytes;
    panel.querySelector(".cs-offline__status").textContent = `Saving the course: ${megabytes(bytes)} of ${megabytes(total)}`;
  }
}

/** Fill one `div.cs-offline` with the button, the size and a progress bar. */
async function mountPanel(panel) {
  const status = h("p", { class: "cs-offline__status", "aria-live": "polite" });
  if (!supported) {
    fill(panel, h("p", { class: "cs-offline__status" }, "This browser cannot keep the course offline from this address: " +
      "a service worker needs HTTPS or localhost (a plain-HTTP LAN address is not a secure context)."));
    return;
  }
  const bar = h("progress", { class: "cs-offline__bar", max: 1, value: 0, hidden: true, "aria-label": "Download progress" });
  const button = h("button", { type: "button", class: "md-button md-button--primary" }, "Make the whole course available offline");
  fill(panel, button, bar, status);
  let list = null;
  try {
    list = await (await fetch(new URL("offline.json", siteRoot))).json();
    button.textContent = `Make the whole course available offline (${megabytes(list.bytes + list.precachedBytes)})`;
    const saved = readSaved();
    status.textContent = saved && saved.build === list.build
      ? `The whole course is saved on this device (since ${saved.at.slice(0, 10)}).`
      : `Python, the quizzes and the pages you open are saved as you go; this saves the remaining ${megabytes(list.bytes)}.`;
  } catch {
    status.textContent = "Could not read the list of the course's files (offline and not saved yet?).";
  }
  button.addEventListener("click", async () => {
    button.disabled = true;
    navigator.storage?.persist?.().catch(() => {}); // ask the browser not to evict it
    try {
      const { failed } = await startDownload(updatePanels);
      status.textContent = failed.length
        ? `${failed.length} files could not be saved (is the network down?): try again.`
        : "The whole course is saved on this device: lessons, labs, quizzes and search work offline.";
    } catch (error) {
      status.textContent = `Could not save the course: ${error.message}`;
    } finally {
      button.disabled = false;
    }
  });
}

function onPage() {
  for (const panel of document.querySelectorAll(".cs-offline:not([data-mounted])")) {
    panel.dataset.mounted = "1";
    mountPanel(panel);
  }
  // Instant navigation never reloads the page: look for a new deployment now and then.
  if (workbox && Date.now() - lastUpdateCheck > 60_000) {
    lastUpdateCheck = Date.now();
    workbox.update().catch(() => {});
  }
}

window.coldStart?.runtime?.onStatus?.((state) => { if (state.status === "running") ranCode = true; });
if (supported) register();
onEachPage("offline", onPage);
