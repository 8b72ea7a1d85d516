// Runs playground scenarios in the shared Python worker (window.coldStart.runtime), one at a time.
// A committed change (a menu, a checkbox, Enter in or leaving a number field, a preset) runs at
// once; only keystrokes while the learner is still typing wait DEBOUNCE_MS for the next one. While
// a run is in flight only the newest request of each panel waits, and a result that a newer change
// has overtaken is dropped, never drawn.

/** How long a keystroke-level request waits for the next one before it runs. */
export const DEBOUNCE_MS = 150;

/** A JSON value as a Python string literal (JSON string syntax is valid Python). */
const pyString = (text) => JSON.stringify(text);

export class Runner {
  /**
   * `runtime`: the object at window.coldStart.runtime; `code`: Python source defining
   * `playground_run(scenario_json)` (web/playground/run.py).
   */
  constructor(runtime, code) {
    this.runtime = runtime;
    this.code = code;
    this.pending = new Map(); // panel -> {data, generation}
    this.timers = new Map(); // panel -> {id, enqueue}: a debounced request not yet queued
    this.generations = new Map();
    this.busy = false;
  }

  /**
   * Ask for a run of `data` for `panel` (an object with `render(result, ms)` and
   * `failed(error)`). `immediate`: a committed change, queued now; otherwise a keystroke-level
   * change, queued after DEBOUNCE_MS unless a newer request or `commit` comes first.
   */
  schedule(panel, data, { immediate = false } = {}) {
    const generation = (this.generations.get(panel) || 0) + 1;
    this.generations.set(panel, generation);
    this.cancelTimer(panel);
    // "Updated in" counts from the newest request: what the learner last did.
    panel.pendingSince = performance.now();
    const enqueue = () => {
      this.timers.delete(panel);
      this.pending.set(panel, { data, generation });
      this.pump();
    };
    if (immediate) enqueue();
    else this.timers.set(panel, { id: setTimeout(enqueue, DEBOUNCE_MS), enqueue });
  }

  /** Queue `panel`'s debounced request now (its value was committed); false if none waits. */
  commit(panel) {
    const timer = this.timers.get(panel);
    if (!timer) return false;
    clearTimeout(timer.id);
    timer.enqueue();
    return true;
  }

  /** Drop `panel`'s debounced request, if one waits (a newer request replaces it). */
  cancelTimer(panel) {
    const timer = this.timers.get(panel);
    if (timer) clearTimeout(timer.id);
    this.timers.delete(panel);
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
      const result = await this.runtime.evalJSON(`${this.code}\nplayground_run(${pyString(JSON.stringify(data))})`);
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
