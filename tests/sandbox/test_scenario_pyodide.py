"""The sandbox surface inside Pyodide (CPython 3.14 in WebAssembly), the way the browser runs it.

Scenario loading (tomllib), presets read as package data, runs, and every chart must behave
the same under Pyodide as here: the same seed gives the same numbers in both.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYODIDE = ROOT / "node_modules" / "pyodide"

# Copies sandbox/ into Pyodide's file system, runs PYTHON there and prints its last value.
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
console.log(await py.runPythonAsync(fs.readFileSync(process.argv[2], "utf8")));
"""

PYTHON = textwrap.dedent("""
    import json, sys, xml.etree.ElementTree as ET
    from sandbox.scenario import load, loads, preset_names
    from sandbox import charts
    presets = {name: load(name).title for name in preset_names()}
    result = load("flash-sale").run()
    timeline = loads(load("flash-sale").to_toml().replace("duration_s = 300", "duration_s = 90")
                     + "\\n[metrics]\\ntimelines = true\\n").run()
    svgs = [charts.concurrency_chart(result), charts.latency_chart(result),
            charts.timeline_chart(timeline), charts.power_chart(load("power-tuning").power_tune())]
    for chart in svgs:
        ET.fromstring(chart._repr_svg_())
    json.dumps({"python": sys.version_info[:2], "presets": presets,
                "totals": result.to_dict()["functions"]["checkout"]["totals"],
                "svg_sizes": [len(c.to_svg()) for c in svgs]})
""")


@pytest.mark.pyodide
def test_scenarios_presets_and_charts_match_cpython_under_pyodide(tmp_path):
    """Under Pyodide every preset loads, a preset run gives CPython's exact totals, and every
    chart is well-formed SVG of the same size as in CPython."""
    if not (PYODIDE / "pyodide.mjs").exists() or not shutil.which("node"):
        pytest.fail("npm pyodide or node is missing: run `make setup` (npm ci) first.")
    script = tmp_path / "run.mjs"
    script.write_text(NODE_SCRIPT % {"pyodide": PYODIDE.as_posix(),
                                     "sandbox": (ROOT / "sandbox").as_posix()})
    code = tmp_path / "check.py"
    code.write_text(PYTHON)
    proc = subprocess.run(["node", str(script), str(code)], capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    inside = json.loads(proc.stdout.strip().splitlines()[-1])
    assert inside["python"][0] == 3 and inside["python"][1] >= 14
    here: dict = {}
    exec(PYTHON.replace("json.dumps(", "here['out'] = ("), {"here": here})
    assert inside["presets"] == here["out"]["presets"]
    assert inside["totals"] == here["out"]["totals"]
    assert inside["svg_sizes"] == here["out"]["svg_sizes"]
