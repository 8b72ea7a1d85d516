"""Each model item against the number AWS documents for it (source URL in each docstring)."""

from __future__ import annotations

import math

import pytest

from sandbox import (AccountConfig, Burst, CpuBound, Fixed, FunctionConfig, InitModel, Outcome,
                     Simulation, facts)
from sandbox.concurrency import ScalingBucket
from sandbox.config import vcpu_for_memory

from strategies import quick_function, run_script


# --- concurrency -------------------------------------------------------------------------------

def test_account_limit_default_is_1000_and_the_1001st_concurrent_request_is_throttled():
    """Default account concurrency is 1,000; one more concurrent request gets a 429.
    https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"""
    assert AccountConfig().concurrency_limit == 1000
    result, done = run_script(quick_function(duration=Fixed(5.0)), [0.0] * 1001)
    m = result.metrics["fn"]
    assert m.peak_concurrency == 1000
    assert m.throttles == 1
    assert [inv.outcome for inv in done].count(Outcome.THROTTLED) == 1


def test_scaling_rate_is_1000_new_environments_per_10_seconds_refilled_continuously():
    """Each function adds at most 1,000 environments per 10 s, refilled continuously (100/s).
    https://docs.aws.amazon.com/lambda/latest/dg/scaling-behavior.html"""
    account = AccountConfig(concurrency_limit=5000)
    fn = quick_function(duration=Fixed(60.0), timeout_s=900.0)
    # 1,000 at t=0 succeed at once; at t=1 s exactly 100 more tokens have refilled.
    result, done = run_script(fn, [0.0] * 1000 + [1.0] * 300, account=account)
    started_at_1 = [i for i in done if i.arrival == 1.0 and i.outcome is not Outcome.THROTTLED]
    assert result.metrics["fn"].environments_created == 1100
    assert len(started_at_1) == 100


def test_unused_scaling_rate_does_not_accumulate_beyond_1000():
    """Unused scaling capacity never accumulates: after a quiet minute, still only 1,000.
    https://docs.aws.amazon.com/lambda/latest/dg/scaling-behavior.html"""
    bucket = ScalingBucket(1000, 10.0)
    taken = sum(bucket.try_take(60.0) for _ in range(1500))
    assert taken == 1000


def test_reserved_concurrency_is_a_cap():
    """A function with reserved concurrency N never runs more than N at once; the rest is 429.
    https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html"""
    result, done = run_script(quick_function(reserved_concurrency=5), [0.0] * 8)
    assert result.metrics["fn"].peak_concurrency == 5
    assert result.metrics["fn"].throttles == 3


def test_reserved_concurrency_is_a_guarantee_other_functions_cannot_take():
    """Reserved units are kept for their function even when another function saturates the rest.
    https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html"""
    account = AccountConfig(concurrency_limit=200)
    critical = quick_function(name="critical", reserved_concurrency=50)
    noisy = quick_function(name="noisy", duration=Fixed(100.0), timeout_s=900.0)
    sim = Simulation(account=account, functions=[critical, noisy],
                     sources=[Burst(400, at=0.0, function="noisy"),
                              Burst(50, at=1.0, function="critical")], horizon=10)
    result = sim.run()
    assert result.metrics["noisy"].peak_concurrency == 150
    assert result.metrics["critical"].throttles == 0
    assert result.metrics["critical"].invocations == 50


def test_reservations_must_leave_100_unreserved():
    """Reserved concurrency may not take the unreserved pool below 100.
    https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html"""
    ok = [quick_function(name="a", reserved_concurrency=900)]
    Simulation(functions=ok)  # exactly 100 left: accepted
    too_much = [quick_function(name="a", reserved_concurrency=500),
                quick_function(name="b", reserved_concurrency=401)]
    with pytest.raises(ValueError, match="at least 100"):
        Simulation(functions=too_much)


def test_provisioned_environments_are_initialised_before_traffic_and_spillover_is_counted():
    """Provisioned environments serve without Init; requests beyond them spill to on-demand and
    count as ProvisionedConcurrencySpilloverInvocations.
    https://docs.aws.amazon.com/lambda/latest/dg/monitoring-concurrency.html"""
    result, done = run_script(quick_function(provisioned_concurrency=3), [0.0] * 5)
    m = result.metrics["fn"]
    assert [inv.cold for inv in done] == [False, False, False, True, True]
    assert m.spillover == 2
    assert m.cold_starts == 2


# --- execution environment lifecycle ---------------------------------------------------------

def test_one_request_per_environment_and_warm_reuse_of_the_most_recent():
    """An environment serves one request at a time; an idle one is reused warm.
    https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html"""
    _, done = run_script(quick_function(), [0.0, 0.5, 2.0, 2.0])
    assert [inv.cold for inv in done] == [True, True, False, False]
    assert done[0].env_id != done[1].env_id
    # the request at t=2 goes to the most recently freed environment (the second one)
    assert done[2].env_id == done[1].env_id


def test_idle_expiry_is_configurable_with_a_ten_minute_default():
    """Idle environments are reclaimed after ``idle_expiry_s`` (default 600 s, a measured value:
    AWS documents no number). https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html"""
    assert FunctionConfig().idle_expiry_s == 600.0
    fn = quick_function(idle_expiry_s=30.0)
    _, done = run_script(fn, [0.0, 30.0, 61.2])  # second at 29 s idle; third at 30.1 s idle
    assert [inv.cold for inv in done] == [True, False, True]


def test_maximum_lifetime_recycles_busy_environments():
    """Environments are recycled after ``max_lifetime_s`` even when kept warm.
    https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html"""
    fn = quick_function(max_lifetime_s=3600.0, duration=Fixed(0.1))
    times = [60.0 * k for k in range(121)]  # one request a minute for two hours
    result, done = run_script(fn, times)
    assert result.metrics["fn"].cold_starts == 3  # t=0, t=3600, t=7200
    assert [inv.arrival for inv in done if inv.cold] == [0.0, 3600.0, 7200.0]


def test_init_state_survives_warm_invocations_but_not_a_new_environment():
    """Globals and /tmp set during Init are still there on warm invocations of that environment.
    https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html"""
    fn = quick_function(idle_expiry_s=10.0)
    sim = Simulation(functions=[fn], horizon=100)
    seen = []
    lam = sim.functions["fn"]
    lam.on_init = lambda env: env.state.update(db_connections=1, tmp=["model.bin"])

    def handler(env, inv):
        env.state["calls"] = env.state.get("calls", 0) + 1
        seen.append((env.id, env.state["calls"], env.state["db_connections"]))
    lam.on_invoke = handler
    from sandbox import Arrivals
    sim.add_source(Arrivals([0.0, 2.0, 4.0, 30.0], function="fn"))
    sim.run()
    assert [s[1] for s in seen] == [1, 2, 3, 1]
    assert seen[0][0] == seen[2][0] != seen[3][0]


def test_timeout_maximum_is_900_seconds_and_a_timed_out_environment_is_reset():
    """Timeout is at most 900 s; an invocation past its timeout ends at the timeout and the next
    request starts a fresh environment.
    https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html"""
    FunctionConfig(timeout_s=900.0)
    with pytest.raises(ValueError, match="timeout_s"):
        FunctionConfig(timeout_s=900.5)
    fn = quick_function(timeout_s=3.0)
    _, done = run_script(fn, [0.0, 10.0], works=[5.0, 0.1])
    assert done[0].outcome is Outcome.TIMEOUT
    assert done[0].end - done[0].start == pytest.approx(3.0)
    assert done[1].cold


def test_snapstart_restores_only_on_published_versions():
    """SnapStart applies to published versions, not $LATEST.
    https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html"""
    latest = FunctionConfig(runtime="java21", snapstart=True)
    published = latest.replace(version="3")
    assert not latest.snapstart_active and published.snapstart_active
    assert published.init_duration() == facts.SNAPSTART_RESTORE_S
    assert latest.init_duration() > published.init_duration()


def test_init_duration_grows_with_package_size_and_falls_with_memory():
    """Cold starts take longer with bigger packages and shorter with more memory (CPU) — a model
    assumption, documented in sandbox.facts; Init is limited to 10 s.
    https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html"""
    small = FunctionConfig(package_mb=1).init_duration()
    big = FunctionConfig(package_mb=200).init_duration()
    more_memory = FunctionConfig(package_mb=200, memory_mb=1769).init_duration()
    assert small < big and more_memory < big


def test_an_init_over_ten_seconds_is_cut_off_and_run_again():
    """An on-demand Init that needs 12 s hits the 10 s limit and is run again with the first
    invocation: the request waits 10 + 12 s before its handler starts.
    https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html"""
    _, done = run_script(quick_function(init=InitModel(fixed_s=12.0)), [0.0])
    assert done[0].start == 22.0 and done[0].init_duration == 22.0


# --- memory, CPU and cost --------------------------------------------------------------------

def test_memory_range_is_128_to_10240_mb():
    """Memory can be set from 128 MB to 10,240 MB.
    https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html"""
    FunctionConfig(memory_mb=128)
    FunctionConfig(memory_mb=10240)
    for bad in (127, 10241):
        with pytest.raises(ValueError, match="memory_mb"):
            FunctionConfig(memory_mb=bad)


def test_1769_mb_is_one_vcpu_and_cpu_bound_work_speeds_up_until_one_thread_is_saturated():
    """1,769 MB = 1 vCPU, proportional, up to 6 vCPUs; CPU-bound duration falls with memory.
    https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html"""
    assert vcpu_for_memory(1769) == 1.0
    assert vcpu_for_memory(10240) <= 6
    work = CpuBound(cpu_s=1.0)
    assert work.mean(vcpu_for_memory(1769 // 2)) == pytest.approx(2.0, rel=1e-3)
    assert work.mean(vcpu_for_memory(3538)) == 1.0  # one thread cannot use a second vCPU
    assert CpuBound(cpu_s=1.0, threads=4).mean(vcpu_for_memory(3538)) == pytest.approx(0.5)


def test_request_and_duration_prices_x86_and_arm():
    """$0.20 per million requests; $0.0000166667/GB-s (x86) and $0.0000133334/GB-s (arm64) in the
    first tier, us-east-1. https://aws.amazon.com/lambda/pricing/"""
    for arch, price in (("x86_64", 0.0000166667), ("arm64", 0.0000133334)):
        fn = quick_function(memory_mb=1024, architecture=arch, init=InitModel(fixed_s=0.0))
        result, _ = run_script(fn, [float(k) * 2 for k in range(1000)])
        cost = result.cost["fn"]
        assert cost.requests == pytest.approx(1000 * 0.20 / 1e6)
        assert cost.duration == pytest.approx(1000 * 1.0 * 1.0 * price)


def test_duration_is_billed_rounded_up_to_the_millisecond():
    """Duration is billed in 1 ms increments, rounded up. https://aws.amazon.com/lambda/pricing/"""
    fn = quick_function(memory_mb=1024, init=InitModel(fixed_s=0.0))
    result, _ = run_script(fn, [0.0], works=[0.0101])
    assert result.metrics["fn"].billed_s_on_demand == pytest.approx(0.011)


def test_duration_price_tiers():
    """x86: 6 B GB-s at the first price, the next 9 B at the second, beyond at the third.
    https://aws.amazon.com/lambda/pricing/"""
    from sandbox import tiered_duration_price
    expected = 6e9 * 0.0000166667 + 9e9 * 0.0000150000 + 1e9 * 0.0000133334
    assert tiered_duration_price(16e9, "x86_64") == pytest.approx(expected)
    arm = 7.5e9 * 0.0000133334 + 1e9 * 0.0000120001
    assert tiered_duration_price(8.5e9, "arm64") == pytest.approx(arm)


def test_init_phase_is_billed_on_demand():
    """Since 1 August 2025 the Init phase of on-demand invocations is billed as duration.
    https://aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase/"""
    fn = quick_function(memory_mb=1024, init=InitModel(fixed_s=0.5))
    result, _ = run_script(fn, [0.0])
    assert result.cost["fn"].init == pytest.approx(0.5 * 0.0000166667)


def test_provisioned_concurrency_charges():
    """Provisioned concurrency: $0.0000041667 per GB-s configured, $0.0000097222 per GB-s of
    duration on provisioned environments (x86, us-east-1). https://aws.amazon.com/lambda/pricing/"""
    fn = quick_function(memory_mb=2048, provisioned_concurrency=2)
    result, _ = run_script(fn, [0.0], horizon=3600.0)
    cost = result.cost["fn"]
    assert cost.provisioned == pytest.approx(2 * 2.0 * 3600 * 0.0000041667)
    assert cost.provisioned_duration == pytest.approx(1.0 * 2.0 * 0.0000097222)
    assert cost.duration == 0.0 and cost.init == 0.0


def test_free_tier_is_one_million_requests_and_400000_gb_s():
    """The monthly free tier covers 1 M requests and 400,000 GB-s.
    https://aws.amazon.com/lambda/pricing/"""
    from sandbox.cost import free_tier_credit
    assert free_tier_credit(5_000_000, 1e6, "x86_64") == pytest.approx(
        1e6 * 0.20 / 1e6 + 400_000 * 0.0000166667)
    fn = quick_function(memory_mb=128)
    sim = Simulation(functions=[fn], sources=[Burst(10, function="fn")], horizon=60,
                     free_tier=True)
    assert math.isclose(sim.run().cost["fn"].total, 0.0, abs_tol=1e-15)


def test_an_init_longer_than_ten_seconds_is_cut_off_and_retried_with_the_invocation():
    """The on-demand Init phase is limited to 10 s; when it does not finish, Lambda retries it
    at the first invocation, so the request waits 10 s plus the whole Init again.
    https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html"""
    fn = quick_function(init=InitModel(fixed_s=12.0), duration=Fixed(1.0))
    _, done = run_script(fn, [0.0])
    assert done[0].init_duration == pytest.approx(22.0)
    assert done[0].end == pytest.approx(23.0)
    _, quick = run_script(quick_function(init=InitModel(fixed_s=9.0)), [0.0])
    assert quick[0].init_duration == pytest.approx(9.0)


def test_learner_code_can_make_the_first_call_in_an_environment_slow():
    """on_invoke runs before the duration is drawn, so state kept in the environment can decide
    it: a model loaded lazily makes the first call of each environment slow, the next ones fast.
    https://docs.aws.amazon.com/lambda/latest/dg/best-practices.html"""
    fn = quick_function(duration=Fixed(0.1), init=InitModel(fixed_s=0.0))
    sim = Simulation(functions=[fn], horizon=100)

    def handler(env, inv):
        if "model" not in env.state:
            env.state["model"] = "loaded"
            inv.work = 2.0
    sim.functions["fn"].on_invoke = handler
    from sandbox import Arrivals
    sim.add_source(Arrivals([0.0, 5.0, 10.0], function="fn"))
    done = sim.keep_invocations()
    sim.run()
    assert [round(i.end - i.start, 3) for i in done] == [2.0, 0.1, 0.1]


def test_ephemeral_storage_above_512_mb_is_billed_per_gb_second():
    """/tmp beyond the free 512 MB costs $0.0000000309 per GB-s of billed duration (us-east-1).
    https://aws.amazon.com/lambda/pricing/"""
    fn = quick_function(memory_mb=1024, ephemeral_storage_mb=2560, init=InitModel(fixed_s=0.0))
    result, _ = run_script(fn, [0.0], works=[10.0])
    assert result.cost["fn"].ephemeral_storage == pytest.approx(2.0 * 10.0 * 0.0000000309)
    with pytest.raises(ValueError, match="ephemeral_storage_mb"):
        FunctionConfig(ephemeral_storage_mb=256)


def test_arm64_provisioned_concurrency_is_cheaper():
    """arm64 provisioned concurrency: $0.0000033334 per GB-s configured and $0.0000077778 per
    GB-s of duration (us-east-1). https://aws.amazon.com/lambda/pricing/"""
    fn = quick_function(memory_mb=1024, architecture="arm64", provisioned_concurrency=1)
    result, _ = run_script(fn, [0.0], horizon=300.0)
    cost = result.cost["fn"]
    assert cost.provisioned == pytest.approx(1.0 * 300.0 * 0.0000033334)
    assert cost.provisioned_duration == pytest.approx(1.0 * 1.0 * 0.0000077778)


def test_provisioned_concurrency_is_billed_in_five_minute_steps_without_free_tier():
    """Provisioned concurrency time is rounded up to the nearest 5 minutes, and the free tier
    does not apply to a function with provisioned concurrency. https://aws.amazon.com/lambda/pricing/"""
    fn = quick_function(memory_mb=1024, provisioned_concurrency=1)
    sim = Simulation(functions=[fn], sources=[Burst(3, function="fn")], horizon=301.0,
                     free_tier=True)
    cost = sim.run().cost["fn"]
    assert cost.provisioned == pytest.approx(600.0 * 0.0000041667)
    assert cost.free_tier_credit == 0.0
