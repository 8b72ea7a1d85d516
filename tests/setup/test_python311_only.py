"""The build needs nothing beyond the README's Python 3.11 (issue 14 §5).

Stock Debian 12 has Python 3.11 and nothing newer; this image also carries pyenv shims for 3.12
and 3.13, which once hid that the build needed them. The test runs tools/build.py from a copy of
the repository with a PATH holding only the system folders (whose one Python is 3.11) and no
pyenv, and checks that Pyodide's lockfile registers the sandbox wheel and the site is built.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SYSTEM_PATH = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]


def only_311_path() -> str:
    """The system folders of PATH, checked to offer no Python newer than 3.11."""
    path = os.pathsep.join(SYSTEM_PATH)
    for newer in ("python3.12", "python3.13", "python3.14", "pyenv"):
        assert shutil.which(newer, path=path) is None, f"{newer} is on the test's PATH"
    version = subprocess.run(["python3", "-c", "import sys; print(sys.version_info[:2])"], env={"PATH": path},
                             capture_output=True, text=True, check=True).stdout.strip()
    assert version == "(3, 11)", version
    return path


def repository_copy(target: Path) -> Path:
    """The tracked files of this checkout (as they are now) in ``target``, sharing node_modules."""
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, tracked.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    return target


@pytest.mark.slow
def test_build_runs_with_only_python_311_on_path(tmp_path):
    """tools/build.py (bundle, wheel, self-hosted Pyodide, mkdocs) succeeds with a 3.11-only PATH
    and no pyenv, and the lockfile lists the wheel it built with the right hash."""
    assert sys.version_info[:2] == (3, 11), "run the suite with the course's Python 3.11 venv"
    if not (ROOT / "node_modules" / ".installed").exists():
        pytest.fail("node_modules is missing: run `make build` first")
    copy = repository_copy(tmp_path / "repo")
    env = {"PATH": only_311_path(), "HOME": os.environ.get("HOME", "/root"), "PYENV_ROOT": str(tmp_path / "no-pyenv"),
           "NO_MKDOCS_2_WARNING": "1", "LANG": "C.UTF-8"}
    done = subprocess.run([sys.executable, "tools/build.py"], cwd=copy, env=env, capture_output=True,
                          text=True, timeout=1200)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "3.12" not in done.stderr, done.stderr[-2000:]
    folder = copy / "site" / "assets" / "pyodide"
    entry = json.loads((folder / "pyodide-lock.json").read_text())["packages"]["cold-start-sandbox"]
    assert hashlib.sha256((folder / entry["file_name"]).read_bytes()).hexdigest() == entry["sha256"]
    assert (copy / "site" / "labs" / "index.html").is_file()


def fake_wheel(folder: Path, name: str, requires: list[str], modules: list[str]) -> Path:
    """A minimal pure-Python wheel: METADATA with Requires-Dist lines and the given modules."""
    import zipfile

    wheel = folder / f"{name}-1.0-py3-none-any.whl"
    metadata = "Metadata-Version: 2.1\nName: {}\nVersion: 1.0\n{}".format(
        name, "".join(f"Requires-Dist: {r}\n" for r in requires))
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(f"{name}-1.0.dist-info/METADATA", metadata)
        for module in modules:
            archive.writestr(module, "")
    return wheel


def test_wheel_registration_reads_markers_imports_and_missing_dependencies(tmp_path):
    """tools/pyodide_dist.py registers a wheel as Pyodide expects: dependencies whose markers hold
    in Pyodide (not Windows-only ones, not extras), importable top-level names, the sha256; a
    dependency the lockfile lacks is one clear error naming it."""
    sys.path.insert(0, str(ROOT / "tools"))
    import pyodide_dist

    lock = {"info": {}, "packages": {"micropip": {"name": "micropip", "depends": [], "file_name": "m.whl"}}}
    wheel = fake_wheel(tmp_path, "Demo_Pkg", ["micropip>=0.1", 'colorama; sys_platform == "win32"',
                                              'pytest; extra == "test"'], ["demo/__init__.py", "helper.py"])
    entry = pyodide_dist.register_wheels(lock, [wheel])["packages"]["demo-pkg"]
    assert entry["depends"] == ["micropip"]
    assert entry["imports"] == ["demo", "helper"]
    assert entry["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert entry["file_name"] == wheel.name and entry["install_dir"] == "site"
    needy = fake_wheel(tmp_path, "needy", ["numpy"], ["needy.py"])
    with pytest.raises(pyodide_dist.DistError, match="needs numpy"):
        pyodide_dist.register_wheels(lock, [needy])
