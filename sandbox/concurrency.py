"""Concurrency limits: the account pool, reserved concurrency and the scaling-rate bucket.

Concurrency is the number of execution environments working on a request at once (including
their Init). An idle environment holds no concurrency, except a provisioned one: provisioned
concurrency is allocated up front and counts against the pool whether busy or not.

* The account limit (default 1,000) is split into each reserved function's own pool and one
  unreserved pool shared by every other function. Reservations may not leave the unreserved
  pool below 100.
* Each function may add at most 1,000 environments per 10 s: a token bucket refilled
  continuously at 100/s that never holds more than 1,000 tokens.
"""

from __future__ import annotations

from typing import Iterable

from .config import AccountConfig, FunctionConfig


class ConcurrencyPool:
    """A number of concurrency units: ``limit`` in total, ``in_use`` taken.

    ``owner`` is the function name for a reserved pool, ``""`` for the unreserved pool.
    """

    __slots__ = ("limit", "in_use", "owner")

    def __init__(self, limit: int, owner: str = "") -> None:
        self.limit = limit
        self.in_use = 0
        self.owner = owner

    def try_acquire(self) -> bool:
        """Take one unit if one is free."""
        if self.in_use < self.limit:
            self.in_use += 1
            return True
        return False

    def release(self) -> None:
        """Give one unit back."""
        self.in_use -= 1


class ScalingBucket:
    """The per-function scaling rate as a continuously refilled token bucket.

    One token is one new on-demand execution environment. The bucket starts full
    (``capacity`` tokens) and refills at ``capacity / window_s`` tokens per second.
    """

    __slots__ = ("capacity", "rate", "tokens", "last", "enabled")

    def __init__(self, capacity: int, window_s: float, enabled: bool = True) -> None:
        self.capacity = float(capacity)
        self.rate = capacity / window_s
        self.tokens = float(capacity)
        self.last = 0.0
        self.enabled = enabled

    def try_take(self, now: float) -> bool:
        """Take one token at time ``now`` if one is available."""
        if not self.enabled:
            return True
        tokens = self.tokens + (now - self.last) * self.rate
        if tokens > self.capacity:
            tokens = self.capacity  # unused scaling rate does not accumulate
        self.last = now
        if tokens >= 1.0:
            self.tokens = tokens - 1.0
            return True
        self.tokens = tokens
        return False

    def available(self, now: float) -> float:
        """Tokens available at ``now`` (without taking any)."""
        if not self.enabled:
            return float("inf")
        return min(self.capacity, self.tokens + (now - self.last) * self.rate)


class AccountConcurrency:
    """The account's pools for a set of functions, validated like the Lambda API does."""

    def __init__(self, account: AccountConfig, functions: Iterable[FunctionConfig]) -> None:
        self.account = account
        functions = list(functions)
        reserved_total = sum(f.reserved_concurrency or 0 for f in functions)
        unreserved = account.concurrency_limit - reserved_total
        if unreserved < account.unreserved_min:
            names = ", ".join(f"{f.name}={f.reserved_concurrency}" for f in functions
                              if f.reserved_concurrency)
            raise ValueError(
                f"FunctionConfig.reserved_concurrency: reservations ({names}) total "
                f"{reserved_total}, which leaves {unreserved} unreserved; expected at least "
                f"{account.unreserved_min} of the account's {account.concurrency_limit} left "
                f"unreserved")
        # Reserved functions get a pool of their own; everyone else shares what is left.
        self.unreserved = ConcurrencyPool(unreserved)
        self.pools: dict[str, ConcurrencyPool] = {}
        for f in functions:
            if f.reserved_concurrency is not None:
                self.pools[f.name] = ConcurrencyPool(f.reserved_concurrency, f.name)
            else:
                self.pools[f.name] = self.unreserved
        # Provisioned concurrency outside a reservation is carved from the unreserved pool,
        # so the same floor of 100 applies to it.
        pc_unreserved = sum(f.provisioned_concurrency for f in functions
                            if f.reserved_concurrency is None)
        if pc_unreserved > unreserved - account.unreserved_min:
            raise ValueError(
                f"FunctionConfig.provisioned_concurrency: {pc_unreserved} provisioned from the "
                f"unreserved pool; expected at most {unreserved - account.unreserved_min} "
                f"(the unreserved pool minus {account.unreserved_min})")

    def pool_for(self, function: str) -> ConcurrencyPool:
        """The pool a function draws from."""
        return self.pools[function]

    def in_use(self) -> int:
        """Units in use across the whole account."""
        # Several functions share the unreserved pool object: count each pool once.
        seen = {id(self.unreserved): self.unreserved}
        for pool in self.pools.values():
            seen[id(pool)] = pool
        return sum(p.in_use for p in seen.values())
