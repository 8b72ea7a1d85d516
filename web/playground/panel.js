// One playground configuration: its labelled controls and what its last run showed (metric tiles,
// charts, the plain-language account). The page holds one panel, or two in compare mode.
import { CONTROLS, applyControl, readControls } from "./scenario.js";
import { progressBar, statusText } from "../runtime/output.js";

let uid = 0;

/** Create an element with attributes and children (strings become text). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") el.textContent = value;
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) el.append(child);
  return el;
}

const TILES = [
  ["Invocations", "Invocations", (v) => v.toLocaleString("en")],
  ["Throttles", "Throttles", (v) => v.toLocaleString("en")],
  ["Errors", "Errors", (v) => v.toLocaleString("en")],
  ["ColdStarts", "Cold starts", (v) => v.toLocaleString("en")],
  ["ConcurrentExecutions", "Peak concurrency", (v) => v.toLocaleString("en")],
  ["p50", "Latency p50", (v) => (v === null ? "–" : `${v.toFixed(0)} ms`)],
  ["p90", "Latency p90", (v) => (v === null ? "–" : `${v.toFixed(0)} ms`)],
  ["p99", "Latency p99", (v) => (v === null ? "–" : `${v.toFixed(0)} ms`)],
  ["Cost", "Cost", (v) => `$${v.toFixed(4)}`],
];

/** Whether two scenarios are the same data (both are plain JSON). */
const sameScenario = (a, b) => JSON.stringify(a) === JSON.stringify(b);

export class Panel {
  /**
   * `title`: heading ("Configuration A"); `data`: scenario data; `runner`: the shared Runner;
   * `onChange(panel)`: called after every edit (the page updates its link).
   */
  constructor({ title, data, runner, onChange }) {
    this.id = `cs-pg-${++uid}`;
    this.data = data;
    this.runner = runner;
    this.onChange = onChange || (() => {});
    this.runs = 0;
    this.typedFrom = null; // the scenario before the keystrokes not yet committed
    this.inputs = {};
    this.el = h("section", { class: "cs-pg-panel", "aria-labelledby": `${this.id}-title` },
      h("h2", { id: `${this.id}-title`, text: title }));
    this.form = h("form", { class: "cs-pg-controls", onsubmit: (e) => e.preventDefault() });
    this.status = h("p", { class: "cs-pg-status", role: "status", "aria-live": "polite", text: "Waiting for the first run…" });
    this.tiles = h("dl", { class: "cs-pg-tiles", "aria-label": "Metrics" });
    this.charts = h("div", { class: "cs-pg-charts" });
    this.account = h("ul", { class: "cs-pg-explain", "aria-label": "What happened" });
    this.progress = progressBar();
    this.el.append(this.form, this.status, this.progress.element, this.tiles, this.account, this.charts);
    this.el.dataset.runs = "0";
    this.buildControls();
  }

  buildControls() {
    const groups = new Map();
    for (const control of CONTROLS) {
      if (!groups.has(control.group)) {
        const fieldset = h("fieldset", { class: "cs-pg-group" }, h("legend", { text: control.group }));
        groups.set(control.group, fieldset);
        this.form.append(fieldset);
      }
      const inputId = `${this.id}-${control.id}`;
      let input;
      if (control.kind === "select") {
        input = h("select", { id: inputId, name: control.id },
          control.options.map((o) => h("option", { value: o, text: control.optionLabels?.[o] ?? o })));
      } else if (control.kind === "checkbox") {
        input = h("input", { id: inputId, name: control.id, type: "checkbox" });
      } else {
        input = h("input", { id: inputId, name: control.id, type: "number", inputmode: "decimal",
          min: control.min, max: control.max, step: control.step ?? "any" });
      }
      // A committed value runs at once; keystrokes in a number field run once typing pauses.
      input.addEventListener("change", () => this.edit(control, input));
      if (control.kind === "number") input.addEventListener("input", () => this.typing(control, input));
      const row = h("div", { class: `cs-pg-field cs-pg-${control.kind}`, "data-control": control.id },
        control.kind === "checkbox" ? [input, h("label", { for: inputId, text: control.label })]
          : [h("label", { for: inputId, text: control.label }), input]);
      if (control.only) row.dataset.only = control.only;
      this.inputs[control.id] = { input, row, control };
      groups.get(control.group).append(row);
    }
    this.sync();
  }

  /** Show the scenario's values in the controls; hide knobs of other invocation types. */
  sync() {
    const values = readControls(this.data);
    for (const [id, { input, row, control }] of Object.entries(this.inputs)) {
      const value = values[id];
      if (control.kind === "checkbox") input.checked = !!value;
      else if (control.kind === "select" && ![...input.options].some((o) => o.value === String(value))) {
        input.append(h("option", { value, text: `${value} (from the preset)` }));
        input.value = value;
      } else input.value = value ?? "";
      row.hidden = !!control.only && control.only !== values.invocation;
    }
  }

  /** The control's value in `input`: `{value}`, or `{problem}` saying what is wrong with it. */
  read(control, input) {
    if (control.kind === "checkbox") return { value: input.checked };
    if (control.kind === "select") return { value: input.value };
    if (input.value.trim() === "") return { value: "" };
    const value = Number(input.value);
    if (!Number.isFinite(value) || (control.min !== undefined && value < control.min)
      || (control.max !== undefined && value > control.max)) {
      return { problem: `${control.label}: expected a number from ${control.min ?? "–∞"} to ${control.max ?? "∞"}, got "${input.value}".` };
    }
    return { value: control.step === 1 ? Math.round(value) : value };
  }

  /** A committed change (the `change` event): say what is wrong with the value, or run it now. */
  edit(control, input) {
    const { value, problem } = this.read(control, input);
    if (problem) {
      this.say(problem, true);
      input.setAttribute("aria-invalid", "true");
      return;
    }
    input.removeAttribute("aria-invalid");
    const data = applyControl(this.typedFrom ?? this.data, control.id, value);
    this.typedFrom = null;
    if (sameScenario(data, this.data)) {
      // Typing already asked for this scenario: start its run now if it still waits.
      this.runner.commit(this);
      this.sync();
      return;
    }
    this.setData(data, { immediate: true });
  }

  /**
   * A keystroke in a number field (the `input` event): a valid value is run once typing pauses
   * (debounced). Blank or out-of-range values wait for the commit, which says what is wrong; the
   * field is not rewritten while the learner types in it.
   */
  typing(control, input) {
    if (input.value.trim() === "") return;
    const { value, problem } = this.read(control, input);
    if (problem) return;
    input.removeAttribute("aria-invalid");
    // Each keystroke edits the scenario as it was before typing began, as one commit would:
    // scaling a traffic shape keystroke by keystroke would accumulate rounding.
    this.typedFrom ??= this.data;
    const data = applyControl(this.typedFrom, control.id, value);
    if (sameScenario(data, this.data)) return;
    this.data = data;
    this.onChange(this);
    this.run();
  }

  /** Replace the scenario (a preset, an import, an edit) and run it. */
  setData(data, { immediate = false } = {}) {
    this.data = data;
    this.typedFrom = null;
    this.sync();
    this.onChange(this);
    this.run({ immediate });
  }

  run({ immediate = false } = {}) {
    this.el.setAttribute("aria-busy", "true");
    this.say("Running…");
    this.runner.schedule(this, this.data, { immediate });
  }

  say(text, problem = false) {
    this.status.textContent = text;
    this.status.classList.toggle("cs-pg-problem", problem);
  }

  /** Show Python's start: bytes downloaded on the bar and in words ("Loading Python: 3.1 of 13.7 MB"). */
  loading(state) {
    this.progress.update(state);
    if (state.status === "loading") this.say(statusText(state));
  }

  /** Draw a run's result (called by the Runner). */
  render(result, ms) {
    this.el.removeAttribute("aria-busy");
    this.progress.update({ status: "ready" });
    if (!result.ok) {
      this.say(`This scenario cannot run: ${result.error}`, true);
      this.onProblem?.(result.error);
      return;
    }
    this.last = result;
    this.tiles.replaceChildren(...TILES.map(([key, label, format]) =>
      h("div", { class: "cs-pg-tile", "data-metric": key }, h("dt", { text: label }), h("dd", { text: format(result.tiles[key]) }))));
    this.account.replaceChildren(...result.explain.map((line) => h("li", { text: line })));
    const figure = (name, caption) => {
      const fig = h("figure", { class: "cs-pg-chart", "data-chart": name });
      // The SVG comes from our own sandbox charts (sandbox/charts), never from user text.
      fig.innerHTML = result.charts[name];
      fig.append(h("figcaption", { text: caption }));
      return fig;
    };
    this.charts.replaceChildren(
      figure("timeline", "Execution environments: init, busy and idle over time"),
      figure("concurrency", "Concurrent executions against the account, reserved and provisioned lines"),
      figure("latency", "Latency distribution with p50, p90 and p99"));
    this.runs += 1;
    this.el.dataset.runs = String(this.runs);
    this.el.dataset.lastMs = String(Math.round(ms));
    const started = this.startedIn ? ` Python started in ${this.startedIn.toFixed(1)} s.` : "";
    this.startedIn = null;
    this.say(`Updated in ${(ms / 1000).toFixed(2)} s (simulated ${this.data.duration_s.toLocaleString("en")} s).${started}`);
  }

  failed(error) {
    this.el.removeAttribute("aria-busy");
    this.progress.update({ status: "error" });
    this.say(`The run failed: ${error.message || error}`, true);
  }
}
