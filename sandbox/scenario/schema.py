"""What a scenario may contain: sections, field meanings, option classes, model names.

:data:`SCHEMA` and :data:`FIELD_DOCS` are what ``docs/reference/scenarios.md`` is generated from
(``tools/hooks/scenario_schema.py``), so the page and the loader cannot disagree.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .. import durations, facts, traffic
from ..apigw import ApiGatewayConfig
from ..async_invoke import AsyncConfig
from ..config import AccountConfig, FunctionConfig, InitModel
from ..edge import EdgeConfig
from ..sqs import SqsConfig
from ..streams import StreamConfig
from ..vpc import VpcConfig


# --- What each section may contain ---------------------------------------------------------------

#: Duration models by the name a scenario uses in ``duration.model``.
DURATION_MODELS: dict[str, type] = {
    "fixed": durations.Fixed,
    "exponential": durations.Exponential,
    "uniform": durations.Uniform,
    "lognormal": durations.LogNormal,
    "cpu_bound": durations.CpuBound,
    "empirical": durations.Empirical,
}

#: Traffic sources by the name a scenario uses in ``traffic[].kind``.
TRAFFIC_KINDS: dict[str, type] = {
    "constant": traffic.Constant,
    "poisson": traffic.Poisson,
    "step": traffic.Step,
    "burst": traffic.Burst,
    "diurnal": traffic.Diurnal,
    "replay": traffic.Replay,
}

#: Top-level keys: (type, default, meaning). Sections (tables) are described in SCHEMA below.
TOP_LEVEL: dict[str, tuple[str, Any, str]] = {
    "title": ("string", "", "A short name shown by the CLI, the playground and preset lists."),
    "description": ("string", "", "One paragraph saying what the scenario teaches."),
    "seed": ("integer", 0, "Seed of the run's random numbers: the same seed gives the same run."),
    "duration_s": ("number > 0", None, "Simulated seconds to run (required)."),
}


@dataclass(frozen=True)
class Section:
    """One table of the schema: where it sits, which class validates it, what it is for."""

    path: str
    cls: type
    meaning: str


#: (allowed values, meaning) of every field, by section path; the reference page shows them.
#: The config classes enforce the ranges; tests check that every field here exists.
FIELD_DOCS: dict[str, dict[str, tuple[str, str]]] = {
    "account": {
        "concurrency_limit": (">= 1", "Concurrent executions for all functions in the Region."),
        "scaling_per_window": (">= 1", "Execution environments one function may add per "
                                       "scaling window."),
        "scaling_window_s": ("> 0", "Length of the scaling window; the allowance refills "
                                    "continuously and never accumulates beyond one window."),
        "unreserved_min": ("0 to concurrency_limit", "Concurrency that reserved concurrency "
                                                     "may never take from the shared pool."),
        "scaling_limit": ("true / false", "false turns the scaling-rate limit off (textbook "
                                          "queueing checks such as Erlang B)."),
    },
    "functions[]": {
        "name": ("non-empty, unique", "Function name; traffic refers to it."),
        "runtime": ("python3.13, nodejs22.x, java21, dotnet8, ruby3.4, provided.al2023...",
                    "Runtime identifier; its family sets the base init duration."),
        "architecture": ("x86_64 / arm64", "Instruction set; changes the price per GB-second."),
        "memory_mb": ("128 to 10,240", "Memory size; the CPU share grows with it (1 vCPU at "
                                       "1,769 MB, at most 6)."),
        "timeout_s": ("> 0, at most 900", "An invocation still running after this fails with "
                                          "a timeout."),
        "package_mb": ("0 to 10,240", "Deployment package size; bigger packages initialise "
                                      "more slowly."),
        "duration": ("a number or a table", "Handler duration on a warm environment: seconds, "
                                            "or a duration model (see below)."),
        "error_rate": ("0 to 1", "Probability that an invocation's handler raises an error."),
        "init": ("a table", "How long the Init phase of a cold start takes (see below)."),
        "reserved_concurrency": (">= 0; all functions together at most concurrency_limit "
                                 "- unreserved_min", "Cap and guarantee of concurrent "
                                 "executions. Omit it to share the unreserved pool."),
        "provisioned_concurrency": (">= 0, at most reserved_concurrency",
                                    "Environments initialised before the run and kept ready."),
        "idle_expiry_s": ("> 0", "An idle environment is shut down after this long (model "
                                 "assumption)."),
        "max_lifetime_s": ("> 0", "An environment is recycled after this long even when in "
                                  "use (model assumption)."),
        "snapstart": ("true / false", "Restore a snapshot instead of running Init; applies to "
                                      "published versions only."),
        "version": ("$LATEST or a number such as \"3\"", "Which version this configuration "
                                                           "describes."),
        "vpc": ("true / false", "Attached to a VPC: each cold start adds vpc_init_extra_s."),
        "vpc_init_extra_s": (">= 0", "Extra cold-start seconds for a VPC-attached function."),
        "ephemeral_storage_mb": ("512 to 10,240", "Size of /tmp; the part above 512 MB is "
                                                  "billed."),
    },
    "functions[].init": {
        "fixed_s": (">= 0", "Every init takes exactly this long. Omit it to compute the "
                            "duration from runtime, package size and memory."),
        "per_package_mb_s": (">= 0", "Extra init seconds per MB of deployment package."),
        "extra_s": (">= 0", "Seconds added to every init (for example slow global code)."),
    },
    "functions[].async": {
        "maximum_retry_attempts": ("0 to 2", "Retries after a function error."),
        "maximum_event_age": ("60 to 21,600", "Seconds an event may wait, counting retries, "
                                              "before it is discarded."),
        "on_success": ("a name", "Destination that receives successful events."),
        "on_failure": ("a name", "Destination that receives events that failed or expired."),
        "dead_letter_queue": ("a name", "Dead-letter queue for discarded events."),
        "dlq_error_rate": ("0 to 1", "Share of dead-letter writes that fail "
                                     "(DeadLetterErrors)."),
        "dispatch_delay": ("0 to 21600", "Seconds between accepting an event and the first attempt "
                                   "(model assumption)."),
    },
    "functions[].sqs": {
        "batch_size": ("1 to 10,000 (above 10 needs batching_window >= 1)",
                       "Most messages per invocation."),
        "batching_window": ("0 to 300", "Seconds to wait for a fuller batch."),
        "maximum_concurrency": ("2 to 1,000", "Cap on concurrent batches for this event "
                                              "source (omit: no cap below 1,000)."),
        "report_batch_item_failures": ("true / false", "Only the messages a failed handler "
                                                       "reports are retried."),
        "visibility_timeout": ("0 to 43,200", "Seconds a received message stays hidden."),
        "max_receive_count": ("1 to 1,000", "Receives before a message goes to the "
                                            "dead-letter queue (omit: never)."),
        "work_per_batch": (">= 0", "Handler seconds per batch (omit both: the function's "
                                   "duration model)."),
        "work_per_message": (">= 0", "Handler seconds added per message in the batch."),
        "fifo": ("true / false", "A FIFO queue: order is kept per message group (the "
                                 "traffic's keys), batches hold at most 10 messages."),
        "keep_messages": ("true / false", "Keep every message for inspection (memory grows "
                                          "with traffic)."),
    },
    "metrics": {
        "period_s": ("> 0", "Width of one CloudWatch-style metric period in seconds."),
        "timelines": ("true / false", "Keep per-environment timelines (needed for the "
                                      "timeline chart; memory grows with invocations)."),
    },
    "aliases[]": {
        "function": ("a function's base name", "The versions are the functions named "
                                               "<function>:<version>."),
        "name": ("not a number, not $LATEST", "Alias name; traffic uses <function>:<name>."),
        "primary": ("a published version", "Version that gets the rest of the traffic."),
        "additional": ("a published version", "Second version (the canary); omit for none."),
        "weight": ("0 to 1", "Share of requests routed to the additional version."),
        "guard": ("a table", "Automatic rollback (see below)."),
    },
    "aliases[].guard": {
        "threshold": ("0 to 1", "Error rate of the additional version that triggers a "
                                "rollback."),
        "min_invocations": (">= 1", "Invocations the canary must serve before it is judged."),
        "interval": (">= 1", "Seconds between checks."),
    },
    "functions[].api_gateway": {
        "api_type": ("rest / http", "REST API or HTTP API (sets the timeout limits)."),
        "endpoint_type": ("regional / edge / private", "Endpoint type; an edge-optimized REST "
                                                       "API keeps the 29 s limit."),
        "account_rate": ("> 0", "Account-level steady requests per second."),
        "account_burst": (">= 1", "Account-level burst (token bucket size)."),
        "stage_limit": ("[rate, burst]", "Stage default throttle (omit: none)."),
        "route_limits": ("{\"GET /x\" = [rate, burst]}", "Per-route or method throttles."),
        "integration_timeout": (">= 0.05; at most 30 for HTTP APIs", "Seconds API Gateway "
                                "waits for the function (omit: 29 REST, 30 HTTP)."),
        "overhead_s": (">= 0", "Latency API Gateway adds itself (model assumption)."),
        "client_limit": ("[rate, burst]", "Usage-plan throttle per API key (omit: none)."),
        "client_quota": ("[requests, \"DAY\" / \"WEEK\" / \"MONTH\"]", "Usage-plan quota "
                                                                      "per API key (omit: none)."),
    },
    "functions[].stream": {
        "shards": ("1 to 20,000", "Shards of the stream; a record's partition key picks its "
                                  "shard (20,000: an account's default shard quota)."),
        "batch_size": ("1 to 10,000", "Most records per invocation."),
        "batching_window": ("0 to 300", "Seconds to wait for a fuller batch."),
        "parallelization_factor": ("1 to 10", "Concurrent batches per shard (order is kept "
                                              "per partition key)."),
        "bisect_on_error": ("true / false", "Split a failed batch in two and retry the halves."),
        "report_batch_item_failures": ("true / false", "Retry from the first failed record "
                                                       "instead of the whole batch."),
        "maximum_retry_attempts": ("-1 (until expiry) or 0 to 10,000", "Retries of a failed "
                                                                       "batch."),
        "maximum_record_age": ("-1 (never) or 60 to 604,800", "Seconds after which a record "
                                                              "is skipped."),
        "on_failure": ("a name", "Destination for discarded records."),
        "retention": ("> 0", "Seconds the stream keeps a record."),
        "work_per_batch": (">= 0", "Handler seconds per batch (omit both: the function's "
                                   "duration model)."),
        "work_per_record": (">= 0", "Handler seconds added per record in the batch."),
        "throttle_retry_s": (">= 0", "Seconds before a throttled batch is retried (model "
                                     "assumption)."),
        "keep_log": ("true / false", "Keep the processing order of every record (memory "
                                     "grows)."),
    },
    "functions[].edge": {
        "hit_ratio": ("0 to 1", "Share of requests the edge cache answers."),
        "viewer_km": (">= 0", "Distance from the viewer to the nearest edge location."),
        "origin_km": (">= 0", "Distance from the edge location to the origin's Region."),
        "viewer_trigger": ("none / cloudfront-function / lambda-edge", "Code run on every "
                                                                        "viewer request."),
        "origin_trigger": ("none / lambda-edge", "Code run on cache misses before the "
                                                 "origin."),
        "viewer_response_trigger": ("none / cloudfront-function / lambda-edge",
                                    "Code run on every response before it leaves the edge."),
        "origin_response_trigger": ("none / lambda-edge", "Code run on the origin's response "
                                                          "(misses only), even on errors."),
        "route_factor": (">= 1", "How much longer real routes are than straight lines (model "
                                 "assumption)."),
        "hop_ms": (">= 0", "Fixed milliseconds per network leg (model assumption)."),
    },
    "functions[].vpc_config": {
        "subnets": ("one or more distinct AZ names", "The Availability Zone of each subnet."),
        "nat_gateway": ("true / false", "Whether the subnets route to the internet through "
                                        "NAT."),
        "eni_setup_s": (">= 0", "Seconds the function stays Pending while its network "
                                "interfaces are created (model assumption)."),
        "cold_start_extra_s": (">= 0", "Seconds a VPC adds to each cold start (model "
                                       "assumption)."),
        "internet_call_share": ("0 to 1", "Share of invocations that call the internet; "
                                          "without NAT they hang until the timeout."),
        "inactive_after_s": ("> 0", "Idle seconds after which the function becomes Inactive "
                                    "and its next invocation fails while the interfaces are "
                                    "recreated (omit: never; model assumption)."),
    },
    "power_tuning": {
        "function": ("a function's name", "Which function to tune (default: the first)."),
        "memory_sizes": ("integers from 128 to 10,240", "Memory sizes to measure."),
        "strategy": ("cost / speed / balanced", "What the chosen size optimises."),
        "balanced_weight": ("0 to 1", "balanced: 0 means only speed matters, 1 only cost."),
        "num": ("1 to 100,000", "Invocations measured at each memory size."),
    },
    "duration": {
        "seconds": (">= 0", "fixed: every invocation takes this long."),
        "mean_s": ("> 0", "exponential: mean duration."),
        "low_s": (">= 0", "uniform: shortest duration."),
        "high_s": (">= low_s", "uniform: longest duration."),
        "median_s": ("> 0", "lognormal: median duration."),
        "sigma": (">= 0", "lognormal: shape; larger means a longer tail."),
        "cpu_s": (">= 0", "cpu_bound: CPU seconds at 1 vCPU (1,769 MB)."),
        "io_s": (">= 0", "cpu_bound: waiting time that more memory does not shorten."),
        "threads": (">= 1", "cpu_bound: vCPUs the handler can use at once."),
        "samples": ("a non-empty list of numbers >= 0", "empirical: observed durations, "
                                                        "drawn uniformly."),
    },
    "traffic[]": {
        "function": ("a function's name", "Where requests go (optional with one function)."),
        "start": (">= 0", "First moment the source may send."),
        "end": ("> start", "Last moment (default: the end of the run)."),
        "work": (">= 0", "Fix every request's handler seconds (omit: the function's duration "
                         "model)."),
        "source": ("sync / async / sqs / stream / api_gateway / edge", "How requests reach "
                   "the function: directly, or through that extension."),
        "rate": (">= 0", "constant, poisson: requests per second."),
        "steps": ("[[time_s, rate], ...], times increasing", "step: the rate from each time "
                                                             "on."),
        "poisson": ("true / false", "step: random (true) or evenly spaced arrivals."),
        "count": (">= 0", "burst: requests arriving at the same instant."),
        "at": (">= 0", "burst: when they arrive."),
        "mean_rate": (">= 0", "diurnal: average requests per second over a day."),
        "amplitude": ("0 to 1", "diurnal: swing around the mean (0.8 = 20 % to 180 %)."),
        "period_s": ("> 0", "diurnal: length of one cycle (default one day)."),
        "peak_at": ("any", "diurnal: seconds into each cycle when the rate peaks."),
        "counts": ("a list of integers >= 0", "replay: requests in each interval."),
        "interval_s": ("> 0", "replay: interval length (default one minute)."),
        "jitter": ("true / false", "replay: random times within each interval (true) or "
                                   "evenly spaced."),
    },
}


@dataclass(frozen=True)
class MetricsOptions:
    """What the run records beyond the always-on totals."""

    period_s: float = 60.0
    timelines: bool = False

    def __post_init__(self) -> None:
        if not (isinstance(self.period_s, (int, float)) and not isinstance(self.period_s, bool)
                and 0 < self.period_s < math.inf):
            raise ValueError(f"MetricsOptions.period_s: expected a number of seconds > 0, "
                             f"got {self.period_s!r}")


@dataclass(frozen=True)
class PowerTuningOptions:
    """A power-tuning sweep of one function, the way AWS Lambda Power Tuning runs it."""

    function: str | None = None
    memory_sizes: tuple[int, ...] = (128, 256, 512, 1024, 1536, 1769, 2048, 3008, 4096,
                                     6144, 10240)
    strategy: str = "cost"
    balanced_weight: float = 0.5
    num: int = 50

    def __post_init__(self) -> None:
        lo, hi = facts.MEMORY_MIN_MB, facts.MEMORY_MAX_MB
        if not self.memory_sizes:
            raise ValueError("PowerTuningOptions.memory_sizes: expected at least one size, "
                             "got none")
        for i, m in enumerate(self.memory_sizes):
            if not (isinstance(m, int) and not isinstance(m, bool) and lo <= m <= hi):
                raise ValueError(f"PowerTuningOptions.memory_sizes[{i}]: expected an integer "
                                 f"from {lo} to {hi}, got {m!r}")
        if self.strategy not in ("cost", "speed", "balanced"):
            raise ValueError(f"PowerTuningOptions.strategy: expected 'cost', 'speed' or "
                             f"'balanced', got {self.strategy!r}")
        if not (isinstance(self.balanced_weight, (int, float))
                and 0 <= self.balanced_weight <= 1):
            raise ValueError(f"PowerTuningOptions.balanced_weight: expected a number from 0 to "
                             f"1, got {self.balanced_weight!r}")
        if not (isinstance(self.num, int) and not isinstance(self.num, bool)
                and 1 <= self.num <= 100_000):
            raise ValueError(f"PowerTuningOptions.num: expected an integer from 1 to 100000, "
                             f"got {self.num!r}")


@dataclass(frozen=True)
class CanaryGuardOptions:
    """Roll a weighted alias back when the new version's error rate crosses ``threshold``."""

    threshold: float = 0.05
    min_invocations: int = 50
    interval: float = 60.0

    def __post_init__(self) -> None:
        if not (isinstance(self.threshold, (int, float)) and 0 <= self.threshold <= 1):
            raise ValueError(f"CanaryGuardOptions.threshold: expected a fraction from 0 to 1, "
                             f"got {self.threshold!r}")
        if not (isinstance(self.min_invocations, int) and self.min_invocations >= 1):
            raise ValueError(f"CanaryGuardOptions.min_invocations: expected an integer >= 1, "
                             f"got {self.min_invocations!r}")
        # A check per second is already finer than CloudWatch alarms evaluate; a smaller
        # interval would only multiply events.
        if not (isinstance(self.interval, (int, float)) and self.interval >= 1):
            raise ValueError(f"CanaryGuardOptions.interval: expected seconds >= 1, "
                             f"got {self.interval!r}")


@dataclass(frozen=True)
class AliasOptions:
    """A weighted alias of ``function``: versions are the functions ``<function>:<version>``."""

    function: str = ""
    name: str = "live"
    primary: str = "1"
    additional: str | None = None
    weight: float = 0.0
    guard: CanaryGuardOptions | None = None

    def __post_init__(self) -> None:
        if not (isinstance(self.function, str) and self.function):
            raise ValueError(f"AliasOptions.function: expected the base name of a function "
                             f"(versions are named '<function>:<version>'), "
                             f"got {self.function!r}")


SCHEMA: list[Section] = [
    Section("account", AccountConfig, "The account's concurrency limit and scaling rate."),
    Section("functions[]", FunctionConfig, "One entry per function (at least one)."),
    Section("functions[].init", InitModel, "How long a cold start's Init phase takes."),
    Section("metrics", MetricsOptions, "What the run records."),
    Section("power_tuning", PowerTuningOptions,
            "Optional: also sweep one function's memory sizes and pick one."),
    Section("aliases[]", AliasOptions,
            "Optional: weighted aliases (canary releases). Versions are functions named "
            "`<function>:<version>` with a matching `version`; traffic targets the alias as "
            "`<function>:<alias name>`."),
    Section("aliases[].guard", CanaryGuardOptions,
            "Optional: roll the alias back to the primary version when the additional "
            "version's error rate crosses a threshold."),
]

#: Top-level tables and lists besides the scalars of TOP_LEVEL.
SECTIONS = ("account", "functions", "traffic", "metrics", "power_tuning", "aliases")

#: Extension sections attached to a function: key under ``functions[]`` -> (config class,
#: meaning). Traffic reaches the extension with ``source = "<key>"``.
FUNCTION_EXTENSIONS: dict[str, tuple[type, str]] = {
    "async": (AsyncConfig, "Asynchronous invocation: retries, maximum event age, destinations, "
                           "DLQ. Traffic reaches it with source = \"async\"."),
    "sqs": (SqsConfig, "An SQS queue and event source mapping feeding the function. Traffic "
                       "(messages) reaches it with source = \"sqs\"."),
    "api_gateway": (ApiGatewayConfig, "An API Gateway stage in front of the function: "
                                      "throttling and the integration timeout. Traffic reaches "
                                      "it with source = \"api_gateway\"."),
    "stream": (StreamConfig, "A Kinesis or DynamoDB stream and its event source mapping. "
                             "Traffic (records) reaches it with source = \"stream\"."),
    "edge": (EdgeConfig, "A CloudFront distribution in front of the function (the origin), "
                         "with optional edge functions. Viewers reach it with "
                         "source = \"edge\"."),
    "vpc_config": (VpcConfig, "Attach the function to a VPC (all its traffic): Pending while "
                              "the network interfaces are created, NAT for the internet, "
                              "Availability Zone failures."),
}

#: Scenario-only keys of an extension table (not fields of its config class):
#: extension -> key -> (type, default, allowed, meaning).
EXTENSION_EXTRAS: dict[str, dict[str, tuple[str, str, str, str]]] = {
    "edge": {
        "viewer_function": ("string", "—", "another function's name",
                            "The Lambda@Edge function run by a lambda-edge viewer trigger."),
        "origin_function": ("string", "—", "another function's name",
                            "The Lambda@Edge function run by a lambda-edge origin trigger."),
        "viewer_response_function": ("string", "—", "another function's name",
                                     "The Lambda@Edge function of a lambda-edge viewer "
                                     "response trigger."),
        "origin_response_function": ("string", "—", "another function's name",
                                     "The Lambda@Edge function of a lambda-edge origin "
                                     "response trigger."),
    },
    "vpc_config": {
        "az_failures": ("list of tables", "none", "{az, at, restore_at}",
                        "Availability Zone outages: from `at` seconds (until `restore_at`, if "
                        "given) no new environment can start in `az`."),
    },
}

#: CloudFront events: (event, EdgeConfig trigger field, scenario key naming its function).
EDGE_TRIGGERS = (("viewer-request", "viewer_trigger", "viewer_function"),
                 ("origin-request", "origin_trigger", "origin_function"),
                 ("viewer-response", "viewer_response_trigger", "viewer_response_function"),
                 ("origin-response", "origin_response_trigger", "origin_response_function"))

#: Scenario-only keys of a traffic entry (handled by the scenario, not the source class).
TRAFFIC_EXTRAS: dict[str, tuple[str, str, str, str]] = {
    "keys": ("integer", "1", ">= 1", "Partition keys (streams) or message group IDs (FIFO "
                                     "queues) used in rotation: k0, k1, ..."),
    "poison": ("list of integers", "none", "request numbers >= 1",
               "Requests (counted from 1 for this source) that fail on every attempt."),
}
