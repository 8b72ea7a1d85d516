"""MkDocs hook for the site shell: runnable code cells and the self-hosted front-end files.

* ``<!-- run -->`` on the line before a fenced ``python`` block makes that block a runnable cell:
  it is wrapped in ``<div class="cs-cell">`` (the highlighted code stays as the no-JavaScript
  fallback) and the browser runtime turns it into an editor with Run/Stop/Reset buttons.
* After the build, copies into ``site/assets/``: ``build/web/`` (the esbuild bundles) as ``cs/``,
  ``build/pyodide/`` (Pyodide + our wheel + lockfile) split in two (see install_pyodide), and
  mermaid's ES-module build from npm as ``vendor/mermaid/`` (its entry plus the chunks it imports
  on demand, so a page downloads only what its diagram types need). Nothing is fetched from
  another origin at run time.

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
#: Pyodide's own files (~13 MB), which only a new Pyodide changes. They are served from a folder
#: named after their content (``pyodide-<version>-<hash>/``, see pyodide_core_name), so each URL
#: always means the same bytes: the service worker precaches them without a cache-busting query
#: (web/offline/sw-build.mjs) and browsers may keep them for good, so a first visit downloads
#: them once, not once for the Python worker and again for the precache. (tools/serve.py's
#: IMMUTABLE_FOLDERS and sw-build.mjs's IMMUTABLE match this name.)
PYODIDE_CORE = ("pyodide.js", "pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
#: The site folder that keeps its name: the lockfile, our wheel (notebooks link to it) and
#: ``sizes.json``, which names the content-named folder (``core``). The Python worker is given
#: this folder (web/runtime/main.js) and finds the rest from sizes.json.
PYODIDE_FOLDER = "pyodide"

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


def _link_or_copy(src: str, dst: str) -> None:
    """Hard-link ``src`` to ``dst`` when possible (Pyodide is ~13 MB), else copy it."""
    try:
        Path(dst).hardlink_to(src)
    except OSError:
        shutil.copy2(src, dst)


def _copy_tree(source: Path, target: Path, ignore=None) -> None:
    """Replace ``target`` with a copy of ``source`` (hard links when possible)."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target, copy_function=_link_or_copy, ignore=ignore)


def _file_digest(paths: list[Path]) -> hashlib._Hash:
    """A sha256 over each file's name and content hash, in the order given."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(f"{path.name}\0{hashlib.sha256(path.read_bytes()).hexdigest()}\n".encode())
    return digest


def pyodide_core_name(dist: Path) -> str:
    """The folder name of Pyodide's own files in ``dist``: ``pyodide-<version>-<12 hex digits of
    their content hash>``. Any change to any of them gives another name (so a new deployment
    never gets the old bytes from a cache); an unchanged Pyodide keeps its name across builds."""
    version = json.loads((dist / "package.json").read_text(encoding="utf-8"))["version"]
    return f"{PYODIDE_FOLDER}-{version}-{_file_digest([dist / name for name in PYODIDE_CORE]).hexdigest()[:12]}"


def pyodide_core(pyodide: Path) -> Path:
    """The content-named folder of Pyodide's files beside the site's ``pyodide`` folder, as its
    sizes.json names it (the one way tools and tests find it)."""
    core = json.loads((pyodide / "sizes.json").read_text(encoding="utf-8"))["core"]
    return (pyodide / core).resolve()


def install_pyodide(dist: Path, assets: Path, worker: Path | None = None) -> dict:
    """Put the Pyodide folder ``dist`` (build/pyodide) into the site's ``assets``: Pyodide's own
    files (PYODIDE_CORE) into their content-named folder, everything else into ``pyodide/``,
    replacing any earlier Pyodide folders; then write sizes.json. Returns what it wrote."""
    for old in [assets / PYODIDE_FOLDER, *assets.glob(f"{PYODIDE_FOLDER}-*")]:
        shutil.rmtree(old, ignore_errors=True)
    core = assets / pyodide_core_name(dist)
    _copy_tree(dist, assets / PYODIDE_FOLDER, ignore=lambda folder, names: [n for n in names if n in PYODIDE_CORE])
    core.mkdir(parents=True)
    for name in PYODIDE_CORE:
        _link_or_copy(str(dist / name), str(core / name))
    return write_download_sizes(assets / PYODIDE_FOLDER, core, worker)


def _downloads(pyodide: Path, core: Path) -> list[Path]:
    """The files of PYODIDE_DOWNLOADS in the two folders, in that order."""
    return [path for pattern in PYODIDE_DOWNLOADS for folder in (core, pyodide) for path in sorted(folder.glob(pattern))]


def runtime_key(pyodide: Path, core: Path, worker: Path) -> str:
    """A hash of what a Python start is made of: Pyodide's files and our wheel (in ``core`` and
    ``pyodide``) and the worker bundle (with the cell kernel inside). Names the worker's memory
    snapshot, so a deployment that changes any of them never loads a snapshot of the old runtime."""
    return _file_digest([path for path in [*_downloads(pyodide, core), worker] if path.exists()]).hexdigest()[:16]


def write_download_sizes(pyodide: Path, core: Path, worker: Path | None = None) -> dict:
    """Write ``pyodide/sizes.json``: where Pyodide's own files are (``core``, a folder URL relative
    to sizes.json), the bytes of each file the Python worker downloads, their total (the loading
    progress bar's end) and, given the worker bundle, the runtime's identity (``runtime``: see
    runtime_key). Returns what it wrote."""
    files = {path.name: path.stat().st_size for path in _downloads(pyodide, core)}
    sizes = {"core": f"../{core.name}/", "files": files, "total": sum(files.values())}
    if worker is not None:
        sizes["runtime"] = runtime_key(pyodide, core, worker)
    (pyodide / "sizes.json").write_text(json.dumps(sizes, indent=1), encoding="utf-8")
    return sizes


def on_post_build(config, **kwargs):
    """Copy the bundles, Pyodide and mermaid into the built site."""
    assets = Path(config["site_dir"]) / "assets"
    _copy_tree(BUILD / "web", assets / "cs")
    if (BUILD / "pyodide").exists():
        install_pyodide(BUILD / "pyodide", assets, assets / "cs" / "runtime-worker.js")
    vendor = assets / "vendor" / "mermaid"
    shutil.rmtree(vendor, ignore_errors=True)
    if MERMAID_DIST.exists():
        # Source maps (~17 MB) stay behind; the entry imports ./chunks/mermaid.esm.min/*.mjs.
        shutil.copytree(MERMAID_DIST / "chunks" / "mermaid.esm.min", vendor / "chunks" / "mermaid.esm.min",
                        ignore=shutil.ignore_patterns("*.map"))
        shutil.copy2(MERMAID_DIST / "mermaid.esm.min.mjs", vendor / "mermaid.esm.min.mjs")
