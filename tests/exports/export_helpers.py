"""Helpers shared by the export tests (a module, not conftest: conftests shadow each other)."""

from __future__ import annotations

import html
import re

#: A fixed date for the exports under test (2026-06-01T00:00:00Z).
STAMP = 1780272000
TAG = re.compile(r"<[^>]+>")


def plain(fragment: str) -> str:
    """HTML → the text a reader sees, whitespace collapsed (for comparing texts across formats)."""
    return " ".join(html.unescape(TAG.sub(" ", fragment)).split())


def md_plain(markdown_text: str) -> str:
    """Bank Markdown → plain text, through the site's own renderer."""
    from quizbank.safe_html import render

    return plain(render(markdown_text))
