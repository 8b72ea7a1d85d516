"""Scenario files: a declarative TOML or JSON description of a run, validated into a simulation.

A scenario names the account, the functions, the traffic and what to measure::

    title = "Flash sale"
    duration_s = 600

    [[functions]]
    name = "checkout"
    memory_mb = 512
    duration = { model = "lognormal", median_s = 0.12, sigma = 0.4 }

    [[traffic]]
    kind = "burst"
    function = "checkout"
    count = 2000
    at = 60

:func:`load` accepts a path (``.toml`` or ``.json``), a preset name, TOML/JSON text through
:func:`loads`, or a plain ``dict`` (the playground and the labs build scenarios in memory).
Whatever is wrong, the caller gets one :class:`ScenarioError` whose message names the file, the
field path (``functions[0].memory_mb``) and what was expected — never a traceback. Field-level
rules live in the model's own config classes (:mod:`sandbox.config` and the extensions); this
module finds the field, checks its type, and puts the path in front of their message.

:data:`SCHEMA` describes every section and is what ``docs/reference/scenarios.md`` is generated
from, so the page and the loader cannot disagree.
"""

from __future__ import annotations

from .errors import ScenarioError
from .files import load, load_preset, loads, preset_names
from .model import Scenario
from .schema import (DURATION_MODELS, EXTENSION_EXTRAS, FIELD_DOCS, FUNCTION_EXTENSIONS, SCHEMA,
                     SECTIONS, TOP_LEVEL, TRAFFIC_EXTRAS, TRAFFIC_KINDS, AliasOptions,
                     CanaryGuardOptions, MetricsOptions, PowerTuningOptions, Section)
from .toml_writer import to_toml
from .wiring import ScenarioResult

__all__ = ["ScenarioError", "Scenario", "ScenarioResult", "load", "loads", "load_preset",
           "preset_names", "SCHEMA", "FIELD_DOCS", "FUNCTION_EXTENSIONS", "EXTENSION_EXTRAS",
           "TRAFFIC_EXTRAS", "SECTIONS", "TOP_LEVEL",
           "DURATION_MODELS", "TRAFFIC_KINDS", "Section", "MetricsOptions", "PowerTuningOptions",
           "AliasOptions", "CanaryGuardOptions", "to_toml"]
