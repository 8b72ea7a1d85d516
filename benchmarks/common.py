"""What a benchmark reports, and a timer."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable


#: Debian's Chromium (Playwright cannot download browsers here), headless, with every background
#: request off so only the course's own requests are measured.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]

#: How every ratio reads, printed above the table: one direction for times, sizes and memory.
RATIO_MEANING = ("every ratio = baseline / measured (all rows are costs: time, size, memory): "
                 ">= 1 = as good as or better than the baseline; where the baseline is a target or "
                 "budget, >= 1 = meets it")


@dataclass
class Measure:
    """One measurement against its baseline or target. Every measured quantity is a cost (seconds,
    kilobytes, megabytes: less is better), so the ratio is always ``baseline / measured`` and
    reads the same way round for every row: at or above 1 the measurement is as good as or better
    than its baseline, and meets it where the baseline is a target or budget (0.8x = 25 % over a
    size budget, 2x = twice as fast as the baseline)."""

    name: str
    measured: float
    baseline: float
    unit: str = "s"
    note: str = ""

    @property
    def ratio(self) -> float:
        """``baseline / measured`` (see the class docstring); infinite for a zero measurement."""
        return self.baseline / self.measured if self.measured else float("inf")


    def line(self) -> str:
        """One printed row."""
        return (f"{self.name:44} {self.measured:>10.4g}{self.unit:>2} "
                f"{self.baseline:>10.4g}{self.unit:>2} {self.ratio:>7.2f}x  {self.note}")


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """Wall-clock seconds for one call of ``fn`` and its result."""
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def cpu_timed(fn: Callable[[], object]) -> tuple[float, object]:
    """CPU seconds this process spent in one call of ``fn``, and its result (other processes'
    load on a shared machine does not count, unlike wall-clock time)."""
    start = time.process_time()
    value = fn()
    return time.process_time() - start, value
