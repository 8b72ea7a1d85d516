"""Helpers for the quiz-engine tests: a throwaway quizzes/ folder to write broken files into."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))

VALID_QUESTION = """\
  - id: {id}
    type: single
    difficulty: 1
    exams: [DVA-C02]
    domain: development
    stem: Which one?
    options:
      - text: This one.
        correct: true
        why: Because.
      - text: That one.
        why: Because not.
    sources: [https://docs.aws.amazon.com/lambda/latest/dg/welcome.html]
"""


@pytest.fixture
def bank_dir(tmp_path):
    """A function ``write(name, text)`` that writes a topic file into an empty bank folder."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    write.dir = tmp_path
    return write
