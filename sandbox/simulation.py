"""Putting it together: ``Simulation(account, functions, sources, seed, horizon).run()``.

>>> from sandbox import Simulation, FunctionConfig, Poisson
>>> result = Simulation(functions=[FunctionConfig(name="api")],
...                     sources=[Poisson(5.0, function="api")], seed=1, horizon=600).run()
>>> result.metrics["api"].invocations > 0
True

Arrivals stop at ``horizon``; requests still running then are allowed to finish (the run
drains) so that every request is accounted for exactly once. Extensions plug in with
:meth:`Simulation.add_component` (anything with ``attach(simulation)``) and may register
named targets with :meth:`Simulation.register_target`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Iterable, Protocol

from . import fastpath, limits
from .concurrency import AccountConcurrency, ScalingBucket
from .config import AccountConfig, FunctionConfig
from .cost import CostBreakdown, function_cost
from .engine import Engine
from .function import LambdaFunction
from .invocation import Invocation
from .metrics import FunctionMetrics
from .traffic import TrafficSource


class Invokable(Protocol):
    """Anything a traffic source can send requests to."""

    def invoke(self, invocation: Invocation, on_done: Any) -> None:
        """Handle one invocation (see :mod:`sandbox.invocation`)."""


@dataclass(repr=False)
class SimulationResult:
    """What ``Simulation.run`` returns: per-function metrics and cost, and run facts."""

    horizon: float
    seed: int | None
    metrics: dict[str, FunctionMetrics]
    cost: dict[str, CostBreakdown]
    events: int = 0
    end_time: float = 0.0
    functions: dict[str, LambdaFunction] = field(default_factory=dict)

    @property
    def total_cost(self) -> CostBreakdown:
        """The cost summed over all functions."""
        total = CostBreakdown()
        for c in self.cost.values():
            total = total + c
        return total

    def __getitem__(self, name: str) -> FunctionMetrics:
        return self.metrics[name]

    def __repr__(self) -> str:
        parts = "; ".join(repr(m) for m in self.metrics.values())
        return (f"SimulationResult(horizon={self.horizon:g} s, seed={self.seed}, "
                f"cost=${self.total_cost.total:.6f}, {parts})")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary of the whole run."""
        return {
            "horizon": self.horizon,
            "seed": self.seed,
            "events": self.events,
            "functions": {name: {**m.to_dict(), "cost": self.cost[name].to_dict()}
                          for name, m in self.metrics.items()},
            "total_cost": self.total_cost.to_dict(),
        }


class Simulation:
    """One run of the model.

    ``functions``: FunctionConfig objects (unique names). ``sources``: traffic sources whose
    ``function`` names a function or a registered target. ``period_s``: metric period.
    ``timelines``: keep per-environment spans. ``free_tier``: credit the monthly free tier.
    ``drain``: let in-flight requests finish after ``horizon`` (default True).
    """

    def __init__(self, account: AccountConfig | None = None,
                 functions: Iterable[FunctionConfig] | FunctionConfig = (),
                 sources: Iterable[TrafficSource] | TrafficSource = (), seed: int | None = 0,
                 horizon: float = 3600.0, period_s: float = 60.0, timelines: bool = False,
                 free_tier: bool = False, drain: bool = True) -> None:
        if isinstance(functions, FunctionConfig):
            functions = [functions]
        if isinstance(sources, TrafficSource):
            sources = [sources]
        if not (isinstance(horizon, (int, float)) and 0 < horizon < math.inf):
            raise ValueError(f"Simulation.horizon: expected a number of seconds > 0, got {horizon!r}")
        if not (isinstance(period_s, (int, float)) and period_s > 0):
            raise ValueError(f"Simulation.period_s: expected a number of seconds > 0, got {period_s!r}")
        limits.check_periods(horizon, period_s)
        if account is not None and not isinstance(account, AccountConfig):
            raise ValueError(f"Simulation.account: expected an AccountConfig, got {account!r}")
        self.account = account or AccountConfig()
        self.configs = list(functions)
        for i, cfg in enumerate(self.configs):
            if not isinstance(cfg, FunctionConfig):
                raise ValueError(f"Simulation.functions[{i}]: expected a FunctionConfig, "
                                 f"got {cfg!r}")
        names = [f.name for f in self.configs]
        for name in names:
            if names.count(name) > 1:
                raise ValueError(f"Simulation.functions: expected unique names, got {name!r} twice")
        self.sources = list(sources)
        for i, src in enumerate(self.sources):
            if not isinstance(src, TrafficSource):
                raise ValueError(f"Simulation.sources[{i}]: expected a traffic source such as "
                                 f"Poisson(5, function='api'), got {src!r}")
        self.seed = seed
        self.horizon = float(horizon)
        self.period_s = float(period_s)
        self.free_tier = free_tier
        self.drain = drain
        self.engine = Engine(seed)
        self.concurrency = AccountConcurrency(self.account, self.configs)
        self._env_seq = 0
        self._inv_seq = 0
        self.functions: dict[str, LambdaFunction] = {}
        for cfg in self.configs:
            metrics = FunctionMetrics(cfg.name, self.period_s, timelines)
            metrics.set_window(self.horizon)
            bucket = ScalingBucket(self.account.scaling_per_window, self.account.scaling_window_s,
                                   self.account.scaling_limit)
            self.functions[cfg.name] = LambdaFunction(
                cfg, self.engine, self.concurrency.pool_for(cfg.name), bucket, metrics,
                self.new_environment_id)
        self.targets: dict[str, Invokable] = dict(self.functions)
        self.components: list[Any] = []
        self.completed: list[Invocation] | None = None
        #: Use the single-loop fast path when it applies (same results; False forces the
        #: general event-by-event path, e.g. to compare the two).
        self.fast_path = True
        self._ran = False

    # -- wiring for extensions ----------------------------------------------------------------

    def new_environment_id(self) -> int:
        """A fresh execution environment id, unique across the run."""
        self._env_seq += 1
        return self._env_seq

    def new_invocation_id(self) -> int:
        """A fresh invocation id, unique across the run."""
        self._inv_seq += 1
        return self._inv_seq

    def register_target(self, name: str, target: Invokable) -> None:
        """Make ``target`` reachable by sources as ``function=name``."""
        self.targets[name] = target

    def add_component(self, component: Any) -> None:
        """Add an extension object; its ``attach(simulation)`` runs at the start of ``run``."""
        self.components.append(component)

    def add_source(self, source: TrafficSource) -> None:
        """Add a traffic source before ``run``."""
        self.sources.append(source)

    def keep_invocations(self) -> list[Invocation]:
        """Keep every finished sync invocation from the sources (tests and small labs only)."""
        self.completed = []
        return self.completed

    # -- running ----------------------------------------------------------------------------------

    def _on_done(self, invocation: Invocation) -> None:
        if self.completed is not None:
            self.completed.append(invocation)

    def run(self) -> SimulationResult:
        """Run to the horizon (then drain) and return the results."""
        if self._ran:
            raise RuntimeError("Simulation.run: a simulation runs once; build a new one")
        self._ran = True
        for component in self.components:
            component.attach(self)
        for i, src in enumerate(self.sources):
            target = self.targets.get(src.function)
            if target is None:
                raise ValueError(f"Simulation.sources[{i}].function: expected one of "
                                 f"{sorted(self.targets)}, got {src.function!r}")
        limits.check_requests(self.horizon, self.sources)
        engine = self.engine
        # The fast path gives identical results for the commonest shape of run (one source,
        # one plain function); everything else goes event by event through the engine.
        fast = fastpath.eligible(self) if self.fast_path else None
        if fast is not None:
            fastpath.run(self, fast)
        else:
            for src in self.sources:
                src.attach(engine, self.targets[src.function].invoke, self._on_done,
                           self.new_invocation_id, self.horizon)
            engine.run(until=self.horizon)
            if self.drain:
                # Sources stop at the horizon; draining lets in-flight requests finish so that
                # every request is counted exactly once.
                engine.run()
        end = engine.now
        for fn in self.functions.values():
            fn.finish(end)
            fn.metrics.close(self.horizon)
        run_s = self.horizon
        cost = {name: function_cost(fn.config, fn.metrics, run_s, self.free_tier)
                for name, fn in self.functions.items()}
        return SimulationResult(self.horizon, self.seed,
                                {n: f.metrics for n, f in self.functions.items()}, cost,
                                engine.events_processed, end, dict(self.functions))
