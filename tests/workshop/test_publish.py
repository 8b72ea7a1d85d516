"""Publishing on any static host under a sub-path: the one setting (COLD_START_SITE_URL) is all
it takes for instant navigation, with no help from tools/serve.py."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from navigation import follow, open_site, same_window

pytestmark = pytest.mark.browser


def free_port() -> int:
    """A TCP port that was free on 127.0.0.1 a moment ago."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_sub_path_build_on_a_plain_static_server(build_site, tmp_path, page):
    """Built with COLD_START_SITE_URL=http://127.0.0.1:PORT/cold-start/ into www/cold-start/ and
    served by Python's stock `http.server` (no sitemap rewriting): links swap pages in place."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/cold-start"
    build_site(tmp_path / "www" / "cold-start", instructor=False, site_url=f"{base}/")
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(tmp_path / "www")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/", timeout=2).close()
                break
            except OSError:
                time.sleep(0.1)
        open_site(page, f"{base}/")
        for path in ("lessons/", "lessons/04-concurrency/", "labs/03-concurrency-throttling/"):
            follow(page, f"{base}/{path}")
            assert same_window(page), f"{path} was a full page load on the static host"
    finally:
        server.terminate()
        server.wait(timeout=10)
