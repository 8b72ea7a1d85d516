"""The feedback a learner really gets for a lab answer cell: run it, hand it to ``Lab.check``.

Used by the golden transcript (tests/labs/transcript.py) and by the instructor edition's lab
answer key (tools/hooks/instructor.py), so the key shows each known wrong cell's real message.
"""

from __future__ import annotations

from importlib import import_module

import sandbox
from sandbox.lab import Lab
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


def check_cell(lab_id: str, exercise_id: str, code: str):
    """The message ``lab.check`` gives for the answer cell ``code`` on a fresh lab."""
    lab = Lab(lab_id)
    return lab.check(exercise_id, answer_of(lab_id, code, lab.exercise(exercise_id).variable))
