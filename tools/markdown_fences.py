"""Which lines of a Markdown page are fenced code, for the build hooks that read lessons.

Fences may be indented (inside admonitions and list items they are), open with three or more
backticks or tildes, and close with a line of the same character at least as long and nothing
else on it, as CommonMark has it; a fence left open runs to the end of the page.
"""

from __future__ import annotations

import re
from typing import Iterator

OPENING = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})\s*(?P<lang>[\w-]*)")

#: What :func:`classify` says of a line.
OPEN, CODE, TEXT = "open", "code", "text"


def classify(lines: list[str], start: int = 0) -> Iterator[tuple[int, str, str]]:
    """Yield ``(index, kind, lang)`` for ``lines[start:]``: ``OPEN`` for a fence's opening line
    (``lang`` = the first word of its info string, "" if none), ``CODE`` for the lines inside a
    fence and its closing line, ``TEXT`` for everything else (``lang`` is "" for both)."""
    fence: str | None = None
    for index in range(start, len(lines)):
        line = lines[index]
        if fence is None:
            match = OPENING.match(line)
            if match:
                fence = match.group("fence")
                yield index, OPEN, match.group("lang")
            else:
                yield index, TEXT, ""
            continue
        stripped = line.strip()
        if stripped.startswith(fence) and stripped.strip(fence[0]) == "":
            fence = None
        yield index, CODE, ""
