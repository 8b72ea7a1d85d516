"""The site's mkdocs hooks as plain functions: runnable-cell markers and the shortcode check."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

HOOKS = Path(__file__).resolve().parents[2] / "tools" / "hooks"


def load(name: str):
    """Import tools/hooks/<name>.py the way mkdocs does (by path)."""
    spec = importlib.util.spec_from_file_location(f"hook_{name}", HOOKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


site = load("site")
shortcodes = load("shortcodes")


def test_run_marker_wraps_the_following_python_block():
    """`<!-- run -->` + a python fence becomes a cs-cell div around the unchanged fence."""
    source = "Intro\n\n<!-- run -->\n```python\nprint(1)\n```\n\nAfter\n"
    out = site.mark_runnable_cells(source, "x.md")
    assert '<div class="cs-cell" markdown="1">' in out
    assert "```python\nprint(1)\n```" in out
    assert out.index("cs-cell") < out.index("print(1)") < out.index("</div>") < out.index("After")
    assert "<!-- run -->" not in out


def test_plain_python_blocks_stay_static():
    """A python fence without the marker is not turned into a cell."""
    source = "```python\nprint(1)\n```\n"
    assert site.mark_runnable_cells(source, "x.md") == source


def test_run_marker_without_a_python_block_names_file_and_line():
    """A marker followed by prose fails the build at the marker's line."""
    with pytest.raises(PluginError, match=r"docs/x.md:2: <!-- run --> must be followed"):
        site.mark_runnable_cells("text\n<!-- run -->\nnot code\n", "x.md")


def test_unclosed_cell_is_reported():
    """A runnable block whose fence never closes fails with the fence's line."""
    with pytest.raises(PluginError, match=r"docs/x.md:2: this ```python block is never closed"):
        site.mark_runnable_cells("<!-- run -->\n```python\nprint(1)\n", "x.md")


def test_leftover_shortcodes_are_found_with_their_lines():
    """Every shortcode outside code is reported with its own line number."""
    text = "# T\n<!-- quizz: 01-x -->\nok\n<!-- lab-catalog -->\n"
    assert shortcodes.leftover_shortcodes(text) == [(2, "<!-- quizz: 01-x -->"), (4, "<!-- lab-catalog -->")]


def test_shortcodes_in_code_and_ordinary_comments_are_ignored():
    """Fenced and inline code are examples; comments that do not look like shortcodes pass."""
    text = ("Write `<!-- quiz: 01-x -->` like this:\n\n````markdown\n```\n<!-- quiz: a -->\n```\n"
            "<!-- run -->\n````\n\n<!-- TODO: Remember this -->\n<!--  -->\n")
    assert shortcodes.leftover_shortcodes(text) == []


def test_front_matter_offset_counts_stripped_lines():
    """Line numbers account for the front matter (and blank lines) mkdocs strips."""
    assert shortcodes.front_matter_lines("---\ntitle: x\n---\n\n# T\n") == 4
    assert shortcodes.front_matter_lines("# T\n") == 0
