"""Asynchronous invocation: retries, throttle backoff, event age, destinations, DLQ, payload."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from sandbox.async_invoke import (ALWAYS, ASYNC_PAYLOAD_LIMIT_BYTES, AsyncConfig, AsyncInvoker)
from sandbox.engine import PRIORITY_COMPLETE, Engine
from sandbox.invocation import Outcome


class TinyFunction:
    """A stand-in function: fixed duration, a concurrency cap, raises when ``fail`` is set."""

    def __init__(self, engine: Engine, duration: float = 1.0, concurrency: float = float("inf"),
                 throttle_until: float = -1.0) -> None:
        self.engine, self.duration, self.concurrency = engine, duration, concurrency
        self.throttle_until = throttle_until
        self.busy = 0
        self.starts: list[float] = []

    def invoke(self, inv, on_done):
        now = self.engine.now
        if self.busy >= self.concurrency or now < self.throttle_until:
            inv.outcome, inv.end = Outcome.THROTTLED, now
            on_done(inv)
            return
        self.busy += 1
        self.starts.append(now)
        inv.start = now

        def finish(_):
            self.busy -= 1
            inv.end = self.engine.now
            inv.outcome = Outcome.ERROR if inv.fail else Outcome.SUCCESS
            on_done(inv)

        self.engine.schedule(now + (inv.work if inv.work is not None else self.duration), finish,
                             None, PRIORITY_COMPLETE)


def test_function_error_retried_twice_after_one_then_two_minutes():
    """A failing event runs 3 times: retries ~1 min and ~2 min after each failed attempt.
    https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html"""
    eng = Engine(1)
    fn = TinyFunction(eng, duration=1.0)
    inv = AsyncInvoker(eng, fn, AsyncConfig(on_failure="failures"))
    event = inv.submit(failures=ALWAYS)
    eng.run()
    assert fn.starts == [0.0, 61.0, 182.0]
    assert event.status == "failed" and event.attempts == 3
    assert inv.destinations["failures"] == [event]
    assert inv.stats.failed == 1 and inv.stats.retries == 2


@pytest.mark.parametrize("retries", [0, 1, 2])
def test_maximum_retry_attempts_is_respected(retries):
    """MaximumRetryAttempts (0-2) bounds how many times a function error is retried.
    https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-configuring.html"""
    eng = Engine(1)
    fn = TinyFunction(eng)
    inv = AsyncInvoker(eng, fn, AsyncConfig(maximum_retry_attempts=retries))
    inv.submit(failures=ALWAYS)
    eng.run()
    assert len(fn.starts) == retries + 1


def test_retry_can_succeed_and_goes_to_on_success_destination():
    """An event that fails once and then succeeds is delivered to the on-success destination."""
    eng = Engine(1)
    fn = TinyFunction(eng)
    inv = AsyncInvoker(eng, fn, AsyncConfig(on_success="ok", on_failure="bad"))
    event = inv.submit(failures=1)
    eng.run()
    assert event.status == "succeeded" and event.attempts == 2
    assert inv.destinations["ok"] == [event] and inv.destinations["bad"] == []


def test_throttles_back_off_exponentially_from_one_second_to_five_minutes():
    """Throttled events return to the queue; retry interval grows from 1 s to at most 5 min,
    and throttles do not consume the function-error retries.
    https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html"""
    eng = Engine(1)
    fn = TinyFunction(eng, throttle_until=2000.0)
    inv = AsyncInvoker(eng, fn, AsyncConfig())
    event = inv.submit()
    eng.run()
    assert event.status == "succeeded"
    assert event.throttles > 5 and event.attempts == 1
    assert fn.starts and fn.starts[0] >= 2000.0
    # Backoff sequence 1, 2, 4, ... 256, then capped at 300 s.
    assert event.backoff == 300.0


def test_events_older_than_maximum_event_age_are_dropped_to_dlq():
    """A throttled event is discarded when it exceeds MaximumEventAgeInSeconds, and a copy goes
    to the dead-letter queue. https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html"""
    eng = Engine(1)
    fn = TinyFunction(eng, throttle_until=10_000.0)
    inv = AsyncInvoker(eng, fn, AsyncConfig(maximum_event_age=60, dead_letter_queue="dlq"))
    event = inv.submit()
    eng.run()
    assert event.status == "expired" and fn.starts == []
    assert inv.stats.dropped == 1 and inv.destinations["dlq"] == [event]
    assert eng.now == pytest.approx(60.0)


def test_short_event_age_cuts_function_error_retries():
    """With a 60 s maximum age, the +1 min retry after a 1 s attempt is already too old."""
    eng = Engine(1)
    fn = TinyFunction(eng)
    inv = AsyncInvoker(eng, fn, AsyncConfig(maximum_event_age=60))
    event = inv.submit(failures=ALWAYS)
    eng.run()
    assert fn.starts == [0.0] and event.status == "expired"


def test_dead_letter_errors_counted_when_dlq_writes_fail():
    """Failed writes to the DLQ are counted as DeadLetterErrors and the event is not stored.
    https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html"""
    eng = Engine(1)
    inv = AsyncInvoker(eng, TinyFunction(eng), AsyncConfig(maximum_retry_attempts=0,
                                                           dead_letter_queue="dlq",
                                                           dlq_error_rate=1.0))
    inv.submit(failures=ALWAYS)
    eng.run()
    assert inv.stats.dead_letter_errors == 1 and inv.destinations["dlq"] == []


def test_async_event_age_measures_queue_wait():
    """AsyncEventAge is the time from acceptance to each attempt; the max includes retries."""
    eng = Engine(1)
    inv = AsyncInvoker(eng, TinyFunction(eng), AsyncConfig(maximum_retry_attempts=1))
    inv.submit(failures=ALWAYS)
    eng.run()
    assert inv.stats.age_count == 2 and inv.stats.age_max == pytest.approx(61.0)


def test_payload_limit_is_one_megabyte():
    """Async payloads up to 1 MB are accepted (256 KB before October 2025); larger are rejected.
    https://docs.aws.amazon.com/lambda/latest/dg/API_Invoke.html"""
    eng = Engine(1)
    inv = AsyncInvoker(eng, TinyFunction(eng))
    assert ASYNC_PAYLOAD_LIMIT_BYTES == 1_048_576
    assert inv.submit(payload_bytes=512 * 1024) is not None
    assert inv.submit(payload_bytes=ASYNC_PAYLOAD_LIMIT_BYTES + 1) is None
    assert inv.stats.rejected == 1 and inv.stats.received == 1


@pytest.mark.parametrize("field,value", [("maximum_retry_attempts", 3),
                                         ("maximum_retry_attempts", -1),
                                         ("maximum_event_age", 59),
                                         ("maximum_event_age", 21_601),
                                         ("dlq_error_rate", 2.0)])
def test_config_rejects_out_of_range_values_with_the_field_name(field, value):
    """Bad configuration fails with one message naming the field and the allowed range."""
    with pytest.raises(ValueError, match=field):
        AsyncConfig(**{field: value})


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 500), st.integers(0, 4)), min_size=1, max_size=40),
       st.integers(1, 5), st.integers(0, 2), st.integers(60, 600))
def test_every_event_ends_exactly_once(events, concurrency, retries, age):
    """Every accepted event ends exactly once: succeeded, failed or expired; never lost."""
    eng = Engine(3)
    inv = AsyncInvoker(eng, TinyFunction(eng, duration=5.0, concurrency=concurrency),
                       AsyncConfig(maximum_retry_attempts=retries, maximum_event_age=age))
    submitted = []
    for t, failures in events:
        eng.schedule(t, lambda f: submitted.append(inv.submit(failures=f)), failures)
    eng.run()
    s = inv.stats
    assert len(submitted) == s.received == s.succeeded + s.failed + s.dropped
    assert all(e.status in {"succeeded", "failed", "expired"} for e in submitted)
    assert all(e.attempts <= retries + 1 for e in submitted)
