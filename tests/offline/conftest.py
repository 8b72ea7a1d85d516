"""Fixtures for the service worker tests (web/offline/): hosts a test can stop or redeploy, and
browser contexts that record every request, the service worker's own included.

The shared ``page`` fixture records only the page's requests; a service worker fetches on its
own (precache, "whole course" download), so these contexts listen on the context instead and
fail the test if any request leaves the local host.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sw_host import Host

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"


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
    try:
        served.stop()
    except OSError:
        pass


@pytest.fixture
def sw_context(browser):
    """A browser context whose every request (pages, workers, the service worker) is logged in
    ``context.requests``; the test fails if one left 127.0.0.1/localhost."""
    from urllib.parse import urlparse

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    log: list[str] = []
    context.on("request", lambda request: log.append(request.url))
    context.requests = log
    yield context
    context.close()
    external = [u for u in log if urlparse(u).scheme in ("http", "https", "ws", "wss")
                and urlparse(u).hostname not in ("127.0.0.1", "localhost")]
    assert not external, f"requests left the origin: {external}"
