"""Concurrency over time, drawn against the limits that cap it."""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from ._data import envelope, field, number
from .scale import Linear, format_value, nice_ticks, ticks_within, time_unit
from .svg import Chart, el, legend, num, text, x_axis, y_axis
from .theme import ROLES, Swatch, dash

#: A limit further above the data than this factor is noted instead of squashing the plot.
OFF_SCALE = 3.0


class ConcurrencyChart(Chart):
    """Concurrent executions as a step line, with horizontal lines for each limit.

    ``points`` is a step function: ``(time_s, value)`` pairs (tuples, mappings with ``time`` and
    ``value``, or objects with those attributes), each value holding until the next time.
    ``limits`` maps a name to a level, e.g. ``{"account": 1000, "reserved": 100,
    "provisioned": 20}``; the names ``account``, ``reserved`` and ``provisioned`` get their own
    colour and dash pattern, and every line is labelled in text. More than ``max_points`` steps
    are reduced to that many bins, each showing its peak.

    ``throttles`` (optional) are ``(time_s, count)`` pairs, one per period of ``period_s``
    seconds: periods with throttled requests get a mark along the bottom of the plot, so the
    moment the limit bites is visible next to the line.
    """

    def __init__(self, points: Iterable[Any], *, limits: Mapping[str, float] | None = None,
                 title: str = "Concurrent executions over time", end: float | None = None,
                 label: str = "concurrent executions", max_points: int = 500,
                 throttles: Iterable[Any] = (), period_s: float | None = None) -> None:
        steps = [(number(field(p, "time", 0), f"points[{i}].time"),
                  number(field(p, "value", 1), f"points[{i}].value"))
                 for i, p in enumerate(points)]
        steps.sort()
        self.title = title
        self.label = label
        self.limits = {str(k): number(v, f"limits[{k!r}]") for k, v in (limits or {}).items()}
        self.t0 = steps[0][0] if steps else 0.0
        self.t1 = max(end if end is not None else self.t0, steps[-1][0] if steps else 1.0)
        if self.t1 <= self.t0:
            self.t1 = self.t0 + 1.0
        self.peak = max((v for _, v in steps), default=0.0)
        self.steps = (steps if len(steps) <= max_points
                      else envelope(steps, self.t0, self.t1, max_points))
        marks = sorted((number(field(p, "time", 0), f"throttles[{i}].time"),
                        number(field(p, "value", 1), f"throttles[{i}].value"))
                       for i, p in enumerate(throttles))
        self.throttled = sum(c for _, c in marks)
        self.mark_width = period_s or ((self.t1 - self.t0) / max_points)
        if len(marks) > max_points:
            # Merge neighbouring periods so the number of marks stays bounded.
            self.mark_width = (self.t1 - self.t0) / max_points
            merged: dict[int, float] = {}
            for t, c in marks:
                b = min(max_points - 1, int((t - self.t0) / self.mark_width))
                merged[b] = merged.get(b, 0.0) + c
            marks = [(self.t0 + b * self.mark_width, c) for b, c in sorted(merged.items())]
        self.throttle_marks = [(t, c) for t, c in marks if c > 0]
        limit_text = ", ".join(f"{k} limit {format_value(v)}" for k, v in self.limits.items())
        self.desc = (f"Step chart of {label} from {self.t0:g} s to {self.t1:g} s; peak "
                     f"{format_value(self.peak)}" + (f"; {limit_text}" if limit_text else "")
                     + (f"; {format_value(self.throttled)} requests throttled, marked along "
                        f"the time axis." if self.throttled else "."))

    def _body(self, uid: str) -> list[str]:
        left, top, right, bottom = self.plot_box
        top += 22
        shown = {k: v for k, v in self.limits.items()
                 if v <= max(self.peak, 1.0) * OFF_SCALE}
        hidden = {k: v for k, v in self.limits.items() if k not in shown}
        y_max = max([self.peak, 1.0, *shown.values()]) * 1.05
        y_ticks = nice_ticks(0.0, y_max, 5)
        ys = Linear((0.0, y_ticks[-1]), (bottom, top))
        unit, unit_name = time_unit(self.t1 - self.t0)
        x_ticks = ticks_within(self.t0 / unit, self.t1 / unit)
        xs = Linear((min(x_ticks[0], self.t0 / unit), max(x_ticks[-1], self.t1 / unit)),
                    (left, right))
        parts = y_axis(ys, y_ticks, left, self.label, grid_to=right)
        parts += x_axis(xs, x_ticks, bottom, f"time ({unit_name})")
        if self.steps:
            path = [f"M{num(xs(self.steps[0][0] / unit))},{num(ys(0))}"]
            for t, v in self.steps:
                path.append(f"H{num(xs(t / unit))}V{num(ys(v))}")
            path.append(f"H{num(xs(self.t1 / unit))}")
            line = " ".join(path)
            parts.append(el("path", {"d": line + f" V{num(ys(0))} Z", "class": "cs-series cs-area",
                                     "fill-opacity": 0.18}))
            parts.append(el("path", {"d": line, "class": "cs-series cs-line"}))
        swatches = [Swatch("series", self.label, "line")]
        if self.throttle_marks:
            rug = [el("rect", {"x": xs(t / unit), "y": bottom - 6,
                               "width": max(1.5, xs((t + self.mark_width) / unit) - xs(t / unit)),
                               "height": 6, "class": "cs-throttle"},
                      el("title", None, f"{format_value(c)} throttled"))
                   for t, c in self.throttle_marks]
            parts.append(el("g", {"class": "cs-throttles"}, "".join(rug)))
            swatches.append(Swatch("throttle", "periods with throttles"))
        for name, level in shown.items():
            role = name if name in ROLES else "account"
            py = ys(level)
            parts.append(el("line", {"x1": left, "x2": right, "y1": py, "y2": py,
                                     "class": f"cs-{role} cs-line limit-{name}",
                                     "stroke-dasharray": dash(role) or "8 4"}))
            parts.append(text(right - 4, py - 4, f"{name} limit {format_value(level)}",
                              text_anchor="end", class_="cs-note"))
            swatches.append(Swatch(role, f"{name} limit", "line"))
        parts += legend(swatches, left, top - 10)
        for offset, (name, level) in enumerate(hidden.items()):
            parts.append(text(right, top + 12 + 14 * offset,
                              f"{name} limit {format_value(level)} (off scale)",
                              text_anchor="end", class_="cs-note"))
        return parts
