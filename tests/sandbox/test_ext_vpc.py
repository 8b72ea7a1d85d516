"""VPC attachment: Pending then Active, small cold-start extra, NAT for internet, AZ failure."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from sandbox import Fixed, FunctionConfig, InitModel, Invocation, Outcome, Simulation
from sandbox.vpc import STATE_ACTIVE, STATE_PENDING, VpcAttachment, VpcConfig


def vpc_function(vpc: VpcConfig, duration: float = 1.0, **cfg):
    """A real LambdaFunction (Init 0.2 s) attached to a VPC."""
    cfg.setdefault("init", InitModel(fixed_s=0.2))
    sim = Simulation(functions=[FunctionConfig(name="fn", duration=Fixed(duration), **cfg)])
    fn = sim.functions["fn"]
    return sim.engine, fn, VpcAttachment(sim.engine, fn, vpc)


def fire(engine, target, at: float, n: int = 1, results=None):
    """Schedule n simultaneous invocations of target at time ``at``; collect them."""
    results = [] if results is None else results

    def go(_):
        for i in range(n):
            target.invoke(Invocation(i, engine.now), results.append)

    engine.schedule(at, go, None)
    return results


def test_function_is_pending_until_enis_exist_then_active():
    """While Lambda creates the VPC network interfaces the function is Pending and
    invocations fail; afterwards it is Active. https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html"""
    eng, fn, vpc = vpc_function(VpcConfig(eni_setup_s=90))
    assert vpc.state == STATE_PENDING
    early = fire(eng, vpc, 10.0)
    late = fire(eng, vpc, 100.0)
    eng.run()
    assert vpc.state == STATE_ACTIVE
    assert early[0].outcome is Outcome.ERROR and late[0].outcome is Outcome.SUCCESS
    assert vpc.stats.pending_failures == 1 and fn.metrics.invocations == 1


def test_vpc_adds_only_a_small_extra_to_cold_starts():
    """With Hyperplane ENIs made at configuration time, a cold start gains only the small
    configured extra (here 50 ms), not the many seconds of per-environment ENIs."""
    eng, fn, vpc = vpc_function(VpcConfig(eni_setup_s=0, cold_start_extra_s=0.05))
    res = fire(eng, vpc, 0.0)
    eng.run()
    assert res[0].cold and res[0].init_duration == pytest.approx(0.25)


def test_internet_call_without_nat_times_out_and_with_nat_succeeds():
    """A VPC function reaches the internet only through a NAT gateway; without one the call
    hangs until the function timeout. https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html"""
    for nat, expected in ((False, Outcome.TIMEOUT), (True, Outcome.SUCCESS)):
        eng, fn, vpc = vpc_function(VpcConfig(eni_setup_s=0, nat_gateway=nat,
                                              internet_call_share=1.0), timeout_s=6.0)
        res = fire(eng, vpc, 0.0)
        eng.run()
        assert res[0].outcome is expected
        if not nat:
            assert res[0].end - res[0].start == pytest.approx(6.0)


def test_single_az_failure_stops_new_environments():
    """With one subnet, when its AZ fails warm environments keep serving but no new one starts,
    so a burst beyond them is refused."""
    eng, fn, vpc = vpc_function(VpcConfig(subnets=("us-east-1a",), eni_setup_s=0))
    first = fire(eng, vpc, 0.0, n=2)
    vpc.fail_az("us-east-1a", at=5.0)
    burst = fire(eng, vpc, 10.0, n=5)
    eng.run()
    assert all(r.outcome is Outcome.SUCCESS for r in first)
    assert sum(r.outcome is Outcome.SUCCESS for r in burst) == 2
    assert vpc.stats.blocked_creations == 3


def test_multi_az_keeps_scaling_when_one_az_fails():
    """With subnets in two AZs, losing one still lets new environments start in the other.
    https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html"""
    eng, fn, vpc = vpc_function(VpcConfig(subnets=("us-east-1a", "us-east-1b"), eni_setup_s=0))
    vpc.fail_az("us-east-1a", at=0.0)
    burst = fire(eng, vpc, 1.0, n=5)
    eng.run()
    assert all(r.outcome is Outcome.SUCCESS for r in burst)
    assert vpc.environments_by_az() == {"us-east-1a": 0, "us-east-1b": 5}


def test_config_validation_names_the_field():
    """Bad VPC settings fail with the field's name."""
    with pytest.raises(ValueError, match="subnets"):
        VpcConfig(subnets=())
    with pytest.raises(ValueError, match="subnets"):
        VpcConfig(subnets=("a", "a"))
    with pytest.raises(ValueError, match="internet_call_share"):
        VpcConfig(internet_call_share=2)


def test_idle_vpc_function_goes_inactive_then_pending_then_active():
    """After a long idle period the interfaces are reclaimed: the next invocation fails, the
    function is Pending while they are recreated, then Active again.
    https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html"""
    eng, fn, vpc = vpc_function(VpcConfig(eni_setup_s=60, inactive_after_s=86_400))
    first = fire(eng, vpc, 100.0)
    wake = fire(eng, vpc, 100.0 + 86_401)
    during = fire(eng, vpc, 100.0 + 86_430)
    after = fire(eng, vpc, 100.0 + 86_470)
    eng.run()
    assert first[0].outcome is Outcome.SUCCESS
    assert wake[0].outcome is Outcome.ERROR and during[0].outcome is Outcome.ERROR
    assert after[0].outcome is Outcome.SUCCESS and vpc.state == STATE_ACTIVE
    assert vpc.stats.inactive_failures == 1 and vpc.stats.pending_failures == 1


def _vpc_run(fast: bool, subnets, outages, rate, scaling, seed):
    """One run of a VPC function under Poisson traffic with AZ outages; what it produced."""
    from sandbox import AccountConfig, LogNormal, Poisson
    from sandbox import fastpath
    sim = Simulation(account=AccountConfig(scaling_per_window=scaling),
                     functions=[FunctionConfig(name="fn", duration=LogNormal(0.4, 0.8),
                                               init=InitModel(fixed_s=0.3))],
                     sources=[Poisson(rate, function="fn")], seed=seed, horizon=120.0,
                     period_s=10.0, timelines=True)
    vpc = VpcAttachment(sim.engine, sim.functions["fn"], VpcConfig(subnets=subnets,
                                                                   eni_setup_s=0))
    sim.register_target("fn", vpc)
    for az, at, back in outages:
        vpc.fail_az(subnets[az % len(subnets)], at)
        vpc.restore_az(subnets[az % len(subnets)], back)
    sim.fast_path = fast
    assert fastpath.eligible(sim) is sim.functions["fn"]
    result = sim.run()
    return (result.to_dict(), sim.functions["fn"].metrics.timeline, vpc.stats.as_dict(),
            vpc.env_az, sorted(vpc.failed_azs))


@settings(max_examples=40, deadline=None)
@given(subnets=st.sampled_from([("us-east-1a",), ("us-east-1a", "us-east-1b")]),
       outages=st.lists(st.tuples(st.integers(0, 1), st.floats(0.0, 100.0),
                                  st.floats(0.0, 130.0)), max_size=3),
       rate=st.floats(1.0, 40.0), scaling=st.sampled_from([1000, 2]),
       seed=st.integers(0, 1000))
def test_vpc_function_runs_on_the_fast_path_with_identical_results(subnets, outages, rate,
                                                                   scaling, seed):
    """An Active VPC attachment with nothing to add per request runs in the fast path's single
    loop; placement, AZ outages and refused creations come out exactly as event by event."""
    assert _vpc_run(True, subnets, outages, rate, scaling, seed) == \
        _vpc_run(False, subnets, outages, rate, scaling, seed)


def test_vpc_attachment_keeps_the_general_path_when_it_acts_on_requests():
    """Pending at the start, able to go Inactive, or hanging internet calls without NAT: the
    attachment changes requests, so it is no pass-through."""
    for settings_ in (VpcConfig(eni_setup_s=90), VpcConfig(eni_setup_s=0, inactive_after_s=60),
                      VpcConfig(eni_setup_s=0, internet_call_share=0.5)):
        _, fn, vpc = vpc_function(settings_)
        assert vpc.passthrough_function() is None
    _, fn, vpc = vpc_function(VpcConfig(eni_setup_s=0, internet_call_share=0.5,
                                        nat_gateway=True))
    assert vpc.passthrough_function() is fn
