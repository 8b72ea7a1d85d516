"""Scenario files: validation with one clear message per mistake, dicts, and exact round-trips."""

from __future__ import annotations

import json

import pytest

from sandbox.scenario import Scenario, ScenarioError, load, loads

BASE = {"duration_s": 120, "functions": [{"name": "api"}],
        "traffic": [{"kind": "poisson", "rate": 5}]}


def with_changes(**changes) -> dict:
    """BASE with top-level keys replaced (deep-copied, so tests never share state)."""
    data = json.loads(json.dumps(BASE))
    data.update(changes)
    return data


def fn(**fields) -> dict:
    """A scenario with one function having ``fields``."""
    return with_changes(functions=[{"name": "api", **fields}])


def tr(**fields) -> dict:
    """A scenario with one traffic source having ``fields``."""
    return with_changes(traffic=[fields])


# Each bad scenario, the field path the message must name, and words it must contain.
BAD = [
    (fn(memory_mb=64), "functions[0].memory_mb", "from 128 to 10240"),
    (fn(memory_mb="512"), "functions[0].memory_mb", "an integer"),
    (fn(memroy_mb=512), "functions[0].memroy_mb", "did you mean 'memory_mb'"),
    (fn(timeout_s=901), "functions[0].timeout_s", "900"),
    (fn(architecture="arm"), "functions[0].architecture", "'x86_64' or 'arm64'"),
    (fn(error_rate=1.5), "functions[0].error_rate", "probability"),
    (fn(snapstart="yes"), "functions[0].snapstart", "true or false"),
    (fn(reserved_concurrency=-1), "functions[0].reserved_concurrency", ">= 0"),
    (fn(reserved_concurrency=10, provisioned_concurrency=20),
     "functions[0].provisioned_concurrency", "at most reserved_concurrency"),
    (fn(reserved_concurrency=950), "functions[0].reserved_concurrency", "at most 900"),
    (fn(provisioned_concurrency=2000), "functions[0].provisioned_concurrency", "at most 900"),
    (fn(duration={"model": "normal"}), "functions[0].duration.model", "lognormal"),
    (fn(duration={"model": "lognormal", "sigma": -1}), "functions[0].duration.sigma",
     "from 0 to 10"),
    (fn(duration={"model": "fixed", "secs": 1}), "functions[0].duration.secs", "seconds"),
    (fn(duration="slow"), "functions[0].duration", "table"),
    (fn(init={"fixed_s": "x"}), "functions[0].init.fixed_s", "a number"),
    (fn(name=5), "functions[0].name", "a string"),
    (fn(**{"async": {"maximum_retry_attempts": 5}}), "functions[0].async.maximum_retry_attempts",
     "from 0 to 2"),
    (fn(**{"sqs": {"batch_size": 0}}), "functions[0].sqs.batch_size", "from 1 to 10000"),
    (with_changes(functions=[{"name": "a"}, {"name": "a"}]), "functions[1].name", "unique"),
    (with_changes(functions=[]), "functions", "at least one"),
    (with_changes(functions={"name": "a"}), "functions", "list"),
    (with_changes(duration_s=-5), "duration_s", "> 0"),
    (with_changes(duration_s="1h"), "duration_s", "a number"),
    (with_changes(seed=1.5), "seed", "an integer"),
    (with_changes(colour="red"), "colour", "unknown field"),
    (with_changes(account={"concurrency_limit": 0}), "account.concurrency_limit", ">= 1"),
    (with_changes(account=[1]), "account", "table"),
    (with_changes(metrics={"period_s": 0}), "metrics.period_s", "> 0"),
    (with_changes(traffic={"kind": "poisson"}), "traffic", "list"),
    (tr(kind="storm"), "traffic[0].kind", "poisson"),
    (tr(kind="poisson"), "traffic[0].rate", "missing"),
    (tr(kind="poisson", rate="fast"), "traffic[0].rate", "a number"),
    (tr(kind="poisson", rate=-1), "traffic[0].rate", ">= 0"),
    (tr(kind="poisson", rate=1, function="apii"), "traffic[0].function", "'api'"),
    (tr(kind="poisson", rate=1, start=10, end=5), "traffic[0].end", "> start"),
    (tr(kind="poisson", rate=1, speed=3), "traffic[0].speed", "unknown field"),
    (tr(kind="step", steps=5), "traffic[0].steps", "[time_s, rate] pairs"),
    (tr(kind="step", steps=[[0, 1], [0, 2]]), "traffic[0].steps[1]", "increasing"),
    (tr(kind="burst", count=-3), "traffic[0].count", ">= 0"),
    (tr(kind="replay", counts=[1, -2]), "traffic[0].counts[1]", ">= 0"),
    (tr(kind="diurnal", mean_rate=1, amplitude=2), "traffic[0].amplitude", "from 0 to 1"),
]


@pytest.mark.parametrize("data,path,words", BAD, ids=[b[1] + ":" + b[2] for b in BAD])
def test_bad_scenario_gets_one_clear_message(data, path, words):
    """Each mistake raises ScenarioError naming the source, the exact field path and the rule."""
    with pytest.raises(ScenarioError) as info:
        Scenario(data, "bad.toml")
    error = info.value
    assert error.path == path
    assert words in error.detail
    assert str(error).startswith(f"bad.toml: {path}: ")
    assert "\n" not in str(error)


def test_missing_duration_is_named():
    """A scenario without duration_s says it is missing."""
    data = with_changes()
    del data["duration_s"]
    with pytest.raises(ScenarioError, match=r"<dict>: duration_s: missing"):
        load(data)


@pytest.mark.parametrize("text,fmt,words", [
    ("duration_s = ", "toml", "not valid TOML"),
    ('{"duration_s": ', "json", "not valid JSON"),
    ("[1, 2]", "json", "JSON object"),
])
def test_unparseable_text_names_the_file(text, fmt, words):
    """Syntax errors become a ScenarioError naming the file (with line for JSON)."""
    with pytest.raises(ScenarioError, match=words) as info:
        loads(text, fmt, "broken." + fmt)
    assert str(info.value).startswith("broken." + fmt)


def test_missing_file_and_unknown_preset(tmp_path):
    """A path that does not exist is reported by name, with the preset names as a hint."""
    with pytest.raises(ScenarioError, match="cannot read the file"):
        load(tmp_path / "nope.toml")
    with pytest.raises(ScenarioError, match="not a preset name"):
        load("no-such-preset")


def test_single_function_is_the_default_traffic_target():
    """With one function, traffic needs no ``function`` key."""
    scenario = load(BASE)
    assert scenario.traffic[0][1]["function"] == "api"


def test_duration_shorthand_is_fixed_seconds():
    """``duration = 0.25`` means every invocation takes 0.25 s."""
    scenario = load(fn(duration=0.25))
    assert scenario.functions[0].duration.mean(1.0) == 0.25


RICH = {
    "title": "Rich", "description": "Every section used.", "seed": 7, "duration_s": 300,
    "account": {"concurrency_limit": 400, "unreserved_min": 100},
    "metrics": {"period_s": 30},
    "functions": [
        {"name": "api", "memory_mb": 1024, "reserved_concurrency": 50, "provisioned_concurrency": 5,
         "duration": {"model": "lognormal", "median_s": 0.08, "sigma": 0.6},
         "init": {"extra_s": 0.3}, "error_rate": 0.02},
        {"name": "worker", "runtime": "java21", "architecture": "arm64",
         "duration": {"model": "empirical", "samples": [0.1, 0.2, 0.4]},
         "async": {"maximum_retry_attempts": 1}, "sqs": {"batch_size": 5}},
    ],
    "traffic": [
        {"kind": "step", "function": "api", "steps": [[0, 5], [120, 80]]},
        {"kind": "burst", "function": "api", "count": 200, "at": 200.5},
        {"kind": "poisson", "function": "worker", "rate": 3, "source": "async"},
        {"kind": "constant", "function": "worker", "rate": 2, "source": "sqs", "end": 250},
        {"kind": "replay", "function": "worker", "counts": [10, 0, 30], "interval_s": 60},
    ],
}


def run_json(scenario) -> str:
    return json.dumps(scenario.run().to_dict(), sort_keys=True)


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_export_then_load_gives_identical_metrics(fmt):
    """A scenario exported to TOML or JSON loads back to the same data and bit-identical metrics."""
    original = load(RICH)
    text = original.to_toml() if fmt == "toml" else original.to_json()
    again = loads(text, fmt)
    assert again.data == original.data
    assert run_json(again) == run_json(original)


def test_file_round_trip(tmp_path):
    """Saving the TOML to a file and loading it by path gives the same metrics."""
    original = load(RICH)
    path = tmp_path / "rich.toml"
    path.write_text(original.to_toml())
    assert run_json(load(path)) == run_json(original)


def test_seed_override_changes_run_and_same_seed_repeats():
    """The same seed repeats a run exactly; a different seed gives different arrivals."""
    scenario = load(RICH)
    assert run_json(scenario) == run_json(scenario)
    a = scenario.run(seed=1).to_dict()["functions"]["api"]["totals"]
    b = scenario.run(seed=2).to_dict()["functions"]["api"]["totals"]
    assert a != b


def test_extensions_receive_their_traffic():
    """Traffic labelled async/sqs goes through that queue and its counters are reported."""
    result = load(RICH).run()
    ext = result.to_dict()["extensions"]["worker"]
    assert ext["async"]["received"] > 0
    assert ext["sqs"]["sent"] > 0
    worker = result.metrics["worker"]
    assert worker.invocations > 0


def test_summary_rows_account_for_every_request():
    """Each summary row's requests equal invocations + throttles + dropped."""
    result = load(RICH).run()
    for row in result.summary_rows():
        m = result.metrics[row["function"]]
        assert row["requests"] == m.invocations + m.throttles + m.dropped
        assert row["cost_usd"] > 0


def test_power_tuning_section_runs_the_sweep():
    """A [power_tuning] table sweeps the named function; bad values are named by path."""
    data = with_changes(functions=[{"name": "api", "duration": {"model": "cpu_bound"}}],
                        power_tuning={"memory_sizes": [128, 1769], "strategy": "speed",
                                      "num": 3})
    result = load(data).run()
    assert result.to_dict()["power_tuning"]["optimal"]["memory_mb"] == 1769
    assert load(data).power_tuning.function == "api"
    for bad, path in [({"memory_sizes": [64]}, "power_tuning.memory_sizes[0]"),
                      ({"strategy": "cheap"}, "power_tuning.strategy"),
                      ({"function": "nope"}, "power_tuning.function"),
                      ({"num": 0}, "power_tuning.num")]:
        with pytest.raises(ScenarioError) as info:
            load(with_changes(power_tuning=bad))
        assert info.value.path == path


CANARY = {
    "title": "Canary",
    "duration_s": 600,
    "functions": [{"name": "pay:1", "version": "1", "error_rate": 0.0},
                  {"name": "pay:2", "version": "2", "error_rate": 0.5}],
    "aliases": [{"function": "pay", "name": "live", "primary": "1", "additional": "2",
                 "weight": 0.2, "guard": {"threshold": 0.1, "min_invocations": 20,
                                          "interval": 30}}],
    "traffic": [{"kind": "poisson", "function": "pay:live", "rate": 10}],
}


def test_alias_splits_traffic_and_its_guard_rolls_back():
    """Traffic to pay:live reaches both versions; the failing canary is rolled back to 0."""
    result = load(CANARY).run()
    alias = result.aliases["pay:live"]
    assert alias["versions"]["2"]["invocations"] > 0
    assert alias["weight"] == 0.0 and alias["rolled_back_at"] is not None
    total = sum(v["invocations"] for v in alias["versions"].values())
    assert total == sum(m.requests for m in result.metrics.values())


def test_alias_round_trips_through_toml():
    """A scenario with aliases and a guard exports and reloads to identical results."""
    original = load(CANARY)
    assert run_json(loads(original.to_toml())) == run_json(original)


@pytest.mark.parametrize("change,path,words", [
    ({"primary": "3"}, "aliases[0].primary", "'pay:3'"),
    ({"weight": 2}, "aliases[0].weight", "from 0 to 1"),
    ({"name": "7"}, "aliases[0].name", "not a version number"),
    ({"guard": {"threshold": 5}}, "aliases[0].guard.threshold", "from 0 to 1"),
    ({"function": ""}, "aliases[0].function", "base name"),
])
def test_bad_alias_is_named(change, path, words):
    """Alias mistakes are reported at their field path."""
    data = json.loads(json.dumps(CANARY))
    data["aliases"][0].update(change)
    with pytest.raises(ScenarioError) as info:
        load(data)
    assert info.value.path == path and words in info.value.detail


def test_alias_version_must_match_the_function_name():
    """A version function named pay:2 must say version = "2"."""
    data = json.loads(json.dumps(CANARY))
    data["functions"][1]["version"] = "$LATEST"
    with pytest.raises(ScenarioError) as info:
        load(data)
    assert info.value.path == "functions[1].version"


def test_api_gateway_traffic_goes_through_the_stage():
    """source = api_gateway: the stage throttles above its limit and reports its counters."""
    data = fn(api_gateway={"stage_limit": [5, 5]})
    data["traffic"] = [{"kind": "constant", "rate": 16, "source": "api_gateway"}]
    result = load(data).run()
    stats = result.extensions["api"]["api_gateway"]
    assert stats["requests"] == 120 * 16
    assert stats["throttled_gateway"] > 0
    assert result.metrics["api"].invocations == stats["requests"] - stats["throttled_gateway"]
    with pytest.raises(ScenarioError) as info:
        load(fn(api_gateway={"api_type": "soap"}))
    assert info.value.path == "functions[0].api_gateway.api_type"


def test_poison_requests_fail_every_attempt_through_async():
    """A poison request through the async queue fails all three attempts and is dropped."""
    data = fn(**{"async": {"maximum_retry_attempts": 2}})
    data["traffic"] = [{"kind": "constant", "rate": 1, "end": 10, "source": "async",
                        "poison": [3]}]
    result = load(data).run()
    stats = result.extensions["api"]["async"]
    assert stats["failed"] == 1 and stats["retries"] == 2


def test_stream_keys_spread_records_over_shards():
    """With keys = 8 and four shards, records reach more than one shard (order kept per key)."""
    data = fn(stream={"shards": 4, "work_per_batch": 0.01})
    data["traffic"] = [{"kind": "constant", "rate": 10, "source": "stream", "keys": 8}]
    result = load(data).run()
    assert result.extensions["api"]["stream"]["max_concurrent_batches"] > 1


@pytest.mark.parametrize("data,path,words", [
    (tr(kind="poisson", rate=1, keys=0), "traffic[0].keys", ">= 1"),
    (tr(kind="poisson", rate=1, poison=[0]), "traffic[0].poison[0]", ">= 1"),
    (fn(edge={"viewer_trigger": "lambda-edge"}), "functions[0].edge.viewer_function", "missing"),
    (with_changes(functions=[{"name": "api", "edge": {"viewer_trigger": "lambda-edge",
                                                      "viewer_function": "big"}},
                             {"name": "big", "memory_mb": 1024}],
                  traffic=[{"kind": "poisson", "rate": 5, "function": "api"}]),
     "functions[0].edge.viewer_function", "Lambda@Edge limits"),
    (fn(vpc_config={"subnets": ["a"], "az_failures": [{"az": "b", "at": 1}]}),
     "functions[0].vpc_config.az_failures[0].az", "['a']"),
    (fn(vpc_config={"az_failures": [{"az": "us-east-1a", "at": 5, "restore_at": 1}]}),
     "functions[0].vpc_config.az_failures[0].restore_at", "after at"),
    (fn(stream={"parallelization_factor": 11}), "functions[0].stream.parallelization_factor",
     "from 1 to 10"),
])
def test_bad_extension_settings_are_named(data, path, words):
    """Mistakes in stream, edge, VPC and traffic-shaping settings name their field path."""
    with pytest.raises(ScenarioError) as info:
        load(data)
    assert info.value.path == path and words in info.value.detail


def test_edge_response_trigger_runs_its_lambda_edge_function():
    """A lambda-edge viewer-response trigger runs the named function once per request."""
    data = with_changes(
        functions=[{"name": "site", "edge": {"viewer_response_trigger": "lambda-edge",
                                             "viewer_response_function": "headers"}},
                   {"name": "headers", "duration": 0.002}],
        traffic=[{"kind": "constant", "rate": 4, "function": "site", "source": "edge"}])
    result = load(data).run()
    assert result.metrics["headers"].invocations == result.extensions["site"]["edge"]["requests"]


def test_result_shows_itself_as_an_html_table():
    """In Jupyter and in-browser cells a result is a table: caption, one row per function,
    the same cells as the CLI's summary."""
    import xml.etree.ElementTree as ET
    result = load(RICH).run()
    table = ET.fromstring(result._repr_html_())
    assert table.find("caption").text == "Rich"
    rows = table.findall("tbody/tr")
    assert [r.find("th").text for r in rows] == ["api", "worker"]
    assert [c.text for c in rows[0].findall("td")] == result.summary_cells()[1][1:]
