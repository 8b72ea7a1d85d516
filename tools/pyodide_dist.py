"""Assemble the self-hosted Pyodide folder the browser runtime loads: build/pyodide/.

    python tools/pyodide_dist.py                      # npm pyodide + build/wheels/*.whl -> build/pyodide/
    python tools/pyodide_dist.py --out DIR --wheel W  # another folder, extra wheels
    python tools/pyodide_dist.py --test               # build/pyodide-test/: + pytest, hypothesis (tests only)

Steps: copy the runtime files of the npm ``pyodide`` package (the exact version pinned in
package-lock.json), copy our wheels beside them, and register the wheels in a site-local
``pyodide-lock.json`` with ``pyodide lockfile add-wheels`` so ``pyodide.loadPackage("cold-start-sandbox")``
resolves without any network.

``pyodide lockfile`` (pyodide-lock's CLI) only reads Pyodide 314's lockfile from pyodide-lock 0.2,
which needs Python >= 3.12, while the course's venv may be 3.11. So the CLI lives in its own small
venv, build/lock-tool/, created once from the first Python >= 3.12 found (this interpreter, then
python3.13/python3.12 on PATH, then pyenv).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NPM_DIR = ROOT / "node_modules" / "pyodide"
LOCK_TOOL_VENV = ROOT / "build" / "lock-tool"
# Pinned: the first pyodide-lock whose spec accepts Pyodide 314's lockfile (the `tool` fields).
LOCK_TOOL_REQUIREMENTS = ["pyodide-lock[cli,wheel]==0.2.1", "pyodide-cli==0.5.0"]
# What the browser and Node need; the .d.ts, source maps and demo consoles stay behind.
# The test-only dist (tools/pyodide_pytest.mjs runs tests/sandbox in it): pure-Python wheels from
# PyPI, pinned: the venv's versions, except hypothesis, whose last pure-Python wheel is 6.155.7
# (later releases ship only compiled CPython wheels). Never copied into the site.
TEST_WHEELS = ["pytest==8.4.2", "pluggy==1.7.0", "iniconfig==2.3.1", "packaging==26.3",
               "pygments==2.21.0", "hypothesis==6.155.7", "sortedcontainers==2.4.0"]
TEST_WHEEL_CACHE = ROOT / "build" / "test-wheels"
RUNTIME_FILES = ["pyodide.js", "pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm",
                 "python_stdlib.zip", "pyodide-lock.json", "package.json"]


class DistError(Exception):
    """A problem the person building must fix; printed as one line, never a traceback."""


def pinned_version() -> str:
    """The pyodide version package-lock.json pins, checked against the installed npm package."""
    lock = json.loads((ROOT / "package-lock.json").read_text())
    pinned = lock.get("packages", {}).get("node_modules/pyodide", {}).get("version")
    if not pinned:
        raise DistError("package-lock.json: no entry for node_modules/pyodide (run npm install)")
    installed_file = NPM_DIR / "package.json"
    if not installed_file.exists():
        raise DistError(f"{installed_file} missing: run `npm ci`")
    installed = json.loads(installed_file.read_text())["version"]
    if installed != pinned:
        raise DistError(f"node_modules has pyodide {installed} but package-lock.json pins {pinned}: run `npm ci`")
    return pinned


def _python_312_or_newer() -> str:
    """Path of a Python >= 3.12 interpreter to host the lockfile CLI."""
    if sys.version_info >= (3, 12):
        return sys.executable
    for name in ("python3.13", "python3.12"):
        found = shutil.which(name)
        # pyenv shims exist for every installed version but fail unless that version is active.
        if found and subprocess.run([found, "-c", ""], capture_output=True).returncode == 0:
            return found
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    for candidate in sorted(pyenv_root.glob("3.1[2-9]*/bin/python3"), reverse=True):
        return str(candidate)
    raise DistError("`pyodide lockfile` needs Python >= 3.12: install python3.12 (apt or pyenv)")


def lock_tool() -> Path:
    """The ``pyodide`` CLI with the lockfile plugin, installing its venv on first use."""
    exe = LOCK_TOOL_VENV / "bin" / "pyodide"
    stamp = LOCK_TOOL_VENV / ".requirements"
    if exe.exists() and stamp.exists() and stamp.read_text() == "\n".join(LOCK_TOOL_REQUIREMENTS):
        return exe
    shutil.rmtree(LOCK_TOOL_VENV, ignore_errors=True)
    subprocess.run([_python_312_or_newer(), "-m", "venv", str(LOCK_TOOL_VENV)], check=True)
    pip = [str(LOCK_TOOL_VENV / "bin" / "python"), "-m", "pip", "install", "-q",
           "--disable-pip-version-check", *LOCK_TOOL_REQUIREMENTS]
    if subprocess.run(pip).returncode != 0:
        raise DistError(f"could not install {' '.join(LOCK_TOOL_REQUIREMENTS)} into {LOCK_TOOL_VENV}")
    stamp.write_text("\n".join(LOCK_TOOL_REQUIREMENTS))
    return exe


def test_wheels() -> list[Path]:
    """Download (once) the pinned pure-Python wheels that running pytest in Pyodide needs."""
    TEST_WHEEL_CACHE.mkdir(parents=True, exist_ok=True)
    wanted = {req.split("==")[0].lower(): req.split("==")[1] for req in TEST_WHEELS}

    def cached() -> list[Path]:
        found = []
        for wheel in sorted(TEST_WHEEL_CACHE.glob("*.whl")):
            name, version = wheel.name.split("-")[:2]
            if wanted.get(name.lower().replace("_", "-")) == version:
                found.append(wheel)
        return found

    if len(cached()) < len(wanted):
        command = [sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check",
                   "--no-deps", "--only-binary=:all:", "--platform", "any", "--implementation", "py",
                   "--abi", "none", "--python-version", "3.14", "--dest", str(TEST_WHEEL_CACHE), *TEST_WHEELS]
        if subprocess.run(command).returncode != 0:
            raise DistError(f"pip download of {' '.join(TEST_WHEELS)} failed (needs PyPI once; cached after)")
    wheels = cached()
    if len(wheels) < len(wanted):
        raise DistError(f"expected wheels for {sorted(wanted)} in {TEST_WHEEL_CACHE}, found {[w.name for w in wheels]}")
    return wheels


def assemble(out: Path, wheels: list[Path]) -> dict:
    """Build ``out``: npm runtime files + ``wheels`` + a lockfile that lists them. Returns the lockfile."""
    version = pinned_version()
    if not wheels:
        raise DistError("no wheels to add: build/wheels/ is empty (tools/build.py builds the sandbox wheel first)")
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for name in RUNTIME_FILES:
        shutil.copy2(NPM_DIR / name, out / name)
    for wheel in wheels:
        shutil.copy2(wheel, out / wheel.name)
    npm_lock = out / "pyodide-lock.npm.json"
    (out / "pyodide-lock.json").rename(npm_lock)
    command = [str(lock_tool()), "lockfile", "add-wheels", "--input", str(npm_lock),
               "--output", str(out / "pyodide-lock.json"), "--base-path", str(out),
               *[str(out / w.name) for w in wheels]]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise DistError("pyodide lockfile add-wheels failed: " + (result.stderr or result.stdout).strip()[-800:])
    npm_lock.unlink()
    lockfile = json.loads((out / "pyodide-lock.json").read_text())
    # Wheels are listed by name; a missing entry would only show up as a 404 in the browser.
    for wheel in wheels:
        if not any(p["file_name"] == wheel.name for p in lockfile["packages"].values()):
            raise DistError(f"{wheel.name} is not in {out}/pyodide-lock.json after add-wheels")
    (out / "VERSION").write_text(version + "\n")
    return lockfile


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and assemble the folder, reporting problems in one line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "pyodide")
    parser.add_argument("--wheel", type=Path, action="append", default=[],
                        help="extra wheel to add (repeatable); build/wheels/*.whl are always added")
    parser.add_argument("--wheels-dir", type=Path, default=ROOT / "build" / "wheels",
                        help="folder whose *.whl are added (default: build/wheels)")
    parser.add_argument("--test", action="store_true",
                        help="the test-only dist: add pytest, hypothesis and their deps (default out: build/pyodide-test)")
    args = parser.parse_args(argv)
    if args.test and args.out == ROOT / "build" / "pyodide":
        args.out = ROOT / "build" / "pyodide-test"
    wheels = sorted(args.wheels_dir.glob("*.whl")) + args.wheel
    try:
        if args.test:
            wheels += test_wheels()
        lockfile = assemble(args.out, wheels)
    except DistError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    added = sorted(p["name"] for p in lockfile["packages"].values()
                   if any(p["file_name"] == w.name for w in wheels))
    print(f"    pyodide {pinned_version()} -> {args.out} (+ {', '.join(added)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
