"""Parametric questions: draw parameter values and run a ``compute`` snippet.

At build time CPython runs each snippet on a seeded pool of draws (:func:`pool_draws`): the
validator checks every instance, so a broken snippet fails the build, not a learner's attempt,
and the packaged bank carries the instances, so a lesson page draws from the pool without
downloading Python. The browser runs the snippet live (Pyodide) only when Python is already loaded.
"""

from __future__ import annotations

import ast
import json
import math
import random
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

#: Instances computed per parametric question (all of them when the parameters allow fewer).
POOL_SIZE = 24
#: Seeds tried to find POOL_SIZE distinct draws before settling for fewer.
_POOL_SEEDS = POOL_SIZE * 20

PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def param_values(spec: dict) -> list:
    """Every value a parameter can take: its ``choices``, or ``min..max`` by ``step`` (default 1)."""
    if "choices" in spec:
        return list(spec["choices"])
    low, high, step = spec["min"], spec["max"], spec.get("step", 1)
    count = int((high - low) / step + 1e-9) + 1
    # Round away binary noise so 0.1-steps give 0.3, not 0.30000000000000004.
    return [round(low + k * step, 10) for k in range(max(count, 0))]


def draw_params(params: dict, rng: random.Random) -> dict:
    """One random draw: a value for each parameter, using ``rng`` only."""
    drawn = {}
    for name, spec in params.items():
        value = rng.choice(param_values(spec))
        drawn[name] = int(value) if isinstance(value, float) and value.is_integer() else value
    return drawn


def shown(value: Any) -> str:
    """A value as a stem prints it: numbers of 1,000 or more with thousands separators
    ("600,000", as the AWS documentation writes them), everything else as ``str``."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) >= 1000:
        return f"{value:,}"
    return str(value)


def substitute(text: str, values: dict, group: bool = False) -> str:
    """Replace ``{name}`` placeholders with their values; unknown names are left untouched.

    ``group`` prints numbers with thousands separators (:func:`shown`), for text a learner reads
    such as a stem; option texts stay plain because ``compute`` returns them to be compared."""
    fmt = shown if group else str
    return PLACEHOLDER.sub(lambda m: fmt(values[m.group(1)]) if m.group(1) in values else m.group(0),
                           text)


def split_snippet(code: str) -> tuple[ast.Module, ast.Expression]:
    """A snippet's statements, and its last line as an expression (the value it gives)."""
    tree = ast.parse(code, mode="exec")
    if not tree.body or not isinstance(tree.body[-1], ast.Expr):
        raise ValueError("the last line of `compute` must be an expression (the answer)")
    return tree, ast.Expression(tree.body.pop().value)


def run_snippet(code: str, namespace: dict, where: str = "<compute>") -> Any:
    """Run ``code`` in ``namespace`` (which it may change); return its last expression's value."""
    if str(ROOT) not in sys.path:
        # Snippets import the sandbox as the browser runtime does; build from a checkout works too.
        sys.path.append(str(ROOT))
    body, last = split_snippet(code)
    exec(compile(body, where, "exec"), namespace)
    return eval(compile(last, where, "eval"), namespace)


def run_compute(code: str, values: dict) -> Any:
    """Run ``code`` with ``values`` bound as variables; return its last expression's value."""
    return run_snippet(code, {"__name__": "__quiz__", **values})


def combinations(params: dict) -> int:
    """How many different draws ``params`` allow."""
    return math.prod(len(param_values(spec)) for spec in params.values())


def pool_draws(params: dict, size: int = POOL_SIZE) -> list[dict]:
    """``size`` distinct draws from seeds 0, 1, 2… (fewer only when the parameters allow fewer).

    Deterministic: the same parameters always give the same pool, so builds are reproducible.
    """
    draws, seen = [], set()
    for seed in range(_POOL_SEEDS):
        values = draw_params(params, random.Random(seed))
        key = json.dumps(values, sort_keys=True)
        if key not in seen:
            seen.add(key)
            draws.append(values)
        if len(draws) >= size:
            break
    return draws


_answers: dict[tuple[str, str], Any] = {}


def answer_for(code: str, values: dict) -> Any:
    """:func:`run_compute`, remembered: the validator and the packager ask for the same draws."""
    key = (code, json.dumps(values, sort_keys=True))
    if key not in _answers:
        _answers[key] = run_compute(code, values)
    return _answers[key]
