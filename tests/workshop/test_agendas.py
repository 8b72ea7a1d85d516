"""The agendas follow labs/catalog.yml (issue 14 §3): derived from the catalog, they cannot drift.

docs/instructors/agendas.md holds the plans as Markdown tables (Time | Minutes | Activity |
Material). A "Talk" row's Material names the lessons it covers ("Lessons 04 and 14"); a lab row
names its lab ("Lab 03") and its Activity is "Lab: <the catalog's title>".
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
AGENDAS = ROOT / "docs" / "instructors" / "agendas.md"
HEADING = re.compile(r"^## (?P<title>.+)$", re.MULTILINE)
DURATION = re.compile(r"\((?:(?P<h>\d+) h)?\s*(?:(?P<m>\d+) min)?")


def catalog() -> dict[str, dict]:
    """Lab number ("03") -> its catalog entry."""
    labs = yaml.safe_load((ROOT / "labs" / "catalog.yml").read_text(encoding="utf-8"))["labs"]
    return {lab["id"][:2]: lab for lab in labs}


def plans() -> dict[str, list[list[str]]]:
    """Section title -> the rows of its agenda table (sections with a Time | Minutes table)."""
    text = AGENDAS.read_text(encoding="utf-8")
    found = {}
    sections = HEADING.split(text)
    for title, body in zip(sections[1::2], sections[2::2]):
        rows = [[cell.strip() for cell in line.strip().strip("|").split("|")]
                for line in body.splitlines() if line.startswith("|")]
        if rows and rows[0][:2] == ["Time", "Minutes"]:
            found[title] = rows[2:]
    return found


def minutes(clock: str) -> int:
    """'1:05' -> 65."""
    hours, mins = clock.split(":")
    return int(hours) * 60 + int(mins)


def numbers(text: str, word: str) -> list[str]:
    """The two-digit numbers after ``word``/``word``s in ``text``: 'Lessons 05, 06 and 12' -> [...]."""
    match = re.search(rf"\b{word}s? ((?:\d\d(?:, | and )?)+)", text)
    return re.findall(r"\d\d", match.group(1)) if match else []


def full_day() -> list[list[str]]:
    """The rows of the full-day plan."""
    return next(rows for title, rows in plans().items() if title.startswith("Full day"))


def test_every_catalog_lab_is_in_the_full_day_plan_once():
    """Each lab of the catalog has exactly one slot in the full day, titled as in the catalog."""
    labs = catalog()
    slots = [numbers(row[3], "Lab") for row in full_day() if row[2].startswith("Lab:")]
    assert sorted(n for slot in slots for n in slot) == sorted(labs)
    for row in full_day():
        if row[2].startswith("Lab:"):
            (number,) = numbers(row[3], "Lab")
            assert row[2] == f"Lab: {labs[number]['title']}", row


@pytest.mark.parametrize("title", sorted(plans()))
def test_each_lab_comes_after_the_talks_on_its_lessons(title):
    """In every plan, each lab's catalog lessons were all covered by an earlier Talk row."""
    labs = catalog()
    talked: set[str] = set()
    for row in plans()[title]:
        if row[2].startswith("Talk"):
            talked.update(numbers(row[3], "Lesson"))
        for number in numbers(row[3], "Lab") if row[2].startswith("Lab:") else []:
            needed = {slug[:2] for slug in labs[number]["lessons"]}
            assert needed <= talked, f"{title}: Lab {number} before Lesson(s) {sorted(needed - talked)}"


@pytest.mark.parametrize("title", sorted(plans()))
def test_times_add_up_to_the_stated_length(title):
    """Each row starts when the previous one ends, and the last ends at the heading's length."""
    rows = plans()[title]
    clock = 0
    for row in rows:
        assert minutes(row[0]) == clock, f"{title}: {row[0]} should be {clock // 60}:{clock % 60:02d}"
        clock += int(row[1])
    stated = DURATION.search(title)
    assert clock == int(stated.group("h") or 0) * 60 + int(stated.group("m") or 0), title
