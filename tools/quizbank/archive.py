"""Write an export's zip atomically, with the course's reproducible members (tools/packing.py)."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

# packing.py sits beside this package in tools/ (on sys.path for every caller: the CLI, the
# hooks, workshop.py and the tests); it owns the fixed dates and modes of every course zip.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from packing import add_bytes  # noqa: E402


def deterministic_zip(target: Path, members: list[tuple[str, bytes]]) -> Path:
    """Write ``members`` (name, bytes) to ``target`` in the given order; the same members give
    the same bytes, and the file appears complete or not at all."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    with zipfile.ZipFile(partial, "w") as archive:
        for name, data in members:
            add_bytes(archive, name, data)
    partial.replace(target)
    return target
