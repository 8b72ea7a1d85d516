"""Export the bank as an IMS QTI 2.1 content package (a zip: manifest, one file per item, a test).

Layout::

    imsmanifest.xml          IMS Content Packaging 1.1: every item and the test as resources
    assessment.xml           an assessmentTest: one section per topic, referencing every item
    items/cs-<id>.xml        one assessmentItem per item (exportable.py)

Interactions by type: ``single``/``multiple`` → choiceInteraction (maxChoices 1 / ``select``),
``ordering`` → orderInteraction, ``matching`` → matchInteraction (directedPair), ``numeric`` and
``short`` → textEntryInteraction (float / string). Scoring is the exam's all-or-nothing:
SCORE is 1 when the response matches (numeric: within the absolute tolerance; short: any accepted
answer, ignoring case), else 0.

Feedback: outcome FEEDBACK (multiple identifier) receives the chosen options' identifiers, so the
modalFeedback of every chosen option shows its ``why``; it always receives ``EXPLANATION`` (the
right answer, the reasons, the explanation and the sources), and ``WRONG_n`` when a typed answer
matches the bank's known wrong answer n.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from .archive import deterministic_zip
from .exportable import Item, flattening_notes, shuffled
from .grader import tolerance
from .presentation import (LETTERS, explanation_html, inline, matching_rights, number, reasons_html,
                           right_answer_text, sources_html, stem_html)
from .xhtml import append_html, xml_text

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
CP_XSD = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
TEST_FILE = "assessment.xml"


def identifier(item_id: str) -> str:
    """A QTI identifier (an XML NCName) for a bank id: ``cs-`` + id, ``~`` → ``.``."""
    return "cs-" + item_id.replace("~", ".")


def item_href(item: Item) -> str:
    """Where the item's file sits inside the package."""
    return f"items/{identifier(item.id)}.xml"


def _el(parent: ET.Element | None, tag: str, text: str | None = None, **attrs) -> ET.Element:
    """Append a QTI element (attributes in keyword order; ``_`` in a name means ``-``)."""
    attrs = {k.rstrip("_"): str(v) for k, v in attrs.items()}
    node = ET.Element(f"{{{QTI}}}{tag}", attrs) if parent is None else \
        ET.SubElement(parent, f"{{{QTI}}}{tag}", attrs)
    if text is not None:
        node.text = xml_text(text)
    return node


def _base(parent, base_type: str, value) -> ET.Element:
    return _el(parent, "baseValue", str(value), baseType=base_type)


def _set(parent, outcome: str) -> ET.Element:
    return _el(parent, "setOutcomeValue", identifier=outcome)


def _score_if(rp: ET.Element, condition_builder) -> None:
    """``if <condition>: SCORE = 1``."""
    cond = _el(_el(rp, "responseCondition"), "responseIf")
    condition_builder(cond)
    _base(_set(cond, "SCORE"), "float", 1)


def _add_feedback(rp: ET.Element, identifier_value: str, condition_builder) -> None:
    """``if <condition>: FEEDBACK = FEEDBACK ∪ {identifier_value}``."""
    cond = _el(_el(rp, "responseCondition"), "responseIf")
    condition_builder(cond)
    multiple = _el(_set(cond, "FEEDBACK"), "multiple")
    _el(multiple, "variable", identifier="FEEDBACK")
    _base(multiple, "identifier", identifier_value)


def _declarations(root: ET.Element, cardinality: str, base_type: str, correct: list[str]) -> None:
    response = _el(root, "responseDeclaration", identifier="RESPONSE", cardinality=cardinality,
                   baseType=base_type)
    values = _el(response, "correctResponse")
    for value in correct:
        _el(values, "value", value)
    score = _el(root, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float")
    _el(_el(score, "defaultValue"), "value", "0")
    _el(root, "outcomeDeclaration", identifier="FEEDBACK", cardinality="multiple", baseType="identifier")


def _match_correct(cond: ET.Element) -> None:
    match = _el(cond, "match")
    _el(match, "variable", identifier="RESPONSE")
    _el(match, "correct", identifier="RESPONSE")


def _feedback_start(rp: ET.Element, with_response: bool) -> None:
    """FEEDBACK = {EXPLANATION} (∪ the chosen identifiers, for choice interactions)."""
    multiple = _el(_set(rp, "FEEDBACK"), "multiple")
    if with_response:
        _el(multiple, "variable", identifier="RESPONSE")
    _base(multiple, "identifier", "EXPLANATION")


def _modal(root: ET.Element, ident: str, title: str, html_text: str) -> None:
    feedback = _el(root, "modalFeedback", outcomeIdentifier="FEEDBACK", identifier=ident,
                   showHide="show", title=title)
    append_html(feedback, html_text, QTI)


def _choice(root, body, item: Item) -> None:
    q = item.question
    single = item.kind == "single"
    correct = [LETTERS[i] for i, o in enumerate(q["options"]) if o.get("correct")]
    _declarations(root, "single" if single else "multiple", "identifier", correct)
    interaction = _el(body, "choiceInteraction", responseIdentifier="RESPONSE", shuffle="false",
                      maxChoices=1 if single else q["select"], minChoices=0)
    for i, option in enumerate(q["options"]):
        append_html(_el(interaction, "simpleChoice", identifier=LETTERS[i]), inline(option["text"]), QTI)


def _ordering(root, body, item: Item) -> None:
    items = item.question["items"]
    _declarations(root, "ordered", "identifier", [f"I{i + 1}" for i in range(len(items))])
    interaction = _el(body, "orderInteraction", responseIdentifier="RESPONSE", shuffle="true")
    # Listed shuffled too, so a player that ignores `shuffle` does not show the answer.
    for i in shuffled(items, item.id, "items"):
        append_html(_el(interaction, "simpleChoice", identifier=f"I{i + 1}"), inline(items[i]["text"]), QTI)


def _matching(root, body, item: Item) -> None:
    pairs = item.question["pairs"]
    choices = matching_rights(item)
    _declarations(root, "multiple", "directedPair", [f"L{i + 1} R{i + 1}" for i in range(len(pairs))])
    interaction = _el(body, "matchInteraction", responseIdentifier="RESPONSE", shuffle="true",
                      maxAssociations=len(pairs))
    lefts = _el(interaction, "simpleMatchSet")
    for i, pair in enumerate(pairs):
        append_html(_el(lefts, "simpleAssociableChoice", identifier=f"L{i + 1}", matchMax=1),
                    inline(pair["left"]), QTI)
    right_set = _el(interaction, "simpleMatchSet")
    for i in shuffled(choices, item.id, "rights"):
        _el(right_set, "simpleAssociableChoice", choices[i], identifier=f"R{i + 1}", matchMax=1)


def _typed(root, body, item: Item) -> None:
    q = item.question
    numeric = item.kind == "numeric"
    correct = [number(q["answer"])] if numeric else [q["answers"][0]]
    _declarations(root, "single", "float" if numeric else "string", correct)
    line = _el(body, "p")
    _el(line, "textEntryInteraction", responseIdentifier="RESPONSE", expectedLength=12 if numeric else 40)
    if numeric and q.get("unit"):
        line[-1].tail = f" {q['unit']}"


def _numeric_close(target: str, tol: float):
    def build(cond: ET.Element) -> None:
        equal = _el(cond, "equal", toleranceMode="absolute", tolerance=f"{number(tol)} {number(tol)}")
        _el(equal, "variable", identifier="RESPONSE")
        if target == "correct":
            _el(equal, "correct", identifier="RESPONSE")
        else:
            _base(equal, "float", target)
    return build


def _string_match(texts: list[str]):
    def build(cond: ET.Element) -> None:
        parent = _el(cond, "or") if len(texts) > 1 else cond
        for text in texts:
            match = _el(parent, "stringMatch", caseSensitive="false")
            _el(match, "variable", identifier="RESPONSE")
            _base(match, "string", text)
    return build


def _processing(root: ET.Element, item: Item) -> None:
    q = item.question
    rp = _el(root, "responseProcessing")
    choice = item.kind in ("single", "multiple")
    _feedback_start(rp, with_response=choice)
    if item.kind == "numeric":
        tol = tolerance(q)
        _score_if(rp, _numeric_close("correct", tol))
        for n, wrong in enumerate(q.get("wrong_answers", []), start=1):
            _add_feedback(rp, f"WRONG_{n}", _numeric_close(number(wrong["value"]), tol))
    elif item.kind == "short":
        _score_if(rp, _string_match(q["answers"]))
        for n, wrong in enumerate(q.get("wrong_answers", []), start=1):
            _add_feedback(rp, f"WRONG_{n}", _string_match([wrong["text"]]))
    else:
        _score_if(rp, _match_correct)


def _feedbacks(root: ET.Element, item: Item) -> None:
    q = item.question
    if item.kind in ("single", "multiple"):
        for i, option in enumerate(q["options"]):
            verdict = "Right" if option.get("correct") else "Wrong"
            _modal(root, LETTERS[i], f"{LETTERS[i]}: {verdict.lower()}",
                   f"<p><strong>{LETTERS[i]}. {verdict}:</strong> {inline(option['why'])}</p>")
    for n, wrong in enumerate(q.get("wrong_answers", []), start=1):
        given = number(wrong["value"]) if "value" in wrong else wrong["text"]
        _modal(root, f"WRONG_{n}", f"Known mistake: {given}", f"<p>{inline(wrong['why'])}</p>")
    summary = f"<p><strong>Answer:</strong> {inline(right_answer_text(item))}</p>"
    reasons = reasons_html(item) if item.kind in ("ordering", "matching") else ""
    _modal(root, "EXPLANATION", "Answer and source",
           summary + reasons + explanation_html(item) + sources_html(item))


BUILDERS = {"single": _choice, "multiple": _choice, "ordering": _ordering, "matching": _matching,
            "numeric": _typed, "short": _typed}


def item_xml(item: Item) -> bytes:
    """One assessmentItem document."""
    root = _el(None, "assessmentItem", identifier=identifier(item.id), title=item.id,
               adaptive="false", timeDependent="false")
    root.set(f"{{{XSI}}}schemaLocation", f"{QTI} {QTI_XSD}")
    body = ET.Element(f"{{{QTI}}}itemBody")
    append_html(body, stem_html(item), QTI)
    BUILDERS[item.kind](root, body, item)
    root.append(body)
    _processing(root, item)
    _feedbacks(root, item)
    return _serialise(root)


def test_xml(items: list[Item], title: str) -> bytes:
    """The assessmentTest: one section per topic, in bank order."""
    root = _el(None, "assessmentTest", identifier="cold-start", title=title)
    root.set(f"{{{XSI}}}schemaLocation", f"{QTI} {QTI_XSD}")
    _el(root, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float")
    part = _el(root, "testPart", identifier="part-1", navigationMode="nonlinear", submissionMode="individual")
    sections: dict[str, ET.Element] = {}
    for item in items:
        if item.topic not in sections:
            sections[item.topic] = _el(part, "assessmentSection", identifier=f"topic-{item.topic}",
                                       title=f"{item.topic.split('-', 1)[0]} {item.topic_title}",
                                       visible="true")
        _el(sections[item.topic], "assessmentItemRef", identifier=identifier(item.id), href=item_href(item))
    total = _el(_set(_el(root, "outcomeProcessing"), "SCORE"), "sum")
    _el(total, "testVariables", variableIdentifier="SCORE")
    return _serialise(root, indent=True)


def manifest_xml(items: list[Item]) -> bytes:
    """imsmanifest.xml: each item a resource, the test a resource depending on all of them."""
    def cp(parent, tag, **attrs):
        return ET.SubElement(parent, f"{{{CP}}}{tag}", {k: str(v) for k, v in attrs.items()})

    root = ET.Element(f"{{{CP}}}manifest", {"identifier": "cold-start-question-bank"})
    root.set(f"{{{XSI}}}schemaLocation", f"{CP} {CP_XSD}")
    metadata = cp(root, "metadata")
    cp(metadata, "schema").text = "QTIv2.1 Package"
    cp(metadata, "schemaversion").text = "1.0.0"
    cp(root, "organizations")
    resources = cp(root, "resources")
    for item in items:
        resource = cp(resources, "resource", identifier=f"res-{identifier(item.id)}",
                      type="imsqti_item_xmlv2p1", href=item_href(item))
        cp(resource, "file", href=item_href(item))
    test = cp(resources, "resource", identifier="res-assessment", type="imsqti_test_xmlv2p1", href=TEST_FILE)
    cp(test, "file", href=TEST_FILE)
    for item in items:
        cp(test, "dependency", identifierref=f"res-{identifier(item.id)}")
    return _serialise(root, default=CP, indent=True)


def _serialise(root: ET.Element, default: str = QTI, indent: bool = False) -> bytes:
    ET.register_namespace("", default)
    ET.register_namespace("xsi", XSI)
    if indent:
        # Only for documents without mixed content: indenting <pre> would change what it shows.
        ET.indent(root, space=" ")
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def write_package(items: list[Item], target: Path, title: str) -> Path:
    """Write the content package for ``items`` to ``target`` (a .zip)."""
    members = [("imsmanifest.xml", manifest_xml(items)), (TEST_FILE, test_xml(items, title))]
    members += [(item_href(item), item_xml(item)) for item in items]
    return deterministic_zip(target, members)


def limits(items: list[Item]) -> list[str]:
    """What QTI 2.1 (as exported here) cannot carry of the course's questions."""
    notes = flattening_notes(items, "split into their sub-questions (scenario text repeated)", "an LMS")
    if any(i.kind in ("multiple", "ordering", "matching") for i in items):
        notes.append("multiple/ordering/matching scored all-or-nothing (no practice partial credit)")
    if any(i.kind == "short" for i in items):
        notes.append("short answers compared ignoring case only (not extra spaces or a final full stop)")
    if any(i.kind in ("ordering", "matching") and (any("why" in x for x in i.question.get("items", []))
                                                    or any("why" in p for p in i.question.get("pairs", [])))
           for i in items):
        notes.append("per-item reasons of ordering/matching shown together in the answer feedback")
    practice_only = sum(1 for i in items if i.question.get("practice_only"))
    if practice_only:
        notes.append(f"{practice_only} practice-only markers (QTI items carry no tags)")
    return notes

