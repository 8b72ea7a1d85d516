"""CloudFront in front of a regional origin, with edge functions and a distance-based latency.

A request travels viewer -> edge location -> (on a cache miss) the origin's Region and back:

* the **viewer request** trigger runs on every request (hit or miss) - a CloudFront Function
  (sub-millisecond, no network) or a Lambda@Edge function (a real Lambda with cold starts);
* the cache answers a share ``hit_ratio`` of requests at the edge;
* on a miss the **origin request** trigger (Lambda@Edge only) runs, then the request crosses to
  the Region and the origin (a function, an alias, an API...) handles it; on the way back the
  **origin response** trigger (Lambda@Edge only) runs, even if the origin failed;
* the **viewer response** trigger runs on every response before it leaves the edge
  (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-cloudfront-trigger-events.html).

Limits come from the CloudFront documentation:
https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-choosing.html
and https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html .
CloudFront Functions run only on viewer events, in under a millisecond, with 2 MB of memory,
10 KB of code and no network access; Lambda@Edge gets 5 s / 128 MB / 1 MB package on viewer
events and 30 s / up to Lambda's maximum memory / 50 MB package on origin events, with network.

Latency model (physics, not an AWS number): light in optical fibre covers about 200 km per
millisecond (refractive index about 1.5), and real routes are longer than the great-circle
distance, so one network leg takes ``distance_km / 200 x route_factor`` ms plus a fixed
``hop_ms``. The defaults (route factor 1.5, 2 ms per leg) are model assumptions, kept with
the others in :mod:`sandbox.facts`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from . import facts
from .engine import PRIORITY_INTERNAL, Engine
from .invocation import Invocation, Outcome

#: CloudFront Functions: submillisecond duration, 2 MB memory, 10 KB code, no network access,
#: viewer request/response events only.
#: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-choosing.html
CF_FUNCTION_MAX_MEMORY_MB = 2
CF_FUNCTION_MAX_CODE_KB = 10
CF_FUNCTION_NETWORK_ACCESS = False
#: Lambda@Edge on viewer events: 5 s timeout, 128 MB memory, 1 MB compressed package.
#: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html
LAMBDA_EDGE_VIEWER_TIMEOUT_S = 5.0
LAMBDA_EDGE_VIEWER_MEMORY_MB = 128
LAMBDA_EDGE_VIEWER_PACKAGE_MB = 1.0
#: Lambda@Edge on origin events: 30 s timeout, Lambda's memory quota (10,240 MB), 50 MB package.
#: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html
LAMBDA_EDGE_ORIGIN_TIMEOUT_S = 30.0
LAMBDA_EDGE_ORIGIN_MEMORY_MB = 10_240
LAMBDA_EDGE_ORIGIN_PACKAGE_MB = 50.0
#: The four CloudFront events that can trigger an edge function (two on each side of the cache).
#: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-cloudfront-trigger-events.html
VIEWER_EVENTS = ("viewer-request", "viewer-response")
ORIGIN_EVENTS = ("origin-request", "origin-response")

# Model assumptions (see sandbox/facts.py).
CF_FUNCTION_DURATION_S = facts.CF_FUNCTION_DURATION_S
FIBRE_KM_PER_MS = facts.FIBRE_KM_PER_MS
_KINDS = ("none", "cloudfront-function", "lambda-edge")


def _require(ok: bool, field: str, expected: str, got: Any) -> None:
    """Raise one clear ValueError naming the field, what was expected and what was given."""
    if not ok:
        raise ValueError(f"{field}: expected {expected}, got {got!r}")


def check_edge_function(kind: str, event: str, timeout_s: float = 1.0, memory_mb: float = 128,
                        package_mb: float = 0.001, needs_network: bool = False) -> list[str]:
    """Every documented limit this edge function would break, as sentences (empty: it fits)."""
    problems: list[str] = []
    viewer = event in VIEWER_EVENTS
    if event not in VIEWER_EVENTS + ORIGIN_EVENTS:
        return [f"unknown event {event!r}: expected one of {VIEWER_EVENTS + ORIGIN_EVENTS}"]
    if kind == "cloudfront-function":
        if not viewer:
            problems.append("CloudFront Functions run only on viewer request and viewer response")
        if needs_network:
            problems.append("CloudFront Functions have no network access")
        if memory_mb > CF_FUNCTION_MAX_MEMORY_MB:
            problems.append(f"CloudFront Functions have {CF_FUNCTION_MAX_MEMORY_MB} MB of memory")
        if package_mb * 1024 > CF_FUNCTION_MAX_CODE_KB:
            problems.append(f"CloudFront Function code is limited to {CF_FUNCTION_MAX_CODE_KB} KB")
        if timeout_s > 0.001:
            problems.append("CloudFront Functions must finish in under a millisecond")
    elif kind == "lambda-edge":
        limit_t = LAMBDA_EDGE_VIEWER_TIMEOUT_S if viewer else LAMBDA_EDGE_ORIGIN_TIMEOUT_S
        limit_m = LAMBDA_EDGE_VIEWER_MEMORY_MB if viewer else LAMBDA_EDGE_ORIGIN_MEMORY_MB
        limit_p = LAMBDA_EDGE_VIEWER_PACKAGE_MB if viewer else LAMBDA_EDGE_ORIGIN_PACKAGE_MB
        side = "viewer" if viewer else "origin"
        if timeout_s > limit_t:
            problems.append(f"Lambda@Edge {side} triggers time out after {limit_t:g} s")
        if memory_mb > limit_m:
            problems.append(f"Lambda@Edge {side} triggers get at most {limit_m:,} MB of memory")
        if package_mb > limit_p:
            problems.append(f"Lambda@Edge {side} packages are limited to {limit_p:g} MB")
    else:
        problems.append(f"unknown kind {kind!r}: expected 'cloudfront-function' or 'lambda-edge'")
    return problems


def leg_seconds(distance_km: float, route_factor: float = facts.EDGE_ROUTE_FACTOR,
                hop_ms: float = facts.EDGE_HOP_MS) -> float:
    """One-way network time over ``distance_km`` of fibre (see the module's latency model)."""
    return (distance_km / FIBRE_KM_PER_MS * route_factor + hop_ms) / 1000.0


@dataclass(frozen=True)
class EdgeConfig:
    """A distribution: cache hit ratio, distances, and which edge functions run where.

    ``viewer_km``: viewer to the nearest edge location; ``origin_km``: edge location to the
    origin's Region. ``viewer_trigger`` / ``viewer_response_trigger`` are 'none',
    'cloudfront-function' or 'lambda-edge'; ``origin_trigger`` / ``origin_response_trigger`` are
    'none' or 'lambda-edge'.
    """

    hit_ratio: float = 0.8
    viewer_km: float = 50.0
    origin_km: float = 6_000.0
    viewer_trigger: str = "none"
    origin_trigger: str = "none"
    viewer_response_trigger: str = "none"
    origin_response_trigger: str = "none"
    route_factor: float = facts.EDGE_ROUTE_FACTOR
    hop_ms: float = facts.EDGE_HOP_MS

    def __post_init__(self) -> None:
        f = "EdgeConfig."
        _require(isinstance(self.hit_ratio, (int, float)) and 0 <= self.hit_ratio <= 1,
                 f + "hit_ratio", "a fraction from 0 to 1", self.hit_ratio)
        for name in ("viewer_km", "origin_km", "hop_ms"):
            value = getattr(self, name)
            _require(isinstance(value, (int, float)) and value >= 0, f + name, ">= 0", value)
        _require(isinstance(self.route_factor, (int, float)) and self.route_factor >= 1,
                 f + "route_factor", "a factor >= 1", self.route_factor)
        _require(self.viewer_trigger in _KINDS, f + "viewer_trigger", f"one of {_KINDS}",
                 self.viewer_trigger)
        _require(self.viewer_response_trigger in _KINDS, f + "viewer_response_trigger",
                 f"one of {_KINDS}", self.viewer_response_trigger)
        _require(self.origin_response_trigger in ("none", "lambda-edge"),
                 f + "origin_response_trigger",
                 "'none' or 'lambda-edge' (CloudFront Functions cannot run on origin events)",
                 self.origin_response_trigger)
        _require(self.origin_trigger in ("none", "lambda-edge"), f + "origin_trigger",
                 "'none' or 'lambda-edge' (CloudFront Functions cannot run on origin events)",
                 self.origin_trigger)


class EdgeResponse:
    """One viewer request's outcome: ``status``, ``hit``, ``end`` and ``latency``."""

    __slots__ = ("arrival", "end", "status", "hit", "origin_status")

    def __init__(self, arrival: float, hit: bool) -> None:
        self.arrival = arrival
        self.end = -1.0
        self.status = 0
        self.hit = hit
        self.origin_status = 0   # what the cache or the origin answered, before response triggers

    @property
    def latency(self) -> float:
        """Seconds from the viewer sending the request to receiving the response."""
        return self.end - self.arrival


class EdgeStats:
    """Counters: hits, misses, responses by status, and latency by hit/miss."""

    __slots__ = ("requests", "hits", "misses", "ok", "edge_errors", "origin_errors",
                 "hit_latency_sum", "miss_latency_sum")

    def __init__(self) -> None:
        for name in self.__slots__:
            setattr(self, name, 0)

    @property
    def mean_hit_latency(self) -> float:
        """Mean latency of requests answered from the edge cache."""
        return self.hit_latency_sum / self.hits if self.hits else 0.0

    @property
    def mean_miss_latency(self) -> float:
        """Mean latency of requests that went to the origin."""
        return self.miss_latency_sum / self.misses if self.misses else 0.0

    def as_dict(self) -> dict[str, float]:
        """The counters as a plain dict."""
        d = {name: getattr(self, name) for name in self.__slots__}
        d["mean_hit_latency"] = self.mean_hit_latency
        d["mean_miss_latency"] = self.mean_miss_latency
        return d


class EdgeDistribution:
    """A CloudFront distribution in front of ``origin`` (anything with ``invoke``).

    ``viewer_function`` / ``origin_function`` (request triggers) and ``viewer_response_function``
    / ``origin_response_function`` are the Lambda@Edge functions (LambdaFunction objects) when
    the matching trigger is 'lambda-edge'; each is checked against the Lambda@Edge limits, and
    one on ``$LATEST`` is listed in ``notes`` (Lambda@Edge takes numbered versions only:
    https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html).
    """

    def __init__(self, engine: Engine, origin: Any, config: EdgeConfig | None = None,
                 metrics: Any = None, viewer_function: Any = None,
                 origin_function: Any = None, viewer_response_function: Any = None,
                 origin_response_function: Any = None) -> None:
        self.engine = engine
        self.origin = origin
        self.config = config or EdgeConfig()
        self.metrics = metrics
        self.stats = EdgeStats()
        c = self.config
        #: Documented rules this setup breaks without stopping the model (see __init__).
        self.notes: list[str] = []
        self._triggers: dict[str, tuple[str, Any]] = {}
        for event, trigger, fn, name in (
                ("viewer-request", c.viewer_trigger, viewer_function, "viewer_function"),
                ("origin-request", c.origin_trigger, origin_function, "origin_function"),
                ("viewer-response", c.viewer_response_trigger, viewer_response_function,
                 "viewer_response_function"),
                ("origin-response", c.origin_response_trigger, origin_response_function,
                 "origin_response_function")):
            if trigger == "lambda-edge":
                _require(fn is not None, f"EdgeDistribution.{name}",
                         "a Lambda function for the lambda-edge trigger", fn)
                fc = fn.config
                problems = check_edge_function("lambda-edge", event, fc.timeout_s, fc.memory_mb,
                                               fc.package_mb)
                _require(not problems, f"EdgeDistribution.{name}",
                         "a function within the Lambda@Edge limits", "; ".join(problems))
                if not getattr(fc, "published", True):
                    # Kept as a note, not an error, so $LATEST can still be tried in a lab.
                    self.notes.append(f"{name} ({fc.name}): Lambda@Edge needs a numbered "
                                      "version, not $LATEST or an alias")
            self._triggers[event] = (trigger, fn)
        self.viewer_function = viewer_function
        self.origin_function = origin_function
        self._viewer_leg = leg_seconds(c.viewer_km, c.route_factor, c.hop_ms)
        self._origin_leg = leg_seconds(c.origin_km, c.route_factor, c.hop_ms)
        self._next_id = 0

    def request(self, on_response: Callable[[EdgeResponse], None] | None = None) -> EdgeResponse:
        """A viewer sends one request now; ``on_response`` runs when the answer arrives."""
        hit = self.engine.rng.random() < self.config.hit_ratio
        resp = EdgeResponse(self.engine.now, hit)
        self.stats.requests += 1
        self.engine.schedule(self.engine.now + self._viewer_leg, self._at_edge,
                             (resp, on_response), PRIORITY_INTERNAL)
        return resp

    # -- the request's journey ----------------------------------------------------------------
    # viewer-request -> cache -> (miss: origin-request -> origin -> origin-response)
    # -> viewer-response -> viewer

    def _run_trigger(self, event: str, arg: tuple[EdgeResponse, Any],
                     then: Callable[[tuple[EdgeResponse, Any]], None]) -> None:
        kind, fn = self._triggers[event]
        if kind == "lambda-edge":
            self._run_lambda(fn, arg, then)
        elif kind == "cloudfront-function":
            self.engine.schedule(self.engine.now + CF_FUNCTION_DURATION_S, then, arg,
                                 PRIORITY_INTERNAL)
        else:
            then(arg)

    def _at_edge(self, arg: tuple[EdgeResponse, Any]) -> None:
        self._run_trigger("viewer-request", arg, self._after_viewer_trigger)

    def _after_viewer_trigger(self, arg: tuple[EdgeResponse, Any]) -> None:
        resp = arg[0]
        if resp.hit:
            resp.origin_status = 200
            self._viewer_response(arg)
        else:
            self._run_trigger("origin-request", arg, self._to_origin)

    def _to_origin(self, arg: tuple[EdgeResponse, Any]) -> None:
        self.engine.schedule(self.engine.now + self._origin_leg, self._at_origin, arg,
                             PRIORITY_INTERNAL)

    def _at_origin(self, arg: tuple[EdgeResponse, Any]) -> None:
        self._next_id += 1
        inv = Invocation(self._next_id, self.engine.now, payload=arg, source="cloudfront")
        self.origin.invoke(inv, self._origin_done)

    def _origin_done(self, inv: Invocation) -> None:
        arg = inv.payload
        status = 200 if inv.outcome is Outcome.SUCCESS else 502
        if status != 200:
            self.stats.origin_errors += 1
        arg[0].origin_status = status
        self.engine.schedule(self.engine.now + self._origin_leg, self._back_at_edge, arg,
                             PRIORITY_INTERNAL)

    def _back_at_edge(self, arg: tuple[EdgeResponse, Any]) -> None:
        # The origin-response trigger runs even when the origin returned an error.
        self._run_trigger("origin-response", arg, self._viewer_response)

    def _viewer_response(self, arg: tuple[EdgeResponse, Any]) -> None:
        self._run_trigger("viewer-response", arg, self._to_viewer)

    def _to_viewer(self, arg: tuple[EdgeResponse, Any]) -> None:
        self._reply(arg, arg[0].origin_status)

    def _run_lambda(self, fn: Any, arg: tuple[EdgeResponse, Any],
                    then: Callable[[tuple[EdgeResponse, Any]], None]) -> None:
        self._next_id += 1

        def done(inv: Invocation) -> None:
            if inv.outcome is Outcome.SUCCESS:
                then(arg)
            else:
                # A failed or throttled Lambda@Edge function: CloudFront answers 503 itself.
                self.stats.edge_errors += 1
                self._reply(arg, 503)

        fn.invoke(Invocation(self._next_id, self.engine.now, source="lambda-edge"), done)

    def _reply(self, arg: tuple[EdgeResponse, Any], status: int) -> None:
        self.engine.schedule(self.engine.now + self._viewer_leg, self._deliver, (arg, status),
                             PRIORITY_INTERNAL)

    def _deliver(self, pair: tuple[tuple[EdgeResponse, Any], int]) -> None:
        (resp, on_response), status = pair
        now = self.engine.now
        resp.end = now
        resp.status = status
        s = self.stats
        if status == 200:
            s.ok += 1
        if resp.hit:
            s.hits += 1
            s.hit_latency_sum += now - resp.arrival
        else:
            s.misses += 1
            s.miss_latency_sum += now - resp.arrival
        if on_response is not None:
            on_response(resp)
