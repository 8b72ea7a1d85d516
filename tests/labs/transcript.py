"""The golden transcript of every lab exercise (DESIGN principle 3).

For each exercise, its reference solution and each of its known wrong answers is executed as
the learner's cell would be, handed to ``Lab.check`` on a fresh lab, and the feedback recorded, with every hint in order
and the solution as the learner sees them.
``tests/labs/golden.json`` holds the expected transcript; regenerate it with
``GOLDEN_UPDATE=1 .venv/bin/pytest tests/labs/test_golden.py`` and review the diff.
"""

from __future__ import annotations

from importlib import import_module

import sandbox
from sandbox.lab import LAB_IDS, Lab
from sandbox.lab.labs import _MODULES


def cell_namespace(lab_id: str) -> dict:
    """What a learner's cell can use: the sandbox's public API and the lab module's names."""
    module = import_module(f"sandbox.lab.labs.{_MODULES[lab_id]}")
    names = {name: getattr(sandbox, name) for name in sandbox.__all__}
    names.update({k: v for k, v in vars(module).items() if not k.startswith("_")})
    return names


def answer_of(lab_id: str, code: str, variable: str):
    """Run one answer cell and return the value it assigns to ``variable``."""
    namespace = cell_namespace(lab_id)
    exec(compile(code, f"<{lab_id}>", "exec"), namespace)
    return namespace[variable]


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
