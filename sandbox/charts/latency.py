"""Latency distribution: a histogram (cold starts stacked and hatched) with percentile markers."""

from __future__ import annotations

import math
from typing import Iterable, Mapping, Sequence

from ._data import nearest_rank, number
from .scale import Linear, format_value, nice_step, nice_ticks
from .svg import Chart, el, legend, text, x_axis, y_axis
from .theme import Swatch, dash, hatch_pattern

DEFAULT_PERCENTILES = (50, 90, 99)


class LatencyChart(Chart):
    """How long invocations took: warm ones as solid bars, cold ones stacked and hatched on top.

    ``warm`` and ``cold`` are latencies in ``unit`` (milliseconds by default). Percentiles are
    computed over both together by the nearest-rank method, and each is a labelled vertical
    line. The number of bars is bounded by ``bins`` however many values there are. Use
    :meth:`from_histogram` when only counts are available (streaming metrics).
    """

    def __init__(self, warm: Iterable[float] = (), cold: Iterable[float] = (), *,
                 unit: str = "ms", bins: int = 30, title: str = "Latency distribution",
                 percentiles: Sequence[float] = DEFAULT_PERCENTILES) -> None:
        warm_values = [number(v, f"warm[{i}]") for i, v in enumerate(warm)]
        cold_values = [number(v, f"cold[{i}]") for i, v in enumerate(cold)]
        everything = sorted(warm_values + cold_values)
        lo = everything[0] if everything else 0.0
        hi = everything[-1] if everything else 1.0
        # Round bin widths (1, 2, 2.5, 5 x 10^n) make bar edges readable on the axis.
        width = nice_step(hi - lo or abs(hi) or 1.0, bins)
        start = math.floor(lo / width) * width
        count = max(1, int(math.floor((hi - start) / width)) + 1)
        edges = [start + i * width for i in range(count + 1)]

        def tally(values: list[float]) -> list[int]:
            """Counts per bin (the maximum lands in the last bin, not past it)."""
            counts = [0] * count
            for v in values:
                counts[min(count - 1, int((v - start) / width))] += 1
            return counts

        marks = {f"p{p:g}": nearest_rank(everything, p) for p in percentiles} if everything else {}
        self._setup(edges, tally(warm_values), tally(cold_values), marks, unit, title)

    @classmethod
    def from_histogram(cls, edges: Sequence[float], counts: Sequence[int],
                       cold_counts: Sequence[int] | None = None, *,
                       percentiles: Mapping[str, float] | None = None, unit: str = "ms",
                       title: str = "Latency distribution") -> "LatencyChart":
        """A chart from bin ``edges`` (one more than ``counts``) and ready-made percentiles."""
        if len(edges) != len(counts) + 1:
            raise ValueError(f"edges: expected {len(counts) + 1} values (counts + 1), "
                             f"got {len(edges)}")
        chart = cls.__new__(cls)
        cold = list(cold_counts) if cold_counts is not None else [0] * len(counts)
        if len(cold) != len(counts):
            raise ValueError(f"cold_counts: expected {len(counts)} values, got {len(cold)}")
        warm = [c - k for c, k in zip(counts, cold)]
        chart._setup([float(e) for e in edges], warm, cold, dict(percentiles or {}), unit, title)
        return chart

    def _setup(self, edges: list[float], warm: list[int], cold: list[int],
               marks: dict[str, float], unit: str, title: str) -> None:
        self.edges, self.warm, self.cold, self.marks = edges, warm, cold, marks
        self.unit, self.title = unit, title
        total = sum(warm) + sum(cold)
        mark_text = ", ".join(f"{k} {format_value(v)} {unit}" for k, v in marks.items())
        self.desc = (f"Histogram of {total} latencies from {format_value(edges[0])} to "
                     f"{format_value(edges[-1])} {unit}; {sum(cold)} cold starts (hatched)"
                     + (f"; {mark_text}." if mark_text else "."))

    def _body(self, uid: str) -> list[str]:
        left, top, right, bottom = self.plot_box
        top += 22
        tallest = max((w + c for w, c in zip(self.warm, self.cold)), default=0)
        y_ticks = nice_ticks(0.0, max(1.0, tallest * 1.1), 5)
        ys = Linear((0.0, y_ticks[-1]), (bottom, top))
        x_ticks = nice_ticks(self.edges[0], self.edges[-1], 6)
        lo, hi = min(x_ticks[0], self.edges[0]), max(x_ticks[-1], self.edges[-1])
        x_ticks = [t for t in x_ticks if lo <= t <= hi]
        xs = Linear((lo, hi), (left, right))
        parts = [hatch_pattern(uid, "cold")]
        parts += y_axis(ys, y_ticks, left, "invocations", grid_to=right)
        parts += x_axis(xs, x_ticks, bottom, f"latency ({self.unit})")
        bars = []
        for i, (warm, cold) in enumerate(zip(self.warm, self.cold)):
            x0, x1 = xs(self.edges[i]), xs(self.edges[i + 1])
            w = max(0.5, x1 - x0 - 1)
            if warm:
                bars.append(el("rect", {"x": x0, "y": ys(warm), "width": w,
                                        "height": ys(0) - ys(warm), "class": "cs-warm bar"}))
            if cold:
                bars.append(el("rect", {"x": x0, "y": ys(warm + cold), "width": w,
                                        "height": ys(warm) - ys(warm + cold),
                                        "class": "cs-cold bar",
                                        "style": f"fill:url(#{uid}-hatch)"}))
        parts.append(el("g", {"class": "cs-bars"}, "".join(bars)))
        for row, (name, value) in enumerate(self.marks.items()):
            if not math.isfinite(value):
                continue
            px = xs(value)
            role = name if name in ("p50", "p90", "p99") else "best"
            parts.append(el("line", {"x1": px, "x2": px, "y1": top, "y2": bottom,
                                     "class": f"cs-{role} cs-line marker-{name}",
                                     "stroke-dasharray": dash(role) or "2 2"}))
            anchor = "end" if px > (left + right) / 2 else "start"
            parts.append(text(px + (-4 if anchor == "end" else 4), top + 12 + 13 * row,
                              f"{name} {format_value(value)} {self.unit}",
                              text_anchor=anchor, class_="cs-note"))
        # Counts rebuilt from a streaming sketch cannot tell cold from warm: say "invocations".
        swatches = ([Swatch("warm", "warm"), Swatch("cold", "cold start", "hatch", uid)]
                    if sum(self.cold) else [Swatch("warm", "invocations")])
        parts += legend(swatches, left, top - 10)
        return parts
