"""The shared grading fixtures: questions, responses and the score each MUST get.

Expected values are written by hand here (not computed by either grader). Running this file
writes tests/quiz/fixtures/grading.json, which both pytest (Python reference grader) and
``node --test`` (web/quiz/grade.js) check against:

    .venv/bin/python tests/quiz/grading_cases.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
OUT = Path(__file__).parent / "fixtures" / "grading.json"

from quizbank.loader import load_file  # noqa: E402
from quizbank.package import _render_question  # noqa: E402

#: The bank's questions by id. The cases use the engine's original seed questions (ids
#: ``seed-…``), which now live in their lesson topics' files.
SEED = {q["id"]: q for path in sorted((ROOT / "quizzes").glob("*.yml"))
        for q in load_file(path).data["questions"]}

QUESTIONS = {
    "single": SEED["seed-single-reserved-cap"],
    "multiple": SEED["seed-multi-cold-start"],          # right: 0, 1 of 5; select 2
    "ordering": SEED["seed-order-lifecycle"],           # 5 items
    "matching": SEED["seed-match-permissions"],         # 3 pairs + 1 distractor
    "numeric": SEED["seed-num-concurrency"],            # 50, tolerance 0, wrong 50000 / 800
    "numeric_pct": SEED["seed-num-gb-seconds"],         # 100000 ± 1 %
    "short": SEED["seed-short-provisioned"],
    "scenario": SEED["seed-scn-flash-sale"],            # numeric 60 + single (0 right)
    # Parametric questions as the engine resolves them for one draw.
    # A parametric numeric question, resolved to 35 with an absolute tolerance of 0.5.
    "param_numeric": {**{k: v for k, v in SEED["env-cold-share-param"].items() if k != "tolerance_pct"},
                      "answer": 35.0, "tolerance": 0.5},
    "param_options": {
        **SEED["seed-param-enough-reserved"],
        "options": [
            {"text": "Yes, the steady state needs no more than 30 execution environments.", "why": "x"},
            {"text": "No, the steady state needs more than 30 execution environments.", "why": "x",
             "correct": True},
        ],
    },
    # A computed single answer (misconceptions) as the engine resolves pool instance
    # {quota: 2000, reserved_a: 750}: four computed options in display order, the right one marked.
    "param_computed": {
        **{k: v for k, v in SEED["conc-unreserved-minimum"].items() if k not in ("params", "compute")},
        "values": {"quota": 2000, "reserved_a": 750},
        "options": [
            {"text": "1,900 concurrent executions", "why": "Forgets the existing reservation."},
            {"text": "1,050 concurrent executions", "why": "Keeps 100 per function."},
            {"text": "1,250 concurrent executions", "why": "Forgets the 100 unreserved units."},
            {"text": "1,150 concurrent executions", "why": "2,000 − 750 − 100.", "correct": True},
        ],
    },
}

P, E = "practice", "exam"
# (question, mode, response, score, correct, wrong_answer)
CASES = [
    ("single", P, {"choice": 0}, 1, True, None),
    ("single", P, {"choice": 1}, 0, False, None),
    ("single", E, {"choice": 9}, 0, False, None),
    ("single", E, {}, 0, False, None),
    ("single", E, None, 0, False, None),
    ("single", E, {"choice": False}, 0, False, None),   # JSON booleans are not indexes
    ("multiple", P, {"choices": [True, 0]}, 0.5, False, None),
    ("multiple", E, {"choices": [1, 0]}, 1, True, None),
    ("multiple", E, {"choices": [0]}, 0, False, None),
    ("multiple", P, {"choices": [0]}, 0.5, False, None),
    ("multiple", P, {"choices": [0, 2]}, 0, False, None),
    ("multiple", P, {"choices": [0, 1, 2]}, 0.5, False, None),
    ("multiple", P, {"choices": [2, 3]}, 0, False, None),
    ("multiple", E, {"choices": [0, 1, 2]}, 0, False, None),
    ("ordering", E, {"order": [0, 1, 2, 3, 4]}, 1, True, None),
    ("ordering", E, {"order": [1, 0, 2, 3, 4]}, 0, False, None),
    ("ordering", P, {"order": [1, 0, 2, 3, 4]}, 0.9, False, None),
    ("ordering", P, {"order": [4, 3, 2, 1, 0]}, 0, False, None),
    ("ordering", P, {"order": [0, 1, 2, 4, 3]}, 0.9, False, None),
    ("ordering", P, {"order": [2, 0, 1, 3, 4]}, 0.8, False, None),
    ("ordering", P, {"order": [0, 1, 2]}, 0, False, None),
    ("ordering", P, {"order": [0, True, 2, 3, 4]}, 0, False, None),
    ("ordering", P, {"order": [0, 0, 2, 3, 4]}, 0, False, None),
    ("matching", E, {"matches": [0, 1, 2]}, 1, True, None),
    ("matching", E, {"matches": [0, 1, 3]}, 0, False, None),
    ("matching", P, {"matches": [0, 1, 3]}, 0.6667, False, None),
    ("matching", P, {"matches": [0, None]}, 0.3333, False, None),
    ("matching", P, {"matches": [1, 0, 2]}, 0.3333, False, None),
    ("matching", P, {"matches": [0, True, 2]}, 0.6667, False, None),
    ("numeric", E, {"value": 50}, 1, True, None),
    ("numeric", E, {"value": "50"}, 1, True, None),
    ("numeric", E, {"value": " 50.0 "}, 1, True, None),
    ("numeric", E, {"value": 51}, 0, False, None),
    ("numeric", P, {"value": "50,000"}, 0, False, 0),
    ("numeric", P, {"value": 800}, 0, False, 1),
    ("numeric", P, {"value": "fifty"}, 0, False, None),
    ("numeric", P, {"value": ""}, 0, False, None),
    ("numeric", P, {"value": True}, 0, False, None),
    ("numeric_pct", E, {"value": 100999}, 1, True, None),
    ("numeric_pct", E, {"value": 99000}, 1, True, None),
    ("numeric_pct", E, {"value": 101001}, 0, False, None),
    ("numeric_pct", P, {"value": 1e8}, 0, False, 0),
    ("short", E, {"text": "provisioned concurrency"}, 1, True, None),
    ("short", E, {"text": "  Provisioned   Concurrency. "}, 1, True, None),
    ("short", E, {"text": "ＰＲＯＶＩＳＩＯＮＥＤ"}, 1, True, None),
    ("short", P, {"text": "Reserved concurrency"}, 0, False, 0),
    ("short", P, {"text": "provisioned capacity"}, 0, False, None),
    ("short", P, {"text": "   "}, 0, False, None),
    ("scenario", E, {"parts": {"seed-scn-flash-sale-need": {"value": 60},
                               "seed-scn-flash-sale-protect": {"choice": 0}}}, 1, True, None),
    ("scenario", E, {"parts": {"seed-scn-flash-sale-need": {"value": 60},
                               "seed-scn-flash-sale-protect": {"choice": 1}}}, 0.5, False, None),
    ("scenario", P, {"parts": {}}, 0, False, None),
    ("param_numeric", E, {"value": 35.4}, 1, True, None),
    ("param_numeric", E, {"value": 35.6}, 0, False, None),
    ("param_options", E, {"choice": 1}, 1, True, None),
    ("param_options", E, {"choice": 0}, 0, False, None),
    ("param_computed", E, {"choice": 3}, 1, True, None),
    ("param_computed", E, {"choice": 3, "instance": 0}, 1, True, None),  # as saved for review
    ("param_computed", P, {"choice": 2}, 0, False, None),
    ("param_computed", E, {"choice": 4}, 0, False, None),
    ("param_computed", E, {"value": 1150}, 0, False, None),  # options, so no typed number counts
]

# (parameter spec, every value it can take): parametric draws pick from these in both engines.
PARAMS = [
    ({"min": 20, "max": 60, "step": 10}, [20, 30, 40, 50, 60]),
    ({"min": 1, "max": 3}, [1, 2, 3]),
    ({"min": 0.1, "max": 0.5, "step": 0.1}, [0.1, 0.2, 0.3, 0.4, 0.5]),
    ({"min": 0, "max": 10, "step": 4}, [0, 4, 8]),
    ({"choices": [100, 250, "x86_64"]}, [100, 250, "x86_64"]),
]

# (fraction of points, estimated scaled score)
SCALED = [(0, 100), (1, 1000), (0.5, 550), (0.6889, 720), (0.6888, 720), (0.6883, 719), (2 / 3, 700)]


def fixtures() -> dict:
    """The fixture document written to grading.json."""
    return {
        "about": "Shared grading fixtures; generated by tests/quiz/grading_cases.py (edit there).",
        "questions": QUESTIONS,
        "cases": [{"question": q, "mode": m, "response": r,
                   "expected": {"score": s, "correct": c, "wrong_answer": w}}
                  for q, m, r, s, c, w in CASES],
        "scaled": [{"fraction": f, "expected": s} for f, s in SCALED],
        "params": [{"spec": spec, "expected": values} for spec, values in PARAMS],
        # The build's form of the computed single answer above (with its pool): the browser's
        # resolution of the instance with the same values must give the options written above.
        "packaged": {"param_computed": _render_question(SEED["conc-unreserved-minimum"], "04-concurrency")},
    }


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(fixtures(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(CASES)} cases")
