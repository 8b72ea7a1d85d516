"""The playground in Chromium: controls re-run the sandbox, links restore and fall back, axe passes.

Needs the built site (``tools/build.py``). The first run of each page loads Pyodide, which takes
a while on this machine, hence the generous timeouts (they are limits, not measurements).
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

FIRST_RUN_MS = 180_000
RUN_MS = 90_000


def wait_runs(page, count: int, panel: int = 0, timeout: int = RUN_MS) -> None:
    """Wait until the panel has drawn ``count`` results (on timeout, say what the page shows)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    try:
        page.wait_for_function(
            "([i, n]) => { const p = document.querySelectorAll('.cs-pg-panel')[i];"
            " return p && +p.dataset.runs >= n; }", arg=[panel, count], timeout=timeout)
    except PlaywrightTimeout:
        status = page.evaluate("[...document.querySelectorAll('.cs-pg-status, .cs-pg-notice')]"
                               ".map(e => e.textContent).join(' | ')")
        raise AssertionError(f"panel {panel} did not finish run {count}: {status}") from None


def tile(page, metric: str, panel: int = 0) -> str:
    """The text of one metric tile."""
    return page.locator(".cs-pg-panel").nth(panel).locator(
        f'.cs-pg-tile[data-metric="{metric}"] dd').inner_text()


def link(scenario: dict) -> str:
    """The query the page writes for scenario A."""
    raw = base64.urlsafe_b64encode(json.dumps(scenario).encode()).decode().rstrip("=")
    return f"?preset=protect-database&a={raw}"


def test_changing_a_control_updates_metrics_charts_and_link(page, site_url):
    """Lowering reserved concurrency re-runs the model: throttles rise, charts redraw, URL follows.

    The page's timers are stopped (Playwright's clock) before the edit: typing asks for a run
    after a pause, but pressing Enter commits the value, which must run at once, not when a
    debounce timer fires. With time flowing again, typing alone runs once typing pauses.
    """
    page.clock.install()
    page.goto(site_url + "/playground/?preset=protect-database")
    wait_runs(page, 1, timeout=FIRST_RUN_MS)
    before = int(tile(page, "Throttles").replace(",", ""))
    assert page.locator('.cs-pg-chart[data-chart="concurrency"] svg').count() == 1
    reserved = page.get_by_label("Reserved concurrency (blank: none)")
    assert reserved.input_value() == "25"
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)
    reserved.fill("5")
    reserved.press("Enter")
    wait_runs(page, 2)
    assert page.locator(".cs-pg-panel").get_attribute("data-runs") == "2", "one edit, one run"
    page.clock.resume()
    reserved.blur()
    after = int(tile(page, "Throttles").replace(",", ""))
    assert after > before
    for chart in ("timeline", "concurrency", "latency"):
        assert page.locator(f'.cs-pg-chart[data-chart="{chart}"] svg').count() == 1
    assert "reserved concurrency 5" in page.locator(".cs-pg-explain").inner_text()
    assert "&a=" in page.evaluate("location.search")
    reserved.fill("3")  # no Enter: the value runs once typing pauses
    wait_runs(page, 3)
    assert "reserved concurrency 3" in page.locator(".cs-pg-explain").inner_text()
    assert reserved.input_value() == "3"


def test_deep_link_restores_the_state(page, site_url):
    """A link carrying a scenario opens with its values in the controls and its run drawn."""
    scenario = {"title": "linked", "seed": 3, "duration_s": 60,
                "functions": [{"name": "f", "memory_mb": 1769, "reserved_concurrency": 7}],
                "traffic": [{"kind": "constant", "function": "f", "rate": 5}]}
    page.goto(site_url + "/playground/" + link(scenario))
    wait_runs(page, 1, timeout=FIRST_RUN_MS)
    assert page.get_by_label("Memory (MB)").input_value() == "1769"
    assert page.get_by_label("Reserved concurrency (blank: none)").input_value() == "7"
    assert page.get_by_label("Traffic shape").input_value() == "constant"
    assert tile(page, "Invocations") == "300"
    assert page.locator(".cs-pg-notice").is_hidden()


def test_malformed_link_says_so_and_falls_back_to_defaults(page, site_url):
    """Garbage in the link: a clear message, and the preset's defaults are shown and run."""
    page.goto(site_url + "/playground/?preset=protect-database&a=%%%not-base64")
    wait_runs(page, 1, timeout=FIRST_RUN_MS)
    notice = page.locator(".cs-pg-notice")
    assert notice.is_visible()
    assert "could not be read" in notice.inner_text()
    assert "defaults" in notice.inner_text()
    assert page.get_by_label("Reserved concurrency (blank: none)").input_value() == "25"


def test_invalid_scenario_in_link_names_the_field_and_falls_back(page, site_url):
    """A link whose scenario decodes but does not validate names the field, then shows defaults."""
    scenario = {"duration_s": 60, "functions": [{"name": "f", "memory_mb": 5}]}
    page.goto(site_url + "/playground/" + link(scenario))
    notice = page.locator(".cs-pg-notice")
    notice.wait_for(state="visible", timeout=FIRST_RUN_MS)
    assert "functions[0].memory_mb" in notice.inner_text()
    wait_runs(page, 1)
    assert page.get_by_label("Memory (MB)").input_value() == "256"


def test_compare_mode_runs_two_configurations(page, site_url):
    """Compare mode adds a second panel; editing it changes only its own numbers."""
    page.goto(site_url + "/playground/?preset=protect-database")
    wait_runs(page, 1, timeout=FIRST_RUN_MS)
    page.get_by_label("Compare two configurations").check()
    wait_runs(page, 1, panel=1)
    second = page.locator(".cs-pg-panel").nth(1)
    field = second.get_by_label("Reserved concurrency (blank: none)")
    field.fill("")
    field.blur()
    wait_runs(page, 2, panel=1)
    assert tile(page, "Throttles", panel=1) == "0"
    assert tile(page, "Throttles", panel=0) != "0"
    assert "&b=" in page.evaluate("location.search")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_playground_page_has_no_serious_axe_violations(page, site_url, scheme):
    """The playground in compare mode, both runs drawn, passes axe (no serious/critical) in
    the light and the dark colour scheme."""
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + "/playground/?preset=cold-api-at-night")
    wait_runs(page, 1, timeout=FIRST_RUN_MS)
    page.get_by_label("Compare two configurations").check()
    wait_runs(page, 1, panel=1)
    results = Axe().run(page)
    blocking = [f"{v['impact']}: {v['id']} ({v['help']}) at "
                f"{[n['target'] for n in v['nodes'][:3]]}"
                for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not blocking, "\n".join(blocking)


def test_phone_sized_screen_has_no_horizontal_scroll(browser, site_url):
    """At 360 px wide the controls and charts fit the screen (no sideways scrolling)."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    tab = context.new_page()
    try:
        tab.goto(site_url + "/playground/?preset=cold-api-at-night")
        wait_runs(tab, 1, timeout=FIRST_RUN_MS)
        overflow = tab.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1
    finally:
        context.close()


def test_show_me_link_in_quiz_feedback_opens_its_preset(page, site_url):
    """A question with `show_me` gets a link in its feedback that opens the playground on it."""
    page.goto(f"{site_url}/practice/?topic=04-concurrency&n=100")
    page.get_by_role("button", name="Start practice").click()
    question = page.locator('fieldset[data-id="seed-single-reserved-cap"]')
    question.locator('input[type="radio"]').first.check()
    page.locator(".cs-q-card", has=question).get_by_role("button", name="Check").click()
    link = page.locator(".cs-q-card", has=question).get_by_role("link", name="Show me in the playground")
    assert link.get_attribute("href").endswith("/playground/?preset=flash-sale")
    link.click()
    page.locator('.cs-playground[data-mode="full"] .cs-pg-panel').wait_for(timeout=30_000)
    assert page.locator(".cs-pg-preset").input_value() == "flash-sale"
    assert page.get_by_label("Memory (MB)").input_value() == "512"


def test_export_then_import_round_trips_the_scenario(page, site_url, tmp_path):
    """Export downloads the scenario as TOML; importing an edited copy restores its values."""
    page.goto(site_url + "/playground/?preset=protect-database")
    wait_runs(page, 1, timeout=FIRST_RUN_MS)
    with page.expect_download() as download:
        page.get_by_role("button", name="Export scenario (.toml)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert "reserved_concurrency = 25" in text
    edited = tmp_path / "edited.toml"
    edited.write_text(text.replace("reserved_concurrency = 25", "reserved_concurrency = 12"),
                      encoding="utf-8")
    page.locator(".cs-pg-file").set_input_files(str(edited))
    wait_runs(page, 2)
    assert page.get_by_label("Reserved concurrency (blank: none)").input_value() == "12"


def test_lesson_widget_runs_only_when_opened(page, site_url):
    """The lesson widget shows a button and no panel until clicked, then runs its preset in place."""
    page.goto(site_url + "/lessons/04-concurrency/")
    widget = page.locator('.cs-playground[data-mode="widget"]')
    button = widget.get_by_role("button", name="Open the playground: Flash sale")
    assert widget.locator(".cs-pg-panel").count() == 0
    button.click()
    wait_runs(page, 1, timeout=FIRST_RUN_MS)
    assert widget.locator(".cs-pg-preset").input_value() == "flash-sale"
    assert widget.get_by_role("link", name="Open in the playground").get_attribute(
        "href").endswith("/playground/?preset=flash-sale")
