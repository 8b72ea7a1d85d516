"""``tools/quizbank export`` as a person runs it: files written, one warning line, and one
clear line with exit status 2 for a bad format, topic, exam or option."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run the command line the README documents."""
    return subprocess.run([sys.executable, str(ROOT / "tools" / "quizbank"), "export", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("args, named", [
    (["pdf"], "'pdf'"),
    (["anki", "--topic", "no-such-topic"], "'no-such-topic'"),
    (["qti", "--exam", "CLF-C02"], "'CLF-C02'"),
    (["moodle", "--exam"], "--exam"),
    (["anki", "--colour", "red"], "--colour"),
    ([], "format"),
])
def test_bad_requests_get_one_line_and_exit_2(args, named, tmp_path):
    """Each mistake is reported on one line naming what was wrong, with no traceback."""
    result = run(*args, "-o", str(tmp_path / "out"), cwd=tmp_path) if args else run(cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and named in lines[0], result.stderr
    assert not (tmp_path / "out").exists()


def test_export_by_topic_and_exam_with_one_warning_line(tmp_path):
    """A topic and exam filter writes only those questions, to the default file name, and lists
    what the format cannot express on a single ``warning:`` line."""
    from quizbank import load_bank
    from quizbank.exportable import select

    result = run("qti", "--topic", "concurrency", "--exam", "dva-c02", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    target = tmp_path / "cold-start-dva-c02-concurrency-qti.zip"
    expected = {i.id for i in select(load_bank(), ["04-concurrency"], "DVA-C02")}
    with zipfile.ZipFile(target) as archive:
        items = [n for n in archive.namelist() if n.startswith("items/")]
    assert len(items) == len(expected) > 0
    warnings = [line for line in result.stderr.splitlines() if line]
    assert len(warnings) == 1 and warnings[0].startswith("warning: qti cannot express:")


def test_instructor_material_only_when_asked(tmp_path):
    """The compute snippet behind a parametric answer (the worked method instructors see in the
    answer key) is in an export only with --instructor."""
    plain_run = run("moodle", "-o", str(tmp_path / "learner.xml"))
    with_key = run("moodle", "--instructor", "-o", str(tmp_path / "instructor.xml"))
    assert plain_run.returncode == with_key.returncode == 0
    snippets = [" ".join(q["compute"].split()) for f in _bank() for q in f.data["questions"]
                if q["type"] == "parametric"]
    learner, instructor = (feedback_texts(tmp_path / name) for name in ("learner.xml", "instructor.xml"))
    assert snippets
    for snippet in snippets:
        assert snippet in instructor and snippet not in learner


def feedback_texts(path: Path) -> str:
    """All general feedback of a Moodle XML file as plain text."""
    from export_helpers import plain
    from lxml import etree

    return " ".join(plain(node.findtext("text") or "") for node in etree.parse(str(path)).iter("generalfeedback"))


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_selection_is_exactly_the_filter(data):
    """For any set of topics and any exam, the export's items are exactly the bank's items of
    those topics that list that exam, each once, in bank order."""
    from quizbank.exportable import EXAMS, select

    files = _bank()
    topics = data.draw(st.lists(st.sampled_from([f.data["topic"] for f in files]), unique=True, max_size=3))
    exam = data.draw(st.sampled_from([None, *EXAMS]))
    everything = select(files)
    chosen = select(files, topics, exam)
    expected = [i for i in everything if (not topics or i.topic in topics)
                and (exam is None or exam in i.question["exams"])]
    assert [i.id for i in chosen] == [i.id for i in expected]
    assert len({i.id for i in chosen}) == len(chosen)


_cache: dict = {}


def _bank():
    """The bank, loaded once for this module (hypothesis calls the test many times)."""
    from quizbank import load_bank

    if "files" not in _cache:
        _cache["files"] = load_bank()
    return _cache["files"]
