"""Lab 11, Lambda in a VPC: NAT for internet access, subnets in several Availability Zones.

The runs attach the function with :class:`sandbox.vpc.VpcAttachment`; its module docstring
lists the documented rules and the model's assumptions (Pending time, cold-start extra).
"""

from __future__ import annotations

from dataclasses import dataclass

from ...config import FunctionConfig, InitModel
from ...durations import LogNormal
from ...simulation import Simulation
from ...traffic import Step
from ...vpc import VpcAttachment, VpcConfig
from ..exercise import Exercise, Misconception, instance_of

ORDERS = FunctionConfig(name="orders", memory_mb=512, timeout_s=10, init=InitModel(fixed_s=0.3),
                        duration=LogNormal(0.15, 0.4), vpc=True)
ONE_AZ = VpcConfig(subnets=("us-east-1a",), nat_gateway=True, eni_setup_s=0)
OUTAGE_AT, RESTORE_AT = 300.0, 600.0
GROWTH_AT = 360.0


@dataclass
class VpcRun:
    """A finished run: the simulation's result and the VPC attachment with its counters."""

    result: object
    vpc: VpcAttachment


def run_vpc(settings: VpcConfig = ONE_AZ, outage: str | None = "us-east-1a",
            horizon: float = 660.0) -> VpcRun:
    """5 requests/s, rising to 30/s at 6 minutes; ``outage`` fails from 5 to 10 minutes."""
    simulation = Simulation(functions=[ORDERS], sources=[Step([(0, 5), (GROWTH_AT, 30)],
                                                              function="orders")],
                            seed=11, horizon=horizon, period_s=30)
    vpc = VpcAttachment(simulation.engine, simulation.functions["orders"], settings,
                        simulation.functions["orders"].metrics)
    simulation.register_target("orders", vpc)
    if outage is not None and outage in settings.subnets:
        vpc.fail_az(outage, OUTAGE_AT)
        vpc.restore_az(outage, RESTORE_AT)
    return VpcRun(simulation.run(), vpc)


def environments_created_during_outage(settings: VpcConfig = ONE_AZ) -> int:
    """Execution environments started while us-east-1a was down."""
    run = run_vpc(settings, horizon=RESTORE_AT - 1)
    before = run_vpc(settings, outage=None, horizon=OUTAGE_AT).result.metrics["orders"]
    return run.result.metrics["orders"].environments_created - before.environments_created


def _whole(answer) -> str | None:
    if isinstance(answer, bool) or not isinstance(answer, int) or answer < 0:
        return f"Expected a whole number of environments such as 12, got {answer!r}."
    return None


def _resilient(s: VpcConfig) -> bool:
    return len(s.subnets) >= 2 and s.nat_gateway


def _measured(s: VpcConfig) -> str:
    run = run_vpc(s)
    m = run.result.metrics["orders"]
    return (f"Measured with us-east-1a down from 5 to 10 minutes: {m.throttles} requests "
            f"refused, {run.vpc.stats.blocked_creations} environment creations blocked, "
            f"environments by AZ {run.vpc.environments_by_az()}.")


EXERCISES = (
    Exercise(
        id="one-az-down",
        title="The only Availability Zone fails",
        variable="predicted_new_environments",
        validate=_whole,
        is_correct=lambda n: n == environments_created_during_outage(),
        correct=("None. New execution environments go only into the function's own subnets, "
                 "and the only one is down, so nothing can be added when traffic grows. (In "
                 "this model the environments already running keep serving; that is the "
                 "model's simplification, not a documented AWS behaviour.)"),
        misconceptions=(
            Misconception("lambda-moves-az", lambda n: n > 0,
                          "Lambda places a VPC function's environments only in the subnets you "
                          "configured. With a single subnet there is no healthy zone to move "
                          "to."),
        ),
        hints=("Where can Lambda put a new execution environment for a function in a VPC?",
               "Only in the subnets the function is configured with.",
               "One subnet, in the failed zone."),
        solution="predicted_new_environments = 0",
        wrong=(("predicted_new_environments = 30", "lambda-moves-az"),
               ("predicted_new_environments = -1", "")),
    ),
    Exercise(
        id="resilient-vpc",
        title="Reach the internet and survive a zone failure",
        variable="settings",
        validate=instance_of(VpcConfig, 'VpcConfig(subnets=("us-east-1a",))'),
        is_correct=_resilient,
        explain=_measured,
        correct=("Subnets in two Availability Zones let Lambda start environments in the "
                 "healthy one, and the NAT gateway gives the private subnets a route to the "
                 "internet."),
        misconceptions=(
            Misconception("single-az", lambda s: len(s.subnets) < 2,
                          "With a single subnet, one Availability Zone failure stops the "
                          "function from scaling. Give it subnets in at least two AZs."),
            Misconception("no-nat", lambda s: not s.nat_gateway,
                          "Without a NAT gateway, a function in a VPC has no route to the "
                          "internet: a call to the payment API waits until the function times "
                          "out."),
        ),
        hints=("Two problems: a single point of failure, and no way out to the internet.",
               "`subnets` takes several AZ names; `nat_gateway=True` adds the route.",
               'VpcConfig(subnets=("us-east-1a", "us-east-1b"), nat_gateway=True)'),
        solution='settings = VpcConfig(subnets=("us-east-1a", "us-east-1b"), nat_gateway=True)',
        wrong=(('settings = VpcConfig(subnets=("us-east-1a",), nat_gateway=True)', "single-az"),
               ('settings = VpcConfig(subnets=("us-east-1a", "us-east-1b"))', "no-nat"),
               ('settings = ("us-east-1a", "us-east-1b")', "")),
    ),
)
