"""Runs leave no reference cycles per request: the cyclic garbage collector would otherwise
spend a large share of a run's time (a fifth of the API Gateway preset's, before the fix)."""

from __future__ import annotations

import copy
import gc

import pytest

from sandbox import Fixed, FunctionConfig, InitModel, Poisson, Simulation
from sandbox.async_invoke import AsyncConfig, AsyncInvoker
from sandbox.apigw import ApiGateway, ApiGatewayConfig
from sandbox.scenario import Scenario, preset_names
from sandbox.scenario.files import load_preset


def _cyclic_garbage(run) -> int:
    """Objects only the cyclic collector can free after ``run()`` (collector off meanwhile)."""
    gc.collect()
    gc.disable()
    try:
        result = run()   # kept alive while collecting: only garbage is counted
        found = gc.collect()
        del result
        return found
    finally:
        gc.enable()


class _Entry:
    """A traffic target that hands each request to ``send(invocation, on_done)``."""

    def __init__(self, send) -> None:
        self.invoke = send


def _through(entry_of, requests: int = 3_000):
    """A function behind an extension: ``entry_of(sim)`` builds it and returns its entry."""
    def run():
        sim = Simulation(functions=[FunctionConfig(name="fn", duration=Fixed(0.2),
                                                   init=InitModel(fixed_s=0.1),
                                                   error_rate=0.1)],
                         sources=[Poisson(50.0, function="x")], seed=3, horizon=requests / 50)
        sim.register_target("x", _Entry(entry_of(sim)))
        return sim.run()
    return run


def test_api_gateway_requests_leave_no_cycles():
    """A response and its invocation refer to each other until the function answers."""
    def gateway(sim):
        api = ApiGateway(sim.engine, sim.functions["fn"],
                         ApiGatewayConfig(stage_limit=(40, 20), integration_timeout=0.25))
        return api.invoke
    assert _cyclic_garbage(_through(gateway)) < 300


def test_async_events_leave_no_cycles():
    """An event keeps its last invocation, whose payload is the event until it is handled."""
    def queue(sim):
        invoker = AsyncInvoker(sim.engine, sim.functions["fn"], AsyncConfig())
        return lambda inv, done: invoker.submit(work=inv.work)
    assert _cyclic_garbage(_through(queue)) < 300


@pytest.mark.parametrize("name", preset_names())
def test_presets_leave_little_cyclic_garbage(name):
    """However many requests a preset sends, what is left for the cyclic collector stays small."""
    data = copy.deepcopy(load_preset(name).data)
    data.setdefault("metrics", {})["timelines"] = True
    assert _cyclic_garbage(lambda: Scenario(data).run()) < 3_000
