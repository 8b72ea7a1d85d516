"""Run one playground scenario in the browser's Python and return what the page draws.

Bundled as text into playground.js and sent to the shared runtime's ``evalJSON`` with a call
``playground_run(SCENARIO_JSON)`` appended. It loads the scenario exactly as the CLI does
(``sandbox.scenario.loads``), so a bad scenario comes back as the loader's own message.
"""

import json

from sandbox import charts
from sandbox.explain import explain
from sandbox.scenario import Scenario, ScenarioError, loads


def playground_run(text):
    """``{ok, tiles, charts, explain, toml}`` for scenario JSON ``text``, or ``{ok: False, error}``."""
    try:
        scenario = loads(text, "json", "playground")
        data = json.loads(text)
        # The timeline chart needs per-environment spans; they do not change any number.
        data.setdefault("metrics", {})["timelines"] = True
        run = Scenario(data, "playground").run()
    except ScenarioError as exc:
        return {"ok": False, "error": str(exc)}
    name = scenario.functions[0].name
    totals = run.metrics[name].to_dict()["totals"]
    latency = run.metrics[name].latency
    cost = run.result.cost[name]
    q = (lambda p: latency.quantile(p) * 1000) if latency.count else (lambda p: None)
    return {
        "ok": True,
        "function": name,
        "tiles": {
            "Invocations": totals["invocations"], "Throttles": totals["throttles"],
            "Errors": totals["errors"], "ColdStarts": totals["cold_starts"],
            "ConcurrentExecutions": totals["peak_concurrency"],
            "p50": q(0.5), "p90": q(0.9), "p99": q(0.99),
            "Cost": cost.total,
        },
        "charts": {
            "timeline": charts.timeline_chart(run, name, max_rows=24).to_svg(),
            "concurrency": charts.concurrency_chart(run, name).to_svg(),
            "latency": charts.latency_chart(run, name).to_svg(),
        },
        "explain": explain(run),
        "toml": scenario.to_toml(),
    }
