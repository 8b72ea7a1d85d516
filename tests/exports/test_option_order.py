"""Exports show single- and multiple-answer options in a shuffled order.

The bank lists the right option first by convention (every author does it, and the site shuffles
when it renders). An export shows letters (A, B, C…) in a fixed order, so without its own shuffle
"A" would be right in every question of an Anki deck, a QTI package or a Moodle quiz.
"""

from __future__ import annotations

import zipfile

import pytest

etree = pytest.importorskip("lxml.etree")
QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
#: How far above chance "the first option is right" may sit before it is a giveaway.
SLACK = 0.10


def bank_choice_questions(bank_files) -> dict:
    """Top-level single/multiple questions of the bank as written, by id."""
    return {q["id"]: q for f in bank_files for q in f.data["questions"] if q["type"] in ("single", "multiple")}


def test_every_option_is_kept_and_only_the_order_changes(bank_files, items):
    """Same texts, same reasons, same right answers; never the bank's own order."""
    written = bank_choice_questions(bank_files)
    exported = [i for i in items if i.id in written]
    assert len(exported) == len(written)
    for item in exported:
        mine, theirs = item.question["options"], written[item.id]["options"]
        assert sorted(map(repr, mine)) == sorted(map(repr, theirs)), item.id
        assert [o["text"] for o in mine] != [o["text"] for o in theirs], f"{item.id}: not shuffled"


def first_is_right_share(flags: list[bool]) -> float:
    """The share of questions whose first listed option is a right one."""
    assert flags, "no choice questions found"
    return sum(flags) / len(flags)


def test_moodle_quiz_does_not_put_the_right_answer_first(exported):
    """In the Moodle XML, the first <answer> of a single-answer question is right about as often
    as chance (1 in 4 options) allows, not always."""
    root = etree.parse(str(exported["moodle"])).getroot()
    firsts = [float(q.find("answer").get("fraction")) > 0 for q in root.findall("question")
              if q.get("type") == "multichoice" and q.findtext("single") == "true"]
    assert first_is_right_share(firsts) <= 0.25 + SLACK


def test_qti_items_do_not_key_the_first_choice(exported, tmp_path):
    """In the QTI package, the first simpleChoice of a choice item is in its correct response about
    as often as chance allows."""
    with zipfile.ZipFile(exported["qti"]) as archive:
        archive.extractall(tmp_path)
    firsts, chance = [], []
    for path in sorted((tmp_path / "items").glob("*.xml")):
        root = etree.parse(str(path)).getroot()
        choices = root.findall(f".//{QTI}choiceInteraction/{QTI}simpleChoice")
        if not choices:
            continue
        correct = {v.text for v in root.findall(f"{QTI}responseDeclaration/{QTI}correctResponse/{QTI}value")}
        firsts.append(choices[0].get("identifier") in correct)
        chance.append(len(correct) / len(choices))
    assert first_is_right_share(firsts) <= sum(chance) / len(chance) + SLACK
