"""The checks behind "Why you can trust this model" (docs/reference/validation.md).

Each check simulates something with a known answer — a queueing law, SimFaaS on its own README
workload, or a behaviour AWS documents — and records what was simulated, the expected value and
where it comes from, the model's value, the tolerance and the verdict. The page is generated
from the recorded file, never from hand-copied numbers:

    python tools/model_checks.py --record    # re-run everything (SimFaaS at 10^6 s), write the record
    python tools/model_checks.py --check     # re-run the quick checks, compare with the record

``--check`` (and ``tests/site/test_validation_record.py``, which CI runs) fails when the record
and the code disagree: the quick checks are deterministic, and the SimFaaS comparison is re-run
at the shorter horizon the record also keeps. SimFaaS (numpy/scipy) is a dev dependency only.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sandbox import (AccountConfig, Arrivals, Burst, Constant, Exponential, Fixed,  # noqa: E402
                     FunctionConfig, InitModel, Poisson, Simulation)

RECORD = ROOT / "docs" / "reference" / "validation.json"

DOCS = "https://docs.aws.amazon.com/lambda/latest/dg/"
#: SimFaaS's README workload: Poisson 0.9/s, warm 1.991 s, cold 2.244 s, expiration 600 s.
SIMFAAS_WORKLOAD = dict(arrival_rate=0.9, warm_service=1.991, cold_service=2.244,
                        expiration_threshold=600.0)
SIMFAAS_SEEDS = (1, 2, 3)
#: The record's long comparison and the one CI re-runs.
SIMFAAS_LONG_S, SIMFAAS_SHORT_S = 1e6, 1e5


def result(id: str, group: str, title: str, simulated: str, expected: float, source: str,
           url: str, model: float, tolerance: float, relative: bool = False, unit: str = "",
           chart: dict | None = None) -> dict:
    """One check as recorded: the verdict is |model - expected| <= tolerance (or relative)."""
    allowed = tolerance * abs(expected) if relative else tolerance
    return {"id": id, "group": group, "title": title, "simulated": simulated,
            "expected": expected, "source": source, "url": url, "model": model,
            "tolerance": tolerance, "relative": relative, "unit": unit,
            "passed": abs(model - expected) <= allowed + 1e-12, "chart": chart}


# --- queueing laws ---------------------------------------------------------------------------

def erlang_b(offered_load: float, servers: int) -> float:
    """Blocking probability of an M/G/c/c loss system (the Erlang-B recursion)."""
    b = 1.0
    for k in range(1, servers + 1):
        b = offered_load * b / (k + offered_load * b)
    return b


def rate_sweep(id: str, title: str, rates, expected, run_one, describe: str, source: str,
               url: str, tolerance: float, y: str) -> dict:
    """A curve check: the model at each arrival rate against a formula. The table row shows
    the rate with the largest gap; the chart shows them all."""
    points = [(rate, expected(rate), run_one(rate)) for rate in rates]
    worst = max(points, key=lambda p: abs(p[2] - p[1]))
    return result(id, "Queueing laws", title,
                  f"Poisson arrivals at {', '.join(f'{r:g}' for r in rates)} req/s, {describe}; "
                  f"the row shows the rate with the largest gap ({worst[0]:g}/s)",
                  worst[1], source, url, worst[2], tolerance,
                  chart={"kind": "curve", "x": "arrival rate (req/s)", "y": y,
                         "points": [list(p) for p in points]})


def erlang_b_sweep() -> list[dict]:
    """Throttle probability at reserved concurrency 10 against Erlang-B, rates 4-16/s."""
    servers = 10

    def throttled(rate: float) -> float:
        fn = FunctionConfig(name="fn", duration=Exponential(1.0), init=InitModel(fixed_s=0.0),
                            reserved_concurrency=servers, timeout_s=900.0)
        run = Simulation(account=AccountConfig(scaling_limit=False), functions=[fn],
                         sources=[Poisson(rate, function="fn")], seed=7, horizon=5_000,
                         period_s=600).run()
        return run.metrics["fn"].throttle_ratio
    return [rate_sweep(
        "erlang-b", "Throttle probability = Erlang-B", (4.0, 6.0, 8.0, 10.0, 12.0, 14.0, 16.0),
        lambda rate: erlang_b(rate, servers), throttled,
        f"exponential 1 s handler, no Init, reserved concurrency {servers}, 5,000 s each "
        f"(seed 7)", "Erlang-B formula B(λS, c): loss systems are insensitive to the "
        "service-time distribution", DOCS + "configuration-concurrency.html", 0.015,
        "throttle probability")]


def cold_start_sweep() -> list[dict]:
    """P(cold) = exp(-λ(T + S)) at low rates (one environment serves everything)."""
    expiry, service = 60.0, 1.0

    def cold_ratio(rate: float) -> float:
        fn = FunctionConfig(name="fn", duration=Fixed(service), init=InitModel(fixed_s=0.0),
                            idle_expiry_s=expiry)
        run = Simulation(functions=[fn], sources=[Poisson(rate, function="fn")], seed=11,
                         horizon=4_000 / rate, period_s=3_600).run()
        return run.metrics["fn"].cold_start_ratio
    return [rate_sweep(
        "cold-start-probability", "Cold-start probability = exp(−λ(T+S))",
        (0.002, 0.005, 0.01, 0.02), lambda rate: math.exp(-rate * (expiry + service)),
        cold_ratio, f"1 s handler, idle expiry T = {expiry:g} s, about 4,000 requests each "
        f"(seed 11)", "a request is cold when the gap since the previous one exceeds T + S "
        "(exponential gaps)", DOCS + "lambda-runtime-environment.html", 0.03,
        "cold-start probability")]


def littles_law() -> list[dict]:
    """Average concurrency over the window = λ × mean latency (Init included)."""
    rate, service, init, horizon = 20.0, 0.25, 0.8, 3_000.0
    fn = FunctionConfig(name="fn", duration=Exponential(service), init=InitModel(fixed_s=init),
                        idle_expiry_s=30.0)
    m = Simulation(functions=[fn], sources=[Poisson(rate, function="fn")], seed=5,
                   horizon=horizon).run().metrics["fn"]
    expected = m.invocations / horizon * m.latency.mean
    return [result(
        "littles-law", "Queueing laws", "Little's law L = λW",
        f"Poisson 20 req/s, exponential 0.25 s handler, 0.8 s Init, {horizon:,.0f} s (seed 5): "
        f"measured arrival rate times measured mean latency",
        expected, "Little's law (any stable queue)", DOCS + "lambda-concurrency.html",
        m.average_concurrency, 0.01, relative=True, unit="concurrent")]


# --- SimFaaS ---------------------------------------------------------------------------------

def _welch(a: list[float], b: list[float]) -> tuple[float, float]:
    """Welch's t statistic and two-sided p value (scipy's t distribution)."""
    from scipy import stats
    t, p = stats.ttest_ind(a, b, equal_var=False)
    return float(t), float(p)


def simfaas_comparison(horizon: float) -> dict:
    """Our SimFaaS-compatible mode and SimFaaS 0.2.2 on the README workload, three seeds each."""
    from sandbox.simfaas_mode import simulate_simfaas
    import numpy as np
    from simfaas.ServerlessSimulator import ServerlessSimulator
    w = SIMFAAS_WORKLOAD
    ours, theirs, ours_s, theirs_s = [], [], 0.0, 0.0
    for seed in SIMFAAS_SEEDS:
        start = time.process_time()
        r = simulate_simfaas(w["arrival_rate"], w["warm_service"], w["cold_service"],
                             w["expiration_threshold"], horizon=horizon, seed=seed)
        ours_s += time.process_time() - start
        ours.append({"p_cold": r.cold_start_prob, "instances": r.avg_server_count,
                     "running": r.avg_running_count})
        np.random.seed(seed)
        sim = ServerlessSimulator(arrival_rate=w["arrival_rate"],
                                  warm_service_rate=1 / w["warm_service"],
                                  cold_service_rate=1 / w["cold_service"],
                                  expiration_threshold=w["expiration_threshold"],
                                  max_time=horizon)
        start = time.process_time()
        sim.generate_trace()
        theirs_s += time.process_time() - start
        d = sim.get_result_dict()
        theirs.append({"p_cold": d["prob_cold"], "instances": d["inst_count_avg"],
                       "running": d["inst_running_count_avg"]})
    rows = []
    for key, label in (("p_cold", "P(cold start)"), ("instances", "mean instances"),
                       ("running", "mean running")):
        a, b = [r[key] for r in ours], [r[key] for r in theirs]
        t, p = _welch(a, b)
        rows.append({"statistic": label, "ours": statistics.fmean(a), "simfaas": statistics.fmean(b),
                     "ours_runs": a, "simfaas_runs": b, "welch_t": t, "p_value": p,
                     "passed": p > 0.01})
    # Speed: CPU seconds of this process for each simulator, so other load does not tilt it.
    return {"horizon": horizon, "seeds": list(SIMFAAS_SEEDS), "workload": w, "rows": rows,
            "speed_ratio": theirs_s / ours_s if ours_s else math.inf}


# --- documented AWS behaviours ---------------------------------------------------------------

def _quick(name: str = "fn", **changes) -> FunctionConfig:
    base = dict(name=name, duration=Fixed(1.0), init=InitModel(fixed_s=0.0), timeout_s=900.0)
    base.update(changes)
    return FunctionConfig(**base)


def aws_behaviours() -> list[dict]:
    """One small deterministic scenario per documented behaviour, with its AWS source."""
    out = []
    group = "Documented AWS behaviours"
    # Scaling: 1,000 new environments per 10 s per function, refilled continuously.
    sim = Simulation(account=AccountConfig(concurrency_limit=5000),
                     functions=[_quick(duration=Fixed(60.0))],
                     sources=[Arrivals([0.0] * 1000 + [1.0] * 300, function="fn")], horizon=2)
    m = sim.run().metrics["fn"]
    out.append(result("scaling-rate", group, "Scaling: 1,000 environments per 10 s",
                      "1,000 requests at t = 0 and 300 at t = 1 s, each running 60 s, account "
                      "limit 5,000", 1100, "1,000 at once, then 100 more refilled after 1 s",
                      DOCS + "scaling-behavior.html", m.environments_created, 0,
                      unit="environments"))
    # Provisioned concurrency spillover.
    m = Simulation(functions=[_quick(provisioned_concurrency=20)],
                   sources=[Burst(30, at=0.0, function="fn")], horizon=10).run().metrics["fn"]
    out.append(result("pc-spillover", group, "Provisioned concurrency spillover",
                      "30 simultaneous requests, 20 provisioned environments", 10,
                      "requests beyond provisioned concurrency run on demand and count as "
                      "ProvisionedConcurrencySpilloverInvocations",
                      DOCS + "monitoring-concurrency.html", m.spillover, 0, unit="invocations"))
    # Async retries: about 1 and 2 minutes after failed attempts, then the destination.
    from sandbox.async_invoke import ALWAYS, AsyncConfig, AsyncInvoker
    sim = Simulation(functions=[_quick()])
    eng, fn = sim.engine, sim.functions["fn"]
    invoker = AsyncInvoker(eng, fn, AsyncConfig(on_failure="failures"))
    event = invoker.submit(failures=ALWAYS)
    eng.run()
    out.append(result("async-retry-timing", group, "Async retries after 1 and 2 minutes",
                      "one event that always fails, 1 s handler, default retry settings: start "
                      "of the third attempt", 182.0, "two retries, about one and two minutes "
                      "after the failed attempts (1 + 60 + 1 + 120 s)",
                      DOCS + "invocation-async-error-handling.html", event.last.start, 0,
                      unit="s"))
    out.append(result("async-destination", group, "Async on-failure destination",
                      "the same event after its retries are exhausted", 1,
                      "the event record goes to the on-failure destination",
                      DOCS + "invocation-async-retain-records.html",
                      len(invoker.destinations["failures"]), 0, unit="records"))
    # API Gateway: 5,000-request burst, 10,000 RPS.
    from sandbox.apigw import ApiGateway, ApiGatewayConfig
    sim = Simulation(account=AccountConfig(concurrency_limit=10_000, scaling_limit=False),
                     functions=[_quick(duration=Fixed(0.01))])
    api = ApiGateway(sim.engine, sim.functions["fn"], ApiGatewayConfig())
    for _ in range(6_000):
        api.request("GET /")
    sim.engine.run()
    out.append(result("apigw-burst", group, "API Gateway burst of 5,000",
                      "6,000 requests at one instant through a stage with the account's default "
                      "throttle", 5_000, "token bucket: 10,000 requests per second, burst 5,000",
                      "https://docs.aws.amazon.com/apigateway/latest/developerguide/"
                      "api-gateway-request-throttling.html", api.stats.ok, 0, unit="requests"))
    from sandbox.scenario import Scenario
    stats = Scenario({
        "duration_s": 2, "account": {"concurrency_limit": 5000, "scaling_limit": False},
        "functions": [{"name": "fn", "duration": 0.01, "init": {"fixed_s": 0.0},
                       "api_gateway": {}}],
        "traffic": [{"kind": "constant", "rate": 20_000, "source": "api_gateway", "end": 1}],
    }).run().extensions["fn"]["api_gateway"]
    out.append(result("apigw-rate", group, "API Gateway steady rate of 10,000 per second",
                      "20,000 requests spread evenly over one second through a stage with the "
                      "account's default throttle", 15_000, "the 5,000-request bucket plus "
                      "10,000 refilled during the second pass; the rest get 429",
                      "https://docs.aws.amazon.com/apigateway/latest/developerguide/"
                      "api-gateway-request-throttling.html", stats["ok"], 1, unit="requests"))
    # Kinesis parallelization factor.
    from sandbox.streams import StreamConfig, StreamEventSource
    import zlib
    sim = Simulation(functions=[_quick()])
    src = StreamEventSource(sim.engine, sim.functions["fn"],
                            StreamConfig(shards=1, batch_size=1, parallelization_factor=10))
    keys = [f"key{i}" for i in range(200)]
    for lane in range(10):
        key = next(k for k in keys if zlib.crc32(k.encode()) % 10 == lane)  # its lane
        for _ in range(3):
            src.put(key)
    sim.engine.run()
    out.append(result("kinesis-parallelization", group, "Kinesis parallelization factor 10",
                      "one shard, parallelization factor 10, records on ten partition keys",
                      10, "up to 10 batches per shard at once",
                      DOCS + "services-kinesis-parameters.html",
                      src.stats.max_concurrent_batches, 0, unit="batches"))
    # SQS event source ramp: 5 concurrent batches, +300 per minute.
    from sandbox.sqs import SqsConfig, SqsEventSource
    sim = Simulation(functions=[_quick(duration=Fixed(800.0))])
    esm = SqsEventSource(sim.engine, sim.functions["fn"],
                         SqsConfig(batch_size=1, visibility_timeout=900))
    for _ in range(5_000):
        esm.send()
    sim.engine.run(until=60.0)
    out.append(result("sqs-ramp", group, "SQS event source: 5 batches, then +300 per minute",
                      "a backlog of 5,000 messages, 800 s handler: concurrent batches after one "
                      "minute", 305, "starts with 5 concurrent batches and adds up to 300 per "
                      "minute", DOCS + "services-sqs-scaling.html",
                      esm.stats.max_concurrent_batches, 5, unit="batches"))
    # Pricing: the published unit prices applied to a simulated workload.
    fn = _quick(memory_mb=512, init=InitModel(fixed_s=0.0))
    run = Simulation(functions=[fn], sources=[Constant(1.0, function="fn")], horizon=3_000).run()
    # Computed here from the published prices, not from sandbox.facts (which it checks).
    expected = 3_000 * 0.20 / 1e6 + 3_000 * 1.0 * 0.5 * 0.0000166667
    out.append(result("pricing", group, "Price = requests + GB-seconds",
                      "3,000 invocations of 1 s at 512 MB (x86_64, no free tier)", expected,
                      "$0.20 per million requests and $0.0000166667 per GB-s (first tier, "
                      "us-east-1)", "https://aws.amazon.com/lambda/pricing/",
                      run.total_cost.total, 1e-9, unit="USD"))
    return out


def quick_checks() -> list[dict]:
    """Every deterministic check (seconds, not minutes)."""
    return erlang_b_sweep() + cold_start_sweep() + littles_law() + aws_behaviours()


def record() -> dict:
    """Everything the page shows, including the long SimFaaS comparison."""
    return {"command": "python tools/model_checks.py --record",
            "python": sys.version.split()[0],
            "checks": quick_checks(),
            "simfaas": simfaas_comparison(SIMFAAS_LONG_S),
            "simfaas_short": simfaas_comparison(SIMFAAS_SHORT_S)}


def disagreements(recorded: dict, fresh_checks: list[dict] | None = None,
                  fresh_short: dict | None = None) -> list[str]:
    """Where the code no longer gives the recorded results (empty: they agree); ``None``
    leaves that part out of the comparison."""
    problems = []
    old = {c["id"]: c for c in recorded["checks"]}
    new = {c["id"]: c for c in fresh_checks} if fresh_checks is not None else old
    if set(old) != set(new):
        problems.append(f"checks differ: recorded {sorted(old)}, code {sorted(new)}")
    for key in sorted(set(old) & set(new)) if fresh_checks is not None else ():
        a, b = old[key], new[key]
        for field in ("expected", "model", "passed"):
            if not math.isclose(float(a[field]), float(b[field]), rel_tol=1e-9, abs_tol=1e-12):
                problems.append(f"{key}.{field}: recorded {a[field]!r}, code gives {b[field]!r}")
    if fresh_short is not None:
        for a, b in zip(recorded["simfaas_short"]["rows"], fresh_short["rows"]):
            for field in ("ours", "simfaas"):
                if not math.isclose(a[field], b[field], rel_tol=1e-9):
                    problems.append(f"simfaas_short {a['statistic']} {field}: recorded "
                                    f"{a[field]!r}, code gives {b[field]!r}")
    return problems


def main(argv: list[str] | None = None) -> int:
    """``--record`` writes the record; ``--check`` compares the code with it (exit 1)."""
    parser = argparse.ArgumentParser(prog="python tools/model_checks.py", description=__doc__
                                     .split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--record", action="store_true", help=f"re-run everything, write {RECORD.name}")
    mode.add_argument("--check", action="store_true", help="compare the code with the record")
    args = parser.parse_args(argv)
    if args.record:
        data = record()
        RECORD.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        failed = [c["id"] for c in data["checks"] if not c["passed"]]
        print(f"wrote {RECORD.relative_to(ROOT)}: {len(data['checks'])} checks, "
              f"failed: {failed or 'none'}; SimFaaS {data['simfaas']['speed_ratio']:.1f}x")
        return 0
    recorded = json.loads(RECORD.read_text(encoding="utf-8"))
    problems = disagreements(recorded, quick_checks(), simfaas_comparison(SIMFAAS_SHORT_S))
    for line in problems:
        print(f"error: {RECORD.relative_to(ROOT)}: {line}", file=sys.stderr)
    if problems:
        print("refresh it with: python tools/model_checks.py --record", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
