"""API Gateway in front of a function: token buckets, 429/502/504, integration timeouts."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from sandbox import FunctionConfig, InitModel, Fixed, Simulation
from sandbox.apigw import (ACCOUNT_BURST_LIMIT, ACCOUNT_RATE_LIMIT, ApiGateway, ApiGatewayConfig,
                           TokenBucket)


def real_function(duration: float = 0.1, **cfg):
    """The model's LambdaFunction, with instant Init so times are exact."""
    cfg.setdefault("init", InitModel(fixed_s=0.0))
    sim = Simulation(functions=[FunctionConfig(name="fn", duration=Fixed(duration), **cfg)])
    return sim.engine, sim.functions["fn"]


def test_account_defaults_are_10000_rps_and_5000_burst():
    """Account-level throttle per Region: 10,000 RPS steady with a 5,000-request bucket.
    https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html"""
    assert (ACCOUNT_RATE_LIMIT, ACCOUNT_BURST_LIMIT) == (10_000, 5_000)
    cfg = ApiGatewayConfig()
    assert (cfg.account_rate, cfg.account_burst) == (10_000, 5_000)


def test_burst_then_steady_rate():
    """A full bucket absorbs a burst of exactly `burst` requests at one instant; afterwards
    requests pass at the steady rate. https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html"""
    bucket = TokenBucket(rate=10_000, capacity=5_000)
    assert sum(bucket.take(0.0) for _ in range(6_000)) == 5_000
    # One second later 10,000 tokens have been refilled but the bucket holds only 5,000.
    assert sum(bucket.take(1.0) for _ in range(12_000)) == 5_000
    # Empty again, then 20,000 rps offered for one second: about 10,000 pass.
    sum(bucket.take(2.0) for _ in range(6_000))
    passed = sum(bucket.take(2.0 + (i + 1) / 20_000) for i in range(20_000))
    assert passed == pytest.approx(10_000, abs=2)


def test_gateway_throttles_with_429_before_reaching_lambda():
    """Requests beyond a route's limit get 429 from API Gateway and never invoke the function."""
    eng, fn = real_function()
    api = ApiGateway(eng, fn, ApiGatewayConfig(route_limits={"GET /pets": (10, 5)}))
    statuses = [api.request("GET /pets").status for _ in range(8)]
    eng.run()
    assert api.stats.throttled_gateway == 3 and api.stats.ok == 5
    assert fn.metrics.invocations == 5
    assert statuses[5:] == [429, 429, 429]


def test_stage_limit_applies_to_every_route():
    """A stage limit throttles all routes of the stage together."""
    eng, fn = real_function()
    api = ApiGateway(eng, fn, ApiGatewayConfig(stage_limit=(1, 2)))
    for route in ("GET /a", "GET /b", "GET /c"):
        api.request(route)
    eng.run()
    assert api.stats.throttled_gateway == 1 and api.stats.ok == 2


def test_lambda_throttle_reaches_the_client_as_500_not_429():
    """When Lambda rejects the invocation (throttle), API Gateway answers 500 Internal server
    error, not 429. https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway-errors.html"""
    eng, fn = real_function(duration=1.0, reserved_concurrency=1)
    api = ApiGateway(eng, fn)
    a, b = api.request(), api.request()
    eng.run()
    assert (a.status, b.status) == (200, 500) and b.by == "lambda"
    assert fn.metrics.throttles == 1 and api.stats.count(500) == 1
    assert api.stats.throttled_lambda == 1


def test_function_error_is_502():
    """A function error (or a malformed proxy response) becomes 502 Bad Gateway.
    https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway-errors.html"""
    eng, fn = real_function()
    api = ApiGateway(eng, fn)
    r1, r2 = api.request(fail=True), api.request(bad_response=True)
    eng.run()
    assert (r1.status, r2.status) == (502, 502)


def test_rest_integration_timeout_is_29_seconds_and_gives_504():
    """REST APIs wait 29 s by default, then answer 504 while the function keeps running.
    https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html"""
    eng, fn = real_function(duration=40.0, timeout_s=60.0)
    api = ApiGateway(eng, fn)
    resp = api.request()
    eng.run()
    assert resp.status == 504 and resp.end == pytest.approx(29.0)
    assert fn.metrics.invocations == 1 and api.stats.orphaned_seconds == pytest.approx(11.0)


def test_http_api_waits_30_seconds_and_cannot_go_higher():
    """HTTP APIs have a 30 s maximum integration timeout that cannot be raised.
    https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html"""
    eng, fn = real_function(duration=29.5, timeout_s=60.0)
    api = ApiGateway(eng, fn, ApiGatewayConfig(api_type="http"))
    resp = api.request()
    eng.run()
    assert resp.status == 200
    with pytest.raises(ValueError, match="integration_timeout"):
        ApiGatewayConfig(api_type="http", integration_timeout=31)


def test_regional_rest_api_may_raise_timeout_but_edge_optimized_may_not():
    """Since June 2024 Regional/private REST APIs can raise the timeout beyond 29 s; edge-
    optimized cannot. https://aws.amazon.com/about-aws/whats-new/2024/06/amazon-api-gateway-integration-timeout-limit-29-seconds/"""
    eng, fn = real_function(duration=40.0, timeout_s=60.0)
    api = ApiGateway(eng, fn, ApiGatewayConfig(endpoint_type="regional", integration_timeout=45))
    resp = api.request()
    eng.run()
    assert resp.status == 200
    with pytest.raises(ValueError, match="edge-optimized"):
        ApiGatewayConfig(endpoint_type="edge", integration_timeout=45)


def test_route_limit_above_account_rate_is_rejected():
    """Route and stage limits cannot exceed the account-level rate."""
    with pytest.raises(ValueError, match="route_limits"):
        ApiGatewayConfig(route_limits={"GET /": (20_000, 100)})


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0, 5), min_size=1, max_size=300), st.floats(1, 50), st.integers(1, 20))
def test_bucket_never_admits_more_than_burst_plus_rate_times_time(times, rate, burst):
    """Token-bucket bound: in any run, admitted <= burst + rate x elapsed time."""
    bucket = TokenBucket(rate, burst)
    times = sorted(times)
    admitted = sum(bucket.take(t) for t in times)
    assert admitted <= burst + rate * times[-1] + 1e-9


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 20), st.floats(0.01, 40), st.booleans()),
                min_size=1, max_size=40), st.integers(1, 5))
def test_every_request_gets_exactly_one_answer(reqs, conc):
    """Every request gets exactly one of 200/429/500/502/504, and the counters add up."""
    eng, fn = real_function(duration=1.0, reserved_concurrency=conc, timeout_s=35.0)
    api = ApiGateway(eng, fn, ApiGatewayConfig(route_limits={"GET /": (2, 3)}))
    answers = []
    for t, work, fail in reqs:
        eng.schedule(t, lambda a: api.request("GET /", work=a[0], fail=a[1],
                                              on_response=answers.append), (work, fail))
    eng.run()
    s = api.stats
    assert len(answers) == len(reqs) == s.requests
    assert s.ok + s.throttled_gateway + s.throttled_lambda + s.bad_gateway + s.gateway_timeout \
        == len(reqs)
    assert all(r.status in (200, 429, 500, 502, 504) for r in answers)


class BucketAgainstReference(RuleBasedStateMachine):
    """TokenBucket agrees with an exact (rational-arithmetic) reference bucket. Times are
    multiples of 1/64 s and the rate is 8/s, so the float bucket has no rounding to hide."""

    def __init__(self) -> None:
        super().__init__()
        self.bucket = TokenBucket(rate=8, capacity=4)
        self.tokens = Fraction(4)
        self.now = Fraction(0)

    @rule(dt=st.integers(0, 128))
    def wait(self, dt):
        """Time passes (in 1/64 s steps)."""
        self.now += Fraction(dt, 64)

    @rule()
    def take(self):
        """One request arrives now: both buckets must agree on admitting it."""
        elapsed = self.now - self.bucket_t
        self.tokens = min(Fraction(4), self.tokens + elapsed * 8)
        self.bucket_t = self.now
        expected = self.tokens >= 1
        if expected:
            self.tokens -= 1
        assert self.bucket.take(float(self.now)) == expected

    bucket_t = Fraction(0)

    @invariant()
    def never_above_capacity(self):
        """The bucket never holds more than its burst capacity."""
        assert self.bucket.tokens <= 4 + 1e-9


TestBucketAgainstReference = BucketAgainstReference.TestCase
TestBucketAgainstReference.settings = settings(max_examples=50, stateful_step_count=40,
                                               deadline=None)


def test_usage_plan_throttles_only_the_noisy_client():
    """Per-client limits (usage plan, by API key) are applied first and only to that client.
    https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html"""
    eng, fn = real_function()
    api = ApiGateway(eng, fn, ApiGatewayConfig(client_limit=(1, 2)))
    noisy = [api.request(api_key="noisy").status for _ in range(5)]
    calm = [api.request(api_key="calm").status for _ in range(2)]
    eng.run()
    assert noisy[2:] == [429, 429, 429]   # answered at once; the first two are still running
    assert api.stats.throttled_client == 3 and api.stats.throttled_gateway == 3
    assert all(r != 429 for r in calm)


def test_usage_plan_quota_resets_each_period():
    """A quota of 3 requests per DAY refuses the fourth and accepts again the next day.
    https://docs.aws.amazon.com/apigateway/latest/api/API_QuotaSettings.html"""
    eng, fn = real_function()
    api = ApiGateway(eng, fn, ApiGatewayConfig(client_quota=(3, "DAY")))
    answers = []
    for t in (0, 10, 20, 30, 86_400 + 5):
        eng.schedule(t, lambda _: api.request(api_key="k", on_response=answers.append), None)
    eng.run()
    assert [r.status for r in answers] == [200, 200, 200, 429, 200]
    assert api.stats.quota_exceeded == 1
    with pytest.raises(ValueError, match="client_quota"):
        ApiGatewayConfig(client_quota=(3, "YEAR"))
