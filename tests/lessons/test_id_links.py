"""The id links hook (tools/hooks/links.py): lab:ID and quiz:ID resolve to pages, unknown ids and a
malformed labs/catalog.yml fail with file:line, and code examples are left alone."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from _load import ROOT, load_hook

links = load_hook("links")
lessons = load_hook("lessons")

PLANNED_LABS = [
    "01-cold-vs-warm", "02-keep-alive", "03-concurrency-throttling", "04-provisioned-concurrency",
    "05-burst-scaling", "06-async-invocations", "07-sqs-event-source", "08-streams", "09-api-gateway",
    "10-edge", "11-vpc", "12-cost-power-tuning", "13-canary-aliases",
]


def catalog():
    """The real lab catalog, by id."""
    return {lab["id"]: lab for lab in links.load_catalog(ROOT / "labs" / "catalog.yml")}


def test_catalog_lists_every_planned_lab_in_teaching_order():
    """labs/catalog.yml holds exactly the 13 planned lab ids, in NN order."""
    assert [lab["id"] for lab in links.load_catalog(ROOT / "labs" / "catalog.yml")] == PLANNED_LABS


def test_catalog_lessons_are_syllabus_slugs():
    """Every lab names only lessons that exist in the syllabus (so its 'Used in' links can resolve)."""
    slugs = {slug for slug, _ in lessons.SYLLABUS}
    for lab in catalog().values():
        assert set(lab["lessons"]) <= slugs, lab["id"]


@pytest.mark.parametrize("body, message", [
    ("labs:\n  - id: 01-a\n    title: A\n    summary: s\n    lessons: []\n  - id: 01-a\n    title: B\n    summary: s\n    lessons: []\n",
     "labs/catalog.yml:6: duplicate lab id '01-a' (first at line 2)"),
    ("labs:\n  - id: 01-a\n    title: A\n    lessons: []\n", "labs/catalog.yml:2: lab entry is missing field 'summary'"),
    ("labs:\n  - id: 01-a\n    title: A\n    summary: s\n    lessons: []\n    colour: red\n",
     "labs/catalog.yml:2: unknown field(s) colour"),
    ("labs:\n  - id: Lab One\n    title: A\n    summary: s\n    lessons: []\n",
     "labs/catalog.yml:2: field 'id' must look like NN-slug, got 'Lab One'"),
    ("labs:\n  - id: 01-a\n    title: [unclosed\n", "labs/catalog.yml:4: not valid YAML"),
])
def test_catalog_errors_name_file_and_line(tmp_path, body, message):
    """A malformed catalog is reported as one message with file, line and field — no traceback."""
    path = tmp_path / "catalog.yml"
    path.write_text(body)
    with pytest.raises(links.CatalogError) as error:
        links.load_catalog(path)
    assert str(error.value).startswith(message)


def resolver_for(page_uri: str, doc_uris: set[str], root: Path = ROOT):
    """A resolver bound to the real catalog, as the hook builds it for one page."""
    labs = catalog()
    return lambda kind, ident, anchor: links.resolve(kind, ident, anchor, labs, root, page_uri, doc_uris)


def test_lab_link_points_at_its_coming_soon_entry():
    """An unwritten lab links to its anchor on the labs overview, relative to the page."""
    resolver = resolver_for("lessons/04-concurrency.md", {"labs/index.md"})
    markdown, problems = links.rewrite_links("See [Burst](lab:05-burst-scaling).", resolver)
    assert problems == []
    assert markdown == "See [Burst](../labs/index.md#05-burst-scaling)."


def test_lab_link_points_at_the_lab_page_once_written(tmp_path):
    """With `page:` set in the catalog and that page present, the link goes to the lab itself."""
    labs = {"05-burst-scaling": {"id": "05-burst-scaling", "page": "labs/05-burst-scaling.md"}}
    url = links.resolve("lab", "05-burst-scaling", None, labs, tmp_path, "lessons/04-concurrency.md",
                        {"labs/05-burst-scaling.md"})
    assert url == "../labs/05-burst-scaling.md"


def test_unknown_ids_are_reported_with_source_lines():
    """Unknown lab and quiz ids are reported at their line, shifted by the front-matter offset."""
    resolver = resolver_for("lessons/04-concurrency.md", {"labs/index.md"})
    text = "intro\n\n[Nope](lab:99-nope)\n[Quiz](quiz:99-missing)\n"
    _, problems = links.rewrite_links(text, resolver, offset=7)
    assert problems == [
        (10, "unknown lab id '99-nope' (not in labs/catalog.yml)"),
        (11, "unknown quiz id '99-missing' (no quizzes/99-missing.yml)"),
    ]


def test_links_inside_code_fences_are_examples():
    """A lab: link inside a fenced code block is neither resolved nor reported."""
    resolver = resolver_for("lessons/04-concurrency.md", set())
    text = "```markdown\n[Burst](lab:99-nope)\n```\n"
    assert links.rewrite_links(text, resolver) == (text, [])


def test_quiz_link_points_at_the_lessons_check(tmp_path):
    """quiz:ID needs quizzes/ID.yml and resolves to the lesson's 'Check yourself' section."""
    (tmp_path / "quizzes").mkdir()
    (tmp_path / "quizzes" / "04-concurrency.yml").write_text("topic: 04-concurrency\n")
    url = links.resolve("quiz", "04-concurrency", None, {}, tmp_path, "index.md", {"lessons/04-concurrency.md"})
    assert url == "lessons/04-concurrency.md#check-yourself"


def test_catalog_page_anchors_every_lab():
    """<!-- lab-catalog --> renders one anchored entry per lab, linking lessons that exist."""
    html = links.catalog_markdown(list(catalog().values()), "labs/index.md", {"lessons/04-concurrency.md"})
    for lab_id in PLANNED_LABS:
        assert f'<h2 id="{lab_id}">' in html
    assert "[04-concurrency](../lessons/04-concurrency.md)" in html
    assert "*Coming soon.*" in html


def test_build_fails_on_unknown_lab_link_naming_file_and_line(tmp_path):
    """A strict build of a page with an unknown lab id stops with docs/<page>:<line>."""
    (tmp_path / "docs" / "labs").mkdir(parents=True)
    (tmp_path / "labs").mkdir()
    (tmp_path / "labs" / "catalog.yml").write_text((ROOT / "labs" / "catalog.yml").read_text())
    (tmp_path / "docs" / "labs" / "index.md").write_text("# Labs\n\n<!-- lab-catalog -->\n")
    (tmp_path / "docs" / "index.md").write_text("---\ntitle: Home\n---\n\n# Home\n\n[Lab](lab:42-unknown)\n")
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent(f"""\
        site_name: test
        strict: true
        hooks:
          - {ROOT / 'tools' / 'hooks' / 'links.py'}
    """))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=tmp_path,
                            capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "docs/index.md:7: unknown lab id '42-unknown' (not in labs/catalog.yml)" in output
    assert "Traceback" not in output


def test_catalog_cache_sees_edits(tmp_path):
    """The per-build catalog cache returns the new content once the file changes (mkdocs serve)."""
    path = tmp_path / "catalog.yml"
    path.write_text("labs:\n  - id: 01-a\n    title: A\n    summary: s\n    lessons: []\n")
    assert [lab["title"] for lab in links.cached_catalog(path)] == ["A"]
    path.write_text("labs:\n  - id: 01-a\n    title: B\n    summary: s\n    lessons: []\n")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert [lab["title"] for lab in links.cached_catalog(path)] == ["B"]
