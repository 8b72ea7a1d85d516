"""The workshop bundle unpacks anywhere and serves the course with nothing but a stock Python."""

from __future__ import annotations

import signal
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

import pytest

import workshop  # tools/workshop.py (tools/ is on sys.path)
from navigation import follow, open_site, same_window
from site_layout import pyodide_core_path
from static_server import free_port


def banner(launcher: subprocess.Popen) -> str:
    """What start.py prints before it serves (the LAN addresses and QR code vary in length)."""
    lines = []
    for line in launcher.stdout:
        lines.append(line)
        if "Ctrl+C" in line or len(lines) > 100:
            break
    return "".join(lines)


def fetch(url: str):
    """GET ``url``: status, headers (case-insensitive) and body."""
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.headers, response.read()


@pytest.fixture(scope="module")
def unpacked(learner_site, tmp_path_factory):
    """The learner bundle, packed from a fresh learner build and unzipped in a temp folder."""
    out = tmp_path_factory.mktemp("bundle")
    archive = workshop.pack_site(learner_site, "cold-start-workshop", "workshop bundle", dist=out)
    with zipfile.ZipFile(archive) as bundle:
        names = bundle.namelist()
        assert all(name.startswith("cold-start-workshop/") for name in names)
        assert not [n for n in names if "/site/instructors/" in n], "answer keys in the bundle"
        bundle.extractall(out / "unpacked")
    return out / "unpacked" / "cold-start-workshop"



def start_launcher(script: Path, *args: str, cwd: str | None = None) -> subprocess.Popen:
    """Run a bundle's start.py as an instructor does: stock Python, isolated, no site-packages.

    Ctrl+C is restored to its default first: a test run started in the background (``make test &``)
    hands its children SIGINT ignored, and Python then never raises KeyboardInterrupt, whereas an
    instructor's terminal always delivers it.
    """
    return subprocess.Popen([sys.executable, "-I", "-S", str(script), *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def stop_launcher(launcher: subprocess.Popen) -> str:
    """Stop a running start.py with Ctrl+C and return what it printed after that (kill on hang)."""
    launcher.send_signal(signal.SIGINT)
    try:
        rest, _ = launcher.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        launcher.kill()
        raise
    return rest


def test_launcher_serves_pages_and_pyodide(unpacked, learner_site):
    """start.py, run by Python in isolated mode without site-packages (-I -S), serves the home
    page, a lesson, the cheat sheet and the Pyodide wasm byte for byte, with the isolation
    headers, and stops cleanly on Ctrl+C."""
    port = free_port()
    launcher = start_launcher(unpacked / "start.py", "--local", "--port", str(port), cwd="/")
    try:
        banner = [launcher.stdout.readline() for _ in range(3)]
        assert f"http://localhost:{port}/" in "".join(banner), banner
        base = f"http://127.0.0.1:{port}"
        status, headers, body = fetch(base + "/")
        assert status == 200 and b"Cold Start" in body
        assert headers["Cross-Origin-Embedder-Policy"] == "require-corp"
        for page in ("/cheat-sheet/", "/lessons/04-concurrency/", "/labs/01-cold-vs-warm/"):
            assert fetch(base + page)[0] == 200, page
        core = pyodide_core_path(learner_site)
        wasm = learner_site / core.strip("/") / "pyodide.asm.wasm"
        status, headers, body = fetch(f"{base}{core}pyodide.asm.wasm")
        assert headers["Content-Type"] == "application/wasm"
        assert body == wasm.read_bytes()
    finally:
        rest = stop_launcher(launcher)
    assert launcher.returncode == 0 and "stopped" in rest


@pytest.mark.browser
def test_bundle_navigates_in_place(unpacked, page):
    """The unpacked bundle's start.py (sharing on the LAN, its default) on a free port, opened by
    host name: following links swaps pages in place (instant navigation), one window throughout."""
    port = free_port()
    launcher = start_launcher(unpacked / "start.py", "--port", str(port))
    try:
        assert "Ctrl+C" in banner(launcher)
        base = f"http://localhost:{port}"
        open_site(page, f"{base}/")
        for path in ("lessons/", "lessons/04-concurrency/", "labs/03-concurrency-throttling/"):
            follow(page, f"{base}/{path}")
            assert same_window(page), f"{path} was a full page load in the bundle"
    finally:
        stop_launcher(launcher)


def test_launcher_without_site_says_what_to_do(tmp_path):
    """A launcher whose site/ folder is missing exits with status 2 and one clear line."""
    (tmp_path / "start.py").write_text(workshop.launcher(True))
    (tmp_path / "serve.py").write_bytes((workshop.ROOT / "tools" / "serve.py").read_bytes())
    done = subprocess.run([sys.executable, "-I", "-S", str(tmp_path / "start.py"), "--local",
                           "--port", str(free_port())], capture_output=True, text=True, timeout=30)
    assert done.returncode == 2
    assert "index.html not found" in done.stderr and "Traceback" not in done.stderr


def test_instructor_bundle_has_the_guide_and_stays_private(instructor_site, tmp_path):
    """The instructor bundle holds the instructor edition (guide pages, both answer keys), and
    its launcher with no flag serves this machine only: no LAN addresses are offered."""
    archive = workshop.pack_site(instructor_site, "cold-start-instructor", "instructor edition",
                                 dist=tmp_path, share_by_default=False)
    with zipfile.ZipFile(archive) as bundle:
        names = set(bundle.namelist())
        bundle.extractall(tmp_path / "unpacked")
    for page in ("index.html", "answer-key-labs/index.html", "answer-key-quizzes/index.html",
                 "worksheets/index.html"):
        assert f"cold-start-instructor/site/instructors/{page}" in names, page
    port = free_port()
    launcher = start_launcher(tmp_path / "unpacked" / "cold-start-instructor" / "start.py", "--port", str(port))
    try:
        banner = "".join(launcher.stdout.readline() for _ in range(3))
        assert "Ctrl+C" in banner and "share on LAN" not in banner, banner
        assert fetch(f"http://127.0.0.1:{port}/instructors/answer-key-labs/")[0] == 200
    finally:
        stop_launcher(launcher)
    assert launcher.returncode == 0


def test_same_site_gives_the_same_archive(learner_site, unpacked, tmp_path):
    """Packing the same build twice gives byte-identical archives (sorted names, fixed times)."""
    archive = unpacked.parent.parent / "cold-start-workshop.zip"
    again = workshop.pack_site(learner_site, "cold-start-workshop", "workshop bundle", dist=tmp_path)
    assert again.read_bytes() == archive.read_bytes()


def test_cli_errors_are_one_clear_line(tmp_path):
    """tools/workshop.py names an unknown step, and a missing site folder, without a traceback."""
    script = str(workshop.ROOT / "tools" / "workshop.py")
    done = subprocess.run([sys.executable, script, "zip"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "unknown step 'zip'" in done.stderr
    assert "Traceback" not in done.stderr
    code = ("import sys, pathlib; sys.path.insert(0, sys.argv[1]); import workshop; "
            "workshop.pack_site(pathlib.Path(sys.argv[2]), 'x', 'x', dist=pathlib.Path(sys.argv[2]))")
    done = subprocess.run([sys.executable, "-c", code, str(workshop.ROOT / "tools"), str(tmp_path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "index.html not found" in done.stderr
    assert "Traceback" not in done.stderr


def test_without_chromium_bundles_build_and_handouts_are_skipped(learner_site, instructor_site, tmp_path,
                                                                 monkeypatch, capsys):
    """`tools/workshop.py handouts bundle` with no Chromium anywhere (CHROMIUM pointing nowhere,
    none on PATH) still writes both bundles and says in one line that the handouts were skipped
    and how to get them."""
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setattr(workshop, "DIST", tmp_path / "dist")
    monkeypatch.setattr(workshop, "SITE", learner_site)
    monkeypatch.setattr(workshop, "INSTRUCTOR_SITE", instructor_site)
    assert workshop.main(["handouts", "bundle"]) == 0
    out = capsys.readouterr().out
    skipped = [line for line in out.splitlines() if "handouts skipped" in line]
    assert len(skipped) == 1 and "CHROMIUM=" in skipped[0], out
    assert (tmp_path / "dist" / "cold-start-workshop.zip").is_file()
    assert (tmp_path / "dist" / "cold-start-instructor.zip").is_file()
    assert not (tmp_path / "dist" / "handouts").exists()
