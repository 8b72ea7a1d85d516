"""The SVG building blocks every chart shares: escaping, elements, axes, legend, the frame.

A chart is a subclass of :class:`Chart` that draws its plot area in ``_body``. The frame adds
what makes a chart readable and accessible wherever it is shown (Jupyter, the course's pages,
a saved file): ``role="img"``, a ``<title>`` and ``<desc>`` referenced by ``aria-labelledby``,
and a style block whose colours follow the page's light or dark theme.
"""

from __future__ import annotations

import hashlib
from html import escape
from pathlib import Path
from typing import Iterable, Sequence

from .scale import Linear, format_tick, nice_ticks
from .theme import Swatch, style

#: Stands for the chart's id while its body is drawn (NUL: escaping keeps it, text never has it).
_PLACEHOLDER = "\x00id\x00"

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


def num(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros (keeps the SVG small)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def el(tag: str, attrs: dict[str, object] | None = None, content: str | None = None) -> str:
    """One SVG element; attribute values are escaped, ``content`` is inserted as-is."""
    parts = [tag]
    for key, value in (attrs or {}).items():
        if value is None:
            continue
        if isinstance(value, float):
            value = num(value)
        parts.append(f'{key.rstrip("_").replace("_", "-")}="{escape(str(value), quote=True)}"')
    head = " ".join(parts)
    return f"<{head}/>" if content is None else f"<{head}>{content}</{tag}>"


def text(x: float, y: float, label: str, **attrs: object) -> str:
    """A text element (``label`` is escaped); extra attributes such as ``text_anchor`` pass through."""
    return el("text", {"x": x, "y": y, **attrs}, escape(label, quote=False))


class Chart:
    """Base class: subclasses set ``title``/``desc`` and implement ``_body(uid)``.

    ``to_svg()`` returns the whole SVG document as a string; ``_repr_svg_`` lets Jupyter (and
    the course's browser runtime, which shows ``image/svg+xml``) display the chart directly.
    """

    width = 720
    height = 360
    margin = (28, 24, 52, 68)  # top, right, bottom, left: room for the title, ticks and labels

    title: str = ""
    desc: str = ""

    def _body(self, uid: str) -> list[str]:
        raise NotImplementedError

    def to_svg(self) -> str:
        """The chart as a standalone, accessible SVG document."""
        # The id depends on the content only: stable across runs, distinct between charts
        # shown on the same page (their ids and pattern fills must not collide). It is the
        # hash of the body drawn with the id "cs"; the body is drawn once, with a placeholder
        # that only ever stands where the id goes, then given its id.
        body = "\n".join(self._body(_PLACEHOLDER))
        probe = body.replace(_PLACEHOLDER, "cs")
        uid = "cs" + hashlib.sha1((self.title + probe).encode()).hexdigest()[:10]
        body = body.replace(_PLACEHOLDER, uid)
        head = [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="cs-chart" id="{uid}" role="img"'
            f' aria-labelledby="{uid}-title {uid}-desc" viewBox="0 0 {self.width} {self.height}"'
            f' width="{self.width}" height="{self.height}" style="max-width:100%;height:auto"'
            f' font-family="{FONT}" font-size="12">',
            el("title", {"id": f"{uid}-title"}, escape(self.title, quote=False)),
            el("desc", {"id": f"{uid}-desc"}, escape(self.desc, quote=False)),
            el("style", None, style(uid, body)),
            text(self.margin[3], 17, self.title, class_="cs-title", font_weight="600",
                 font_size=14),
        ]
        return "\n".join(head) + "\n" + body + "\n</svg>\n"

    def _repr_svg_(self) -> str:
        """Jupyter's hook for rich display."""
        return self.to_svg()

    def save(self, path: str | Path) -> Path:
        """Write the SVG to ``path`` (UTF-8) and return the path."""
        path = Path(path)
        path.write_text(self.to_svg(), encoding="utf-8")
        return path

    # -- helpers for subclasses ------------------------------------------------------------

    @property
    def plot_box(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) of the plot area in pixels."""
        top, right, bottom, left = self.margin
        return left, top, self.width - right, self.height - bottom


def x_axis(scale: Linear, ticks: Sequence[float], y: float, label: str,
           formatter=None) -> list[str]:
    """A bottom axis line at pixel ``y`` with tick marks, tick labels and an axis title."""
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    fmt = formatter or (lambda v: format_tick(v, step))
    parts = [el("line", {"x1": scale.r0, "x2": scale.r1, "y1": y, "y2": y, "class": "cs-axis"})]
    for value in ticks:
        px = scale(value)
        parts.append(el("line", {"x1": px, "x2": px, "y1": y, "y2": y + 5, "class": "cs-axis"}))
        parts.append(text(px, y + 18, fmt(value), text_anchor="middle", class_="cs-tick"))
    mid = (scale.r0 + scale.r1) / 2
    parts.append(text(mid, y + 38, label, text_anchor="middle", class_="cs-label x-label"))
    return parts


def y_axis(scale: Linear, ticks: Sequence[float], x: float, label: str, right: bool = False,
           grid_to: float | None = None) -> list[str]:
    """A vertical axis at pixel ``x`` (left side, or right side if ``right``) with an axis title.

    ``grid_to`` draws faint horizontal grid lines from the axis to that x coordinate.
    """
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    sign = 1 if right else -1
    parts = [el("line", {"x1": x, "x2": x, "y1": scale.r0, "y2": scale.r1, "class": "cs-axis"})]
    for value in ticks:
        py = scale(value)
        if grid_to is not None:
            parts.append(el("line", {"x1": x, "x2": grid_to, "y1": py, "y2": py,
                                     "class": "cs-grid"}))
        parts.append(el("line", {"x1": x, "x2": x + 5 * sign, "y1": py, "y2": py,
                                 "class": "cs-axis"}))
        parts.append(text(x + 8 * sign, py + 4, format_tick(value, step),
                          text_anchor="start" if right else "end", class_="cs-tick"))
    mid = (scale.r0 + scale.r1) / 2
    lx = x + (52 if right else -52)
    parts.append(text(lx, mid, label, text_anchor="middle", class_="cs-label y-label",
                      transform=f"rotate({-90 if not right else 90} {num(lx)} {num(mid)})"))
    return parts


def legend(items: Iterable[Swatch], x: float, y: float) -> list[str]:
    """A one-line legend starting at (x, y): a swatch then its label for each item."""
    parts = []
    cursor = x
    for item in items:
        parts.append(item.draw(cursor, y - 9))
        parts.append(text(cursor + 20, y, item.label, class_="cs-legend"))
        cursor += 20 + 7 * len(item.label) + 16
    return [el("g", {"class": "cs-legend-box"}, "".join(parts))]
