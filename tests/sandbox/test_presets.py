"""Every shipped preset loads, runs, and does what its description promises."""

from __future__ import annotations

from pathlib import Path

import pytest

from sandbox.scenario import load_preset, loads, preset_names

PRESET_DIR = Path(__file__).resolve().parents[2] / "sandbox" / "presets"


def test_every_preset_file_is_listed():
    """preset_names() finds every .toml file in sandbox/presets (package data)."""
    assert preset_names() == sorted(p.stem for p in PRESET_DIR.glob("*.toml"))
    assert len(preset_names()) >= 6


@pytest.mark.parametrize("name", preset_names())
def test_preset_is_described(name):
    """Each preset has a title and a one-paragraph description."""
    scenario = load_preset(name)
    assert scenario.title
    assert len(scenario.description.split()) >= 25 and "\n\n" not in scenario.description


def test_every_preset_has_a_test_of_what_it_shows():
    """Each preset is run by a test below that asserts the behaviour its description
    promises (not merely that it ran)."""
    source = Path(__file__).read_text(encoding="utf-8")
    missing = [name for name in preset_names() if f'"{name}"' not in source]
    assert missing == []


def _totals(name: str, fn: str):
    return load_preset(name).run().metrics[fn]


def test_flash_sale_throttles_beyond_the_account_limit():
    """A 3,000-request burst on a 1,000-concurrency account: peak 1,000 and many throttles."""
    m = _totals("flash-sale", "checkout")
    assert m.peak_concurrency == 1000
    assert m.throttles > 1000


def test_protect_database_never_exceeds_reserved_concurrency():
    """Reserved concurrency 25 caps the writer at 25 concurrent executions; the surge throttles."""
    m = _totals("protect-database", "writer")
    assert m.peak_concurrency == 25
    assert m.throttles > 0


def test_provisioned_concurrency_spills_over():
    """Traffic above 20 provisioned environments is served on demand (spillover > 0)."""
    m = _totals("provisioned-concurrency", "api")
    assert m.spillover > 0


def test_cold_api_has_more_cold_starts_per_request_at_night():
    """The cold-start share is higher in the quietest hours than in the busiest ones."""
    m = _totals("cold-api-at-night", "api")
    inv, cold = m.series["Invocations"], m.series["ColdStarts"]
    night = [c / i for c, i in zip(cold, inv) if i][:4]     # 00:00-04:00, the trough's side
    day = [c / i for c, i in zip(cold, inv) if i][12:16]    # 12:00-16:00, around the peak
    assert sum(night) / len(night) > sum(day) / len(day)


def test_async_retries_retry_failed_events():
    """With a 33 % error rate, retries happen and invocations exceed accepted events."""
    result = load_preset("async-retries").run()
    stats = result.extensions["resize"]["async"]
    assert stats["retries"] > 0
    assert result.metrics["resize"].invocations > stats["received"]


def test_power_tuning_preset_prefers_cheap_memory_for_cost():
    """CPU-bound work: the cost strategy picks a size no faster than the fastest one."""
    result = load_preset("power-tuning").run()
    tuning = result.power_tuning
    fastest = min(s.duration_s for s in tuning.stats)
    assert tuning.optimal.cost == min(s.cost for s in tuning.stats)
    assert tuning.optimal.duration_s >= fastest


def test_canary_rollout_is_rolled_back():
    """The 20 %-error canary is rolled back by the guard, so version 2 serves few requests."""
    result = load_preset("canary-rollout").run()
    alias = result.aliases["pay:live"]
    assert alias["rolled_back_at"] is not None and alias["weight"] == 0.0
    assert alias["versions"]["2"]["invocations"] < alias["versions"]["1"]["invocations"] / 20


def test_api_gateway_preset_shows_all_three_failure_kinds():
    """The spike gives gateway 429s and Lambda 429s; the slow tail gives 504s."""
    stats = load_preset("api-gateway-throttle").run().extensions["search"]["api_gateway"]
    assert stats["throttled_gateway"] > 0
    assert stats["throttled_lambda"] > 0
    assert stats["gateway_timeout"] > 0


def test_poison_pill_stalls_one_shard_until_the_record_expires():
    """The poison record holds its shard for about the 300 s maximum record age (IteratorAge nears
    it), then its batch is discarded; every other record is processed."""
    result = load_preset("poison-pill-stream").run()
    stats = result.extensions["clicks"]["stream"]
    assert 0.9 * 300 <= stats["iterator_age_max"] <= 300 + 1
    assert 1 <= stats["discarded"] <= 100
    assert stats["processed"] + stats["discarded"] == stats["put"]


def test_single_az_vpc_function_cannot_scale_during_the_outage():
    """With its only AZ failed, new environments are blocked and rising traffic is throttled."""
    result = load_preset("vpc-az-failure").run()
    vpc = result.extensions["orders"]["vpc_config"]
    assert vpc["blocked_creations"] > 0
    assert result.metrics["orders"].throttles == vpc["blocked_creations"]


def test_edge_answers_most_requests_without_the_origin():
    """Cache hits never reach the origin function and are much faster than misses; the
    Lambda@Edge viewer function runs on every request."""
    result = load_preset("edge-vs-regional").run()
    edge = result.extensions["article"]["edge"]
    assert result.metrics["article"].invocations == edge["misses"]
    assert result.metrics["auth"].invocations == edge["requests"]
    assert edge["mean_hit_latency"] * 5 < edge["mean_miss_latency"]


def test_throttling_dead_letters_good_messages_only_with_a_low_receive_count():
    """sqs-throttled-receives: no handler fails, yet throttled messages reach the DLQ after one
    receive; with AWS's advice (maxReceiveCount 5, visibility timeout 6 x 30 s) none do."""
    scenario = load_preset("sqs-throttled-receives")
    stats = scenario.run().extensions["worker"]["sqs"]
    assert stats["failed_batches"] == 0 and stats["throttled_batches"] > 0
    assert stats["dead_lettered"] > 0
    text = (PRESET_DIR / "sqs-throttled-receives.toml").read_text(encoding="utf-8")
    advised = text.replace("max_receive_count = 1", "max_receive_count = 5") \
                  .replace("visibility_timeout = 30", "visibility_timeout = 180")
    fixed = loads(advised).run().extensions["worker"]["sqs"]
    assert fixed["dead_lettered"] == 0 and fixed["deleted"] == fixed["sent"]


def test_sqs_batch_preset_drains_the_queue_in_batches_of_ten():
    """Every message is deleted, none dead-lettered; batches hold ten messages; each failed batch
    returns its ten messages to the queue, so receives exceed sends by exactly that; the event
    source mapping runs several batches at once at the start."""
    scenario = load_preset("sqs-batch")
    result = scenario.run()
    stats = result.extensions["worker"]["sqs"]
    assert stats["deleted"] == stats["sent"] == 100 * scenario.duration_s
    assert stats["dead_lettered"] == 0
    assert stats["receives"] == 10 * stats["batches"]
    assert stats["failed_batches"] > 0
    assert stats["receives"] - stats["sent"] == 10 * stats["failed_batches"]
    assert result.metrics["worker"].invocations == stats["batches"]
    assert stats["max_concurrent_batches"] > 1
