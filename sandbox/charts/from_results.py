"""Charts straight from a run's results (a ``SimulationResult`` or a scenario's result).

These adapters only read what the metrics already keep: per-period series, the latency sketch,
and per-environment spans when the run was made with ``timelines=True``.
"""

from __future__ import annotations

import math
from typing import Any

from .concurrency import ConcurrencyChart
from .latency import LatencyChart
from .power import PowerTuningChart
from .timeline import Timeline

#: Environments that ended for these reasons get a shutdown mark; "end-of-run" is not a shutdown.
_SHUTDOWN_REASONS = ("idle-expiry", "max-lifetime", "timeout-reset")


def _unwrap(result: Any) -> Any:
    """A scenario result wraps the simulation's result; accept either."""
    return getattr(result, "result", result)


def _pick(result: Any, function: str | None) -> str:
    names = list(result.metrics)
    if function is None:
        return names[0]
    if function not in names:
        raise ValueError(f"function: expected one of {', '.join(names)}, got {function!r}")
    return function


def concurrency_chart(result: Any, function: str | None = None,
                      account_limit: int | None = None) -> ConcurrencyChart:
    """Peak concurrency per metric period, with the account, reserved and provisioned lines.

    The account limit comes from ``account_limit`` or, for a scenario's result, its account.
    """
    scenario = getattr(result, "scenario", None)
    if account_limit is None and scenario is not None:
        account_limit = scenario.account.concurrency_limit
    result = _unwrap(result)
    name = _pick(result, function)
    metrics = result.metrics[name]
    series = metrics.series["ConcurrentExecutions"]
    points = [(i * metrics.period_s, v) for i, v in enumerate(series)]
    limits: dict[str, float] = {}
    if account_limit:
        limits["account"] = account_limit
    fn = result.functions.get(name)
    if fn is not None:
        if fn.config.reserved_concurrency is not None:
            limits["reserved"] = fn.config.reserved_concurrency
        if fn.config.provisioned_concurrency:
            limits["provisioned"] = fn.config.provisioned_concurrency
    throttles = [(i * metrics.period_s, v) for i, v in enumerate(metrics.series["Throttles"])]
    return ConcurrencyChart(points, limits=limits, end=len(series) * metrics.period_s,
                            throttles=throttles, period_s=metrics.period_s,
                            title=f"{name}: peak concurrent executions per "
                                  f"{metrics.period_s:g} s")


def latency_chart(result: Any, function: str | None = None, bins: int = 30) -> LatencyChart:
    """The latency distribution (ms) rebuilt from the streaming sketch, with p50/p90/p99."""
    result = _unwrap(result)
    name = _pick(result, function)
    sketch = result.metrics[name].latency
    if sketch.count == 0:
        return LatencyChart([], title=f"{name}: latency (no invocations)")
    lo, hi = sketch.min * 1000, sketch.max * 1000
    width = (hi - lo) / bins or 1.0
    counts = [0] * bins
    for i, c in enumerate(sketch.counts):
        if not c:
            continue
        # Bucket i holds values up to min_value * gamma**i seconds: place it at its midpoint.
        upper = sketch.min_value * sketch.gamma ** i * 1000
        mid = min(hi, max(lo, upper / math.sqrt(sketch.gamma)))
        counts[min(bins - 1, int((mid - lo) / width))] += c
    edges = [lo + k * width for k in range(bins + 1)]
    marks = {f"p{p}": sketch.quantile(p / 100) * 1000 for p in (50, 90, 99)}
    return LatencyChart.from_histogram(edges, counts, percentiles=marks,
                                       title=f"{name}: latency distribution")


def timeline_chart(result: Any, function: str | None = None, max_rows: int = 40) -> Timeline:
    """One row per execution environment; needs a run made with ``timelines=True``."""
    result = _unwrap(result)
    name = _pick(result, function)
    metrics = result.metrics[name]
    if metrics.timeline is None:
        raise ValueError("timeline: the run kept no timelines; run with timelines=True "
                         "(scenario: [metrics] timelines = true)")
    spans: dict[int, list[tuple[float, float, str]]] = {}
    for env_id, kind, start, end in metrics.timeline:
        spans.setdefault(env_id, []).append((start, end, "init" if kind == "init" else "busy"))
    fn = result.functions.get(name)
    ended = {env.id: env for env in getattr(fn, "retired", [])}
    rows: dict[str, list[tuple[float, float, str]]] = {}
    for env_id, segs in sorted(spans.items()):
        segs.sort()
        filled = [segs[0]]
        for seg in segs[1:]:
            if seg[0] > filled[-1][1]:
                filled.append((filled[-1][1], seg[0], "idle"))
            filled.append(seg)
        env = ended.get(env_id)
        if env is not None and env.shutdown_at > filled[-1][1]:
            filled.append((filled[-1][1], env.shutdown_at, "idle"))
        if env is not None and env.shutdown_reason in _SHUTDOWN_REASONS:
            filled.append((env.shutdown_at, env.shutdown_at, "shutdown"))
        rows[f"env {env_id}"] = filled
    return Timeline(rows, max_rows=max_rows, title=f"{name}: execution environments")


def power_chart(tuning: Any) -> PowerTuningChart:
    """Duration and cost by memory from a power-tuning result, with the chosen size marked.

    Accepts a :class:`~sandbox.power_tuning.PowerTuningResult` or a scenario result that ran
    a ``power_tuning`` sweep.
    """
    tuning = getattr(tuning, "power_tuning", None) or tuning
    if not hasattr(tuning, "stats"):
        raise ValueError("power chart: expected a power-tuning result; add a [power_tuning] "
                         "table to the scenario or call sandbox.power_tuning.power_tune")
    points = [(s.memory_mb, s.duration_s * 1000, s.cost) for s in tuning.stats]
    best = tuning.optimal.memory_mb if tuning.optimal else None
    return PowerTuningChart(points, best=best,
                            title=f"Power tuning ({tuning.strategy}): duration and cost "
                                  f"by memory")
