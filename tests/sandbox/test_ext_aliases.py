"""Versions and aliases: $LATEST vs published, SnapStart on published only, weighted canaries."""

from __future__ import annotations

import math

import pytest

from sandbox import Fixed, FunctionConfig, Poisson, Simulation, facts
from sandbox.aliases import (Alias, AliasConfig, CanaryGuard, Deployment, publish, snapstart_note,
                             version_notes)


def canary_sim(weight: float, bad_error_rate: float = 0.3, horizon: float = 600.0, seed: int = 4):
    """Two published versions behind an alias 'live', Poisson traffic at 20 rps."""
    base = FunctionConfig(name="api", duration=Fixed(0.05))
    v1 = publish(base, 1)
    v2 = publish(base.replace(error_rate=bad_error_rate), 2)
    sim = Simulation(functions=[v1, v2], sources=[Poisson(20.0, function="live")], seed=seed,
                     horizon=horizon)
    alias = Alias(sim.engine, {"1": sim.functions["api:1"], "2": sim.functions["api:2"]},
                  AliasConfig("live", primary="1", additional="2", weight=weight))
    sim.register_target("live", alias)
    return sim, alias


def test_weighted_alias_splits_traffic_by_weight():
    """A weighted alias sends about `weight` of requests to the additional version (within
    4 standard deviations of the binomial). https://docs.aws.amazon.com/lambda/latest/dg/configuring-alias-routing.html"""
    sim, alias = canary_sim(0.1, bad_error_rate=0.0)
    result = sim.run()
    n1, n2 = alias.stats["1"].invocations, alias.stats["2"].invocations
    n = n1 + n2
    assert n == result["api:1"].invocations + result["api:2"].invocations
    assert abs(n2 - 0.1 * n) < 4 * math.sqrt(n * 0.1 * 0.9)


def test_per_version_metrics_expose_a_bad_canary():
    """Per-version error rates show the canary failing while the primary is healthy."""
    sim, alias = canary_sim(0.1)
    sim.run()
    assert alias.stats["1"].error_rate == 0.0
    assert alias.stats["2"].error_rate == pytest.approx(0.3, abs=0.06)


def test_canary_guard_rolls_back_the_bad_version():
    """The guard sets the canary's weight to 0 once its error rate crosses the threshold; no
    request reaches the canary after the rollback."""
    sim, alias = canary_sim(0.2)
    guard = CanaryGuard(sim.engine, alias, threshold=0.05, min_invocations=50, interval=30)
    guard.start(until=600)
    sim.run()
    assert guard.rolled_back_at is not None and guard.rolled_back_at <= 120
    assert alias.weight == 0.0
    # ~20 rps x 0.2 for at most 120 s: the canary saw a few hundred requests, not thousands.
    assert alias.stats["2"].invocations < 20 * 0.2 * 150


def test_versions_have_separate_execution_environments():
    """Each version runs in its own execution environments: both versions cold-start."""
    sim, alias = canary_sim(0.5, bad_error_rate=0.0, horizon=60)
    sim.run()
    assert alias.stats["1"].cold_starts >= 1 and alias.stats["2"].cold_starts >= 1


def test_weighted_alias_cannot_use_latest():
    """Both versions of a weighted alias must be published; $LATEST is refused.
    https://docs.aws.amazon.com/lambda/latest/dg/configuring-alias-routing.html"""
    with pytest.raises(ValueError, match="published"):
        AliasConfig(primary="$LATEST", additional="2", weight=0.1)
    with pytest.raises(ValueError, match="weight"):
        AliasConfig(primary="1", weight=0.5)
    with pytest.raises(ValueError, match="weight"):
        AliasConfig(primary="1", additional="2", weight=1.5)


def test_snapstart_applies_only_to_published_versions():
    """SnapStart restores a snapshot on published versions; $LATEST runs the full Init.
    https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html"""
    latest = FunctionConfig(name="java", runtime="java21", snapstart=True)
    v1 = publish(latest, 1)
    assert latest.version == "$LATEST" and v1.version == "1" and v1.name == "java:1"
    assert v1.init_duration() == pytest.approx(facts.SNAPSTART_RESTORE_S)
    assert latest.init_duration() > v1.init_duration()
    assert snapstart_note(latest) is not None and snapstart_note(v1) is None


def test_promote_moves_all_traffic_to_the_new_version():
    """After promote, every request goes to the former canary."""
    sim, alias = canary_sim(0.1, bad_error_rate=0.0, horizon=100)
    alias.promote()
    sim.run()
    assert alias.stats["1"].invocations == 0 and alias.stats["2"].invocations > 0


def test_canary_10_percent_5_minutes_shifts_then_promotes():
    """Canary10Percent5Minutes: 10 % of traffic for 5 minutes, then all of it.
    https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-configurations.html"""
    sim, alias = canary_sim(0.0, bad_error_rate=0.0, horizon=600)
    dep = Deployment(sim.engine, alias, "Canary10Percent5Minutes")
    dep.start()
    sim.run()
    assert dep.status == "succeeded" and dep.finished_at == 300.0
    assert dep.steps == [(0.0, 0.1), (300.0, 1.0)]
    assert alias.primary == "2" and alias.additional is None


def test_linear_10_percent_every_minute_takes_ten_shifts():
    """Linear10PercentEvery1Minute: +10 % each minute; 100 % at the tenth shift (9 min)."""
    sim, alias = canary_sim(0.0, bad_error_rate=0.0, horizon=900)
    dep = Deployment(sim.engine, alias, "Linear10PercentEvery1Minute")
    dep.start()
    sim.run()
    assert [w for _, w in dep.steps] == pytest.approx([0.1 * k for k in range(1, 11)])
    assert dep.finished_at == 540.0 and dep.status == "succeeded"


def test_deployment_of_a_bad_version_is_rolled_back():
    """With an error-rate guard, a failing new version never gets promoted."""
    sim, alias = canary_sim(0.0, bad_error_rate=0.3, horizon=900)
    guard = CanaryGuard(sim.engine, alias, threshold=0.05, min_invocations=30, interval=30)
    dep = Deployment(sim.engine, alias, "Linear10PercentEvery1Minute", guard)
    dep.start()
    sim.run()
    assert dep.status == "rolled_back" and alias.primary == "1" and alias.weight == 0.0
    with pytest.raises(ValueError, match="config_name"):
        Deployment(sim.engine, alias, "Canary50Percent")


def test_provisioned_concurrency_and_snapstart_belong_to_published_versions():
    """Provisioned concurrency goes on an alias or a version, SnapStart on published versions:
    both are flagged on $LATEST and accepted once published.
    https://docs.aws.amazon.com/lambda/latest/dg/API_PutProvisionedConcurrencyConfig.html"""
    for latest in (FunctionConfig(name="api", runtime="java21", snapstart=True),
                   FunctionConfig(name="api", provisioned_concurrency=2)):
        assert len(version_notes(latest)) == 1
        assert version_notes(publish(latest, 3)) == []


def test_snapstart_does_not_combine_with_provisioned_concurrency_or_big_tmp():
    """SnapStart supports neither provisioned concurrency nor ephemeral storage above 512 MB.
    https://docs.aws.amazon.com/lambda/latest/dg/snapstart.html"""
    both = publish(FunctionConfig(name="api", runtime="java21", snapstart=True,
                                  provisioned_concurrency=2, ephemeral_storage_mb=1024), 1)
    notes = version_notes(both)
    assert len(notes) == 2 and "provisioned" in notes[0] and "512 MB" in notes[1]
