"""One execution environment: its lifecycle and the state that survives between invocations.

Lifecycle: ``INIT`` (a cold start: the runtime starts and the code outside the handler runs, or
a SnapStart snapshot is restored) → ``BUSY`` (running one invocation; never more than one at a
time) → ``IDLE`` (frozen between invocations) → ``BUSY`` again on the next warm invocation, or
``SHUTDOWN`` after ``idle_expiry_s`` without work, after ``max_lifetime_s`` since creation, or
after a timeout (Lambda resets the environment).

``state`` is a dict that Init fills and that warm invocations see unchanged: the labs use it to
show module globals and files in ``/tmp`` surviving between invocations.
"""

from __future__ import annotations

from typing import Any

INIT = "init"
BUSY = "busy"
IDLE = "idle"
SHUTDOWN = "shutdown"

#: Why an environment shut down.
REASON_IDLE = "idle-expiry"
REASON_LIFETIME = "max-lifetime"
REASON_TIMEOUT = "timeout-reset"
REASON_END = "end-of-run"


class ExecutionEnvironment:
    """One execution environment of one function.

    ``created`` is when Init started; ``ready`` when Init finished; ``idle_since`` when it last
    became idle; ``invocations`` counts the invocations it served. ``provisioned`` marks an
    environment kept initialised by provisioned concurrency. ``retire_at`` is when it reaches
    the function's maximum lifetime (``created + max_lifetime_s``); ``admitted``, while it is
    BUSY, when the running invocation was admitted (it holds concurrency from then).
    """

    __slots__ = ("id", "function", "created", "ready", "idle_since", "status", "invocations",
                 "provisioned", "state", "shutdown_at", "shutdown_reason", "init_duration",
                 "current", "on_done", "admitted", "retire_at")

    def __init__(self, env_id: int, function: str, created: float, init_duration: float,
                 provisioned: bool = False) -> None:
        self.id = env_id
        self.function = function
        self.created = created
        self.init_duration = init_duration
        self.ready = created + init_duration
        self.idle_since = self.ready
        self.status = INIT
        self.invocations = 0
        self.provisioned = provisioned
        self.state: dict[str, Any] = {}
        self.shutdown_at = -1.0
        self.shutdown_reason = ""
        self.current = None  # the invocation being served, while BUSY
        self.on_done = None
        self.admitted = created
        self.retire_at = float("inf")  # set by the function that creates it

    def shut_down(self, at: float, reason: str) -> None:
        """Mark the environment gone at time ``at`` for ``reason``."""
        self.status = SHUTDOWN
        self.shutdown_at = at
        self.shutdown_reason = reason

    def __repr__(self) -> str:
        return (f"ExecutionEnvironment(id={self.id}, function={self.function!r}, "
                f"status={self.status}, invocations={self.invocations})")
