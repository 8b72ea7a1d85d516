"""Every question in the bank, answered with its reference answer and with each known wrong
answer, grades as its author intended (DESIGN principle 3: run every reference answer and every
known wrong answer through the checker)."""

from __future__ import annotations

import pytest

from quizbank.grader import grade, rights
from quizbank.package import build

QUESTIONS = build()["questions"]


def reference(q: dict) -> dict | None:
    """The response an author's key describes as fully right (None for parametric questions)."""
    kind = q["type"]
    if kind == "single":
        return {"choice": next(i for i, o in enumerate(q["options"]) if o.get("correct"))}
    if kind == "multiple":
        return {"choices": [i for i, o in enumerate(q["options"]) if o.get("correct")]}
    if kind == "ordering":
        return {"order": list(range(len(q["items"])))}
    if kind == "matching":
        return {"matches": list(range(len(q["pairs"])))}
    if kind == "numeric":
        return {"value": q["answer"]}
    if kind == "short":
        return {"text": q["answers"][-1]}
    if kind == "scenario":
        parts = {sub["id"]: reference(sub) for sub in q["questions"]}
        return {"parts": {k: v for k, v in parts.items() if v is not None}}
    return None


def flat(questions):
    for q in questions:
        yield q
        yield from q.get("questions", [])


@pytest.mark.parametrize("q", [q for q in QUESTIONS if q["type"] != "parametric"], ids=lambda q: q["id"])
def test_reference_answer_is_right_in_both_modes(q):
    """The key's answer scores 1 in practice and exam mode."""
    response = reference(q)
    if q["type"] == "scenario" and len(response["parts"]) < len(q["questions"]):
        pytest.skip("scenario with a parametric part")
    for mode in ("practice", "exam"):
        assert grade(q, response, mode) == {"score": 1.0, "correct": True, "wrong_answer": None}, mode


@pytest.mark.parametrize("q", [q for q in flat(QUESTIONS) if q["type"] in ("single", "multiple")], ids=lambda q: q["id"])
def test_every_wrong_option_is_graded_wrong(q):
    """Swapping in any wrong option makes the response wrong in exam mode."""
    right = [i for i, o in enumerate(q["options"]) if o.get("correct")]
    for i, option in enumerate(q["options"]):
        if option.get("correct"):
            continue
        response = {"choice": i} if q["type"] == "single" else {"choices": right[1:] + [i]}
        assert grade(q, response, "exam")["correct"] is False


@pytest.mark.parametrize("q", [q for q in flat(QUESTIONS) if q.get("wrong_answers")], ids=lambda q: q["id"])
def test_known_wrong_answers_get_their_targeted_feedback(q):
    """Each listed wrong answer is graded wrong and points to its own explanation."""
    for index, wrong in enumerate(q["wrong_answers"]):
        response = {"value": wrong["value"]} if "value" in wrong else {"text": wrong["text"]}
        assert grade(q, response, "practice") == {"score": 0.0, "correct": False, "wrong_answer": index}


@pytest.mark.parametrize("q", [q for q in flat(QUESTIONS) if q["type"] == "matching"], ids=lambda q: q["id"])
def test_matching_rights_are_distinct(q):
    """No two right-hand choices read the same, so a matching question has one solution."""
    assert len(set(rights(q))) == len(rights(q))
