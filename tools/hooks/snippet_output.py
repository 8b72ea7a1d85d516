"""MkDocs hook: every included code snippet shows what it prints, captured at build.

A lesson shows a snippet file with a fence holding only its include line::

    ```python
    --8<-- "snippets/04-concurrency/estimate.py"
    ```

The hook runs each such file (``docs/snippets/...``, the same files CI runs) with this Python, as
a script in its own folder, and puts what it printed under the code. The pair is wrapped in
``<div class="cs-snippet">``: the browser runtime (web/runtime/snippets.js) adds Run and Edit
buttons there, loading Python only when one is clicked. A snippet that fails stops the build
with the file and its error; one that prints nothing says so.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

DOCS = Path(__file__).resolve().parent.parent.parent / "docs"
TIMEOUT_S = 60
FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*\{?\.?(?:python|py)\b.*$")
INCLUDE = re.compile(r'^[ \t]*--8<--[ \t]+"(?P<path>snippets/[^"]+\.py)"[ \t]*$')
ENV_READ = re.compile(r'os\.environ(?:\.get)?\(\s*"([A-Z0-9_]+)"|os\.environ\[\s*"([A-Z0-9_]+)"\s*\]')

_cache: dict[tuple[str, int, int], str] = {}


def snippet_output(relative: str) -> str:
    """What ``docs/<relative>`` prints when run as a script (cached per file version).

    Runs in the snippet's folder with the environment variables it reads unset, so the output
    is the one its defaults give, as the lesson describes. Raises PluginError on failure.
    """
    path = DOCS / relative
    stat = path.stat()
    key = (relative, stat.st_mtime_ns, stat.st_size)
    if key in _cache:
        return _cache[key]
    source = path.read_text(encoding="utf-8")
    unset = {name for pair in ENV_READ.findall(source) for name in pair if name}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env["PYTHONHASHSEED"] = "0"
    try:
        done = subprocess.run([sys.executable, path.name], cwd=path.parent, env=env, capture_output=True,
                              text=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise PluginError(f"docs/{relative}: still running after {TIMEOUT_S} s at build") from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise PluginError(f"docs/{relative}: the snippet failed when run at build: {last}")
    _cache[key] = done.stdout
    return done.stdout


def output_block(text: str) -> str:
    """The HTML for a snippet's captured output (or a note that it prints nothing)."""
    if not text.strip():
        return '<p class="cs-snippet-output cs-snippet-silent">Run on its own, this file prints nothing.</p>'
    return ('<pre class="cs-snippet-output" tabindex="0" aria-label="What this code prints">'
            f'<code>{html.escape(text.rstrip(chr(10)))}</code></pre>')


def mark_snippets(markdown: str) -> tuple[str, list[str]]:
    """Give each include-only python fence the class ``cs-snippet-code``; return the new markdown
    and the included paths in page order. Only the fence's opening line changes, so line numbers
    in later hooks' messages still match the source."""
    lines = markdown.split("\n")
    paths: list[str] = []
    for index in range(len(lines) - 2):
        opening = FENCE_OPEN.match(lines[index])
        include = INCLUDE.match(lines[index + 1]) if opening else None
        if include and lines[index + 2].strip() == opening.group("fence"):
            lines[index] = f"{opening.group('indent')}{opening.group('fence')} {{ .python .cs-snippet-code }}"
            paths.append(include.group("path"))
    return "\n".join(lines), paths


HIGHLIGHTED = re.compile(r'<div class="cs-snippet-code highlight">.*?</div>', re.S)


def add_outputs(html_text: str, paths: list[str]) -> str:
    """Wrap the n-th marked code block in ``<div class="cs-snippet">`` with paths[n]'s output."""
    remaining = iter(paths)

    def wrap(match: re.Match) -> str:
        path = next(remaining)
        return (f'<div class="cs-snippet" data-snippet="{html.escape(path)}">{match.group(0)}'
                f"{output_block(snippet_output(path))}</div>")

    return HIGHLIGHTED.sub(wrap, html_text)


_paths_by_page: dict[str, list[str]] = {}


def on_page_markdown(markdown, page, config, files, **kwargs):
    """Lesson pages: mark each included snippet (its output is added to the page's HTML)."""
    if not page.file.src_uri.startswith("lessons/") or "--8<--" not in markdown:
        return markdown
    markdown, _paths_by_page[page.file.src_uri] = mark_snippets(markdown)
    return markdown


def on_page_content(html_text, page, config, files, **kwargs):
    """Put each marked snippet's captured output under its code."""
    paths = _paths_by_page.pop(page.file.src_uri, None)
    return add_outputs(html_text, paths) if paths else html_text
