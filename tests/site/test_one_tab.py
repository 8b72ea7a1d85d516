"""One tab, one Python: walking lesson -> lab -> playground -> lab keeps one worker and one loaded
sandbox, every custom script sets itself up once per page, Python starts on the lab page (not
before) with a byte-counting progress bar, and a lab shows its cells as the learner left them
when they come back to it in the same visit.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from navigation import FEATURES, back, follow, open_site, page_inits, run_cell, same_window

pytestmark = pytest.mark.browser

SITE = Path(__file__).resolve().parents[2] / "site"
LOAD_TIMEOUT_MS = 150_000  # a cold Pyodide start on a busy 2-core machine
LAB_03, LAB_04 = "labs/03-concurrency-throttling/", "labs/04-provisioned-concurrency/"

RECORD_STATUSES = """() => {
    window.__statuses = [];
    window.coldStart.runtime.onStatus((state) => window.__statuses.push(state));
}"""
SET_UP_ONCE = """() => ({
    cells: [...document.querySelectorAll('.cs-cell')].map((c) => c.querySelectorAll('.cs-toolbar').length),
    playgrounds: [...document.querySelectorAll('.cs-playground')].map((p) => p.querySelectorAll(':scope > .cs-pg-bar, :scope > .cs-pg-start').length),
    quizzes: [...document.querySelectorAll('div.cs-quiz')].map((q) => q.querySelectorAll(':scope > .cs-q-card').length),
    diagrams: [...document.querySelectorAll('.cs-mermaid')].map((d) => d.querySelectorAll(':scope > svg').length),
})"""


def assert_set_up_once(page, where: str) -> None:
    """Every feature noted exactly one set-up on this page, and nothing was built twice."""
    assert sorted(page_inits(page)) == sorted(FEATURES), f"{where}: set-ups {page_inits(page)}"
    # Diagrams are drawn and cells become editors asynchronously: wait for both to finish.
    page.wait_for_function("() => [...document.querySelectorAll('.cs-mermaid')].every((d) => d.querySelector(':scope > svg'))"
                           " && [...document.querySelectorAll('.cs-cell')].every((c) => c.querySelector('.cm-editor'))"
                           " && [...document.querySelectorAll('div.cs-quiz')].every((q) => q.dataset.ready)")
    shown = page.evaluate(SET_UP_ONCE)
    assert all(n == 1 for n in shown["cells"]), f"{where}: a cell has several toolbars {shown}"
    assert all(n == 1 for n in shown["playgrounds"]), f"{where}: a playground was built twice {shown}"
    assert all(n == 1 for n in shown["diagrams"]), f"{where}: a diagram was drawn twice {shown}"
    # A lesson's check shows at most 5 questions; a second mount would add another set of cards.
    assert all(n <= 5 for n in shown["quizzes"]), f"{where}: a quiz was filled twice {shown}"


def test_one_worker_across_five_navigations(page, site_url):
    """home -> lesson 04 -> lab 03 -> playground -> lab 04 -> lab 03 -> playground -> Back, one window: one Python
    worker, Pyodide and the sandbox wheel downloaded once, every feature set up once per page,
    and lab 03's edited cell shows its code and output again when the learner comes back."""
    workers = []
    page.on("worker", lambda worker: workers.append(worker.url))
    open_site(page, f"{site_url}/")
    page.evaluate(RECORD_STATUSES)
    assert_set_up_once(page, "home")

    follow(page, f"{site_url}/lessons/04-concurrency/")
    assert_set_up_once(page, "lesson 04")
    assert not [u for u in page.requests if "/assets/pyodide/" in u], "a lesson page downloaded Python"

    follow(page, f"{site_url}/{LAB_03}")
    assert_set_up_once(page, "lab 03")
    first = page.locator(".cs-cell").first
    first.locator(".cm-content").click()
    page.keyboard.press("Control+End")
    page.keyboard.type("\nprint('orders', 150 * 0.5)")
    run_cell(page, 0)
    kept_code = first.locator(".cm-content").inner_text()
    kept_output = first.locator(".cs-output").inner_text()
    assert "orders 75.0" in kept_output
    assert first.locator(".cs-status").inner_text().startswith("Python ready (started in ")

    follow(page, f"{site_url}/playground/")
    assert_set_up_once(page, "playground")
    page.wait_for_function("() => Number(document.querySelector('.cs-pg-panel')?.dataset.runs) >= 1",
                           timeout=LOAD_TIMEOUT_MS)

    follow(page, f"{site_url}/{LAB_04}")
    assert_set_up_once(page, "lab 04")
    run_cell(page, 0)
    assert page.locator(".cs-cell").first.get_attribute("data-run-state") == "done"

    follow(page, f"{site_url}/{LAB_03}")
    assert_set_up_once(page, "lab 03 again")
    again = page.locator(".cs-cell").first
    assert again.locator(".cm-content").inner_text() == kept_code
    assert again.locator(".cs-output").inner_text() == kept_output
    run_cell(page, 0)  # the page's Python namespace lived on too
    assert "orders 75.0" in again.locator(".cs-output").inner_text()
    follow(page, f"{site_url}/playground/")
    back(page, f"{site_url}/{LAB_03}")  # the browser's Back button
    assert page.locator(".cs-cell").first.locator(".cs-output").inner_text() == kept_output

    assert same_window(page), "a step was a full page load"
    assert [u for u in workers if "runtime-worker" in u] == [f"{site_url}/assets/cs/runtime-worker.js"]
    downloads = [u for u in page.requests if u.endswith(("pyodide.asm.wasm", ".whl"))]
    assert len(downloads) == 2, f"Python or the sandbox downloaded again: {downloads}"

    total = json.loads((SITE / "assets" / "pyodide" / "sizes.json").read_text())["total"]
    statuses = page.evaluate("window.__statuses")
    loading = [s for s in statuses if s["status"] == "loading" and s.get("loaded") is not None]
    assert loading and all(s["total"] == total for s in loading)
    counts = [s["loaded"] for s in loading]
    assert counts == sorted(counts), "the byte count went backwards"
    assert counts[-1] >= 0.95 * total, f"only {counts[-1]} of {total} bytes were counted"
    assert sum(s["status"] == "loading" for s in statuses) > 3, "no progress between start and ready"
