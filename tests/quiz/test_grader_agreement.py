"""The Python reference grader and the browser's grader agree on thousands of random responses,
not only on the hand-written fixtures (the JS grader runs in Node in one batch)."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from quizbank.grader import grade

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = json.loads((Path(__file__).parent / "fixtures" / "grading.json").read_text(encoding="utf-8"))
NODE_GRADER = """
import { grade } from "./web/quiz/grade.js";
let input = "";
process.stdin.on("data", (d) => { input += d; });
process.stdin.on("end", () => {
  const { questions, cases } = JSON.parse(input);
  console.log(JSON.stringify(cases.map((c) => grade(questions[c.q], c.r, c.m))));
});
"""

ODD_VALUES = [None, True, False, -1, 99, "0", 1.5, [], {}, "", " 12 ", "1e3", "1,0,0", "NaN", "-0"]


def random_response(q: dict, rng: random.Random):
    """A plausible or deliberately odd response for question ``q``."""
    if rng.random() < 0.1:
        return rng.choice([None, {}, {"choice": rng.choice(ODD_VALUES)}])
    kind = q["type"]
    if kind == "parametric":
        kind = "single" if "options" in q else "numeric"
    if kind == "single":
        return {"choice": rng.randrange(-1, len(q["options"]) + 1)}
    if kind == "multiple":
        return {"choices": rng.sample(range(len(q["options"])), rng.randrange(0, len(q["options"]) + 1))}
    if kind == "ordering":
        order = list(range(len(q["items"])))
        rng.shuffle(order)
        return {"order": order if rng.random() < 0.9 else order[:-1]}
    if kind == "matching":
        size = len(q["pairs"]) + len(q.get("distractors", []))
        return {"matches": [rng.choice([None, *range(size)]) for _ in q["pairs"]]}
    if kind == "numeric":
        base = q.get("answer", 10)
        return {"value": rng.choice([base, base * (1 + rng.uniform(-0.05, 0.05)), str(base), f"{base:,}",
                                     rng.choice(ODD_VALUES), round(base + rng.uniform(-1, 1), 3)])}
    if kind == "short":
        pool = q["answers"] + [w["text"] for w in q.get("wrong_answers", [])] + ["", "  x  "]
        text = rng.choice(pool)
        return {"text": rng.choice([text, text.upper(), f"  {text}. ", text.replace(" ", "   ")])}
    if kind == "scenario":
        return {"parts": {sub["id"]: random_response(sub, rng) for sub in q["questions"] if rng.random() < 0.8}}
    raise AssertionError(kind)


def test_python_and_js_graders_agree_on_random_responses():
    """For 3,000 seeded random responses in both modes, the two graders return identical results.
    Node is part of the set-up (make test installs the site with npm): without it this fails
    rather than passing silently."""
    assert shutil.which("node"), "node is required to compare the graders (see README: set-up)"
    rng = random.Random(20261124)
    questions = FIXTURES["questions"]
    cases = [{"q": name, "r": random_response(questions[name], rng), "m": rng.choice(["exam", "practice"])}
             for _ in range(300) for name in questions]
    run = subprocess.run(["node", "--input-type=module", "-e", NODE_GRADER], cwd=ROOT, check=True,
                         input=json.dumps({"questions": questions, "cases": cases}), capture_output=True, text=True)
    js = json.loads(run.stdout)
    mismatches = [(c, grade(questions[c["q"]], c["r"], c["m"]), j)
                  for c, j in zip(cases, js) if grade(questions[c["q"]], c["r"], c["m"]) != j]
    assert not mismatches, mismatches[:5]
