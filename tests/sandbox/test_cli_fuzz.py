"""The CLI, driven in-process with extreme and non-finite numbers: it answers or refuses in one line.

Each example takes a preset (shortened so a run is quick), puts extreme values into one to three
of its numeric fields — the numbers it already has and the numeric fields of every schema
section it contains — writes it as JSON (which carries Infinity and NaN) and runs
``python -m sandbox run FILE --json`` through :func:`sandbox.cli.main`. The run must succeed, or
exit 2 with exactly one ``error:`` line on stderr and no traceback, within a time budget.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import math
import signal
import sys
import threading

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from sandbox import cli
from sandbox.scenario import load_preset, preset_names
from sandbox.scenario.schema import FUNCTION_EXTENSIONS, SCHEMA

#: Values that broke or hung simulators before: zero, negatives, the float extremes, non-finite.
EXTREMES = [0, -1, 0.5, 1e-300, 5e-324, 1e9, 1e15, 1e30, 1e308, -1e308, math.inf, -math.inf,
            math.nan, 2 ** 63, -(2 ** 63), 10 ** 30]
#: Seconds one example may take (a generous bound on a loaded 2-core machine).
BUDGET_S = 60


def _short(name: str) -> dict:
    """A preset's data with a run of at most 30 s, so an unchanged run is quick."""
    data = load_preset(name).to_dict()
    data["duration_s"] = min(30.0, data["duration_s"])
    return data


BASES = {name: _short(name) for name in preset_names()}


def _numeric(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _leaves(data, path=()):
    """Paths to every number already in the scenario."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _leaves(value, path + (i,))
    elif _numeric(data):
        yield path


def _schema_fields(data):
    """Paths to the numeric fields (by their defaults) of the schema sections the scenario has."""
    tables = {"account": (("account",), SCHEMA[0].cls), "metrics": (("metrics",), SCHEMA[3].cls)}
    by_path = {section.path: section.cls for section in SCHEMA}
    out = []
    for key, (where, cls) in tables.items():
        out += [where + (f.name,) for f in dataclasses.fields(cls) if _numeric(f.default)]
    for i, fn in enumerate(data.get("functions", [])):
        out += [("functions", i, f.name) for f in dataclasses.fields(by_path["functions[]"])
                if _numeric(f.default)]
        for ext, (cls, _) in FUNCTION_EXTENSIONS.items():
            if isinstance(fn.get(ext), dict):
                out += [("functions", i, ext, f.name) for f in dataclasses.fields(cls)
                        if _numeric(f.default)]
    return out


def _set(data, path, value):
    for key in path[:-1]:
        data = data.setdefault(key, {}) if isinstance(data, dict) else data[key]
    data[path[-1]] = value


@contextlib.contextmanager
def _budget(seconds: int):
    """Fail the example (instead of hanging the suite) if the run takes longer than ``seconds``."""
    if sys.platform == "emscripten" or not hasattr(signal, "SIGALRM") \
            or threading.current_thread() is not threading.main_thread():
        yield  # no alarms here (e.g. Pyodide): the bound is the suite's own timeout
        return

    def expire(signum, frame):
        raise TimeoutError(f"the CLI took more than {seconds} s")
    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@st.composite
def mangled_scenarios(draw):
    """A preset with one to three numeric fields set to extreme values."""
    name = draw(st.sampled_from(sorted(BASES)))
    data = json.loads(json.dumps(BASES[name]))
    paths = sorted(set(_leaves(data)) | set(_schema_fields(data)), key=repr)
    chosen = draw(st.lists(st.sampled_from(paths), min_size=1, max_size=3, unique=True))
    for path in chosen:
        _set(data, path, draw(st.sampled_from(EXTREMES)))
    return name, data


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=mangled_scenarios())
def test_cli_answers_or_refuses_extreme_numbers_in_one_line(case, tmp_path):
    """Any extreme or non-finite number in any numeric field: exit 0 with JSON, or exit 2 with
    one ``error:`` line naming the scenario file, and never a traceback or a hang."""
    name, data = case
    path = tmp_path / "fuzz.json"
    path.write_text(json.dumps(data))
    out, err = io.StringIO(), io.StringIO()
    with _budget(BUDGET_S), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = cli.main(["run", str(path), "--json"])
        except SystemExit as exc:  # argparse's own exits
            status = exc.code
    stderr = err.getvalue()
    assert "Traceback" not in stderr
    if status == 0:
        json.loads(out.getvalue())
    else:
        assert status == 2, (name, stderr)
        lines = stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"error: {path}"), (name, stderr)


def test_a_huge_duration_is_refused_with_the_field_value_and_maximum(tmp_path):
    """duration_s = 1e30 (with or without traffic) is refused at load: one line naming the
    field, the value and the documented maximum, exit 2, instead of a hang or an
    OverflowError traceback."""
    from sandbox.limits import MAX_EXPECTED_REQUESTS, MAX_PERIODS
    for traffic in (True, False):
        data = {"duration_s": 1e30, "functions": [{"name": "api"}]}
        if traffic:
            data["traffic"] = [{"kind": "poisson", "rate": 5}]
        path = tmp_path / "huge.json"
        path.write_text(json.dumps(data))
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            assert cli.main(["run", str(path)]) == 2
        assert err.getvalue() == (f"error: {path}: duration_s: 1e+30 s at period_s = 60 s is "
                                  f"1.67e+28 metric periods; the maximum is {MAX_PERIODS:,} "
                                  f"(shorten the run or lengthen period_s)\n")
    data = {"duration_s": 100_000, "functions": [{"name": "api"}],
            "traffic": [{"kind": "poisson", "rate": 50}, {"kind": "poisson", "rate": 500}]}
    path.write_text(json.dumps(data))
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        assert cli.main(["run", str(path)]) == 2
    assert err.getvalue() == (f"error: {path}: traffic[1]: about 55,000,000 requests expected "
                              f"over 100000 s; the maximum is {MAX_EXPECTED_REQUESTS:,} in one "
                              f"run (lower the rate or shorten the run)\n")


def test_the_scenarios_page_shows_the_messages_the_cli_prints(tmp_path):
    """The "Limits" section of docs/reference/scenarios.md quotes the caps' real messages."""
    from pathlib import Path
    page = Path(__file__).resolve().parents[2] / "docs" / "reference" / "scenarios.md"
    if not page.exists():
        pytest.skip("the docs are not part of this copy (the Pyodide tier copies tests only)")
    text = page.read_text(encoding="utf-8")
    assert "<!-- scenario-limits -->" in text
    for data in ({"duration_s": 1e30, "functions": [{"name": "api"}]},
                 {"duration_s": 100_000, "functions": [{"name": "api"}],
                  "traffic": [{"kind": "poisson", "rate": 50}, {"kind": "poisson", "rate": 500}]}):
        path = tmp_path / "big.json"
        path.write_text(json.dumps(data))
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            assert cli.main(["run", str(path)]) == 2
        assert err.getvalue().strip().replace(str(path), "big.toml") in text


def _refusal(tmp_path, stream: dict) -> tuple[str, str]:
    """Run the poison-pill preset with ``stream`` merged into its stream settings through the
    CLI (within the time budget); it must exit 2 with one stderr line. Returns (that line,
    the scenario file's path)."""
    data = load_preset("poison-pill-stream").data
    data["functions"][0]["stream"].update(stream)
    path = tmp_path / "refused.json"
    path.write_text(json.dumps(data))
    err = io.StringIO()
    with _budget(BUDGET_S), contextlib.redirect_stderr(err), \
            contextlib.redirect_stdout(io.StringIO()):
        assert cli.main(["run", str(path), "--json"]) == 2
    lines = err.getvalue().splitlines()
    assert len(lines) == 1, lines
    return lines[0], str(path)


@pytest.mark.parametrize("field", ["work_per_batch", "work_per_record", "throttle_retry_s"])
def test_negative_stream_handler_seconds_are_refused_in_one_line(field, tmp_path):
    """A stream's handler seconds below zero (found by the fuzz test: ``work_per_batch =
    -1e308`` ended in an OverflowError from billing) are refused at load, naming the field."""
    line, path = _refusal(tmp_path, {field: -1e308})
    assert line.startswith(f"error: {path}: functions[0].stream.{field}: expected seconds from 0 "
                           "to 1,000,000")


def test_a_huge_shard_count_is_refused_instead_of_filling_memory(tmp_path):
    """shards = 2**63 used to hang building the shards' lanes; it is refused at load."""
    line, path = _refusal(tmp_path, {"shards": 2 ** 63})
    assert line.startswith(f"error: {path}: functions[0].stream.shards: expected an integer "
                           "from 1 to 20000")


def test_a_poison_record_whose_handler_takes_no_time_ends_in_one_line(tmp_path):
    """work_per_batch = work_per_record = 0 on the poison-pill preset used to hang (a failing
    batch retried at one instant for ever); now the run stops with one line naming why."""
    line, path = _refusal(tmp_path, {"work_per_batch": 0, "work_per_record": 0})
    assert line.startswith(f"error: {path}: the stream's event source mapping: a batch was "
                           "retried 10,000 times")
