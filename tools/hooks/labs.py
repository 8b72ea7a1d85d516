"""MkDocs hook: the lab notebooks in ``labs/`` become pages of the site.

* ``on_files`` adds every ``labs/NN-slug.py`` (jupytext percent notebooks, outside ``docs/``)
  as the page ``labs/NN-slug.md``; mkdocs-jupyter (configured in mkdocs.yml) renders it.
  A lab file whose id is not in ``labs/catalog.yml`` fails the build, naming the file.
* ``on_page_content`` keeps lab pages light and same-origin: it drops the nbconvert CSS that
  mkdocs-jupyter inlines (about 620 KB per page) and every script or stylesheet it references
  (MathJax loader, mermaid from cdnjs, require.js); it wraps each code cell in
  ``<div class="cs-cell">`` so the shared browser runtime makes it runnable; it resolves
  ``quiz:ID``/``lab:ID`` links like the Markdown pages do; and it adds a bar with the
  lessons, the quiz and a "Download .ipynb" link.
* ``on_files`` also adds ``downloads/cold-start-jupyter.zip``, the Jupyter pack (the sandbox
  wheel from build/wheels/ and every lab as a notebook) that "Work offline in Jupyter" offers.
* ``on_post_build`` writes each lab as ``NN-slug.ipynb`` beside its page (no outputs), with the
  set-up cell of tools/packing.py; the download link carries the wheel's address so the page can
  fill it in (web/labs/download.js) and the notebook installs the sandbox from this site.
"""

from __future__ import annotations

import html
import importlib.util
import posixpath
import re
from pathlib import Path
from urllib.parse import urlparse

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

LAB_FILE = re.compile(r"^(?P<id>\d\d-[a-z0-9]+(?:-[a-z0-9]+)*)\.py$")
STYLE = re.compile(r"<style\b[^>]*>.*?</style>", re.DOTALL | re.IGNORECASE)
SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL | re.IGNORECASE)
LINK_TAG = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# nbconvert's copy-to-clipboard widget and the hidden copy of the code it reads: the runnable
# editor replaces both (and Material's code copy button remains for the no-JavaScript page).
CLIPBOARD = re.compile(r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>'
                       r'|<div class="clipboard-copy-txt"[^>]*>.*?</div>', re.DOTALL)
# The visible list of a cell's tags (the exercise tags are for the tests, not the reader); the
# tags stay in the cell's classes (celltag_...).
CELL_TAGS = re.compile(r'<div class="celltoolbar">.*?</span>\s*</span>\s*</div>\s*</div>', re.DOTALL)
# A code cell's input as mkdocs-jupyter renders it.
CODE_INPUT = re.compile(r'<div class="highlight-ipynb hl-python">(?P<pre><pre>.*?</pre>)</div>',
                        re.DOTALL)
ID_HREF = re.compile(r'href="(?P<kind>lab|quiz):(?P<id>[^"#\s]*)(?P<anchor>#[^"\s]*)?"')


def _load(name: str, path: Path):
    """A module loaded by path (hooks are not a package)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# tools/hooks/links.py: its catalog loader and id resolver; tools/packing.py: notebooks and pack.
links = _load("cs_links_hook", Path(__file__).with_name("links.py"))
packing = _load("cs_packing", Path(__file__).resolve().parent.parent / "packing.py")
PACK_URI = f"downloads/{packing.PACK_NAME}.zip"


def sandbox_wheel(root: Path) -> Path:
    """The wheel tools/build.py built (build/wheels/), which the site's Pyodide also serves."""
    wheels = sorted((root / "build" / "wheels").glob("cold_start_sandbox-*.whl"))
    if len(wheels) != 1:
        raise PluginError(f"expected one sandbox wheel in build/wheels/, found {len(wheels)}: "
                          "run `make build` (tools/build.py builds it before the site)")
    return wheels[0]


def jupyter_pack(root: Path) -> bytes:
    """The Jupyter pack as zip bytes (reproducible: fixed dates, stable cell ids)."""
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        folder = packing.write_jupyter_pack(Path(scratch) / packing.PACK_NAME, sandbox_wheel(root), root)
        return packing.zip_folder(folder, Path(scratch) / "pack.zip", packing.PACK_NAME).read_bytes()


def lab_sources(root: Path) -> dict[str, Path]:
    """Lab id -> notebook file for every ``labs/NN-slug.py``."""
    found = {}
    for path in sorted((root / "labs").glob("*.py")):
        match = LAB_FILE.match(path.name)
        if match:
            found[match.group("id")] = path
    return found


def _catalog(config) -> dict[str, dict]:
    root = links.project_root(config)
    try:
        return {lab["id"]: lab for lab in links.load_catalog(root / "labs" / "catalog.yml")}
    except links.CatalogError as error:
        raise PluginError(str(error)) from None


def _lab_id(page) -> str | None:
    """The lab id of a lab page, None for any other page."""
    source = page.file.abs_src_path
    if not source or Path(source).parent.name != "labs" or not source.endswith(".py"):
        return None
    match = LAB_FILE.match(Path(source).name)
    return match.group("id") if match else None


# After mkdocs-jupyter's on_files: its NotebookFile wrapper loses a generated file's source
# path. Our pages are already documentation pages (.md URIs); its on_pre_page still renders them.
@event_priority(-50)
def on_files(files, config):
    """Add each lab notebook as the page labs/NN-slug.md (its source stays in labs/)."""
    root = links.project_root(config)
    catalog = _catalog(config)
    for lab_id, path in lab_sources(root).items():
        if lab_id not in catalog:
            raise PluginError(f"labs/{path.name}:1: lab '{lab_id}' is not in labs/catalog.yml; "
                              "add an entry with this id")
        files.append(File.generated(config, f"labs/{lab_id}.md", abs_src_path=str(path)))
    files.append(File.generated(config, PACK_URI, content=jupyter_pack(root)))
    return files


def clean(content: str) -> str:
    """Drop inlined styles, scripts, stylesheet links, comments, the clipboard widget and the
    visible cell tags."""
    for pattern in (STYLE, SCRIPT, LINK_TAG, COMMENT, CLIPBOARD, CELL_TAGS):
        content = pattern.sub("", content)
    return content


def mark_runnable(content: str) -> str:
    """Wrap every code cell's highlighted input in a ``cs-cell`` container."""
    return CODE_INPUT.sub(r'<div class="cs-cell"><div class="highlight">\g<pre></div></div>', content)


def lab_bar(lab: dict, url, doc_uris: set[str], root: Path, wheel_href: str = "") -> str:
    """The bar above a lab: its lessons, its quizzes and the notebook download.

    ``url(target)`` turns a docs-relative target such as ``lessons/x.md#a`` into a link;
    ``wheel_href`` is the sandbox wheel relative to the page (the notebook's set-up cell gets it).
    """
    lessons, quizzes = [], []
    for slug in lab["lessons"]:
        target = f"lessons/{slug}.md"
        if target in doc_uris:
            lessons.append(f'<a href="{url(target)}">Lesson {slug[:2]}</a>')
            if (root / "quizzes" / f"{slug}.yml").exists():
                quizzes.append(f'<a href="{url(target + "#check-yourself")}">Quiz {slug[:2]}</a>')
    parts = []
    if lessons:
        parts.append("Back to " + ", ".join(lessons))
    if quizzes:
        parts.append("Check yourself: " + ", ".join(quizzes))
    wheel = f' data-wheel="{html.escape(wheel_href)}"' if wheel_href else ""
    parts.append(f'<a href="{lab["id"]}.ipynb" download class="cs-ipynb"{wheel}>Download .ipynb</a> (for Jupyter)')
    return f'<nav class="cs-lab-bar" aria-label="About this lab">{" · ".join(parts)}</nav>\n'


def on_page_content(html_content, page, config, files, **kwargs):
    """Clean a rendered lab, make its cells runnable, resolve id links, add the lab bar."""
    lab_id = _lab_id(page)
    if lab_id is None:
        return html_content
    root = links.project_root(config)
    catalog = _catalog(config)
    doc_uris = {file.src_uri for file in files if file.src_uri.endswith(".md")}
    page_uri = page.file.src_uri

    def url(target: str) -> str:
        # The HTML is final here: link to the target's URL, not to its .md source.
        path, _, anchor = target.partition("#")
        file = files.get_file_from_path(path)
        return (file.url_relative_to(page.file) if file else path) + (f"#{anchor}" if anchor else "")

    def resolve(match):
        try:
            relative = links.resolve(match.group("kind"), match.group("id"), match.group("anchor"),
                                     catalog, root, page_uri, doc_uris)
        except ValueError as reason:
            raise PluginError(f"labs/{lab_id}.py: broken id link: {reason}") from None
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page_uri), relative))
        return f'href="{html.escape(url(target))}"'

    content = mark_runnable(clean(html_content))
    content = ID_HREF.sub(resolve, content)
    wheel_href = get_relative_url(f"assets/pyodide/{sandbox_wheel(root).name}", page.file.url)
    bar = lab_bar(catalog[lab_id], url, doc_uris, root, wheel_href)
    # The same links above and below the lab; two navigation landmarks need distinct names.
    end_bar = bar.replace('aria-label="About this lab"', 'aria-label="About this lab (end of the lab)"')
    return f'<div class="cs-lab" data-lab="{lab_id}">\n{bar}{content}\n{end_bar}</div>'


def on_post_build(config, **kwargs):
    """Write every lab as an .ipynb beside its page, for Jupyter, with its set-up cell."""
    root = links.project_root(config)
    site = Path(config["site_dir"])
    site_url = config.get("site_url") or ""
    # Known only when the site is published at a fixed public address (a localhost site_url would
    # point a learner's laptop at itself); the download link fills in the address it came from.
    public = urlparse(site_url).hostname not in (None, "localhost", "127.0.0.1")
    wheel_url = f"{site_url.rstrip('/')}/assets/pyodide/{sandbox_wheel(root).name}" if public else None
    for lab_id, path in lab_sources(root).items():
        target = site / posixpath.join("labs", lab_id) / f"{lab_id}.ipynb"
        if not target.parent.is_dir():  # use_directory_urls: false puts the page elsewhere
            target = site / "labs" / f"{lab_id}.ipynb"
        packing.write_lab_notebook(path, target, wheel_url)
