"""Shared Hypothesis strategies and small helpers for the sandbox tests."""

from __future__ import annotations

from hypothesis import strategies as st

from sandbox import AccountConfig, Arrivals, Fixed, FunctionConfig, InitModel, Simulation


def run_script(config: FunctionConfig, times, works=None, account: AccountConfig | None = None,
               horizon: float | None = None, timelines: bool = False, seed: int = 0):
    """Run one function on scripted arrivals; return (result, finished invocations by id)."""
    horizon = horizon if horizon is not None else (max(times) + 1.0 if times else 1.0)
    sim = Simulation(account=account, functions=[config],
                     sources=[Arrivals(times, works, function=config.name)], seed=seed,
                     horizon=horizon, timelines=timelines)
    done = sim.keep_invocations()
    result = sim.run()
    return result, sorted(done, key=lambda inv: inv.id)


def quick_function(**changes) -> FunctionConfig:
    """A function with a fixed 0.1 s Init and a fixed 1 s handler unless told otherwise."""
    base = dict(name="fn", duration=Fixed(1.0), init=InitModel(fixed_s=0.1), timeout_s=60.0)
    base.update(changes)
    return FunctionConfig(**base)


@st.composite
def arrival_scripts(draw, max_requests: int = 60, max_gap: float = 3.0, max_work: float = 5.0):
    """Increasing arrival times (ties allowed) and a handler duration for each."""
    n = draw(st.integers(min_value=0, max_value=max_requests))
    gaps = draw(st.lists(st.one_of(st.just(0.0), st.floats(0.0, max_gap)), min_size=n,
                         max_size=n))
    works = draw(st.lists(st.floats(0.0, max_work), min_size=n, max_size=n))
    times, t = [], 0.0
    for g in gaps:
        t += g
        times.append(round(t, 3))
    return times, [round(w, 3) for w in works]


@st.composite
def function_configs(draw, name: str = "fn"):
    """Small functions: short init, short expiry, maybe reserved or provisioned concurrency."""
    reserved = draw(st.one_of(st.none(), st.integers(0, 6)))
    pc_max = reserved if reserved is not None else 4
    return FunctionConfig(
        name=name,
        duration=Fixed(1.0),
        init=InitModel(fixed_s=draw(st.sampled_from([0.0, 0.05, 0.5, 2.0]))),
        timeout_s=draw(st.sampled_from([3.0, 10.0])),
        idle_expiry_s=draw(st.sampled_from([1.0, 5.0, 600.0])),
        max_lifetime_s=draw(st.sampled_from([7.0, 7200.0])),
        reserved_concurrency=reserved,
        provisioned_concurrency=draw(st.integers(0, pc_max)),
    )


def small_accounts():
    """Accounts with small limits and a slow scaling bucket, so the limits actually bite."""
    return st.builds(AccountConfig, concurrency_limit=st.integers(3, 12),
                     scaling_per_window=st.integers(1, 5), scaling_window_s=st.just(10.0),
                     unreserved_min=st.just(0))
