"""What a benchmark reports, and a timer."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable


@dataclass
class Measure:
    """One measurement against its baseline: ``ratio = baseline / measured`` for times (higher is
    better); for sizes set ``higher_is_better=False`` and the ratio is ``measured / baseline``."""

    name: str
    measured: float
    baseline: float
    unit: str = "s"
    note: str = ""
    higher_is_better: bool = True

    @property
    def ratio(self) -> float:
        """How many times better than the baseline (see class docstring)."""
        if self.higher_is_better:
            return self.baseline / self.measured if self.measured else float("inf")
        return self.measured / self.baseline if self.baseline else float("inf")

    def line(self) -> str:
        """One printed row."""
        return (f"{self.name:44} {self.measured:>10.4g}{self.unit:>2} "
                f"{self.baseline:>10.4g}{self.unit:>2} {self.ratio:>7.2f}x  {self.note}")


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """Wall-clock seconds for one call of ``fn`` and its result."""
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value
