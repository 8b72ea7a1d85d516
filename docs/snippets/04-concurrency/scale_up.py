SCALING_BURST = 1_000
REFILL_PER_SECOND = 1_000 / 10


def seconds_to_reach(target_environments, already_warm=0):
    missing = max(0, target_environments - already_warm)
    return max(0.0, (missing - SCALING_BURST) / REFILL_PER_SECOND)


print(seconds_to_reach(800))
print(seconds_to_reach(5_000))
print(seconds_to_reach(5_000, already_warm=2_000))
