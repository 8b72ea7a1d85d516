"""Turn a CodeDeploy (or SAM DeploymentPreference) traffic-shifting type into a schedule."""

import re

PATTERN = re.compile(
    r"^(?:CodeDeployDefault\.)?(?:Lambda)?"
    r"(?:Canary(?P<c_pct>\d+)Percent(?P<c_min>\d+)Minutes"
    r"|Linear(?P<l_pct>\d+)PercentEvery(?P<l_min>\d+)Minutes?"
    r"|AllAtOnce)$"
)


def shift_schedule(config_name):
    """Return [(minute, percent on the new version), ...] ending at 100 percent."""
    match = PATTERN.match(config_name)
    if match is None:
        raise ValueError(f"unknown deployment configuration: {config_name!r}")
    if match["c_pct"]:
        return [(0, int(match["c_pct"])), (int(match["c_min"]), 100)]
    if match["l_pct"]:
        step, every = int(match["l_pct"]), int(match["l_min"])
        schedule, percent, minute = [], step, 0
        while percent < 100:
            schedule.append((minute, percent))
            percent += step
            minute += every
        return schedule + [(minute, 100)]
    return [(0, 100)]


def route(new_version_weight, draw):
    """Pick "new" or "old" for one invocation; ``draw`` is a number in [0, 1)."""
    return "new" if draw < new_version_weight else "old"


if __name__ == "__main__":
    for name in ("Canary10Percent5Minutes", "CodeDeployDefault.LambdaLinear10PercentEvery1Minute"):
        print(name, shift_schedule(name))
