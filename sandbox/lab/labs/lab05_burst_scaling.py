"""Lab 05, burst scaling: a flash sale against the per-function scaling rate.

Since November 2023 each function may add up to 1,000 execution environments every 10 seconds
(:data:`sandbox.facts.SCALING_ENVIRONMENTS_PER_WINDOW`), refilled continuously. Expected answers
are measured with the model.
"""

from __future__ import annotations

from functools import lru_cache

from ...config import AccountConfig, FunctionConfig, InitModel
from ...durations import Fixed
from ...simulation import Simulation
from ...traffic import Burst
from ..exercise import Exercise, Misconception, instance_of

#: An account whose concurrency quota was raised to 5,000, so that only the scaling rate binds.
ACCOUNT = AccountConfig(concurrency_limit=5_000)
SHOP = FunctionConfig(name="shop", memory_mb=512, init=InitModel(fixed_s=0.5),
                      duration=Fixed(5.0), timeout_s=10, version="1")
SALE = 2_500  # shoppers clicking in the same instant


@lru_cache(maxsize=32)
def flash_sale(config: FunctionConfig = SHOP, shoppers: int = SALE):
    """``shoppers`` requests at t = 1 s on ``config`` (cached SimulationResult)."""
    config = config.replace(name="shop")
    return Simulation(account=ACCOUNT, functions=[config],
                      sources=[Burst(shoppers, at=1.0, function="shop")], seed=1, horizon=30,
                      period_s=1).run()


def throttled(config: FunctionConfig = SHOP, shoppers: int = SALE) -> int:
    """How many of the shoppers were throttled."""
    return flash_sale(config, shoppers).metrics["shop"].throttles


def _whole(answer) -> str | None:
    if isinstance(answer, bool) or not isinstance(answer, int) or answer < 0:
        return f"Expected a whole number of requests such as 300, got {answer!r}."
    return None


def _least_provisioned() -> int:
    return SALE - 1_000


def _ready(config: FunctionConfig) -> bool:
    return (throttled(config) == 0
            and config.provisioned_concurrency <= _least_provisioned() + 100)


def _measured(config: FunctionConfig) -> str:
    m = flash_sale(config).metrics["shop"]
    return (f"Measured: {m.throttles} of {SALE} throttled, {m.cold_starts} cold starts, "
            f"{config.provisioned_concurrency} environments provisioned.")


EXERCISES = (
    Exercise(
        id="sale-throttles",
        title="2,500 shoppers in one instant",
        variable="predicted_throttles",
        validate=_whole,
        is_correct=lambda n: n == throttled(),
        correct=("The function can add 1,000 execution environments at once, so 1,000 shoppers "
                 "get in and 1,500 are throttled with HTTP 429, although the account could run "
                 "5,000."),
        misconceptions=(
            Misconception("account-limit-is-enough", lambda n: n == 0,
                          "The account's limit (5,000) is how far the function may scale, not "
                          "how fast. Each function adds at most 1,000 environments per 10 "
                          "seconds."),
            Misconception("old-account-burst", lambda n: n == SALE - 500,
                          "That is the old, account-wide burst limit (500 in some Regions). "
                          "Since November 2023 each function can add 1,000 environments every "
                          "10 seconds."),
            Misconception("counted-the-served", lambda n: n == 1_000,
                          "1,000 is how many shoppers get an execution environment; the "
                          "question asks how many are turned away."),
            Misconception("all-throttled", lambda n: n == SALE,
                          "Going over the scaling rate does not throttle everyone: the first "
                          "1,000 get environments."),
        ),
        otherwise="Compare the 2,500 shoppers with how many environments the function can add "
                  "at once.",
        hints=("Nothing is warm before the sale: every shopper needs a new environment.",
               "How many environments may one function add in the first 10 seconds?",
               "Each request lasts 5 s, so no environment frees up before the burst is over: "
               "2,500 minus what can be added."),
        solution="predicted_throttles = 1500",
        wrong=(("predicted_throttles = 0", "account-limit-is-enough"),
               ("predicted_throttles = 2000", "old-account-burst"),
               ("predicted_throttles = 1000", "counted-the-served"),
               ("predicted_throttles = 2500", "all-throttled"),
               ("predicted_throttles = 500", "")),
    ),
    Exercise(
        id="ready-for-the-sale",
        title="Ready for the sale",
        variable="ready",
        validate=instance_of(FunctionConfig, "SHOP.replace(provisioned_concurrency=100)"),
        is_correct=_ready,
        explain=_measured,
        correct=("The provisioned environments are ready before the sale opens, and on top of "
                 "them the function can still add 1,000 at once: 1,500 provisioned is the "
                 "least that serves every shopper."),
        misconceptions=(
            Misconception("reserved-does-not-speed-up",
                          lambda c: c.provisioned_concurrency == 0
                          and c.reserved_concurrency is not None,
                          "Reserved concurrency guarantees and caps concurrency; it does not "
                          "make the function scale faster, and it initialises nothing."),
            Misconception("provision-everything", lambda c: c.provisioned_concurrency >= SALE - 100,
                          "No throttles, but you pay for about 1,000 more environments than "
                          "needed: the scaling rate adds 1,000 on demand within the burst."),
        ),
        otherwise="Some shoppers are still throttled. Provisioned environments plus the 1,000 "
                  "the function can add at once must cover all 2,500.",
        hints=("Which setting initialises environments before the traffic arrives?",
               "On top of the provisioned environments, the function can still add 1,000 at "
               "once.",
               "`SHOP.replace(provisioned_concurrency=2500 - 1000)`."),
        solution="ready = SHOP.replace(provisioned_concurrency=1500)",
        wrong=(("ready = SHOP.replace(reserved_concurrency=2500)", "reserved-does-not-speed-up"),
               ("ready = SHOP.replace(provisioned_concurrency=2500)", "provision-everything"),
               ("ready = SHOP.replace(provisioned_concurrency=1000)", ""),
               ("ready = 1500", "")),
    ),
)
