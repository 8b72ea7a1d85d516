"""Checking one table of a scenario against the class that owns it.

Field-level rules live in the model's own config classes; this module finds the field, checks
its JSON/TOML type, and puts the field path in front of the class's message.
"""

from __future__ import annotations

import dataclasses
import difflib
import inspect
import math
import re
from typing import Any, Callable, Mapping

from .. import durations, traffic
from .errors import ScenarioError
from .schema import DURATION_MODELS, TRAFFIC_KINDS


# --- Type checks -------------------------------------------------------------------------------

_TYPE_WORDS = {"int": "an integer", "float": "a number", "str": "a string", "bool": "true or false"}


def _type_ok(kind: str, value: Any) -> bool:
    # bool is a subclass of int in Python: without this, `true` would pass as the integer 1.
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "float":
        # inf and nan would only break the arithmetic later: no setting needs them.
        return isinstance(value, (int, float)) and not isinstance(value, bool) \
            and math.isfinite(value)
    if kind == "str":
        return isinstance(value, str)
    if kind == "bool":
        return isinstance(value, bool)
    return True


def check_type(annotation: Any, value: Any, path: str, source: str) -> None:
    """Reject a value whose JSON/TOML type cannot be what the field's annotation says."""
    # Config modules use postponed annotations, so a field's type is text such as "int | None".
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    options = [part.strip() for part in text.split("|")]
    if value is None:
        if "None" in options:
            return
        raise ScenarioError(source, path, f"expected {_describe(options)}, got null")
    simple = [o for o in options if o in _TYPE_WORDS]
    if not simple or len(simple) != len([o for o in options if o != "None"]):
        return  # a structured type: the owning class checks it
    if not any(_type_ok(o, value) for o in simple):
        if isinstance(value, float) and not math.isfinite(value):
            raise ScenarioError(source, path, f"expected a finite number, got {value!r}")
        raise ScenarioError(source, path, f"expected {_describe(options)}, got {value!r}")


def _describe(options: list[str]) -> str:
    words = [_TYPE_WORDS.get(o, o) for o in options if o != "None"]
    return " or ".join(words) + (" (or omitted)" if "None" in options else "")


# --- Building config objects -----------------------------------------------------------------

_CLASS_PREFIX = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\.([^:\s]+): (.*)$", re.S)


def rethrow(exc: Exception, path: str, source: str) -> ScenarioError:
    """Turn a config class's ``Class.field: expected ...`` message into ``path.field: ...``."""
    message = str(exc)
    match = _CLASS_PREFIX.match(message)
    if match:
        return ScenarioError(source, f"{path}.{match.group(2)}" if path else match.group(2),
                             match.group(3))
    return ScenarioError(source, path, message)


def table_of(value: Any, path: str, source: str) -> dict:
    """``value`` as a (copied) dict, or the error that a table was expected at ``path``."""
    if not isinstance(value, Mapping):
        raise ScenarioError(source, path, f"expected a table of fields, got {value!r}")
    return dict(value)


def unknown_field(key: str, allowed: list[str], path: str, source: str) -> ScenarioError:
    """The error for a key no one expects, with a did-you-mean hint for likely typos."""
    close = difflib.get_close_matches(key, allowed, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    # A key that is not a plain name (spaces, newlines...) is quoted so the message stays one line.
    if re.fullmatch(r"[A-Za-z0-9_-]+", key):
        where = f"{path}.{key}" if path else key
    else:
        where = f"{path}[{key!r}]" if path else f"[{key!r}]"
    return ScenarioError(source, where,
                         f"unknown field{hint}; expected one of: {', '.join(allowed)}")


def build_dataclass(cls: type, data: Any, path: str, source: str,
                     converters: Mapping[str, Callable[[Any, str], Any]] | None = None,
                     exclude: tuple[str, ...] = ()) -> Any:
    """Check a table's keys and types against ``cls``'s fields, then construct ``cls``."""
    table = table_of(data, path, source)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.name not in exclude}
    kwargs = {}
    for key, value in table.items():
        if key not in fields:
            raise unknown_field(key, list(fields), path, source)
        sub = f"{path}.{key}" if path else key
        if converters and key in converters:
            kwargs[key] = converters[key](value, sub)
            continue
        check_type(fields[key].type, value, sub, source)
        kwargs[key] = tuple(value) if isinstance(value, list) else value
    try:
        return cls(**kwargs)
    except ScenarioError:
        raise
    except Exception as exc:  # the class's own validation: one message, with our path
        raise rethrow(exc, path, source) from None


def duration_model(value: Any, path: str, source: str) -> durations.DurationModel:
    """``0.1`` (seconds, fixed) or ``{model = "lognormal", median_s = 0.1, sigma = 0.5}``."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = {"model": "fixed", "seconds": value}
    table = table_of(value, path, source)
    name = table.pop("model", None)
    if name not in DURATION_MODELS:
        raise ScenarioError(source, f"{path}.model",
                            f"expected one of {', '.join(DURATION_MODELS)}, got {name!r}")
    return build_dataclass(DURATION_MODELS[name], table, path, source)


def traffic_params(cls: type) -> dict[str, inspect.Parameter]:
    """Keyword parameters a traffic source accepts: its own, then the base class's."""
    params: dict[str, inspect.Parameter] = {}
    for klass in (cls, traffic.TrafficSource):
        for name, param in inspect.signature(klass.__init__).parameters.items():
            if name != "self" and param.kind not in (param.VAR_KEYWORD, param.VAR_POSITIONAL):
                params.setdefault(name, param)
    return params


def traffic_entry(entry: Any, path: str, source: str, functions: list[str]) -> tuple[str, dict]:
    """Check one ``[[traffic]]`` table; return its kind and the source class's keyword arguments.

    ``functions`` are the valid targets (function names and ``<function>:<alias>`` names).
    """
    table = table_of(entry, path, source)
    kind = table.pop("kind", None)
    if kind not in TRAFFIC_KINDS:
        raise ScenarioError(source, f"{path}.kind",
                            f"expected one of {', '.join(TRAFFIC_KINDS)}, got {kind!r}")
    cls = TRAFFIC_KINDS[kind]
    params = traffic_params(cls)
    if "function" not in table and len(functions) == 1:
        table["function"] = functions[0]
    for name, param in params.items():
        if param.default is inspect.Parameter.empty and name not in table:
            raise ScenarioError(source, f"{path}.{name}",
                                f"missing: a {kind} source needs {name!r}")
    for key, value in table.items():
        if key not in params:
            raise unknown_field(key, list(params), path, source)
        check_type(params[key].annotation, value, f"{path}.{key}", source)
    if table.get("function") not in functions:
        raise ScenarioError(source, f"{path}.function",
                            f"expected the name of a function in this scenario "
                            f"({', '.join(map(repr, functions))}), got {table.get('function')!r}")
    if kind == "step":
        steps = table.get("steps")
        if not isinstance(steps, list) or not all(
                isinstance(p, (list, tuple)) and len(p) == 2 for p in steps):
            raise ScenarioError(source, f"{path}.steps",
                                f"expected a list of [time_s, rate] pairs, got {steps!r}")
    try:
        cls(**table)  # validate now, so the error surfaces at load time with its path
    except Exception as exc:
        raise rethrow(exc, path, source) from None
    return kind, table


def traffic_extras(table: dict, path: str, source: str) -> dict[str, Any]:
    """Remove and check the scenario-only keys of a traffic table (``keys``, ``poison``)."""
    extras: dict[str, Any] = {}
    if "keys" in table:
        keys = table.pop("keys")
        if not (isinstance(keys, int) and not isinstance(keys, bool) and keys >= 1):
            raise ScenarioError(source, f"{path}.keys", f"expected an integer >= 1, got {keys!r}")
        extras["keys"] = keys
    if "poison" in table:
        poison = table.pop("poison")
        if not isinstance(poison, list):
            raise ScenarioError(source, f"{path}.poison",
                                f"expected a list of request numbers, got {poison!r}")
        for i, n in enumerate(poison):
            if not (isinstance(n, int) and not isinstance(n, bool) and n >= 1):
                raise ScenarioError(source, f"{path}.poison[{i}]",
                                    f"expected a request number >= 1, got {n!r}")
        extras["poison"] = tuple(poison)
    return extras


def scalar(d: Mapping[str, Any], key: str, kind: str, default: Any, source: str) -> Any:
    """A top-level value of type ``kind`` (``int``, ``float``, ``str``), or ``default``."""
    if key not in d:
        return default
    check_type(kind, d[key], key, source)
    return d[key]


def sequences(kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """Lists from TOML/JSON as the tuples the traffic classes expect for pairs."""
    out = dict(kwargs)
    if "steps" in out:
        out["steps"] = [tuple(p) for p in out["steps"]]
    return out


def plain(value: Any) -> Any:
    """Tuples to lists, recursively, so a scenario's data is what JSON/TOML would give back."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def json_default(value: Any) -> Any:
    """``json.dumps`` hook: scenario data holds only JSON types, so anything else is a bug."""
    raise TypeError(f"cannot write {value!r} to a scenario file")
