"""Charts: well-formed accessible SVG, values placed where they belong, bounded size."""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from sandbox.charts import ConcurrencyChart, LatencyChart, PowerTuningChart, Timeline
from sandbox.charts._data import nearest_rank
from sandbox.charts.scale import Linear, format_tick, nice_ticks

NS = {"s": "http://www.w3.org/2000/svg"}


def parse(chart) -> ET.Element:
    """Parse a chart's SVG (raises if it is not well-formed XML)."""
    return ET.fromstring(chart.to_svg())


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]


def sample_timeline(n_envs: int = 3, invocations: int = 5) -> dict:
    rng = random.Random(7)
    envs = {}
    for e in range(n_envs):
        t = e * 2.0
        segs = [(t, t + 0.5, "init")]
        t += 0.5
        for _ in range(invocations):
            d = rng.uniform(0.05, 0.3)
            segs.append((t, t + d, "busy"))
            t += d
            segs.append((t, t + 1.0, "idle"))
            t += 1.0
        envs[f"env {e}"] = segs
    return envs


def all_charts():
    rng = random.Random(3)
    return [
        Timeline(sample_timeline()),
        ConcurrencyChart([(0, 0), (1, 5), (2, 12), (3, 4)],
                         limits={"account": 1000, "reserved": 10, "provisioned": 2}),
        LatencyChart([rng.gauss(50, 5) for _ in range(500)], [rng.gauss(300, 20) for _ in range(20)]),
        PowerTuningChart([(128, 800, 1.7e-6), (512, 200, 1.7e-6), (1024, 110, 1.9e-6)], best=512),
    ]


@pytest.mark.parametrize("chart", all_charts(), ids=lambda c: type(c).__name__)
def test_every_chart_is_well_formed_accessible_svg(chart):
    """Each chart parses as XML, has role=img, and aria-labelledby names its <title> and <desc>."""
    root = parse(chart)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    title = root.find("s:title", NS)
    desc = root.find("s:desc", NS)
    assert title is not None and title.text == chart.title
    assert desc is not None and desc.text.strip()
    assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
    assert chart._repr_svg_() == chart.to_svg()


@pytest.mark.parametrize("chart,x_label,y_label", [
    (all_charts()[0], "time (s)", None),
    (all_charts()[1], "time (s)", "concurrent executions"),
    (all_charts()[2], "latency (ms)", "invocations"),
    (all_charts()[3], "memory (MB)", "duration (ms)"),
])
def test_axes_are_labelled_with_units(chart, x_label, y_label):
    """The x axis (and y axis where there is one) carries a label with its unit."""
    labels = texts(parse(chart))
    assert x_label in labels
    if y_label:
        assert y_label in labels


def test_two_charts_on_one_page_never_share_ids():
    """Different charts get different ids (their styles and patterns must not collide)."""
    ids = [parse(c).get("id") for c in all_charts()]
    assert len(set(ids)) == len(ids)
    assert parse(all_charts()[0]).get("id") == ids[0], "ids are deterministic"


def test_concurrency_values_map_to_pixels():
    """A step to value v is drawn at the y pixel the axis scale gives v, limits at their level."""
    chart = ConcurrencyChart([(0, 0), (10, 50), (20, 25)], limits={"reserved": 80}, end=30)
    root = parse(chart)
    left, top, right, bottom = chart.plot_box
    ticks = nice_ticks(0, 80 * 1.05, 5)
    ys = Linear((0, ticks[-1]), (bottom, top + 22))
    line = root.find(".//s:path[@class='cs-series cs-line']", NS).get("d")
    y_values = [float(v) for v in re.findall(r"V([\d.]+)", line)]
    assert y_values == pytest.approx([ys(0), ys(50), ys(25)], abs=0.01)
    limit = root.find(".//s:line[@class='cs-reserved cs-line limit-reserved']", NS)
    assert float(limit.get("y1")) == pytest.approx(ys(80), abs=0.01)
    assert "reserved limit 80" in texts(root)


def test_limit_far_above_the_data_is_noted_not_drawn():
    """An account limit 100× the peak is named as off scale instead of flattening the data."""
    chart = ConcurrencyChart([(0, 3), (1, 10)], limits={"account": 1000})
    root = parse(chart)
    assert "account limit 1,000 (off scale)" in texts(root)
    assert root.find(".//s:line[@class='cs-account cs-line limit-account']", NS) is None


def test_concurrency_downsampling_bounds_path_and_keeps_peaks():
    """100 000 steps become at most max_points, and the single highest spike survives."""
    rng = random.Random(1)
    points = [(i * 0.1, rng.randint(0, 50)) for i in range(100_000)]
    points[54_321] = (points[54_321][0], 400)
    chart = ConcurrencyChart(points, max_points=300)
    assert len(chart.steps) == 300
    assert max(v for _, v in chart.steps) == 400
    svg = chart.to_svg()
    assert len(svg) < 40_000


def test_timeline_rows_and_cold_starts():
    """One row group per environment; every init is drawn hatched with a minimum visible width."""
    chart = Timeline(sample_timeline(4))
    root = parse(chart)
    rows = root.findall(".//s:g[@class='cs-row']", NS)
    assert len(rows) == 4
    inits = [r for row in rows for r in row.iter("{http://www.w3.org/2000/svg}rect")
             if r.get("class") == "cs-init" and "hatch" in (r.get("style") or "")]
    assert len(inits) == 4
    assert all(float(r.get("width")) >= 4 for r in inits)
    assert "4 execution environments" in root.find("s:desc", NS).text
    assert "4 cold starts" in root.find("s:desc", NS).text


def test_timeline_segment_maps_to_x_pixels():
    """A busy span from 10 s to 20 s on a 0–40 s axis starts a quarter of the way across."""
    chart = Timeline([[(0, 1, "init"), (10, 20, "busy"), (20, 40, "idle")]])
    root = parse(chart)
    left, _, right, _ = chart.plot_box
    busy = root.find(".//s:g[@class='cs-row']/s:rect[@class='cs-busy']", NS)
    assert float(busy.get("x")) == pytest.approx(left + (right - left) * 0.25, abs=0.01)
    assert float(busy.get("width")) == pytest.approx((right - left) * 0.25, abs=0.01)


def test_timeline_downsampling_bounds_elements():
    """200 environments × 5 000 invocations: at most max_rows rows of max_segments bars (+ inits)."""
    envs = sample_timeline(200, 5_000)
    chart = Timeline(envs, max_rows=30, max_segments=100)
    root = parse(chart)
    rects = list(root.iter("{http://www.w3.org/2000/svg}rect"))
    assert len(root.findall(".//s:g[@class='cs-row']", NS)) == 30
    assert len(rects) <= 30 * (100 + 1) + 20
    assert "+170 more environments not shown" in texts(root)


def test_timeline_rejects_unknown_state_clearly():
    """A bad segment kind is a ValueError naming the environment, the index and the choices."""
    with pytest.raises(ValueError, match=r"environments\['a'\]\[1\]\.kind: expected one of init"):
        Timeline({"a": [(0, 1, "init"), (1, 2, "sleeping")]})


def test_latency_histogram_counts_and_percentiles():
    """Bar heights sum to the number of values; p50/p90/p99 use nearest rank over warm + cold."""
    warm = list(range(1, 91))           # 1..90 ms
    cold = list(range(1000, 1010))      # 10 cold starts
    chart = LatencyChart(warm, cold)
    assert sum(chart.warm) == 90 and sum(chart.cold) == 10
    assert chart.marks == {"p50": 50, "p90": 90, "p99": 1008}
    labels = texts(parse(chart))
    assert "p99 1,008 ms" in labels
    assert len(chart.warm) <= 31


def test_latency_bins_bound_size_for_a_million_values():
    """A million latencies still draw at most about `bins` bars."""
    rng = random.Random(5)
    chart = LatencyChart([rng.expovariate(1 / 40) for _ in range(1_000_000)], bins=25)
    root = parse(chart)
    bars = [r for r in root.iter("{http://www.w3.org/2000/svg}rect") if "bar" in (r.get("class") or "")]
    assert len(bars) <= 2 * 30


def test_latency_from_histogram():
    """A chart built from counts keeps the counts and shows the given percentiles."""
    chart = LatencyChart.from_histogram([0, 10, 20, 30], [5, 3, 2], [0, 0, 2],
                                        percentiles={"p50": 9.0, "p99": 29.0})
    assert chart.warm == [5, 3, 0] and chart.cold == [0, 0, 2]
    assert "p99 29 ms" in texts(parse(chart))
    with pytest.raises(ValueError, match="edges: expected 4 values"):
        LatencyChart.from_histogram([0, 10], [1, 2, 3])


def test_power_tuning_points_and_best():
    """Duration and cost markers sit at their scaled heights; the best size is labelled."""
    chart = PowerTuningChart([{"memory_mb": 128, "duration_ms": 1000, "cost_usd": 2e-6},
                              {"memory_mb": 256, "duration_ms": 500, "cost_usd": 2e-6}], best=256)
    root = parse(chart)
    circles = root.findall(".//s:circle[@class='cs-duration point']", NS)
    left, top, right, bottom = chart.plot_box
    ticks = nice_ticks(0, 1050, 5)
    dy = Linear((0, ticks[-1]), (bottom, top + 22))
    assert [float(c.get("cy")) for c in circles] == pytest.approx([dy(1000), dy(500)], abs=0.01)
    labels = texts(root)
    assert "best: 256 MB" in labels
    assert "cost per 1,000,000 invocations (USD)" in labels


@pytest.mark.parametrize("lo,hi", [(0, 1), (0, 97), (0, 1234), (0, 0.0042), (3, 3), (-5, 17)])
def test_nice_ticks_cover_the_range_with_round_steps(lo, hi):
    """Ticks start at or below lo, end at or above hi, are evenly spaced by 1/2/2.5/5 × 10ⁿ."""
    ticks = nice_ticks(lo, hi)
    assert ticks[0] <= lo and ticks[-1] >= hi
    step = ticks[1] - ticks[0]
    mantissa = step / 10 ** __import__("math").floor(__import__("math").log10(step))
    assert round(mantissa, 6) in (1, 2, 2.5, 5)
    assert 3 <= len(ticks) <= 12


def test_tick_labels_are_readable():
    """Labels use thousands separators and no more decimals than the step needs."""
    assert format_tick(1000, 250) == "1,000"
    assert format_tick(0.5, 0.25) == "0.50"
    assert format_tick(-0.0, 0.1) == "0.0"


def _run(timelines: bool = True):
    from sandbox.scenario import load
    return load({"duration_s": 300, "metrics": {"timelines": timelines, "period_s": 10},
                 "functions": [{"name": "api", "reserved_concurrency": 12,
                                "provisioned_concurrency": 2, "idle_expiry_s": 60,
                                "duration": {"model": "exponential", "mean_s": 0.4}}],
                 "traffic": [{"kind": "step", "steps": [[0, 2], [100, 25], [200, 1]]}]}).run()


def test_charts_from_a_run_agree_with_its_metrics():
    """Charts built from a run show its environments, cold starts, limits and invocation count."""
    from sandbox.charts import concurrency_chart, latency_chart, timeline_chart
    result = _run()
    m = result.metrics["api"]
    timeline = timeline_chart(result)
    assert timeline.total_rows == m.environments_created
    # Provisioned environments initialise before the run: only on-demand inits are drawn.
    assert timeline.cold_starts == m.cold_starts
    conc = concurrency_chart(result)
    assert conc.limits == {"account": 1000, "reserved": 12, "provisioned": 2}
    assert conc.peak == m.peak_concurrency
    latency = latency_chart(result)
    assert sum(latency.warm) + sum(latency.cold) == m.invocations
    for chart in (timeline, conc, latency):
        ET.fromstring(chart.to_svg())


def test_timeline_from_a_run_without_timelines_says_how_to_get_one():
    """Asking for a timeline of a run that kept none explains the option to turn on."""
    from sandbox.charts import timeline_chart
    with pytest.raises(ValueError, match="timelines = true"):
        timeline_chart(_run(timelines=False))


def test_power_chart_from_a_power_tuning_result():
    """The power chart shows every measured size and marks the strategy's choice."""
    from sandbox.charts import power_chart
    from sandbox.config import CpuBound, FunctionConfig
    from sandbox.power_tuning import power_tune
    tuning = power_tune(FunctionConfig(duration=CpuBound(cpu_s=1.0, io_s=0.05)),
                        memory_sizes=(128, 512, 1769, 3008), strategy="speed", num=5)
    chart = power_chart(tuning)
    assert [row[0] for row in chart.rows] == [128, 512, 1769, 3008]
    assert chart.best == tuning.optimal.memory_mb == 1769
    labels = texts(parse(chart))
    assert "best: 1769 MB" in labels
    with pytest.raises(ValueError, match="power_tuning"):
        power_chart(object())


def test_time_axis_ends_where_the_run_ends():
    """A 0-33 s run fills the plot: the step line reaches the right edge, no tick beyond 33."""
    chart = ConcurrencyChart([(0, 1), (10, 4)], end=33)
    root = parse(chart)
    _, _, right, _ = chart.plot_box
    line = root.find(".//s:path[@class='cs-series cs-line']", NS).get("d")
    assert float(re.findall(r"H([\d.]+)", line)[-1]) == pytest.approx(right, abs=0.01)
    tick_labels = [t for t in texts(root) if re.fullmatch(r"[\d,.]+", t)]
    assert "35" not in tick_labels and "30" in tick_labels


def test_latency_legend_says_invocations_when_cold_is_unknown():
    """Counts without a cold/warm split are labelled "invocations", never as warm only."""
    chart = LatencyChart.from_histogram([0, 10, 20], [3, 4])
    legend = parse(chart).find(".//s:g[@class='cs-legend-box']", NS)
    assert texts(legend) == ["invocations"]
    split = LatencyChart.from_histogram([0, 10, 20], [3, 4], [0, 1])
    assert texts(parse(split).find(".//s:g[@class='cs-legend-box']", NS)) == ["warm", "cold start"]


def test_throttled_periods_are_marked_along_the_time_axis():
    """Periods with throttles get one mark each, spanning the period, and the description
    gives the total; a chart from a run marks exactly its throttled periods."""
    chart = ConcurrencyChart([(0, 5), (60, 10), (120, 10)], end=180, period_s=60,
                             throttles=[(0, 0), (60, 42), (120, 3)])
    root = parse(chart)
    marks = root.findall(".//s:g[@class='cs-throttles']/s:rect", NS)
    assert len(marks) == 2
    left, _, right, _ = chart.plot_box
    assert float(marks[0].get("width")) == pytest.approx((right - left) / 3, abs=0.01)
    assert "45 requests throttled" in root.find("s:desc", NS).text
    from sandbox.charts import concurrency_chart
    from sandbox.scenario import load_preset
    result = load_preset("flash-sale").run()
    from_run = concurrency_chart(result)
    throttled = [v for v in result.metrics["checkout"].series["Throttles"] if v]
    assert len(from_run.throttle_marks) == len(throttled)
    assert from_run.throttled == result.metrics["checkout"].throttles


def test_throttle_marks_stay_bounded():
    """A million one-second periods still give at most max_points marks."""
    marks = [(float(i), 1) for i in range(1_000_000)]
    chart = ConcurrencyChart([(0, 1)], end=1_000_000, throttles=marks, period_s=1,
                             max_points=200)
    assert len(chart.throttle_marks) <= 200
    assert chart.throttled == 1_000_000


@settings(max_examples=300, deadline=None)
@given(values=st.lists(st.integers(0, 10_000), min_size=1, max_size=250),
       pct=st.one_of(st.integers(1, 100), st.sampled_from([0.1, 2.5, 7, 29, 57, 99.9, 99.99])))
def test_nearest_rank_is_the_smallest_value_covering_the_percentile(values, pct):
    """nearest_rank(p) is the value of rank k = the smallest k with k/n >= p/100 (the ceiling,
    not the floor, where they differ, and exact for decimal percentiles such as p7 of 100)."""
    ordered = sorted(values)
    n = len(ordered)
    k = next(k for k in range(1, n + 1) if Fraction(k, n) * 100 >= Fraction(str(pct)))
    assert nearest_rank(ordered, pct) == ordered[k - 1]


def test_nearest_rank_takes_the_ceiling_rank():
    """Seven values: p50 is the 4th (ceil 3.5), p10 the 1st, p90 the 7th; p7 of 1..100 is 7."""
    assert nearest_rank([1, 2, 3, 4, 5, 6, 7], 50) == 4
    assert nearest_rank([1, 2, 3, 4, 5, 6, 7], 10) == 1
    assert nearest_rank([1, 2, 3, 4, 5, 6, 7], 90) == 7
    assert nearest_rank(list(range(1, 101)), 7) == 7
