"""MkDocs hook for the site shell: runnable code cells and the self-hosted front-end files.

* ``<!-- run -->`` on the line before a fenced ``python`` block makes that block a runnable cell:
  it is wrapped in ``<div class="cs-cell">`` (the highlighted code stays as the no-JavaScript
  fallback) and the browser runtime turns it into an editor with Run/Stop/Reset buttons.
* After the build, copies into ``site/assets/``: ``build/web/`` (the esbuild bundles) as ``cs/``,
  ``build/pyodide/`` (Pyodide + our wheel + lockfile) as ``pyodide/``, and mermaid's ES-module
  build from npm as ``vendor/mermaid/`` (its entry plus the chunks it imports on demand, so a page
  downloads only what its diagram types need). Nothing is fetched from another origin at run time.

``tools/build.py`` produces build/web and build/pyodide before running mkdocs; building the site
without them fails with a message saying so.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent.parent
BUILD = ROOT / "build"
MERMAID_DIST = ROOT / "node_modules" / "mermaid" / "dist"

#: What the browser's Python worker downloads (web/runtime/entry-worker.js): Pyodide's loader and
#: its JavaScript half, the WebAssembly, the standard library, the lockfile, and our wheel.
PYODIDE_DOWNLOADS = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
                     "pyodide-lock.json", "cold_start_sandbox-*.whl")

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


def runtime_key(pyodide: Path, worker: Path) -> str:
    """A hash of what a Python start is made of: Pyodide's files and our wheel (in ``pyodide/``)
    and the worker bundle (with the cell kernel inside). Names the worker's memory snapshot, so a
    deployment that changes any of them never loads a snapshot of the old runtime."""
    digest = hashlib.sha256()
    for path in [*sorted(p for pattern in PYODIDE_DOWNLOADS for p in pyodide.glob(pattern)), worker]:
        if path.exists():
            digest.update(f"{path.name}\0{hashlib.sha256(path.read_bytes()).hexdigest()}\n".encode())
    return digest.hexdigest()[:16]


def write_download_sizes(pyodide: Path, worker: Path | None = None) -> dict:
    """Write ``pyodide/sizes.json``: the bytes of each file the Python worker downloads, their
    total (the loading progress bar's end) and, given the worker bundle, the runtime's identity
    (``runtime``: see runtime_key). Returns what it wrote."""
    files = {path.name: path.stat().st_size for pattern in PYODIDE_DOWNLOADS for path in sorted(pyodide.glob(pattern))}
    sizes = {"files": files, "total": sum(files.values())}
    if worker is not None:
        sizes["runtime"] = runtime_key(pyodide, worker)
    (pyodide / "sizes.json").write_text(json.dumps(sizes, indent=1), encoding="utf-8")
    return sizes


def on_post_build(config, **kwargs):
    """Copy the bundles, Pyodide and mermaid into the built site."""
    assets = Path(config["site_dir"]) / "assets"
    _copy_tree(BUILD / "web", assets / "cs")
    if (BUILD / "pyodide").exists():
        _copy_tree(BUILD / "pyodide", assets / "pyodide")
        write_download_sizes(assets / "pyodide", assets / "cs" / "runtime-worker.js")
    vendor = assets / "vendor" / "mermaid"
    shutil.rmtree(vendor, ignore_errors=True)
    if MERMAID_DIST.exists():
        # Source maps (~17 MB) stay behind; the entry imports ./chunks/mermaid.esm.min/*.mjs.
        shutil.copytree(MERMAID_DIST / "chunks" / "mermaid.esm.min", vendor / "chunks" / "mermaid.esm.min",
                        ignore=shutil.ignore_patterns("*.map"))
        shutil.copy2(MERMAID_DIST / "mermaid.esm.min.mjs", vendor / "mermaid.esm.min.mjs")
