"""Streaming, CloudWatch-style metrics: memory grows with periods and environments, not requests.

Per function and per period (default 60 s, like CloudWatch's standard resolution) we keep
counters — ``Invocations``, ``Errors``, ``Throttles``, ``Timeouts``, ``ColdStarts``,
``ProvisionedConcurrencySpilloverInvocations`` — the ``Duration`` sum/min/max and
``ConcurrentExecutions``: CloudWatch's *Maximum* statistic, the highest number of invocations
running at any instant of the period, counting those carried in from earlier periods. An
invocation runs from the moment it is admitted (its Init included) until it ends, as a half-open
interval ``[admitted, end)``.

The observation window is ``[0, horizon]``: the series cover its periods (plus any later period
in which a request arrived, e.g. an async retry while the run drains), and
``average_concurrency`` integrates concurrency over the window only
(``window_concurrency_seconds / horizon``), so ``average_concurrency <= peak_concurrency``
always holds. ``concurrency_seconds`` is the whole run's integral, drain included: the sum of
every invocation's time holding concurrency (``end - admitted``, added as each one ends, in
the order they end), so ``concurrency_seconds / horizon`` is Little's ``lambda * W``. The
window's part is that sum taken when the run first reaches the horizon, plus
``horizon - admitted`` for each invocation still running then (in environment order).

Period ``i`` holds the instants ``t`` with ``int(t // period_s) == i`` (every series uses that
rule); :func:`period_start` gives its first instant exactly, so the hot paths can compare
times with a period's end instead of dividing.

Billed durations are summed in whole milliseconds (integers, so exactly) and divided once.

Percentiles come from :class:`LatencySketch`, a fixed-size log-bucket histogram (about 1 %
relative error). Extensions add their own series (IteratorAge,
AsyncEventAge, DeadLetterErrors...) through :meth:`FunctionMetrics.add`.

Per-environment timelines are kept only when asked for (``timelines=True``), because they grow
with the number of invocations.
"""

from __future__ import annotations

import functools
import math
from typing import Any

from . import limits

# Base-2 logarithms for the sketch's buckets: math.log2 takes one argument the quick way,
# math.log (optional base) costs about three times as much per call.
_log2 = math.log2
_floor = math.floor

#: Series recorded for every function, in the order ``to_dict`` lists them.
SERIES = ("Invocations", "Errors", "Timeouts", "Throttles", "ColdStarts",
          "ProvisionedConcurrencySpilloverInvocations", "ConcurrentExecutions",
          "DurationSum", "DurationMin", "DurationMax")


#: A backstop beyond the caps of :mod:`sandbox.limits`: the window holds at most
#: ``MAX_PERIODS`` periods, and a run that drains on for as long again means a time or duration
#: setting far beyond anything Lambda allows.
MAX_SERIES_PERIODS = 2 * limits.MAX_PERIODS


@functools.lru_cache(maxsize=256)
def period_start(i: int, period_s: float) -> float:
    """The first instant of period ``i``: the smallest ``t`` with ``int(t // period_s) >= i``.

    ``i * period_s`` itself, except where rounding puts it in the neighbouring period.
    """
    if i <= 0:
        return 0.0
    t = i * period_s
    while int(t // period_s) < i:
        t = math.nextafter(t, math.inf)
    while True:
        before = math.nextafter(t, -math.inf)
        if before <= 0 or int(before // period_s) < i:
            return t
        t = before


def _too_far(n: int, period_s: float) -> None:
    raise limits.RunTooLarge(
        "the run", f"went on to t = {n * period_s:.3g} s ({limits.amount(n)} metric periods; "
                   f"the maximum is {MAX_SERIES_PERIODS:,}): a time or duration setting is "
                   f"too large")


class LatencySketch:
    """A fixed-size histogram with logarithmic buckets for streaming percentiles.

    Values from ``min_value`` to ``max_value`` seconds land in buckets whose width grows by
    ``gamma`` each step, so any quantile is returned within ``(gamma - 1) / 2`` relative error.
    Smaller values share bucket 0, larger ones the last bucket. Exact count, sum, min and max
    are kept beside.
    """

    __slots__ = ("gamma", "min_value", "_log_gamma", "_log_min", "_scale", "_shift", "counts",
                 "count", "total",
                 "min", "max", "_nbins")

    def __init__(self, gamma: float = 1.02, min_value: float = 1e-4, max_value: float = 1e5):
        self.gamma = gamma
        self.min_value = min_value
        self._log_gamma = math.log2(gamma)
        self._log_min = math.log2(min_value)
        self._nbins = int(math.ceil((math.log2(max_value) - self._log_min) / self._log_gamma)) + 2
        # bucket = floor(log2(value) * _scale + _shift): one multiplication and one addition
        # for (log2(value) - _log_min) / _log_gamma + 1.
        self._scale = 1.0 / self._log_gamma
        self._shift = 1.0 - self._log_min * self._scale
        self.counts = [0] * self._nbins
        self.count = 0
        self.total = 0.0
        self.min = math.inf
        self.max = -math.inf

    def add(self, value: float) -> int:
        """Record one value (seconds); return the bucket it went to."""
        self.count += 1
        self.total += value
        if value < self.min:
            self.min = value
        if value > self.max:
            self.max = value
        i = self.bucket(value)
        self.counts[i] += 1
        return i

    def bucket(self, value: float) -> int:
        """The bucket ``value`` goes to."""
        if value <= self.min_value:
            return 0
        i = _floor(_log2(value) * self._scale + self._shift)
        return i if i < self._nbins else self._nbins - 1

    def add_to_bucket(self, value: float, bucket: int) -> None:
        """Record ``value`` whose bucket is already known (from an identical sketch's ``add``)."""
        self.count += 1
        self.total += value
        if value < self.min:
            self.min = value
        if value > self.max:
            self.max = value
        self.counts[bucket] += 1

    def merge(self, other: "LatencySketch") -> None:
        """Add every value recorded by ``other`` (same parameters)."""
        for i, c in enumerate(other.counts):
            self.counts[i] += c
        self.count += other.count
        self.total += other.total
        self.min = min(self.min, other.min)
        self.max = max(self.max, other.max)

    def quantile(self, q: float) -> float:
        """The value below which a fraction ``q`` (0-1) of the recorded values lie."""
        if self.count == 0:
            return math.nan
        if q <= 0:
            return self.min
        if q >= 1:
            return self.max
        # Walk the buckets to the one holding the rank; report its geometric midpoint, which
        # bounds the relative error by half a bucket.
        rank = q * (self.count - 1)
        seen = 0
        for i, c in enumerate(self.counts):
            seen += c
            if seen > rank:
                if i == 0:
                    return max(self.min, 0.0) if self.min < self.min_value else self.min_value
                low = 2.0 ** (self._log_min + (i - 1) * self._log_gamma)
                mid = low * (1 + self.gamma) / 2
                return min(max(mid, self.min), self.max)
        return self.max

    @property
    def mean(self) -> float:
        """Arithmetic mean of the recorded values."""
        return self.total / self.count if self.count else math.nan

    def summary(self) -> dict[str, float | int | None]:
        """Count, mean, min, max and the usual percentiles, JSON-ready (None when empty)."""
        if self.count == 0:
            return {"count": 0, "mean": None, "min": None, "max": None,
                    "p50": None, "p90": None, "p99": None}
        return {"count": self.count, "mean": self.mean, "min": self.min, "max": self.max,
                "p50": self.quantile(0.5), "p90": self.quantile(0.9),
                "p99": self.quantile(0.99)}


class FunctionMetrics:
    """Everything measured about one function during one run.

    Totals are plain attributes (``invocations``, ``errors``, ``timeouts``, ``throttles``,
    ``cold_starts``, ``spillover``, ``succeeded``, ``dropped``); ``series`` holds the
    per-period lists; ``duration`` (handler run time) and ``latency`` (arrival to outcome,
    including any Init) are :class:`LatencySketch` objects. Billing inputs for
    :mod:`sandbox.cost` are accumulated as the run goes.
    """

    def __init__(self, function: str, period_s: float = 60.0, timelines: bool = False) -> None:
        self.function = function
        self.period_s = float(period_s)
        self.series: dict[str, list[float]] = {name: [] for name in SERIES}
        self.custom: dict[str, dict[int, list[float]]] = {}
        self.custom_stat: dict[str, str] = {}
        self.invocations = 0
        self.succeeded = 0
        self.errors = 0
        self.timeouts = 0
        self.throttles = 0
        self.dropped = 0
        self.cold_starts = 0
        self.spillover = 0
        self.environments_created = 0
        self.environments_shut_down = 0
        self.peak_environments = 0
        self.peak_concurrency = 0
        #: Time integral of concurrency over the whole run, drain included (concurrency-seconds).
        self.concurrency_seconds = 0.0
        # The window's concurrency-seconds, once the run has reached its end (None: not yet).
        self._window_area: float | None = None
        #: End of the observation window (set with :meth:`set_window`).
        self.window_s = math.inf
        #: Admission times of the invocations running now, in environment order (the function
        #: sets it): the window's integral counts their part up to the window's end.
        self.inflight: Any = tuple
        self.duration = LatencySketch()
        self.latency = LatencySketch()
        self.init = LatencySketch()
        # Billing inputs: duration billed per invocation, rounded up to whole milliseconds.
        self.billed_ms_on_demand = 0
        self.billed_ms_provisioned = 0
        self.billed_init_s = 0.0
        self.timeline: list[tuple[int, str, float, float]] | None = [] if timelines else None
        self._horizon = 0.0
        # Direct references to the series lists (extended in place) for the hot path.
        self._period = self.period_s
        self._n = 0
        series = self.series
        self._c_inv = series["Invocations"]
        self._c_err = series["Errors"]
        self._c_timeout = series["Timeouts"]
        self._c_thr = series["Throttles"]
        self._c_cold = series["ColdStarts"]
        self._c_spill = series["ProvisionedConcurrencySpilloverInvocations"]
        self._c_conc = series["ConcurrentExecutions"]
        self._c_dsum = series["DurationSum"]
        self._c_dmin = series["DurationMin"]
        self._c_dmax = series["DurationMax"]
        # Concurrency is a step function: ``hold`` is told the level that ran since ``_conc_t``.
        self._conc_t = 0.0
        # ``_conc_t`` lies in period ``_hold_i``, which starts at ``_hold_lo``; a change before
        # ``_hold_end`` (that period's end, or the window's) can only raise that period.
        # ``_hold_end == _hold_lo`` means the period was entered at its very first instant:
        # the level it starts with is known only once time moves on.
        self._hold_i = 0
        self._hold_lo = 0.0
        self._hold_end = period_start(1, self._period)
        self._grow(1)

    @property
    def billed_s_on_demand(self) -> float:
        """On-demand billed duration, seconds (each invocation rounded up to 1 ms)."""
        return self.billed_ms_on_demand / 1000

    @property
    def billed_s_provisioned(self) -> float:
        """Billed duration on provisioned environments, seconds (rounded up to 1 ms each)."""
        return self.billed_ms_provisioned / 1000

    def set_window(self, horizon: float) -> None:
        """Observe the window ``[0, horizon]``: the series cover its periods from the start."""
        self.window_s = horizon
        self._index(max(0.0, horizon - 1e-9))
        if horizon < self._hold_end:
            self._hold_end = horizon

    # -- per-period series ----------------------------------------------------------------------

    def _index(self, t: float) -> int:
        i = int(t // self.period_s) if t > 0 else 0
        if i >= self._n:
            self._grow(i + 1)
        return i

    def _grow(self, n: int) -> None:
        """Extend every series to ``n`` periods (refused far past any window the caps allow)."""
        if n > MAX_SERIES_PERIODS:
            _too_far(n, self.period_s)
        grow = n - self._n
        for name, column in self.series.items():
            column.extend([math.inf if name == "DurationMin" else 0] * grow)
        self._n = n

    def record(self, arrival: float, start: float, end: float, outcome: str, cold: bool,
               init_duration: float, billed_ms: int, provisioned: bool,
               spillover: bool) -> None:
        """Record one finished invocation from its plain values (the hot path of every run).

        ``outcome`` is ``"success"``, ``"error"`` or ``"timeout"`` (an
        :class:`~sandbox.invocation.Outcome` member compares equal to its value);
        ``billed_ms`` the billed duration in whole milliseconds.
        """
        i = int(arrival // self._period) if arrival > 0 else 0
        if i >= self._n:
            self._index(arrival)
        self._c_inv[i] += 1
        self.invocations += 1
        run = end - start
        self._c_dsum[i] += run
        if run < self._c_dmin[i]:
            self._c_dmin[i] = run
        if run > self._c_dmax[i]:
            self._c_dmax[i] = run
        if outcome == "success":
            self.succeeded += 1
        else:
            self.errors += 1
            self._c_err[i] += 1
            if outcome == "timeout":
                self.timeouts += 1
                self._c_timeout[i] += 1
        if spillover:
            self.spillover += 1
            self._c_spill[i] += 1
        if provisioned:
            self.billed_ms_provisioned += billed_ms
        else:
            self.billed_ms_on_demand += billed_ms
        # The two sketches share one bucket computation when latency equals run time (warm).
        bucket = self.duration.add(run)
        if cold:
            self.cold_starts += 1
            self._c_cold[i] += 1
            self.init.add(init_duration)
            self.latency.add(end - arrival)
        elif start == arrival:
            self.latency.add_to_bucket(run, bucket)
        else:
            self.latency.add(end - arrival)

    def record_throttle(self, t: float) -> None:
        """Record one throttled request (HTTP 429) at time ``t``."""
        self.throttles += 1
        self._c_thr[self._index(t)] += 1

    def hold(self, t: float, level: int) -> None:
        """``level`` invocations ran from the previous ``hold`` (or 0) until ``t``.

        The function calls this just before its concurrency changes. Every period the interval
        touches keeps the highest level (intervals are open at ``t``: an invocation ending at
        a period's first instant is not counted in it).
        """
        if t <= self._conc_t:
            return
        self._conc_t = t
        if t < self._hold_end:
            c = self._c_conc
            if level > c[self._hold_i]:
                c[self._hold_i] = level
            return
        self._hold_i, self._hold_lo, self._hold_end = self.advance(
            t, level, self._hold_i, self._hold_lo, self._hold_end)

    def advance(self, t: float, level: int, i: int, lo: float, end: float
                ) -> tuple[int, float, float]:
        """Move the one-period region ``(i, lo, end)`` (see ``_hold_end``) on to ``t >= end``:
        ``level`` ran from inside period ``i`` (from ``lo`` itself when ``end == lo``) until
        ``t``. Returns the region of ``t``. The fast path calls this too, once per period.
        """
        if end == lo and t == lo:
            return i, lo, end  # another change at the first instant: nothing ran yet
        c = self._c_conc
        if level > c[i]:
            c[i] = level
        window = self.window_s
        if self._window_area is None and t >= window:
            area = self.concurrency_seconds
            for admitted in self.inflight():
                area += window - admitted
            self._window_area = area
        period = self._period
        j = int(t // period) if t > 0 else 0
        if j > i:
            if j >= self._n:
                self._grow(j + 1)
            if level:
                for k in range(i + 1, j):
                    if level > c[k]:
                        c[k] = level
            lo = period_start(j, period)
            if t == lo:
                return j, lo, lo  # t is period j's first instant: nothing ran in it yet
            if level > c[j]:
                c[j] = level
        end = period_start(j + 1, period)
        if self._window_area is None and window < end:
            end = window
        return j, lo, end

    def record_drop(self) -> None:
        """Count a request that an extension gave up on (e.g. expired event, DLQ)."""
        self.dropped += 1

    def add(self, name: str, t: float, value: float, stat: str = "sum") -> None:
        """Add a point to an extension series such as ``IteratorAge`` (stat: sum, max or avg).

        Each period keeps ``[sum, count, max]``; ``to_dict`` reports the chosen statistic.
        """
        if stat not in ("sum", "max", "avg"):
            raise ValueError(f"FunctionMetrics.add stat: expected 'sum', 'max' or 'avg', got {stat!r}")
        i = int(t // self.period_s) if t > 0 else 0
        if i >= MAX_SERIES_PERIODS:
            _too_far(i + 1, self.period_s)
        periods = self.custom.setdefault(name, {})
        self.custom_stat.setdefault(name, stat)
        cell = periods.get(i)
        if cell is None:
            periods[i] = [value, 1, value]
        else:
            cell[0] += value
            cell[1] += 1
            if value > cell[2]:
                cell[2] = value

    def record_span(self, env_id: int, kind: str, start: float, end: float) -> None:
        """Append a timeline span (init, invoke...) when timelines were requested."""
        if self.timeline is not None:
            self.timeline.append((env_id, kind, start, end))

    # -- results ------------------------------------------------------------------------------

    def close(self, horizon: float) -> None:
        """Fit the series to the window (called once by the simulation, after the drain).

        Periods the drain reached only because requests were still running are dropped; the
        peak is the highest ``ConcurrentExecutions`` of the periods kept. The duration sketch's
        total becomes the sum of the periods' ``DurationSum`` (the same run times, added
        period by period: the fast path keeps only those sums).
        """
        self._horizon = horizon
        total = 0.0
        for period_sum in self._c_dsum:
            total += period_sum
        self.duration.total = total
        if horizon > 0:
            self._index(max(0.0, horizon - 1e-9))
        keep = int(max(0.0, horizon - 1e-9) // self.period_s) + 1 if horizon > 0 else 0
        for column in (self._c_inv, self._c_thr):
            for i in range(len(column) - 1, keep - 1, -1):
                if column[i]:
                    keep = i + 1
                    break
        for periods in self.custom.values():
            if periods:
                keep = max(keep, max(periods) + 1)
        if keep < self._n:
            for column in self.series.values():
                del column[keep:]
            self._n = keep
        self.peak_concurrency = max(self._c_conc, default=0)

    @property
    def window_concurrency_seconds(self) -> float:
        """Time integral of concurrency over the window ``[0, horizon]`` only."""
        return self.concurrency_seconds if self._window_area is None else self._window_area

    @property
    def average_concurrency(self) -> float:
        """Time-average concurrency over the window ``[0, horizon]`` (0 before ``close``).

        Never above ``peak_concurrency``: the minimum only absorbs floating-point rounding of
        the integral.
        """
        if not self._horizon:
            return 0.0
        return min(self.window_concurrency_seconds / self._horizon,
                   float(self.peak_concurrency))

    @property
    def requests(self) -> int:
        """Every request that reached the function: finished, throttled or dropped."""
        return self.invocations + self.throttles + self.dropped

    @property
    def cold_start_ratio(self) -> float:
        """Cold starts per finished invocation (0 when there was none)."""
        return self.cold_starts / self.invocations if self.invocations else 0.0

    @property
    def throttle_ratio(self) -> float:
        """Throttles per request (0 when there was none)."""
        req = self.invocations + self.throttles
        return self.throttles / req if req else 0.0

    def series_dict(self) -> dict[str, list[float | None]]:
        """The per-period series, JSON-ready (empty minima become None; average Duration)."""
        s = self.series
        out: dict[str, list[float | None]] = {}
        for name in SERIES:
            if name == "DurationMin":
                out[name] = [None if math.isinf(v) else v for v in s[name]]
            else:
                out[name] = list(s[name])
        out["DurationAverage"] = [ds / n if n else None
                                  for ds, n in zip(s["DurationSum"], s["Invocations"])]
        n_periods = len(s["Invocations"])
        for name, periods in self.custom.items():
            stat = self.custom_stat[name]
            col: list[float | None] = [None] * max(n_periods, max(periods) + 1 if periods else 0)
            for i, (total, count, peak) in periods.items():
                col[i] = total if stat == "sum" else peak if stat == "max" else total / count
            out[name] = col
        return out

    def __repr__(self) -> str:
        p99 = self.latency.quantile(0.99) if self.latency.count else math.nan
        return (f"FunctionMetrics({self.function!r}: {self.invocations:,} invocations, "
                f"{self.cold_starts:,} cold starts, {self.errors:,} errors, "
                f"{self.throttles:,} throttles, p99 latency {p99 * 1000:,.1f} ms)")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary: totals, duration and latency percentiles, per-period series."""
        return {
            "function": self.function,
            "period_s": self.period_s,
            # Series, peak and average concurrency describe the window [0, window_s].
            "window_s": self._horizon,
            "totals": {
                "requests": self.requests,
                "invocations": self.invocations,
                "succeeded": self.succeeded,
                "errors": self.errors,
                "timeouts": self.timeouts,
                "throttles": self.throttles,
                "dropped": self.dropped,
                "cold_starts": self.cold_starts,
                "spillover": self.spillover,
                "environments_created": self.environments_created,
                "peak_concurrency": self.peak_concurrency,
                "average_concurrency": self.average_concurrency,
                "peak_environments": self.peak_environments,
                "cold_start_ratio": self.cold_start_ratio,
                "throttle_ratio": self.throttle_ratio,
            },
            "duration": self.duration.summary(),
            "latency": self.latency.summary(),
            "init": self.init.summary(),
            "series": self.series_dict(),
        }
