"""Zip archives whose bytes depend only on their contents (fixed dates, fixed member order)."""

from __future__ import annotations

import zipfile
from pathlib import Path

#: Every member's date: a zip cannot store dates before 1980.
EPOCH = (1980, 1, 1, 0, 0, 0)


def deterministic_zip(target: Path, members: list[tuple[str, bytes]]) -> Path:
    """Write ``members`` (name, bytes) to ``target`` in the given order, deflated, with fixed
    dates and permissions; the file appears complete or not at all."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    with zipfile.ZipFile(partial, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=6)
    partial.replace(target)
    return target
