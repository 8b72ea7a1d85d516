// Lesson snippets (tools/hooks/snippet_output.py wraps each in `.cs-snippet`: the highlighted code,
// then what it printed when the course was built). Adds Run and Edit; nothing heavy loads until
// one is clicked: Run starts Python (with its progress bar) and runs the file as it stands, Edit
// turns the code into an editable cell (the editor bundle; Python starts when that cell runs).
import { progressBar, statusText } from "./output.js";

function button(label, className, title) {
  const element = document.createElement("button");
  element.type = "button";
  element.className = `cs-button ${className}`;
  element.textContent = label;
  element.title = title;
  return element;
}

/** The snippet's code as the page shows it. */
function codeOf(snippet) {
  return (snippet.querySelector("pre code") ?? snippet.querySelector("pre")).textContent.replace(/\n$/, "");
}

/** Show `result` of a run (and what it streamed) in place of the output captured at build. */
function showResult(snippet, streamed, result) {
  const pre = document.createElement("pre");
  pre.className = "cs-snippet-output";
  pre.tabIndex = 0;
  pre.setAttribute("aria-label", "What this code printed just now");
  const code = document.createElement("code");
  // Like the build's capture: no trailing newline, so a rerun of the same file looks the same.
  code.textContent = (streamed + (result.ok ? "" : result.error.traceback)).replace(/\n+$/, "");
  if (!code.textContent) code.textContent = "(nothing printed)";
  pre.append(code);
  snippet.querySelector(".cs-snippet-output").replaceWith(pre);
}

function enhanceSnippet(snippet, number, { runtime, loadCells }) {
  snippet.dataset.csReady = "true";
  const bar = document.createElement("div");
  bar.className = "cs-toolbar cs-snippet-bar";
  bar.setAttribute("role", "toolbar");
  bar.setAttribute("aria-label", `Code sample ${number}`);
  const run = button("Run", "cs-run", "Run this file in the page (starts Python the first time)");
  const edit = button("Edit", "cs-edit", "Change this code and run it in the page");
  const info = document.createElement("span");
  info.className = "cs-run-info";
  const progress = progressBar();
  const status = document.createElement("span");
  status.className = "cs-status";
  status.setAttribute("aria-live", "polite");
  bar.append(run, edit, info, progress.element, status);
  snippet.prepend(bar);

  run.addEventListener("click", async () => {
    run.disabled = true;
    info.textContent = "";
    const unsubscribe = runtime.onStatus((state) => {
      progress.update(state);
      status.textContent = state.status === "loading" ? statusText(state) : "";
    });
    // Each run is the file on its own, like `python file.py`: a fresh namespace every time.
    const namespace = `${location.pathname}#${snippet.dataset.snippet}`;
    let streamed = "";
    const started = performance.now();
    try {
      await runtime.resetNamespace(namespace);
      const result = await runtime.exec(codeOf(snippet), {
        namespace,
        onStdout: (text) => { streamed += text; },
        onStderr: (text) => { streamed += text; },
      });
      showResult(snippet, streamed, result);
      info.textContent = result.ok ? `Ran in ${((performance.now() - started) / 1000).toFixed(2)} s` : "Failed";
      snippet.dataset.runState = result.ok ? "done" : "error";
    } catch (error) {
      info.textContent = `Python could not run: ${error.message}`;
      snippet.dataset.runState = "error";
    } finally {
      unsubscribe();
      progress.update({ status: "ready" });
      run.disabled = false;
    }
  });

  edit.addEventListener("click", async () => {
    edit.disabled = true;
    try {
      const cells = await loadCells();
      const cell = document.createElement("div");
      cell.className = "cs-cell";
      const code = snippet.querySelector(".highlight");
      code.replaceWith(cell);
      cell.append(code);
      bar.remove();
      cells.enhance(snippet);
      cell.querySelector(".cm-content")?.focus();
    } catch (error) {
      edit.disabled = false;
      info.textContent = `The editor could not load: ${error.message}`;
    }
  });
}

/**
 * Add Run and Edit to every lesson snippet under `root`. `runtime`: window.coldStart.runtime;
 * `loadCells()`: resolves to the editor bundle's API (`enhance(root)`).
 */
export function enhanceSnippets(root, { runtime, loadCells }) {
  root.querySelectorAll(".cs-snippet:not([data-cs-ready])").forEach((snippet, index) =>
    enhanceSnippet(snippet, index + 1, { runtime, loadCells }));
}
