"""Package the validated bank for the browser: render Markdown safely, resolve inheritance,
attach exam blueprints, and obfuscate the result.

The obfuscation (a fixed byte substitution, ``b → (167·b + 13) mod 256``) only keeps answers out of
plain sight in the page and its files, so a learner does not see them by accident. Being the same
for every position, it keeps the file as compressible as plain JSON. It is a convenience, not security:
anyone can decode it, and the grading page says so.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import jsonschema

from . import choices
from .compute import answer_for, pool_draws, substitute
from .errors import BankError, Problem
from .loader import LoadedFile, load_file
from .mockpool import mock_eligible
from .safe_html import render
from .validate import INHERITED, QUIZZES, SCHEMA, field_name, load_bank

BLUEPRINTS = QUIZZES / "blueprints"
#: Shared with web/quiz/bank.js: an odd multiplier makes the mapping a bijection on bytes.
SUBSTITUTION = bytes((167 * b + 13) % 256 for b in range(256))
REVERSE = bytes(SUBSTITUTION.index(b) for b in range(256))
FORMAT_VERSION = 1

_MARKDOWN_BLOCK = ("stem", "explanation", "scenario")


def _render_question(q: dict, topic: str, parent: dict | None = None) -> dict:
    """The browser form of one question: Markdown fields → safe HTML, inherited fields filled."""
    out = {k: v for k, v in q.items() if k not in _MARKDOWN_BLOCK}
    if parent:
        for key in INHERITED:
            if key in parent and key not in out:
                out[key] = parent[key]
    out["topic"] = topic
    for key in _MARKDOWN_BLOCK:
        if key in q:
            out[key] = render(q[key])
    if "options" in q:
        out["options"] = [{**o, "text": render(o["text"], inline=True), "why": render(o["why"], inline=True)}
                          for o in q["options"]]
        if q.get("type") == "parametric":
            # compute returns the option's source text; keep it to compare in the browser.
            for rendered, source in zip(out["options"], q["options"]):
                rendered["plain"] = source["text"]
    if "items" in q:
        out["items"] = [{**i, "text": render(i["text"], inline=True),
                         **({"why": render(i["why"], inline=True)} if "why" in i else {})} for i in q["items"]]
    if "pairs" in q:
        # Right sides stay plain text: they are <option> labels, which cannot hold HTML.
        out["pairs"] = [{**p, "left": render(p["left"], inline=True),
                         **({"why": render(p["why"], inline=True)} if "why" in p else {})} for p in q["pairs"]]
    if "misconceptions" in q:
        # The snippets run at build time only (choices.py): the browser gets the reasons.
        out["answer_why"] = render(q["answer_why"], inline=True)
        out["misconceptions"] = [{"why": render(w["why"], inline=True)} for w in q["misconceptions"]]
    if "wrong_answers" in q:
        out["wrong_answers"] = [{**w, "why": render(w["why"], inline=True)} for w in q["wrong_answers"]]
    if q.get("type") == "parametric":
        out["pool"] = parametric_pool(q)
    if q.get("type") == "scenario":
        out["questions"] = [_render_question(sub, topic, parent=q) for sub in q["questions"]]
    if parent is None:
        # The one place the exam-format rule is applied: the browser's mock draw reads this flag.
        out["practice_only"] = not mock_eligible(q)
    return out


def parametric_pool(q: dict) -> list[dict]:
    """The instances a browser without Python draws from: the validator's checked draws, each with
    its answer (a number) or the index of its right option (``correct``). A computed single
    answer's instances also carry their four option texts in display order (choices.py)."""
    if choices.is_choice(q):
        return [{**inst, "options": [{**o, "text": html.escape(o["text"])} for o in inst["options"]]}
                for inst in choices.pool(q)]
    pool = []
    for values in pool_draws(q["params"]):
        answer = answer_for(q["compute"], values)
        if "options" in q:
            right = [i for i, o in enumerate(q["options"]) if substitute(o["text"], values) == answer]
            pool.append({"values": values, "correct": right[0]})
        else:
            pool.append({"values": values, "answer": answer})
    return pool


def load_blueprints(directory: Path = BLUEPRINTS) -> dict:
    """Exam blueprints (``quizzes/blueprints/*.yml``) by exam code, validated against the schema."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator({"$ref": "#/$defs/blueprint", "$defs": schema["$defs"]})
    blueprints, problems = {}, []
    for path in sorted(Path(directory).glob("*.yml")):
        try:
            loaded = load_file(path)
        except BankError as exc:
            problems.extend(exc.problems)
            continue
        errors = list(validator.iter_errors(loaded.data))
        for error in errors:
            where = tuple(error.absolute_path)
            problems.append(Problem(loaded.name, loaded.line_of(where), field_name(where), error.message))
        if errors:
            continue
        total = sum(d["weight"] for d in loaded.data["domains"])
        if total != 100:
            problems.append(Problem(loaded.name, loaded.line_of(("domains",)), "domains",
                                    f"weights add up to {total}, not 100"))
            continue
        blueprints[loaded.data["exam"]] = loaded.data
    if problems:
        raise BankError(problems)
    return blueprints


def browser_bank(files: list[LoadedFile], blueprints: dict) -> dict:
    """The document the browser engine loads: topics, questions and blueprints."""
    topics = {f.data["topic"]: f.data["title"] for f in files}
    questions = [_render_question(q, f.data["topic"]) for f in files for q in f.data["questions"]]
    return {"format": FORMAT_VERSION, "topics": topics, "questions": questions, "blueprints": blueprints}


def obfuscate(document: dict) -> bytes:
    """JSON → UTF-8 → byte substitution (see the module docstring: not security)."""
    raw = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return raw.translate(SUBSTITUTION)


def deobfuscate(data: bytes) -> dict:
    """Inverse of :func:`obfuscate` (used by tests)."""
    return json.loads(data.translate(REVERSE).decode("utf-8"))


def build(directory: Path = QUIZZES) -> dict:
    """Load, validate and package the whole bank; raises :class:`BankError` listing every problem."""
    problems = []
    try:
        files = load_bank(directory)
    except BankError as exc:
        files, problems = [], exc.problems
    try:
        blueprints = load_blueprints(Path(directory) / "blueprints")
    except BankError as exc:
        blueprints, problems = {}, problems + exc.problems
    if problems:
        raise BankError(problems)
    return browser_bank(files, blueprints)
