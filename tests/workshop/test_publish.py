"""Publishing on any static host under a sub-path: the one setting (COLD_START_SITE_URL) is all
it takes for instant navigation, with no help from tools/serve.py."""

from __future__ import annotations

import pytest

from navigation import follow, open_site, same_window
from static_server import free_port, stock_http_server

pytestmark = pytest.mark.browser


def test_sub_path_build_on_a_plain_static_server(build_site, tmp_path, page):
    """Built with COLD_START_SITE_URL=http://127.0.0.1:PORT/cold-start/ into www/cold-start/ and
    served by Python's stock `http.server` (no sitemap rewriting): links swap pages in place."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/cold-start"
    build_site(tmp_path / "www" / "cold-start", instructor=False, site_url=f"{base}/")
    with stock_http_server(tmp_path / "www", port, f"{base}/"):
        open_site(page, f"{base}/")
        for path in ("lessons/", "lessons/04-concurrency/", "labs/03-concurrency-throttling/"):
            follow(page, f"{base}/{path}")
            assert same_window(page), f"{path} was a full page load on the static host"
