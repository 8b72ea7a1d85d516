"""Computed single-answer questions: a parametric question in the exam's 1-of-4 format.

The question's ``compute`` gives the right number; each of its three ``misconceptions`` has its
own ``compute`` giving the number a known mistake produces (forgetting the 100 unreserved units,
rounding down instead of up, billing per second instead of per millisecond…). The four numbers
become four option texts, printed as the stem prints numbers (thousands separators, ``decimals``
places) followed by the ``unit``, and shuffled in an order fixed by the question's id and the
draw, so the same bank always gives the same instance.

A draw whose options coincide once printed ("1,000 concurrent executions" twice) cannot be asked:
the validator refuses it, naming the misconception that coincides, and the pool the build ships
keeps only draws with four different options. A misconception's snippet runs after the
question's own (minus its last line), so it can reuse the values the question's snippet computed.
"""

from __future__ import annotations

import json
import random
from .compute import pool_draws, run_snippet

#: Options of a computed single-answer question: the right one and three misconceptions.
OPTION_COUNT = 4


def is_choice(q: dict) -> bool:
    """True for a parametric question whose options are computed (it has ``misconceptions``)."""
    return q.get("type") == "parametric" and "misconceptions" in q


class SnippetFailed(Exception):
    """A snippet raised or gave a non-number; ``path`` is the field it came from
    (``("compute",)`` or ``("misconceptions", i, "compute")``)."""

    def __init__(self, path: tuple, message: str) -> None:
        super().__init__(message)
        self.path = path


def _number(code: str, namespace: dict, path: tuple) -> float:
    try:
        value = run_snippet(code, namespace, f"<{'.'.join(map(str, path))}>")
    except Exception as exc:  # any error in an author's snippet is reported with its field
        raise SnippetFailed(path, f"{type(exc).__name__}: {exc}") from exc
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise SnippetFailed(path, f"returned {value!r}: a number is needed")
    return value


def run_all(q: dict, values: dict) -> list[float]:
    """The right value, then each misconception's value, for one draw.

    The question's snippet runs once; each misconception's snippet then runs in a copy of its
    variables, so it sees the parameters and whatever the question's snippet computed. Raises
    :class:`SnippetFailed` naming the snippet that failed."""
    namespace: dict = {"__name__": "__quiz__", **values}
    out = [_number(q["compute"], namespace, ("compute",))]
    for index, wrong in enumerate(q["misconceptions"]):
        out.append(_number(wrong["compute"], dict(namespace), ("misconceptions", index, "compute")))
    return out


_values: dict[tuple, list] = {}


def values_for(q: dict, draw: dict) -> list[float]:
    """:func:`run_all`, remembered: the validator, the packager and the exporters ask for the
    same draws."""
    key = (q["compute"], tuple(w["compute"] for w in q["misconceptions"]), json.dumps(draw, sort_keys=True))
    if key not in _values:
        _values[key] = run_all(q, draw)
    return _values[key]


def option_text(value: float, q: dict) -> str:
    """A computed value as an option shows it: rounded to ``decimals`` places (default 0), with
    thousands separators, then the unit: ``12,000 concurrent executions``, ``4.17 USD``."""
    decimals = q.get("decimals", 0)
    number = f"{float(value):,.{decimals}f}"
    if number.startswith("-") and not number.strip("-0.,"):
        number = number[1:]  # -0 and -0.00 read as a sign error
    return f"{number} {q['unit']}".strip() if q.get("unit") else number


def order(q: dict, draw: dict) -> list[int]:
    """The display order of the four options (0 is the right one), fixed by id and draw."""
    slots = list(range(OPTION_COUNT))
    random.Random(f"{q.get('id', '')}/{json.dumps(draw, sort_keys=True)}").shuffle(slots)
    return slots


def coinciding(texts: list[str]) -> tuple[int, int] | None:
    """The first pair of slots (earlier, later) whose option texts are equal, else ``None``."""
    seen: dict[str, int] = {}
    for slot, text in enumerate(texts):
        if text in seen:
            return seen[text], slot
        seen[text] = slot
    return None


def texts_for(q: dict, draw: dict) -> list[str]:
    """The four option texts for one draw, right one first then each misconception's."""
    return [option_text(value, q) for value in values_for(q, draw)]


def instance(q: dict, draw: dict) -> dict | None:
    """One shuffled instance: ``{"values", "options": [{"text", "slot"}], "correct"}`` where
    ``correct`` is the position of slot 0, or ``None`` when two options coincide."""
    texts = texts_for(q, draw)
    if coinciding(texts):
        return None
    slots = order(q, draw)
    return {"values": draw, "options": [{"text": texts[s], "slot": s} for s in slots],
            "correct": slots.index(0)}


def pool(q: dict) -> list[dict]:
    """The instances the browser draws from: the seeded draws with four different options."""
    return [inst for draw in pool_draws(q["params"]) if (inst := instance(q, draw))]
