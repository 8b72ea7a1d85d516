"""The instructor edition offers the LMS exports with an import guide; the learner site does not."""

from __future__ import annotations

import json

from quizbank import load_bank
from quizbank.export import export
from quizbank.exportable import bank_timestamp

LMS_FILES = ("cold-start-qti.zip", "cold-start-moodle.xml", "cold-start-dva-c02-qti.zip",
             "cold-start-dva-c02-moodle.xml", "cold-start-saa-c03-qti.zip", "cold-start-saa-c03-moodle.xml")


def test_instructor_page_links_the_lms_exports_and_the_guide(instructor_site, tmp_path):
    """The "Quizzes in your LMS" page links every QTI and Moodle XML file, each file is the one
    the command line writes, and the page explains the Canvas and Moodle imports."""
    page = (instructor_site / "instructors" / "lms-exports" / "index.html").read_text(encoding="utf-8")
    for title in ("Import into Canvas", "Import into Moodle", "How the files were checked"):
        assert title in page
    files = load_bank()
    for name in LMS_FILES:
        assert f'href="../../assets/exports/{name}"' in page, name
        fmt = "qti" if name.endswith(".zip") else "moodle"
        exam = "DVA-C02" if "dva-c02" in name else "SAA-C03" if "saa-c03" in name else None
        expected, _, _ = export(fmt, tmp_path / name, files, exam=exam, timestamp=bank_timestamp())
        built = instructor_site / "assets" / "exports" / name
        assert built.read_bytes() == expected.read_bytes(), name


def test_learner_site_has_decks_but_no_lms_exports(learner_site):
    """The learner build carries the Anki decks only: no QTI, no Moodle XML, no LMS page. The
    service worker does not precache the decks at install; "the whole course offline" has them."""
    folder = learner_site / "assets" / "exports"
    decks = ["cold-start.apkg", "cold-start-dva-c02.apkg", "cold-start-saa-c03.apkg"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(decks)
    assert not (learner_site / "instructors").exists()
    assert "assets/exports/" not in (learner_site / "sw.js").read_text(encoding="utf-8")
    offline = json.loads((learner_site / "offline.json").read_text(encoding="utf-8"))
    assert {f"assets/exports/{name}" for name in decks} <= {entry[0] for entry in offline["files"]}


def test_workshop_writes_every_export_to_dist(tmp_path):
    """`make workshop`'s exports step writes each format, whole bank and per exam."""
    import workshop

    written = workshop.write_exports(tmp_path)
    assert sorted(p.name for p in written) == sorted(
        LMS_FILES + ("cold-start.apkg", "cold-start-dva-c02.apkg", "cold-start-saa-c03.apkg"))
    assert all(p.parent == tmp_path / "exports" and p.stat().st_size > 1000 for p in written)
