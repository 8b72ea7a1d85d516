// Lab pages. tools/hooks/labs.py wraps every code cell of a rendered notebook in `.cs-cell`, so the
// shared runtime (web/runtime) already turns them into editors with Run buttons. This adapter
// adds what a notebook has and a page of snippets does not: "Run all cells", in order, stopping
// at the first cell that fails. Re-initialises on every instant navigation.
import "./labs.css";
import { enhanceDownloads } from "./download.js";
import { onEachPage } from "../shared/page.js";

const POLL_MS = 50;

/** Resolve once `test()` is true (checked every POLL_MS). */
function until(test) {
  return new Promise((resolve) => {
    const tick = () => (test() ? resolve() : setTimeout(tick, POLL_MS));
    tick();
  });
}

/** Click each cell's Run button in turn; resolves to the 1-based number of a failed cell, or 0. */
export async function runCells(cells, onCell = () => {}) {
  for (const [index, cell] of cells.entries()) {
    await until(() => cell.querySelector(".cs-run"));
    onCell(index + 1, cells.length);
    cell.querySelector(".cs-run").click();
    await until(() => !cell.classList.contains("cs-running"));
    if (cell.querySelector(".cs-error")) return index + 1;
  }
  return 0;
}

function addRunAll(lab) {
  const bar = lab.querySelector(".cs-lab-bar");
  if (!bar || lab.querySelector(".cs-run-all")) return;
  const cells = [...lab.querySelectorAll(".cs-cell")];
  if (!cells.length) return;
  const tools = document.createElement("div");
  tools.className = "cs-lab-tools";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "cs-button cs-run-all";
  button.textContent = "Run all cells";
  const status = document.createElement("span");
  status.className = "cs-run-all-status";
  status.setAttribute("role", "status");
  tools.append(button, status);
  bar.after(tools);
  button.addEventListener("click", async () => {
    button.disabled = true;
    const failed = await runCells(cells, (n, total) => { status.textContent = `Running cell ${n} of ${total}…`; });
    status.textContent = failed
      ? `Stopped: cell ${failed} raised an error (see its output).`
      : `All ${cells.length} cells ran.`;
    button.disabled = false;
  });
}

function onPage() {
  document.querySelectorAll(".cs-lab").forEach(addRunAll);
  enhanceDownloads(document);
}

if (typeof window !== "undefined") onEachPage("labs", onPage);
