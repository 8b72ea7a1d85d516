"""Amazon API Gateway in front of a function: token-bucket throttling and integration timeouts.

Every request first passes the throttles, in the documented order: the usage plan's per-client
quota and limit (by API key), the route's or method's limit, the stage's, then the account's
per-Region limit (token buckets), then invokes the function and waits at most the integration
timeout. What the client sees:

* ``429`` - throttled by API Gateway's own token buckets;
* ``500`` - Lambda refused the invocation (e.g. it throttled it for lack of concurrency): the
  client does *not* see Lambda's 429 but API Gateway's "Internal server error"
  (https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway-errors.html);
* ``502`` - the function raised, timed out on its own, or returned a malformed response;
* ``504`` - the integration timeout passed first. The invocation keeps running (and keeps its
  execution environment busy) after the client has been answered;
* ``200`` - success.

Token bucket: the bucket holds up to ``burst`` tokens and refills at ``rate`` per second; a
request takes one token or is throttled
(https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from .engine import PRIORITY_INTERNAL, Engine
from .invocation import Invocation, Outcome

#: Account-level throttle per Region across all APIs: 10,000 requests per second steady rate.
#: The current quotas page lets AWS set the burst and states no number for most Regions (2,500 /
#: 1,250 in the newer ones it lists); 5,000 is the burst it documented for years, kept here as the
#: model's assumption.
#: https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
ACCOUNT_RATE_LIMIT = 10_000.0
ACCOUNT_BURST_LIMIT = 5_000
#: REST API integration timeout: 50 ms to 29 s by default. Since 4 June 2024 Regional and
#: private REST APIs can raise it above 29 s through a quota request (which may lower the
#: account throttle); edge-optimized REST APIs stay at 29 s.
#: https://aws.amazon.com/about-aws/whats-new/2024/06/amazon-api-gateway-integration-timeout-limit-29-seconds/
REST_INTEGRATION_TIMEOUT_DEFAULT = 29.0
INTEGRATION_TIMEOUT_MIN = 0.05
#: HTTP API integration timeout: at most 30 s, and it cannot be raised.
#: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html
HTTP_INTEGRATION_TIMEOUT_MAX = 30.0

#: Usage-plan quota periods (QuotaSettings.period); the model takes a month as 30 days.
#: https://docs.aws.amazon.com/apigateway/latest/api/API_QuotaSettings.html
QUOTA_PERIODS_S = {"DAY": 86_400.0, "WEEK": 604_800.0, "MONTH": 2_592_000.0}

_API_TYPES = ("rest", "http")
_ENDPOINT_TYPES = ("regional", "edge", "private")


def _require(ok: bool, field_name: str, expected: str, got: Any) -> None:
    """Raise one clear ValueError naming the field, what was expected and what was given."""
    if not ok:
        raise ValueError(f"{field_name}: expected {expected}, got {got!r}")


class TokenBucket:
    """A token bucket: ``capacity`` tokens at most, refilled continuously at ``rate`` per second."""

    __slots__ = ("rate", "capacity", "tokens", "t")

    def __init__(self, rate: float, capacity: float) -> None:
        self.rate = float(rate)
        self.capacity = float(capacity)
        self.tokens = float(capacity)   # a bucket starts full
        self.t = 0.0

    def take(self, now: float) -> bool:
        """Take one token at ``now``; False (throttle) if less than one is available."""
        tokens = self.tokens + (now - self.t) * self.rate
        if tokens > self.capacity:
            tokens = self.capacity
        self.t = now
        if tokens >= 1.0:
            self.tokens = tokens - 1.0
            return True
        self.tokens = tokens
        return False


@dataclass(frozen=True)
class ApiGatewayConfig:
    """One API stage in front of one function.

    ``route_limits`` maps a route or method (``"GET /pets"``) to ``(rate, burst)``; ``stage_limit``
    is the stage default ``(rate, burst)``; ``client_limit`` ``(rate, burst)`` and
    ``client_quota`` ``(requests, "DAY" | "WEEK" | "MONTH")`` form a usage plan applied per API
    key. ``integration_timeout`` defaults to 29 s (REST) or 30 s (HTTP API). ``overhead_s`` is
    API Gateway's own added latency (a model assumption).
    """

    api_type: str = "rest"
    endpoint_type: str = "regional"
    account_rate: float = ACCOUNT_RATE_LIMIT
    account_burst: int = ACCOUNT_BURST_LIMIT
    stage_limit: tuple[float, int] | None = None
    route_limits: dict[str, tuple[float, int]] = field(default_factory=dict)
    integration_timeout: float | None = None
    overhead_s: float = 0.0
    client_limit: tuple[float, int] | None = None
    client_quota: tuple[int, str] | None = None

    def __post_init__(self) -> None:
        f = "ApiGatewayConfig."
        _require(self.api_type in _API_TYPES, f + "api_type", "'rest' or 'http'", self.api_type)
        _require(self.endpoint_type in _ENDPOINT_TYPES, f + "endpoint_type",
                 "'regional', 'edge' or 'private'", self.endpoint_type)
        _require(isinstance(self.account_rate, (int, float)) and self.account_rate > 0,
                 f + "account_rate", "requests per second > 0", self.account_rate)
        _require(isinstance(self.account_burst, int) and self.account_burst >= 1,
                 f + "account_burst", "an integer >= 1", self.account_burst)
        limits = dict(self.route_limits)
        if self.client_limit is not None:
            limits["client"] = self.client_limit
        q = self.client_quota
        _require(q is None or (isinstance(q, (tuple, list)) and len(q) == 2
                               and isinstance(q[0], int) and q[0] >= 0
                               and q[1] in QUOTA_PERIODS_S),
                 f + "client_quota", "(requests >= 0, 'DAY' / 'WEEK' / 'MONTH')", q)
        if self.stage_limit is not None:
            limits["stage"] = self.stage_limit
        for name, limit in limits.items():
            ok = (isinstance(limit, (tuple, list)) and len(limit) == 2
                  and isinstance(limit[0], (int, float)) and limit[0] >= 0
                  and isinstance(limit[1], int) and limit[1] >= 0)
            _require(ok, f"{f}route_limits[{name!r}]", "(rate >= 0, integer burst >= 0)", limit)
            # Route and stage limits cannot exceed the account-level limits.
            _require(limit[0] <= self.account_rate, f"{f}route_limits[{name!r}]",
                     f"a rate at most the account rate ({self.account_rate:g})", limit)
        t = self.timeout
        _require(isinstance(t, (int, float)) and t >= INTEGRATION_TIMEOUT_MIN,
                 f + "integration_timeout", "at least 0.05 s (50 ms)", t)
        if self.api_type == "http":
            _require(t <= HTTP_INTEGRATION_TIMEOUT_MAX, f + "integration_timeout",
                     "at most 30 s for an HTTP API", t)
        elif self.endpoint_type == "edge":
            _require(t <= REST_INTEGRATION_TIMEOUT_DEFAULT, f + "integration_timeout",
                     "at most 29 s for an edge-optimized REST API", t)

    @property
    def timeout(self) -> float:
        """The integration timeout in force (the type's default when not set)."""
        if self.integration_timeout is not None:
            return self.integration_timeout
        return HTTP_INTEGRATION_TIMEOUT_MAX if self.api_type == "http" else \
            REST_INTEGRATION_TIMEOUT_DEFAULT


class ApiResponse:
    """What the client got: ``status``, when (``end``), and which layer decided (``by``)."""

    __slots__ = ("route", "arrival", "end", "status", "by", "invocation")

    def __init__(self, route: str, arrival: float) -> None:
        self.route = route
        self.arrival = arrival
        self.end = -1.0
        self.status = 0
        self.by = ""
        self.invocation: Invocation | None = None

    @property
    def latency(self) -> float:
        """Seconds from the request reaching API Gateway to the response leaving it."""
        return self.end - self.arrival


class ApiGatewayStats:
    """Streaming counters: responses by status and by the layer that produced them.

    ``throttled_gateway`` counts every 429 API Gateway itself returned; ``throttled_client`` and
    ``quota_exceeded`` are the part of them due to a usage plan.
    """

    __slots__ = ("requests", "ok", "throttled_gateway", "throttled_client", "quota_exceeded",
                 "throttled_lambda", "bad_gateway",
                 "gateway_timeout", "latency_sum", "latency_max", "orphaned_seconds")

    def __init__(self) -> None:
        for name in self.__slots__:
            setattr(self, name, 0)

    def count(self, status: int) -> int:
        """How many responses had this HTTP status (500 = Lambda throttled the invocation)."""
        return {200: self.ok, 429: self.throttled_gateway, 500: self.throttled_lambda,
                502: self.bad_gateway, 504: self.gateway_timeout}.get(status, 0)

    def as_dict(self) -> dict[str, float]:
        """The counters as a plain dict."""
        return {name: getattr(self, name) for name in self.__slots__}


#: What a traffic source hears for each response status (any other: a function error).
_OUTCOME_OF_STATUS = {200: Outcome.SUCCESS, 429: Outcome.THROTTLED, 500: Outcome.THROTTLED,
                      504: Outcome.TIMEOUT}


class ApiGateway:
    """An API stage that throttles, invokes ``function`` and enforces the integration timeout.

    ``request`` is also usable as a traffic target: ``invoke(invocation, on_done)`` maps the
    response back onto the invocation (``outcome``/``end``) so sources can drive it.
    """

    def __init__(self, engine: Engine, function: Any, config: ApiGatewayConfig | None = None,
                 metrics: Any = None) -> None:
        self.engine = engine
        self.function = function
        self.config = config or ApiGatewayConfig()
        self.metrics = metrics
        self.stats = ApiGatewayStats()
        self._account = TokenBucket(self.config.account_rate, self.config.account_burst)
        self._stage = (TokenBucket(*self.config.stage_limit)
                       if self.config.stage_limit is not None else None)
        self._routes = {name: TokenBucket(rate, burst)
                        for name, (rate, burst) in self.config.route_limits.items()}
        self._timeout = self.config.timeout
        self._overhead = self.config.overhead_s
        self._clients: dict[str, TokenBucket] = {}
        self._quota_used: dict[str, tuple[int, int]] = {}
        self._next_id = 0

    def request(self, route: str = "GET /", work: float | None = None, fail: bool = False,
                bad_response: bool = False,
                on_response: Callable[[ApiResponse], None] | None = None,
                api_key: str | None = None) -> ApiResponse:
        """Send one request now. ``on_response`` is called when the client gets its answer.
        ``api_key`` identifies the client for the usage plan's per-client limit and quota."""
        now = self.engine.now
        self.stats.requests += 1
        resp = ApiResponse(route, now)
        if api_key is not None and not self._client_admits(api_key, now):
            self._answer(resp, 429, "gateway", now, on_response)
            return resp
        bucket = self._routes.get(route) if self._routes else None
        stage = self._stage
        if ((bucket is not None and not bucket.take(now))
                or (stage is not None and not stage.take(now))
                or not self._account.take(now)):
            self._answer(resp, 429, "gateway", now, on_response)
            return resp
        self._next_id += 1
        inv = Invocation(self._next_id, now, work=work, fail=fail,
                         payload=(resp, bad_response, on_response), source="apigw")
        resp.invocation = inv
        self.function.invoke(inv, self._on_done)
        if resp.status == 0:
            # The invocation's end is known at dispatch for the model's functions; schedule the
            # 504 only when it will be needed, so the common path adds no heap event.
            if inv.end < 0 or inv.end - now > self._timeout:
                self.engine.schedule(now + self._timeout, self._integration_timeout, resp,
                                     PRIORITY_INTERNAL)
        return resp

    def invoke(self, invocation: Invocation, on_done: Callable[[Invocation], None]) -> None:
        """Traffic-source adapter: answer ``invocation`` with the API's response."""
        def done(resp: ApiResponse) -> None:
            invocation.end = resp.end
            invocation.outcome = _OUTCOME_OF_STATUS.get(resp.status, Outcome.ERROR)
            on_done(invocation)
        self.request("GET /", invocation.work, invocation.fail, False, done)

    # -- internals ---------------------------------------------------------------------------

    def _client_admits(self, api_key: str, now: float) -> bool:
        """Usage plan, checked first: the client's quota for the period, then its own bucket."""
        quota = self.config.client_quota
        if quota is not None:
            limit, period = quota
            window = int(now // QUOTA_PERIODS_S[period])
            start, used = self._quota_used.get(api_key, (window, 0))
            if start != window:
                used = 0
            if used >= limit:
                self.stats.quota_exceeded += 1
                return False
            self._quota_used[api_key] = (window, used + 1)
        limit = self.config.client_limit
        if limit is not None:
            bucket = self._clients.get(api_key)
            if bucket is None:
                bucket = self._clients[api_key] = TokenBucket(*limit)
            if not bucket.take(now):
                self.stats.throttled_client += 1
                return False
        return True

    def _on_done(self, inv: Invocation) -> None:
        resp, bad_response, on_response = inv.payload
        # The response and its invocation refer to each other: dropping the payload breaks
        # the cycle, so both are freed at once rather than left to the cyclic garbage
        # collector (whose passes cost this model about a fifth of its time).
        inv.payload = None
        if resp.status:
            # The client already had its 504; the orphaned invocation only used concurrency.
            self.stats.orphaned_seconds += inv.end - resp.end
            return
        outcome = inv.outcome
        now = self.engine.now
        overhead = self._overhead
        if outcome is Outcome.THROTTLED:
            self._answer(resp, 500, "lambda", now, on_response)
        elif outcome is Outcome.SUCCESS and not bad_response:
            self._answer(resp, 200, "lambda", now + overhead, on_response)
        else:
            self._answer(resp, 502, "lambda", now + overhead, on_response)

    def _integration_timeout(self, resp: ApiResponse) -> None:
        if not resp.status:
            self._answer(resp, 504, "gateway", self.engine.now, resp.invocation.payload[2])

    def _answer(self, resp: ApiResponse, status: int, by: str, end: float,
                on_response: Callable[[ApiResponse], None] | None) -> None:
        resp.status = status
        resp.by = by
        resp.end = end
        s = self.stats
        if status == 200:
            s.ok += 1
        elif status == 429:
            s.throttled_gateway += 1
        elif status == 500:
            s.throttled_lambda += 1
        elif status == 502:
            s.bad_gateway += 1
        else:
            s.gateway_timeout += 1
        latency = end - resp.arrival
        s.latency_sum += latency
        if latency > s.latency_max:
            s.latency_max = latency
        if on_response is not None:
            on_response(resp)
