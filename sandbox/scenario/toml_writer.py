"""Writing scenario data as TOML (the standard library reads TOML but cannot write it)."""

from __future__ import annotations

import math
import re
from typing import Any, Mapping

from .errors import ScenarioError


# --- Writing TOML (the standard library reads it but cannot write it) ----------------------------


def to_toml(data: Mapping[str, Any]) -> str:
    """Write scenario data as TOML: scalars first, then tables, then arrays of tables."""
    lines: list[str] = []
    _tomltable_of(data, [], lines)
    return "\n".join(lines).strip() + "\n"


def _tomltable_of(table: Mapping[str, Any], prefix: list[str], lines: list[str],
                header: str | None = None) -> None:
    scalars = {k: v for k, v in table.items() if not _istable_of(v) and not _is_table_array(v)}
    tables = {k: v for k, v in table.items() if _istable_of(v)}
    arrays = {k: v for k, v in table.items() if _is_table_array(v)}
    if header is not None:
        lines.append("")
        lines.append(header)
    for key, value in scalars.items():
        if value is None:
            continue  # TOML has no null: an omitted key means the default
        lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
    for key, value in tables.items():
        path = prefix + [key]
        _tomltable_of(value, path, lines, "[" + ".".join(map(_toml_key, path)) + "]")
    for key, items in arrays.items():
        path = prefix + [key]
        for item in items:
            _tomltable_of(item, path, lines, "[[" + ".".join(map(_toml_key, path)) + "]]")


def _istable_of(value: Any) -> bool:
    return isinstance(value, Mapping)


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_string(key)


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n",
            "\f": "\\f", "\r": "\\r"}


def _toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped, the rest as is.

    (JSON's escapes are not enough: JSON writes characters beyond U+FFFF as surrogate pairs,
    which TOML rejects, and leaves U+007F unescaped, which TOML forbids.)
    """
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}"
                               for k, v in value.items() if v is not None) + "}"
    raise ScenarioError("<export>", "", f"cannot write {value!r} as TOML")
