"""The optimised reach and scoring give exactly what a straightforward computation gives.

The reference here tests every provider against every one of England and Wales' 35,672 small
areas (a dense providers × areas matrix), then sums populations lot by lot and ORs coverage area
by area — the definitions in README "How scores are defined", with none of the library's unit
bounds, edge blocks, easting bands or pair lists. On 300 synthetic organisations (every kind of
service area) the two must agree exactly: the persons counted are integers, so every sum is exact
in float64 whatever its order.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import bench_library as lib

from geo.reach import small_area_index
from lotdesign.core.designs import get_design
from lotdesign.core.params import ScoringParams
from lotdesign.importing.providers import compute_provider_reach
from lotdesign.core.scoring import SPECIALISM_WEIGHT, SPECIALISMS, prepare_design, score_design

N_PROVIDERS = 300


@pytest.fixture(scope="module")
def providers(tmp_path_factory):
    accepted = lib.prepare_providers(N_PROVIDERS, directory=tmp_path_factory.mktemp("scale"))["accepted"]
    kinds = set(accepted["service_area_kind"])
    assert {"national", "listed", "radius", "default_radius"} <= kinds  # every kind is exercised
    return accepted


@pytest.fixture(scope="module")
def reach(providers):
    return compute_provider_reach(providers)


def reference_covers(providers) -> np.ndarray:
    """(providers × small areas) bool, one provider and one area at a time by definition."""
    index = small_area_index()
    unit_of_area = index.unit_codes[index.area_unit]
    covers = np.zeros((len(providers), index.n_areas), dtype=bool)
    for i, row in enumerate(providers.itertuples()):
        if row.service_area_kind == "national":
            covers[i] = True
        elif row.service_lads:
            covers[i] = np.isin(unit_of_area, row.service_lads.split(";"))
        else:
            dx = index.x - row.base_x
            dy = index.y - row.base_y
            covers[i] = dx * dx + dy * dy <= (row.radius_km * 1000.0) ** 2
    return covers


@pytest.fixture(scope="module")
def covers(providers):
    return reference_covers(providers)


def reference_scores(providers, covers, design, params) -> dict:
    """Lot reach, eligibility, per-lot counts and coverage shares from the dense matrix."""
    index = small_area_index()
    units = index.units
    unit_lot = design.unit_to_lot.reindex(index.unit_codes)
    lots = sorted(unit_lot.dropna().unique())
    area_lot_label = unit_lot.to_numpy()[index.area_unit]
    area_lot = np.array([lots.index(label) if isinstance(label, str) else -1 for label in area_lot_label])
    n, n_lots = len(providers), len(lots)
    population = index.weights[:, 0]
    lot_total = np.array([population[area_lot == lot].sum() for lot in range(n_lots)])
    covered = np.column_stack([covers[:, area_lot == lot].astype(float) @ population[area_lot == lot]
                               for lot in range(n_lots)])
    lot_reach = covered / lot_total
    column = "females" if params.value_weighting == "females" else "population"
    lot_people = np.array([units.loc[unit_lot.index[unit_lot == lot], column].sum() for lot in lots])
    values = params.budget_gbp * lot_people / units[column].sum()
    income = providers["income_gbp"].to_numpy(float)
    eligible = (lot_reach >= params.reach_threshold - 1e-12) & (income[:, None] >= params.turnover_multiple * values)
    vcs = (providers["sector"] == "vcs").to_numpy()
    base_lot = np.array([lots.index(unit_lot.get(code)) if isinstance(unit_lot.get(code), str) else -1
                         for code in providers["base_lad"]])
    in_design = area_lot >= 0

    def coverage(qualifies, weight):
        """Share of each lot's ``weight`` in areas covered by a provider qualifying for the area's lot."""
        hit = np.zeros(len(area_lot), bool)
        hit[in_design] = (covers[:, in_design] & qualifies[:, area_lot[in_design]]).any(axis=0)
        w = index.weights[:, ("population", "females", "minority_ethnic").index(weight)]
        return np.array([w[hit & (area_lot == lot)].sum() / w[area_lot == lot].sum() for lot in range(n_lots)])

    reaching = covered > 0
    local = base_lot[:, None] == np.arange(n_lots)[None, :]
    vcs_eligible = eligible & vcs[:, None]
    out = {
        "lot_reach": lot_reach,
        "eligible": eligible,
        "n_vcs_reaching": (reaching & vcs[:, None]).sum(axis=0),
        "n_vcs_prime_eligible": vcs_eligible.sum(axis=0),
        "n_vcs_local_prime_eligible": (vcs_eligible & local).sum(axis=0),
        "n_vcs_partner_only": (reaching & ~eligible & vcs[:, None]).sum(axis=0),
        "n_other_prime_eligible": (eligible & ~vcs[:, None]).sum(axis=0),
        "n_providers_local": (local & vcs[:, None]).sum(axis=0),
        "local_coverage": coverage(local & vcs[:, None], "population"),
        "prime_coverage": coverage(vcs_eligible, "population"),
    }
    for s in SPECIALISMS:
        specialist = providers[s].to_numpy(bool) & vcs
        every_lot = np.repeat(specialist[:, None], n_lots, axis=1)
        out[f"specialist_coverage_{s}"] = coverage(every_lot, SPECIALISM_WEIGHT[s])
        out[f"specialist_prime_coverage_{s}"] = coverage(vcs_eligible & specialist[:, None], SPECIALISM_WEIGHT[s])
        out[f"n_specialist_prime_eligible_{s}"] = (vcs_eligible & specialist[:, None]).sum(axis=0)
    counted = vcs & (base_lot >= 0)
    out["local_fit"] = eligible[np.flatnonzero(counted), base_lot[counted]].mean()
    out["fragmentation"] = reaching[counted].sum(axis=1).mean()
    return out


def test_reach_matrix_matches_a_test_of_every_provider_and_area(reach, covers):
    np.testing.assert_array_equal(reach.covers_dense(), covers)
    # Edge pairs are stored in (provider, unit) blocks of int32 areas, without duplicates.
    assert reach.edge_area.dtype == np.int32 and reach.edge_block_provider.dtype == np.int32
    pairs = reach.edge_provider.astype(np.int64) * small_area_index().n_areas + reach.edge_area
    assert len(np.unique(pairs)) == len(pairs) > 0


@pytest.mark.parametrize("design_id", ["pcc42", "nps7", "cpa21"])
@pytest.mark.parametrize(
    "params",
    [
        ScoringParams(),
        ScoringParams(reach_threshold=0.0, turnover_multiple=0.5),  # every reach passes: the dense case
        ScoringParams(reach_threshold=0.3, turnover_multiple=1.0, service="women", value_weighting="females"),
    ],
    ids=["defaults", "threshold-0", "threshold-0.3-women"],
)
def test_scores_match_the_straightforward_computation(providers, reach, covers, design_id, params):
    design = get_design(design_id)
    context = prepare_design(providers, reach, design)
    score = score_design(providers, reach, design, params, context=context)
    expected = reference_scores(providers, covers, design, params)

    np.testing.assert_array_equal(context.lot_reach, expected["lot_reach"])
    np.testing.assert_array_equal(context.lot_reach_sparse.toarray(), expected["lot_reach"])
    np.testing.assert_array_equal(score.eligibility, expected["eligible"])
    for column in ("n_vcs_reaching", "n_vcs_prime_eligible", "n_vcs_local_prime_eligible", "n_vcs_partner_only",
                   "n_other_prime_eligible", "n_providers_local", "local_coverage", "prime_coverage",
                   *(f"{stem}_{s}" for s in SPECIALISMS for stem in
                     ("specialist_coverage", "specialist_prime_coverage", "n_specialist_prime_eligible"))):
        np.testing.assert_array_equal(score.lots[column].to_numpy(), expected[column], err_msg=column)
    assert score.summary["local_fit"] == pytest.approx(expected["local_fit"], abs=0, rel=1e-15)
    assert score.summary["fragmentation"] == pytest.approx(expected["fragmentation"], abs=0, rel=1e-15)
    # The comparison is not vacuous: something is eligible and something covered.
    assert expected["eligible"].any() and expected["prime_coverage"].max() > 0
