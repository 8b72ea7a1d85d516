"""Axis scales: linear mapping from data to pixels, "nice" tick values and tick labels."""

from __future__ import annotations

import math


def nice_step(span: float, target_ticks: int = 5) -> float:
    """The 1-2-5 × 10ⁿ step that splits ``span`` into about ``target_ticks`` intervals."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / max(1, target_ticks)
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude * 1.0000001:
            return factor * magnitude
    return 10 * magnitude


def nice_ticks(lo: float, hi: float, target_ticks: int = 5) -> list[float]:
    """Round tick values covering ``[lo, hi]``: the first ≤ lo, the last ≥ hi.

    A zero-width range is widened so that a single value still gets a readable axis.
    """
    if not (math.isfinite(lo) and math.isfinite(hi)):
        lo, hi = 0.0, 1.0
    if hi < lo:
        lo, hi = hi, lo
    if hi == lo:
        pad = abs(lo) * 0.5 or 1.0
        lo, hi = (0.0, hi + pad) if lo >= 0 else (lo - pad, hi + pad)
    step = nice_step(hi - lo, target_ticks)
    first = math.floor(lo / step + 1e-9) * step
    ticks = []
    value = first
    # Count rather than accumulate, so float error never adds an extra tick.
    count = int(math.ceil((hi - first) / step - 1e-9)) + 1
    for index in range(count):
        value = first + index * step
        ticks.append(0.0 if abs(value) < step * 1e-9 else value)
    return ticks


def ticks_within(lo: float, hi: float, target_ticks: int = 6) -> list[float]:
    """Nice ticks that fall inside ``[lo, hi]`` (a time axis ends where the run ends)."""
    ticks = nice_ticks(lo, hi, target_ticks)
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    inside = [t for t in ticks if lo - step * 1e-6 <= t <= hi + step * 1e-6]
    return inside if len(inside) >= 2 else ticks


def format_tick(value: float, step: float) -> str:
    """Format ``value`` with just enough decimals for ticks ``step`` apart, with thousands commas."""
    decimals = 0
    while decimals < 12 and abs(round(step, decimals) - step) > abs(step) * 1e-6:
        decimals += 1
    text = f"{value:,.{decimals}f}"
    # "-0" would read as a different number from the "0" it is.
    return text[1:] if text.startswith("-") and float(text.replace(",", "")) == 0 else text


def format_value(value: float, digits: int = 3) -> str:
    """A short human label for one data value (3 significant digits, commas for thousands)."""
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    if abs(value) >= 1000 or value == int(value):
        return f"{value:,.0f}"
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(value))))
    return f"{value:.{decimals}f}"


class Linear:
    """Maps a data interval ``domain`` onto a pixel interval ``range`` (either may be reversed)."""

    __slots__ = ("d0", "d1", "r0", "r1")

    def __init__(self, domain: tuple[float, float], range_: tuple[float, float]) -> None:
        self.d0, self.d1 = float(domain[0]), float(domain[1])
        if self.d1 == self.d0:
            self.d1 = self.d0 + 1.0
        self.r0, self.r1 = float(range_[0]), float(range_[1])

    def __call__(self, value: float) -> float:
        """Pixel coordinate of ``value``."""
        return self.r0 + (value - self.d0) * (self.r1 - self.r0) / (self.d1 - self.d0)


def time_unit(span_seconds: float) -> tuple[float, str]:
    """Pick a time unit for an axis covering ``span_seconds``: (seconds per unit, unit name)."""
    if span_seconds >= 3 * 3600:
        return 3600.0, "h"
    if span_seconds >= 3 * 60:
        return 60.0, "min"
    if span_seconds >= 3:
        return 1.0, "s"
    return 0.001, "ms"
