"""Lab 08, stream processing: shards, the parallelization factor, a poison pill, bisect on error.

The runs drive :class:`sandbox.streams.StreamEventSource` directly; its module docstring lists
the documented rules and the model's assumptions.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...config import FunctionConfig, InitModel
from ...durations import Fixed
from ...simulation import Simulation
from ...streams import StreamConfig, StreamEventSource
from ..exercise import Exercise, Misconception, instance_of

CLICKS = FunctionConfig(name="clicks", memory_mb=256, timeout_s=30, init=InitModel(fixed_s=0.3),
                        duration=Fixed(0.2))
ALWAYS = 1 << 30
POISON_AT = 2_000  # the record number that fails every time (put at t = 100 s)


@dataclass
class StreamRun:
    """A finished run: the simulation's result and the stream with its counters."""

    result: object
    stream: StreamEventSource


def run_stream(settings: StreamConfig, rate: float = 20.0, seconds: float = 300.0,
               keys: int = 40, poison: tuple[int, ...] = (), period_s: float = 30.0,
               work_s: float = 0.2) -> StreamRun:
    """Put ``rate`` records per second for ``seconds`` over ``keys`` partition keys."""
    # No draining: with infinite retries a poison pill would keep the run going for ever.
    simulation = Simulation(functions=[CLICKS.replace(duration=Fixed(work_s))], horizon=seconds,
                            seed=10, period_s=period_s, drain=False)
    function = simulation.functions["clicks"]
    stream = StreamEventSource(simulation.engine, function, settings, function.metrics)

    def put(number):
        stream.put(key=f"user-{number % keys}", failures=ALWAYS if number in poison else 0)

    for number in range(int(rate * seconds)):
        simulation.engine.schedule(number / rate, put, number)
    return StreamRun(simulation.run(), stream)


def max_concurrency(shards: int = 4, factor: int = 5) -> int:
    """Most batches in flight at once for a busy stream of ``shards`` at ``factor``."""
    run = run_stream(StreamConfig(shards=shards, parallelization_factor=factor, batch_size=10),
                     rate=400.0, seconds=20.0, keys=400, work_s=1.0)
    return run.stream.stats.max_concurrent_batches


def _whole(answer) -> str | None:
    if isinstance(answer, bool) or not isinstance(answer, int) or answer < 0:
        return f"Expected a whole number of concurrent invocations such as 8, got {answer!r}."
    return None


def _finite(s: StreamConfig) -> bool:
    return s.maximum_retry_attempts != -1 or s.maximum_record_age != -1


def _contained(s: StreamConfig) -> bool:
    return ((s.bisect_on_error or s.report_batch_item_failures) and _finite(s)
            and s.on_failure is not None)


def _measured(s: StreamConfig) -> str:
    run = run_stream(s, poison=(POISON_AT,))
    stats = run.stream.stats
    kept = len(run.stream.destinations.get(s.on_failure, [])) if s.on_failure else 0
    return (f"Measured over 5 minutes: {stats.processed} processed, {stats.discarded} "
            f"discarded ({kept} recorded on failure), largest IteratorAge "
            f"{stats.iterator_age_max:.0f} s.")


EXERCISES = (
    Exercise(
        id="parallel-batches",
        title="How many batches at once?",
        variable="predicted_concurrency",
        validate=_whole,
        is_correct=lambda n: n == max_concurrency(),
        correct=("Each of the 4 shards is read by up to 5 concurrent batches: at most 20 "
                 "invocations at once, each partition key still in order."),
        misconceptions=(
            Misconception("one-per-shard", lambda n: n == 4,
                          "One batch per shard is the default; a parallelization factor of 5 "
                          "lets each shard be processed by up to 5 batches at once."),
            Misconception("factor-is-total", lambda n: n == 5,
                          "The parallelization factor applies to each shard, not to the "
                          "stream as a whole."),
            Misconception("added-not-multiplied", lambda n: n == 9,
                          "Shards and the factor multiply: every shard gets its own 5 "
                          "concurrent batches."),
        ),
        otherwise="Multiply the number of shards by the batches each shard may run at once.",
        hints=("How many batches can read one shard at the same time with this factor?",
               "The parallelization factor (1-10) is per shard.",
               "Concurrent batches = shards x parallelization factor."),
        solution="predicted_concurrency = 20",
        wrong=(("predicted_concurrency = 4", "one-per-shard"),
               ("predicted_concurrency = 5", "factor-is-total"),
               ("predicted_concurrency = 9", "added-not-multiplied"),
               ("predicted_concurrency = 40", "")),
    ),
    Exercise(
        id="contain-the-pill",
        title="Contain the poison pill",
        variable="settings",
        validate=instance_of(StreamConfig, "StreamConfig(shards=2, batch_size=100)"),
        is_correct=_contained,
        explain=_measured,
        correct=("The failing batch is split until the bad record is alone, the good records "
                 "around it are processed, the retries are bounded so the shard moves on, and "
                 "the bad record's details go to the on-failure destination."),
        misconceptions=(
            Misconception("retries-forever", lambda s: not _finite(s),
                          "With the defaults (retry until the record expires), the shard stops "
                          "behind the bad record until the stream's retention deletes it: 24 "
                          "hours by default. Bound the retries or the record age."),
            Misconception("good-records-discarded",
                          lambda s: not (s.bisect_on_error or s.report_batch_item_failures),
                          "When the retries run out, the whole batch is discarded: the bad "
                          "record and every good record batched with it. `bisect_on_error` "
                          "(or partial batch responses) isolates the bad record."),
            Misconception("lost-without-record", lambda s: s.on_failure is None,
                          "The discarded record vanishes without a trace: add an on-failure "
                          "destination (SQS, SNS or S3)."),
        ),
        hints=("Three problems: the shard waits, good records are thrown away with the bad "
               "one, and nothing records what was thrown away.",
               "`maximum_retry_attempts`, `bisect_on_error` and `on_failure`.",
               'StreamConfig(shards=2, batch_size=100, bisect_on_error=True, '
               'maximum_retry_attempts=2, on_failure="sqs:failed-clicks")'),
        solution=('settings = StreamConfig(shards=2, batch_size=100, bisect_on_error=True, '
                  'maximum_retry_attempts=2, on_failure="sqs:failed-clicks")'),
        wrong=(('settings = StreamConfig(shards=2, batch_size=100, bisect_on_error=True, '
                'on_failure="sqs:failed-clicks")', "retries-forever"),
               ('settings = StreamConfig(shards=2, batch_size=100, maximum_retry_attempts=2, '
                'on_failure="sqs:failed-clicks")', "good-records-discarded"),
               ("settings = StreamConfig(shards=2, batch_size=100, bisect_on_error=True, "
                "maximum_retry_attempts=2)", "lost-without-record"),
               ("settings = 2", "")),
    ),
)
