"""An SQS standard queue with a Lambda event source mapping (ESM) polling it.

The queue keeps each message in one of four states: ``visible`` (waiting), ``inflight`` (received
and hidden for the visibility timeout), ``deleted`` (processed) or ``dlq`` (moved to the
dead-letter queue by the redrive policy). The ESM follows the AWS documentation
(https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html):

* it starts with 5 concurrent batches and, while messages are waiting, adds up to 300 more per
  minute, up to 1,000 concurrent batches (or ``maximum_concurrency``, 2-1,000, if set);
* a batch is sent when ``batch_size`` messages are waiting or the oldest has waited
  ``batching_window`` seconds;
* if the invocation fails (function error or timeout) every message of the batch becomes
  visible again when its visibility timeout ends; with ``ReportBatchItemFailures`` only the
  messages the handler reports as failed do;
* a throttled batch stays with its poller, which retries it while the messages are still
  hidden (the reason AWS recommends a visibility timeout of 6 x the function timeout); when
  the visibility timeout ends first, the messages go back to the queue;
* each receive increments a message's receive count; a message received ``max_receive_count``
  times and still not deleted moves to the DLQ on its next receive (the redrive policy).

FIFO queues (``fifo=True``) deliver each message group in order: while any message of a group
is in flight no other message of that group is received, so a failing message holds back its
group (and only its group) until it is deleted or redriven. Concurrency is bounded by the
number of groups with messages waiting (or ``maximum_concurrency``), without the 5 -> +300/min
ramp. With ``ReportBatchItemFailures`` the handler stops at the first failure and reports it and
every later message of the batch as not processed.

Model assumptions: the scale-up is continuous (5 more batches every second while a backlog
exists and every slot is busy running, none backing off a throttle); once the queue is empty,
idle pollers are released each second down to the busy ones plus 5 (never below 5); throttle
retries wait ``facts.SQS_THROTTLE_RETRY_S``, doubling each time; the 6 MB batch payload cap and
the provisioned-poller mode are not modelled. Delivery is at-least-once:
a message whose visibility timeout ends before it is deleted (its batch was throttled, failed,
or spent long in Init) is received and processed again; a function timeout longer than the
visibility timeout is refused, as Lambda does.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from . import durations, facts
from .engine import PRIORITY_INTERNAL, Engine
from .invocation import Invocation, Outcome

#: With messages waiting, an SQS event source mapping starts 5 concurrent batches.
#: https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html
INITIAL_CONCURRENT_BATCHES = 5
#: It then adds up to 300 concurrent batches per minute while messages keep waiting (raised
#: from 60 per minute, "up to five times faster"):
#: https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html
#: https://aws.amazon.com/blogs/compute/introducing-faster-polling-scale-up-for-aws-lambda-functions-configured-with-amazon-sqs/
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
#: FIFO queues: batch size at most 10, and no batching window.
#: https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html
FIFO_BATCH_SIZE_MAX = 10
#: SQS visibility timeout: default 30 s.
#: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
VISIBILITY_TIMEOUT_DEFAULT = 30.0
#: SQS visibility timeout: at most 12 hours.
#: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html
VISIBILITY_TIMEOUT_MAX = 43_200.0
#: The queue's visibility timeout should be at least 6 times the function timeout (room to retry
#: throttled batches); a function timeout above the visibility timeout is refused outright.
#: https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
VISIBILITY_TIMEOUT_FACTOR = 6
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
    (both ``None``: the function's own duration model). ``keep_messages`` keeps every message
    in ``SqsEventSource.messages`` (for labs and tests; memory grows with the traffic).
    """

    batch_size: int = 10
    batching_window: float = 0.0
    maximum_concurrency: int | None = None
    report_batch_item_failures: bool = False
    visibility_timeout: float = VISIBILITY_TIMEOUT_DEFAULT
    max_receive_count: int | None = None
    work_per_batch: float | None = None
    work_per_message: float | None = None
    fifo: bool = False
    keep_messages: bool = False

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
        if self.fifo:
            _require(b <= FIFO_BATCH_SIZE_MAX, "SqsConfig.batch_size",
                     "at most 10 for a FIFO queue", b)
            _require(w == 0, "SqsConfig.batching_window", "0 for a FIFO queue (not supported)", w)
        for name in ("work_per_batch", "work_per_message"):
            value = getattr(self, name)
            _require(value is None or (isinstance(value, (int, float))
                                       and 0 <= value <= durations.MAX_DURATION_S),
                     f"SqsConfig.{name}",
                     f"seconds from 0 to {durations.MAX_DURATION_S:,.0f} (or none)", value)
        r = self.max_receive_count
        lo, hi = MAX_RECEIVE_COUNT_RANGE
        _require(r is None or (isinstance(r, int) and lo <= r <= hi),
                 "SqsConfig.max_receive_count", "an integer from 1 to 1000 (or none)", r)


class Message:
    """One SQS message. ``failures``: how many handler runs fail on it before one succeeds."""

    __slots__ = ("id", "sent", "failures", "group", "receive_count", "runs", "successes",
                 "state", "ready_at", "done_at")

    def __init__(self, id: int, sent: float, failures: int, group: str = "") -> None:
        self.id = id
        self.group = group     # message group ID (FIFO queues)
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
        timeout = getattr(getattr(function, "config", None), "timeout_s", None)
        # Lambda validates this when the mapping is created: a handler may not outlive the
        # visibility timeout of the messages it holds.
        _require(timeout is None or timeout <= self.config.visibility_timeout,
                 "SqsConfig.visibility_timeout",
                 f"at least the function timeout ({timeout} s); Lambda refuses the mapping "
                 "otherwise", self.config.visibility_timeout)
        self.stats = SqsStats()
        self.messages: list[Message] = []
        self._visible: deque[Message] = deque()
        self._visible_count = 0
        self._inflight = 0
        self._busy = 0       # batches holding a concurrency slot (running or backing off)
        self._running = 0    # of which have an invocation running
        self._waiting = 0    # of which wait to retry after a throttle
        cap = self.config.maximum_concurrency or MAX_CONCURRENT_BATCHES
        self._cap = min(cap, MAX_CONCURRENT_BATCHES)
        self.pollers = float(min(INITIAL_CONCURRENT_BATCHES, self._cap))
        self.stats.max_pollers = int(self.pollers)
        self._scaling = False
        self._window_timer = False
        self._window_due = 0.0   # when the pending window timer fires
        self._pumping = False
        self._next_id = 0
        self._batch_id = 0

    # -- public ----------------------------------------------------------------------------

    def __new__(cls, engine: Engine, function: Any, config: SqsConfig | None = None,
                metrics: Any = None) -> "SqsEventSource":
        # A FIFO configuration gets the FIFO queue, whoever builds the event source.
        if cls is SqsEventSource and config is not None and config.fifo:
            cls = FifoSqsEventSource
        return object.__new__(cls)

    def send(self, failures: int = 0, group: str = "") -> Message:
        """Put one message on the queue now; ``failures`` makes the handler fail on it;
        ``group`` is its message group ID (FIFO queues only)."""
        self._next_id += 1
        now = self.engine.now
        msg = Message(self._next_id, now, failures, group)
        if self.config.keep_messages:
            self.messages.append(msg)   # only on request: memory would grow with the traffic
        self.stats.sent += 1
        self._make_visible(msg)
        # Most messages join a queue where nothing can start yet; skip the pump when it is
        # sure to do nothing (its loop and scale-up check would find exactly this).
        if self._busy >= int(self.pollers):
            if self._scaling:
                return msg   # every slot busy and the scale-up tick already due
        elif (self._window_timer and now < self._window_due
              and self._visible_count < self.config.batch_size):
            # A free slot waits for a full batch or the window: the pending timer (set for the
            # oldest waiting message, never later than the current oldest's) comes first.
            return msg
        self._pump(None)
        return msg

    def advice(self) -> list[str]:
        """Documented recommendations this setup does not follow (empty when it follows them)."""
        notes = []
        timeout = getattr(getattr(self.function, "config", None), "timeout_s", None)
        vt = self.config.visibility_timeout
        if timeout is not None and vt < VISIBILITY_TIMEOUT_FACTOR * timeout:
            notes.append(f"visibility timeout {vt:g} s is under 6 x the "
                         f"function timeout ({VISIBILITY_TIMEOUT_FACTOR * timeout:g} s): throttled "
                         "batches may run out of retries")
        if self.config.max_receive_count is None:
            notes.append("no redrive policy: a poison message is retried until it expires")
        return notes

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
                        self._window_due = due
                        engine.schedule(due, self._window_elapsed, None, PRIORITY_INTERNAL)
                    break
            if not self._start_batch():
                break
        # Scale up only while every slot is busy running batches, not backing off throttles.
        if (not self._scaling and self._visible_count and self._busy >= int(self.pollers)
                and not self._waiting and self.pollers < self._cap):
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
        """One scaling tick: grow while a backlog waits on busy slots, shrink when idle."""
        initial = float(min(INITIAL_CONCURRENT_BATCHES, self._cap))
        if self._visible_count:
            if self._busy >= int(self.pollers) and not self._waiting:
                self.pollers = min(self.pollers + _SCALE_STEP, float(self._cap))
                if self.pollers > self.stats.max_pollers:
                    self.stats.max_pollers = int(self.pollers)
                self._pump(None)
        else:
            # Traffic is low: release idle pollers, keeping a little headroom above the busy
            # ones, down to the initial number.
            self.pollers = max(initial, min(self.pollers, float(self._busy) + initial))
        if (self._visible_count and self.pollers < self._cap) or self.pollers > initial:
            self.engine.schedule(self.engine.now + _SCALE_TICK, self._scale, None,
                                 PRIORITY_INTERNAL)
        else:
            self._scaling = False

    def _receive_from(self, queue: deque[Message], batch: list[tuple[Message, int]],
                      now: float) -> int:
        """Receive messages from the head of ``queue`` into ``batch`` (with their receipt, the
        receive count) until it is full or ``queue`` is empty; return how many joined.

        Entries no longer visible (deleted while waiting) are dropped; a message already
        received ``max_receive_count`` times goes to the DLQ instead (the redrive policy).
        """
        size = self.config.batch_size
        limit = self.config.max_receive_count
        stats = self.stats
        joined = 0
        while queue and len(batch) < size:
            msg = queue.popleft()
            if msg.state != "visible":
                continue
            self._visible_count -= 1
            if limit is not None and msg.receive_count >= limit:
                msg.state = "dlq"
                msg.done_at = now
                stats.dead_lettered += 1
                continue
            msg.receive_count += 1
            msg.state = "inflight"
            batch.append((msg, msg.receive_count))
            joined += 1
        self._inflight += joined
        stats.receives += joined
        return joined

    def _take_batch(self, now: float) -> list[tuple[Message, int]]:
        batch: list[tuple[Message, int]] = []
        self._receive_from(self._visible, batch, now)
        return batch

    def _failing(self, batch: list[tuple[Message, int]]) -> list[int]:
        """Per message: 0 processed fine, 1 failed, 2 not processed at all (FIFO)."""
        return [1 if m.runs < m.failures else 0 for m, _ in batch]

    def _left_flight(self, msg: Message) -> None:
        self._inflight -= 1

    def _start_batch(self) -> bool:
        config = self.config
        now = self.engine.now
        batch = self._take_batch(now)
        if not batch:
            return bool(self._visible_count)
        work = None
        if config.work_per_batch is not None or config.work_per_message is not None:
            work = (config.work_per_batch or 0.0) + (config.work_per_message or 0.0) * len(batch)
        failing = self._failing(batch)
        # With ReportBatchItemFailures the handler catches per-message errors and reports them;
        # without it, one bad message makes the whole invocation fail.
        fail = any(failing) and not config.report_batch_item_failures
        state = _Batch(batch, failing, now, work, fail)
        self._busy += 1
        self.stats.batches += 1
        inv = self._invoke(state)
        # The whole batch shares one receive time, so one event ends its visibility.
        if self._needs_visibility_event(state, inv):
            self.engine.schedule(now + config.visibility_timeout, self._visibility_ended,
                                 state, PRIORITY_INTERNAL)
        return True

    def _needs_visibility_event(self, state: "_Batch", inv: Invocation) -> bool:
        """False when the batch's first invocation will delete every message before their
        visibility timeout ends: the event would find nothing to return to the queue.

        The model's functions decide an invocation's outcome and end when it starts (a
        throttle has already answered); anything undecided keeps the event.
        """
        return not (state.phase == "running" and inv.outcome is Outcome.SUCCESS
                    and 0 <= inv.end < state.received + self.config.visibility_timeout
                    and not (self.config.report_batch_item_failures and any(state.failing)))

    def _invoke(self, state: "_Batch") -> Invocation:
        self._batch_id += 1
        inv = Invocation(self._batch_id, self.engine.now, work=state.work, fail=state.fail,
                         payload=state, source="sqs")
        if state.phase == "waiting":
            self._waiting -= 1
        state.phase = "running"
        self.function.invoke(inv, self._on_done)
        # Counted after the call: a batch the function throttled at once is not running.
        if state.phase == "running":
            self._running += 1
            if self._running > self.stats.max_concurrent_batches:
                self.stats.max_concurrent_batches = self._running
        return inv

    def _retry(self, state: "_Batch") -> None:
        if state.phase == "waiting":
            self._invoke(state)

    def _visibility_ended(self, state: "_Batch") -> None:
        if state.phase == "waiting":
            # Still backing off after throttles: the poller gives the batch up.
            state.phase = "done"
            self._busy -= 1
            self._waiting -= 1
        self._batch_expired(state.items)
        self._pump(None)

    def _on_done(self, inv: Invocation) -> None:
        state: _Batch = inv.payload
        batch, failing = state.items, state.failing
        outcome = inv.outcome
        now = self.engine.now
        if outcome is Outcome.THROTTLED:
            self.stats.throttled_batches += 1
            # The poller keeps the batch and retries with a doubling delay while the messages
            # stay hidden; once the visibility timeout ends they go back to the queue.
            state.backoff = state.backoff * 2.0 if state.backoff else facts.SQS_THROTTLE_RETRY_S
            state.phase = "waiting"
            self._waiting += 1
            due = now + state.backoff
            if due < state.received + self.config.visibility_timeout:
                self.engine.schedule(due, self._retry, state, PRIORITY_INTERNAL)
            return
        if state.phase == "running":
            self._running -= 1
        if state.phase != "done":
            self._busy -= 1
        state.phase = "done"
        rbif = self.config.report_batch_item_failures
        ok = outcome is Outcome.SUCCESS
        stats = self.stats
        if not ok:
            stats.failed_batches += 1
        left_flight = self._left_flight
        for (msg, receipt), bad in zip(batch, failing):
            if bad and rbif:
                if bad == 1:
                    msg.runs += 1
                continue   # failed (stays hidden until its visibility timeout ends), or
                # reported back unprocessed (FIFO: after the first failure)
            msg.runs += 1
            if not ok:
                continue   # stays hidden; visible again when its visibility timeout ends
            msg.successes += 1
            if msg.successes > 1:
                stats.duplicates += 1
            # Deleting needs the latest receipt handle: an older one leaves the message.
            if msg.receive_count == receipt:
                state = msg.state
                if state == "inflight":
                    left_flight(msg)
                elif state == "visible":
                    self._visible_count -= 1
                else:
                    continue
                msg.state = "deleted"
                msg.done_at = now
                stats.deleted += 1
        self._pump(None)

    def _batch_expired(self, batch: list[tuple[Message, int]]) -> None:
        """The batch's visibility timeout ended: messages not yet deleted are visible again."""
        for msg, receipt in batch:
            if msg.state == "inflight" and msg.receive_count == receipt:
                self._inflight -= 1
                self._make_visible(msg)


class _Batch:
    """One received batch: its messages, which of them fail, and where its poller stands
    (``running`` an invocation, ``waiting`` to retry after a throttle, or ``done``)."""

    __slots__ = ("items", "failing", "received", "work", "fail", "backoff", "phase")

    def __init__(self, items: list[tuple[Message, int]], failing: list[int], received: float,
                 work: float | None, fail: bool) -> None:
        self.items = items
        self.failing = failing
        self.received = received
        self.work = work
        self.fail = fail
        self.backoff = 0.0
        self.phase = "running"


class FifoSqsEventSource(SqsEventSource):
    """A FIFO queue: message groups delivered in order, one batch per group at a time.

    Built automatically by ``SqsEventSource(...)`` when ``config.fifo`` is true.
    """

    def __init__(self, engine: Engine, function: Any, config: SqsConfig | None = None,
                 metrics: Any = None) -> None:
        super().__init__(engine, function, config, metrics)
        self._groups: dict[str, deque[Message]] = {}
        self._group_inflight: dict[str, int] = {}
        self._ready: deque[str] = deque()     # groups that may have a message to receive
        self._in_ready: set[str] = set()
        self.pollers = float(self._cap)       # bounded by the number of groups instead
        self.stats.max_pollers = self._cap

    def _make_visible(self, msg: Message) -> None:
        msg.state = "visible"
        msg.ready_at = self.engine.now
        self._groups.setdefault(msg.group, deque()).append(msg)
        self._visible_count += 1
        self._mark_ready(msg.group)

    def _mark_ready(self, group: str) -> None:
        if group not in self._in_ready and not self._group_inflight.get(group):
            self._in_ready.add(group)
            self._ready.append(group)

    def _pump_loop(self) -> None:
        while self._ready and self._busy < self._cap:
            if not self._start_batch():
                break

    def _take_batch(self, now: float) -> list[tuple[Message, int]]:
        size = self.config.batch_size
        batch: list[tuple[Message, int]] = []
        inflight = self._group_inflight
        while self._ready and len(batch) < size:
            group = self._ready.popleft()
            self._in_ready.discard(group)
            if inflight.get(group):
                continue   # a message of this group is in flight: the group waits
            queue = self._groups[group]
            joined = self._receive_from(queue, batch, now)
            if joined:
                inflight[group] = inflight.get(group, 0) + joined
            if queue and not inflight.get(group):
                self._mark_ready(group)   # everything taken went to the DLQ: still ready
        return batch

    def _failing(self, batch: list[tuple[Message, int]]) -> list[int]:
        flags = super()._failing(batch)
        if self.config.report_batch_item_failures and 1 in flags:
            first = flags.index(1)
            flags[first + 1:] = [2] * (len(flags) - first - 1)
        return flags

    def _left_flight(self, msg: Message) -> None:
        self._inflight -= 1
        left = self._group_inflight[msg.group] - 1
        self._group_inflight[msg.group] = left
        if left == 0 and self._groups[msg.group]:
            self._mark_ready(msg.group)

    def _batch_expired(self, batch: list[tuple[Message, int]]) -> None:
        back: dict[str, list[Message]] = {}
        for msg, receipt in batch:
            if msg.state == "inflight" and msg.receive_count == receipt:
                back.setdefault(msg.group, []).append(msg)
        for group, msgs in back.items():
            # Returned messages go back to the head of their group, in their original order.
            queue = self._groups[group]
            for msg in reversed(msgs):
                msg.state = "visible"
                msg.ready_at = self.engine.now
                queue.appendleft(msg)
            self._visible_count += len(msgs)
            self._inflight -= len(msgs)
            self._group_inflight[group] -= len(msgs)
            if not self._group_inflight[group]:
                self._mark_ready(group)
