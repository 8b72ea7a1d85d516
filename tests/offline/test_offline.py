"""Offline after one visit: the service worker (web/offline/) in Debian's Chromium.

The learner visits once online and asks for the whole course; then the server is stopped and
the browser context goes offline, and a new tab opens a lesson, answers its check, runs a lab
cell, takes a 10-question mock exam and searches.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from navigation import sit_mock_exam
from sw_host import axe_blocking, wait_until_controlled

pytestmark = pytest.mark.browser

LESSON = "/lessons/04-concurrency/"
LAB = "/labs/01-cold-vs-warm/"
PYTHON_TIMEOUT_MS = 150_000  # Pyodide's start on a busy 2-core machine


def answer_a_check(page) -> None:
    """Answer a single-choice question of the lesson's check and see its feedback."""
    expect(page.locator(".cs-quiz[data-mode=check][data-ready]")).to_be_attached(timeout=60_000)
    card = page.locator(".cs-quiz[data-mode=check] .cs-q-card:has(input[type=radio])").first
    card.scroll_into_view_if_needed()
    card.locator("input[type=radio]").first.check()
    card.get_by_role("button", name="Check").click()
    expect(card.locator(".cs-q-feedback").first).not_to_be_empty()


def take_exam(page, url: str, n: int) -> None:
    """Start an n-question mock exam, answer what has options, submit and see the score."""
    page.goto(f"{url}/practice/exam/?n={n}&minutes=30")
    sit_mock_exam(page, n, pick_first_option)


def pick_first_option(page) -> None:
    """Choose the first option of the current question if it has options (else leave it blank)."""
    options = page.locator(".cs-exam-question input[type=radio]")
    if options.count():
        options.first.check()


def search(page, word: str):
    """Type ``word`` into Material's search and return the result items."""
    box = page.locator("input.md-search__input")
    box.click()
    page.wait_for_function("!document.querySelector('.md-search-result__meta').textContent.includes('Initializing')",
                           timeout=60_000)
    box.press_sequentially(word, delay=30)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=60_000)
    return results


def test_course_works_offline_after_one_visit(sw_context, host):
    """Online: open a lesson (saved as visited), then save the whole course with its progress
    bar. Offline (server stopped, context offline): a lesson and its check, a lab cell that was
    never opened online, a 10-question mock exam and search all work from the device."""
    page = sw_context.new_page()
    page.goto(host.url + LESSON)
    wait_until_controlled(page)
    # The page that installed the worker is saved too.
    page.wait_for_function("caches.match(location.href).then(Boolean)", timeout=30_000)

    page.goto(host.url + "/reference/offline/")
    button = page.get_by_role("button", name=re.compile(r"Make the whole course available offline \(\d+\.\d MB\)"))
    button.click()
    expect(page.locator(".cs-offline__status")).to_contain_text("The whole course is saved", timeout=180_000)
    bar = page.locator(".cs-offline__bar")
    assert bar.evaluate("b => b.value === b.max && b.max > 1e6"), "the progress bar ends full"
    assert not axe_blocking(page, ".cs-offline")

    host.stop()
    sw_context.set_offline(True)
    tab = sw_context.new_page()
    tab.goto(host.url + LESSON)
    expect(tab.locator("h1")).to_contain_text("oncurrency")
    answer_a_check(tab)

    tab.goto(host.url + LAB)
    cell = tab.locator(".cs-cell").first
    cell.locator(".cm-editor").wait_for(timeout=30_000)
    cell.locator("button.cs-run").click()
    tab.wait_for_function("!document.querySelector('.cs-cell').classList.contains('cs-running')",
                          timeout=PYTHON_TIMEOUT_MS)
    assert cell.locator(".cs-error").count() == 0, cell.locator(".cs-output").inner_text()

    take_exam(tab, host.url, n=10)
    assert search(tab, "concurrency").count() > 0


def test_offline_support_adds_a_few_kb_to_a_lesson_first_load(sw_context, host):
    """Until a lesson's load event, offline support costs its script, stylesheet and icon link
    (a few KB, gzip); the worker registers only after load, so its precache never competes."""
    page = sw_context.new_page()
    page.goto(host.url + LESSON, wait_until="load")
    entries = page.evaluate("performance.getEntriesByType('resource').map(e => [e.name, e.encodedBodySize])")
    ours = {name: size for name, size in entries if re.search(r"/assets/cs/offline\.|/assets/icons/|manifest", name)}
    assert any(name.endswith("/assets/cs/offline.js") for name in ours)
    assert sum(ours.values()) <= 8_000, ours
    assert not [name for name, _ in entries if "/pyodide/" in name or name.endswith("/sw.js")]
    wait_until_controlled(page)  # and then it does install
