"""The engine's event-ordering rules (stated in sandbox/engine.py's docstring)."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from sandbox.engine import (PRIORITY_ARRIVAL, PRIORITY_COMPLETE, PRIORITY_EXPIRE,
                            PRIORITY_INTERNAL, Engine)

events = st.lists(st.tuples(st.sampled_from([0.0, 1.0, 1.5, 2.0]),
                            st.sampled_from([PRIORITY_COMPLETE, PRIORITY_INTERNAL,
                                             PRIORITY_ARRIVAL, PRIORITY_EXPIRE])),
                  max_size=40)


@settings(max_examples=200, deadline=None)
@given(events)
def test_events_run_by_time_then_priority_then_scheduling_order(scheduled):
    """Rules 1-3: increasing time; at equal time lower priority first; then first scheduled
    first — so a run is reproducible to the bit."""
    engine = Engine(0)
    ran = []
    for seq, (time, prio) in enumerate(scheduled):
        engine.schedule(time, ran.append, (time, prio, seq), prio)
    engine.run()
    assert ran == sorted((t, p, s) for s, (t, p) in enumerate(scheduled))
    assert engine.events_processed == len(scheduled)


def test_run_until_stops_the_clock_at_the_bound_and_keeps_later_events():
    """run(until) processes events up to and including ``until``, leaves the rest pending and
    ends with the clock at ``until``."""
    engine = Engine(0)
    ran = []
    for t in (1.0, 2.0, 3.0):
        engine.schedule(t, ran.append, t)
    engine.run(until=2.0)
    assert ran == [1.0, 2.0] and engine.now == 2.0 and engine.peek() == 3.0
    engine.run(until=2.5)
    assert engine.now == 2.5
    engine.run()
    assert ran == [1.0, 2.0, 3.0]


def test_scheduling_into_the_past_runs_now_not_earlier():
    """An event scheduled before ``now`` is clamped to ``now`` instead of rewriting history."""
    engine = Engine(0)
    seen = []
    engine.schedule(5.0, lambda _: engine.schedule(1.0, lambda _: seen.append(engine.now)))
    engine.run()
    assert seen == [5.0]


def test_same_seed_same_random_stream():
    """The engine's rng is seeded by the caller: the same seed gives the same draws."""
    assert [Engine(7).rng.random() for _ in range(2)] == [Engine(7).rng.random()] * 2
