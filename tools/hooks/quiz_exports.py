"""MkDocs hook: the question bank's exports as downloads, built with the site.

``<!-- quiz-exports: anki -->``  a table of Anki decks: the whole bank and one per exam.
``<!-- quiz-exports: lms -->``   QTI 2.1 packages and Moodle XML, whole bank and per exam; the
                                 instructor edition only (a learner page using it fails the build).

Only the exports a page asks for are made, so the learner site never carries the LMS files.
They are written to ``site/assets/exports/`` after the build. The bytes are the same as
``tools/quizbank export`` writes (same code, dated by the bank's last commit), so a rebuild of
the same bank gives the same files. The bank was validated by quiz.py's ``on_config``; this hook
reuses the parsed files (tools/quizbank/loader.py keeps them), so it adds little to the build.
"""

from __future__ import annotations

import html
import posixpath
import re
import sys
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quizbank.export import default_name, export  # noqa: E402
from quizbank.exportable import EXAMS, bank_timestamp  # noqa: E402
from quizbank.loader import load_file  # noqa: E402
from quizbank.validate import QUIZZES  # noqa: E402
from hooks.instructor import instructor_build  # noqa: E402

SHORTCODE = re.compile(r"<!--\s*quiz-exports\s*:\s*(?P<kind>[a-z]+)\s*-->")
#: Not under assets/quiz/: the service worker precaches that folder at install (web/offline/sw-build.mjs),
#: and a learner should not download decks they never asked for. These are only in offline.json.
FOLDER = "assets/exports"
#: The formats each shortcode offers, with the words a reader sees.
KINDS = {"anki": [("anki", "Anki deck")],
         "lms": [("qti", "QTI 2.1 package (Canvas, Moodle 4+)"), ("moodle", "Moodle XML")]}

_made: dict[str, tuple[bytes, int]] = {}
_state: dict = {}


def on_config(config, **kwargs):
    """Forget exports made by a previous build (``mkdocs serve`` rebuilds in one process)."""
    _made.clear()
    _state.clear()
    return config


def _bank():
    if "files" not in _state:
        _state["files"] = [load_file(p) for p in sorted(QUIZZES.glob("*.yml"))]
        _state["stamp"] = bank_timestamp()
    return _state["files"], _state["stamp"]


def _make(fmt: str, exam: str | None) -> tuple[str, bytes, int]:
    """Build one export (once per build): its file name, bytes and question count."""
    name = default_name(fmt, exam, [])
    if name not in _made:
        files, stamp = _bank()
        with tempfile.TemporaryDirectory() as tmp:
            path, items, _ = export(fmt, Path(tmp) / name, files, exam=exam, timestamp=stamp)
            _made[name] = (path.read_bytes(), len(items))
    data, count = _made[name]
    return name, data, count


def _size(data: bytes) -> str:
    return f"{max(1, round(len(data) / 1024))} KB"


def _table(kind: str, page_url: str) -> str:
    """The download table for one shortcode, with links relative to the page."""
    rows = []
    for fmt, label in KINDS[kind]:
        for exam in (None, *EXAMS):
            name, data, count = _make(fmt, exam)
            href = posixpath.relpath(f"{FOLDER}/{name}", page_url.rstrip("/") or ".")
            scope = f"{exam} questions" if exam else "Whole bank"
            rows.append(f"<tr><td>{html.escape(label)}</td><td>{scope}</td><td>{count}</td>"
                        f'<td><a href="{html.escape(href)}" download>{name}</a> ({_size(data)})</td></tr>')
    # A table without a class of its own, so mkdocs-material styles it like every other table.
    return ('<div class="cs-exports"><table><thead><tr><th>Format</th><th>Questions from</th><th>Count</th>'
            f"<th>Download</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


def on_page_markdown(markdown, page, config, files, **kwargs):
    """Replace each ``quiz-exports`` shortcode with its download table."""
    if "quiz-exports" not in markdown:
        return markdown

    def replace(match: re.Match) -> str:
        kind = match.group("kind")
        if kind not in KINDS:
            raise PluginError(f"docs/{page.file.src_uri}: unknown export kind {kind!r} in {match.group(0)} "
                              f"(use {' or '.join(KINDS)})")
        if kind == "lms" and not instructor_build():
            raise PluginError(f"docs/{page.file.src_uri}: LMS exports belong in the instructor edition only")
        return _table(kind, page.url)

    return SHORTCODE.sub(replace, markdown)


def on_post_build(config, **kwargs):
    """Write the exports the pages offered."""
    target = Path(config["site_dir"]) / FOLDER
    if _made:
        target.mkdir(parents=True, exist_ok=True)
    for name, (data, _) in sorted(_made.items()):
        (target / name).write_bytes(data)
