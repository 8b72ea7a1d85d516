// Loaded on every page (build/web/runtime.js). Exposes `window.coldStart.runtime` and, on pages that
// have runnable cells (`.cs-cell`), loads the editor bundle and starts Python when the browser is
// idle or on the learner's first interaction, whichever comes first. Pages without cells download
// nothing more. Re-runs on every instant navigation; the runtime (one worker) lives for the tab.
import { Runtime } from "./client.js";
import "./runtime.css";
import { onEachPage } from "../shared/page.js";
import { enhanceSnippets } from "./snippets.js";

const scriptURL = document.currentScript?.src ?? new URL("assets/cs/runtime.js", location.href).href;
const assetsURL = new URL(".", scriptURL);

function createRuntime() {
  // SharedArrayBuffer exists only on cross-origin isolated pages (tools/serve.py sends COOP/COEP).
  const isolated = self.crossOriginIsolated && typeof SharedArrayBuffer !== "undefined";
  const runtime = new Runtime({
    createWorker: () => new Worker(new URL("runtime-worker.js", assetsURL), { type: "module" }),
    indexURL: new URL("../pyodide/", assetsURL).href,
    interruptBuffer: isolated ? new SharedArrayBuffer(4) : null,
  });
  return runtime;
}

const coldStart = (window.coldStart = window.coldStart || {});
if (!coldStart.runtime) coldStart.runtime = createRuntime().api();

let cellsBundle = null;

/** Load build/web/runtime-cells.js once (CodeMirror: only pages with cells pay for it). */
function loadCellsBundle() {
  if (!cellsBundle) {
    cellsBundle = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = new URL("runtime-cells.js", assetsURL).href;
      script.onload = () => resolve(window.coldStart.cells);
      script.onerror = () => reject(new Error("could not load the code editor"));
      document.head.append(script);
    });
  }
  return cellsBundle;
}

function whenIdle(callback) {
  if ("requestIdleCallback" in window) window.requestIdleCallback(callback, { timeout: 4000 });
  else setTimeout(callback, 1500);
}

const INTERACTIONS = ["pointerdown", "keydown", "touchstart"];

/**
 * Resolves when the browser is first idle or the learner first presses a key, clicks or taps on
 * the page, whichever comes first: the moment to start Python on a page that will need it.
 */
function whenIdleOrUsed() {
  return new Promise((resolve) => {
    let done = false;
    const go = () => {
      if (done) return;
      done = true;
      for (const type of INTERACTIONS) document.removeEventListener(type, go, true);
      resolve();
    };
    for (const type of INTERACTIONS) document.addEventListener(type, go, true);
    whenIdle(go);
  });
}
coldStart.whenIdleOrUsed = whenIdleOrUsed;

function onPage() {
  enhanceSnippets(document, { runtime: coldStart.runtime, loadCells: loadCellsBundle });
  if (!document.querySelector(".cs-cell")) return;
  loadCellsBundle()
    .then((cells) => {
      cells.enhance(document);
      return whenIdleOrUsed().then(() => coldStart.runtime.ensureReady().catch(() => {}));
    })
    .catch((error) => console.error(error));
}

onEachPage("cells", onPage);
