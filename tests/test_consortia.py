"""Consortium bids, hand-checked on the toy geography (tests/levers_toy.py), then on demo data.

Toy providers (all voluntary sector):
    C1 base U1, lists U1, £40,000 → reach A = 200/400 = 0.5
    C2 base U2, lists U2, £35,000 → reach A = 200/400 = 0.5
    C3 base U3 (x=50000), radius 1 km → a4 only: reach B = 300/400 = 0.75, £60,000
    C4 base U3 (x=52000), radius 1 km → a5 only: reach B = 100/400 = 0.25, £40,000
Lot A needs £72,000 and 80% reach: neither C1 nor C2 alone; together £75,000 and reach 1.0;
the lead (C1, £40,000) holds 55.6% of the requirement. Lot B needs £108,000: C3 + C4 reach
all of B but have only £100,000.
"""

from __future__ import annotations

import numpy as np
import pytest

from levers_toy import context_for, toy_context, toy_setup
from lotdesign.errors import ValidationError
from lotdesign.levers.consortia import ConsortiumParams, consortium_bids, neighbouring_lots

ROWS = [
    {"id": "C1", "income": 40_000, "base": "U1", "listed": ["U1"]},
    {"id": "C2", "income": 35_000, "base": "U2", "listed": ["U2"]},
    {"id": "C3", "income": 60_000, "base": "U3", "x": 50_000.0, "radius_km": 1.0},
    {"id": "C4", "income": 40_000, "base": "U3", "x": 52_000.0, "radius_km": 1.0},
]


@pytest.fixture
def toy():
    return toy_context(ROWS)


def test_two_organisations_pass_the_turnover_test_only_together(toy):
    context, params = toy
    result = consortium_bids(context, params)
    a = result.lots.loc["A"]
    assert not a["contestable_alone"] and a["contestable_with_consortia"] and a["only_through_consortia"]
    assert a["members"] == "C1; C2"  # the lead first
    assert a["n_members"] == 2
    assert a["group_income_gbp"] == 75_000
    assert a["group_reach"] == pytest.approx(1.0)
    assert a["lead_income_share"] == pytest.approx(40_000 / 72_000)
    assert a["method"] == "exact"
    # C1 is based in lot A, so the lot becomes locally contestable too.
    assert a["locally_contestable_with_consortia"] and a["locally_only_through_consortia"]
    assert "£75k ≥ £72k needed" in a["why"] and "reach 100% ≥ 80%" in a["why"]


def test_a_lot_the_group_cannot_afford_stays_closed(toy):
    context, params = toy
    b = consortium_bids(context, params).lots.loc["B"]
    assert not b["contestable_with_consortia"]
    assert b["n_members"] == 0
    assert "largest incomes sum to £100k, short of the £108k needed" in b["why"]


def test_lead_member_rule(toy):
    context, params = toy
    # The lead must hold 60% of £72,000 = £43,200: C1 (£40,000) cannot lead.
    a = consortium_bids(context, params, ConsortiumParams(lead_share=0.6)).lots.loc["A"]
    assert not a["contestable_with_consortia"]
    assert "£43k a lead needs" in a["why"]
    # 55% = £39,600: C1 can.
    assert consortium_bids(context, params, ConsortiumParams(lead_share=0.55)).lots.loc["A", "contestable_with_consortia"]


def test_group_size_limit(toy):
    context, params = toy
    assert not consortium_bids(context, params, ConsortiumParams(max_members=1)).lots.loc["A", "contestable_with_consortia"]


def test_design_figures_with_and_without_consortia(toy):
    context, params = toy
    result = consortium_bids(context, params)
    summary = result.summary
    assert summary.loc["without consortia", "n_lots_contestable"] == 0
    assert summary.loc["with consortia", "n_lots_contestable"] == 1
    # Lot A holds 400 of the 1,000 mid-2023 residents.
    assert summary.loc["with consortia", "share_population_contestable"] == pytest.approx(0.4)
    assert "makes 1 of 2 lots contestable" in result.sentence
    assert "(0 → 1 of 2" in result.sentence


def test_solo_primes_can_be_left_out():
    # C5 could bid for lot A alone (reach 1.0, £80,000); by default it is the lot's single prime.
    providers, reach, design, params = toy_setup([*ROWS, {"id": "C5", "income": 80_000, "base": "U3",
                                                          "listed": ["U1", "U2"]}])
    context = context_for(providers, reach, design)
    a = consortium_bids(context, params).lots.loc["A"]
    assert a["contestable_alone"] and not a["locally_contestable_alone"]
    # Locally led groups may still use C5 as a member unless solo primes are left out.
    assert a["members"] == "C1; C5"  # same size and reach as C1 + C2, more income
    a = consortium_bids(context, params, ConsortiumParams(without_solo_primes=True)).lots.loc["A"]
    assert a["members"] == "C1; C2"


def test_bad_parameters_are_named():
    with pytest.raises(ValidationError) as error:
        ConsortiumParams(max_members=7, lead_share=1.5, members_from="nowhere")
    text = str(error.value)
    assert "max_members" in text and "lead_share" in text and "members_from" in text


def test_neighbouring_regions_are_the_real_ones():
    from lotdesign.core.designs import get_design
    from lotdesign.importing.workspace import load_provider_set

    pset = load_provider_set()
    context = pset.context(get_design("regions12"))
    touching = neighbouring_lots(context)
    lots = list(context.lots)
    wales = touching[lots.index("Wales")]
    assert {lots[k] for k in np.flatnonzero(wales)} == {"Wales", "North West", "West Midlands", "South West"}
    london = {lots[k] for k in np.flatnonzero(touching[lots.index("London")])}
    assert london == {"London", "East of England", "Kent, Surrey and Sussex", "South Central"}
    assert (touching == touching.T).all()


def test_groups_found_on_demo_data_really_pass_both_tests():
    """Every group reported for women's services under 12 regions, re-checked from the covers matrix."""
    from lotdesign.core.designs import get_design
    from lotdesign.core.params import ScoringParams
    from lotdesign.core.scoring import lot_values_gbp
    from lotdesign.importing.workspace import load_provider_set

    pset = load_provider_set()
    context = pset.context(get_design("regions12"))
    # A harsher budget so that lots need real groups (not one national charity).
    params = ScoringParams(service="women", national_budget_gbp=400_000_000)
    for rule in (ConsortiumParams(), ConsortiumParams(members_from="lot_and_neighbours")):
        result = consortium_bids(context, params, rule)
        groups = result.lots[result.lots["n_members"] > 1]
        assert len(groups) > 0
        covers = pset.reach.covers_dense()
        area_lot = context.lot_of_unit[pset.reach.index.area_unit]
        population = pset.reach.index.weights[:, 0]
        position = {pid: k for k, pid in enumerate(pset.providers["provider_id"])}
        values = lot_values_gbp(context, params)
        income = pset.providers["income_gbp"].to_numpy(float)
        for lot, row in groups.iterrows():
            k = list(context.lots).index(lot)
            members = [position[m] for m in row["members"].split("; ")]
            in_lot = area_lot == k
            union = covers[members][:, in_lot].any(axis=0)
            assert (union * population[in_lot]).sum() / population[in_lot].sum() >= params.reach_threshold
            assert income[members].sum() >= params.turnover_multiple * values[k]
            assert income[members[0]] >= rule.lead_share * params.turnover_multiple * values[k]
            assert len(members) <= rule.max_members
            if rule.members_from == "lot_and_neighbours":
                touching = neighbouring_lots(context)
                assert all(touching[k, context.base_lot[m]] for m in members)
