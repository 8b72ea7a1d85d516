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
from collections import deque
from dataclasses import asdict, dataclass

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
    # arrival gap and the warm service time are drawn once per request.
    random_, log = rng.random, math.log
    arrival_mean = 1.0 / arrival_rate
    warm_mean = warm_service if _is_mean(warm_service) else None
    T = float(expiration_threshold)
    horizon = float(horizon)

    # Instances are plain ids into parallel lists: no per-instance objects keeps the loop fast.
    created: list[float] = []   # creation time by instance id (ids grow with creation time)
    version: list[int] = []     # bumped when an instance leaves IDLE; stale queue entries skip
    departures: list[tuple[float, int]] = []  # heap of (time, instance id)
    idle_heap: list[int] = []   # max-heap of idle instance ids (stored negated): newest first
    expiry_q: deque[tuple[float, int, int]] = deque()  # (expiry time, id, version) in time order
    alive_idle: list[bool] = []  # True while the instance is idle and alive
    push, pop = heapq.heappush, heapq.heappop

    total = cold = warm = rejected = 0
    running = idle = 0
    area_servers = area_running = 0.0
    last_t = 0.0
    lifespans_sum = 0.0
    lifespans_n = 0
    inf = math.inf

    t_arrival = 0.0 + expovariate(arrival_rate)
    # Three event streams, merged by time: expiries (a FIFO, because departures happen in time
    # order and every expiry is departure + T), departures (a heap) and the next arrival.
    while True:
        t_dep = departures[0][0] if departures else inf
        # Expiries of instances that served another request since are stale (that departure
        # queued a new one): drop them here, in a tight loop, rather than one event at a time.
        while expiry_q:
            _, iid, ver = expiry_q[0]
            if version[iid] == ver and alive_idle[iid]:
                break
            expiry_q.popleft()
        t_exp = expiry_q[0][0] if expiry_q else inf
        if t_exp <= t_dep and t_exp <= t_arrival:
            t = t_exp
            if t >= horizon:
                break
            _, iid, ver = expiry_q.popleft()
            # Time averages integrate the counts over each interval between events.
            dt = t - last_t
            area_servers += (running + idle) * dt
            area_running += running * dt
            last_t = t
            alive_idle[iid] = False
            version[iid] += 1
            idle -= 1
            lifespans_sum += t - created[iid]
            lifespans_n += 1
        elif t_dep <= t_arrival:
            t = t_dep
            if t >= horizon:
                break
            _, iid = pop(departures)
            dt = t - last_t
            area_servers += (running + idle) * dt
            area_running += running * dt
            last_t = t
            running -= 1
            idle += 1
            alive_idle[iid] = True
            push(idle_heap, -iid)
            expiry_q.append((t + T, iid, version[iid]))
        else:
            t = t_arrival
            if t >= horizon:
                break
            t_arrival = t - arrival_mean * log(1.0 - random_())
            total += 1
            if running >= maximum_concurrency:
                # SimFaaS rejects on running instances only: idle ones do not count.
                rejected += 1
                continue
            dt = t - last_t
            area_servers += (running + idle) * dt
            area_running += running * dt
            last_t = t
            iid = -1
            # Expired instances stay in the heap until they surface here (lazy deletion).
            while idle_heap:
                cand = -pop(idle_heap)
                if alive_idle[cand]:
                    iid = cand
                    break
            if iid >= 0:
                warm += 1
                alive_idle[iid] = False
                version[iid] += 1
                idle -= 1
                running += 1
                if warm_mean is not None:
                    push(departures, (t - warm_mean * log(1.0 - random_()), iid))
                else:
                    push(departures, (t + warm_draw(), iid))
            else:
                cold += 1
                iid = len(created)
                created.append(t)
                version.append(0)
                alive_idle.append(False)
                running += 1
                push(departures, (t + cold_draw(), iid))

    dt = horizon - last_t
    area_servers += (running + idle) * dt
    area_running += running * dt
    return SimFaaSResult(
        total_requests=total, cold_starts=cold, warm_starts=warm, rejections=rejected,
        cold_start_prob=cold / total if total else 0.0,
        rejection_prob=rejected / total if total else 0.0,
        avg_server_count=area_servers / horizon,
        avg_running_count=area_running / horizon,
        avg_idle_count=(area_servers - area_running) / horizon,
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

