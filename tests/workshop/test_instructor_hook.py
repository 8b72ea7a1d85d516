"""tools/hooks/instructor.py: the build flag decides which files exist; bad shortcodes fail."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools" / "hooks"))

import instructor  # noqa: E402


def files_of(*uris: str) -> Files:
    """A Files collection holding documentation pages with these source URIs."""
    return Files([File(uri, src_dir=str(ROOT / "docs"), dest_dir="/tmp/out", use_directory_urls=True)
                  for uri in uris])


def page_at(uri: str):
    return SimpleNamespace(file=SimpleNamespace(src_uri=uri))


def test_learner_build_drops_instructor_files(monkeypatch):
    """Without the flag, every file under instructors/ leaves the build; the others stay."""
    monkeypatch.delenv(instructor.FLAG, raising=False)
    kept = instructor.on_files(files_of("index.md", "instructors/index.md",
                                        "instructors/answer-key-labs.md", "cheat-sheet.md"), config={})
    assert sorted(f.src_uri for f in kept) == ["cheat-sheet.md", "index.md"]


def test_instructor_build_keeps_them_and_adds_the_nav(monkeypatch):
    """With COLD_START_INSTRUCTOR=1 the files stay, the nav gains the Instructors section and
    the default site folder moves to build/instructor-site."""
    monkeypatch.setenv(instructor.FLAG, "1")
    kept = instructor.on_files(files_of("index.md", "instructors/index.md"), config={})
    assert len(kept) == 2
    config = {"nav": [{"Home": "index.md"}], "site_dir": str(ROOT / "site"), "site_name": "Cold Start"}
    config = instructor.on_config(config)
    assert config["nav"][-1] == {"Instructors": instructor.NAV}
    assert Path(config["site_dir"]) == instructor.INSTRUCTOR_SITE
    assert "instructor" in config["site_name"]


def test_unknown_answer_key_names_file_and_line():
    """An answer-key shortcode with an unknown argument fails with the page's file and line."""
    with pytest.raises(PluginError, match=r"docs/instructors/x\.md:3: .*'labs' or 'quizzes'.*'exams'"):
        instructor.on_page_markdown("# X\n\n<!-- instructor-answer-key: exams -->\n",
                                    page_at("instructors/x.md"), config={}, files=None)


def test_mistakes_cover_every_named_misconception():
    """The common-mistakes page names every misconception that any lab exercise recognises."""
    from sandbox.lab import LAB_IDS, exercises_for

    text = instructor.on_page_markdown("<!-- instructor-lab-mistakes -->", page_at("instructors/m.md"),
                                       config={}, files=None)
    for lab_id in LAB_IDS:
        assert f"Lab {lab_id}" in text
        for exercise in exercises_for(lab_id):
            for misconception in exercise.misconceptions:
                assert misconception.message in text, (lab_id, misconception.name)
