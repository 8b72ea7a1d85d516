"""MkDocs hook: fail the build on any shortcode that no feature hook replaced.

Shortcodes are HTML comments ``<!-- name: args -->`` or ``<!-- name -->`` (name = lowercase letters
and dashes). Each feature's hook replaces its own in ``on_page_markdown``; this hook runs after all
of them (lowest event priority) and reports every leftover one as ``file:line: unknown shortcode``,
so a typo such as ``<!-- quizz: 01-intro -->`` cannot silently vanish from a page.

Shortcodes inside fenced code blocks and `inline code` are examples, not calls, and are ignored.
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

SHORTCODE = re.compile(r"<!--\s*(?P<name>[a-z]+(?:-[a-z]+)*)\s*(?::(?P<args>.*?))?-->")
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*\n\n*", re.DOTALL)


def front_matter_lines(source: str) -> int:
    """How many lines the YAML front matter takes (MkDocs strips it before hooks see the page)."""
    match = FRONT_MATTER.match(source)
    return match.group(0).count("\n") if match else 0


def leftover_shortcodes(markdown: str) -> list[tuple[int, str]]:
    """(line number, shortcode text) of every shortcode outside fenced code blocks."""
    found: list[tuple[int, str]] = []
    open_fence: str | None = None
    for number, line in enumerate(markdown.splitlines(), start=1):
        fence = FENCE.match(line)
        if fence:
            marker = fence.group("fence")
            if open_fence is None:
                open_fence = marker
                continue
            if marker[0] == open_fence[0] and len(marker) >= len(open_fence) and not line.strip()[len(marker):].strip():
                open_fence = None
                continue
        if open_fence is None:
            prose = INLINE_CODE.sub("", line)
            found.extend((number, m.group(0)) for m in SHORTCODE.finditer(prose))
    return found


@event_priority(-100)
def on_page_markdown(markdown, page, config, files, **kwargs):
    """Raise with file and line for each shortcode still present after the feature hooks."""
    leftovers = leftover_shortcodes(markdown)
    if leftovers:
        where = page.file.src_uri
        offset = front_matter_lines(page.file.content_string)
        details = "\n".join(f"  docs/{where}:{line + offset}: unknown shortcode {text}" for line, text in leftovers)
        raise PluginError(
            f"{len(leftovers)} shortcode(s) left unreplaced (typo, or its feature's hook is not in "
            f"mkdocs.yml `hooks:`):\n{details}"
        )
    return markdown
