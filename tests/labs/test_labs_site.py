"""The lab pages of the built site, and the hook's HTML clean-up on its own.

The built-site checks read ``site/`` (built by `make test` / `python tools/build.py`).
"""

from __future__ import annotations

import importlib.util
import re

import nbformat
import pytest

from notebooks import ROOT, lab_files, read

SITE = ROOT / "site"
MAX_PAGE_BYTES = 120_000  # mkdocs-jupyter's unprocessed output was about 620 KB per page
# <link rel="canonical"> names the page's published address (site_url); the browser fetches nothing.
REQUESTING = re.compile(r'<(?:script|img|iframe|link|source)\b(?![^>]*\brel="canonical")[^>]*\b(?:src|href)="(https?:)?//',
                        re.IGNORECASE)


def load_hook():
    """tools/hooks/labs.py as a module."""
    spec = importlib.util.spec_from_file_location("labs_hook", ROOT / "tools" / "hooks" / "labs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built():
    """The site folder, which must have been built."""
    if not (SITE / "index.html").exists():
        pytest.fail("site/ is not built: run `make build` (or python tools/build.py) first")
    return SITE


def test_clean_drops_styles_scripts_and_clipboard_and_marks_cells():
    """The clean-up removes inlined CSS, scripts (local or remote), stylesheet links, the
    clipboard widget and the visible cell tags, and wraps each code input in a runnable cell."""
    hook = load_hook()
    raw = ('<style>.jp{}</style><script src="https://cdnjs.example/mermaid.js"></script>'
           '<script>MathJax={}</script><link rel="stylesheet" href="https://x/y.css"><!-- c -->'
           '<div class="zeroclipboard-container"><clipboard-copy for="c1">x</clipboard-copy>\n</div>'
           '<div class="highlight-ipynb hl-python"><pre><span></span>x = 1\n</pre></div>'
           '<div class="clipboard-copy-txt" id="c1">x = 1</div><div class="celltoolbar">\n'
           '<div class="button_container tags_button_container">\n<span class="tag-container">\n'
           '<span class="cell-tag">exercise:x</span>\n</span>\n</div>\n</div><p>kept</p>')
    out = load_hook().mark_runnable(hook.clean(raw))
    assert out == ('<div class="cs-cell"><div class="highlight"><pre><span></span>x = 1\n</pre>'
                   '</div></div><p>kept</p>')


@pytest.mark.parametrize("path", lab_files(), ids=[p.stem for p in lab_files()])
def test_lab_page_is_light_same_origin_and_runnable(built, path):
    """Each lab page: under the size budget, nothing loaded from another origin, no inlined
    nbconvert CSS, one runnable cell per code cell, and the lab bar with lesson, quiz and
    download links (the download being a valid notebook with a Python kernel)."""
    page = built / "labs" / path.stem / "index.html"
    text = page.read_text(encoding="utf-8")
    assert len(text.encode()) < MAX_PAGE_BYTES
    assert not REQUESTING.search(text), REQUESTING.search(text)
    assert "jp-RenderedHTMLCommon {" not in text and "MathJax" not in text
    assert 'class="cell-tag"' not in text
    code_cells = [c for c in read(path).cells if c.cell_type == "code"]
    assert text.count('<div class="cs-cell">') == len(code_cells)
    bar = re.search(r'<nav class="cs-lab-bar".*?</nav>', text).group(0)
    assert "Back to <a href=\"../../lessons/" in bar and "#check-yourself" in bar
    assert f'href="{path.stem}.ipynb" download' in bar
    notebook = nbformat.read(page.parent / f"{path.stem}.ipynb", as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec["name"] == "python3"
    # The download adds one set-up cell (tools/packing.py) before the lab's own cells.
    assert "cold-start-setup" in notebook.cells[0].metadata["tags"]
    assert len([c for c in notebook.cells if c.cell_type == "code"]) == len(code_cells) + 1


def test_labs_overview_links_to_finished_labs(built):
    """The labs overview opens each lab that has a page in the catalog."""
    overview = (built / "labs" / "index.html").read_text(encoding="utf-8")
    for path in lab_files():
        assert f'href="{path.stem}/"' in overview, path.stem


def test_a_lab_missing_from_the_catalog_fails_the_build_naming_the_file(tmp_path):
    """labs/NN-slug.py whose id is not in labs/catalog.yml stops the build with file:1."""
    from mkdocs.exceptions import PluginError
    from mkdocs.structure.files import Files

    (tmp_path / "docs").mkdir()
    (tmp_path / "labs").mkdir()
    (tmp_path / "labs" / "catalog.yml").write_text(
        "labs:\n  - id: 01-known\n    title: T\n    summary: S\n    lessons: []\n", encoding="utf-8")
    (tmp_path / "labs" / "02-stray.py").write_text("# %%\nx = 1\n", encoding="utf-8")
    with pytest.raises(PluginError, match=r"labs/02-stray\.py:1: lab '02-stray' is not in labs/catalog\.yml"):
        load_hook().on_files(Files([]), {"docs_dir": str(tmp_path / "docs")})
