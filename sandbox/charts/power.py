"""Power tuning: duration and cost against memory size, the way aws-lambda-power-tuning plots it."""

from __future__ import annotations

from typing import Any, Iterable

from ._data import field, number
from .scale import Linear, format_value, nice_ticks
from .svg import Chart, el, legend, num, text, x_axis, y_axis
from .theme import Swatch, dash


class PowerTuningChart(Chart):
    """Average duration (left axis, circles) and cost (right axis, squares, dashed) per memory size.

    ``points`` are ``(memory_mb, duration_ms, cost_usd)`` per invocation: tuples, mappings with
    those keys or objects with those attributes. Cost is shown per ``per`` invocations (one
    million by default) so the axis reads in dollars rather than in millionths of a cent.
    Memory sizes are spaced evenly, as powers of two usually are. ``best`` marks one size.
    """

    margin = (28, 80, 52, 68)

    def __init__(self, points: Iterable[Any], *, best: float | None = None,
                 per: int = 1_000_000, title: str = "Power tuning: duration and cost by memory"
                 ) -> None:
        rows = []
        for i, p in enumerate(points):
            rows.append((number(field(p, "memory_mb", 0), f"points[{i}].memory_mb"),
                         number(field(p, "duration_ms", 1), f"points[{i}].duration_ms"),
                         number(field(p, "cost_usd", 2), f"points[{i}].cost_usd") * per))
        if not rows:
            raise ValueError("points: expected at least one (memory_mb, duration_ms, cost_usd)")
        rows.sort()
        self.rows, self.best, self.per, self.title = rows, best, per, title
        per_text = f"{per:,} invocations" if per != 1 else "invocation"
        self.cost_label = f"cost per {per_text} (USD)"
        summary = "; ".join(f"{m:g} MB: {format_value(d)} ms, ${format_value(c)}"
                            for m, d, c in rows)
        self.desc = f"Duration and {self.cost_label} by memory size. {summary}."
        if best is not None:
            self.desc += f" Best: {best:g} MB."

    def _body(self, uid: str) -> list[str]:
        left, top, right, bottom = self.plot_box
        top += 22
        slot = (right - left) / len(self.rows)
        xs = [left + slot * (i + 0.5) for i in range(len(self.rows))]
        d_ticks = nice_ticks(0.0, max(r[1] for r in self.rows) * 1.05, 5)
        c_ticks = nice_ticks(0.0, max(r[2] for r in self.rows) * 1.05, 5)
        dy = Linear((0.0, d_ticks[-1]), (bottom, top))
        cy = Linear((0.0, c_ticks[-1]), (bottom, top))
        parts = y_axis(dy, d_ticks, left, "duration (ms)", grid_to=right)
        parts += y_axis(cy, c_ticks, right, self.cost_label, right=True)
        parts.append(el("line", {"x1": left, "x2": right, "y1": bottom, "y2": bottom,
                                 "class": "cs-axis"}))
        for x, (memory, _, _) in zip(xs, self.rows):
            parts.append(el("line", {"x1": x, "x2": x, "y1": bottom, "y2": bottom + 5,
                                     "class": "cs-axis"}))
            parts.append(text(x, bottom + 18, f"{memory:g}", text_anchor="middle",
                              class_="cs-tick"))
        parts.append(text((left + right) / 2, bottom + 38, "memory (MB)", text_anchor="middle",
                          class_="cs-label x-label"))
        if self.best is not None:
            for x, (memory, _, _) in zip(xs, self.rows):
                if memory == self.best:
                    parts.append(el("rect", {"x": x - slot / 2, "y": top, "width": slot,
                                             "height": bottom - top, "class": "cs-best",
                                             "fill-opacity": 0.12, "style": "stroke:none"}))
                    # Keep the label inside the plot when the band is at either edge.
                    anchor, lx = "middle", x
                    if x - slot / 2 <= left + 1:
                        anchor, lx = "start", x - slot / 2 + 4
                    elif x + slot / 2 >= right - 1:
                        anchor, lx = "end", x + slot / 2 - 4
                    parts.append(text(lx, top + 12, f"best: {memory:g} MB",
                                      text_anchor=anchor, class_="cs-note"))
        duration = " ".join(f"{'M' if i == 0 else 'L'}{num(x)},{num(dy(r[1]))}"
                            for i, (x, r) in enumerate(zip(xs, self.rows)))
        cost = " ".join(f"{'M' if i == 0 else 'L'}{num(x)},{num(cy(r[2]))}"
                        for i, (x, r) in enumerate(zip(xs, self.rows)))
        parts.append(el("path", {"d": duration, "class": "cs-duration cs-line"}))
        parts.append(el("path", {"d": cost, "class": "cs-cost cs-line",
                                 "stroke-dasharray": dash("cost")}))
        for x, (memory, d, c) in zip(xs, self.rows):
            parts.append(el("circle", {"cx": x, "cy": dy(d), "r": 4,
                                       "class": "cs-duration point"},
                            el("title", None, f"{memory:g} MB: {format_value(d)} ms")))
            parts.append(el("rect", {"x": x - 4, "y": cy(c) - 4, "width": 8, "height": 8,
                                     "class": "cs-cost point"},
                            el("title", None, f"{memory:g} MB: ${format_value(c)}")))
        parts += legend([Swatch("duration", "duration (left axis)", "marker-circle"),
                         Swatch("cost", "cost (right axis)", "marker-square")], left, top - 10)
        return parts
