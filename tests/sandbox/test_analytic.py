"""Classic queueing results the model must reproduce: Erlang-B, cold-start probability, Little."""

from __future__ import annotations

import math

import pytest

from sandbox import (AccountConfig, Exponential, Fixed, FunctionConfig, InitModel, Poisson,
                     Simulation)


def erlang_b(offered_load: float, servers: int) -> float:
    """Blocking probability of an M/G/c/c loss system (the Erlang-B recursion)."""
    b = 1.0
    for k in range(1, servers + 1):
        b = offered_load * b / (k + offered_load * b)
    return b


@pytest.mark.parametrize("rate, servers", [(4.0, 5), (8.0, 10)])
def test_throttle_probability_matches_erlang_b(rate, servers):
    """With reserved concurrency c, no scaling-rate limit and no Init, a Poisson load of
    A = lambda*S erlangs is throttled with the Erlang-B probability B(A, c) (insensitive to the
    service-time distribution). Reserved concurrency as a cap:
    https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html"""
    fn = FunctionConfig(name="fn", duration=Exponential(1.0), init=InitModel(fixed_s=0.0),
                        reserved_concurrency=servers, timeout_s=900.0)
    account = AccountConfig(scaling_limit=False)
    result = Simulation(account=account, functions=[fn], sources=[Poisson(rate, function="fn")],
                        seed=7, horizon=15_000).run()
    m = result.metrics["fn"]
    assert m.throttle_ratio == pytest.approx(erlang_b(rate * 1.0, servers), abs=0.012)


def test_cold_start_probability_at_low_rate_is_exp_minus_lambda_t_plus_s():
    """At a low Poisson rate one environment serves everything; a request is cold when the gap
    since the previous one exceeds S + T (service plus idle expiry): P = exp(-lambda (T + S))."""
    rate, expiry, service = 0.01, 60.0, 1.0
    fn = FunctionConfig(name="fn", duration=Fixed(service), init=InitModel(fixed_s=0.0),
                        idle_expiry_s=expiry)
    result = Simulation(functions=[fn], sources=[Poisson(rate, function="fn")], seed=11,
                        horizon=600_000).run()
    m = result.metrics["fn"]
    assert m.invocations > 5000
    assert m.cold_start_ratio == pytest.approx(math.exp(-rate * (expiry + service)), abs=0.025)


def test_littles_law_average_concurrency_is_rate_times_latency():
    """L = lambda W: the time-average concurrency equals the arrival rate times the mean latency
    (Init included), both exactly over the run and against the nominal rate."""
    rate, service, init = 20.0, 0.25, 0.8
    fn = FunctionConfig(name="fn", duration=Exponential(service), init=InitModel(fixed_s=init),
                        idle_expiry_s=30.0)
    horizon = 3000.0
    result = Simulation(functions=[fn], sources=[Poisson(rate, function="fn")], seed=5,
                        horizon=horizon).run()
    m = result.metrics["fn"]
    average_concurrency = m.concurrency_seconds / horizon
    # exact bookkeeping identity: the area under concurrency is the sum of the latencies
    assert average_concurrency == pytest.approx(m.invocations / horizon * m.latency.mean,
                                                rel=1e-9)
    expected_w = service + m.cold_start_ratio * init
    assert average_concurrency == pytest.approx(rate * expected_w, rel=0.04)
