"""Lab 04, provisioned concurrency: cold starts gone, spillover, and the price.

The break-even utilisation comes from the prices in :mod:`sandbox.facts` (us-east-1, x86):
provisioned concurrency is billed per GB-second configured, plus a lower duration price for
the time it is used, against the on-demand duration price.
"""

from __future__ import annotations

from functools import lru_cache

from ... import facts
from ...config import FunctionConfig, InitModel
from ...durations import LogNormal
from ...simulation import Simulation
from ...traffic import Poisson
from ..exercise import Exercise, Misconception, fraction, instance_of

RATE = 50.0
HORIZON_S = 200.0
MARGIN = 5  # environments above the measured peak that still count as "not wasteful"
CHECKOUT = FunctionConfig(name="checkout", memory_mb=1024, init=InitModel(fixed_s=1.2),
                          duration=LogNormal(0.2, 0.3), version="1")


@lru_cache(maxsize=32)
def run(config: FunctionConfig = CHECKOUT, period_s: float = 5.0):
    """Checkout traffic on ``config`` for HORIZON_S seconds (cached: configs are immutable)."""
    config = config.replace(name="checkout")
    return Simulation(functions=[config], sources=[Poisson(RATE, function="checkout")],
                      seed=4, horizon=HORIZON_S, period_s=period_s).run()


def measure(config: FunctionConfig) -> dict:
    """Cold starts, spillover, peak and mean concurrency, p99.9 latency and cost of a run."""
    result = run(config)
    metrics = result.metrics["checkout"]
    return {"cold_starts": metrics.cold_starts, "spillover": metrics.spillover,
            "peak": metrics.peak_concurrency, "invocations": metrics.invocations,
            "mean_concurrency": metrics.concurrency_seconds / HORIZON_S,
            "p999_ms": metrics.latency.quantile(0.999) * 1000,
            "cost": result.cost["checkout"].total}


def warm_peak() -> int:
    """Peak concurrency once no request waits for Init (what must be provisioned)."""
    return measure(CHECKOUT.replace(provisioned_concurrency=60))["peak"]


def break_even_utilisation(architecture: str = "x86_64") -> float:
    """Share of the time provisioned environments must be busy to cost the same as on-demand."""
    on_demand = facts.PRICE_PER_GB_S_TIERS[architecture][0][1]
    return facts.PRICE_PROVISIONED_PER_GB_S[architecture] / (
        on_demand - facts.PRICE_PROVISIONED_DURATION_PER_GB_S[architecture])


def _pc(config: FunctionConfig) -> int:
    return config.provisioned_concurrency


def _tuned(config: FunctionConfig) -> bool:
    return (_pc(config) <= warm_peak() + MARGIN and measure(config)["cold_starts"] == 0)


def _measured(config: FunctionConfig) -> str:
    m = measure(config)
    return (f"Measured over {HORIZON_S:g} s: {m['cold_starts']} cold starts, {m['spillover']} "
            f"spillover invocations, peak concurrency {m['peak']}, p99.9 latency "
            f"{m['p999_ms']:.0f} ms, cost ${m['cost']:.4f}.")


EXERCISES = (
    Exercise(
        id="no-cold-starts",
        title="No cold starts, without paying for idle environments",
        variable="tuned",
        validate=instance_of(FunctionConfig, "CHECKOUT.replace(provisioned_concurrency=5)"),
        is_correct=_tuned,
        explain=_measured,
        correct=("Enough environments are initialised before the traffic arrives to cover the "
                 "peak, so no invocation spills over to on-demand environments and none waits "
                 "for Init."),
        misconceptions=(
            Misconception("reserved-does-not-prewarm",
                          lambda c: _pc(c) == 0 and c.reserved_concurrency is not None,
                          "Reserved concurrency caps and guarantees concurrency, but it does "
                          "not initialise anything in advance. Provisioned concurrency does."),
            Misconception("average-is-not-enough",
                          lambda c: 0 < _pc(c) <= round(measure(CHECKOUT)["mean_concurrency"]) + 2,
                          "That covers the average concurrency, about 10, but traffic peaks "
                          "above it: the extra invocations spill over to on-demand environments, "
                          "and new ones start cold."),
            Misconception("over-provisioned", lambda c: _pc(c) > warm_peak() + MARGIN,
                          "No cold starts, but most of those environments sit idle, and "
                          "provisioned concurrency is billed whether or not it is used. Size "
                          "it to the peak."),
        ),
        otherwise="Some invocations still spill over. Look at the peak concurrency the model "
                  "reports and provision at least that many.",
        hints=("Run the cell above: what is the peak concurrency with provisioned concurrency?",
               "Invocations above the provisioned amount spill over to on-demand environments, "
               "which can start cold.",
               "Provision the peak, give or take a few: "
               "`CHECKOUT.replace(provisioned_concurrency=...)`."),
        solution="tuned = CHECKOUT.replace(provisioned_concurrency=25)",
        wrong=(("tuned = CHECKOUT.replace(reserved_concurrency=25)", "reserved-does-not-prewarm"),
               ("tuned = CHECKOUT.replace(provisioned_concurrency=10)", "average-is-not-enough"),
               ("tuned = CHECKOUT.replace(provisioned_concurrency=100)", "over-provisioned"),
               ("tuned = CHECKOUT.replace(provisioned_concurrency=18)", ""),
               ("tuned = 25", "")),
    ),
    Exercise(
        id="break-even",
        title="When is provisioned concurrency cheaper?",
        variable="break_even",
        validate=fraction,
        is_correct=lambda a: abs(a - break_even_utilisation()) <= 0.05,
        correct=("About 0.6. Below 60% utilisation the always-on charge dominates; above it, "
                 "the lower duration price of provisioned concurrency makes it cheaper than "
                 "on-demand."),
        misconceptions=(
            Misconception("never-cheaper", lambda a: a >= 0.95,
                          "Provisioned concurrency is not always the expensive option: the time "
                          "it is used is billed at a lower duration price than on-demand, so a "
                          "busy enough pool costs less."),
            Misconception("price-ratio-only", lambda a: abs(a - 0.25) <= 0.02,
                          "0.25 compares only the always-on price with the on-demand price. Busy "
                          "provisioned environments also pay a duration price: compare the "
                          "always-on price with the difference of the two duration prices."),
            Misconception("always-cheaper", lambda a: a <= 0.05,
                          "An idle provisioned environment still costs money; on-demand costs "
                          "nothing while idle. At low utilisation on-demand wins."),
        ),
        otherwise="Solve: always-on price + u x provisioned duration price = u x on-demand "
                  "duration price.",
        hints=("Per GB-second of provisioned capacity, what do you pay when it is idle, and "
               "when it is busy?",
               "At utilisation u: provisioned costs P + u x D_pc; on-demand costs u x D_od.",
               "u = P / (D_od - D_pc), with the three prices printed above."),
        solution="break_even = 0.6",
        wrong=(("break_even = 1.0", "never-cheaper"),
               ("break_even = 0.25", "price-ratio-only"),
               ("break_even = 0.0", "always-cheaper"),
               ("break_even = 0.4", ""),
               ("break_even = 60", "")),
    ),
)
