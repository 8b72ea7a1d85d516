"""tools/hooks/snippet_output.py: lesson snippets carry what they print, captured at build."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mkdocs.exceptions import PluginError

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools" / "hooks"))
import snippet_output  # noqa: E402

PROSE = st.lists(st.sampled_from(["Some prose.", "", "```python", "print(1)", "```", "    indented",
                                  '--8<-- "snippets/x/other.txt"']), max_size=12)


@given(before=PROSE, after=PROSE, indent=st.sampled_from(["", "    "]))
def test_marking_keeps_every_line_number_and_finds_each_include(before, after, indent):
    """Only include-only python fences are marked, in page order, and no line moves (later hooks
    report file:line errors against the source)."""
    fence = [f"{indent}```python", f'{indent}--8<-- "snippets/04-concurrency/estimate.py"', f"{indent}```"]
    markdown = "\n".join(before + fence + after + fence)
    marked, paths = snippet_output.mark_snippets(markdown)
    assert marked.count("\n") == markdown.count("\n")
    assert paths == ["snippets/04-concurrency/estimate.py"] * 2
    assert marked.count("{ .python .cs-snippet-code }") == 2


def test_output_is_what_the_file_prints_escaped(tmp_path, monkeypatch):
    """The captured text is the script's stdout, HTML-escaped; silence is said in words."""
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "loud.py").write_text('print("<b>&</b>")\nprint("two")\n')
    (tmp_path / "snippets" / "quiet.py").write_text("x = 1\n")
    monkeypatch.setattr(snippet_output, "DOCS", tmp_path)
    html = snippet_output.add_outputs('<div class="cs-snippet-code highlight"><pre>a</pre></div>'
                                      '<div class="cs-snippet-code highlight"><pre>b</pre></div>',
                                      ["snippets/loud.py", "snippets/quiet.py"])
    assert "<code>&lt;b&gt;&amp;&lt;/b&gt;\ntwo</code>" in html
    assert "prints nothing" in html
    assert html.count('<div class="cs-snippet" data-snippet="snippets/') == 2


def test_a_failing_snippet_stops_the_build_with_its_file_and_error(tmp_path, monkeypatch):
    """A snippet that raises fails the build with one line naming the file and the exception."""
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "broken.py").write_text("raise ValueError('no such region')\n")
    monkeypatch.setattr(snippet_output, "DOCS", tmp_path)
    with pytest.raises(PluginError) as error:
        snippet_output.snippet_output("snippets/broken.py")
    assert str(error.value) == ("docs/snippets/broken.py: the snippet failed when run at build: "
                                "ValueError: no such region")


SITE = Path(__file__).resolve().parents[2] / "site"
DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.parametrize("lesson", sorted(p.stem for p in (DOCS / "lessons").glob("[0-9][0-9]-*.md")))
def test_every_included_snippet_of_a_lesson_shows_its_output_on_the_built_page(lesson):
    """On the built lesson page each included snippet sits in a cs-snippet block with the very
    text the file prints now (or the note that it prints nothing)."""
    import html
    import re
    import subprocess

    source = (DOCS / "lessons" / f"{lesson}.md").read_text(encoding="utf-8")
    included = re.findall(r'^[ \t]*--8<--[ \t]+"(snippets/[^"]+\.py)"', source, re.M)
    built = (SITE / "lessons" / lesson / "index.html").read_text(encoding="utf-8")
    blocks = []
    for segment in built.split('<div class="cs-snippet" data-snippet="')[1:]:
        shown = re.search(r'<pre class="cs-snippet-output"[^>]*><code>(.*?)</code></pre>', segment, re.S)
        blocks.append((segment.split('"', 1)[0], shown.group(1) if shown else "", "prints nothing" in segment))
    assert [path for path, _, _ in blocks] == included
    for path, shown, silent in blocks:
        printed = subprocess.run([sys.executable, Path(path).name], cwd=DOCS / Path(path).parent,
                                 capture_output=True, text=True, timeout=60).stdout
        if silent:
            assert not printed.strip(), path
        else:
            assert html.unescape(shown) == printed.rstrip("\n"), path
