"""Lab 01, cold starts versus warm starts: the exercises.

The answers are measured with the model itself, so a change to the model's rules changes the
expected answers (and the golden transcript shows it).
"""

from __future__ import annotations

from ...config import FunctionConfig, InitModel
from ...durations import Fixed
from ...simulation import Simulation
from ...traffic import Arrivals, Burst
from ..exercise import Exercise, Misconception, instance_of, whole_number

#: The function of the first two exercises: 0.5 s of Init, 0.3 s of handler work.
PROBE = FunctionConfig(name="probe", init=InitModel(fixed_s=0.5), duration=Fixed(0.3))
#: The function of the last exercise: 0.4 s of Init, and a handler that opens a database
#: connection (0.3 s) on every invocation before its 0.05 s query.
CONNECT_S = 0.3
QUERY_S = 0.05
SLOW = FunctionConfig(name="orders", memory_mb=512, init=InitModel(fixed_s=0.4),
                      duration=Fixed(CONNECT_S + QUERY_S))


def cold_starts(config: FunctionConfig, source) -> int:
    """How many cold starts ``source`` causes on ``config`` (a short deterministic run)."""
    result = Simulation(functions=[config], sources=[source], seed=1, horizon=60).run()
    return result.metrics[config.name].cold_starts


def one_at_a_time_answer() -> int:
    """Ten requests two seconds apart."""
    return cold_starts(PROBE, Arrivals([2.0 * i for i in range(10)], function="probe"))


def all_at_once_answer() -> int:
    """Ten requests in the same instant."""
    return cold_starts(PROBE, Burst(10, at=1.0, function="probe"))


def latencies(config: FunctionConfig, count: int = 20) -> list[float]:
    """Latency of ``count`` requests two seconds apart (the first one is a cold start)."""
    config = config.replace(name="orders")
    simulation = Simulation(functions=[config],
                            sources=[Arrivals([2.0 * i for i in range(count)], function="orders")],
                            seed=1, horizon=2.0 * count + 5.0)
    done = simulation.keep_invocations()
    simulation.run()
    return [inv.latency for inv in sorted(done, key=lambda inv: inv.arrival)]


def _init_s(config: FunctionConfig) -> float:
    return round(config.init_duration(), 6)


def _work_s(config: FunctionConfig) -> float:
    return round(config.duration.mean(config.vcpu), 6)


def _measured(config: FunctionConfig) -> str:
    times = latencies(config)
    warm = times[1:]
    return (f"Measured on 20 requests two seconds apart: first (cold) {times[0] * 1000:.0f} ms, "
            f"then {sum(warm) / len(warm) * 1000:.0f} ms on average (before: "
            f"{latencies(SLOW)[1] * 1000:.0f} ms).")


def _moved(config: FunctionConfig) -> bool:
    return (abs(_work_s(config) - QUERY_S) < 1e-6
            and abs(_init_s(config) - (_init_s(SLOW) + CONNECT_S)) < 1e-6)


EXERCISES = (
    Exercise(
        id="one-at-a-time",
        title="Ten requests, one after another",
        variable="predicted_cold_starts",
        validate=whole_number("cold starts"),
        is_correct=lambda n: n == one_at_a_time_answer(),
        correct=("Only the first request finds no execution environment. Every later one "
                 "arrives after the previous invocation ended, so the same warm environment "
                 "serves it."),
        misconceptions=(
            Misconception("every-invocation-cold", lambda n: n == 10,
                          "An invocation does not get a fresh execution environment each time. "
                          "Once an invocation ends, its environment stays warm and is reused by "
                          "the next one."),
            Misconception("first-is-warm", lambda n: n == 0,
                          "Nothing exists before the first request: Lambda has to create and "
                          "initialise an environment for it, so that one is a cold start."),
        ),
        otherwise="Each request ends 0.3 s after it starts, long before the next one "
                  "arrives two seconds later.",
        hints=("How many requests are running at the same moment, at most?",
               "After its invocation ends, an environment waits, warm, for the next request.",
               "Only a request that finds no free warm environment is a cold start."),
        solution="predicted_cold_starts = 1",
        wrong=(("predicted_cold_starts = 10", "every-invocation-cold"),
               ("predicted_cold_starts = 0", "first-is-warm"),
               ("predicted_cold_starts = 2", ""),
               ("predicted_cold_starts = 'one'", "")),
    ),
    Exercise(
        id="all-at-once",
        title="Ten requests in the same instant",
        variable="predicted_cold_starts",
        validate=whole_number("cold starts"),
        is_correct=lambda n: n == all_at_once_answer(),
        correct=("An execution environment runs one invocation at a time, so ten requests "
                 "arriving together need ten environments, and each one starts cold."),
        misconceptions=(
            Misconception("one-environment-serves-all", lambda n: n == 1,
                          "One execution environment cannot serve ten requests at once: it "
                          "handles a single invocation at a time. The other nine need "
                          "environments of their own."),
            Misconception("first-is-warm", lambda n: n == 0,
                          "Nothing is warm yet when the burst arrives, so no request can skip "
                          "the Init phase."),
        ),
        otherwise="Count how many requests are running during the same 0.3 s.",
        hints=("Are any of the ten requests finished when the others arrive?",
               "An execution environment runs one invocation at a time.",
               "Each concurrent request needs its own environment, and new environments start "
               "cold."),
        solution="predicted_cold_starts = 10",
        wrong=(("predicted_cold_starts = 1", "one-environment-serves-all"),
               ("predicted_cold_starts = 0", "first-is-warm"),
               ("predicted_cold_starts = 5", "")),
    ),
    Exercise(
        id="move-the-connection",
        title="Open the connection once per environment",
        variable="faster",
        validate=instance_of(FunctionConfig, "SLOW.replace(duration=Fixed(0.05))"),
        is_correct=_moved,
        explain=_measured,
        correct=("The 0.3 s connection now runs once per execution environment, during Init, "
                 "and every warm invocation only pays for its 0.05 s query."),
        misconceptions=(
            Misconception("connection-vanished",
                          lambda c: abs(_work_s(c) - QUERY_S) < 1e-6
                          and abs(_init_s(c) - _init_s(SLOW)) < 1e-6,
                          "The handler is faster, but the connection disappeared: it still has "
                          "to be opened once, in the init code, so Init gets 0.3 s longer."),
            Misconception("still-in-handler",
                          lambda c: abs(_work_s(c) - (CONNECT_S + QUERY_S)) < 1e-6,
                          "The handler still takes 0.35 s: the connection is still opened on "
                          "every invocation. Take its 0.3 s out of `duration`."),
            Misconception("query-removed", lambda c: _work_s(c) < QUERY_S - 1e-6,
                          "The query itself still runs on every invocation: only the "
                          "connection can move out of the handler."),
        ),
        otherwise="Init should be 0.3 s longer than before and the handler 0.3 s "
                  "shorter.",
        hints=("Code outside the handler runs during Init, once per execution environment.",
               "Moving the connection adds its 0.3 s to Init and removes it from `duration`.",
               "`SLOW.replace(init=InitModel(fixed_s=...), duration=Fixed(...))` changes both."),
        solution="faster = SLOW.replace(init=InitModel(fixed_s=0.7), duration=Fixed(0.05))",
        wrong=(("faster = SLOW.replace(duration=Fixed(0.05))", "connection-vanished"),
               ("faster = SLOW.replace(init=InitModel(fixed_s=0.7))", "still-in-handler"),
               ("faster = SLOW.replace(init=InitModel(fixed_s=0.7), duration=Fixed(0.0))",
                "query-removed"),
               ("faster = SLOW.replace(init=InitModel(fixed_s=1.0), duration=Fixed(0.05))", ""),
               ("faster = 0.05", "")),
    ),
)
