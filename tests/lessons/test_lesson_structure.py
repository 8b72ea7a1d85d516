"""The lesson structure check (tools/hooks/lessons.py): real lessons pass, broken ones fail
with file:line messages, and a real `mkdocs build --strict` stops on a broken lesson."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from _load import ROOT, load_hook

lessons = load_hook("lessons")
LAB_IDS = lessons.load_lab_ids(ROOT / "labs" / "catalog.yml")
PATH = "docs/lessons/01-serverless-model.md"

GOOD = textwrap.dedent('''\
    ---
    title: Demo lesson
    time: 20 min
    exam_domains: [DVA-C02 Development, SAA-C03 Performant]
    labs: [01-cold-vs-warm]
    quiz: 01-serverless-model
    ---

    # Demo lesson

    ## Objectives

    - Learn one thing.

    ## The idea

    Some text.

    ```mermaid
    flowchart LR
        A --> B
    ```

    !!! tip "Exam tip"
        A tip.

    !!! warning "Common misconception"
        A myth.

    ```python
    # Not a heading: inside a fence.
    ## Also not a heading
    ```

    ## Check yourself

    <!-- quiz: 01-serverless-model -->

    ## Key points

    - One point.

    ## Labs

    - [Cold vs warm](lab:01-cold-vs-warm)

    ## Sources

    - <https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html>
''')


def check(text: str) -> list[str]:
    """Problems reported for a lesson text saved as docs/lessons/01-serverless-model.md."""
    return lessons.check_lesson(text, PATH, "01-serverless-model", LAB_IDS)


def line_of(text: str, needle: str) -> int:
    """1-based line number of the first line containing needle."""
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_good_lesson_passes():
    """A lesson with every required part, in order, reports no problem (the check is not vacuous)."""
    assert check(GOOD) == []


@pytest.mark.parametrize("path", sorted((ROOT / "docs" / "lessons").glob("[0-9][0-9]-*.md")), ids=lambda p: p.name)
def test_every_written_lesson_passes(path):
    """Every lesson in docs/lessons/ has the required shape (what the build enforces)."""
    slug = path.stem
    assert lessons.check_lesson(path.read_text(encoding="utf-8"), f"docs/lessons/{path.name}", slug, LAB_IDS) == []


def test_missing_objectives_names_the_first_section_line():
    """Dropping '## Objectives' is reported at the line of the section that now comes first."""
    text = GOOD.replace("## Objectives\n\n- Learn one thing.\n\n", "")
    problems = check(text)
    assert f"{PATH}:{line_of(text, '## The idea')}: the first section must be '## Objectives'" in problems


def test_tail_sections_out_of_order():
    """'## Key points' before '## Check yourself' breaks the required order."""
    text = GOOD.replace("## Check yourself\n\n<!-- quiz: 01-serverless-model -->\n\n## Key points\n\n- One point.\n",
                        "## Key points\n\n- One point.\n\n## Check yourself\n\n<!-- quiz: 01-serverless-model -->\n")
    problems = check(text)
    assert any(p.startswith(f"{PATH}:{line_of(text, '## Check yourself')}: the last sections must be") for p in problems)


@pytest.mark.parametrize("remove, expected", [
    ("```mermaid\nflowchart LR\n    A --> B\n```\n", "missing a ```mermaid diagram"),
    ('!!! tip "Exam tip"\n    A tip.\n', "missing an exam-tip callout"),
    ('!!! warning "Common misconception"\n    A myth.\n', "missing a misconception callout"),
])
def test_required_parts(remove, expected):
    """The mermaid diagram and both callouts are required."""
    assert remove in GOOD
    assert any(expected in p for p in check(GOOD.replace(remove, "")))


def test_quiz_shortcode_must_match_the_lesson():
    """The self-check must embed this lesson's own quiz topic."""
    text = GOOD.replace("<!-- quiz: 01-serverless-model -->", "<!-- quiz: 02-other -->")
    assert f"{PATH}:{line_of(text, '## Check yourself')}: '## Check yourself' must contain the shortcode <!-- quiz: 01-serverless-model -->" in check(text)


def test_unknown_lab_in_front_matter_names_its_line():
    """A lab id missing from labs/catalog.yml is reported on the 'labs:' line of the front matter."""
    text = GOOD.replace("labs: [01-cold-vs-warm]", "labs: [01-cold-vs-warm, 99-nope]")
    assert f"{PATH}:5: front matter: unknown lab id '99-nope' (not in labs/catalog.yml)" in check(text)


def test_lesson_file_must_be_a_syllabus_slug():
    """A misspelt lesson file name is reported on line 1 instead of silently becoming a new lesson."""
    problems = lessons.check_lesson(GOOD.replace("01-serverless-model", "04-concurency"),
                                    "docs/lessons/04-concurency.md", "04-concurency", LAB_IDS)
    assert problems[0].startswith("docs/lessons/04-concurency.md:1: '04-concurency' is not a lesson of the syllabus")


def test_front_matter_fields():
    """Missing or malformed fields are named: quiz must be the lesson's slug, time 'NN min'."""
    text = GOOD.replace("time: 20 min", "time: soon").replace("quiz: 01-serverless-model", "quiz: 04-concurrency")
    problems = check(text)
    assert f"{PATH}:3: front matter: 'time' must look like '30 min', got 'soon'" in problems
    assert f"{PATH}:6: front matter: 'quiz' must be this lesson's topic '01-serverless-model', got '04-concurrency'" in problems
    assert f"{PATH}:1: front matter: missing field 'exam_domains'" in check(GOOD.replace(
        "exam_domains: [DVA-C02 Development, SAA-C03 Performant]\n", ""))


def test_invalid_yaml_names_the_line():
    """Broken front matter YAML is reported with its line, not as a traceback."""
    text = GOOD.replace("labs: [01-cold-vs-warm]", "labs: [01-cold-vs-warm")
    problems = check(text)
    assert problems and re.match(rf"{re.escape(PATH)}:\d+: front matter is not valid YAML", problems[0])


def test_title_heading_must_match_front_matter():
    """The '# ' heading repeats the front-matter title."""
    text = GOOD.replace("# Demo lesson", "# Another title")
    assert any(p.startswith(f"{PATH}:{line_of(text, '# Another title')}: the '# ' heading") for p in check(text))


def test_labs_section_matches_front_matter():
    """Every declared lab is linked in '## Labs', and nothing else is."""
    text = GOOD.replace("- [Cold vs warm](lab:01-cold-vs-warm)", "- [Keep alive](lab:02-keep-alive)")
    problems = check(text)
    assert f"{PATH}:{line_of(text, '## Labs')}: '## Labs' must link lab '01-cold-vs-warm' as [title](lab:01-cold-vs-warm)" in problems
    assert f"{PATH}:{line_of(text, 'lab:02-keep-alive')}: lab '02-keep-alive' is linked in '## Labs' but not listed in front matter 'labs'" in problems


def test_container_wording_is_flagged_but_container_images_are_not():
    """'warm container' is the wrong term for an execution environment; 'container image' is fine."""
    text = GOOD.replace("Some text.", "A warm container is reused. Lambda container images are fine.")
    problems = check(text)
    assert problems == [f"{PATH}:{line_of(text, 'A warm container')}: say 'execution environment', not 'warm container'"]


def test_sources_need_aws_documentation():
    """'## Sources' must cite AWS documentation."""
    text = GOOD.replace("https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html", "https://example.com/")
    assert any("'## Sources' must list the AWS documentation" in p for p in check(text))


def build_project(tmp_path: Path, lesson: str) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` on a one-lesson project that uses the real hooks and catalog."""
    (tmp_path / "docs" / "lessons").mkdir(parents=True)
    (tmp_path / "labs").mkdir()
    (tmp_path / "labs" / "catalog.yml").write_text((ROOT / "labs" / "catalog.yml").read_text())
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    (tmp_path / "docs" / "labs").mkdir()
    (tmp_path / "docs" / "labs" / "index.md").write_text("# Labs\n\n<!-- lab-catalog -->\n")
    (tmp_path / "docs" / "lessons" / "01-serverless-model.md").write_text(lesson)
    hooks = ROOT / "tools" / "hooks"
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent(f"""\
        site_name: test
        strict: true
        markdown_extensions: [admonition]
        hooks:
          - {hooks / 'links.py'}
          - {hooks / 'lessons.py'}
    """))
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=tmp_path,
                          capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})


def test_mkdocs_build_fails_on_a_bad_lesson_naming_file_and_line(tmp_path):
    """A real strict build stops on a broken lesson and prints docs/lessons/01-serverless-model.md:LINE."""
    bad = GOOD.replace("## Key points\n\n- One point.\n\n", "")
    result = build_project(tmp_path, bad)
    assert result.returncode != 0
    assert f"docs/lessons/01-serverless-model.md:{len(bad.splitlines())}: missing section '## Key points'" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_mkdocs_build_passes_on_a_good_lesson(tmp_path):
    """The same project with a correct lesson builds, with the lab link resolved to the labs page."""
    result = build_project(tmp_path, GOOD)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (tmp_path / "site" / "lessons" / "01-serverless-model" / "index.html").read_text()
    assert 'href="../../labs/#01-cold-vs-warm"' in html
