"""'Last checked' dates (tools/hooks/fact_dates.py): every dated value is present and fresh, stale or
missing dates fail a real `mkdocs build --strict` with file:line messages, and a dated claim shows
its date on the page."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from _load import ROOT, load_hook

fact_dates = load_hook("fact_dates")
facts_table = load_hook("facts_table")
TODAY = dt.date(2026, 12, 3)
ENV = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}


@given(checked=st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)),
       now=st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)),
       limit=st.integers(0, 1000))
def test_a_date_is_accepted_exactly_when_it_is_past_and_young_enough(checked, now, limit):
    """Property: a date passes iff it is not after today and at most `limit` days old."""
    problem = fact_dates.date_problem(checked.isoformat(), now, limit)
    assert (problem is None) == (checked <= now and (now - checked).days <= limit)


def test_malformed_dates_are_named():
    """A value that is not an ISO date, or not a real day, gets a message quoting it."""
    assert "must look like 2026-12-03" in fact_dates.date_problem("24/11/2026", TODAY, 180)
    assert "not a real date" in fact_dates.date_problem("2026-02-30", TODAY, 180)


def test_every_documented_constant_has_a_current_date():
    """The real sandbox: each constant on the Documented numbers page is dated, none is stale today."""
    checked, limit, lines = facts_table.load_checked()
    documented = [f"{f.module}.{f.name}" for f in facts_table.all_facts() if f.sources]
    assert documented and limit == 180
    assert fact_dates.check_constants(documented, checked, lines, TODAY, limit, "x") == []


def test_a_new_documented_constant_without_a_date_is_reported():
    """A constant added to the sandbox without a CHECKED entry is named, as is a leftover entry."""
    problems = fact_dates.check_constants(["facts.NEW_LIMIT"], {"facts.OLD": "2026-12-01"},
                                          {"facts.OLD": 7}, TODAY, 180, "sandbox/facts_checked.py")
    assert problems == [
        "sandbox/facts_checked.py:1: facts.NEW_LIMIT is a documented number with no 'last checked' "
        "date in CHECKED",
        "sandbox/facts_checked.py:7: facts.OLD is dated but is not a documented constant any more "
        "(remove it)"]


def test_the_cheat_sheet_rows_are_dated_one_by_one():
    """The real cheat sheet: every row has its own date, and rows re-checked today show it."""
    text = (ROOT / "docs" / "cheat-sheet.md").read_text(encoding="utf-8")
    assert fact_dates.check_cheat_sheet(text, TODAY, 180, "docs/cheat-sheet.md") == []
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line][1:]
    dates = {line.rstrip(" |").rsplit("|", 1)[1].strip() for line in rows}
    assert {"2026-11-24", "2026-12-03"} <= dates
    late = fact_dates.check_cheat_sheet(text, dt.date(2027, 6, 1), 180, "docs/cheat-sheet.md")
    assert late and all(p.startswith("docs/cheat-sheet.md:") and "days ago" in p for p in late)


def test_a_lesson_shortcode_needs_a_date_in_its_front_matter():
    """<!-- checked: KEY --> without KEY under `checked:` is an error naming the line."""
    text = "---\ntitle: T\nchecked:\n  price: 2026-12-01\n---\n\nA price. <!-- checked: prize -->\n"
    assert fact_dates.check_lesson(text, TODAY, 180, "docs/lessons/14-x.md") == [
        "docs/lessons/14-x.md:7: <!-- checked: prize --> has no date under 'checked:' in the "
        "front matter"]


def build(tmp_path: Path, lesson: str, today: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of a one-lesson project with the real dating hooks and sandbox."""
    (tmp_path / "docs" / "lessons").mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    (tmp_path / "docs" / "lessons" / "14-cost-performance.md").write_text(lesson)
    hooks = ROOT / "tools" / "hooks"
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent(f"""\
        site_name: test
        strict: true
        hooks:
          - {hooks / 'facts_table.py'}
          - {hooks / 'fact_dates.py'}
    """))
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=tmp_path,
                          capture_output=True, text=True, env={**ENV, "COLD_START_TODAY": today})


LESSON = textwrap.dedent("""\
    ---
    title: Prices
    checked:
      lambda-pricing: 2026-12-03
    ---

    # Prices

    $0.20 per million requests. <!-- checked: lambda-pricing -->
""")


def test_a_dated_price_shows_its_date_on_the_page(tmp_path):
    """Built today, the page carries '(checked 2026-12-03)' right after the price."""
    result = build(tmp_path, LESSON, "2026-12-03")
    assert result.returncode == 0, result.stdout + result.stderr
    html = (tmp_path / "site" / "lessons" / "14-cost-performance" / "index.html").read_text()
    assert 'requests. <span class="last-checked">(checked 2026-12-03)</span>' in html


def test_the_real_site_build_fails_once_checks_expire(tmp_path):
    """The project's own `mkdocs build --strict`, run as if it were July 2027, stops and names the
    stale values in the sandbox, the cheat sheet and the lessons, without a traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
        cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, **ENV, "COLD_START_TODAY": "2027-07-01"})
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "'last checked' dates:" in output
    assert "sandbox/facts_checked.py:17: facts.ACCOUNT_CONCURRENCY_LIMIT: last checked 2026-12-03, " \
           "210 days ago (limit 180)" in output
    assert "docs/cheat-sheet.md:" in output
    assert "docs/lessons/14-cost-performance.md:" in output
    assert "Traceback" not in output


def test_lesson_page_shows_checked_dates_beside_prices_accessibly(page, site_url):
    """In Chromium, lesson 14 shows '(checked DATE)' right after its SnapStart prices, readable by
    axe's standards (no serious or critical violation on those elements)."""
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{site_url}/lessons/14-cost-performance/")
    stamps = page.locator(".last-checked")
    assert stamps.count() >= 4
    snapstart = page.locator("p", has_text="SnapStart is priced per runtime")
    assert snapstart.locator(".last-checked").inner_text() == "(checked 2026-12-03)"
    assert snapstart.locator(".last-checked").is_visible()
    results = Axe().run(page, context=".last-checked")
    serious = [v["id"] for v in results.response["violations"]
               if v.get("impact") in ("serious", "critical")]
    assert serious == []
