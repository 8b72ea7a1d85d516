"""Fixtures shared by the whole suite: the built site on localhost, and Debian's Chromium.

Browser tests use ``page`` (a fresh Playwright page per test). Every request the page makes is
recorded; a request to any host other than the local server fails the test, because the course
must make zero requests outside its own origin.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
sys.path.insert(0, str(ROOT / "tools"))

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture(scope="session")
def site_url() -> str:
    """Serve the built ``site/`` on a free localhost port for the whole session."""
    if not (SITE / "index.html").exists():
        pytest.fail("site/ is not built: run `make test` (it builds first) or `make build`.")
    from serve import serving  # tools/serve.py: the same server learners and instructors use

    with serving(str(SITE)) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the session, driven by Playwright."""
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: `make test` installs Debian's chromium.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


class RequestLog(list):
    """URLs a page requested; ``external()`` lists those that left localhost."""

    def external(self) -> list[str]:
        """Requests to any host other than the local server (data: and blob: are local)."""
        return [u for u in self if urlparse(u).scheme in ("http", "https", "ws", "wss")
                and urlparse(u).hostname not in LOCAL_HOSTS]


@pytest.fixture
def page(browser, site_url):
    """A fresh browser context and page; fails the test if any request leaves localhost."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    log = RequestLog()
    tab.on("request", lambda request: log.append(request.url))
    tab.requests = log  # tests may inspect what was loaded
    yield tab
    context.close()
    assert not log.external(), f"requests left the origin: {log.external()}"
