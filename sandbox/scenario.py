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

import dataclasses
import difflib
import inspect
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from . import durations, facts, traffic
from .config import AccountConfig, FunctionConfig, InitModel

__all__ = ["ScenarioError", "Scenario", "ScenarioResult", "load", "loads", "load_preset",
           "preset_names", "SCHEMA", "FIELD_DOCS", "DURATION_MODELS", "TRAFFIC_KINDS", "to_toml"]


class ScenarioError(ValueError):
    """A scenario that cannot be used: ``source`` (file or ``<dict>``), ``path`` and a message."""

    def __init__(self, source: str, path: str, message: str) -> None:
        self.source, self.path, self.detail = source, path, message
        where = f"{source}: {path}" if path else source
        super().__init__(f"{where}: {message}")


# --- What each section may contain ---------------------------------------------------------------

#: Duration models by the name a scenario uses in ``duration.model``.
DURATION_MODELS: dict[str, type] = {
    "fixed": durations.Fixed,
    "exponential": durations.Exponential,
    "uniform": durations.Uniform,
    "lognormal": durations.LogNormal,
    "cpu_bound": durations.CpuBound,
    "empirical": durations.Empirical,
}

#: Traffic sources by the name a scenario uses in ``traffic[].kind``.
TRAFFIC_KINDS: dict[str, type] = {
    "constant": traffic.Constant,
    "poisson": traffic.Poisson,
    "step": traffic.Step,
    "burst": traffic.Burst,
    "diurnal": traffic.Diurnal,
    "replay": traffic.Replay,
}

#: Top-level keys: (type, default, meaning). Sections (tables) are described in SCHEMA below.
TOP_LEVEL: dict[str, tuple[str, Any, str]] = {
    "title": ("string", "", "A short name shown by the CLI, the playground and preset lists."),
    "description": ("string", "", "One paragraph saying what the scenario teaches."),
    "seed": ("integer", 0, "Seed of the run's random numbers: the same seed gives the same run."),
    "duration_s": ("number > 0", None, "Simulated seconds to run (required)."),
}


@dataclass(frozen=True)
class Section:
    """One table of the schema: where it sits, which class validates it, what it is for."""

    path: str
    cls: type
    meaning: str


#: (allowed values, meaning) of every field, by section path; the reference page shows them.
#: The config classes enforce the ranges; tests check that every field here exists.
FIELD_DOCS: dict[str, dict[str, tuple[str, str]]] = {
    "account": {
        "concurrency_limit": (">= 1", "Concurrent executions for all functions in the Region."),
        "scaling_per_window": (">= 1", "Execution environments one function may add per "
                                       "scaling window."),
        "scaling_window_s": ("> 0", "Length of the scaling window; the allowance refills "
                                    "continuously and never accumulates beyond one window."),
        "unreserved_min": ("0 to concurrency_limit", "Concurrency that reserved concurrency "
                                                     "may never take from the shared pool."),
        "scaling_limit": ("true / false", "false turns the scaling-rate limit off (textbook "
                                          "queueing checks such as Erlang B)."),
    },
    "functions[]": {
        "name": ("non-empty, unique", "Function name; traffic refers to it."),
        "runtime": ("python3.13, nodejs22.x, java21, dotnet8, ruby3.4, provided.al2023...",
                    "Runtime identifier; its family sets the base init duration."),
        "architecture": ("x86_64 / arm64", "Instruction set; changes the price per GB-second."),
        "memory_mb": ("128 to 10,240", "Memory size; the CPU share grows with it (1 vCPU at "
                                       "1,769 MB, at most 6)."),
        "timeout_s": ("> 0, at most 900", "An invocation still running after this fails with "
                                          "a timeout."),
        "package_mb": ("0 to 10,240", "Deployment package size; bigger packages initialise "
                                      "more slowly."),
        "duration": ("a number or a table", "Handler duration on a warm environment: seconds, "
                                            "or a duration model (see below)."),
        "error_rate": ("0 to 1", "Probability that an invocation's handler raises an error."),
        "init": ("a table", "How long the Init phase of a cold start takes (see below)."),
        "reserved_concurrency": (">= 0; all functions together at most concurrency_limit "
                                 "- unreserved_min", "Cap and guarantee of concurrent "
                                 "executions. Omit it to share the unreserved pool."),
        "provisioned_concurrency": (">= 0, at most reserved_concurrency",
                                    "Environments initialised before the run and kept ready."),
        "idle_expiry_s": ("> 0", "An idle environment is shut down after this long (model "
                                 "assumption)."),
        "max_lifetime_s": ("> 0", "An environment is recycled after this long even when in "
                                  "use (model assumption)."),
        "snapstart": ("true / false", "Restore a snapshot instead of running Init; applies to "
                                      "published versions only."),
        "version": ("$LATEST or a number such as \"3\"", "Which version this configuration "
                                                           "describes."),
        "vpc": ("true / false", "Attached to a VPC: each cold start adds vpc_init_extra_s."),
        "vpc_init_extra_s": (">= 0", "Extra cold-start seconds for a VPC-attached function."),
        "ephemeral_storage_mb": ("512 to 10,240", "Size of /tmp; the part above 512 MB is "
                                                  "billed."),
    },
    "functions[].init": {
        "fixed_s": (">= 0", "Every init takes exactly this long. Omit it to compute the "
                            "duration from runtime, package size and memory."),
        "per_package_mb_s": (">= 0", "Extra init seconds per MB of deployment package."),
        "extra_s": (">= 0", "Seconds added to every init (for example slow global code)."),
    },
    "functions[].async": {
        "maximum_retry_attempts": ("0 to 2", "Retries after a function error."),
        "maximum_event_age": ("60 to 21,600", "Seconds an event may wait, counting retries, "
                                              "before it is discarded."),
        "on_success": ("a name", "Destination that receives successful events."),
        "on_failure": ("a name", "Destination that receives events that failed or expired."),
        "dead_letter_queue": ("a name", "Dead-letter queue for discarded events."),
        "dlq_error_rate": ("0 to 1", "Share of dead-letter writes that fail "
                                     "(DeadLetterErrors)."),
        "dispatch_delay": (">= 0", "Seconds between accepting an event and the first attempt "
                                   "(model assumption)."),
    },
    "functions[].sqs": {
        "batch_size": ("1 to 10,000 (above 10 needs batching_window >= 1)",
                       "Most messages per invocation."),
        "batching_window": ("0 to 300", "Seconds to wait for a fuller batch."),
        "maximum_concurrency": ("2 to 1,000", "Cap on concurrent batches for this event "
                                              "source (omit: no cap below 1,000)."),
        "report_batch_item_failures": ("true / false", "Only the messages a failed handler "
                                                       "reports are retried."),
        "visibility_timeout": ("0 to 43,200", "Seconds a received message stays hidden."),
        "max_receive_count": ("1 to 1,000", "Receives before a message goes to the "
                                            "dead-letter queue (omit: never)."),
        "work_per_batch": (">= 0", "Handler seconds per batch (omit both: the function's "
                                   "duration model)."),
        "work_per_message": (">= 0", "Handler seconds added per message in the batch."),
    },
    "metrics": {
        "period_s": ("> 0", "Width of one CloudWatch-style metric period in seconds."),
        "timelines": ("true / false", "Keep per-environment timelines (needed for the "
                                      "timeline chart; memory grows with invocations)."),
    },
    "aliases[]": {
        "function": ("a function's base name", "The versions are the functions named "
                                               "<function>:<version>."),
        "name": ("not a number, not $LATEST", "Alias name; traffic uses <function>:<name>."),
        "primary": ("a published version", "Version that gets the rest of the traffic."),
        "additional": ("a published version", "Second version (the canary); omit for none."),
        "weight": ("0 to 1", "Share of requests routed to the additional version."),
        "guard": ("a table", "Automatic rollback (see below)."),
    },
    "aliases[].guard": {
        "threshold": ("0 to 1", "Error rate of the additional version that triggers a "
                                "rollback."),
        "min_invocations": (">= 1", "Invocations the canary must serve before it is judged."),
        "interval": ("> 0", "Seconds between checks."),
    },
    "functions[].api_gateway": {
        "api_type": ("rest / http", "REST API or HTTP API (sets the timeout limits)."),
        "endpoint_type": ("regional / edge / private", "Endpoint type; an edge-optimized REST "
                                                       "API keeps the 29 s limit."),
        "account_rate": ("> 0", "Account-level steady requests per second."),
        "account_burst": (">= 1", "Account-level burst (token bucket size)."),
        "stage_limit": ("[rate, burst]", "Stage default throttle (omit: none)."),
        "route_limits": ("{\"GET /x\" = [rate, burst]}", "Per-route or method throttles."),
        "integration_timeout": (">= 0.05; at most 30 for HTTP APIs", "Seconds API Gateway "
                                "waits for the function (omit: 29 REST, 30 HTTP)."),
        "overhead_s": (">= 0", "Latency API Gateway adds itself (model assumption)."),
    },
    "power_tuning": {
        "function": ("a function's name", "Which function to tune (default: the first)."),
        "memory_sizes": ("integers from 128 to 10,240", "Memory sizes to measure."),
        "strategy": ("cost / speed / balanced", "What the chosen size optimises."),
        "balanced_weight": ("0 to 1", "balanced: 0 means only speed matters, 1 only cost."),
        "num": ("1 to 100,000", "Invocations measured at each memory size."),
    },
    "duration": {
        "seconds": (">= 0", "fixed: every invocation takes this long."),
        "mean_s": ("> 0", "exponential: mean duration."),
        "low_s": (">= 0", "uniform: shortest duration."),
        "high_s": (">= low_s", "uniform: longest duration."),
        "median_s": ("> 0", "lognormal: median duration."),
        "sigma": (">= 0", "lognormal: shape; larger means a longer tail."),
        "cpu_s": (">= 0", "cpu_bound: CPU seconds at 1 vCPU (1,769 MB)."),
        "io_s": (">= 0", "cpu_bound: waiting time that more memory does not shorten."),
        "threads": (">= 1", "cpu_bound: vCPUs the handler can use at once."),
        "samples": ("a non-empty list of numbers >= 0", "empirical: observed durations, "
                                                        "drawn uniformly."),
    },
    "traffic[]": {
        "function": ("a function's name", "Where requests go (optional with one function)."),
        "start": (">= 0", "First moment the source may send."),
        "end": ("> start", "Last moment (default: the end of the run)."),
        "work": (">= 0", "Fix every request's handler seconds (omit: the function's duration "
                         "model)."),
        "source": ("sync / async / sqs / api_gateway", "How requests reach the function: "
                   "directly, through the asynchronous queue, an SQS queue or API Gateway."),
        "rate": (">= 0", "constant, poisson: requests per second."),
        "steps": ("[[time_s, rate], ...], times increasing", "step: the rate from each time "
                                                             "on."),
        "poisson": ("true / false", "step: random (true) or evenly spaced arrivals."),
        "count": (">= 0", "burst: requests arriving at the same instant."),
        "at": (">= 0", "burst: when they arrive."),
        "mean_rate": (">= 0", "diurnal: average requests per second over a day."),
        "amplitude": ("0 to 1", "diurnal: swing around the mean (0.8 = 20 % to 180 %)."),
        "period_s": ("> 0", "diurnal: length of one cycle (default one day)."),
        "peak_at": ("any", "diurnal: seconds into each cycle when the rate peaks."),
        "counts": ("a list of integers >= 0", "replay: requests in each interval."),
        "interval_s": ("> 0", "replay: interval length (default one minute)."),
        "jitter": ("true / false", "replay: random times within each interval (true) or "
                                   "evenly spaced."),
    },
}


@dataclass(frozen=True)
class MetricsOptions:
    """What the run records beyond the always-on totals."""

    period_s: float = 60.0
    timelines: bool = False

    def __post_init__(self) -> None:
        if not (isinstance(self.period_s, (int, float)) and not isinstance(self.period_s, bool)
                and 0 < self.period_s < math.inf):
            raise ValueError(f"MetricsOptions.period_s: expected a number of seconds > 0, "
                             f"got {self.period_s!r}")


@dataclass(frozen=True)
class PowerTuningOptions:
    """A power-tuning sweep of one function, the way AWS Lambda Power Tuning runs it."""

    function: str | None = None
    memory_sizes: tuple[int, ...] = (128, 256, 512, 1024, 1536, 1769, 2048, 3008, 4096,
                                     6144, 10240)
    strategy: str = "cost"
    balanced_weight: float = 0.5
    num: int = 50

    def __post_init__(self) -> None:
        lo, hi = facts.MEMORY_MIN_MB, facts.MEMORY_MAX_MB
        if not self.memory_sizes:
            raise ValueError("PowerTuningOptions.memory_sizes: expected at least one size, "
                             "got none")
        for i, m in enumerate(self.memory_sizes):
            if not (isinstance(m, int) and not isinstance(m, bool) and lo <= m <= hi):
                raise ValueError(f"PowerTuningOptions.memory_sizes[{i}]: expected an integer "
                                 f"from {lo} to {hi}, got {m!r}")
        if self.strategy not in ("cost", "speed", "balanced"):
            raise ValueError(f"PowerTuningOptions.strategy: expected 'cost', 'speed' or "
                             f"'balanced', got {self.strategy!r}")
        if not (isinstance(self.balanced_weight, (int, float))
                and 0 <= self.balanced_weight <= 1):
            raise ValueError(f"PowerTuningOptions.balanced_weight: expected a number from 0 to "
                             f"1, got {self.balanced_weight!r}")
        if not (isinstance(self.num, int) and not isinstance(self.num, bool)
                and 1 <= self.num <= 100_000):
            raise ValueError(f"PowerTuningOptions.num: expected an integer from 1 to 100000, "
                             f"got {self.num!r}")


@dataclass(frozen=True)
class CanaryGuardOptions:
    """Roll a weighted alias back when the new version's error rate crosses ``threshold``."""

    threshold: float = 0.05
    min_invocations: int = 50
    interval: float = 60.0

    def __post_init__(self) -> None:
        if not (isinstance(self.threshold, (int, float)) and 0 <= self.threshold <= 1):
            raise ValueError(f"CanaryGuardOptions.threshold: expected a fraction from 0 to 1, "
                             f"got {self.threshold!r}")
        if not (isinstance(self.min_invocations, int) and self.min_invocations >= 1):
            raise ValueError(f"CanaryGuardOptions.min_invocations: expected an integer >= 1, "
                             f"got {self.min_invocations!r}")
        if not (isinstance(self.interval, (int, float)) and self.interval > 0):
            raise ValueError(f"CanaryGuardOptions.interval: expected seconds > 0, "
                             f"got {self.interval!r}")


@dataclass(frozen=True)
class AliasOptions:
    """A weighted alias of ``function``: versions are the functions ``<function>:<version>``."""

    function: str = ""
    name: str = "live"
    primary: str = "1"
    additional: str | None = None
    weight: float = 0.0
    guard: CanaryGuardOptions | None = None

    def __post_init__(self) -> None:
        if not (isinstance(self.function, str) and self.function):
            raise ValueError(f"AliasOptions.function: expected the base name of a function "
                             f"(versions are named '<function>:<version>'), "
                             f"got {self.function!r}")


SCHEMA: list[Section] = [
    Section("account", AccountConfig, "The account's concurrency limit and scaling rate."),
    Section("functions[]", FunctionConfig, "One entry per function (at least one)."),
    Section("functions[].init", InitModel, "How long a cold start's Init phase takes."),
    Section("metrics", MetricsOptions, "What the run records."),
    Section("power_tuning", PowerTuningOptions,
            "Optional: also sweep one function's memory sizes and pick one."),
    Section("aliases[]", AliasOptions,
            "Optional: weighted aliases (canary releases). Versions are functions named "
            "`<function>:<version>` with a matching `version`; traffic targets the alias as "
            "`<function>:<alias name>`."),
    Section("aliases[].guard", CanaryGuardOptions,
            "Optional: roll the alias back to the primary version when the additional "
            "version's error rate crosses a threshold."),
]

#: Top-level tables and lists besides the scalars of TOP_LEVEL.
SECTIONS = ("account", "functions", "traffic", "metrics", "power_tuning", "aliases")

#: Extension sections attached to a function, added by the extensions as they land:
#: key under ``functions[]`` -> (config class, meaning).
FUNCTION_EXTENSIONS: dict[str, tuple[type, str]] = {}


def _register_extensions() -> None:
    # Extensions are optional modules: a section appears in the schema once its module exists.
    try:
        from .async_invoke import AsyncConfig
        FUNCTION_EXTENSIONS["async"] = (
            AsyncConfig, "Asynchronous invocation: retries, maximum event age, destinations, DLQ.")
    except ImportError:
        pass
    try:
        from .sqs import SqsConfig
        FUNCTION_EXTENSIONS["sqs"] = (
            SqsConfig, "An SQS queue and event source mapping feeding the function.")
    except ImportError:
        pass
    try:
        from .apigw import ApiGatewayConfig
        FUNCTION_EXTENSIONS["api_gateway"] = (
            ApiGatewayConfig, "An API Gateway stage in front of the function: throttling and "
                              "the integration timeout. Traffic reaches it with "
                              "source = \"api_gateway\".")
    except ImportError:
        pass


_register_extensions()


# --- Type checks -------------------------------------------------------------------------------

_TYPE_WORDS = {"int": "an integer", "float": "a number", "str": "a string", "bool": "true or false"}


def _type_ok(kind: str, value: Any) -> bool:
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "float":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "str":
        return isinstance(value, str)
    if kind == "bool":
        return isinstance(value, bool)
    return True


def _check_type(annotation: Any, value: Any, path: str, source: str) -> None:
    """Reject a value whose JSON/TOML type cannot be what the field's annotation says."""
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
        raise ScenarioError(source, path, f"expected {_describe(options)}, got {value!r}")


def _describe(options: list[str]) -> str:
    words = [_TYPE_WORDS.get(o, o) for o in options if o != "None"]
    return " or ".join(words) + (" (or omitted)" if "None" in options else "")


# --- Building config objects -----------------------------------------------------------------

_CLASS_PREFIX = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\.([^:\s]+): (.*)$", re.S)


def _rethrow(exc: Exception, path: str, source: str) -> ScenarioError:
    """Turn a config class's ``Class.field: expected ...`` message into ``path.field: ...``."""
    message = str(exc)
    match = _CLASS_PREFIX.match(message)
    if match:
        return ScenarioError(source, f"{path}.{match.group(2)}" if path else match.group(2),
                             match.group(3))
    return ScenarioError(source, path, message)


def _table(value: Any, path: str, source: str) -> dict:
    if not isinstance(value, Mapping):
        raise ScenarioError(source, path, f"expected a table of fields, got {value!r}")
    return dict(value)


def _unknown(key: str, allowed: list[str], path: str, source: str) -> ScenarioError:
    close = difflib.get_close_matches(key, allowed, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return ScenarioError(source, f"{path}.{key}" if path else key,
                         f"unknown field{hint}; expected one of: {', '.join(allowed)}")


def _build_dataclass(cls: type, data: Any, path: str, source: str,
                     converters: Mapping[str, Callable[[Any, str], Any]] | None = None,
                     exclude: tuple[str, ...] = ()) -> Any:
    """Check a table's keys and types against ``cls``'s fields, then construct ``cls``."""
    table = _table(data, path, source)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.name not in exclude}
    kwargs = {}
    for key, value in table.items():
        if key not in fields:
            raise _unknown(key, list(fields), path, source)
        sub = f"{path}.{key}" if path else key
        if converters and key in converters:
            kwargs[key] = converters[key](value, sub)
            continue
        _check_type(fields[key].type, value, sub, source)
        kwargs[key] = tuple(value) if isinstance(value, list) else value
    try:
        return cls(**kwargs)
    except ScenarioError:
        raise
    except Exception as exc:  # the class's own validation: one message, with our path
        raise _rethrow(exc, path, source) from None


def _duration_model(value: Any, path: str, source: str) -> durations.DurationModel:
    """``0.1`` (seconds, fixed) or ``{model = "lognormal", median_s = 0.1, sigma = 0.5}``."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = {"model": "fixed", "seconds": value}
    table = _table(value, path, source)
    name = table.pop("model", None)
    if name not in DURATION_MODELS:
        raise ScenarioError(source, f"{path}.model",
                            f"expected one of {', '.join(DURATION_MODELS)}, got {name!r}")
    return _build_dataclass(DURATION_MODELS[name], table, path, source)


def _traffic_params(cls: type) -> dict[str, inspect.Parameter]:
    """Keyword parameters a traffic source accepts: its own, then the base class's."""
    params: dict[str, inspect.Parameter] = {}
    for klass in (cls, traffic.TrafficSource):
        for name, param in inspect.signature(klass.__init__).parameters.items():
            if name != "self" and param.kind not in (param.VAR_KEYWORD, param.VAR_POSITIONAL):
                params.setdefault(name, param)
    return params


def _traffic(entry: Any, path: str, source: str, functions: list[str]) -> tuple[str, dict]:
    table = _table(entry, path, source)
    kind = table.pop("kind", None)
    if kind not in TRAFFIC_KINDS:
        raise ScenarioError(source, f"{path}.kind",
                            f"expected one of {', '.join(TRAFFIC_KINDS)}, got {kind!r}")
    cls = TRAFFIC_KINDS[kind]
    params = _traffic_params(cls)
    if "function" not in table and len(functions) == 1:
        table["function"] = functions[0]
    for name, param in params.items():
        if param.default is inspect.Parameter.empty and name not in table:
            raise ScenarioError(source, f"{path}.{name}",
                                f"missing: a {kind} source needs {name!r}")
    for key, value in table.items():
        if key not in params:
            raise _unknown(key, list(params), path, source)
        _check_type(params[key].annotation, value, f"{path}.{key}", source)
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
        raise _rethrow(exc, path, source) from None
    return kind, table


# --- The scenario --------------------------------------------------------------------------------


class Scenario:
    """A validated scenario: configs ready for a simulation, and the data it came from.

    ``data`` is the scenario as plain data (what :meth:`to_toml` / :meth:`to_json` write);
    ``account``, ``functions``, ``extensions`` (per function name), ``traffic`` (kind and
    keyword arguments) and ``metrics`` are the validated objects.
    """

    def __init__(self, data: Mapping[str, Any], source: str = "<dict>") -> None:
        self.source = source
        self.data = _plain(dict(data))
        d = dict(self.data)
        for key in d:
            if key not in TOP_LEVEL and key not in SECTIONS:
                raise _unknown(key, [*TOP_LEVEL, *SECTIONS],
                               "", source)
        self.title = _scalar(d, "title", "str", "", source)
        self.description = _scalar(d, "description", "str", "", source)
        self.seed = _scalar(d, "seed", "int", 0, source)
        if "duration_s" not in d:
            raise ScenarioError(source, "duration_s", "missing: how many simulated seconds to run")
        self.duration_s = _scalar(d, "duration_s", "float", None, source)
        if not 0 < self.duration_s < math.inf:
            raise ScenarioError(source, "duration_s",
                                f"expected a number of seconds > 0, got {self.duration_s!r}")
        self.account = _build_dataclass(AccountConfig, d.get("account", {}), "account", source)
        self.metrics = _build_dataclass(MetricsOptions, d.get("metrics", {}), "metrics", source)
        raw_functions = d.get("functions")
        if not isinstance(raw_functions, list) or not raw_functions:
            raise ScenarioError(source, "functions",
                                f"expected a list of at least one function table "
                                f"([[functions]] in TOML), got {raw_functions!r}")
        self.functions: list[FunctionConfig] = []
        self.extensions: dict[str, dict[str, Any]] = {}
        for i, raw in enumerate(raw_functions):
            self.functions.append(self._function(raw, f"functions[{i}]"))
        names = [f.name for f in self.functions]
        for i, name in enumerate(names):
            if names.index(name) != i:
                raise ScenarioError(source, f"functions[{i}].name",
                                    f"expected a unique name, got {name!r} a second time")
        self._check_reserved()
        self.aliases = self._aliases(d.get("aliases", []), names)
        targets = names + [f"{a.function}:{a.name}" for a in self.aliases]
        raw_traffic = d.get("traffic", [])
        if not isinstance(raw_traffic, list):
            raise ScenarioError(source, "traffic", f"expected a list of traffic tables "
                                f"([[traffic]] in TOML), got {raw_traffic!r}")
        self.traffic = [_traffic(t, f"traffic[{i}]", source, targets)
                        for i, t in enumerate(raw_traffic)]
        self.power_tuning: PowerTuningOptions | None = None
        if "power_tuning" in d:
            self.power_tuning = _build_dataclass(PowerTuningOptions, d["power_tuning"],
                                                 "power_tuning", source)
            if self.power_tuning.function is None:
                self.power_tuning = dataclasses.replace(self.power_tuning, function=names[0])
            elif self.power_tuning.function not in names:
                raise ScenarioError(source, "power_tuning.function",
                                    f"expected the name of a function in this scenario "
                                    f"({', '.join(map(repr, names))}), "
                                    f"got {self.power_tuning.function!r}")

    def _function(self, raw: Any, path: str) -> FunctionConfig:
        table = _table(raw, path, self.source)
        ext_data = {key: table.pop(key) for key in list(table) if key in FUNCTION_EXTENSIONS}
        converters = {
            "duration": lambda v, p: _duration_model(v, p, self.source),
            "init": lambda v, p: _build_dataclass(InitModel, v, p, self.source),
        }
        fields = [f.name for f in dataclasses.fields(FunctionConfig)]
        for key in table:
            if key not in fields:
                raise _unknown(key, fields + list(FUNCTION_EXTENSIONS), path, self.source)
        config = _build_dataclass(FunctionConfig, table, path, self.source, converters)
        ext = {key: _build_dataclass(FUNCTION_EXTENSIONS[key][0], value, f"{path}.{key}",
                                     self.source) for key, value in ext_data.items()}
        self.extensions[config.name] = ext
        return config

    def _aliases(self, raw: Any, names: list[str]) -> list["AliasOptions"]:
        """``[[aliases]]``: each names a base function whose versions are ``<function>:<n>``."""
        if not isinstance(raw, list):
            raise ScenarioError(self.source, "aliases", f"expected a list of alias tables "
                                f"([[aliases]] in TOML), got {raw!r}")
        aliases = []
        for i, entry in enumerate(raw):
            path = f"aliases[{i}]"
            table = _table(entry, path, self.source)
            guard = table.pop("guard", None)
            options = _build_dataclass(AliasOptions, table, path, self.source)
            from .aliases import AliasConfig
            _build_dataclass(AliasConfig, {k: v for k, v in table.items() if k != "function"},
                             path, self.source)
            for key in ("primary", "additional"):
                label = getattr(options, key)
                if label is None:
                    continue
                qualified = f"{options.function}:{label}"
                fn = next((f for f in self.functions if f.name == qualified), None)
                if fn is None:
                    raise ScenarioError(self.source, f"{path}.{key}",
                                        f"expected a function named {qualified!r} for version "
                                        f"{label} (functions: {', '.join(names)})")
                if fn.version != label:
                    raise ScenarioError(self.source, f"functions[{names.index(qualified)}]"
                                        ".version", f"expected {label!r} (the version in its "
                                        f"name {qualified!r}), got {fn.version!r}")
            if guard is not None:
                options = dataclasses.replace(options, guard=_build_dataclass(
                    CanaryGuardOptions, guard, f"{path}.guard", self.source))
            aliases.append(options)
        return aliases

    def _check_reserved(self) -> None:
        """Reserved concurrency must leave the unreserved minimum in the account's pool."""
        total = 0
        for i, f in enumerate(self.functions):
            total += f.reserved_concurrency or 0
            room = self.account.concurrency_limit - self.account.unreserved_min
            if total > room:
                raise ScenarioError(self.source, f"functions[{i}].reserved_concurrency",
                                    f"expected reserved concurrency of all functions to total at "
                                    f"most {room} (account.concurrency_limit "
                                    f"{self.account.concurrency_limit} minus unreserved_min "
                                    f"{self.account.unreserved_min}), got a total of {total}")

    def build(self, seed: int | None = None) -> Any:
        """A ready-to-run :class:`~sandbox.simulation.Simulation` (``seed`` overrides the file's).

        Traffic whose ``source`` is ``"async"``, ``"sqs"`` or ``"api_gateway"`` goes through
        that function's asynchronous queue, SQS queue or API stage (its ``async`` / ``sqs`` /
        ``api_gateway`` table, defaults if absent). Aliases become targets named
        ``<function>:<alias>``.
        """
        from .simulation import Simulation
        sim = Simulation(account=self.account, functions=self.functions,
                         seed=self.seed if seed is None else seed, horizon=self.duration_s,
                         period_s=self.metrics.period_s, timelines=self.metrics.timelines)
        sim.scenario_aliases = {}
        for options in self.aliases:
            sim.scenario_aliases[f"{options.function}:{options.name}"] = _wire_alias(sim, options)
        feeds: dict[tuple[str, str], _Feed] = {}
        for source in self.traffic_sources():
            via = source.source
            if via in _WIRING:
                key = (source.function, via)
                if key not in feeds:
                    config = self.extensions.get(source.function, {}).get(via)
                    feeds[key] = _WIRING[via](sim, source.function, config)
                    sim.register_target(f"{source.function}:{via}", feeds[key])
                source.function = f"{source.function}:{via}"
            sim.add_source(source)
        sim.scenario_feeds = feeds
        return sim

    def run(self, seed: int | None = None) -> "ScenarioResult":
        """Build and run the simulation; ``seed`` overrides the scenario's seed."""
        sim = self.build(seed)
        result = ScenarioResult(self, sim.run(), sim.scenario_feeds,
                                self.power_tune(seed) if self.power_tuning else None)
        for target, (alias, guard) in sim.scenario_aliases.items():
            result.aliases[target] = {
                "weight": alias.weight, "primary": alias.primary,
                "additional": alias.additional,
                "rolled_back_at": guard.rolled_back_at if guard else None,
                "versions": {label: st.as_dict() for label, st in alias.stats.items()}}
        return result

    def power_tune(self, seed: int | None = None, function: str | None = None) -> Any:
        """Run the ``power_tuning`` sweep (defaults if the scenario has none).

        ``function`` overrides the function to tune; the result is a
        :class:`~sandbox.power_tuning.PowerTuningResult`.
        """
        from .power_tuning import power_tune
        options = self.power_tuning or PowerTuningOptions(function=self.functions[0].name)
        name = function or options.function
        config = next(f for f in self.functions if f.name == name)
        return power_tune(config, options.memory_sizes, options.strategy,
                          options.balanced_weight, options.num,
                          self.seed if seed is None else seed)

    def traffic_sources(self) -> list[traffic.TrafficSource]:
        """Fresh traffic source objects (sources keep state, so each run needs its own)."""
        return [TRAFFIC_KINDS[kind](**_sequences(kwargs)) for kind, kwargs in self.traffic]

    def to_dict(self) -> dict[str, Any]:
        """The scenario as plain data (a deep copy)."""
        return json.loads(json.dumps(self.data, default=_json_default))

    def to_json(self) -> str:
        """The scenario as JSON text."""
        return json.dumps(self.data, indent=2, default=_json_default) + "\n"

    def to_toml(self) -> str:
        """The scenario as TOML text (loads back to the same scenario)."""
        return to_toml(self.data)

    def __repr__(self) -> str:
        return (f"Scenario({self.title or self.source!r}, functions="
                f"{[f.name for f in self.functions]}, duration_s={self.duration_s:g})")


class _Feed:
    """A target that hands each arriving request to an extension (async queue, SQS queue)."""

    def __init__(self, extension: Any, submit: Callable[[Any, Any], Any]) -> None:
        self.extension = extension
        self._submit = submit

    def invoke(self, invocation: Any, on_done: Any) -> None:
        """Hand the request to the extension (which decides whether the caller hears back)."""
        self._submit(invocation, on_done)

    def stats(self) -> dict[str, Any]:
        """The extension's counters."""
        return dict(self.extension.stats.as_dict())


def _wire_async(sim: Any, name: str, config: Any) -> _Feed:
    from .async_invoke import AsyncInvoker
    target = sim.targets[name]
    invoker = AsyncInvoker(sim.engine, target, config, _metrics_of(sim, name))
    return _Feed(invoker, lambda inv, done: invoker.submit(work=inv.work))


def _wire_sqs(sim: Any, name: str, config: Any) -> _Feed:
    from .sqs import SqsEventSource
    esm = SqsEventSource(sim.engine, sim.targets[name], config, _metrics_of(sim, name))
    return _Feed(esm, lambda inv, done: esm.send())


def _wire_api_gateway(sim: Any, name: str, config: Any) -> _Feed:
    from .apigw import ApiGateway
    gateway = ApiGateway(sim.engine, sim.targets[name], config, _metrics_of(sim, name))
    return _Feed(gateway, gateway.invoke)


def _wire_alias(sim: Any, options: "AliasOptions") -> tuple[Any, Any]:
    """Create the alias over its version functions, register it as ``<function>:<name>``."""
    from .aliases import Alias, AliasConfig, CanaryGuard
    labels = [label for label in (options.primary, options.additional) if label is not None]
    versions = {label: sim.functions[f"{options.function}:{label}"] for label in labels}
    alias = Alias(sim.engine, versions, AliasConfig(options.name, options.primary,
                                                     options.additional, options.weight))
    sim.register_target(f"{options.function}:{options.name}", alias)
    guard = None
    if options.guard is not None:
        g = options.guard
        guard = CanaryGuard(sim.engine, alias, g.threshold, g.min_invocations, g.interval)
        sim.add_component(_GuardStarter(guard, sim.horizon))
    return alias, guard


class _GuardStarter:
    """Starts a canary guard when the simulation runs (components attach at run time)."""

    def __init__(self, guard: Any, until: float) -> None:
        self.guard, self.until = guard, until

    def attach(self, simulation: Any) -> None:
        """Begin the guard's periodic checks."""
        self.guard.start(self.until)


def _metrics_of(sim: Any, name: str) -> Any:
    """The metrics an extension reports into: the function's (an alias has none of its own)."""
    fn = sim.functions.get(name)
    return fn.metrics if fn is not None else None


#: How traffic labelled with ``source = "<key>"`` reaches its function.
_WIRING: dict[str, Callable[[Any, str, Any], _Feed]] = {
    "async": _wire_async, "sqs": _wire_sqs, "api_gateway": _wire_api_gateway}


class ScenarioResult:
    """A finished scenario run: the simulation's result plus each extension's counters."""

    def __init__(self, scenario: Scenario, result: Any, feeds: Mapping[tuple[str, str], _Feed],
                 power_tuning: Any = None):
        self.scenario = scenario
        self.result = result
        self.power_tuning = power_tuning
        #: Per alias target (``api:live``): final weight, rollback time, per-version counters.
        self.aliases: dict[str, dict[str, Any]] = {}
        self.extensions: dict[str, dict[str, Any]] = {}
        for (name, via), feed in feeds.items():
            self.extensions.setdefault(name, {})[via] = feed.stats()

    @property
    def metrics(self) -> dict[str, Any]:
        """Per-function :class:`~sandbox.metrics.FunctionMetrics`."""
        return self.result.metrics

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the scenario's title and seed, the run's metrics and extension counters."""
        out = {"scenario": self.scenario.title or self.scenario.source, **self.result.to_dict()}
        if self.extensions:
            out["extensions"] = self.extensions
        if self.power_tuning is not None:
            out["power_tuning"] = self.power_tuning.to_dict()
        if self.aliases:
            out["aliases"] = self.aliases
        return out

    def summary_rows(self) -> list[dict[str, Any]]:
        """One row per function with the numbers a summary table shows."""
        rows = []
        for name, m in self.result.metrics.items():
            latency = m.latency.summary()
            rows.append({
                "function": name, "requests": m.requests, "invocations": m.invocations,
                "errors": m.errors, "throttles": m.throttles, "cold_starts": m.cold_starts,
                "peak_concurrency": m.peak_concurrency,
                "p50_ms": None if latency["p50"] is None else latency["p50"] * 1000,
                "p99_ms": None if latency["p99"] is None else latency["p99"] * 1000,
                "cost_usd": self.result.cost[name].total,
            })
        return rows


def _scalar(d: Mapping[str, Any], key: str, kind: str, default: Any, source: str) -> Any:
    if key not in d:
        return default
    _check_type(kind, d[key], key, source)
    return d[key]


def _sequences(kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """Lists from TOML/JSON as the tuples the traffic classes expect for pairs."""
    out = dict(kwargs)
    if "steps" in out:
        out["steps"] = [tuple(p) for p in out["steps"]]
    return out


def _plain(value: Any) -> Any:
    """Tuples to lists, recursively, so a scenario's data is what JSON/TOML would give back."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _json_default(value: Any) -> Any:
    raise TypeError(f"cannot write {value!r} to a scenario file")


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


# --- Writing TOML (the standard library reads it but cannot write it) ----------------------------


def to_toml(data: Mapping[str, Any]) -> str:
    """Write scenario data as TOML: scalars first, then tables, then arrays of tables."""
    lines: list[str] = []
    _toml_table(data, [], lines)
    return "\n".join(lines).strip() + "\n"


def _toml_table(table: Mapping[str, Any], prefix: list[str], lines: list[str],
                header: str | None = None) -> None:
    scalars = {k: v for k, v in table.items() if not _is_table(v) and not _is_table_array(v)}
    tables = {k: v for k, v in table.items() if _is_table(v)}
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
        _toml_table(value, path, lines, "[" + ".".join(map(_toml_key, path)) + "]")
    for key, items in arrays.items():
        path = prefix + [key]
        for item in items:
            _toml_table(item, path, lines, "[[" + ".".join(map(_toml_key, path)) + "]]")


def _is_table(value: Any) -> bool:
    return isinstance(value, Mapping)


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key)


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
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}"
                               for k, v in value.items() if v is not None) + "}"
    raise ScenarioError("<export>", "", f"cannot write {value!r} as TOML")
