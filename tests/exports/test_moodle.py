"""The Moodle XML export, read back by independent readers.

Moodle publishes no XML schema for its question format, so the file is checked by what reads it:
lxml parses it (well-formed), moodle-xml-parser (PyPI, an independent reader of Moodle XML)
reads every multichoice question, and the other question types are read element by element as
Moodle's importer (question/format/xml/format.php) reads them.
"""

from __future__ import annotations

import pytest
from export_helpers import md_plain, plain

etree = pytest.importorskip("lxml.etree")
moodle_parser = pytest.importorskip("moodle_xml_parser.parser")


@pytest.fixture(scope="module")
def document(exported):
    """The whole-bank Moodle XML, parsed by lxml."""
    return etree.parse(str(exported["moodle"])).getroot()


def questions(document) -> dict:
    """Every non-category question element, by its idnumber."""
    return {q.findtext("idnumber"): q for q in document.findall("question") if q.get("type") != "category"}


def test_every_item_is_one_question_in_its_topic_category(document, items):
    """One question per bank item, named and idnumber-ed by its id, after its topic's category."""
    found = questions(document)
    assert sorted(found) == sorted(item.id for item in items)
    category = None
    by_id = {item.id: item for item in items}
    for node in document.findall("question"):
        if node.get("type") == "category":
            category = node.findtext("category/text")
            continue
        item = by_id[node.findtext("idnumber")]
        assert node.findtext("name/text") == item.id
        assert category.startswith("$course$/top/Cold Start/") and item.topic_title in category
        assert md_plain(item.question["stem"]) in plain(node.findtext("questiontext/text"))
        tags = {t.text for t in node.findall("tags/tag/text")}
        assert f"topic:{item.topic}" in tags and f"difficulty:{item.question['difficulty']}" in tags
        assert {f"exam:{e}" for e in item.question["exams"]} <= tags
        assert ("practice-only" in tags) == bool(item.question.get("practice_only")), item.id
        for url in item.question["sources"]:
            assert url in node.findtext("generalfeedback/text"), item.id


def test_multichoice_read_by_an_independent_parser(exported, items):
    """moodle-xml-parser reads every single/multiple-response question: right options carry a
    positive grade, the others none or a negative one, and each option's feedback is its reason."""
    parsed = moodle_parser.parse_file(str(exported["moodle"]))["multichoice"]
    by_name = {q.name: q for q in parsed}
    choice_items = [i for i in items if i.kind in ("single", "multiple")]
    assert sorted(by_name) == sorted(i.id for i in choice_items)
    for item in choice_items:
        question = by_name[item.id]
        assert question.single == (item.kind == "single")
        options = item.question["options"]
        assert len(question.options) == len(options)
        for parsed_option, option in zip(question.options, options):
            assert md_plain(option["text"]) == plain(parsed_option.answer), item.id
            assert (parsed_option.score_fraction > 0) == bool(option.get("correct")), item.id
            if item.kind == "multiple" and not option.get("correct"):
                assert parsed_option.score_fraction < 0, item.id
            assert md_plain(option["why"]) == plain(parsed_option.feedback), item.id
        right = sum(o.score_fraction for o in question.options if o.score_fraction > 0)
        assert right == pytest.approx(100, abs=0.01), item.id


def test_numerical_shortanswer_matching_ordering(document, items):
    """Numerical: the answer at 100 % with the grader's absolute tolerance, known wrong values
    at 0 % with their reason. Short answer: every accepted text at 100 %. Matching: each pair a
    subquestion, distractors as answers without a question. Ordering: items in the right order."""
    from quizbank.grader import tolerance

    found = questions(document)
    kinds = {"numeric": "numerical", "short": "shortanswer", "matching": "matching", "ordering": "ordering"}
    checked = set()
    for item in [i for i in items if i.kind in kinds]:
        node, q = found[item.id], item.question
        assert node.get("type") == kinds[item.kind], item.id
        answers = node.findall("answer")
        if item.kind == "numeric":
            right = answers[0]
            assert right.get("fraction") == "100"
            assert float(right.findtext("text")) == pytest.approx(q["answer"])
            assert float(right.findtext("tolerance")) == pytest.approx(tolerance(q))
            for wrong, answer in zip(q.get("wrong_answers", []), answers[1:]):
                assert answer.get("fraction") == "0"
                assert float(answer.findtext("text")) == pytest.approx(wrong["value"])
                assert md_plain(wrong["why"]) == plain(answer.findtext("feedback/text"))
        elif item.kind == "short":
            accepted = [a.findtext("text") for a in answers if a.get("fraction") == "100"]
            assert accepted == q["answers"], item.id
        elif item.kind == "matching":
            subs = [(plain(s.findtext("text") or ""), s.findtext("answer/text")) for s in node.findall("subquestion")]
            assert subs == [(md_plain(p["left"]), p["right"]) for p in q["pairs"]] + \
                [("", d) for d in q.get("distractors", [])], item.id
        else:
            assert [plain(a.findtext("text")) for a in answers] == [md_plain(i["text"]) for i in q["items"]]
            assert [a.get("fraction") for a in answers] == [str(n) for n in range(1, len(answers) + 1)]
        checked.add(item.kind)
    assert checked == set(kinds)


def test_same_bank_same_bytes(bank_files, exported, tmp_path):
    """Exporting the same bank again gives a byte-identical file."""
    from quizbank.export import export

    again, _, _ = export("moodle", tmp_path / "again.xml", bank_files)
    assert again.read_bytes() == exported["moodle"].read_bytes()
