"""Exercises as data: what a correct answer is, which wrong answers mean what, and the hints.

An :class:`Exercise` never runs the learner's code itself: the learner's cell assigns a value
(a number, a ``FunctionConfig``...) and ``Lab.check`` hands that value to :meth:`Exercise.grade`.
The same objects drive the notebooks in Jupyter, the cells in the browser and the golden
transcript test, so feedback is identical everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass(frozen=True)
class Misconception:
    """A known wrong idea: ``matches(answer)`` recognises it, ``message`` explains it."""

    name: str
    matches: Callable[[Any], bool]
    message: str


@dataclass(frozen=True)
class Grade:
    """The verdict on one answer. ``status`` is correct, incorrect, invalid or todo."""

    status: str
    message: str
    misconception: str | None = None


@dataclass(frozen=True)
class Exercise:
    """One auto-graded exercise of a lab.

    ``variable`` is the name the learner's cell assigns and ``solution`` the code of that cell
    that solves it (shown by ``Lab.solution`` and executed by the tests). ``validate`` returns a
    message when the answer has the wrong type or shape, before any grading. ``wrong`` lists
    known wrong cells with the misconception each must trigger: the golden transcript runs them.
    ``explain`` (optional) adds what the model measured for this answer to the feedback.
    """

    id: str
    title: str
    variable: str
    is_correct: Callable[[Any], bool]
    correct: str
    solution: str
    hints: tuple[str, ...]
    misconceptions: tuple[Misconception, ...] = ()
    otherwise: str = "Compare your answer with what the model shows above."
    validate: Callable[[Any], str | None] = lambda answer: None
    explain: Callable[[Any], str] | None = None
    wrong: tuple[tuple[str, str], ...] = field(default=())

    def grade(self, answer: Any) -> Grade:
        """Grade ``answer``: todo for ``...``, then invalid, correct, a misconception, or not yet."""
        if answer is Ellipsis:
            return Grade("todo", f"Replace the `...` in `{self.variable} = ...` with your answer, "
                                 "run that cell, then run this one again.")
        problem = self.validate(answer)
        if problem:
            return Grade("invalid", problem)
        detail = f" {self.explain(answer)}" if self.explain else ""
        if self.is_correct(answer):
            return Grade("correct", self.correct + detail)
        for misconception in self.misconceptions:
            if misconception.matches(answer):
                return Grade("incorrect", misconception.message + detail, misconception.name)
        return Grade("incorrect", self.otherwise + detail)


def whole_number(what: str) -> Callable[[Any], str | None]:
    """A validator accepting a non-negative ``int`` (``what`` names the quantity)."""

    def validate(answer: Any) -> str | None:
        if isinstance(answer, bool) or not isinstance(answer, int) or answer < 0:
            return f"Expected a whole number of {what} such as 3, got {answer!r}."
        return None

    return validate


def instance_of(kind: type, example: str) -> Callable[[Any], str | None]:
    """A validator accepting instances of ``kind`` (``example`` shows how to build one)."""

    def validate(answer: Any) -> str | None:
        if not isinstance(answer, kind):
            article = "an" if kind.__name__[:1].upper() in "AEIOU" else "a"
            return f"Expected {article} {kind.__name__}, for example `{example}`, got {answer!r}."
        return None

    return validate


def fraction(answer: Any) -> str | None:
    """A validator for a share from 0 to 1; a percentage gets its own hint (30 is not 0.3)."""
    if isinstance(answer, bool) or not isinstance(answer, (int, float)):
        return f"Expected a fraction from 0 to 1 such as 0.3, got {answer!r}."
    if 1 < answer <= 100:
        return f"Give a fraction from 0 to 1, not a percentage: {answer:g}% is {answer / 100:g}."
    if not 0 <= answer <= 1:
        return f"Expected a fraction from 0 to 1 such as 0.3, got {answer!r}."
    return None
