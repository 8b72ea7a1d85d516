"""What the course hands out as files: lab notebooks, the Jupyter pack, reproducible zips.

Used by the site build (tools/hooks/labs.py: each lab's "Download .ipynb" and the Jupyter pack
on the "Work offline in Jupyter" page) and by tools/workshop.py (the USB-stick kit), so a
notebook is the same wherever a learner gets it.

* ``lab_notebook`` turns ``labs/NN-slug.py`` into a notebook whose first cell sets up the
  ``sandbox`` package: already installed, or installed from the course site the notebook was
  downloaded from (the page fills in the wheel's address), or a message saying what to run.
  Cell ids are derived from the lab and the cell's position, so two builds write the same bytes.
* ``write_jupyter_pack`` writes the pack: the wheel, every lab as a notebook, README, requirements.
* ``add_bytes`` / ``add_tree`` write zip members with fixed dates and modes, in sorted order.
"""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path

#: Fixed timestamp for every archive member: the same inputs give the same archive.
EPOCH = (2026, 1, 1, 0, 0, 0)
#: Environment for building the sandbox wheel: setuptools dates every member (including the
#: .dist-info files it writes now) with SOURCE_DATE_EPOCH, so rebuilding gives the same bytes.
REPRODUCIBLE_ENV = {"SOURCE_DATE_EPOCH": "1767225600"}
#: The tag of the set-up cell; the site's download link finds the cell by it.
SETUP_TAG = "cold-start-setup"
#: The line of the set-up cell that the course site rewrites with the wheel's address.
WHEEL_LINE = "COURSE_WHEEL = {value}  # filled in by the course site when you download this notebook"
PACK_NAME = "cold-start-jupyter"
INSTALL_COMMAND = f"python -m pip install --no-index --find-links {PACK_NAME} cold-start-sandbox"

SETUP_CELL = '''# Set-up: the course's model of Lambda, the `sandbox` package. Run this cell first.
{wheel_line}
import importlib.util, sys
if importlib.util.find_spec("sandbox") is None:
    if COURSE_WHEEL and sys.platform == "emscripten":  # JupyterLite: install from the course site
        import micropip
        await micropip.install(COURSE_WHEEL)
    elif COURSE_WHEEL:  # Jupyter on a laptop: the wheel comes from the course site, nothing else
        import subprocess
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-index", "--no-deps",
                        COURSE_WHEEL], check=True)
    else:
        raise ModuleNotFoundError(
            "The sandbox package is not installed. Download the Jupyter pack from the course's "
            "'Work offline in Jupyter' page, unzip it, and run in a terminal, in the unzipped folder's parent:\\n"
            "    {install}")
    importlib.invalidate_caches()
import sandbox
print("sandbox", sandbox.__version__, "is ready")'''

PACK_README = f"""Cold Start labs for Jupyter (offline)
=====================================

This folder holds the course's model of Lambda as a wheel (standard library only) and every
lab as a notebook. Install the model into the Python environment that runs your Jupyter, with
no internet, from the folder that contains this one:

    {INSTALL_COMMAND}

(or, inside this folder: python -m pip install --no-index --find-links . cold-start-sandbox).
Then open a lab:

    jupyter lab {PACK_NAME}/labs/01-cold-vs-warm.ipynb

Jupyter itself is not included: use the one you have (JupyterLab, Notebook, VS Code...).
Each notebook's first cell checks that the model is installed. The checks (lab.check,
lab.hint, lab.solution) and the charts are the same as in the browser.
"""


def setup_source(wheel_url: str | None) -> str:
    """The set-up cell's code; ``wheel_url`` is where the course site serves the wheel, if known."""
    value = "None" if wheel_url is None else repr(wheel_url)
    return SETUP_CELL.format(wheel_line=WHEEL_LINE.format(value=value), install=INSTALL_COMMAND)


def lab_notebook(source: Path, wheel_url: str | None = None):
    """The notebook for ``labs/NN-slug.py``: a set-up cell, then the lab's cells, stable ids."""
    import jupytext
    import nbformat

    notebook = jupytext.read(source)
    setup = nbformat.v4.new_code_cell(setup_source(wheel_url), metadata={"tags": [SETUP_TAG]})
    notebook.cells.insert(0, setup)
    for index, cell in enumerate(notebook.cells):
        # nbformat would draw random ids: derive them so rebuilt notebooks (and zips) are identical.
        cell.id = hashlib.sha256(f"{source.stem}:{index}".encode()).hexdigest()[:12]
    return notebook


def write_lab_notebook(source: Path, target: Path, wheel_url: str | None = None) -> Path:
    """Write ``lab_notebook(source, wheel_url)`` to ``target`` as .ipynb."""
    import nbformat

    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(lab_notebook(source, wheel_url), str(target))
    return target


def lab_sources(root: Path) -> list[Path]:
    """Every lab notebook source (labs/NN-slug.py), in teaching order."""
    return sorted((root / "labs").glob("[0-9][0-9]-*.py"))


def write_jupyter_pack(folder: Path, wheel: Path, root: Path) -> Path:
    """``folder``: the wheel, labs/*.ipynb, README.txt and requirements.txt (emptied first)."""
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "labs").mkdir(parents=True)
    shutil.copy2(wheel, folder / wheel.name)
    version = wheel.name.split("-")[1]
    for source in lab_sources(root):
        write_lab_notebook(source, folder / "labs" / f"{source.stem}.ipynb")
    (folder / "README.txt").write_text(PACK_README, encoding="utf-8")
    (folder / "requirements.txt").write_text(
        "# pip install --no-index --find-links . -r requirements.txt\n"
        f"cold-start-sandbox=={version}\n", encoding="utf-8")
    return folder


def zip_folder(folder: Path, target: Path, prefix: str) -> Path:
    """Zip ``folder`` as ``prefix/...`` into ``target`` reproducibly."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w") as archive:
        add_tree(archive, folder, prefix)
    return target


def add_tree(archive: zipfile.ZipFile, folder: Path, prefix: str) -> None:
    """Add every file under ``folder`` as ``prefix/...``, sorted, with a fixed timestamp."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        add_bytes(archive, f"{prefix}/{path.relative_to(folder).as_posix()}", path.read_bytes())


def add_bytes(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    """Add ``data`` as member ``name`` with the fixed date, mode 644, deflated."""
    info = zipfile.ZipInfo(name, date_time=EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)
