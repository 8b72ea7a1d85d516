"""Rebuilt bundles never serve stale files (issue 14 §3).

Every member of a bundle carries the same fixed date (2026-01-01), so an unzipped rebuild looks
unchanged to a server that derives Last-Modified from modification times, and a browser that
revalidates its cached copy is told "304 Not Modified". The test packs two bundles whose only
difference is the sandbox wheel (same name, same size, other bytes), unzips each over the same
folder keeping the archive's dates as ``unzip`` does, serves it with the bundle's own start.py,
and checks that Chromium, with the first wheel in its cache, gets the second.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

import workshop
from static_server import free_port
from test_bundle import banner, start_launcher, stop_launcher

ROOT = Path(__file__).resolve().parents[2]
WHEEL = "assets/pyodide/cold_start_sandbox-0.1.0-py3-none-any.whl"

pytestmark = pytest.mark.browser


def site_with_wheel(folder: Path, comment: bytes) -> Path:
    """A small site holding the real sandbox wheel, given a zip comment so builds differ."""
    (folder / "assets" / "pyodide").mkdir(parents=True)
    (folder / "index.html").write_text("<!doctype html><title>Cold Start</title><p>bundle</p>")
    source = next((ROOT / "build" / "wheels").glob("cold_start_sandbox-*.whl"), None)
    if source is None:
        pytest.fail("build/wheels/ has no sandbox wheel: run `make build` first")
    shutil.copy(source, folder / WHEEL)
    with zipfile.ZipFile(folder / WHEEL, "a") as wheel:
        wheel.comment = comment
    return folder


def unzip_keeping_dates(archive: Path, target: Path) -> None:
    """Extract over ``target`` and set each file's date from the archive, as unzip does."""
    with zipfile.ZipFile(archive) as bundle:
        for member in bundle.infolist():
            path = Path(bundle.extract(member, target))
            stamp = time.mktime(member.date_time + (0, 0, -1))
            os.utime(path, (stamp, stamp))


def serve(bundle: Path, port: int) -> subprocess.Popen:
    """start.py of an unzipped bundle, this machine only, once it is listening."""
    process = start_launcher(bundle / "start.py", "--local", "--port", str(port))
    assert "Ctrl+C" in banner(process), "start.py did not start"
    return process


def test_a_browser_with_the_old_wheel_cached_gets_the_new_one(browser, tmp_path):
    """Same path, size and archive date, other bytes: the second fetch from the same origin, in
    the same browser profile, returns the new wheel (the server answers 200, not 304)."""
    first = site_with_wheel(tmp_path / "one" / "site", b"build-01")
    second = site_with_wheel(tmp_path / "two" / "site", b"build-02")
    old, new = (first / WHEEL).read_bytes(), (second / WHEEL).read_bytes()
    assert len(old) == len(new) and old != new
    archives = [workshop.pack_site(site, "cold-start-workshop", "workshop bundle", dist=site.parent)
                for site in (first, second)]
    unpacked = tmp_path / "room"
    port = free_port()
    context = browser.new_context()
    page = context.new_page()
    statuses = []
    page.on("response", lambda response: statuses.append((response.url, response.status)))
    digest = f"""async () => {{
        const bytes = await (await fetch("/{WHEEL}")).arrayBuffer();
        const hash = await crypto.subtle.digest("SHA-256", bytes);
        return [...new Uint8Array(hash)].map(b => b.toString(16).padStart(2, "0")).join("");
    }}"""
    try:
        unzip_keeping_dates(archives[0], unpacked)
        server = serve(unpacked / "cold-start-workshop", port)
        try:
            page.goto(f"http://127.0.0.1:{port}/")
            assert page.evaluate(digest) == hashlib.sha256(old).hexdigest()
            # Revalidating an unchanged file: the browser's copy is confirmed with a 304.
            assert page.evaluate(digest) == hashlib.sha256(old).hexdigest()
        finally:
            stop_launcher(server)
        unzip_keeping_dates(archives[1], unpacked)
        server = serve(unpacked / "cold-start-workshop", port)
        try:
            page.goto(f"http://127.0.0.1:{port}/")
            statuses.clear()
            assert page.evaluate(digest) == hashlib.sha256(new).hexdigest(), "the browser kept the old wheel"
            assert [s for u, s in statuses if u.endswith(".whl")] == [200], statuses
        finally:
            stop_launcher(server)
    finally:
        context.close()
