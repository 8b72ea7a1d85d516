"""The bank validator: every problem names file, line and field; a valid bank loads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from quiz_samples import VALID_QUESTION  # noqa: I001

from quizbank import BankError, load_bank, validate_bank
from quizbank.validate import QUIZZES

ROOT = Path(__file__).resolve().parents[2]


def header(topic: str) -> str:
    return f"topic: {topic}\ntitle: T\nquestions:\n"


def problems(bank_dir) -> list[str]:
    return [str(p) for p in validate_bank(bank_dir.dir)]


def test_seed_file_is_valid(tmp_path):
    """The seed questions pass the schema and the semantic rules (the bank engineer's files are
    checked by tests/bank and by the build)."""
    (tmp_path / "00-seed.yml").write_text((QUIZZES / "00-seed.yml").read_text())
    assert validate_bank(tmp_path) == []


def test_seed_has_five_of_every_type():
    """The seed file exercises every question type at least five times (issue 4)."""
    from quizbank import load_file
    counts: dict[str, int] = {}
    for q in load_file(QUIZZES / "00-seed.yml").data["questions"]:
        counts[q["type"]] = counts.get(q["type"], 0) + 1
    kinds = ["single", "multiple", "ordering", "matching", "numeric", "short", "parametric", "scenario"]
    assert {k: counts.get(k, 0) for k in kinds} == {k: max(5, counts.get(k, 0)) for k in kinds}


def test_missing_why_names_file_line_and_field(bank_dir):
    """A missing option explanation is reported at the option's line, with its JSON path."""
    text = header("01-a") + VALID_QUESTION.format(id="q-one").replace("        why: Because not.\n", "")
    bank_dir("01-a.yml", text)
    (msg,) = problems(bank_dir)
    assert "01-a.yml:14: questions[0].options[1]: 'why' is a required property" in msg


def test_yaml_syntax_error_has_line(bank_dir):
    """A YAML syntax error is one message with the line, never a traceback."""
    bank_dir("01-a.yml", header("01-a") + "  - id: x\n    stem: [unclosed\n    type: single\n")
    (msg,) = problems(bank_dir)
    assert msg.startswith(str(bank_dir.dir / "01-a.yml")) or "01-a.yml:" in msg
    assert "YAML syntax error" in msg


def test_duplicate_key_is_reported(bank_dir):
    """PyYAML keeps the last duplicate key silently; the loader reports it at its line."""
    text = header("01-a") + VALID_QUESTION.format(id="q-one").replace(
        "    difficulty: 1\n", "    difficulty: 1\n    difficulty: 2\n")
    bank_dir("01-a.yml", text)
    (msg,) = problems(bank_dir)
    assert ":7: difficulty: duplicate key" in msg


def test_duplicate_id_across_files_names_both(bank_dir):
    """Ids are unique across the whole bank; the message points at the first use."""
    bank_dir("01-a.yml", header("01-a") + VALID_QUESTION.format(id="same-id"))
    bank_dir("02-b.yml", header("02-b") + VALID_QUESTION.format(id="same-id"))
    (msg,) = problems(bank_dir)
    assert "02-b.yml:4: questions[0].id: id 'same-id' is already used at" in msg
    assert "01-a.yml:4" in msg


@pytest.mark.parametrize("change, expected", [
    (("        correct: true\n", ""), "needs exactly 1 correct option(s), found 0"),
    (("    domain: development\n", "    domain: lambda\n"), "questions[0].domain: 'lambda' is not one of"),
    (("    stem: Which one?\n", "    stem: Which one?\n    colour: blue\n"), "unknown field ('colour' was unexpected)"),
    (("https://docs.aws", "http://example.com/docs.aws"), "questions[0].sources[0]"),
    (("    domain: development\n", "    domain: development\n    task: '2.1'\n"), "task 2.1 is not in domain 'development'"),
    (("    type: single\n", "    type: numeric\n    answer: 50\n    tolerance_pct: 10\n"
      "    wrong_answers: [{value: 54, why: close}]\n"), "wrong_answers[0]: is within the tolerance"),
    (("    type: single\n", "    type: multiple\n"), "'select' is a required property"),
])
def test_rule_violations_are_reported(bank_dir, change, expected):
    """Each broken rule yields a message naming the field."""
    bank_dir("01-a.yml", header("01-a") + VALID_QUESTION.format(id="q-one").replace(*change))
    assert any(expected in m for m in problems(bank_dir)), problems(bank_dir)


def test_topic_must_match_file_name(bank_dir):
    """``topic`` equals the file's stem, so lesson shortcodes and files agree."""
    bank_dir("01-a.yml", header("01-b") + VALID_QUESTION.format(id="q-one"))
    (msg,) = problems(bank_dir)
    assert "01-a.yml:1: topic: must equal the file name's stem '01-a'" in msg


def test_broken_compute_snippet_fails_validation(bank_dir):
    """A parametric snippet that raises is a build error naming the ``compute`` field."""
    bank_dir("01-a.yml", header("01-a") + """\
  - id: p-one
    type: parametric
    difficulty: 1
    exams: [DVA-C02]
    domain: development
    params: {rate: {min: 1, max: 3}}
    stem: Rate {rate} and {missing}?
    compute: |
      rate / 0
    sources: [https://docs.aws.amazon.com/lambda/latest/dg/welcome.html]
""")
    found = problems(bank_dir)
    assert any("questions[0].compute: fails with" in m and "ZeroDivisionError" in m for m in found)
    assert any("placeholder {missing} is not in `params`" in m for m in found)


def test_cli_prints_problems_and_fails(bank_dir):
    """``python tools/quizbank DIR`` prints file:line messages and exits 1 on a broken bank."""
    bank_dir("01-a.yml", header("01-a") + VALID_QUESTION.format(id="Bad Id"))
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "quizbank"), str(bank_dir.dir)],
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert "questions[0].id: 'Bad Id' does not match" in run.stderr
    assert "Traceback" not in run.stderr


def test_bank_error_lists_every_problem(bank_dir):
    """All problems are reported together, not just the first."""
    bank_dir("01-a.yml", header("01-a") + VALID_QUESTION.format(id="q-one").replace("        correct: true\n", ""))
    bank_dir("02-b.yml", header("02-x") + VALID_QUESTION.format(id="q-two"))
    with pytest.raises(BankError) as info:
        load_bank(bank_dir.dir)
    assert len(info.value.problems) == 2


PARAMETRIC = """\
  - id: p-one
    type: parametric
    difficulty: 1
    exams: [DVA-C02]
    domain: development
    params: {{rate: {spec}}}
    stem: Rate {{rate}}?
    compute: |
      rate * 2
    sources: [https://docs.aws.amazon.com/lambda/latest/dg/welcome.html]
"""


@pytest.mark.parametrize("spec, expected", [
    ("{min: 5, max: 1}", "takes 0 values"),
    ("{min: 0, max: 1000000000, step: 0.001}", "give between 1 and 10000"),
])
def test_unusable_parameter_ranges_are_reported(bank_dir, spec, expected):
    """An empty or enormous parameter range is a clear problem, not a crash or a memory blow-up."""
    bank_dir("01-a.yml", header("01-a") + PARAMETRIC.format(spec=spec))
    assert any("questions[0].params.rate" in m and expected in m for m in problems(bank_dir)), problems(bank_dir)


from hypothesis import given, settings, strategies as st  # noqa: E402

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False, width=16),
                    st.text("abc{} :-[]", max_size=6))


@settings(max_examples=60, deadline=None)
@given(line=st.integers(0, 12), value=SCALARS, drop=st.booleans())
def test_validator_never_crashes_on_mangled_files(tmp_path_factory, line, value, drop):
    """Replacing or deleting any line of a valid file yields problems or success, never an exception."""
    folder = tmp_path_factory.mktemp("bank")
    lines = (header("01-a") + VALID_QUESTION.format(id="q-one")).splitlines()
    target = line % len(lines)
    if drop:
        del lines[target]
    else:
        key = lines[target].split(":")[0]
        lines[target] = f"{key}: {value!r}" if ":" in lines[target] else repr(value)
    (folder / "01-a.yml").write_text("\n".join(lines) + "\n")
    for problem in validate_bank(folder):
        assert problem.file.endswith("01-a.yml") and problem.line >= 1


def test_every_pool_instance_is_validated(bank_dir):
    """The validator runs the snippet on every draw the browser may be given (the whole build-time
    pool), so a snippet that breaks on a single one of those draws fails the build."""
    from quizbank.compute import pool_draws
    draws = pool_draws({"rate": {"min": 1, "max": 40}})
    bad = draws[-1]["rate"]  # the last instance of the pool, far past the first few seeds
    bank_dir("01-a.yml", header("01-a") + PARAMETRIC.format(spec="{min: 1, max: 40}").replace(
        "rate * 2", f"1 / (rate - {bad})"))
    found = problems(bank_dir)
    assert any("questions[0].compute: fails with {'rate': %d}" % bad in m for m in found), found
