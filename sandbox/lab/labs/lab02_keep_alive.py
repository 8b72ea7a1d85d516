"""Lab 02, keep-alive: how idle time and the traffic rate decide how often a function starts cold.

How long Lambda keeps an idle execution environment is not documented; the model's default
(``FunctionConfig.idle_expiry_s``, 10 minutes) is an assumption from published measurements,
and the lab says so. The expected answers are measured with the model.
"""

from __future__ import annotations

import math
from functools import lru_cache

from ...config import FunctionConfig, InitModel
from ...durations import Fixed
from ...simulation import Simulation
from ...traffic import Arrivals, Poisson
from ..exercise import Exercise, Misconception

#: A small API: 0.3 s of Init, 0.1 s per request, environments reclaimed after 10 idle minutes.
API = FunctionConfig(name="api", init=InitModel(fixed_s=0.3), duration=Fixed(0.1),
                     idle_expiry_s=600.0)
#: Exercise 1: one request every 15 minutes for three hours.
GAP_S = 900.0
REQUESTS = 12
#: Exercise 2: on average one request every 20 minutes, at random (a Poisson process).
MEAN_GAP_S = 1200.0
TOLERANCE = 0.08


def cold_share(rate_per_s: float, config: FunctionConfig = API, requests: int = 300,
               seed: int = 2) -> float:
    """Share of invocations that were cold starts, for Poisson traffic at ``rate_per_s``."""
    result = Simulation(functions=[config], sources=[Poisson(rate_per_s, function=config.name)],
                        seed=seed, horizon=requests / rate_per_s).run()
    metrics = result.metrics[config.name]
    return metrics.cold_starts / metrics.invocations if metrics.invocations else 0.0


def spaced_cold_starts(gap_s: float = GAP_S, count: int = REQUESTS,
                       config: FunctionConfig = API) -> int:
    """Cold starts among ``count`` requests exactly ``gap_s`` apart."""
    source = Arrivals([gap_s * i for i in range(count)], function=config.name)
    result = Simulation(functions=[config], sources=[source], seed=1,
                        horizon=gap_s * count + 10).run()
    return result.metrics[config.name].cold_starts


def _fraction(answer) -> str | None:
    if isinstance(answer, bool) or not isinstance(answer, (int, float)) or math.isnan(answer):
        return f"Expected a fraction from 0 to 1 such as 0.25, got {answer!r}."
    if 1 < answer <= 100:
        return f"Give a fraction from 0 to 1, not a percentage: {answer:g}% is {answer / 100:g}."
    if not 0 <= answer <= 1:
        return f"Expected a fraction from 0 to 1 such as 0.25, got {answer!r}."
    return None


def _whole(answer) -> str | None:
    if isinstance(answer, bool) or not isinstance(answer, int) or answer < 0:
        return f"Expected a whole number of cold starts such as 3, got {answer!r}."
    return None


@lru_cache(maxsize=1)
def _share_answer() -> float:
    return cold_share(1 / MEAN_GAP_S, requests=2000)


def _close(answer: float) -> bool:
    return abs(answer - _share_answer()) <= TOLERANCE


EXERCISES = (
    Exercise(
        id="every-15-minutes",
        title="A request every 15 minutes",
        variable="predicted_cold_starts",
        validate=_whole,
        is_correct=lambda n: n == spaced_cold_starts(),
        correct=("Every gap (15 minutes) is longer than the idle expiry (10 minutes in this "
                 "model), so each environment is gone before the next request: all 12 are cold."),
        misconceptions=(
            Misconception("stays-warm-forever", lambda n: n == 1,
                          "An idle execution environment is not kept forever. After a while "
                          "without invocations Lambda reclaims it, and the next request starts "
                          "cold again."),
            Misconception("first-is-warm", lambda n: n == REQUESTS - 1,
                          "The first request is cold too: nothing exists before it."),
        ),
        otherwise="Compare each 15-minute gap with the 10-minute idle expiry of this model.",
        hints=("How long is each gap, and how long does an idle environment survive here?",
               "An environment idle for longer than `idle_expiry_s` is shut down.",
               "If every gap is longer than the idle expiry, no request finds a warm "
               "environment."),
        solution="predicted_cold_starts = 12",
        wrong=(("predicted_cold_starts = 1", "stays-warm-forever"),
               ("predicted_cold_starts = 11", "first-is-warm"),
               ("predicted_cold_starts = 6", ""),
               ("predicted_cold_starts = 12.0", "")),
    ),
    Exercise(
        id="random-traffic",
        title="Random traffic, one request every 20 minutes on average",
        variable="predicted_share",
        validate=_fraction,
        is_correct=_close,
        explain=lambda a: f"The model measured {_share_answer():.2f} over 2,000 requests.",
        correct=("Random gaps vary: some are much shorter than the 20-minute average and find "
                 "the environment still warm. A gap is longer than 10 minutes with probability "
                 "e^(-600/1200), about 0.61."),
        misconceptions=(
            Misconception("average-gap-decides", lambda a: a >= 1 - TOLERANCE,
                          "The average gap is longer than the idle expiry, but the gaps are "
                          "random: many are shorter than 10 minutes and land on a warm "
                          "environment."),
            Misconception("ratio-of-times", lambda a: abs(a - 0.5) < 0.03,
                          "0.5 is the ratio of 10 to 20 minutes. What matters is the chance "
                          "that one random gap is longer than 10 minutes, and random gaps are "
                          "short more often than long."),
            Misconception("mostly-warm", lambda a: a <= TOLERANCE,
                          "With the average gap twice the idle expiry, most environments expire "
                          "between requests: cold starts are common, not rare."),
        ),
        otherwise="Run the sweep above and read the share for a 20-minute mean gap.",
        hints=("The sweep above measures the share of cold starts for several mean gaps.",
               "A request is cold when the gap before it is longer than the idle expiry.",
               "For random (Poisson) traffic, a gap is longer than T with probability "
               "exp(-T / mean gap)."),
        solution="predicted_share = 0.6",
        wrong=(("predicted_share = 1.0", "average-gap-decides"),
               ("predicted_share = 0.5", "ratio-of-times"),
               ("predicted_share = 0.05", "mostly-warm"),
               ("predicted_share = 60", ""),
               ("predicted_share = 0.3", "")),
    ),
)
