"""The sandbox's own tests, run inside Pyodide under Node with the wheel the browser loads.

tools/pyodide_dist.py --test builds build/pyodide-test/ (Pyodide + our wheel + pinned pytest and
hypothesis wheels, registered with `pyodide lockfile add-wheels`); tools/pyodide_pytest.mjs copies
tests/sandbox into Pyodide's file system and runs its documented fast subset with pytest.main.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.pyodide
def test_sandbox_suite_passes_inside_pyodide():
    """Every test of the fast subset of tests/sandbox passes under Pyodide (CPython 3.14 in wasm)."""
    if not list((ROOT / "build" / "wheels").glob("*.whl")):
        pytest.fail("build/wheels/ is empty: run `make build` (tools/build.py) first")
    dist = subprocess.run([sys.executable, "tools/pyodide_dist.py", "--test"], cwd=ROOT,
                          capture_output=True, text=True)
    assert dist.returncode == 0, dist.stderr[-2000:]
    run = subprocess.run(["node", "tools/pyodide_pytest.mjs"], cwd=ROOT, capture_output=True,
                         text=True, timeout=1800)
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr[-2000:]
    print("pyodide:", summary)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert re.search(r"\d+ passed", summary) and "failed" not in summary, summary
