"""Reading the plain data charts accept: tuples, mappings or objects with named attributes."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, Sequence


def field(item: Any, name: str, index: int) -> Any:
    """``item[name]`` for a mapping, ``item.name`` for an object, else ``item[index]``."""
    if isinstance(item, dict):
        return item[name]
    if hasattr(item, name):
        return getattr(item, name)
    return item[index]


def number(value: Any, what: str) -> float:
    """``value`` as a finite float, or a ValueError that says which input was wrong."""
    try:
        result = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what}: expected a number, got {value!r}") from None
    if not math.isfinite(result):
        raise ValueError(f"{what}: expected a finite number, got {value!r}")
    return result


def envelope(points: Sequence[tuple[float, float]], t0: float, t1: float,
             bins: int) -> list[tuple[float, float]]:
    """Downsample a step function to ``bins`` steps, keeping each bin's maximum.

    Peaks matter most when concurrency is compared with a limit, so a bin shows the highest
    value the step function reached inside it rather than an average.
    """
    width = (t1 - t0) / bins
    peaks = [None] * bins
    current = 0.0
    cursor = 0
    ordered = sorted(points)
    for b in range(bins):
        lo = t0 + b * width
        hi = lo + width
        # The value holding at the start of the bin counts too.
        while cursor < len(ordered) and ordered[cursor][0] <= lo:
            current = ordered[cursor][1]
            cursor += 1
        peak = current
        while cursor < len(ordered) and ordered[cursor][0] < hi:
            current = ordered[cursor][1]
            peak = max(peak, current)
            cursor += 1
        peaks[b] = peak
    return [(t0 + b * width, peaks[b]) for b in range(bins)]


def nearest_rank(sorted_values: Sequence[float], pct: float) -> float:
    """The ``pct`` percentile by the nearest-rank method (the way CloudWatch's pNN reads)."""
    if not sorted_values:
        return math.nan
    # The smallest rank k with k / n >= pct / 100, computed on the decimal the caller wrote:
    # in floats 7 / 100 * 100 is 7.000000000000001, whose ceiling would skip to rank 8.
    rank = max(1, math.ceil(Fraction(str(pct)) * len(sorted_values) / 100))
    return sorted_values[min(rank, len(sorted_values)) - 1]
