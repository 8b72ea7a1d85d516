"""Choose a memory size the way AWS Lambda Power Tuning does: cost, speed or balanced.

For each memory size the helper runs ``num`` warm invocations of the function's duration
model (CPU-bound work speeds up with the vCPUs that memory buys), averages the duration and
the duration cost per invocation (billed per 1 ms, first price tier), and picks:

* ``cost``: the cheapest average invocation (ties: the faster);
* ``speed``: the fastest (ties: the cheaper);
* ``balanced``: the smallest ``w * cost / max_cost + (1 - w) * duration / max_duration`` with
  ``w = balanced_weight`` (0 = only speed matters, 1 = only cost; default 0.5).

This mirrors the analyzer of https://github.com/alexcasalboni/aws-lambda-power-tuning.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from . import facts
from .config import FunctionConfig
from .cost import billed_duration_s

STRATEGIES = ("cost", "speed", "balanced")
DEFAULT_MEMORY_SIZES = (128, 256, 512, 1024, 1536, 1769, 2048, 3008, 4096, 6144, 10240)


@dataclass(frozen=True)
class PowerStat:
    """Averages measured at one memory size."""

    memory_mb: int
    duration_s: float
    cost: float

    def to_dict(self) -> dict:
        """JSON-ready values."""
        return {"memory_mb": self.memory_mb, "duration_s": self.duration_s, "cost": self.cost}


@dataclass
class PowerTuningResult:
    """Every memory size's averages and the one the strategy chose."""

    strategy: str
    balanced_weight: float
    stats: list[PowerStat] = field(default_factory=list)
    optimal: PowerStat | None = None

    def to_dict(self) -> dict:
        """JSON-ready summary."""
        return {"strategy": self.strategy, "balanced_weight": self.balanced_weight,
                "stats": [s.to_dict() for s in self.stats],
                "optimal": self.optimal.to_dict() if self.optimal else None}


def measure(config: FunctionConfig, memory_mb: int, num: int, rng: random.Random) -> PowerStat:
    """Average duration and duration cost of ``num`` warm invocations at ``memory_mb``."""
    cfg = config.replace(memory_mb=memory_mb)
    vcpu = cfg.vcpu
    price = facts.PRICE_PER_GB_S_TIERS[cfg.architecture][0][1]
    total_s = total_cost = 0.0
    for _ in range(num):
        # A run cut off by the timeout is billed (and measured) up to the timeout.
        d = min(cfg.duration.sample(rng, vcpu), cfg.timeout_s)
        total_s += d
        total_cost += billed_duration_s(d) * cfg.memory_gb * price
    return PowerStat(memory_mb, total_s / num, total_cost / num)


def choose(stats: list[PowerStat], strategy: str = "cost",
           balanced_weight: float = 0.5) -> PowerStat:
    """The optimal configuration among ``stats`` for ``strategy`` (see the module docstring)."""
    if strategy not in STRATEGIES:
        raise ValueError(f"power_tune strategy: expected one of {STRATEGIES}, got {strategy!r}")
    if not stats:
        raise ValueError("power_tune memory_sizes: expected at least one memory size, got none")
    if strategy == "cost":
        return min(stats, key=lambda s: (s.cost, s.duration_s))
    if strategy == "speed":
        return min(stats, key=lambda s: (s.duration_s, s.cost))
    w = min(max(balanced_weight, 0.0), 1.0)  # clamped like the original
    max_cost = max(s.cost for s in stats) or 1.0
    max_duration = max(s.duration_s for s in stats) or 1.0
    return min(stats, key=lambda s: w * s.cost / max_cost + (1 - w) * s.duration_s / max_duration)


def power_tune(config: FunctionConfig, memory_sizes=DEFAULT_MEMORY_SIZES,
               strategy: str = "cost", balanced_weight: float = 0.5, num: int = 50,
               seed: int | None = 0) -> PowerTuningResult:
    """Measure ``config`` at each of ``memory_sizes`` and pick one by ``strategy``."""
    if not isinstance(num, int) or num < 1:
        raise ValueError(f"power_tune num: expected an integer >= 1, got {num!r}")
    rng = random.Random(seed)
    stats = [measure(config, int(m), num, rng) for m in memory_sizes]
    return PowerTuningResult(strategy, balanced_weight, stats,
                             choose(stats, strategy, balanced_weight))
