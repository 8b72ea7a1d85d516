"""sandbox.explain: the plain-language account the playground and Jupyter both show."""

from sandbox.explain import explain
from sandbox.scenario import load


def _run(**function):
    """A one-function scenario at 40 req/s with 2 s invocations and the given settings."""
    data = {"seed": 1, "duration_s": 120,
            "functions": [{"name": "api", "duration": 2.0, **function}],
            "traffic": [{"kind": "constant", "function": "api", "rate": 40}]}
    return load(data).run()


def test_reserved_concurrency_below_need_is_named_with_the_arithmetic():
    """Reserved 50 under a load of 40 req/s x 2 s (80 needed) is blamed, with both numbers."""
    text = " ".join(explain(_run(reserved_concurrency=50)))
    assert "were throttled" in text
    assert "reserved concurrency 50 is below the 80 needed" in text
    assert "40 req/s × 2.00 s" in text


def test_no_throttle_sentence_when_capacity_suffices():
    """With room to spare nothing is throttled and no throttle sentence appears."""
    text = " ".join(explain(_run(reserved_concurrency=200)))
    assert "throttled" not in text
    assert "started cold" in text


def test_zero_reserved_concurrency_blocks_everything():
    """Reserved concurrency 0 is explained as letting no invocation run."""
    text = " ".join(explain(_run(reserved_concurrency=0)))
    assert "lets no invocation run" in text


def test_provisioned_concurrency_reports_spillover():
    """Provisioned environments below the need: the spillover count is reported."""
    run = _run(reserved_concurrency=100, provisioned_concurrency=10)
    spill = run.metrics["api"].to_dict()["totals"]["spillover"]
    assert spill > 0
    assert f"{spill:,} invocations spilled over" in " ".join(explain(run))


def test_same_scenario_gives_same_sentences():
    """The account is deterministic: the same scenario and seed give identical text."""
    assert explain(_run(reserved_concurrency=50)) == explain(_run(reserved_concurrency=50))


def test_every_preset_is_explained():
    """Every shipped preset yields at least a traffic sentence and a cost sentence."""
    from sandbox.scenario import preset_names
    for name in preset_names():
        lines = explain(load(name).run())
        assert any("arrived" in line or "No requests" in line for line in lines), name
        assert any("The run cost $" in line for line in lines), name
