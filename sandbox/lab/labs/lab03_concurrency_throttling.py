"""Lab 03, concurrency and throttling: estimating concurrency, and a cap that protects a database.

Expected answers are measured with the model (Little's law for the estimate: concurrency is
the arrival rate times the average duration).
"""

from __future__ import annotations

from functools import lru_cache

from ...config import FunctionConfig, InitModel
from ...durations import Exponential
from ...simulation import Simulation
from ...traffic import Poisson
from ..exercise import Exercise, Misconception, instance_of

RATE = 150.0          # requests per second
MEAN_DURATION_S = 0.5
DB_CONNECTIONS = 50   # the database's connection limit; each environment holds one connection
ORDERS = FunctionConfig(name="orders", memory_mb=512, init=InitModel(fixed_s=0.3),
                        duration=Exponential(MEAN_DURATION_S))


def run(config: FunctionConfig = ORDERS, rate: float = RATE, horizon: float = 60.0,
        period_s: float = 1.0):
    """One minute of Poisson traffic at ``rate`` on ``config`` (a SimulationResult)."""
    config = config.replace(name="orders")
    return Simulation(functions=[config], sources=[Poisson(rate, function="orders")], seed=3,
                      horizon=horizon, period_s=period_s).run()


@lru_cache(maxsize=1)
def mean_concurrency() -> float:
    """Average concurrent executions the model measures for ORDERS at RATE."""
    metrics = run().metrics["orders"]
    return metrics.concurrency_seconds / 60.0


def _number(answer) -> str | None:
    if isinstance(answer, bool) or not isinstance(answer, (int, float)) or answer < 0:
        return f"Expected a number of concurrent executions such as 40, got {answer!r}."
    return None


def _near(answer: float) -> bool:
    return abs(answer - RATE * MEAN_DURATION_S) <= 0.1 * RATE * MEAN_DURATION_S


def _measured(config: FunctionConfig) -> str:
    metrics = run(config).metrics["orders"]
    total = metrics.invocations + metrics.throttles
    return (f"Measured over one minute: peak concurrency {metrics.peak_concurrency} (the "
            f"database allows {DB_CONNECTIONS}), {metrics.throttles} of {total} requests "
            f"throttled.")


def _reserved(config: FunctionConfig) -> int | None:
    return config.reserved_concurrency


EXERCISES = (
    Exercise(
        id="estimate-concurrency",
        title="Estimate the concurrency",
        variable="predicted_concurrency",
        validate=_number,
        is_correct=_near,
        explain=lambda a: f"The model measured {mean_concurrency():.0f} on average.",
        correct=("Concurrency is requests per second times the average duration in seconds: "
                 "150 x 0.5 = 75 requests in flight on average."),
        misconceptions=(
            Misconception("rate-is-concurrency", lambda a: abs(a - RATE) < 1,
                          "Requests per second is not concurrency. A request that lasts half a "
                          "second occupies an environment for only half of each second."),
            Misconception("divided-by-duration", lambda a: abs(a - RATE / MEAN_DURATION_S) < 1,
                          "Dividing by the duration gives a bigger number than the rate, as if "
                          "longer requests needed fewer environments. Multiply instead."),
            Misconception("no-overlap", lambda a: a <= 1,
                          "Each request is short, but 150 of them start every second, so many "
                          "overlap: one environment cannot keep up."),
        ),
        otherwise="Use concurrency = requests per second x average duration in seconds.",
        hints=("How many requests start each second, and how long does each one stay in flight?",
               "Little's law: requests in flight = arrival rate x time each one spends in flight.",
               "150 requests per second x 0.5 s each."),
        solution="predicted_concurrency = 75",
        wrong=(("predicted_concurrency = 150", "rate-is-concurrency"),
               ("predicted_concurrency = 300", "divided-by-duration"),
               ("predicted_concurrency = 1", "no-overlap"),
               ("predicted_concurrency = 40", ""),
               ("predicted_concurrency = '75'", "")),
    ),
    Exercise(
        id="protect-the-database",
        title="Protect the database",
        variable="protected",
        validate=instance_of(FunctionConfig, "ORDERS.replace(reserved_concurrency=10)"),
        is_correct=lambda c: _reserved(c) == DB_CONNECTIONS,
        explain=_measured,
        correct=("Reserved concurrency caps the function at 50 concurrent executions, so it "
                 "never opens more than 50 connections. The price is throttling: requests "
                 "beyond the cap fail with HTTP 429, so callers must retry, or a queue must "
                 "absorb the peak."),
        misconceptions=(
            Misconception("provisioned-is-not-a-cap",
                          lambda c: _reserved(c) is None and c.provisioned_concurrency > 0,
                          "Provisioned concurrency pre-initialises environments; it does not "
                          "limit how many the function uses. The cap is reserved concurrency."),
            Misconception("no-cap", lambda c: _reserved(c) is None,
                          "Nothing limits the function yet: without reserved concurrency it "
                          "scales to what the traffic needs, far beyond 50."),
            Misconception("zero-disables", lambda c: _reserved(c) == 0,
                          "Reserved concurrency 0 throttles every invocation: it switches the "
                          "function off rather than protecting the database."),
            Misconception("cap-above-limit", lambda c: _reserved(c) > DB_CONNECTIONS,
                          "The cap is above the database's 50 connections, so peaks can still "
                          "exhaust them."),
            Misconception("cap-too-low", lambda c: 0 < _reserved(c) < DB_CONNECTIONS,
                          "The database is safe, but the function is throttled more than it "
                          "needs to be: it may use all 50 connections."),
        ),
        hints=("Which setting is a maximum for one function: reserved or provisioned "
               "concurrency?",
               "Each execution environment holds one connection, so cap the environments.",
               "`ORDERS.replace(reserved_concurrency=...)` with the database's limit."),
        solution="protected = ORDERS.replace(reserved_concurrency=50)",
        wrong=(("protected = ORDERS.replace(provisioned_concurrency=50)",
                "provisioned-is-not-a-cap"),
               ("protected = ORDERS", "no-cap"),
               ("protected = ORDERS.replace(reserved_concurrency=0)", "zero-disables"),
               ("protected = ORDERS.replace(reserved_concurrency=100)", "cap-above-limit"),
               ("protected = ORDERS.replace(reserved_concurrency=10)", "cap-too-low"),
               ("protected = 50", "")),
    ),
)
