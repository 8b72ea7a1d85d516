"""Lessons 01-08, the syllabus and the labs overview in the real browser (Debian Chromium against
the built site/; tests/conftest.py fails a test if any request leaves localhost)."""

from __future__ import annotations

import re

import pytest

from _load import ROOT

LESSONS = sorted(p.stem for p in (ROOT / "docs" / "lessons").glob("0[1-8]-*.md"))
DIAGRAMS_RENDERED = ("[...document.querySelectorAll('.cs-mermaid')]"
                     ".every(e => e.querySelector('svg'))")

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("slug", LESSONS)
def test_lesson_page_shows_its_parts(page, site_url, slug):
    """The page has its title, every diagram becomes an SVG, both callouts show, and each included
    snippet appears as code (its first definition line is on the page)."""
    source = (ROOT / "docs" / "lessons" / f"{slug}.md").read_text(encoding="utf-8")
    title = re.search(r"^title: (.+)$", source, re.M).group(1)
    page.goto(f"{site_url}/lessons/{slug}/")
    assert page.locator("h1").first.inner_text().rstrip("¶").strip() == title
    page.wait_for_function(DIAGRAMS_RENDERED, timeout=30_000)
    assert page.locator(".admonition.tip").count() >= 1
    assert page.locator(".admonition.warning").count() >= 1
    code = " ".join(page.locator("pre code").all_inner_texts())
    for include in re.findall(r'--8<--\s+"(snippets/[^"]+)"', source):
        first_def = next(line for line in (ROOT / "docs" / include).read_text().splitlines()
                         if line.startswith("def "))
        assert first_def in code, include


@pytest.mark.parametrize("slug", LESSONS)
def test_lab_links_land_on_an_existing_entry(page, site_url, slug):
    """Every link in '## Labs' leads to a lab page that exists, or to an anchored entry that exists
    on the labs overview (labs not written yet)."""
    page.goto(f"{site_url}/lessons/{slug}/")
    hrefs = page.evaluate("""() => {
        const links = [];
        for (let el = document.getElementById('labs').nextElementSibling; el && el.tagName !== 'H2';
             el = el.nextElementSibling) links.push(...[...el.querySelectorAll('a[href]')].map(a => a.href));
        return links;
    }""")
    assert hrefs, "no lab links under ## Labs"
    for href in hrefs:
        url, _, anchor = href.partition("#")
        response = page.goto(url)
        assert response is not None and response.ok, href
        if anchor:
            assert page.locator(f'[id="{anchor}"]').count() == 1, href


def test_syllabus_lists_all_sixteen_lessons_in_order(page, site_url):
    """The lessons overview shows the 16 lessons in teaching order, linking the written ones."""
    page.goto(f"{site_url}/lessons/")
    numbers = page.locator("article table tbody tr td:first-child").all_inner_texts()
    assert numbers == [f"{n:02d}" for n in range(1, 17)]
    linked = page.eval_on_selector_all("article table a[href]", "as => as.map(a => a.href)")
    for slug in LESSONS:
        assert sum(href.endswith(f"/lessons/{slug}/") for href in linked) == 1, slug


def test_labs_overview_marks_unwritten_labs_coming_soon(page, site_url):
    """Each planned lab has an anchored entry; a written lab (``page:`` in labs/catalog.yml)
    offers "Open the lab", every other one says "Coming soon."."""
    import yaml

    labs = yaml.safe_load((ROOT / "labs" / "catalog.yml").read_text(encoding="utf-8"))["labs"]
    written = sum(1 for lab in labs if lab.get("page"))
    page.goto(f"{site_url}/labs/")
    assert page.locator("article h2[id]").count() == len(labs) == 13
    assert page.get_by_role("link", name="Open the lab").count() == written
    assert page.get_by_text("Coming soon.").count() == len(labs) - written
