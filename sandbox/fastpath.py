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

The statistics come out bit for bit as the general path's, for less work per request: the
common completion (warm, successful, on demand) carries a zero ``flags`` and skips every rare
case; ``Invocations`` per period is counted from admissions; the duration statistics of the
period the arrivals are in stay in locals until they move on; the latency sketch is the
duration sketch plus a correction for cold starts (a warm invocation's latency *is* its run
time); ``concurrency_seconds`` is the latency sum (both add ``end - arrival`` as invocations
end); ``ConcurrentExecutions`` only rises when an invocation is admitted, so completions look
at it only when they cross into a later period (:meth:`FunctionMetrics.advance`).

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
import sys
from typing import Any

from . import environment as envmod
from .durations import Exponential, Fixed
from .function import LambdaFunction
from .metrics import period_start
from .traffic import Poisson, TrafficSource

_IDLE = envmod.IDLE
_BUSY = envmod.BUSY

# What sets a completion apart from the common one (warm, successful, on demand, no timeline).
_COLD, _ERROR, _TIMEOUT, _PROVISIONED, _SPILLOVER, _SPAN = 1, 2, 4, 8, 16, 32
# The heap's last entry, never due: ``heap[0]`` always exists. Draining runs until "never".
_SENTINEL = (math.inf, 0, None, 0.0, 0, 0)
_NEVER = sys.float_info.max


def _window_area(area: float, running: list[tuple], window: float) -> float:
    """The window's concurrency-seconds when the run reaches its end: ``area`` (invocations
    ended so far) plus ``window - admitted`` for each one still running, in environment order
    (as :meth:`LambdaFunction._inflight` lists them)."""
    running = [entry for entry in running if entry[2] is not None]  # not the sentinel
    for _, _, env, start, _, flags in sorted(running, key=lambda entry: entry[2].id):
        area += window - (env.created if flags & _COLD else start)
    return area


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
    # The one check made first for every request: an exponential draw from the function's model.
    draw_exp = exp_rate if fixed_work is None and not multi else 0.0
    neg_draw = -draw_exp  # log(1 - u) / -rate is exactly -log(1 - u) / rate

    metrics = fn.metrics
    record_throttle = metrics.record_throttle
    idle = fn._idle
    pc_idle = fn._pc_idle
    pool = fn.pool
    expiry = fn._expiry
    timeout = fn._timeout
    sample = fn._sample
    vcpu = fn._vcpu
    error_rate = fn._error_rate
    try_take = fn.scaling.try_take
    guards = fn.create_guards
    retire = fn._retire
    create = fn._create
    random = rng.random
    heappush, heappop = heapq.heappush, heapq.heappop
    ceil, floor, log, log2 = math.ceil, math.floor, math.log, math.log2
    inf = math.inf
    REASON_IDLE = envmod.REASON_IDLE
    REASON_LIFETIME = envmod.REASON_LIFETIME
    REASON_TIMEOUT = envmod.REASON_TIMEOUT

    # Metric state in locals for the loop, written back at the end.
    period = metrics._period
    window = metrics.window_s
    c_inv, c_err, c_timeout = metrics._c_inv, metrics._c_err, metrics._c_timeout
    c_cold, c_spill = metrics._c_cold, metrics._c_spill
    c_dsum, c_dmin, c_dmax = metrics._c_dsum, metrics._c_dmin, metrics._c_dmax
    c_conc = metrics._c_conc
    n_err, n_timeout = metrics.errors, metrics.timeouts
    n_cold, n_spill = metrics.cold_starts, metrics.spillover
    err0 = n_err
    billed_od, billed_pc = metrics.billed_ms_on_demand, metrics.billed_ms_provisioned
    dur, lat = metrics.duration, metrics.latency
    if (dur._scale, dur._shift, dur._nbins) != (lat._scale, lat._shift, lat._nbins):
        raise ValueError("fast path: duration and latency sketches must share parameters")
    scale, shift, nbins, min_value = dur._scale, dur._shift, dur._nbins, dur.min_value
    # This run's duration buckets, with room past the last one for the longest run time the
    # timeout allows (folded into the last bucket afterwards, as LatencySketch.add clamps),
    # and the latency sketch's difference from them (cold starts only).
    width = max(nbins, floor(log2(timeout * 1.01) * scale + shift) + 1)
    bins = [0] * width
    lat_fix = [0] * width
    # The latency sum; in a fresh run it is also concurrency_seconds (both add end - arrival).
    l_total = lat.total
    init_add = metrics.init.add
    timeline = metrics.timeline
    # A completion: (end, seq, env, start, period of its arrival, flags). ``base`` flags every
    # invocation when the function has provisioned concurrency (spillover) or keeps timelines.
    base = (_SPILLOVER if fn._has_pc else 0) | (_SPAN if timeline is not None else 0)
    base_pc = (base & ~_SPILLOVER) | _PROVISIONED
    heap: list[tuple] = [_SENTINEL]
    seq = 0
    busy = fn.busy
    # The pool: on-demand invocations may run while ``busy < cap``; a busy provisioned
    # environment raises ``cap`` by one, as it holds no on-demand unit.
    in_use0 = pool.in_use
    cap = pool.limit - in_use0 + (fn.config.provisioned_concurrency - len(pc_idle))
    # The period the arrivals are in: ``ai``, ending at ``ahi``. Its run times (sum, and min
    # and max of the warm ones) stay in locals until the arrivals move on; later completions
    # of its invocations go to the series directly. ``w_lo``/``w_hi``: warm run times' range;
    # ``k_lo``/``k_hi``: cold starts' latency range (the latency sketch's min and max).
    ai = 0
    ahi = period_start(1, period)
    seq0 = 0
    ps, pmin, pmax = 0, inf, -inf
    w_lo = k_lo = inf
    w_hi = k_hi = -inf
    # ConcurrentExecutions: the region of metrics.hold (period ``ci`` from ``clo``, changes
    # before ``hi`` stay in it) and its running maximum ``cm``.
    advance = metrics.advance
    ci, clo, hi = metrics._hold_i, metrics._hold_lo, metrics._hold_end
    cm = c_conc[ci]
    # No idle environment expires before ``next_expiry``: the oldest one's expiry, or a bound
    # below it (the oldest only changes when the list empties, and a newer one expires later).
    next_expiry = -inf
    thr0 = metrics.throttles
    # The last arrival and the last completion handled (events come in time order, so the
    # later of the two is when the loop stopped).
    now = end = engine.now

    # ``t`` is the next arrival; once there is none it is ``t_end``, the last instant a
    # completion is handled: the horizon, or never when the run drains. Arrivals all come
    # before the horizon, so a completion is due whenever it is not after ``t``.
    t_end = _NEVER if drain else horizon
    arrivals: list[tuple[float, int, int]] = []
    arrival_seq = 0
    k = 0
    if multi:
        for k, src in enumerate(sources):
            t0 = src.first_arrival(rng)
            if t0 < stops[k]:
                arrival_seq += 1
                heappush(arrivals, (t0, arrival_seq, k))
        if arrivals:
            # The loop takes each arrival off this heap as it draws it (see below).
            t, _, k = heappop(arrivals)
            fixed_work = works[k]
            sent_by[k] += 1
        else:
            t = t_end
    else:
        t = source.first_arrival(rng)
        if not t < stop:
            t = t_end
    while True:
        if heap[0][0] <= t:
            # -- a completion (LambdaFunction._complete and FunctionMetrics.record) -----------
            end, _, env, start, i, flags = heappop(heap)
            if end >= hi:
                if end >= window and metrics._window_area is None:
                    metrics._window_area = _window_area(
                        l_total, heap + [(end, 0, env, start, i, flags)], window)
                if cm > c_conc[ci]:
                    c_conc[ci] = cm
                ci, clo, hi = advance(end, busy, ci, clo, hi)
                cm = c_conc[ci]
            busy -= 1
            env.invocations += 1
            run_s = end - start
            if run_s > min_value:
                bins[floor(log2(run_s) * scale + shift)] += 1
            else:
                bins[0] += 1
            if not flags:
                l_total += run_s
                billed_od += ceil(run_s * 1000.0 - 1e-9)
                env.idle_since = end
                idle.append(env)
            else:
                if flags & _PROVISIONED:
                    billed_pc += ceil(run_s * 1000.0 - 1e-9)
                else:
                    billed_od += ceil(run_s * 1000.0 - 1e-9)
                    if flags & _SPILLOVER:
                        n_spill += 1
                        c_spill[i] += 1
                if flags & (_ERROR | _TIMEOUT):
                    n_err += 1
                    c_err[i] += 1
                    if flags & _TIMEOUT:
                        n_timeout += 1
                        c_timeout[i] += 1
                if flags & _SPAN:
                    timeline.append((env.id, "invoke", start, end))
                if flags & _PROVISIONED:
                    cap -= 1
                    env.idle_since = end
                    pc_idle.append(env)
                elif flags & _TIMEOUT:
                    retire(env, end, REASON_TIMEOUT)
                else:
                    env.idle_since = end
                    idle.append(env)
                if flags & _COLD:
                    n_cold += 1
                    c_cold[i] += 1
                    init_add(env.init_duration)
                    latency = end - env.created
                    l_total += latency
                    if latency < k_lo:
                        k_lo = latency
                    if latency > k_hi:
                        k_hi = latency
                    # The latency sketch holds this latency instead of the run time.
                    if run_s > min_value:
                        lat_fix[floor(log2(run_s) * scale + shift)] -= 1
                    else:
                        lat_fix[0] -= 1
                    lat_fix[lat.bucket(latency)] += 1
                    if i == ai:
                        ps += run_s
                    else:
                        c_dsum[i] += run_s
                    if run_s < c_dmin[i]:
                        c_dmin[i] = run_s
                    if run_s > c_dmax[i]:
                        c_dmax[i] = run_s
                    continue
                l_total += run_s
            # A warm invocation: its run time is also its latency.
            if i == ai:
                ps += run_s
                if run_s < pmin:
                    pmin = run_s
                if run_s > pmax:
                    pmax = run_s
            else:
                c_dsum[i] += run_s
                if run_s < c_dmin[i]:
                    c_dmin[i] = run_s
                if run_s > c_dmax[i]:
                    c_dmax[i] = run_s
                if run_s < w_lo:
                    w_lo = run_s
                if run_s > w_hi:
                    w_hi = run_s
            continue
        if t == t_end:
            break  # no arrival left, and no completion due before the end
        # -- an arrival at t (same steps as LambdaFunction.invoke) ----------------------------
        now = t
        if now >= ahi:
            # The arrivals move on to a later period: store the one they leave.
            c_inv[ai] += seq - seq0
            seq0 = seq
            c_dsum[ai] += ps
            if pmin < c_dmin[ai]:
                c_dmin[ai] = pmin
            if pmax > c_dmax[ai]:
                c_dmax[ai] = pmax
            if pmin < w_lo:
                w_lo = pmin
            if pmax > w_hi:
                w_hi = pmax
            ps, pmin, pmax = 0, inf, -inf
            ai = int(now // period)
            ahi = period_start(ai + 1, period)
            if ai >= metrics._n:
                metrics._index(now)
            if now >= hi:
                if cm > c_conc[ci]:
                    c_conc[ci] = cm
                ci, clo, hi = advance(now, busy, ci, clo, hi)
                cm = c_conc[ci]
        if now >= next_expiry:
            while idle and idle[0].idle_since + expiry <= now:
                old = idle.popleft()
                retire(old, old.idle_since + expiry, REASON_IDLE)
            next_expiry = idle[0].idle_since + expiry if idle else now + expiry
        # Environments' status is set after the loop (nothing reads it while the loop runs):
        # busy for those still running, idle for the other live ones.
        if pc_idle:
            env = pc_idle.pop()
            cap += 1
            start = now
            flags = base_pc
        elif busy < cap:
            while idle:
                env = idle.pop()
                if env.retire_at > now:
                    start = now
                    flags = base
                    break
                retire(env, max(env.retire_at, env.idle_since), REASON_LIFETIME)
            else:
                if (not guards or all(guard(fn, now) for guard in guards)) and try_take(now):
                    env = create(now)
                    start = env.ready
                    flags = base | _COLD
                else:
                    env = None
                    record_throttle(now)
        else:
            env = None
            record_throttle(now)
        if env is not None:
            if draw_exp:
                work = log(1.0 - random()) / neg_draw
            elif fixed_work is not None:
                work = fixed_work
            elif exp_rate:
                work = -log(1.0 - random()) / exp_rate
            else:
                work = sample(rng, vcpu)
            if work > timeout:
                finish = start + timeout
                flags |= _TIMEOUT
            else:
                finish = start + work
                if error_rate and random() < error_rate:
                    flags |= _ERROR
            if finish > now:
                busy += 1
                if busy > cm:
                    cm = busy
            else:
                # Admitted and done in the same instant: it never raises the level, but the
                # period may have been entered at this very instant (see metrics.advance).
                if now >= hi:
                    if cm > c_conc[ci]:
                        c_conc[ci] = cm
                    ci, clo, hi = advance(now, busy, ci, clo, hi)
                    cm = c_conc[ci]
                busy += 1
            seq += 1
            heappush(heap, (finish, seq, env, start, ai, flags))
        if poisson_rate:
            t = now - log(1.0 - random()) / poisson_rate
            if not t < stop:
                t = t_end
        elif multi:
            t_next = sources[k].next_arrival(now, rng)
            if t_next < stops[k]:
                arrival_seq += 1
                heappush(arrivals, (t_next, arrival_seq, k))
            if arrivals:
                t, _, k = heappop(arrivals)
                fixed_work = works[k]
                sent_by[k] += 1
            else:
                t = t_end
        else:
            t = next_arrival(now, rng)
            if not t < stop:
                t = t_end

    # -- write the state back ---------------------------------------------------------------
    # Still running (a run that does not drain): not counted as invocations.
    running = [entry for entry in heap if entry[2] is not None]
    c_inv[ai] += seq - seq0
    c_dsum[ai] += ps
    if pmin < c_dmin[ai]:
        c_dmin[ai] = pmin
    if pmax > c_dmax[ai]:
        c_dmax[ai] = pmax
    w_lo, w_hi = min(w_lo, pmin), max(w_hi, pmax)
    for entry in running:
        c_inv[entry[4]] -= 1
        env = entry[2]
        env.status = _BUSY
        env.admitted = env.created if entry[5] & _COLD else entry[3]
    if cm > c_conc[ci]:
        c_conc[ci] = cm
    metrics._hold_i, metrics._hold_lo, metrics._hold_end = ci, clo, hi
    metrics._conc_t = max(metrics._conc_t, now, end)
    for env in idle:
        env.status = _IDLE
    for env in pc_idle:
        env.status = _IDLE
    done = seq - len(running)
    if done:
        # Every run time went into its period's DurationMin/Max too (and only there).
        dur.min = min(dur.min, min(c_dmin))
        dur.max = max(dur.max, float(max(c_dmax)))
        lat.min = min(lat.min, w_lo, k_lo)
        lat.max = max(lat.max, w_hi, k_hi)
    last = nbins - 1
    d_counts, l_counts = dur.counts, lat.counts
    for b in range(last):
        d_counts[b] += bins[b]
        l_counts[b] += bins[b] + lat_fix[b]
    d_counts[last] += sum(bins[last:])
    l_counts[last] += sum(bins[last:]) + sum(lat_fix[last:])
    pool.in_use = in_use0 + busy - (fn.config.provisioned_concurrency - len(pc_idle))
    metrics.invocations += done
    metrics.succeeded += done - (n_err - err0)
    metrics.errors, metrics.timeouts = n_err, n_timeout
    metrics.cold_starts, metrics.spillover = n_cold, n_spill
    metrics.billed_ms_on_demand, metrics.billed_ms_provisioned = billed_od, billed_pc
    dur.count += done
    lat.count += done
    lat.total = l_total
    metrics.concurrency_seconds = l_total
    fn.busy = busy
    sent = seq + metrics.throttles - thr0
    if multi:
        for src, n in zip(sources, sent_by):
            src.sent += n
    else:
        source.sent += sent
    sim._inv_seq += sent
    engine.events_processed += sent + done
    engine.now = max(now, end, horizon)
