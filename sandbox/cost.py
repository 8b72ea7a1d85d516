"""What a run would cost: requests, GB-seconds by architecture and tier, provisioned concurrency.

Prices are us-east-1 (see :mod:`sandbox.facts`). The model bills, as Lambda does:

* every request (throttled requests are not billed);
* handler duration rounded up to 1 ms, times memory in GB, at the architecture's tiered price;
* the Init phase of on-demand cold starts as duration (billed since 1 August 2025);
* provisioned concurrency: memory x configured environments x run time (rounded up to 5
  minutes), plus a lower duration price for invocations that ran on provisioned environments;
* ephemeral storage above the free 512 MB, for the billed duration.

Tiers apply to monthly usage; the model treats the run as the month's usage of this function.
The free tier (1 M requests, 400,000 GB-s a month) is applied only when asked for, and never to
a function with provisioned concurrency.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from . import facts
from .config import FunctionConfig
from .metrics import FunctionMetrics


@dataclass
class CostBreakdown:
    """Dollar amounts for one function (or summed over several)."""

    requests: float = 0.0
    duration: float = 0.0
    init: float = 0.0
    provisioned: float = 0.0
    provisioned_duration: float = 0.0
    ephemeral_storage: float = 0.0
    free_tier_credit: float = 0.0
    gb_seconds: float = 0.0
    billed_requests: int = 0

    @property
    def total(self) -> float:
        """Total dollars after any free-tier credit."""
        return (self.requests + self.duration + self.init + self.provisioned
                + self.provisioned_duration + self.ephemeral_storage - self.free_tier_credit)

    def __add__(self, other: "CostBreakdown") -> "CostBreakdown":
        values = {k: getattr(self, k) + getattr(other, k) for k in asdict(self)}
        return CostBreakdown(**values)

    def to_dict(self) -> dict[str, float]:
        """JSON-ready amounts, with ``total``."""
        d = asdict(self)
        d["total"] = self.total
        return d


def tiered_duration_price(gb_seconds: float, architecture: str) -> float:
    """Dollars for ``gb_seconds`` of on-demand duration, walking the monthly price tiers."""
    cost = 0.0
    lower = 0.0
    for upper, price in facts.PRICE_PER_GB_S_TIERS[architecture]:
        if gb_seconds <= lower:
            break
        cost += (min(gb_seconds, upper) - lower) * price
        lower = upper
    return cost


def request_price(requests: int) -> float:
    """Dollars for ``requests`` requests."""
    return requests * facts.PRICE_PER_REQUEST


def function_cost(config: FunctionConfig, metrics: FunctionMetrics, run_seconds: float,
                  free_tier: bool = False) -> CostBreakdown:
    """The cost of one function's run of ``run_seconds`` from its metrics."""
    gb = config.memory_gb
    arch = config.architecture
    requests = metrics.invocations
    on_demand_gb_s = metrics.billed_s_on_demand * gb
    init_gb_s = metrics.billed_init_s * gb
    out = CostBreakdown(billed_requests=requests)
    out.requests = request_price(requests)
    # Init and handler GB-s share the same tiers: price them together, then split the bill
    # in proportion so that the breakdown adds up to the tiered total.
    all_on_demand = tiered_duration_price(on_demand_gb_s + init_gb_s, arch)
    out.duration = all_on_demand * (on_demand_gb_s / (on_demand_gb_s + init_gb_s)) \
        if on_demand_gb_s + init_gb_s else 0.0
    out.init = all_on_demand - out.duration
    pc = config.provisioned_concurrency
    if pc:
        increment = facts.PROVISIONED_BILLING_INCREMENT_S
        billed_pc_s = math.ceil(run_seconds / increment - 1e-9) * increment
        out.provisioned = pc * gb * billed_pc_s * facts.PRICE_PROVISIONED_PER_GB_S[arch]
        out.provisioned_duration = (metrics.billed_s_provisioned * gb
                                    * facts.PRICE_PROVISIONED_DURATION_PER_GB_S[arch])
    billed_s = metrics.billed_s_on_demand + metrics.billed_s_provisioned + metrics.billed_init_s
    extra_storage_gb = (config.ephemeral_storage_mb - facts.EPHEMERAL_STORAGE_MIN_MB) / 1024.0
    out.ephemeral_storage = extra_storage_gb * billed_s * facts.PRICE_EPHEMERAL_PER_GB_S
    out.gb_seconds = on_demand_gb_s + init_gb_s + metrics.billed_s_provisioned * gb
    if free_tier and not pc:  # the free tier excludes provisioned-concurrency functions
        out.free_tier_credit = free_tier_credit(requests, on_demand_gb_s + init_gb_s, arch)
    return out


def free_tier_credit(requests: int, on_demand_gb_s: float, architecture: str) -> float:
    """The monthly free tier's value: 1 M requests and 400,000 GB-s of on-demand duration."""
    free_requests = min(requests, facts.FREE_TIER_REQUESTS)
    free_gb_s = min(on_demand_gb_s, facts.FREE_TIER_GB_S)
    return request_price(free_requests) + tiered_duration_price(free_gb_s, architecture)


def billed_duration_s(duration_s: float) -> float:
    """``duration_s`` rounded up to Lambda's 1 ms billing granularity: any started millisecond is
    billed, a whole one is not rounded again (0.1 s bills 100 ms, not 101)."""
    step = facts.BILLING_GRANULARITY_S
    # The tolerance absorbs binary floating point (0.1 / 0.001 is 100.00000000000001), as the
    # simulator's own billing does (sandbox/function.py).
    return math.ceil(duration_s / step - 1e-9) * step


def invocation_cost(config: FunctionConfig, duration_s: float, init_s: float = 0.0) -> float:
    """Dollars for a single on-demand invocation (first price tier), for quick what-ifs."""
    billed = billed_duration_s(duration_s)
    price = facts.PRICE_PER_GB_S_TIERS[config.architecture][0][1]
    return facts.PRICE_PER_REQUEST + (billed + init_s) * config.memory_gb * price
