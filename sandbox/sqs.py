"""An SQS standard queue with a Lambda event source mapping (ESM) polling it.

The queue keeps each message in one of four states: ``visible`` (waiting), ``inflight`` (received
and hidden for the visibility timeout), ``deleted`` (processed) or ``dlq`` (moved to the
dead-letter queue by the redrive policy). The ESM follows the AWS documentation
(https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html):

* it starts with 5 concurrent batches and, while messages are waiting, adds up to 300 more per
  minute, up to 1,000 concurrent batches (or ``maximum_concurrency``, 2-1,000, if set);
* a batch is sent when ``batch_size`` messages are waiting or the oldest has waited
  ``batching_window`` seconds;
* if the invocation fails (function error, timeout or throttle) every message of the batch
  becomes visible again when its visibility timeout ends; with ``ReportBatchItemFailures`` only
  the messages the handler reports as failed do;
* each receive increments a message's receive count; a message received ``max_receive_count``
  times and still not deleted moves to the DLQ on its next receive (the redrive policy).

Model assumptions: the scale-up is continuous (5 more batches every second while a backlog
exists and every slot is busy); the ESM scales back to 5 when the queue is empty; the 6 MB
batch payload cap and FIFO queues are not modelled. Delivery is at-least-once: a handler slower
than the visibility timeout lets the message be received and processed again.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from .engine import PRIORITY_INTERNAL, Engine
from .invocation import Invocation, Outcome

#: With messages waiting, an SQS event source mapping starts 5 concurrent batches.
#: https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html
INITIAL_CONCURRENT_BATCHES = 5
#: It then adds up to 300 concurrent batches per minute while messages keep waiting.
#: https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html
SCALE_UP_PER_MINUTE = 300
#: At most 1,000 batches are processed at once by one SQS event source mapping.
#: https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html
MAX_CONCURRENT_BATCHES = 1_000
#: ScalingConfig.MaximumConcurrency: from 2 to 1,000 concurrent invocations.
#: https://docs.aws.amazon.com/lambda/latest/api/API_ScalingConfig.html
MAXIMUM_CONCURRENCY_RANGE = (2, 1_000)
#: Batch size for standard queues: 1-10,000 (above 10 needs a batching window of at least 1 s).
#: https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html
BATCH_SIZE_MAX = 10_000
#: MaximumBatchingWindowInSeconds: 0-300 s.
#: https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html
BATCHING_WINDOW_MAX = 300.0
#: SQS visibility timeout: default 30 s.
#: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
VISIBILITY_TIMEOUT_DEFAULT = 30.0
#: SQS visibility timeout: at most 12 hours.
#: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
VISIBILITY_TIMEOUT_MAX = 43_200.0
#: Redrive policy maxReceiveCount: 1-1,000.
#: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
MAX_RECEIVE_COUNT_RANGE = (1, 1_000)

_SCALE_TICK = 1.0
_SCALE_STEP = SCALE_UP_PER_MINUTE * _SCALE_TICK / 60.0   # 5 batches per second


def _require(ok: bool, field: str, expected: str, got: Any) -> None:
    """Raise one clear ValueError naming the field, what was expected and what was given."""
    if not ok:
        raise ValueError(f"{field}: expected {expected}, got {got!r}")


@dataclass(frozen=True)
class SqsConfig:
    """The queue's and the event source mapping's settings.

    ``work_per_batch`` + ``work_per_message`` x n is the handler's duration for a batch of n
    (both ``None``: the function's own duration model).
    """

    batch_size: int = 10
    batching_window: float = 0.0
    maximum_concurrency: int | None = None
    report_batch_item_failures: bool = False
    visibility_timeout: float = VISIBILITY_TIMEOUT_DEFAULT
    max_receive_count: int | None = None
    work_per_batch: float | None = None
    work_per_message: float | None = None

    def __post_init__(self) -> None:
        b = self.batch_size
        _require(isinstance(b, int) and 1 <= b <= BATCH_SIZE_MAX, "SqsConfig.batch_size",
                 "an integer from 1 to 10000", b)
        w = self.batching_window
        _require(isinstance(w, (int, float)) and 0 <= w <= BATCHING_WINDOW_MAX,
                 "SqsConfig.batching_window", "seconds from 0 to 300", w)
        _require(b <= 10 or w >= 1, "SqsConfig.batching_window",
                 "at least 1 s when batch_size is above 10", w)
        m = self.maximum_concurrency
        lo, hi = MAXIMUM_CONCURRENCY_RANGE
        _require(m is None or (isinstance(m, int) and lo <= m <= hi),
                 "SqsConfig.maximum_concurrency", "an integer from 2 to 1000 (or none)", m)
        v = self.visibility_timeout
        _require(isinstance(v, (int, float)) and 0 <= v <= VISIBILITY_TIMEOUT_MAX,
                 "SqsConfig.visibility_timeout", "seconds from 0 to 43200 (12 h)", v)
        r = self.max_receive_count
        lo, hi = MAX_RECEIVE_COUNT_RANGE
        _require(r is None or (isinstance(r, int) and lo <= r <= hi),
                 "SqsConfig.max_receive_count", "an integer from 1 to 1000 (or none)", r)


class Message:
    """One SQS message. ``failures``: how many handler runs fail on it before one succeeds."""

    __slots__ = ("id", "sent", "failures", "receive_count", "runs", "successes", "state",
                 "ready_at", "done_at")

    def __init__(self, id: int, sent: float, failures: int) -> None:
        self.id = id
        self.sent = sent
        self.failures = failures
        self.receive_count = 0
        self.runs = 0          # handler runs that saw this message
        self.successes = 0     # runs that processed it without error (>1: a duplicate)
        self.state = "visible"
        self.ready_at = sent
        self.done_at = -1.0


class SqsStats:
    """Streaming counters for the queue and its event source mapping."""

    __slots__ = ("sent", "deleted", "dead_lettered", "receives", "batches", "failed_batches",
                 "throttled_batches", "duplicates", "max_concurrent_batches", "max_pollers")

    def __init__(self) -> None:
        for name in self.__slots__:
            setattr(self, name, 0)

    def as_dict(self) -> dict[str, int]:
        """The counters as a plain dict."""
        return {name: getattr(self, name) for name in self.__slots__}


class SqsEventSource:
    """A standard queue and the Lambda ESM that drains it into ``function``."""

    def __init__(self, engine: Engine, function: Any, config: SqsConfig | None = None,
                 metrics: Any = None) -> None:
        self.engine = engine
        self.function = function
        self.config = config or SqsConfig()
        self.metrics = metrics
        self.stats = SqsStats()
        self.messages: list[Message] = []
        self._visible: deque[Message] = deque()
        self._visible_count = 0
        self._inflight = 0
        self._busy = 0
        cap = self.config.maximum_concurrency or MAX_CONCURRENT_BATCHES
        self._cap = min(cap, MAX_CONCURRENT_BATCHES)
        self.pollers = float(min(INITIAL_CONCURRENT_BATCHES, self._cap))
        self.stats.max_pollers = int(self.pollers)
        self._scaling = False
        self._window_timer = False
        self._pumping = False
        self._next_id = 0
        self._batch_id = 0

    # -- public ----------------------------------------------------------------------------

    def send(self, failures: int = 0) -> Message:
        """Put one message on the queue now; ``failures`` makes the handler fail on it."""
        self._next_id += 1
        msg = Message(self._next_id, self.engine.now, failures)
        self.messages.append(msg)
        self.stats.sent += 1
        self._make_visible(msg)
        self._pump(None)
        return msg

    @property
    def visible(self) -> int:
        """Messages waiting to be received (ApproximateNumberOfMessagesVisible)."""
        return self._visible_count

    @property
    def in_flight(self) -> int:
        """Messages received and not yet deleted (ApproximateNumberOfMessagesNotVisible)."""
        return self._inflight

    # -- internals ---------------------------------------------------------------------------

    def _make_visible(self, msg: Message) -> None:
        msg.state = "visible"
        msg.ready_at = self.engine.now
        self._visible.append(msg)
        self._visible_count += 1

    def _pump(self, _: Any) -> None:
        """Start batches while a concurrency slot is free and a batch is ready."""
        if self._pumping:
            return   # a throttle answered synchronously: the running loop goes on by itself
        self._pumping = True
        try:
            self._pump_loop()
        finally:
            self._pumping = False

    def _pump_loop(self) -> None:
        config = self.config
        engine = self.engine
        while self._visible_count and self._busy < int(self.pollers):
            if self._visible_count < config.batch_size and config.batching_window > 0:
                oldest = self._peek_oldest()
                if oldest is None:
                    break
                due = oldest.ready_at + config.batching_window
                if engine.now < due:
                    if not self._window_timer:
                        self._window_timer = True
                        engine.schedule(due, self._window_elapsed, None, PRIORITY_INTERNAL)
                    break
            if not self._start_batch():
                break
        if self._visible_count and self._busy >= int(self.pollers) and not self._scaling \
                and self.pollers < self._cap:
            self._scaling = True
            engine.schedule(engine.now + _SCALE_TICK, self._scale, None, PRIORITY_INTERNAL)

    def _window_elapsed(self, _: Any) -> None:
        self._window_timer = False
        self._pump(None)

    def _peek_oldest(self) -> Message | None:
        visible = self._visible
        while visible and visible[0].state != "visible":
            visible.popleft()   # lazily drop messages deleted while they were visible
        return visible[0] if visible else None

    def _scale(self, _: Any) -> None:
        if self._visible_count and self._busy >= int(self.pollers):
            self.pollers = min(self.pollers + _SCALE_STEP, float(self._cap))
            if self.pollers > self.stats.max_pollers:
                self.stats.max_pollers = int(self.pollers)
            self._pump(None)
        if self._visible_count and self.pollers < self._cap:
            self.engine.schedule(self.engine.now + _SCALE_TICK, self._scale, None,
                                 PRIORITY_INTERNAL)
        else:
            self._scaling = False
            if not self._visible_count:
                # Traffic is low again: back to the initial number of concurrent batches.
                self.pollers = float(max(min(INITIAL_CONCURRENT_BATCHES, self._cap), 1))

    def _start_batch(self) -> bool:
        config = self.config
        visible = self._visible
        now = self.engine.now
        batch: list[tuple[Message, int]] = []
        while visible and len(batch) < config.batch_size:
            msg = visible.popleft()
            if msg.state != "visible":
                continue
            self._visible_count -= 1
            if config.max_receive_count is not None and msg.receive_count >= config.max_receive_count:
                msg.state = "dlq"
                msg.done_at = now
                self.stats.dead_lettered += 1
                continue
            msg.receive_count += 1
            msg.state = "inflight"
            self._inflight += 1
            self.stats.receives += 1
            batch.append((msg, msg.receive_count))
            self.engine.schedule(now + config.visibility_timeout, self._visibility_expired,
                                 (msg, msg.receive_count), PRIORITY_INTERNAL)
        if not batch:
            return bool(self._visible_count)
        work = None
        if config.work_per_batch is not None or config.work_per_message is not None:
            work = (config.work_per_batch or 0.0) + (config.work_per_message or 0.0) * len(batch)
        failing = [m.runs < m.failures for m, _ in batch]
        # With ReportBatchItemFailures the handler catches per-message errors and reports them;
        # without it, one bad message makes the whole invocation fail.
        fail = any(failing) and not config.report_batch_item_failures
        self._batch_id += 1
        inv = Invocation(self._batch_id, now, work=work, fail=fail, payload=(batch, failing),
                         source="sqs")
        self._busy += 1
        self.stats.batches += 1
        if self._busy > self.stats.max_concurrent_batches:
            self.stats.max_concurrent_batches = self._busy
        self.function.invoke(inv, self._on_done)
        return True

    def _on_done(self, inv: Invocation) -> None:
        self._busy -= 1
        batch, failing = inv.payload
        outcome = inv.outcome
        now = self.engine.now
        if outcome is Outcome.THROTTLED:
            self.stats.throttled_batches += 1
        else:
            rbif = self.config.report_batch_item_failures
            if outcome is not Outcome.SUCCESS:
                self.stats.failed_batches += 1
            for (msg, receipt), bad in zip(batch, failing):
                msg.runs += 1
                if outcome is not Outcome.SUCCESS or (bad and rbif):
                    continue   # stays hidden; visible again when its visibility timeout ends
                msg.successes += 1
                if msg.successes > 1:
                    self.stats.duplicates += 1
                # Deleting needs the latest receipt handle: an older one leaves the message.
                if msg.receive_count == receipt and msg.state in ("inflight", "visible"):
                    if msg.state == "inflight":
                        self._inflight -= 1
                    else:
                        self._visible_count -= 1
                    msg.state = "deleted"
                    msg.done_at = now
                    self.stats.deleted += 1
        self._pump(None)

    def _visibility_expired(self, arg: tuple[Message, int]) -> None:
        msg, receipt = arg
        if msg.state == "inflight" and msg.receive_count == receipt:
            self._inflight -= 1
            self._make_visible(msg)
            self._pump(None)
