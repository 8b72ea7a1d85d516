"""The SimFaaS-compatible mode agrees with SimFaaS itself (simfaas is a dev-only dependency)."""

from __future__ import annotations

import statistics

import pytest

from sandbox.simfaas_mode import simulate_simfaas


def _ours(seeds, **workload):
    runs = [simulate_simfaas(seed=s, **workload) for s in seeds]
    return {k: statistics.fmean(getattr(r, k) for r in runs)
            for k in ("cold_start_prob", "rejection_prob", "avg_server_count",
                      "avg_running_count", "avg_idle_count")}


def test_statistics_match_simfaas_on_a_short_horizon():
    """On the same workload (Poisson 2/s, warm 1 s, cold 1.5 s, expiry 5 s, at most 3 running)
    cold-start and rejection probabilities and the average instance counts agree with SimFaaS
    within statistical tolerance. https://github.com/pacslab/simfaas"""
    np = pytest.importorskip("numpy")
    simfaas = pytest.importorskip("simfaas.ServerlessSimulator")
    horizon = 20_000.0
    workload = dict(arrival_rate=2.0, warm_service=1.0, cold_service=1.5,
                    expiration_threshold=5.0, horizon=horizon, maximum_concurrency=3)
    ours = _ours(range(3), **workload)
    np.random.seed(2)
    sim = simfaas.ServerlessSimulator(arrival_rate=2.0, warm_service_rate=1 / 1.0,
                                      cold_service_rate=1 / 1.5, expiration_threshold=5.0,
                                      max_time=horizon, maximum_concurrency=3)
    sim.generate_trace()
    theirs = sim.get_result_dict()
    assert ours["cold_start_prob"] == pytest.approx(theirs["prob_cold"], rel=0.2)
    assert ours["rejection_prob"] == pytest.approx(theirs["prob_reject"], abs=0.015)
    assert ours["avg_server_count"] == pytest.approx(theirs["inst_count_avg"], rel=0.03)
    assert ours["avg_running_count"] == pytest.approx(theirs["inst_running_count_avg"], rel=0.03)
    assert ours["avg_idle_count"] == pytest.approx(theirs["inst_idle_count_avg"], rel=0.05)


def test_readme_workload_statistics():
    """SimFaaS's README workload (0.9/s, warm 1.991 s, cold 2.244 s, expiry 600 s): the platform
    keeps ~7.7 instances with ~1.8 running and cold starts stay near 0.14 %; the running count
    follows Little's law (lambda times the mean service time)."""
    r = simulate_simfaas(0.9, 1.991, 2.244, 600.0, horizon=100_000, seed=4)
    assert r.rejection_prob == 0.0
    assert r.avg_running_count == pytest.approx(0.9 * 1.991, rel=0.03)
    assert r.avg_server_count == pytest.approx(7.7, rel=0.06)
    assert 0.0005 < r.cold_start_prob < 0.003


def test_bad_arguments_are_named():
    """Invalid parameters raise one ValueError naming the parameter."""
    with pytest.raises(ValueError, match="arrival_rate"):
        simulate_simfaas(0, 1.0, 1.0)
    with pytest.raises(ValueError, match="cold_service"):
        simulate_simfaas(1.0, 1.0, -2.0)


def test_statistics_match_simfaas_when_instances_expire_often():
    """At a low rate (0.05/s, expiry 30 s) most instances expire and the platform often empties:
    cold-start probability, instance counts and lifespans still agree with SimFaaS (four seeds
    each). https://github.com/pacslab/simfaas"""
    np = pytest.importorskip("numpy")
    simfaas = pytest.importorskip("simfaas.ServerlessSimulator")
    ours = [simulate_simfaas(0.05, 1.0, 2.0, 30.0, horizon=40_000, seed=s) for s in range(4)]
    theirs = []
    for seed in range(4):
        np.random.seed(seed)
        sim = simfaas.ServerlessSimulator(arrival_rate=0.05, warm_service_rate=1.0,
                                          cold_service_rate=0.5, expiration_threshold=30.0,
                                          max_time=40_000)
        sim.generate_trace()
        theirs.append(sim.get_result_dict())
    mean = statistics.fmean
    assert mean(r.cold_start_prob for r in ours) == pytest.approx(
        mean(d["prob_cold"] for d in theirs), abs=0.03)
    assert mean(r.avg_server_count for r in ours) == pytest.approx(
        mean(d["inst_count_avg"] for d in theirs), rel=0.04)
    assert mean(r.avg_lifespan for r in ours) == pytest.approx(
        mean(d["lifespan_avg"] for d in theirs), rel=0.12)
