"""A repeat visit starts Python from a memory snapshot (web/runtime/snapshot.js), in Chromium.

One browser context walks it: the first visit boots Python and saves a snapshot named after the
runtime's content hash; a new tab restores it and still runs cells, prints, shows tracebacks,
stops an endless loop and finds the sandbox's data files; a snapshot that cannot be loaded is
replaced by a normal start; and after a deployment that changes the runtime the old snapshot is
never loaded. Timing is not checked here (``python -m benchmarks offline`` measures it).
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from navigation import PYTHON_TIMEOUT_MS, press_stop, run_cell, start_endless_loop
from site_layout import pyodide_core_path
from sw_host import Host, precached_urls, rebuild_service_worker, wait_until_controlled
from tool_hooks import load_hook

pytestmark = pytest.mark.browser

TRY_IT = "/reference/try-it/"
START_INFO = "window.coldStart.runtime.startInfo"
SNAPSHOT_URLS = "async () => (await (await caches.open('cs-python-snapshot')).keys()).map((r) => r.url)"
# Overwrites the stored snapshot with 32 MiB of zeros: a snapshot no Pyodide can restore.
SPOIL_SNAPSHOT = """async (url) => {
    const cache = await caches.open('cs-python-snapshot');
    await cache.put(url, new Response(new Uint8Array(32 << 20)));
}"""


def runtime_key(site: Path) -> str:
    """The runtime identity the build wrote into the site's sizes.json."""
    return json.loads((site / "assets" / "pyodide" / "sizes.json").read_text())["runtime"]


def make_new_runtime(v1: Path, target: Path) -> Path:
    """A copy of ``v1`` whose Python worker and Pyodide changed, placed with sizes.json and the
    service worker rewritten by the real build steps, as a deployment of a new runtime would be."""
    shutil.copytree(v1, target)
    with (target / "assets" / "cs" / "runtime-worker.js").open("a", encoding="utf-8") as worker:
        worker.write("\n// a new runtime\n")
    hook = load_hook("site")
    dist = target.parent / f"{target.name}-pyodide"  # what build/pyodide would hold
    shutil.copytree(target / "assets" / "pyodide", dist, ignore=shutil.ignore_patterns("sizes.json"))
    for name in hook.PYODIDE_CORE:
        shutil.copy2(hook.pyodide_core(target / "assets" / "pyodide") / name, dist / name)
    with (dist / "pyodide.mjs").open("a", encoding="utf-8") as loader:
        loader.write("\n// a new Pyodide build\n")
    hook.install_pyodide(dist, target / "assets", target / "assets" / "cs" / "runtime-worker.js")
    rebuild_service_worker(target)
    return target


def open_and_start(context, url: str):
    """A new tab at ``url`` once Python is ready; returns the page and how Python started."""
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("window.coldStart.runtime.status === 'ready'", timeout=PYTHON_TIMEOUT_MS)
    return page, page.evaluate(START_INFO)


def wait_for_snapshot(page, key: str) -> list[str]:
    """Wait until the snapshot of runtime ``key`` is stored (the worker writes it after Python is
    ready); returns every stored snapshot URL."""
    deadline = time.monotonic() + 60
    while True:
        urls = page.evaluate(SNAPSHOT_URLS)
        if any(key in url for url in urls) or time.monotonic() > deadline:
            return urls
        page.wait_for_timeout(250)


def test_repeat_visit_restores_python_from_a_snapshot_of_this_runtime_only(sw_context, site_dir, tmp_path):
    """Boot + save; new tab restores and runs cells, Stop keeps variables; a spoiled snapshot
    falls back to a full start; a new runtime's deployment boots instead of loading the old one."""
    root = tmp_path / "www"
    shutil.copytree(site_dir, root)
    v2 = make_new_runtime(site_dir, tmp_path / "v2")
    key1, key2 = runtime_key(root), runtime_key(v2)
    assert key1 != key2
    core1, core2 = pyodide_core_path(root), pyodide_core_path(v2)
    assert core1 != core2, "a changed Pyodide is served from a folder of another name"
    host = Host(root)
    try:
        first, info = open_and_start(sw_context, host.url + TRY_IT)
        assert (info["from"], info["snapshot"]) == ("boot", "saved"), info
        wait_until_controlled(first)
        assert [key1 in url for url in wait_for_snapshot(first, key1)] == [True]
        first.close()

        # A new tab: Python comes back from the snapshot and behaves as after a full start.
        repeat, info = open_and_start(sw_context, host.url + TRY_IT)
        assert (info["from"], info["snapshot"]) == ("snapshot", "loaded"), info
        assert "restore snapshot" in info["phases"]
        assert "invocations" in run_cell(repeat, 0).locator(".cs-stdout").inner_text()
        failing = run_cell(repeat, 2)
        assert "IndexError: list index out of range" in failing.locator(".cs-error").inner_text()
        assert failing.locator(".cs-run-info").inner_text() == "Failed at line 4"
        data_file = repeat.evaluate("""window.coldStart.runtime.exec(
            "import os, sandbox\\nos.path.exists(os.path.join(os.path.dirname(sandbox.__file__), 'presets', 'flash-sale.toml'))")""")
        assert data_file["displays"][0]["data"] == "True", "the wheel's files are back after a restore"
        assert repeat.evaluate("crossOriginIsolated")
        loop = start_endless_loop(repeat, settle_ms=300)
        press_stop(repeat, 3)
        expect(loop.locator(".cs-error")).to_contain_text("KeyboardInterrupt", timeout=10_000)
        kept = repeat.evaluate("window.coldStart.runtime.exec('api.invocations > 0')")
        assert kept["ok"] and kept["displays"][0]["data"] == "True", "Stop kept the cell's variables"

        # A snapshot that cannot be restored: the next tab starts Python normally and replaces it.
        repeat.evaluate(SPOIL_SNAPSHOT, wait_for_snapshot(repeat, key1)[0])
        repeat.close()
        spoiled, info = open_and_start(sw_context, host.url + TRY_IT)
        assert info["from"] == "boot" and info["snapshot"].startswith("failed"), info
        assert "invocations" in run_cell(spoiled, 0).locator(".cs-stdout").inner_text()

        # A deployment with another runtime: after the reload, Python boots from the new Pyodide
        # files (none of the old folder's, though the old precache still held them until the
        # update) and the new runtime's snapshot replaces the old one.
        host.deploy(v2)
        spoiled.reload()
        banner = spoiled.locator(".cs-update")
        expect(banner).to_contain_text("A new version is available", timeout=120_000)
        seen = len(sw_context.requests)
        with spoiled.expect_navigation(timeout=120_000):
            banner.get_by_role("button", name="reload").click()
        assert spoiled.evaluate("fetch('/assets/pyodide/sizes.json').then((r) => r.json()).then((s) => s.runtime)") == key2
        spoiled.wait_for_function("window.coldStart?.runtime?.status === 'ready'", timeout=PYTHON_TIMEOUT_MS)
        info = spoiled.evaluate(START_INFO)
        assert (info["from"], info["snapshot"]) == ("boot", "saved"), info
        loaded = [url for url in sw_context.requests[seen:] if "/assets/pyodide-" in url]
        assert any(url.endswith(f"{core2}pyodide.asm.wasm") for url in loaded), loaded
        assert not [url for url in loaded if core1 in url], loaded
        assert not [url for url in precached_urls(spoiled) if core1 in url], "the old Pyodide left the precache"
        assert "invocations" in run_cell(spoiled, 0).locator(".cs-stdout").inner_text()
        urls = wait_for_snapshot(spoiled, key2)
        assert len(urls) == 1 and key2 in urls[0] and key1 not in urls[0], urls
    finally:
        host.stop()
