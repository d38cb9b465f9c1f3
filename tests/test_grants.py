"""Grant pots, hand-checked on the toy geography (tests/levers_toy.py).

Providers (voluntary sector):
    G1 base U1, radius 0.5 km → a1 (pop 100, females 50, minority 10), £5,000
    G2 base U2, lists U2      → a3 (200, 100, 20),                       £8,000
    G5 base U2, lists U1, U2  → a1, a2, a3 (400, 210, 60),               £68,000
    G3 base U3 (x=50000), radius 3 km → a4, a5 (400, 190, 100),          £1,000
    G4 base U3 (x=52000), radius 0.5 km → a5 (100, 40, 10),              £500

A 10% pot: lot A £3,600, lot B £5,400; at most £2,000 a grant → 1 grant in A, 2 in B.
"""

from __future__ import annotations

import pytest

from levers_toy import toy_context
from lotdesign.errors import ValidationError
from lotdesign.levers.grants import GrantParams, grant_pots

ROWS = [
    {"id": "G1", "income": 5_000, "base": "U1", "radius_km": 0.5},
    {"id": "G2", "income": 8_000, "base": "U2", "listed": ["U2"]},
    {"id": "G5", "income": 68_000, "base": "U2", "listed": ["U1", "U2"]},
    {"id": "G3", "income": 1_000, "base": "U3", "x": 50_000.0, "radius_km": 3.0},
    {"id": "G4", "income": 500, "base": "U3", "x": 52_000.0, "radius_km": 0.5},
]
POT = GrantParams(share=0.10, max_grant_gbp=2_000)


@pytest.fixture
def toy():
    return toy_context(ROWS)


def test_pot_sizes_grants_and_what_is_left(toy):
    context, params = toy
    lots = grant_pots(context, params, POT).lots
    assert lots.loc["A", "pot_gbp"] == pytest.approx(3_600)
    assert lots.loc["B", "pot_gbp"] == pytest.approx(5_400)
    assert lots.loc["A", "value_after_gbp"] == pytest.approx(32_400)
    assert list(lots["n_eligible"]) == [3, 2]
    assert list(lots["n_grants"]) == [1, 2]
    assert lots.loc["A", "unspent_gbp"] == pytest.approx(1_600)
    assert lots.loc["B", "unspent_gbp"] == pytest.approx(1_400)


def test_widest_reach_allocation_reach_is_known(toy):
    context, params = toy
    result = grant_pots(context, params, POT)
    lots = result.lots
    # A: the one grant goes to G5, which reaches all of A; B: G3 and G4 reach a4 and a5.
    assert lots.loc["A", "funded"] == "G5"
    assert lots.loc["A", "population_reached_share"] == pytest.approx(1.0)
    assert lots.loc["B", "funded"] == "G3; G4"
    assert lots.loc["B", "population_reached"] == 400
    assert result.summary["population_reached_share"] == pytest.approx(1.0)
    assert result.summary["n_grants"] == 3


def test_smallest_first_allocation_reach_is_known(toy):
    context, params = toy
    result = grant_pots(context, params, GrantParams(share=0.10, max_grant_gbp=2_000, allocation="smallest_first"))
    lots = result.lots
    assert lots.loc["A", "funded"] == "G1"  # £5,000 is the smallest income in A
    assert lots.loc["A", "population_reached"] == 100
    assert lots.loc["A", "females_reached_share"] == pytest.approx(50 / 210)
    assert lots.loc["A", "minority_ethnic_reached_share"] == pytest.approx(10 / 60)
    # Design: (100 + 400) of 800 residents; women (50 + 190) of 400; minority (10 + 100) of 160.
    assert result.summary["population_reached_share"] == pytest.approx(500 / 800)
    assert result.summary["females_reached_share"] == pytest.approx(240 / 400)
    assert result.summary["minority_ethnic_reached_share"] == pytest.approx(110 / 160)


def test_minimum_income_excludes_the_smallest(toy):
    context, params = toy
    lots = grant_pots(context, params, GrantParams(share=0.10, max_grant_gbp=2_000, min_income_gbp=1_000)).lots
    assert lots.loc["B", "n_eligible"] == 1  # G4 (£500) is out
    assert lots.loc["B", "funded"] == "G3"
    assert lots.loc["B", "population_reached_share"] == pytest.approx(1.0)


def test_smaller_lots_can_open_up_to_local_primes(toy):
    context, params = toy
    # G5 (£68,000) cannot reach the £72,000 lot A needs; with 10% set aside A needs £64,800.
    summary = grant_pots(context, params, POT).summary
    assert summary["n_lots_locally_contestable_before"] == 0
    assert summary["n_lots_locally_contestable_after"] == 1


def test_bad_parameters_are_named():
    with pytest.raises(ValidationError) as error:
        GrantParams(share=1.2, max_grant_gbp=0, allocation="lottery")
    text = str(error.value)
    assert "share" in text and "max_grant_gbp" in text and "allocation" in text
