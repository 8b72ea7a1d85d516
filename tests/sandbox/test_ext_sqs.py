"""SQS event source mapping: scaling, batching, partial failures, visibility, redrive."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from sandbox.async_invoke import ALWAYS
from sandbox import Fixed, FunctionConfig, InitModel, Simulation
from sandbox.sqs import FifoSqsEventSource, SqsConfig, SqsEventSource


class Recorded:
    """The model's LambdaFunction (instant Init), noting when each batch arrives and its size."""

    def __init__(self, duration: float = 1.0, concurrency: int | None = None,
                 timeout_s: float = 30.0) -> None:
        sim = Simulation(functions=[FunctionConfig(name="fn", duration=Fixed(duration),
                                                   init=InitModel(fixed_s=0.0),
                                                   reserved_concurrency=concurrency,
                                                   timeout_s=timeout_s)])
        self.engine, self.fn = sim.engine, sim.functions["fn"]
        self.calls: list[tuple[float, int]] = []

    def invoke(self, inv, on_done):
        self.calls.append((self.engine.now, len(inv.payload.items)))
        self.fn.invoke(inv, on_done)


def _backlog(n: int, config: SqsConfig, duration: float = 800.0):
    fn = Recorded(duration=duration, timeout_s=900.0)
    eng = fn.engine
    esm = SqsEventSource(eng, fn, config)
    for _ in range(n):
        esm.send()
    return eng, esm


def test_scaling_starts_at_five_and_adds_300_batches_per_minute():
    """With a backlog, the ESM starts 5 concurrent batches and adds up to 300 per minute.
    https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html"""
    eng, esm = _backlog(5_000, SqsConfig(batch_size=1, visibility_timeout=900))
    assert esm.stats.max_concurrent_batches == 5
    eng.run(until=60.0)
    assert esm.stats.max_concurrent_batches == pytest.approx(305, abs=5)


def test_scaling_stops_at_1000_concurrent_batches():
    """An SQS event source mapping processes at most 1,000 batches at once.
    https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html"""
    eng, esm = _backlog(5_000, SqsConfig(batch_size=1, visibility_timeout=900))
    eng.run(until=400.0)
    assert esm.stats.max_concurrent_batches == 1_000


def test_maximum_concurrency_caps_concurrent_batches():
    """ScalingConfig.MaximumConcurrency (2-1,000) limits concurrent invocations from the queue.
    https://docs.aws.amazon.com/lambda/latest/api/API_ScalingConfig.html"""
    eng, esm = _backlog(2_000, SqsConfig(batch_size=1, maximum_concurrency=50,
                                         visibility_timeout=900))
    eng.run(until=300.0)
    assert esm.stats.max_concurrent_batches == 50


def test_batching_window_waits_for_a_fuller_batch():
    """A partial batch waits up to the batching window; a full batch is sent at once.
    https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html"""
    fn = Recorded()
    eng = fn.engine
    esm = SqsEventSource(eng, fn, SqsConfig(batch_size=10, batching_window=10))
    for _ in range(3):
        esm.send()
    eng.run()
    assert fn.calls == [(10.0, 3)]
    t0 = eng.now
    for _ in range(10):
        esm.send()
    eng.run()
    assert fn.calls[-1] == (t0, 10)


def test_without_partial_reporting_one_bad_message_returns_the_whole_batch():
    """Without ReportBatchItemFailures a failed invocation makes every message visible again
    after the visibility timeout. https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html"""
    fn = Recorded()
    eng = fn.engine
    esm = SqsEventSource(eng, fn, SqsConfig(batch_size=10, batching_window=1,
                                            visibility_timeout=30))
    msgs = [esm.send(failures=1 if i == 0 else 0) for i in range(10)]
    eng.run()
    assert [t for t, _ in fn.calls] == [0.0, 30.0]
    assert all(m.receive_count == 2 for m in msgs) and esm.stats.deleted == 10


def test_partial_batch_reporting_retries_only_failed_messages():
    """With ReportBatchItemFailures only the reported messages return to the queue.
    https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html"""
    fn = Recorded()
    eng = fn.engine
    esm = SqsEventSource(eng, fn, SqsConfig(batch_size=10, batching_window=1,
                                            report_batch_item_failures=True))
    msgs = [esm.send(failures=1 if i == 0 else 0) for i in range(10)]
    eng.run()
    assert fn.calls == [(0.0, 10), (31.0, 1)]
    assert msgs[0].receive_count == 2 and all(m.receive_count == 1 for m in msgs[1:])


def test_max_receive_count_moves_poison_message_to_dlq():
    """After maxReceiveCount receives a message that is still not deleted goes to the DLQ.
    https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html"""
    fn = Recorded()
    eng = fn.engine
    esm = SqsEventSource(eng, fn, SqsConfig(batch_size=1, max_receive_count=3))
    poison = esm.send(failures=ALWAYS)
    eng.run()
    assert poison.state == "dlq" and poison.receive_count == 3 and len(fn.calls) == 3
    assert esm.stats.dead_lettered == 1


def test_function_timeout_above_visibility_timeout_is_refused():
    """Lambda refuses a mapping whose function timeout exceeds the queue's visibility timeout,
    and recommends a visibility timeout of at least 6 x the function timeout.
    https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html"""
    fn = Recorded(timeout_s=60.0)
    with pytest.raises(ValueError, match="visibility_timeout"):
        SqsEventSource(fn.engine, fn.fn, SqsConfig(visibility_timeout=30))
    ok = SqsEventSource(fn.engine, fn.fn, SqsConfig(visibility_timeout=360, max_receive_count=5))
    assert ok.advice() == []
    tight = SqsEventSource(fn.engine, fn.fn, SqsConfig(visibility_timeout=60))
    assert len(tight.advice()) == 2


def test_slow_cold_start_past_the_visibility_timeout_gives_a_duplicate():
    """At-least-once: if Init plus the handler outlast the visibility timeout, the message is
    received again while the first run is still going. Here: 10 s Init + 25 s handler against a
    30 s timeout; the second receive also cold-starts, so only the third (warm) run deletes it."""
    sim = Simulation(functions=[FunctionConfig(name="fn", duration=Fixed(25.0), timeout_s=30.0,
                                               init=InitModel(fixed_s=10.0))])
    esm = SqsEventSource(sim.engine, sim.functions["fn"], SqsConfig(batch_size=1,
                                                                    visibility_timeout=30))
    msg = esm.send()
    sim.engine.run()
    assert msg.runs == 3 and esm.stats.duplicates == 2 and msg.state == "deleted"
    assert msg.done_at == 85.0


def test_function_throttles_return_messages_after_visibility_timeout():
    """Throttled batches are not lost: their messages reappear and are processed later."""
    fn = Recorded(duration=5.0, concurrency=1, timeout_s=10.0)
    eng = fn.engine
    esm = SqsEventSource(eng, fn, SqsConfig(batch_size=1, visibility_timeout=10))
    for _ in range(4):
        esm.send()
    eng.run()
    assert esm.stats.throttled_batches >= 3 and esm.stats.deleted == 4


@pytest.mark.parametrize("kwargs,field", [({"batch_size": 0}, "batch_size"),
                                          ({"batch_size": 100}, "batching_window"),
                                          ({"maximum_concurrency": 1}, "maximum_concurrency"),
                                          ({"maximum_concurrency": 1001}, "maximum_concurrency"),
                                          ({"visibility_timeout": -1}, "visibility_timeout"),
                                          ({"max_receive_count": 0}, "max_receive_count")])
def test_config_errors_name_the_field(kwargs, field):
    """Out-of-range settings fail with a message naming the field."""
    with pytest.raises(ValueError, match=field):
        SqsConfig(**kwargs)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 200), st.integers(0, 3)), min_size=1, max_size=60),
       st.integers(1, 10), st.booleans(), st.sampled_from([None, 2, 4]),
       st.floats(1, 40), st.floats(0.5, 30), st.integers(1, 6), st.floats(0, 400))
def test_every_message_is_deleted_dead_lettered_or_still_queued(
        sends, batch, rbif, max_rc, vt, duration, conc, horizon):
    """Conservation: sent = deleted + in DLQ + visible + in flight at every stopping time, and a
    message is deleted at most once (duplicates are extra handler runs, never extra deletes)."""
    fn = Recorded(duration=duration, concurrency=conc, timeout_s=vt)
    eng = fn.engine
    esm = SqsEventSource(eng, fn, SqsConfig(batch_size=batch, batching_window=1.0 if batch > 1 else 0,
                                            report_batch_item_failures=rbif,
                                            visibility_timeout=vt, max_receive_count=max_rc,
                                            keep_messages=True))
    for t, failures in sends:
        eng.schedule(t, lambda f: esm.send(failures=f), failures)
    eng.run(until=horizon)
    s = esm.stats
    states = [m.state for m in esm.messages]
    assert s.sent == len(esm.messages)
    assert states.count("deleted") == s.deleted and states.count("dlq") == s.dead_lettered
    assert states.count("visible") == esm.visible and states.count("inflight") == esm.in_flight
    assert s.sent == s.deleted + s.dead_lettered + esm.visible + esm.in_flight
    assert esm.stats.max_concurrent_batches <= 1_000


def test_throttled_batch_keeps_its_poller_and_retries_until_visibility_ends():
    """A throttled batch stays with its poller, which retries it with a doubling delay while
    the messages are hidden: only one batch per poller is taken off the queue, and no scaling
    happens while throttled (no deep recursion either, with a thousand pollers)."""
    fn = Recorded(duration=500.0, concurrency=0)
    esm = SqsEventSource(fn.engine, fn, SqsConfig(batch_size=1, visibility_timeout=600))
    esm.pollers = 1_000.0
    for _ in range(5_000):
        esm.send()
    fn.engine.run(until=10.0)
    # Attempts at 0, 1, 3 and 7 s for each of the 1,000 held batches.
    assert esm.in_flight == 1_000 and esm.visible == 4_000
    assert esm.stats.throttled_batches == 4_000 and esm.pollers == 1_000.0


class GroupWatch(Recorded):
    """Recorded, plus the most batches of one message group ever in flight at once."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.open: dict[str, int] = {}
        self.max_per_group = 0

    def invoke(self, inv, on_done):
        groups = {m.group for m, _ in inv.payload.items}
        for g in groups:
            self.open[g] = self.open.get(g, 0) + 1
            self.max_per_group = max(self.max_per_group, self.open[g])

        def done(i):
            for g in groups:
                self.open[g] -= 1
            on_done(i)

        super().invoke(inv, done)


def test_fifo_poison_message_blocks_only_its_group():
    """In a FIFO queue a failing message holds back the rest of its message group until it is
    redriven, while other groups keep flowing.
    https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html"""
    fn = GroupWatch(duration=1.0)
    esm = SqsEventSource(fn.engine, fn, SqsConfig(fifo=True, batch_size=1, max_receive_count=3))
    poison = esm.send(failures=ALWAYS, group="A")
    a2 = esm.send(group="A")
    b = [esm.send(group="B") for _ in range(3)]
    fn.engine.run()
    assert poison.state == "dlq" and poison.receive_count == 3
    assert a2.state == "deleted" and a2.done_at > 60.0
    assert all(m.state == "deleted" and m.done_at <= 3.0 for m in b)
    assert fn.max_per_group == 1


def test_fifo_concurrency_is_bounded_by_the_number_of_groups():
    """FIFO concurrency is at most the number of message groups (or maximum concurrency).
    https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html"""
    fn = GroupWatch(duration=5.0)
    esm = SqsEventSource(fn.engine, fn, SqsConfig(fifo=True, batch_size=2))
    for i in range(60):
        esm.send(group="g%d" % (i % 3))
    fn.engine.run()
    assert esm.stats.max_concurrent_batches == 3 and esm.stats.deleted == 60


def test_fifo_partial_batch_response_returns_the_failure_and_everything_after_it():
    """For FIFO with ReportBatchItemFailures, processing stops at the first failure; it and the
    later messages return to the queue, earlier ones are deleted.
    https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html"""
    fn = Recorded(duration=1.0)
    esm = SqsEventSource(fn.engine, fn, SqsConfig(fifo=True, batch_size=5,
                                                  report_batch_item_failures=True))
    msgs = [esm.send(failures=1 if i == 2 else 0, group="A") for i in range(5)]
    fn.engine.run()
    assert all(m.state == "deleted" for m in msgs)
    assert [m.receive_count for m in msgs] == [1, 1, 2, 2, 2]
    assert [m.runs for m in msgs] == [1, 1, 2, 1, 1]


@pytest.mark.parametrize("kwargs,field", [({"batch_size": 11}, "batch_size"),
                                          ({"batching_window": 1}, "batching_window")])
def test_fifo_config_limits(kwargs, field):
    """FIFO event sources take at most 10 messages per batch and no batching window.
    https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html"""
    with pytest.raises(ValueError, match=field):
        SqsConfig(fifo=True, **kwargs)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 100), st.sampled_from("abc"), st.integers(0, 2)),
                min_size=1, max_size=50),
       st.integers(1, 10), st.booleans(), st.sampled_from([None, 3]), st.floats(1, 30),
       st.floats(0.5, 20), st.integers(1, 4))
def test_fifo_keeps_group_order_and_conserves_messages(sends, batch, rbif, max_rc, vt, duration,
                                                       conc):
    """FIFO: no two batches of one group in flight together (unless a visibility timeout ended
    during a run: a slow handler or a late start after throttles), deletions per group happen
    in send order, and every message is deleted, dead-lettered or still queued."""
    fn = GroupWatch(duration=duration, concurrency=conc, timeout_s=vt)
    esm = SqsEventSource(fn.engine, fn, SqsConfig(fifo=True, batch_size=batch,
                                                  report_batch_item_failures=rbif,
                                                  visibility_timeout=vt, max_receive_count=max_rc,
                                                  keep_messages=True))
    for t, group, failures in sends:
        fn.engine.schedule(t, lambda a: esm.send(failures=a[1], group=a[0]), (group, failures))
    fn.engine.run(until=300)
    s = esm.stats
    assert s.sent == s.deleted + s.dead_lettered + esm.visible + esm.in_flight
    if duration < vt and s.throttled_batches == 0:
        assert fn.max_per_group <= 1
    for group in "abc":
        done = [m.done_at for m in esm.messages if m.group == group and m.state == "deleted"]
        assert done == sorted(done)


def test_concurrent_batches_count_only_batches_that_run():
    """Batches the function throttles at once do not count as concurrent batches: with 50
    pollers and reserved concurrency 3, at most 3 batches ever run together."""
    fn = Recorded(duration=20.0, concurrency=3)
    esm = SqsEventSource(fn.engine, fn, SqsConfig(batch_size=1, visibility_timeout=30))
    esm.pollers = 50.0
    for _ in range(100):
        esm.send()
    fn.engine.run(until=25)
    assert esm.stats.max_concurrent_batches == 3 and esm.stats.throttled_batches > 0


def test_memory_does_not_grow_with_traffic_by_default():
    """By default the queue keeps no list of processed messages (streaming counters only)."""
    fn = Recorded(duration=0.01)
    esm = SqsEventSource(fn.engine, fn, SqsConfig(batch_size=10, batching_window=1))
    for i in range(2_000):
        fn.engine.schedule(i * 0.01, lambda _: esm.send(), None)
    fn.engine.run()
    assert esm.messages == [] and esm.stats.deleted == 2_000 and esm.visible == 0


def test_scales_back_to_five_when_idle_and_holds_capacity_under_steady_load():
    """After a burst drains, the mapping scales back to 5 concurrent batches; under a steady
    load it keeps the pollers it needs instead of collapsing each time the queue empties.
    https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html"""
    fn = Recorded(duration=1.0)
    esm = SqsEventSource(fn.engine, fn, SqsConfig(batch_size=1))
    for i in range(30_000):                  # 200 messages per second for 150 s
        fn.engine.schedule(i / 200.0, lambda _: esm.send(), None)
    fn.engine.run(until=60.0)
    assert esm.pollers >= 200
    fn.engine.run(until=149.0)
    assert esm.visible < 50 and esm.pollers >= 200   # keeps up, no sawtooth collapse
    fn.engine.run()
    assert esm.pollers == 5 and esm.stats.deleted == 30_000


class _NoShortcuts:
    """The reference: every sent message runs the pump (no shortcut in ``send``) and every
    batch schedules the end of its visibility timeout."""

    def _needs_visibility_event(self, state, inv) -> bool:
        return True

    def send(self, failures: int = 0, group: str = ""):
        from sandbox.sqs import Message
        self._next_id += 1
        msg = Message(self._next_id, self.engine.now, failures, group)
        self.messages.append(msg)
        self.stats.sent += 1
        self._make_visible(msg)
        self._pump(None)
        return msg


class _StandardReference(_NoShortcuts, SqsEventSource):
    """A standard queue without the shortcuts."""


class _FifoReference(_NoShortcuts, FifoSqsEventSource):
    """A FIFO queue without the shortcuts."""


@settings(max_examples=60, deadline=None)
@given(rate=st.sampled_from([2.0, 20.0, 100.0, 400.0]), batch=st.sampled_from([1, 5, 10, 50]),
       window=st.sampled_from([0.0, 0.5, 1.0, 3.0]), duration=st.sampled_from([0.05, 0.7, 4.0]),
       reserved=st.sampled_from([None, 2, 30]), max_conc=st.sampled_from([None, 2, 40]),
       error_rate=st.sampled_from([0.0, 0.3]), rbif=st.booleans(), fifo=st.booleans(),
       visibility=st.sampled_from([3.0, 20.0]), init=st.sampled_from([0.1, 2.5]),
       seed=st.integers(0, 100))
def test_shortcuts_skip_only_work_that_would_do_nothing(rate, batch, window, duration,
                                                        reserved, max_conc, error_rate, rbif,
                                                        fifo, visibility, init, seed):
    """Batches, their times and sizes, and every counter are those of pumping on each message
    and ending every batch's visibility timeout with an event."""
    from sandbox import Poisson
    if fifo:
        batch, window = min(batch, 10), 0.0
    if batch > 10 and window < 1:
        window = 1.0

    def run(kind):
        sim = Simulation(functions=[FunctionConfig(name="fn", duration=Fixed(duration),
                                                   reserved_concurrency=reserved,
                                                   error_rate=error_rate,
                                                   init=InitModel(fixed_s=init),
                                                   timeout_s=min(10.0, visibility))],
                         sources=[Poisson(rate, function="q")], seed=seed, horizon=40.0)
        esm = kind(sim.engine, sim.functions["fn"],
                   SqsConfig(batch_size=batch, batching_window=window,
                             maximum_concurrency=max_conc, visibility_timeout=visibility,
                             max_receive_count=3, report_batch_item_failures=rbif,
                             fifo=fifo, keep_messages=True))
        sim.register_target("q", type("Q", (), {"invoke": lambda self, inv, done: esm.send(
            2 if inv.id % 7 == 0 else 0, f"g{inv.id % 3}")})())
        result = sim.run()
        out = result.to_dict()
        out.pop("events")   # the shortcut runs fewer events, and only that may differ
        return (out, esm.stats.as_dict(), esm.visible, esm.in_flight, esm.pollers,
                [(m.state, m.receive_count, m.runs, m.successes, m.done_at)
                 for m in esm.messages])

    assert run(SqsEventSource) == run(_FifoReference if fifo else _StandardReference)
