"""Lab 13, canary deployments with a weighted alias (the stretch lab).

Runs go through the scenario loader (:mod:`sandbox.scenario`), whose ``[[aliases]]`` section
wires :class:`sandbox.aliases.Alias` and its :class:`~sandbox.aliases.CanaryGuard`.
"""

from __future__ import annotations

from functools import lru_cache

from ...aliases import AliasConfig
from ...scenario import load
from ..exercise import Exercise, Misconception, fraction, instance_of

RATE = 10.0
SECONDS = 600
GOOD_ERRORS, BAD_ERRORS = 0.005, 0.2


def spec(weight: float = 0.1, primary: str = "1", additional: str | None = "2",
         guard: bool = False) -> dict:
    """The scenario: version 1 (0.5% errors) and a buggy version 2 (20%) behind alias "live"."""
    alias = {"function": "pay", "name": "live", "primary": primary, "weight": weight}
    if additional is not None:
        alias["additional"] = additional
    if guard:
        alias["guard"] = {"threshold": 0.05, "min_invocations": 20, "interval": 60}
    functions = [{"name": f"pay:{v}", "version": v, "memory_mb": 512, "error_rate": e,
                  "duration": {"model": "lognormal", "median_s": 0.09, "sigma": 0.3}}
                 for v, e in (("1", GOOD_ERRORS), ("2", BAD_ERRORS))]
    return {"title": "Canary", "seed": 8, "duration_s": SECONDS, "functions": functions,
            "aliases": [alias],
            "traffic": [{"kind": "poisson", "function": "pay:live", "rate": RATE}]}


@lru_cache(maxsize=32)
def run_alias(weight: float = 0.1, primary: str = "1", additional: str | None = "2",
              guard: bool = False) -> dict:
    """Per-version counters, final weight and rollback time of one run (cached)."""
    return load(spec(weight, primary, additional, guard)).run().aliases["pay:live"]


def failed_share(weight: float = 0.1, guard: bool = False) -> float:
    """Share of all requests that failed."""
    versions = run_alias(weight, guard=guard)["versions"].values()
    return sum(v["errors"] for v in versions) / sum(v["invocations"] for v in versions)


def _canary_ok(c: AliasConfig) -> bool:
    return (c.primary == "1" and c.additional == "2" and 0 < c.weight <= 0.2)


def _measured(c: AliasConfig) -> str:
    run = run_alias(c.weight, c.primary, c.additional, guard=True)
    versions = run["versions"]
    served = {label: int(v["invocations"]) for label, v in versions.items()}
    errors = sum(int(v["errors"]) for v in versions.values())
    back = run["rolled_back_at"]
    rolled = f"rolled back at {back:.0f} s" if back is not None else "never rolled back"
    return (f"Measured with the guard: requests per version {served}, {errors} failed in all, "
            f"{rolled}.")


EXERCISES = (
    Exercise(
        id="canary-blast-radius",
        title="How many customers see the bug?",
        variable="predicted_failed_share",
        validate=fraction,
        is_correct=lambda a: abs(a - failed_share()) <= 0.006,
        explain=lambda a: f"The model measured {failed_share():.3f}.",
        correct=("About 0.1 x 0.2 + 0.9 x 0.005 ≈ 0.025: the canary's high error rate reaches "
                 "only the 10% of requests routed to it."),
        misconceptions=(
            Misconception("canary-rate-for-all", lambda a: abs(a - BAD_ERRORS) < 0.02,
                          "20% is the canary's own error rate; it applies only to the 10% of "
                          "requests the alias sends to version 2."),
            Misconception("weight-is-errors", lambda a: abs(a - 0.1) < 0.01,
                          "The weight is the share of traffic sent to version 2, not the share "
                          "that fails: only a fifth of those requests fail."),
            Misconception("canary-ignored", lambda a: a <= GOOD_ERRORS + 0.002,
                          "The canary's failures count too: 10% of requests see version 2's "
                          "20% error rate."),
        ),
        otherwise="Weight each version's error rate by the share of traffic it gets.",
        hints=("Which share of the requests goes to each version?",
               "Failures = share to v1 x v1's error rate + share to v2 x v2's error rate.",
               "0.9 x 0.005 + 0.1 x 0.2."),
        solution="predicted_failed_share = 0.0245",
        wrong=(("predicted_failed_share = 0.2", "canary-rate-for-all"),
               ("predicted_failed_share = 0.1", "weight-is-errors"),
               ("predicted_failed_share = 0.005", "canary-ignored"),
               ("predicted_failed_share = 0.05", ""),
               ("predicted_failed_share = 2.45", "")),
    ),
    Exercise(
        id="shape-the-canary",
        title="Shape the canary",
        variable="canary",
        validate=instance_of(AliasConfig, 'AliasConfig(name="live", primary="1")'),
        is_correct=_canary_ok,
        explain=_measured,
        correct=("Version 1 stays primary, version 2 gets a small share, and the guard can roll "
                 "it back before most customers meet the bug."),
        misconceptions=(
            Misconception("swapped-versions", lambda c: c.primary == "2",
                          "The primary version gets the rest of the traffic: with version 2 "
                          "primary, the untested code serves most requests."),
            Misconception("no-canary-traffic", lambda c: c.weight == 0 or c.additional is None,
                          "With no traffic on version 2, the canary proves nothing: give it a "
                          "small weight."),
            Misconception("big-bang", lambda c: c.weight > 0.5,
                          "Most traffic goes to the new version at once: that is a cut-over, "
                          "not a canary. Start small (5 to 20%)."),
        ),
        otherwise="Keep version 1 primary and send version 2 a small share (at most 20%).",
        hints=("Which version should keep most of the traffic while you test?",
               "`additional` gets `weight` of the traffic; `primary` gets the rest.",
               'AliasConfig(name="live", primary="1", additional="2", weight=0.1)'),
        solution='canary = AliasConfig(name="live", primary="1", additional="2", weight=0.1)',
        wrong=(('canary = AliasConfig(name="live", primary="2", additional="1", weight=0.1)',
                "swapped-versions"),
               ('canary = AliasConfig(name="live", primary="1")', "no-canary-traffic"),
               ('canary = AliasConfig(name="live", primary="1", additional="2", weight=0.9)',
                "big-bang"),
               ('canary = AliasConfig(name="live", primary="1", additional="2", weight=0.4)',
                ""),
               ('canary = "2"', "")),
    ),
)
