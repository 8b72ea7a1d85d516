"""The instructor guide covers the day in the room (issue 14 §2 and §3)."""

from __future__ import annotations

import re
from pathlib import Path

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "instructors" / "index.md"


def section(title: str) -> str:
    """The Markdown of the guide's ``## title`` section."""
    text = GUIDE.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    assert match, f"the guide has no '## {title}' section"
    return match.group(1)


def test_guide_says_what_differs_on_a_lan():
    """It explains that Stop restarts Python on a LAN address, re-runs earlier cells, and can be
    cancelled, and that localhost behaves differently."""
    text = section("What differs on a LAN")
    for words in ("cross-origin isolated", "restarts Python", "re-running", "Cancel restore", "localhost"):
        assert words in text, words


def test_troubleshooting_covers_the_room():
    """Finding the address, firewalls, supported browsers, a runtime that will not load, Stop."""
    text = section("Troubleshooting in the room").lower()
    for words in ("address", "firewall", "browsers", "runtime will not load", "stop restarted python"):
        assert words in text, words
