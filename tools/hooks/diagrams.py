"""MkDocs hook: every ```mermaid diagram becomes a finished, readable, described SVG figure.

``on_page_content`` renders each ``<div class="cs-mermaid">`` (the fence's output, see
mkdocs.yml) with tools/diagram_render.py and replaces it by::

    <figure class="cs-diagram">
      <div class="cs-mermaid cs-mermaid-static cs-diagram-scroll" tabindex="0" role="group" …>
        <svg role="img" aria-labelledby="…-name" aria-describedby="…-text" style="min-width: …">
      <figcaption><span id="…-name">NAME</span> [Full screen button, shown by web/diagrams/]
      <details><summary>Text description</summary><div id="…-text">…</div></details>

* Readable: the SVG never shrinks below the scale at which its smallest label is 12 px; a wider
  diagram scrolls sideways in its (keyboard-focusable) box, and the full-screen view
  (web/diagrams/) zooms and pans.
* Accessible name: the diagram's ``accTitle:`` (or ``title``), else "Diagram: " and the heading
  of the section it is in. Text description: its ``accDescr:`` if any, then every arrow, message
  or event in order (from mermaid's parse of the source).

A mermaid syntax error fails the build with the page and the diagram's number. Without Chromium
at build time the diagrams are left to docs/assets/cs-site.js, which draws them in the browser.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from diagram_render import diagram_id, renderer  # noqa: E402

DIAGRAM = re.compile(r'<div class="cs-mermaid">(?P<source>.*?)</div>', re.DOTALL)
HEADING = re.compile(r"<h[1-6][^>]*>(?P<text>.*?)</h[1-6]>", re.DOTALL)
TAG = re.compile(r"<[^>]+>")
SVG_OPEN = re.compile(r"<svg\b[^>]*>")
REPLACED_ATTRIBUTES = re.compile(r'\s(?:width|height|style|role|aria-[a-z]+)="[^"]*"')
#: The smallest label size, in CSS pixels, a diagram may be shown at.
MIN_LABEL_PX = 12.0

_state: dict = {"renderer": None, "tried": False}


def _renderer():
    if not _state["tried"]:
        _state["tried"] = True
        _state["renderer"] = renderer()
        if _state["renderer"] is None:
            print("INFO    -  diagrams: no Chromium/Playwright at build time; "
                  "diagrams will be drawn in the browser", file=sys.stderr)
    return _state["renderer"]


def _heading_before(page_html: str, position: int) -> str:
    """Plain text of the last heading above ``position`` (the section a diagram is in)."""
    headings = list(HEADING.finditer(page_html, 0, position))
    if not headings:
        return ""
    text = TAG.sub("", headings[-1].group("text"))
    return html.unescape(text).replace("¶", "").strip()


def _svg(rendered: dict, did: str) -> str:
    """Mermaid's SVG with our accessibility attributes and a floor on its displayed width."""
    width = float(rendered["width"])
    floor = width * MIN_LABEL_PX / max(float(rendered["min_font"]), 1.0)
    svg = rendered["svg"]
    opening = SVG_OPEN.search(svg)
    # Mermaid's own sizing and roles go; its id, class and viewBox (the CSS relies on them) stay.
    tag = REPLACED_ATTRIBUTES.sub("", opening.group(0))[:-1].rstrip()
    tag += (f' width="100%" role="img" aria-labelledby="{did}-name" aria-describedby="{did}-text"'
            f' data-min-font="{rendered["min_font"]}"'
            f' style="max-width:{max(width, floor):.1f}px;min-width:{floor:.1f}px">')
    return svg[:opening.start()] + tag + svg[opening.end():]


def figure(rendered: dict, source: str, section: str) -> str:
    """The HTML figure for one rendered diagram (see the module docstring)."""
    did = diagram_id(source)
    name = rendered.get("title") or (f"Diagram: {section}" if section else "Diagram")
    steps = "".join(f"<li>{html.escape(step)}</li>" for step in rendered["steps"])
    summary = f"<p>{html.escape(rendered['description'])}</p>" if rendered.get("description") else ""
    return (
        f'<figure class="cs-diagram" data-diagram="{did}">'
        f'<div class="cs-mermaid cs-mermaid-static cs-diagram-scroll" tabindex="0" role="group" '
        f'aria-labelledby="{did}-name">{_svg(rendered, did)}</div>'
        f'<figcaption><span id="{did}-name">{html.escape(name)}</span> '
        f'<button type="button" class="md-button cs-diagram-zoom" aria-haspopup="dialog" hidden>'
        f"Full screen</button></figcaption>"
        f'<details class="cs-diagram-text"><summary>Text description</summary>'
        f'<div id="{did}-text">{summary}<ol>{steps}</ol></div></details></figure>')


def on_page_content(page_html, page, config, files, **kwargs):
    """Replace each mermaid div by its rendered figure (unchanged when there is no Chromium)."""
    if 'class="cs-mermaid"' not in page_html or _renderer() is None:
        return page_html
    out, last = [], 0
    for number, match in enumerate(DIAGRAM.finditer(page_html), start=1):
        source = html.unescape(match.group("source"))
        try:
            rendered = _renderer().render(source)
        except ValueError as exc:
            raise PluginError(f"docs/{page.file.src_uri}: mermaid diagram {number}: {exc}") from None
        out += [page_html[last:match.start()], figure(rendered, source, _heading_before(page_html, match.start()))]
        last = match.end()
    out.append(page_html[last:])
    return "".join(out)


def on_post_build(config, **kwargs):
    """Stop the rendering browser (the next build starts one again only for changed diagrams)."""
    if _state["renderer"] is not None:
        _state["renderer"].close()
    _state.update(renderer=None, tried=False)
