"""One Python for the whole visit: the first cell of a second lab, against the cold start.

In one headless Debian Chromium tab (fresh profile) against the built site/, served by
tools/serve.py: open lab 03 and click Run on its first cell as soon as it is an editor; *cold* is
the time from opening the page to that cell finishing (Pyodide downloaded and started, sandbox
loaded). Then follow the link to lab 04 (instant navigation: same window, same worker) and time
Run -> first cell finished (*warm*). Ratio = cold / warm (higher is better: how many times faster
the second lab answers); the note says whether warm meets the issue's 300 ms target.
"""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks.common import CHROMIUM, CHROMIUM_FLAGS, Measure

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
WARM_TARGET_MS = 300.0
LAB_03, LAB_04 = "labs/03-concurrency-throttling/", "labs/04-provisioned-concurrency/"

# Clicks Run on the page's first cell; resolves with [ms since the page opened, ms since the click,
# final run state] once the cell has finished.
RUN_FIRST_CELL_JS = """async () => {
  const cell = document.querySelector('.cs-cell');
  return await new Promise((resolve) => {
    const clicked = performance.now();
    const observer = new MutationObserver(() => {
      const state = cell.dataset.runState;
      if (state === 'done' || state === 'error') {
        observer.disconnect();
        resolve([performance.now(), performance.now() - clicked, state]);
      }
    });
    observer.observe(cell, { attributes: true, attributeFilter: ['data-run-state'] });
    cell.querySelector('.cs-run').click();
  });
}"""


def measure() -> tuple[float, float]:
    """(cold ms from opening lab 03 to its first cell done, warm ms from Run to done on lab 04)."""
    sys.path.insert(0, str(ROOT / "tools"))
    sys.path.insert(0, str(ROOT / "tests"))
    from navigation import follow, open_site, same_window
    from playwright.sync_api import sync_playwright
    from serve import serving

    with serving(str(SITE)) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page()
            page.set_default_timeout(300_000)
            open_site(page, f"{base}/{LAB_03}")
            page.locator(".cs-cell .cm-editor").first.wait_for()
            cold, _, state = page.evaluate(RUN_FIRST_CELL_JS)
            if state != "done":
                raise RuntimeError(f"lab 03's first cell ended {state}")
            follow(page, f"{base}/{LAB_04}")
            page.locator(".cs-cell .cm-editor").first.wait_for()
            _, warm, state = page.evaluate(RUN_FIRST_CELL_JS)
            if state != "done" or not same_window(page):
                raise RuntimeError(f"lab 04's first cell ended {state}; same window: {same_window(page)}")
            return cold, warm
        finally:
            browser.close()


def run(quick: bool = False) -> list[Measure]:
    """The warm first cell of a second lab against the cold start, in the same run."""
    if not (SITE / "index.html").exists() or not Path(CHROMIUM).exists():
        return []
    cold, warm = measure()
    verdict = "ok" if warm <= WARM_TARGET_MS else "OVER TARGET"
    return [Measure("second lab, Run -> first cell done (vs cold)", warm, cold, unit="ms",
                    note=f"baseline: lab 03 opened cold ({cold / 1000:.1f} s); target <= "
                         f"{WARM_TARGET_MS:.0f} ms: {verdict}")]
