"""Every documented AWS number the model uses, in one place, each with its source.

Numbers that AWS documents carry the URL of the page that states them. Numbers that AWS does
not document (cold-start durations, idle expiry, maximum lifetime) are *model assumptions*:
they are marked as such and every one of them is a configurable default, never a hard rule.
Prices are for US East (N. Virginia), us-east-1, in USD.
"""

from __future__ import annotations

# --- Concurrency and scaling ------------------------------------------------------------------

#: Default concurrent executions per account per Region.
#: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
ACCOUNT_CONCURRENCY_LIMIT = 1_000

#: Reserved concurrency may not take the unreserved pool below this many units.
#: https://docs.aws.amazon.com/lambda/latest/dg/configuration-concurrency.html
UNRESERVED_CONCURRENCY_MIN = 100

#: Each function may add at most this many execution environments per SCALING_WINDOW_S,
#: refilled continuously and never accumulated beyond this amount.
#: https://docs.aws.amazon.com/lambda/latest/dg/scaling-behavior.html
SCALING_ENVIRONMENTS_PER_WINDOW = 1_000
#: https://docs.aws.amazon.com/lambda/latest/dg/scaling-behavior.html
SCALING_WINDOW_S = 10.0

#: A throttled synchronous invocation fails with HTTP 429 (TooManyRequestsException).
#: https://docs.aws.amazon.com/lambda/latest/dg/scaling-behavior.html
THROTTLE_STATUS_CODE = 429

# --- Function configuration limits --------------------------------------------------------------

#: Memory can be set from 128 MB to 10,240 MB in 1-MB increments.
#: https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html
MEMORY_MIN_MB = 128
#: https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html
MEMORY_MAX_MB = 10_240

#: At 1,769 MB a function has the equivalent of one vCPU; CPU scales linearly with memory.
#: https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html
MEMORY_MB_PER_VCPU = 1_769
#: Up to 6 vCPUs at the largest memory size.
#: https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html
MAX_VCPU = 6

#: Function timeout: default 3 s, maximum 900 s (15 minutes).
#: https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html
TIMEOUT_DEFAULT_S = 3.0
#: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
TIMEOUT_MAX_S = 900.0

#: The Init phase of an on-demand environment is limited to 10 seconds.
#: https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html
INIT_PHASE_LIMIT_S = 10.0

#: Deployment package: 50 MB zipped (direct upload), 250 MB unzipped, 10 GB container image.
#: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
PACKAGE_ZIP_MAX_MB = 50
#: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
PACKAGE_UNZIPPED_MAX_MB = 250
#: https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
PACKAGE_IMAGE_MAX_MB = 10_240

#: /tmp (ephemeral storage): 512 MB to 10,240 MB.
#: https://docs.aws.amazon.com/lambda/latest/dg/configuration-ephemeral-storage.html
EPHEMERAL_STORAGE_MIN_MB = 512
#: https://docs.aws.amazon.com/lambda/latest/dg/configuration-ephemeral-storage.html
EPHEMERAL_STORAGE_MAX_MB = 10_240

# --- Pricing, us-east-1 (https://aws.amazon.com/lambda/pricing/) --------------------------------

#: Requests: $0.20 per 1 million, both architectures.
#: https://aws.amazon.com/lambda/pricing/
PRICE_PER_REQUEST = 0.20 / 1_000_000

#: On-demand duration price per GB-second by monthly tier: (tier upper bound in GB-s, price).
#: x86: first 6 billion GB-s, next 9 billion, over 15 billion.
#: https://aws.amazon.com/lambda/pricing/
PRICE_PER_GB_S_TIERS = {
    "x86_64": ((6e9, 0.0000166667), (15e9, 0.0000150000), (float("inf"), 0.0000133334)),
    # arm64: first 7.5 billion GB-s, next 11.25 billion, over 18.75 billion.
    "arm64": ((7.5e9, 0.0000133334), (18.75e9, 0.0000120001), (float("inf"), 0.0000106667)),
}

#: Provisioned concurrency: price per GB-s configured, and the (lower) duration price per GB-s
#: for invocations served by provisioned environments.
#: https://aws.amazon.com/lambda/pricing/
PRICE_PROVISIONED_PER_GB_S = {"x86_64": 0.0000041667, "arm64": 0.0000033334}
#: https://aws.amazon.com/lambda/pricing/
PRICE_PROVISIONED_DURATION_PER_GB_S = {"x86_64": 0.0000097222, "arm64": 0.0000077778}

#: Provisioned concurrency is billed from enabling to disabling, rounded up to 5 minutes.
#: https://aws.amazon.com/lambda/pricing/
PROVISIONED_BILLING_INCREMENT_S = 300.0

#: Ephemeral storage above the free 512 MB: per GB-s.
#: https://aws.amazon.com/lambda/pricing/
PRICE_EPHEMERAL_PER_GB_S = 0.0000000309

#: Monthly free tier: 1 million requests and 400,000 GB-s (x86 and arm64 combined); it does
#: not apply to functions with provisioned concurrency enabled.
#: https://aws.amazon.com/lambda/pricing/
FREE_TIER_REQUESTS = 1_000_000
#: https://aws.amazon.com/lambda/pricing/
FREE_TIER_GB_S = 400_000

#: Duration is billed rounded up to the nearest 1 ms (since 1 December 2020; before: 100 ms).
#: https://aws.amazon.com/lambda/pricing/
BILLING_GRANULARITY_S = 0.001

#: Since 1 August 2025 the Init phase of on-demand functions is billed as duration for every
#: runtime and packaging type (before, ZIP functions on managed runtimes had it free).
#: https://aws.amazon.com/blogs/compute/aws-lambda-standardizes-billing-for-init-phase/
INIT_BILLED_SINCE = "2025-08-01"

# --- Model assumptions (not documented by AWS; configurable) ------------------------------------

#: Idle execution environments were observed to be reclaimed after roughly 5-15 minutes of
#: inactivity (measurements published in 2020); AWS documents no number. Default: 10 minutes.
IDLE_EXPIRY_DEFAULT_S = 600.0

#: Environments are recycled after some hours even under constant traffic (observed ~2 h);
#: AWS documents only that environments are periodically recycled. Default: 2 hours.
MAX_LIFETIME_DEFAULT_S = 7_200.0

#: Init duration at 1 vCPU for a tiny package, by runtime family (seconds). Illustrative values
#: in the range commonly measured; the model scales them with package size and memory.
INIT_BASE_S_BY_RUNTIME = {
    "python": 0.20,
    "nodejs": 0.18,
    "ruby": 0.25,
    "java": 1.20,
    "dotnet": 0.80,
    "provided": 0.06,  # custom runtimes / Go / Rust on provided.al2023
}
#: Extra init seconds per MB of deployment package (loading and importing the code).
INIT_S_PER_PACKAGE_MB = 0.008
#: SnapStart restore duration replacing Init (seconds), before the afterRestore hooks run.
SNAPSTART_RESTORE_S = 0.15

# --- Extensions: model assumptions (VPC, edge, event sources; configurable) -------------------

#: How long a function stays Pending while Lambda creates its VPC (Hyperplane) network
#: interfaces; AWS documents the Pending state but no duration. Default: 90 s.
ENI_SETUP_DEFAULT_S = 90.0
#: What a VPC adds to each cold start once the shared Hyperplane interfaces exist (small;
#: per-environment interfaces before 2019 could add many seconds). Default: 50 ms.
VPC_COLD_START_EXTRA_DEFAULT_S = 0.05
#: Time a CloudFront Function adds to a request (AWS: "submillisecond"). Default: 0.5 ms.
CF_FUNCTION_DURATION_S = 0.0005
#: Kilometres light covers in optical fibre per millisecond (about c / 1.5; physics).
FIBRE_KM_PER_MS = 200.0
#: Real network routes are longer than the great-circle distance by about this factor.
EDGE_ROUTE_FACTOR = 1.5
#: Fixed time per network leg (switching, TLS session reuse...), in milliseconds.
EDGE_HOP_MS = 2.0
#: Seconds a stream event source mapping waits before retrying a throttled batch.
STREAM_THROTTLE_RETRY_S = 1.0
#: An SQS event source mapping retries a throttled batch after this many seconds, doubling each
#: time, while the batch's visibility timeout lasts (AWS documents the retry, not the timing).
SQS_THROTTLE_RETRY_S = 1.0
