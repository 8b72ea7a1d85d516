// "Download .ipynb" on a lab page. The notebook's set-up cell (tools/packing.py) installs the
// sandbox from the course site when it is missing, and needs that site's address: known here,
// not at build time (a workshop serves the same build on whatever LAN address the laptop has).
// So the link fetches the notebook, writes the wheel's absolute URL into the cell's
// `COURSE_WHEEL = ...` line, and saves the result. If anything fails the plain file downloads.

const SETUP_TAG = "cold-start-setup";
const WHEEL_LINE = /^COURSE_WHEEL = .*$/;

/** `notebook` (parsed .ipynb) with the set-up cell's wheel line set to `wheelURL`. */
export function withWheelURL(notebook, wheelURL) {
  for (const cell of notebook.cells ?? []) {
    if (!(cell.metadata?.tags ?? []).includes(SETUP_TAG)) continue;
    const lines = Array.isArray(cell.source) ? cell.source : cell.source.split(/(?<=\n)/);
    cell.source = lines.map((line) => {
      const end = line.endsWith("\n") ? "\n" : "";
      return WHEEL_LINE.test(line.replace(/\n$/, ""))
        ? `COURSE_WHEEL = ${JSON.stringify(wheelURL)}  # the course site this notebook came from${end}`
        : line;
    });
  }
  return notebook;
}

async function download(link) {
  const response = await fetch(link.href);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const notebook = withWheelURL(await response.json(), new URL(link.dataset.wheel, location.href).href);
  const blob = new Blob([JSON.stringify(notebook, null, 1) + "\n"], { type: "application/x-ipynb+json" });
  const save = document.createElement("a");
  save.href = URL.createObjectURL(blob);
  save.download = link.getAttribute("href").split("/").pop();
  document.body.append(save);
  save.click();
  save.remove();
  setTimeout(() => URL.revokeObjectURL(save.href), 10_000);
}

/** Make every notebook link under `root` fill in the wheel's address (idempotent). */
export function enhanceDownloads(root = document) {
  root.querySelectorAll("a.cs-ipynb[data-wheel]").forEach((link) => {
    if (link.dataset.csDownload) return;
    link.dataset.csDownload = "true";
    link.addEventListener("click", (event) => {
      event.preventDefault();
      download(link).catch(() => {
        const plain = document.createElement("a");
        plain.href = link.href;
        plain.download = "";
        plain.click();
      });
    });
  });
}
