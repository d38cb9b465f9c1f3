"""Specialist lots, hand-checked on the toy geography (tests/levers_toy.py).

Half of the £90,000 accommodation budget let in women's lots, shared by mid-2023 females
(U1 120 + U2 80 = 200 in lot A, U3 300 in lot B, of 500): lot A £18,000 (needs £36,000),
lot B £27,000 (needs £54,000).

    W1 women's VCS, base U1, lists U1, U2, £40,000 → primes A
    W2 women's VCS, base U3, lists U3,     £50,000 → short of £54,000 for B
    N1 VCS, not a specialist, lists all,   £1m     → may not bid
    B1 BAME-led VCS, base U1, lists all,   £70,000
"""

from __future__ import annotations

import pytest

from levers_toy import ONE_LOT, context_for, toy_setup
from lotdesign.errors import ValidationError
from lotdesign.levers.specialist_lots import SpecialistLotParams, specialist_lots

ROWS = [
    {"id": "W1", "name": "Women's Centre One", "income": 40_000, "base": "U1", "listed": ["U1", "U2"], "women": True},
    {"id": "W2", "name": "Women's Centre Two", "income": 50_000, "base": "U3", "listed": ["U3"], "women": True},
    {"id": "N1", "name": "Big Generalist", "income": 1_000_000, "base": "U3", "listed": ["U1", "U2", "U3"]},
    {"id": "B1", "name": "By and For Trust", "income": 70_000, "base": "U1", "listed": ["U1", "U2", "U3"], "bame": True},
]


@pytest.fixture
def toy():
    providers, reach, design, params = toy_setup(ROWS)
    return providers, reach, context_for(providers, reach, design), params


def test_womens_lots_values_and_who_could_prime(toy):
    _, _, context, params = toy
    result = specialist_lots(context, params, SpecialistLotParams("women", 0.5))
    lots = result.lots
    assert lots.loc["A", "value_gbp"] == pytest.approx(18_000)
    assert lots.loc["B", "value_gbp"] == pytest.approx(27_000)
    assert lots.loc["A", "could_prime"] == "Women's Centre One"
    assert list(lots["n_specialists_prime_eligible"]) == [1, 0]
    assert list(lots["n_specialists_reaching"]) == [1, 1]
    assert list(lots["locked_out"]) == [False, True]
    assert lots.loc["A", "group_prime_coverage"] == pytest.approx(1.0)
    summary = result.summary
    assert summary["n_specialist_lots_with_prime"] == 1
    assert summary["share_group_in_lots_with_prime"] == pytest.approx(200 / 500)
    assert summary["group_prime_coverage"] == pytest.approx(0.4)
    assert "1 of 2 lots (40% of women)" in result.sentence


def test_bame_lot_on_another_geography(toy):
    providers, reach, context, params = toy
    one = context_for(providers, reach, ONE_LOT)
    # One national BAME lot worth 30% of the budget, £27,000 (all minority-ethnic residents):
    # B1 reaches everyone and has £70,000 ≥ £54,000.
    result = specialist_lots(context, params, SpecialistLotParams("bame", 0.3), geography=one)
    assert result.lots.loc["All", "value_gbp"] == pytest.approx(27_000)
    assert result.lots.loc["All", "could_prime"] == "By and For Trust"
    assert result.summary["specialist_design"] == "one"
    assert "on One lot" in result.sentence


def test_main_lots_shrink(toy):
    _, _, context, params = toy
    summary = specialist_lots(context, params, SpecialistLotParams("women", 0.5)).summary
    # Before, A needs £72,000 (B1 has £70,000) and B £108,000 (N1 £1m, local): only B.
    # At half value A needs £36,000: W1 and B1, both based in A, qualify.
    assert summary["main_n_lots_locally_contestable_before"] == 1
    assert summary["main_n_lots_locally_contestable_after"] == 2


def test_bad_parameters_are_named():
    with pytest.raises(ValidationError) as error:
        SpecialistLotParams("lgbt", 0)
    assert "specialism" in str(error.value) and "share" in str(error.value)
