"""The command line: ``python -m sandbox run SCENARIO`` and ``python -m sandbox presets``.

``run`` prints a summary table (or, with ``--json``, every metric as JSON) and can write a chart
as SVG. A scenario that cannot be used prints one line naming the file and the field, and the
command exits with status 2, like any other usage error.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Any, Sequence

from .scenario import Scenario, ScenarioError, load, load_preset, preset_names

CHARTS = ("timeline", "concurrency", "latency", "power")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m sandbox",
        description="Run Cold Start's model of AWS Lambda on a scenario file or preset.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = commands.add_parser("run", help="run a scenario and print its metrics")
    run.add_argument("scenario", metavar="SCENARIO",
                     help="a .toml or .json scenario file, or a preset name")
    run.add_argument("--json", action="store_true", help="print every metric as JSON")
    run.add_argument("--seed", type=int, help="override the scenario's seed")
    run.add_argument("--chart", choices=CHARTS, help="also draw this chart (needs --out)")
    run.add_argument("--out", metavar="FILE.svg", help="where to write the chart")
    run.add_argument("--function", help="which function to chart (default: the first)")
    presets = commands.add_parser("presets", help="list the scenarios shipped with the sandbox")
    presets.add_argument("--json", action="store_true", help="print name, title and description")
    export = commands.add_parser("export", help="print a scenario (e.g. a preset) as TOML or JSON")
    export.add_argument("scenario", metavar="SCENARIO")
    export.add_argument("--format", choices=("toml", "json"), default="toml")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status (0 ok, 2 bad input)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "presets":
            return _presets(args)
        if args.command == "export":
            scenario = load(args.scenario)
            sys.stdout.write(scenario.to_toml() if args.format == "toml" else scenario.to_json())
            return 0
        return _run(args, parser)
    except ScenarioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        # A setting the model itself rejected while running: still one line, not a traceback.
        print(f"error: {args.__dict__.get('scenario', '')}: {exc}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.chart and not args.out:
        parser.error("--chart needs --out FILE.svg")
    if args.out and not args.chart:
        parser.error("--out needs --chart " + "|".join(CHARTS))
    scenario = load(args.scenario)
    if args.chart == "timeline" and not scenario.metrics.timelines:
        # The timeline chart needs per-environment spans, which runs do not keep by default.
        data = scenario.to_dict()
        data.setdefault("metrics", {})["timelines"] = True
        scenario = Scenario(data, scenario.source)
    names = [f.name for f in scenario.functions]
    if args.function is not None and args.function not in names:
        raise ScenarioError(scenario.source, "--function",
                            f"expected one of {', '.join(names)}, got {args.function!r}")
    result = scenario.run(args.seed)
    if args.chart:
        from . import charts
        if args.chart == "power":
            tuning = (result.power_tuning if result.power_tuning and not args.function
                      else scenario.power_tune(args.seed, args.function))
            chart = charts.power_chart(tuning)
        else:
            draw = {"timeline": charts.timeline_chart, "concurrency": charts.concurrency_chart,
                    "latency": charts.latency_chart}[args.chart]
            chart = draw(result, args.function)
        try:
            chart.save(args.out)
        except OSError as exc:
            print(f"error: {args.out}: cannot write the chart: {exc.strerror}", file=sys.stderr)
            return 2
    if args.json:
        # Strict JSON (no NaN/Infinity), so any JSON parser, not only Python's, can read it.
        print(json.dumps(_finite(result.to_dict()), indent=2, allow_nan=False))
    else:
        print(summary(result, args.seed if args.seed is not None else scenario.seed))
        if args.chart:
            print(f"\n{args.chart} chart written to {args.out}")
    return 0


def _presets(args: argparse.Namespace) -> int:
    rows = []
    for name in preset_names():
        preset = load_preset(name)
        rows.append({"name": name, "title": preset.title, "description": preset.description})
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    width = max((len(r["name"]) for r in rows), default=0)
    for row in rows:
        print(f"{row['name']:<{width}}  {row['title']}")
    return 0


def summary(result: Any, seed: int) -> str:
    """The summary table: one row per function, then each extension's counters."""
    scenario = result.scenario
    head = f"{scenario.title or scenario.source} — seed {seed}, {scenario.duration_s:g} s simulated"
    cells = result.summary_cells()
    widths = [max(len(r[i]) for r in cells) for i in range(len(cells[0]))]
    lines = [head, ""]
    for r in cells:
        lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                               for i, (c, w) in enumerate(zip(r, widths))).rstrip())
    tuning = getattr(result, "power_tuning", None)
    if tuning is not None and tuning.optimal is not None:
        best = tuning.optimal
        lines.append(f"power tuning ({tuning.strategy}): {best.memory_mb} MB, "
                     f"{best.duration_s * 1000:,.1f} ms, ${best.cost * 1e6:,.4f} per million "
                     f"invocations")
    for target, alias in getattr(result, "aliases", {}).items():
        split = ", ".join(f"version {label}: {st['invocations']:,} invocations, "
                          f"{st['error_rate']:.1%} errors"
                          for label, st in alias["versions"].items())
        rolled = (f"; rolled back at {alias['rolled_back_at']:g} s"
                  if alias["rolled_back_at"] is not None else "")
        lines.append(f"{target}: weight {alias['weight']:g}{rolled}; {split}")
    for name, extensions in result.extensions.items():
        for via, stats in extensions.items():
            shown = ", ".join(f"{k} {_number(v)}" for k, v in stats.items())
            lines.append(f"{name} {via}: {shown}")
    return "\n".join(lines)


def _number(value: Any) -> str:
    """Counters as integers with separators; small measurements with three significant digits."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, int) or abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def _finite(value: Any) -> Any:
    """Replace inf/nan (not valid JSON) by None, recursively."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


if __name__ == "__main__":
    sys.exit(main())
