// The Pyodide module Web Worker (bundled as build/web/runtime-worker.js). Python runs here so the page
// never freezes. Protocol (page -> worker): init {indexURL, interruptBuffer}, exec {id, code,
// namespace}, evalJSON {id, code}, reset {id, namespace}. Worker -> page: status {status, progress,
// message, loaded, total: bytes downloaded so far and expected}, ready {start}, stdout/stderr {id,
// text}, result {id, result}, failure {id, message}. `start` says how Python started: `from`
// "snapshot" (a memory snapshot of an earlier start, see snapshot.js) or "boot" (the full start),
// `snapshot` what became of the snapshot ("loaded", "saved", "failed: ...", "unavailable") and
// `phases`: milliseconds of each step, for the benchmarks.
import kernelSource from "./kernel.py";
import { countDownloads } from "./downloads.js";
import { deleteSnapshot, findSnapshot, writeSnapshot } from "./snapshot.js";

const SANDBOX = "cold-start-sandbox";
// Imported before the snapshot is taken, so labs find them already loaded ("import sandbox" is
// what every start does; the others are what lab cells import first).
const SNAPSHOT_IMPORTS = "import sandbox, sandbox.charts, sandbox.lab, sandbox.scenario";

let pyodide = null;
let kernel = null;
let currentId = 0;

const post = (message) => self.postMessage(message);
let bytes = { loaded: 0, total: null };
const loading = (progress, message) => post({ type: "status", status: "loading", progress, message, ...bytes });

/** Times the steps of a start: `mark(name)` records the ms since the previous mark. */
function stopwatch() {
  const phases = {};
  let last = performance.now();
  const mark = (name) => {
    const now = performance.now();
    phases[name] = Math.round(now - last);
    last = now;
  };
  return { phases, mark };
}

/**
 * What the build says about the runtime (sizes.json in `indexURL`, the folder of the lockfile and
 * our wheel): the folder of Pyodide's own files (`coreURL`: a content-named folder whose URLs
 * never change meaning, see tools/hooks/site.py; `indexURL` itself when not named), the bytes a
 * full start downloads (`total`), the runtime's identity (`key`, a content hash naming its
 * snapshot) and the sandbox wheel's file name (`wheel`).
 */
async function runtimeInfo(indexURL) {
  const unknown = { coreURL: indexURL, total: null, key: null, wheel: null };
  try {
    const response = await fetch(`${indexURL}sizes.json`);
    if (!response.ok) return unknown;
    const sizes = await response.json();
    const wheel = Object.keys(sizes.files ?? {}).find((name) => name.endsWith(".whl")) ?? null;
    const coreURL = sizes.core ? new URL(sizes.core, indexURL).href : indexURL;
    return { coreURL, total: sizes.total ?? null, key: sizes.runtime ?? null, wheel };
  } catch {
    return unknown;
  }
}

/**
 * Pyodide's loader (from the folder of its own files) and the options that point it at the
 * lockfile in `indexURL`, whose folder is also where it finds our wheel.
 */
async function importPyodide(indexURL, coreURL) {
  const { loadPyodide } = await import(`${coreURL}pyodide.mjs`);
  return { loadPyodide, where: { indexURL: coreURL, lockFileURL: `${indexURL}pyodide-lock.json` } };
}

async function init({ indexURL, interruptBuffer }) {
  const { phases, mark } = stopwatch();
  const info = await runtimeInfo(indexURL);
  const saved = info.wheel ? await findSnapshot(info.key, indexURL) : null;
  mark("find snapshot");
  let failure = null;
  if (saved) {
    try {
      await startFromSnapshot({ indexURL, coreURL: info.coreURL, snapshot: saved.bytes, wheel: info.wheel, mark });
    } catch (error) {
      // A snapshot this build cannot load (corrupt, another Pyodide): forget it, start normally.
      pyodide = null;
      kernel = null;
      await deleteSnapshot(info.key, indexURL);
      failure = `failed: ${String(error?.message || error).split("\n")[0]}`;
    }
  }
  const start = pyodide ? { from: "snapshot", snapshot: "loaded" } : { from: "boot", snapshot: await bootAndSave(indexURL, info, mark) };
  if (failure) start.snapshot = failure;
  configure(interruptBuffer);
  post({ type: "ready", id: 0, start: { ...start, phases } });
}

/**
 * The full start, counting the bytes it downloads; then, where a snapshot can be stored, take one
 * (before any learner code runs) and store it in the background. Resolves to "saved" or
 * "unavailable".
 */
async function bootAndSave(indexURL, info, mark) {
  const makeSnapshot = Boolean(info.key && typeof caches !== "undefined");
  bytes = { loaded: 0, total: info.total };
  const stopCounting = countDownloads((loaded) => {
    bytes.loaded = loaded;
    loading(bytes.total ? Math.min(loaded / bytes.total, 1) * 0.9 : 0.05, "");
  });
  try {
    await boot({ indexURL, coreURL: info.coreURL, makeSnapshot, mark });
  } finally {
    stopCounting();
  }
  const snapshot = makeSnapshot ? takeSnapshot() : null;
  mark("take snapshot");
  if (!snapshot) return "unavailable";
  writeSnapshot(info.key, indexURL, snapshot).then((ok) => ok || console.warn("could not store the Python snapshot"));
  return "saved";
}

/** The full start: Pyodide, the sandbox wheel and the cell kernel, reporting each phase. */
async function boot({ indexURL, coreURL, makeSnapshot, mark }) {
  loading(0.05, "");
  // Pyodide 314 runs only in module workers; its loader is an ES module beside the wasm.
  const { loadPyodide, where } = await importPyodide(indexURL, coreURL);
  mark("import pyodide.mjs");
  pyodide = await loadPyodide({ ...where, ...streams(), ...(makeSnapshot ? { _makeSnapshot: true } : {}) });
  mark("boot Python");
  loading(0.8, "Loading the Lambda sandbox");
  await pyodide.loadPackage(SANDBOX, { messageCallback: () => {}, errorCallback: (m) => post({ type: "stderr", id: 0, text: `${m}\n` }) });
  mark("load sandbox wheel");
  loadKernel();
  mark("import kernel");
  loading(0.95, "Warming up");
  pyodide.runPython(makeSnapshot ? SNAPSHOT_IMPORTS : "import sandbox");
  mark("import sandbox");
}

/**
 * Start from a memory snapshot (`snapshot`: a promise of its bytes, read while Pyodide's files
 * load): CPython's state comes back with the sandbox already imported. Files are not part of the
 * memory, so the sandbox wheel (fetched meanwhile) is unpacked again (its data files, lazily
 * imported modules and the source lines tracebacks quote) and the kernel's source rewritten.
 */
async function startFromSnapshot({ indexURL, coreURL, snapshot, wheel, mark }) {
  loading(0.1, "Restoring Python");
  const wheelBytes = fetch(`${indexURL}${wheel}`).then((response) => {
    if (!response.ok) throw new Error(`${wheel}: HTTP ${response.status}`);
    return response.arrayBuffer();
  });
  wheelBytes.catch(() => {}); // awaited below; a failure must not go unhandled meanwhile
  const { loadPyodide, where } = await importPyodide(indexURL, coreURL);
  mark("import pyodide.mjs");
  pyodide = await loadPyodide({ ...where, ...streams(), _loadSnapshot: snapshot });
  mark("restore snapshot");
  const sitePackages = pyodide.runPython("import os, sandbox\nos.path.dirname(os.path.dirname(sandbox.__file__))");
  pyodide.unpackArchive(await wheelBytes, "wheel", { extractDir: sitePackages });
  pyodide.loadedPackages[SANDBOX] = "default channel"; // as loadPackage records it
  mark("unpack sandbox wheel");
  loadKernel();
  mark("import kernel");
}

/** stdout and stderr of Python go to the page, tagged with the request that printed them. */
function streams() {
  return {
    stdout: (text) => post({ type: "stdout", id: currentId, text: `${text}\n` }),
    stderr: (text) => post({ type: "stderr", id: currentId, text: `${text}\n` }),
  };
}

/** Write the cell kernel beside the sandbox and import it (already imported after a snapshot). */
function loadKernel() {
  pyodide.FS.mkdirTree("/cold-start");
  pyodide.FS.writeFile("/cold-start/cs_kernel.py", kernelSource);
  pyodide.runPython("import sys\nif '/cold-start' not in sys.path: sys.path.insert(0, '/cold-start')\nimport cs_kernel, json");
  kernel = pyodide.pyimport("cs_kernel");
}

/**
 * Pyodide's memory now (before any learner code ran), or null if it cannot be taken. Pyodide
 * refuses while its JavaScript list of loaded packages (which Python holds a reference to) is not
 * empty, so the list is emptied for the moment of the snapshot and put back after.
 */
function takeSnapshot() {
  const loaded = { ...pyodide.loadedPackages };
  for (const name of Object.keys(loaded)) delete pyodide.loadedPackages[name];
  try {
    return pyodide.makeMemorySnapshot();
  } catch (error) {
    console.warn("no Python snapshot:", error);
    return null;
  } finally {
    Object.assign(pyodide.loadedPackages, loaded);
  }
}

/** Settings that live in JavaScript, not in the snapshot: set after every kind of start. */
function configure(interruptBuffer) {
  // input() cannot block a worker waiting for the page: make it fail with a clear error instead.
  pyodide.setStdin({ error: true });
  pyodide.setInterruptBuffer(interruptBuffer ? new Int32Array(interruptBuffer) : undefined);
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
