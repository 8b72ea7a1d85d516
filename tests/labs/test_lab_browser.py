"""One full lab in headless Chromium: every cell runs, one exercise is answered wrong, then right.

Uses the ``page`` fixture (tests/conftest.py), which also fails the test if the page requests
anything outside localhost: Pyodide, the editor and the sandbox wheel come from the site.
"""

from __future__ import annotations

import pytest

from notebooks import LABS, exercise_cells, read

pytestmark = pytest.mark.browser

LAB = "01-cold-vs-warm"
RUN_ALL_TIMEOUT_MS = 240_000  # Pyodide's first start plus every cell, on a busy 2-core machine


def code_cell_index(lab_id: str, exercise_id: str) -> int:
    """Position of an exercise's cell among the notebook's code cells (= the page's .cs-cell)."""
    notebook = read(LABS / f"{lab_id}.py")
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    return code.index(exercise_cells(notebook)[exercise_id])


def replace_code(page, cell, text: str) -> None:
    """Replace the code in a cell's editor, as a learner typing would."""
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(text)


def run_cell(page, index: int) -> None:
    """Run one cell and wait for it to finish."""
    page.locator(".cs-cell").nth(index).locator("button.cs-run").click()
    # Clicking Run marks the cell running synchronously, so waiting for the mark to go is enough
    # (an assignment prints nothing, so output cannot be the signal).
    page.wait_for_function(
        "i => !document.querySelectorAll('.cs-cell')[i].classList.contains('cs-running')",
        arg=index, timeout=60_000)


def test_full_lab_runs_and_grades_a_wrong_then_a_right_answer(page, site_url):
    """Run all cells with a known wrong answer in exercise 1: no cell fails, charts appear and
    the check names the misconception; the right answer then turns the feedback to correct."""
    page.goto(f"{site_url}/labs/{LAB}/")
    cells = page.locator(".cs-cell")
    total = len([c for c in read(LABS / f"{LAB}.py").cells if c.cell_type == "code"])
    assert cells.count() == total
    exercise = code_cell_index(LAB, "one-at-a-time")
    cells.nth(exercise).locator(".cm-editor").wait_for(timeout=30_000)
    replace_code(page, cells.nth(exercise), "predicted_cold_starts = 10")

    page.locator("button.cs-run-all").click()
    status = page.locator(".cs-run-all-status")
    page.wait_for_function(
        "() => /All \\d+ cells ran|Stopped/.test(document.querySelector('.cs-run-all-status').textContent)",
        timeout=RUN_ALL_TIMEOUT_MS)
    assert status.inner_text() == f"All {total} cells ran."
    assert page.locator(".cs-cell .cs-error").count() == 0
    assert page.locator(".cs-cell .cs-display--svg svg").count() == 3

    check = cells.nth(exercise + 1)
    wrong = check.locator(".cs-feedback")
    assert wrong.get_attribute("data-kind") == "incorrect"
    assert "does not get a fresh execution environment" in wrong.inner_text()
    assert page.locator('.cs-feedback[data-kind="todo"]').count() == 2

    replace_code(page, cells.nth(exercise), "predicted_cold_starts = 1")
    run_cell(page, exercise)
    run_cell(page, exercise + 1)
    right = check.locator(".cs-feedback")
    assert right.get_attribute("data-kind") == "correct"
    assert "Correct" in right.inner_text()
