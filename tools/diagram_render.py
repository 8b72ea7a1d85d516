"""Render mermaid diagrams to SVG at build time, with headless Chromium and mermaid from npm.

Lesson pages then ship a finished SVG instead of the mermaid library (about 240 KB compressed),
which keeps a lesson's first load within its page-weight budget. For each diagram the renderer
also returns what the page needs to make it readable and accessible:

* ``width``/``height``: the diagram's natural size in CSS pixels;
* ``min_font``: the smallest label font size at natural size, so the page can refuse to shrink
  the diagram below the scale at which labels stay at least 12 px;
* ``steps``: a text description built from mermaid's own parse of the source (every arrow of a
  flowchart or state diagram, every message of a sequence diagram, every event of a timeline),
  falling back to the diagram's labels in reading order for other types.

Results are cached in ``build/diagrams/`` by the hash of the source and the mermaid version, so
rebuilds start no browser unless a diagram changed. When Chromium or Playwright is missing,
:func:`renderer` returns ``None`` and the pages fall back to drawing diagrams in the browser.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MERMAID = ROOT / "node_modules" / "mermaid"
CACHE = ROOT / "build" / "diagrams"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: The site's font stack (mkdocs.yml sets ``font: false``), so labels are measured as they show.
FONT = "-apple-system, BlinkMacSystemFont, Helvetica, Arial, sans-serif"
#: Bump when the rendering or the returned fields change, to invalidate the cache.
RENDERER_VERSION = 3

# Runs in the page: render one diagram, measure it, describe it from mermaid's parse.
RENDER_JS = """async ({ source, id, font }) => {
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "default", htmlLabels: false,
    flowchart: { htmlLabels: false }, fontFamily: font, themeVariables: { fontFamily: font } });
  const { svg } = await mermaid.render(id, source);
  const host = document.createElement("div");
  host.innerHTML = svg;
  document.body.append(host);
  const el = host.querySelector("svg");
  const box = el.viewBox.baseVal;
  el.setAttribute("width", box.width);
  el.style.maxWidth = "none";
  const labels = [...el.querySelectorAll("text")].filter((t) => t.textContent.trim());
  const sizes = labels.map((t) => parseFloat(getComputedStyle(t).fontSize)).filter((s) => s > 0);
  const fallback = labels.map((t) => t.textContent.trim().replace(/\\s+/g, " "));
  host.remove();

  const { db, type } = await mermaid.mermaidAPI.getDiagramFromText(source);
  const clean = (s) => String(s ?? "").replace(/<br\\s*\\/?>/gi, " ").replace(/\\s+/g, " ").trim();
  let steps = null;
  if (db.getEdges && db.getVertices) {
    const nodes = db.getVertices();
    const groups = db.getSubGraphs ? db.getSubGraphs() : [];
    const titles = new Map(groups.map((g) => [g.id, clean(g.title)]));
    const name = (id) => clean(nodes.get(id)?.text) || titles.get(id) || id;
    const mentioned = new Set();
    steps = db.getEdges().map((e) => {
      mentioned.add(e.start); mentioned.add(e.end);
      return `${name(e.start)} → ${name(e.end)}${clean(e.text) ? ` (${clean(e.text)})` : ""}`;
    });
    for (const g of groups) {
      g.nodes.forEach((id) => mentioned.add(id));
      steps.push(`${name(g.id)}: ${g.nodes.map(name).join(", ")}`);
    }
    for (const id of nodes.keys()) if (!mentioned.has(id)) steps.push(name(id));
  } else if (db.getMessages && db.getActors) {
    const actors = db.getActors();
    const name = (id) => clean(actors.get(id)?.description) || id;
    steps = db.getMessages().filter((m) => clean(m.message)).map((m) =>
      m.from && m.to ? `${name(m.from)} → ${name(m.to)}: ${clean(m.message)}` : `(${clean(m.message)})`);
  } else if (db.getRelations) {
    const name = (id) => (/_start$/.test(id) ? "start" : /_end$/.test(id) ? "end" : id);
    steps = db.getRelations().map((r) =>
      `${name(r.id1)} → ${name(r.id2)}${clean(r.relationTitle) ? ` (${clean(r.relationTitle)})` : ""}`);
  } else if (db.getTasks) {
    steps = db.getTasks().map((t) => `${clean(t.task)}: ${t.events.map(clean).join("; ")}`);
  }
  return { svg, type, width: box.width, height: box.height, min_font: Math.min(...sizes),
    steps: steps && steps.length ? steps : fallback,
    title: clean(db.getAccTitle?.() || db.getDiagramTitle?.()), description: clean(db.getAccDescription?.()) };
}"""


def _mermaid_version() -> str:
    return json.loads((MERMAID / "package.json").read_text(encoding="utf-8"))["version"]


def diagram_id(source: str) -> str:
    """A stable id for a diagram (the same source gives the same id on every build)."""
    return "cs-diagram-" + hashlib.sha256(source.encode("utf-8")).hexdigest()[:10]


class Renderer:
    """One headless Chromium with mermaid loaded, started on the first uncached diagram."""

    def __init__(self) -> None:
        self._playwright = None
        self._browser = None
        self._page = None
        self.version = _mermaid_version()

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        self._page = self._browser.new_page()
        self._page.set_content("<!doctype html><html><head></head><body></body></html>")
        self._page.add_script_tag(path=str(MERMAID / "dist" / "mermaid.min.js"))

    def render(self, source: str) -> dict:
        """The rendered diagram (see the module docstring); raises ``ValueError`` on bad syntax."""
        key = hashlib.sha256(f"{RENDERER_VERSION}\n{self.version}\n{source}".encode("utf-8")).hexdigest()
        cached = CACHE / f"{key}.json"
        if cached.exists():
            return json.loads(cached.read_text(encoding="utf-8"))
        if self._page is None:
            self._start()
        try:
            result = self._page.evaluate(RENDER_JS, {"source": source, "id": diagram_id(source), "font": FONT})
        except Exception as exc:  # noqa: BLE001 - playwright's Error carries mermaid's parse message
            lines = [line.strip() for line in str(exc).splitlines() if line.strip() and not line.strip().startswith("at ")]
            message = " ".join(lines).replace("Page.evaluate: ", "").replace("Error: ", "")[:300]
            raise ValueError(message) from None
        CACHE.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps(result), encoding="utf-8")
        return result

    def close(self) -> None:
        """Stop the browser, if one was started."""
        if self._browser is not None:
            self._browser.close()
            self._playwright.stop()
        self._playwright = self._browser = self._page = None


def renderer() -> Renderer | None:
    """A renderer, or ``None`` when Chromium, Playwright or mermaid is missing (browser fallback)."""
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).exists()) or not (MERMAID / "package.json").exists():
        return None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return None
    return Renderer()
