"""Every code sample in lessons 01–08 is a file that runs: each docs/snippets/NN-slug/*.py is
executed and its output compared with the saved transcript beside it (x.py -> x.out), handlers
are called with sample events, and every include in a lesson points at a snippet that exists.

Regenerate the transcripts after an intended change with: UPDATE_SNIPPETS=1 pytest tests/lessons
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import runpy
from pathlib import Path

import pytest

from _load import ROOT

DOCS = ROOT / "docs"
OWNED = re.compile(r"^0[1-8]-")
SNIPPETS = sorted(p for d in (DOCS / "snippets").glob("0[1-8]-*") if d.is_dir() for p in d.glob("*.py"))
INCLUDE = re.compile(r'--8<--\s+"(?P<path>snippets/[^"]+)"')


def run_snippet(path: Path) -> tuple[dict, str]:
    """Run a snippet as a script; return its globals and what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        namespace = runpy.run_path(str(path), run_name="__main__")
    return namespace, out.getvalue()


def load(relative: str) -> dict:
    """The globals of docs/snippets/<relative> after running it (its demo output discarded)."""
    return run_snippet(DOCS / "snippets" / relative)[0]


@pytest.mark.parametrize("path", SNIPPETS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_snippet_output_matches_transcript(path, monkeypatch):
    """A snippet prints exactly its saved transcript (so the page never shows code that broke).
    Environment variables a snippet reads are unset, so it runs with the defaults the page shows."""
    for name in re.findall(r'os\.environ(?:\.get)?\(\s*"([A-Z0-9_]+)"', path.read_text(encoding="utf-8")):
        monkeypatch.delenv(name, raising=False)
    _, printed = run_snippet(path)
    transcript = path.with_suffix(".out")
    if os.environ.get("UPDATE_SNIPPETS"):
        transcript.write_text(printed, encoding="utf-8")
    assert transcript.exists(), f"{transcript.relative_to(ROOT)} missing: run with UPDATE_SNIPPETS=1"
    assert printed == transcript.read_text(encoding="utf-8")


def lesson_includes() -> dict[str, list[str]]:
    """Snippet paths included by each of lessons 01–08."""
    return {p.name: INCLUDE.findall(p.read_text(encoding="utf-8"))
            for p in sorted((DOCS / "lessons").glob("0[1-8]-*.md"))}


def test_every_include_exists_and_every_snippet_is_shown():
    """Lessons include only existing snippets, and no snippet file is orphaned."""
    included = {path for paths in lesson_includes().values() for path in paths}
    for path in included:
        assert (DOCS / path).is_file(), f"included but missing: docs/{path}"
    shown = {f"snippets/{p.parent.name}/{p.name}" for p in SNIPPETS}
    assert shown <= included, f"snippets never included by a lesson: {sorted(shown - included)}"


def test_concurrency_estimate():
    """concurrency = requests/s × duration (s), rounded up: 100 rps × 500 ms = 50
    (https://docs.aws.amazon.com/lambda/latest/dg/lambda-concurrency.html)."""
    estimate = load("04-concurrency/estimate.py")
    assert estimate["required_concurrency"](100, 500) == 50
    assert estimate["required_concurrency"](10, 1) == 1
    assert estimate["fits"](2_000, 250, available_concurrency=500)
    assert not estimate["fits"](2_000, 251, available_concurrency=500)


def test_scaling_rate():
    """1,000 environments at once, then 1,000 per 10 s per function
    (https://docs.aws.amazon.com/lambda/latest/dg/scaling-behavior.html)."""
    seconds = load("04-concurrency/scale_up.py")["seconds_to_reach"]
    assert seconds(1_000) == 0
    assert seconds(2_000) == 10
    assert seconds(5_000, already_warm=5_000) == 0
