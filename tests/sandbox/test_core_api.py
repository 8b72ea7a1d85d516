"""The public API: construction, validation messages and a JSON-ready summary."""

import json

import pytest

from sandbox import AccountConfig, Exponential, Fixed, FunctionConfig, Poisson, Simulation


def test_summary_is_json_and_accounts_for_every_request():
    """A run's to_dict() is JSON-serialisable and requests = invocations + throttles + drops."""
    sim = Simulation(functions=[FunctionConfig(name="api", duration=Exponential(0.2))],
                     sources=[Poisson(20, function="api")], seed=3, horizon=300)
    result = sim.run()
    data = json.loads(json.dumps(result.to_dict()))
    totals = data["functions"]["api"]["totals"]
    sent = sim.sources[0].sent
    assert sent > 0
    assert totals["requests"] == sent
    assert totals["invocations"] + totals["throttles"] + totals["dropped"] == sent


@pytest.mark.parametrize("field, value, expected", [
    ("memory_mb", 64, "FunctionConfig.memory_mb: expected an integer from 128 to 10240"),
    ("timeout_s", 901, "FunctionConfig.timeout_s"),
    ("architecture", "sparc", "FunctionConfig.architecture"),
    ("error_rate", 1.5, "FunctionConfig.error_rate"),
])
def test_bad_function_config_names_the_field(field, value, expected):
    """A bad field raises one ValueError whose message names the field and what was expected."""
    with pytest.raises(ValueError, match=expected.replace(".", r"\.")):
        FunctionConfig(**{field: value})


def test_unknown_source_target_is_named():
    """A source aimed at a function that does not exist gets a message naming the field."""
    sim = Simulation(functions=[FunctionConfig(name="api", duration=Fixed(0.1))],
                     sources=[Poisson(1, function="nope")], horizon=10)
    with pytest.raises(ValueError, match=r"Simulation.sources\[0\].function"):
        sim.run()


def test_account_config_validates():
    """AccountConfig rejects a non-positive concurrency limit, naming the field."""
    with pytest.raises(ValueError, match=r"AccountConfig.concurrency_limit"):
        AccountConfig(concurrency_limit=0)


def test_memory_does_not_grow_with_the_number_of_invocations():
    """Metrics stream: a run ten times longer (10x the invocations, the same environments and
    one-hour metric periods) peaks within 1.5x the memory — O(environments), not
    O(invocations)."""
    import gc
    import tracemalloc

    from sandbox import Fixed

    def peak(horizon):
        fn = FunctionConfig(name="fn", duration=Fixed(0.05))
        gc.collect()
        tracemalloc.start()
        Simulation(functions=[fn], sources=[Poisson(5.0, function="fn")], seed=1,
                   horizon=horizon, period_s=3600.0).run()
        peak_bytes = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return peak_bytes

    assert peak(2000.0) < 1.5 * peak(200.0)


@pytest.mark.parametrize("kwargs, expected", [
    (dict(functions=["api"]), r"Simulation.functions\[0\]: expected a FunctionConfig"),
    (dict(sources=[{"rate": 5}]), r"Simulation.sources\[0\]: expected a traffic source"),
    (dict(account={"concurrency_limit": 5}), r"Simulation.account: expected an AccountConfig"),
    (dict(horizon=0), r"Simulation.horizon"),
])
def test_bad_simulation_arguments_are_named(kwargs, expected):
    """Wrong argument types get one message naming the argument, not a traceback deep inside."""
    with pytest.raises(ValueError, match=expected):
        Simulation(**kwargs)


def test_docstring_examples_run():
    """The examples in the core modules' docstrings run and print what they show."""
    import doctest

    import sandbox.simulation
    failures, tried = doctest.testmod(sandbox.simulation)
    assert tried > 0 and failures == 0


def test_results_have_a_short_readable_repr():
    """A notebook cell ending in a result shows one readable line per function, not objects."""
    result = Simulation(functions=[FunctionConfig(name="api", duration=Fixed(0.1))],
                        sources=[Poisson(2, function="api")], seed=1, horizon=60).run()
    text = repr(result)
    assert text.startswith("SimulationResult(horizon=60 s, seed=1, cost=$")
    assert "FunctionMetrics('api': " in text and "cold starts" in text and " at 0x" not in text
