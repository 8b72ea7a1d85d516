"""Helpers for the lab tests: find the labs, read them, put the reference solutions in.

An exercise cell is tagged ``exercise:<id>`` in the notebook (``# %% tags=["exercise:<id>"]``);
its source is ``variable = ...`` for the learner. ``with_solutions`` swaps in the exercise's
``solution``, the same text ``lab.solution(id)`` shows.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import jupytext

ROOT = Path(__file__).resolve().parents[2]
LABS = ROOT / "labs"
LAB_FILE = re.compile(r"^\d\d-[a-z0-9-]+\.py$")
TAG = "exercise:"


def lab_files() -> list[Path]:
    """Every lab notebook (labs/NN-slug.py), in teaching order."""
    return sorted(p for p in LABS.iterdir() if LAB_FILE.match(p.name))


def read(path: Path):
    """The notebook for a lab file (nbformat v4)."""
    return jupytext.read(path)


def exercise_cells(notebook) -> dict[str, object]:
    """Exercise id -> its cell, for every cell tagged ``exercise:<id>``."""
    cells = {}
    for cell in notebook.cells:
        for tag in cell.get("metadata", {}).get("tags", []):
            if tag.startswith(TAG):
                cells[tag[len(TAG):]] = cell
    return cells


def with_solutions(notebook, lab):
    """A copy of ``notebook`` whose exercise cells hold the reference solutions of ``lab``."""
    solved = copy.deepcopy(notebook)
    for exercise_id, cell in exercise_cells(solved).items():
        cell.source = lab.exercise(exercise_id).solution
    return solved
