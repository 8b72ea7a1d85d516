"""CloudFront + edge functions: documented limits, triggers, hit ratio, distance latency."""

from __future__ import annotations

import pytest

from sandbox import Fixed, FunctionConfig, InitModel, Simulation
from sandbox.edge import (CF_FUNCTION_DURATION_S, EdgeConfig, EdgeDistribution,
                          check_edge_function, leg_seconds)


def setup(config: EdgeConfig, viewer_cfg: dict | None = None, origin_cfg: dict | None = None,
          seed: int = 1):
    """An origin function in the Region plus optional Lambda@Edge functions."""
    fns = [FunctionConfig(name="origin", duration=Fixed(0.1), init=InitModel(fixed_s=0.0))]
    if viewer_cfg is not None:
        fns.append(FunctionConfig(name="viewer", duration=Fixed(0.002), **viewer_cfg))
    if origin_cfg is not None:
        fns.append(FunctionConfig(name="originreq", duration=Fixed(0.002), **origin_cfg))
    sim = Simulation(functions=fns, seed=seed)
    f = sim.functions
    cdn = EdgeDistribution(sim.engine, f["origin"], config, viewer_function=f.get("viewer"),
                           origin_function=f.get("originreq"))
    return sim.engine, f, cdn


def test_documented_limits_of_edge_functions():
    """Lambda@Edge: 5 s / 128 MB / 1 MB on viewer events, 30 s / 50 MB on origin events;
    CloudFront Functions: viewer events only, no network, 2 MB, 10 KB, sub-millisecond.
    https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html
    https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-choosing.html"""
    assert check_edge_function("lambda-edge", "viewer-request", 5, 128, 1) == []
    assert len(check_edge_function("lambda-edge", "viewer-request", 6, 256, 2)) == 3
    assert check_edge_function("lambda-edge", "origin-request", 30, 10_240, 50) == []
    assert check_edge_function("lambda-edge", "origin-response", 31, 128, 51) != []
    assert check_edge_function("cloudfront-function", "viewer-request", 0.0005, 2, 0.009) == []
    cf_origin = check_edge_function("cloudfront-function", "origin-request", needs_network=True,
                                    timeout_s=0.0005, memory_mb=2)
    assert any("viewer" in p for p in cf_origin) and any("network" in p for p in cf_origin)


def test_viewer_trigger_runs_on_every_request_origin_trigger_only_on_misses():
    """Viewer triggers run before the cache lookup; origin triggers only when CloudFront goes
    to the origin. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-cloudfront-trigger-events.html"""
    cfg = EdgeConfig(hit_ratio=0.7, viewer_trigger="lambda-edge", origin_trigger="lambda-edge")
    eng, f, cdn = setup(cfg, viewer_cfg={"timeout_s": 5}, origin_cfg={"timeout_s": 30})
    for i in range(1_000):
        eng.schedule(i * 0.01, lambda _: cdn.request(), None)
    eng.run()
    s = cdn.stats
    assert f["viewer"].metrics.invocations == 1_000
    assert f["originreq"].metrics.invocations == s.misses == f["origin"].metrics.invocations
    assert s.hits + s.misses == 1_000 and abs(s.hits - 700) < 4 * (1_000 * 0.21) ** 0.5


def test_latency_grows_with_distance_and_misses_cost_the_origin_trip():
    """A hit costs two viewer legs; a miss adds two edge-to-Region legs and the origin's
    duration (model: fibre at 200 km/ms x route factor + hop)."""
    eng, f, cdn = setup(EdgeConfig(hit_ratio=1.0, viewer_km=100, origin_km=8_000))
    hit = cdn.request()
    eng.run()
    assert hit.latency == pytest.approx(2 * leg_seconds(100))
    eng, f, cdn = setup(EdgeConfig(hit_ratio=0.0, viewer_km=100, origin_km=8_000))
    miss = cdn.request()
    eng.run()
    assert miss.latency == pytest.approx(2 * leg_seconds(100) + 2 * leg_seconds(8_000) + 0.1)
    assert leg_seconds(8_000) == pytest.approx((8_000 / 200 * 1.5 + 2) / 1000)


def test_cloudfront_function_adds_under_a_millisecond_lambda_edge_adds_a_cold_start():
    """A CloudFront Function adds sub-millisecond time; a Lambda@Edge viewer trigger adds its
    duration and, on the first request, an Init."""
    eng, f, cdn = setup(EdgeConfig(hit_ratio=1.0, viewer_trigger="cloudfront-function"))
    r = cdn.request()
    eng.run()
    assert r.latency == pytest.approx(2 * leg_seconds(50) + CF_FUNCTION_DURATION_S)
    eng, f, cdn = setup(EdgeConfig(hit_ratio=1.0, viewer_trigger="lambda-edge"),
                        viewer_cfg={"init": InitModel(fixed_s=0.3)})
    first, = [cdn.request()]
    eng.run()
    assert first.latency == pytest.approx(2 * leg_seconds(50) + 0.3 + 0.002)


def test_lambda_edge_function_over_the_limits_is_refused():
    """Attaching a 10 s, 512 MB function as a viewer trigger fails with the limits named."""
    with pytest.raises(ValueError, match="5 s"):
        setup(EdgeConfig(viewer_trigger="lambda-edge"),
              viewer_cfg={"timeout_s": 10, "memory_mb": 512})
    with pytest.raises(ValueError, match="origin_trigger"):
        EdgeConfig(origin_trigger="cloudfront-function")


def test_failing_lambda_edge_gives_503_and_origin_error_gives_502():
    """A failed edge function is answered by CloudFront (503); an origin error passes as 502."""
    eng, f, cdn = setup(EdgeConfig(hit_ratio=0.0, viewer_trigger="lambda-edge"),
                        viewer_cfg={"error_rate": 1.0})
    r = cdn.request()
    eng.run()
    assert r.status == 503 and f["origin"].metrics.invocations == 0
    sim = Simulation(functions=[FunctionConfig(name="origin", error_rate=1.0)])
    cdn = EdgeDistribution(sim.engine, sim.functions["origin"], EdgeConfig(hit_ratio=0.0))
    r = cdn.request()
    sim.engine.run()
    assert r.status == 502


def test_response_triggers_viewer_on_every_response_origin_only_after_the_origin():
    """Viewer-response runs on every response; origin-response only when CloudFront went to
    the origin, and even when the origin failed.
    https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-cloudfront-trigger-events.html"""
    fns = [FunctionConfig(name="origin", duration=Fixed(0.1), error_rate=0.5),
           FunctionConfig(name="vresp", duration=Fixed(0.001), timeout_s=5),
           FunctionConfig(name="oresp", duration=Fixed(0.001), timeout_s=30)]
    sim = Simulation(functions=fns, seed=3)
    f = sim.functions
    cdn = EdgeDistribution(sim.engine, f["origin"],
                           EdgeConfig(hit_ratio=0.5, viewer_response_trigger="lambda-edge",
                                      origin_response_trigger="lambda-edge"),
                           viewer_response_function=f["vresp"], origin_response_function=f["oresp"])
    for i in range(400):
        sim.engine.schedule(i * 0.05, lambda _: cdn.request(), None)
    sim.engine.run()
    s = cdn.stats
    assert f["vresp"].metrics.invocations == 400
    assert f["oresp"].metrics.invocations == s.misses == f["origin"].metrics.invocations
    assert s.origin_errors > 0 and s.ok == 400 - s.origin_errors
    with pytest.raises(ValueError, match="origin_response_trigger"):
        EdgeConfig(origin_response_trigger="cloudfront-function")


def test_lambda_edge_on_latest_is_noted():
    """Lambda@Edge triggers take a numbered version, never $LATEST: a $LATEST function is
    listed in the distribution's notes; a published one is not.
    https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html"""
    eng, f, cdn = setup(EdgeConfig(viewer_trigger="lambda-edge"), viewer_cfg={"timeout_s": 5})
    assert len(cdn.notes) == 1 and "$LATEST" in cdn.notes[0]
    eng, f, cdn = setup(EdgeConfig(viewer_trigger="lambda-edge"),
                        viewer_cfg={"timeout_s": 5, "version": "1"})
    assert cdn.notes == []
