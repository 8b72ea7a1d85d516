"""Where a built site keeps Pyodide, as the build itself says (tools/hooks/site.py reads the
site's sizes.json), so no test copies the content-named folder's name around."""

from __future__ import annotations

from pathlib import Path

from tool_hooks import load_hook


def pyodide_core_path(site: Path) -> str:
    """The URL path (site-relative, slash-ended) of the folder of Pyodide's own files in
    ``site``, e.g. ``/assets/pyodide-314.0.7-0123456789ab/`` (the site hook's pyodide_core)."""
    folder = load_hook("site").pyodide_core(site / "assets" / "pyodide")
    return "/" + folder.relative_to(site.resolve()).as_posix() + "/"
