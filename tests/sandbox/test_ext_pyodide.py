"""The sandbox extensions inside Pyodide (CPython 3.14 in WebAssembly), as the browser runs them.

One small workload per extension runs under Node + Pyodide and here; the same seed must give the
same counters in both (the extensions are standard-library only and deterministic).
"""

from __future__ import annotations

import json
import textwrap

import pytest

WORKLOAD = textwrap.dedent("""
    import json
    from sandbox import Exponential, FunctionConfig, Poisson, Simulation
    from sandbox.aliases import Alias, AliasConfig, publish
    from sandbox.apigw import ApiGateway, ApiGatewayConfig
    from sandbox.async_invoke import AsyncConfig, AsyncInvoker
    from sandbox.edge import EdgeConfig, EdgeDistribution
    from sandbox.sqs import SqsConfig, SqsEventSource
    from sandbox.streams import StreamConfig, StreamEventSource
    from sandbox.vpc import VpcAttachment, VpcConfig

    def world(**cfg):
        sim = Simulation(functions=[FunctionConfig(name="fn", duration=Exponential(0.2),
                                                   error_rate=0.05, **cfg)], seed=11)
        return sim.engine, sim.functions["fn"]

    def drive(eng, n, act):
        for i in range(n):
            eng.schedule(eng.rng.expovariate(20.0) * n / 2, act, i)
        eng.run()

    out = {}
    eng, fn = world(reserved_concurrency=3)
    a = AsyncInvoker(eng, fn, AsyncConfig(maximum_event_age=600), fn.metrics)
    drive(eng, 400, lambda i: a.submit())
    out["async"] = a.stats.as_dict()
    eng, fn = world(reserved_concurrency=4)
    q = SqsEventSource(eng, fn, SqsConfig(batch_size=5, batching_window=1, max_receive_count=3))
    drive(eng, 400, lambda i: q.send(failures=i % 50 == 0))
    out["sqs"] = q.stats.as_dict()
    eng, fn = world()
    f = SqsEventSource(eng, fn, SqsConfig(fifo=True, batch_size=3, max_receive_count=2))
    drive(eng, 300, lambda i: f.send(failures=i % 40 == 0, group="g%d" % (i % 4)))
    out["fifo"] = f.stats.as_dict()
    eng, fn = world()
    s = StreamEventSource(eng, fn, StreamConfig(shards=2, batch_size=10, bisect_on_error=True,
                                                parallelization_factor=2,
                                                maximum_retry_attempts=2))
    drive(eng, 400, lambda i: s.put("k%d" % (i % 7), failures=i % 60 == 0))
    out["streams"] = s.stats.as_dict()
    eng, fn = world(reserved_concurrency=5)
    api = ApiGateway(eng, fn, ApiGatewayConfig(route_limits={"GET /": (50, 10)}))
    drive(eng, 400, lambda i: api.request("GET /"))
    out["apigw"] = api.stats.as_dict()
    eng, fn = world()
    cdn = EdgeDistribution(eng, fn, EdgeConfig(hit_ratio=0.6))
    drive(eng, 300, lambda i: cdn.request())
    out["edge"] = cdn.stats.as_dict()
    eng, fn = world()
    vpc = VpcAttachment(eng, fn, VpcConfig(eni_setup_s=5, internet_call_share=0.1))
    from sandbox import Invocation
    drive(eng, 300, lambda i: vpc.invoke(Invocation(i, eng.now), lambda inv: None))
    out["vpc"] = vpc.stats.as_dict()
    base = FunctionConfig(name="api", duration=Exponential(0.1))
    sim = Simulation(functions=[publish(base, 1), publish(base.replace(error_rate=0.2), 2)],
                     sources=[Poisson(10.0, function="live")], seed=5, horizon=120)
    alias = Alias(sim.engine, {"1": sim.functions["api:1"], "2": sim.functions["api:2"]},
                  AliasConfig("live", "1", "2", 0.2))
    sim.register_target("live", alias)
    sim.run()
    out["alias"] = {k: v.as_dict() for k, v in alias.stats.items()}
    json.dumps(out, sort_keys=True)
""")


@pytest.mark.pyodide
def test_extensions_give_the_same_counters_under_pyodide():
    """Every extension, driven by the same seeded workload, reports identical counters in
    Pyodide (CPython 3.14, WebAssembly) and in this CPython."""
    from pyodide_node import run_in_pyodide  # here, not at the top: tests/ is not copied into Pyodide

    inside = run_in_pyodide(WORKLOAD)
    here: dict = {}
    exec(WORKLOAD.replace("json.dumps(out, sort_keys=True)", "here['out'] = out"), {"here": here})
    here_out = json.loads(json.dumps(here["out"], sort_keys=True))
    assert set(inside) == {"async", "sqs", "fifo", "streams", "apigw", "edge", "vpc", "alias"}
    assert inside == here_out
    assert here_out["sqs"]["dead_lettered"] >= 0 and here_out["async"]["received"] == 400
