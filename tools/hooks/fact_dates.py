"""MkDocs hook: every checked value carries a "last checked" date, and none is too old.

The dates live in three places, one per kind of claim:

* ``sandbox/facts_checked.py`` — ``CHECKED`` dates every documented constant of the sandbox (the
  rows of the Documented numbers page, which shows them in its Checked column);
* ``docs/cheat-sheet.md`` — the last column ("As of") of every row of its table;
* lesson front matter ``checked:`` — a mapping from a claim's key to a date, for prose-only claims
  such as prices; ``<!-- checked: KEY -->`` in the lesson shows "checked DATE" next to the claim.

The build fails, naming file and line, when a date is missing or malformed, lies in the future, or
is older than ``MAX_AGE_DAYS`` (from ``sandbox/facts_checked.py``). ``COLD_START_TODAY=YYYY-MM-DD``
replaces today's date, to see in advance which checks will expire.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from pathlib import Path

import yaml

CHEAT_SHEET = "cheat-sheet.md"
LESSON_URI = re.compile(r"^lessons/\d\d-[a-z0-9-]+\.md$")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?\n)?---[ \t]*\n", re.DOTALL)
SHORTCODE = re.compile(r"<!--\s*checked:\s*(?P<key>[a-z0-9][a-z0-9-]*)\s*-->")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def today() -> dt.date:
    """Today's date, or ``COLD_START_TODAY`` when it is set."""
    override = os.environ.get("COLD_START_TODAY", "").strip()
    return dt.date.fromisoformat(override) if override else dt.date.today()


def date_problem(value: object, now: dt.date, max_age_days: int) -> str | None:
    """Why ``value`` is not an acceptable "last checked" date, or None when it is."""
    text = value.isoformat() if isinstance(value, dt.date) else str(value).strip()
    if not ISO_DATE.match(text):
        return f"'last checked' date must look like 2026-12-03, got {text!r}"
    try:
        checked = dt.date.fromisoformat(text)
    except ValueError:
        return f"'last checked' date {text!r} is not a real date"
    if checked > now:
        return f"'last checked' date {text} is in the future (today is {now.isoformat()})"
    age = (now - checked).days
    if age > max_age_days:
        return (f"last checked {text}, {age} days ago (limit {max_age_days}): check the value "
                f"against its source again and update the date")
    return None


def check_constants(documented: list[str], checked: dict[str, str], lines: dict[str, int],
                    now: dt.date, max_age_days: int, display: str) -> list[str]:
    """Problems with the dates of the sandbox's documented constants (``module.NAME`` keys)."""
    problems = []
    for key in documented:
        if key not in checked:
            problems.append(f"{display}:1: {key} is a documented number with no 'last checked' "
                            f"date in CHECKED")
            continue
        problem = date_problem(checked[key], now, max_age_days)
        if problem:
            problems.append(f"{display}:{lines.get(key, 1)}: {key}: {problem}")
    for key in sorted(set(checked) - set(documented)):
        problems.append(f"{display}:{lines.get(key, 1)}: {key} is dated but is not a documented "
                        f"constant any more (remove it)")
    return problems


def check_cheat_sheet(text: str, now: dt.date, max_age_days: int, display: str) -> list[str]:
    """Problems with the last ("As of") column of every row of the cheat sheet's tables."""
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("|"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if set("".join(cells)) <= set("-: ") or cells[-1] in ("As of", "Checked"):
            continue  # separator or header row
        problem = date_problem(cells[-1], now, max_age_days)
        if problem:
            problems.append(f"{display}:{number}: {problem}")
    return problems


def lesson_checked(text: str) -> tuple[dict, int]:
    """The ``checked:`` mapping of a lesson's front matter and the line it starts on."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, 1
    try:
        fields = yaml.safe_load(match.group("body") or "") or {}
    except yaml.YAMLError:
        return {}, 1  # lessons.py reports malformed front matter
    line = next((n for n, l in enumerate(text.splitlines(), start=1) if l.startswith("checked:")), 1)
    checked = fields.get("checked", {}) if isinstance(fields, dict) else {}
    return checked, line


def check_lesson(text: str, now: dt.date, max_age_days: int, display: str) -> list[str]:
    """Problems with a lesson's ``checked:`` dates and with its ``<!-- checked: KEY -->`` uses."""
    checked, line = lesson_checked(text)
    if not isinstance(checked, dict):
        return [f"{display}:{line}: front matter: 'checked' must map claim keys to dates"]
    problems = []
    for key, value in checked.items():
        problem = date_problem(value, now, max_age_days)
        if problem:
            problems.append(f"{display}:{line}: checked.{key}: {problem}")
    for number, body_line in enumerate(text.splitlines(), start=1):
        for match in SHORTCODE.finditer(body_line):
            if match.group("key") not in checked:
                problems.append(f"{display}:{number}: <!-- checked: {match.group('key')} --> has "
                                f"no date under 'checked:' in the front matter")
    return problems


def _facts_table():
    """The sibling hook module that reads the sandbox's documented constants and their dates."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    try:
        import facts_table
    finally:
        sys.path.pop(0)
    return facts_table


def on_files(files, config):
    """Check every date; fail the build with all problems, one 'file:line: message' each."""
    from mkdocs.exceptions import PluginError

    now = today()
    table = _facts_table()
    checked, max_age, lines = table.load_checked()
    documented = [f"{fact.module}.{fact.name}" for fact in table.all_facts() if fact.sources]
    problems = check_constants(documented, checked, lines, now, max_age,
                               "sandbox/facts_checked.py")
    for file in files:
        if file.src_uri == CHEAT_SHEET or LESSON_URI.match(file.src_uri):
            text = Path(file.abs_src_path).read_text(encoding="utf-8")
            check = check_cheat_sheet if file.src_uri == CHEAT_SHEET else check_lesson
            problems += check(text, now, max_age, f"docs/{file.src_uri}")
    if problems:
        raise PluginError("'last checked' dates:\n  " + "\n  ".join(problems))
    return files


def on_page_markdown(markdown, page, config, files):
    """Replace ``<!-- checked: KEY -->`` with the date from the lesson's front matter."""
    checked = page.meta.get("checked") or {}

    def replace(match: re.Match) -> str:
        value = checked.get(match.group("key"))
        date = value.isoformat() if isinstance(value, dt.date) else str(value)
        return f'<span class="last-checked">(checked {date})</span>'

    return SHORTCODE.sub(replace, markdown)
