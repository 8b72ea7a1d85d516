"""Colours, line styles and fill patterns that read in light and dark themes and without colour.

The palette is Okabe & Ito's, chosen for colour-blind readers. Nothing relies on colour alone:
cold starts are hatched, limit lines differ in dash pattern and carry text labels, and series use
distinct marker shapes. Text and axes use ``currentColor`` so they follow the surrounding page;
fills switch to lighter tints under mkdocs-material's dark scheme (``slate``), JupyterLab's dark
themes and a dark operating-system preference when shown standalone.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Okabe-Ito colours (light background) and the tints used on dark backgrounds.
LIGHT = {"blue": "#0072B2", "orange": "#E69F00", "vermillion": "#D55E00", "green": "#009E73",
         "sky": "#56B4E9", "purple": "#CC79A7", "grey": "#8C8C8C", "yellow": "#F0E442"}
DARK = {"blue": "#56B4E9", "orange": "#F5C15C", "vermillion": "#FF8A4C", "green": "#3DD9A8",
        "sky": "#9AD3F5", "purple": "#E8A6CC", "grey": "#A8A8A8", "yellow": "#F0E442"}

#: Which colour each state or series uses; the class name is ``cs-<key>``.
ROLES = {"init": "vermillion", "busy": "blue", "idle": "sky", "shutdown": "grey",
         "series": "blue", "account": "grey", "reserved": "orange", "provisioned": "green",
         "warm": "blue", "cold": "vermillion", "duration": "blue", "cost": "orange",
         "p50": "green", "p90": "orange", "p99": "vermillion", "best": "purple",
         "throttle": "vermillion"}

#: Dash patterns so that lines differ without colour.
DASHES = {"account": "8 4", "reserved": "4 3", "provisioned": "1 3", "p50": "6 3",
          "p90": "3 3", "p99": "1 2", "cost": "6 3"}


_DARK_SCOPES = ('[data-md-color-scheme="slate"] ', '[data-jp-theme-light="false"] ')

_BASE = "\n".join([
    "#ID text{fill:currentColor}",
    "#ID .cs-axis{stroke:currentColor;stroke-width:1}",
    "#ID .cs-grid{stroke:currentColor;stroke-opacity:.12}",
    "#ID .cs-tick,#ID .cs-legend,#ID .cs-note{font-size:11px}",
])
# Listed after the colour rules and more specific, so lines stay unfilled and areas unstroked.
def _shapes(scope: str) -> str:
    return (f"{scope}#ID path.cs-line,{scope}#ID line.cs-line,{scope}#ID rect.cs-line"
            f"{{fill:none;stroke-width:2}}\n{scope}#ID path.cs-area{{stroke:none}}")


def style(uid: str, body: str) -> str:
    """The chart's style block: colour rules only for the roles ``body`` uses, scoped to ``uid``.

    Scoping every rule to the chart's id keeps several charts on one page from restyling
    each other.
    """
    used = [role for role in ROLES if f"cs-{role}" in body]
    rules = [_BASE]
    for scope, palette in [("", LIGHT)] + [(s, DARK) for s in _DARK_SCOPES]:
        for role in used:
            value = palette[ROLES[role]]
            rules.append(f"{scope}#ID .cs-{role}{{fill:{value};stroke:{value}}}")
        rules.append(_shapes(scope))
    return "\n".join(rules).replace("#ID", f"#{uid}")


def dash(role: str) -> str | None:
    """The dash pattern for a role, if it has one."""
    return DASHES.get(role)


@dataclass(frozen=True)
class Swatch:
    """One legend entry: a role (its colour class), a label and how to draw its sample."""

    role: str
    label: str
    shape: str = "box"   # box | hatch | line | marker-circle | marker-square
    uid: str = ""

    def draw(self, x: float, y: float) -> str:
        """The swatch's SVG at (x, y), 14×10 pixels."""
        cls = f"cs-{self.role}"
        if self.shape == "hatch":
            return (f'<rect x="{x:g}" y="{y:g}" width="14" height="10" class="{cls}"'
                    f' fill="url(#{self.uid}-hatch)" style="fill:url(#{self.uid}-hatch)"/>'
                    f'<rect x="{x:g}" y="{y:g}" width="14" height="10" fill="none"'
                    f' class="{cls} cs-line" stroke-width="1"/>')
        if self.shape.startswith("line") or self.shape.startswith("marker"):
            pattern = dash(self.role)
            dash_attr = f' stroke-dasharray="{pattern}"' if pattern else ""
            mark = ""
            if self.shape == "marker-circle":
                mark = f'<circle cx="{x + 7:g}" cy="{y + 5:g}" r="3.5" class="{cls}"/>'
            elif self.shape == "marker-square":
                mark = f'<rect x="{x + 3.5:g}" y="{y + 1.5:g}" width="7" height="7" class="{cls}"/>'
            return (f'<line x1="{x:g}" x2="{x + 14:g}" y1="{y + 5:g}" y2="{y + 5:g}"'
                    f' class="{cls} cs-line"{dash_attr}/>' + mark)
        return f'<rect x="{x:g}" y="{y:g}" width="14" height="10" class="{cls}"/>'


def hatch_pattern(uid: str, role: str = "init") -> str:
    """A diagonal-stripe fill (``url(#<uid>-hatch)``) so cold starts read without colour."""
    return (f'<defs><pattern id="{uid}-hatch" patternUnits="userSpaceOnUse" width="6" height="6"'
            f' patternTransform="rotate(45)"><rect width="6" height="6" class="cs-{role}"'
            f' fill-opacity=".35" style="stroke:none;fill-opacity:.35"/>'
            f'<line x1="0" y1="0" x2="0" y2="6" class="cs-{role}" stroke-width="3"/>'
            f'</pattern></defs>')
