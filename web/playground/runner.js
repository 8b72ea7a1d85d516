// Runs playground scenarios in the shared Python worker (window.coldStart.runtime), one at a time.
// Changes are debounced per panel; while a run is in flight only the newest request of each panel
// waits, and a result that a newer change has overtaken is dropped, never drawn.
import RUN_PY from "./run.py";

const DEBOUNCE_MS = 150;

/** A JSON value as a Python string literal (JSON string syntax is valid Python). */
const pyString = (text) => JSON.stringify(text);

export class Runner {
  /** `runtime`: the object at window.coldStart.runtime. */
  constructor(runtime) {
    this.runtime = runtime;
    this.pending = new Map(); // panel -> {data, generation}
    this.timers = new Map();
    this.generations = new Map();
    this.busy = false;
  }

  /** Ask for a run of `data` for `panel` (an object with `render(result, ms)` and `failed(error)`). */
  schedule(panel, data, { immediate = false } = {}) {
    const generation = (this.generations.get(panel) || 0) + 1;
    this.generations.set(panel, generation);
    clearTimeout(this.timers.get(panel));
    panel.pendingSince = panel.pendingSince ?? performance.now();
    const enqueue = () => {
      this.pending.set(panel, { data, generation });
      this.pump();
    };
    if (immediate) enqueue();
    else this.timers.set(panel, setTimeout(enqueue, DEBOUNCE_MS));
  }

  /** Whether `generation` is still the newest request of `panel`. */
  current(panel, generation) {
    return this.generations.get(panel) === generation;
  }

  async pump() {
    if (this.busy) return;
    const next = this.pending.entries().next();
    if (next.done) return;
    const [panel, { data, generation }] = next.value;
    this.pending.delete(panel);
    this.busy = true;
    try {
      const waited = this.runtime.status !== "ready";
      await this.runtime.ensureReady((progress, message, state) => panel.loading?.(state));
      if (waited) panel.startedIn = this.runtime.startSeconds;
      const code = `${RUN_PY}\nplayground_run(${pyString(JSON.stringify(data))})`;
      const result = await this.runtime.evalJSON(code);
      if (this.current(panel, generation)) {
        const ms = performance.now() - panel.pendingSince;
        panel.pendingSince = null;
        panel.render(result, ms);
      }
    } catch (error) {
      if (this.current(panel, generation)) { panel.pendingSince = null; panel.failed(error); }
    } finally {
      this.busy = false;
      this.pump();
    }
  }

  /** Validate scenario text (TOML or JSON) with the sandbox's loader: `{ok, data}` or `{ok, error}`. */
  async parse(text, format) {
    await this.runtime.ensureReady();
    return this.runtime.evalJSON(
      "from sandbox.scenario import ScenarioError, loads\n" +
      "def _parse(text, fmt):\n" +
      "    try:\n" +
      "        return {'ok': True, 'data': loads(text, fmt, 'imported file').data}\n" +
      "    except ScenarioError as exc:\n" +
      "        return {'ok': False, 'error': str(exc)}\n" +
      `_parse(${pyString(text)}, ${pyString(format)})`);
  }
}
