"""How much work one run may ask for: refused up front instead of hanging or overflowing.

A horizon of ``1e30`` seconds with traffic would run for ever, and without traffic would ask for
more metric periods than memory holds. :func:`check_run` compares a run's size with two caps
(documented on the scenarios page, "Limits") before any event is processed, and raises one
``ValueError`` (:class:`RunTooLarge`) line naming the field, its value and the maximum.
"""

from __future__ import annotations

import math
from typing import Sequence

#: Metric periods in one run (horizon / period_s): the series' length.
MAX_PERIODS = 100_000
#: Requests the traffic sources are expected to send in one run, summed over sources.
MAX_EXPECTED_REQUESTS = 10_000_000
#: Retries of one stream batch at a single instant before a run is refused as stuck: a real
#: handler never fails in 0 s, a model one can, and its retries would never let time pass.
MAX_RETRIES_AT_ONE_INSTANT = 10_000


class RunTooLarge(ValueError):
    """A run over one of the caps: ``field`` names the setting, ``detail`` says by how much."""

    def __init__(self, field: str, detail: str) -> None:
        self.field, self.detail = field, detail
        super().__init__(f"{field}: {detail}")


def check_periods(horizon: float, period_s: float, field: str = "Simulation.horizon") -> None:
    """Refuse a horizon that needs more than :data:`MAX_PERIODS` periods of ``period_s``."""
    periods = horizon / period_s
    if not periods <= MAX_PERIODS:
        raise RunTooLarge(field, f"{horizon:g} s at period_s = {period_s:g} s is "
                                 f"{amount(periods)} metric periods; the maximum is "
                                 f"{MAX_PERIODS:,} (shorten the run or lengthen period_s)")


def check_requests(horizon: float, sources: Sequence, fields: Sequence[str] | None = None) -> None:
    """Refuse sources expected to send more than :data:`MAX_EXPECTED_REQUESTS` before
    ``horizon``; the message names the source that takes the total over the cap."""
    total = 0.0
    for i, source in enumerate(sources):
        total += source.expected_requests(horizon)
        if not total <= MAX_EXPECTED_REQUESTS:
            field = fields[i] if fields is not None else f"Simulation.sources[{i}]"
            raise RunTooLarge(field, f"about {amount(total)} requests expected over "
                                     f"{horizon:g} s; the maximum is {MAX_EXPECTED_REQUESTS:,} "
                                     f"in one run (lower the rate or shorten the run)")


def amount(x: float) -> str:
    """A count for a message: exact when small, 3 significant digits when huge."""
    if math.isnan(x) or math.isinf(x):
        return "unboundedly many"
    return f"{x:,.0f}" if x < 1e9 else f"{x:.3g}"
