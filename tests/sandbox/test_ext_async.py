"""Asynchronous invocation: retries, throttle backoff, event age, destinations, DLQ, payload."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from sandbox.async_invoke import (ALWAYS, ASYNC_PAYLOAD_LIMIT_BYTES, AsyncConfig, AsyncInvoker)
from sandbox import Fixed, FunctionConfig, InitModel, Invocation, Simulation


def real_function(duration: float = 1.0, **cfg):
    """The model's LambdaFunction, with instant Init so times are exact."""
    cfg.setdefault("init", InitModel(fixed_s=0.0))
    sim = Simulation(functions=[FunctionConfig(name="fn", duration=Fixed(duration), **cfg)])
    return sim.engine, sim.functions["fn"]


def blocked_until(t: float):
    """A function whose only unit of concurrency is busy until ``t`` (so it throttles)."""
    eng, fn = real_function(reserved_concurrency=1, timeout_s=900)
    fn.invoke(Invocation(0, 0.0, work=t), lambda inv: None)
    return eng, fn


def test_function_error_retried_twice_after_one_then_two_minutes():
    """A failing event runs 3 times: retries ~1 min and ~2 min after each failed attempt.
    https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html"""
    eng, fn = real_function(duration=1.0)
    inv = AsyncInvoker(eng, fn, AsyncConfig(on_failure="failures"))
    event = inv.submit(failures=ALWAYS)
    eng.run()
    assert fn.metrics.invocations == 3 and event.last.start == 182.0
    assert inv.stats.age_max == pytest.approx(182.0)
    assert event.status == "failed" and event.attempts == 3
    assert inv.destinations["failures"] == [event] and event.condition == "RetriesExhausted"
    assert inv.stats.failed == 1 and inv.stats.retries == 2 and inv.stats.events_dropped == 1


@pytest.mark.parametrize("retries", [0, 1, 2])
def test_maximum_retry_attempts_is_respected(retries):
    """MaximumRetryAttempts (0-2) bounds how many times a function error is retried.
    https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-configuring.html"""
    eng, fn = real_function()
    inv = AsyncInvoker(eng, fn, AsyncConfig(maximum_retry_attempts=retries))
    inv.submit(failures=ALWAYS)
    eng.run()
    assert fn.metrics.invocations == retries + 1


def test_retry_can_succeed_and_goes_to_on_success_destination():
    """An event that fails once and then succeeds is delivered to the on-success destination."""
    eng, fn = real_function()
    inv = AsyncInvoker(eng, fn, AsyncConfig(on_success="ok", on_failure="bad"))
    event = inv.submit(failures=1)
    eng.run()
    assert event.status == "succeeded" and event.attempts == 2
    assert inv.destinations["ok"] == [event] and inv.destinations["bad"] == []


def test_throttles_back_off_exponentially_from_one_second_to_five_minutes():
    """Throttled events return to the queue; retry interval grows from 1 s to at most 5 min,
    and throttles do not consume the function-error retries.
    https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html"""
    eng, fn = blocked_until(800.0)
    inv = AsyncInvoker(eng, fn, AsyncConfig())
    event = inv.submit()
    eng.run()
    assert event.status == "succeeded"
    assert event.throttles > 5 and event.attempts == 1
    assert event.last.start >= 800.0 and fn.metrics.throttles == event.throttles
    # Backoff sequence 1, 2, 4, ... 256, then capped at 300 s.
    assert event.backoff == 300.0


def test_events_older_than_maximum_event_age_are_dropped_to_dlq():
    """A throttled event is discarded when it exceeds MaximumEventAgeInSeconds, and a copy goes
    to the dead-letter queue. https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html"""
    eng, fn = blocked_until(800.0)
    inv = AsyncInvoker(eng, fn, AsyncConfig(maximum_event_age=60, dead_letter_queue="dlq"),
                       fn.metrics)
    event = inv.submit()
    eng.run(until=100)
    assert event.status == "expired" and event.attempts == 0
    assert event.condition == "EventAgeExceeded"
    assert inv.stats.dropped == 1 and inv.destinations["dlq"] == [event]
    assert fn.metrics.dropped == 1 and "AsyncEventsDropped" in fn.metrics.custom


@pytest.mark.parametrize("max_age", [60, 100, 200])
def test_an_expired_event_is_dropped_at_its_deadline_not_at_the_next_retry(max_age):
    """Throttled with backoff 1, 2, 4 ... s, an event whose next attempt would come after
    accepted + MaximumEventAgeInSeconds leaves the queue *at* that deadline: AsyncEventsDropped
    counts it in the deadline's period (10 s periods here), not when the next retry was due.
    https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html"""
    sim = Simulation(functions=[FunctionConfig(name="fn", duration=Fixed(1.0),
                                               init=InitModel(fixed_s=0.0),
                                               reserved_concurrency=1, timeout_s=900)],
                     period_s=10)
    eng, fn = sim.engine, sim.functions["fn"]
    fn.invoke(Invocation(0, 0.0, work=800.0), lambda inv: None)
    inv = AsyncInvoker(eng, fn, AsyncConfig(maximum_event_age=max_age), fn.metrics)
    event = inv.submit()
    eng.run()
    retries = [0.0]
    while retries[-1] <= max_age:
        retries.append(retries[-1] + min(2.0 ** (len(retries) - 1), 300.0))
    assert retries[-1] > max_age  # the retry the event must not wait for
    assert event.status == "expired" and event.discarded_at == float(max_age)
    assert event.throttles == len(retries) - 1
    assert fn.metrics.custom["AsyncEventsDropped"] == {max_age // 10: [1.0, 1, 1.0]}
    assert fn.metrics.dropped == 1


def test_short_event_age_cuts_function_error_retries():
    """With a 60 s maximum age, the +1 min retry after a 1 s attempt is already too old."""
    eng, fn = real_function()
    inv = AsyncInvoker(eng, fn, AsyncConfig(maximum_event_age=60))
    event = inv.submit(failures=ALWAYS)
    eng.run()
    assert fn.metrics.invocations == 1 and event.status == "expired"


def test_dead_letter_errors_counted_when_dlq_writes_fail():
    """Failed writes to the DLQ are counted as DeadLetterErrors and the event is not stored.
    https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html"""
    eng, fn = real_function()
    inv = AsyncInvoker(eng, fn, AsyncConfig(maximum_retry_attempts=0, dead_letter_queue="dlq",
                                            dlq_error_rate=1.0), fn.metrics)
    inv.submit(failures=ALWAYS)
    eng.run()
    assert inv.stats.dead_letter_errors == 1 and inv.destinations["dlq"] == []
    assert sum(cell[0] for cell in fn.metrics.custom["DeadLetterErrors"].values()) == 1


def test_async_event_age_measures_queue_wait():
    """AsyncEventAge is the time from acceptance to each attempt; the max includes retries."""
    eng, fn = real_function()
    inv = AsyncInvoker(eng, fn, AsyncConfig(maximum_retry_attempts=1), fn.metrics)
    inv.submit(failures=ALWAYS)
    eng.run()
    assert inv.stats.age_count == 2 and inv.stats.age_max == pytest.approx(61.0)
    assert max(cell[2] for cell in fn.metrics.custom["AsyncEventAge"].values()) == pytest.approx(61.0)


def test_payload_limit_is_one_megabyte():
    """Async payloads up to 1 MB are accepted (256 KB before October 2025); larger are rejected.
    https://docs.aws.amazon.com/lambda/latest/dg/API_Invoke.html"""
    eng, fn = real_function()
    inv = AsyncInvoker(eng, fn)
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
    eng, fn = real_function(duration=5.0, reserved_concurrency=concurrency, timeout_s=10.0)
    inv = AsyncInvoker(eng, fn, AsyncConfig(maximum_retry_attempts=retries, maximum_event_age=age))
    submitted = []
    for t, failures in events:
        eng.schedule(t, lambda f: submitted.append(inv.submit(failures=f)), failures)
    eng.run()
    s = inv.stats
    assert len(submitted) == s.received == s.succeeded + s.failed + s.dropped
    assert all(e.status in {"succeeded", "failed", "expired"} for e in submitted)
    assert all(e.attempts <= retries + 1 for e in submitted)


def test_destination_types_are_checked():
    """On success: SQS, SNS, Lambda, EventBridge; on failure also S3; a DLQ is SQS or SNS.
    https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html"""
    AsyncConfig(on_success="eventbridge:bus", on_failure="s3:bucket", dead_letter_queue="sns:t")
    with pytest.raises(ValueError, match="on_success"):
        AsyncConfig(on_success="s3:bucket")
    with pytest.raises(ValueError, match="dead_letter_queue"):
        AsyncConfig(dead_letter_queue="lambda:handler")


def test_reserved_concurrency_zero_sends_events_straight_to_the_dlq():
    """With reserved concurrency 0, new events go to the DLQ / on-failure destination at once,
    without retries. https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html"""
    eng, fn = real_function(reserved_concurrency=0)
    inv = AsyncInvoker(eng, fn, AsyncConfig(dead_letter_queue="sqs:dlq", on_failure="sqs:f"))
    event = inv.submit()
    eng.run()
    assert inv.destinations["sqs:dlq"] == [event] and inv.destinations["sqs:f"] == [event]
    assert fn.metrics.throttles == 0 and inv.stats.attempts == 0 and eng.now == 0.0
