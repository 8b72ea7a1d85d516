"""Walking the built site in one tab, as a learner does: helpers for browser tests.

mkdocs-material's instant navigation swaps the page's content in place when a link is followed,
so the window, and with it the Python worker, lives on. ``open_site`` loads a first page the
ordinary way and marks the window; ``follow`` clicks a link on the current page and waits for
the next page to be swapped in; ``same_window`` says whether every step so far stayed in the
window ``open_site`` marked (a full page load would have cleared the mark).
"""

from __future__ import annotations

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

CONTAINER = "[data-md-component=container]"
STEP_TIMEOUT_MS = 60_000
PYTHON_TIMEOUT_MS = 150_000  # a cold Pyodide start on a busy 2-core machine
#: Every script of the site that sets itself up per page (web/shared/page.js), in load order.
FEATURES = ("diagrams", "cells", "quiz", "labs", "playground", "diagram-zoom", "journey", "offline")


def open_site(page, url: str) -> None:
    """Load ``url`` and wait until instant navigation is armed (its sitemap has arrived)."""
    with page.expect_response(lambda response: response.url.endswith("/sitemap.xml"), timeout=STEP_TIMEOUT_MS):
        page.goto(url)
    page.wait_for_function("() => window.document$ !== undefined")
    page.evaluate("() => { window.__csWindowMark = 'first page'; }")


def follow(page, url: str) -> None:
    """Click the link to ``url`` on the current page and wait until that page is shown.

    The link must be on the page (a learner could follow it); it is clicked through the DOM, so a
    link inside a collapsed navigation section counts too. Waits for a new content container.
    """
    page.evaluate(f"() => {{ document.querySelector('{CONTAINER}').dataset.csLeft = 'yes'; }}")
    found = page.evaluate("""(href) => {
        const link = [...document.querySelectorAll('a[href]')].find((a) => a.href === href);
        if (!link) return false;
        link.click();
        return true;
    }""", url)
    assert found, f"no link to {url} on {page.url}"
    _wait_for_page(page, url)


def back(page, url: str) -> None:
    """Press the browser's Back button and wait until ``url`` (the page before) is shown again."""
    page.evaluate(f"() => {{ document.querySelector('{CONTAINER}').dataset.csLeft = 'yes'; }}")
    page.go_back(wait_until="commit")
    _wait_for_page(page, url)


def _wait_for_page(page, url: str) -> None:
    """Wait until ``url`` is shown in a new content container and every feature has set up."""
    page.wait_for_function(
        """([href, selector, features]) => {
            const container = document.querySelector(selector);
            if (location.href !== href || !container || container.dataset.csLeft) return false;
            const done = (container.dataset.csInit || "").split(" ");
            return features.every((feature) => done.includes(feature));
        }""", arg=[url, CONTAINER, list(FEATURES)], timeout=STEP_TIMEOUT_MS)


def same_window(page) -> bool:
    """Whether the tab is still the window ``open_site`` loaded (no full page load since)."""
    return page.evaluate("() => window.__csWindowMark === 'first page'")


def page_inits(page) -> list[str]:
    """The features that set themselves up on the page now shown, one entry per set-up."""
    return page.evaluate(f"() => (document.querySelector('{CONTAINER}').dataset.csInit || '').split(' ').filter(Boolean)")


def sit_mock_exam(page, length: int, answer) -> None:
    """On a mock-exam page showing its Start button: start, answer each of ``length`` questions
    with ``answer(page)``, submit (confirming if some are unanswered) and wait for the score."""
    page.get_by_role("button", name="Start the exam").click()
    for number in range(1, length + 1):
        expect(page.locator(".cs-exam-position")).to_have_text(f"Question {number} of {length}")
        answer(page)
        if number < length:
            page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Submit exam").click()
    submit_anyway = page.get_by_role("button", name="Submit anyway")
    if submit_anyway.count():
        submit_anyway.click()
    expect(page.locator(".cs-exam-result-title")).to_contain_text("Estimated score")


def cell(page, index: int):
    """The page's ``index``-th runnable cell (0-based), once its editor has replaced the code."""
    locator = page.locator(".cs-cell").nth(index)
    locator.locator(".cm-editor").wait_for(timeout=30_000)
    return locator


def run_cell(page, index: int, timeout: int = PYTHON_TIMEOUT_MS):
    """Click Run on the page's ``index``-th cell and wait until it has finished (done or error);
    returns the cell."""
    target = cell(page, index)
    target.locator("button.cs-run").click()
    page.wait_for_function(
        "i => ['done', 'error'].includes(document.querySelectorAll('.cs-cell')[i].dataset.runState)",
        arg=index, timeout=timeout)
    return target


def start_endless_loop(page, index: int = 3, settle_ms: int = 500):
    """Run the ``while True`` cell at ``index`` and return it once it has been running for
    ``settle_ms`` (so Stop interrupts Python inside the loop, not before it starts), with its
    Stop button enabled. The caller presses Stop (``press_stop``)."""
    loop = cell(page, index)
    loop.locator("button.cs-run").click()
    page.wait_for_function("i => document.querySelectorAll('.cs-cell')[i].classList.contains('cs-running')",
                           arg=index)
    page.wait_for_timeout(settle_ms)
    assert loop.locator("button.cs-stop").is_enabled()
    return loop


# What a cell shows, for a failure message: the runtime's status and the cell's state and output.
_CELL_STATE = """i => {
    const c = document.querySelectorAll('.cs-cell')[i];
    const runtime = window.coldStart.runtime;
    return {runtime: runtime.status, started: runtime.startInfo?.from, runState: c.dataset.runState,
            info: c.querySelector('.cs-run-info')?.textContent,
            output: (c.querySelector('.cs-output')?.textContent || '').slice(0, 400)};
}"""


def press_stop(page, index: int = 3, timeout: int = 10_000):
    """Press Stop on the page's ``index``-th cell and wait until it no longer runs; returns the
    cell. Polls on a timer, not on animation frames (a busy or hidden page may draw none). On a
    timeout the failure says what the page showed, so a flaky stop can be told from a slow one."""
    target = cell(page, index)
    target.locator("button.cs-stop").click()
    try:
        page.wait_for_function("i => !document.querySelectorAll('.cs-cell')[i].classList.contains('cs-running')",
                               arg=index, timeout=timeout, polling=100)
    except PlaywrightTimeoutError:
        state = page.evaluate(_CELL_STATE, index)
        raise AssertionError(f"cell {index} still ran {timeout} ms after Stop: {state}") from None
    return target
