"""The site and its browser runtime, measured in headless Debian Chromium against the built site/.

* Run -> first output on the try-it page's first cell (a ~12,000-invocation simulation that prints
  when done): cold (fresh browser profile: Pyodide not yet downloaded) and warm (clicked again).
  Baselines are the issue's targets, 4 s and 150 ms (ratio above 1: within target); the note gives
  the same cell's time in this CPython for comparison.
* Stop -> Python usable again: Stop on the try-it page's endless loop until the next cell's code
  has run (the learner's variables kept). Baseline: the 2 s target (ratio above 1: within it).
* KB transferred on first load (fresh profile; response bodies + headers, worker requests
  included) per page type: as tools/serve.py sends them (gzip for text, wasm and the quiz bank),
  and in the note re-gzipped as any compressing server would. Baseline: the 300 KB lesson-page
  budget (ratio = budget / measured, like every row: at or above 1, within budget).
* Full site build (tools/build.py) against its mkdocs step alone (skipped with --quick).
"""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from benchmarks.common import CHROMIUM, CHROMIUM_FLAGS, Measure

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
BUDGET_KB = 300.0
COLD_TARGET_S, WARM_TARGET_S, STOP_TARGET_S = 4.0, 0.150, 2.0
TRY_IT = "/reference/try-it/"
# (page type, path, wait until Python is ready). Lesson checks draw parametric questions from the
# build-time pool, so no lesson page downloads Python; lesson 13 has the largest question topic.
PAGES = [("home page", "/", False), ("syllabus page, no code", "/lessons/", False),
         ("lesson 04 (diagram, parametric check)", "/lessons/04-concurrency/", False),
         ("lesson 13 (largest check)", "/lessons/13-security/", False),
         ("mock exam page (whole bank)", "/practice/exam/", False),
         ("lab page (Python starts when idle)", "/labs/03-concurrency-throttling/", False),
         ("page with cells, Python ready", TRY_IT, True)]

# Clicks Run on cell `index` and resolves with the ms until its first output appears.
CLICK_TO_OUTPUT_JS = """async (index) => {
  const cell = document.querySelectorAll('.cs-cell')[index];
  const output = cell.querySelector('.cs-output');
  output.replaceChildren();
  return await new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (output.childElementCount > 0) { observer.disconnect(); resolve(performance.now() - started); }
    });
    observer.observe(output, { childList: true, subtree: true });
    const started = performance.now();
    cell.querySelector('.cs-run').click();
  });
}"""
# Runs the endless loop (cell `index`), presses its Stop once it has run 500 ms, and resolves with
# the ms from Stop until Python has run the next request (KeyboardInterrupt raised and handled).
STOP_TO_READY_JS = """async (index) => {
  const cell = document.querySelectorAll('.cs-cell')[index];
  cell.querySelector('.cs-run').click();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const started = performance.now();
  cell.querySelector('.cs-stop').click();
  await window.coldStart.runtime.exec('1');
  const elapsed = performance.now() - started;
  if (cell.dataset.runState !== 'stopped') throw new Error(`the loop ended as ${cell.dataset.runState}`);
  return elapsed;
}"""
CELL_DONE_JS = "i => !document.querySelectorAll('.cs-cell')[i].classList.contains('cs-running')"

CPYTHON_CELL = """
import time
from sandbox import Simulation, FunctionConfig, Poisson
t = time.perf_counter()
result = Simulation(functions=[FunctionConfig(name="api", memory_mb=512)],
                    sources=[Poisson(20, function="api")], seed=1, horizon=600).run()
print(time.perf_counter() - t, result.metrics["api"].invocations)
"""


def _serve():
    """The built site on a free localhost port (tools/serve.py's server, COOP/COEP included)."""
    sys.path.insert(0, str(ROOT / "tools"))
    from serve import make_server

    server = make_server(str(SITE), "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def _settle(page) -> None:
    """Wait for the network to go quiet (bounded: a busy machine may never look idle)."""
    try:
        page.wait_for_load_state("networkidle", timeout=15_000)
    except Exception:  # noqa: BLE001 - playwright's TimeoutError: measure what loaded so far
        pass
    page.wait_for_timeout(1000)


def _bytes_for(browser, url: str, wait_for_python: bool = False) -> tuple[float, float]:
    """KB transferred loading ``url`` in a fresh profile until the network is idle: as served
    (uncompressed) and as a gzip-compressing server would send it (text types compressed)."""
    context = browser.new_context()
    page = context.new_page()
    sizes: list[int] = []
    gzipped: list[int] = []

    def record(request):
        try:
            info = request.sizes()
            body = request.response().body()
        except Exception:  # noqa: BLE001 - a request cancelled mid-flight has no sizes
            return
        sizes.append(info["responseBodySize"] + info["responseHeadersSize"])
        kind = (request.response().headers.get("content-type") or "")
        textual = (kind.startswith("text/") or any(t in kind for t in ("javascript", "json", "svg", "xml"))
                   or request.url.endswith(".bin"))  # the quiz bank: obfuscated JSON
        gzipped.append(info["responseHeadersSize"] + (len(gzip.compress(body, 6)) if textual else len(body)))

    page.on("requestfinished", record)
    page.goto(url)
    if wait_for_python:
        page.wait_for_function("window.coldStart.runtime.status === 'ready'", timeout=120_000)
    _settle(page)
    context.close()
    return sum(sizes) / 1024, sum(gzipped) / 1024


def _run_timings(browser, base: str) -> tuple[float, float, float]:
    """(cold, warm) seconds from clicking Run to the first output of the try-it page's first cell,
    and the median seconds from Stop on its endless loop until Python runs code again."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + TRY_IT)
    page.locator(".cs-cell .cm-editor").first.wait_for(timeout=30_000)
    cold = page.evaluate(CLICK_TO_OUTPUT_JS, 0) / 1000
    page.wait_for_function(CELL_DONE_JS, arg=0, timeout=120_000)
    warm_runs = []
    for _ in range(3):
        warm_runs.append(page.evaluate(CLICK_TO_OUTPUT_JS, 0) / 1000)
        page.wait_for_function(CELL_DONE_JS, arg=0, timeout=120_000)
    stops = sorted(page.evaluate(STOP_TO_READY_JS, 3) / 1000 for _ in range(3))
    context.close()
    return cold, sorted(warm_runs)[1], stops[1]


def _cpython_cell_seconds() -> tuple[float, int]:
    """The same simulation in this CPython: (seconds, invocations)."""
    out = subprocess.run([sys.executable, "-c", CPYTHON_CELL], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.split()
    return float(out[0]), int(out[1])


def _build_seconds() -> tuple[float, float, str]:
    """(full build, mkdocs step, per-step note) from one run of tools/build.py."""
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "tools/build.py"], cwd=ROOT, capture_output=True, text=True)
    total = time.perf_counter() - started
    steps = re.findall(r"==> (.+)\n(?:.*\n)*?\s+done in ([\d.]+) s", run.stdout)
    site_step = next((float(s) for name, s in steps if name.strip() == "site"), total)
    return total, site_step, ", ".join(f"{n.strip()} {s} s" for n, s in steps)


def run(quick: bool = False) -> list[Measure]:
    """Measure the runtime's latency, page weights and (unless quick) the build."""
    measures: list[Measure] = []
    if not quick:
        total, site_step, note = _build_seconds()
        measures.append(Measure("site: full build (vs its mkdocs step)", total, site_step, "s", note))
    if not (SITE / "index.html").exists() or not shutil.which(CHROMIUM):
        return measures + [Measure("site: browser measures skipped (no site/ or chromium)", 0, 0)]
    from playwright.sync_api import sync_playwright

    server, base = _serve()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            cold, warm, stop = _run_timings(browser, base)
            cpython_s, invocations = _cpython_cell_seconds()
            measures += [
                Measure("site: Run -> first output, cold (target 4 s)", cold, COLD_TARGET_S, "s",
                        "fresh profile: downloads and starts Pyodide"),
                Measure("site: Run -> first output, warm (target 150 ms)", warm, WARM_TARGET_S, "s",
                        f"{invocations} invocations; same cell in CPython {cpython_s * 1000:.0f} ms"),
                Measure("site: Stop -> Python usable (target 2 s)", stop, STOP_TARGET_S, "s",
                        "while True: pass interrupted, variables kept (median of 3)"),
            ]
            for label, path, python in PAGES:
                kb, kb_gzip = _bytes_for(browser, base + path, wait_for_python=python)
                measures.append(Measure(f"site: KB, {label}", kb, BUDGET_KB, "KB",
                                        f"as tools/serve.py sends it (gzip for text and wasm); {kb_gzip:.0f} KB re-gzipped",
                                        ))
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return measures
