"""A learner's first visit downloads Python once: the Python worker's own fetches and the service
worker's precache of the same Pyodide files share the bytes (the browser's HTTP cache answers the
second request), instead of each pulling ~13 MB over the network.

Counted by the server itself (tests/offline/sw_host.py logs every response): a 200 is a file's
bytes crossing the network, a 304 or no request at all is not.
"""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from navigation import run_cell
from site_layout import pyodide_core_path
from sw_host import Host, precached_urls, wait_until_controlled

pytestmark = pytest.mark.browser

TRY_IT = "/reference/try-it/"
#: The big files of a Python start (~13.4 MB of its ~13.8 MB).
LARGE = ("pyodide.asm.wasm", "python_stdlib.zip", "pyodide.asm.mjs")


def test_first_visit_downloads_each_pyodide_file_once(sw_context, site_dir):
    """Fresh browser, try-it page: run a cell, wait until the service worker has precached
    everything; each large Pyodide file is precached and crossed the network exactly once."""
    host = Host(site_dir)
    try:
        page = sw_context.new_page()
        page.goto(host.url + TRY_IT)
        assert "invocations" in run_cell(page, 0).locator(".cs-stdout").inner_text()
        wait_until_controlled(page)
        precached = [urlparse(url).path for url in precached_urls(page)]
    finally:
        host.stop()
    core = pyodide_core_path(site_dir)
    for name in LARGE:
        assert core + name in precached, (name, precached)
        assert host.transfers(core + name) == 1, (name, [r for r in host.responses if name in r[0]])
