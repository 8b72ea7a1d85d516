"""The exam report, the progress page, the review filters and the export agree (issue 12 §5).

One learner in one tab: a full 65-question mock exam with 10 answered and submitted, then the
progress page, the review page and the exported file; every count of answered, correct and
skipped must be the same everywhere.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

COUNTS = re.compile(r"(\d+) answered \((\d+) correct, (\d+) incorrect\), (\d+) skipped")
ANSWERED = 10


def give_a_response(fieldset) -> None:
    """Answer whatever question is shown (right or wrong does not matter here)."""
    radios, boxes = fieldset.locator("input[type=radio]"), fieldset.locator("input[type=checkbox]")
    if radios.count():
        radios.first.check()
    elif boxes.count():
        boxes.first.check()
        boxes.nth(1).check()
    elif fieldset.locator("select").count():
        for select in fieldset.locator("select").all():
            select.select_option(index=1)
    elif fieldset.locator("[data-move]").count():
        fieldset.locator("[data-move]:not([disabled])").first.click()
    else:
        fieldset.locator("input").first.fill("1")


def counts(text: str) -> tuple[int, int, int, int]:
    """(answered, correct, incorrect, skipped) from the shared wording of web/quiz/tally.js."""
    match = COUNTS.search(text)
    assert match, text
    return tuple(int(g) for g in match.groups())


def review_count(page, show: str) -> int:
    page.locator("#cs-practice-show").select_option(show)
    return int(re.match(r"(\d+) question", page.locator(".cs-review-count").inner_text()).group(1))


def test_exam_report_progress_review_and_export_agree(page, site_url, tmp_path):
    """Answer 10 of 65, submit: report, progress totals, by-topic sums, review filters and the
    exported summary all say 10 answered (the same right/wrong split) and 55 skipped."""
    page.goto(f"{site_url}/practice/exam/")
    expect(page.locator(".cs-quiz[data-ready]")).to_be_attached(timeout=15000)
    page.get_by_role("button", name="Start the exam").click()
    expect(page.locator(".cs-exam-position")).to_have_text("Question 1 of 65")
    for i in range(ANSWERED):
        give_a_response(page.locator(".cs-exam-question > fieldset"))
        page.get_by_role("button", name="Next").click()
        expect(page.locator(".cs-exam-position")).to_have_text(f"Question {i + 2} of 65")
    page.get_by_role("button", name="Submit exam").click()
    page.get_by_role("button", name="Submit anyway").click()
    report = counts(page.locator(".cs-exam-counts").inner_text())
    answered, correct, incorrect, skipped = report
    assert (answered, skipped) == (ANSWERED, 65 - ANSWERED) and correct + incorrect == answered

    page.goto(f"{site_url}/practice/progress/")
    expect(page.locator(".cs-progress-totals")).to_be_visible(timeout=15000)
    assert counts(page.locator(".cs-progress-totals").inner_text()) == report
    rows = page.locator(".cs-progress-topics tbody tr").evaluate_all(
        "rows => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent))")
    assert sum(int(r[0].split(" of ")[0]) for r in rows) == answered
    assert sum(int(r[1].split(" ")[0]) for r in rows) == correct
    assert sum(int(r[2]) for r in rows) == skipped
    # Styled like the site's other tables: Material's table look applies (class-less table).
    assert page.locator(".cs-progress-topics .md-typeset__table > table:not([class])").count() == 1
    with page.expect_download() as info:
        page.get_by_role("button", name="Export progress").click()
    info.value.save_as(tmp_path / "progress.json")
    summary = json.loads((tmp_path / "progress.json").read_text())["summary"]
    assert (summary["answered"], summary["correct"], summary["incorrect"], summary["skipped"]) == report

    page.goto(f"{site_url}/practice/review/")
    expect(page.locator(".cs-review-count")).to_be_visible(timeout=15000)
    assert review_count(page, "answered") == answered
    assert review_count(page, "correct") == correct
    assert review_count(page, "incorrect") == incorrect
    assert review_count(page, "skipped") == skipped
