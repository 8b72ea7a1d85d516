"""The golden transcript of every lab exercise (DESIGN principle 3).

For each exercise, its reference solution and each of its known wrong answers is executed as
the learner's cell would be, handed to ``Lab.check`` on a fresh lab, and the feedback recorded, with every hint in order
and the solution as the learner sees them.
``tests/labs/golden.json`` holds the expected transcript; regenerate it with
``GOLDEN_UPDATE=1 .venv/bin/pytest tests/labs/test_golden.py`` and review the diff.
"""

from __future__ import annotations

from lab_feedback import answer_of  # tools/lab_feedback.py (tools/ is on sys.path)
from sandbox.lab import LAB_IDS, Lab


def transcript() -> dict:
    """Lab id -> exercise id -> {answers: [{cell, expected, kind, misconception, feedback}],
    hints: [each hint as shown, in order], solution: the solution as shown}."""
    out: dict = {}
    for lab_id in LAB_IDS:
        lab = Lab(lab_id)
        out[lab_id] = {}
        for exercise in lab.exercises.values():
            cases = [(exercise.solution, "correct")] + list(exercise.wrong)
            rows = []
            for code, expected in cases:
                message = Lab(lab_id).check(exercise.id, answer_of(lab_id, code, exercise.variable))
                rows.append({"cell": code, "expected": expected, "kind": message.kind,
                             "misconception": message.misconception, "feedback": repr(message)})
            hinting = Lab(lab_id)
            hints = [repr(hinting.hint(exercise.id)) for _ in exercise.hints]
            out[lab_id][exercise.id] = {"answers": rows, "hints": hints,
                                        "solution": repr(hinting.solution(exercise.id))}
    return out
