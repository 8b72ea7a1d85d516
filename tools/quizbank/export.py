"""``quizbank export``: write the bank as an Anki deck, a QTI 2.1 package or Moodle XML.

    .venv/bin/python tools/quizbank export anki   -o cold-start.apkg
    .venv/bin/python tools/quizbank export qti    --exam DVA-C02 -o dva-c02-qti.zip
    .venv/bin/python tools/quizbank export moodle --topic concurrency --topic vpc -o some.xml

What a format cannot express is printed as ONE ``warning:`` line on stderr (never silently
dropped). An unknown format, topic or exam, or a malformed option, prints one line naming it
and exits 2; problems in the bank itself exit 1, as validation does.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import anki, moodle, qti
from .errors import BankError
from .exportable import ExportError, Item, bank_timestamp, resolve_exam, select
from .validate import QUIZZES, load_bank

TITLE = "Cold Start"


@dataclass(frozen=True)
class Format:
    """One export format: its file suffix, its writer and what it cannot express."""

    suffix: str
    write: Callable[[list[Item], Path, str, int], Path]
    limits: Callable[[list[Item]], list[str]]


FORMATS = {
    "anki": Format(".apkg", lambda items, target, title, stamp: anki.write_apkg(items, target, title, stamp),
                   anki.limits),
    "qti": Format(".zip", lambda items, target, title, stamp: qti.write_package(items, target, title),
                  qti.limits),
    "moodle": Format(".xml", lambda items, target, title, stamp: moodle.write_xml(items, target, title),
                     moodle.limits),
}


def deck_title(exam: str | None) -> str:
    """``Cold Start`` for the whole bank, ``Cold Start DVA-C02`` for one exam's questions."""
    return f"{TITLE} {exam}" if exam else TITLE


def default_name(fmt: str, exam: str | None, topics: list[str]) -> str:
    """``cold-start[-dva-c02][-concurrency][-qti|-moodle].<suffix>``: the deck has no format word."""
    parts = ["cold-start"] + ([exam.lower()] if exam else []) + [t.split("-", 1)[-1] for t in topics]
    parts += [] if fmt == "anki" else [fmt]
    return "-".join(parts) + FORMATS[fmt].suffix


def export(fmt: str, target: Path, files=None, topics: list[str] = (), exam: str | None = None,
           instructor: bool = False, timestamp: int | None = None) -> tuple[Path, list[Item], list[str]]:
    """Write one export; return its path, the items in it and what the format could not express.

    Raises :class:`ExportError` for an unknown format, topic or exam, or an empty selection.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (formats: {', '.join(FORMATS)})")
    files = load_bank() if files is None else files
    exam = resolve_exam(exam)
    items = select(files, topics, exam, instructor=instructor)
    if not items:
        raise ExportError("no questions match that topic and exam")
    chosen = FORMATS[fmt]
    stamp = bank_timestamp() if timestamp is None else timestamp
    path = chosen.write(items, Path(target), deck_title(exam), stamp)
    return path, items, chosen.limits(items)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (``quizbank export: …``) and exit status 2."""

    def error(self, message: str):
        self.exit(2, f"quizbank export: {message}\n")


def parser() -> argparse.ArgumentParser:
    """The ``export`` command's options."""
    p = _Parser(prog="quizbank export", description="Export the question bank for Anki or an LMS.")
    p.add_argument("format", help="anki (.apkg), qti (QTI 2.1 content package, .zip) or moodle (Moodle XML)")
    p.add_argument("--topic", action="append", default=[],
                   help="only this topic (04-concurrency or concurrency); repeat for several")
    p.add_argument("--exam", help="only questions for this exam (DVA-C02 or SAA-C03)")
    p.add_argument("--instructor", action="store_true",
                   help="include instructor-only material (how parametric answers are computed)")
    p.add_argument("--bank", type=Path, default=QUIZZES, help="the bank folder (default quizzes/)")
    p.add_argument("-o", "--output", type=Path, help="output file (default: a name in this folder)")
    return p


def main(argv: list[str]) -> int:
    """Run ``export`` with ``argv`` (after the word ``export``); return the exit status."""
    args = parser().parse_args(argv)
    topics = [name for value in args.topic for name in value.split(",") if name]
    try:
        if args.format not in FORMATS:
            raise ExportError(f"unknown format {args.format!r} (formats: {', '.join(FORMATS)})")
        if not args.bank.is_dir():
            raise ExportError(f"no bank folder {str(args.bank)!r}")
        files = load_bank(args.bank)
        exam = resolve_exam(args.exam)
        target = args.output or Path(default_name(args.format, exam, topics))
        path, items, notes = export(args.format, target, files, topics, exam, args.instructor)
    except ExportError as exc:
        print(f"quizbank export: {exc}", file=sys.stderr)
        return 2
    except BankError as exc:
        print(exc, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) in the question bank", file=sys.stderr)
        return 1
    if notes:
        print(f"warning: {args.format} cannot express: " + "; ".join(notes), file=sys.stderr)
    print(f"wrote {path} ({len(items)} questions)")
    return 0
