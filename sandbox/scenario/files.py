"""Reading scenarios from text, files, dicts and the presets shipped with the sandbox."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Mapping

from .errors import ScenarioError
from .model import Scenario


# --- Reading ---------------------------------------------------------------------------------


def loads(text: str, format: str = "toml", source: str = "<text>") -> Scenario:
    """A scenario from TOML or JSON text; ``source`` names it in error messages."""
    if format == "toml":
        import tomllib
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ScenarioError(source, "", f"not valid TOML: {exc}") from None
    elif format == "json":
        try:
            data = json.loads(text, parse_constant=_json_constant)
        except json.JSONDecodeError as exc:
            raise ScenarioError(source, "", f"not valid JSON: {exc.msg} (line {exc.lineno}, "
                                f"column {exc.colno})") from None
        if not isinstance(data, dict):
            raise ScenarioError(source, "", f"expected a JSON object at the top, got {data!r}")
    else:
        raise ScenarioError(source, "", f"unknown format {format!r}: expected 'toml' or 'json'")
    return Scenario(data, source)


def _json_constant(name: str) -> float:
    return {"Infinity": math.inf, "-Infinity": -math.inf}.get(name, math.nan)


def load(scenario: str | Path | Mapping[str, Any] | Scenario) -> Scenario:
    """A scenario from a dict, a ``.toml``/``.json`` path or a preset name (``flash-sale``)."""
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, Mapping):
        return Scenario(scenario, "<dict>")
    path = Path(scenario)
    if path.suffix.lower() in (".toml", ".json") or path.exists():
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ScenarioError(str(path), "", f"cannot read the file: {exc.strerror}") from None
        fmt = "json" if path.suffix.lower() == ".json" else "toml"
        return loads(text, fmt, str(path))
    if str(scenario) in preset_names():
        return load_preset(str(scenario))
    raise ScenarioError(str(scenario), "", "no such file, and not a preset name; presets: "
                        + ", ".join(preset_names()))


def preset_names() -> list[str]:
    """Names of the presets shipped with the sandbox, sorted."""
    from importlib import resources
    folder = resources.files("sandbox") / "presets"
    try:
        return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))
    except (FileNotFoundError, NotADirectoryError):
        return []


def load_preset(name: str) -> Scenario:
    """A preset scenario by name (see :func:`preset_names`)."""
    from importlib import resources
    if name not in preset_names():
        raise ScenarioError(name, "", "unknown preset; presets: " + ", ".join(preset_names()))
    text = (resources.files("sandbox") / "presets" / f"{name}.toml").read_text(encoding="utf-8")
    return loads(text, "toml", f"preset {name}")
