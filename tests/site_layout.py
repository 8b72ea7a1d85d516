"""Where a built site keeps Pyodide, read from the site's own sizes.json (written by
tools/hooks/site.py), so no test copies the content-named folder's name around."""

from __future__ import annotations

import json
from pathlib import Path


def pyodide_core_path(site: Path) -> str:
    """The URL path (site-relative, slash-ended) of the folder of Pyodide's own files in
    ``site``, e.g. ``/assets/pyodide-314.0.7-0123456789ab/``: sizes.json names it ``core``,
    relative to the ``assets/pyodide/`` folder that holds sizes.json."""
    core = json.loads((site / "assets" / "pyodide" / "sizes.json").read_text(encoding="utf-8"))["core"]
    folder = (site / "assets" / "pyodide" / core).resolve()
    return "/" + folder.relative_to(site.resolve()).as_posix() + "/"
