"""Lessons 09-16 and the reference pages (cheat sheet, glossary, exam map) in the real browser.

Runs against the built site/ in Debian Chromium (fixtures in tests/conftest.py, which also fail a
test if any request leaves localhost). Each test states what a reader must see. One test reads the
cheat sheet's Markdown instead: its numbers must agree with the model's constants in
sandbox/facts.py, so the page and the labs cannot drift apart.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sandbox import facts

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


CHEAT_SHEET = Path(__file__).resolve().parents[2] / "docs" / "cheat-sheet.md"


def cheat_sheet_rows() -> dict[str, str]:
    """Map each cheat-sheet row's 'Limit or number' cell to its 'Value' cell."""
    rows = {}
    for line in CHEAT_SHEET.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 6 and not set(cells[0]) <= {"-"}:
            rows[cells[1]] = cells[2]
    return rows


@pytest.mark.parametrize("row, expected", [
    ("Memory", f"{facts.MEMORY_MIN_MB} MB – {facts.MEMORY_MAX_MB:,} MB"),
    ("CPU", f"1 vCPU at {facts.MEMORY_MB_PER_VCPU:,} MB, up to {facts.MAX_VCPU} vCPUs"),
    ("Timeout", f"default {facts.TIMEOUT_DEFAULT_S:.0f} s, maximum {facts.TIMEOUT_MAX_S:.0f} s"),
    ("Ephemeral storage (`/tmp`)",
     f"{facts.EPHEMERAL_STORAGE_MIN_MB} MB (default) – {facts.EPHEMERAL_STORAGE_MAX_MB:,} MB"),
    ("`.zip` package", f"{facts.PACKAGE_ZIP_MAX_MB} MB zipped"),
    ("Concurrent executions per Region", f"{facts.ACCOUNT_CONCURRENCY_LIMIT:,}"),
    ("Unreserved concurrency kept free", f"at least {facts.UNRESERVED_CONCURRENCY_MIN}"),
    ("Scale-out rate", f"{facts.SCALING_ENVIRONMENTS_PER_WINDOW:,} execution environments every "
                       f"{facts.SCALING_WINDOW_S:.0f} s"),
    ("Requests", f"${facts.PRICE_PER_REQUEST * 1e6:.2f} per million"),
    ("Duration", f"${facts.PRICE_PER_GB_S_TIERS['x86_64'][0][1]:.10f} per GB-s (x86_64), "
                 f"${facts.PRICE_PER_GB_S_TIERS['arm64'][0][1]:.10f} (arm64), "
                 f"{facts.BILLING_GRANULARITY_S * 1000:.0f} ms granularity"),
    ("Free tier", f"{facts.FREE_TIER_REQUESTS // 1_000_000} M requests + "
                  f"{facts.FREE_TIER_GB_S:,} GB-s per month"),
])
def test_cheat_sheet_numbers_match_the_model_constants(row, expected):
    """Each cheat-sheet value the sandbox also uses is written exactly as sandbox/facts.py has it
    (sources: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html and
    https://aws.amazon.com/lambda/pricing/, both cited in facts.py and on the page)."""
    rows = cheat_sheet_rows()
    assert row in rows, f"docs/cheat-sheet.md has no row named {row!r}"
    assert expected in rows[row], f"{row}: expected {expected!r} in {rows[row]!r}"
