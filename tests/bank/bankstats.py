"""Statistics and quality measures over the question bank (quizzes/*.yml).

Used by the bank's quality-gate tests and runnable on its own for a report:
``.venv/bin/python tests/bank/bankstats.py``. Standard library plus PyYAML only; the schema
checks themselves belong to the quiz engine's validator (tools/quizbank).
"""

from __future__ import annotations

import difflib
import re
import sys
from collections import Counter
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
QUIZZES = ROOT / "quizzes"

#: The sixteen lesson topics, in teaching order; each must have a question file.
TOPICS = (
    "01-serverless-model", "02-execution-environment", "03-configuration-packaging",
    "04-concurrency", "05-invocation-models", "06-triggers-events", "07-api-gateway", "08-edge",
    "09-vpc", "10-versions-aliases", "11-orchestration", "12-observability", "13-security",
    "14-cost-performance", "15-architecture-patterns", "16-whats-new",
)
#: Fields a scenario's sub-question inherits when it does not set its own (as the validator does).
INHERITED = ("difficulty", "exams", "domain", "saa_domain", "tags", "sources")


@dataclass(frozen=True)
class Question:
    """One gradable question (scenario sub-questions are flattened, with their set's context)."""

    topic: str
    data: dict
    scenario_id: str | None = None

    @property
    def id(self) -> str:
        """The question's bank-wide id."""
        return self.data["id"]

    @property
    def type(self) -> str:
        """The question type (never ``scenario``: sets are flattened)."""
        return self.data["type"]

    def text(self) -> str:
        """Everything a learner reads for this question, for similarity checks."""
        parts = [self.data.get("stem", "")]
        parts += [o["text"] for o in self.data.get("options", [])]
        parts += [i["text"] for i in self.data.get("items", [])]
        parts += [f'{p["left"]} {p["right"]}' for p in self.data.get("pairs", [])]
        return " ".join(parts)


def load_topics(directory: Path = QUIZZES) -> dict[str, dict]:
    """The lesson topic files' parsed YAML, keyed by stem (the engine's seed file is not ours)."""
    return {stem: yaml.safe_load((directory / f"{stem}.yml").read_text(encoding="utf-8"))
            for stem in TOPICS if (directory / f"{stem}.yml").exists()}


def questions(topics: dict[str, dict]) -> list[Question]:
    """All gradable questions, with scenario sub-questions flattened and inheriting fields."""
    out = []
    for topic, data in topics.items():
        for q in data.get("questions", []):
            if q["type"] == "scenario":
                inherited = {k: q[k] for k in INHERITED if k in q}
                for sub in q["questions"]:
                    out.append(Question(topic, {**inherited, **sub}, scenario_id=q["id"]))
            else:
                out.append(Question(topic, q))
    return out


def scenario_sets(topics: dict[str, dict]) -> list[dict]:
    """The scenario sets themselves (each counts once toward the scenario target)."""
    return [q for data in topics.values() for q in data.get("questions", []) if q["type"] == "scenario"]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def shingles(text: str, size: int = 3) -> set[tuple[str, ...]]:
    """Word ``size``-grams of ``text`` (lower-cased, punctuation dropped)."""
    words = _words(text)
    return {tuple(words[i:i + size]) for i in range(max(len(words) - size + 1, 1))}


def jaccard(a: set, b: set) -> float:
    """|a ∩ b| / |a ∪ b| (0 for two empty sets)."""
    return len(a & b) / len(a | b) if a | b else 0.0


def near_duplicates(qs: list[Question], shingle_limit: float = 0.45, stem_limit: float = 0.85,
                    stem_overlap: float = 0.15) -> list[tuple[str, str, float, float]]:
    """Pairs of questions whose full text shares too many 3-word shingles, or whose stems are
    near-identical by difflib ratio while their texts also overlap somewhat (short generic stems
    such as "Which TWO statements ... are correct?" alone are not duplicates).
    Returns ``(id_a, id_b, jaccard, stem_ratio)``."""
    grams = {q.id: shingles(q.text()) for q in qs}
    stems = {q.id: " ".join(_words(q.data.get("stem", ""))) for q in qs}
    found = []
    for a, b in combinations(qs, 2):
        j = jaccard(grams[a.id], grams[b.id])
        matcher = difflib.SequenceMatcher(None, stems[a.id], stems[b.id], autojunk=False)
        # quick_ratio is an upper bound: skip the expensive ratio when it cannot pass the limit.
        r = matcher.ratio() if matcher.quick_ratio() >= stem_limit else 0.0
        if j >= shingle_limit or (r >= stem_limit and j >= stem_overlap):
            found.append((a.id, b.id, round(j, 2), round(r, 2)))
    return found


def longest_is_correct(q: Question) -> bool:
    """True when a correct option is strictly longer than every incorrect option."""
    options = q.data["options"]
    right = max(len(o["text"]) for o in options if o.get("correct"))
    wrong = max(len(o["text"]) for o in options if not o.get("correct"))
    return right > wrong


def shortest_is_correct(q: Question) -> bool:
    """True when a correct option is strictly shorter than every incorrect option."""
    options = q.data["options"]
    right = min(len(o["text"]) for o in options if o.get("correct"))
    wrong = min(len(o["text"]) for o in options if not o.get("correct"))
    return right < wrong


def length_bias(qs: list[Question], pick=longest_is_correct) -> dict[str, float]:
    """Per option type, the share of questions a test-wise strategy (by default 'pick the
    longest option') would get right (single) or partly right (multiple)."""
    out = {}
    for kind in ("single", "multiple"):
        chosen = [q for q in qs if q.type == kind and "options" in q.data]
        if chosen:
            out[kind] = sum(pick(q) for q in chosen) / len(chosen)
    return out


def counts(topics: dict[str, dict]) -> dict[str, Counter]:
    """Question counts by topic, type, DVA-C02 domain, SAA-C03 domain and exam.

    Scenario sets count once under type ``scenario``; every other count is over gradable
    questions (sub-questions included)."""
    qs = questions(topics)
    by_type = Counter(q.type for q in qs)
    by_type["scenario"] = len(scenario_sets(topics))
    return {
        "topic": Counter(q.topic for q in qs),
        "type": by_type,
        "domain": Counter(q.data.get("domain") for q in qs if "DVA-C02" in q.data.get("exams", [])),
        "saa_domain": Counter(q.data.get("saa_domain") for q in qs if "SAA-C03" in q.data.get("exams", [])),
        "exam": Counter(e for q in qs for e in q.data.get("exams", [])),
    }


def report(directory: Path = QUIZZES) -> str:
    """A plain-text summary: counts, answer-length bias and near-duplicate pairs."""
    topics = load_topics(directory)
    qs = questions(topics)
    lines = [f"{len(qs)} gradable questions in {len(topics)} topic files"]
    for name, counter in counts(topics).items():
        lines.append(f"by {name}: " + ", ".join(f"{k}={v}" for k, v in sorted(counter.items(), key=str)))
    for name, pick in (("longest", longest_is_correct), ("shortest", shortest_is_correct)):
        bias = length_bias(qs, pick)
        lines.append(f"{name} option is correct: " + ", ".join(f"{k} {v:.0%}" for k, v in bias.items()))
    for a, b, j, r in near_duplicates(qs):
        lines.append(f"near-duplicate: {a} ~ {b} (shingles {j}, stem ratio {r})")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(Path(sys.argv[1]) if len(sys.argv) > 1 else QUIZZES))
