"""Pack the course for a workshop: what an instructor copies onto a USB stick.

    python tools/workshop.py               # all of the below (`make workshop` builds first)
    python tools/workshop.py instructor    # the instructor edition -> build/instructor-site/
    python tools/workshop.py bundle        # dist/cold-start-workshop.zip, dist/cold-start-instructor.zip
    python tools/workshop.py jupyter       # dist/cold-start-jupyter/ and dist/cold-start-jupyter.zip
    python tools/workshop.py handouts      # dist/handouts/*.pdf: cheat sheet and worksheets on A4
    python tools/workshop.py exports       # dist/exports/: the bank for Anki, QTI 2.1 and Moodle XML

The bundles hold a built site, a copy of tools/serve.py and ``start.py``, a launcher that needs
only a stock Python 3.11+ (no pip): ``python3 cold-start-workshop/start.py`` serves the room,
``--local`` this machine only. The learner bundle is ``site/`` as ``tools/build.py`` made it, so
it has no answer keys; the instructor bundle is the instructor edition
(tools/hooks/instructor.py).

The handouts are printed by Chromium (Playwright, offline) from the instructor edition with the
print stylesheet, and go into the instructor bundle too. ``CHROMIUM=/path/to/chromium`` picks
the browser (any Chromium or Chrome); without one the bundles are still built and the handouts
are skipped with one line saying so.

The Jupyter pack is the sandbox wheel plus every lab as ``.ipynb``; one command installs it with
no index: ``pip install --no-index --find-links cold-start-jupyter cold-start-sandbox``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from packing import PACK_NAME, REPRODUCIBLE_ENV, add_bytes, add_tree, write_jupyter_pack, zip_folder

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
INSTRUCTOR_SITE = ROOT / "build" / "instructor-site"
DIST = ROOT / "dist"
STEPS = ("instructor", "handouts", "bundle", "jupyter", "exports")
HANDOUTS = {"cheat-sheet": "cheat-sheet/", "lab-worksheets": "instructors/worksheets/"}
#: Browsers that can print the handouts, tried in order after the CHROMIUM environment variable.
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """The Chromium to print with: $CHROMIUM if set, else the first of CHROMIUM_NAMES on PATH."""
    chosen = os.environ.get("CHROMIUM")
    if chosen:
        return chosen if Path(chosen).exists() or shutil.which(chosen) else None
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)

LAUNCHER = '''"""Serve this Cold Start bundle: python3 start.py [--lan | --local] [--port N].

--lan listens on every interface and prints the addresses to share with the room; --local
serves this machine only. Without either: {default_text}.
Needs only a standard Python 3.11+; reads nothing but the site/ folder beside it.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARE_BY_DEFAULT = {share}
# serve.py sits beside this file; vendor/ holds a copy of the pure-Python qrcode package (BSD
# licence, its LICENSE beside it) so the address can be shown as a QR code with no install.
sys.path[:0] = [HERE, os.path.join(HERE, "vendor")]

import serve  # noqa: E402  (serve.py sits beside this file)


def main(argv):
    share = ("--lan" in argv or SHARE_BY_DEFAULT) and "--local" not in argv
    rest = [arg for arg in argv if arg not in ("--lan", "--local")]
    return serve.main([os.path.join(HERE, "site"), *(["--lan"] if share else []), *rest])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
'''


def launcher(share_by_default: bool) -> str:
    """The bundle's start.py: the learner bundle shares by default, the instructor one not."""
    text = "share on the LAN" if share_by_default else "this machine only (answer keys stay private)"
    return LAUNCHER.format(share=share_by_default, default_text=text)


BUNDLE_README = """Cold Start, {edition}
{underline}

Start it with a standard Python 3.11 or newer (nothing to install, no internet needed):

{usage}

Stop the server with Ctrl+C.
"""

SHARE_USAGE = """\
    python3 start.py               serve the room: prints the URLs to share (port 8000)
    python3 start.py --port 9000   another port
    python3 start.py --local       this machine only

Learners open the printed http://ADDRESS:8000/ address in a recent browser. The laptop's
firewall must let the port in."""
PRIVATE_USAGE = """\
    python3 start.py               this machine only: http://localhost:8000/
    python3 start.py --port 9000   another port
This edition holds the answer keys: do not serve it to the room (--lan would)."""

def fail(message: str) -> None:
    """Stop with one clear line (no traceback)."""
    sys.exit(f"workshop: {message}")


def build_instructor_site() -> Path:
    """Build the instructor edition of the site into build/instructor-site/."""
    if not (ROOT / "build" / "web").is_dir():
        fail("build/web/ is missing: run `make build` (or tools/build.py) first.")
    env = {**os.environ, "COLD_START_INSTRUCTOR": "1", "NO_MKDOCS_2_WARNING": "1"}
    print("==> instructor edition -> build/instructor-site/", flush=True)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                             "-d", str(INSTRUCTOR_SITE)], cwd=ROOT, env=env)
    if result.returncode != 0:
        fail(f"the instructor build failed (mkdocs exit {result.returncode}).")
    return INSTRUCTOR_SITE


def _add_vendored_qrcode(archive: zipfile.ZipFile, prefix: str) -> None:
    """Copy the installed ``qrcode`` package's sources (no tests, ~150 KB) and its licence.

    A kept library beats a hand-written encoder; copying it beats asking a room's laptop to pip
    install anything. start.py puts ``prefix`` on sys.path; serve.py works without it too.
    """
    from importlib import metadata

    try:
        distribution = metadata.distribution("qrcode")
    except metadata.PackageNotFoundError:
        fail("the qrcode package is missing from this Python: run `make setup` (or pip install qrcode).")
    for file in sorted(distribution.files or [], key=str):
        parts = file.parts
        keep = (parts[0] == "qrcode" and file.suffix == ".py" and "tests" not in parts) or (
            parts[0].endswith(".dist-info") and file.name.startswith("LICENSE"))
        if keep:
            name = f"qrcode/{file.name}" if parts[0].endswith(".dist-info") else file.as_posix()
            add_bytes(archive, f"{prefix}/{name}", Path(file.locate()).read_bytes())


def print_handouts(site: Path, out: Path, browser=None) -> list[Path]:
    """Print the handout pages of ``site`` to A4 PDFs in ``out`` with headless Chromium.

    ``browser`` is a Playwright browser to reuse (a test session has one; Playwright's sync API
    cannot be started twice in one thread); without it, Debian's Chromium is launched.
    """
    import threading

    sys.path.insert(0, str(ROOT / "tools"))
    from serve import make_server

    print(f"==> handouts -> {out}", flush=True)
    out.mkdir(parents=True, exist_ok=True)
    server = make_server(str(site), "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        if browser is not None:
            return _print_pages(browser, base, out)
        from playwright.sync_api import sync_playwright

        chromium = find_chromium()
        if chromium is None:
            fail("no Chromium found to print the handouts: set CHROMIUM=/path/to/chromium.")
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(executable_path=chromium, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run"])
            try:
                return _print_pages(launched, base, out)
            finally:
                launched.close()
    finally:
        server.shutdown()
        server.server_close()


def _print_pages(browser, base: str, out: Path) -> list[Path]:
    """Print each page of HANDOUTS from ``base`` to ``out``/NAME.pdf."""
    written = []
    context = browser.new_context()
    try:
        page = context.new_page()
        for name, path in HANDOUTS.items():
            page.goto(f"{base}/{path}", wait_until="networkidle")
            target = out / f"{name}.pdf"
            target.write_bytes(page.pdf(format="A4", prefer_css_page_size=True))
            written.append(target)
            print(f"    {target}", flush=True)
    finally:
        context.close()
    return written


def pack_site(site: Path, name: str, edition: str, dist: Path = DIST,
              extra: Path | None = None, share_by_default: bool = True) -> Path:
    """Zip ``site`` with the launcher and server into DIST/NAME.zip (one top folder, NAME/).

    ``share_by_default``: whether ``start.py`` with no flag serves the LAN (learner bundle) or
    this machine only (instructor bundle, so its answer keys never reach the room by accident).
    """
    if not (site / "index.html").is_file():
        fail(f"{site}/index.html not found: build it first "
             "(`make build`, or `python tools/workshop.py instructor`).")
    dist.mkdir(parents=True, exist_ok=True)
    target = dist / f"{name}.zip"
    partial = target.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w", compresslevel=6) as archive:
        add_bytes(archive, f"{name}/start.py", launcher(share_by_default).encode())
        add_bytes(archive, f"{name}/serve.py", (ROOT / "tools" / "serve.py").read_bytes())
        title = edition
        usage = SHARE_USAGE if share_by_default else PRIVATE_USAGE
        add_bytes(archive, f"{name}/README.txt", BUNDLE_README.format(
            edition=title, underline="=" * (len(title) + 12), usage=usage).encode())
        _add_vendored_qrcode(archive, f"{name}/vendor")
        add_tree(archive, site, f"{name}/site")
        if extra is not None and extra.is_dir():
            add_tree(archive, extra, f"{name}/{extra.name}")
    partial.replace(target)  # a half-written archive never carries the final name
    print(f"    {target} ({target.stat().st_size / 1e6:.1f} MB)", flush=True)
    return target


def sandbox_wheel(into: Path) -> Path:
    """Build the sandbox wheel from this checkout into ``into``.

    Built from a private copy of the sources: setuptools writes build/lib in the source tree,
    which tools/build.py clears, and the pack must match the labs beside it, not an older wheel.
    """
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "src"
        source.mkdir()
        for name in ("pyproject.toml", "README.md", "LICENSE"):
            if (ROOT / name).exists():
                shutil.copy2(ROOT / name, source / name)
        shutil.copytree(ROOT / "sandbox", source / "sandbox",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                                 "--no-build-isolation", "-q", "--disable-pip-version-check",
                                 "-w", str(into), str(source)], capture_output=True, text=True,
                                env={**os.environ, **REPRODUCIBLE_ENV})
        if result.returncode != 0:
            fail(f"could not build the sandbox wheel:\n{result.stdout}{result.stderr}")
    wheels = sorted(into.glob("cold_start_sandbox-*.whl"))
    if len(wheels) != 1:
        fail(f"expected one sandbox wheel in {into}, found {len(wheels)}")
    return wheels[0]


def pack_jupyter(dist: Path = DIST) -> Path:
    """DIST/cold-start-jupyter/: the wheel, labs/*.ipynb, README.txt, requirements.txt; zipped."""
    print("==> Jupyter pack -> dist/cold-start-jupyter/", flush=True)
    folder = dist / PACK_NAME
    with tempfile.TemporaryDirectory() as scratch:
        write_jupyter_pack(folder, sandbox_wheel(Path(scratch)), ROOT)
    target = zip_folder(folder, dist / f"{PACK_NAME}.zip", PACK_NAME)
    print(f"    {target} ({target.stat().st_size / 1e6:.1f} MB)", flush=True)
    return folder


def write_exports(dist: Path = DIST) -> list[Path]:
    """DIST/exports/: the question bank in every export format, whole and per exam
    (tools/quizbank/export.py; the same files the site offers)."""
    sys.path.insert(0, str(ROOT / "tools"))
    from quizbank import BankError, load_bank
    from quizbank.export import FORMATS, default_name, export
    from quizbank.exportable import EXAMS

    out = dist / "exports"
    shutil.rmtree(out, ignore_errors=True)
    print("==> question bank exports -> dist/exports/", flush=True)
    try:
        files = load_bank()
    except BankError as exc:
        fail(f"the question bank has problems:\n{exc}")
    written = []
    for fmt in FORMATS:
        for exam in (None, *EXAMS):
            path, items, _ = export(fmt, out / default_name(fmt, exam, []), files, exam=exam)
            print(f"    {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} ({len(items)} questions)",
                  flush=True)
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """Run the requested steps (default: all) in order."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("steps", nargs="*", help="instructor, bundle and/or jupyter (default: all)")
    steps = parser.parse_args(argv).steps or list(STEPS)
    unknown = [s for s in steps if s not in STEPS]
    if unknown:
        parser.error(f"unknown step {unknown[0]!r}; choose from {', '.join(STEPS)}")
    if "instructor" in steps:
        build_instructor_site()
    if "handouts" in steps:
        if not (INSTRUCTOR_SITE / "index.html").is_file():
            fail("build/instructor-site/ is missing: run `python tools/workshop.py instructor`.")
        shutil.rmtree(DIST / "handouts", ignore_errors=True)
        if find_chromium() is None:
            # The bundles matter more than the paper: build them and say how to get the PDFs.
            print("==> handouts skipped: no Chromium found (install chromium, or set "
                  "CHROMIUM=/path/to/chromium or chrome, then run `python tools/workshop.py handouts`).",
                  flush=True)
        else:
            print_handouts(INSTRUCTOR_SITE, DIST / "handouts")
    if "bundle" in steps:
        print("==> workshop bundles -> dist/", flush=True)
        pack_site(SITE, "cold-start-workshop", "workshop bundle", dist=DIST)
        pack_site(INSTRUCTOR_SITE, "cold-start-instructor", "instructor edition", dist=DIST,
                  extra=DIST / "handouts", share_by_default=False)
    if "jupyter" in steps:
        pack_jupyter(DIST)
    if "exports" in steps:
        write_exports(DIST)
    return 0


if __name__ == "__main__":
    sys.exit(main())
