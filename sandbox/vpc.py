"""A function attached to a VPC: Hyperplane ENIs, Pending state, NAT and Availability Zones.

What the AWS documentation says, and how the model shows it:

* Lambda creates the function's Hyperplane network interfaces when the function is created or
  its VPC settings change, not at each cold start. Until they exist the function is
  ``Pending`` and every invocation fails; then it becomes ``Active``
  (https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html).
* Because the interfaces already exist, a VPC adds only a little to each cold start (before
  Hyperplane, in 2019, it could add many seconds per new environment).
* A function in a VPC has no internet access unless its subnets route through a NAT gateway;
  a call to the internet without one hangs until the function times out
  (https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html).
* New execution environments are placed in the function's subnets. If the only subnet's
  Availability Zone fails, no new environment can start; with subnets in several AZs the
  function keeps scaling in the healthy ones
  (https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html).

* A VPC function left idle long enough becomes ``Inactive`` (Lambda reclaims its interfaces):
  the next invocation fails and the function is ``Pending`` again until they are recreated
  (https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html).

Model assumptions (AWS documents no numbers): ``eni_setup_s`` (default 90 s) is how long the
function stays Pending; ``inactive_after_s`` (default: never) is the idle time before
Inactive; ``cold_start_extra_s`` (default 0.05 s) is what a VPC adds to Init; a failed AZ stops
new environments there while the warm ones keep serving.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import Any, Callable

from . import facts
from .engine import PRIORITY_INTERNAL, Engine
from .invocation import Invocation, Outcome

#: Function states while Lambda sets up VPC resources.
#: https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html
STATE_PENDING = "Pending"
STATE_ACTIVE = "Active"
STATE_INACTIVE = "Inactive"
# Model assumptions (Pending duration, cold-start extra) live in sandbox/facts.py.
ENI_SETUP_DEFAULT_S = facts.ENI_SETUP_DEFAULT_S
VPC_COLD_START_EXTRA_DEFAULT_S = facts.VPC_COLD_START_EXTRA_DEFAULT_S


def _require(ok: bool, field: str, expected: str, got: Any) -> None:
    """Raise one clear ValueError naming the field, what was expected and what was given."""
    if not ok:
        raise ValueError(f"{field}: expected {expected}, got {got!r}")


@dataclass(frozen=True)
class VpcConfig:
    """The function's VPC settings.

    ``subnets`` lists the Availability Zone of each subnet (one per AZ in practice);
    ``internet_call_share`` is the fraction of invocations whose handler calls the internet.
    """

    subnets: tuple[str, ...] = ("us-east-1a", "us-east-1b")
    nat_gateway: bool = False
    eni_setup_s: float = ENI_SETUP_DEFAULT_S
    cold_start_extra_s: float = VPC_COLD_START_EXTRA_DEFAULT_S
    internet_call_share: float = 0.0
    inactive_after_s: float | None = None

    def __post_init__(self) -> None:
        f = "VpcConfig."
        _require(isinstance(self.subnets, (tuple, list)) and len(self.subnets) >= 1
                 and all(isinstance(s, str) and s for s in self.subnets),
                 f + "subnets", "one or more Availability Zone names", self.subnets)
        _require(len(set(self.subnets)) == len(self.subnets), f + "subnets",
                 "each Availability Zone once", self.subnets)
        _require(isinstance(self.eni_setup_s, (int, float)) and self.eni_setup_s >= 0,
                 f + "eni_setup_s", "seconds >= 0", self.eni_setup_s)
        _require(isinstance(self.cold_start_extra_s, (int, float)) and self.cold_start_extra_s >= 0,
                 f + "cold_start_extra_s", "seconds >= 0", self.cold_start_extra_s)
        _require(self.inactive_after_s is None
                 or (isinstance(self.inactive_after_s, (int, float)) and self.inactive_after_s > 0),
                 f + "inactive_after_s", "seconds > 0 (or none: never)", self.inactive_after_s)
        _require(isinstance(self.internet_call_share, (int, float))
                 and 0 <= self.internet_call_share <= 1,
                 f + "internet_call_share", "a fraction from 0 to 1", self.internet_call_share)


class VpcStats:
    """What the VPC attachment changed: failed invocations while Pending or on waking from
    Inactive, hung internet calls, environment creations refused because no subnet's AZ was
    healthy."""

    __slots__ = ("pending_failures", "inactive_failures", "internet_timeouts",
                 "blocked_creations")

    def __init__(self) -> None:
        self.pending_failures = 0
        self.inactive_failures = 0
        self.internet_timeouts = 0
        self.blocked_creations = 0

    def as_dict(self) -> dict[str, int]:
        """The counters as a plain dict."""
        return {name: getattr(self, name) for name in self.__slots__}


class VpcAttachment:
    """Attach ``function`` (a :class:`~sandbox.function.LambdaFunction`) to a VPC, now.

    Invoke through the attachment (``invoke(invocation, on_done)``) so Pending and internet
    behaviour apply; environment placement and AZ failures act on the function directly.
    """

    def __init__(self, engine: Engine, function: Any, config: VpcConfig | None = None,
                 metrics: Any = None) -> None:
        self.engine = engine
        self.function = function
        self.config = config or VpcConfig()
        self.metrics = metrics
        self.stats = VpcStats()
        self.state = STATE_PENDING if self.config.eni_setup_s > 0 else STATE_ACTIVE
        self.active_at = engine.now + self.config.eni_setup_s
        self._failed_azs: set[str] = set()
        # AZ failures and restorations to come, (time, order, failed, az): applied when a
        # creation or a reader looks, so they cost no engine event (see ``failed_azs``).
        self._az_changes: list[tuple[float, int, bool, str]] = []
        self._az_asked = 0
        self.env_az: dict[int, str] = {}
        self._next_subnet = 0
        self._last_invoke = engine.now
        if self.state == STATE_PENDING:
            engine.schedule(self.active_at, self._activate, None, PRIORITY_INTERNAL)
        function.create_guards.append(self._can_create)
        function.init_hooks.append(self._place)

    # -- the invoke contract ---------------------------------------------------------------------

    def invoke(self, invocation: Invocation, on_done: Callable[[Invocation], None]) -> None:
        """Fail while Pending or Inactive; make internet calls hang without NAT; otherwise pass
        the invocation to the function."""
        now = self.engine.now
        idle_limit = self.config.inactive_after_s
        if (idle_limit is not None and self.state == STATE_ACTIVE
                and now - self._last_invoke > idle_limit):
            # Idle so long that Lambda reclaimed the interfaces: this call fails and the
            # function is Pending again until they are recreated.
            self.state = STATE_INACTIVE
        self._last_invoke = now
        if self.state == STATE_INACTIVE:
            self.stats.inactive_failures += 1
            self.state = STATE_PENDING
            self.active_at = now + self.config.eni_setup_s
            self.engine.schedule(self.active_at, self._activate, None, PRIORITY_INTERNAL)
            invocation.outcome = Outcome.ERROR
            invocation.start = invocation.end = now
            on_done(invocation)
            return
        if self.state != STATE_ACTIVE:
            self.stats.pending_failures += 1
            invocation.outcome = Outcome.ERROR
            invocation.start = invocation.end = self.engine.now
            on_done(invocation)
            return
        share = self.config.internet_call_share
        if share and not self.config.nat_gateway and self.engine.rng.random() < share:
            # No route to the internet: the connection attempt waits until the function times out.
            self.stats.internet_timeouts += 1
            invocation.work = self.function.config.timeout_s * 2.0
        self.function.invoke(invocation, on_done)

    # -- Availability Zones -----------------------------------------------------------------

    def fail_az(self, az: str, at: float | None = None) -> None:
        """Make ``az`` unusable for new environments from ``at`` (default: now)."""
        _require(az in self.config.subnets, "VpcAttachment.fail_az",
                 f"one of {self.config.subnets}", az)
        self._change_az(az, at, failed=True)

    def restore_az(self, az: str, at: float | None = None) -> None:
        """Make ``az`` usable again from ``at`` (default: now)."""
        self._change_az(az, at, failed=False)

    @property
    def failed_azs(self) -> set[str]:
        """The Availability Zones failed at ``engine.now``."""
        if self._az_changes:
            self._apply_az_changes(self.engine.now)
        return self._failed_azs

    def passthrough_function(self) -> Any:
        """The function, when invoking through the attachment is exactly invoking it.

        That is so when the function is Active from the start and stays so (no Pending
        period, never Inactive) and no invocation's internet call can hang; placement and AZ
        failures act through the function's own hooks. Otherwise None. The simulation's fast
        path uses this to run such a VPC function in its single loop.
        """
        c = self.config
        if (self.state == STATE_ACTIVE and c.inactive_after_s is None
                and (not c.internet_call_share or c.nat_gateway)):
            return self.function
        return None

    def environments_by_az(self) -> dict[str, int]:
        """How many environments were created in each AZ."""
        counts = {az: 0 for az in self.config.subnets}
        for az in self.env_az.values():
            counts[az] += 1
        return counts

    # -- hooks into the function -------------------------------------------------------------

    def _activate(self, _: Any) -> None:
        self.state = STATE_ACTIVE

    def _change_az(self, az: str, at: float | None, failed: bool) -> None:
        # The order number keeps simultaneous changes in the order they were asked for.
        when = self.engine.now if at is None else at
        self._az_asked += 1
        heapq.heappush(self._az_changes, (when, self._az_asked, failed, az))

    def _apply_az_changes(self, now: float) -> None:
        """Apply every AZ change due at or before ``now``, in time order."""
        changes = self._az_changes
        failed_azs = self._failed_azs
        while changes and changes[0][0] <= now:
            _, _, failed, az = heapq.heappop(changes)
            if failed:
                failed_azs.add(az)
            else:
                failed_azs.discard(az)

    def _can_create(self, function: Any, now: float) -> bool:
        if self._az_changes:
            self._apply_az_changes(now)
        if len(self._failed_azs) < len(self.config.subnets):
            return True
        self.stats.blocked_creations += 1
        return False

    def _place(self, function: Any, env: Any) -> float:
        """Put the new environment in the next healthy subnet; return the VPC's Init extra."""
        subnets = self.config.subnets
        failed_azs = self.failed_azs
        for _ in range(len(subnets)):
            az = subnets[self._next_subnet % len(subnets)]
            self._next_subnet += 1
            if az not in failed_azs:
                self.env_az[env.id] = az
                break
        # FunctionConfig.vpc_init_extra_s already covers the extra when the config says vpc=True.
        if getattr(function.config, "vpc", False):
            return 0.0
        return self.config.cold_start_extra_s
