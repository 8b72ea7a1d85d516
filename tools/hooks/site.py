"""MkDocs hook for the site shell: runnable code cells and the self-hosted front-end files.

* ``<!-- run -->`` on the line before a fenced ``python`` block makes that block a runnable cell:
  it is wrapped in ``<div class="cs-cell">`` (the highlighted code stays as the no-JavaScript
  fallback) and the browser runtime turns it into an editor with Run/Stop/Reset buttons.
* After the build, copies into ``site/assets/``: ``build/web/`` (the esbuild bundles) as ``cs/``,
  ``build/pyodide/`` (Pyodide + our wheel + lockfile) as ``pyodide/``, and mermaid from npm as
  ``vendor/mermaid.min.js``. Nothing is fetched from another origin at run time.

``tools/build.py`` produces build/web and build/pyodide before running mkdocs; building the site
without them fails with a message saying so.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent.parent
BUILD = ROOT / "build"
MERMAID = ROOT / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"

RUN_MARKER = re.compile(r"^(?P<indent>[ \t]*)<!--\s*run\s*-->[ \t]*$")
PYTHON_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*\{?\.?(?:python|py)\b")


def mark_runnable_cells(markdown: str, where: str) -> str:
    """Wrap each python fence preceded by ``<!-- run -->`` in a ``cs-cell`` div.

    Keeps the page's line count unchanged before each cell (the marker line becomes the opening
    div), so line numbers in later error messages still match the source file.
    """
    lines = markdown.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        marker = RUN_MARKER.match(lines[index])
        if not marker:
            out.append(lines[index])
            index += 1
            continue
        start = index + 1
        while start < len(lines) and not lines[start].strip():
            start += 1
        fence = PYTHON_FENCE.match(lines[start]) if start < len(lines) else None
        if not fence:
            raise PluginError(f"docs/{where}:{index + 1}: <!-- run --> must be followed by a ```python block")
        close = start + 1
        token = fence.group("fence")
        while close < len(lines) and lines[close].strip() != token:
            close += 1
        if close >= len(lines):
            raise PluginError(f"docs/{where}:{start + 1}: this ```python block is never closed")
        indent = marker.group("indent")
        out.append(f'{indent}<div class="cs-cell" markdown="1">')
        out.append("")
        out.extend(lines[start:close + 1])
        out.append("")
        out.append(f"{indent}</div>")
        index = close + 1
    return "\n".join(out)


def on_config(config, **kwargs):
    """Stop early, with the fix, when the front-end bundle has not been built."""
    if not (BUILD / "web" / "runtime.js").exists():
        raise PluginError("build/web/runtime.js is missing: build with `python tools/build.py` "
                          "(it bundles web/ before running mkdocs)")
    return config


def on_page_markdown(markdown, page, config, files, **kwargs):
    """Turn ``<!-- run -->`` + python fence into a runnable cell."""
    if "<!--" not in markdown:
        return markdown
    return mark_runnable_cells(markdown, page.file.src_uri)


def _copy_tree(source: Path, target: Path) -> None:
    """Replace ``target`` with a copy of ``source`` (hard links when possible: Pyodide is ~13 MB)."""
    shutil.rmtree(target, ignore_errors=True)

    def link_or_copy(src: str, dst: str) -> None:
        try:
            Path(dst).hardlink_to(src)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(source, target, copy_function=link_or_copy)


def on_post_build(config, **kwargs):
    """Copy the bundles, Pyodide and mermaid into the built site."""
    assets = Path(config["site_dir"]) / "assets"
    _copy_tree(BUILD / "web", assets / "cs")
    if (BUILD / "pyodide").exists():
        _copy_tree(BUILD / "pyodide", assets / "pyodide")
    vendor = assets / "vendor"
    vendor.mkdir(parents=True, exist_ok=True)
    if MERMAID.exists():
        shutil.copy2(MERMAID, vendor / "mermaid.min.js")
