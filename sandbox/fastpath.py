"""The fast path: traffic sources driving one plain function, run in a single tight loop.

Most labs and quiz questions simulate exactly that, and the general machinery (one engine
event and one :class:`~sandbox.invocation.Invocation` per request, callbacks through
``invoke``/``on_done``) costs several times more than the model itself. This loop applies the
same rules in the same order, drawing random numbers in the same order, so its results are
*identical* to the general path's (a test checks this). It keeps:

* the next arrival in a variable (one source) or a small heap of one entry per source,
  instead of the engine heap (arrivals are scheduled lazily anyway), and completions in a small heap of ``(end, seq, ...)`` tuples, so ties resolve
  exactly as the engine's ``(time, priority, seq)`` order does: completions before arrivals at
  the same instant, completions among themselves in the order they were scheduled;
* the function's own environment lists, pool, scaling bucket and metrics, so everything after
  the loop (finishing, cost) is shared with the general path.

:func:`eligible` says when the loop applies: sources that all target the same function of
the simulation (directly or through a VPC attachment that adds nothing per request), no
extension components, no learner code on that function (its init hooks and creation guards
apply as in the general path), and no request being kept for inspection. Per-environment
timelines are kept as the general path keeps them (the init span when an environment is
created, then one span per invocation).
"""

from __future__ import annotations

import heapq
import math
import random as _random
from typing import Any

from . import environment as envmod
from .durations import Exponential, Fixed
from .function import LambdaFunction
from .traffic import Poisson, TrafficSource

_IDLE = envmod.IDLE
_BUSY = envmod.BUSY


def _inline_expovariate_matches() -> bool:
    """True when ``-log(1 - random()) / rate`` is exactly what ``Random.expovariate`` returns
    on this Python (it is on 3.11-3.14); otherwise the fast path calls the method."""
    probe = _random.Random(20251)
    expected = [probe.expovariate(r) for r in (0.5, 3.0, 1e4)]
    probe.seed(20251)
    return expected == [-math.log(1.0 - probe.random()) / r for r in (0.5, 3.0, 1e4)]


def eligible(sim: Any) -> LambdaFunction | None:
    """The function the fast path can run for ``sim``, or None when the general path must.

    ``sim`` is a :class:`~sandbox.simulation.Simulation`; this module does not import it, so
    the dependency runs one way (the simulation uses the fast path).
    """
    if not sim.sources or sim.components or sim.completed is not None:
        return None
    fn = _function_behind(sim.targets.get(sim.sources[0].function))
    for source in sim.sources:
        # Sources that override attach (e.g. scripted Arrivals) keep the general path.
        if type(source).attach is not TrafficSource.attach:
            return None
        if fn is None or _function_behind(sim.targets.get(source.function)) is not fn:
            return None
    if sim.functions.get(fn.name) is not fn:
        return None
    # Init hooks run in ``fn._create`` and creation guards before the scaling bucket, as in
    # ``LambdaFunction.invoke``; learner code keeps the general path.
    if fn.on_init or fn.on_invoke:
        return None
    return fn


def _function_behind(target: Any) -> LambdaFunction | None:
    """The plain function a target is, or passes every request to unchanged (a VPC
    attachment with nothing to add: ``passthrough_function``); None for anything else."""
    passthrough = getattr(target, "passthrough_function", None)
    if passthrough is not None:
        target = passthrough()
    return target if isinstance(target, LambdaFunction) else None


def run(sim: Any, fn: LambdaFunction) -> None:
    """Run ``sim`` (its sources all feeding ``fn``) to the horizon, then drain if asked."""
    engine = sim.engine
    rng = engine.rng
    source = sim.sources[0]
    horizon = sim.horizon
    stop = min(source.end, horizon)
    next_arrival = source.next_arrival
    fixed_work = source.work
    drain = sim.drain
    # Inline the commonest arrival and duration models; each draws exactly what its method
    # would (same call, same argument), so results stay identical.
    poisson_rate = source.rate if type(source) is Poisson and source.rate > 0 else 0.0
    model = fn.config.duration
    exp_rate = 1.0 / model.mean_s if type(model) is Exponential else 0.0
    fixed_duration = model.seconds if type(model) is Fixed else None
    if not _inline_expovariate_matches():
        poisson_rate = exp_rate = 0.0  # the models' own methods draw instead
    if fixed_work is None and fixed_duration is not None:
        fixed_work = fixed_duration
    # Several sources: their next arrivals wait in a heap ordered like the engine's arrival
    # events (time, then scheduling order), and each source draws its own next arrival.
    sources = sim.sources
    multi = len(sources) > 1
    if multi:
        poisson_rate = 0.0
        works = [src.work if src.work is not None else fixed_duration for src in sources]
        stops = [min(src.end, horizon) for src in sources]
        sent_by = [0] * len(sources)

    metrics = fn.metrics
    record_throttle = metrics.record_throttle
    idle = fn._idle
    pc_idle = fn._pc_idle
    pool = fn.pool
    expiry = fn._expiry
    max_life = fn._max_life
    timeout = fn._timeout
    sample = fn._sample
    vcpu = fn._vcpu
    error_rate = fn._error_rate
    has_pc = fn._has_pc
    try_take = fn.scaling.try_take
    guards = fn.create_guards
    retire = fn._retire
    create = fn._create
    random = rng.random
    heappush, heappop = heapq.heappush, heapq.heappop
    ceil = math.ceil
    inf = math.inf
    REASON_IDLE = envmod.REASON_IDLE
    REASON_LIFETIME = envmod.REASON_LIFETIME
    REASON_TIMEOUT = envmod.REASON_TIMEOUT

    # Metric state in locals for the loop, written back at the end.
    period = metrics._period
    c_inv, c_err, c_timeout = metrics._c_inv, metrics._c_err, metrics._c_timeout
    c_cold, c_spill = metrics._c_cold, metrics._c_spill
    c_dsum, c_dmin, c_dmax = metrics._c_dsum, metrics._c_dmin, metrics._c_dmax
    c_conc = metrics._c_conc
    n_inv, n_ok, n_err = metrics.invocations, metrics.succeeded, metrics.errors
    n_timeout, n_cold, n_spill = metrics.timeouts, metrics.cold_starts, metrics.spillover
    billed_od, billed_pc = metrics.billed_s_on_demand, metrics.billed_s_provisioned
    dur, lat = metrics.duration, metrics.latency
    if (dur.gamma, dur.min_value, dur._nbins) != (lat.gamma, lat.min_value, lat._nbins):
        raise ValueError("fast path: duration and latency sketches must share parameters")
    d_count, d_total, d_min, d_max, d_counts = dur.count, dur.total, dur.min, dur.max, dur.counts
    l_count, l_total, l_min, l_max, l_counts = lat.count, lat.total, lat.min, lat.max, lat.counts
    log, log_min, log_gamma = math.log, dur._log_min, dur._log_gamma
    nbins, min_value = dur._nbins, dur.min_value
    init_add = metrics.init.add
    timeline = metrics.timeline

    heap: list[tuple] = []
    seq = 0
    busy = fn.busy
    # The pool's counter lives in a local during the loop (no other function runs meanwhile).
    in_use, pool_limit = pool.in_use, pool.limit
    # FunctionMetrics.hold, inlined for the common case: the level ``busy`` ran since
    # ``conc_t``, which lies in period ``conc_i``; while the next change comes no later than
    # ``fast_end`` (that period's end, or the window's) only that period can rise. Its running
    # maximum stays in ``conc_max`` until the loop leaves the period.
    hold = metrics.hold
    window = metrics.window_s
    area = metrics.concurrency_seconds
    conc_t = metrics._conc_t
    conc_i = int(conc_t // period) if conc_t > 0 else 0
    fast_end = min((conc_i + 1) * period, window)
    if conc_i >= metrics._n:
        metrics._grow(conc_i + 1)
    conc_max = c_conc[conc_i]
    n_periods = metrics._n
    # Completions counted once: invocations, sketch counts and successes follow from it.
    done = 0
    err0 = n_err
    sent = 0
    # The last arrival and the last completion handled (events come in time order, so the
    # later of the two is when the loop stopped).
    now = end = engine.now

    # ``t`` is the next arrival; once there is none it is ``t_end``, the last instant a
    # completion is handled: the horizon, or never-ending when the run drains. Arrivals all
    # come before the horizon, so a completion is due whenever it is not after ``t``.
    t_end = inf if drain else horizon
    arrivals: list[tuple[float, int, int]] = []
    arrival_seq = 0
    k = 0
    if multi:
        for k, src in enumerate(sources):
            t0 = src.first_arrival(rng)
            if t0 < stops[k]:
                arrival_seq += 1
                heappush(arrivals, (t0, arrival_seq, k))
        t = arrivals[0][0] if arrivals else t_end
    else:
        t = source.first_arrival(rng)
        if not t < stop:
            t = t_end
    # A completion: (end, seq, env, arrival, start, outcome, init), outcome 0 = success,
    # 1 = error, 2 = timeout; init is the Init duration of a cold start, None for a warm one.
    while True:
        if heap and heap[0][0] <= t:
            end, _, env, arrival, start, outcome, init_d = heappop(heap)
            done += 1
            env.invocations += 1
            if end > conc_t:
                if end <= fast_end:
                    area += busy * (end - conc_t)
                    if busy > conc_max:
                        conc_max = busy
                else:
                    if conc_i < n_periods:
                        c_conc[conc_i] = conc_max
                    metrics.concurrency_seconds, metrics._conc_t = area, conc_t
                    hold(end, busy)
                    area = metrics.concurrency_seconds
                    conc_i = int(end // period)
                    fast_end = min((conc_i + 1) * period, window)
                    if conc_i >= metrics._n and fast_end > end:
                        metrics._grow(conc_i + 1)
                    n_periods = metrics._n
                    conc_max = c_conc[conc_i] if conc_i < n_periods else 0
                conc_t = end
            busy -= 1
            # -- FunctionMetrics.record, inlined (same operations in the same order) ----------
            run_s = end - start
            billed = ceil(run_s * 1000.0 - 1e-9) / 1000.0
            i = int(arrival // period) if arrival > 0 else 0
            if i >= n_periods:
                metrics._index(arrival)
                n_periods = metrics._n
            c_inv[i] += 1
            c_dsum[i] += run_s
            if run_s < c_dmin[i]:
                c_dmin[i] = run_s
            if run_s > c_dmax[i]:
                c_dmax[i] = run_s
            if outcome:
                n_err += 1
                c_err[i] += 1
                if outcome == 2:
                    n_timeout += 1
                    c_timeout[i] += 1
            provisioned = has_pc and env.provisioned
            if provisioned:
                billed_pc += billed
            else:
                if has_pc:
                    n_spill += 1
                    c_spill[i] += 1
                billed_od += billed
            d_total += run_s  # (its min and max are the per-period ones', after the loop)
            if run_s <= min_value:
                b = 0
            else:
                b = int((log(run_s) - log_min) / log_gamma) + 1
                if b >= nbins:
                    b = nbins - 1
            d_counts[b] += 1
            if init_d is not None or start != arrival:
                if init_d is not None:
                    n_cold += 1
                    c_cold[i] += 1
                    init_add(init_d)
                latency = end - arrival
                if latency <= min_value:
                    b = 0
                else:
                    b = int((log(latency) - log_min) / log_gamma) + 1
                    if b >= nbins:
                        b = nbins - 1
            else:
                latency = run_s
            l_total += latency
            if latency < l_min:
                l_min = latency
            if latency > l_max:
                l_max = latency
            l_counts[b] += 1
            if timeline is not None:
                timeline.append((env.id, "invoke", start, end))
            # -- the environment becomes idle (or is reset after a timeout) -------------------
            if provisioned:
                env.idle_since = end
                pc_idle.append(env)
            else:
                in_use -= 1
                if outcome == 2:
                    retire(env, end, REASON_TIMEOUT)
                else:
                    env.idle_since = end
                    idle.append(env)
            continue
        if t == t_end:
            break  # no arrival left, and no completion due before the end
        # -- an arrival at t (same steps as LambdaFunction.invoke) ----------------------------
        now = t
        sent += 1
        if multi:
            k = heappop(arrivals)[2]
            fixed_work = works[k]
            sent_by[k] += 1
        while idle and idle[0].idle_since + expiry <= now:
            old = idle.popleft()
            retire(old, old.idle_since + expiry, REASON_IDLE)
        # Environments' status is set after the loop (nothing reads it while the loop runs):
        # busy for those still running, idle for the other live ones.
        if pc_idle:
            env = pc_idle.pop()
            start = now
            init_d = None
        elif in_use < pool_limit:
            env = None
            while idle:
                env = idle.pop()
                if env.created + max_life <= now:
                    retire(env, max(env.created + max_life, env.idle_since), REASON_LIFETIME)
                    env = None
                    continue
                break
            if env is not None:
                in_use += 1
                start = now
                init_d = None
            elif (not guards or all(guard(fn, now) for guard in guards)) and try_take(now):
                in_use += 1
                env = create(now)
                init_d = env.init_duration
                start = env.ready
            else:
                record_throttle(now)
                n_periods = metrics._n
        else:
            env = None
            record_throttle(now)
            n_periods = metrics._n
        if env is not None:
            env.busy_since = start
            if fixed_work is not None:
                work = fixed_work
            elif exp_rate:
                work = -log(1.0 - random()) / exp_rate
            else:
                work = sample(rng, vcpu)
            if work > timeout:
                finish = start + timeout
                outcome = 2
            else:
                finish = start + work
                outcome = 1 if error_rate and random() < error_rate else 0
            if now > conc_t:
                if now <= fast_end:
                    area += busy * (now - conc_t)
                    if busy > conc_max:
                        conc_max = busy
                else:
                    if conc_i < n_periods:
                        c_conc[conc_i] = conc_max
                    metrics.concurrency_seconds, metrics._conc_t = area, conc_t
                    hold(now, busy)
                    area = metrics.concurrency_seconds
                    conc_i = int(now // period)
                    fast_end = min((conc_i + 1) * period, window)
                    if conc_i >= metrics._n and fast_end > now:
                        metrics._grow(conc_i + 1)
                    n_periods = metrics._n
                    conc_max = c_conc[conc_i] if conc_i < n_periods else 0
                conc_t = now
            busy += 1
            seq += 1
            heappush(heap, (finish, seq, env, now, start, outcome, init_d))
        if multi:
            t_next = sources[k].next_arrival(now, rng)
            if t_next < stops[k]:
                arrival_seq += 1
                heappush(arrivals, (t_next, arrival_seq, k))
            t = arrivals[0][0] if arrivals else t_end
            continue
        if poisson_rate:
            t = now - log(1.0 - random()) / poisson_rate
        else:
            t = next_arrival(now, rng)
        if not t < stop:
            t = t_end

    if conc_i < metrics._n:
        c_conc[conc_i] = conc_max
    for entry in heap:
        entry[2].status = _BUSY
    for env in idle:
        env.status = _IDLE
    for env in pc_idle:
        env.status = _IDLE
    if done:
        # Every run time went into its period's DurationMin/Max too (and only there).
        d_min = min(d_min, min(c_dmin))
        d_max = max(d_max, float(max(c_dmax)))
    pool.in_use = in_use
    metrics.invocations, metrics.errors = n_inv + done, n_err
    metrics.succeeded = n_ok + done - (n_err - err0)
    metrics.timeouts, metrics.cold_starts, metrics.spillover = n_timeout, n_cold, n_spill
    metrics.billed_s_on_demand, metrics.billed_s_provisioned = billed_od, billed_pc
    dur.count, dur.total, dur.min, dur.max = d_count + done, d_total, d_min, d_max
    lat.count, lat.total, lat.min, lat.max = l_count + done, l_total, l_min, l_max
    fn.busy = busy
    metrics.concurrency_seconds = area
    metrics._conc_t = conc_t
    if multi:
        for src, n in zip(sources, sent_by):
            src.sent += n
    else:
        source.sent += sent
    sim._inv_seq += sent
    engine.events_processed += sent + done
    engine.now = max(now, end, horizon)
