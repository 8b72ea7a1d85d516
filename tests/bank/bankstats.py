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
if str(ROOT / "tools") not in sys.path:
    sys.path.insert(0, str(ROOT / "tools"))  # run on its own, outside pytest's path set-up

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ideas  # noqa: E402
import mockstats  # noqa: E402

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
    """Every question file's parsed YAML, keyed by stem (one file per lesson topic)."""
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))
            for path in sorted(directory.glob("*.yml"))}


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


def exam_figures(topics: dict[str, dict]) -> list[str]:
    """The mock-exam measures as report lines: format mix, option counts, pool depth, length
    bias, qualifiers, lengths, dates and same-idea pairs."""
    from quizbank.package import load_blueprints

    lines = ["format mix (top-level questions): " + ", ".join(
        f"{where} {fmt}={n}" for (where, fmt), n in sorted(mockstats.format_mix(topics).items()))]
    everything = mockstats.top_level(topics)
    lines.append("option counts: " + ", ".join(
        f"{k}={v}" for k, v in sorted(Counter(mockstats.shape(q) for q in everything
                                              if q["type"] in ("single", "multiple")).items())))
    for exam, blueprint in load_blueprints().items():
        chosen = mockstats.pool(topics, blueprint)
        depth = ", ".join(f"{k} {have}/{need}" for k, (have, need) in mockstats.depth(topics, blueprint).items())
        lines.append(f"{exam} mock pool: {len(chosen)} questions; per domain (have/one exam needs): "
                     f"{depth}; full exams without reuse: {mockstats.full_exams(topics, blueprint)}; "
                     f"computed single answers {len(mockstats.computed_singles(chosen))}")
        bias = "; ".join(f"{k}: longest option(s) right {share:.0%} (chance {p:.0%}, n={n})"
                         for k, (share, p, n) in mockstats.length_bias(chosen).items())
        stem, option = mockstats.median_lengths(chosen)
        lines.append(f"{exam} mock pool: {bias}; capitalised qualifier in "
                     f"{mockstats.qualifier_share(chosen):.0%} of stems; median stem {stem:.0f} "
                     f"characters, median option {option:.0f}; dated items {len(mockstats.dated(chosen))}")
    pairs = ideas.same_idea_pairs(questions(topics))
    lines.append(f"same-idea pairs (similarity ≥ {ideas.SAME_IDEA}): {len(pairs)}")
    lines += [f"  {a} ~ {b} ({sim})" for a, b, sim in pairs]
    return lines


def report(directory: Path = QUIZZES) -> str:
    """A plain-text summary: counts, answer-length bias, duplicates and the mock-exam figures."""
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
    return "\n".join(lines + exam_figures(topics))


#: The published statistics page; tests keep it equal to :func:`stats_page` (regenerate with
#: ``.venv/bin/python tests/bank/bankstats.py --write-page``).
STATS_PAGE = ROOT / "docs" / "practice" / "bank-stats.md"

DVA_NAMES = {"development": "Development with AWS Services", "security": "Security",
             "deployment": "Deployment", "troubleshooting": "Troubleshooting and Optimization"}
SAA_NAMES = {"secure": "Design Secure Architectures", "resilient": "Design Resilient Architectures",
             "performant": "Design High-Performing Architectures",
             "cost": "Design Cost-Optimized Architectures"}


def _table(header: tuple[str, str], rows: list[tuple[str, int]], total: int) -> list[str]:
    lines = [f"| {header[0]} | {header[1]} | Share |", "|---|---:|---:|"]
    lines += [f"| {name} | {count} | {count / total:.0%} |" for name, count in rows]
    return lines


def stats_page(directory: Path = QUIZZES) -> str:
    """The Markdown of docs/practice/bank-stats.md: what the question bank contains."""
    topics = load_topics(directory)
    qs = questions(topics)
    c = counts(topics)
    # Figures and question ids, not prose a learner searches for: kept out of the search index,
    # which every page downloads (the lesson-page budget, issue 12).
    out = ["---", "search:", "  exclude: true", "---", "", "# The question bank in numbers", "",
           f"The bank holds **{len(qs)} gradable questions** in {len(topics)} lesson topics "
           f"(counting the sub-questions of its {c['type']['scenario']} scenario sets). Every question cites "
           "the AWS documentation it was checked against, and every option explains why it is "
           "right or which misconception it embodies.", "", "## By lesson topic", ""]
    out += _table(("Topic", "Questions"), sorted(c["topic"].items()), len(qs))
    out += ["", "## By question type", "",
            "A scenario set counts once here; its sub-questions are counted under their own types.",
            ""]
    out += _table(("Type", "Questions"), sorted(c["type"].items()), sum(c["type"].values()))
    dva = sum(c["domain"].values())
    out += ["", "## By DVA-C02 domain", "",
            "The mock exam draws by the exam guide's weights (32 / 26 / 24 / 18 %), whatever the "
            "bank's own mix.", ""]
    out += _table(("Domain", "Questions"),
                  [(DVA_NAMES[k], c["domain"][k]) for k in DVA_NAMES], dva)
    saa = sum(c["saa_domain"].values())
    out += ["", "## By SAA-C03 domain (architecture questions)", ""]
    out += _table(("Domain", "Questions"),
                  [(SAA_NAMES[k], c["saa_domain"][k]) for k in SAA_NAMES], saa)
    longest, shortest = length_bias(qs), length_bias(qs, shortest_is_correct)
    out += ["", "## Does the length of an option give the answer away?", "",
            "Option order is shuffled when a question is shown. What remains is length: a learner "
            "who always picks the longest (or the shortest) option would find a correct answer "
            "this often.", "",
            "| Strategy | Single answer (chance: 25%) | Multiple response (chance: 40% for two of five) |",
            "|---|---:|---:|",
            f"| Pick the longest | {longest['single']:.0%} | {longest['multiple']:.0%} |",
            f"| Pick the shortest | {shortest['single']:.0%} | {shortest['multiple']:.0%} |", ""]
    return "\n".join(out + mock_section(topics, qs))


def mock_section(topics: dict[str, dict], qs: list[Question]) -> list[str]:
    """The page's part on the mock exams: format mix, pool depth, and how exam-like the pool is."""
    from quizbank.package import load_blueprints

    mix = mockstats.format_mix(topics)
    out = ["## What the mock exams draw from", "",
           "A mock exam draws only the real exam's two formats: one correct answer of four, or "
           "two or more correct of five or more with the stem saying how many (\"Choose TWO\"). "
           "Every other format is practice-only. Counted over top-level questions (a scenario set "
           "counts once):", "",
           "| Format | Mock exams | Practice-only |", "|---|---:|---:|"]
    for fmt in sorted({f for _, f in mix}):
        mock = mix[("mock", fmt)]
        practice = mix[("practice-only", fmt)] + mix[("practice-only (marked)", fmt)]
        out.append(f"| {fmt} | {mock} | {practice} |")
    names = {"DVA-C02": DVA_NAMES, "SAA-C03": SAA_NAMES}
    for exam, blueprint in load_blueprints().items():
        pool = mockstats.pool(topics, blueprint)
        label = exam + (" (serverless subset)" if "serverless subset" in blueprint["title"] else "")
        out += ["", f"### {label}", "",
                f"{len(pool)} questions can be drawn: enough for "
                f"**{mockstats.full_exams(topics, blueprint)} full mock exams** of "
                f"{blueprint['questions']} questions at the blueprint's weights without repeating "
                "one.", "",
                "| Domain | In the pool | One exam draws |", "|---|---:|---:|"]
        out += [f"| {names[exam].get(k, k)} | {have} | {need} |"
                for k, (have, need) in mockstats.depth(topics, blueprint).items()]
        stem, option = mockstats.median_lengths(pool)
        bias = mockstats.length_bias(pool)
        out += ["", "| Measure | Value |", "|---|---:|"]
        for kind, label_ in (("single", "one of four"), ("multiple", "k of five or more")):
            if kind in bias:
                share, chance, n = bias[kind]
                out.append(f"| Longest option(s) are the right ones, {label_} ({n} questions) | "
                           f"{share:.0%} (chance {chance:.0%}) |")
        out += [f"| Single answers whose four options the course's model computes | "
                f"{len(mockstats.computed_singles(pool))} |",
                f"| Stems with a qualifier in capitals (MOST, LEAST…) | {mockstats.qualifier_share(pool):.0%} |",
                f"| Median stem length | {stem:.0f} characters |",
                f"| Median option length | {option:.0f} characters |"]
    pairs = [p for p in ideas.same_idea_pairs(qs)]
    out += ["", "## Same idea, asked twice?", "",
            f"A detector compares what each question asks and what its answer is (not only its "
            f"wording). {len(pairs)} pairs score {ideas.SAME_IDEA} or more; each was read by a "
            "person and either removed or found to ask something different (for example the "
            "Lambda@Edge viewer-event and origin-event timeouts).", ""]
    return out


if __name__ == "__main__":
    if "--write-page" in sys.argv:
        STATS_PAGE.write_text(stats_page(), encoding="utf-8")
        print(f"wrote {STATS_PAGE.relative_to(ROOT)}")
    else:
        print(report(Path(sys.argv[1]) if len(sys.argv) > 1 else QUIZZES))
