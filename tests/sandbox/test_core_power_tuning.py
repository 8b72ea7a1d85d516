"""The power-tuning helper picks memory sizes the way aws-lambda-power-tuning's analyzer does."""

import pytest

from sandbox import CpuBound, Fixed, FunctionConfig
from sandbox.power_tuning import PowerStat, choose, power_tune


def test_cpu_bound_work_gets_faster_and_no_dearer_up_to_one_vcpu():
    """Single-threaded CPU-bound work: duration halves when memory doubles (below 1,769 MB =
    1 vCPU), so cost stays flat; above 1 vCPU it stops speeding up and cost rises.
    https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html"""
    fn = FunctionConfig(duration=CpuBound(cpu_s=2.0), timeout_s=900)
    result = power_tune(fn, [256, 512, 1769, 3538], strategy="speed")
    d = {s.memory_mb: s.duration_s for s in result.stats}
    c = {s.memory_mb: s.cost for s in result.stats}
    assert d[512] == pytest.approx(d[256] / 2)
    assert c[512] == pytest.approx(c[256], rel=1e-3)
    assert d[3538] == pytest.approx(d[1769])
    assert c[3538] == pytest.approx(2 * c[1769], rel=1e-3)
    assert result.optimal.memory_mb == 1769  # equally fast as 3538 but cheaper


def test_io_bound_work_is_cheapest_at_the_smallest_size():
    """Waiting does not speed up with memory, so the cost strategy picks the smallest size."""
    fn = FunctionConfig(duration=Fixed(0.2))
    assert power_tune(fn, [128, 512, 2048], strategy="cost").optimal.memory_mb == 128


def test_balanced_uses_the_weighted_normalised_sum():
    """balanced minimises w*cost/max_cost + (1-w)*duration/max_duration (w clamped to 0-1).
    https://github.com/alexcasalboni/aws-lambda-power-tuning/blob/master/lambda/analyzer.js"""
    stats = [PowerStat(128, 10.0, 1.0), PowerStat(1024, 2.0, 3.0), PowerStat(3008, 1.0, 8.0)]
    assert choose(stats, "balanced", 0.5).memory_mb == 1024
    assert choose(stats, "balanced", 1.0).memory_mb == 128
    assert choose(stats, "balanced", 0.0).memory_mb == 3008
    assert choose(stats, "balanced", 7.0).memory_mb == 128


def test_unknown_strategy_is_named():
    """An unknown strategy raises a message naming the field and the choices."""
    with pytest.raises(ValueError, match="strategy"):
        choose([PowerStat(128, 1.0, 1.0)], "fastest")
