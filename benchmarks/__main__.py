"""Run every ``benchmarks/bench_*.py`` module's ``run()`` and print ratios.

Usage: ``python -m benchmarks [--quick] [NAME ...]`` (``--help`` lists the benchmarks). Each
``run(quick)`` returns a list of :class:`benchmarks.common.Measure`; each is printed with its
baseline and the ratio ``baseline / measured``, the same way round for every row (times, sizes,
memory): at or above 1 the measurement is as good as or better than its baseline, and meets it
where the baseline is a target or budget. Absolute times on shared machines are noise; ratios
within one run are not.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from pathlib import Path

HERE = Path(__file__).parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from benchmarks.common import RATIO_MEANING  # noqa: E402  (needs the path above)


def benchmark_names() -> list[str]:
    """The ``bench_*`` modules of this folder, sorted."""
    return sorted(m.name for m in pkgutil.iter_modules([str(HERE)]) if m.name.startswith("bench_"))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Time Cold Start against its baselines and print each ratio (measured in "
                    "one run, so the machine's load cancels out). " + RATIO_MEANING,
        epilog="benchmarks: " + ", ".join(n[len("bench_"):] for n in benchmark_names()))
    parser.add_argument("--quick", action="store_true",
                        help="shorter workloads (e.g. the SimFaaS comparison at 10^5 s)")
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help="run only the benchmarks whose name contains NAME (default: all)")
    return parser


def main(argv: list[str]) -> int:
    """Discover, run and print every benchmark (or only those named)."""
    args = _parser().parse_args(argv)
    names = benchmark_names()
    if args.names:
        names = [n for n in names if any(w in n for w in args.names)]
    print(RATIO_MEANING)
    print(f"{'benchmark':44} {'measured':>12} {'baseline':>12} {'ratio':>8}  note")
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        for m in module.run(args.quick):
            print(m.line())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
