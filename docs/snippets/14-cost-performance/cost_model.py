"""Monthly cost of one workload on Lambda and on Fargate, and where they cross.

Prices: US East (N. Virginia), on-demand, as of 2026-11; check the pricing pages
(aws.amazon.com/lambda/pricing, aws.amazon.com/fargate/pricing, aws.amazon.com/ec2/pricing)
before you rely on them.
"""

HOURS_PER_MONTH = 730

LAMBDA_PER_REQUEST = 0.20 / 1_000_000
LAMBDA_PER_GB_SECOND = {"x86_64": 0.0000166667, "arm64": 0.0000133334}
FREE_REQUESTS, FREE_GB_SECONDS = 1_000_000, 400_000

FARGATE_PER_VCPU_HOUR = {"x86_64": 0.04048, "arm64": 0.03238}
FARGATE_PER_GB_HOUR = {"x86_64": 0.004445, "arm64": 0.00356}

EC2_M7G_LARGE_PER_HOUR = 0.0816


def lambda_monthly_cost(requests, duration_ms, memory_mb, arch="x86_64", free_tier=False):
    """Request charge plus duration charge (GB-seconds) for one month."""
    gb_seconds = requests * (duration_ms / 1000) * (memory_mb / 1024)
    if free_tier:
        requests = max(0, requests - FREE_REQUESTS)
        gb_seconds = max(0, gb_seconds - FREE_GB_SECONDS)
    return requests * LAMBDA_PER_REQUEST + gb_seconds * LAMBDA_PER_GB_SECOND[arch]


def fargate_monthly_cost(vcpu, memory_gb, tasks=1, arch="x86_64"):
    """Always-on Fargate tasks for one month: you pay for what you size, busy or idle."""
    hourly = vcpu * FARGATE_PER_VCPU_HOUR[arch] + memory_gb * FARGATE_PER_GB_HOUR[arch]
    return tasks * hourly * HOURS_PER_MONTH


def ec2_monthly_cost(hourly_price, instances=2):
    """Always-on EC2 instances for one month (load balancer and operations not included)."""
    return instances * hourly_price * HOURS_PER_MONTH


def crossover_requests(duration_ms, memory_mb, fixed_monthly_cost, arch="x86_64"):
    """Requests per month above which Lambda costs more than a fixed monthly bill."""
    per_request = lambda_monthly_cost(1, duration_ms, memory_mb, arch)
    return fixed_monthly_cost / per_request


if __name__ == "__main__":
    fargate = fargate_monthly_cost(vcpu=0.5, memory_gb=1, tasks=2)
    print(f"Fargate, 2 tasks of 0.5 vCPU / 1 GB: ${fargate:.2f} per month")
    for millions in (1, 10, 20, 50):
        cost = lambda_monthly_cost(millions * 1_000_000, 120, 512)
        print(f"Lambda, {millions}M requests of 120 ms at 512 MB: ${cost:.2f}")
    print(f"Crossover with Fargate: {crossover_requests(120, 512, fargate) / 1e6:.1f}M requests per month")
    ec2 = ec2_monthly_cost(EC2_M7G_LARGE_PER_HOUR, instances=2)
    print(f"EC2, 2 x m7g.large: ${ec2:.2f} per month")
    print(f"Crossover with EC2: {crossover_requests(120, 512, ec2) / 1e6:.1f}M requests per month")
