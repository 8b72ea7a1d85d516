"""An exported playground scenario gives the same numbers in the CLI as in the playground."""

import json
import re
import subprocess
import sys
from pathlib import Path

from sandbox import facts
from sandbox.scenario import load_preset

ROOT = Path(__file__).resolve().parents[2]


def playground_run(text: str) -> dict:
    """The browser's runner (web/playground/run.py), run in this CPython."""
    namespace: dict = {}
    exec((ROOT / "web" / "playground" / "run.py").read_text(encoding="utf-8"), namespace)
    return namespace["playground_run"](text)


def test_exported_toml_runs_to_the_same_numbers_in_the_cli(tmp_path):
    """Edit a preset as the controls do, export TOML, run the CLI: the tiles' numbers match."""
    data = load_preset("protect-database").data
    data["functions"][0]["reserved_concurrency"] = 10
    data["functions"][0]["architecture"] = "arm64"
    shown = playground_run(json.dumps(data))
    assert shown["ok"], shown
    exported = tmp_path / "scenario.toml"
    exported.write_text(shown["toml"], encoding="utf-8")
    cli = subprocess.run([sys.executable, "-m", "sandbox", "run", str(exported), "--json"],
                         capture_output=True, text=True, cwd=ROOT, check=True)
    totals = json.loads(cli.stdout)["functions"]["writer"]["totals"]
    tiles = shown["tiles"]
    assert totals["invocations"] == tiles["Invocations"]
    assert totals["throttles"] == tiles["Throttles"]
    assert totals["cold_starts"] == tiles["ColdStarts"]
    assert totals["peak_concurrency"] == tiles["ConcurrentExecutions"]
    assert tiles["Throttles"] > 0


def test_invalid_scenario_returns_the_loaders_message():
    """A scenario the loader rejects comes back as {ok: False} with the field path, no traceback."""
    shown = playground_run(json.dumps({"duration_s": 5, "functions": [{"name": "f",
                                                                       "memory_mb": 5}]}))
    assert shown == {"ok": False, "error": shown["error"]}
    assert "functions[0].memory_mb" in shown["error"]


def test_the_vpc_control_uses_the_models_default_cold_start_extra():
    """The playground's VPC checkbox fills in the same cold-start extra the sandbox documents
    (facts.VPC_COLD_START_EXTRA_DEFAULT_S), so ticking it changes the numbers as the model says."""
    source = (ROOT / "web" / "playground" / "scenario.js").read_text(encoding="utf-8")
    value = re.search(r"export const VPC_COLD_START_EXTRA_S = ([0-9.]+);", source)
    assert value and float(value.group(1)) == facts.VPC_COLD_START_EXTRA_DEFAULT_S


def test_a_run_too_large_is_refused_in_one_line_with_the_maximum():
    """A duration whose run could not finish (1e30 s) comes back as the loader's one line naming
    the field, the value and the documented maximum, instead of a hang."""
    from sandbox.limits import MAX_PERIODS
    shown = playground_run(json.dumps({"duration_s": 1e30, "functions": [{"name": "f"}],
                                       "traffic": [{"kind": "poisson", "rate": 5}]}))
    assert shown["ok"] is False
    assert shown["error"] == (f"playground: duration_s: 1e+30 s at period_s = 60 s is 1.67e+28 "
                              f"metric periods; the maximum is {MAX_PERIODS:,} (shorten the run "
                              f"or lengthen period_s)")
