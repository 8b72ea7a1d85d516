"""Export the bank as Moodle XML (Question bank → Import → Moodle XML format).

One ``category`` question per topic (``$course$/top/Cold Start/04 Concurrency and scaling``),
then one question per item (exportable.py), named and ``idnumber``-ed by its bank id:

=========== ================= ===============================================================
bank type   Moodle type       how
=========== ================= ===============================================================
single      multichoice       single; right option 100 %, each option's ``why`` as its feedback
multiple    multichoice       not single; right options 100/select % each, wrong ones the
                              negative of that (the course's practice rule), ``why`` feedback
numeric     numerical         the answer with its absolute tolerance (100 %), then each known
                              wrong value (0 %) with its ``why`` as feedback
short       shortanswer       every accepted answer 100 %, known wrong answers 0 % + feedback
matching    matching          pairs as subquestions, distractors as extra answers
ordering    ordering          items in the right order, all-or-nothing (core since Moodle 4.4)
=========== ================= ===============================================================

The explanation, the reasons for ordering/matching and the source links go in the general
feedback. Text is HTML (``format="html"``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from .exportable import Item, flattening_notes
from .grader import tolerance
from .presentation import (explanation_html, inline, number, reasons_html, right_answer_text,
                           sources_html, stem_html)
from .xhtml import xml_text

#: Moodle's question bank accepts only these grades (percent); multiple-response shares use them.
SHARES = {1: "100", 2: "50", 3: "33.33333", 4: "25", 5: "20", 6: "16.66667"}


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs) -> ET.Element:
    node = ET.SubElement(parent, tag, {k: str(v) for k, v in attrs.items()})
    if text is not None:
        node.text = xml_text(text)
    return node


def _text(parent: ET.Element, tag: str, value: str, html: bool = True) -> ET.Element:
    """``<tag format="html"><text>value</text></tag>``."""
    node = _sub(parent, tag, format="html") if html else _sub(parent, tag)
    _sub(node, "text", value)
    return node


def _answer(parent: ET.Element, fraction: str, text: str, feedback: str = "", html: bool = True,
            **extra) -> ET.Element:
    answer = _sub(parent, "answer", fraction=fraction, format="html" if html else "plain_text")
    _sub(answer, "text", text)
    for tag, value in extra.items():
        _sub(answer, tag, value)
    _text(answer, "feedback", feedback)
    return answer


def tags(item: Item) -> list[str]:
    """Moodle tags: topic, exams, domains, difficulty, and ``practice-only`` where the bank says so."""
    q = item.question
    out = [f"topic:{item.topic}", f"difficulty:{q['difficulty']}", f"dva-c02:{q['domain']}"]
    out += [f"exam:{exam}" for exam in q["exams"]]
    if "saa_domain" in q:
        out.append(f"saa-c03:{q['saa_domain']}")
    if q.get("practice_only"):
        out.append("practice-only")  # the course keeps it out of mock exams: maybe out of graded quizzes too
    return sorted(set(out))


def _choice(question: ET.Element, item: Item) -> None:
    q = item.question
    single = item.kind == "single"
    share = SHARES.get(q.get("select", 1), f"{100 / q.get('select', 1):.5f}")
    _sub(question, "single", "true" if single else "false")
    _sub(question, "shuffleanswers", "false")
    _sub(question, "answernumbering", "ABCD")
    for option in q["options"]:
        fraction = share if option.get("correct") else ("0" if single else f"-{share}")
        _answer(question, fraction, inline(option["text"]), inline(option["why"]))


def _numeric(question: ET.Element, item: Item) -> None:
    q = item.question
    tol = number(tolerance(q))
    _answer(question, "100", number(q["answer"]), "", html=False, tolerance=tol)
    for wrong in q.get("wrong_answers", []):
        _answer(question, "0", number(wrong["value"]), inline(wrong["why"]), html=False, tolerance=tol)
    # The unit is in the question text; Moodle's own unit handling stays off.
    _sub(question, "unitgradingtype", "0")
    _sub(question, "showunits", "3")
    _sub(question, "unitsleft", "0")


def _short(question: ET.Element, item: Item) -> None:
    q = item.question
    _sub(question, "usecase", "0")
    for accepted in q["answers"]:
        _answer(question, "100", accepted, "", html=False)
    for wrong in q.get("wrong_answers", []):
        _answer(question, "0", wrong["text"], inline(wrong["why"]), html=False)


def _matching(question: ET.Element, item: Item) -> None:
    q = item.question
    _sub(question, "shuffleanswers", "true")
    for pair in q["pairs"]:
        sub = _sub(question, "subquestion", format="html")
        _sub(sub, "text", inline(pair["left"]))
        _sub(_sub(sub, "answer"), "text", pair["right"])
    for distractor in q.get("distractors", []):
        sub = _sub(question, "subquestion", format="html")
        _sub(sub, "text", "")
        _sub(_sub(sub, "answer"), "text", distractor)


def _ordering(question: ET.Element, item: Item) -> None:
    _sub(question, "layouttype", "VERTICAL")
    _sub(question, "selecttype", "ALL")
    _sub(question, "selectcount", "0")
    _sub(question, "gradingtype", "ALL_OR_NOTHING")
    _sub(question, "showgrading", "SHOW")
    _sub(question, "numberingstyle", "none")
    for position, entry in enumerate(item.question["items"], start=1):
        _answer(question, str(position), inline(entry["text"]), "")


MOODLE_TYPES = {"single": ("multichoice", _choice), "multiple": ("multichoice", _choice),
                "numeric": ("numerical", _numeric), "short": ("shortanswer", _short),
                "matching": ("matching", _matching), "ordering": ("ordering", _ordering)}


def category_path(item: Item, title: str) -> str:
    """``$course$/top/<title>/04 Concurrency and scaling``."""
    return f"$course$/top/{title}/{item.topic.split('-', 1)[0]} {item.topic_title}"


def question_element(quiz: ET.Element, item: Item) -> ET.Element:
    """Append the Moodle question of one item."""
    moodle_type, fill = MOODLE_TYPES[item.kind]
    question = _sub(quiz, "question", type=moodle_type)
    _sub(_sub(question, "name"), "text", item.id)
    _text(question, "questiontext", stem_html(item))
    general = explanation_html(item) + sources_html(item)
    if item.kind in ("ordering", "matching"):
        general = f"<p><strong>Answer:</strong> {inline(right_answer_text(item))}</p>" + \
            reasons_html(item) + general
    _text(question, "generalfeedback", general)
    _sub(question, "defaultgrade", "1")
    _sub(question, "penalty", "0")
    _sub(question, "hidden", "0")
    _sub(question, "idnumber", item.id)
    fill(question, item)
    tag_list = _sub(question, "tags")
    for tag in tags(item):
        _sub(_sub(tag_list, "tag"), "text", tag)
    return question


def moodle_xml(items: list[Item], title: str) -> bytes:
    """The whole export as one Moodle XML document."""
    quiz = ET.Element("quiz")
    current = None
    for item in items:
        path = category_path(item, title)
        if path != current:
            category = _sub(quiz, "question", type="category")
            _sub(_sub(category, "category"), "text", path)
            current = path
        question_element(quiz, item)
    ET.indent(quiz, space=" ")
    return ET.tostring(quiz, encoding="UTF-8", xml_declaration=True) + b"\n"


def write_xml(items: list[Item], target: Path, title: str) -> Path:
    """Write the Moodle XML for ``items`` to ``target`` (atomically)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.write_bytes(moodle_xml(items, title))
    partial.replace(target)
    return target


def limits(items: list[Item]) -> list[str]:
    """What Moodle XML (core question types) cannot carry of the course's questions."""
    notes = flattening_notes(items, "split into their sub-questions (scenario text repeated)", "Moodle")
    if any(i.kind == "multiple" for i in items):
        notes.append("multiple response graded with partial credit (core Moodle has no all-or-nothing multichoice)")
    if any(i.kind in ("ordering", "matching") for i in items):
        notes.append("per-item reasons of ordering/matching in the general feedback")
    if any(i.kind == "ordering" for i in items):
        notes.append("ordering needs Moodle 4.4+ (or the qtype_ordering plugin)")
    return notes
