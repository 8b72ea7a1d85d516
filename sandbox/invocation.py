"""What one invocation is, and the contract every caller of a function uses.

Callers (traffic sources, the asynchronous queue, event source mappings, API Gateway, aliases)
all talk to a function the same way::

    function.invoke(invocation, on_done)

``invoke`` is called at ``engine.now``. The function either starts the invocation on an idle
execution environment, starts a new one (a cold start), or throttles it. When the outcome is
known, ``on_done(invocation)`` is called at the simulated time it became known (for a throttle,
immediately). The caller decides what a throttle or an error means for it (retry, return a
429, put the message back on the queue...).
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Callable


class Outcome(str, Enum):
    """How an invocation ended, as the caller sees it."""

    PENDING = "pending"
    SUCCESS = "success"
    ERROR = "error"          # the handler raised (function error)
    TIMEOUT = "timeout"      # the handler ran past the function's timeout
    THROTTLED = "throttled"  # no concurrency available: HTTP 429 TooManyRequestsException


class Invocation:
    """One request to run the handler once.

    ``work`` is the handler's duration in seconds on a warm environment at the function's memory
    (``None``: draw it from the function's duration model). ``fail`` makes the handler raise.
    The function fills in ``start``, ``end``, ``cold``, ``init_duration``, ``env_id`` and
    ``outcome``.
    """

    __slots__ = ("id", "arrival", "work", "fail", "payload", "source", "attempt",
                 "start", "end", "cold", "init_duration", "env_id", "outcome", "version")

    def __init__(self, id: int, arrival: float, work: float | None = None, fail: bool = False,
                 payload: Any = None, source: str = "sync", attempt: int = 0) -> None:
        self.id = id
        self.arrival = arrival
        self.work = work
        self.fail = fail
        self.payload = payload
        self.source = source
        self.attempt = attempt
        self.start = -1.0
        self.end = -1.0
        self.cold = False
        self.init_duration = 0.0
        self.env_id = -1
        self.outcome = Outcome.PENDING
        self.version: str | None = None

    @property
    def latency(self) -> float:
        """Seconds from arrival to the outcome being known (includes any init)."""
        return self.end - self.arrival

    def __repr__(self) -> str:
        return (f"Invocation(id={self.id}, arrival={self.arrival:.3f}, outcome={self.outcome.value},"
                f" cold={self.cold}, env={self.env_id})")


OnDone = Callable[[Invocation], None]
