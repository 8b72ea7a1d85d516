"""Fixtures for the service worker tests (web/offline/): the built site on a server a test can
stop, and browser contexts that record every request, the service worker's own included.

The shared ``page`` fixture records only the page's requests; a service worker fetches on its
own (precache, "whole course" download), so these contexts listen on the context instead and
fail the test if any request leaves the local host.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

from sw_host import Host

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"
# The flags of tests/conftest.py's browser (a persistent context is a browser of its own).
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def site_dir() -> Path:
    """The built site, or a clear failure when it is missing."""
    if not (SITE / "sw.js").exists():
        pytest.fail("site/sw.js is missing: run `make build`")
    return SITE


@pytest.fixture
def host(site_dir):
    """The built site on its own localhost server, which the test may stop."""
    served = Host(site_dir)
    yield served
    served.stop()


def logged(context):
    """Record every request of ``context`` in ``context.requests``; returns the context."""
    context.requests = []
    context.on("request", lambda request: context.requests.append(request.url))
    return context


def assert_stayed_local(context) -> None:
    """Fail if any request of ``context`` went to a host other than this machine."""
    external = [u for u in context.requests if urlparse(u).scheme in ("http", "https", "ws", "wss")
                and urlparse(u).hostname not in ("127.0.0.1", "localhost")]
    assert not external, f"requests left the origin: {external}"


@pytest.fixture
def sw_context(browser):
    """A fresh browser context (no service worker yet) whose every request is logged."""
    context = logged(browser.new_context(viewport={"width": 1280, "height": 900}))
    yield context
    context.close()
    assert_stayed_local(context)


@pytest.fixture
def profile_context(browser, tmp_path):
    """Like ``sw_context`` but with a profile on disk: Playwright's usual contexts are incognito,
    where Chromium installs no app."""
    context = logged(browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        args=CHROMIUM_FLAGS))
    yield context
    context.close()
    assert_stayed_local(context)
