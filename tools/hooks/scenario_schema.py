"""MkDocs hook: ``<!-- scenario-schema -->`` becomes the scenario file reference, from the code.

``<!-- scenario-presets -->`` becomes the table of shipped presets, and
``<!-- scenario-limits -->`` the caps on a run's size (``sandbox.limits``).

Fields, types and defaults are read from the classes that validate them (``sandbox.config``,
the extensions' config classes, the traffic sources' signatures); allowed values and meanings
come from ``sandbox.scenario.FIELD_DOCS``. The page therefore lists exactly what the loader
accepts, and a field added to the model shows up here with its default.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHORTCODE = re.compile(r"<!--\s*scenario-schema\s*-->")
PRESETS = re.compile(r"<!--\s*scenario-presets\s*-->")
LIMITS = re.compile(r"<!--\s*scenario-limits\s*-->")

_TYPES = {"int": "integer", "float": "number", "str": "string", "bool": "boolean",
          "DurationModel": "number or table", "InitModel": "table"}


def _sandbox():
    # mkdocs may run outside the venv's editable install: import the checkout's sandbox.
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from sandbox import scenario
    return scenario


def type_name(annotation: object) -> str:
    """A reader's name for a field's annotation (``int | None`` → ``integer, optional``)."""
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__",
                                                                  str(annotation))
    parts = [p.strip() for p in str(text).split("|")]
    optional = "None" in parts
    names = []
    for part in parts:
        if part == "None":
            continue
        if part.startswith(("Sequence[tuple", "list[tuple")):
            names.append("list of pairs")
        elif part.startswith(("Sequence[", "list[", "tuple[")):
            names.append("list")
        else:
            names.append(_TYPES.get(part, part))
    return " or ".join(names) + (", optional" if optional else "")


def default_text(value: object) -> str:
    """How a default reads in the table (``—`` for none, ``∞`` for infinity)."""
    if value is None or value is inspect.Parameter.empty:
        return "—"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and math.isinf(value):
        return "∞ (end of run)"
    if isinstance(value, (int, float)):
        return f"{value:,g}" if isinstance(value, float) else f"{value:,}"
    if isinstance(value, str):
        return f'`"{value}"`' if value else '`""`'
    if isinstance(value, (tuple, list)):
        return "`" + json.dumps(list(value)) + "`"
    if dataclasses.is_dataclass(value):
        name = type(value).__name__
        if name == "InitModel":
            return "computed from runtime, package and memory"
        fields = ", ".join(f"{f.name} = {getattr(value, f.name)!r}"
                           for f in dataclasses.fields(value))
        return f"{name}({fields})"
    return f"`{value!r}`"


def _default(field: dataclasses.Field) -> object:
    if field.default is not dataclasses.MISSING:
        return field.default
    if field.default_factory is not dataclasses.MISSING:  # type: ignore[misc]
        return field.default_factory()  # type: ignore[misc]
    return inspect.Parameter.empty


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|")


def _table(rows: list[tuple[str, str, str, str, str]]) -> str:
    lines = ["| Field | Type | Default | Allowed | Meaning |", "|---|---|---|---|---|"]
    lines += [f"| `{name}` | {_cell(kind)} | {_cell(default)} | {_cell(allowed)} | "
              f"{_cell(meaning)} |" for name, kind, default, allowed, meaning in rows]
    return "\n".join(lines)


def dataclass_rows(cls: type, docs: dict[str, tuple[str, str]]) -> list[tuple[str, ...]]:
    """One row per field of a config dataclass."""
    rows = []
    for field in dataclasses.fields(cls):
        allowed, meaning = docs.get(field.name, ("", ""))
        rows.append((field.name, type_name(field.type), default_text(_default(field)),
                     allowed, meaning))
    return rows


def render() -> str:
    """The whole schema reference as Markdown (headings from level 3 down)."""
    sc = _sandbox()
    docs = sc.FIELD_DOCS
    out = ["### Top level", "",
           _table([(key, kind, default_text(default) if default is not None else "required",
                    "", meaning) for key, (kind, default, meaning) in sc.TOP_LEVEL.items()]
                  + [("account", "table", "the defaults below", "", "See `[account]`."),
                     ("functions", "list of tables", "required", "at least one",
                      "See `[[functions]]`."),
                     ("traffic", "list of tables", "none", "", "See `[[traffic]]`."),
                     ("metrics", "table", "the defaults below", "", "See `[metrics]`."),
                     ("power_tuning", "table", "none", "",
                      "See `[power_tuning]`."),
                     ("aliases", "list of tables", "none", "", "See `[[aliases]]`.")])]
    headings = {"account": "`[account]`", "functions[]": "`[[functions]]`",
                "functions[].init": "`[functions.init]`", "metrics": "`[metrics]`",
                "power_tuning": "`[power_tuning]`", "aliases[]": "`[[aliases]]`",
                "aliases[].guard": "`[aliases.guard]`"}
    for section in sc.SCHEMA:
        out += ["", f"### {headings.get(section.path, section.path)}", "", section.meaning, "",
                _table(dataclass_rows(section.cls, docs.get(section.path, {})))]
    for key, (cls, meaning) in sc.FUNCTION_EXTENSIONS.items():
        rows = dataclass_rows(cls, docs.get(f"functions[].{key}", {}))
        rows += [(name, *row) for name, row in sc.EXTENSION_EXTRAS.get(key, {}).items()]
        out += ["", f"### `[functions.{key}]`", "", meaning, "", _table(rows)]
    out += ["", "### Duration models", "",
            "`duration` is a number of seconds (every invocation takes that long) or a table "
            "whose `model` is one of the names below, with that model's fields.", ""]
    for name, cls in sc.DURATION_MODELS.items():
        rows = dataclass_rows(cls, docs["duration"])
        out += [f"**`model = \"{name}\"`** — {inspect.getdoc(cls).splitlines()[0]}", "",
                _table(rows), ""]
    from sandbox.traffic import TrafficSource
    common = _params(TrafficSource)
    out += ["### `[[traffic]]`", "",
            "Each entry has a `kind` and that kind's fields, plus these common fields:", "",
            _table([(n, t, d, *docs["traffic[]"].get(n, ("", ""))) for n, t, d in common]
                   + [(name, *row) for name, row in sc.TRAFFIC_EXTRAS.items()]), ""]
    common_names = {n for n, _, _ in common}
    for kind, cls in sc.TRAFFIC_KINDS.items():
        own = [row for row in _params(cls) if row[0] not in common_names]
        out += [f"**`kind = \"{kind}\"`** — {inspect.getdoc(cls).splitlines()[0]}", "",
                _table([(n, t, d, *docs["traffic[]"].get(n, ("", ""))) for n, t, d in own]), ""]
    return "\n".join(out).rstrip() + "\n"


def _params(cls: type) -> list[tuple[str, str, str]]:
    rows = []
    for name, param in inspect.signature(cls.__init__).parameters.items():
        if name == "self" or param.kind in (param.VAR_KEYWORD, param.VAR_POSITIONAL):
            continue
        default = "required" if param.default is param.empty else default_text(param.default)
        rows.append((name, type_name(param.annotation), default))
    return rows


def render_presets() -> str:
    """A table of the shipped presets: name, title and description."""
    sc = _sandbox()
    lines = ["| Preset | Title | What it shows |", "|---|---|---|"]
    for name in sc.preset_names():
        preset = sc.load_preset(name)
        lines.append(f"| `{name}` | {_cell(preset.title)} | {_cell(preset.description)} |")
    return "\n".join(lines) + "\n"


def render_limits() -> str:
    """The caps a run must stay within, read from the code that enforces them."""
    _sandbox()
    from sandbox import durations, limits, metrics
    rows = [
        ("`duration_s` / `metrics.period_s`", f"{limits.MAX_PERIODS:,} metric periods",
         f"the series' length: 1-minute periods allow "
         f"{limits.MAX_PERIODS * 60 / 86_400:.0f} days"),
        ("`traffic[]` (summed)", f"{limits.MAX_EXPECTED_REQUESTS:,} expected requests",
         "rate x sending time for each source, counts for bursts, traces and scripts"),
        ("duration model parameters, `sqs.work_per_*`, `stream.work_per_*`",
         f"{durations.MAX_DURATION_S:,.0f} s", "far above the 900 s timeout"),
        ("`duration.sigma` (log-normal)", f"{durations.MAX_SIGMA:g}", "keeps draws finite"),
        ("a stream batch's retries at one instant",
         f"{limits.MAX_RETRIES_AT_ONE_INSTANT:,}",
         "a handler that fails in 0 s would be retried for ever without time passing"),
        ("activity after the horizon", f"{metrics.MAX_SERIES_PERIODS:,} periods in all",
         "a backstop: requests still draining that long means a setting far too large"),
    ]
    lines = ["| What | Maximum | Why |", "|---|---|---|"]
    lines += [f"| {what} | {cap} | {why} |" for what, cap, why in rows]
    return "\n".join(lines) + "\n"


def on_page_markdown(markdown, page, config, files, **kwargs):
    """Replace ``<!-- scenario-schema -->``, ``<!-- scenario-presets -->`` and
    ``<!-- scenario-limits -->``."""
    from mkdocs.exceptions import PluginError

    try:
        if SHORTCODE.search(markdown):
            # The field-by-field table is for scenario authors, who read it here: it stays out of
            # the search index, which every page downloads (the lesson-page budget, issue 12).
            markdown = SHORTCODE.sub(lambda _: "\n<div data-search-exclude markdown>\n\n" + render()
                                     + "\n\n</div>\n", markdown)
        if PRESETS.search(markdown):
            markdown = PRESETS.sub(lambda _: "\n" + render_presets() + "\n", markdown)
        if LIMITS.search(markdown):
            markdown = LIMITS.sub(lambda _: "\n" + render_limits() + "\n", markdown)
    except ValueError as exc:  # a broken preset: name it instead of a traceback
        raise PluginError(f"docs/{page.file.src_uri}: {exc}") from None
    return markdown
