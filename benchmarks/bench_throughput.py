"""Invocations per second of the general model, and memory that must not grow with requests.

* Speed: a 100,000-invocation synchronous scenario (Poisson 100/s, exponential 0.2 s handler,
  default account) against a *calibration loop* timed in the same run: the bare minimum a
  pure-Python discrete-event simulator does per request (draw a gap, push and pop a heap
  entry). The note gives microseconds per invocation; the target is <= 3 us in CPython, so that
  100 k invocations take <= 1 s under Pyodide.
* Memory: peak traced memory of a 1,000,000-invocation run divided by that of a 100,000 one
  (``--quick``: 100 k vs 10 k). Streaming metrics keep this ratio near 1.
"""

from __future__ import annotations

import gc
import heapq
import random
import tracemalloc

from benchmarks.common import Measure, timed
from sandbox import Exponential, FunctionConfig, Poisson, Simulation

RATE = 100.0


def scenario(invocations: int, seed: int = 1) -> Simulation:
    """A single synchronous function under Poisson load sized for ``invocations`` requests."""
    fn = FunctionConfig(name="api", memory_mb=512, duration=Exponential(0.2))
    return Simulation(functions=[fn], sources=[Poisson(RATE, function="api")], seed=seed,
                      horizon=invocations / RATE)


def calibration(n: int) -> float:
    """The floor: one exponential draw and one heap push/pop per request."""
    rng = random.Random(1)
    heap: list[tuple[float, int]] = []
    t = 0.0
    for i in range(n):
        t += rng.expovariate(RATE)
        heapq.heappush(heap, (t + 0.2, i))
        if len(heap) > 20:
            heapq.heappop(heap)
    return t


def peak_memory(invocations: int) -> int:
    """Peak bytes traced while building and running the scenario."""
    gc.collect()
    tracemalloc.start()
    scenario(invocations).run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def run(quick: bool = False) -> list[Measure]:
    """Time the scenario and the calibration loop; compare peak memory at two sizes."""
    n = 100_000
    sim_s = base_s = float("inf")
    for _ in range(3):  # best of three, interleaved, to damp a noisy shared machine
        elapsed, result = timed(lambda: scenario(n).run())
        sim_s = min(sim_s, elapsed)
        done = result.metrics["api"].requests
        base_s = min(base_s, timed(lambda: calibration(done))[0])
    us = sim_s / done * 1e6
    out = [Measure(f"{done} sync invocations vs calibration loop", sim_s, base_s,
                   note=f"{us:.2f} us/invocation, {done / sim_s:,.0f} invocations/s (target <= 3 us)")]
    small, big = (10_000, 100_000) if quick else (100_000, 1_000_000)
    m_small, m_big = peak_memory(small), peak_memory(big)
    out.append(Measure(f"peak memory {big:.0e} vs {small:.0e} invocations", m_big / 1e6,
                       m_small / 1e6, unit="MB", higher_is_better=False,
                       note="ratio near 1 = memory independent of request count"))
    return out
