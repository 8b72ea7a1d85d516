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


def local_problems(bank_dir) -> list[str]:
    """Problems with the bank folder left out of the file names."""
    return [m.replace(f"{bank_dir.dir}/", "") for m in problems(bank_dir)]


def test_bank_is_valid():
    """The real bank passes the schema and the semantic rules (its quality is checked further by
    tests/bank and by the build)."""
    assert validate_bank(QUIZZES) == []


def test_bank_has_five_of_every_type():
    """The bank exercises every question type at least five times (issue 4), so every engine
    path has real questions behind it."""
    from quizbank import load_bank
    counts: dict[str, int] = {}
    for loaded in load_bank(QUIZZES):
        for q in loaded.data["questions"]:
            counts[q["type"]] = counts.get(q["type"], 0) + 1
    kinds = ["single", "multiple", "ordering", "matching", "numeric", "short", "parametric", "scenario"]
    assert {k: counts.get(k, 0) >= 5 for k in kinds} == dict.fromkeys(kinds, True), counts


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


#: A scenario set tagged for SAA-C03; its sub-questions inherit `exams` (and `saa_domain` when the
#: set gives one).
SAA_SCENARIO = """\
  - id: scn-saa
    type: scenario
    difficulty: 3
    exams: [DVA-C02, SAA-C03]
    domain: development
    sources: [https://docs.aws.amazon.com/lambda/latest/dg/welcome.html]
    scenario: A team runs an API on Lambda.
    questions:
      - id: scn-saa-one
        type: single
        stem: Which one?
        options:
          - {text: This one., correct: true, why: Because.}
          - {text: That one., why: Because not.}
      - id: scn-saa-two
        type: single
        saa_domain: resilient
        stem: Which other one?
        options:
          - {text: This one., correct: true, why: Because.}
          - {text: That one., why: Because not.}
"""


def test_saa_question_without_saa_domain_is_rejected(bank_dir):
    """An SAA-C03 question must say which SAA-C03 domain it belongs to (the mock exam draws by
    it); the message names the question's line. With the field, the same question is valid."""
    saa = VALID_QUESTION.format(id="q-saa").replace("exams: [DVA-C02]", "exams: [DVA-C02, SAA-C03]")
    bank_dir("01-a.yml", header("01-a") + saa)
    assert local_problems(bank_dir) == [
        "01-a.yml:4: questions[0]: questions for SAA-C03 need `saa_domain`"]
    bank_dir("01-a.yml", header("01-a") + saa.replace("    domain: development\n",
                                                      "    domain: development\n    saa_domain: cost\n"))
    assert local_problems(bank_dir) == []


def test_scenario_sub_question_inherits_the_exam_list_and_needs_saa_domain(bank_dir):
    """A sub-question inherits `exams: [.., SAA-C03]` from its set, so it needs `saa_domain`
    from itself or the set: the set and its first sub-question (none anywhere) are reported at
    their own lines, the second sub-question (its own) is not; once the set gives one, all pass."""
    bank_dir("01-a.yml", header("01-a") + SAA_SCENARIO)
    assert local_problems(bank_dir) == [
        "01-a.yml:4: questions[0]: questions for SAA-C03 need `saa_domain`",
        "01-a.yml:12: questions[0].questions[0]: questions for SAA-C03 need `saa_domain`"]
    bank_dir("01-a.yml", header("01-a") + SAA_SCENARIO.replace(
        "    domain: development\n", "    domain: development\n    saa_domain: secure\n", 1))
    assert local_problems(bank_dir) == []


def test_multiple_response_stem_must_say_how_many(bank_dir):
    """A multiple-response stem says how many to choose, as the exam does ("(Choose TWO.)")."""
    multi = VALID_QUESTION.format(id="q-multi").replace("    type: single\n", "    type: multiple\n    select: 2\n")
    multi = multi.replace("        why: Because not.\n", "        why: Because not.\n"
                          "      - text: Also this.\n        correct: true\n        why: Because too.\n")
    bank_dir("01-a.yml", header("01-a") + multi)
    assert local_problems(bank_dir) == [
        "01-a.yml:10: questions[0].stem: must say how many to choose: '(Choose TWO.)'"]
    bank_dir("01-a.yml", header("01-a") + multi.replace("Which one?", "Which ones? (Choose TWO.)"))
    assert local_problems(bank_dir) == []


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


COMPUTED = """\
  - id: p-choice
    type: parametric
    difficulty: 1
    exams: [DVA-C02]
    domain: development
    params: {{quota: {{choices: [1000, 2000]}}, reserved: {{min: 150, max: 500, step: 50}}}}
    stem: Quota {{quota}}, reserved {{reserved}}. How much can another function reserve?
    compute: |
      left = quota - reserved
      left - 100
    unit: concurrent executions
    answer_why: 100 units stay unreserved.
    misconceptions:
      - compute: left
        why: Forgets the 100 unreserved units.
      - compute: {second}
        why: Forgets the existing reservation.
      - compute: quota
        why: Forgets both.
    sources: [https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html]
"""


def test_a_computed_single_answer_is_valid(bank_dir):
    """Three misconceptions, each a snippet that sees the question's own variables (``left``),
    make a valid question: four different options on every draw."""
    bank_dir("01-a.yml", header("01-a") + COMPUTED.format(second="quota - 100"))
    assert problems(bank_dir) == []


def test_coinciding_options_name_the_misconception_and_its_line(bank_dir):
    """A misconception whose number prints the same as the right answer's on some draw is refused,
    at the misconception's line, naming the draw and the option text they share."""
    # quota - 250 + 2 × (reserved - 150) equals the answer, quota - reserved - 100, only when
    # reserved is 150: the options coincide on some draws of the pool, not on all of them.
    bank_dir("01-a.yml", header("01-a") + COMPUTED.format(second="quota - 250 + (reserved - 150) * 2"))
    (msg,) = local_problems(bank_dir)
    assert msg.startswith("01-a.yml:19: questions[0].misconceptions[1]: with {")
    assert "'reserved': 150" in msg and "gives '750 concurrent executions'" in msg
    assert "the same option as the right answer" in msg


@pytest.mark.parametrize("second, expected", [("lots", "NameError: name 'lots' is not defined"),
                                               ("\"'lots'\"", "returned 'lots': a number is needed")])
def test_a_misconception_that_fails_names_its_own_snippet(bank_dir, second, expected):
    """A misconception snippet that raises, or gives no number, is reported at its own
    ``compute`` field and line, not the question's."""
    bank_dir("01-a.yml", header("01-a") + COMPUTED.format(second=second))
    (msg,) = local_problems(bank_dir)
    assert msg.startswith("01-a.yml:19: questions[0].misconceptions[1].compute: with {") and expected in msg, msg


@pytest.mark.parametrize("extra, field", [("    tolerance: 1\n", "tolerance"),
                                          ("    options: [{text: a, why: b}, {text: c, why: d}]\n", "options")])
def test_computed_options_exclude_fixed_ones(bank_dir, extra, field):
    """Options, wrong answers and tolerances belong to the other forms: with misconceptions
    they are refused, naming the field."""
    bank_dir("01-a.yml", header("01-a") + COMPUTED.format(second="quota - 100") + extra)
    assert any(f"questions[0].{field}: `{field}` does not go with `misconceptions`" in m
               for m in problems(bank_dir)), problems(bank_dir)


def test_misconceptions_need_three_and_a_reason_for_the_answer(bank_dir):
    """The exam's multiple choice has four options: exactly three misconceptions, and the right
    option explained (``answer_why``); only parametric questions compute options."""
    text = COMPUTED.format(second="quota - 100").replace("    answer_why: 100 units stay unreserved.\n", "")
    text = text.replace("      - compute: quota\n        why: Forgets both.\n", "")
    bank_dir("01-a.yml", header("01-a") + text)
    found = problems(bank_dir)
    assert any("questions[0].misconceptions: " in m and "is too short" in m for m in found), found
    assert any("'answer_why' is a dependency of 'misconceptions'" in m for m in found), found
