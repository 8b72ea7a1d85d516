"""Versions and aliases: ``$LATEST`` vs published versions, and weighted (canary) aliases.

* ``$LATEST`` is the unpublished, editable code; publishing freezes code and configuration into
  a numbered, immutable version. SnapStart snapshots are taken only when a version is published,
  so SnapStart applies to published versions (and aliases pointing at them), never to
  ``$LATEST`` (https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html).
* A weighted alias splits traffic between at most two versions; both must be published (the
  alias cannot point to ``$LATEST``) and Lambda routes each request at random with the given
  weight (https://docs.aws.amazon.com/lambda/latest/dg/configuring-alias-routing.html).

In the model each version is its own :class:`~sandbox.function.LambdaFunction` with its own
execution environments (versions never share environments). :class:`Alias` keeps per-version
counters so that a bad canary shows up in its own error rate; :class:`CanaryGuard` rolls the
weight back to 0 when that error rate crosses a threshold, the way a deployment alarm would.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from .config import FunctionConfig
from .engine import Engine
from .invocation import Invocation, Outcome

#: The unpublished version's qualifier.
LATEST = "$LATEST"
#: SnapStart supports ephemeral storage (/tmp) of at most 512 MB.
#: https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html
SNAPSTART_MAX_EPHEMERAL_MB = 512
#: A weighted alias points to at most two versions, with the additional version's weight
#: between 0 and 1. https://docs.aws.amazon.com/lambda/latest/dg/configuring-alias-routing.html
MAX_ALIAS_VERSIONS = 2


def _require(ok: bool, field: str, expected: str, got: Any) -> None:
    """Raise one clear ValueError naming the field, what was expected and what was given."""
    if not ok:
        raise ValueError(f"{field}: expected {expected}, got {got!r}")


def publish(config: FunctionConfig, version: str | int) -> FunctionConfig:
    """The configuration of a published version: same settings, an immutable qualifier.

    The version gets its own name (``fn:3``) so it can run beside other versions in one
    simulation, each with its own execution environments.
    """
    version = str(version)
    _require(version.isdigit() and int(version) >= 1, "publish.version",
             "a version number such as 1 or '2'", version)
    base = config.name.split(":", 1)[0]
    return config.replace(name=f"{base}:{version}", version=version)


def snapstart_note(config: FunctionConfig) -> str | None:
    """A warning when SnapStart is switched on but cannot apply (on ``$LATEST``), else None."""
    if config.snapstart and not config.published:
        return (f"{config.name}: SnapStart is on but this is $LATEST; snapshots are taken only "
                "when a version is published, so cold starts here run the full Init")
    return None


def version_notes(config: FunctionConfig) -> list[str]:
    """Settings AWS would refuse or ignore: published-only features on $LATEST, and SnapStart
    combined with what it does not support.

    Provisioned concurrency is configured on an alias or a version
    (https://docs.aws.amazon.com/lambda/latest/dg/API_PutProvisionedConcurrencyConfig.html),
    and SnapStart snapshots are taken when a version is published.
    """
    notes = []
    note = snapstart_note(config)
    if note:
        notes.append(note)
    if config.provisioned_concurrency and not config.published:
        notes.append(f"{config.name}: provisioned concurrency is set on $LATEST; AWS accepts it "
                     "only on a published version or an alias")
    # SnapStart does not support provisioned concurrency, nor ephemeral storage above 512 MB
    # (https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html).
    if config.snapstart and config.provisioned_concurrency:
        notes.append(f"{config.name}: SnapStart cannot be combined with provisioned concurrency")
    if config.snapstart and config.ephemeral_storage_mb > SNAPSTART_MAX_EPHEMERAL_MB:
        notes.append(f"{config.name}: SnapStart supports at most "
                     f"{SNAPSTART_MAX_EPHEMERAL_MB} MB of ephemeral storage")
    return notes


@dataclass(frozen=True)
class AliasConfig:
    """A named alias: ``primary`` version, optional ``additional`` version and its ``weight``."""

    name: str = "live"
    primary: str = "1"
    additional: str | None = None
    weight: float = 0.0

    def __post_init__(self) -> None:
        f = "AliasConfig."
        _require(isinstance(self.name, str) and self.name not in ("", LATEST) and
                 not self.name.isdigit(), f + "name", "a name that is not a version number",
                 self.name)
        _require(isinstance(self.primary, str) and self.primary != "", f + "primary",
                 "a version such as '1'", self.primary)
        _require(isinstance(self.weight, (int, float)) and 0.0 <= self.weight <= 1.0,
                 f + "weight", "a fraction from 0 to 1", self.weight)
        if self.additional is not None:
            _require(self.additional != self.primary, f + "additional",
                     "a version different from primary", self.additional)
            _require(LATEST not in (self.primary, self.additional), f + "additional",
                     "published versions only (a weighted alias cannot use $LATEST)",
                     (self.primary, self.additional))
        else:
            _require(self.weight == 0.0, f + "weight", "0 when there is no additional version",
                     self.weight)


class VersionStats:
    """Counters for the requests an alias sent to one version."""

    __slots__ = ("invocations", "errors", "throttles", "cold_starts", "duration_sum")

    def __init__(self) -> None:
        self.invocations = 0
        self.errors = 0
        self.throttles = 0
        self.cold_starts = 0
        self.duration_sum = 0.0

    @property
    def error_rate(self) -> float:
        """Errors (function errors and timeouts) per invocation that ran."""
        ran = self.invocations - self.throttles
        return self.errors / ran if ran else 0.0

    def as_dict(self) -> dict[str, float]:
        """The counters as a plain dict."""
        d = {name: getattr(self, name) for name in self.__slots__}
        d["error_rate"] = self.error_rate
        return d


class Alias:
    """A weighted alias over one or two version functions (``{"1": fn1, "2": fn2}``).

    It is itself invokable (``invoke(invocation, on_done)``), so traffic sources, the async
    queue, event source mappings and API Gateway can all target it.
    """

    def __init__(self, engine: Engine, versions: dict[str, Any], config: AliasConfig | None = None,
                 metrics: Any = None) -> None:
        self.engine = engine
        self.config = config or AliasConfig()
        for label in (self.config.primary, self.config.additional):
            if label is not None:
                _require(label in versions, "Alias.versions", f"a function for version {label!r}",
                         sorted(versions))
        self.versions = versions
        self.metrics = metrics
        self.weight = float(self.config.weight)
        self.primary = self.config.primary
        self.additional = self.config.additional
        self.stats = {label: VersionStats() for label in versions}
        self._rng = engine.rng

    def route(self) -> str:
        """Pick the version for one request (a simple weighted coin, as Lambda does)."""
        if self.additional is not None and self.weight and self._rng.random() < self.weight:
            return self.additional
        return self.primary

    def invoke(self, invocation: Invocation, on_done: Callable[[Invocation], None]) -> None:
        """Route ``invocation`` to one version and count its outcome for that version."""
        label = self.route()
        invocation.version = label
        stats = self.stats[label]
        stats.invocations += 1

        def done(inv: Invocation) -> None:
            outcome = inv.outcome
            if outcome is Outcome.THROTTLED:
                stats.throttles += 1
            else:
                if outcome is not Outcome.SUCCESS:
                    stats.errors += 1
                if inv.cold:
                    stats.cold_starts += 1
                stats.duration_sum += inv.end - inv.start
            on_done(inv)

        self.versions[label].invoke(invocation, done)

    def shift(self, weight: float) -> None:
        """Change the additional version's weight (0 = roll back, 1 = all traffic)."""
        _require(0.0 <= weight <= 1.0, "Alias.shift.weight", "a fraction from 0 to 1", weight)
        self.weight = float(weight)

    def promote(self) -> None:
        """Make the additional version the primary one, with no further split."""
        if self.additional is not None:
            self.primary, self.additional, self.weight = self.additional, None, 0.0


class CanaryGuard:
    """Roll a weighted alias back when the canary's error rate exceeds ``threshold``.

    Checked every ``interval`` seconds once the canary has served ``min_invocations``; records
    the rollback time in ``rolled_back_at``.
    """

    def __init__(self, engine: Engine, alias: Alias, threshold: float = 0.05,
                 min_invocations: int = 50, interval: float = 60.0) -> None:
        _require(0.0 <= threshold <= 1.0, "CanaryGuard.threshold", "a fraction from 0 to 1",
                 threshold)
        _require(interval >= 1, "CanaryGuard.interval", "seconds >= 1", interval)
        self.engine = engine
        self.alias = alias
        self.threshold = threshold
        self.min_invocations = min_invocations
        self.interval = interval
        self.rolled_back_at: float | None = None
        self._until = float("inf")

    def start(self, until: float) -> None:
        """Begin checking now and stop at ``until`` (so a run can drain)."""
        self._until = until
        self.engine.schedule(self.engine.now + self.interval, self._check, None)

    def _check(self, _: Any) -> None:
        alias = self.alias
        canary = alias.additional
        if canary is None or alias.weight == 0.0:
            return
        stats = alias.stats[canary]
        if stats.invocations >= self.min_invocations and stats.error_rate > self.threshold:
            alias.shift(0.0)
            self.rolled_back_at = self.engine.now
            return
        if self.engine.now + self.interval <= self._until:
            self.engine.schedule(self.engine.now + self.interval, self._check, None)


#: CodeDeploy's predefined Lambda deployment configurations: (kind, percent per step,
#: minutes between steps). Canary: one step, then all traffic; linear: equal steps until 100 %.
#: https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-configurations.html
DEPLOYMENT_CONFIGS = {
    "AllAtOnce": ("all", 100, 0),
    "Canary10Percent5Minutes": ("canary", 10, 5),
    "Canary10Percent10Minutes": ("canary", 10, 10),
    "Canary10Percent15Minutes": ("canary", 10, 15),
    "Canary10Percent30Minutes": ("canary", 10, 30),
    "Linear10PercentEvery1Minute": ("linear", 10, 1),
    "Linear10PercentEvery2Minutes": ("linear", 10, 2),
    "Linear10PercentEvery3Minutes": ("linear", 10, 3),
    "Linear10PercentEvery10Minutes": ("linear", 10, 10),
}


class Deployment:
    """Shift an alias from its primary to its additional version on a CodeDeploy schedule.

    ``status`` goes ``in_progress`` -> ``succeeded`` (the new version is promoted) or
    ``rolled_back`` (the guard saw too many errors and set the weight back to 0).
    """

    def __init__(self, engine: Engine, alias: Alias, config_name: str = "Canary10Percent5Minutes",
                 guard: CanaryGuard | None = None) -> None:
        _require(config_name in DEPLOYMENT_CONFIGS, "Deployment.config_name",
                 f"one of {sorted(DEPLOYMENT_CONFIGS)}", config_name)
        _require(alias.additional is not None, "Deployment.alias",
                 "an alias with an additional (new) version", alias.primary)
        self.engine = engine
        self.alias = alias
        self.config_name = config_name
        self.kind, self.percent, minutes = DEPLOYMENT_CONFIGS[config_name]
        self.interval = minutes * 60.0
        self.guard = guard
        self.status = "pending"
        self.finished_at: float | None = None
        self.steps: list[tuple[float, float]] = []   # (time, weight) of each shift

    def start(self) -> None:
        """Begin now: the first shift happens immediately."""
        self.status = "in_progress"
        if self.guard is not None:
            self.guard.start(until=float("inf"))
        self._step(1)

    def _step(self, k: int) -> None:
        if self.status != "in_progress":
            return
        if self.guard is not None and self.guard.rolled_back_at is not None:
            self.status = "rolled_back"
            self.finished_at = self.guard.rolled_back_at
            return
        if self.kind == "all" or (self.kind == "canary" and k > 1):
            weight = 1.0
        else:
            weight = min(1.0, k * self.percent / 100.0)
        now = self.engine.now
        if weight >= 1.0:
            self.steps.append((now, 1.0))
            self.alias.promote()
            self.status = "succeeded"
            self.finished_at = now
            return
        self.alias.shift(weight)
        self.steps.append((now, weight))
        self.engine.schedule(now + self.interval, lambda _: self._step(k + 1), None)
