"""tools/hooks/playground.py: shortcodes become playground placeholders, presets ship as JSON."""

import json
import re
import sys
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
    payload = re.search(r'presets">(.*)</script>', out).group(1)
    presets = json.loads(payload.replace("<\\/", "</"))
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


def test_presets_json_cannot_close_the_script_element():
    """Preset text containing </script> is escaped inside the JSON element."""
    script = playground.presets_script({"x": {"description": "</script><b>"}})
    assert script.count("</script>") == 1
