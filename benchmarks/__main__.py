"""Run every ``benchmarks/bench_*.py`` module's ``run()`` and print ratios.

Usage: ``python -m benchmarks [--quick] [NAME ...]``. Each ``run(quick)`` returns a list of
:class:`benchmarks.common.Measure`; each is printed with its baseline and the ratio
``baseline / measured``, the same way round for every row (times, sizes, memory): at or above 1
the measurement is as good as or better than its baseline, and meets it where the baseline is a
target or budget. Absolute
times on shared machines are noise; ratios within one run are not.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

from benchmarks.common import RATIO_MEANING


def main(argv: list[str]) -> int:
    """Discover, run and print every benchmark (or only those named)."""
    quick = "--quick" in argv
    wanted = [a for a in argv if not a.startswith("-")]
    here = Path(__file__).parent
    root = str(here.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    names = sorted(m.name for m in pkgutil.iter_modules([str(here)])
                   if m.name.startswith("bench_"))
    if wanted:
        names = [n for n in names if any(w in n for w in wanted)]
    print(RATIO_MEANING)
    print(f"{'benchmark':44} {'measured':>12} {'baseline':>12} {'ratio':>8}  note")
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        for m in module.run(quick):
            print(m.line())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
