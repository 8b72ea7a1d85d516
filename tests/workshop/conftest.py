"""Fixtures for the workshop kit: private learner and instructor builds of the site.

Other work rebuilds the shared ``site/`` at any moment, so these tests build their own copies
(the same ``mkdocs build --strict`` that tools/build.py runs, into a temporary folder). They need
build/web and build/pyodide from ``make build``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))


def mkdocs_build(target: Path, instructor: bool, site_url: str | None = None) -> Path:
    """Build the site into ``target`` (the instructor edition when ``instructor``; published at
    ``site_url`` when given, through the COLD_START_SITE_URL setting of mkdocs.yml)."""
    for needed in ("build/web/runtime.js", "build/pyodide/pyodide.asm.wasm"):
        if not (ROOT / needed).exists():
            pytest.fail(f"{needed} is missing: run `make build` first.")
    env = {k: v for k, v in os.environ.items() if k != "COLD_START_INSTRUCTOR"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    if instructor:
        env["COLD_START_INSTRUCTOR"] = "1"
    if site_url:
        env["COLD_START_SITE_URL"] = site_url
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                             "-d", str(target)], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=600)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
    return target


@pytest.fixture(scope="session")
def build_site():
    """``mkdocs_build`` for tests that need a build of their own (e.g. another site_url)."""
    return mkdocs_build


@pytest.fixture(scope="session")
def learner_site(tmp_path_factory) -> Path:
    """A fresh learner build (no instructor flag) in a temporary folder."""
    return mkdocs_build(tmp_path_factory.mktemp("learner") / "site", instructor=False)


#: Correct option texts present in the bank both before and after the instructor build (other
#: work edits quizzes/ while tests run; only these are sure to be in that build's key).
STABLE_CORRECT_TEXTS: set[str] = set()


def correct_option_texts() -> set[str]:
    """Every correct option text of the bank's single-answer questions, as it is now."""
    from quizbank import load_bank

    return {option["text"] for loaded in load_bank() for q in loaded.data["questions"]
            if q["type"] == "single" for option in q["options"] if option.get("correct")}


@pytest.fixture(scope="session")
def instructor_site(tmp_path_factory) -> Path:
    """A fresh instructor-edition build in a temporary folder."""
    before = correct_option_texts()
    site = mkdocs_build(tmp_path_factory.mktemp("instructor") / "site", instructor=True)
    STABLE_CORRECT_TEXTS.update(before & correct_option_texts())
    return site


@pytest.fixture(scope="session")
def learner_url(learner_site):
    """The learner build served by tools/serve.py on a free 127.0.0.1 port."""
    from serve import serving

    with serving(str(learner_site)) as url:
        yield url


@pytest.fixture(scope="session")
def stable_correct_texts(instructor_site) -> set[str]:
    """Correct option texts sure to be in the instructor build's answer key."""
    return STABLE_CORRECT_TEXTS
