"""Auto-graded lab exercises that behave the same in Jupyter, in the browser and in CI.

A notebook does ``lab = Lab("01-cold-vs-warm")`` and then ``lab.check(id, answer)``,
``lab.hint(id)`` and ``lab.solution(id)``. The exercises themselves are data in
:mod:`sandbox.lab.labs` (one module per lab): correct-answer test, known misconceptions with
their messages, progressive hints and the solution cell. Standard library only.
"""

from .exercise import Exercise, Grade, Misconception, instance_of, whole_number
from .feedback import Message
from .lab import Lab
from .labs import LAB_IDS, exercises_for

__all__ = ["Exercise", "Grade", "LAB_IDS", "Lab", "Message", "Misconception", "exercises_for",
           "instance_of", "whole_number"]
