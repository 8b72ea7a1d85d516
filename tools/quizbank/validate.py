"""Validate the question bank: JSON Schema first, then the rules a schema cannot express.

Every problem names the file, the line and the field (``questions[3].options[1].why``), and all
problems are reported together so an author can fix a file in one pass.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import jsonschema

from . import choices
from .compute import PLACEHOLDER, answer_for, pool_draws, substitute
from .errors import BankError, Problem
from .loader import LoadedFile, load_file
from .mockpool import choose_phrase, states_how_many

QUIZZES = Path(__file__).resolve().parents[2] / "quizzes"
SCHEMA = QUIZZES / "schema.json"
#: A parameter range must be small enough to list (the browser draws from the full list).
MAX_PARAM_VALUES = 10_000
#: Fields a scenario set's sub-questions take from the set when they do not give their own.
INHERITED = ("difficulty", "exams", "domain", "saa_domain", "task", "tags", "sources")
#: DVA-C02 domain numbers, as in the exam guide's task statements ("1.2" is in domain 1).
DOMAIN_NUMBERS = {"development": "1", "security": "2", "deployment": "3", "troubleshooting": "4"}


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


def field_name(path) -> str:
    """``('questions', 3, 'options', 1)`` → ``questions[3].options[1]``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _schema_problems(loaded: LoadedFile) -> list[Problem]:
    problems = []
    for error in sorted(_validator().iter_errors(loaded.data), key=lambda e: list(map(str, e.absolute_path))):
        path = tuple(error.absolute_path)
        message = error.message
        if error.validator == "additionalProperties":
            message = message.replace("Additional properties are not allowed", "unknown field")
        elif error.validator in ("oneOf", "anyOf"):
            message = f"does not match any allowed form ({error.schema.get('description', error.validator)})"
        problems.append(Problem(loaded.name, loaded.line_of(path), field_name(path), message))
    return problems


class _Checker:
    """Rules beyond the schema, collected across all files (ids must be unique bank-wide)."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.ids: dict[str, str] = {}

    def add(self, loaded: LoadedFile, path: tuple, message: str) -> None:
        self.problems.append(Problem(loaded.name, loaded.line_of(path), field_name(path), message))

    def file(self, loaded: LoadedFile) -> None:
        data = loaded.data
        if data.get("topic") != loaded.path.stem:
            self.add(loaded, ("topic",), f"must equal the file name's stem {loaded.path.stem!r}")
        for i, question in enumerate(data.get("questions", [])):
            self.question(loaded, ("questions", i), question, parent=None)

    def question(self, loaded: LoadedFile, path: tuple, q: dict, parent: dict | None) -> None:
        qid = q.get("id")
        if qid in self.ids:
            self.add(loaded, path + ("id",), f"id {qid!r} is already used at {self.ids[qid]}")
        elif qid:
            self.ids[qid] = f"{loaded.name}:{loaded.line_of(path + ('id',))}"
        merged = {**{k: parent[k] for k in INHERITED if parent and k in parent}, **q}
        if "SAA-C03" in merged.get("exams", []) and "saa_domain" not in merged:
            self.add(loaded, path, "questions for SAA-C03 need `saa_domain`")
        if "task" in merged and DOMAIN_NUMBERS.get(merged.get("domain")) != merged["task"].split(".")[0]:
            self.add(loaded, path + ("task",), f"task {merged['task']} is not in domain {merged.get('domain')!r}")
        if "tolerance" in q and "tolerance_pct" in q:
            self.add(loaded, path + ("tolerance_pct",), "give `tolerance` or `tolerance_pct`, not both")
        kind = q.get("type")
        for computed in ("misconceptions", "answer_why", "decimals"):
            if computed in q and kind != "parametric":
                self.add(loaded, path + (computed,), "only parametric questions have computed options")
        check = getattr(self, f"check_{kind}", None)
        if check:
            check(loaded, path, q)

    def _correct_count(self, loaded, path, q, want: int) -> None:
        correct = sum(1 for o in q["options"] if o.get("correct"))
        if correct != want:
            self.add(loaded, path + ("options",), f"needs exactly {want} correct option(s), found {correct}")

    def _unique(self, loaded, path, values, what: str) -> None:
        seen = set()
        for i, value in enumerate(values):
            key = " ".join(str(value).split()).lower()
            if key in seen:
                self.add(loaded, path + (i,), f"duplicate {what} {value!r}")
            seen.add(key)

    def check_single(self, loaded, path, q) -> None:
        self._correct_count(loaded, path, q, 1)
        self._unique(loaded, path + ("options",), [o["text"] for o in q["options"]], "option")

    def check_multiple(self, loaded, path, q) -> None:
        select = q.get("select", 2)
        if select >= len(q["options"]):
            self.add(loaded, path + ("select",), "must be smaller than the number of options")
        self._correct_count(loaded, path, q, select)
        if not states_how_many(q):
            self.add(loaded, path + ("stem",), f"must say how many to choose: {choose_phrase(select)!r}")
        self._unique(loaded, path + ("options",), [o["text"] for o in q["options"]], "option")

    def check_ordering(self, loaded, path, q) -> None:
        self._unique(loaded, path + ("items",), [i["text"] for i in q["items"]], "item")

    def check_matching(self, loaded, path, q) -> None:
        self._unique(loaded, path + ("pairs",), [p["left"] for p in q["pairs"]], "left side")
        rights = [p["right"] for p in q["pairs"]] + list(q.get("distractors", []))
        self._unique(loaded, path + ("pairs",), rights, "right side (or distractor)")

    def check_numeric(self, loaded, path, q) -> None:
        from .grader import tolerance  # the grader's own rule decides what "within tolerance" means

        for i, wrong in enumerate(q.get("wrong_answers", [])):
            if "value" not in wrong:
                self.add(loaded, path + ("wrong_answers", i), "numeric wrong answers need `value`")
            elif abs(wrong["value"] - q["answer"]) <= tolerance(q):
                self.add(loaded, path + ("wrong_answers", i), "is within the tolerance of the right answer")

    def check_short(self, loaded, path, q) -> None:
        answers = {" ".join(a.split()).lower() for a in q["answers"]}
        for i, wrong in enumerate(q.get("wrong_answers", [])):
            if "text" not in wrong:
                self.add(loaded, path + ("wrong_answers", i), "short-answer wrong answers need `text`")
            elif " ".join(wrong["text"].split()).lower() in answers:
                self.add(loaded, path + ("wrong_answers", i), "is also listed as a right answer")

    def check_parametric(self, loaded, path, q) -> None:
        params = q["params"]
        texts = [q["stem"]] + [o["text"] for o in q.get("options", [])]
        texts += [q.get("answer_why", "")] + [w["why"] for w in q.get("misconceptions", [])]
        for text in texts:
            for name in PLACEHOLDER.findall(text):
                if name not in params:
                    self.add(loaded, path + ("stem",), f"placeholder {{{name}}} is not in `params`")
        for name, spec in params.items():
            count = len(spec["choices"]) if "choices" in spec else \
                int((spec["max"] - spec["min"]) / spec.get("step", 1) + 1e-9) + 1
            if not 1 <= count <= MAX_PARAM_VALUES:
                self.add(loaded, path + ("params", name), f"takes {max(count, 0)} values; "
                                                           f"give between 1 and {MAX_PARAM_VALUES}")
                return
        if any("correct" in o for o in q.get("options", [])):
            self.add(loaded, path + ("options",), "parametric options are marked right by `compute`, "
                                                  "not by `correct`")
        if choices.is_choice(q):
            self.check_choices(loaded, path, q)
            return
        # Every instance the browser may be given is checked here (compute.pool_draws).
        for values in pool_draws(params):
            try:
                answer = answer_for(q["compute"], values)
            except Exception as exc:  # any error in an author's snippet is a build error
                self.add(loaded, path + ("compute",), f"fails with {values}: {type(exc).__name__}: {exc}")
                return
            if "options" in q:
                matches = [o for o in q["options"] if substitute(o["text"], values) == answer]
                if len(matches) != 1:
                    self.add(loaded, path + ("compute",), f"with {values} returned {answer!r}, which "
                                                          f"matches {len(matches)} options (needs 1)")
                    return
            elif isinstance(answer, bool) or not isinstance(answer, (int, float)):
                self.add(loaded, path + ("compute",), f"with {values} returned {answer!r}: "
                                                      "a number is needed when there are no options")
                return

    def check_choices(self, loaded, path, q) -> None:
        """A computed single answer (see choices.py): every checked draw gives four numbers, and
        four different options once printed."""
        for other in ("options", "wrong_answers", "tolerance", "tolerance_pct"):
            if other in q:
                self.add(loaded, path + (other,), f"`{other}` does not go with `misconceptions` "
                                                  "(the options are computed)")
                return
        for values in pool_draws(q["params"]):
            try:
                texts = choices.texts_for(q, values)
            except choices.SnippetFailed as exc:
                self.add(loaded, path + exc.path, f"with {values}: {exc}")
                return
            same = choices.coinciding(texts)
            if same:
                first, second = same
                like = "the right answer" if first == 0 else f"misconceptions[{first - 1}]"
                self.add(loaded, path + ("misconceptions", second - 1),
                         f"with {values} gives {texts[second]!r}, the same option as {like}: "
                         "change the parameters or the snippet so the four options differ")
                return

    def check_scenario(self, loaded, path, q) -> None:
        for i, sub in enumerate(q.get("questions", [])):
            self.question(loaded, path + ("questions", i), sub, parent=q)


def load_bank(directory: str | Path = QUIZZES) -> list[LoadedFile]:
    """Load and validate every ``*.yml`` topic file in ``directory``; raise :class:`BankError`."""
    files, problems = [], []
    for path in sorted(Path(directory).glob("*.yml")):
        try:
            loaded = load_file(path)
        except BankError as exc:
            problems.extend(exc.problems)
            continue
        found = _schema_problems(loaded)
        problems.extend(found)
        if not found:
            files.append(loaded)
    checker = _Checker()
    for loaded in files:
        checker.file(loaded)
    problems.extend(checker.problems)
    if problems:
        raise BankError(problems)
    return files


def validate_bank(directory: str | Path = QUIZZES) -> list[Problem]:
    """All problems in the bank (empty when it is valid)."""
    try:
        load_bank(directory)
    except BankError as exc:
        return exc.problems
    return []
