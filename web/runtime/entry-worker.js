// The Pyodide module Web Worker (bundled as build/web/runtime-worker.js). Python runs here so the page
// never freezes. Protocol (page -> worker): init {indexURL, interruptBuffer}, exec {id, code,
// namespace}, evalJSON {id, code}, reset {id, namespace}. Worker -> page: status {status, progress,
// message, loaded, total: bytes downloaded so far and expected}, ready, stdout/stderr {id, text}, result {id, result}, failure {id, message}.
import kernelSource from "./kernel.py";
import { countDownloads } from "./downloads.js";

let pyodide = null;
let kernel = null;
let currentId = 0;

const post = (message) => self.postMessage(message);
let bytes = { loaded: 0, total: null };
const loading = (progress, message) => post({ type: "status", status: "loading", progress, message, ...bytes });

/** The bytes Pyodide and the sandbox will download (sizes.json, written at build), or null. */
async function downloadTotal(indexURL) {
  try {
    const response = await fetch(`${indexURL}sizes.json`);
    return response.ok ? (await response.json()).total : null;
  } catch {
    return null;
  }
}

async function init({ indexURL, interruptBuffer }) {
  bytes = { loaded: 0, total: await downloadTotal(indexURL) };
  const stopCounting = countDownloads((loaded) => {
    bytes.loaded = loaded;
    loading(bytes.total ? Math.min(loaded / bytes.total, 1) * 0.9 : 0.05, "");
  });
  try {
    await loadPython({ indexURL, interruptBuffer });
  } finally {
    stopCounting();
  }
  post({ type: "ready", id: 0 });
}

/** Load Pyodide, the sandbox wheel and the cell kernel (cs_kernel), reporting each phase. */
async function loadPython({ indexURL, interruptBuffer }) {
  loading(0.05, "");
  // Pyodide 314 runs only in module workers; its loader is an ES module beside the wasm.
  const { loadPyodide } = await import(`${indexURL}pyodide.mjs`);
  pyodide = await loadPyodide({
    indexURL,
    stdout: (text) => post({ type: "stdout", id: currentId, text: `${text}\n` }),
    stderr: (text) => post({ type: "stderr", id: currentId, text: `${text}\n` }),
  });
  // input() cannot block a worker waiting for the page: make it fail with a clear error instead.
  pyodide.setStdin({ error: true });
  if (interruptBuffer) pyodide.setInterruptBuffer(new Int32Array(interruptBuffer));
  loading(0.8, "Loading the Lambda sandbox");
  await pyodide.loadPackage("cold-start-sandbox", { messageCallback: () => {}, errorCallback: (m) => post({ type: "stderr", id: 0, text: `${m}\n` }) });
  pyodide.FS.mkdirTree("/cold-start");
  pyodide.FS.writeFile("/cold-start/cs_kernel.py", kernelSource);
  pyodide.runPython("import sys\nsys.path.insert(0, '/cold-start')\nimport cs_kernel, json");
  kernel = pyodide.pyimport("cs_kernel");
  loading(0.95, "Warming up");
  pyodide.runPython("import sandbox");
}

function execCell({ id, code, namespace }) {
  currentId = id;
  const proxy = kernel.run_cell(code, namespace);
  const json = pyodide.globals.get("json").dumps(proxy);
  proxy.destroy();
  currentId = 0;
  post({ type: "result", id, result: JSON.parse(json) });
}

function evalJSON({ id, code }) {
  currentId = id;
  try {
    post({ type: "result", id, result: kernel.eval_json(code) });
  } catch (error) {
    // PythonError messages end with the friendly traceback eval_json raised.
    const text = String(error.message || error);
    const friendly = text.includes("RuntimeError: ") ? text.split("RuntimeError: ").pop() : text;
    post({ type: "failure", id, message: friendly.trim() });
  } finally {
    currentId = 0;
  }
}

self.onmessage = async ({ data }) => {
  try {
    if (data.type === "init") await init(data);
    else if (data.type === "exec") execCell(data);
    else if (data.type === "evalJSON") evalJSON(data);
    else if (data.type === "reset") {
      kernel.reset_namespace(data.namespace);
      post({ type: "result", id: data.id, result: null });
    }
  } catch (error) {
    post({ type: "failure", id: data.id ?? 0, message: String(error?.message || error) });
  }
};
