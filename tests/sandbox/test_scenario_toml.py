"""The TOML writer: whatever scenario data it is given, tomllib reads back the same data."""

from __future__ import annotations

import math
import tomllib

from hypothesis import given, settings
from hypothesis import strategies as st

from sandbox.scenario import to_toml

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
scalars = st.one_of(
    st.integers(min_value=-(2 ** 63), max_value=2 ** 63 - 1),
    st.floats(allow_nan=False),
    st.booleans(),
    text,
)
scalar_lists = st.lists(scalars, max_size=4)


def tables(depth: int = 2):
    """Nested tables whose values are scalars, lists of scalars, tables or arrays of tables."""
    values = st.one_of(scalars, scalar_lists)
    if depth > 0:
        values = st.one_of(values, st.deferred(lambda: tables(depth - 1)),
                           st.lists(st.deferred(lambda: tables(depth - 1)), min_size=1,
                                    max_size=3))
    return st.dictionaries(text, values, max_size=4)


def same(a, b) -> bool:
    """Equal, with -0.0 == 0.0 distinguished and infinities compared exactly."""
    if isinstance(a, float) and isinstance(b, float):
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


@settings(max_examples=300, deadline=None)
@given(tables())
def test_toml_writer_round_trips_any_scenario_data(data):
    """to_toml(data) parses with tomllib to exactly ``data`` (keys quoted as needed, strings
    escaped, floats exact, nested tables and arrays of tables in the right place)."""
    assert same(tomllib.loads(to_toml(data)), data)
