"""Lab 07, the SQS event source mapping: partial batch failures, the redrive policy, scaling.

The runs drive :class:`sandbox.sqs.SqsEventSource` (the queue and its event source mapping)
directly; its module docstring lists the documented rules and the model's assumptions.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...config import FunctionConfig, InitModel
from ...durations import Fixed
from ...simulation import Simulation
from ...sqs import VISIBILITY_TIMEOUT_FACTOR, SqsConfig, SqsEventSource
from ..exercise import Exercise, Misconception, instance_of

WORKER = FunctionConfig(name="worker", memory_mb=512, timeout_s=30, init=InitModel(fixed_s=0.3),
                        duration=Fixed(0.5))
ALWAYS = 1 << 30
RECOMMENDED_VISIBILITY_S = VISIBILITY_TIMEOUT_FACTOR * WORKER.timeout_s
#: AWS recommends a redrive maxReceiveCount of at least 5 for a queue that feeds Lambda: a
#: throttled batch also counts as a receive, so a smaller value can dead-letter good messages.
#: https://docs.aws.amazon.com/lambda/latest/dg/sqs-retries.html
RECOMMENDED_MIN_RECEIVES = 5


@dataclass
class QueueRun:
    """A finished run: the simulation's result and the queue with its counters."""

    result: object
    queue: SqsEventSource


def run_queue(settings: SqsConfig, messages: int = 10, poison: tuple[int, ...] = (),
              fail_once: tuple[int, ...] = (), rate: float | None = None,
              horizon: float = 600.0, config: FunctionConfig = WORKER,
              period_s: float = 10.0) -> QueueRun:
    """Send ``messages`` (all at t = 0, or ``rate`` per second) and let the mapping drain them.

    Message numbers in ``poison`` fail on every run; those in ``fail_once`` fail on their first.
    """
    # No draining after the horizon: without a redrive policy a poison message never leaves.
    simulation = Simulation(functions=[config.replace(name="worker")], horizon=horizon, seed=5,
                            period_s=period_s, drain=False)
    function = simulation.functions["worker"]
    queue = SqsEventSource(simulation.engine, function, settings, function.metrics)

    def send(number):
        failures = ALWAYS if number in poison else 1 if number in fail_once else 0
        queue.send(failures=failures)

    for number in range(messages):
        simulation.engine.schedule(0.0 if rate is None else number / rate, send, number)
    return QueueRun(simulation.run(), queue)


def reprocessed_after_one_failure(settings: SqsConfig = SqsConfig(batch_size=10,
                                                                    batching_window=1)) -> int:
    """Messages received again when one message of a batch of ten fails once."""
    run = run_queue(settings, messages=10, fail_once=(3,))
    return run.queue.stats.receives - 10


def _whole(answer) -> str | None:
    if isinstance(answer, bool) or not isinstance(answer, int) or answer < 0:
        return f"Expected a whole number of messages such as 4, got {answer!r}."
    return None


def _well_configured(s: SqsConfig) -> bool:
    return (s.report_batch_item_failures and s.max_receive_count is not None
            and s.max_receive_count >= RECOMMENDED_MIN_RECEIVES
            and s.visibility_timeout >= RECOMMENDED_VISIBILITY_S)


def _measured(s: SqsConfig) -> str:
    run = run_queue(s, messages=500, poison=(7, 250), rate=50, horizon=1800)
    stats = run.queue.stats
    return (f"Measured on 500 messages with 2 poison ones: {stats.deleted} deleted, "
            f"{stats.dead_lettered} moved to the DLQ, {stats.receives - 500} extra receives.")


EXERCISES = (
    Exercise(
        id="one-bad-message",
        title="One bad message in a batch of ten",
        variable="predicted_reprocessed",
        validate=_whole,
        is_correct=lambda n: n == reprocessed_after_one_failure(),
        correct=("The handler's error fails the whole invocation, so all ten messages become "
                 "visible again when their visibility timeout ends and are received again, "
                 "including the nine that were fine."),
        misconceptions=(
            Misconception("only-the-bad-one", lambda n: n == 1,
                          "Only the failing message comes back when the mapping uses partial "
                          "batch responses (ReportBatchItemFailures). By default, an error fails "
                          "the whole batch."),
            Misconception("nothing-retried", lambda n: n == 0,
                          "A failed batch is not deleted: its messages reappear on the queue "
                          "once the visibility timeout ends."),
            Misconception("the-other-nine", lambda n: n == 9,
                          "The failing message comes back too: nothing from the failed batch "
                          "was deleted."),
        ),
        otherwise="Think about what Lambda deletes from the queue when the invocation fails.",
        hints=("Does Lambda delete any message of a batch whose invocation failed?",
               "After the visibility timeout, undeleted messages are visible again.",
               "Without ReportBatchItemFailures, the batch succeeds or fails as a whole."),
        solution="predicted_reprocessed = 10",
        wrong=(("predicted_reprocessed = 1", "only-the-bad-one"),
               ("predicted_reprocessed = 0", "nothing-retried"),
               ("predicted_reprocessed = 9", "the-other-nine"),
               ("predicted_reprocessed = 20", "")),
    ),
    Exercise(
        id="poison-pill",
        title="Contain a poison message",
        variable="settings",
        validate=instance_of(SqsConfig, "SqsConfig(batch_size=10, visibility_timeout=60)"),
        is_correct=_well_configured,
        explain=_measured,
        correct=("Good messages of a failing batch are deleted (partial batch responses), a "
                 "poison message moves to the dead-letter queue after five or more receives "
                 "(AWS's minimum for Lambda sources, because throttled batches count as receives "
                 "too), and the visibility timeout leaves room to retry throttled batches."),
        misconceptions=(
            Misconception("whole-batch-retried", lambda s: not s.report_batch_item_failures,
                          "Without `report_batch_item_failures=True`, every batch holding a "
                          "poison message fails as a whole, and its good messages are "
                          "processed again and again."),
            Misconception("no-redrive", lambda s: s.max_receive_count is None,
                          "Without a redrive policy (`max_receive_count`), a poison message is "
                          "received again and again until the queue's retention period ends."),
            Misconception("too-few-receives",
                          lambda s: s.max_receive_count < RECOMMENDED_MIN_RECEIVES,
                          "AWS recommends a `maxReceiveCount` of at least 5 for a queue that "
                          "feeds Lambda: when the function is throttled, the batch still counts "
                          "as a receive, so a lower value can send good messages to the "
                          "dead-letter queue during a traffic spike."),
            Misconception("short-visibility", lambda s: s.visibility_timeout
                          < RECOMMENDED_VISIBILITY_S,
                          "AWS recommends a visibility timeout of at least six times the "
                          "function timeout (here 6 x 30 s = 180 s), so that throttled batches "
                          "can be retried before their messages reappear."),
        ),
        hints=("Three settings matter: partial batch responses, the redrive policy and the "
               "visibility timeout.",
               "`report_batch_item_failures=True`, `max_receive_count=5` (AWS's minimum for a "
               "Lambda source).",
               "The visibility timeout should be at least 6 x the function timeout of 30 s."),
        solution=("settings = SqsConfig(batch_size=10, report_batch_item_failures=True, "
                  "max_receive_count=5, visibility_timeout=180)"),
        wrong=(("settings = SqsConfig(batch_size=10, max_receive_count=5, visibility_timeout=180)",
                "whole-batch-retried"),
               ("settings = SqsConfig(batch_size=10, report_batch_item_failures=True, "
                "visibility_timeout=180)", "no-redrive"),
               ("settings = SqsConfig(batch_size=10, report_batch_item_failures=True, "
                "max_receive_count=3, visibility_timeout=180)", "too-few-receives"),
               ("settings = SqsConfig(batch_size=10, report_batch_item_failures=True, "
                "max_receive_count=5, visibility_timeout=30)", "short-visibility"),
               ("settings = 180", "")),
    ),
)
