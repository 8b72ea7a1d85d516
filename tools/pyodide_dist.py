"""Assemble the self-hosted Pyodide folder the browser runtime loads: build/pyodide/.

    python tools/pyodide_dist.py                      # npm pyodide + build/wheels/*.whl -> build/pyodide/
    python tools/pyodide_dist.py --out DIR --wheel W  # another folder, extra wheels
    python tools/pyodide_dist.py --test               # build/pyodide-test/: + pytest, hypothesis (tests only)

Steps: copy the runtime files of the npm ``pyodide`` package (the exact version pinned in
package-lock.json), copy our wheels beside them, and register the wheels in a site-local
``pyodide-lock.json`` so ``pyodide.loadPackage("cold-start-sandbox")`` resolves without any network.

Registering a wheel is a few lines of JSON (name, version, file name, sha256, imports, depends),
written here with the standard library (``packaging`` only to read dependency markers) so the
build runs on the README's Python 3.11: the ``pyodide lockfile add-wheels`` CLI that did this
before needs Python >= 3.12 for Pyodide 314's lockfile.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NPM_DIR = ROOT / "node_modules" / "pyodide"
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


#: The environment Pyodide 314 runs in, for dependency markers such as ``sys_platform == "win32"``.
PYODIDE_MARKER_ENV = {"python_version": "3.14", "python_full_version": "3.14.2", "sys_platform": "emscripten",
                      "platform_system": "Emscripten", "platform_machine": "wasm32", "os_name": "posix",
                      "implementation_name": "cpython", "platform_python_implementation": "CPython", "extra": ""}


def _canonical(name: str) -> str:
    """A distribution name as lockfiles key it (PEP 503: lower case, runs of -_. become -)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def wheel_entry(wheel: Path) -> dict:
    """The ``pyodide-lock.json`` package entry for a pure-Python ``wheel`` (what add-wheels writes)."""
    from email.parser import HeaderParser

    from packaging.requirements import Requirement

    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata_name = next((n for n in names if n.count("/") == 1 and n.endswith(".dist-info/METADATA")), None)
        if metadata_name is None:
            raise DistError(f"{wheel.name}: no .dist-info/METADATA (not a wheel?)")
        metadata = HeaderParser().parsestr(archive.read(metadata_name).decode("utf-8"))
        top_level = metadata_name.replace("METADATA", "top_level.txt")
        if top_level in names:
            imports = archive.read(top_level).decode().split()
        else:  # setuptools >= 80 no longer writes top_level.txt: list the importable top level
            imports = sorted({n.split("/")[0].removesuffix(".py") for n in names
                              if (n.count("/") == 1 and n.endswith("/__init__.py"))
                              or (n.count("/") == 0 and n.endswith(".py"))})
    depends = []
    for line in metadata.get_all("Requires-Dist") or []:
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate(PYODIDE_MARKER_ENV):
            depends.append(_canonical(requirement.name))
    name = _canonical(metadata["Name"])
    return {"name": name, "version": metadata["Version"], "file_name": wheel.name,
            "install_dir": "site", "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(),
            "package_type": "package", "imports": imports, "depends": sorted(set(depends)),
            "unvendored_tests": False, "tool": {}}


def register_wheels(lockfile: dict, wheels: list[Path]) -> dict:
    """``lockfile`` with an entry for each of ``wheels``; every dependency must be in it."""
    packages = dict(lockfile["packages"])
    for wheel in wheels:
        entry = wheel_entry(wheel)
        packages[entry["name"]] = entry
    for entry in packages.values():
        missing = [d for d in entry["depends"] if d not in packages]
        if missing and any(entry["file_name"] == w.name for w in wheels):
            raise DistError(f"{entry['file_name']} needs {', '.join(missing)}: add their wheels too")
    return {**lockfile, "packages": packages}


def pypi_wheels(requirements: list[str], cache: Path) -> list[Path]:
    """Download (once) into ``cache`` the pure-Python wheels ``requirements`` pin (``name==version``)."""
    cache.mkdir(parents=True, exist_ok=True)
    wanted = {req.split("==")[0].lower().replace("_", "-"): req.split("==")[1] for req in requirements}

    def cached() -> list[Path]:
        found = []
        for wheel in sorted(cache.glob("*.whl")):
            name, version = wheel.name.split("-")[:2]
            if wanted.get(name.lower().replace("_", "-")) == version:
                found.append(wheel)
        return found

    if len(cached()) < len(wanted):
        command = [sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check",
                   "--no-deps", "--only-binary=:all:", "--platform", "any", "--implementation", "py",
                   "--abi", "none", "--python-version", "3.14", "--dest", str(cache), *requirements]
        if subprocess.run(command).returncode != 0:
            raise DistError(f"pip download of {' '.join(requirements)} failed (needs PyPI once; cached after)")
    wheels = cached()
    if len(wheels) < len(wanted):
        raise DistError(f"expected wheels for {sorted(wanted)} in {cache}, found {[w.name for w in wheels]}")
    return wheels


def test_wheels() -> list[Path]:
    """Download (once) the pinned pure-Python wheels that running pytest in Pyodide needs."""
    return pypi_wheels(TEST_WHEELS, TEST_WHEEL_CACHE)


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
    lockfile = register_wheels(json.loads((NPM_DIR / "pyodide-lock.json").read_text()), wheels)
    (out / "pyodide-lock.json").write_text(json.dumps(lockfile, indent=2, sort_keys=True) + "\n")
    # Wheels are listed by name; a missing entry would only show up as a 404 in the browser.
    for wheel in wheels:
        if not any(p["file_name"] == wheel.name for p in lockfile["packages"].values()):
            raise DistError(f"{wheel.name} is not in {out}/pyodide-lock.json after registration")
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
