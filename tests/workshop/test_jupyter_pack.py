"""The offline Jupyter pack installs with one pip command and no index, and its labs run."""

from __future__ import annotations

import subprocess
import venv

import nbformat
import pytest

import workshop


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    """A Jupyter pack written by tools/workshop.py into a temporary folder."""
    return workshop.pack_jupyter(dist=tmp_path_factory.mktemp("pack"))


@pytest.fixture(scope="module")
def fresh_python(pack, tmp_path_factory):
    """A new venv (pip from ensurepip, nothing else) with the pack installed using --no-index."""
    home = tmp_path_factory.mktemp("venv") / "env"
    venv.EnvBuilder(with_pip=True).create(home)
    python = home / "bin" / "python"
    done = subprocess.run([str(python), "-m", "pip", "install", "--no-index", "--find-links",
                           str(pack), "--disable-pip-version-check", "-q", "cold-start-sandbox"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return python


def test_pack_holds_wheel_notebooks_and_notes(pack, tmp_path):
    """The pack has exactly one sandbox wheel, a valid notebook per lab, README and requirements,
    and packing it again gives the same bytes (stable cell ids, fixed dates)."""
    assert len(list(pack.glob("cold_start_sandbox-*.whl"))) == 1
    labs = sorted(p.stem for p in (workshop.ROOT / "labs").glob("[0-9][0-9]-*.py"))
    notebooks = sorted((pack / "labs").glob("*.ipynb"))
    assert [p.stem for p in notebooks] == labs
    for path in notebooks:
        notebook = nbformat.read(path, as_version=4)
        nbformat.validate(notebook)
        assert any(f'Lab("{path.stem}")' in c.source for c in notebook.cells if c.cell_type == "code")
    assert "--no-index --find-links" in (pack / "README.txt").read_text()
    again = workshop.pack_jupyter(dist=tmp_path)
    assert (again.parent / "cold-start-jupyter.zip").read_bytes() == (pack.parent / "cold-start-jupyter.zip").read_bytes(), \
        "two packs of the same sources differ (cell ids or dates)"
    assert "cold-start-sandbox==" in (pack / "requirements.txt").read_text()


def test_every_notebook_runs_in_the_fresh_venv(pack, fresh_python, tmp_path):
    """Each lab notebook's code cells run top to bottom in the fresh venv (the installed wheel,
    no repository on the path), and every exercise's reference solution is graded correct."""
    for path in sorted((pack / "labs").glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        # The set-up cell uses top-level await (JupyterLite): a plain script runs the rest.
        cells = [c.source for c in notebook.cells
                 if c.cell_type == "code" and "cold-start-setup" not in c.metadata.get("tags", [])]
        script = tmp_path / f"{path.stem}.py"
        script.write_text("\n\n".join(cells) + "\n\nimport sandbox\n"
                          "assert 'site-packages' in sandbox.__file__, sandbox.__file__\n"
                          "for exercise in lab.exercises.values():\n"
                          "    exec(exercise.solution)\n"
                          "    verdict = lab.check(exercise.id, eval(exercise.variable))\n"
                          "    assert verdict.ok, verdict\n"
                          "print('solved', lab.progress())\n")
        done = subprocess.run([str(fresh_python), "-I", str(script)], cwd=tmp_path,
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"{path.name}:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
        assert "Well done" in done.stdout, done.stdout[-500:]
