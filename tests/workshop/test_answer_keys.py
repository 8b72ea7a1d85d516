"""The learner build contains no answer keys; the instructor edition contains all of them."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from sandbox.lab import LAB_IDS, exercises_for

MARKERS = ("cs-answer-key", "data-answer-key")
TAG = re.compile(r"<[^>]+>")


def plain_texts(site: Path) -> dict[str, str]:
    """Every file of a build as searchable plain text: raw, and for HTML/JSON also as read."""
    texts = {}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        raw = path.read_bytes().decode("utf-8", errors="ignore")
        views = [raw]
        if path.suffix == ".html":
            views.append(html.unescape(TAG.sub("", raw)))
        elif path.suffix == ".json":
            try:
                views.append(html.unescape(TAG.sub("", json.dumps(json.loads(raw), ensure_ascii=False))))
            except ValueError:
                pass
        texts[path.relative_to(site).as_posix()] = " ".join(" ".join(views).split())
    return texts


def lab_solutions() -> list[str]:
    """Every lab exercise's reference solution cell."""
    return [exercise.solution for lab_id in LAB_IDS for exercise in exercises_for(lab_id)]


def quiz_correct_texts() -> list[str]:
    """A sample of correct-answer texts from the bank: long correct options of single questions
    (long enough not to occur by chance in a lesson), every fourth one."""
    from quizbank import load_bank

    texts = [option["text"] for loaded in load_bank() for q in loaded.data["questions"]
             if q["type"] == "single" for option in q["options"]
             if option.get("correct") and len(option["text"]) >= 45 and "`" not in option["text"]
             and "*" not in option["text"]]
    return texts[::4]


def found(needle: str, texts: dict[str, str]) -> list[str]:
    """Files whose plain text contains ``needle`` (whitespace-normalised)."""
    needle = " ".join(needle.split())
    pattern = re.compile(re.escape(needle) + r"(?![\w=.(])")
    return [name for name, text in texts.items() if pattern.search(text)]


@pytest.fixture(scope="module")
def learner_texts(learner_site):
    return plain_texts(learner_site)


@pytest.fixture(scope="module")
def instructor_texts(instructor_site):
    return plain_texts(instructor_site)


def test_learner_build_has_no_instructor_pages_or_markers(learner_site, learner_texts):
    """No file under instructors/, and no answer-key marker in any file of the learner build."""
    assert not (learner_site / "instructors").exists()
    leaks = {marker: files for marker in MARKERS if (files := [n for n, t in learner_texts.items()
                                                                 if marker in t])}
    assert not leaks, f"answer-key markers in the learner build: {leaks}"
    assert not [n for n, t in learner_texts.items() if "instructors/" in t], \
        "a learner page links to the instructor pages"


def test_learner_build_has_no_lab_solutions(learner_texts):
    """No lab reference solution cell appears in plain text anywhere in the learner build."""
    leaks = {s: f for s in lab_solutions() if (f := found(s, learner_texts))}
    assert not leaks, f"lab solutions in the learner build: {leaks}"


def test_learner_build_has_no_quiz_answer_texts(learner_texts):
    """A sample of correct quiz options never appears in plain text in the learner build (the
    bank ships obfuscated; only the instructor key spells the answers out)."""
    sample = quiz_correct_texts()
    assert len(sample) >= 10
    leaks = {s: f for s in sample if (f := found(s, learner_texts))}
    assert not leaks, f"correct answers in plain text in the learner build: {leaks}"


def test_instructor_build_has_every_key(instructor_site, instructor_texts, stable_correct_texts):
    """The instructor edition has both answer keys (with markers), every lab solution and the
    sampled quiz answers, on its instructors/ pages."""
    labs = instructor_texts["instructors/answer-key-labs/index.html"]
    quizzes = instructor_texts["instructors/answer-key-quizzes/index.html"]
    assert 'data-answer-key="labs"' in labs and 'data-answer-key="quizzes"' in quizzes
    missing = [s for s in lab_solutions() if " ".join(s.split()) not in labs]
    assert not missing, f"lab solutions missing from the key: {missing}"
    sample = [s for s in quiz_correct_texts() if s in stable_correct_texts]
    assert len(sample) >= 10
    missing = [s for s in sample if " ".join(s.split()) not in quizzes]
    assert not missing, f"quiz answers missing from the key: {missing}"
    for page in ("index.html", "agendas/index.html", "facilitation/index.html",
                 "mistakes/index.html", "worksheets/index.html"):
        assert (instructor_site / "instructors" / page).is_file(), page


def test_lab_key_shows_the_feedback_learners_get(instructor_texts):
    """Every known wrong cell's row in the lab answer key shows the message the real checker
    gives for it (as the golden transcript records it), never a placeholder such as "generic:"."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "labs"))
    from transcript import transcript

    key = instructor_texts["instructors/answer-key-labs/index.html"]
    assert "generic:" not in key
    rows = [row for exercises in transcript().values() for record in exercises.values()
            for row in record["answers"][1:]]
    assert len(rows) > 100
    # Backticks become <code> on the page; the text inside stays.
    missing = [row["feedback"] for row in rows if " ".join(row["feedback"].replace("`", "").split()) not in key]
    assert not missing, f"{len(missing)} of {len(rows)} rows differ from the checker, e.g. {missing[:2]}"
