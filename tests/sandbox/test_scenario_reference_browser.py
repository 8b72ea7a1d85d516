"""The reference pages in the built site, in Debian's Chromium: tables, links and a live chart.

The ``page`` fixture fails a test if the page requests anything outside localhost.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

LOAD_TIMEOUT_MS = 120_000  # a cold Pyodide start on a busy 2-core machine


def test_scenarios_page_runs_a_preset_and_draws_an_accessible_chart(page, site_url):
    """The page's runnable cell loads a preset in Pyodide, prints, and shows an SVG chart with
    role=img and a title; with the chart drawn the page passes axe, and the chart passes it in
    the light and the dark scheme (contrast is checked against the page's real background).

    One test, because starting Pyodide is the slow part."""
    page.goto(site_url + "/reference/scenarios/")
    cell = page.locator(".cs-cell").first
    cell.locator(".cm-editor").wait_for(timeout=60_000)  # the editor bundle, on a busy machine
    cell.locator("button.cs-run").click()
    page.wait_for_function(
        "() => { const c = document.querySelector('.cs-cell');"
        " return !c.classList.contains('cs-running') && c.querySelector('.cs-display--svg svg'); }",
        timeout=LOAD_TIMEOUT_MS)
    assert "requests throttled" in cell.locator(".cs-stdout").inner_text()
    svg = cell.locator(".cs-display--svg svg")
    assert svg.get_attribute("role") == "img"
    assert "checkout" in svg.locator("title").first.text_content()
    assert "account limit" in svg.text_content()
    violations = _serious_axe_violations(page)
    assert not violations, "page:\n" + "\n".join(violations)
    for scheme in ("default", "slate"):
        page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
        violations = _serious_axe_violations(page, ".cs-display--svg")
        assert not violations, f"chart, {scheme}:\n" + "\n".join(violations)


def test_generated_tables_render(page, site_url):
    """The schema, presets and facts tables are present, and facts link to their sources."""
    page.goto(site_url + "/reference/scenarios/")
    assert page.locator("h3:has-text('[[functions]]')").count() == 1
    assert page.locator("table code:text-is('flash-sale')").count() == 1
    page.goto(site_url + "/reference/facts/")
    rows = page.locator("table tbody tr")
    assert rows.count() > 30
    assert page.locator("table a[href^='https://docs.aws.amazon.com/lambda/']").count() > 10
    page.goto(site_url + "/reference/model-assumptions/")
    assert page.locator("table code:text-is('IDLE_EXPIRY_DEFAULT_S')").count() == 1


def _serious_axe_violations(page, context: str | None = None) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe
    found = []
    for violation in Axe().run(page, context=context).response["violations"]:
        if violation.get("impact") in ("serious", "critical"):
            targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
            found.append(f"{violation['impact']}: {violation['id']} ({violation['help']}) "
                         f"at {targets}")
    return found


@pytest.mark.parametrize("path", ["/reference/facts/", "/reference/model-assumptions/"])
def test_reference_pages_pass_axe(page, site_url, path):
    """The generated reference pages have no serious or critical axe violation."""
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    violations = _serious_axe_violations(page)
    assert not violations, "\n".join(violations)
