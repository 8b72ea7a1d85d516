// Loaded on every page (build/web/runtime.js). Exposes `window.coldStart.runtime` and, on pages that
// have runnable cells (`.cs-cell`), loads the editor bundle and preloads Pyodide when the browser
// is idle. Pages without cells download nothing more. Re-runs on every instant navigation.
import { Runtime } from "./client.js";
import "./runtime.css";
import { onEachPage } from "../shared/page.js";

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

function onPage() {
  if (!document.querySelector(".cs-cell")) return;
  loadCellsBundle()
    .then((cells) => {
      cells.enhance(document);
      whenIdle(() => coldStart.runtime.ensureReady().catch(() => {}));
    })
    .catch((error) => console.error(error));
}

onEachPage("cells", onPage);
