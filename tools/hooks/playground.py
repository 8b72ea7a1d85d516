"""MkDocs hook: ``<!-- playground -->`` and ``<!-- playground: PRESET -->`` become playgrounds.

``<!-- playground -->`` is the full playground (docs/playground.md); ``<!-- playground: NAME -->``
embeds a compact one opened on the preset ``NAME`` (a file in sandbox/presets/). Both become an
empty ``<div class="cs-playground">`` that web/playground/ fills in the browser, plus, once per
page, the presets as JSON: the browser edits the very scenario data the CLI loads, so an exported
file gives the same numbers everywhere. An unknown preset fails the build with file and line.
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
SHORTCODE = re.compile(r"<!--\s*playground\s*(?::\s*(?P<preset>[^>]*?))?\s*-->")
DEFAULT_PRESET = "flash-sale"


def _scenario_module():
    # mkdocs may run outside the venv's editable install: import the checkout's sandbox.
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from sandbox import scenario
    return scenario


def presets() -> dict[str, dict]:
    """Every shipped preset by name: its title, description and scenario data."""
    scenario = _scenario_module()
    out = {}
    for name in scenario.preset_names():
        loaded = scenario.load_preset(name)
        out[name] = {"title": loaded.title, "description": loaded.description,
                     "data": loaded.data}
    return out


def presets_element(data: dict[str, dict]) -> str:
    """The presets as JSON in a hidden element's ``data-presets`` attribute (HTML-escaped).

    Not a ``<script type="application/json">``: mkdocs-material's instant navigation re-creates
    every script in the page it swaps in with its text only, so the type and class would be lost
    (and the JSON run as JavaScript).
    """
    text = html.escape(json.dumps(data, separators=(",", ":")), quote=True)
    return f'<div class="cs-playground-presets" hidden data-presets="{text}"></div>'


def widget(preset: str | None) -> str:
    """The placeholder the browser code turns into a playground."""
    if preset is None:
        return (f'<div class="cs-playground" data-preset="{DEFAULT_PRESET}" data-mode="full">'
                '<p class="cs-playground-noscript">The playground needs JavaScript.</p></div>')
    return (f'<div class="cs-playground" data-preset="{html.escape(preset)}" data-mode="widget">'
            f'<p class="cs-playground-noscript">Interactive playground: preset '
            f'<code>{html.escape(preset)}</code> (needs JavaScript).</p></div>')


def on_page_markdown(markdown, page, config, files, **kwargs):
    """Replace every playground shortcode; add the presets once to pages that have one."""
    if not SHORTCODE.search(markdown):
        return markdown
    known = presets()
    for match in SHORTCODE.finditer(markdown):
        preset = (match.group("preset") or "").strip() or None
        if preset is not None and preset not in known:
            line = markdown.count("\n", 0, match.start()) + 1
            raise PluginError(f"docs/{page.file.src_uri}:{line}: playground: unknown preset "
                              f"{preset!r}; presets: {', '.join(known)}")
    replaced = SHORTCODE.sub(lambda m: widget((m.group("preset") or "").strip() or None),
                             markdown)
    return replaced + "\n\n" + presets_element(known) + "\n"
