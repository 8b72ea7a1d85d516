"""Kinesis Data Streams and DynamoDB Streams read by a Lambda event source mapping.

A stream is split into shards; a record goes to the shard its partition key hashes to. The
mapping reads each shard in order. With a parallelization factor N (1-10) each shard is read
by N concurrent batches, and records with the same partition key always land in the same one,
so order is kept per key rather than per shard
(https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html).

When a batch fails (function error or timeout) the mapping retries the same batch and the
shard (or the key's lane) waits: one bad record - a *poison pill* - holds back everything
behind it until one of these lets it go:

* ``maximum_retry_attempts`` (-1 = until the record expires, else 0-10,000) run out;
* a record grows older than ``maximum_record_age`` (-1 = never, else 60 s - 7 days);
* the stream's retention (24 h by default) deletes it.

``bisect_on_error`` splits a failed batch in two and retries the halves separately, which
isolates the poison pill. With ``report_batch_item_failures`` the handler reports the first
failed record instead of failing the whole batch; Lambda checkpoints the records before it and
retries from it (https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html).
Discarded batches are sent to the ``on_failure`` destination (their
metadata, in AWS). ``IteratorAge`` is how old the last record of a batch is when the batch is
sent: a growing IteratorAge means the function is falling behind.

Model assumptions: a lane starts its next batch as soon as the previous one ends (no polling
delay); a failed attempt that leads to a split does not use up a retry (the halves start with
a fresh count); a throttled batch is retried after ``throttle_retry_s`` without using a retry.
"""

from __future__ import annotations

import zlib
from collections import deque
from dataclasses import dataclass
from typing import Any

from . import durations, facts, limits
from .engine import PRIORITY_INTERNAL, Engine
from .invocation import Invocation, Outcome

#: Shards of one stream: Kinesis sets no upper limit, but an account's default shard quota is
#: at most 20,000 (the largest Regions); the model stops there, so a typo cannot ask for more
#: shards than memory holds.
#: https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html
SHARDS_MAX = 20_000
#: BatchSize: default 100, maximum 10,000 (Kinesis and DynamoDB Streams).
#: https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-parameters.html
BATCH_SIZE_DEFAULT = 100
BATCH_SIZE_MAX = 10_000
#: ParallelizationFactor: 1 to 10 concurrent batches per shard.
#: https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-parameters.html
PARALLELIZATION_MAX = 10
#: MaximumRetryAttempts: -1 (infinite, the default) or 0-10,000.
#: https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-params.html
RETRY_ATTEMPTS_MAX = 10_000
#: MaximumRecordAgeInSeconds: -1 (infinite, the default) or 60-604,800 s (7 days).
#: https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-parameters.html
RECORD_AGE_MIN, RECORD_AGE_MAX = 60.0, 604_800.0
#: MaximumBatchingWindowInSeconds: 0-300 s.
#: https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-parameters.html
BATCHING_WINDOW_MAX = 300.0
#: On-failure destinations for stream event sources: an SQS queue, SNS topic or S3 bucket.
#: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-lambda-eventinvokeconfig-onfailure.html
ON_FAILURE_TYPES = ("sqs", "sns", "s3")
#: Default retention: 24 hours for both Kinesis Data Streams and DynamoDB Streams.
#: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html
RETENTION_DEFAULT = 86_400.0


def _require(ok: bool, field: str, expected: str, got: Any) -> None:
    """Raise one clear ValueError naming the field, what was expected and what was given."""
    if not ok:
        raise ValueError(f"{field}: expected {expected}, got {got!r}")


@dataclass(frozen=True)
class StreamConfig:
    """The stream (shards, retention) and its event source mapping's settings."""

    shards: int = 1
    batch_size: int = BATCH_SIZE_DEFAULT
    batching_window: float = 0.0
    parallelization_factor: int = 1
    bisect_on_error: bool = False
    report_batch_item_failures: bool = False
    maximum_retry_attempts: int = -1
    maximum_record_age: float = -1
    on_failure: str | None = None
    retention: float = RETENTION_DEFAULT
    work_per_batch: float | None = None
    work_per_record: float | None = None
    throttle_retry_s: float = facts.STREAM_THROTTLE_RETRY_S
    keep_log: bool = False

    def __post_init__(self) -> None:
        f = "StreamConfig."
        _require(isinstance(self.shards, int) and 1 <= self.shards <= SHARDS_MAX, f + "shards",
                 "an integer from 1 to 20000 (the default shard quota of an account)",
                 self.shards)
        _require(isinstance(self.batch_size, int) and 1 <= self.batch_size <= BATCH_SIZE_MAX,
                 f + "batch_size", "an integer from 1 to 10000", self.batch_size)
        _require(isinstance(self.batching_window, (int, float))
                 and 0 <= self.batching_window <= BATCHING_WINDOW_MAX,
                 f + "batching_window", "seconds from 0 to 300", self.batching_window)
        p = self.parallelization_factor
        _require(isinstance(p, int) and 1 <= p <= PARALLELIZATION_MAX,
                 f + "parallelization_factor", "an integer from 1 to 10", p)
        r = self.maximum_retry_attempts
        _require(isinstance(r, int) and (r == -1 or 0 <= r <= RETRY_ATTEMPTS_MAX),
                 f + "maximum_retry_attempts", "-1 (infinite) or an integer from 0 to 10000", r)
        a = self.maximum_record_age
        _require(isinstance(a, (int, float)) and (a == -1 or RECORD_AGE_MIN <= a <= RECORD_AGE_MAX),
                 f + "maximum_record_age", "-1 (infinite) or seconds from 60 to 604800", a)
        d = self.on_failure
        _require(d is None or (isinstance(d, str) and d != ""), f + "on_failure",
                 "a destination name", d)
        if d and ":" in d:
            _require(d.split(":", 1)[0] in ON_FAILURE_TYPES, f + "on_failure",
                     "a destination of type sqs, sns or s3", d)
        _require(isinstance(self.retention, (int, float)) and self.retention > 0,
                 f + "retention", "seconds > 0", self.retention)
        # Handler seconds: a negative or unbounded value would give a run time no billing or
        # metric can hold (as SqsConfig checks its own).
        for name in ("work_per_batch", "work_per_record"):
            value = getattr(self, name)
            _require(value is None or (isinstance(value, (int, float))
                                       and 0 <= value <= durations.MAX_DURATION_S),
                     f + name, f"seconds from 0 to {durations.MAX_DURATION_S:,.0f} (or none)",
                     value)
        t = self.throttle_retry_s
        _require(isinstance(t, (int, float)) and 0 <= t <= durations.MAX_DURATION_S,
                 f + "throttle_retry_s", f"seconds from 0 to {durations.MAX_DURATION_S:,.0f}", t)


#: For how many partition keys a stream keeps the shard and lane (see ``_place``).
_KEYS_PLACED = 4096


class StreamRecord:
    """One record: its shard, partition key, sequence number, arrival time and fate."""

    __slots__ = ("seq", "shard", "key", "arrival", "failures", "runs", "state")

    def __init__(self, seq: int, shard: int, key: str, arrival: float, failures: int) -> None:
        self.seq = seq
        self.shard = shard
        self.key = key
        self.arrival = arrival
        self.failures = failures   # handler runs that fail on it (ALWAYS: a poison pill)
        self.runs = 0
        self.state = "pending"     # -> processed | discarded | expired


class _Lane:
    """One of a shard's N concurrent readers: a FIFO of records and at most one batch."""

    __slots__ = ("shard", "index", "records", "retry", "busy", "attempts", "timer", "sent_at",
                 "resent_at_once")

    def __init__(self, shard: int, index: int) -> None:
        self.shard = shard
        self.index = index
        self.records: deque[StreamRecord] = deque()
        self.retry: list[StreamRecord] | None = None
        self.busy = False
        self.attempts = 0
        self.timer = False
        self.sent_at = -1.0          # when the lane last sent a batch
        self.resent_at_once = 0      # retries sent since then without simulated time passing


class StreamStats:
    """Streaming counters and the IteratorAge metric."""

    __slots__ = ("put", "processed", "discarded", "expired", "batches", "failed_batches",
                 "throttled_batches", "bisections", "iterator_age_max", "iterator_age_last",
                 "max_concurrent_batches")

    def __init__(self) -> None:
        for name in self.__slots__:
            setattr(self, name, 0)

    def as_dict(self) -> dict[str, float]:
        """The counters as a plain dict."""
        return {name: getattr(self, name) for name in self.__slots__}


class StreamEventSource:
    """A stream and the Lambda event source mapping that reads it into ``function``.

    ``destinations[on_failure]`` collects discarded records; with ``keep_log``, ``log`` keeps
    the processing order and ``iterator_age`` one ``(time, age)`` sample per batch (otherwise
    only streaming counters are kept, so memory does not grow with the records).
    """

    def __init__(self, engine: Engine, function: Any, config: StreamConfig | None = None,
                 metrics: Any = None) -> None:
        self.engine = engine
        self.function = function
        self.config = config or StreamConfig()
        self.metrics = metrics
        self._add = getattr(metrics, "add", None)   # the function's CloudWatch-style series
        self.stats = StreamStats()
        factor = self.config.parallelization_factor
        self._lanes = [[_Lane(s, i) for i in range(factor)] for s in range(self.config.shards)]
        self.destinations: dict[str, list[StreamRecord]] = (
            {self.config.on_failure: []} if self.config.on_failure else {})
        self.iterator_age: list[tuple[float, float]] = []
        self.log: list[StreamRecord] = []
        self._seq = 0
        self._busy = 0
        self._batch_id = 0
        self._key_place: dict[str, tuple[int, _Lane]] = {}

    def put(self, key: str = "k", failures: int = 0) -> StreamRecord:
        """Append one record now; its partition key picks the shard (and the lane in it)."""
        self._seq += 1
        place = self._key_place.get(key)
        if place is None:
            place = self._place(key)
        shard, lane = place
        rec = StreamRecord(self._seq, shard, key, self.engine.now, failures)
        self.stats.put += 1
        lane.records.append(rec)
        if not lane.busy:
            self._pump(lane)
        return rec

    def _place(self, key: str) -> tuple[int, "_Lane"]:
        """The shard and the lane a partition key's records go to."""
        h = zlib.crc32(key.encode())   # stable across runs, unlike hash()
        shards = self.config.shards
        shard = h % shards
        place = (shard, self._lanes[shard][(h // shards) % self.config.parallelization_factor])
        # Kept for the first few thousand keys, so a record need not hash its key again
        # (traffic reuses a few keys) without memory growing with unique keys.
        if len(self._key_place) < _KEYS_PLACED:
            self._key_place[key] = place
        return place

    @property
    def pending(self) -> int:
        """Records not yet processed, discarded or expired (including those in flight)."""
        s = self.stats
        return s.put - s.processed - s.discarded - s.expired

    # -- internals ---------------------------------------------------------------------------

    def _pump(self, lane: _Lane) -> None:
        if lane.busy:
            return
        config = self.config
        now = self.engine.now
        batch = lane.retry
        if batch is not None:
            self._check_progress(lane, now)
            batch = self._drop_old(batch, now)
            # The retry goes on with the records left, so a dropped one is not dropped again.
            lane.retry = batch or None
            if not batch:
                lane.attempts = 0
        if not batch:
            records = lane.records
            self._drop_old_head(records, now)
            if not records:
                return
            if len(records) < config.batch_size and config.batching_window > 0:
                due = records[0].arrival + config.batching_window
                if now < due:
                    if not lane.timer:
                        lane.timer = True
                        self.engine.schedule(due, self._window_elapsed, lane, PRIORITY_INTERNAL)
                    return
            n = min(len(records), config.batch_size)
            batch = [records.popleft() for _ in range(n)]
            lane.retry = batch
            lane.attempts = 0
        lane.busy = True
        self._busy += 1
        stats = self.stats
        age = now - batch[-1].arrival
        stats.iterator_age_last = age
        if age > stats.iterator_age_max:
            stats.iterator_age_max = age
        if config.keep_log:
            self.iterator_age.append((now, age))
        if self._add is not None:
            self._add("IteratorAge", now, age, "max")
        work = None
        if config.work_per_batch is not None or config.work_per_record is not None:
            work = (config.work_per_batch or 0.0) + (config.work_per_record or 0.0) * len(batch)
        first_bad = -1
        for i, rec in enumerate(batch):
            if rec.runs < rec.failures:
                first_bad = i
                break
        # With ReportBatchItemFailures the handler catches the error and reports the first
        # failed record instead of raising; otherwise one bad record fails the invocation.
        fail = first_bad >= 0 and not config.report_batch_item_failures
        self._batch_id += 1
        stats.batches += 1
        inv = Invocation(self._batch_id, now, work=work, fail=fail,
                         payload=(lane, batch, first_bad), source="stream")
        self.function.invoke(inv, self._on_done)
        # Counted after the call: a batch the function throttled at once never ran.
        if self._busy > stats.max_concurrent_batches:
            stats.max_concurrent_batches = self._busy

    def _window_elapsed(self, lane: _Lane) -> None:
        lane.timer = False
        self._pump(lane)

    def _drop_old_head(self, records: deque[StreamRecord], now: float) -> None:
        """Retention and maximum record age apply to waiting records too."""
        config = self.config
        max_age = config.maximum_record_age
        while records:
            age = now - records[0].arrival
            if age > config.retention:
                self._expire(records.popleft())
            elif max_age != -1 and age > max_age:
                self._discard([records.popleft()])
            else:
                break

    def _drop_old(self, batch: list[StreamRecord], now: float) -> list[StreamRecord]:
        config = self.config
        max_age = config.maximum_record_age
        keep = []
        for rec in batch:
            age = now - rec.arrival
            if age > config.retention:
                self._expire(rec)
            elif max_age != -1 and age > max_age:
                self._discard([rec])
            else:
                keep.append(rec)
        return keep

    def _on_done(self, inv: Invocation) -> None:
        lane, batch, first_bad = inv.payload
        lane.busy = False
        self._busy -= 1
        outcome = inv.outcome
        stats = self.stats
        config = self.config
        if outcome is Outcome.THROTTLED:
            stats.throttled_batches += 1
            self.engine.schedule(self.engine.now + config.throttle_retry_s, self._retry_later,
                                 lane, PRIORITY_INTERNAL)
            return
        for rec in batch:
            rec.runs += 1
        if outcome is Outcome.SUCCESS and first_bad >= 0:
            # Partial batch response: checkpoint before the first failed record and retry the
            # batch from there; it counts as a failed attempt for the retry limit.
            done, rest = batch[:first_bad], batch[first_bad:]
            self._processed(done)
            stats.failed_batches += 1
            lane.attempts += 1
            limit = config.maximum_retry_attempts
            if limit != -1 and lane.attempts > limit:
                self._discard(rest)
                lane.retry = None
                lane.attempts = 0
            else:
                lane.retry = rest
        elif outcome is Outcome.SUCCESS:
            self._processed(batch)
            lane.retry = None
            lane.attempts = 0
        else:
            stats.failed_batches += 1
            if config.bisect_on_error and len(batch) > 1:
                half = len(batch) // 2
                stats.bisections += 1
                # Retry the first half now; the second half goes back to the head of the lane.
                lane.records.extendleft(reversed(batch[half:]))
                lane.retry = batch[:half]
                lane.attempts = 0
            else:
                lane.attempts += 1
                limit = config.maximum_retry_attempts
                if limit != -1 and lane.attempts > limit:
                    self._discard(batch)
                    lane.retry = None
                    lane.attempts = 0
        self._pump(lane)

    def _check_progress(self, lane: _Lane, now: float) -> None:
        """Refuse a retry loop in which no simulated time passes: a batch that fails (or is
        throttled) in 0 s and is retried at once, for ever, would hang the run at one instant
        (its records never age, so ``maximum_record_age`` never lets them go)."""
        if now != lane.sent_at:
            lane.sent_at, lane.resent_at_once = now, 0
            return
        lane.resent_at_once += 1
        if lane.resent_at_once > limits.MAX_RETRIES_AT_ONE_INSTANT:
            raise limits.RunTooLarge(
                "the stream's event source mapping",
                f"a batch was retried {limits.MAX_RETRIES_AT_ONE_INSTANT:,} times at t = {now:g} s "
                f"without time passing: its handler fails (or is throttled) in 0 s and is retried "
                f"at once, so the run would never end (give the handler a time above 0 with "
                f"work_per_batch, work_per_record or the function's duration, or "
                f"throttle_retry_s above 0)")

    def _processed(self, records: list[StreamRecord]) -> None:
        for rec in records:
            rec.state = "processed"
        self.stats.processed += len(records)
        if self.config.keep_log:
            self.log.extend(records)

    def _retry_later(self, lane: _Lane) -> None:
        self._pump(lane)

    def _discard(self, records: list[StreamRecord]) -> None:
        self.stats.discarded += len(records)
        for rec in records:
            rec.state = "discarded"
        if self.config.on_failure:
            self.destinations[self.config.on_failure].extend(records)

    def _expire(self, rec: StreamRecord) -> None:
        rec.state = "expired"
        self.stats.expired += 1
