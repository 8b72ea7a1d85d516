"""Connecting a scenario's extensions to a simulation, and the result of a scenario run.

Traffic labelled ``source = "async"``, ``"sqs"`` or ``"api_gateway"`` reaches its function
through that extension; aliases become targets named ``<function>:<alias>``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Mapping

if TYPE_CHECKING:
    from .model import Scenario


class Feed:
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


def _wire_async(sim: Any, name: str, config: Any) -> Feed:
    from ..async_invoke import AsyncInvoker
    target = sim.targets[name]
    invoker = AsyncInvoker(sim.engine, target, config, _metrics_of(sim, name))
    return Feed(invoker, lambda inv, done: invoker.submit(work=inv.work))


def _wire_sqs(sim: Any, name: str, config: Any) -> Feed:
    from ..sqs import SqsEventSource
    esm = SqsEventSource(sim.engine, sim.targets[name], config, _metrics_of(sim, name))
    return Feed(esm, lambda inv, done: esm.send())


def _wire_api_gateway(sim: Any, name: str, config: Any) -> Feed:
    from ..apigw import ApiGateway
    gateway = ApiGateway(sim.engine, sim.targets[name], config, _metrics_of(sim, name))
    return Feed(gateway, gateway.invoke)


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
WIRING: dict[str, Callable[[Any, str, Any], Feed]] = {
    "async": _wire_async, "sqs": _wire_sqs, "api_gateway": _wire_api_gateway}


class ScenarioResult:
    """A finished scenario run: the simulation's result plus each extension's counters."""

    def __init__(self, scenario: Scenario, result: Any, feeds: Mapping[tuple[str, str], Feed],
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
