"""A lab notebook downloaded from the course runs in JupyterLite, offline (issue 14 §4).

The learner's journey in one Chromium session: download a lab's notebook from its page on the
built course site, open a JupyterLite site (another origin, built here with nothing from a CDN
or PyPI at run time: tests/workshop/jupyterlite_site.py), upload the notebook through the file
browser, pick the Pyodide kernel, run the set-up cell, which installs the course's ``sandbox``
wheel from the course site with micropip, then run the lab's first cells against the sandbox.
Every request stays on this machine; the wheel comes from the course site.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from jupyterlite_site import build_jupyterlite

pytestmark = pytest.mark.browser

LAB = "01-cold-vs-warm"
#: Long: the kernel starts Pyodide and installs IPython in the page, on a loaded 2-core machine.
KERNEL_TIMEOUT_MS = 600_000


@pytest.fixture(scope="module")
def jupyterlite_url(tmp_path_factory):
    """The offline JupyterLite site, served by tools/serve.py on its own 127.0.0.1 port, without
    the cross-origin isolation headers, as JupyterLite is usually published (GitHub Pages, Read the
    Docs): its kernel then reaches the notebook's files through JupyterLite's service worker. (With
    the headers it uses a SharedArrayBuffer channel instead, whose replies came back as corrupt JSON
    on a loaded machine and killed Pyodide before the set-up cell ran: an upstream fault.)"""
    from serve import serving

    output = build_jupyterlite(tmp_path_factory.mktemp("jupyterlite"))
    assert not list(output.rglob("cold_start_sandbox*")), "the sandbox must come from the course site"
    with serving(str(output), isolate=False) as url:
        yield url


def run_code_cell(page, index: int, until: str | None = None) -> str:
    """Run the notebook's ``index``-th code cell with Shift+Enter; with ``until`` (a regex), wait
    for its output to match it or to show an error, and return the output's text.

    Waiting for the output, not for the prompt's number: the Pyodide kernel sometimes leaves a
    finished cell marked busy ("[*]") although its outputs have all arrived."""
    cell = page.locator(".jp-Notebook .jp-CodeCell").nth(index)
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    if until is None:
        return ""
    output = cell.locator(".jp-OutputArea")
    expect(output).to_contain_text(re.compile(f"{until}|Error"), timeout=KERNEL_TIMEOUT_MS)
    return output.inner_text()


def test_downloaded_notebook_installs_the_sandbox_in_jupyterlite(browser, learner_url, jupyterlite_url, tmp_path):
    """Download → upload to JupyterLite → set-up cell installs the wheel from the course site →
    the lab's simulation cell prints the cold start the lab describes."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    console: list[str] = []  # the kernel's progress, shown if a step fails
    page.on("console", lambda message: console.append(f"{message.type}: {message.text[:300]}"))
    try:
        page.goto(f"{learner_url}/labs/{LAB}/")
        with page.expect_download() as download:
            page.locator(".cs-lab-bar a.cs-ipynb").first.click()
        notebook = tmp_path / download.value.suggested_filename
        download.value.save_as(notebook)

        page.goto(f"{jupyterlite_url}/lab/index.html")
        page.locator(".jp-DirListing").wait_for(timeout=KERNEL_TIMEOUT_MS)
        assert page.evaluate("crossOriginIsolated") is False, "JupyterLite as usually published"
        with page.expect_file_chooser() as chooser:
            page.locator(".jp-FileBrowser .jp-id-upload").click()
        chooser.value.set_files(str(notebook))
        listed = page.locator(".jp-DirListing-itemText", has_text=f"{LAB}.ipynb")
        listed.wait_for()
        dialog = page.locator(".jp-Dialog")
        try:  # JupyterLite opens an uploaded notebook itself, after a moment; if not, open it
            dialog.wait_for(timeout=20_000)
        except PlaywrightTimeout:
            listed.dblclick()
        # The notebook names Jupyter's "python3" kernel; JupyterLite asks, offering Pyodide's.
        dialog.get_by_role("combobox").wait_for()
        assert "Python (Pyodide)" in dialog.get_by_role("combobox").inner_text()
        dialog.locator(".jp-mod-accept").click()

        seen = len(requests)  # the lab page's own runtime loaded the wheel too: count from here
        setup = run_code_cell(page, 0, until=r"is ready")
        assert re.search(r"sandbox \S+ is ready", setup), setup
        wheels = [url for url in requests[seen:] if "cold_start_sandbox" in url]
        assert wheels and all(url.startswith(f"{learner_url}/assets/pyodide/") for url in wheels), wheels

        run_code_cell(page, 1)  # the lab's imports (no output; the kernel runs cells in order)
        first_request = run_code_cell(page, 2, until=r"cold start: \w+")
        assert "latency: 800 ms, cold start: True" in first_request, first_request
        assert "Traceback" not in first_request, first_request
    except Exception:
        page.screenshot(path=str(tmp_path / "jupyterlite.png"))
        print("\n".join(line for line in console if not line.startswith("debug"))[-4000:])
        raise
    finally:
        context.close()
    origins = {f"{urlparse(url).scheme}://{urlparse(url).netloc}" for url in requests
               if urlparse(url).scheme in ("http", "https", "ws", "wss")}
    assert origins <= {learner_url, jupyterlite_url}, f"requests left this machine: {origins}"
