"""Lab 06, asynchronous invocations: retries, maximum event age, destinations and the DLQ.

The runs drive :class:`sandbox.async_invoke.AsyncInvoker` (Lambda's internal event queue)
directly, so the lab shows exactly the rules that module documents.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ...async_invoke import ALWAYS, AsyncConfig, AsyncInvoker
from ...config import FunctionConfig, InitModel
from ...durations import Uniform
from ...simulation import Simulation
from ..exercise import Exercise, Misconception, instance_of

RESIZE = FunctionConfig(name="resize", memory_mb=1024, timeout_s=30, init=InitModel(fixed_s=0.4),
                        duration=Uniform(0.3, 0.9))
FLAKY = RESIZE.replace(error_rate=0.33)


@dataclass
class AsyncRun:
    """A finished run: the simulation's result and the asynchronous queue with its records."""

    result: object
    invoker: AsyncInvoker
    events: list


def run_async(settings: AsyncConfig = AsyncConfig(), config: FunctionConfig = RESIZE,
              arrivals: tuple[float, ...] = (0.0,), poison: bool = False,
              horizon: float = 900.0, timelines: bool = False) -> AsyncRun:
    """Submit one asynchronous event per arrival time and run until the queue is quiet."""
    simulation = Simulation(functions=[config.replace(name="resize")], horizon=horizon, seed=6,
                            timelines=timelines)
    invoker = AsyncInvoker(simulation.engine, simulation.functions["resize"], settings,
                           simulation.functions["resize"].metrics)
    events: list = []

    def submit(_):
        events.append(invoker.submit(failures=ALWAYS if poison else 0))

    for t in arrivals:
        simulation.engine.schedule(t, submit)
    return AsyncRun(simulation.run(), invoker, events)


def random_arrivals(rate: float = 2.0, until: float = 600.0, seed: int = 6) -> tuple[float, ...]:
    """Poisson arrival times (events per second) from 0 to ``until``."""
    rng, t, out = random.Random(seed), 0.0, []
    while True:
        t += rng.expovariate(rate)
        if t >= until:
            return tuple(out)
        out.append(t)


def poison_attempts(settings: AsyncConfig = AsyncConfig()) -> int:
    """How many times the handler runs for one event that fails every time."""
    return run_async(settings, poison=True).events[0].attempts


def _whole(answer) -> str | None:
    if isinstance(answer, bool) or not isinstance(answer, int) or answer < 0:
        return f"Expected a whole number of attempts such as 4, got {answer!r}."
    return None


def _kept(settings: AsyncConfig) -> bool:
    return settings.on_failure is not None and settings.maximum_event_age == 3600


def _measured(settings: AsyncConfig) -> str:
    run = run_async(settings, FLAKY, random_arrivals())
    stats = run.invoker.stats
    recorded = len(run.invoker.destinations.get(settings.on_failure, [])) if settings.on_failure else 0
    in_dlq = (len(run.invoker.destinations.get(settings.dead_letter_queue, []))
              if settings.dead_letter_queue else 0)
    return (f"Measured on {stats.received} events: {stats.failed + stats.dropped} discarded, "
            f"{recorded} recorded by an on-failure destination, {in_dlq} in a dead-letter queue.")


EXERCISES = (
    Exercise(
        id="poison-attempts",
        title="An event that always fails",
        variable="predicted_attempts",
        validate=_whole,
        is_correct=lambda n: n == poison_attempts(),
        correct=("One attempt and two retries: with the default settings Lambda runs the "
                 "handler three times for an event that keeps failing, then discards it."),
        misconceptions=(
            Misconception("no-retries", lambda n: n == 1,
                          "That is the synchronous behaviour, where the caller sees the error "
                          "and decides. For an asynchronous invocation Lambda itself retries a "
                          "failed event."),
            Misconception("retries-without-first", lambda n: n == 2,
                          "Two is the number of retries; the handler also ran once before "
                          "them."),
            Misconception("retries-until-age", lambda n: n > 3,
                          "Function errors are retried at most twice (MaximumRetryAttempts, 0 to "
                          "2). Retrying until the event is 6 hours old applies to throttles and "
                          "system errors, not to errors from your code."),
        ),
        otherwise="Count the first attempt and every retry the default settings allow.",
        hints=("Who retries an asynchronous event: the caller or Lambda?",
               "By default, Lambda retries a function error twice.",
               "Attempts = the first one + the retries."),
        solution="predicted_attempts = 3",
        wrong=(("predicted_attempts = 1", "no-retries"),
               ("predicted_attempts = 2", "retries-without-first"),
               ("predicted_attempts = 10", "retries-until-age"),
               ("predicted_attempts = 0", ""),
               ("predicted_attempts = 'three'", "")),
    ),
    Exercise(
        id="keep-failures",
        title="Keep a record of every failed event",
        variable="settings",
        validate=instance_of(AsyncConfig, 'AsyncConfig(maximum_retry_attempts=1)'),
        is_correct=_kept,
        explain=_measured,
        correct=("Every discarded event now leaves a record with the request and the reason "
                 "(RetriesExhausted or EventAgeExceeded), and no event is attempted once it is "
                 "an hour old."),
        misconceptions=(
            Misconception("success-destination", lambda s: s.on_failure is None
                          and s.on_success is not None,
                          "An on-success destination receives records of events that "
                          "succeeded. Failed events need an on-failure destination."),
            Misconception("dlq-has-no-details", lambda s: s.on_failure is None
                          and s.dead_letter_queue is not None,
                          "A dead-letter queue keeps the event with only three attributes "
                          "(RequestID, ErrorCode, ErrorMessage): no response context and no "
                          "condition such as RetriesExhausted. An on-failure destination "
                          "record carries the full invocation record."),
            Misconception("age-in-minutes", lambda s: s.maximum_event_age == 60,
                          "`maximum_event_age` is in seconds: 60 is one minute, so events "
                          "expire before their first retry is due. One hour is 3600."),
            Misconception("fewer-retries-keep-nothing", lambda s: s.on_failure is None,
                          "Changing retries or event age decides when an event is discarded, "
                          "not whether a record of it is kept: add an on-failure "
                          "destination."),
        ),
        otherwise="Keep the on-failure destination and set the maximum event age to one hour, "
                  "in seconds.",
        hints=("Two settings are needed: where failed events go, and how old an event may get.",
               "`on_failure` names a destination; `maximum_event_age` is in seconds.",
               '`AsyncConfig(maximum_event_age=..., on_failure="sqs:failed-resizes")`.'),
        solution='settings = AsyncConfig(maximum_event_age=3600, on_failure="sqs:failed-resizes")',
        wrong=(('settings = AsyncConfig(maximum_event_age=3600, on_success="sqs:done")',
                "success-destination"),
               ('settings = AsyncConfig(maximum_event_age=3600, dead_letter_queue="sqs:dlq")',
                "dlq-has-no-details"),
               ('settings = AsyncConfig(maximum_event_age=60, on_failure="sqs:failed-resizes")',
                "age-in-minutes"),
               ("settings = AsyncConfig(maximum_retry_attempts=0)", "fewer-retries-keep-nothing"),
               ('settings = AsyncConfig(on_failure="sqs:failed-resizes")', ""),
               ("settings = 3600", "")),
    ),
)
