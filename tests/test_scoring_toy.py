"""A hand-computed toy case: three units, two lots, five providers; every metric checked exactly.

Geometry (metres, EPSG:27700), all on the x axis:

    unit U1 (lot A): a1 at x=0      pop 100, females 50,  minority 10
                     a2 at x=1000   pop 100, females 60,  minority 30
    unit U2 (lot A): a3 at x=10000  pop 200, females 100, minority 20
    unit U3 (lot B): a4 at x=50000  pop 300, females 150, minority 90
                     a5 at x=52000  pop 100, females 40,  minority 10

Mid-2023 unit populations (used for lot values and population weights):
    U1 250 (females 120, minority 30), U2 150 (80, 20), U3 600 (300, 100)  → total 1,000.

Budget: national £1,000,000 × accommodation 9% = £90,000.
    value_A = 90,000 × (250+150)/1,000 = £36,000 → turnover needed 2 × 36,000 = £72,000
    value_B = 90,000 × 600/1,000       = £54,000 → turnover needed £108,000

Providers (reach threshold 0.8):
    P1 vcs, women, £100,000, base x=0 (U1), radius 5 km   → a1, a2.       reach_A = 200/400 = 0.5
    P2 vcs, bame,  £72,000,  base x=10000 (U2), radius 10 km → a1 (exactly 10 km: inclusive), a2, a3.
                                                            reach_A = 400/400 = 1; income = 72,000 (inclusive) → prime A
    P3 vcs, women, £200,000, base U3, lists U2 and U3       → a3, a4, a5.   reach_A = 0.5, reach_B = 1 → prime B
    P4 private, £1,000,000, national, base U1              → everything; prime A and B (reported separately)
    P5 vcs, £50,000, base x=52000 (U3), radius 3 km        → a4 (2 km), a5. reach_B = 1 but 50,000 < 108,000
"""

import numpy as np
import pandas as pd
import pytest

from levers_toy import toy_case
from lotdesign.core.compare import compare_designs
from lotdesign.core.designs import LotDesign
from lotdesign.core.scoring import prepare_design, prime_eligibility, score_design


@pytest.fixture
def toy():
    providers = pd.DataFrame(
        {
            "provider_id": ["P1", "P2", "P3", "P4", "P5"],
            "sector": ["vcs", "vcs", "vcs", "private", "vcs"],
            "income_gbp": [100_000.0, 72_000.0, 200_000.0, 1_000_000.0, 50_000.0],
            "women": [True, False, True, False, False],
            "bame": [False, True, False, False, False],
            "base_lad": ["U1", "U2", "U3", "U1", "U3"],
            "base_x": [0.0, 10000.0, 50000.0, 0.0, 52000.0],
            "base_y": [0.0] * 5,
            "radius_km": [5.0, 10.0, np.nan, np.nan, 3.0],
            "national": [False, False, False, True, False],
            "listed": [[], [], ["U2", "U3"], [], []],
        }
    )
    return toy_case(providers)


def test_covers_matrix(toy):
    providers, reach, design, params = toy
    expected = np.array(
        [
            [1, 1, 0, 0, 0],  # P1: 5 km around x=0
            [1, 1, 1, 0, 0],  # P2: a1 exactly 10 km away is covered (inclusive)
            [0, 0, 1, 1, 1],  # P3: listed U2 and U3
            [1, 1, 1, 1, 1],  # P4: national
            [0, 0, 0, 1, 1],  # P5: 3 km around x=52000
        ],
        dtype=bool,
    )
    np.testing.assert_array_equal(reach.covers_dense(), expected)
    share = reach.reach_share("population").toarray()
    np.testing.assert_allclose(share[0], [1.0, 0.0, 0.0])  # P1 reaches all of U1, none of U2
    np.testing.assert_allclose(share[2], [0.0, 1.0, 1.0])


def test_per_lot_metrics(toy):
    providers, reach, design, params = toy
    score = score_design(providers, reach, design, params)
    lots = score.lots
    assert list(lots.index) == ["A", "B"]
    np.testing.assert_allclose(lots["value_gbp"], [36_000, 54_000])
    np.testing.assert_allclose(lots["turnover_needed_gbp"], [72_000, 108_000])
    np.testing.assert_array_equal(lots["population"], [400, 600])
    np.testing.assert_array_equal(lots["n_providers_local"], [2, 2])  # A: P1, P2; B: P3, P5
    np.testing.assert_array_equal(lots["n_providers_local_all_sectors"], [3, 2])  # + P4 in A
    np.testing.assert_array_equal(lots["n_vcs_reaching"], [3, 2])  # A: P1, P2, P3; B: P3, P5
    np.testing.assert_array_equal(lots["n_vcs_prime_eligible"], [1, 1])  # A: P2; B: P3
    np.testing.assert_array_equal(lots["n_vcs_local_prime_eligible"], [1, 1])
    np.testing.assert_array_equal(lots["n_vcs_partner_only"], [2, 1])  # A: P1, P3; B: P5
    np.testing.assert_array_equal(lots["n_other_prime_eligible"], [1, 1])  # P4
    np.testing.assert_array_equal(lots["n_specialist_prime_eligible_women"], [0, 1])  # P3 in B
    np.testing.assert_array_equal(lots["n_specialist_prime_eligible_bame"], [1, 0])  # P2 in A
    # A: P1 ∪ P2 cover a1, a2, a3 = 400/400; B: P3 ∪ P5 = 400/400.
    np.testing.assert_allclose(lots["local_coverage"], [1.0, 1.0])
    np.testing.assert_allclose(lots["prime_coverage"], [1.0, 1.0])
    # Women's specialists: A — P1 (a1, a2) ∪ P3 (a3) = (50+60+100)/210; B — P3 = 190/190.
    np.testing.assert_allclose(lots["specialist_coverage_women"], [1.0, 1.0])
    np.testing.assert_allclose(lots["specialist_prime_coverage_women"], [0.0, 1.0])
    np.testing.assert_allclose(lots["subcontract_dependence_women"], [1.0, 0.0])
    # BAME specialists: A — P2 covers a1..a3 = 60/60, and is prime; B — none.
    np.testing.assert_allclose(lots["specialist_coverage_bame"], [1.0, 0.0])
    np.testing.assert_allclose(lots["specialist_prime_coverage_bame"], [1.0, 0.0])
    np.testing.assert_allclose(lots["subcontract_dependence_bame"], [0.0, 0.0])
    assert not lots["locked_out"].any()
    assert lots["locally_contestable"].all()


def test_per_design_summary(toy):
    providers, reach, design, params = toy
    summary = score_design(providers, reach, design, params).summary
    assert summary["n_lots"] == 2
    assert summary["median_value_gbp"] == pytest.approx(45_000)  # (36,000 + 54,000) / 2
    assert summary["max_value_gbp"] == pytest.approx(54_000)
    assert summary["median_turnover_needed_gbp"] == pytest.approx(90_000)
    assert summary["share_lots_contestable"] == 1.0
    assert summary["share_population_contestable"] == 1.0
    assert summary["share_lots_locally_contestable"] == 1.0
    assert summary["share_lots_contestable_women"] == 0.5  # only B
    assert summary["share_population_contestable_women"] == pytest.approx(0.6)  # 600 / 1,000
    assert summary["share_lots_contestable_bame"] == 0.5  # only A
    assert summary["share_population_contestable_bame"] == pytest.approx(0.4)
    # VCS based in scope: P1 (✗ A), P2 (✓ A), P3 (✓ B), P5 (✗ B) → 2/4.
    assert summary["local_fit"] == 0.5
    assert summary["local_coverage"] == 1.0 and summary["prime_coverage"] == 1.0
    # Weighted by lots' mid-2023 females (A 200, B 300): prime (0×200 + 1×300)/500.
    assert summary["specialist_coverage_women"] == pytest.approx(1.0)
    assert summary["specialist_prime_coverage_women"] == pytest.approx(0.6)
    assert summary["subcontract_dependence_women"] == pytest.approx(0.4)
    # Weighted by lots' minority-ethnic (A 50, B 100): (1×50 + 0×100)/150.
    assert summary["specialist_coverage_bame"] == pytest.approx(1 / 3)
    assert summary["specialist_prime_coverage_bame"] == pytest.approx(1 / 3)
    # Lots touched: P1 1, P2 1, P3 2 (A via U2, B), P5 1 → 5/4.
    assert summary["fragmentation"] == pytest.approx(1.25)
    assert summary["n_lots_locked_out"] == 0


def test_thresholds_are_inclusive_and_bite(toy):
    providers, reach, design, params = toy
    context = prepare_design(providers, reach, design)
    eligible = prime_eligibility(context, params)
    assert eligible[1, 0]  # P2: income exactly 2 × value, reach exactly 1
    assert not eligible[0, 0]  # P1: reach 0.5 < 0.8
    assert prime_eligibility(context, params.replace(reach_threshold=0.5))[0, 0]  # reach 0.5 ≥ 0.5
    assert not prime_eligibility(context, params.replace(turnover_multiple=2.01))[1, 0]
    # Raising the multiple so no VCS qualifies locks lot A out.
    locked = score_design(providers, reach, design, params.replace(turnover_multiple=3.0), context=context)
    assert locked.lots.loc["A", "locked_out"]  # P2: 72,000 < 3 × 36,000
    assert locked.lots.loc["A", "prime_coverage"] == 0.0


def test_females_weighting_of_lot_values(toy):
    providers, reach, design, params = toy
    score = score_design(providers, reach, design, params.replace(service="women", value_weighting="females"))
    # Women's budget 13% × £1,000,000 = £130,000, shared by females: A 200/500, B 300/500.
    np.testing.assert_allclose(score.lots["value_gbp"], [52_000, 78_000])


def test_compare_sentences_use_the_figures(toy):
    providers, reach, design, params = toy
    coarse = LotDesign(id="one", name="One lot", unit_to_lot=pd.Series({"U1": "All", "U2": "All", "U3": "All"}))
    comparison = compare_designs(providers, reach, [design, coarse], params)
    assert list(comparison.table.index) == ["toy", "one"]
    # One lot worth £90,000 needs £180,000: only P3 (£200,000) has the income, but it reaches
    # a3, a4, a5 = 600 of 800 small-area persons = 0.75 < 0.8, so no VCS can bid as prime.
    assert comparison.table.loc["one", "share_lots_contestable"] == 0.0
    assert "under Toy, 2 of 2 lots (100% of the population) have at least one locally based" in comparison.sentences[0]
    assert "under One lot, 0 of 1 (0%)" in comparison.sentences[0]
    assert "2 of 2 lots (100% of the population) under Toy; 0 of 1 lots (0% of the population) under One lot" in comparison.sentences[1]


def test_fast_eligibility_matches_the_full_path(toy):
    from lotdesign.core.scoring import eligibility_for_assignment

    providers, reach, design, params = toy
    full = prime_eligibility(prepare_design(providers, reach, design), params)
    fast = eligibility_for_assignment(reach, providers["income_gbp"].to_numpy(), np.array([0, 0, 1]), 2, params)
    np.testing.assert_array_equal(fast, full)
