"""The reference grader: the one definition of how a response scores.

The browser engine (web/quiz/grade.js) implements the same rules; both are run over
tests/quiz/fixtures/grading.json, so they cannot drift apart. docs/practice/grading.md explains
the rules to learners.

A *response* is JSON, by question type (indexes refer to the order in the YAML file):

=========== =============================================
single      ``{"choice": 2}``
multiple    ``{"choices": [0, 3]}``
ordering    ``{"order": [2, 0, 1]}``   item indexes in the learner's order
matching    ``{"matches": [1, 0, null]}`` for each pair, the index of the chosen right side in
            ``rights(question)`` (pair rights in order, then distractors); null = unanswered
numeric     ``{"value": 42.5}``
short       ``{"text": "Provisioned concurrency"}``
parametric  as numeric, or as single when it has options or misconceptions (the question must
            be *resolved*: ``answer`` filled in, or ``options`` given with the right one marked
            ``correct``; for computed options, those of the instance shown)
scenario    ``{"parts": {"sub-id": <response>, ...}}``
=========== =============================================

``mode`` is ``"exam"`` (all-or-nothing, like the real exam) or ``"practice"`` (partial credit
shown for multiple, ordering and matching). A missing or empty response scores 0.
"""

from __future__ import annotations

import math
import unicodedata
from typing import Any

EPSILON = 1e-9


def round_score(value: float) -> float:
    """Round half up to 4 decimals, exactly as ``Math.round(x * 1e4) / 1e4`` does in JS."""
    return math.floor(value * 10000 + 0.5) / 10000


def normalise_text(text: str) -> str:
    """Case-, width- and whitespace-insensitive form of a short answer; final full stops are ignored."""
    text = unicodedata.normalize("NFKC", str(text)).lower()
    return " ".join(text.split()).rstrip(". ")


def rights(question: dict) -> list[str]:
    """The right-hand choices of a matching question: each pair's right, then the distractors."""
    return [p["right"] for p in question["pairs"]] + list(question.get("distractors", []))


def tolerance(question: dict) -> float:
    """Absolute tolerance of a numeric answer (``tolerance`` or ``tolerance_pct`` of the answer)."""
    if "tolerance_pct" in question:
        return abs(question["answer"]) * question["tolerance_pct"] / 100
    return question.get("tolerance", 0)


def _is_index(value: Any, size: int) -> bool:
    """A list index as JSON gives it: an integer (not a boolean, which Python counts as one)."""
    return type(value) is int and 0 <= value < size


def _close(value: float, target: float, tol: float) -> bool:
    return abs(value - target) <= tol + EPSILON * max(1.0, abs(target))


def _result(score: float, feedback: int | None = None) -> dict:
    score = round_score(max(0.0, min(1.0, score)))
    return {"score": score, "correct": score == 1.0, "wrong_answer": feedback}


def _grade_single(q: dict, r: dict) -> dict:
    choice = r.get("choice")
    ok = _is_index(choice, len(q["options"])) and q["options"][choice].get("correct", False)
    return _result(1.0 if ok else 0.0)


def _grade_multiple(q: dict, r: dict, mode: str) -> dict:
    picked = {c for c in r.get("choices") or [] if _is_index(c, len(q["options"]))}
    right = {i for i, o in enumerate(q["options"]) if o.get("correct")}
    if picked == right:
        return _result(1.0)
    if mode == "exam":
        return _result(0.0)
    # Practice: each right pick earns 1/select, each wrong pick takes one back, never below 0.
    return _result((len(picked & right) - len(picked - right)) / len(right))


def _grade_ordering(q: dict, r: dict, mode: str) -> dict:
    n = len(q["items"])
    order = r.get("order") or []
    if not all(_is_index(i, n) for i in order) or sorted(order) != list(range(n)):
        return _result(0.0)
    if order == list(range(n)):
        return _result(1.0)
    if mode == "exam":
        return _result(0.0)
    # Practice: the share of item pairs that are in the right relative order.
    position = {item: place for place, item in enumerate(order)}
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
    return _result(sum(position[a] < position[b] for a, b in pairs) / len(pairs))


def _grade_matching(q: dict, r: dict, mode: str) -> dict:
    n = len(q["pairs"])
    matches = list(r.get("matches") or [])[:n]
    matches += [None] * (n - len(matches))
    hits = sum(1 for i, m in enumerate(matches) if _is_index(m, n) and m == i)
    if hits == n:
        return _result(1.0)
    return _result(0.0 if mode == "exam" else hits / n)


def _parse_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace("_", "")
        try:
            number = float(text)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def _grade_numeric(q: dict, r: dict) -> dict:
    value = _parse_number(r.get("value"))
    if value is None:
        return _result(0.0)
    tol = tolerance(q)
    if _close(value, q["answer"], tol):
        return _result(1.0)
    for index, wrong in enumerate(q.get("wrong_answers", [])):
        if "value" in wrong and _close(value, wrong["value"], tol):
            return _result(0.0, index)
    return _result(0.0)


def _grade_short(q: dict, r: dict) -> dict:
    text = r.get("text")
    if not isinstance(text, str) or not text.strip():
        return _result(0.0)
    given = normalise_text(text)
    if any(normalise_text(a) == given for a in q["answers"]):
        return _result(1.0)
    for index, wrong in enumerate(q.get("wrong_answers", [])):
        if "text" in wrong and normalise_text(wrong["text"]) == given:
            return _result(0.0, index)
    return _result(0.0)


def _grade_scenario(q: dict, r: dict, mode: str) -> dict:
    parts = r.get("parts") or {}
    scores = [grade(sub, parts.get(sub["id"]), mode)["score"] for sub in q["questions"]]
    return _result(sum(scores) / len(scores))


def grade(question: dict, response: dict | None, mode: str = "practice") -> dict:
    """Score ``response`` to ``question``: ``{"score": 0..1, "correct": bool, "wrong_answer": i|None}``.

    ``wrong_answer`` is the index of the matched ``wrong_answers`` entry (targeted feedback).
    """
    if mode not in ("exam", "practice"):
        raise ValueError(f"mode must be 'exam' or 'practice', not {mode!r}")
    response = response if isinstance(response, dict) else {}
    kind = question["type"]
    if kind == "parametric":
        kind = "single" if "options" in question else "numeric"
    if kind == "single":
        return _grade_single(question, response)
    if kind == "multiple":
        return _grade_multiple(question, response, mode)
    if kind == "ordering":
        return _grade_ordering(question, response, mode)
    if kind == "matching":
        return _grade_matching(question, response, mode)
    if kind == "numeric":
        return _grade_numeric(question, response)
    if kind == "short":
        return _grade_short(question, response)
    if kind == "scenario":
        return _grade_scenario(question, response, mode)
    raise ValueError(f"unknown question type {question['type']!r}")


def scaled_score(fraction: float, low: int = 100, high: int = 1000) -> int:
    """Estimated scaled score for a fraction of points earned: linear from ``low`` to ``high``.

    AWS equates scores across exam forms and does not publish the mapping; this straight line is
    an estimate, documented as such on the grading page.
    """
    fraction = max(0.0, min(1.0, fraction))
    return int(math.floor(low + (high - low) * fraction + 0.5))
