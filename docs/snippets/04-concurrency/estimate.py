import math


def required_concurrency(requests_per_second, average_duration_ms):
    return math.ceil(requests_per_second * average_duration_ms / 1000)


def fits(requests_per_second, average_duration_ms, available_concurrency):
    return required_concurrency(requests_per_second, average_duration_ms) <= available_concurrency


print(required_concurrency(100, 500))
print(required_concurrency(2_000, 250))
print(fits(2_000, 250, available_concurrency=400))
