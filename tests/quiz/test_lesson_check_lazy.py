"""Lesson checks load Python only when a parametric question is reached, never on page load."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# Topics whose bank holds parametric questions, so their lesson check may need Python.
LESSONS = ["04-concurrency", "14-cost-performance"]


def pyodide_requests(page) -> list[str]:
    """Requests for the Pyodide runtime files made by the page so far."""
    return [u for u in page.requests if "/pyodide/" in u]


@pytest.mark.parametrize("lesson", LESSONS)
def test_reading_a_lesson_never_downloads_python(page, site_url, lesson):
    """Opening a lesson and reading its top makes no request for Pyodide, even though its lesson
    check can hold parametric questions; scrolling to the check prepares those questions."""
    page.set_default_timeout(120000)
    page.goto(f"{site_url}/lessons/{lesson}/")
    expect(page.locator(".cs-quiz[data-ready]").first).to_be_attached(timeout=15000)
    page.wait_for_timeout(1500)  # idle time in which an eager page would start loading Python
    assert pyodide_requests(page) == []
    page.locator(".cs-quiz").first.scroll_into_view_if_needed()
    loading = page.locator(".cs-quiz .cs-q-loading")
    prepared = 0
    while loading.count():  # this draw holds parametric questions: each is prepared when reached
        waiting = loading.count()
        loading.first.scroll_into_view_if_needed()
        page.wait_for_function(  # at least the one scrolled to gets prepared (first load is slow)
            "n => document.querySelectorAll('.cs-quiz .cs-q-loading').length < n",
            arg=waiting, timeout=120000)
        prepared += 1
    if prepared:
        assert pyodide_requests(page), "a parametric question was prepared without Python"
