"""Every reference solution and every known wrong answer, through the real checks."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from transcript import transcript

GOLDEN = Path(__file__).with_name("golden.json")


@pytest.fixture(scope="module")
def current() -> dict:
    """The transcript as the checks produce it now."""
    return transcript()


def test_transcript_matches_golden_file(current):
    """The feedback for every known answer equals tests/labs/golden.json (GOLDEN_UPDATE=1
    rewrites the file; review the diff before committing it)."""
    if os.environ.get("GOLDEN_UPDATE"):
        GOLDEN.write_text(json.dumps(current, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    saved = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert current == saved


def test_reference_solutions_pass_and_wrong_answers_fail(current):
    """Each solution is graded correct; each known wrong answer is not, and triggers the
    misconception it was written for (or the generic message when none is named); every
    exercise has at least two progressive hints."""
    for lab_id, exercises in current.items():
        for exercise_id, record in exercises.items():
            solution, *wrong = record["answers"]
            assert len(record["hints"]) >= 2, f"{lab_id}/{exercise_id}: hints must progress"
            assert solution["kind"] == "correct", (lab_id, exercise_id)
            assert wrong, f"{lab_id}/{exercise_id}: no known wrong answers"
            for row in wrong:
                assert row["kind"] in ("incorrect", "invalid"), row
                assert (row["misconception"] or "") == row["expected"], row


def test_every_misconception_is_exercised(current):
    """No misconception message is dead code: some known wrong answer triggers each one."""
    from sandbox.lab import Lab

    for lab_id, exercises in current.items():
        lab = Lab(lab_id)
        for exercise_id, record in exercises.items():
            rows = record["answers"]
            declared = {m.name for m in lab.exercise(exercise_id).misconceptions}
            triggered = {row["misconception"] for row in rows if row["misconception"]}
            assert declared == triggered, (lab_id, exercise_id, declared - triggered)
