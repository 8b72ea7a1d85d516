"""The discrete-event engine at the heart of the sandbox.

Everything the model does happens in callbacks that the engine calls in simulated time.
The engine keeps one heap of ``(time, priority, seq, callback, arg)`` entries and a clock.

Event-ordering rules (the model relies on them; tests check them):

1. Events run in increasing ``time``.
2. At equal time, lower ``priority`` runs first. The priorities below make completions free
   environments *before* new arrivals at the same instant look for one, and let expiry run last,
   so an environment that finishes at ``t`` can serve an arrival at ``t``.
3. At equal time and priority, events run in the order they were scheduled (``seq``), so a run is
   reproducible to the bit.

Randomness comes only from ``engine.rng``, a ``random.Random`` seeded by the caller: the same
seed and the same inputs give the same results. No wall-clock time is read here.
"""

from __future__ import annotations

import heapq
import random
from typing import Any, Callable

#: Completions (an environment becomes free) run first at a given instant.
PRIORITY_COMPLETE = 0
#: Internal state changes (an init finishes, a retry falls due, a poller wakes).
PRIORITY_INTERNAL = 1
#: New arrivals from traffic sources.
PRIORITY_ARRIVAL = 2
#: Idle expiry and other clean-up.
PRIORITY_EXPIRE = 3

Callback = Callable[[Any], None]


class Engine:
    """A clock and a heap of pending events.

    ``now`` is simulated seconds since the start of the run. ``schedule`` registers a callback
    to run at an absolute time; ``run`` executes events until the heap is empty or ``until``.
    """

    __slots__ = ("now", "rng", "_heap", "_seq", "events_processed", "until")

    def __init__(self, seed: int | None = 0) -> None:
        self.now = 0.0
        self.rng = random.Random(seed)
        self._heap: list[tuple[float, int, int, Callback, Any]] = []
        self._seq = 0
        self.events_processed = 0
        #: The bound of the ``run`` in progress (events later than it wait for the next run).
        self.until = float("inf")

    def schedule(self, time: float, callback: Callback, arg: Any = None,
                 priority: int = PRIORITY_INTERNAL) -> None:
        """Run ``callback(arg)`` at simulated ``time`` (never earlier than ``now``)."""
        if time < self.now:
            # Scheduling into the past would silently reorder history: clamp and keep going.
            time = self.now
        self._seq += 1
        heapq.heappush(self._heap, (time, priority, self._seq, callback, arg))

    def peek(self) -> float:
        """Time of the next pending event, or ``inf`` if there is none."""
        return self._heap[0][0] if self._heap else float("inf")

    def runs_next(self, time: float) -> bool:
        """True when an event at ``time`` would be the very next one ``run`` processes.

        That is when it is strictly before every pending event and within the run's bound, so
        a callback may handle it at once instead of scheduling it (then it sets ``now`` and
        counts it in ``events_processed``, as ``run`` would): the order of events is the same.
        """
        heap = self._heap
        return (not heap or time < heap[0][0]) and time <= self.until

    def run(self, until: float = float("inf")) -> None:
        """Process events in order until the heap is empty or the next event is after ``until``.

        The clock ends at ``until`` when it is finite, so metrics can close their last interval.
        """
        heap = self._heap
        pop = heapq.heappop
        processed = 0
        self.until = until
        # ``while True`` with a break, not ``while heap and ...``: CPython 3.11 only specializes a
        # running function's bytecode after unconditional backward jumps, and this loop runs
        # once per simulation (the first call would stay unspecialized).
        while True:
            if not heap or heap[0][0] > until:
                break
            time, _prio, _seq, callback, arg = pop(heap)
            self.now = time
            callback(arg)
            processed += 1
        self.events_processed += processed
        if until != float("inf") and until > self.now:
            self.now = until
