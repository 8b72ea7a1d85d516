"""``charts.timeline_chart`` builds only the rows it draws: its chart must be the very SVG that the
straightforward construction gives (every environment's spans filled in and handed to ``Timeline``),
on real runs and on arbitrary span lists, including the orders and shutdowns no run produces.
"""

from __future__ import annotations

import json
import math
from types import SimpleNamespace

import pytest
from hypothesis import given, settings, strategies as st

from sandbox import charts
from sandbox.charts import Timeline
from sandbox.charts import timeline as timeline_module
from sandbox.scenario import load, load_preset

SHUTDOWN_REASONS = ("idle-expiry", "max-lifetime", "timeout-reset")


def reference_timeline(result, function: str, max_rows: int) -> Timeline:
    """The straightforward construction (the implementation before rows were built lazily):
    every environment's spans, idle filled in between and up to its shutdown, all given to
    ``Timeline``, which checks, sorts, joins and orders them itself."""
    result = getattr(result, "result", result)
    metrics = result.metrics[function]
    spans: dict[int, list[tuple[float, float, str]]] = {}
    for env_id, kind, start, end in metrics.timeline:
        spans.setdefault(env_id, []).append((start, end, "init" if kind == "init" else "busy"))
    ended = {env.id: env for env in getattr(result.functions.get(function), "retired", [])}
    rows = {}
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
        if env is not None and env.shutdown_reason in SHUTDOWN_REASONS:
            filled.append((env.shutdown_at, env.shutdown_at, "shutdown"))
        rows[f"env {env_id}"] = filled
    return Timeline(rows, max_rows=max_rows, title=f"{function}: execution environments")


def assert_same_chart(result, function: str, max_rows: int) -> None:
    fast = charts.timeline_chart(result, function, max_rows=max_rows)
    slow = reference_timeline(result, function, max_rows)
    assert (fast.total_rows, fast.cold_starts, fast.t0, fast.t1) == \
        (slow.total_rows, slow.cold_starts, slow.t0, slow.t1)
    assert fast.to_svg() == slow.to_svg()


@pytest.mark.parametrize("preset", ["protect-database", "provisioned-concurrency", "flash-sale"])
def test_preset_timelines_match_the_straightforward_construction(preset):
    """The presets with the longest rows (tens of thousands of spans) and the most rows (1,000
    environments), at the playground's 24 rows and with every row shown."""
    data = json.loads(json.dumps(load_preset(preset).data))
    data.setdefault("metrics", {})["timelines"] = True
    run = load(data).run()
    name = next(iter(run.result.metrics))
    for max_rows in (24, 2000):
        assert_same_chart(run, name, max_rows)


@settings(max_examples=40, deadline=None)
@given(rate=st.floats(0.2, 30), mean_s=st.floats(0.01, 3), timeout_s=st.integers(1, 5),
       idle_expiry_s=st.integers(5, 120), reserved=st.integers(1, 20),
       provisioned=st.integers(0, 3), seed=st.integers(0, 10_000),
       max_rows=st.integers(1, 40))
def test_runs_draw_the_same_timeline(rate, mean_s, timeout_s, idle_expiry_s, reserved,
                                     provisioned, seed, max_rows):
    """Small runs with timeouts, idle expiry, throttles and provisioned environments."""
    run = load({"seed": seed, "duration_s": 200, "metrics": {"timelines": True},
                "functions": [{"name": "f", "timeout_s": timeout_s, "idle_expiry_s": idle_expiry_s,
                               "reserved_concurrency": max(reserved, provisioned),
                               "provisioned_concurrency": provisioned,
                               "duration": {"model": "exponential", "mean_s": mean_s}}],
                "traffic": [{"kind": "step", "steps": [[0, rate], [60, rate * 4], [120, 0.1]]}]}).run()
    assert_same_chart(run, "f", max_rows)


_time = st.floats(0, 1000, allow_nan=False).map(lambda t: round(t, 1))


@st.composite
def synthetic_results(draw):
    """A result-shaped value holding arbitrary timelines: records in any order, overlapping,
    zero-length, several inits per environment, shutdowns before, at or after the last span."""
    records = []
    for _ in range(draw(st.integers(1, 60))):
        start = draw(_time)
        end = start + draw(st.sampled_from([0.0, 0.5, 1.0, draw(_time)]))
        records.append((draw(st.integers(0, 8)), draw(st.sampled_from(["init", "invoke"])),
                        start, end))
    retired = []
    for env_id in sorted({r[0] for r in records}):
        if draw(st.booleans()):
            own = [r for r in records if r[0] == env_id]
            at = draw(st.sampled_from([max(r[3] for r in own), min(r[2] for r in own),
                                       draw(_time)]))
            reason = draw(st.sampled_from(SHUTDOWN_REASONS + ("end-of-run",)))
            retired.append(SimpleNamespace(id=env_id, shutdown_at=at, shutdown_reason=reason))
    return SimpleNamespace(metrics={"f": SimpleNamespace(timeline=records)},
                           functions={"f": SimpleNamespace(retired=retired)})


@settings(max_examples=300, deadline=None)
@given(result=synthetic_results(), max_rows=st.integers(1, 10), bins=st.integers(0, 1))
def test_arbitrary_timelines_draw_the_same_chart(result, max_rows, bins):
    """Whatever the spans, the lazily built chart is the straightforward one (rows long enough
    to be resampled when ``bins``)."""
    if bins:  # stretch every record into many short ones, so rows exceed max_segments
        result.metrics["f"].timeline = [(env, kind, start + k * 0.01, start + k * 0.01 + 0.005)
                                        for env, kind, start, _ in result.metrics["f"].timeline
                                        for k in range(40)]
    assert_same_chart(result, "f", max_rows)


def reference_bin(segments, t0, t1, bins):
    """``Timeline``'s resampling as first written: every segment's columns by division."""
    width = (t1 - t0) / bins
    cover = {kind: [0.0] * bins for kind in ("busy", "idle", "shutdown")}
    inits = []
    for start, end, kind in segments:
        if kind == "init":
            inits.append((start, end, kind))
            continue
        first = max(0, int((start - t0) / width))
        last = min(bins - 1, int((end - t0) / width))
        for b in range(first, last + 1):
            lo = t0 + b * width
            hi = lo + width
            overlap = min(end, hi) - max(start, lo)
            if overlap > 0:
                cover[kind][b] += overlap
    columns = []
    for b in range(bins):
        kind, amount = "busy", cover["busy"][b]
        for other in ("idle", "shutdown"):
            if cover[other][b] > amount:
                kind, amount = other, cover[other][b]
        if amount > 0:
            columns.append((t0 + b * width, t0 + (b + 1) * width, kind))
    return inits + timeline_module._merge(columns)


@st.composite
def rows_near_column_edges(draw):
    """Sorted segments of one row whose ends often sit on, or one float away from, a column
    edge, on time axes from tiny to huge offsets (where columns are few floats wide)."""
    t0 = draw(st.sampled_from([0.0, 0.1, 1e6, 1e12, 3.7e15]))
    span = draw(st.sampled_from([1.0, 7.3, 600.0, 1e-3]))
    bins = draw(st.integers(1, 130))
    t1 = max(t0 + span, math.nextafter(t0, math.inf))
    width = (t1 - t0) / bins
    edge = st.integers(0, bins).map(lambda k: t0 + k * width)
    instant = st.one_of(edge, edge.map(lambda x: math.nextafter(x, math.inf)),
                        edge.map(lambda x: math.nextafter(x, -math.inf)),
                        st.floats(0, 1).map(lambda f: t0 + f * (t1 - t0)))
    points = sorted(draw(st.lists(instant, min_size=2, max_size=80)))
    kinds = draw(st.lists(st.sampled_from(["init", "busy", "idle", "shutdown"]),
                          min_size=len(points) - 1, max_size=len(points) - 1))
    segments = [(a, b, k) for a, b, k in zip(points, points[1:], kinds)]
    return segments, t0, t1, bins


@settings(max_examples=500, deadline=None)
@given(case=rows_near_column_edges())
def test_resampling_matches_division_per_segment(case):
    """The resampler's shortcut for segments inside one column gives the very columns that
    dividing every segment's ends gives, at and one float either side of every edge."""
    segments, t0, t1, bins = case
    assert timeline_module._bin(segments, t0, t1, bins) == reference_bin(segments, t0, t1, bins)
