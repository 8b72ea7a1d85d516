"""A plain-language account of a scenario run: what happened, and why, in a few sentences.

The playground shows it under its charts and Jupyter users get the same text from
:func:`explain`, so both read the same numbers the same way::

    from sandbox.scenario import load_preset
    from sandbox.explain import explain
    for sentence in explain(load_preset("protect-database").run()):
        print(sentence)

Every sentence is built from the run's own counters and configuration; nothing is estimated
that the run did not measure, except the concurrency a load needs, which is Little's law
(arrival rate x mean duration) and is said to be an average.
"""

from __future__ import annotations

from typing import Any


def explain(run: Any) -> list[str]:
    """Sentences describing a :class:`~sandbox.scenario.ScenarioResult`, function by function."""
    scenario = run.scenario
    result = run.result
    lines: list[str] = []
    for config in scenario.functions:
        metrics = result.metrics.get(config.name)
        if metrics is None:
            continue
        totals = metrics.to_dict()["totals"]
        prefix = f"{config.name}: " if len(scenario.functions) > 1 else ""
        sentences = [
            _traffic(totals, result.horizon),
            _throttles(config, scenario, metrics, totals),
            _cold_starts(config, metrics, totals, result.horizon),
            _errors(totals),
            _latency(metrics),
            *_extensions(run.extensions.get(config.name, {})),
            _cost(result.cost.get(config.name), config),
        ]
        lines.extend(prefix + s for s in sentences if s)
    return lines


def _count(n: float, word: str, plural: str = "") -> str:
    """``1 request`` / ``1,234 requests``."""
    n = int(round(n))
    return f"{n:,} {word}" if n == 1 else f"{n:,} {plural or word + 's'}"


def _pct(part: float, whole: float) -> str:
    share = 100 * part / whole if whole else 0.0
    return "<0.1%" if 0 < share < 0.1 else f"{share:.1f}%"


def _seconds(s: float) -> str:
    """Milliseconds below a second, seconds above."""
    return f"{s * 1000:,.0f} ms" if s < 1 else f"{s:,.2f} s"


def _traffic(totals: dict, horizon: float) -> str:
    if not totals["requests"]:
        return "No requests arrived during the run."
    return (f"{_count(totals['requests'], 'request')} arrived in {horizon:,.0f} simulated "
            f"seconds and Lambda ran {_count(totals['invocations'], 'invocation')}.")


def _peak_rate(metrics: Any) -> float:
    """Highest requests per second over one metric period (invocations plus throttles)."""
    series = metrics.series
    pairs = zip(series.get("Invocations", []), series.get("Throttles", []))
    return max((a + b for a, b in pairs), default=0) / metrics.period_s


def _cap(config: Any, scenario: Any) -> tuple[int, str]:
    """The concurrency this function may reach and the setting that sets it."""
    if config.reserved_concurrency is not None:
        return config.reserved_concurrency, f"reserved concurrency {config.reserved_concurrency}"
    others = sum(f.reserved_concurrency or 0 for f in scenario.functions if f is not config)
    limit = scenario.account.concurrency_limit - others
    return limit, f"the account's unreserved concurrency of {limit:,}"


def _throttles(config: Any, scenario: Any, metrics: Any, totals: dict) -> str:
    throttles = totals["throttles"]
    if not throttles:
        return ""
    head = (f"{_count(throttles, 'request')} ({_pct(throttles, totals['requests'])}) "
            f"were throttled (HTTP 429)")
    cap, setting = _cap(config, scenario)
    if cap == 0:
        return head + f": {setting} lets no invocation run at all."
    peak = totals["peak_concurrency"]
    if peak < cap:
        account = scenario.account
        head += f": concurrency peaked at {peak:,}, below {setting}, "
        if scenario.account.scaling_limit and peak >= 0.9 * account.scaling_per_window:
            return head + (f"because a function adds at most {account.scaling_per_window:,} "
                           f"execution environments every {account.scaling_window_s:g} s.")
        if config.vpc or "vpc_config" in scenario.extensions.get(config.name, {}):
            return head + ("because new execution environments had no working subnet in "
                           "the function's VPC.")
        return head + "so the refusal came from in front of the function, not its limit."
    rate = _peak_rate(metrics)
    mean = metrics.duration.mean if metrics.duration.count else 0.0
    needed = rate * mean
    load = f"{needed:,.0f} needed on average at {rate:,.0f} req/s × {_seconds(mean)}"
    if needed > cap:
        return head + f": {setting} is below the {load}."
    return (head + f": concurrency hit {setting} during a burst, although on average "
            f"{rate:,.0f} req/s × {_seconds(mean)} needs only {needed:,.0f}.")


def _cold_starts(config: Any, metrics: Any, totals: dict, horizon: float) -> str:
    cold = totals["cold_starts"]
    parts = []
    if config.provisioned_concurrency:
        spill = totals["spillover"]
        parts.append(f"Provisioned concurrency kept {config.provisioned_concurrency:,} "
                     f"execution environments initialised"
                     + (f"; {_count(spill, 'invocation')} spilled over to on-demand ones."
                        if spill else " and no invocation spilled over."))
    if not cold:
        if totals["invocations"]:
            parts.append("No invocation waited for a cold start.")
        return " ".join(parts)
    init = metrics.init.mean if metrics.init.count else 0.0
    how = "restoring the SnapStart snapshot" if config.snapstart_active else "the Init phase"
    parts.append(f"{_count(cold, 'invocation')} ({_pct(cold, totals['invocations'])}) "
                 f"started cold; {how} took about {_seconds(init)} each "
                 f"({config.runtime}, {config.memory_mb:,} MB).")
    rate = totals["requests"] / horizon if horizon else 0.0
    if rate and 1 / rate > config.idle_expiry_s / 4 and cold / max(1, totals["invocations"]) > .2:
        parts.append(f"Requests arrived on average {_seconds(1 / rate)} apart, so execution "
                     f"environments often sat idle long enough to be shut down "
                     f"(idle expiry {config.idle_expiry_s:,.0f} s).")
    return " ".join(parts)


def _errors(totals: dict) -> str:
    errors, timeouts = totals["errors"], totals["timeouts"]
    if not errors and not timeouts:
        return ""
    text = f"{_count(errors, 'invocation')} failed"
    if timeouts:
        text += f", {timeouts:,} of them by timing out"
    return text + "."


def _latency(metrics: Any) -> str:
    latency = metrics.latency
    if not latency.count:
        return ""
    p50, p99 = latency.quantile(0.5), latency.quantile(0.99)
    return (f"Half the invocations finished within {_seconds(p50)}; one in a hundred took "
            f"longer than {_seconds(p99)}.")


def _extensions(stats: dict) -> list[str]:
    """One sentence per event source or front door that had something to report."""
    out = []
    gateway = stats.get("api_gateway")
    if gateway and (gateway.get("throttled_gateway") or gateway.get("gateway_timeout")):
        out.append(f"API Gateway turned away {_count(gateway['throttled_gateway'], 'request')} "
                   f"with its own throttle before they reached Lambda and answered "
                   f"{gateway['gateway_timeout']:,} with a 504 integration timeout.")
    queued = stats.get("async")
    if queued and (queued.get("retries") or queued.get("events_dropped")):
        out.append(f"The asynchronous queue retried {_count(queued['retries'], 'event')}; "
                   f"{_count(queued['events_dropped'], 'event')} failed every attempt or grew "
                   f"too old and went to the failure destination.")
    sqs = stats.get("sqs")
    if sqs:
        out.append(f"The SQS event source ran {_count(sqs['batches'], 'batch', 'batches')} with up to "
                   f"{sqs['max_concurrent_batches']:,} at once; {sqs['failed_batches']:,} failed "
                   f"and {sqs['dead_lettered']:,} messages went to the dead-letter queue.")
    stream = stats.get("stream")
    if stream:
        out.append(f"The stream's iterator age peaked at {_seconds(stream['iterator_age_max'])}; "
                   f"{stream['failed_batches']:,} batches failed and "
                   f"{_count(stream['discarded'], 'record')} were skipped.")
    return out


def _cost(cost: Any, config: Any) -> str:
    if cost is None:
        return ""
    text = (f"The run cost ${cost.total:,.4f}: requests ${cost.requests:,.4f}, compute "
            f"${cost.duration + cost.init:,.4f} ({cost.gb_seconds:,.0f} GB-s on "
            f"{config.architecture})")
    if cost.provisioned or cost.provisioned_duration:
        text += f", provisioned concurrency ${cost.provisioned + cost.provisioned_duration:,.4f}"
    return text + "."
