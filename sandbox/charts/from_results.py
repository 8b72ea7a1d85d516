"""Charts straight from a run's results (a ``SimulationResult`` or a scenario's result).

These adapters only read what the metrics already keep: per-period series, the latency sketch,
and per-environment spans when the run was made with ``timelines=True``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from itertools import islice
from operator import countOf, gt, itemgetter, lt
from typing import Any, Iterable, Iterator

from .concurrency import ConcurrencyChart
from .latency import LatencyChart
from .power import PowerTuningChart
from .timeline import MAX_SEGMENTS, Timeline, _merge

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
    """One row per execution environment; needs a run made with ``timelines=True``.

    Only the ``max_rows`` rows drawn (the environments that started first) are built span by
    span; the others are only counted for the description (environments, cold starts, first and
    last instant), so the cost follows what the chart shows, not how long the run was. The
    chart is the one ``Timeline`` would draw from every environment's full list of spans.
    """
    result = _unwrap(result)
    name = _pick(result, function)
    metrics = result.metrics[name]
    if metrics.timeline is None:
        raise ValueError("timeline: the run kept no timelines; run with timelines=True "
                         "(scenario: [metrics] timelines = true)")
    by_env: defaultdict[int, list[tuple[int, str, float, float]]] = defaultdict(list)
    for record in metrics.timeline:
        by_env[record[0]].append(record)
    fn = result.functions.get(name)
    ended = {env.id: env for env in getattr(fn, "retired", [])}
    # Each environment's first instant (its row's place), last instant and cold starts, in
    # C-level passes over its records: the spans filled in between (idle) start at an end and
    # end at a start, so only the shutdown can move the first or last instant.
    order: list[tuple[float, int]] = []
    cold_starts = 0
    t1 = None
    for env_id, records in by_env.items():
        first, last = min(map(_START, records)), max(map(_END, records))
        env = ended.get(env_id)
        if env is not None:
            last = max(last, env.shutdown_at)
            if env.shutdown_reason in _SHUTDOWN_REASONS:
                first = min(first, env.shutdown_at)
        inits = countOf(map(_KIND, records), "init")
        if inits > 1:
            # Touching inits would be drawn (and counted) as one bar.
            inits = countOf(map(itemgetter(2), _spans(_in_order(records), env)), "init")
        cold_starts += inits
        order.append((first, env_id))
        if t1 is None or last > t1:
            t1 = last
    order.sort()
    rows = [(f"env {env_id}", _row(by_env[env_id], ended.get(env_id)))
            for _, env_id in order[:max_rows]]
    return Timeline.summarised(rows, total_rows=len(order), cold_starts=cold_starts,
                               start=order[0][0] if order else 0.0,
                               end=1.0 if t1 is None else t1,
                               title=f"{name}: execution environments")


_START, _END, _KIND = itemgetter(2), itemgetter(3), itemgetter(1)


def _sort_key(record: tuple[int, str, float, float]) -> tuple[float, float, bool]:
    # The order of (start, end, drawn kind): "busy" sorts before "init".
    return record[2], record[3], record[1] == "init"


def _in_order(records: list[tuple[int, str, float, float]]) -> list[tuple[int, str, float, float]]:
    """An environment's records sorted as its spans are (a run records them in order)."""
    starts = list(map(_START, records))
    if all(map(lt, starts, islice(starts, 1, None))):
        return records
    return sorted(records, key=_sort_key)


def _row(records: list[tuple[int, str, float, float]], env: Any) -> Iterable[tuple[float, float, str]]:
    """One environment's row for ``Timeline.summarised``: its spans as a list, or as an
    iterator when the row surely holds more than the timeline's ``MAX_SEGMENTS`` (each gap
    between two records adds an idle span and ends the one before), so that the timeline
    resamples the spans as they come instead of holding them all."""
    records = _in_order(records)
    gaps = sum(map(gt, islice(map(_START, records), 1, None), map(_END, records)))
    spans = _spans(records, env)
    return spans if 2 * gaps + 1 > MAX_SEGMENTS else list(spans)


def _spans(records: list[tuple[int, str, float, float]],
           env: Any) -> Iterator[tuple[float, float, str]]:
    """One environment's row: its init and invocations in time order, idle between them and
    until its shutdown, and a shutdown mark, with touching spans of one kind joined.

    The same spans ``Timeline`` makes of that list (``_segments`` sorts, ``_merge`` joins),
    in one pass over ``records`` (sorted by ``_in_order``): the spans come in sorted order, so
    each is joined or given out as it comes. ``env`` is the retired environment, or None if
    it was still up at the end.
    """
    if env is not None and env.shutdown_reason in _SHUTDOWN_REASONS:
        _, kind, start, end = records[-1]
        at = env.shutdown_at
        if not at > end and (at, at, "shutdown") < (start, end, "init" if kind == "init" else "busy"):
            # A shutdown before the last span ended (no run of this model does that): sort
            # it in with everything else, as Timeline would.
            yield from _merge(sorted(_raw_spans(records, env)))
            return
    _, kind, start, end = records[0]
    cs, ce, ck = start, end, "init" if kind == "init" else "busy"  # the span being joined
    previous = end  # where the last record ended
    for _, kind, start, end in islice(records, 1, None):
        kind = "init" if kind == "init" else "busy"
        if start > previous:
            # Idle in between: it cannot join its neighbours (init or busy on both sides).
            yield (cs, ce, ck)
            yield (previous, start, "idle")
            cs, ce, ck = start, end, kind
        elif kind == ck and start <= ce + 1e-12:
            ce = max(end, ce)
        else:
            yield (cs, ce, ck)
            cs, ce, ck = start, end, kind
        previous = end
    if env is not None:
        at = env.shutdown_at
        if at > previous:
            yield (cs, ce, ck)
            cs, ce, ck = previous, at, "idle"
        if env.shutdown_reason in _SHUTDOWN_REASONS:
            yield (cs, ce, ck)
            cs, ce, ck = at, at, "shutdown"
    yield (cs, ce, ck)


def _raw_spans(records: list[tuple[int, str, float, float]], env: Any):
    """The spans of ``_spans`` before sorting and joining (sorted ``records`` in)."""
    end = None
    for _, kind, start, span_end in records:
        if end is not None and start > end:
            yield end, start, "idle"
        yield start, span_end, "init" if kind == "init" else "busy"
        end = span_end
    if env.shutdown_at > end:
        yield end, env.shutdown_at, "idle"
    yield env.shutdown_at, env.shutdown_at, "shutdown"


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
