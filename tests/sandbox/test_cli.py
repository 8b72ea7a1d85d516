"""The command line, run as a real subprocess: tables, JSON, charts, presets and bad input."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SMALL = """
title = "Small"
seed = 3
duration_s = 60

[[functions]]
name = "api"
reserved_concurrency = 3
duration = 0.5

[[traffic]]
kind = "constant"
rate = 10
"""


def cli(*args: str) -> subprocess.CompletedProcess:
    """Run ``python -m sandbox ARGS`` from the repository root."""
    return subprocess.run([sys.executable, "-m", "sandbox", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def small(tmp_path) -> Path:
    path = tmp_path / "small.toml"
    path.write_text(SMALL)
    return path


def test_run_prints_a_summary_table(small):
    """`run` prints the title, seed and one row per function with the table's headings."""
    proc = cli("run", str(small))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "Small — seed 3, 60 s simulated"
    assert "throttles" in lines[2] and "cold starts" in lines[2]
    assert lines[3].split()[0] == "api"


def test_run_json_matches_the_model_and_is_strict_json(small):
    """`--json` prints strict JSON whose totals equal the in-process run of the same scenario."""
    proc = cli("run", str(small), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout, parse_constant=lambda c: pytest.fail(f"non-JSON {c}"))
    from sandbox.scenario import load
    expected = load(small).run().to_dict()["functions"]["api"]["totals"]
    totals = data["functions"]["api"]["totals"]
    assert totals == expected
    # 10 requests/s for 60 s; 3 environments finishing 0.5 s invocations serve at most 6/s.
    assert totals["requests"] == 600
    assert totals["invocations"] <= 3 / 0.5 * 60 + 3
    assert totals["throttles"] == 600 - totals["invocations"]


def test_seed_option_overrides_the_file(tmp_path):
    """`--seed` changes a random run; the same seed twice gives the same JSON."""
    path = tmp_path / "p.toml"
    path.write_text(SMALL.replace('kind = "constant"', 'kind = "poisson"'))
    one = cli("run", str(path), "--json", "--seed", "11").stdout
    again = cli("run", str(path), "--json", "--seed", "11").stdout
    other = cli("run", str(path), "--json", "--seed", "12").stdout
    assert one == again
    assert json.loads(one)["seed"] == 11
    assert json.loads(one)["functions"] != json.loads(other)["functions"]


@pytest.mark.parametrize("kind", ["timeline", "concurrency", "latency", "power"])
def test_chart_is_written_as_svg(small, tmp_path, kind):
    """`--chart KIND --out FILE` writes a well-formed SVG with a title."""
    out = tmp_path / f"{kind}.svg"
    proc = cli("run", str(small), "--chart", kind, "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    root = ET.parse(out).getroot()
    assert root.get("role") == "img"
    assert root.find("{http://www.w3.org/2000/svg}title").text


@pytest.mark.parametrize("args,message", [
    (["run", "{small_bad}"], "functions[0].memory_mb: expected an integer from 128 to 10240"),
    (["run", "missing.toml"], "missing.toml: cannot read the file"),
    (["run", "no-such-preset"], "not a preset name"),
    (["run", "{small}", "--chart", "latency"], "--chart needs --out"),
    (["run", "{small}", "--chart", "pie", "--out", "x.svg"], "invalid choice: 'pie'"),
    (["run", "{small}", "--function", "nope"], "--function: expected one of api"),
])
def test_bad_input_exits_2_with_one_clear_line(small, tmp_path, args, message):
    """Bad input exits with status 2 and a message on stderr, never a traceback."""
    bad = tmp_path / "bad.toml"
    bad.write_text(SMALL.replace('name = "api"', 'name = "api"\nmemory_mb = 64'))
    args = [a.format(small=small, small_bad=bad) for a in args]
    proc = cli(*args)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_presets_lists_every_preset_with_its_title():
    """`presets` prints one line per preset file: its name and its title."""
    proc = cli("presets")
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.stem for p in (ROOT / "sandbox" / "presets").glob("*.toml"))
    listed = [line.split()[0] for line in proc.stdout.splitlines()]
    assert listed == names
    assert any("Flash sale" in line for line in proc.stdout.splitlines())


def test_export_prints_a_loadable_scenario(tmp_path):
    """`export PRESET` prints TOML that runs to the same metrics as the preset itself."""
    proc = cli("export", "flash-sale")
    assert proc.returncode == 0, proc.stderr
    path = tmp_path / "copy.toml"
    path.write_text(proc.stdout)
    assert cli("run", str(path), "--json").stdout == cli("run", "flash-sale", "--json").stdout


def test_benchmarks_help_prints_usage_without_running_anything():
    """`python -m benchmarks --help` prints its usage and the benchmark names, and exits at
    once instead of starting the whole suite."""
    proc = subprocess.run([sys.executable, "-m", "benchmarks", "--help"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("usage: python -m benchmarks [-h] [--quick] [NAME ...]")
    listed = " ".join(proc.stdout.split()).split("benchmarks: ")[-1]
    names = sorted(p.stem[len("bench_"):] for p in (ROOT / "benchmarks").glob("bench_*.py"))
    assert listed == ", ".join(names)
    assert "ratio  note" not in proc.stdout  # the results header of a real run
