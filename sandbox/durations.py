"""Handler duration models: how long one invocation's handler runs on a warm environment.

Every model answers two questions for a function with ``vcpu`` vCPUs: ``sample(rng, vcpu)``
draws one duration in seconds, and ``mean(vcpu)`` gives the expected value (used by analytic
checks and the power-tuning helper). Only ``CpuBound`` depends on ``vcpu``: the others describe
time spent waiting (I/O, downstream calls), which more memory does not shorten.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass


class DurationModel:
    """Base class of all duration models (see the module docstring)."""

    def sample(self, rng: random.Random, vcpu: float) -> float:
        """Draw one handler duration in seconds."""
        raise NotImplementedError

    def mean(self, vcpu: float) -> float:
        """Expected handler duration in seconds."""
        raise NotImplementedError


@dataclass(frozen=True)
class Fixed(DurationModel):
    """Every invocation takes exactly ``seconds``."""

    seconds: float = 0.1

    def __post_init__(self) -> None:
        _check_non_negative("Fixed.seconds", self.seconds)

    def sample(self, rng: random.Random, vcpu: float) -> float:
        """Return the fixed duration."""
        return self.seconds

    def mean(self, vcpu: float) -> float:
        """Return the fixed duration."""
        return self.seconds


@dataclass(frozen=True)
class Exponential(DurationModel):
    """Exponentially distributed durations with the given mean (the M/M/c textbook case)."""

    mean_s: float = 0.1

    def __post_init__(self) -> None:
        _check_positive("Exponential.mean_s", self.mean_s)

    def sample(self, rng: random.Random, vcpu: float) -> float:
        """Draw an exponential duration."""
        return rng.expovariate(1.0 / self.mean_s)

    def mean(self, vcpu: float) -> float:
        """Return ``mean_s``."""
        return self.mean_s


@dataclass(frozen=True)
class Uniform(DurationModel):
    """Durations uniform between ``low_s`` and ``high_s``."""

    low_s: float = 0.05
    high_s: float = 0.15

    def __post_init__(self) -> None:
        _check_non_negative("Uniform.low_s", self.low_s)
        if self.high_s < self.low_s:
            raise ValueError(f"Uniform.high_s: expected >= low_s ({self.low_s}), got {self.high_s}")

    def sample(self, rng: random.Random, vcpu: float) -> float:
        """Draw a uniform duration."""
        return rng.uniform(self.low_s, self.high_s)

    def mean(self, vcpu: float) -> float:
        """Return the midpoint."""
        return (self.low_s + self.high_s) / 2


@dataclass(frozen=True)
class LogNormal(DurationModel):
    """Log-normal durations: a median and a shape ``sigma`` (a long right tail, like real APIs)."""

    median_s: float = 0.1
    sigma: float = 0.5

    def __post_init__(self) -> None:
        _check_positive("LogNormal.median_s", self.median_s)
        sigma = self.sigma
        if not isinstance(sigma, (int, float)) or isinstance(sigma, bool) \
                or not 0 <= sigma <= MAX_SIGMA:
            # exp(sigma * z) overflows a float for large sigma; real latencies stay below 3.
            raise ValueError(f"LogNormal.sigma: expected a number from 0 to {MAX_SIGMA:g}, "
                             f"got {self.sigma!r}")

    def sample(self, rng: random.Random, vcpu: float) -> float:
        """Draw a log-normal duration."""
        return rng.lognormvariate(math.log(self.median_s), self.sigma)

    def mean(self, vcpu: float) -> float:
        """Return ``median * exp(sigma^2 / 2)``."""
        return self.median_s * math.exp(self.sigma ** 2 / 2)


@dataclass(frozen=True)
class CpuBound(DurationModel):
    """CPU work that speeds up with memory, plus waiting that does not.

    ``cpu_s`` is the CPU time at exactly 1 vCPU (1,769 MB). A handler with ``threads`` threads
    can use at most that many vCPUs, so the duration is
    ``io_s + cpu_s / min(vcpu, threads)``: below 1 vCPU it slows down in proportion, above it
    only multi-threaded code gains.
    """

    cpu_s: float = 1.0
    io_s: float = 0.0
    threads: int = 1

    def __post_init__(self) -> None:
        _check_non_negative("CpuBound.cpu_s", self.cpu_s)
        _check_non_negative("CpuBound.io_s", self.io_s)
        if not isinstance(self.threads, int) or self.threads < 1:
            raise ValueError(f"CpuBound.threads: expected an integer >= 1, got {self.threads!r}")

    def sample(self, rng: random.Random, vcpu: float) -> float:
        """Return the deterministic duration at ``vcpu``."""
        return self.mean(vcpu)

    def mean(self, vcpu: float) -> float:
        """Return ``io_s + cpu_s / min(vcpu, threads)``."""
        return self.io_s + self.cpu_s / min(vcpu, self.threads)


@dataclass(frozen=True)
class Empirical(DurationModel):
    """Durations drawn uniformly from a list of observed values (e.g. from a log export)."""

    samples: tuple[float, ...] = (0.1,)

    def __post_init__(self) -> None:
        if not self.samples:
            raise ValueError("Empirical.samples: expected at least one value, got none")
        for i, value in enumerate(self.samples):
            _check_non_negative(f"Empirical.samples[{i}]", value)
        object.__setattr__(self, "samples", tuple(float(v) for v in self.samples))

    def sample(self, rng: random.Random, vcpu: float) -> float:
        """Draw one of the observed values."""
        # One random() call (not rng.choice) keeps the draw count fixed per sample.
        return self.samples[int(rng.random() * len(self.samples))]

    def mean(self, vcpu: float) -> float:
        """Return the average of the observed values."""
        return sum(self.samples) / len(self.samples)


#: Largest duration parameter (seconds): far above Lambda's 900 s timeout, and small enough
#: that drawing from it cannot overflow a float.
MAX_DURATION_S = 1e6
#: Largest log-normal shape accepted.
MAX_SIGMA = 10.0


def _check_non_negative(field: str, value: float) -> None:
    if not isinstance(value, (int, float)) or isinstance(value, bool) \
            or not 0 <= value <= MAX_DURATION_S:
        raise ValueError(f"{field}: expected a number from 0 to {MAX_DURATION_S:,.0f}, "
                         f"got {value!r}")


def _check_positive(field: str, value: float) -> None:
    _check_non_negative(field, value)
    if value == 0:
        raise ValueError(f"{field}: expected a number > 0, got {value!r}")
