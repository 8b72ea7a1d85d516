"""What a function and an account look like: validated configuration dataclasses.

Every field is checked when the object is built; a bad value raises ``ValueError`` with one
message naming the field and what was expected, e.g.
``FunctionConfig.memory_mb: expected an integer from 128 to 10240, got 64``.
Defaults come from :mod:`sandbox.facts`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from . import facts
from .durations import (CpuBound, DurationModel, Empirical, Exponential, Fixed, LogNormal,
                        Uniform)

__all__ = ["AccountConfig", "FunctionConfig", "InitModel", "DurationModel", "Fixed",
           "Exponential", "Uniform", "LogNormal", "CpuBound", "Empirical", "vcpu_for_memory",
           "ARCHITECTURES"]

ARCHITECTURES = ("x86_64", "arm64")


def vcpu_for_memory(memory_mb: float) -> float:
    """vCPUs allocated at ``memory_mb``: proportional, 1 vCPU at 1,769 MB, at most 6."""
    return min(facts.MAX_VCPU, memory_mb / facts.MEMORY_MB_PER_VCPU)


def runtime_family(runtime: str) -> str:
    """The runtime family of an identifier such as ``python3.13`` or ``java21`` (``python``)."""
    for family in facts.INIT_BASE_S_BY_RUNTIME:
        if runtime.startswith(family):
            return family
    return ""


@dataclass(frozen=True)
class InitModel:
    """How long the Init phase (a cold start) takes.

    With ``fixed_s`` set, every init takes exactly that long. Otherwise the duration is
    ``(runtime base + min(package_mb, 250) * per_mb) * cpu_factor + extra_s`` where the runtime base comes
    from :data:`sandbox.facts.INIT_BASE_S_BY_RUNTIME` (model assumptions) and ``cpu_factor``
    grows as the square root of 1/vCPU below 1 vCPU (import work is partly CPU-bound).
    """

    fixed_s: float | None = None
    per_package_mb_s: float = facts.INIT_S_PER_PACKAGE_MB
    extra_s: float = 0.0

    def __post_init__(self) -> None:
        if self.fixed_s is not None:
            _require(_is_number(self.fixed_s) and self.fixed_s >= 0, "InitModel.fixed_s",
                     "a number >= 0 or None", self.fixed_s)
        _require(_is_number(self.per_package_mb_s) and self.per_package_mb_s >= 0,
                 "InitModel.per_package_mb_s", "a number >= 0", self.per_package_mb_s)
        _require(_is_number(self.extra_s) and self.extra_s >= 0, "InitModel.extra_s",
                 "a number >= 0", self.extra_s)

    def duration(self, runtime: str, package_mb: float, memory_mb: float) -> float:
        """Init duration in seconds for this runtime, package size and memory."""
        if self.fixed_s is not None:
            return self.fixed_s + self.extra_s
        base = facts.INIT_BASE_S_BY_RUNTIME.get(runtime_family(runtime), 0.2)
        vcpu = vcpu_for_memory(memory_mb)
        # Square root, not linear: part of Init is I/O (downloading, extracting) that a smaller
        # CPU share does not slow down.
        cpu_factor = math.sqrt(1.0 / vcpu) if vcpu < 1.0 else 1.0
        # Only code that is actually loaded costs time: container images are lazily loaded, so
        # the size effect stops at the 250 MB unzipped limit of a ZIP package.
        loaded_mb = min(package_mb, facts.PACKAGE_UNZIPPED_MAX_MB)
        return (base + loaded_mb * self.per_package_mb_s) * cpu_factor + self.extra_s


@dataclass(frozen=True)
class FunctionConfig:
    """One Lambda function (one version of it) as the model sees it.

    ``duration`` is the handler's duration model on a warm environment; ``error_rate`` the
    probability that the handler raises. ``reserved_concurrency`` (``None``: draw from the
    account's unreserved pool) is both a cap and a guarantee. ``provisioned_concurrency``
    environments are initialised before the run starts. ``idle_expiry_s`` and
    ``max_lifetime_s`` are model assumptions (see :mod:`sandbox.facts`). ``snapstart`` replaces
    Init by a restore, but only on a published version (``version`` other than ``$LATEST``).
    ``vpc`` marks a VPC-attached function; ``vpc_init_extra_s`` is the extra cold-start latency
    the VPC extension may model (0 with Hyperplane ENIs, the default).
    """

    name: str = "fn"
    runtime: str = "python3.13"
    architecture: str = "x86_64"
    memory_mb: int = 128
    timeout_s: float = facts.TIMEOUT_DEFAULT_S
    package_mb: float = 1.0
    duration: DurationModel = field(default_factory=lambda: Fixed(0.1))
    error_rate: float = 0.0
    init: InitModel = field(default_factory=InitModel)
    reserved_concurrency: int | None = None
    provisioned_concurrency: int = 0
    idle_expiry_s: float = facts.IDLE_EXPIRY_DEFAULT_S
    max_lifetime_s: float = facts.MAX_LIFETIME_DEFAULT_S
    snapstart: bool = False
    version: str = "$LATEST"
    vpc: bool = False
    vpc_init_extra_s: float = 0.0
    ephemeral_storage_mb: int = facts.EPHEMERAL_STORAGE_MIN_MB

    def __post_init__(self) -> None:
        f = "FunctionConfig."
        _require(isinstance(self.name, str) and self.name != "", f + "name",
                 "a non-empty string", self.name)
        _require(isinstance(self.runtime, str) and self.runtime != "", f + "runtime",
                 "a runtime identifier such as 'python3.13'", self.runtime)
        _require(self.architecture in ARCHITECTURES, f + "architecture",
                 "'x86_64' or 'arm64'", self.architecture)
        _require(_is_int(self.memory_mb)
                 and facts.MEMORY_MIN_MB <= self.memory_mb <= facts.MEMORY_MAX_MB,
                 f + "memory_mb",
                 f"an integer from {facts.MEMORY_MIN_MB} to {facts.MEMORY_MAX_MB}", self.memory_mb)
        _require(_is_number(self.timeout_s) and 0 < self.timeout_s <= facts.TIMEOUT_MAX_S,
                 f + "timeout_s", f"a number of seconds in (0, {facts.TIMEOUT_MAX_S:g}]",
                 self.timeout_s)
        _require(_is_number(self.package_mb) and 0 <= self.package_mb <= facts.PACKAGE_IMAGE_MAX_MB,
                 f + "package_mb", f"a size in MB from 0 to {facts.PACKAGE_IMAGE_MAX_MB}",
                 self.package_mb)
        _require(isinstance(self.duration, DurationModel), f + "duration",
                 "a duration model such as Fixed(0.1) or Exponential(0.2)", self.duration)
        _require(_is_number(self.error_rate) and 0 <= self.error_rate <= 1, f + "error_rate",
                 "a probability from 0 to 1", self.error_rate)
        _require(isinstance(self.init, InitModel), f + "init", "an InitModel", self.init)
        if self.reserved_concurrency is not None:
            _require(_is_int(self.reserved_concurrency) and self.reserved_concurrency >= 0,
                     f + "reserved_concurrency", "an integer >= 0 or None",
                     self.reserved_concurrency)
        _require(_is_int(self.provisioned_concurrency) and self.provisioned_concurrency >= 0,
                 f + "provisioned_concurrency", "an integer >= 0", self.provisioned_concurrency)
        if self.reserved_concurrency is not None:
            _require(self.provisioned_concurrency <= self.reserved_concurrency,
                     f + "provisioned_concurrency",
                     f"at most reserved_concurrency ({self.reserved_concurrency})",
                     self.provisioned_concurrency)
        _require(_is_number(self.idle_expiry_s) and self.idle_expiry_s > 0, f + "idle_expiry_s",
                 "a number of seconds > 0", self.idle_expiry_s)
        _require(_is_number(self.max_lifetime_s) and self.max_lifetime_s > 0,
                 f + "max_lifetime_s", "a number of seconds > 0 (hours in practice)",
                 self.max_lifetime_s)
        _require(isinstance(self.snapstart, bool), f + "snapstart", "true or false", self.snapstart)
        _require(isinstance(self.version, str) and self.version != "", f + "version",
                 "'$LATEST' or a version number such as '3'", self.version)
        _require(isinstance(self.vpc, bool), f + "vpc", "true or false", self.vpc)
        _require(_is_number(self.vpc_init_extra_s) and self.vpc_init_extra_s >= 0,
                 f + "vpc_init_extra_s", "a number of seconds >= 0", self.vpc_init_extra_s)
        _require(_is_int(self.ephemeral_storage_mb)
                 and facts.EPHEMERAL_STORAGE_MIN_MB <= self.ephemeral_storage_mb
                 <= facts.EPHEMERAL_STORAGE_MAX_MB, f + "ephemeral_storage_mb",
                 f"an integer from {facts.EPHEMERAL_STORAGE_MIN_MB} to "
                 f"{facts.EPHEMERAL_STORAGE_MAX_MB}", self.ephemeral_storage_mb)

    @property
    def vcpu(self) -> float:
        """vCPUs this memory size buys."""
        return vcpu_for_memory(self.memory_mb)

    @property
    def memory_gb(self) -> float:
        """Memory in GB (1 GB = 1,024 MB, the way Lambda bills GB-seconds)."""
        return self.memory_mb / 1024.0

    @property
    def published(self) -> bool:
        """True for a published version (anything but ``$LATEST``)."""
        return self.version != "$LATEST"

    @property
    def snapstart_active(self) -> bool:
        """SnapStart restores instead of initialising only on published versions."""
        return self.snapstart and self.published

    def init_duration(self) -> float:
        """Seconds a cold start takes before the handler runs (restore time with SnapStart)."""
        if self.snapstart_active:
            base = facts.SNAPSTART_RESTORE_S
        else:
            base = self.init.duration(self.runtime, self.package_mb, self.memory_mb)
        return base + (self.vpc_init_extra_s if self.vpc else 0.0)

    def replace(self, **changes: Any) -> "FunctionConfig":
        """A copy with some fields changed (validated again)."""
        from dataclasses import replace
        return replace(self, **changes)


@dataclass(frozen=True)
class AccountConfig:
    """The account in one Region: its concurrency limit and the per-function scaling rate."""

    concurrency_limit: int = facts.ACCOUNT_CONCURRENCY_LIMIT
    scaling_per_window: int = facts.SCALING_ENVIRONMENTS_PER_WINDOW
    scaling_window_s: float = facts.SCALING_WINDOW_S
    unreserved_min: int = facts.UNRESERVED_CONCURRENCY_MIN
    #: ``False`` turns the scaling-rate limit off (used by analytic checks such as Erlang-B).
    scaling_limit: bool = True

    def __post_init__(self) -> None:
        a = "AccountConfig."
        _require(_is_int(self.concurrency_limit) and self.concurrency_limit >= 1,
                 a + "concurrency_limit", "an integer >= 1", self.concurrency_limit)
        _require(_is_int(self.scaling_per_window) and self.scaling_per_window >= 1,
                 a + "scaling_per_window", "an integer >= 1", self.scaling_per_window)
        _require(_is_number(self.scaling_window_s) and self.scaling_window_s > 0,
                 a + "scaling_window_s", "a number of seconds > 0", self.scaling_window_s)
        _require(_is_int(self.unreserved_min) and 0 <= self.unreserved_min
                 <= self.concurrency_limit, a + "unreserved_min",
                 f"an integer from 0 to concurrency_limit ({self.concurrency_limit})",
                 self.unreserved_min)
        _require(isinstance(self.scaling_limit, bool), a + "scaling_limit", "true or false",
                 self.scaling_limit)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _require(ok: bool, field_name: str, expected: str, got: Any) -> None:
    if not ok:
        raise ValueError(f"{field_name}: expected {expected}, got {got!r}")
