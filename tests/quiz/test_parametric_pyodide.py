"""Parametric questions' ``compute`` snippets give the same answers under Pyodide (CPython 3.14 in
WebAssembly, where learners run them) as under the CPython that validates them at build time."""

from __future__ import annotations

import json
import random

import pytest

from quizbank.compute import draw_params, run_compute
from quizbank.package import build
from pyodide_node import run_in_pyodide

# Runs each program the way the browser's runtime does (its last expression is the answer).
RUNNER = """
import ast, json
def run(code):
    tree = ast.parse(code)
    last = ast.Expression(tree.body.pop().value)
    namespace = {"__name__": "__quiz__"}
    exec(compile(tree, "<compute>", "exec"), namespace)
    return eval(compile(last, "<compute>", "eval"), namespace)
json.dumps([run(code) for code in json.loads(%r)])
"""


def program(q: dict, values: dict) -> str:
    """The program the browser sends to the runtime (web/quiz/params.js `program`)."""
    return "\n".join(f"{k} = {json.dumps(v)}" for k, v in values.items()) + "\n" + q["compute"]


@pytest.mark.pyodide
def test_compute_snippets_agree_between_cpython_and_pyodide():
    """For every parametric question and eight seeded draws, Pyodide returns CPython's answer."""
    questions = [sub for q in build()["questions"] for sub in [q, *q.get("questions", [])]
                 if sub["type"] == "parametric"]
    cases = [(q, draw_params(q["params"], random.Random(seed))) for q in questions for seed in range(8)]
    expected = [run_compute(q["compute"], values) for q, values in cases]
    got = run_in_pyodide(RUNNER % json.dumps([program(q, v) for q, v in cases]))
    assert len(questions) >= 5
    assert got == json.loads(json.dumps(expected))
