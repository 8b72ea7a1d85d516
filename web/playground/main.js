// The playground (docs/playground.md) and its embeddable widget (<!-- playground: PRESET -->):
// turn knobs on a scenario and watch the sandbox, run in the shared Python worker, respond.
// State lives in the URL query on the full page (?preset=NAME&a=...&b=...; not the hash, which
// mkdocs-material's anchor tracking rewrites), so links are shareable and "Show me" links open a
// preset. A hash in the same form is read too. Initialised on every instant navigation.
import { Panel, h } from "./panel.js";
import { Runner } from "./runner.js";
import RUN_PY from "./run.py";
import { decodeState, encodeState } from "./scenario.js";
import "./playground.css";
import { onEachPage, siteRoot } from "../shared/page.js";

const DEFAULT_PRESET = "flash-sale";
let runner = null;
const clone = (value) => JSON.parse(JSON.stringify(value));

function presetsOnPage() {
  const element = document.querySelector(".cs-playground-presets");
  return element ? JSON.parse(element.dataset.presets) : {};
}

/** The playground page's URL opened on `preset` (what "Show me" links point at). */
export function playgroundURL(preset) {
  return new URL(`playground/?preset=${encodeURIComponent(preset)}`, siteRoot()).href;
}

function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = h("a", { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

class Playground {
  constructor(root, presets) {
    this.root = root;
    this.presets = presets;
    this.full = root.dataset.mode === "full";
    this.panels = [];
    this.notice = h("div", { class: "cs-pg-notice", role: "alert", tabindex: "-1" });
    this.notice.hidden = true;
    root.replaceChildren();
    root.classList.add("cs-pg-ready");
  }

  start() {
    this.root.replaceChildren();
    const fromLink = location.search.length > 1 ? location.search : location.hash;
    const state = this.full ? decodeState(fromLink) : { preset: this.root.dataset.preset };
    let problem = state.problem;
    let preset = state.preset || this.root.dataset.preset || DEFAULT_PRESET;
    if (!this.presets[preset]) {
      problem = `the link names no preset called "${preset}"`;
      preset = DEFAULT_PRESET;
    }
    if (problem) {
      state.a = null;
      state.b = null;
    }
    this.preset = preset;
    this.buildChrome();
    this.addPanel(state.a || clone(this.presets[preset].data));
    if (state.b) this.setCompare(true, state.b);
    if (problem) this.warn(`${problem[0].toUpperCase()}${problem.slice(1)}. Showing the "${this.presets[preset].title}" defaults instead.`);
    // The full page starts Python when the browser is idle or the learner first uses it; a
    // lesson's widget was opened by a click, so it starts at once.
    const wanted = this.full && window.coldStart.whenIdleOrUsed ? window.coldStart.whenIdleOrUsed() : Promise.resolve();
    wanted.then(() => { for (const panel of this.panels) panel.run({ immediate: true }); });
  }

  warn(text) {
    this.notice.textContent = text;
    this.notice.hidden = false;
  }

  buildChrome() {
    const id = `cs-pg-preset-${Math.random().toString(36).slice(2, 8)}`;
    this.select = h("select", { id, class: "cs-pg-preset" },
      Object.entries(this.presets).map(([name, p]) => h("option", { value: name, text: p.title || name })));
    this.select.value = this.preset;
    this.select.addEventListener("change", () => this.choosePreset(this.select.value));
    this.description = h("p", { class: "cs-pg-description", text: this.presets[this.preset].description });
    const bar = h("div", { class: "cs-pg-bar" }, h("label", { for: id, text: "Preset" }), this.select);
    if (this.full) {
      this.compare = h("input", { type: "checkbox", id: `${id}-compare` });
      this.compare.addEventListener("change", () => this.setCompare(this.compare.checked));
      const importInput = h("input", { type: "file", id: `${id}-import`, accept: ".toml,.json", class: "cs-pg-file" });
      importInput.addEventListener("change", () => this.importFile(importInput));
      bar.append(
        h("span", { class: "cs-pg-check" }, this.compare, h("label", { for: `${id}-compare`, text: "Compare two configurations" })),
        h("button", { type: "button", class: "md-button", onclick: () => this.exportFile() }, "Export scenario (.toml)"),
        h("label", { for: `${id}-import`, class: "md-button cs-pg-import" }, "Import scenario…"), importInput,
        h("button", { type: "button", class: "md-button cs-pg-copy", onclick: () => this.copyLink() }, "Copy link"),
        this.copied = h("span", { class: "cs-pg-copied", role: "status", "aria-live": "polite" }));
    } else {
      bar.append(h("a", { class: "md-button", href: playgroundURL(this.preset), "data-open-playground": "" }, "Open in the playground"));
    }
    this.grid = h("div", { class: "cs-pg-grid" });
    this.root.append(bar, this.notice, this.description, this.grid);
  }

  addPanel(data) {
    const letter = "AB"[this.panels.length];
    const panel = new Panel({ title: this.full ? `Configuration ${letter}` : "Scenario", data, runner: this.runner(), onChange: () => this.saveState() });
    panel.onProblem = (message) => this.fallBack(panel, message);
    this.panels.push(panel);
    this.grid.append(panel.el);
    this.grid.classList.toggle("cs-pg-two", this.panels.length > 1);
    return panel;
  }

  runner() {
    if (!runner) runner = new Runner(window.coldStart.runtime, RUN_PY);
    return runner;
  }

  /** A scenario that came from a link or file and does not validate: say so, use the defaults. */
  fallBack(panel, message) {
    if (panel.fellBack) return;
    panel.fellBack = true;
    this.warn(`This scenario could not be used (${message}). Showing the "${this.presets[this.preset].title}" defaults instead.`);
    panel.setData(clone(this.presets[this.preset].data), { immediate: true });
  }

  setCompare(on, data = null) {
    if (this.compare) this.compare.checked = on;
    if (on && this.panels.length === 1) this.addPanel(data || clone(this.panels[0].data)).run({ immediate: true });
    if (!on && this.panels.length === 2) {
      this.panels.pop().el.remove();
      this.grid.classList.remove("cs-pg-two");
    }
    this.saveState();
  }

  choosePreset(name) {
    this.preset = name;
    this.description.textContent = this.presets[name].description;
    this.notice.hidden = true;
    for (const panel of this.panels) {
      panel.fellBack = false;
      panel.setData(clone(this.presets[name].data), { immediate: true });
    }
  }

  /** Keep the link in step with the controls (replaceState: edits do not flood the history). */
  saveState() {
    if (!this.full || !this.panels.length) return;
    const query = encodeState({ preset: this.preset, a: this.panels[0].data, b: this.panels[1]?.data });
    history.replaceState(history.state, "", `${location.pathname}?${query}`);
  }

  exportFile() {
    const panel = this.panels[0];
    if (!panel.last) { panel.say("Nothing to export yet: wait for the first run.", true); return; }
    download(`${this.preset}-playground.toml`, panel.last.toml, "application/toml");
  }

  async importFile(input) {
    const file = input.files[0];
    if (!file) return;
    const text = await file.text();
    const format = file.name.toLowerCase().endsWith(".json") ? "json" : "toml";
    const parsed = await this.runner().parse(text, format);
    input.value = "";
    if (!parsed.ok) {
      this.warn(`${file.name}: ${parsed.error}`);
      this.notice.focus(); // the file picker closed; the reason is what the learner needs next
      return;
    }
    this.notice.hidden = true;
    this.panels[0].setData(parsed.data, { immediate: true });
  }

  async copyLink() {
    this.saveState();
    try {
      await navigator.clipboard.writeText(location.href);
      this.copied.textContent = "Link copied.";
    } catch {
      this.copied.textContent = `Copy this link: ${location.href}`;
    }
  }
}

function onPage() {
  const roots = document.querySelectorAll(".cs-playground:not(.cs-pg-ready)");
  if (!roots.length || !window.coldStart?.runtime) return;
  const presets = presetsOnPage();
  for (const root of roots) {
    const playground = new Playground(root, presets);
    if (playground.full) { playground.start(); continue; }
    // A widget inside a lesson loads Python only when the reader asks for it.
    const title = presets[root.dataset.preset]?.title || root.dataset.preset;
    root.append(h("button", { type: "button", class: "md-button cs-pg-start", onclick: () => playground.start() },
      `Open the playground: ${title}`));
  }
}

window.coldStart = window.coldStart || {};
window.coldStart.playgroundURL = playgroundURL;
onEachPage("playground", onPage);
