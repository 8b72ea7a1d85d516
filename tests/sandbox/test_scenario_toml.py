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


# --- The loader on arbitrary input ------------------------------------------------------------

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10 ** 6, 10 ** 6),
              st.floats(allow_nan=True), st.text(max_size=8)),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=12)

VALID = {
    "duration_s": 30, "seed": 1,
    "account": {"concurrency_limit": 50},
    "metrics": {"period_s": 10},
    "functions": [{"name": "a", "memory_mb": 256, "duration": {"model": "lognormal"},
                   "provisioned_concurrency": 1, "reserved_concurrency": 10,
                   "async": {}, "sqs": {}, "stream": {}, "api_gateway": {}},
                  {"name": "a:1", "version": "1"}],
    "aliases": [{"function": "a", "name": "live", "primary": "1"}],
    "traffic": [{"kind": "poisson", "function": "a", "rate": 2},
                {"kind": "step", "function": "a:live", "steps": [[0, 1]]}],
}


def _paths(node, prefix=()):
    """Every (path, value) in a nested structure, containers included."""
    yield prefix, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, prefix + (i,))


PATHS = [p for p, _ in _paths(VALID) if p]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PATHS), json_values)
def test_any_single_bad_value_gives_a_scenario_error_not_a_traceback(path, value):
    """Replacing any one value of a valid scenario with arbitrary JSON either still loads (and
    builds a simulation) or raises ScenarioError with a one-line message, never another
    exception."""
    import copy
    import json
    from sandbox.scenario import Scenario, ScenarioError
    data = copy.deepcopy(VALID)
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    try:
        Scenario(data, "fuzz.json").build()
    except ScenarioError as exc:
        assert str(exc).startswith("fuzz.json") and "\n" not in str(exc)
    json.dumps(value, allow_nan=True)  # the input itself was plain JSON-like data


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_any_top_level_value_gives_a_scenario_error(value):
    """Whatever JSON value is a whole scenario file, the loader answers with a ScenarioError
    naming the file (or a scenario), never another exception."""
    import json
    from sandbox.scenario import ScenarioError, loads
    try:
        loads(json.dumps(value), "json", "fuzz.json")
    except ScenarioError as exc:
        assert str(exc).startswith("fuzz.json")
