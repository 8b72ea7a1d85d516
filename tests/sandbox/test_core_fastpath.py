"""The single-loop fast path gives exactly the results of the general event-by-event path."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from sandbox import (AccountConfig, Burst, Constant, Diurnal, Exponential, Fixed, FunctionConfig,
                     InitModel, LogNormal, Poisson, Replay, Simulation, Step)
from sandbox import fastpath

sources = st.one_of(
    st.builds(Poisson, st.floats(0.05, 40.0), function=st.just("fn")),
    st.builds(Constant, st.floats(0.05, 40.0), function=st.just("fn")),
    st.builds(lambda a, b: Step([(0.0, a), (40.0, b)], function="fn"),
              st.floats(0.0, 20.0), st.floats(0.0, 60.0)),
    # Bursts at a few shared instants with their own durations: simultaneous arrivals from
    # different sources, whose order must match the engine's.
    st.builds(Burst, st.integers(0, 300), at=st.sampled_from([0.0, 5.0, 12.5]),
              work=st.sampled_from([None, 0.3, 2.0]), function=st.just("fn")),
    st.builds(Constant, st.sampled_from([0.5, 1.0, 2.0]), work=st.sampled_from([None, 0.7]),
              function=st.just("fn")),
    st.builds(lambda c: Replay(c, interval_s=10.0, function="fn"),
              st.lists(st.integers(0, 200), max_size=10)),
    st.builds(lambda r: Diurnal(r, period_s=60.0, function="fn"), st.floats(0.1, 20.0)),
)

functions = st.builds(
    lambda dur, init, err, reserved, pc, expiry, life, timeout: FunctionConfig(
        name="fn", duration=dur, init=InitModel(fixed_s=init), error_rate=err,
        reserved_concurrency=reserved, provisioned_concurrency=min(pc, reserved or pc),
        idle_expiry_s=expiry, max_lifetime_s=life, timeout_s=timeout),
    st.sampled_from([Fixed(0.5), Exponential(0.7), LogNormal(0.3, 1.0), Fixed(0.0)]),
    st.sampled_from([0.0, 0.3, 2.0]), st.sampled_from([0.0, 0.2]),
    st.one_of(st.none(), st.integers(1, 30)), st.integers(0, 5),
    st.sampled_from([2.0, 30.0, 600.0]), st.sampled_from([20.0, 7200.0]),
    st.sampled_from([1.0, 3.0, 60.0]))


def _both(cfg, make_sources, account, seed, drain, timelines=False):
    out = []
    for fast in (True, False):
        sim = Simulation(account=account, functions=[cfg], sources=make_sources(), seed=seed,
                         horizon=100.0, period_s=10.0, drain=drain, timelines=timelines)
        sim.fast_path = fast
        assert (fastpath.eligible(sim) is not None) == fast or not fast
        result = sim.run()
        fn = sim.functions["fn"]
        # Every environment's final state, and the spans the timeline chart draws.
        envs = [(e.id, e.status, e.created, e.ready, e.idle_since, e.invocations,
                 e.shutdown_at, e.shutdown_reason, e.retire_at)
                for e in fn.retired + list(fn.environments.values())]
        out.append((result.to_dict(), result.events, result.end_time,
                    [src.sent for src in sim.sources], fn.metrics.timeline, envs))
    return out


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cfg=functions, several=st.lists(sources, min_size=1, max_size=3),
       seed=st.integers(0, 1000), drain=st.booleans(), limit=st.sampled_from([1000, 40]),
       scaling=st.sampled_from([1000, 3]), timelines=st.booleans())
def test_fast_path_matches_general_path_exactly(cfg, several, seed, drain, limit, scaling,
                                                timelines):
    """For one to three sources feeding one function, metrics, cost, event count, end time,
    requests sent per source, the environments' final state and (when kept) the timeline
    spans are identical whichever path runs it."""
    account = AccountConfig(concurrency_limit=limit, scaling_per_window=scaling,
                            unreserved_min=0)
    if (cfg.reserved_concurrency or 0) > limit:
        cfg = cfg.replace(reserved_concurrency=None, provisioned_concurrency=0)
    import copy
    fast, general = _both(cfg, lambda: copy.deepcopy(several), account, seed, drain, timelines)
    assert fast == general


def test_fast_path_is_used_only_when_it_applies():
    """Scripted sources, kept invocations, hooks or sources aimed at different functions use
    the general path; several sources on one function use the fast path."""
    cfg = FunctionConfig(name="fn")
    plain = Simulation(functions=[cfg], sources=[Poisson(1, function="fn")])
    assert fastpath.eligible(plain) is plain.functions["fn"]
    kept = Simulation(functions=[cfg], sources=[Poisson(1, function="fn")])
    kept.keep_invocations()
    assert fastpath.eligible(kept) is None
    two = Simulation(functions=[cfg], sources=[Poisson(1, function="fn"),
                                               Poisson(2, function="fn")])
    assert fastpath.eligible(two) is two.functions["fn"]
    other = FunctionConfig(name="other")
    split = Simulation(functions=[cfg, other], sources=[Poisson(1, function="fn"),
                                                        Poisson(2, function="other")])
    assert fastpath.eligible(split) is None
    hooked = Simulation(functions=[cfg], sources=[Poisson(1, function="fn")])
    hooked.functions["fn"].on_init = lambda env: None
    assert fastpath.eligible(hooked) is None
