// The page side of the shared Python runtime: one Web Worker running Pyodide, driven by messages.
//
// `new Runtime({createWorker, indexURL, interruptBuffer})` starts nothing; the worker is created on
// the first `ensureReady`/`exec`/`evalJSON`, so pages without code never download Pyodide.
// Requests run one at a time in arrival order (a shared namespace needs a total order).
// Stop: with a SharedArrayBuffer (cross-origin isolated pages) we write SIGINT into it and Python
// raises KeyboardInterrupt; without one the only way out of `while True: pass` is to terminate the
// worker, which loses the learner's variables, so `interrupt()` reports `{restarted: true}`.

const SIGINT = 2;

/** The statuses `onStatus` reports, in the order a healthy session goes through them. */
export const STATUSES = ["idle", "loading", "ready", "running", "error"];

export class Runtime {
  /**
   * @param {object} options
   * @param {() => Worker} options.createWorker  makes the Pyodide worker (entry-worker.js)
   * @param {string} options.indexURL  folder holding pyodide.js, the lockfile and our wheel
   * @param {SharedArrayBuffer|null} [options.interruptBuffer]  enables interrupting without restart
   */
  constructor({ createWorker, indexURL, interruptBuffer = null }) {
    this.createWorker = createWorker;
    this.indexURL = indexURL;
    this.interruptView = interruptBuffer ? new Int32Array(interruptBuffer) : null;
    this.worker = null;
    this.ready = null;
    this.queue = Promise.resolve();
    this.pending = new Map();
    this.nextId = 1;
    this.listeners = new Set();
    this.state = { status: "idle", progress: null, message: "" };
    this.startedAt = null;
    this.startSeconds = null; // how long the last start of Python took, shown with "ready"
    this.startInfo = null; // how the worker started Python: {from, snapshot, phases} (entry-worker.js)
  }

  /** Call `callback(state)` now and on every status change; returns an unsubscribe function. */
  onStatus(callback) {
    this.listeners.add(callback);
    callback({ ...this.state });
    return () => this.listeners.delete(callback);
  }

  /**
   * Record a new status and tell every listener. While loading, `extra` may carry the bytes
   * received and expected (`loaded`, `total`); once ready, `seconds` is how long the start took.
   */
  setStatus(status, extra = {}) {
    this.state = { status, progress: extra.progress ?? null, message: extra.message ?? "" };
    if (status === "loading" && extra.loaded !== undefined) Object.assign(this.state, { loaded: extra.loaded, total: extra.total ?? null });
    if (status === "ready" && this.startSeconds !== null) this.state.seconds = this.startSeconds;
    for (const callback of this.listeners) callback({ ...this.state });
  }

  /**
   * Start the worker if needed; resolves once Python and the sandbox are loaded. While loading,
   * `onProgress(fraction, message, state)` hears every step (`state` as `onStatus` gives it).
   */
  ensureReady(onProgress) {
    let unsubscribe = null;
    if (onProgress) unsubscribe = this.onStatus((s) => s.status === "loading" && onProgress(s.progress ?? 0, s.message, s));
    if (!this.ready) this.ready = this.start();
    return this.ready.finally(() => unsubscribe && unsubscribe());
  }

  /** Create the worker and ask it to load Pyodide; resolves when it reports ready. */
  start() {
    this.startedAt = Date.now();
    this.setStatus("loading", { progress: 0, message: "Starting Python" });
    const worker = this.createWorker();
    this.worker = worker;
    worker.onmessage = (event) => this.receive(worker, event.data);
    worker.onerror = (event) => {
      // A worker that fails to load at all (missing file, syntax error) ends up here.
      const message = event?.message || "the Python worker failed to start";
      this.fail(worker, message);
    };
    const started = new Promise((resolve, reject) => this.pending.set(0, { resolve, reject, worker }));
    worker.postMessage({ type: "init", indexURL: this.indexURL, interruptBuffer: this.interruptView?.buffer ?? null });
    return started;
  }

  /** The worker could not start: report the error, reject its waiters, allow a fresh retry. */
  fail(worker, message) {
    if (worker !== this.worker) return;
    this.setStatus("error", { message });
    for (const [id, entry] of this.pending) {
      if (entry.worker === worker) {
        this.pending.delete(id);
        entry.reject(new Error(message));
      }
    }
    this.worker = null;
    this.ready = null;
    worker.terminate();
  }

  /** Route one message from the worker to the request it belongs to. */
  receive(worker, message) {
    if (worker !== this.worker) return; // late messages from a terminated worker
    const entry = this.pending.get(message.id);
    switch (message.type) {
      case "status":
        this.setStatus(message.status, message);
        break;
      case "ready":
        this.startSeconds = (Date.now() - this.startedAt) / 1000;
        this.startInfo = message.start ?? null;
        this.setStatus("ready");
        this.pending.delete(0);
        entry?.resolve();
        break;
      case "stdout":
        entry?.onStdout?.(message.text);
        break;
      case "stderr":
        entry?.onStderr?.(message.text);
        break;
      case "result":
        this.pending.delete(message.id);
        this.setStatus("ready");
        entry?.resolve(message.result);
        break;
      case "failure":
        if (message.id === 0) {
          this.fail(worker, message.message);
        } else {
          this.pending.delete(message.id);
          this.setStatus("ready");
          entry?.reject(new Error(message.message));
        }
        break;
      default:
        break;
    }
  }

  /** Queue `task` after every earlier request; the queue survives a failed task. */
  enqueue(task) {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => {});
    return run;
  }

  /**
   * Send one request once Python is ready and every earlier request has finished.
   * `handlers.signal` (an AbortSignal) stops this request only: aborted before its turn, it is
   * never sent (see `notSent`); aborted while it runs, Python is interrupted (see `interrupt`).
   * `handlers.onStart()` is called when the request is sent to Python.
   */
  request(type, payload, { signal, onStart, ...handlers } = {}) {
    let sent = false;
    const turn = this.enqueue(async () => {
      if (signal?.aborted) return notSent(type);
      await this.ensureReady();
      if (signal?.aborted) return notSent(type);
      sent = true;
      const id = this.nextId++;
      const worker = this.worker;
      if (this.interruptView) this.interruptView[0] = 0;
      this.setStatus("running");
      onStart?.();
      return new Promise((resolve, reject) => {
        // In flight until its result arrives, whatever status the worker last reported.
        const stopThis = () => this.pending.has(id) && this.interruptRunning().catch(() => {});
        signal?.addEventListener("abort", stopThis, { once: true });
        const done = (settle) => (value) => {
          signal?.removeEventListener("abort", stopThis);
          settle(value);
        };
        this.pending.set(id, { resolve: done(resolve), reject: done(reject), worker, kind: type, ...handlers });
        worker.postMessage({ type, id, ...payload });
      });
    });
    if (!signal) return turn;
    // Stopped while it waits: settle now (the learner sees it at once); its turn passes unused.
    const dropped = new Promise((resolve) => signal.addEventListener("abort", () => !sent && resolve(), { once: true }));
    return Promise.race([turn, dropped.then(() => notSent(type))]);
  }

  /**
   * Run a cell in the page's shared namespace.
   * Resolves to `{ok, error?: {type, message, line, traceback}, displays: [{mime, data}]}`.
   * `signal` aborts this run only (a cell's Stop), whether it is running or still waiting.
   */
  exec(code, { onStdout, onStderr, onStart, signal, namespace = defaultNamespace() } = {}) {
    return this.request("exec", { code, namespace }, { onStdout, onStderr, onStart, signal });
  }

  /** Run `code` in a fresh namespace; resolves to its last expression's value (JSON round-trip). */
  async evalJSON(code) {
    const text = await this.request("evalJSON", { code });
    return JSON.parse(text);
  }

  /** Forget the variables of one page's cells. */
  resetNamespace(namespace = defaultNamespace()) {
    return this.request("reset", { namespace });
  }

  /** Whether Stop can interrupt Python without restarting the worker. */
  get canInterrupt() {
    return this.interruptView !== null;
  }

  /**
   * Stop whatever code runs now (a cell's Stop aborts its own run instead: see `request`).
   * Resolves to `{restarted}`: false when Python raised KeyboardInterrupt, true when the worker
   * had to be replaced (no SharedArrayBuffer): the namespace is then lost.
   */
  async interrupt() {
    if (this.state.status !== "running") return { restarted: false };
    return this.interruptRunning();
  }

  /** Interrupt the request in flight: SIGINT through the shared buffer, else a restart. */
  async interruptRunning() {
    if (this.interruptView) {
      this.interruptView[0] = SIGINT;
      return { restarted: false };
    }
    await this.restart("Stopped by restarting Python (this page is not cross-origin isolated, so it " +
      "cannot interrupt it otherwise).");
    return { restarted: true };
  }

  /** Replace the worker: running and pending requests end with a RuntimeRestarted error. */
  restart(reason = "Python was restarted.") {
    const old = this.worker;
    this.worker = null;
    this.ready = null;
    if (old) old.terminate();
    for (const [id, entry] of this.pending) {
      this.pending.delete(id);
      // A cell shows the reason as its output; other callers get a rejected promise.
      if (entry.kind === "exec") entry.resolve(restartedResult(reason));
      else entry.reject(new Error(reason));
    }
    this.setStatus("idle", { message: reason });
    return this.ensureReady();
  }

  /** The public API other features use: `window.coldStart.runtime`. */
  api() {
    const runtime = this;
    return {
      ensureReady: (onProgress) => this.ensureReady(onProgress),
      exec: (code, options) => this.exec(code, options),
      evalJSON: (code) => this.evalJSON(code),
      interrupt: () => this.interrupt(),
      restart: () => this.restart(),
      onStatus: (callback) => this.onStatus(callback),
      resetNamespace: (namespace) => this.resetNamespace(namespace),
      get canInterrupt() { return runtime.canInterrupt; },
      get status() { return runtime.state.status; },
      /** Seconds the last start of Python took (null before the first start ends). */
      get startSeconds() { return runtime.startSeconds; },
      /** How the last start went: `{from: "snapshot"|"boot", snapshot, phases}` (null before). */
      get startInfo() { return runtime.startInfo; },
    };
  }
}

/** What a request that was cut off by a restart resolves to. */
export function restartedResult(reason) {
  return {
    ok: false,
    displays: [],
    error: { type: "RuntimeRestarted", message: reason, line: null, traceback: reason },
  };
}

/**
 * What a request stopped before its turn came settles to: an exec resolves to a result saying the
 * code never ran (a cell shows it as stopped); other requests reject.
 */
export function notSent(type) {
  const message = "Stopped before it started: nothing ran.";
  if (type !== "exec") throw new Error(message);
  return { ok: false, displays: [], error: { type: "NotStarted", message, line: null, traceback: message } };
}

/** Cells of one page share a namespace: the page path names it. */
export function defaultNamespace() {
  return typeof location === "undefined" ? "default" : location.pathname;
}
