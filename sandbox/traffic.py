"""Traffic sources: when requests arrive.

Each source is an arrival process scheduled lazily on the engine: when one arrival fires, the
source hands an :class:`~sandbox.invocation.Invocation` to its target and schedules only the
next arrival. Memory stays constant however long the run.

A source names its target function (``function="api"``); the simulation resolves the name to
anything with ``invoke(invocation, on_done)`` — a function, an alias, an API Gateway stage...
Arrivals stop at ``end`` (default: the simulation horizon).
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from typing import Any, Callable, Sequence

from .engine import PRIORITY_ARRIVAL, Engine
from .invocation import Invocation, OnDone


class TrafficSource:
    """Base class: subclasses implement ``next_arrival(now, rng)``.

    ``work`` fixes every request's handler duration (``None``: the function's duration model);
    ``source`` labels the invocations (``"sync"`` by default).
    """

    def __init__(self, function: str = "fn", start: float = 0.0, end: float = math.inf,
                 work: float | None = None, source: str = "sync") -> None:
        if not isinstance(start, (int, float)) or start < 0:
            raise ValueError(f"{type(self).__name__}.start: expected a time >= 0, got {start!r}")
        if not end > start:
            raise ValueError(f"{type(self).__name__}.end: expected a time > start ({start}), "
                             f"got {end!r}")
        self.function = function
        self.start = float(start)
        self.end = float(end)
        self.work = work
        self.source = source
        self.sent = 0

    def next_arrival(self, now: float, rng: random.Random) -> float:
        """Time of the arrival after ``now`` (``inf`` when there is none)."""
        raise NotImplementedError

    def first_arrival(self, rng: random.Random) -> float:
        """Time of the first arrival (by default the first one after ``start``)."""
        return self.next_arrival(self.start, rng)

    def expected_requests(self, until: float) -> float:
        """About how many requests arrive before ``until`` (an upper estimate; 0 if unknown).

        :mod:`sandbox.limits` uses it to refuse a run that would take unbounded time.
        """
        return 0.0

    def _span(self, until: float) -> float:
        """Seconds during which the source sends before ``until``."""
        return max(0.0, min(self.end, until) - self.start)

    def attach(self, engine: Engine, invoke: Callable[[Invocation, OnDone], None],
               on_done: OnDone, new_id: Callable[[], int], end: float = math.inf) -> None:
        """Start sending requests to ``invoke`` on ``engine`` until ``min(self.end, end)``."""
        stop = min(self.end, end)
        rng = engine.rng
        schedule = engine.schedule
        runs_next = engine.runs_next
        next_arrival = self.next_arrival
        work = self.work
        label = self.source

        def fire(t: float) -> None:
            """Send the request arriving at ``t`` and the next ones, as long as each is the
            engine's very next event; then schedule the next arrival."""
            while True:
                self.sent += 1
                invoke(Invocation(new_id(), t, work, False, None, label), on_done)
                t = next_arrival(t, rng)
                if not t < stop:
                    return
                if not runs_next(t):
                    schedule(t, fire, t, PRIORITY_ARRIVAL)
                    return
                # Nothing can happen in between: skip the heap (same order, same count).
                engine.now = t
                engine.events_processed += 1

        t0 = self.first_arrival(rng)
        if t0 < stop:
            schedule(t0, fire, t0, PRIORITY_ARRIVAL)


class Constant(TrafficSource):
    """Evenly spaced arrivals at ``rate`` per second (the first one at ``start``)."""

    def __init__(self, rate: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        _check_rate(type(self).__name__ + ".rate", rate)
        self.rate = float(rate)

    def first_arrival(self, rng: random.Random) -> float:
        """The first arrival is at ``start``."""
        return self.start if self.rate > 0 else math.inf

    def expected_requests(self, until: float) -> float:
        """``rate`` times the sending time, plus the first request at ``start``."""
        return self.rate * self._span(until) + 1

    def next_arrival(self, now: float, rng: random.Random) -> float:
        """The next point of the grid ``start + k/rate`` after ``now``.

        Computed from the index ``k`` rather than by adding ``1/rate`` each time: repeated
        addition drifts, and 20/s over 120 s would then send 2,401 requests instead of 2,400.
        """
        if self.rate <= 0:
            return math.inf
        k = math.floor((now - self.start) * self.rate + 1e-9) + 1
        return self.start + k / self.rate


class Poisson(TrafficSource):
    """A Poisson process: exponential gaps with mean ``1/rate``."""

    def __init__(self, rate: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        _check_rate(type(self).__name__ + ".rate", rate)
        self.rate = float(rate)

    def next_arrival(self, now: float, rng: random.Random) -> float:
        """``now`` plus an exponential gap."""
        return now + rng.expovariate(self.rate) if self.rate > 0 else math.inf

    def expected_requests(self, until: float) -> float:
        """``rate`` times the sending time."""
        return self.rate * self._span(until)


class Step(TrafficSource):
    """Piecewise-constant Poisson rate: ``steps`` is a list of ``(from_time, rate)``.

    ``Step([(0, 10), (300, 500)])`` sends 10/s, then 500/s from t = 300 s. With
    ``poisson=False`` arrivals are evenly spaced within each step.
    """

    def __init__(self, steps: Sequence[tuple[float, float]], poisson: bool = True,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not steps:
            raise ValueError("Step.steps: expected at least one (time, rate) pair, got none")
        clean = []
        for i, pair in enumerate(steps):
            if len(pair) != 2:
                raise ValueError(f"Step.steps[{i}]: expected a (time, rate) pair, got {pair!r}")
            t, r = pair
            _check_rate(f"Step.steps[{i}].rate", r)
            if clean and t <= clean[-1][0]:
                raise ValueError(f"Step.steps[{i}]: expected times in increasing order, got {t}")
            clean.append((float(t), float(r)))
        self.steps = clean
        self.poisson = poisson
        # Step starts and rates for a binary search (next_arrival runs once per request).
        self._starts = [t for t, _ in clean]
        self._rates = [r for _, r in clean]

    def rate_at(self, t: float) -> float:
        """The rate in force at time ``t``."""
        i = bisect_right(self._starts, t) - 1
        return self._rates[i] if i >= 0 else 0.0

    def expected_requests(self, until: float) -> float:
        """Each step's rate times its share of the sending time."""
        stop = min(self.end, until)
        total = 0.0
        bounds = [t for t, _ in self.steps[1:]] + [math.inf]
        for (t0, rate), t1 in zip(self.steps, bounds):
            lo, hi = max(t0, self.start), min(t1, stop)
            if hi > lo:
                total += rate * (hi - lo) + (0 if self.poisson else 1)
        return total

    def first_arrival(self, rng: random.Random) -> float:
        """Starts at the later of ``start`` and the first step."""
        t = max(self.start, self.steps[0][0])
        if not self.poisson and self.rate_at(t) > 0:
            return t
        return self.next_arrival(t, rng)

    def next_arrival(self, now: float, rng: random.Random) -> float:
        """Next arrival; a gap that crosses a step boundary restarts at the boundary."""
        starts, rates, poisson = self._starts, self._rates, self.poisson
        n = len(starts)
        t = now
        while True:
            # One search gives both the step in force (i - 1) and the next change (i).
            i = bisect_right(starts, t)
            rate = rates[i - 1] if i else 0.0
            change = starts[i] if i < n else math.inf
            if rate > 0:
                gap = rng.expovariate(rate) if poisson else 1.0 / rate
                if t + gap < change:
                    return t + gap
            if change == math.inf:
                return math.inf
            # Memorylessness makes restarting at the boundary exact for Poisson arrivals.
            t = change
            if not poisson and self.rate_at(t) > 0:
                return t


class Burst(TrafficSource):
    """``count`` requests all arriving at the same instant ``at`` (e.g. a flash sale)."""

    def __init__(self, count: int, at: float = 0.0, **kwargs: Any) -> None:
        kwargs.setdefault("start", at)
        super().__init__(**kwargs)
        if not isinstance(count, int) or count < 0:
            raise ValueError(f"Burst.count: expected an integer >= 0, got {count!r}")
        self.count = count
        self.at = float(at)
        self._left = count

    def first_arrival(self, rng: random.Random) -> float:
        """All arrivals are at ``at``."""
        self._left = self.count
        return self.at if self.count else math.inf

    def expected_requests(self, until: float) -> float:
        """``count`` if the burst comes before ``until``."""
        return float(self.count) if self.at < min(self.end, until) else 0.0

    def next_arrival(self, now: float, rng: random.Random) -> float:
        """The same instant until ``count`` requests were sent."""
        self._left -= 1
        return self.at if self._left > 0 else math.inf


class Diurnal(TrafficSource):
    """A Poisson process whose rate follows a day: ``mean_rate * (1 + amplitude*sin(...))``.

    The rate peaks at ``peak_at`` seconds into each ``period_s`` (default one day). Arrivals
    are drawn by thinning a Poisson process at the peak rate (Lewis and Shedler).
    """

    def __init__(self, mean_rate: float, amplitude: float = 0.8, period_s: float = 86_400.0,
                 peak_at: float = 14 * 3600.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        _check_rate("Diurnal.mean_rate", mean_rate)
        if not 0 <= amplitude <= 1:
            raise ValueError(f"Diurnal.amplitude: expected a number from 0 to 1, got {amplitude!r}")
        if not period_s > 0:
            raise ValueError(f"Diurnal.period_s: expected a number > 0, got {period_s!r}")
        self.mean_rate = float(mean_rate)
        self.amplitude = float(amplitude)
        self.period_s = float(period_s)
        self.peak_at = float(peak_at)

    def rate_at(self, t: float) -> float:
        """The instantaneous rate at ``t``."""
        phase = 2 * math.pi * ((t - self.peak_at) / self.period_s + 0.25)
        return self.mean_rate * (1 + self.amplitude * math.sin(phase))

    def expected_requests(self, until: float) -> float:
        """At most the peak rate times the sending time."""
        return self.mean_rate * (1 + self.amplitude) * self._span(until)

    def next_arrival(self, now: float, rng: random.Random) -> float:
        """Next arrival by thinning."""
        peak = self.mean_rate * (1 + self.amplitude)
        if peak <= 0:
            return math.inf
        t = now
        # Thinning: candidates at the peak rate, each kept with probability rate(t) / peak.
        while True:
            t += rng.expovariate(peak)
            if t >= self.end:
                return math.inf
            if rng.random() * peak <= self.rate_at(t):
                return t


class Replay(TrafficSource):
    """Replays a trace of request counts per interval (default per minute).

    Within each interval the ``counts[i]`` arrivals are spread uniformly at random (``jitter=
    True``) or evenly. ``Replay([120, 90, 3000])`` sends 120 requests in the first minute,
    90 in the second and 3,000 in the third.
    """

    def __init__(self, counts: Sequence[int], interval_s: float = 60.0, jitter: bool = True,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        for i, c in enumerate(counts):
            if not isinstance(c, int) or isinstance(c, bool) or c < 0:
                raise ValueError(f"Replay.counts[{i}]: expected an integer >= 0, got {c!r}")
        if not interval_s > 0:
            raise ValueError(f"Replay.interval_s: expected a number > 0, got {interval_s!r}")
        self.counts = list(counts)
        self.interval_s = float(interval_s)
        self.jitter = jitter
        self._pending: list[float] = []
        self._interval = -1

    def _fill(self, rng: random.Random) -> None:
        # Draw one interval's arrival times at a time: memory O(largest count), not O(trace).
        while not self._pending and self._interval + 1 < len(self.counts):
            self._interval += 1
            n = self.counts[self._interval]
            t0 = self.start + self._interval * self.interval_s
            if self.jitter:
                times = sorted(t0 + rng.random() * self.interval_s for _ in range(n))
            else:
                times = [t0 + (k + 0.5) * self.interval_s / n for k in range(n)]
            times.reverse()
            self._pending = times

    def expected_requests(self, until: float) -> float:
        """The trace's total count."""
        return float(sum(self.counts))

    def first_arrival(self, rng: random.Random) -> float:
        """The first arrival of the trace."""
        self._pending = []
        self._interval = -1
        return self.next_arrival(self.start, rng)

    def next_arrival(self, now: float, rng: random.Random) -> float:
        """The next replayed arrival."""
        self._fill(rng)
        return self._pending.pop() if self._pending else math.inf


class Arrivals(TrafficSource):
    """Requests at exactly the given times; ``works`` optionally fixes each one's duration.

    ``Arrivals([0, 0, 0.5], works=[1.0, 1.0, 0.2])``: two requests at t = 0 that run 1 s each
    and one at t = 0.5 s that runs 0.2 s. Handy for labs and tests that need a precise script.
    """

    def __init__(self, times: Sequence[float], works: Sequence[float] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        previous = -math.inf
        for i, t in enumerate(times):
            if not isinstance(t, (int, float)) or isinstance(t, bool) or t < 0 or t < previous:
                raise ValueError(f"Arrivals.times[{i}]: expected times >= 0 in increasing "
                                 f"order, got {t!r}")
            previous = t
        if works is not None:
            if len(works) != len(times):
                raise ValueError(f"Arrivals.works: expected {len(times)} durations (one per "
                                 f"time), got {len(works)}")
            for i, w in enumerate(works):
                if not isinstance(w, (int, float)) or isinstance(w, bool) or w < 0:
                    raise ValueError(f"Arrivals.works[{i}]: expected a duration >= 0, got {w!r}")
        self.times = [float(t) for t in times]
        self.works = None if works is None else [float(w) for w in works]

    def attach(self, engine: Engine, invoke: Callable[[Invocation, OnDone], None],
               on_done: OnDone, new_id: Callable[[], int], end: float = math.inf) -> None:
        """Schedule every arrival before ``min(self.end, end)`` (one event each, lazily)."""
        stop = min(self.end, end)
        times, works = self.times, self.works
        label = self.source
        state = {"i": 0}

        def fire(t: float) -> None:
            """Send the ``i``-th scripted request and schedule the next one."""
            i = state["i"]
            state["i"] = i + 1
            self.sent += 1
            work = works[i] if works is not None else self.work
            invoke(Invocation(new_id(), t, work, False, None, label), on_done)
            if i + 1 < len(times) and times[i + 1] < stop:
                engine.schedule(times[i + 1], fire, times[i + 1], PRIORITY_ARRIVAL)

        if times and times[0] < stop:
            engine.schedule(times[0], fire, times[0], PRIORITY_ARRIVAL)

    def expected_requests(self, until: float) -> float:
        """The number of scripted times."""
        return float(len(self.times))

    def next_arrival(self, now: float, rng: random.Random) -> float:
        """Not used: ``attach`` walks the list directly."""
        return math.inf


def _check_rate(field: str, rate: Any) -> None:
    if not isinstance(rate, (int, float)) or isinstance(rate, bool) or not rate >= 0 \
            or math.isinf(rate):
        raise ValueError(f"{field}: expected a finite number of requests per second >= 0, "
                         f"got {rate!r}")
