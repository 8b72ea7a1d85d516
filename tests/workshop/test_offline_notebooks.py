"""A downloaded lab notebook runs on a learner's laptop, outside this repository (issue 14 §4).

The learner's laptop is a fresh venv in a temporary folder with only Jupyter's kernel and
nbclient (from PyPI, as a learner has them) and, later, the Jupyter pack. Notebooks are
downloaded from the built site by Chromium, through the lab page's "Download .ipynb" link, and
run top to bottom with a real kernel (nbclient), with the learner's blanks and with the reference
solutions. Along the way each path of the set-up cell is taken: it says what to run when the
sandbox is missing and the notebook does not know the course site; the printed command installs
the pack with no index; a notebook downloaded from the site installs the wheel from that site.
"""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
import venv
import zipfile
from pathlib import Path

import nbformat
import pytest

from packing import INSTALL_COMMAND, PACK_NAME, SETUP_TAG

ROOT = Path(__file__).resolve().parents[2]
LABS = ("01-cold-vs-warm", "06-async-invocations")

pytestmark = [pytest.mark.browser, pytest.mark.notebook]

# Runs in the learner's venv: execute one notebook with nbclient, report each cell's outcome.
RUNNER = r'''
import json, sys
import nbclient, nbformat
notebook = nbformat.read(sys.argv[1], as_version=4)
client = nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                                 resources={"metadata": {"path": sys.argv[2]}})
report = {"ok": True}
try:
    client.execute()
except nbclient.exceptions.CellExecutionError as error:
    report = {"ok": False, "error": str(error)[-3000:]}
texts = []
for cell in notebook.cells:
    for output in cell.get("outputs", []):
        texts.append(output.get("text", "") + json.dumps(output.get("data", {})) + output.get("evalue", ""))
report["output"] = "\n".join(texts)
print("REPORT " + json.dumps(report))
'''


@pytest.fixture(scope="module")
def laptop(tmp_path_factory):
    """A fresh venv outside the repository with ipykernel and nbclient, and an environment
    that hides the repository, the course's venv and any user-wide Jupyter kernels."""
    home = tmp_path_factory.mktemp("laptop")
    venv.EnvBuilder(with_pip=True).create(home / "env")
    python = home / "env" / "bin" / "python"
    done = subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                           "ipykernel", "nbclient"], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    env = {"PATH": f"{home / 'env' / 'bin'}:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8",
           "JUPYTER_PLATFORM_DIRS": "1"}
    (home / "runner.py").write_text(RUNNER)
    return {"home": home, "python": python, "env": env}


def run_notebook(laptop, path: Path) -> dict:
    """Execute ``path`` with the laptop's kernel, working in the laptop's home folder."""
    done = subprocess.run([str(laptop["python"]), str(laptop["home"] / "runner.py"), str(path), str(laptop["home"])],
                          cwd=laptop["home"], env=laptop["env"], capture_output=True, text=True, timeout=1200)
    lines = [line for line in done.stdout.splitlines() if line.startswith("REPORT ")]
    assert lines, done.stdout[-2000:] + done.stderr[-3000:]
    return json.loads(lines[-1].removeprefix("REPORT "))


def pip(laptop, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the laptop's pip."""
    return subprocess.run([str(laptop["python"]), "-m", "pip", "--disable-pip-version-check", *args],
                          cwd=cwd or laptop["home"], env=laptop["env"], capture_output=True, text=True,
                          timeout=300)


def with_solutions(path: Path, lab_id: str, target: Path) -> Path:
    """A copy of the notebook whose exercise cells hold the reference solutions."""
    from sandbox.lab import Lab

    notebook = nbformat.read(path, as_version=4)
    lab = Lab(lab_id)
    for cell in notebook.cells:
        for tag in cell.metadata.get("tags", []):
            if tag.startswith("exercise:"):
                cell.source = lab.exercise(tag.removeprefix("exercise:")).solution
    nbformat.write(notebook, str(target))
    return target


@pytest.fixture(scope="module")
def downloads(browser, learner_url, tmp_path_factory) -> dict[str, Path]:
    """The two labs' notebooks, saved by Chromium from each lab page's download link."""
    folder = tmp_path_factory.mktemp("downloads")
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    saved = {}
    try:
        for lab_id in LABS:
            page.goto(f"{learner_url}/labs/{lab_id}/")
            with page.expect_download() as info:
                page.locator(".cs-lab-bar a.cs-ipynb").first.click()
            saved[lab_id] = folder / info.value.suggested_filename
            info.value.save_as(saved[lab_id])
    finally:
        context.close()
    return saved


def test_downloaded_notebook_knows_the_course_site(downloads, learner_url):
    """The saved notebook's set-up cell carries the wheel's address on the site it came from."""
    for lab_id, path in downloads.items():
        assert path.name == f"{lab_id}.ipynb"
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        setup = notebook.cells[0]
        assert SETUP_TAG in setup.metadata["tags"]
        assert f'COURSE_WHEEL = "{learner_url}/assets/pyodide/cold_start_sandbox-' in setup.source


def test_the_learner_journey_outside_the_repository(laptop, downloads, learner_site, learner_url, tmp_path):
    """1. A pack notebook (no course address) on a laptop without the sandbox stops at the set-up
    cell with the exact pip command; 2. that command, run beside the unzipped pack from the
    site's "Work offline in Jupyter" download, installs it with no index and the notebook runs;
    3. with the sandbox removed, each downloaded notebook installs it from the course site and
    runs top to bottom, as handed out and with the solutions (every check then passes)."""
    home = laptop["home"]
    with urllib.request.urlopen(f"{learner_url}/downloads/{PACK_NAME}.zip", timeout=60) as response:
        (home / "pack.zip").write_bytes(response.read())
    with zipfile.ZipFile(home / "pack.zip") as archive:
        archive.extractall(home)
    pack_notebook = home / PACK_NAME / "labs" / f"{LABS[0]}.ipynb"

    missing = run_notebook(laptop, pack_notebook)
    assert not missing["ok"] and "ModuleNotFoundError" in missing["error"]
    assert INSTALL_COMMAND in missing["error"], missing["error"]

    command = INSTALL_COMMAND.split()
    assert command[:3] == ["python", "-m", "pip"]
    done = pip(laptop, *command[3:])
    assert done.returncode == 0, done.stdout + done.stderr
    ran = run_notebook(laptop, pack_notebook)
    assert ran["ok"], ran.get("error")
    assert "is ready" in ran["output"]

    for lab_id, path in downloads.items():
        assert pip(laptop, "uninstall", "-y", "cold-start-sandbox").returncode == 0
        blank = run_notebook(laptop, path)
        assert blank["ok"], blank.get("error")
        assert "is ready" in blank["output"]
        location = subprocess.run([str(laptop["python"]), "-c", "import sandbox; print(sandbox.__file__)"],
                                  cwd=home, env=laptop["env"], capture_output=True, text=True)
        assert str(home / "env") in location.stdout, "the sandbox did not come from the laptop's venv"
        solved = run_notebook(laptop, with_solutions(path, lab_id, tmp_path / f"{lab_id}-solved.ipynb"))
        assert solved["ok"], solved.get("error")
        assert "Well done" in solved["output"], solved["output"][-1500:]
