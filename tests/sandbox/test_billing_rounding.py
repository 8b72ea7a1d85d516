"""Billed duration: Lambda rounds each invocation's duration up to the nearest 1 ms.
https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html and
https://aws.amazon.com/lambda/pricing/

Checked against an exact reference in integers: a duration of ``k`` microseconds bills
``ceil(k / 1000)`` milliseconds.
"""

import random

import pytest
from hypothesis import given, settings, strategies as st

from sandbox import Fixed, FunctionConfig, facts
from sandbox.cost import billed_duration_s, invocation_cost
from sandbox.power_tuning import measure


@settings(max_examples=500)
@given(st.integers(min_value=0, max_value=900_000_000))  # up to the 900 s timeout, in µs
def test_billed_duration_matches_the_integer_reference(microseconds):
    """Any started millisecond is billed, and a whole millisecond is never rounded up again."""
    reference_ms = -(-microseconds // 1000)
    assert billed_duration_s(microseconds / 1e6) == pytest.approx(reference_ms / 1000, abs=1e-12)


def test_a_whole_number_of_milliseconds_is_billed_as_is():
    """The floating-point slip this guards against: 0.1 / 0.001 is 100.00000000000001."""
    assert billed_duration_s(0.1) == pytest.approx(0.100, abs=1e-12)
    config = FunctionConfig(memory_mb=1024)
    price = facts.PRICE_PER_GB_S_TIERS[config.architecture][0][1]
    assert invocation_cost(config, 0.1) == pytest.approx(facts.PRICE_PER_REQUEST + 0.1 * 1.0 * price)


def test_power_tuning_bills_what_the_cost_model_bills():
    """power_tune's cost per invocation is the duration cost of invocation_cost, request excluded."""
    config = FunctionConfig(duration=Fixed(0.1), memory_mb=1024)
    stat = measure(config, 1024, 5, random.Random(1))
    assert stat.cost == pytest.approx(invocation_cost(config, 0.1) - facts.PRICE_PER_REQUEST)
