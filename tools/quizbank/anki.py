"""Export the bank as an Anki deck (``.apkg``), written with genanki.

One note per item (see exportable.py: a scenario sub-question or a parametric instance is an
item). The front shows the stem and what to choose from; the back the answer, why each option
is right or wrong, the explanation and the source links. Tags: ``cold-start::topic::…``,
``cold-start::exam::…``, ``cold-start::dva-c02::<domain>``, ``cold-start::saa-c03::<domain>``,
``cold-start::difficulty::N``, the question's own tags under ``cold-start::tag::``, and
``cold-start::practice-only`` for questions the mock exam leaves out.

Identity is stable: the note GUID comes from the item id, the note type and deck ids are fixed,
so importing a newer deck updates the notes (and keeps their review history) instead of
duplicating them. Bytes are deterministic: notes are dated with :func:`bank_timestamp`, and the
zip members carry a fixed date.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import sqlite3
import tempfile
from pathlib import Path

import genanki

from .archive import deterministic_zip
from .exportable import Item, flattening_notes, shuffled
from .presentation import (LETTERS, explanation_html, inline, matching_rights, reasons_html,
                           right_answer_text, sources_html, stem_html)

#: Fixed forever: Anki matches note types by id (changing it would duplicate every note).
MODEL_ID = 1_718_230_417
MODEL_NAME = "Cold Start question"
FIELDS = ("Id", "Question", "Answer", "Why", "Sources")
CSS = """\
.card { font-family: system-ui, sans-serif; font-size: 18px; text-align: left; max-width: 46em;
        margin: 0 auto; line-height: 1.45; }
.cs-scenario { border-left: 4px solid #888; padding-left: .8em; }
.cs-options { list-style: none; padding-left: 0; }
.cs-options li { margin: .3em 0; }
.cs-id { font-size: 12px; opacity: .6; }
"""
MODEL = genanki.Model(
    MODEL_ID, MODEL_NAME,
    fields=[{"name": name} for name in FIELDS],
    templates=[{
        "name": "Question",
        "qfmt": "{{Question}}",
        "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}{{Why}}{{Sources}}'
                '<p class="cs-id">{{Id}}</p>',
    }],
    css=CSS,
    sort_field_index=1,
)


def deck_id(name: str) -> int:
    """A stable deck id from the deck's name (Anki wants a positive 64-bit integer)."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:6], "big") + 1


def note_guid(item: Item) -> str:
    """The note's GUID: derived from the item id only, so edits to the text keep the note."""
    return genanki.guid_for("cold-start", item.id)


def tags(item: Item) -> list[str]:
    """Hierarchical tags (Anki 2.1.45+ shows them as a tree under ``cold-start``)."""
    q = item.question
    out = [f"cold-start::topic::{item.topic}", f"cold-start::difficulty::{q['difficulty']}"]
    for exam in q["exams"]:
        out.append(f"cold-start::exam::{exam.lower()}")
    out.append(f"cold-start::dva-c02::{q['domain']}")
    if "saa_domain" in q:
        out.append(f"cold-start::saa-c03::{q['saa_domain']}")
    out.extend(f"cold-start::tag::{tag}" for tag in q.get("tags", []))
    if item.set_id:
        out.append(f"cold-start::scenario::{item.set_id}")
    if q.get("practice_only"):
        out.append("cold-start::practice-only")
    return sorted(set(out))


def front(item: Item) -> str:
    """The question side: stem, then the options (or items to order, or pairs to match)."""
    q = item.question
    body = stem_html(item)
    if item.kind in ("single", "multiple"):
        body += '<ul class="cs-options">' + "".join(
            f"<li>{LETTERS[i]}. {inline(o['text'])}</li>" for i, o in enumerate(q["options"])) + "</ul>"
    elif item.kind == "ordering":
        order = shuffled(q["items"], item.id, "items")
        body += "<p>Put these in order:</p><ul>" + "".join(
            f"<li>{inline(q['items'][i]['text'])}</li>" for i in order) + "</ul>"
    elif item.kind == "matching":
        choices = matching_rights(item)
        order = shuffled(choices, item.id, "rights")
        body += "<p>Match each of these:</p><ul>" + "".join(
            f"<li>{inline(p['left'])}</li>" for p in q["pairs"]) + "</ul>"
        body += "<p>with one of:</p><ul>" + "".join(
            f"<li>{html.escape(choices[i])}</li>" for i in order) + "</ul>"
    return body


def answer(item: Item) -> str:
    """The answer side's first line: the right option(s), value, order or pairs."""
    q = item.question
    if item.kind in ("single", "multiple"):
        rows = "".join(f"<li>{LETTERS[i]}. {inline(o['text'])}</li>"
                       for i, o in enumerate(q["options"]) if o.get("correct"))
        return f'<p><strong>Answer:</strong></p><ul class="cs-options">{rows}</ul>'
    if item.kind == "ordering":
        rows = "".join(f"<li>{inline(i['text'])}</li>" for i in q["items"])
        return f"<p><strong>Answer:</strong></p><ol>{rows}</ol>"
    if item.kind == "matching":
        rows = "".join(f"<li>{inline(p['left'])} → {html.escape(p['right'])}</li>" for p in q["pairs"])
        return f"<p><strong>Answer:</strong></p><ul>{rows}</ul>"
    if item.kind == "short":
        accepted = " / ".join(html.escape(a) for a in q["answers"])
        return f"<p><strong>Answer:</strong> {accepted}</p>"
    return f"<p><strong>Answer:</strong> {html.escape(right_answer_text(item))}</p>"


def note(item: Item) -> genanki.Note:
    """The Anki note of one item."""
    why = reasons_html(item)
    if item.kind == "numeric" and not item.question.get("wrong_answers"):
        why = ""
    fields = [item.id, front(item), answer(item), why + explanation_html(item), sources_html(item)]
    return genanki.Note(model=MODEL, fields=fields, tags=tags(item), guid=note_guid(item))


def deck_name(title: str, topic: str, topic_title: str) -> str:
    """``Cold Start::04 Concurrency and scaling``: one subdeck per topic, in teaching order."""
    return f"{title}::{topic.split('-', 1)[0]} {topic_title}"


def write_apkg(items: list[Item], target: Path, title: str, timestamp: int) -> Path:
    """Write the deck ``title`` (one subdeck per topic) holding ``items`` to ``target``."""
    decks: dict[str, genanki.Deck] = {}
    for item in items:
        name = deck_name(title, item.topic, item.topic_title)
        if name not in decks:
            decks[name] = genanki.Deck(deck_id(name), name)
        decks[name].add_note(note(item))
    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "collection.anki2"
        connection = sqlite3.connect(database)
        # Ids count up from the timestamp: the same bank gives the same ids, hence the same bytes.
        genanki.Package(list(decks.values())).write_to_db(
            connection.cursor(), timestamp, itertools.count(timestamp * 1000))
        connection.commit()
        connection.close()
        members = [("collection.anki2", database.read_bytes()), ("media", b"{}")]
    return deterministic_zip(target, members)


def limits(items: list[Item]) -> list[str]:
    """What a flashcard cannot do that the course's quiz does (for the one warning line)."""
    notes = flattening_notes(items, "as one card per sub-question", "a flashcard")
    if any(i.kind in ("numeric", "short", "ordering", "matching") for i in items):
        notes.append("typed, ordering and matching answers are self-graded")
    return notes

