"""Computed single answers (tools/quizbank/choices.py): how computed numbers become options."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from quizbank import choices

NUMBERS = st.one_of(st.integers(-10**12, 10**12), st.floats(-1e12, 1e12, allow_nan=False))


@given(value=NUMBERS, decimals=st.integers(0, 4))
def test_option_text_is_the_rounded_number_grouped_then_the_unit(value, decimals):
    """An option prints the value rounded to ``decimals`` places, with a comma every three digits
    and never a negative zero, followed by the unit; reading it back gives the rounded value."""
    text = choices.option_text(value, {"unit": "USD per month", "decimals": decimals})
    number, unit = text.split(" ", 1)
    assert unit == "USD per month"
    whole = number.lstrip("-").split(".")[0]
    assert whole == f"{int(whole.replace(',', '')):,}", "groups of three digits"
    assert len(number.split(".")[1]) == decimals if decimals else "." not in number
    assert abs(float(number.replace(",", "")) - value) <= 0.5 * 10 ** -decimals * (1 + 1e-9) + abs(value) * 1e-15
    assert not (number.startswith("-") and float(number.replace(",", "")) == 0)


@given(draw=st.dictionaries(st.sampled_from("abc"), st.integers(0, 10**6), min_size=1), qid=st.text(max_size=8))
def test_option_order_is_a_fixed_permutation_per_question_and_draw(draw, qid):
    """The display order is a permutation of the four options, the same every time for the same
    question and draw (so builds and exports are reproducible)."""
    order = choices.order({"id": qid}, draw)
    assert sorted(order) == list(range(choices.OPTION_COUNT))
    assert choices.order({"id": qid}, dict(reversed(list(draw.items())))) == order


def test_the_right_option_lands_in_every_position_across_a_pool():
    """Across a question's pool the right option is not always in the same place (shuffled per
    instance), and coinciding options keep an instance out of the pool."""
    q = {"id": "x", "params": {"n": {"min": 1, "max": 40}}, "compute": "n * 3",
         "misconceptions": [{"compute": "n"}, {"compute": "n * 2"}, {"compute": "n * 3 if n == 7 else n * 4"}]}
    pool = choices.pool(q)
    assert {inst["correct"] for inst in pool} == set(range(4))
    assert 7 not in {inst["values"]["n"] for inst in pool}
    assert choices.instance(q, {"n": 7}) is None and choices.coinciding(choices.texts_for(q, {"n": 7})) == (0, 3)
