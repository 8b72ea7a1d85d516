// The Pyodide module Web Worker (bundled as build/web/runtime-worker.js). Python runs here so the page
// never freezes. Protocol (page -> worker): init {indexURL, interruptBuffer}, exec {id, code,
// namespace}, evalJSON {id, code}, reset {id, namespace}. Worker -> page: status {status, progress,
// message}, ready, stdout/stderr {id, text}, result {id, result}, failure {id, message}.
import kernelSource from "./kernel.py";

let pyodide = null;
let kernel = null;
let currentId = 0;

const post = (message) => self.postMessage(message);
const loading = (progress, message) => post({ type: "status", status: "loading", progress, message });

async function init({ indexURL, interruptBuffer }) {
  loading(0.05, "Downloading Python (about 13 MB, once)");
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
  post({ type: "ready", id: 0 });
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
