"""The validated scenario: configs ready for a simulation, and the plain data it came from."""

from __future__ import annotations

import dataclasses
import json
import math
from typing import Any, Mapping

from .. import limits, traffic
from ..config import AccountConfig, FunctionConfig, InitModel
from .errors import ScenarioError
from .schema import (EDGE_TRIGGERS, EXTENSION_EXTRAS, FUNCTION_EXTENSIONS, SECTIONS, TOP_LEVEL,
                     TRAFFIC_KINDS, AliasOptions, CanaryGuardOptions, MetricsOptions,
                     PowerTuningOptions)
from .toml_writer import to_toml
from .validate import (build_dataclass, duration_model, json_default, plain, rethrow, scalar,
                       sequences, table_of, traffic_entry, traffic_extras, unknown_field)
from .wiring import WIRING, Feed, ScenarioResult, TrafficShaper, wire_alias, wire_vpc


class Scenario:
    """A validated scenario: configs ready for a simulation, and the data it came from.

    ``data`` is the scenario as plain data (what :meth:`to_toml` / :meth:`to_json` write);
    ``account``, ``functions``, ``extensions`` (per function name), ``traffic`` (kind and
    keyword arguments, with ``traffic_extras`` beside), ``aliases``, ``metrics`` and
    ``power_tuning`` are the validated objects. Everything is checked here, at load time, so
    :meth:`build` and :meth:`run` do not fail on bad input.
    """

    def __init__(self, data: Mapping[str, Any], source: str = "<dict>") -> None:
        self.source = source
        # Keep the data exactly as JSON/TOML would give it back, so export -> load is lossless.
        self.data = plain(dict(data))
        d = dict(self.data)
        for key in d:
            if key not in TOP_LEVEL and key not in SECTIONS:
                raise unknown_field(key, [*TOP_LEVEL, *SECTIONS], "", source)
        self.title = scalar(d, "title", "str", "", source)
        self.description = scalar(d, "description", "str", "", source)
        self.seed = scalar(d, "seed", "int", 0, source)
        if "duration_s" not in d:
            raise ScenarioError(source, "duration_s", "missing: how many simulated seconds to run")
        self.duration_s = scalar(d, "duration_s", "float", None, source)
        if not 0 < self.duration_s < math.inf:
            raise ScenarioError(source, "duration_s",
                                f"expected a number of seconds > 0, got {self.duration_s!r}")
        self.account = build_dataclass(AccountConfig, d.get("account", {}), "account", source)
        self.metrics = build_dataclass(MetricsOptions, d.get("metrics", {}), "metrics", source)
        raw_functions = d.get("functions")
        if not isinstance(raw_functions, list) or not raw_functions:
            raise ScenarioError(source, "functions",
                                f"expected a list of at least one function table "
                                f"([[functions]] in TOML), got {raw_functions!r}")
        self.functions: list[FunctionConfig] = []
        self.extensions: dict[str, dict[str, Any]] = {}
        self.extension_extras: dict[str, dict[str, dict[str, Any]]] = {}
        for i, raw in enumerate(raw_functions):
            self.functions.append(self._function(raw, f"functions[{i}]"))
        names = [f.name for f in self.functions]
        for i, name in enumerate(names):
            if names.index(name) != i:
                raise ScenarioError(source, f"functions[{i}].name",
                                    f"expected a unique name, got {name!r} a second time")
        self._check_reserved()
        self._check_pools()
        self.aliases = self._aliases(d.get("aliases", []), names)
        targets = names + [f"{a.function}:{a.name}" for a in self.aliases]
        raw_traffic = d.get("traffic", [])
        if not isinstance(raw_traffic, list):
            raise ScenarioError(source, "traffic", f"expected a list of traffic tables "
                                f"([[traffic]] in TOML), got {raw_traffic!r}")
        self.traffic: list[tuple[str, dict]] = []
        #: Per traffic entry: scenario-only ``keys`` and ``poison`` (empty when unused).
        self.traffic_extras: list[dict[str, Any]] = []
        for i, raw in enumerate(raw_traffic):
            entry = table_of(raw, f"traffic[{i}]", source)
            self.traffic_extras.append(traffic_extras(entry, f"traffic[{i}]", source))
            self.traffic.append(traffic_entry(entry, f"traffic[{i}]", source, targets))
        self._check_extension_extras(names)
        self._check_size()
        self.power_tuning: PowerTuningOptions | None = None
        if "power_tuning" in d:
            self.power_tuning = build_dataclass(PowerTuningOptions, d["power_tuning"],
                                                 "power_tuning", source)
            if self.power_tuning.function is None:
                self.power_tuning = dataclasses.replace(self.power_tuning, function=names[0])
            elif self.power_tuning.function not in names:
                raise ScenarioError(source, "power_tuning.function",
                                    f"expected the name of a function in this scenario "
                                    f"({', '.join(map(repr, names))}), "
                                    f"got {self.power_tuning.function!r}")

    def _function(self, raw: Any, path: str) -> FunctionConfig:
        table = table_of(raw, path, self.source)
        ext_data = {key: table.pop(key) for key in list(table) if key in FUNCTION_EXTENSIONS}
        converters = {
            "duration": lambda v, p: duration_model(v, p, self.source),
            "init": lambda v, p: build_dataclass(InitModel, v, p, self.source),
        }
        fields = [f.name for f in dataclasses.fields(FunctionConfig)]
        for key in table:
            if key not in fields:
                raise unknown_field(key, fields + list(FUNCTION_EXTENSIONS), path, self.source)
        config = build_dataclass(FunctionConfig, table, path, self.source, converters)
        ext, extras = {}, {}
        for key, value in ext_data.items():
            value = table_of(value, f"{path}.{key}", self.source)
            extras[key] = {k: value.pop(k) for k in list(value)
                           if k in EXTENSION_EXTRAS.get(key, {})}
            ext[key] = build_dataclass(FUNCTION_EXTENSIONS[key][0], value, f"{path}.{key}",
                                       self.source)
        self.extensions[config.name] = ext
        self.extension_extras[config.name] = extras
        return config

    def _check_extension_extras(self, names: list[str]) -> None:
        """Cross-checks that need every function: edge functions, AZ outage schedules."""
        from ..edge import check_edge_function
        for i, fn in enumerate(self.functions):
            path = f"functions[{i}]"
            edge = self.extensions[fn.name].get("edge")
            extras = self.extension_extras[fn.name].get("edge", {})
            for event, trigger_field, key in EDGE_TRIGGERS:
                other = extras.get(key)
                where = f"{path}.edge.{key}"
                trigger = getattr(edge, trigger_field, "none") if edge else "none"
                if other is None:
                    if trigger == "lambda-edge":
                        raise ScenarioError(self.source, where, "missing: the lambda-edge "
                                            f"{event} trigger needs a function name")
                    continue
                if other not in names or other == fn.name:
                    raise ScenarioError(self.source, where, f"expected the name of another "
                                        f"function ({', '.join(map(repr, names))}), "
                                        f"got {other!r}")
                config = self.functions[names.index(other)]
                problems = check_edge_function("lambda-edge", event,
                                               config.timeout_s, config.memory_mb,
                                               config.package_mb)
                if problems:
                    raise ScenarioError(self.source, where, f"expected a function within the "
                                        f"Lambda@Edge limits: {'; '.join(problems)}")
            vpc = self.extensions[fn.name].get("vpc_config")
            outages = self.extension_extras[fn.name].get("vpc_config", {}).get("az_failures", [])
            base = f"{path}.vpc_config.az_failures"
            if not isinstance(outages, list):
                raise ScenarioError(self.source, base, f"expected a list of {{az, at}} tables, "
                                    f"got {outages!r}")
            for k, outage in enumerate(outages):
                where = f"{base}[{k}]"
                table = table_of(outage, where, self.source)
                for key in table:
                    if key not in ("az", "at", "restore_at"):
                        raise unknown_field(key, ["az", "at", "restore_at"], where, self.source)
                if table.get("az") not in vpc.subnets:
                    raise ScenarioError(self.source, f"{where}.az", f"expected one of the "
                                        f"subnets' zones {list(vpc.subnets)}, "
                                        f"got {table.get('az')!r}")
                at = table.get("at")
                if not (isinstance(at, (int, float)) and not isinstance(at, bool) and at >= 0):
                    raise ScenarioError(self.source, f"{where}.at",
                                        f"expected seconds >= 0, got {at!r}")
                back = table.get("restore_at")
                if back is not None and not (isinstance(back, (int, float))
                                             and not isinstance(back, bool) and back > at):
                    raise ScenarioError(self.source, f"{where}.restore_at",
                                        f"expected seconds after at ({at}), got {back!r}")

    def _aliases(self, raw: Any, names: list[str]) -> list["AliasOptions"]:
        """``[[aliases]]``: each names a base function whose versions are ``<function>:<n>``."""
        if not isinstance(raw, list):
            raise ScenarioError(self.source, "aliases", f"expected a list of alias tables "
                                f"([[aliases]] in TOML), got {raw!r}")
        aliases = []
        for i, entry in enumerate(raw):
            path = f"aliases[{i}]"
            table = table_of(entry, path, self.source)
            guard = table.pop("guard", None)
            options = build_dataclass(AliasOptions, table, path, self.source)
            from ..aliases import AliasConfig
            build_dataclass(AliasConfig, {k: v for k, v in table.items() if k != "function"},
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
                options = dataclasses.replace(options, guard=build_dataclass(
                    CanaryGuardOptions, guard, f"{path}.guard", self.source))
            aliases.append(options)
        return aliases

    def _check_size(self) -> None:
        """Refuse, at load, a run too large to finish (the caps of :mod:`sandbox.limits`)."""
        try:
            limits.check_periods(self.duration_s, self.metrics.period_s, "duration_s")
            limits.check_requests(self.duration_s, self.traffic_sources(),
                                  [f"traffic[{i}]" for i in range(len(self.traffic))])
        except limits.RunTooLarge as exc:
            raise ScenarioError(self.source, exc.field, exc.detail) from None

    def _check_pools(self) -> None:
        """Let the account's own bookkeeping judge the functions, one more at a time, so that
        its complaint (e.g. provisioned concurrency that does not fit the unreserved pool) is
        reported at the function that tipped it over."""
        from ..concurrency import AccountConcurrency
        for i in range(len(self.functions)):
            try:
                AccountConcurrency(self.account, self.functions[:i + 1])
            except ValueError as exc:
                raise rethrow(exc, f"functions[{i}]", self.source) from None

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
        from ..simulation import Simulation
        sim = Simulation(account=self.account, functions=self.functions,
                         seed=self.seed if seed is None else seed, horizon=self.duration_s,
                         period_s=self.metrics.period_s, timelines=self.metrics.timelines)
        # VPC attachments first: every other path into the function must go through them.
        sim.scenario_vpcs = {}
        for fn in self.functions:
            config = self.extensions[fn.name].get("vpc_config")
            if config is not None:
                extras = self.extension_extras[fn.name].get("vpc_config", {})
                sim.scenario_vpcs[fn.name] = wire_vpc(sim, fn.name, config, extras)
        sim.scenario_aliases = {}
        for options in self.aliases:
            sim.scenario_aliases[f"{options.function}:{options.name}"] = wire_alias(sim, options)
        feeds: dict[tuple[str, str], Feed] = {}
        for index, source in enumerate(self.traffic_sources()):
            via = source.source
            if via in WIRING:
                key = (source.function, via)
                if key not in feeds:
                    config = self.extensions.get(source.function, {}).get(via)
                    extras = self.extension_extras.get(source.function, {}).get(via, {})
                    try:
                        feeds[key] = WIRING[via](sim, source.function, config, extras)
                    except ValueError as exc:
                        raise ScenarioError(self.source, f"traffic[{index}].source",
                                            str(exc)) from None
                    sim.register_target(f"{source.function}:{via}", feeds[key])
                source.function = f"{source.function}:{via}"
            extras = self.traffic_extras[index]
            # Only sources that need keys or poison get a shaper: the common path stays direct.
            if extras:
                shaper = TrafficShaper(sim.targets[source.function], **extras)
                source.function = f"{source.function}#traffic[{index}]"
                sim.register_target(source.function, shaper)
            sim.add_source(source)
        sim.scenario_feeds = feeds
        return sim

    def run(self, seed: int | None = None) -> "ScenarioResult":
        """Build and run the simulation; ``seed`` overrides the scenario's seed."""
        sim = self.build(seed)
        try:
            ran = sim.run()
        except limits.RunTooLarge as exc:
            # A run that turned out unbounded while running: one line naming what, as at load.
            raise ScenarioError(self.source, exc.field, exc.detail) from None
        result = ScenarioResult(self, ran, sim.scenario_feeds,
                                self.power_tune(seed) if self.power_tuning else None)
        for name, attachment in sim.scenario_vpcs.items():
            result.extensions.setdefault(name, {})["vpc_config"] = {
                **attachment.stats.as_dict(), "state": attachment.state,
                "environments_by_az": attachment.environments_by_az()}
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
        from ..power_tuning import power_tune
        options = self.power_tuning or PowerTuningOptions(function=self.functions[0].name)
        name = function or options.function
        config = next(f for f in self.functions if f.name == name)
        return power_tune(config, options.memory_sizes, options.strategy,
                          options.balanced_weight, options.num,
                          self.seed if seed is None else seed)

    def traffic_sources(self) -> list[traffic.TrafficSource]:
        """Fresh traffic source objects (sources keep state, so each run needs its own)."""
        return [TRAFFIC_KINDS[kind](**sequences(kwargs)) for kind, kwargs in self.traffic]

    def to_dict(self) -> dict[str, Any]:
        """The scenario as plain data (a deep copy)."""
        return json.loads(json.dumps(self.data, default=json_default))

    def to_json(self) -> str:
        """The scenario as JSON text."""
        return json.dumps(self.data, indent=2, default=json_default) + "\n"

    def to_toml(self) -> str:
        """The scenario as TOML text (loads back to the same scenario)."""
        return to_toml(self.data)

    def __repr__(self) -> str:
        return (f"Scenario({self.title or self.source!r}, functions="
                f"{[f.name for f in self.functions]}, duration_s={self.duration_s:g})")
