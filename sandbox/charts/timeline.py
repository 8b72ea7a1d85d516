"""Environment timeline: one row per execution environment, showing what it did when."""

from __future__ import annotations

import math
from operator import countOf, itemgetter
from typing import Any, Iterable, Mapping, Sequence

from ._data import field, number
from .scale import Linear, ticks_within, time_unit
from .svg import Chart, el, legend, text, x_axis
from .theme import Swatch, hatch_pattern

#: The states an environment can be in, in the order the legend lists them.
KINDS = ("init", "busy", "idle", "shutdown")
_KIND_SET = frozenset(KINDS)
_LABELS = {"init": "init (cold start)", "busy": "busy (invocation)", "idle": "idle (frozen)",
           "shutdown": "shutdown"}
#: Narrower than this and an init would vanish on a long run: cold starts stay visible.
MIN_INIT_PX = 4.0
#: A shutdown is nearly an instant; this keeps its mark visible.
MIN_SHUTDOWN_PX = 2.0
#: At most this many bars per row by default; a longer row is resampled to as many columns.
MAX_SEGMENTS = 120


def _segments(raw: Iterable[Any], where: str) -> list[tuple[float, float, str]]:
    out = []
    inf = math.inf
    for i, seg in enumerate(raw):
        # Well-formed (float, float, kind) tuples, what the run's own results give, pass
        # as they are; everything else is read and checked field by field.
        if type(seg) is tuple and len(seg) == 3:
            start, end, kind = seg
            if type(start) is float and type(end) is float and kind in _KIND_SET \
                    and -inf < start <= end < inf:
                out.append(seg)
                continue
        start = number(field(seg, "start", 0), f"{where}[{i}].start")
        end = number(field(seg, "end", 1), f"{where}[{i}].end")
        kind = str(field(seg, "kind", 2))
        if kind not in KINDS:
            raise ValueError(f"{where}[{i}].kind: expected one of {', '.join(KINDS)}, got {kind!r}")
        if end < start:
            raise ValueError(f"{where}[{i}]: end {end} is before start {start}")
        out.append((start, end, kind))
    out.sort()
    return out


def _merge(segments: list[tuple[float, float, str]]) -> list[tuple[float, float, str]]:
    """Join touching segments of the same kind (a busy-busy pair is one busy bar)."""
    merged: list[tuple[float, float, str]] = []
    for start, end, kind in segments:
        if merged and merged[-1][2] == kind and start <= merged[-1][1] + 1e-12:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]), kind)
        else:
            merged.append((start, end, kind))
    return merged


def _insides(t0: float, width: float, los: list[float],
             his: list[float]) -> tuple[list[float], list[float]]:
    """Per column, bounds within which every instant lies in that column by ``_bin``'s own
    arithmetic (``int((x - t0) / width)``) and inside its edges; ``(inf, -inf)`` if none found.

    That arithmetic never decreases as ``x`` grows (each rounding step is monotonic), so two
    instants found in the column bound an interval that is all in it.
    """
    inner_los, inner_his = [], []
    for b, (lo, hi) in enumerate(zip(los, his)):
        inner_lo, inner_hi = lo + width * 1e-6, hi - width * 1e-6
        if lo <= inner_lo <= inner_hi <= hi and \
                int((inner_lo - t0) / width) == b == int((inner_hi - t0) / width):
            inner_los.append(inner_lo)
            inner_his.append(inner_hi)
        else:
            inner_los.append(math.inf)
            inner_his.append(-math.inf)
    return inner_los, inner_his


def _bin(segments: Iterable[tuple[float, float, str]], t0: float, t1: float,
         bins: int) -> list[tuple[float, float, str]]:
    """Resample a row to ``bins`` columns, each showing the state that covered most of it.

    Init segments are kept as they are (there are few, and they are what the chart is about).
    """
    width = (t1 - t0) / bins
    # Each column's edges, the same sums as computing them per segment.
    los = [t0 + b * width for b in range(bins)]
    his = [lo + width for lo in los]
    inner_los, inner_his = _insides(t0, width, los, his)
    # Time each kind covers in each column (one list per kind, in the legend's order).
    cover = {kind: [0.0] * bins for kind in ("busy", "idle", "shutdown")}
    inits = []
    column_index, inner_lo, inner_hi = 0, inner_los[0], inner_his[0]
    for start, end, kind in segments:
        if kind == "init":
            inits.append((start, end, kind))
            continue
        if start > inner_hi:
            # Segments come sorted by start: move on to the column this one may lie inside.
            while column_index < bins - 1 and start > inner_his[column_index]:
                column_index += 1
            inner_lo, inner_hi = inner_los[column_index], inner_his[column_index]
        if inner_lo <= start and end <= inner_hi:
            # Inside one column (most segments of a long run): the general case below would
            # find this column for both ends and an overlap of end - start.
            overlap = end - start
            if overlap > 0:
                cover[kind][column_index] += overlap
            continue
        first = int((start - t0) / width)
        last = int((end - t0) / width)
        # The overlap of [start, end] with each column it touches.
        column = cover[kind]
        for b in range(first if first > 0 else 0, (last if last < bins else bins - 1) + 1):
            lo = los[b]
            hi = his[b]
            overlap = (end if end <= hi else hi) - (start if start >= lo else lo)
            if overlap > 0:
                column[b] += overlap
    columns = []
    busy, idle, shutdown = cover["busy"], cover["idle"], cover["shutdown"]
    for b in range(bins):
        # The kind covering most of the column; on a tie the first in legend order.
        kind, amount = "busy", busy[b]
        if idle[b] > amount:
            kind, amount = "idle", idle[b]
        if shutdown[b] > amount:
            kind, amount = "shutdown", shutdown[b]
        if amount > 0:
            columns.append((los[b], t0 + (b + 1) * width, kind))
    return inits + _merge(columns)


class Timeline(Chart):
    """Rows of execution environments with init (hatched), busy, idle and shutdown spans.

    ``environments`` maps a label to that environment's segments, or is a list of segment
    lists (labelled ``env 0``, ``env 1``...). A segment is ``(start, end, kind)`` in seconds, a
    mapping with those keys, or an object with those attributes; ``kind`` is one of
    :data:`KINDS`. Big runs stay small: at most ``max_rows`` rows (the rest are counted in a
    note) and at most ``max_segments`` bars per row (finer detail is resampled).
    """

    def __init__(self, environments: Mapping[Any, Iterable[Any]] | Sequence[Iterable[Any]], *,
                 title: str = "Execution environments over time", start: float | None = None,
                 end: float | None = None, max_rows: int = 40,
                 max_segments: int = MAX_SEGMENTS) -> None:
        items = (list(environments.items()) if isinstance(environments, Mapping)
                 else [(f"env {i}", segs) for i, segs in enumerate(environments)])
        rows = [(str(label), _merge(_segments(segs, f"environments[{label!r}]")))
                for label, segs in items]
        rows = [row for row in rows if row[1]]
        rows.sort(key=lambda row: row[1][0][0])
        # Per row in C-level passes (rows of a long run hold tens of thousands of segments);
        # a row's segments are sorted by start, and no segment ends before it starts.
        cold_starts = sum(countOf(map(itemgetter(2), segs), "init") for _, segs in rows)
        t0 = start if start is not None else min((segs[0][0] for _, segs in rows), default=0.0)
        t1 = end if end is not None else max((max(map(itemgetter(1), segs)) for _, segs in rows),
                                             default=1.0)
        self._lay_out(rows[:max_rows], total_rows=len(rows), cold_starts=cold_starts,
                      t0=t0, t1=t1, title=title, max_segments=max_segments)

    @classmethod
    def summarised(cls, rows: Sequence[tuple[str, list[tuple[float, float, str]]]], *,
                   total_rows: int, cold_starts: int, start: float, end: float,
                   title: str = "Execution environments over time",
                   max_segments: int = MAX_SEGMENTS) -> "Timeline":
        """A timeline from only the rows it draws, for a caller that already knows the totals.

        ``rows`` are ``(label, segments)`` in drawing order, each row's segments what the
        constructor would make of them (checked, sorted, touching spans of one kind joined):
        a list, or an iterator for a row known to hold more than ``max_segments``, which is
        resampled as it is read and never held whole. ``total_rows``, ``cold_starts``,
        ``start`` and ``end`` describe every environment, drawn or not. The constructor reads
        every segment of every row; this costs only what is drawn (``charts.timeline_chart``
        builds a long run's chart this way).
        """
        chart = cls.__new__(cls)
        chart._lay_out(list(rows), total_rows=total_rows, cold_starts=cold_starts, t0=start,
                       t1=end, title=title, max_segments=max_segments)
        return chart

    def _lay_out(self, rows: list[tuple[str, list[tuple[float, float, str]]]], *,
                 total_rows: int, cold_starts: int, t0: float, t1: float, title: str,
                 max_segments: int) -> None:
        self.title = title
        self.total_rows = total_rows
        self.cold_starts = cold_starts
        self.t0 = t0
        self.t1 = t1 if t1 > t0 else t0 + 1.0
        self.rows = [(label, segs if isinstance(segs, list) and len(segs) <= max_segments
                      else _bin(segs, self.t0, self.t1, max_segments))
                     for label, segs in rows]
        self.row_height = 18 if len(self.rows) <= 20 else 11
        self.height = self.margin[0] + 30 + max(1, len(self.rows)) * self.row_height + 70
        self.desc = (f"{self.total_rows} execution environments between {self.t0:g} s and "
                     f"{self.t1:g} s, {self.cold_starts} cold starts (hatched bars).")

    def _body(self, uid: str) -> list[str]:
        left, top, right, bottom = self.plot_box
        top += 30  # room for the legend under the title
        bottom = top + max(1, len(self.rows)) * self.row_height
        unit, unit_name = time_unit(self.t1 - self.t0)
        ticks = ticks_within(self.t0 / unit, self.t1 / unit)
        xs = Linear((min(ticks[0], self.t0 / unit), max(ticks[-1], self.t1 / unit)),
                    (left, right))
        parts = [hatch_pattern(uid)]
        parts += legend([Swatch(k, _LABELS[k], "hatch" if k == "init" else "box", uid)
                         for k in KINDS], left, top - 12)
        for index, (label, segments) in enumerate(self.rows):
            y = top + index * self.row_height
            h = self.row_height - 3
            if self.row_height >= 14:
                parts.append(text(left - 6, y + h - 3, label, text_anchor="end",
                                  class_="cs-tick"))
            bars = []
            # Inits last: widened to stay visible, they must sit on top of their neighbours.
            for start, end, kind in sorted(segments, key=lambda seg: seg[2] == "init"):
                x0, x1 = xs(start / unit), xs(end / unit)
                attrs = {"x": x0, "y": y, "width": max(x1 - x0, 0.5), "height": h,
                         "class": f"cs-{kind}"}
                if kind == "init":
                    attrs["width"] = max(x1 - x0, MIN_INIT_PX)
                    attrs["style"] = f"fill:url(#{uid}-hatch)"
                    bars.append(el("rect", attrs, el("title", None,
                                   f"{label}: init {start:g}–{end:g} s")))
                    continue
                if kind == "idle":
                    attrs["fill-opacity"] = 0.55
                elif kind == "shutdown":
                    attrs["width"] = max(x1 - x0, MIN_SHUTDOWN_PX)
                bars.append(el("rect", attrs))
            parts.append(el("g", {"class": "cs-row"}, "".join(bars)))
        parts += x_axis(xs, ticks, bottom + 4, f"time ({unit_name})")
        if self.total_rows > len(self.rows):
            hidden = self.total_rows - len(self.rows)
            parts.append(text(right, bottom + 56, f"+{hidden} more environments not shown",
                              text_anchor="end", class_="cs-note"))
        return parts
