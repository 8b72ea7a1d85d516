"""A Lambda function in the model: routing requests to execution environments.

``LambdaFunction.invoke(invocation, on_done)`` (the contract in :mod:`sandbox.invocation`)
does what Lambda's front end does for one request:

1. an idle provisioned environment, if any, takes it;
2. otherwise the most recently used idle on-demand environment takes it (warm start), if the
   function's concurrency pool has a free unit;
3. otherwise, with a free unit *and* a scaling-rate token, a new environment is created
   (cold start: Init, then the handler);
4. otherwise the request is throttled (HTTP 429) and ``on_done`` is called at once.

Idle environments expire lazily: they are retired, with the exact time ``idle_since +
idle_expiry_s`` recorded, the next time the function looks at its idle list. No event is
scheduled per expiry, which keeps the common synchronous path to one heap event per request.
"""

from __future__ import annotations

import math
from collections import deque
from typing import Callable

from . import environment as envmod
from . import facts
from .concurrency import ConcurrencyPool, ScalingBucket
from .config import FunctionConfig
from .engine import PRIORITY_COMPLETE, Engine
from .environment import ExecutionEnvironment
from .invocation import Invocation, OnDone, Outcome
from .metrics import FunctionMetrics

_ceil = math.ceil


class LambdaFunction:
    """One function (one version) with its environments, concurrency pool and metrics.

    Extension points (used by the VPC, alias and other extensions):

    * ``init_hooks``: callables ``(function, env) -> extra_seconds`` added to each cold start;
    * ``create_guards``: callables ``(function, now) -> bool``; if any returns False no new
      environment can be created (e.g. the VPC subnet's Availability Zone is down);
    * ``on_init(env)`` / ``on_invoke(env, invocation)``: optional learner code that reads and
      writes ``env.state``, to show that Init state survives warm invocations. ``on_invoke``
      runs before the handler's duration is drawn and may set ``invocation.work`` (seconds)
      or ``invocation.fail``.
    """

    def __init__(self, config: FunctionConfig, engine: Engine, pool: ConcurrencyPool,
                 scaling: ScalingBucket, metrics: FunctionMetrics | None = None,
                 env_ids: Callable[[], int] | None = None) -> None:
        self.config = config
        self.name = config.name
        self.engine = engine
        self.pool = pool
        self.scaling = scaling
        self.metrics = metrics if metrics is not None else FunctionMetrics(config.name)
        self._next_env = env_ids or _counter()
        self.init_hooks: list[Callable[["LambdaFunction", ExecutionEnvironment], float]] = []
        self.create_guards: list[Callable[["LambdaFunction", float], bool]] = []
        self.on_init: Callable[[ExecutionEnvironment], None] | None = None
        self.on_invoke: Callable[[ExecutionEnvironment, Invocation], None] | None = None
        self.environments: dict[int, ExecutionEnvironment] = {}  # alive ones only
        self.retired: list[ExecutionEnvironment] = []  # kept only with timelines
        self._idle: deque[ExecutionEnvironment] = deque()  # oldest left, most recent right
        self._pc_idle: list[ExecutionEnvironment] = []
        #: Invocations running now (Init included); the metrics follow it through ``hold``.
        self.busy = 0
        # Hot-path copies of configuration values.
        self._expiry = config.idle_expiry_s
        self._max_life = config.max_lifetime_s
        self._timeout = config.timeout_s
        self._vcpu = config.vcpu
        self._error_rate = config.error_rate
        self._sample = config.duration.sample
        self._has_pc = config.provisioned_concurrency > 0
        self._complete_cb = self._complete  # one bound method, not one per invocation
        self.metrics.inflight = self._inflight
        self._provision()

    # -- provisioned concurrency --------------------------------------------------------------

    def _provision(self) -> None:
        """Create the provisioned environments, initialised before the run starts (t <= 0)."""
        n = self.config.provisioned_concurrency
        if not n:
            return
        # Provisioned concurrency is allocated from the pool whether busy or idle.
        self.pool.in_use += n
        init_s = self.config.init_duration()
        for _ in range(n):
            env = ExecutionEnvironment(self._next_env(), self.name, -init_s, init_s,
                                       provisioned=True)
            env.status = envmod.IDLE
            env.idle_since = 0.0
            self._run_on_init(env)
            self.environments[env.id] = env
            self._pc_idle.append(env)
        self.metrics.environments_created += n
        self._note_environments()

    # -- the invoke contract --------------------------------------------------------------------

    def invoke(self, invocation: Invocation, on_done: OnDone) -> None:
        """Start ``invocation`` now on a warm or new environment, or throttle it (see module)."""
        now = self.engine.now
        invocation.version = invocation.version or self.config.version
        idle = self._idle
        # Lazy idle expiry: the oldest idle environments sit at the left.
        expiry = self._expiry
        while idle and idle[0].idle_since + expiry <= now:
            old = idle.popleft()
            self._retire(old, old.idle_since + expiry, envmod.REASON_IDLE)

        if self._pc_idle:
            self._start(self._pc_idle.pop(), invocation, on_done, now)
            return
        pool = self.pool
        if pool.in_use >= pool.limit:
            self._throttle(invocation, on_done, now)
            return
        while idle:
            env = idle.pop()
            if env.retire_at <= now:
                # Recycled once both old enough and idle: record when that happened.
                self._retire(env, max(env.retire_at, env.idle_since), envmod.REASON_LIFETIME)
                continue
            pool.in_use += 1
            self._start(env, invocation, on_done, now)
            return
        # No idle environment: a cold start, if scaling and the guards allow it.
        # Guards first, so a refused creation does not spend a scaling token.
        if (self.create_guards and not all(guard(self, now) for guard in self.create_guards)) \
                or not self.scaling.try_take(now):
            self._throttle(invocation, on_done, now)
            return
        pool.in_use += 1
        env = self._create(now)
        invocation.cold = True
        invocation.init_duration = env.init_duration
        self._start(env, invocation, on_done, env.ready)

    # -- internals --------------------------------------------------------------------------------

    def _create(self, now: float) -> ExecutionEnvironment:
        init_s = self.config.init_duration()
        env = ExecutionEnvironment(self._next_env(), self.name, now, init_s)
        env.retire_at = now + self._max_life
        if self.init_hooks:
            init_s += sum(hook(self, env) for hook in self.init_hooks)
        if init_s > facts.INIT_PHASE_LIMIT_S and not self.config.snapstart_active:
            # An on-demand Init longer than 10 s is cut off and run again with the first
            # invocation: the request waits for the failed attempt and the retry.
            init_s += facts.INIT_PHASE_LIMIT_S
        if init_s != env.init_duration:
            env.init_duration = init_s
            env.ready = now + init_s
        self._run_on_init(env)
        self.environments[env.id] = env
        m = self.metrics
        m.environments_created += 1
        if not self.config.snapstart_active:
            m.billed_init_s += env.init_duration  # INIT is billed since 1 Aug 2025
        if m.timeline is not None:
            m.record_span(env.id, "init", now, env.ready)
        self._note_environments()
        return env

    def _run_on_init(self, env: ExecutionEnvironment) -> None:
        if self.on_init is not None:
            self.on_init(env)

    def _start(self, env: ExecutionEnvironment, inv: Invocation, on_done: OnDone,
               start: float) -> None:
        """Run ``inv`` on ``env`` from ``start`` (after Init for a cold start)."""
        engine = self.engine
        now = engine.now
        self.metrics.hold(now, self.busy)  # before ``env`` counts as running (``_inflight``)
        env.status = envmod.BUSY
        env.current = inv
        env.on_done = on_done
        env.admitted = now
        inv.start = start
        inv.env_id = env.id
        if self.on_invoke is not None:
            # Learner code runs first, so it can set inv.work or inv.fail from env.state
            # (e.g. a slow first call that loads a model, then fast warm calls).
            self.on_invoke(env, inv)
        work = inv.work
        if work is None:
            work = self._sample(engine.rng, self._vcpu)
        if work > self._timeout:
            end = start + self._timeout
            inv.outcome = Outcome.TIMEOUT
        else:
            end = start + work
            if inv.fail or (self._error_rate and engine.rng.random() < self._error_rate):
                inv.outcome = Outcome.ERROR
            else:
                inv.outcome = Outcome.SUCCESS
        inv.end = end
        self.busy += 1
        engine.schedule(end, self._complete_cb, env, PRIORITY_COMPLETE)

    def _complete(self, env: ExecutionEnvironment) -> None:
        inv = env.current
        on_done = env.on_done
        env.current = None
        env.on_done = None
        env.invocations += 1
        now = self.engine.now
        m = self.metrics
        m.hold(now, self.busy)
        self.busy -= 1
        m.concurrency_seconds += now - env.admitted
        start, end, outcome, provisioned = inv.start, inv.end, inv.outcome, env.provisioned
        billed = _ceil((end - start) * 1000.0 - 1e-9)  # whole milliseconds
        # A spillover is an on-demand invocation of a function that has provisioned concurrency.
        # The outcome goes as the enum member itself: it is a str equal to its value, and
        # reading ``.value`` costs more than the rest of the call.
        m.record(inv.arrival, start, end, outcome, inv.cold, inv.init_duration,
                 billed, provisioned, not provisioned and self._has_pc)
        if m.timeline is not None:
            m.timeline.append((env.id, "invoke", start, end))
        if provisioned:
            # Lambda keeps the provisioned count: a reset (timeout) provisioned environment is
            # replaced in the background, which the model treats as immediate.
            env.status = envmod.IDLE
            env.idle_since = now
            self._pc_idle.append(env)
        else:
            self.pool.in_use -= 1
            if outcome is Outcome.TIMEOUT:
                self._retire(env, now, envmod.REASON_TIMEOUT)
            else:
                env.status = envmod.IDLE
                env.idle_since = now
                self._idle.append(env)
        on_done(inv)

    def _throttle(self, inv: Invocation, on_done: OnDone, now: float) -> None:
        inv.outcome = Outcome.THROTTLED
        inv.start = inv.end = now
        self.metrics.record_throttle(inv.arrival)
        on_done(inv)

    def _retire(self, env: ExecutionEnvironment, at: float, reason: str) -> None:
        env.shut_down(at, reason)
        self.environments.pop(env.id, None)
        m = self.metrics
        m.environments_shut_down += 1
        if m.timeline is not None:
            self.retired.append(env)

    def _note_environments(self) -> None:
        n = len(self.environments)
        if n > self.metrics.peak_environments:
            self.metrics.peak_environments = n

    # -- inspection ---------------------------------------------------------------------------

    def idle_environments(self) -> list[ExecutionEnvironment]:
        """Idle environments still alive at ``engine.now``, most recently used last."""
        now = self.engine.now
        alive = [e for e in self._idle if e.idle_since + self._expiry > now]
        return self._pc_idle + alive

    def _inflight(self) -> list[float]:
        """Admission times of the invocations running now, in environment order."""
        busy = envmod.BUSY
        return [env.admitted for env in self.environments.values() if env.status == busy]

    def finish(self, at: float) -> None:
        """Shut down every remaining environment at the end of the run (time ``at``).

        Invocations still running (a run that does not drain) count until ``at``.
        """
        m = self.metrics
        m.hold(at, self.busy)
        for admitted in self._inflight():
            m.concurrency_seconds += at - admitted
        for env in list(self.environments.values()):
            if env.status == envmod.IDLE and not env.provisioned \
                    and env.idle_since + self._expiry <= at:
                self._retire(env, env.idle_since + self._expiry, envmod.REASON_IDLE)
            else:
                self._retire(env, at, envmod.REASON_END)
        self._idle.clear()
        self._pc_idle.clear()

    def __repr__(self) -> str:
        return f"LambdaFunction({self.name!r}, environments={len(self.environments)})"


def _counter() -> Callable[[], int]:
    state = [0]

    def next_id() -> int:
        """The next environment id (1, 2, ...)."""
        state[0] += 1
        return state[0]
    return next_id

