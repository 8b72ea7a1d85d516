"""Every mermaid diagram is readable, named and described (issue 12 §3), on desktop and phone.

Labels are measured as rendered: font size times the element's on-screen scale (getScreenCTM),
for every label of every diagram on every page that has one.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

SITE = Path(__file__).resolve().parents[2] / "site"
MIN_LABEL_PX = 12
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def diagram_pages() -> list[str]:
    """URL paths of the built pages that hold at least one diagram figure."""
    return sorted("/" + str(p.parent.relative_to(SITE)).replace("\\", "/") + "/"
                  for p in SITE.rglob("index.html") if 'class="cs-diagram"' in p.read_text(encoding="utf-8"))


# The smallest rendered label of each figure on the page (or of the open dialog's diagram).
LABEL_SIZES_JS = """(root) => [...document.querySelectorAll(root)].map((holder) => {
  const labels = [...holder.querySelectorAll('svg text')].filter((t) => t.textContent.trim());
  return Math.min(...labels.map((t) => t.getScreenCTM().a * parseFloat(getComputedStyle(t).fontSize)));
})"""

# Each figure's accessible name and text description, as assistive technology resolves them.
ACCESSIBLE_JS = """() => [...document.querySelectorAll('figure.cs-diagram')].map((figure) => {
  const svg = figure.querySelector('svg');
  const text = (ids) => (ids || '').split(/\\s+/).map((id) => document.getElementById(id)?.textContent.trim() || '').join(' ').trim();
  return { role: svg.getAttribute('role'), name: text(svg.getAttribute('aria-labelledby')),
           description: text(svg.getAttribute('aria-describedby')),
           steps: figure.querySelectorAll('.cs-diagram-text li').length };
})"""


def test_every_diagram_is_rendered_at_build():
    """No page ships a diagram left for the browser to draw (that would download mermaid)."""
    pages = diagram_pages()
    assert len(pages) >= 16, pages  # every lesson has at least one diagram
    for page in SITE.rglob("*.html"):
        assert '<div class="cs-mermaid">' not in page.read_text(encoding="utf-8"), page


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_diagram_label_is_at_least_12px_with_a_name_and_description(browser, site_url, viewport):
    """On every page with diagrams, at 1280 px and on a 390 px phone, every label of every diagram
    renders at 12 px or more (a wider diagram scrolls sideways in a focusable box), and each
    diagram is an image with an accessible name and a text description listing its steps."""
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    try:
        for path in diagram_pages():
            page.goto(site_url + path)
            page.locator("figure.cs-diagram svg").first.wait_for()
            sizes = page.evaluate(LABEL_SIZES_JS, "figure.cs-diagram")
            assert sizes and min(sizes) >= MIN_LABEL_PX - 0.01, (path, sizes)
            for figure in page.evaluate(ACCESSIBLE_JS):
                assert figure["role"] == "img", (path, figure)
                assert len(figure["name"]) > len("Diagram: "), (path, figure)
                assert figure["description"] and figure["steps"] >= 1, (path, figure)
            overflowing = page.evaluate("""() => [...document.querySelectorAll('.cs-diagram-scroll')]
                .filter((box) => box.scrollWidth > box.clientWidth + 1).map((box) => box.tabIndex)""")
            assert all(index == 0 for index in overflowing), (path, "a scrolling diagram must take focus")
    finally:
        context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_full_screen_view_zooms_pans_and_closes_with_the_keyboard(browser, site_url, viewport):
    """The widest diagram opens full screen from the keyboard, shows labels at 12 px or more,
    zooms with + and pans with the arrow keys, and Escape closes it with focus back on its button."""
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    try:
        page.goto(site_url + "/lessons/13-security/")
        button = page.locator("figure.cs-diagram .cs-diagram-zoom").first
        button.focus()
        page.keyboard.press("Enter")
        dialog = page.locator("dialog.cs-diagram-dialog[open]")
        dialog.wait_for()
        page.wait_for_function("document.querySelector('dialog.cs-diagram-dialog svg .svg-pan-zoom_viewport')")
        (opened,) = page.evaluate(LABEL_SIZES_JS, "dialog.cs-diagram-dialog")
        assert opened >= MIN_LABEL_PX, opened
        transform = "document.querySelector('dialog .svg-pan-zoom_viewport').getAttribute('transform')"
        before = page.evaluate(transform)
        page.keyboard.press("ArrowRight")  # svg-pan-zoom redraws on the next animation frame
        page.wait_for_function(f"{transform} !== {before!r}", timeout=5000)
        page.keyboard.press("+")
        page.wait_for_function(f"(n) => ({LABEL_SIZES_JS})('dialog.cs-diagram-dialog')[0] > n", arg=opened, timeout=5000)
        page.keyboard.press("Escape")
        assert page.locator("dialog.cs-diagram-dialog").count() == 0
        assert page.evaluate("document.activeElement.classList.contains('cs-diagram-zoom')")
    finally:
        context.close()


# Runs the hook in its own process: Playwright's sync API cannot start twice in one thread,
# and the session's browser fixture may already be running here.
BROKEN_DIAGRAM_SCRIPT = """
import importlib.util, sys
from types import SimpleNamespace
from mkdocs.exceptions import PluginError
spec = importlib.util.spec_from_file_location("hook_diagrams", sys.argv[1])
diagrams = importlib.util.module_from_spec(spec)
spec.loader.exec_module(diagrams)
page = SimpleNamespace(file=SimpleNamespace(src_uri="lessons/99-x.md"))
try:
    diagrams.on_page_content('<h2>A</h2><div class="cs-mermaid">flowchart LR\\n  A --&gt; </div>', page, {}, None)
except PluginError as exc:
    print(exc)
finally:
    diagrams.on_post_build({})
"""


def test_diagram_syntax_error_fails_the_build_with_page_and_number():
    """A broken diagram stops the build with a one-line message naming the page and diagram."""
    hook = SITE.parent / "tools" / "hooks" / "diagrams.py"
    run = subprocess.run([sys.executable, "-c", BROKEN_DIAGRAM_SCRIPT, str(hook)], capture_output=True, text=True,
                         timeout=300)
    lines = run.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("docs/lessons/99-x.md: mermaid diagram 1: "), run.stdout + run.stderr
    assert "Traceback" not in run.stderr
