"""Kinesis / DynamoDB Streams event source mapping: ordering, parallelization, poison pills."""

from __future__ import annotations

import math
import zlib

import pytest
from hypothesis import given, settings, strategies as st

from sandbox import Fixed, FunctionConfig, InitModel, Simulation
from sandbox.async_invoke import ALWAYS
from sandbox.limits import RunTooLarge
from sandbox.streams import RETENTION_DEFAULT, StreamConfig, StreamEventSource


def real_function(duration: float = 1.0, **cfg):
    """The model's LambdaFunction, with instant Init so times are exact."""
    cfg.setdefault("init", InitModel(fixed_s=0.0))
    sim = Simulation(functions=[FunctionConfig(name="fn", duration=Fixed(duration), **cfg)])
    return sim.engine, sim.functions["fn"]


def key_for_shard(shard: int, shards: int, lane: int = 0, factor: int = 1) -> str:
    """A partition key that hashes to the given shard (and lane)."""
    for i in range(10_000):
        h = zlib.crc32(f"key{i}".encode())
        if h % shards == shard and (h // shards) % factor == lane:
            return f"key{i}"
    raise AssertionError("no key found")


def test_parallelization_factor_gives_concurrent_batches_per_shard():
    """ParallelizationFactor N lets one shard run up to N batches at once (1-10).
    https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-parameters.html"""
    for factor in (1, 4, 10):
        eng, fn = real_function(duration=1.0)
        src = StreamEventSource(eng, fn, StreamConfig(shards=1, batch_size=1,
                                                      parallelization_factor=factor))
        for lane in range(factor):
            for _ in range(3):
                src.put(key_for_shard(0, 1, lane, factor))
        eng.run()
        assert src.stats.max_concurrent_batches == factor and src.stats.processed == 3 * factor


def test_poison_pill_blocks_its_shard_but_not_others():
    """With infinite retries a failing record holds back its shard (IteratorAge grows) while
    other shards keep flowing. https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html"""
    eng, fn = real_function(duration=1.0)
    src = StreamEventSource(eng, fn, StreamConfig(shards=2, batch_size=10))
    a, b = key_for_shard(0, 2), key_for_shard(1, 2)
    src.put(a, failures=ALWAYS)
    behind = [src.put(a) for _ in range(5)]
    other = [src.put(b) for _ in range(5)]
    eng.run(until=3_600)
    assert all(r.state == "processed" for r in other)
    assert all(r.state == "pending" for r in behind)
    assert src.stats.iterator_age_max >= 3_500


def test_maximum_retry_attempts_discards_batch_to_on_failure_destination():
    """After MaximumRetryAttempts retries the batch is discarded (sent to the on-failure
    destination) and the shard moves on. https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-parameters.html"""
    eng, fn = real_function(duration=1.0)
    src = StreamEventSource(eng, fn, StreamConfig(batch_size=1, maximum_retry_attempts=2,
                                                  on_failure="dlq"))
    poison = src.put(failures=ALWAYS)
    after = src.put()
    eng.run()
    assert poison.runs == 3 and poison.state == "discarded"
    assert src.destinations["dlq"] == [poison] and after.state == "processed"


def test_bisect_on_error_isolates_the_poison_record():
    """Bisecting a failed batch retries halves until only the bad record is discarded.
    https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-parameters.html"""
    eng, fn = real_function(duration=1.0)
    src = StreamEventSource(eng, fn, StreamConfig(batch_size=8, bisect_on_error=True,
                                                  maximum_retry_attempts=0, on_failure="dlq",
                                                  keep_log=True))
    recs = [src.put(failures=ALWAYS if i == 5 else 0) for i in range(8)]
    eng.run()
    assert [r.state for r in recs].count("processed") == 7
    assert src.destinations["dlq"] == [recs[5]] and src.stats.bisections >= 3
    assert [r.seq for r in src.log] == sorted(r.seq for r in src.log)


def test_partial_batch_response_checkpoints_before_the_failed_record():
    """With ReportBatchItemFailures the records before the first failure are checkpointed and
    the batch is retried from the failed record, not from the start.
    https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-batchfailurereporting.html"""
    eng, fn = real_function(duration=1.0)
    src = StreamEventSource(eng, fn, StreamConfig(batch_size=10,
                                                  report_batch_item_failures=True,
                                                  keep_log=True))
    recs = [src.put(failures=1 if i == 6 else 0) for i in range(10)]
    eng.run()
    assert all(r.state == "processed" for r in recs)
    assert [r.runs for r in recs] == [1] * 6 + [2] * 4
    assert [r.seq for r in src.log] == [r.seq for r in recs]


def test_partial_batch_response_respects_the_retry_limit():
    """A record that keeps failing under ReportBatchItemFailures is discarded, with the rest of
    its batch, when the retries run out; the records before it stay processed."""
    eng, fn = real_function(duration=1.0)
    src = StreamEventSource(eng, fn, StreamConfig(batch_size=5, report_batch_item_failures=True,
                                                  maximum_retry_attempts=1, on_failure="dlq"))
    recs = [src.put(failures=ALWAYS if i == 2 else 0) for i in range(5)]
    eng.run()
    assert [r.state for r in recs] == ["processed"] * 2 + ["discarded"] * 3
    assert src.destinations["dlq"] == recs[2:]


def test_maximum_record_age_discards_old_records():
    """Records older than MaximumRecordAgeInSeconds are discarded instead of retried forever."""
    eng, fn = real_function(duration=10.0, timeout_s=30.0)
    src = StreamEventSource(eng, fn, StreamConfig(batch_size=1, maximum_record_age=60,
                                                  on_failure="dlq"))
    poison = src.put(failures=ALWAYS)
    nxt = src.put()
    eng.run()
    assert poison.state == "discarded" and 60 <= poison.runs * 10 <= 80
    assert nxt.state == "discarded"  # it waited behind the poison pill for over 60 s too


def test_a_retried_batch_discards_each_old_record_once():
    """A failing batch whose older records pass the maximum age loses them once: the retry
    goes on with the records that are left, and each record is counted in one state only."""
    eng, fn = real_function(duration=2.0)
    src = StreamEventSource(eng, fn, StreamConfig(batch_size=10, maximum_record_age=60))
    recs = []
    # The first record fails once, so the next two meet in one batch 3 s apart (more than one
    # 2 s attempt): the older one passes 60 s an attempt before the poison record does.
    for t, failures in ((0.0, 1), (0.5, 0), (3.5, ALWAYS)):
        eng.schedule(t, lambda f: recs.append(src.put(failures=f)), failures)
    eng.run()
    assert [r.state for r in recs] == ["processed", "discarded", "discarded"]
    assert src.stats.discarded == 2 and src.stats.put == src.stats.processed + 2


def test_retention_finally_removes_a_poison_pill_after_24_hours():
    """With infinite retries and age, only the stream's 24 h retention ends a poison pill.
    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html"""
    assert RETENTION_DEFAULT == 86_400
    eng, fn = real_function(duration=60.0, timeout_s=120.0)
    src = StreamEventSource(eng, fn, StreamConfig(batch_size=1))
    poison = src.put(failures=ALWAYS)
    eng.run()
    assert poison.state == "expired" and poison.runs == pytest.approx(86_400 / 60, abs=2)


@pytest.mark.parametrize("stuck", ["fails in 0 s", "throttled, retried after 0 s"])
def test_a_retry_loop_without_time_passing_is_refused_not_run_for_ever(stuck):
    """A poison record whose handler fails in 0 s (or a throttled batch retried after 0 s) would
    be retried at one instant for ever: its records never age. The run stops with one line."""
    if stuck == "fails in 0 s":
        eng, fn = real_function(duration=0.0)
        config = StreamConfig(shards=1, batch_size=10)
    else:
        eng, fn = real_function(duration=1.0, reserved_concurrency=0)
        config = StreamConfig(shards=1, batch_size=10, throttle_retry_s=0)
    src = StreamEventSource(eng, fn, config)
    src.put("k", failures=ALWAYS)
    with pytest.raises(RunTooLarge, match=r"retried 10,000 times at t = 0 s without time passing"):
        eng.run(until=3_600)


def test_retries_at_one_instant_below_the_cap_still_run():
    """Bisecting a failing 0-s batch retries at one instant a few times: that is allowed."""
    eng, fn = real_function(duration=0.0)
    src = StreamEventSource(eng, fn, StreamConfig(shards=1, batch_size=64, bisect_on_error=True,
                                                  maximum_retry_attempts=0))
    poison = src.put("k", failures=ALWAYS)
    others = [src.put("k") for _ in range(63)]
    eng.run(until=60)
    assert poison.state == "discarded" and all(r.state == "processed" for r in others)


@pytest.mark.parametrize("kwargs,field", [({"parallelization_factor": 11}, "parallelization_factor"),
                                          ({"parallelization_factor": 0}, "parallelization_factor"),
                                          ({"batch_size": 10_001}, "batch_size"),
                                          ({"maximum_retry_attempts": -2}, "maximum_retry_attempts"),
                                          ({"maximum_record_age": 59}, "maximum_record_age"),
                                          ({"maximum_record_age": 604_801}, "maximum_record_age"),
                                          ({"work_per_record": -1}, "work_per_record"),
                                          ({"work_per_batch": math.inf}, "work_per_batch"),
                                          ({"on_failure": "lambda:f"}, "on_failure")])
def test_config_errors_name_the_field(kwargs, field):
    """Out-of-range settings fail with a message naming the field."""
    with pytest.raises(ValueError, match=field):
        StreamConfig(**kwargs)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 100), st.sampled_from("abcdefgh"), st.integers(0, 3)),
                min_size=1, max_size=60),
       st.integers(1, 3), st.integers(1, 4), st.integers(1, 5), st.booleans(),
       st.sampled_from([-1, 0, 2]), st.booleans())
def test_order_is_kept_per_shard_and_per_key(puts, shards, factor, batch, bisect, retries, rbif):
    """Within a shard (factor 1) or a partition key (any factor) records are processed in the
    order they were written; every record is processed, discarded or still pending."""
    eng, fn = real_function(duration=0.5)
    src = StreamEventSource(eng, fn, StreamConfig(shards=shards, batch_size=batch,
                                                  parallelization_factor=factor,
                                                  bisect_on_error=bisect,
                                                  maximum_retry_attempts=retries,
                                                  report_batch_item_failures=rbif,
                                                  keep_log=True))
    for t, key, failures in puts:
        eng.schedule(t, lambda a: src.put(a[0], failures=a[1]), (key, failures))
    eng.run(until=400)
    by_key: dict[str, list[int]] = {}
    by_shard: dict[int, list[int]] = {}
    for rec in src.log:
        by_key.setdefault(rec.key, []).append(rec.seq)
        by_shard.setdefault(rec.shard, []).append(rec.seq)
    assert all(seqs == sorted(seqs) for seqs in by_key.values())
    if factor == 1:
        assert all(seqs == sorted(seqs) for seqs in by_shard.values())
    s = src.stats
    assert s.put == s.processed + s.discarded + s.expired + src.pending
    assert s.max_concurrent_batches <= shards * factor


def test_iterator_age_goes_to_the_function_metrics():
    """IteratorAge (age of a batch's last record when the batch is sent) is recorded as a
    per-period maximum in the function's metrics.
    https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html"""
    eng, fn = real_function(duration=10.0, timeout_s=30.0)
    src = StreamEventSource(eng, fn, StreamConfig(batch_size=1), fn.metrics)
    for _ in range(5):
        src.put()
    eng.run()
    ages = fn.metrics.custom["IteratorAge"]
    assert max(cell[2] for cell in ages.values()) == pytest.approx(40.0)
    assert src.stats.iterator_age_max == pytest.approx(40.0) and src.iterator_age == []
