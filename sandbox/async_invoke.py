"""Asynchronous invocation: Lambda's internal event queue, retries, destinations and the DLQ.

A caller hands an event to :class:`AsyncInvoker` and gets ``202 Accepted`` straight away; the
invoker then owns the event. What it does with it follows the AWS documentation
(https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-error-handling.html):

* a **function error** (the handler raised or timed out) is retried up to
  ``maximum_retry_attempts`` times (0-2, default 2): the first retry about one minute after the
  failed attempt, the second about two minutes after the next one;
* a **throttle** (or a system error) puts the event back on the queue and retries it with an
  exponential backoff that starts at 1 s and is capped at 5 min, for as long as the event is
  younger than ``maximum_event_age`` (60 s - 6 h, default 6 h). Throttles do not use up the
  function-error retries;
* an event that succeeds goes to the on-success destination; one that runs out of retries or
  grows too old is discarded, after a record is sent to the on-failure destination and/or the
  dead-letter queue (when configured);
* with reserved concurrency set to 0, new events go straight to the DLQ / on-failure
  destination without retries
  (https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html).

Model assumptions: the queue hands an event to the function ``dispatch_delay`` seconds after it
is accepted (default 0: an empty queue); expiry is checked whenever an attempt falls due, and an
event whose next attempt would come after its deadline is dropped at the deadline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .engine import PRIORITY_INTERNAL, Engine
from .invocation import Invocation, Outcome

#: Largest asynchronous payload: 1 MB since October 2025 (256 KB before). Current value:
#: https://docs.aws.amazon.com/lambda/latest/dg/API_Invoke.html ; the change:
#: https://aws.amazon.com/blogs/compute/more-room-to-build-serverless-services-now-support-payloads-up-to-1-mb
ASYNC_PAYLOAD_LIMIT_BYTES = 1_048_576
#: Delays before the first and second retry after a function error.
FUNCTION_ERROR_RETRY_DELAYS = (60.0, 120.0)
#: Throttle/system-error backoff: starts at 1 s, doubles, capped at 5 min.
THROTTLE_BACKOFF_INITIAL = 1.0
THROTTLE_BACKOFF_MAX = 300.0
#: MaximumEventAgeInSeconds: from 60 s to 6 hours (the default).
#: https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-configuring.html
MIN_EVENT_AGE, MAX_EVENT_AGE = 60.0, 21_600.0
#: MaximumRetryAttempts: 0 to 2 (default 2).
#: https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-configuring.html
MAX_RETRY_ATTEMPTS = 2

#: Where records of asynchronous invocations can go: on success SQS, SNS, Lambda or EventBridge;
#: on failure also S3; a dead-letter queue is a standard SQS queue or SNS topic.
#: https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html
ON_SUCCESS_TYPES = ("sqs", "sns", "lambda", "eventbridge")
ON_FAILURE_TYPES = ("sqs", "sns", "s3", "lambda", "eventbridge")
DLQ_TYPES = ("sqs", "sns")

#: A handler that should fail on every attempt (a "poison" event).
ALWAYS = 1 << 30


def _require(ok: bool, field: str, expected: str, got: Any) -> None:
    """Raise one clear ValueError naming the field, what was expected and what was given."""
    if not ok:
        raise ValueError(f"{field}: expected {expected}, got {got!r}")


@dataclass(frozen=True)
class AsyncConfig:
    """How Lambda treats asynchronous events for one function (an ``EventInvokeConfig``).

    ``on_success`` / ``on_failure`` / ``dead_letter_queue`` name destinations; records are
    collected on the invoker under that name. A name may start with its service type
    (``"sqs:orders-failed"``), which is then checked against the types AWS accepts there.
    ``dlq_error_rate`` is the share of DLQ writes that fail (``DeadLetterErrors``).
    """

    maximum_retry_attempts: int = 2
    maximum_event_age: float = MAX_EVENT_AGE
    on_success: str | None = None
    on_failure: str | None = None
    dead_letter_queue: str | None = None
    dlq_error_rate: float = 0.0
    dispatch_delay: float = 0.0

    def __post_init__(self) -> None:
        r = self.maximum_retry_attempts
        _require(isinstance(r, int) and not isinstance(r, bool) and 0 <= r <= MAX_RETRY_ATTEMPTS,
                 "AsyncConfig.maximum_retry_attempts", "an integer from 0 to 2", r)
        a = self.maximum_event_age
        _require(isinstance(a, (int, float)) and MIN_EVENT_AGE <= a <= MAX_EVENT_AGE,
                 "AsyncConfig.maximum_event_age", "seconds from 60 to 21600 (6 h)", a)
        for field, allowed in (("on_success", ON_SUCCESS_TYPES), ("on_failure", ON_FAILURE_TYPES),
                               ("dead_letter_queue", DLQ_TYPES)):
            name = getattr(self, field)
            _require(name is None or (isinstance(name, str) and name != ""),
                     f"AsyncConfig.{field}", "a destination name", name)
            if name and ":" in name:
                kind = name.split(":", 1)[0]
                _require(kind in allowed, f"AsyncConfig.{field}",
                         f"a destination of type {', '.join(allowed)}", name)
        e = self.dlq_error_rate
        _require(isinstance(e, (int, float)) and 0.0 <= e <= 1.0,
                 "AsyncConfig.dlq_error_rate", "a fraction from 0 to 1", e)
        # An event waiting longer than the maximum event age could only be dropped: capping
        # the delay there also keeps a run from draining for ever.
        _require(isinstance(self.dispatch_delay, (int, float))
                 and 0 <= self.dispatch_delay <= MAX_EVENT_AGE,
                 "AsyncConfig.dispatch_delay", f"seconds from 0 to {MAX_EVENT_AGE:g}",
                 self.dispatch_delay)


class AsyncEvent:
    """One event in the asynchronous queue and what became of it.

    ``failures`` is how many of its first attempts the handler fails (``ALWAYS`` for a poison
    event). ``status`` ends as ``succeeded``, ``failed`` (retries exhausted) or ``expired``;
    a discarded event's ``condition`` is ``RetriesExhausted`` or ``EventAgeExceeded``, and
    ``discarded_at`` the time it left the queue.
    """

    __slots__ = ("id", "accepted", "payload_bytes", "work", "failures", "attempts",
                 "error_attempts", "throttles", "backoff", "status", "condition", "last",
                 "discarded_at")

    def __init__(self, id: int, accepted: float, payload_bytes: int, work: float | None,
                 failures: int) -> None:
        self.id = id
        self.accepted = accepted
        self.payload_bytes = payload_bytes
        self.work = work
        self.failures = failures
        self.attempts = 0          # invocations that reached the handler
        self.error_attempts = 0    # of which ended in a function error
        self.throttles = 0
        self.backoff = 0.0
        self.status = "queued"
        self.condition = ""        # why it was discarded, as in a destination record
        self.last: Invocation | None = None
        self.discarded_at: float | None = None


class AsyncStats:
    """Streaming counters, named after the CloudWatch metrics where one exists."""

    __slots__ = ("received", "rejected", "succeeded", "failed", "dropped", "throttles",
                 "attempts", "retries", "dead_letter_errors", "age_count", "age_sum", "age_max")

    def __init__(self) -> None:
        self.received = 0            # AsyncEventsReceived
        self.rejected = 0            # payload over the limit: never queued
        self.succeeded = 0
        self.failed = 0              # retries exhausted (RetriesExhausted)
        self.dropped = 0             # expired in the queue (EventAgeExceeded)
        self.throttles = 0
        self.attempts = 0
        self.retries = 0             # function-error retries started
        self.dead_letter_errors = 0  # DeadLetterErrors
        self.age_count = 0
        self.age_sum = 0.0
        self.age_max = 0.0           # AsyncEventAge (maximum)

    @property
    def events_dropped(self) -> int:
        """CloudWatch AsyncEventsDropped: events discarded without a successful run, whether
        they ran out of retries or of age (https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html)."""
        return self.failed + self.dropped

    @property
    def age_mean(self) -> float:
        """Mean AsyncEventAge: time from acceptance to each attempt reaching the function."""
        return self.age_sum / self.age_count if self.age_count else 0.0

    def as_dict(self) -> dict[str, float]:
        """The counters as a plain dict (for JSON output and tests)."""
        d = {name: getattr(self, name) for name in self.__slots__}
        d["age_mean"] = self.age_mean
        d["events_dropped"] = self.events_dropped
        return d


class AsyncInvoker:
    """Lambda's asynchronous queue in front of one function.

    ``function`` is anything with ``invoke(invocation, on_done)`` (a function, a version or an
    alias). ``destinations`` maps each configured destination name to the events sent there.
    """

    def __init__(self, engine: Engine, function: Any, config: AsyncConfig | None = None,
                 metrics: Any = None) -> None:
        self.engine = engine
        self.function = function
        self.config = config or AsyncConfig()
        self.metrics = metrics
        # CloudWatch-style series go to the function's metrics when they support extensions.
        self._add = getattr(metrics, "add", None)
        self._drop = getattr(metrics, "record_drop", None)
        self.stats = AsyncStats()
        self.destinations: dict[str, list[AsyncEvent]] = {}
        for name in (self.config.on_success, self.config.on_failure, self.config.dead_letter_queue):
            if name:
                self.destinations.setdefault(name, [])
        self._next_id = 0
        reserved = getattr(getattr(function, "config", None), "reserved_concurrency", None)
        self._zero_reserved = reserved == 0

    def submit(self, payload_bytes: int = 1024, work: float | None = None,
               failures: int = 0) -> AsyncEvent | None:
        """Accept an event now (HTTP 202) or reject it (``None``: payload over 1 MB, HTTP 413)."""
        if payload_bytes > ASYNC_PAYLOAD_LIMIT_BYTES:
            self.stats.rejected += 1
            return None
        self._next_id += 1
        event = AsyncEvent(self._next_id, self.engine.now, payload_bytes, work, failures)
        self.stats.received += 1
        if self._zero_reserved:
            # Reserved concurrency 0: new events go straight to the DLQ / on-failure
            # destination, without retries.
            self._discard(event, "failed", "ReservedConcurrencyZero")
            return event
        delay = self.config.dispatch_delay
        if delay:
            self.engine.schedule(self.engine.now + delay, self._attempt, event, PRIORITY_INTERNAL)
        else:
            self._attempt(event)   # an empty queue hands the event over at once: no heap event
        return event

    # -- internals ----------------------------------------------------------------------------

    def _attempt(self, event: AsyncEvent) -> None:
        now = self.engine.now
        age = now - event.accepted
        if age > self.config.maximum_event_age:
            self._discard(event, "expired")
            return
        stats = self.stats
        stats.attempts += 1
        stats.age_count += 1
        stats.age_sum += age
        if age > stats.age_max:
            stats.age_max = age
        if self._add is not None:
            self._add("AsyncEventAge", now, age, "max")
        inv = Invocation(event.id, now, work=event.work,
                         fail=event.error_attempts < event.failures,
                         payload=event, source="async", attempt=event.attempts + event.throttles)
        event.last = inv
        self.function.invoke(inv, self._on_done)

    def _on_done(self, inv: Invocation) -> None:
        event: AsyncEvent = inv.payload
        inv.payload = None   # the event keeps its last invocation: no cycle left to collect
        outcome = inv.outcome
        if outcome is Outcome.SUCCESS:
            event.attempts += 1
            event.status = "succeeded"
            self.stats.succeeded += 1
            if self.config.on_success:
                self.destinations[self.config.on_success].append(event)
            return
        if outcome is Outcome.THROTTLED:
            event.throttles += 1
            self.stats.throttles += 1
            # Exponential backoff: 1 s, 2 s, 4 s ... capped at 5 min.
            event.backoff = (THROTTLE_BACKOFF_INITIAL if event.backoff == 0.0
                             else min(event.backoff * 2.0, THROTTLE_BACKOFF_MAX))
            self._retry_at(event, self.engine.now + event.backoff)
            return
        # A function error (ERROR or TIMEOUT) reached the handler: it spends one retry.
        event.attempts += 1
        event.error_attempts += 1
        if event.error_attempts > self.config.maximum_retry_attempts:
            self._discard(event, "failed")
            return
        self.stats.retries += 1
        delay = FUNCTION_ERROR_RETRY_DELAYS[min(event.error_attempts, 2) - 1]
        self._retry_at(event, self.engine.now + delay)

    def _retry_at(self, event: AsyncEvent, due: float) -> None:
        deadline = event.accepted + self.config.maximum_event_age
        if due > deadline:
            # The event would be too old by its next attempt: it leaves the queue at its deadline.
            self.engine.schedule(deadline, self._expire, event, PRIORITY_INTERNAL)
        else:
            self.engine.schedule(due, self._attempt, event, PRIORITY_INTERNAL)

    def _expire(self, event: AsyncEvent) -> None:
        self._discard(event, "expired")

    def _discard(self, event: AsyncEvent, status: str, condition: str = "") -> None:
        event.status = status
        event.discarded_at = self.engine.now
        # The condition an on-failure destination record carries.
        event.condition = condition or ("EventAgeExceeded" if status == "expired"
                                        else "RetriesExhausted")
        if self._add is not None:
            self._add("AsyncEventsDropped", self.engine.now, 1.0)
        if status == "expired":
            self.stats.dropped += 1
            if self._drop is not None:
                self._drop()   # the request never completed: count it as dropped, once
        else:
            self.stats.failed += 1
        config = self.config
        if config.on_failure:
            self.destinations[config.on_failure].append(event)
        if config.dead_letter_queue:
            if config.dlq_error_rate and self.engine.rng.random() < config.dlq_error_rate:
                self.stats.dead_letter_errors += 1
                if self._add is not None:
                    self._add("DeadLetterErrors", self.engine.now, 1.0)
            else:
                self.destinations[config.dead_letter_queue].append(event)
