"""Run a Python program inside Pyodide under Node, with this checkout's sandbox/ importable.

Tests use it to check that what the browser runs (CPython 3.14 in WebAssembly, npm's Pyodide)
gives the same answers as the CPython the suite runs in.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYODIDE = ROOT / "node_modules" / "pyodide"

# Copies sandbox/ into Pyodide's file system, runs the Python file given and prints its value.
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


def pyodide_available() -> bool:
    """Whether node and npm's pyodide are installed (``make setup`` installs both)."""
    return (PYODIDE / "pyodide.mjs").exists() and shutil.which("node") is not None


def run_in_pyodide(source: str, timeout: float = 600) -> object:
    """Run ``source`` in Pyodide; its last expression must be a JSON string, returned parsed.

    Raises AssertionError with Node's stderr when the program fails.
    """
    if not pyodide_available():
        raise AssertionError("npm pyodide or node is missing: run `make setup` (npm ci) first.")
    with tempfile.TemporaryDirectory() as folder:
        script, program = Path(folder, "run.mjs"), Path(folder, "program.py")
        script.write_text(NODE_SCRIPT % {"pyodide": PYODIDE.as_posix(),
                                         "sandbox": (ROOT / "sandbox").as_posix()})
        program.write_text(source)
        proc = subprocess.run(["node", str(script), str(program)], cwd=ROOT,
                              capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])
