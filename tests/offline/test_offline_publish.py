"""Publishing on a static host: the GitHub Pages workflow's build command, a sub-path, and a
server that sends no special headers (Python's stock ``http.server``).

The service worker must find itself, Python and the quiz bank relative to the site, add the
cross-origin isolation headers the host does not send (after one automatic reload), and so let
Stop interrupt a loop while the learner's variables survive.
"""

from __future__ import annotations

import os
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from navigation import press_stop, run_cell, start_endless_loop
from static_server import free_port, stock_http_server
from sw_host import wait_until_controlled

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
PREFIX = "/cold-start"
TRY_IT = "/reference/try-it/"


def build_step() -> dict:
    """The workflow's step that builds the site."""
    steps = yaml.safe_load(WORKFLOW.read_text())["jobs"]["build"]["steps"]
    [step] = [s for s in steps if "run" in s]
    return step


def test_workflow_builds_with_make_and_uploads_the_site():
    """The workflow builds with `make build` for the address Pages gives it and uploads site/."""
    step = build_step()
    assert step["run"] == "make build"
    assert step["env"]["COLD_START_SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    steps = yaml.safe_load(WORKFLOW.read_text())["jobs"]["build"]["steps"]
    upload = [s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact")]
    assert upload and upload[0]["with"]["path"] == "site"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The workflow's build command, run with a local sub-path address, served by `http.server`."""
    port = free_port()
    base = f"http://127.0.0.1:{port}{PREFIX}"
    www = tmp_path_factory.mktemp("www")
    step = build_step()
    env = {**os.environ, "COLD_START_SITE_URL": f"{base}/"}
    command = step["run"].split() + [f"SITE_DIR={www}{PREFIX}"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    with stock_http_server(www, port, f"{base}/"):
        yield base


def wait_isolated(page, timeout_s: float = 180) -> None:
    """Wait through the service worker's one-time reload until the page is isolated."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if page.evaluate("crossOriginIsolated"):
                return
        except Exception:  # the reload destroyed the context we asked in: ask again
            pass
        page.wait_for_timeout(250)
    pytest.fail("the page never became cross-origin isolated")


def test_headers_come_from_the_service_worker_on_a_plain_server(published):
    """The stock server sends no COOP/COEP: whatever isolation the page gets is the worker's."""
    with urllib.request.urlopen(f"{published}{TRY_IT}") as response:
        assert response.headers.get("Cross-Origin-Embedder-Policy") is None


def test_sub_path_on_a_header_less_server_is_isolated_and_stop_keeps_variables(sw_context, published):
    """First visit: not isolated; the worker installs and the page reloads once by itself, now
    cross-origin isolated. Stop then interrupts `while True` without a restart and the earlier
    cell's variables survive. Every request stays under the sub-path."""
    page = sw_context.new_page()
    page.goto(f"{published}{TRY_IT}")
    assert page.evaluate("crossOriginIsolated") is False
    wait_isolated(page)
    wait_until_controlled(page)
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL") == f"{published}/sw.js"
    scope = page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.scope)")
    assert scope == f"{published}/"
    assert page.evaluate("performance.getEntriesByType('navigation')[0].type") == "reload"

    run_cell(page, 0)
    assert page.evaluate("window.coldStart.runtime.canInterrupt") is True
    loop = start_endless_loop(page)
    press_stop(page, 3)
    assert "KeyboardInterrupt" in loop.locator(".cs-error").inner_text()
    value = page.evaluate("window.coldStart.runtime.exec('api.invocations > 0')")
    assert value["ok"] and value["displays"][0]["data"] == "True", value

    outside = [u for u in sw_context.requests if urlparse(u).scheme.startswith("http")
               and not urlparse(u).path.startswith(PREFIX + "/")]
    assert not outside, f"requests outside the sub-path: {outside}"


def test_installable_with_its_manifest_and_icons(profile_context, published):
    """Chromium finds the web app manifest and reports no installability error (in a profile on
    disk: Playwright's usual contexts are incognito, where nothing is installable)."""
    page = profile_context.new_page()
    page.goto(f"{published}/")
    wait_isolated(page)  # after the worker's one-time reload
    page.wait_for_load_state()
    cdp = profile_context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"] == f"{published}/manifest.webmanifest"
    assert not manifest["errors"], manifest["errors"]
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
