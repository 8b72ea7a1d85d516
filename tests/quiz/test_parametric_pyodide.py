"""Parametric questions' ``compute`` snippets give the same answers under Pyodide (CPython 3.14 in
WebAssembly, where learners run them) as under the CPython that validates them at build time."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest

from quizbank.compute import draw_params, run_compute
from quizbank.package import build

ROOT = Path(__file__).resolve().parents[2]
PYODIDE = ROOT / "node_modules" / "pyodide"

# Copies sandbox/ into Pyodide's file system, then runs each program and prints the JSON answers.
NODE_SCRIPT = """
import { loadPyodide } from "%(pyodide)s/pyodide.mjs";
import fs from "node:fs";
import path from "node:path";
const py = await loadPyodide({ indexURL: "%(pyodide)s/" });
function copy(src, dst) {
  py.FS.mkdirTree(dst);
  for (const name of fs.readdirSync(src)) {
    if (name === "__pycache__") continue;
    const from = path.join(src, name), to = dst + "/" + name;
    if (fs.statSync(from).isDirectory()) copy(from, to);
    else py.FS.writeFile(to, fs.readFileSync(from));
  }
}
copy("%(sandbox)s", "/home/pyodide/sandbox");
const programs = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
py.globals.set("programs", py.toPy(programs));
console.log(py.runPython(`
import ast, json
def run(code):
    tree = ast.parse(code)
    last = ast.Expression(tree.body.pop().value)
    namespace = {"__name__": "__quiz__"}
    exec(compile(tree, "<compute>", "exec"), namespace)
    return eval(compile(last, "<compute>", "eval"), namespace)
json.dumps([run(code) for code in programs])
`));
"""


def program(q: dict, values: dict) -> str:
    """The program the browser sends to the runtime (web/quiz/params.js `program`)."""
    return "\n".join(f"{k} = {json.dumps(v)}" for k, v in values.items()) + "\n" + q["compute"]


@pytest.mark.pyodide
@pytest.mark.skipif(shutil.which("node") is None or not PYODIDE.exists(), reason="needs node and npm's pyodide")
def test_compute_snippets_agree_between_cpython_and_pyodide(tmp_path):
    """For every parametric question and eight seeded draws, Pyodide returns CPython's answer."""
    questions = [sub for q in build()["questions"] for sub in [q, *q.get("questions", [])]
                 if sub["type"] == "parametric"]
    cases = [(q, draw_params(q["params"], random.Random(seed))) for q in questions for seed in range(8)]
    expected = [run_compute(q["compute"], values) for q, values in cases]
    (tmp_path / "programs.json").write_text(json.dumps([program(q, v) for q, v in cases]))
    script = tmp_path / "run.mjs"
    script.write_text(NODE_SCRIPT % {"pyodide": PYODIDE.as_posix(), "sandbox": (ROOT / "sandbox").as_posix()})
    run = subprocess.run(["node", str(script), str(tmp_path / "programs.json")], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    got = json.loads(run.stdout.strip().splitlines()[-1])
    assert len(questions) >= 5
    assert got == json.loads(json.dumps(expected))
