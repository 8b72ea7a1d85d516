"""What the bank's exports add to a site build, against what packaging the bank already costs.

The site build already loads, validates and packages the bank (tools/hooks/quiz.py); the exports
hook then builds the learner's three Anki decks (and, in the instructor edition, six LMS files)
from the same parsed files. Baseline = that packaging step, measured in the same run; ratio =
baseline / measured, so at or above 1 the exports cost no more than the step the build already had.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from benchmarks.common import Measure, timed

ROOT = Path(__file__).resolve().parent.parent


def run(quick: bool = False) -> list[Measure]:
    """Time the bank packaging, then the learner and instructor export sets as the hook makes them."""
    sys.path.insert(0, str(ROOT / "tools"))
    from quizbank.export import export
    from quizbank.exportable import EXAMS, bank_timestamp
    from quizbank.loader import load_file
    from quizbank.package import build
    from quizbank.validate import QUIZZES

    packaging, _ = timed(build)
    files = [load_file(p) for p in sorted(QUIZZES.glob("*.yml"))]  # parsed once, as in the build
    stamp = bank_timestamp()

    def make(formats):
        with tempfile.TemporaryDirectory() as tmp:
            for fmt in formats:
                for exam in (None, *EXAMS):
                    export(fmt, Path(tmp) / f"{fmt}-{exam}", files, exam=exam, timestamp=stamp)

    learner, _ = timed(lambda: make(["anki"]))
    instructor, _ = timed(lambda: make(["qti", "moodle"]))
    return [
        Measure("exports: 3 Anki decks (learner build)", learner, packaging, "s",
                "baseline: loading, validating and packaging the bank"),
        Measure("exports: 6 QTI/Moodle files (instructor)", instructor, packaging, "s",
                "baseline: the same packaging step"),
    ]
