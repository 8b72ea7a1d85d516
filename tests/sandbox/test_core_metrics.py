"""Streaming metrics: percentiles, extension series, timelines."""

from __future__ import annotations

import math

from hypothesis import given, settings, strategies as st

from sandbox import Arrivals, Fixed, FunctionConfig, InitModel, LatencySketch, Simulation
from sandbox.metrics import period_start


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.floats(1e-3, 1e3), min_size=1, max_size=300),
       q=st.floats(0.0, 1.0))
def test_sketch_quantiles_are_within_the_bucket_error(values, q):
    """A quantile from the fixed-size sketch is within gamma - 1 (2 %) of the exact value of the
    same rank, whatever the data; count, sum, min and max are exact."""
    sketch = LatencySketch()
    for v in values:
        sketch.add(v)
    exact = sorted(values)[int(q * (len(values) - 1))]
    assert math.isclose(sketch.quantile(q), exact, rel_tol=sketch.gamma - 1)
    assert sketch.count == len(values)
    assert sketch.min == min(values) and sketch.max == max(values)
    assert math.isclose(sketch.total, sum(values), rel_tol=1e-9)


def test_sketch_size_is_fixed():
    """The sketch holds a fixed number of buckets however many values it has seen."""
    sketch = LatencySketch()
    size = len(sketch.counts)
    for i in range(10_000):
        sketch.add(0.001 * (i + 1))
    assert len(sketch.counts) == size


def test_extension_series_report_their_statistic_per_period():
    """Extensions add series such as IteratorAge (max) or DeadLetterErrors (sum) per period, and
    to_dict lists them beside the built-in CloudWatch metrics."""
    sim = Simulation(functions=[FunctionConfig(name="fn")], horizon=120, period_s=60)
    m = sim.functions["fn"].metrics
    m.add("IteratorAge", 10.0, 4.0, stat="max")
    m.add("IteratorAge", 20.0, 9.0, stat="max")
    m.add("DeadLetterErrors", 70.0, 1, stat="sum")
    m.add("DeadLetterErrors", 80.0, 1, stat="sum")
    m.add("AsyncEventAge", 5.0, 2.0, stat="avg")
    m.add("AsyncEventAge", 6.0, 4.0, stat="avg")
    series = sim.run().to_dict()["functions"]["fn"]["series"]
    assert series["IteratorAge"] == [9.0, None]
    assert series["DeadLetterErrors"] == [None, 2]
    assert series["AsyncEventAge"] == [3.0, None]
    for name in ("Invocations", "Errors", "Throttles", "ConcurrentExecutions",
                 "ProvisionedConcurrencySpilloverInvocations", "DurationAverage"):
        assert name in series


def test_timelines_are_kept_only_when_asked_for():
    """With timelines=True each environment's Init and invocations are recorded as spans and
    shut-down environments keep their reason; without it nothing grows per invocation."""
    fn = FunctionConfig(name="fn", duration=Fixed(1.0), init=InitModel(fixed_s=0.5),
                        idle_expiry_s=10.0)
    sim = Simulation(functions=[fn], sources=[Arrivals([0.0, 5.0, 30.0], function="fn")],
                     horizon=60, timelines=True)
    result = sim.run()
    spans = result.metrics["fn"].timeline
    assert spans == [(1, "init", 0.0, 0.5), (1, "invoke", 0.5, 1.5), (1, "invoke", 5.0, 6.0),
                     (2, "init", 30.0, 30.5), (2, "invoke", 30.5, 31.5)]
    reasons = {env.id: (env.shutdown_reason, env.shutdown_at) for env in result.functions["fn"].retired}
    assert reasons[1] == ("idle-expiry", 16.0)
    assert reasons[2] == ("idle-expiry", 41.5)
    plain = Simulation(functions=[fn], sources=[Arrivals([0.0, 5.0], function="fn")], horizon=60)
    result = plain.run()
    assert result.metrics["fn"].timeline is None and result.functions["fn"].retired == []


@settings(max_examples=300, deadline=None)
@given(period=st.one_of(st.sampled_from([0.1, 0.3, 1.0, 7.0, 60.0]),
                        st.floats(1e-3, 1e4, allow_nan=False, allow_infinity=False)),
       i=st.integers(1, 10**7))
def test_period_start_is_the_first_instant_of_its_period(period, i):
    """period_start(i) is in period i by the series' own rule (int(t // period)) and the float
    just below it is not: the fast path compares times with it instead of dividing."""
    start = period_start(i, period)
    assert int(start // period) >= i
    below = math.nextafter(start, -math.inf)
    assert below <= 0 or int(below // period) < i
    assert math.isclose(start, i * period, rel_tol=1e-12)
