"""``Lab``: the object a notebook creates once and asks to check, hint and reveal.

    lab = Lab("01-cold-vs-warm")
    lab.check("one-at-a-time", predicted_cold_starts)   # feedback on the answer
    lab.hint("one-at-a-time")                           # the next hint, one more per call
    lab.solution("one-at-a-time")                       # the cell that solves it

The lab remembers attempts and hints given, so feedback can point to the next step. Nothing
here depends on Jupyter or the browser: both show the returned objects through their reprs.
"""

from __future__ import annotations

from typing import Any

from .exercise import Exercise
from .feedback import Message
from .labs import exercises_for


class Lab:
    """The exercises of one lab (by its catalog id, e.g. ``01-cold-vs-warm``) and their state."""

    def __init__(self, lab_id: str) -> None:
        self.id = lab_id
        self.exercises: dict[str, Exercise] = {e.id: e for e in exercises_for(lab_id)}
        self.attempts: dict[str, int] = {name: 0 for name in self.exercises}
        self.hints_shown: dict[str, int] = {name: 0 for name in self.exercises}
        self.solved: set[str] = set()

    def exercise(self, exercise_id: str) -> Exercise:
        """The exercise called ``exercise_id``; a KeyError lists the valid ids."""
        try:
            return self.exercises[exercise_id]
        except KeyError:
            known = ", ".join(repr(name) for name in self.exercises)
            raise KeyError(f"lab {self.id} has no exercise {exercise_id!r}; its exercises are "
                           f"{known}") from None

    def check(self, exercise_id: str, answer: Any) -> Message:
        """Grade ``answer`` and return feedback (with a pointer to hints after a wrong answer)."""
        exercise = self.exercise(exercise_id)
        grade = exercise.grade(answer)
        if grade.status == "todo":
            return Message("todo", exercise_id, grade.message)
        self.attempts[exercise_id] += 1
        if grade.status == "correct":
            self.solved.add(exercise_id)
            return Message("correct", exercise_id, grade.message)
        return Message(grade.status, exercise_id, grade.message + self._next_step(exercise),
                       misconception=grade.misconception)

    def _next_step(self, exercise: Exercise) -> str:
        """What to do after a wrong answer: the next hint, or the solution once hints run out."""
        shown = self.hints_shown[exercise.id]
        if shown < len(exercise.hints):
            return (f" Stuck? `lab.hint({exercise.id!r})` gives hint {shown + 1} of "
                    f"{len(exercise.hints)}.")
        return f" `lab.solution({exercise.id!r})` shows a solution."

    def hint(self, exercise_id: str) -> Message:
        """The next hint for ``exercise_id``: each call reveals one more, then the last repeats."""
        exercise = self.exercise(exercise_id)
        shown = min(self.hints_shown[exercise_id] + 1, len(exercise.hints))
        self.hints_shown[exercise_id] = shown
        text = f"{shown}/{len(exercise.hints)}: {exercise.hints[shown - 1]}"
        if shown == len(exercise.hints):
            text += f" (That was the last hint: `lab.solution({exercise_id!r})` shows a solution.)"
        return Message("hint", exercise_id, text)

    def solution(self, exercise_id: str) -> Message:
        """A cell that solves ``exercise_id``: paste it over yours and run the check again."""
        exercise = self.exercise(exercise_id)
        return Message("solution", exercise_id,
                       f"replace your cell with this one, run it, then run the check.",
                       code=exercise.solution)

    def progress(self) -> str:
        """One line: how many exercises are solved, and which are left."""
        left = [name for name in self.exercises if name not in self.solved]
        done = len(self.exercises) - len(left)
        text = f"{done} of {len(self.exercises)} exercises solved"
        return text + (f"; still to do: {', '.join(left)}" if left else ". Well done!")

    def __repr__(self) -> str:
        return f"Lab({self.id!r}: {self.progress()})"
