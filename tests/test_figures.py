"""The vocabulary of figures: each figure's unit agrees with the values a real score gives it."""

from __future__ import annotations

import pytest

from lotdesign.core.designs import get_design
from lotdesign.core.figures import DESIGN_FIGURES, HEADLINE_FIGURES, LOT_FIGURES, figure, format_figure
from lotdesign.core.params import ScoringParams
from lotdesign.core.scoring import score_design
from lotdesign.importing.workspace import load_provider_set


@pytest.fixture(scope="module")
def regions_score():
    pset = load_provider_set()
    return score_design(pset.providers, pset.reach, get_design("regions12"), ScoringParams(service="women"))


def test_every_figure_is_a_column_of_the_scores_with_values_in_its_unit(regions_score):
    for figures, table in ((DESIGN_FIGURES, regions_score.summary.to_frame().T), (LOT_FIGURES, regions_score.lots)):
        for name, fig in figures.items():
            assert name in table.columns, name
            values = table[name].astype(float)
            if fig.unit == "share":
                assert values.between(0, 1).all(), name
            elif fig.unit == "count":
                assert (values == values.round()).all() and (values >= 0).all(), name
            else:
                assert (values >= 0).all(), name
    assert set(HEADLINE_FIGURES) <= set(DESIGN_FIGURES)


def test_figures_read_as_people_read_them(regions_score):
    assert format_figure("n_lots", regions_score.summary["n_lots"]) == "12"
    assert format_figure("specialist_prime_coverage_women", 0.114) == "11%"
    assert format_figure("median_value_gbp", 1_240_000) == "£1.2m" and format_figure("value_gbp", 950) == "£950"
    assert format_figure("fragmentation", 3.56) == "3.6"
    # One rule for every figure, listed or not: a lot-level share and an unlisted column follow it.
    assert figure("prime_coverage").is_share and LOT_FIGURES["prime_coverage"].is_share
    assert figure("share_population_contestable_women").is_share and not figure("n_lots_contestable").is_share
    assert figure("subcontract_dependence_bame").better == "lower" and figure("median_value_gbp").better == "neither"
