"""The runtime's Python half (web/runtime/kernel.py) under CPython: notebook semantics and errors.

The same file runs inside Pyodide in the browser (the e2e tests cover that path); here each
behaviour is pinned down quickly and precisely.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

KERNEL = Path(__file__).resolve().parents[2] / "web" / "runtime" / "kernel.py"


@pytest.fixture
def kernel():
    """A fresh copy of the kernel module (its namespaces are module state)."""
    spec = importlib.util.spec_from_file_location("cs_kernel_under_test", KERNEL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Chart:
    def _repr_svg_(self):
        return "<svg role='img'><title>t</title></svg>"


class Table:
    def _repr_html_(self):
        return "<table><tr><td>1</td></tr></table>"


def test_cells_of_a_page_share_variables_and_pages_do_not(kernel):
    """A variable set by one cell is visible to the next cell of the same page only."""
    assert kernel.run_cell("x = 41", "/a/")["ok"]
    assert kernel.run_cell("x + 1", "/a/")["displays"] == [{"mime": "text/plain", "data": "42"}]
    other = kernel.run_cell("x", "/b/")
    assert not other["ok"] and other["error"]["type"] == "NameError"


def test_last_expression_is_displayed_richest_first(kernel):
    """SVG beats HTML beats repr; None and statements display nothing; display() adds more."""
    kernel.namespace("/p/").update(Chart=Chart, Table=Table)
    assert kernel.run_cell("Chart()", "/p/")["displays"][0]["mime"] == "image/svg+xml"
    assert kernel.run_cell("Table()", "/p/")["displays"][0]["mime"] == "text/html"
    assert kernel.run_cell("y = 3", "/p/")["displays"] == []
    assert kernel.run_cell("None", "/p/")["displays"] == []
    shown = kernel.run_cell("display(Table(), 'hi')\n7", "/p/")["displays"]
    assert [d["mime"] for d in shown] == ["text/html", "text/plain", "text/plain"]
    assert shown[1]["data"] == "'hi'" and shown[2]["data"] == "7"


def test_error_points_at_the_learners_line_and_hides_runtime_frames(kernel):
    """A ZeroDivisionError inside a function reports the deepest learner line, with its source."""
    code = "def f(a):\n    return 1 / a\n\nf(0)"
    result = kernel.run_cell(code, "/p/")
    error = result["error"]
    assert not result["ok"]
    assert error["type"] == "ZeroDivisionError" and error["line"] == 2
    assert "Line 4" in error["traceback"] and "Line 2, in f" in error["traceback"]
    assert "return 1 / a" in error["traceback"]
    assert "kernel.py" not in error["traceback"]


def test_error_raised_in_a_library_names_the_library_line_briefly(kernel):
    """The frame that raised inside the standard library is shown relative to its package."""
    error = kernel.run_cell("import json\njson.loads('{')", "/p/")["error"]
    assert error["line"] == 2
    assert "json/decoder.py, line" in error["traceback"]
    assert "/lib/" not in error["traceback"]


def test_syntax_error_reports_line_and_caret(kernel):
    """A syntax error names its line, quotes it and marks the column."""
    error = kernel.run_cell("a = 1\nb = (2 +\n", "/p/")["error"]
    assert error["type"] == "SyntaxError" and error["line"] == 2
    assert "b = (2 +" in error["traceback"] and "^" in error["traceback"]


def test_interrupt_and_exit_do_not_escape(kernel):
    """KeyboardInterrupt (Stop) and SystemExit come back as results, not as exceptions."""
    stopped = kernel.run_cell("raise KeyboardInterrupt", "/p/")
    assert stopped["error"]["type"] == "KeyboardInterrupt" and stopped["error"]["message"] == "Stopped."
    assert kernel.run_cell("raise SystemExit(3)", "/p/")["error"]["type"] == "SystemExit"


def test_results_are_json_serialisable(kernel):
    """What run_cell returns crosses the worker boundary as JSON."""
    kernel.namespace("/p/")["Chart"] = Chart
    json.dumps(kernel.run_cell("Chart()", "/p/"))
    json.dumps(kernel.run_cell("1/0", "/p/"))


def test_eval_json_uses_a_fresh_namespace(kernel):
    """eval_json returns the last value as JSON and never sees or changes cell variables."""
    kernel.run_cell("secret = 1", "/p/")
    assert json.loads(kernel.eval_json("a = 2\n{'twice': a * 2}")) == {"twice": 4}
    with pytest.raises(RuntimeError, match="NameError"):
        kernel.eval_json("secret")
    kernel.eval_json("leak = 5")
    assert "leak" not in kernel.namespace("/p/")


def test_reset_namespace_forgets_variables(kernel):
    """After reset_namespace a page's variables are gone."""
    kernel.run_cell("z = 1", "/p/")
    kernel.reset_namespace("/p/")
    assert kernel.run_cell("z", "/p/")["error"]["type"] == "NameError"


def test_a_lab_cell_asking_for_an_unbounded_run_gets_the_caps_message(kernel):
    """A cell that simulates 1e30 s is refused at once: the error names the field, the value
    and the maximum, on one line, rather than hanging the page's Python."""
    result = kernel.run_cell(
        "from sandbox import FunctionConfig, Poisson, Simulation\n"
        "Simulation(functions=[FunctionConfig(name='api')],\n"
        "           sources=[Poisson(5, function='api')], horizon=1e30).run()", "/caps/")
    assert not result["ok"]
    assert result["error"]["type"] == "RunTooLarge"
    assert result["error"]["message"].startswith("Simulation.horizon: 1e+30 s at period_s = 60 s")
    assert "the maximum is 100,000" in result["error"]["message"]
    assert "\n" not in result["error"]["message"]
