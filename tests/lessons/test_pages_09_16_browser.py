"""Lessons 09-16 and the reference pages (cheat sheet, glossary, exam map) in the real browser.

Runs against the built site/ in Debian Chromium (fixtures in tests/conftest.py, which also fail a
test if any request leaves localhost). Each test states what a reader must see.
"""

from __future__ import annotations

import pytest

LESSONS = ["09-vpc", "10-versions-aliases", "11-orchestration", "12-observability",
           "13-security", "14-cost-performance", "15-architecture-patterns", "16-whats-new"]
DIAGRAMS_RENDERED = ("[...document.querySelectorAll('.cs-mermaid')]"
                     ".every(e => e.querySelector('svg'))")


@pytest.mark.parametrize("slug", LESSONS)
def test_lesson_diagrams_render_without_syntax_errors(page, site_url, slug):
    """Every ```mermaid diagram of the lesson becomes an SVG, and none is mermaid's error image."""
    page.goto(f"{site_url}/lessons/{slug}/")
    assert page.locator(".cs-mermaid").count() >= 1
    page.wait_for_function(DIAGRAMS_RENDERED, timeout=30_000)
    errors = page.evaluate("[...document.querySelectorAll('.cs-mermaid')]"
                           ".filter(e => /syntax error|parse error/i.test(e.textContent)).length")
    assert errors == 0


@pytest.mark.parametrize("slug", LESSONS)
def test_lesson_shows_code_samples_and_resolved_lab_links(page, site_url, slug):
    """Included samples appear as code (no raw --8<-- left) and no lab:/quiz: link is left raw."""
    page.goto(f"{site_url}/lessons/{slug}/")
    html = page.content()
    assert "--8&lt;--" not in html and "--8<--" not in html
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if h.startswith(("lab:", "quiz:"))]
    if slug != "16-whats-new":
        assert page.locator("pre code").count() >= 1


@pytest.mark.parametrize("path, heading", [
    ("cheat-sheet", "Cheat sheet: limits and numbers"),
    ("glossary", "Glossary"),
    ("exam-map", "Exam map"),
])
def test_reference_pages_render_with_tooltips(page, site_url, path, heading):
    """The reference pages load with their title, and abbreviations carry tooltip titles."""
    page.goto(f"{site_url}/{path}/")
    assert page.locator("h1").first.inner_text().strip().rstrip("¶").strip() == heading
    assert page.locator("abbr[title]").count() >= 1


def test_cheat_sheet_is_one_table_with_source_and_date_on_every_row(page, site_url):
    """The cheat sheet is a single table; every row links a source and carries an 'as of' date."""
    page.goto(f"{site_url}/cheat-sheet/")
    assert page.locator("article table").count() == 1
    rows = page.locator("article table tbody tr")
    assert rows.count() >= 30
    for index in range(rows.count()):
        cells = rows.nth(index).locator("td")
        assert cells.nth(4).locator("a[href^='https://']").count() >= 1
        assert cells.nth(5).inner_text().strip().startswith("20")


def test_exam_map_links_resolve_to_quizzes_and_labs(page, site_url):
    """Exam-map quiz links land on a lesson's Check yourself section; lab links on the labs page."""
    page.goto(f"{site_url}/exam-map/")
    hrefs = page.eval_on_selector_all("article a[href]", "ls => ls.map(a => a.getAttribute('href'))")
    assert any("lessons/09-vpc/" in h and "#" in h for h in hrefs)
    assert any("labs/" in h for h in hrefs)
