"""tools/hooks/playground.py: shortcodes become playground placeholders, presets ship as JSON."""

import html
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools" / "hooks"))
import playground  # noqa: E402


def page(src="lessons/04-concurrency.md"):
    """The bits of an mkdocs page the hook reads."""
    return SimpleNamespace(file=SimpleNamespace(src_uri=src))


def test_widget_shortcode_becomes_a_placeholder_with_the_presets():
    """<!-- playground: NAME --> becomes a widget div; the presets follow once, as valid JSON."""
    out = playground.on_page_markdown("Intro\n\n<!-- playground: flash-sale -->\n", page(), {}, None)
    assert '<div class="cs-playground" data-preset="flash-sale" data-mode="widget">' in out
    assert out.count('class="cs-playground-presets"') == 1
    payload = html.unescape(re.search(r'data-presets="([^"]*)"', out).group(1))
    presets = json.loads(payload)
    assert presets["flash-sale"]["data"]["functions"][0]["name"] == "checkout"


def test_full_shortcode_is_the_full_playground():
    """<!-- playground --> (no preset) is the full page's playground."""
    out = playground.on_page_markdown("<!-- playground -->", page("playground.md"), {}, None)
    assert 'data-mode="full"' in out


def test_unknown_preset_fails_with_file_and_line():
    """A misspelt preset stops the build, naming the file, line and the presets that exist."""
    with pytest.raises(PluginError) as info:
        playground.on_page_markdown("a\nb\n<!-- playground: flash-sail -->", page(), {}, None)
    message = str(info.value)
    assert "docs/lessons/04-concurrency.md:3" in message
    assert "flash-sail" in message and "flash-sale" in message


def test_pages_without_the_shortcode_are_untouched():
    """A page with no playground gets no presets JSON."""
    text = "# Title\n\n<!-- quiz: 04-concurrency -->\n"
    assert playground.on_page_markdown(text, page(), {}, None) == text


def test_presets_json_survives_any_text_in_the_attribute():
    """Preset text with markup and quotes comes back exactly from the element's data-presets."""
    data = {"x": {"description": '</script><b> "quoted" & \'single\''}}
    element = playground.presets_element(data)
    parser = AttributeReader()
    parser.feed(element)
    assert json.loads(parser.attributes["data-presets"]) == data
    assert "<b>" not in element


class AttributeReader(HTMLParser):
    """Keeps the attributes of the first start tag it reads."""

    def __init__(self):
        super().__init__()
        self.attributes: dict = {}

    def handle_starttag(self, tag, attrs):
        """Record the first tag's attributes (as the browser would decode them)."""
        if not self.attributes:
            self.attributes = dict(attrs)
