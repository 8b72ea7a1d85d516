"""Fixtures for the export tests: the bank exported once per session in each format.

Other work edits quizzes/ while tests run, so the bank is loaded once here and the same loaded
files feed both the export and the expectations.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from export_helpers import STAMP

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))


@pytest.fixture(scope="session")
def bank_files():
    """The bank as loaded now (validated)."""
    from quizbank import load_bank

    return load_bank()


@pytest.fixture(scope="session")
def items(bank_files):
    """Every exportable item of the whole bank."""
    from quizbank.exportable import select

    return select(bank_files)


@pytest.fixture(scope="session")
def exported(tmp_path_factory, bank_files):
    """Export the whole bank once per format: {format: path}."""
    from quizbank.export import export

    out = tmp_path_factory.mktemp("exports")
    paths = {}
    for fmt, name in (("anki", "bank.apkg"), ("qti", "bank-qti.zip"), ("moodle", "bank.xml")):
        paths[fmt], _, _ = export(fmt, out / name, bank_files, timestamp=STAMP)
    return paths
