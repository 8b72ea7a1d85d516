"""The sandbox's own tests, run inside Pyodide under Node, against the sandbox as a wheel.

A wheel freshly built from sandbox/ goes into build/pyodide-test/ (tools/pyodide_dist.py --test:
Pyodide + that wheel + pinned pytest and hypothesis wheels, registered with `pyodide lockfile
add-wheels`); tools/pyodide_pytest.mjs copies tests/sandbox into Pyodide's file system and runs
its documented fast subset with pytest.main.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def fresh_wheel(folder: Path) -> Path:
    """Build the sandbox wheel from the current source in a private copy of the tree.

    build/wheels may predate the tests being run (the sandbox changes while the site is built),
    and setuptools' shared build/ folder can leak stale modules into a wheel.
    """
    source = folder / "src"
    shutil.copytree(ROOT / "sandbox", source / "sandbox", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(folder / "wheels"), str(source)], check=True, capture_output=True)
    return folder / "wheels"


@pytest.mark.pyodide
def test_sandbox_suite_passes_inside_pyodide(tmp_path):
    """Every test of the fast subset of tests/sandbox passes under Pyodide (CPython 3.14 in wasm)."""
    wheels = fresh_wheel(tmp_path)
    dist = subprocess.run([sys.executable, "tools/pyodide_dist.py", "--test", "--wheels-dir", str(wheels)],
                          cwd=ROOT, capture_output=True, text=True)
    assert dist.returncode == 0, dist.stderr[-2000:]
    run = subprocess.run(["node", "tools/pyodide_pytest.mjs"], cwd=ROOT, capture_output=True,
                         text=True, timeout=1800)
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr[-2000:]
    print("pyodide:", summary)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert re.search(r"\d+ passed", summary) and "failed" not in summary, summary
