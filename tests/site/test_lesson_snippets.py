"""Lesson snippets in the browser: their build-time output is on the page, and Run and Edit load
Python or the editor only when clicked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from test_accessibility import blocking_violations  # tests/site/test_accessibility.py

pytestmark = pytest.mark.browser

DOCS = Path(__file__).resolve().parents[2] / "docs"
LOAD_TIMEOUT_MS = 150_000


def printed(path: str) -> str:
    """What docs/<path> prints when run as a script now."""
    return subprocess.run([sys.executable, Path(path).name], cwd=DOCS / Path(path).parent,
                          capture_output=True, text=True, timeout=60).stdout


def test_snippets_show_their_output_and_load_python_only_when_run(page, site_url):
    """Lesson 04 shows each snippet's output without Python; Edit loads only the editor; Run
    starts Python and prints the same lines; an edited snippet runs the learner's change."""
    page.goto(f"{site_url}/lessons/04-concurrency/")
    estimate, scale_up = page.locator(".cs-snippet").nth(0), page.locator(".cs-snippet").nth(1)
    expected = printed("snippets/04-concurrency/estimate.py").rstrip("\n")
    assert estimate.locator(".cs-snippet-output").inner_text() == expected
    assert scale_up.locator(".cs-snippet-output").inner_text() == printed("snippets/04-concurrency/scale_up.py").rstrip("\n")
    page.wait_for_timeout(2000)  # idle time: nothing may start on its own
    assert not [u for u in page.requests if "/assets/pyodide/" in u or "runtime-cells" in u]

    scale_up.get_by_role("button", name="Edit").click()
    scale_up.locator(".cm-editor").wait_for(timeout=30_000)
    assert not [u for u in page.requests if "/assets/pyodide/" in u], "Edit started Python"
    scale_up.locator(".cm-content").click()
    page.keyboard.press("Control+End")
    page.keyboard.type("\nprint('edited', seconds_to_reach(3_000))")

    estimate.get_by_role("button", name="Run").click()
    page.wait_for_function("() => document.querySelector('.cs-snippet').dataset.runState === 'done'",
                           timeout=LOAD_TIMEOUT_MS)
    assert estimate.locator(".cs-snippet-output").inner_text() == expected
    assert estimate.locator(".cs-run-info").inner_text().startswith("Ran in")

    scale_up.locator("button.cs-run").click()
    output = scale_up.locator(".cs-cell .cs-output")
    output.locator(".cs-stdout").wait_for(timeout=LOAD_TIMEOUT_MS)
    assert "edited 20" in output.inner_text()

    violations = blocking_violations(page)  # the snippet bars, outputs and the edited cell
    assert not violations, "\n".join(violations)
    page.locator("label[title='Switch to dark mode']").click()
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    violations = blocking_violations(page, ".cs-snippet")
    assert not violations, "dark scheme: " + "\n".join(violations)
