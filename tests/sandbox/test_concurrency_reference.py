"""ConcurrentExecutions, peak and average concurrency against a brute-force sweep.

The reference model is deliberately naive: it keeps every finished invocation's interval
``[admitted, end)`` and, for each period, counts the intervals that contain each candidate
instant (the period's first instant and every admission inside it). The model's streaming
metrics must agree with it exactly, on both the general and the fast path.
"""

from __future__ import annotations

import math

from hypothesis import HealthCheck, assume, given, settings, strategies as st

from sandbox import (AccountConfig, Arrivals, Exponential, Fixed, FunctionConfig, InitModel, Poisson,
                     Simulation)
from sandbox.charts import from_results
from sandbox.invocation import Outcome
from strategies import arrival_scripts, function_configs, small_accounts


def reference_intervals(invocations) -> list[tuple[float, float]]:
    """Each admitted invocation's ``[arrival, end)``: it holds concurrency (Init included)."""
    return [(inv.arrival, inv.end) for inv in invocations
            if inv.outcome is not Outcome.THROTTLED and inv.end > inv.arrival]


def reference_maximum(intervals, period: float, n_periods: int) -> list[int]:
    """CloudWatch's Maximum per period, by brute force over every candidate instant."""
    out = []
    for i in range(n_periods):
        lo, hi = i * period, (i + 1) * period
        instants = [lo] + [s for s, _ in intervals if lo <= s < hi]
        out.append(max(sum(1 for s, e in intervals if s <= t < e) for t in instants))
    return out


def reference_area(intervals, horizon: float) -> float:
    """Concurrency-seconds inside the window [0, horizon]."""
    return sum(max(0.0, min(e, horizon) - max(s, 0.0)) for s, e in intervals)


def covering(intervals, lo: float, hi: float) -> int:
    """Invocations running throughout [lo, hi)."""
    return sum(1 for s, e in intervals if s <= lo and e >= hi)


def limit_of(config: FunctionConfig, account: AccountConfig) -> int:
    """The most invocations the function may run at once."""
    cap = account.concurrency_limit
    if config.reserved_concurrency is not None:
        cap = min(cap, config.reserved_concurrency)
    return cap


def check_against_reference(result, done, config, account, horizon, period):
    """Every property of the module docstring, for one run."""
    m = result.metrics[config.name]
    series = m.series["ConcurrentExecutions"]
    intervals = reference_intervals(done)
    # The series covers the window (arrivals all fall inside it here).
    assert len(series) == max(1, math.ceil(horizon / period))
    expected = reference_maximum(intervals, period, len(series))
    assert series == expected
    for i, value in enumerate(series):
        assert value >= covering(intervals, i * period, (i + 1) * period)
        assert value <= limit_of(config, account)
    assert m.peak_concurrency == max(expected)
    assert math.isclose(m.window_concurrency_seconds, reference_area(intervals, horizon),
                        rel_tol=1e-9, abs_tol=1e-9)
    assert math.isclose(m.concurrency_seconds, sum(e - s for s, e in intervals),
                        rel_tol=1e-9, abs_tol=1e-9)
    totals = result.to_dict()["functions"][config.name]["totals"]
    assert totals["average_concurrency"] <= totals["peak_concurrency"]
    assert math.isclose(totals["average_concurrency"],
                        min(reference_area(intervals, horizon) / horizon, max(expected)),
                        rel_tol=1e-9, abs_tol=1e-9)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(script=arrival_scripts(max_requests=40, max_gap=4.0, max_work=12.0),
       config=function_configs(), account=small_accounts(),
       period=st.sampled_from([1.0, 2.0, 5.0, 10.0]), tail=st.floats(0.001, 15.0))
def test_concurrent_executions_equal_a_brute_force_sweep(script, config, account, period, tail):
    """For every period: ConcurrentExecutions equals the brute-force maximum over the period's
    instants (invocations carried in included), is at least the number of invocations running
    through the whole period and at most the concurrency limit; the peak is the series' maximum;
    the window's concurrency-seconds and the whole run's equal the sweep's; average <= peak. The horizon may end
    while long requests still run (they drain, but outside the window)."""
    times, works = script
    assume((config.reserved_concurrency or 0) <= account.concurrency_limit)
    assume(config.provisioned_concurrency <= (config.reserved_concurrency
                                              if config.reserved_concurrency is not None
                                              else account.concurrency_limit))
    horizon = (max(times) if times else 0.0) + tail
    sim = Simulation(account=account, functions=[config],
                     sources=[Arrivals(times, works, function=config.name)], horizon=horizon,
                     period_s=period)
    done = sim.keep_invocations()
    check_against_reference(sim.run(), done, config, account, horizon, period)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rate=st.floats(0.2, 8.0), mean=st.sampled_from([0.5, 3.0, 25.0]),
       fixed=st.booleans(), init=st.sampled_from([0.0, 0.4, 3.0]),
       reserved=st.one_of(st.none(), st.integers(1, 12)), seed=st.integers(0, 10_000),
       horizon=st.sampled_from([20.0, 45.0, 61.0]), period=st.sampled_from([1.0, 5.0, 10.0]))
def test_fast_path_concurrency_equals_the_sweep(rate, mean, fixed, init, reserved, seed, horizon,
                                                period):
    """The fast path (a Poisson source, nothing kept) reports the same ConcurrentExecutions,
    peak and concurrency-seconds as the general path, whose kept invocations equal the
    brute-force sweep: so both paths equal the reference."""
    config = FunctionConfig(name="fn", duration=Fixed(mean) if fixed else Exponential(mean),
                            init=InitModel(fixed_s=init), reserved_concurrency=reserved,
                            timeout_s=60.0)
    account = AccountConfig()
    runs = []
    for fast in (True, False):
        sim = Simulation(account=account, functions=[config],
                         sources=[Poisson(rate, function="fn")], seed=seed, horizon=horizon,
                         period_s=period)
        done = None if fast else sim.keep_invocations()
        runs.append((sim.run(), done))
    (fast_result, _), (general, done) = runs
    check_against_reference(general, done, config, account, horizon, period)
    fast_m, general_m = fast_result.metrics["fn"], general.metrics["fn"]
    assert fast_m.series["ConcurrentExecutions"] == general_m.series["ConcurrentExecutions"]
    assert fast_m.peak_concurrency == general_m.peak_concurrency
    assert fast_m.concurrency_seconds == general_m.concurrency_seconds
    assert fast_m.window_concurrency_seconds == general_m.window_concurrency_seconds


def test_requests_running_through_later_periods_are_counted_in_each():
    """Ten 300 s requests admitted at t=0 read 10 in each of the five 60 s periods they span
    (not 10 then zeros), and the average over the window equals the peak."""
    config = FunctionConfig(name="fn", duration=Fixed(300.0), init=InitModel(fixed_s=0.0),
                            timeout_s=900.0)
    result = Simulation(functions=[config], sources=[Arrivals([0.0] * 10, function="fn")],
                        horizon=300, period_s=60).run()
    m = result.metrics["fn"]
    assert m.series["ConcurrentExecutions"] == [10, 10, 10, 10, 10]
    assert m.peak_concurrency == 10 and m.average_concurrency == 10.0


def test_average_uses_the_window_even_when_requests_outlive_it():
    """Ten 600 s requests and a 60 s horizon: the average over [0, 60] is 10 (not 100), the
    JSON names the window, and the drain adds no periods."""
    config = FunctionConfig(name="fn", duration=Fixed(600.0), init=InitModel(fixed_s=0.0),
                            timeout_s=900.0)
    out = Simulation(functions=[config], sources=[Arrivals([0.0] * 10, function="fn")],
                     horizon=60, period_s=60).run().to_dict()["functions"]["fn"]
    assert out["window_s"] == 60.0
    assert out["totals"]["average_concurrency"] == 10.0
    assert out["totals"]["peak_concurrency"] == 10
    assert out["series"]["ConcurrentExecutions"] == [10]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(script=arrival_scripts(max_requests=30, max_gap=5.0, max_work=20.0),
       config=function_configs(), period=st.sampled_from([1.0, 5.0, 10.0]),
       tail=st.floats(0.5, 30.0))
def test_concurrency_chart_plots_the_reference(script, config, period, tail):
    """charts.from_results.concurrency_chart plots one point per period at the period's start,
    with exactly the brute-force maximum, and peaks at the run's peak concurrency."""
    times, works = script
    horizon = (max(times) if times else 0.0) + tail
    sim = Simulation(functions=[config], sources=[Arrivals(times, works, function=config.name)],
                     horizon=horizon, period_s=period)
    done = sim.keep_invocations()
    result = sim.run()
    chart = from_results.concurrency_chart(result)
    n = len(result.metrics["fn"].series["ConcurrentExecutions"])
    expected = reference_maximum(reference_intervals(done), period, n)
    assert chart.steps == [(i * period, v) for i, v in enumerate(expected)]
    assert chart.t1 == n * period
    assert chart.peak == max(expected)
