"""Find questions that test the same idea, even when they share little wording.

Word-for-word overlap (``bankstats.near_duplicates``) misses a numeric question and a parametric
one that both ask "rate × duration = concurrency", or two matching questions pairing the same
CodeDeploy configurations with their behaviour. Here each question is reduced to its *idea*: the
content words of its stem and of its answer key (the right options, the ordered items, the pairs,
the accepted answers, the unit, the ``compute`` snippet), lightly stemmed and weighted by TF-IDF
over the whole bank, so words every question uses count for little and a shared rare term (a
hook name, "GB-seconds", "visibility timeout") counts for a lot. Two questions whose idea vectors
have a cosine similarity of :data:`SAME_IDEA` or more are reported.

Pairs that score high but ask different things (the same service, a different fact) are listed
with the reason in ``tests/bank/test_bank_quality.py::DISTINCT`` after a person has read both.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from itertools import combinations

#: Cosine similarity of two idea vectors from which two questions count as the same idea,
#: calibrated on the groups the bank audit found (rate × duration, GB-seconds, Kinesis
#: parallelisation, CodeDeploy hooks and configurations, SQS visibility timeout…).
SAME_IDEA = 0.48

#: Words that carry no idea (function words and the bank's question boilerplate).
STOP_WORDS = frozenset("""
a an the of to in on for and or is are be by with it its this that which what when how does do
as at from can you your their they them each per one two three not no if than then into about
after before only all any more most less least should will would must has have was were there
these those so such use uses using used question choose select correct statement statements
following true team company developer developers function functions lambda aws
""".split())


def _stem(word: str) -> str:
    """Crude suffix stripping so "timeouts"/"timeout", "scaling"/"scales" meet."""
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > 4 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def terms(text: str) -> list[str]:
    """The idea-bearing terms of ``text``: lower-cased words, stop words dropped, stemmed."""
    return [_stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP_WORDS]


def idea_text(data: dict) -> str:
    """What a question asks and what its answer is, as plain text (distractors left out: two
    questions with the same key and different wrong options still test the same idea)."""
    parts = [data.get("stem", "")]
    if data.get("type") == "parametric":
        parts += [o["text"] for o in data.get("options", [])]
    else:
        parts += [o["text"] for o in data.get("options", []) if o.get("correct")]
    parts += [i["text"] for i in data.get("items", [])]
    parts += [f'{p["left"]} {p["right"]}' for p in data.get("pairs", [])]
    parts += data.get("answers", [])
    parts.append(data.get("answer_why", ""))  # a computed single answer's key, in words
    parts.append(data.get("unit", ""))
    return " ".join(parts)


def vectors(docs: dict[str, str]) -> dict[str, dict[str, float]]:
    """Unit-length TF-IDF vectors (log-scaled term frequency) of ``docs``, keyed like it."""
    counted = {key: Counter(terms(text)) for key, text in docs.items()}
    frequency = Counter(t for c in counted.values() for t in c)
    total = len(counted)
    out = {}
    for key, c in counted.items():
        v = {t: (1 + math.log(n)) * math.log(total / frequency[t]) for t, n in c.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        out[key] = {t: x / norm for t, x in v.items()}
    return out


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine similarity of two unit vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(t, 0.0) for t, x in a.items())


def same_idea_pairs(questions, limit: float = SAME_IDEA) -> list[tuple[str, str, float]]:
    """``(id_a, id_b, similarity)`` for every pair of questions (objects with ``.id`` and
    ``.data``) whose ideas are at least ``limit`` alike, most alike first."""
    vec = vectors({q.id: idea_text(q.data) for q in questions})
    found = [(a.id, b.id, round(cosine(vec[a.id], vec[b.id]), 2)) for a, b in combinations(questions, 2)]
    return sorted((p for p in found if p[2] >= limit), key=lambda p: -p[2])
