"""Build everything the course serves, in order, with one line of progress per step.

1. the front-end bundle (esbuild, from web/)        -> build/web/
2. the sandbox wheel (pure Python)                  -> build/wheels/
3. the self-hosted Pyodide folder + our wheel       -> build/pyodide/
4. the site (mkdocs build --strict)                 -> site/ (or --site-dir DIR)

Run by `make build`, `make serve` and `make test`. Each step stops the build with its tool's
message if it fails.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from packing import REPRODUCIBLE_ENV  # tools/packing.py (this script's folder is on sys.path)

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def step(title: str, command: list[str], **kwargs) -> None:
    """Run one build step, printing what it is and how long it took."""
    print(f"==> {title}", flush=True)
    started = time.monotonic()
    result = subprocess.run(command, cwd=ROOT, **kwargs)
    if result.returncode != 0:
        sys.exit(f"build failed at: {title} (exit {result.returncode})")
    print(f"    done in {time.monotonic() - started:.1f} s", flush=True)


def build_wheel() -> None:
    """Build the sandbox's pure-Python wheel into build/wheels (cleared first)."""
    out = ROOT / "build" / "wheels"
    shutil.rmtree(out, ignore_errors=True)
    out.unlink(missing_ok=True)
    # pip 26 writes the wheel AS the file `out` when that folder does not exist.
    out.mkdir(parents=True)
    # setuptools reuses build/lib: a module deleted or turned into a package would linger there.
    shutil.rmtree(ROOT / "build" / "lib", ignore_errors=True)
    # A fixed SOURCE_DATE_EPOCH dates every member of the wheel: rebuilt, it is the same file
    # (and so are the bundles that carry it).
    step("sandbox wheel", [PY, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                           "-q", "-w", str(out), "."], env={**os.environ, **REPRODUCIBLE_ENV})


def main(argv: list[str] | None = None) -> None:
    """Run the build steps that exist in this checkout."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", default="site", help="where the site goes (default: site)")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if (ROOT / "web" / "build.mjs").exists():
        step("front-end bundle", ["npm", "run", "--silent", "build"])
    build_wheel()
    if (ROOT / "tools" / "pyodide_dist.py").exists():
        step("self-hosted Pyodide", [PY, "tools/pyodide_dist.py"])
    if (ROOT / "mkdocs.yml").exists():
        step("site", [PY, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", args.site_dir])


if __name__ == "__main__":
    main()
