"""Traffic sources send the number of requests, at the times, their definitions promise."""

from __future__ import annotations

import math

import pytest

from sandbox import (Burst, Constant, Diurnal, Fixed, FunctionConfig, Poisson, Replay,
                     Simulation, Step)


def _run(source, horizon, period_s=60.0, seed=1):
    fn = FunctionConfig(name="fn", duration=Fixed(0.01))
    sim = Simulation(functions=[fn], sources=[source], seed=seed, horizon=horizon,
                     period_s=period_s)
    done = sim.keep_invocations()
    result = sim.run()
    return result.metrics["fn"], sorted(i.arrival for i in done)


def test_constant_rate_is_evenly_spaced():
    """Constant(10/s) for 60 s sends exactly 600 requests 0.1 s apart."""
    m, arrivals = _run(Constant(10, function="fn"), 60.0)
    assert len(arrivals) == 600
    gaps = {round(b - a, 9) for a, b in zip(arrivals, arrivals[1:])}
    assert gaps == {0.1}


@pytest.mark.parametrize("rate, horizon", [(20, 120.0), (3, 1000.0), (7.5, 3600.0)])
def test_constant_rate_does_not_drift_over_long_runs(rate, horizon):
    """Constant(rate) over a horizon sends exactly rate × horizon requests, the last one a full
    gap before the horizon: arrival times come from their index, so rounding never adds one."""
    m, arrivals = _run(Constant(rate, function="fn"), horizon)
    assert len(arrivals) == round(rate * horizon)
    assert arrivals[-1] == pytest.approx(horizon - 1 / rate)


def test_poisson_count_and_gaps():
    """Poisson(50/s) over 200 s: ~10,000 requests (within 4 sd) and mean gap ~1/50 s."""
    m, arrivals = _run(Poisson(50, function="fn"), 200.0)
    assert abs(len(arrivals) - 10_000) < 4 * math.sqrt(10_000)
    gaps = [b - a for a, b in zip(arrivals, arrivals[1:])]
    assert sum(gaps) / len(gaps) == pytest.approx(0.02, rel=0.05)


def test_step_changes_rate_at_each_boundary():
    """Step([(0, 10), (60, 100)]) sends ~10/s in the first minute and ~100/s in the second."""
    m, _ = _run(Step([(0, 10), (60, 100)], function="fn"), 120.0)
    first, second = m.series["Invocations"][:2]
    assert abs(first - 600) < 4 * math.sqrt(600)
    assert abs(second - 6000) < 4 * math.sqrt(6000)


def test_burst_sends_all_requests_at_one_instant():
    """Burst(250, at=5) sends 250 requests all at t = 5 s."""
    _, arrivals = _run(Burst(250, at=5.0, function="fn"), 60.0)
    assert arrivals == [5.0] * 250


def test_diurnal_peaks_at_peak_time_and_averages_the_mean_rate():
    """Diurnal(mean 0.5/s, amplitude 0.8, peak at 14:00): a day has ~43,200 requests, and the
    hour around the peak has about (1+0.8)/(1-0.8) = 9 times the trough's."""
    m, _ = _run(Diurnal(0.5, amplitude=0.8, function="fn"), 86_400.0, period_s=3600.0)
    per_hour = m.series["Invocations"]
    assert sum(per_hour) == pytest.approx(43_200, rel=0.03)
    assert per_hour.index(max(per_hour)) in (13, 14)
    assert per_hour.index(min(per_hour)) in (1, 2)
    assert max(per_hour) / min(per_hour) == pytest.approx(9.0, rel=0.3)


def test_replay_reproduces_each_minute_count():
    """Replay([120, 0, 3000, 7]) sends exactly those counts in minutes 0-3."""
    counts = [120, 0, 3000, 7]
    m, _ = _run(Replay(counts, function="fn"), 240.0)
    assert m.series["Invocations"] == counts


@pytest.mark.parametrize("make, message", [
    (lambda: Poisson(-1), "Poisson.rate"),
    (lambda: Step([(0, 1), (0, 2)]), r"Step.steps\[1\]"),
    (lambda: Replay([1, -2]), r"Replay.counts\[1\]"),
    (lambda: Burst(1.5), "Burst.count"),
    (lambda: Diurnal(1.0, amplitude=2), "Diurnal.amplitude"),
])
def test_bad_source_parameters_are_named(make, message):
    """Each bad parameter raises one ValueError naming the field."""
    with pytest.raises(ValueError, match=message):
        make()
