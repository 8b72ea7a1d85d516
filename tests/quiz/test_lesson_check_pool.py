"""Lesson checks never download Python: parametric questions come from the build-time pool."""

from __future__ import annotations

import pytest
from navigation import follow, open_site, same_window
from playwright.sync_api import expect

from quizbank.package import build

pytestmark = pytest.mark.browser

# Topics whose bank holds parametric questions (14 has 5 of 17, so a 5-question check almost
# always draws one; the test reloads until it does).
LESSONS = ["04-concurrency", "14-cost-performance"]
MAX_RELOADS = 12


def pyodide_requests(page) -> list[str]:
    """Requests for the Pyodide runtime files made by the page so far."""
    return [u for u in page.requests if "/pyodide/" in u]


@pytest.mark.parametrize("lesson", LESSONS)
def test_parametric_lesson_check_never_downloads_python(page, site_url, lesson):
    """A lesson check that draws a parametric question shows it ready to answer (numbers filled
    in, no "loading Python") and grades it, and the page never requests a Pyodide file."""
    page.goto(f"{site_url}/lessons/{lesson}/")
    parametric = page.locator('.cs-quiz .cs-q-card[data-type="parametric"]')
    for _ in range(MAX_RELOADS):
        expect(page.locator(".cs-quiz[data-ready]").first).to_be_attached(timeout=15000)
        if parametric.count():
            break
        page.reload()
    else:
        pytest.fail(f"no parametric question drawn in {MAX_RELOADS} loads of {lesson}")
    card = parametric.first
    card.scroll_into_view_if_needed()
    expect(card.locator(".cs-q-check")).to_be_visible(timeout=5000)  # prepared: no Python wait
    assert not card.locator(".cs-q-loading").count()
    stem = card.locator("fieldset").first.inner_text()
    assert "{" not in stem, f"placeholders left in the stem: {stem}"
    choice = card.locator("input[type=radio]")
    if choice.count():
        choice.first.check()
    else:
        card.locator("input").first.fill("1")
    card.locator(".cs-q-check").click()
    expect(card.locator(".cs-q-feedback")).to_contain_text("", timeout=5000)
    expect(card.locator(".cs-verdict-right, .cs-verdict-wrong")).to_have_count(1)
    page.wait_for_timeout(1000)  # idle time in which an eager page would start loading Python
    assert pyodide_requests(page) == [], pyodide_requests(page)
    assert card.get_attribute("data-source") == "pool"


def test_parametric_questions_run_live_once_python_is_loaded(page, site_url):
    """With Python already started (on the playground), instant navigation to practice keeps it,
    and parametric questions are then computed live by the sandbox, not taken from the pool —
    except computed single answers, which always come from the pool."""
    open_site(page, f"{site_url}/playground/")
    page.wait_for_function("() => window.coldStart.runtime.status === 'ready'", timeout=180000)
    follow(page, f"{site_url}/practice/")
    expect(page.locator(".cs-quiz[data-ready]")).to_be_attached(timeout=15000)
    page.locator("#cs-practice-topic").select_option("14-cost-performance")
    page.locator("#cs-practice-count").fill("40")
    page.get_by_role("button", name="Start practice").click()
    parametric = page.locator('.cs-q-card[data-type="parametric"]')
    expect(parametric.first.locator(".cs-q-check")).to_be_attached(timeout=60000)
    page.wait_for_function("() => !document.querySelector('.cs-q-loading')", timeout=60000)
    assert parametric.count() >= 2
    sources = dict(parametric.evaluate_all(
        "els => els.map((e) => [e.querySelector('fieldset[data-id]').dataset.id, e.dataset.source])"))
    # Computed single answers always come from the pool: only it guarantees four different options.
    computed = {q["id"] for q in build()["questions"] if "misconceptions" in q}
    assert {i: s for i, s in sources.items() if i not in computed} and \
        set(s for i, s in sources.items() if i not in computed) == {"live"}, sources
    assert {s for i, s in sources.items() if i in computed} == {"pool"}, sources
    assert same_window(page), "the navigation reloaded the page (and Python with it)"
