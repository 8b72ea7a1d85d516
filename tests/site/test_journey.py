"""The learner's whole walk as one test, in one tab: home -> lesson 04 -> its check -> lab 03 ->
playground -> lab 04 -> a 10-question mock exam -> review -> progress -> home ("Continue").

Every step after the first is a link followed on the page (instant navigation), so the tab keeps
one window and one Python worker; the ``page`` fixture fails the test if any request leaves the
site's origin.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from navigation import follow, open_site, same_window, sit_mock_exam
from test_accessibility import blocking_violations  # tests/site/test_accessibility.py

pytestmark = pytest.mark.browser

LOAD_TIMEOUT_MS = 150_000
EXAM_LENGTH = 10


def answer_something(fieldset) -> None:
    """Give any answer a learner could give: first choice, first two boxes, "1", second option."""
    radios = fieldset.locator("input[type=radio]")
    if radios.count():
        radios.first.check()
    boxes = fieldset.locator("input[type=checkbox]")
    for index in range(min(2, boxes.count())):
        boxes.nth(index).check()
    texts = fieldset.locator("input[type=text], input[type=number], input:not([type])")
    for index in range(texts.count()):
        texts.nth(index).fill("1")
    selects = fieldset.locator("select")
    for index in range(selects.count()):
        selects.nth(index).select_option(index=1)


def run_first_cell(page) -> None:
    """Run the page's first cell and wait until it has finished without error."""
    cell = page.locator(".cs-cell").first
    cell.locator(".cm-editor").wait_for(timeout=30_000)
    cell.locator("button.cs-run").click()
    page.wait_for_function("() => document.querySelector('.cs-cell').dataset.runState === 'done'",
                           timeout=LOAD_TIMEOUT_MS)


def test_the_whole_walk_in_one_tab(page, site_url):
    """One tab, one Python worker, nothing from outside the origin, and the home page ends up
    offering to continue where the learner left off."""
    workers = []
    page.on("worker", lambda worker: workers.append(worker.url))
    open_site(page, f"{site_url}/")
    expect(page.get_by_role("link", name=re.compile("^Start here"))).to_be_visible()
    expect(page.locator(".cs-continue")).to_be_hidden()

    follow(page, f"{site_url}/lessons/04-concurrency/")
    card = page.locator(".cs-quiz[data-mode=check] .cs-q-card").first
    card.scroll_into_view_if_needed()
    check = card.get_by_role("button", name="Check")
    for _ in range(60):  # questions near the viewport may still be drawn: answer until Check is on
        answer_something(card.locator("fieldset").first)
        if check.is_enabled():
            break
        page.wait_for_timeout(500)
    check.click()
    expect(card.locator(".cs-q-feedback").first).to_be_visible(timeout=LOAD_TIMEOUT_MS)

    follow(page, f"{site_url}/labs/03-concurrency-throttling/")
    run_first_cell(page)
    follow(page, f"{site_url}/playground/")
    page.wait_for_function("() => Number(document.querySelector('.cs-pg-panel')?.dataset.runs) >= 1",
                           timeout=LOAD_TIMEOUT_MS)
    follow(page, f"{site_url}/labs/04-provisioned-concurrency/")
    run_first_cell(page)

    follow(page, f"{site_url}/practice/exam/")
    page.get_by_role("link", name=re.compile(rf"^quick \({EXAM_LENGTH} questions")).click()
    expect(page.locator(".cs-quiz")).to_contain_text(f"{EXAM_LENGTH} questions,")
    sit_mock_exam(page, EXAM_LENGTH, lambda p: answer_something(p.locator(".cs-exam-question > fieldset")))

    follow(page, f"{site_url}/practice/review/")
    expect(page.locator(".cs-review-list > fieldset").first).to_be_visible()
    assert page.locator(".cs-review-list > fieldset").count() >= EXAM_LENGTH
    follow(page, f"{site_url}/practice/progress/")
    expect(page.locator(".cs-quiz[data-mode=progress]")).to_contain_text(re.compile(r"\d"))

    follow(page, f"{site_url}/")
    expect(page.locator(".cs-continue a")).to_have_text("Continue where you left off: Your progress")
    assert page.locator(".cs-continue a").get_attribute("href") == f"{site_url}/practice/progress/"
    violations = blocking_violations(page)
    assert not violations, "home page with 'Continue': " + "\n".join(violations)

    assert same_window(page), "a step of the walk was a full page load"
    assert [u for u in workers if "runtime-worker" in u] == [f"{site_url}/assets/cs/runtime-worker.js"]
