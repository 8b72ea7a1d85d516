"""The Anki deck, read back by the real Anki (the ``anki`` package from PyPI).

Each test imports the exported ``.apkg`` into a fresh collection, exactly as the desktop app's
File → Import does, and compares what Anki holds with the bank.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from export_helpers import STAMP, md_plain, plain

anki_collection = pytest.importorskip("anki.collection")


def fresh_collection(tmp_path: Path):
    """A new, empty Anki collection on disk."""
    folder = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    folder.mkdir()
    return anki_collection.Collection(str(folder / "collection.anki2"))


def import_deck(col, path: Path):
    """Import ``path`` with Anki's default options (update notes that are newer)."""
    request = anki_collection.ImportAnkiPackageRequest(
        package_path=str(path), options=anki_collection.ImportAnkiPackageOptions())
    return col.import_anki_package(request).log


def notes_by_id(col) -> dict:
    """The collection's notes by their Id field."""
    notes = [col.get_note(nid) for nid in col.find_notes("")]
    return {note["Id"]: note for note in notes}


def expected_tags(item) -> set[str]:
    """The tags the bank implies, written out here independently of the exporter."""
    q = item.question
    tags = {f"cold-start::topic::{item.topic}", f"cold-start::difficulty::{q['difficulty']}",
            f"cold-start::dva-c02::{q['domain']}"}
    tags |= {f"cold-start::exam::{exam.lower()}" for exam in q["exams"]}
    if "saa_domain" in q:
        tags.add(f"cold-start::saa-c03::{q['saa_domain']}")
    tags |= {f"cold-start::tag::{tag}" for tag in q.get("tags", [])}
    if item.set_id:
        tags.add(f"cold-start::scenario::{item.set_id}")
    if q.get("practice_only"):
        tags.add("cold-start::practice-only")
    return {t.lower() for t in tags}


@pytest.fixture(scope="module")
def imported(exported, tmp_path_factory):
    """The whole-bank deck imported once into a fresh collection: (collection, first import log)."""
    col = fresh_collection(tmp_path_factory.mktemp("anki"))
    log = import_deck(col, exported["anki"])
    yield col, log
    col.close()


def test_one_note_per_item_with_its_fields_and_tags(imported, items):
    """Every item is one note; its front holds the stem and every option, its back the right
    options, every option's reason and every source link; its tags name topic, exams, domains
    and difficulty."""
    col, log = imported
    notes = notes_by_id(col)
    assert len(log.new) == len(items) == col.note_count() == len(notes)
    assert col.card_count() == len(items)
    for item in items:
        note = notes[item.id]
        q = item.question
        front, back, why, sources = (plain(note[f]) for f in ("Question", "Answer", "Why", "Sources"))
        assert md_plain(q["stem"]) in front, item.id
        if item.scenario:
            assert md_plain(item.scenario) in front, item.id
        for letter, option in zip("ABCDEFGH", q.get("options", [])):
            assert md_plain(option["text"]) in front, item.id
            assert md_plain(option["why"]) in why, item.id
            # Lettered, so "0 seconds" is not found inside "10 seconds" (computed options).
            assert (f'{letter}. {md_plain(option["text"])}' in back) == bool(option.get("correct")), item.id
        for entry in q.get("items", []):
            assert md_plain(entry["text"]) in front and md_plain(entry["text"]) in back, item.id
        for pair in q.get("pairs", []):
            assert md_plain(pair["left"]) in front and pair["right"] in back, item.id
        for accepted in q.get("answers", []):
            assert accepted in back, item.id
        for wrong in q.get("wrong_answers", []):
            assert md_plain(wrong["why"]) in why, item.id
        for url in q["sources"]:
            assert url in sources and f'href="{url}"' in note["Sources"], item.id
        assert {t.lower() for t in note.tags} == expected_tags(item), item.id


def test_numeric_backs_give_the_answer_the_grader_accepts(imported, items):
    """A numeric card's back shows a value that the course's grader marks right (parametric
    instances included: their answer was computed by the model)."""
    from quizbank.grader import grade

    col, _ = imported
    notes = notes_by_id(col)
    numeric = [i for i in items if i.kind == "numeric"]
    assert numeric
    for item in numeric:
        shown = plain(notes[item.id]["Answer"]).split("Answer:")[1].split()[0]
        assert grade(item.question, {"value": shown}, "exam")["correct"], (item.id, shown)


def test_parametric_questions_become_a_few_computed_instances(imported, bank_files):
    """Each parametric question gives PARAMETRIC_INSTANCES notes (fewer only if its parameters
    allow fewer), with every placeholder filled in."""
    from quizbank.compute import param_values
    from quizbank.exportable import PARAMETRIC_INSTANCES

    col, _ = imported
    notes = notes_by_id(col)
    parametric = [q for f in bank_files for q in f.data["questions"] if q["type"] == "parametric"]
    parametric += [s for f in bank_files for q in f.data["questions"] if q["type"] == "scenario"
                   for s in q["questions"] if s["type"] == "parametric"]
    assert parametric
    for q in parametric:
        combos = 1
        for spec in q["params"].values():
            combos *= len(param_values(spec))
        mine = [n for key, n in notes.items() if key.startswith(q["id"] + "~")]
        assert len(mine) == min(PARAMETRIC_INSTANCES, combos), q["id"]
        for note in mine:
            assert not any("{" + name + "}" in note["Question"] for name in q["params"]), q["id"]


def test_importing_twice_keeps_one_copy_of_each_note(exported, items, tmp_path):
    """A second import of the same deck adds nothing: every note is recognised by its GUID."""
    col = fresh_collection(tmp_path)
    try:
        import_deck(col, exported["anki"])
        again = import_deck(col, exported["anki"])
        assert not again.new
        assert col.note_count() == len(items)
    finally:
        col.close()


def test_an_updated_deck_updates_notes_instead_of_duplicating(bank_files, exported, tmp_path):
    """Re-exporting after a stem changed (a later bank date) and importing over the old deck
    changes that note in place: same note count, new text, same note (review history kept)."""
    from quizbank.exportable import select
    from quizbank.export import export
    from quizbank.loader import load_file

    bank = tmp_path / "bank"
    shutil.copytree(Path(bank_files[0].path).parent, bank)
    first = sorted(bank.glob("*.yml"))[0]
    loaded = load_file(first)
    target = next(q for q in loaded.data["questions"] if q["type"] == "single")
    text = first.read_text(encoding="utf-8")
    old_stem = target["stem"].strip().splitlines()[0]
    first.write_text(text.replace(old_stem, "UPDATED " + old_stem, 1), encoding="utf-8")
    from quizbank import load_bank

    edited = load_bank(bank)
    newer, _, _ = export("anki", tmp_path / "newer.apkg", edited, timestamp=STAMP + 86400)

    col = fresh_collection(tmp_path)
    try:
        import_deck(col, exported["anki"])
        before = notes_by_id(col)[target["id"]]
        log = import_deck(col, newer)
        after = notes_by_id(col)[target["id"]]
        assert not log.new and log.updated
        assert col.note_count() == len(select(edited))
        assert after.id == before.id and after.guid == before.guid
        assert "UPDATED" in after["Question"] and "UPDATED" not in before["Question"]
    finally:
        col.close()


def test_same_bank_same_bytes(bank_files, exported, tmp_path):
    """Exporting the same bank again gives a byte-identical deck (and so does the CLI's own
    dating, which comes from git, not the clock)."""
    from quizbank.export import export

    again, _, _ = export("anki", tmp_path / "again.apkg", bank_files, timestamp=STAMP)
    assert again.read_bytes() == exported["anki"].read_bytes()
    one, _, _ = export("anki", tmp_path / "one.apkg", bank_files)
    two, _, _ = export("anki", tmp_path / "two.apkg", bank_files)
    assert one.read_bytes() == two.read_bytes()


def test_anki_renders_front_and_back_as_intended(imported, items):
    """Anki's own card renderer shows the stem and options on the question side without the
    answer, and the answer, reasons and sources on the answer side."""
    col, _ = imported
    notes = notes_by_id(col)
    for item in items:
        card = notes[item.id].cards()[0]
        front, back = plain(card.question()), plain(card.answer())
        assert md_plain(item.question["stem"]) in front, item.id
        assert "Answer:" not in front and "Source:" not in front, item.id
        assert "Answer:" in back and item.question["sources"][0] in back, item.id
