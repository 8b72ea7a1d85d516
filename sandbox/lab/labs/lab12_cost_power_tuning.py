"""Lab 12, cost and power tuning: memory buys CPU, up to what the code can use.

Measured with :func:`sandbox.power_tuning.power_tune` (the analyzer of AWS Lambda Power Tuning)
and the prices in :mod:`sandbox.facts` (us-east-1).
"""

from __future__ import annotations

import random
from functools import lru_cache

from ... import facts
from ...config import FunctionConfig
from ...cost import invocation_cost
from ...durations import CpuBound, Fixed
from ...power_tuning import PowerStat, measure
from ..exercise import Exercise, Misconception, instance_of

THUMB = FunctionConfig(name="thumbnail", timeout_s=30, duration=CpuBound(cpu_s=1.2, io_s=0.1))
SIZES = (128, 256, 512, 1024, 1536, 1769, 2048, 3008, 4096, 10240)
COST_SLACK = 0.10   # "at most 10% more than the cheapest"

#: AWS Fargate, US East, x86, per hour (https://aws.amazon.com/fargate/pricing/), the same
#: inputs as lesson 14's worked example: two tasks of 0.5 vCPU and 1 GB, 730 hours a month.
FARGATE_PER_VCPU_HOUR = 0.04048
FARGATE_PER_GB_HOUR = 0.004445
API = FunctionConfig(name="api", memory_mb=512, duration=Fixed(0.12))


def fargate_monthly(tasks: int = 2, vcpu: float = 0.5, gb: float = 1.0, hours: float = 730) -> float:
    """Monthly cost of ``tasks`` always-on Fargate tasks."""
    return tasks * (vcpu * FARGATE_PER_VCPU_HOUR + gb * FARGATE_PER_GB_HOUR) * hours


def lambda_per_million(config: FunctionConfig = API) -> float:
    """Requests plus duration for one million invocations of ``config`` (no free tier)."""
    return 1e6 * invocation_cost(config, config.duration.mean(config.vcpu))


def crossover_millions() -> float:
    """Monthly requests (millions) at which Lambda costs as much as the two Fargate tasks."""
    return fargate_monthly() / lambda_per_million()


@lru_cache(maxsize=64)
def stat(config: FunctionConfig) -> PowerStat:
    """Average duration and duration cost per invocation of ``config`` (deterministic model)."""
    return measure(config, config.memory_mb, 1, random.Random(0))


@lru_cache(maxsize=1)
def cheapest_cost() -> float:
    """The lowest cost per invocation over SIZES (x86)."""
    return min(stat(THUMB.replace(memory_mb=m)).cost for m in SIZES)


@lru_cache(maxsize=1)
def fastest_duration() -> float:
    """The shortest duration over every memory size."""
    return stat(THUMB.replace(memory_mb=10240)).duration_s


def _memory(answer) -> str | None:
    if isinstance(answer, bool) or not isinstance(answer, int) or not 128 <= answer <= 10240:
        return f"Expected a memory size in MB from 128 to 10240, got {answer!r}."
    return None


def _good(config: FunctionConfig) -> bool:
    s = stat(config.replace(architecture="x86_64"))
    return (s.duration_s <= fastest_duration() * 1.01
            and s.cost <= cheapest_cost() * (1 + COST_SLACK))


def _measured(config: FunctionConfig) -> str:
    s = stat(config)
    return (f"At {config.memory_mb} MB: {s.duration_s * 1000:.0f} ms per image and "
            f"${s.cost * 1e6:.2f} of duration per million images "
            f"({s.cost / cheapest_cost() - 1:+.0%} against the cheapest size).")


EXERCISES = (
    Exercise(
        id="where-it-stops",
        title="Where does more memory stop helping?",
        variable="predicted_memory_mb",
        validate=_memory,
        is_correct=lambda m: facts.MEMORY_MB_PER_VCPU <= m <= facts.MEMORY_MB_PER_VCPU + 31,
        correct=("At 1,769 MB the function has one full vCPU. Single-threaded code cannot use a "
                 "second one, so above that size it runs no faster."),
        misconceptions=(
            Misconception("more-is-always-faster", lambda m: m >= 3008,
                          "More memory adds vCPUs, but a single-threaded handler uses only one: "
                          "above one vCPU (1,769 MB) it gets no faster."),
            Misconception("memory-is-not-cpu", lambda m: m == 128,
                          "Memory also sets the CPU: Lambda allocates CPU in proportion to "
                          "memory, so this CPU-bound handler speeds up as memory grows."),
        ),
        otherwise="Find the memory size at which the function has exactly one vCPU.",
        hints=("Look at the power-tuning chart: where does the duration curve flatten?",
               "CPU is proportional to memory; one vCPU at a documented memory size.",
               "Lambda gives one vCPU at 1,769 MB."),
        solution="predicted_memory_mb = 1769",
        wrong=(("predicted_memory_mb = 10240", "more-is-always-faster"),
               ("predicted_memory_mb = 128", "memory-is-not-cpu"),
               ("predicted_memory_mb = 1024", ""),
               ("predicted_memory_mb = '1769'", "")),
    ),
    Exercise(
        id="fast-and-cheap",
        title="As fast as possible, at most 10% above the cheapest",
        variable="tuned",
        validate=instance_of(FunctionConfig, "THUMB.replace(memory_mb=512)"),
        is_correct=_good,
        explain=_measured,
        correct=("Full speed at one vCPU, for a few percent more than the cheapest (and much "
                 "slower) 128 MB. Above that, memory only adds cost."),
        misconceptions=(
            Misconception("cheapest-is-best", lambda c: c.memory_mb == 128,
                          "128 MB is the cheapest per invocation but takes over 16 seconds per "
                          "image. The brief was the fastest within 10% of that cost."),
            Misconception("paying-for-idle-cpu",
                          lambda c: c.memory_mb > facts.MEMORY_MB_PER_VCPU
                          and stat(c.replace(architecture="x86_64")).cost
                          > cheapest_cost() * (1 + COST_SLACK),
                          "No faster than at one vCPU (the handler is single-threaded), and the "
                          "extra memory pushes the cost past the 10% budget."),
            Misconception("still-cpu-starved", lambda c: c.memory_mb < facts.MEMORY_MB_PER_VCPU,
                          "Below one vCPU the function is still CPU-starved: a little more "
                          "memory makes it proportionally faster for almost the same cost."),
        ),
        hints=("Run the power-tuning sweep: find where duration stops falling.",
               "Cost barely moves below one vCPU, because the run gets shorter as memory grows.",
               "`THUMB.replace(memory_mb=1769)`."),
        solution="tuned = THUMB.replace(memory_mb=1769)",
        wrong=(("tuned = THUMB.replace(memory_mb=128)", "cheapest-is-best"),
               ("tuned = THUMB.replace(memory_mb=10240)", "paying-for-idle-cpu"),
               ("tuned = THUMB.replace(memory_mb=1024)", "still-cpu-starved"),
               ("tuned = 1769", "")),
    ),
    Exercise(
        id="fargate-crossover",
        title="Where Lambda stops being cheaper than Fargate",
        variable="predicted_millions",
        validate=lambda a: (None if isinstance(a, (int, float)) and not isinstance(a, bool)
                            and a >= 0 else
                            f"Expected a number of millions of requests such as 12.5, got {a!r}."),
        is_correct=lambda a: abs(a - crossover_millions()) <= 0.1 * crossover_millions(),
        explain=lambda a: (f"The model computes {crossover_millions():.1f} million: Fargate "
                           f"${fargate_monthly():.2f} a month, Lambda "
                           f"${lambda_per_million():.2f} per million requests."),
        correct=("Below about 30 million requests a month Lambda costs less; above it the two "
                 "always-on tasks do, if they can really carry the peak."),
        misconceptions=(
            Misconception("request-charge-forgotten",
                          lambda a: abs(a - fargate_monthly() / (lambda_per_million() - 0.2))
                          <= 1.0,
                          "That counts only the duration charge. Every request also costs "
                          "$0.20 per million, so Lambda costs $1.20 per million here."),
            Misconception("lambda-always-cheaper", lambda a: a == 0 or a >= 1000,
                          "Lambda charges for every request while the tasks cost the same at "
                          "any traffic they can carry: past some volume the flat bill wins."),
        ),
        otherwise="Divide the Fargate bill by Lambda's cost per million requests.",
        hints=("Fargate's bill is flat; Lambda's grows with the number of requests.",
               "Lambda per million = request charge + duration charge, printed above.",
               "Crossover (millions) = Fargate monthly cost / Lambda cost per million."),
        solution="predicted_millions = 30",
        wrong=(("predicted_millions = 36", "request-charge-forgotten"),
               ("predicted_millions = 0", "lambda-always-cheaper"),
               ("predicted_millions = 10", ""),
               ("predicted_millions = 'thirty'", "")),
    ),
)
