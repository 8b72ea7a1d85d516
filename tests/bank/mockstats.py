"""Measures of the mock-exam pool: does practice feel like the real exam?

The pool of an exam is the top-level questions a mock exam may draw for it (the exam's formats,
not practice-only; tools/quizbank/mockpool.py decides). Measured here: the format mix of the
whole bank, option counts, whether option length gives the answer away, capitalised qualifiers,
stem and option lengths, dates, and how many full mock exams the pool fills without reusing a
question.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter

from quizbank.mockpool import dated_text, exam_format, in_mock_pool

#: The qualifiers the exam writes in capitals ("MOST cost-effective", "LEAST operational overhead").
QUALIFIER = re.compile(r"\b(?:MOST|LEAST|FEWEST|FASTEST|LOWEST|HIGHEST)\b")


def top_level(topics: dict[str, dict]) -> list[dict]:
    """Every top-level question of the bank (scenario sets as sets), in file order."""
    return [q for data in topics.values() for q in data.get("questions", [])]


def pool(topics: dict[str, dict], blueprint: dict) -> list[dict]:
    """The questions a mock exam for ``blueprint`` may draw."""
    return [q for q in top_level(topics) if in_mock_pool(q, blueprint["exam"], blueprint["domain_field"])]


def shape(q: dict) -> str:
    """A question's format as a label: "single 1 of 4", "multiple 2 of 5", "ordering"…"""
    if q["type"] in ("single", "multiple"):
        return f'{q["type"]} {q.get("select", 1)} of {len(q["options"])}'
    if "misconceptions" in q:
        return f'computed single 1 of {len(q["misconceptions"]) + 1}'
    return q["type"]


def format_mix(topics: dict[str, dict]) -> Counter:
    """Top-level questions by (mock-eligible or practice-only, format)."""
    mix = Counter()
    for q in top_level(topics):
        if exam_format(q) is None:
            mix[("practice-only", shape(q))] += 1
        elif q.get("practice_only"):
            mix[("practice-only (marked)", shape(q))] += 1
        else:
            mix[("mock", shape(q))] += 1
    return mix


def longest_are_correct(q: dict) -> bool:
    """True when the ``k`` longest options (``k`` = how many are right) are exactly the right
    ones, each strictly longer than every wrong option: the "pick the longest" giveaway."""
    right = [len(o["text"]) for o in q["options"] if o.get("correct")]
    wrong = [len(o["text"]) for o in q["options"] if not o.get("correct")]
    return min(right) > max(wrong)


def chance(q: dict) -> float:
    """The chance that a blind guess picks exactly the right options: 1 / C(n, k)."""
    return 1 / math.comb(len(q["options"]), q.get("select", 1))


def length_bias(questions: list[dict]) -> dict[str, tuple[float, float, int]]:
    """Per format (single, multiple): (share where the longest options are the right ones,
    the share chance would give, number of questions)."""
    out = {}
    for kind in ("single", "multiple"):
        chosen = [q for q in questions if q["type"] == kind]
        if chosen:
            out[kind] = (sum(map(longest_are_correct, chosen)) / len(chosen),
                         statistics.mean(map(chance, chosen)), len(chosen))
    return out


def qualifier_share(questions: list[dict]) -> float:
    """Share of stems with a capitalised qualifier (MOST, LEAST…)."""
    return sum(bool(QUALIFIER.search(q["stem"])) for q in questions) / max(len(questions), 1)


def median_lengths(questions: list[dict]) -> tuple[float, float]:
    """Median stem length and median option length, in characters."""
    stems = [len(q["stem"].strip()) for q in questions] or [0]
    options = [len(o["text"]) for q in questions for o in q.get("options", [])] or [0]
    return statistics.median(stems), statistics.median(options)


def computed_singles(questions: list[dict]) -> list[dict]:
    """The computed single answers among ``questions`` (four options the build computes)."""
    return [q for q in questions if q["type"] == "parametric" and "misconceptions" in q]


def dated(questions: list[dict]) -> dict[str, list[str]]:
    """Questions whose stem or options carry a date (year or month name), with the dates."""
    return {q["id"]: found for q in questions if (found := dated_text(q))}


def quotas(blueprint: dict, total: int | None = None) -> dict[str, int]:
    """Questions per domain in one mock exam: largest-remainder rounding of the weights, the
    same rule as ``domainQuotas`` in web/quiz/blueprint.js."""
    total = blueprint["questions"] if total is None else total
    exact = {d["id"]: total * d["weight"] / 100 for d in blueprint["domains"]}
    out = {k: math.floor(v) for k, v in exact.items()}
    left = total - sum(out.values())
    for k in sorted(exact, key=lambda k: (-(exact[k] % 1), k))[:left]:
        out[k] += 1
    return out


def depth(topics: dict[str, dict], blueprint: dict) -> dict[str, tuple[int, int]]:
    """Per domain: (questions in the pool, questions one full mock exam draws)."""
    have = Counter(q[blueprint["domain_field"]] for q in pool(topics, blueprint))
    return {k: (have[k], need) for k, need in quotas(blueprint).items()}


def full_exams(topics: dict[str, dict], blueprint: dict) -> int:
    """How many full mock exams at the blueprint's weights the pool fills without reuse."""
    return min(have // need for have, need in depth(topics, blueprint).values())
