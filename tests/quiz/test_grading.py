"""The Python reference grader against the shared fixtures (node --test checks the JS engine
against the same file), plus properties of the grading rules."""

from __future__ import annotations

import json
import string
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

import grading_cases
from quizbank.compute import param_values
from quizbank.grader import grade, normalise_text, scaled_score

FIXTURES = json.loads((Path(__file__).parent / "fixtures" / "grading.json").read_text(encoding="utf-8"))


def test_fixture_file_is_up_to_date():
    """grading.json is exactly what grading_cases.py generates (so node and pytest see the same cases)."""
    assert FIXTURES == json.loads(json.dumps(grading_cases.fixtures()))


@pytest.mark.parametrize("case", FIXTURES["cases"], ids=lambda c: f"{c['question']}-{c['mode']}-{json.dumps(c['response'])}")
def test_reference_grader_matches_fixture(case):
    """Each fixture response gets exactly the hand-written score, verdict and targeted feedback."""
    result = grade(FIXTURES["questions"][case["question"]], case["response"], case["mode"])
    assert result == case["expected"]


@pytest.mark.parametrize("case", FIXTURES["scaled"], ids=lambda c: str(c["fraction"]))
def test_scaled_score_matches_fixture(case):
    """The estimated scaled score is linear from 100 to 1000, rounded half up."""
    assert scaled_score(case["fraction"]) == case["expected"]


@pytest.mark.parametrize("case", FIXTURES["params"], ids=lambda c: json.dumps(c["spec"]))
def test_param_values_match_fixture(case):
    """A parametric question's parameter takes exactly the listed values (no float noise like 0.30000000000000004)."""
    assert param_values(case["spec"]) == case["expected"]


ORDERING = FIXTURES["questions"]["ordering"]
MULTIPLE = FIXTURES["questions"]["multiple"]


@given(st.permutations(range(len(ORDERING["items"]))))
def test_exam_mode_never_gives_more_than_practice(order):
    """For any ordering response, the exam score (all-or-nothing) is ≤ the practice score, and
    only the exact order is correct."""
    exam = grade(ORDERING, {"order": order}, "exam")
    practice = grade(ORDERING, {"order": order}, "practice")
    assert exam["score"] <= practice["score"]
    assert exam["correct"] == (list(order) == sorted(order))


@given(st.sets(st.integers(0, len(MULTIPLE["options"]) - 1)))
def test_multiple_scores_stay_in_range(picked):
    """Practice partial credit for multiple response stays in [0, 1]; full credit only when exact."""
    result = grade(MULTIPLE, {"choices": sorted(picked)}, "practice")
    assert 0 <= result["score"] <= 1
    assert (result["score"] == 1) == (picked == {0, 1})


@given(st.text(alphabet=string.printable))
def test_normalise_is_idempotent(text):
    """Normalising an ASCII short answer twice changes nothing the second time."""
    assert normalise_text(normalise_text(text)) == normalise_text(text)


def test_unknown_mode_is_rejected():
    """A typo in the mode is an error, not silently practice grading."""
    with pytest.raises(ValueError):
        grade(ORDERING, {"order": [0]}, "final")
