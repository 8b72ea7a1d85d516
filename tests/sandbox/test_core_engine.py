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


class _HeapOnly(Engine):
    """The engine without the shortcut: every arrival goes through the heap."""

    __slots__ = ()

    def runs_next(self, time: float) -> bool:
        return False


@settings(max_examples=150, deadline=None)
@given(rate=st.sampled_from([0.5, 1.0, 3.0, 7.5]), poisson=st.booleans(),
       others=st.lists(st.tuples(st.sampled_from([0.0, 1.0, 2.0, 2.5, 4.0, 6.0]),
                                 st.sampled_from([PRIORITY_COMPLETE, PRIORITY_INTERNAL,
                                                  PRIORITY_ARRIVAL, PRIORITY_EXPIRE])),
                       max_size=10),
       work=st.sampled_from([0.0, 0.4, 1.0]), stops=st.lists(st.sampled_from([1.0, 2.0, 3.3, 5.0]),
                                                          max_size=3))
def test_arrivals_handled_without_the_heap_keep_the_order_of_events(rate, poisson, others,
                                                                     work, stops):
    """A traffic source sends the next arrival at once when it is the engine's very next
    event (``runs_next``): the order of all events, the clock each one sees, the event count
    and where a bounded ``run(until)`` stops are exactly those of going through the heap."""
    from sandbox.invocation import Invocation
    from sandbox.traffic import Constant, Poisson

    def run(engine_type):
        engine = engine_type(3)
        seen = []

        def invoke(inv, on_done):
            seen.append(("arrival", engine.now, inv.arrival, inv.id))
            # A completion later on, as a function would schedule.
            engine.schedule(engine.now + work, lambda i: seen.append(("done", engine.now, i)),
                            inv.id, PRIORITY_COMPLETE)

        for t, prio in others:
            engine.schedule(t, lambda a: seen.append(("other", engine.now, a)), (t, prio), prio)
        ids = iter(range(1, 10_000))
        source = (Poisson if poisson else Constant)(rate, function="fn", end=6.0)
        source.attach(engine, invoke, lambda inv: None, lambda: next(ids))
        for until in sorted(stops):
            engine.run(until)
            seen.append(("stopped", engine.now, engine.events_processed))
        engine.run()
        return seen, engine.events_processed, source.sent

    assert run(Engine) == run(_HeapOnly)
