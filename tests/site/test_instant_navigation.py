"""Instant navigation works wherever the course is served: on localhost, on a LAN address and
under a sub-path. Following a link then swaps the page in place (same window), so the Python
worker and everything else the tab has loaded live on. A full page load would clear the mark
tests/navigation.py leaves on the window.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

from navigation import follow, open_site, same_window
from serve import serving

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"
WALK = ("lessons/", "lessons/04-concurrency/", "labs/03-concurrency-throttling/", "practice/")


def test_links_swap_pages_in_place_on_localhost(page, site_url):
    """Home -> syllabus -> lesson -> lab -> practice in one window, every page shown in turn."""
    open_site(page, f"{site_url}/")
    for path in WALK:
        follow(page, f"{site_url}/{path}")
        assert same_window(page), f"{path} was a full page load"
    assert page.locator("h1").first.inner_text().strip().startswith("Practice")


def test_links_swap_pages_in_place_under_a_sub_path(page):
    """The same site served under /cold-start/ (tools/serve.py --base-path) navigates in place,
    and every request it makes stays under the sub-path."""
    with serving(str(SITE), prefix="/cold-start/") as base:
        assert base.endswith("/cold-start")
        open_site(page, f"{base}/")
        for path in WALK:
            follow(page, f"{base}/{path}")
            assert same_window(page), f"{path} was a full page load under the sub-path"
        origin = urlparse(base)
        stray = [u for u in page.requests if urlparse(u).netloc == origin.netloc
                 and not urlparse(u).path.startswith("/cold-start/")]
        assert not stray, f"requests outside the sub-path: {stray}"


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("unshare") or not shutil.which("ip"),
                    reason="needs root, unshare and ip (network namespaces)")
def test_links_swap_pages_in_place_on_a_lan_address():
    """`serve.py --lan` on port 8000, opened at http://192.0.2.10:8000/ in a private network
    namespace (tests/site/lan_walk.py): the tab stays one window and talks to that host only."""
    result = subprocess.run(["unshare", "-n", sys.executable, str(Path(__file__).with_name("lan_walk.py")), str(SITE)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["url"] == "http://192.0.2.10:8000/labs/03-concurrency-throttling/"
    assert summary["one_window"], "a link on the LAN address was a full page load"
    assert summary["hosts"] == ["192.0.2.10:8000"]
