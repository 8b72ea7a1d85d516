"""Accessibility: axe-core (bundled by axe-playwright-python) on the built site in Chromium.

Each test fails on any violation axe rates "serious" or "critical", listing rule, help text and
the offending elements, so the message says what to fix.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


def blocking_violations(page, context: str | None = None) -> list[str]:
    """axe's serious/critical violations on the current page (or only inside the elements the
    CSS selector ``context`` matches), one readable line each."""
    results = Axe().run(page, context=context)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in BLOCKING:
            targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
            found.append(f"{violation['impact']}: {violation['id']} ({violation['help']}) at {targets}")
    return found


def test_home_page_has_no_serious_violations(page, site_url):
    """The home page passes axe with no serious or critical violation."""
    page.goto(site_url + "/")
    page.wait_for_load_state("networkidle")
    violations = blocking_violations(page)
    assert not violations, "\n".join(violations)


def test_lesson_page_has_no_serious_violations(page, site_url):
    """A lesson page (admonitions, tabs, a rendered mermaid diagram, a quiz) passes axe."""
    page.goto(site_url + "/lessons/04-concurrency/")
    page.wait_for_load_state("networkidle")
    page.locator(".cs-mermaid svg").first.wait_for(timeout=30_000)
    violations = blocking_violations(page)
    assert not violations, "\n".join(violations)


def test_validation_page_has_no_serious_violations(page, site_url):
    """"Why you can trust this model" (wide tables, SVG charts) passes axe."""
    page.goto(site_url + "/reference/validation/")
    page.wait_for_load_state("networkidle")
    violations = blocking_violations(page)
    assert not violations, "\n".join(violations)


def test_page_with_cells_has_no_serious_violations(page, site_url):
    """The try-it page passes axe with its editors, buttons, output, chart and a traceback shown."""
    page.goto(site_url + "/reference/try-it/")
    for index in (0, 1, 2):
        cell = page.locator(".cs-cell").nth(index)
        cell.locator(".cm-editor").wait_for(timeout=20_000)
        cell.locator("button.cs-run").click()
        page.wait_for_function(
            "i => document.querySelectorAll('.cs-cell')[i].querySelector('.cs-output').childElementCount > 0"
            " && !document.querySelectorAll('.cs-cell')[i].classList.contains('cs-running')",
            arg=index, timeout=90_000)
    violations = blocking_violations(page)
    assert not violations, "\n".join(violations)


def test_lab_page_has_no_serious_violations(page, site_url):
    """A lab page (its cells turned into editors, first cell run) passes axe."""
    page.goto(site_url + "/labs/01-cold-vs-warm/")
    first = page.locator(".cs-cell").first
    first.locator(".cm-editor").wait_for(timeout=60_000)
    first.locator("button.cs-run").click()
    page.wait_for_function("['done', 'error'].includes(document.querySelector('.cs-cell').dataset.runState)",
                           timeout=90_000)
    violations = blocking_violations(page)
    assert not violations, "\n".join(violations)
