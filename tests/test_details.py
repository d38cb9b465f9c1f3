"""lotdesign.core.details: who reaches a lot, where one organisation could bid — consistent with scoring."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lotdesign.core.designs import get_design
from lotdesign.core.details import (
    SPECIALISM_GROUPS,
    lot_providers,
    provider_eligibility,
    specialism_group,
)
from lotdesign.core.params import ScoringParams
from lotdesign.core.scoring import score_design
from lotdesign.importing.workspace import load_provider_set


@pytest.fixture(scope="module")
def demo():
    return load_provider_set()


@pytest.fixture(scope="module")
def scored(demo):
    params = ScoringParams()
    out = {}
    for design_id in ("pcc42", "regions12"):
        design = get_design(design_id)
        context = demo.context(design)
        out[design_id] = (context, score_design(demo.providers, demo.reach, design, params, context=context))
    return out


def test_specialism_group_is_aligned_and_sector_first():
    providers = pd.DataFrame(
        {
            "sector": ["vcs", "vcs", "vcs", "vcs", "vcs", "private"],
            "women": [True, True, False, False, False, True],
            "bame": [True, False, True, False, False, False],
            "specialisms": ["women;bame", "women", "bame", "lgbt", "", "women"],
        },
        index=[10, 11, 12, 13, 14, 15],
    )
    groups = specialism_group(providers)
    assert groups.name == "specialism_group" and list(groups.index) == [10, 11, 12, 13, 14, 15]
    assert list(groups) == ["women_and_bame", "women", "bame", "other_specialism", "general", "other_sector"]
    assert set(groups) <= set(SPECIALISM_GROUPS)


def test_lot_providers_agree_with_the_lot_table(scored):
    context, score = scored["pcc42"]
    for lot in ("Kent", "Dyfed-Powys", "London"):
        if lot not in score.lots.index:
            continue
        table = lot_providers(context, score, lot)
        row = score.lots.loc[lot]
        vcs = table["sector"] == "vcs"
        assert (table["prime_eligible"] & vcs).sum() == row["n_vcs_prime_eligible"]
        assert (table["prime_eligible"] & ~vcs).sum() == row["n_other_prime_eligible"]
        assert (table["based_in_lot"] & vcs).sum() == row["n_providers_local"]
        assert ((table["lot_reach"] > 0) & vcs).sum() == row["n_vcs_reaching"]
        assert table["lot_reach"].between(0, 1).all()
        # Prime-eligible organisations come first.
        assert not table["prime_eligible"].iloc[int(table["prime_eligible"].sum()):].any()


def test_lot_providers_refuses_an_unknown_lot(scored):
    context, score = scored["regions12"]
    with pytest.raises(KeyError, match="not a lot of 12 probation regions"):
        lot_providers(context, score, "Kent")


def test_provider_eligibility_matches_the_eligibility_matrix(demo, scored):
    contexts = {design_id: context for design_id, (context, _) in scored.items()}
    scores = [score for _, score in scored.values()]
    for i in (0, 1, 100, 900):
        provider_id = demo.providers["provider_id"].iloc[i]
        table = provider_eligibility(provider_id, scores, contexts)
        assert list(table.index) == ["pcc42", "regions12"]
        for design_id, (context, score) in scored.items():
            row = table.loc[design_id]
            eligible = score.eligibility[i]
            assert row["n_lots_prime_eligible"] == eligible.sum()
            assert row["prime_eligible_lots"] == list(score.lots.index[eligible])
            home = score.design.unit_to_lot[demo.providers["base_lad"].iloc[i]]
            assert row["home_lot"] == home
            assert row["prime_eligible_home_lot"] == eligible[score.lots.index.get_loc(home)]
            assert row["prime_eligible_home_lot"] == (row["home_lot_reach_ok"] and row["home_lot_income_ok"])
            assert row["home_lot_turnover_needed_gbp"] == score.lots.at[home, "turnover_needed_gbp"]
            assert np.isclose(row["home_lot_reach"], context.lot_reach[i, context.lots.get_loc(home)])


def test_provider_eligibility_refuses_an_unknown_organisation(scored):
    contexts = {design_id: context for design_id, (context, _) in scored.items()}
    with pytest.raises(KeyError, match="NOPE"):
        provider_eligibility("NOPE", [score for _, score in scored.values()], contexts)


def test_home_lot_outside_the_scope_is_left_blank(demo):
    design = get_design("pcc42")
    context = demo.context(design)
    score = score_design(demo.providers, demo.reach, design, ScoringParams(scope="Wales"), context=context)
    welsh = demo.providers["base_lad"].str.startswith("W").to_numpy()
    english_id = demo.providers["provider_id"][~welsh].iloc[0]
    row = provider_eligibility(english_id, [score], {design.id: context}).iloc[0]
    assert row["home_lot"] == "" and not row["prime_eligible_home_lot"] and row["n_lots"] == 4
