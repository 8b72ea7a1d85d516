"""A SimFaaS-compatible model: the same assumptions as the SimFaaS simulator, much faster.

SimFaaS (Mahmoudi and Khazaei, "SimFaaS: A Performance Simulator for Serverless Computing
Platforms", 2021) models a serverless platform with:

* Poisson arrivals at rate ``arrival_rate``;
* a request that finds no idle instance starts a new one, and its whole response time is one
  *cold service time* sample (no separate Init phase);
* a request that finds idle instances goes to the one created most recently (newest first) and
  takes one *warm service time* sample;
* an instance expires ``expiration_threshold`` seconds after its last departure if no request
  arrived meanwhile;
* a request that arrives while ``maximum_concurrency`` instances are running is rejected.

:func:`simulate_simfaas` reproduces those rules in one tight loop (no per-request objects),
and reports the statistics SimFaaS reports. Service times are exponential with the given means
(SimFaaS's ``*_service_rate`` arguments are 1/mean) unless duration models are given.

Like SimFaaS, the Poisson process runs unbroken from t = 0 (the first arrival comes after one
exponential gap), and time averages are taken over the run. The one difference: SimFaaS
processes the first event past ``max_time`` and averages up to it; this loop stops at the
horizon exactly, which changes nothing measurable on runs of realistic length.
"""

from __future__ import annotations

import heapq
import math
import random
from bisect import insort
from dataclasses import asdict, dataclass
from itertools import count

from .durations import DurationModel


@dataclass
class SimFaaSResult:
    """The statistics SimFaaS prints, under the same names."""

    total_requests: int
    cold_starts: int
    warm_starts: int
    rejections: int
    cold_start_prob: float
    rejection_prob: float
    avg_server_count: float
    avg_running_count: float
    avg_idle_count: float
    avg_lifespan: float
    instances_created: int
    horizon: float

    def to_dict(self) -> dict:
        """JSON-ready statistics."""
        return asdict(self)


def simulate_simfaas(arrival_rate: float, warm_service: float | DurationModel,
                     cold_service: float | DurationModel, expiration_threshold: float = 600.0,
                     horizon: float = 86_400.0, maximum_concurrency: int = 1000,
                     seed: int | None = 0) -> SimFaaSResult:
    """Run the SimFaaS model to ``horizon`` seconds and return its statistics.

    ``warm_service`` / ``cold_service``: a mean in seconds (exponential, as in SimFaaS's
    README) or any :class:`~sandbox.durations.DurationModel`.
    """
    if not (isinstance(arrival_rate, (int, float)) and arrival_rate > 0):
        raise ValueError(f"simulate_simfaas arrival_rate: expected a rate > 0, got {arrival_rate!r}")
    if not (isinstance(expiration_threshold, (int, float)) and expiration_threshold > 0):
        raise ValueError("simulate_simfaas expiration_threshold: expected seconds > 0, "
                         f"got {expiration_threshold!r}")
    if not (isinstance(horizon, (int, float)) and 0 < horizon < math.inf):
        raise ValueError(f"simulate_simfaas horizon: expected seconds > 0, got {horizon!r}")
    if not (isinstance(maximum_concurrency, int) and maximum_concurrency >= 1):
        raise ValueError("simulate_simfaas maximum_concurrency: expected an integer >= 1, "
                         f"got {maximum_concurrency!r}")
    rng = random.Random(seed)
    warm_draw = _sampler(warm_service, rng, "warm_service")
    cold_draw = _sampler(cold_service, rng, "cold_service")
    expovariate = rng.expovariate
    # Exponential draws inline (-mean * log(1 - U), what random.expovariate computes): the
    # arrival gap and the warm service time are drawn once per request. ``neg_warm_mean`` is
    # 0.0 (false) when the warm service is a duration model, which is then called instead.
    random_, log = rng.random, math.log
    arrival_mean = 1.0 / arrival_rate
    neg_warm_mean = -float(warm_service) if _is_mean(warm_service) else 0.0
    T = float(expiration_threshold)
    horizon = float(horizon)

    # Instances are plain ids into parallel lists: no per-instance objects keeps the loop fast.
    created: list[float] = []   # creation time by instance id (ids grow with creation time)
    idle_from: list[float] = []  # when the instance's last request departed
    # Heap of (time, instance id) of the running requests, with a sentinel that never leaves,
    # so the loop needs no emptiness test and ``len(departures) - 1`` is the running count.
    departures: list[tuple[float, int]] = [(math.inf, -1)]
    # Idle instance ids, sorted: the last is the newest (one C call to insert, one to take the
    # newest; faster than a heap of negated ids). Not a plain stack: instances go idle in
    # departure order, which is not their creation order.
    idle: list[int] = []
    push, pop = heapq.heappush, heapq.heappop
    limit = maximum_concurrency + 1  # the sentinel counts as one

    cold = rejected = 0
    # Time averages as integrals: each request adds its service time to the running area,
    # each idle spell (departure to reuse, expiry or horizon) its length to the idle area.
    # That is the step-function integral SimFaaS takes, summed per spell instead of per event.
    area_running = area_idle = 0.0
    lifespans_sum = 0.0
    lifespans_n = 0

    # Arrivals drive the loop: departures up to an arrival free their instances first (a
    # departure at the arrival's instant too), and an idle instance whose expiry ``departed +
    # T`` is not after the arrival is found dead when the arrival looks for one (expiries need
    # no events: nothing else depends on when they happen). Each arrival draws the gap to the
    # next one, then its service time. ``total`` counts the arrivals. The loop is a ``for``
    # because CPython 3.11 specializes a function's bytecode after 8 calls or unconditional
    # backward jumps, and a ``while t < horizon`` loop ends in a conditional one: called once,
    # it ran unspecialized to the end, ~30 % slower.
    t = expovariate(arrival_rate)
    for total in count():
        if t >= horizon:
            break
        while departures[0][0] <= t:
            d, iid = pop(departures)
            idle_from[iid] = d
            insort(idle, iid)
        t_next = t - arrival_mean * log(1.0 - random_())
        while idle:
            iid = idle.pop()
            d = idle_from[iid]
            if d + T > t:
                area_idle += t - d
                service = neg_warm_mean * log(1.0 - random_()) if neg_warm_mean else warm_draw()
                break
            area_idle += T   # expired at d + T, before this arrival
            lifespans_sum += d + T - created[iid]
            lifespans_n += 1
        else:
            # SimFaaS rejects when ``maximum_concurrency`` instances are running, idle ones
            # not counted. Checked only here, with no idle instance left: instances are created
            # only when none is idle and fewer than the maximum run, so running + idle (expired
            # ones not yet found included) never exceeds it, and at the maximum none is idle.
            if len(departures) >= limit:
                rejected += 1
                t = t_next
                continue
            cold += 1
            iid = len(created)
            created.append(t)
            idle_from.append(t)
            service = cold_draw()
        push(departures, (t + service, iid))
        area_running += service
        t = t_next

    # The horizon: requests still running stop counting there; departures before it start
    # idle spells, which end at their expiry or at the horizon.
    for d, iid in departures:
        if d >= horizon:
            if iid >= 0:
                area_running -= d - horizon
        else:
            idle_from[iid] = d
            idle.append(iid)
    for iid in idle:
        d = idle_from[iid]
        if d + T < horizon:
            area_idle += T
            lifespans_sum += d + T - created[iid]
            lifespans_n += 1
        else:
            area_idle += horizon - d
    warm = total - cold - rejected
    area_servers = area_running + area_idle
    return SimFaaSResult(
        total_requests=total, cold_starts=cold, warm_starts=warm, rejections=rejected,
        cold_start_prob=cold / total if total else 0.0,
        rejection_prob=rejected / total if total else 0.0,
        avg_server_count=area_servers / horizon,
        avg_running_count=area_running / horizon,
        avg_idle_count=area_idle / horizon,
        avg_lifespan=lifespans_sum / lifespans_n if lifespans_n else math.nan,
        instances_created=len(created), horizon=horizon)


def _is_mean(model: float | DurationModel) -> bool:
    """True when ``model`` is a plain mean (exponential service, as in SimFaaS)."""
    return isinstance(model, (int, float)) and not isinstance(model, bool) and model > 0


def _sampler(model: float | DurationModel, rng: random.Random, name: str):
    """A zero-argument function drawing one service time."""
    if isinstance(model, DurationModel):
        return lambda: model.sample(rng, 1.0)
    if isinstance(model, (int, float)) and not isinstance(model, bool) and model > 0:
        rate = 1.0 / model
        expovariate = rng.expovariate
        return lambda: expovariate(rate)
    raise ValueError(f"simulate_simfaas {name}: expected a mean in seconds > 0 or a duration "
                     f"model, got {model!r}")

