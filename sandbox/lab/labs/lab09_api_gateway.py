"""Lab 09, API Gateway in front of Lambda: token-bucket throttling (429) and the integration
timeout (504). The runs drive :class:`sandbox.apigw.ApiGateway` directly.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...apigw import ApiGateway, ApiGatewayConfig
from ...config import FunctionConfig, InitModel
from ...durations import Fixed
from ...simulation import Simulation
from ..exercise import Exercise, Misconception

SEARCH = FunctionConfig(name="search", memory_mb=1024, timeout_s=60, init=InitModel(fixed_s=0.3),
                        duration=Fixed(0.2))
STAGE = ApiGatewayConfig(api_type="rest", stage_limit=(100, 50))


@dataclass
class ApiRun:
    """A finished run: the simulation's result, the API and every response."""

    result: object
    api: ApiGateway
    responses: list


def run_api(config: ApiGatewayConfig = STAGE, times: tuple[float, ...] = (0.0,),
            work_s: float | None = None, function: FunctionConfig = SEARCH,
            horizon: float = 120.0) -> ApiRun:
    """One request per arrival time (``work_s`` seconds of handler work each)."""
    simulation = Simulation(functions=[function.replace(name="search")], horizon=horizon, seed=9,
                            period_s=1.0)
    fn = simulation.functions["search"]
    api = ApiGateway(simulation.engine, fn, config, fn.metrics)
    responses: list = []
    for t in times:
        simulation.engine.schedule(t, lambda _: responses.append(api.request(work=work_s)))
    return ApiRun(simulation.run(), api, responses)


def burst_throttles(count: int = 200) -> int:
    """429s when ``count`` requests hit the stage in the same instant."""
    return run_api(times=(1.0,) * count).api.stats.throttled_gateway


def slow_request_status(work_s: float = 35.0) -> int:
    """The status a client gets for one request whose handler needs ``work_s`` seconds."""
    return run_api(times=(0.0,), work_s=work_s).responses[0].status


def _whole(answer) -> str | None:
    if isinstance(answer, bool) or not isinstance(answer, int) or answer < 0:
        return f"Expected a whole number of requests such as 20, got {answer!r}."
    return None


def _status(answer) -> str | None:
    if isinstance(answer, bool) or not isinstance(answer, int) or not 100 <= answer <= 599:
        return f"Expected an HTTP status code such as 404, got {answer!r}."
    return None


EXERCISES = (
    Exercise(
        id="token-bucket",
        title="200 requests in the same instant",
        variable="predicted_429s",
        validate=_whole,
        is_correct=lambda n: n == burst_throttles(),
        correct=("The bucket holds 50 tokens (the burst). The first 50 requests take them and "
                 "the other 150 get 429 Too Many Requests: at the same instant, no token has "
                 "been refilled yet."),
        misconceptions=(
            Misconception("rate-is-burst", lambda n: n == 100,
                          "The rate (100 per second) is how fast tokens come back, not how many "
                          "requests may arrive at once. That is the burst: 50."),
            Misconception("averaged-over-a-second", lambda n: n == 0,
                          "The limit is not averaged over a second: requests arriving together "
                          "can use only the tokens already in the bucket."),
            Misconception("all-rejected", lambda n: n == 200,
                          "Throttling rejects only the requests that find the bucket empty: the "
                          "first 50 get tokens."),
        ),
        otherwise="Count how many tokens a full bucket holds, and how many arrive in that instant.",
        hints=("A token bucket starts full. How many tokens does it hold?",
               "`stage_limit=(rate, burst)`: the burst is the bucket's size.",
               "200 requests - 50 tokens."),
        solution="predicted_429s = 150",
        wrong=(("predicted_429s = 100", "rate-is-burst"),
               ("predicted_429s = 0", "averaged-over-a-second"),
               ("predicted_429s = 200", "all-rejected"),
               ("predicted_429s = 50", "")),
    ),
    Exercise(
        id="slow-request",
        title="A 35-second request behind a REST API",
        variable="predicted_status",
        validate=_status,
        is_correct=lambda n: n == slow_request_status(),
        correct=("504 Gateway Timeout: the REST API stops waiting after its 29-second "
                 "integration timeout, although the function's own timeout (60 s) lets it run "
                 "on. The invocation finishes, and is billed, after the client has given up."),
        misconceptions=(
            Misconception("function-timeout-wins", lambda n: n == 200,
                          "The function may run for 60 s, but the REST API waits at most 29 s "
                          "for its integration by default: the client is answered first."),
            Misconception("bad-gateway", lambda n: n == 502,
                          "502 means the function failed or returned a malformed response. Here "
                          "the function is fine, just slower than the integration timeout."),
            Misconception("throttled", lambda n: n == 429,
                          "Nothing is throttled here: there is a single request."),
        ),
        otherwise="Compare 35 s with the REST API's default integration timeout.",
        hints=("Two timeouts are in play: the function's (60 s) and API Gateway's.",
               "A REST API waits for its integration for at most 29 s by default.",
               "When API Gateway stops waiting, it answers Gateway Timeout."),
        solution="predicted_status = 504",
        wrong=(("predicted_status = 200", "function-timeout-wins"),
               ("predicted_status = 502", "bad-gateway"),
               ("predicted_status = 429", "throttled"),
               ("predicted_status = 500", ""),
               ("predicted_status = 'timeout'", "")),
    ),
)
