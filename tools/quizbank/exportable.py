"""The bank as the export formats see it: a flat list of self-contained questions.

Every exporter (Anki, QTI 2.1, Moodle XML) starts from :func:`select`, which turns the bank into
:class:`Item` objects that need nothing else to be rendered:

* a scenario set becomes its sub-questions, each carrying the set's text and inherited fields;
* a parametric question becomes a few computed instances (``PARAMETRIC_INSTANCES`` seeded
  draws): an instance with options is a ``single`` question whose right option is the one
  ``compute`` returned, one with misconceptions is a ``single`` question of the four computed
  options in their shuffled order (the first instances of the site's pool, see choices.py), one
  without either is a ``numeric`` question whose answer is ``compute``'s value;
* single- and multiple-answer options are put in an order shuffled by the item id
  (:func:`in_display_order`): the bank lists the right option first, and an export's letters
  must not give it away;
* ``--topic`` and ``--exam`` filters are applied, and unknown names rejected with one line.

Item ids are the bank ids (instance ``n`` of a parametric question is ``ID~n``), so exports keep
the same identity from one build to the next: an updated Anki deck updates its notes, an LMS
re-import finds the same items. Instructor-only material (the ``compute`` snippet, which is the
worked method an answer key shows) is left out unless ``instructor=True``.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import choices
from .compute import answer_for, pool_draws, substitute
from .loader import LoadedFile
from .validate import INHERITED

ROOT = Path(__file__).resolve().parents[2]
#: Computed instances exported per parametric question (fewer when the parameters allow fewer).
PARAMETRIC_INSTANCES = 3
#: Exam codes as the schema spells them.
EXAMS = ("DVA-C02", "SAA-C03")
#: Used when neither SOURCE_DATE_EPOCH nor git can date the bank (2026-01-01T00:00:00Z).
FALLBACK_EPOCH = 1767225600
#: What the exported content depends on: a change in any of these re-dates the exports.
DATED_PATHS = ("quizzes", "sandbox", "tools/quizbank")
#: A stem that already says how many to pick: "(Choose two.)", "Select 3", "Which TWO ...".
_CHOOSE = re.compile(r"(?i:\b(choose|select)\s+(two|three|four|five|\d)\b)|\b(TWO|THREE|FOUR|FIVE)\b")
_NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}


class ExportError(ValueError):
    """A user error in an export request (unknown format, topic or exam): one line, exit 2."""


@dataclass(frozen=True)
class Item:
    """One exportable question, with everything an exporter needs to render it.

    ``question`` is the bank's question with inherited fields filled in; a parametric instance
    has type ``single`` or ``numeric``, its placeholders filled and its answer computed.
    """

    id: str
    question: dict
    topic: str
    topic_title: str
    scenario: str | None = None
    set_id: str | None = None
    params: dict | None = None
    compute: str | None = None

    @property
    def kind(self) -> str:
        """The question type as exported (never ``parametric`` or ``scenario``)."""
        return self.question["type"]

    @property
    def source_id(self) -> str:
        """The bank id this item comes from (an instance's question, or the question itself)."""
        return self.id.split("~", 1)[0]


def shuffled(values: list, item_id: str, salt: str = "") -> list[int]:
    """Indexes of ``values`` in a deterministic shuffled order, never the given order when
    there are at least two values (a shuffle that changes nothing would give the answer away)."""
    order = list(range(len(values)))
    if len(order) < 2:
        return order
    rng = random.Random(f"{item_id}/{salt}")
    while order == list(range(len(values))):
        rng.shuffle(order)
    return order


def in_display_order(question: dict, item_id: str) -> dict:
    """``question`` with its options (single and multiple answers) in the order an export shows
    them: shuffled by the item id, because the bank lists the right option first by convention and
    an export's letters would otherwise give it away."""
    if question["type"] not in ("single", "multiple"):
        return question
    options = question["options"]
    return {**question, "options": [options[i] for i in shuffled(options, item_id, "options")]}


def choose_hint(question: dict) -> str:
    """``(Choose two.)`` for a multiple-response stem that does not already say how many."""
    if question["type"] != "multiple" or _CHOOSE.search(question["stem"]):
        return ""
    count = question["select"]
    return f"(Choose {_NUMBER_WORDS.get(count, count)}.)"


def parametric_instances(q: dict, count: int = PARAMETRIC_INSTANCES) -> list[tuple[dict, dict]]:
    """The first ``count`` draws of the question's seeded pool (the same draws the site's lesson
    checks start from), each with its resolved question. The same bank gives the same instances."""
    if choices.is_choice(q):
        return [(inst["values"], resolve_choice(q, inst)) for inst in choices.pool(q)[:count]]
    return [(values, resolve_parametric(q, values)) for values in pool_draws(q["params"], size=count)]


def resolve_choice(q: dict, inst: dict) -> dict:
    """The ``single`` question one instance of a computed single answer stands for: its four
    options in display order, each with its reason, the right one marked."""
    values = inst["values"]
    reasons = [q["answer_why"]] + [w["why"] for w in q["misconceptions"]]
    resolved = {k: v for k, v in q.items()
                if k not in ("params", "compute", "misconceptions", "answer_why", "decimals", "unit")}
    resolved["type"] = "single"
    resolved["stem"] = substitute(q["stem"], values, group=True)
    resolved["options"] = [{"text": o["text"], "why": substitute(reasons[o["slot"]], values, group=True),
                            **({"correct": True} if o["slot"] == 0 else {})} for o in inst["options"]]
    return resolved


def resolve_parametric(q: dict, values: dict) -> dict:
    """The plain question one draw of a parametric question stands for."""
    answer = answer_for(q["compute"], values)
    resolved = {k: v for k, v in q.items() if k not in ("params", "compute", "options")}
    resolved["stem"] = substitute(q["stem"], values)
    if "options" in q:
        resolved["type"] = "single"
        resolved["options"] = []
        for option in q["options"]:
            text = substitute(option["text"], values)
            resolved["options"].append({"text": text, "why": substitute(option["why"], values),
                                        **({"correct": True} if text == answer else {})})
    else:
        resolved["type"] = "numeric"
        # Round away float noise from the model (0.30000000000000004) without losing precision.
        resolved["answer"] = round(float(answer), 9)
    return resolved


def _inherit(q: dict, parent: dict | None) -> dict:
    if not parent:
        return dict(q)
    return {**{k: parent[k] for k in INHERITED if k in parent}, **q}


def _items_of(q: dict, topic: str, title: str, parent: dict | None, instructor: bool) -> list[Item]:
    merged = _inherit(q, parent)
    scenario = parent["scenario"] if parent else None
    set_id = parent["id"] if parent else None
    if merged["type"] == "scenario":
        return [item for sub in merged["questions"]
                for item in _items_of(sub, topic, title, merged, instructor)]
    if merged["type"] == "parametric":
        computed = choices.is_choice(merged)  # its options are already in the pool's shuffled order
        items = []
        for n, (values, resolved) in enumerate(parametric_instances(merged), start=1):
            item_id = f"{merged['id']}~{n}"
            items.append(Item(item_id, resolved if computed else in_display_order(resolved, item_id), topic,
                              title, scenario, set_id, params=values,
                              compute=merged["compute"] if instructor else None))
        return items
    return [Item(merged["id"], in_display_order(merged, merged["id"]), topic, title, scenario, set_id)]


def resolve_topics(files: list[LoadedFile], names: list[str]) -> list[str]:
    """Topic names as given (``04-concurrency`` or just ``concurrency``) → the bank's topics."""
    known = [f.data["topic"] for f in files]
    chosen = []
    for name in names:
        matches = [t for t in known if name in (t, t.split("-", 1)[-1])]
        if len(matches) != 1:
            raise ExportError(f"unknown topic {name!r} (topics: {', '.join(known)})")
        chosen.append(matches[0])
    return chosen


def resolve_exam(name: str | None) -> str | None:
    """An exam code in any case (``dva-c02``) → its canonical spelling, or ``None`` for all."""
    if name is None:
        return None
    for exam in EXAMS:
        if name.upper() == exam:
            return exam
    raise ExportError(f"unknown exam {name!r} (exams: {', '.join(EXAMS)})")


def select(files: list[LoadedFile], topics: list[str] = (), exam: str | None = None,
           instructor: bool = False) -> list[Item]:
    """The bank's items in bank order, limited to ``topics`` (all when empty) and ``exam``."""
    wanted = set(resolve_topics(files, list(topics)))
    exam = resolve_exam(exam)
    items = []
    for loaded in files:
        topic, title = loaded.data["topic"], loaded.data["title"]
        if wanted and topic not in wanted:
            continue
        for q in loaded.data["questions"]:
            items.extend(i for i in _items_of(q, topic, title, None, instructor)
                         if exam is None or exam in i.question["exams"])
    return items


def flattening_notes(items: list[Item], scenario_as: str, where: str) -> list[str]:
    """The warning notes every format shares: scenario sets and parametric questions that had to
    become plain items (``scenario_as`` says how a set appears, ``where`` what has no Python)."""
    notes = []
    sets = {i.set_id for i in items if i.set_id}
    if sets:
        notes.append(f"{len(sets)} scenario sets {scenario_as}")
    instances = {i.source_id for i in items if "~" in i.id}
    if instances:
        notes.append(f"{len(instances)} parametric questions as fixed computed instances (no Python in {where})")
    return notes


def bank_timestamp(root: Path = ROOT) -> int:
    """When the exported content last changed, in Unix seconds: the date the exports carry.

    ``SOURCE_DATE_EPOCH`` wins (the reproducible-builds convention); otherwise the time of the
    last commit that touched the bank, the model or this exporter, so the same bank gives the same
    bytes and a changed bank a later date (Anki updates a note only from a newer one).
    """
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%ct", "--", *DATED_PATHS], cwd=root,
                                capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return FALLBACK_EPOCH
    stamp = result.stdout.strip()
    return int(stamp) if result.returncode == 0 and stamp.isdigit() else FALLBACK_EPOCH
