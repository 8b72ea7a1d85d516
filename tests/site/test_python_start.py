"""When Python starts, and what the learner sees while it loads: lab and playground pages start it
when the browser is idle or on the first interaction, with a progress bar counting bytes and,
once ready, how long the start took."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SITE = Path(__file__).resolve().parents[2] / "site"
LOAD_TIMEOUT_MS = 150_000
# Every text the page's status lines show, in order (installed before any page script runs).
RECORD_TEXTS = """
window.__texts = [];
window.__maxima = [];
new MutationObserver((records) => {
  for (const record of records) {
    const element = record.target.nodeType === 1 ? record.target : record.target.parentElement;
    if (element && element.matches('.cs-status, .cs-pg-status')) window.__texts.push(element.textContent);
    if (record.attributeName === 'max' && element.matches('.cs-pg-panel .cs-progress')) window.__maxima.push(element.max);
  }
}).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['max'] });
"""


def test_playground_counts_bytes_while_python_loads_then_says_how_long_it_took(page, site_url):
    """The playground's panel shows "Loading Python: X of T MB" (T: the files' total) with a
    progress bar whose maximum is that total, and its first result says when Python started."""
    total = json.loads((SITE / "assets" / "pyodide" / "sizes.json").read_text())["total"]
    page.add_init_script(RECORD_TEXTS)
    page.goto(f"{site_url}/playground/")
    bar = page.locator(".cs-pg-panel .cs-progress").first
    page.wait_for_function("() => Number(document.querySelector('.cs-pg-panel').dataset.runs) >= 1",
                           timeout=LOAD_TIMEOUT_MS)
    # Every maximum the bar took while loading (recorded as it changed, so a fast load is not missed):
    # once the worker knows the build's total, the bar counts up to it.
    assert total in page.evaluate("window.__maxima")
    texts = page.evaluate("window.__texts")
    wanted = f"of {total / 1e6:.1f} MB"
    loading = [t for t in texts if t.startswith("Loading Python: ") and wanted in t]
    assert loading, f"no byte count in {texts[:10]}"
    amounts = [float(re.match(r"Loading Python: ([\d.]+) of", t).group(1)) for t in loading]
    assert amounts == sorted(amounts) and amounts[-1] > 0
    assert re.search(r"Python started in \d+\.\d s\.$", page.locator(".cs-pg-status").first.inner_text())
    assert bar.is_hidden()


def test_lab_page_waits_for_idle_or_the_first_key_press(page, site_url):
    """With the browser never idle, a lab page loads no Python until the learner presses a key;
    then it starts at once."""
    page.add_init_script("window.requestIdleCallback = () => 0;")  # a browser that is never idle
    page.goto(f"{site_url}/labs/03-concurrency-throttling/")
    page.locator(".cs-cell .cm-editor").first.wait_for(timeout=30_000)
    page.wait_for_timeout(2500)
    assert page.evaluate("window.coldStart.runtime.status") == "idle"
    assert not [u for u in page.requests if "/assets/pyodide/" in u]
    page.keyboard.press("Tab")
    page.wait_for_function("() => window.coldStart.runtime.status !== 'idle'", timeout=10_000)
    page.wait_for_function("() => window.coldStart.runtime.status === 'ready'", timeout=LOAD_TIMEOUT_MS)
