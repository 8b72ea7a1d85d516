"""Exam-grade gates for the question bank (issue 15): practice that feels like the real exam.

Mock exams draw only the real exam's formats; their stems and options look like the exam's;
option length gives nothing away; no question asks the same idea twice; the pool fills several
honest mock exams; every answer is explained; every question whose concept the model implements
links the playground. The measured figures are printed on every run (``pytest tests/bank``), so
a reviewer sees the numbers behind each pass.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bankstats  # noqa: E402
import concepts  # noqa: E402
import ideas  # noqa: E402
import mockstats  # noqa: E402
from quizbank.compute import param_values, shown, substitute  # noqa: E402
from quizbank.mockpool import exam_format, mock_eligible  # noqa: E402
from quizbank.package import build, load_blueprints  # noqa: E402

TOPICS = bankstats.load_topics()
QUESTIONS = bankstats.questions(TOPICS)
BLUEPRINTS = load_blueprints()
POOLS = {exam: mockstats.pool(TOPICS, bp) for exam, bp in BLUEPRINTS.items()}


def test_measured_figures_are_printed(capsys):
    """The bank report (format mix, option counts, pool depth per domain, length bias,
    qualifiers, lengths, dates, same-idea pairs) is printed with the test run, and names
    every measure the gates below rely on."""
    text = bankstats.report()
    with capsys.disabled():
        print("\n--- question bank figures (tests/bank/bankstats.py) ---\n" + text + "\n---")
    for measure in ("format mix", "option counts", "mock pool", "longest option(s) right",
                    "capitalised qualifier", "full exams without reuse", "same-idea pairs"):
        assert measure in text


# ---------------------------------------------------------------- 1. the exam's formats only

@pytest.mark.parametrize("question, expected", [
    ({"type": "single", "options": [{}] * 4}, "single"),
    ({"type": "single", "options": [{}] * 3}, None),
    ({"type": "multiple", "select": 2, "stem": "Which? (Choose TWO.)", "options": [{}] * 5}, "multiple"),
    ({"type": "multiple", "select": 2, "stem": "Which? (Choose TWO.)", "options": [{}] * 4}, None),
    ({"type": "multiple", "select": 3, "stem": "Which? (Choose TWO.)", "options": [{}] * 6}, None),
    ({"type": "multiple", "select": 3, "stem": "Which?\n(Choose THREE.)", "options": [{}] * 6}, "multiple"),
    ({"type": "ordering", "items": [{}] * 4}, None),
    ({"type": "parametric", "options": [{}] * 4}, None),
    ({"type": "parametric", "misconceptions": [{}] * 3}, "single"),
], ids=["1-of-4", "1-of-3", "2-of-5", "2-of-4", "3-of-6-says-two", "3-of-6", "ordering", "parametric",
        "computed-1-of-4"])
def test_exam_format_rule(question, expected):
    """Only 1-of-4 single answers and k-of-≥5 multiple responses whose stem says k are in an
    exam format; everything else is practice-only."""
    assert exam_format(question) == expected


def test_an_author_can_keep_an_exam_format_question_out_of_mocks():
    """`practice_only: true` removes an exam-format question from the mock pool."""
    q = {"type": "single", "options": [{}] * 4, "exams": ["DVA-C02"], "domain": "security"}
    assert mock_eligible(q) and not mock_eligible({**q, "practice_only": True})


def test_the_browser_bank_marks_every_non_exam_format_practice_only():
    """In the bank the build ships, a question is drawable (practice_only false) exactly when it
    is in an exam format and its author did not mark it practice-only — the flag the mock-exam
    draw in web/quiz/blueprint.js reads."""
    shipped = {q["id"]: q["practice_only"] for q in build()["questions"]}
    source = {q["id"]: q for data in TOPICS.values() for q in data["questions"]}
    assert shipped.keys() == source.keys()
    wrong = [qid for qid, flag in shipped.items() if flag == mock_eligible(source[qid])]
    assert wrong == []


@pytest.mark.parametrize("exam", sorted(BLUEPRINTS))
def test_mock_pool_holds_both_exam_formats(exam):
    """The pool has multiple-response questions (k of ≥5) as well as single answers (1 of 4):
    at least 10 % of it, as the real exam mixes both."""
    kinds = [exam_format(q) for q in POOLS[exam]]
    assert set(kinds) == {"single", "multiple"}
    assert kinds.count("multiple") / len(kinds) >= 0.10, kinds.count("multiple")


# ---------------------------------------------------------------- 2. stems and options

#: "About chance": the longest option(s) may be the right one(s) at most this far from chance.
CHANCE_MARGIN = 0.05


@pytest.mark.parametrize("exam", sorted(BLUEPRINTS))
@pytest.mark.parametrize("kind", ["single", "multiple"])
def test_option_length_is_no_giveaway_in_the_mock_pool(exam, kind):
    """'Pick the longest' (single) or 'pick the k longest' (multiple response) finds the right
    answer at about chance (±5 points): 25 % for 1 of 4, 10 % for 2 of 5."""
    share, chance, n = mockstats.length_bias(POOLS[exam])[kind]
    assert abs(share - chance) <= CHANCE_MARGIN, f"{exam} {kind}: {share:.0%} vs chance {chance:.0%} (n={n})"


def test_length_bias_measure_detects_the_two_longest_giveaway():
    """The measure works: when the two right options are the two longest, it counts."""
    options = [{"text": "x" * 90, "correct": True}, {"text": "x" * 80, "correct": True},
               {"text": "x" * 40}, {"text": "x" * 30}, {"text": "x" * 20}]
    q = {"type": "multiple", "select": 2, "options": options}
    assert mockstats.longest_are_correct(q) and mockstats.chance(q) == 0.1
    options[2] = {"text": "x" * 85}
    assert not mockstats.longest_are_correct(q)


#: Share of mock-pool stems that carry a capitalised qualifier (MOST, LEAST…).
QUALIFIER_SHARE = 0.30


@pytest.mark.parametrize("exam", sorted(BLUEPRINTS))
def test_mock_stems_use_capitalised_qualifiers(exam):
    """At least 30 % of mock-pool stems ask for the MOST/LEAST option, as the exam does."""
    share = mockstats.qualifier_share(POOLS[exam])
    assert share >= QUALIFIER_SHARE, f"{exam}: {share:.0%}"


#: The median option of a mock pool, in characters: the exam's options are whole solutions of about
#: 150–250 characters; recall items (a limit, a number) keep short ones, so the median sits lower.
MEDIAN_OPTION_CHARS = 110


@pytest.mark.parametrize("exam", sorted(BLUEPRINTS))
def test_mock_options_are_whole_solutions_not_keywords(exam):
    """The median mock-pool option is at least 110 characters (it was 54 when options were
    keywords such as "A NAT gateway."): each option describes a complete approach."""
    _, option = mockstats.median_lengths(POOLS[exam])
    assert option >= MEDIAN_OPTION_CHARS, f"{exam}: median option {option:.0f} characters"


@pytest.mark.parametrize("exam", sorted(BLUEPRINTS))
def test_mock_items_carry_no_dates(exam):
    """Mock items test how services work, not when a feature launched: no year or month name
    in a stem or option (dated items stay in lessons and practice)."""
    assert mockstats.dated(POOLS[exam]) == {}


# ---------------------------------------------------------------- 3. explained and unique

@pytest.mark.parametrize("kind", ["numeric", "ordering", "matching", "short"])
def test_every_answer_is_explained(kind):
    """Numeric, ordering, matching and short-answer questions explain the answer
    (`explanation`), and numeric and short ones name at least one known wrong answer."""
    missing = [q.id for q in QUESTIONS if q.type == kind and not q.data.get("explanation")]
    assert missing == []
    if kind in ("numeric", "short"):
        assert [q.id for q in QUESTIONS if q.type == kind and not q.data.get("wrong_answers")] == []


#: Pairs the same-idea detector flags that a person read and found to ask different things.
DISTINCT = {
    frozenset({"apigw-cognito-vs-lambda-authorizer", "sec-cognito-claims"}):
        "which authorizer validates user pool tokens vs where the function reads the validated claims",
    frozenset({"apigw-http-iam-auth", "sec-iam-auth-api"}):
        "whether HTTP APIs support IAM authorization vs which authorization suits workloads without secrets",
    frozenset({"sec-cross-account-invoke", "sec-same-account-invoke"}):
        "who needs a resource-based policy: another account vs the same account",
    frozenset({"edge-trigger-order", "edge-origin-timeout-numeric"}):
        "the order of Lambda@Edge events vs the origin events' timeout",
    frozenset({"edge-viewer-timeout", "edge-origin-timeout-numeric"}):
        "viewer-event timeout vs origin-event timeout",
    frozenset({"pkg-sign-in-pipeline", "sec-code-signing-enforce"}):
        "the signing pipeline's steps vs which setting rejects unsigned code",
    frozenset({"inv-model-match", "inv-sync-vs-async-facts"}):
        "three invocation models matched vs two facts about sync and async",
    frozenset({"seed-short-latest", "seed-scn-release-match"}):
        "the name of the editable version vs versions and aliases matched in a release",
    frozenset({"sec-secrets-extension-perms", "sec-secrets-cross-account-cmk"}):
        "same-account permissions for the extension vs the cross-account resource policies",
    frozenset({"cost-free-tier-param", "cost-arm-vs-x86-param"}):
        "a bill after the free tier vs the Arm saving",
    frozenset({"model-free-tier", "cost-free-tier-param"}):
        "what the free tier includes vs computing a bill after it",
    frozenset({"seed-num-concurrency", "seed-scn-flash-sale-need"}):
        "the rule on its own vs one step of a flash-sale case",
    frozenset({"cost-scn-tuning-monthly", "seed-num-gb-seconds"}):
        "a monthly bill at two memory sizes vs GB-seconds of one workload",
    frozenset({"sec-assume-role-cross-account", "sec-execution-role-trust-policy"}):
        "a cross-account role chain vs the Lambda service principal in a trust policy",
    frozenset({"sec-assume-role-cross-account", "sec-cross-account-s3"}):
        "assuming a role in the other account vs a bucket policy without a role",
    frozenset({"edge-viewer-timeout", "edge-viewer-memory"}): "viewer-event timeout vs memory",
    frozenset({"pkg-param-threads-duration", "pkg-vcpu-param"}):
        "how long multi-threaded work takes at a memory size vs how many vCPUs that size gets",
    frozenset({"trig-param-sqs-batches", "trig-sqs-throughput-param"}):
        "invocations needed to drain a backlog vs messages per second under maximum concurrency",
    frozenset({"obs-xray-permissions", "obs-xray-sdk-maintenance"}):
        "why no traces appear (role permissions, instrumentation) vs which instrumentation to adopt",
    frozenset({"orch-express-semantics", "orch-scn-iot-readings"}):
        "matching both workflow types to their semantics vs choosing one for a high-volume scenario",
}


def test_no_two_questions_test_the_same_idea():
    """The same-idea detector (tests/bank/ideas.py) flags no pair outside the reviewed list, and
    every reviewed pair still scores near the limit (within 0.1 of it): an entry that no longer
    resembles its partner is stale and must go, so the list stays a record of real look-alikes."""
    near = {frozenset((a, b)): sim for a, b, sim in
            ideas.same_idea_pairs(QUESTIONS, limit=ideas.SAME_IDEA - 0.1) if not _same_scenario(a, b)}
    unexpected = {tuple(sorted(pair)): sim for pair, sim in near.items()
                  if sim >= ideas.SAME_IDEA and pair not in DISTINCT}
    assert unexpected == {}, "same idea asked twice (remove one, or review and list in DISTINCT)"
    assert [tuple(sorted(p)) for p in DISTINCT if p not in near] == []


def _same_scenario(a: str, b: str) -> bool:
    """Two sub-questions of one scenario set share its context by design."""
    sets = {q.id: q.scenario_id for q in QUESTIONS}
    return sets[a] is not None and sets[a] == sets[b]


def test_same_idea_detector_catches_a_rewording_with_little_shared_text():
    """A question that asks the bank's rate × duration idea in other words (few shared
    3-word shingles, so the text detector misses it) is caught by the idea detector."""
    original = next(q for q in QUESTIONS if q.id == "seed-num-concurrency")
    reworded = bankstats.Question("x", {
        "id": "reworded", "type": "numeric", "unit": "concurrent executions",
        "stem": "Requests arrive at 200 per second; every invocation lasts 250 ms. What "
                "concurrency does the function reach in steady state?",
        "answer": 50})
    assert bankstats.near_duplicates([original, reworded]) == []
    pairs = ideas.same_idea_pairs([q for q in QUESTIONS] + [reworded])
    assert any({a, b} == {"seed-num-concurrency", "reworded"} for a, b, _ in pairs)


# ---------------------------------------------------------------- 4. depth and the playground

#: Full mock exams, at blueprint weights and without reusing a question, the pool must fill.
FULL_EXAMS = {"DVA-C02": 3, "SAA-C03": 2}


@pytest.mark.parametrize("exam", sorted(FULL_EXAMS))
def test_pool_fills_several_honest_mock_exams(exam):
    """DVA-C02: three full mock exams; SAA-C03 (serverless subset): two; each domain of the
    blueprint has quota × exams questions, so no exam repeats one."""
    depth = mockstats.depth(TOPICS, BLUEPRINTS[exam])
    short = {k: (have, need * FULL_EXAMS[exam]) for k, (have, need) in depth.items()
             if have < need * FULL_EXAMS[exam]}
    assert short == {}, f"{exam}: domains short of {FULL_EXAMS[exam]} exams (have, need): {short}"


#: Computed single answers (four options the model computes: the right number and three
#: misconceptions') each mock pool must hold (issue 15 §4: simulator-backed items in the exam's
#: formats).
COMPUTED_SINGLES = {"DVA-C02": 8, "SAA-C03": 5}


@pytest.mark.parametrize("exam", sorted(COMPUTED_SINGLES))
def test_mock_pools_hold_simulator_backed_computed_single_answers(exam, capsys):
    """Each mock pool holds at least its quota of computed single answers, every one of them
    computed with the course's model (its snippet imports ``sandbox``) and shipped with a pool
    of instances, each of four different options."""
    computed = mockstats.computed_singles(POOLS[exam])
    with capsys.disabled():
        print(f"\n{exam}: {len(computed)} computed single answers in the mock pool: "
              + ", ".join(q["id"] for q in computed))
    assert len(computed) >= COMPUTED_SINGLES[exam]
    assert [q["id"] for q in computed if "sandbox" not in q["compute"]] == []
    shipped = {q["id"]: q for q in build()["questions"]}
    for q in computed:
        pool = shipped[q["id"]]["pool"]
        assert pool and not shipped[q["id"]]["practice_only"], q["id"]
        assert all(len({o["text"] for o in i["options"]}) == 4 for i in pool), q["id"]


@pytest.mark.parametrize("exam, page", [("DVA-C02", "exam.md"), ("SAA-C03", "exam-saa.md")])
def test_blueprints_and_pages_say_serverless_subset(exam, page):
    """Each mock exam covers only the serverless part of its exam guide; its blueprint's title
    and its page both say "serverless subset", and the page mounts that blueprint's exam."""
    assert "serverless subset" in BLUEPRINTS[exam]["title"]
    text = (bankstats.ROOT / "docs" / "practice" / page).read_text(encoding="utf-8")
    assert "serverless subset" in text and f"<!-- quiz-exam: {exam} -->" in text


def test_every_question_on_a_modelled_concept_links_the_playground():
    """Each top-level question tagged with a concept the model implements (tests/bank/concepts.py)
    has `show_me`, naming a preset that exists."""
    presets = {p.stem for p in (bankstats.ROOT / "sandbox" / "presets").glob("*.toml")}
    assert set(concepts.CONCEPT_PRESETS.values()) <= presets
    missing = [q["id"] for q in mockstats.top_level(TOPICS) if concepts.concept_tags(q) and "show_me" not in q]
    assert missing == []


# ---------------------------------------------------------------- numbers as the docs print them

@given(st.integers(min_value=-10**9, max_value=10**9))
def test_shown_groups_thousands_and_keeps_the_value(n):
    """`shown` prints a number with comma-separated groups of three digits from 1,000 up
    ("600,000"), never changes its value, and leaves smaller numbers as they are."""
    text = shown(n)
    assert int(text.replace(",", "")) == n
    if abs(n) >= 1000:
        assert re.fullmatch(r"-?\d{1,3}(,\d{3})+", text)
    else:
        assert text == str(n)


@pytest.mark.parametrize("question", [q for q in QUESTIONS if q.type == "parametric"], ids=lambda q: q.id)
def test_parametric_stems_print_thousands_separators(question):
    """Filled in with its largest values, a parametric stem prints every parameter of 1,000 or
    more with separators ("600,000", not "600000")."""
    params = question.data["params"]
    values = {name: max(param_values(spec)) for name, spec in params.items()}
    values = {k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in values.items()}
    stem = substitute(question.data["stem"], values, group=True)
    for name in set(re.findall(r"\{([a-z_][a-z0-9_]*)\}", question.data["stem"])):
        if isinstance(values[name], (int, float)) and values[name] >= 1000:
            assert f"{values[name]:,}" in stem and not re.search(rf"\b{values[name]}\b", stem), stem
