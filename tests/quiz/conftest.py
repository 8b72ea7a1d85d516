"""Helpers for the quiz-engine tests: a throwaway quizzes/ folder to write broken files into."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

from quiz_samples import VALID_QUESTION  # noqa: E402,F401 - re-exported for the fixtures


@pytest.fixture
def bank_dir(tmp_path):
    """A function ``write(name, text)`` that writes a topic file into an empty bank folder."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    write.dir = tmp_path
    return write
