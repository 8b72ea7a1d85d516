"""Which questions a mock exam may draw: the real exam's two formats, and nothing else.

The AWS exam guides use multiple choice (one correct of four options) and multiple response (two
or more correct of five or more options, the stem saying how many). A computed single answer (a
parametric question with three ``misconceptions``, see choices.py) is multiple choice too: its
four options are numbers the build computed. Every other format in the bank (ordering, matching,
numeric, short answer, scenario sets, other parametric questions, or a single answer with three
options) stays for lesson checks, practice and review, and is *practice-only*: the package marks
it so and the browser's mock-exam draw skips it. An author can also mark an
exam-format question ``practice_only: true`` (for instance one that dates a feature).
"""

from __future__ import annotations

import re

#: Options in a multiple-choice question of the real exam.
SINGLE_OPTIONS = 4
#: Fewest options in a multiple-response question of the real exam.
MULTIPLE_MIN_OPTIONS = 5
#: The number words a multiple-response stem uses to say how many to choose.
NUMBER_WORDS = {2: "TWO", 3: "THREE", 4: "FOUR"}


def choose_phrase(select: int) -> str:
    """The stem's instruction for ``select`` answers, as the exam writes it: ``(Choose TWO.)``."""
    return f"(Choose {NUMBER_WORDS.get(select, str(select))}.)"


def states_how_many(q: dict) -> bool:
    """True when a multiple-response stem says how many options to choose."""
    return choose_phrase(q.get("select", 2)) in " ".join(q.get("stem", "").split())


def exam_format(q: dict) -> str | None:
    """``"single"`` (1 of 4) or ``"multiple"`` (k of ≥5, stem says k) when ``q`` is in one of the
    real exam's formats, else ``None``."""
    kind = q.get("type")
    options = q.get("options", [])
    if kind == "single" and len(options) == SINGLE_OPTIONS:
        return "single"
    if kind == "parametric" and len(q.get("misconceptions", [])) == SINGLE_OPTIONS - 1:
        return "single"  # a computed single answer: the right number and three misconceptions
    if kind == "multiple" and len(options) >= MULTIPLE_MIN_OPTIONS and states_how_many(q):
        return "multiple"
    return None


def mock_eligible(q: dict) -> bool:
    """True when a mock exam may draw ``q``: an exam format, and not marked practice-only."""
    return exam_format(q) is not None and not q.get("practice_only", False)


def in_mock_pool(q: dict, exam: str, field: str) -> bool:
    """True when ``q`` may appear in the mock exam ``exam`` (tagged for it, with a domain)."""
    return mock_eligible(q) and exam in q.get("exams", []) and bool(q.get(field))


#: Dates a mock item should not carry ("since July 2025", "in 2024", "November 2025"): the exam
#: tests how services work, not when a feature launched. Lessons and practice items keep them.
DATE = re.compile(r"\b20[12]\d\b|\b(?:January|February|March|April|May|June|July|August|"
                  r"September|October|November|December)\b")


def dated_text(q: dict) -> list[str]:
    """The dates found in everything a learner reads for ``q`` (stem and options)."""
    texts = [q.get("stem", "")] + [o["text"] for o in q.get("options", [])]
    return [m.group(0) for t in texts for m in DATE.finditer(t)]
