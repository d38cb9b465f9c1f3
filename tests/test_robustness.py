"""Robustness grid: a toy whose sentence is known, and the grid checked against score_design.

Toy (tests/levers_toy.py): V1 (VCS, base U1, lists U1 and U2, £80,000) reaches all of lot A;
V2 (VCS, base U3, lists U3, £120,000) all of lot B. Lot A is worth £36,000 × b (b the budget
factor) and B £54,000 × b — the same shares by females (200 and 300 of 500) as by population
(400 and 600 of 1,000) — so both are (locally) contestable exactly when m × b ≤ 80/36 = 2.222
(m the turnover multiple). In one lot of all three units each reaches only 50%, below every
threshold in the grid (60–100%), so "One lot" is never contestable.

Over the default grid (7 multiples × 5 budgets × 5 thresholds × 5 radii × 2 weightings), m × b ≤
2.222 in 7 + 6 + 3 + 2 + 0 = 18 of the 35 (m, b) pairs, so Toy wins 18 × 50 = 900 of 1,750
combinations (51%) and ties the rest. From m = 2, b = 1 the conclusion first changes at
m = 2.25 (searched in steps of 0.05) and at b = 1.15 (2 × 1.15 = 2.3 > 2.222).
"""

from __future__ import annotations

import numpy as np
import pytest

from levers_toy import ONE_LOT, context_for, toy_setup
from lotdesign.errors import ValidationError
from lotdesign.levers.robustness import ROBUST_METRICS, RobustnessCache, robustness

ROWS = [
    {"id": "V1", "income": 80_000, "base": "U1", "listed": ["U1", "U2"]},
    {"id": "V2", "income": 120_000, "base": "U3", "listed": ["U3"]},
]


@pytest.fixture
def toy():
    providers, reach, design, params = toy_setup(ROWS)
    return context_for(providers, reach, design), context_for(providers, reach, ONE_LOT), params


def test_toy_grid_sentence_is_known(toy):
    a, b, params = toy
    result = robustness(a, b, params)
    assert result.n_combinations == 1750
    shares = result.win_shares.loc["share_lots_locally_contestable"]
    assert (shares["a_wins"], shares["ties"], shares["b_wins"]) == (900, 850, 0)
    assert result.sentence == (
        "Under Toy, a larger share of lots has a locally based voluntary organisation able to bid as prime than under "
        "One lot in 51% of the 1,750 assumption combinations tried; varied one at a time, the conclusion first changes "
        "when the turnover multiple rises to 2.25× or when the budget rises to 115% of the budget in force."
    )


def test_toy_tornado_and_break_even(toy):
    a, b, params = toy
    result = robustness(a, b, params)
    tornado = result.tornado.set_index("assumption")
    assert list(result.tornado["assumption"][:2]) == ["turnover_multiple", "budget_factor"]
    assert tornado.loc["turnover_multiple", "swing"] == pytest.approx(1.0)
    assert tornado.loc["turnover_multiple", "low"] == "2.25×"  # first multiple where A's lead is gone
    for name in ("reach_threshold", "radius_factor", "value_weighting"):
        assert tornado.loc[name, "swing"] == 0
    flips = result.break_even.dropna(subset=["flips_at"])
    assert [(r.assumption, r.direction, r.flips_at) for r in flips.itertuples()] == [
        ("turnover_multiple", "above", 2.25), ("budget_factor", "above", 1.15)]


def test_toy_edited_ranges(toy):
    a, b, params = toy
    grid = {"turnover_multiple": (1.0, 3.0), "budget_factor": (1.0,), "reach_threshold": (0.8,), "radius_factor": (1.0,),
            "value_weighting": ("population",)}
    result = robustness(a, b, params, grid=grid)
    assert result.n_combinations == 2
    assert result.win_shares.loc["share_lots_locally_contestable", "a_wins"] == 1  # at m = 1, not at m = 3


def test_bad_grid_is_named(toy):
    a, b, params = toy
    with pytest.raises(ValidationError) as error:
        robustness(a, b, params, grid={"reach_threshold": (0.5, 1.5), "value_weighting": ("households",), "luck": (1,)})
    text = str(error.value)
    assert "reach_threshold" in text and "households" in text and "luck" in text


def test_progress_is_reported(toy):
    a, b, params = toy
    seen = []
    robustness(a, b, params, progress=lambda fraction, message: seen.append(fraction))
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)


def test_grid_matches_score_design_on_demo_data():
    """Sampled combinations, including scaled radii (reach recomputed from scratch), equal score_design."""
    from lotdesign.core.designs import get_design
    from lotdesign.core.params import ScoringParams
    from lotdesign.importing.providers import compute_provider_reach
    from lotdesign.core.scoring import prepare_design, score_design
    from lotdesign.importing.workspace import load_provider_set

    pset = load_provider_set()
    designs = [get_design("pcc42"), get_design("regions12")]
    params = ScoringParams(service="women")
    cache = RobustnessCache()
    result = robustness(pset.context(designs[0]), pset.context(designs[1]), params, cache=cache)
    grid = result.grid
    # A second run reuses the cached reach and gives the same grid.
    again = robustness(pset.context(designs[0]), pset.context(designs[1]), params, cache=cache)
    assert again.grid.equals(grid)
    for factor in (0.5, 1.0, 1.5):
        providers = pset.providers.copy()
        scaled = providers["service_area_kind"] == "default_radius"
        providers.loc[scaled, "radius_km"] *= factor
        reach = compute_provider_reach(providers) if factor != 1.0 else pset.reach
        sample = grid[grid["radius_factor"] == factor].sample(8, random_state=7)
        for design, suffix in zip(designs, ("a", "b")):
            context = prepare_design(providers, reach, design)
            for _, row in sample.iterrows():
                changed = params.replace(
                    turnover_multiple=float(row["turnover_multiple"]), reach_threshold=float(row["reach_threshold"]),
                    national_budget_gbp=params.national_budget_gbp * float(row["budget_factor"]),
                    value_weighting=row["value_weighting"],
                )
                summary = score_design(providers, reach, design, changed, context=context).summary
                for metric in ROBUST_METRICS:
                    assert row[f"{metric}_{suffix}"] == pytest.approx(summary[metric], abs=1e-12), (factor, metric)
    assert np.isin(result.tornado["assumption"], list(result.grid_values)).all()
