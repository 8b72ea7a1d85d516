"""End-to-end checks of the in-browser Python runtime on the built site, in headless Chromium.

Each test uses the ``page`` fixture (tests/conftest.py), which fails the test if any request
leaves localhost, so every scenario here also checks that Pyodide, the editor and the sandbox
wheel are served by the site itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from navigation import PYTHON_TIMEOUT_MS, cell, press_stop, run_cell, start_endless_loop
from site_layout import pyodide_core_path

pytestmark = pytest.mark.browser

SITE = Path(__file__).resolve().parents[2] / "site"

TRY_IT = "/reference/try-it/"
# A loop that survives one Stop: it catches the first KeyboardInterrupt and ends after the second.
STUBBORN_LOOP = """caught = 0
print("looping")
while caught < 2:
    try:
        while True:
            pass
    except KeyboardInterrupt:
        caught += 1
        print("caught", caught)"""


def test_cell_prints_and_draws_an_svg_chart(page, site_url):
    """Running the try-it cells streams the simulation's printout and draws the sandbox's SVG chart."""
    page.goto(site_url + TRY_IT)
    first = run_cell(page, 0)
    assert "invocations" in first.locator(".cs-stdout").inner_text()
    assert first.locator(".cs-run-info").inner_text().startswith("Ran in")
    second = run_cell(page, 1)
    svg = second.locator(".cs-display--svg svg")
    assert svg.count() == 1
    assert svg.get_attribute("role") == "img" or svg.locator("title").count() >= 1
    assert any(url.endswith(f"{pyodide_core_path(SITE)}pyodide.asm.wasm") for url in page.requests)
    assert any("cold_start_sandbox" in url and url.endswith(".whl") for url in page.requests)


def test_stop_interrupts_an_endless_loop_and_keeps_variables(page, site_url):
    """`while True: pass` stops on Stop, without a reload, and earlier variables survive. (How fast:
    `python -m benchmarks site` prints Stop -> Python usable against its 2 s target.)"""
    page.goto(site_url + TRY_IT)
    assert page.evaluate("crossOriginIsolated"), "tools/serve.py must send COOP/COEP headers"
    run_cell(page, 0)
    loop = start_endless_loop(page)
    press_stop(page, 3)
    value = page.evaluate("window.coldStart.runtime.exec('api.invocations > 0')")
    assert value["ok"] and value["displays"][0]["data"] == "True"
    assert "KeyboardInterrupt" in loop.locator(".cs-error").inner_text()
    assert loop.locator(".cs-run-info").inner_text() == "Stopped"
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1


def test_stop_on_a_waiting_cell_drops_it_and_leaves_the_running_cell_alone(page, site_url):
    """While the loop runs, Run on the chart cell makes it wait; its Stop drops it (it never runs
    and says so) and the loop runs on, until the loop's own Stop ends it."""
    page.goto(site_url + TRY_IT)
    page.wait_for_function("window.coldStart.runtime.status === 'ready'", timeout=PYTHON_TIMEOUT_MS)
    loop = start_endless_loop(page)
    waiting = cell(page, 1)
    waiting.locator("button.cs-run").click()
    expect(waiting.locator(".cs-run-info")).to_have_text("Waiting for the code that runs now…")
    press_stop(page, 1)
    assert waiting.get_attribute("data-run-state") == "stopped"
    assert waiting.locator(".cs-run-info").inner_text() == "Stopped"
    assert "Stopped before it started" in waiting.locator(".cs-error").inner_text()
    assert waiting.locator(".cs-display--svg").count() == 0, "the chart cell never ran"
    assert loop.get_attribute("data-run-state") == "running", "the loop was not interrupted"
    press_stop(page, 3)
    assert "KeyboardInterrupt" in loop.locator(".cs-error").inner_text()

    # Code that catches KeyboardInterrupt runs on after Stop; pressing Stop again interrupts again.
    loop.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(STUBBORN_LOOP)
    loop.locator("button.cs-run").click()
    stdout = loop.locator(".cs-stdout")
    expect(stdout).to_have_text("looping\n")  # Python has reached the loop: Stop lands inside it
    stop = loop.locator("button.cs-stop")
    stop.click()
    expect(stdout).to_have_text("looping\ncaught 1\n")
    assert loop.get_attribute("data-run-state") == "running"
    assert loop.locator(".cs-run-info").inner_text() == "Stopping…"
    stop.click()
    expect(stdout).to_have_text("looping\ncaught 1\ncaught 2\n")
    page.wait_for_function("() => document.querySelectorAll('.cs-cell')[3].dataset.runState === 'done'")


def test_exception_shows_a_friendly_traceback_at_the_learners_line(page, site_url):
    """An IndexError names line 4 of the learner's cell and hides the runtime's own frames."""
    page.goto(site_url + TRY_IT)
    failing = run_cell(page, 2)
    text = failing.locator(".cs-error").inner_text()
    assert "Line 4" in text
    assert "IndexError: list index out of range" in text
    assert "cs_kernel" not in text and "pyodide" not in text.lower()
    assert "120 ms = 0.12 s" in failing.locator(".cs-stdout").inner_text()
    marked = failing.locator(".cm-line.cs-error-line")
    assert marked.count() == 1 and "durations_ms[3]" in marked.inner_text()
    assert failing.locator(".cs-run-info").inner_text() == "Failed at line 4"


def test_runtime_api_eval_json_uses_a_fresh_namespace(page, site_url):
    """evalJSON returns the last expression's value through JSON and cannot see cell variables."""
    page.goto(site_url + TRY_IT)
    result = page.evaluate("""async () => {
        const rt = window.coldStart.runtime;
        const statuses = [];
        rt.onStatus(s => statuses.push(s.status));
        await rt.exec('secret = 41');
        const value = await rt.evalJSON('import sandbox\\n{"n": 6 * 7, "v": sandbox.__version__}');
        let error = null;
        try { await rt.evalJSON('secret'); } catch (e) { error = e.message; }
        return {value, error, statuses};
    }""")
    assert result["value"]["n"] == 42
    assert "NameError" in result["error"]
    assert {"loading", "ready", "running"} <= set(result["statuses"])


def test_instant_navigation_keeps_cells_working(page, site_url):
    """After instant navigation away and back (no full reload), cells are editors and still run."""
    page.goto(site_url + "/")
    page.wait_for_function("window.document$ !== undefined")
    page.get_by_role("link", name="Run your first cell").click()
    # "**" after the slash: Material's section tracking may carry a #fragment onto the new URL.
    page.wait_for_url("**/reference/try-it/**")
    run_cell(page, 0)
    page.locator("a[href*='authoring']:visible").first.click()
    page.wait_for_url("**/reference/authoring/**")
    page.go_back()
    page.wait_for_url("**/reference/try-it/**")
    again = run_cell(page, 1)
    assert again.locator(".cs-display--svg svg").count() == 1
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
    assert page.locator(".cs-cell .cm-editor").count() == page.locator(".cs-cell").count()


def test_page_without_cells_never_loads_python(page, site_url):
    """The home page, even after idle time, downloads neither Pyodide nor the editor bundle."""
    page.goto(site_url + "/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)
    assert not [u for u in page.requests if "/pyodide/" in u or "runtime-cells" in u]
    assert page.evaluate("window.coldStart.runtime.status") == "idle"


def test_page_with_cells_preloads_python_when_idle(page, site_url):
    """Opening a page with cells starts loading Pyodide without any click (idle preload)."""
    page.goto(site_url + TRY_IT)
    page.wait_for_function("window.coldStart.runtime.status === 'ready'", timeout=PYTHON_TIMEOUT_MS)
    status = cell(page, 0).locator(".cs-status")
    assert status.get_attribute("role") == "status"
    assert status.inner_text().startswith("Python ready (started in ")


@pytest.fixture
def plain_site_url():
    """The built site from a server WITHOUT cross-origin isolation headers (no SharedArrayBuffer)."""
    import functools
    import http.server
    import threading

    from serve import CourseHandler

    class NotIsolated(CourseHandler):
        """tools/serve.py's MIME types, minus the COOP/COEP headers."""

        def end_headers(self) -> None:
            http.server.SimpleHTTPRequestHandler.end_headers(self)

    handler = functools.partial(NotIsolated, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_stop_without_isolation_restarts_python_and_says_so(browser, plain_site_url):
    """Without COOP/COEP, Stop terminates and restarts the worker, the cell tells the learner
    that variables are gone, and the new Python runs code. Service workers are blocked: this is
    the LAN case (plain HTTP to a LAN address), where none can run to add the headers."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    try:
        page.goto(plain_site_url + TRY_IT)
        assert page.evaluate("crossOriginIsolated") is False
        page.wait_for_function("window.coldStart.runtime.status === 'ready'", timeout=PYTHON_TIMEOUT_MS)
        assert page.evaluate("window.coldStart.runtime.canInterrupt") is False
        loop = start_endless_loop(page, settle_ms=300)
        press_stop(page, 3)
        assert "Stopped by restarting Python" in loop.locator(".cs-output").inner_text()
        page.wait_for_function("window.coldStart.runtime.status === 'ready'", timeout=PYTHON_TIMEOUT_MS)
        value = page.evaluate("window.coldStart.runtime.exec('6 * 7')")
        assert value["ok"] and value["displays"][0]["data"] == "42"
    finally:
        context.close()


def test_shift_enter_runs_the_cell_from_the_keyboard(page, site_url):
    """Shift+Enter in the editor runs the cell (and inserts no newline); Tab leaves the editor."""
    page.goto(site_url + TRY_IT)
    target = cell(page, 1)
    lines_before = target.locator(".cm-line").count()
    target.locator(".cm-content").click()
    page.keyboard.press("Shift+Enter")
    target.locator(".cs-display--svg svg").wait_for(timeout=PYTHON_TIMEOUT_MS)
    assert target.locator(".cm-line").count() == lines_before
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('cm-content')") is False
