"""A JupyterLite site that needs nothing beyond this machine, for the notebooks' JupyterLite test.

JupyterLite's Pyodide kernel loads Pyodide from a CDN by default and, while it starts, installs
``micropip``, ``ipython``, ``jedi`` and ``comm`` (with their dependencies) from that CDN and from
PyPI. Here ``jupyter lite build`` (jupyterlite-core and jupyterlite-pyodide-kernel, pinned in
pyproject's dev extras) finds a Pyodide folder in the site's ``static/pyodide``, copies it into
the output and points the kernel's ``pyodideUrl`` at it: the course's own npm ``pyodide``
runtime (tools/pyodide_dist.py) with the kernel's packages as pure-Python wheels from PyPI,
registered in its lockfile. ``disablePyPIFallback`` keeps piplite away from PyPI at run time, so
a package missing here fails the kernel's start instead of being fetched.

The course's ``sandbox`` wheel is deliberately absent: the notebook's set-up cell must install it
from the course site.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pyodide_dist import DistError, assemble, pypi_wheels

ROOT = Path(__file__).resolve().parents[2]
#: What the Pyodide kernel (jupyterlite-pyodide-kernel 0.8.6) loads as it starts: the versions of
#: Pyodide 314's lockfile, plus ``comm`` and ``ipython-pygments-lexers``, which the kernel and
#: IPython 9 require and that lockfile does not carry (JupyterLite gets them from PyPI at start).
KERNEL_WHEELS = [
    "micropip==0.11.1", "packaging==26.1", "ipython==9.12.0", "ipython-pygments-lexers==1.1.1",
    "jedi==0.19.2", "parso==0.8.6", "comm==0.2.3", "asttokens==3.0.1", "decorator==5.2.1",
    "executing==2.2.1", "matplotlib-inline==0.2.1", "prompt-toolkit==3.0.52", "pure-eval==0.2.3",
    "pygments==2.20.0", "six==1.17.0", "stack-data==0.6.3", "traitlets==5.14.3", "wcwidth==0.6.0",
]
KERNEL_WHEEL_CACHE = ROOT / "build" / "jupyterlite-wheels"
#: The kernel's settings in jupyter-lite.json; the build adds pyodideUrl and pipliteUrls.
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
LITE_CONFIG = {"jupyter-lite-schema-version": 0,
               "jupyter-config-data": {"litePluginSettings": {KERNEL_PLUGIN: {"disablePyPIFallback": True}}}}


def build_jupyterlite(work: Path) -> Path:
    """Build the offline JupyterLite site under ``work``; returns its output folder."""
    lite_dir, output = work / "lite", work / "output"
    try:
        assemble(lite_dir / "static" / "pyodide", pypi_wheels(KERNEL_WHEELS, KERNEL_WHEEL_CACHE))
    except DistError as exc:
        raise RuntimeError(f"the JupyterLite kernel's Pyodide folder: {exc}") from None
    (lite_dir / "jupyter-lite.json").write_text(json.dumps(LITE_CONFIG, indent=2))
    done = subprocess.run([sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", str(lite_dir),
                           "--output-dir", str(output), "--no-sourcemaps"],
                          cwd=lite_dir, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"jupyter lite build failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    settings = json.loads((output / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = settings["litePluginSettings"][KERNEL_PLUGIN]
    if kernel.get("pyodideUrl") != "./static/pyodide/pyodide.mjs" or not kernel.get("disablePyPIFallback"):
        raise RuntimeError(f"jupyter lite build did not point the kernel at the local Pyodide: {kernel}")
    return output
