"""The sandbox surface inside Pyodide (CPython 3.14 in WebAssembly), the way the browser runs it.

Scenario loading (tomllib), presets read as package data, runs, and every chart must behave
the same under Pyodide as here: the same seed gives the same numbers in both.
"""

from __future__ import annotations

import textwrap

import pytest

PYTHON = textwrap.dedent("""
    import json, sys, xml.etree.ElementTree as ET
    from sandbox.scenario import load, loads, preset_names
    from sandbox import charts
    presets = {name: load(name).title for name in preset_names()}
    result = load("flash-sale").run()
    timeline = loads(load("flash-sale").to_toml().replace("duration_s = 300", "duration_s = 90")
                     + "\\n[metrics]\\ntimelines = true\\n").run()
    svgs = [charts.concurrency_chart(result), charts.latency_chart(result),
            charts.timeline_chart(timeline), charts.power_chart(load("power-tuning").power_tune())]
    for chart in svgs:
        ET.fromstring(chart._repr_svg_())
    json.dumps({"python": sys.version_info[:2], "presets": presets,
                "totals": result.to_dict()["functions"]["checkout"]["totals"],
                "svg_sizes": [len(c.to_svg()) for c in svgs]})
""")


@pytest.mark.pyodide
def test_scenarios_presets_and_charts_match_cpython_under_pyodide():
    """Under Pyodide every preset loads, a preset run gives CPython's exact totals, and every
    chart is well-formed SVG of the same size as in CPython."""
    from pyodide_node import run_in_pyodide  # here, not at the top: tests/ is not copied into Pyodide

    inside = run_in_pyodide(PYTHON)
    assert inside["python"][0] == 3 and inside["python"][1] >= 14
    here: dict = {}
    exec(PYTHON.replace("json.dumps(", "here['out'] = ("), {"here": here})
    assert inside["presets"] == here["out"]["presets"]
    assert inside["totals"] == here["out"]["totals"]
    assert inside["svg_sizes"] == here["out"]["svg_sizes"]
