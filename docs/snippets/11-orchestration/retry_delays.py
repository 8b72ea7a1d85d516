"""Compute the waits a Step Functions Retry rule produces."""

import random


def retry_delays(interval_seconds=1, max_attempts=3, backoff_rate=2.0,
                 max_delay_seconds=None, jitter_strategy="NONE", rng=None):
    """Return the wait before each retry, in seconds, for one error type.

    The defaults are the Amazon States Language defaults. With
    ``jitter_strategy="FULL"`` each wait is drawn between 0 and the computed delay.
    """
    rng = rng or random.Random(0)
    delays = []
    for attempt in range(max_attempts):
        delay = interval_seconds * backoff_rate ** attempt
        if max_delay_seconds is not None:
            delay = min(delay, max_delay_seconds)
        if jitter_strategy == "FULL":
            delay = rng.uniform(0, delay)
        delays.append(delay)
    return delays


if __name__ == "__main__":
    print(retry_delays())
    print(retry_delays(interval_seconds=2, max_attempts=6, max_delay_seconds=20))
    print([round(d, 2) for d in retry_delays(2, 6, 2.0, 20, "FULL", random.Random(42))])
