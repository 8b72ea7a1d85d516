"""Connecting a scenario's extensions to a simulation, and the result of a scenario run.

Traffic labelled ``source = "async"``, ``"sqs"``, ``"stream"``, ``"api_gateway"`` or ``"edge"``
reaches its function through that extension; a ``vpc_config`` attaches the function to a VPC
for all its traffic; aliases become targets named ``<function>:<alias>``.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping


#: A poison request fails on every attempt (the async and stream extensions use this count).
ALWAYS_FAILS = 1 << 30


class Feed:
    """A target that hands each arriving request to an extension (a queue, a stream, an API).

    ``invoke(invocation, on_done, key="k", failures=0)`` is the ``submit`` it was built with:
    ``key`` is the partition key (streams) and ``failures`` how many attempts on this request
    fail (poison requests: every one). The extension decides whether the caller hears back.
    """

    def __init__(self, extension: Any, submit: Callable[..., Any]) -> None:
        self.extension = extension
        # ``submit`` takes invoke's arguments with the same defaults: it becomes this feed's
        # ``invoke`` (one call less per request than a method passing them on).
        self.invoke = submit

    def stats(self) -> dict[str, Any]:
        """The extension's counters."""
        return dict(self.extension.stats.as_dict())


#: Up to this many partition keys, a shaper makes their names once.
_KEY_NAMES_MAX = 4096


class TrafficShaper:
    """Per traffic source: partition keys in rotation and poison requests by number.

    ``keys`` distinct partition keys ``k0, k1, ...`` are used in turn; the requests whose
    1-based numbers are in ``poison`` fail on every attempt.
    """

    def __init__(self, target: Any, keys: int = 1, poison: tuple[int, ...] = ()) -> None:
        self.target = target
        self.keys = keys
        self.poison = frozenset(poison)
        self.count = 0
        # Key names made once rather than per request (unless there are very many).
        self._key_names = [f"k{i}" for i in range(keys)] if keys <= _KEY_NAMES_MAX else None
        self._feed = target.invoke if isinstance(target, Feed) else None

    def invoke(self, invocation: Any, on_done: Any) -> None:
        """Label the request, then pass it on."""
        self.count += 1
        names = self._key_names
        index = (self.count - 1) % self.keys
        key = names[index] if names is not None else f"k{index}"
        poisoned = self.count in self.poison
        if self._feed is not None:
            self._feed(invocation, on_done, key, ALWAYS_FAILS if poisoned else 0)
            return
        invocation.fail = invocation.fail or poisoned
        self.target.invoke(invocation, on_done)


def _wire_async(sim: Any, name: str, config: Any, scenario_extras: Mapping) -> Feed:
    from ..async_invoke import AsyncInvoker
    invoker = AsyncInvoker(sim.engine, sim.targets[name], config, _metrics_of(sim, name))
    return Feed(invoker, lambda inv, done, key="k", failures=0: invoker.submit(
        work=inv.work, failures=failures))


def _wire_sqs(sim: Any, name: str, config: Any, scenario_extras: Mapping) -> Feed:
    from ..sqs import SqsEventSource
    esm = SqsEventSource(sim.engine, sim.targets[name], config, _metrics_of(sim, name))
    if getattr(esm, "config", None) is not None and getattr(esm.config, "fifo", False):
        # A FIFO queue keeps order per message group: the traffic's keys are the group IDs.
        return Feed(esm, lambda inv, done, key="k", failures=0: esm.send(failures, key))
    return Feed(esm, lambda inv, done, key="k", failures=0: esm.send(failures))


def _wire_stream(sim: Any, name: str, config: Any, scenario_extras: Mapping) -> Feed:
    from ..streams import StreamEventSource
    esm = StreamEventSource(sim.engine, sim.targets[name], config, _metrics_of(sim, name))
    return Feed(esm, lambda inv, done, key="k", failures=0: esm.put(key, failures))


def _wire_api_gateway(sim: Any, name: str, config: Any, scenario_extras: Mapping) -> Feed:
    from ..apigw import ApiGateway
    gateway = ApiGateway(sim.engine, sim.targets[name], config, _metrics_of(sim, name))

    def submit(inv: Any, done: Any, key: str = "k", failures: int = 0) -> None:
        """A poison request makes the handler behind the API raise."""
        inv.fail = inv.fail or failures > 0
        gateway.invoke(inv, done)
    return Feed(gateway, submit)


def _wire_edge(sim: Any, name: str, config: Any, scenario_extras: Mapping) -> Feed:
    from ..edge import EdgeDistribution
    functions = {key: sim.functions[value] for key, value in scenario_extras.items()
                 if key.endswith("_function")}
    distribution = EdgeDistribution(sim.engine, sim.targets[name], config,
                                    _metrics_of(sim, name), **functions)
    return Feed(distribution, lambda inv, done, key="k", failures=0: distribution.request())


def wire_vpc(sim: Any, name: str, config: Any, scenario_extras: Mapping) -> Any:
    """Attach the function to its VPC; all its traffic then goes through the attachment."""
    from ..vpc import VpcAttachment
    attachment = VpcAttachment(sim.engine, sim.functions[name], config, _metrics_of(sim, name))
    for outage in scenario_extras.get("az_failures", ()):
        attachment.fail_az(outage["az"], outage["at"])
        if outage.get("restore_at") is not None:
            attachment.restore_az(outage["az"], outage["restore_at"])
    sim.register_target(name, attachment)
    return attachment


def wire_alias(sim: Any, options: "AliasOptions") -> tuple[Any, Any]:
    """Create the alias over its version functions, register it as ``<function>:<name>``."""
    from ..aliases import Alias, AliasConfig, CanaryGuard
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
WIRING: dict[str, Callable[[Any, str, Any, Mapping], Feed]] = {
    "async": _wire_async, "sqs": _wire_sqs, "stream": _wire_stream,
    "api_gateway": _wire_api_gateway, "edge": _wire_edge}


#: The summary table's columns: (summary_rows key, heading, format).
SUMMARY_COLUMNS = [("function", "function", "{}"), ("requests", "requests", "{:,}"),
                   ("invocations", "invocations", "{:,}"), ("errors", "errors", "{:,}"),
                   ("throttles", "throttles", "{:,}"), ("cold_starts", "cold starts", "{:,}"),
                   ("peak_concurrency", "peak conc.", "{:,}"), ("p50_ms", "p50 ms", "{:,.1f}"),
                   ("p99_ms", "p99 ms", "{:,.1f}"), ("cost_usd", "cost USD", "{:.6f}")]


class ScenarioResult:
    """A finished scenario run: the simulation's result plus each extension's counters.

    ``scenario`` is the :class:`~sandbox.scenario.model.Scenario` that ran (not imported here:
    the model uses this module, never the other way round).
    """

    def __init__(self, scenario: Any, result: Any, feeds: Mapping[tuple[str, str], Feed],
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

    def summary_cells(self) -> list[list[str]]:
        """The summary table as text: a header row, then one formatted row per function."""
        cells = [[label for _, label, _ in SUMMARY_COLUMNS]]
        for row in self.summary_rows():
            cells.append(["–" if row[key] is None else fmt.format(row[key])
                          for key, _, fmt in SUMMARY_COLUMNS])
        return cells

    def _repr_html_(self) -> str:
        """The summary table as HTML, for Jupyter and the course's in-browser cells."""
        from html import escape
        header, *rows = self.summary_cells()
        title = escape(self.scenario.title or self.scenario.source)
        head = "".join(f"<th scope=\"col\">{escape(h)}</th>" for h in header)
        body = "".join("<tr>" + f"<th scope=\"row\">{escape(r[0])}</th>"
                       + "".join(f"<td>{escape(c)}</td>" for c in r[1:]) + "</tr>"
                       for r in rows)
        return (f"<table class=\"cs-summary\"><caption>{title}</caption>"
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
