"""The lab framework's behaviour: todo, progressive hints, solution reveal, clear errors."""

from __future__ import annotations

import pytest

from sandbox.lab import Exercise, Lab, Misconception, instance_of, whole_number

LAB = "01-cold-vs-warm"


def test_unanswered_exercise_is_todo_and_not_counted():
    """``...`` asks for an answer, counts no attempt and names the variable to edit."""
    lab = Lab(LAB)
    message = lab.check("one-at-a-time", ...)
    assert message.kind == "todo"
    assert "predicted_cold_starts = ..." in message.message
    assert lab.attempts["one-at-a-time"] == 0


def test_wrong_answer_points_to_the_next_hint_then_to_the_solution():
    """After a wrong answer the feedback offers hint 1; once every hint was shown it offers
    the solution instead."""
    lab = Lab(LAB)
    assert "lab.hint('one-at-a-time')` gives hint 1 of 3" in lab.check("one-at-a-time", 7).message
    hints = [lab.hint("one-at-a-time") for _ in range(4)]
    assert [h.message[:3] for h in hints] == ["1/3", "2/3", "3/3", "3/3"]
    assert "last hint" in hints[2].message
    assert "lab.solution('one-at-a-time')` shows a solution" in lab.check("one-at-a-time", 7).message


def test_solution_is_the_cell_that_passes():
    """The revealed solution, run as a cell, is graded correct."""
    lab = Lab(LAB)
    namespace: dict = {}
    exec(lab.solution("all-at-once").code, namespace)
    assert lab.check("all-at-once", namespace["predicted_cold_starts"]).ok


def test_progress_lists_unsolved_exercises():
    """``lab.progress()`` counts solved exercises and names the rest."""
    lab = Lab(LAB)
    lab.check("one-at-a-time", 1)
    assert lab.progress() == "1 of 3 exercises solved; still to do: all-at-once, move-the-connection"


def test_wrong_type_is_invalid_with_a_clear_message():
    """A string where a number is expected is reported as such, not as a wrong number."""
    message = Lab(LAB).check("one-at-a-time", "1")
    assert message.kind == "invalid"
    assert "Expected a whole number of cold starts" in message.message


def test_unknown_ids_name_the_valid_ones():
    """A typo in an exercise or lab id names what exists."""
    with pytest.raises(KeyError, match="one-at-a-time"):
        Lab(LAB).check("one_at_a_time", 1)
    with pytest.raises(ValueError, match="01-cold-vs-warm"):
        Lab("99-nope")


def test_html_feedback_escapes_and_formats_code():
    """Feedback HTML escapes markup in answers and renders `code` spans."""
    exercise = Exercise(id="x", title="t", variable="v", is_correct=lambda a: False,
                        correct="", solution="v = 1", hints=("h",),
                        validate=whole_number("things"),
                        misconceptions=(Misconception("m", lambda a: True, "use `v`"),))
    grade = exercise.grade("<b>")
    assert grade.status == "invalid" and "<b>" in grade.message
    lab = Lab(LAB)
    html = lab.check("one-at-a-time", "<script>")._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<code>lab.hint('one-at-a-time')</code>" in html


def test_type_messages_use_the_right_article():
    """A class whose name starts with a vowel reads "an AsyncConfig", others "a FunctionConfig"."""
    from sandbox import FunctionConfig
    from sandbox.async_invoke import AsyncConfig

    assert instance_of(AsyncConfig, "AsyncConfig()")(3).startswith("Expected an AsyncConfig,")
    assert instance_of(FunctionConfig, "FunctionConfig()")(3).startswith("Expected a FunctionConfig,")
