"""The SimFaaS-compatible mode against a tiny, obviously correct reference of the same rules.

``simulate_simfaas`` is written for speed (lazy expiries, per-spell integrals, a sorted idle
list). The reference below restates SimFaaS's rules (see the module docstring) one arrival at a
time over a plain list of instances, and integrates the time averages per request and per
instance instead of per idle spell. Both consume the random stream in the same order (the gap
to the next arrival, then the service time), so every count must agree exactly and every time
average up to rounding.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import pytest
from hypothesis import given, settings, strategies as st

from sandbox import Exponential, Fixed, Uniform
from sandbox.durations import DurationModel
from sandbox.simfaas_mode import simulate_simfaas


@dataclass
class _Instance:
    created: float
    free_at: float   # departure of its last request (its creation while the first one runs)


def _draw(model, rng: random.Random, inline: bool) -> float:
    """One service time, computed as the module does (inline -mean * log(1 - U) for warm
    means, ``expovariate`` for cold means), so that both see the very same floats."""
    if isinstance(model, DurationModel):
        return model.sample(rng, 1.0)
    if inline:
        return -model * math.log(1.0 - rng.random())
    return rng.expovariate(1.0 / model)


def reference(arrival_rate, warm_service, cold_service, expiration_threshold, horizon,
              maximum_concurrency, seed) -> dict:
    """SimFaaS's rules, one arrival at a time over every instance."""
    rng = random.Random(seed)
    T = expiration_threshold
    instances: list[_Instance] = []   # alive ones, in creation order
    requests: list[tuple[float, float]] = []   # (start, end) of every served request
    lifespans: list[float] = []
    cold = warm = rejected = 0
    t = rng.expovariate(arrival_rate)
    while t < horizon:
        # Instances idle since free_at die at free_at + T unless an arrival came before.
        for inst in [i for i in instances if i.free_at <= t and i.free_at + T <= t]:
            lifespans.append(inst.free_at + T - inst.created)
            instances.remove(inst)
        t_next = t - (1.0 / arrival_rate) * math.log(1.0 - rng.random())
        running = sum(1 for i in instances if i.free_at > t)
        idle = [i for i in instances if i.free_at <= t]
        if running >= maximum_concurrency:
            rejected += 1
        elif idle:
            warm += 1
            inst = idle[-1]   # the newest
            service = _draw(warm_service, rng, inline=True)
            inst.free_at = t + service
            requests.append((t, inst.free_at))
        else:
            cold += 1
            service = _draw(cold_service, rng, inline=False)
            instances.append(_Instance(created=t, free_at=t + service))
            requests.append((t, t + service))
        t = t_next
    for inst in instances:
        if inst.free_at + T < horizon:
            lifespans.append(inst.free_at + T - inst.created)
    area_running = math.fsum(min(end, horizon) - start for start, end in requests)
    # Every instance counts from its creation to its death, or to the horizon if still alive.
    area_servers = math.fsum(lifespans) + math.fsum(
        horizon - i.created for i in instances if not i.free_at + T < horizon)
    total = cold + warm + rejected
    return dict(total_requests=total, cold_starts=cold, warm_starts=warm, rejections=rejected,
                instances_created=cold,
                avg_running_count=area_running / horizon,
                avg_server_count=area_servers / horizon,
                avg_idle_count=(area_servers - area_running) / horizon,
                avg_lifespan=math.fsum(lifespans) / len(lifespans) if lifespans else math.nan)


def _assert_same(ours, ref: dict) -> None:
    for key in ("total_requests", "cold_starts", "warm_starts", "rejections",
                "instances_created"):
        assert getattr(ours, key) == ref[key], key
    for key in ("avg_running_count", "avg_server_count", "avg_idle_count"):
        assert getattr(ours, key) == pytest.approx(ref[key], rel=1e-9, abs=1e-9), key
    if math.isnan(ref["avg_lifespan"]):
        assert math.isnan(ours.avg_lifespan)
    else:
        assert ours.avg_lifespan == pytest.approx(ref["avg_lifespan"], rel=1e-9)


_services = st.one_of(
    st.floats(0.05, 5.0),
    st.builds(Exponential, st.floats(0.05, 5.0)),
    st.builds(Fixed, st.floats(0.05, 5.0)),
    st.builds(lambda lo, w: Uniform(lo, lo + w), st.floats(0.0, 2.0), st.floats(0.0, 3.0)))


@settings(max_examples=200, deadline=None)
@given(rate=st.floats(0.02, 20.0), warm=_services, cold=_services,
       expiry=st.floats(0.5, 60.0), cap=st.integers(1, 12), seed=st.integers(0, 2**32 - 1),
       arrivals=st.integers(1, 600))
def test_matches_the_reference_on_random_workloads(rate, warm, cold, expiry, cap, seed,
                                                  arrivals):
    """Any rate, service models (means or duration models), expiry and concurrency cap: counts
    (incl. rejections) equal the reference's exactly, time averages and the mean lifespan up
    to rounding."""
    horizon = arrivals / rate
    args = (rate, warm, cold, expiry, horizon, cap, seed)
    _assert_same(simulate_simfaas(*args[:4], horizon=horizon, maximum_concurrency=cap,
                                  seed=seed), reference(*args))


@pytest.mark.parametrize("workload", [
    dict(arrival_rate=0.9, warm_service=1.991, cold_service=2.244, expiration_threshold=600.0,
         horizon=20_000.0, maximum_concurrency=1000),   # SimFaaS's README workload
    dict(arrival_rate=2.0, warm_service=1.0, cold_service=1.5, expiration_threshold=5.0,
         horizon=5_000.0, maximum_concurrency=3),       # many rejections
    dict(arrival_rate=0.05, warm_service=1.0, cold_service=2.0, expiration_threshold=30.0,
         horizon=40_000.0, maximum_concurrency=1000),   # most instances expire
    dict(arrival_rate=30.0, warm_service=Exponential(2.0), cold_service=Fixed(3.0),
         expiration_threshold=4.0, horizon=300.0, maximum_concurrency=50),  # saturated
])
@pytest.mark.parametrize("seed", [0, 1, 7])
def test_matches_the_reference_on_the_tested_workloads(workload, seed):
    """The workloads the SimFaaS comparison and the benchmark use, at shorter horizons."""
    w = dict(workload)
    ref = reference(w["arrival_rate"], w["warm_service"], w["cold_service"],
                    w["expiration_threshold"], w["horizon"], w["maximum_concurrency"], seed)
    _assert_same(simulate_simfaas(seed=seed, **w), ref)
