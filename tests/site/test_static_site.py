"""The built site/ as files: self-hosted Pyodide and lockfile, and no resource from another origin."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from site_layout import pyodide_core_path

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"
# Attributes that make the browser fetch something (links in <a href> are only navigations, and
# <link rel="canonical"> only names the page's published address: nothing is fetched).
FETCHING = re.compile(r"<(?:script|link|img|iframe|source|video|audio)\b(?![^>]*\brel=\"canonical\")[^>]*?\b(?:src|href)=\"(https?:)?//[^\"]+\"",
                      re.IGNORECASE)


@pytest.fixture(scope="module")
def site():
    """The built site folder."""
    if not (SITE / "index.html").exists():
        pytest.fail("site/ is not built: run `make build`")
    return SITE


def test_no_page_loads_a_resource_from_another_origin(site):
    """No <script>, <link>, <img>… in any page points outside the site (fonts, CDNs, analytics)."""
    offenders = {}
    for page in site.rglob("*.html"):
        hits = [m.group(0)[:120] for m in FETCHING.finditer(page.read_text(encoding="utf-8"))]
        if hits:
            offenders[str(page.relative_to(site))] = hits
    assert not offenders, offenders


def test_pyodide_lockfile_registers_the_sandbox_wheel_with_its_hash(site):
    """site/assets/pyodide/pyodide-lock.json lists our wheel, its file exists and the sha256 matches."""
    folder = site / "assets" / "pyodide"
    lock = json.loads((folder / "pyodide-lock.json").read_text())
    entry = lock["packages"]["cold-start-sandbox"]
    wheel = folder / entry["file_name"]
    assert wheel.exists()
    assert hashlib.sha256(wheel.read_bytes()).hexdigest() == entry["sha256"]
    assert entry["imports"] == ["sandbox"]


def test_pyodide_matches_the_version_pinned_in_package_lock(site):
    """The copied Pyodide is exactly the npm version package-lock.json pins."""
    pinned = json.loads((ROOT / "package-lock.json").read_text())["packages"]["node_modules/pyodide"]["version"]
    shipped = json.loads((site / "assets" / "pyodide" / "package.json").read_text())["version"]
    assert shipped == pinned
    core = site / pyodide_core_path(site).strip("/")
    assert core.name.startswith(f"pyodide-{pinned}-"), core
    for name in ("pyodide.mjs", "pyodide.asm.wasm", "python_stdlib.zip"):
        assert (core / name).stat().st_size > 0


def test_mermaid_is_self_hosted_and_material_never_sees_a_mermaid_block(site):
    """Diagrams use class cs-mermaid (drawn by our script); no page has Material's `mermaid` class."""
    vendor = site / "assets" / "vendor" / "mermaid"
    assert (vendor / "mermaid.esm.min.mjs").exists()
    assert len(list((vendor / "chunks" / "mermaid.esm.min").glob("*.mjs"))) > 20
    assert not list(vendor.rglob("*.map"))
    pages = list(site.rglob("*.html"))
    assert not [p for p in pages if 'class="mermaid"' in p.read_text(encoding="utf-8")]


def test_search_index_leaves_out_tables_of_figures_but_keeps_their_pages_prose(site):
    """The search index (downloaded by every page) holds no bank statistics and no scenario field
    table, while the scenarios page's own prose and the lessons stay searchable."""
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    pages = {d["location"].split("#")[0] for d in docs}
    assert "practice/bank-stats/" not in pages
    assert "lessons/04-concurrency/" in pages and "reference/scenarios/" in pages
    scenarios = " ".join(d["text"] for d in docs if d["location"].startswith("reference/scenarios/"))
    table = (site / "reference" / "scenarios" / "index.html").read_text(encoding="utf-8")
    assert "ephemeral_storage_mb" in table and "ephemeral_storage_mb" not in scenarios  # a schema field
