// Runnable code cells (bundled as build/web/runtime-cells.js, loaded only on pages with cells).
// `window.coldStart.cells.enhance(root)` turns every `.cs-cell` holding a <pre> into a CodeMirror
// editor with Run (also Shift+Enter), Stop, Reset cell and Restart runtime, and an output area.
import { EditorView, basicSetup } from "codemirror";
import { python } from "@codemirror/lang-python";
import { Decoration, keymap } from "@codemirror/view";
import { Prec, StateEffect, StateField } from "@codemirror/state";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { tags } from "@lezer/highlight";
import { progressBar, renderDisplay, statusText } from "./output.js";
import { CellHistory, restoreAfterRestart } from "./restore.js";
import { cellKey, recall, remember } from "./memory.js";

// Colours come from mkdocs-material's code palette, so cells match the theme in light and dark.
const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.operatorKeyword, tags.definitionKeyword], color: "var(--md-code-hl-keyword-color)" },
  { tag: [tags.string, tags.special(tags.string)], color: "var(--md-code-hl-string-color)" },
  { tag: [tags.number, tags.bool, tags.null], color: "var(--md-code-hl-number-color)" },
  { tag: [tags.comment, tags.lineComment], color: "var(--md-code-hl-comment-color)", fontStyle: "italic" },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName)], color: "var(--md-code-hl-function-color)" },
  { tag: [tags.className, tags.definition(tags.className)], color: "var(--md-code-hl-constant-color)" },
  { tag: [tags.operator, tags.punctuation], color: "var(--md-code-hl-operator-color)" },
]);

const theme = EditorView.theme({
  "&": { backgroundColor: "var(--md-code-bg-color)", color: "var(--md-code-fg-color)", fontSize: "0.8rem" },
  ".cm-content": { fontFamily: "var(--md-code-font-family, monospace)", caretColor: "var(--md-code-fg-color)" },
  // Full-strength colours: faint gutters and tinted active lines fail WCAG contrast (axe).
  ".cm-gutters": { backgroundColor: "var(--md-code-bg-color)", color: "var(--md-code-fg-color)", border: "none" },
  ".cm-activeLine, .cm-activeLineGutter": { backgroundColor: "transparent" },
  "&.cm-focused": { outline: "2px solid var(--md-accent-fg-color)" },
});

// Marks the line a traceback points at (null clears it); edits move the mark with the text.
const setErrorLine = StateEffect.define();
const errorLine = StateField.define({
  create: () => Decoration.none,
  update(marks, transaction) {
    let next = marks.map(transaction.changes);
    for (const effect of transaction.effects) {
      if (!effect.is(setErrorLine)) continue;
      next = effect.value === null ? Decoration.none
        : Decoration.set([Decoration.line({ class: "cs-error-line" }).range(transaction.state.doc.line(effect.value).from)]);
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field),
});

// Shared by every page's cells (it lives as long as the runtime does): what to re-run after a restart.
const coldStartGlobal = (window.coldStart = window.coldStart || {});
const history = (coldStartGlobal.cellHistory = coldStartGlobal.cellHistory || new CellHistory());

/** The namespace the runtime gives this page's cells (the page path, as client.js names it). */
function pageNamespace() {
  return location.pathname;
}

function button(label, className, title) {
  const element = document.createElement("button");
  element.type = "button";
  element.className = `cs-button ${className}`;
  element.textContent = label;
  if (title) element.title = title;
  return element;
}

function enhanceCell(container) {
  const pre = container.querySelector("pre");
  if (!pre || container.dataset.csReady) return;
  container.dataset.csReady = "true";
  const runtime = window.coldStart.runtime;
  const key = cellKey(container);
  const number = Number(key.split("#").pop()) + 1;
  const original = pre.textContent.replace(/\n$/, "");

  const toolbar = document.createElement("div");
  toolbar.className = "cs-toolbar";
  toolbar.setAttribute("role", "toolbar");
  toolbar.setAttribute("aria-label", `Code cell ${number}`);
  const run = button("Run", "cs-run", "Run this cell (Shift+Enter)");
  const stop = button("Stop", "cs-stop", "Stop the running code");
  const reset = button("Reset cell", "cs-reset", "Put back the original code and clear the output");
  const restart = button("Restart runtime", "cs-restart", "Restart Python: every variable is forgotten");
  // Says when this cell last finished: a cell may print nothing, and the learner must still see it ran.
  const runInfo = document.createElement("span");
  runInfo.className = "cs-run-info";
  const status = document.createElement("span");
  status.className = "cs-status";
  // One live region per page: every cell shows the shared status, only the first announces it.
  if (!document.querySelector(".cs-status[role=status]")) status.setAttribute("role", "status");
  stop.disabled = true;
  const bar = progressBar();
  toolbar.append(run, stop, reset, restart, runInfo, bar.element, status);

  const editorHost = document.createElement("div");
  editorHost.className = "cs-editor";
  const output = document.createElement("div");
  output.className = "cs-output";
  output.setAttribute("aria-live", "polite");
  output.setAttribute("aria-label", `Output of cell ${number}`);
  output.setAttribute("role", "log");

  const runKeys = Prec.highest(keymap.of([{ key: "Shift-Enter", run: () => { execute(); return true; } }]));
  const view = new EditorView({
    doc: original,
    parent: editorHost,
    // lineWrapping: no horizontal scroller, which axe requires to be keyboard-focusable.
    extensions: [basicSetup, python(), runKeys, theme, syntaxHighlighting(highlight), EditorView.lineWrapping, errorLine,
      EditorView.contentAttributes.of({ "aria-label": `Python code, cell ${number}. Shift+Enter runs it.` }),
      EditorView.updateListener.of((update) => update.docChanged && keep())],
  });
  // The highlighted <pre> was the no-JavaScript fallback; the editor replaces it.
  const block = pre.closest(".highlight") ?? pre;
  block.replaceWith(toolbar, editorHost, output);

  // Back on a page seen earlier in this visit: show the cell as the learner left it.
  const kept = recall(key);
  if (kept) {
    // Output first: putting the code back notifies keep(), which must see the kept output.
    output.innerHTML = kept.output;
    runInfo.textContent = kept.info;
    if (kept.state) container.dataset.runState = kept.state;
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: kept.code } });
  }

  function keep() {
    remember(key, { code: view.state.doc.toString(), output: output.innerHTML, info: runInfo.textContent,
      state: container.dataset.runState ?? "" });
  }

  let running = false;
  function append(kind, text) {
    const last = output.lastElementChild;
    if (last && last.dataset.stream === kind) {
      last.textContent += text;
      return;
    }
    const chunk = document.createElement("pre");
    chunk.className = `cs-${kind}`;
    chunk.dataset.stream = kind;
    chunk.textContent = text;
    output.append(chunk);
  }

  // Aborts this cell's run (Stop): the runtime interrupts it, or drops it if it still waits.
  let stopping = null;
  let taken = false; // Python has taken this cell's run (it is the one running until it ends)
  async function execute() {
    if (running) return;
    running = true;
    stopping = new AbortController();
    taken = false;
    const { signal } = stopping;
    output.replaceChildren();
    runInfo.textContent = "";
    view.dispatch({ effects: setErrorLine.of(null) });
    container.dataset.runState = "running";
    const started = performance.now();
    let state = "error";
    let failedLine = null;
    let restarted = false;
    run.disabled = true;
    stop.disabled = false;
    container.classList.add("cs-running");
    const code = view.state.doc.toString();
    const namespace = pageNamespace();
    try {
      // A restore after a restart re-runs earlier cells first: never run in the middle of it.
      await history.idle();
      // Other code may be running: say so until Python takes this cell.
      if (runtime.status === "running") runInfo.textContent = "Waiting for the code that runs now…";
      const result = await runtime.exec(code, {
        namespace,
        signal,
        onStart: () => {
          taken = true;
          if (!signal.aborted) runInfo.textContent = "";
        },
        onStdout: (text) => append("stdout", text),
        onStderr: (text) => append("stderr", text),
      });
      restarted = result.error?.type === "RuntimeRestarted" && signal.aborted;
      for (const item of result.displays ?? []) output.append(renderDisplay(item));
      if (!result.ok) {
        const error = document.createElement("pre");
        error.className = "cs-error";
        error.textContent = result.error.traceback;
        output.append(error);
        failedLine = result.error.line;
        if (failedLine >= 1 && failedLine <= view.state.doc.lines) view.dispatch({ effects: setErrorLine.of(failedLine) });
      }
      if (result.ok) history.record(namespace, number, code);
      const stoppedTypes = ["KeyboardInterrupt", "RuntimeRestarted", "NotStarted"];
      state = result.ok ? "done" : stoppedTypes.includes(result.error.type) ? "stopped" : "error";
    } catch (error) {
      append("stderr", `Python could not run: ${error.message}\n`);
    } finally {
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      const failed = failedLine ? `Failed at line ${failedLine}` : "Failed";
      runInfo.textContent = { done: `Ran in ${seconds} s`, stopped: "Stopped", error: failed }[state];
      container.dataset.runState = state;
      running = false;
      run.disabled = false;
      stop.disabled = true;
      container.classList.remove("cs-running");
      keep();
    }
    // Stop had to restart Python (no SharedArrayBuffer): put back the variables of earlier cells.
    if (restarted) {
      restoreAfterRestart({ runtime, history, namespace, stoppedCellId: number, container: output }).catch(() => {});
    }
  }

  run.addEventListener("click", execute);
  // Stop stops this cell's own run: a cell still waiting behind another never starts, and the
  // other keeps running. Without a SharedArrayBuffer the runtime restarts Python (execute then
  // re-runs the cells that had completed, so the learner's variables come back).
  stop.addEventListener("click", () => {
    if (!running) return;
    runInfo.textContent = "Stopping…";
    if (!stopping.signal.aborted) stopping.abort();
    // Pressed again: the code caught KeyboardInterrupt and went on, so interrupt it once more.
    else if (taken) runtime.interrupt().catch(() => {});
  });
  reset.addEventListener("click", () => {
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: original } });
    output.replaceChildren();
    keep();
  });
  restart.addEventListener("click", () => {
    output.replaceChildren();
    append("notice", "Restarting Python: every variable is forgotten.\n");
    history.clear(pageNamespace());
    runtime.restart().catch(() => {});
  });
  let unsubscribe = null;
  unsubscribe = runtime.onStatus((state) => {
    // Instant navigation removes cells without telling them: drop the listener of a gone cell.
    if (!container.isConnected) return unsubscribe?.();
    status.textContent = statusText(state);
    status.dataset.status = state.status;
    bar.update(state);
  });
}

/** Make every `.cs-cell` under `root` runnable (safe to call again after instant navigation). */
function enhance(root = document) {
  root.querySelectorAll(".cs-cell").forEach(enhanceCell);
}

window.coldStart = window.coldStart || {};
window.coldStart.cells = { enhance };
