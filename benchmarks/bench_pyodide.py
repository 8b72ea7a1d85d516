"""The same 100,000-invocation scenario in Pyodide (under Node) and in CPython.

Target: <= 1 s under Pyodide. The ratio is CPython time / Pyodide time (how much of CPython's
speed the browser runtime keeps). Skipped when Node or the npm ``pyodide`` package is missing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from benchmarks.common import Measure
from benchmarks.bench_throughput import scenario

ROOT = Path(__file__).resolve().parent.parent

CODE = """
import json, time
from sandbox import Exponential, FunctionConfig, Poisson, Simulation
best = float("inf")
for _ in range(3):
    sim = Simulation(functions=[FunctionConfig(name="api", memory_mb=512, duration=Exponential(0.2))],
                     sources=[Poisson(100.0, function="api")], seed=1, horizon=1000.0)
    t = time.perf_counter(); r = sim.run(); best = min(best, time.perf_counter() - t)
json.dumps({"seconds": best, "requests": r.metrics["api"].requests})
"""


def run(quick: bool = False) -> list[Measure]:
    """Time the scenario in Pyodide and CPython (best of three each)."""
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "pyodide").exists():
        return []
    proc = subprocess.run([node, str(ROOT / "benchmarks" / "pyodide_run.mjs"), str(ROOT), CODE],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    if proc.returncode != 0:
        return [Measure("pyodide run failed: " + proc.stderr.strip()[-60:], 1.0, 1.0)]
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    import time
    best = float("inf")
    for _ in range(3):
        sim = scenario(100_000)
        t = time.perf_counter()
        sim.run()
        best = min(best, time.perf_counter() - t)
    n = data["requests"]
    return [Measure(f"{n} invocations in Pyodide vs CPython", data["seconds"], best,
                    note=f"Pyodide {n / data['seconds']:,.0f} invocations/s (target: 100 k in <= 1 s)")]
