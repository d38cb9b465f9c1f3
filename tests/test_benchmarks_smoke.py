"""Smoke test of the library benchmarks on a small provider set (no timing assertions).

Runs every benchmark function of ``benchmarks/bench_library.py`` on 200 synthetic providers and
checks that each returns positive, finite figures; then cross-checks the naive geopandas
baseline against the library: on the same geometric conventions the two must give the same
lot reach shares (to 1e-9) — otherwise the speedup would compare different work.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import bench_library as lib

N_PROVIDERS = 200


@pytest.fixture(scope="module")
def small_set(tmp_path_factory):
    prepared = lib.prepare_providers(N_PROVIDERS, directory=tmp_path_factory.mktemp("bench"))
    assert len(prepared["accepted"]) == N_PROVIDERS
    return prepared["accepted"]


@pytest.fixture(scope="module")
def reach(small_set):
    figures, reach = lib.bench_reach(small_set, repeats=1)
    _positive(figures, "reach_s", "reach_warmup_s")
    assert figures["providers"] == N_PROVIDERS
    assert figures["full_unit_entries"] > 0 and figures["edge_pairs"] > 0
    return figures, reach


def _positive(figures: dict, *names: str) -> None:
    for name in names:
        value = figures[name]
        assert isinstance(value, (int, float)) and math.isfinite(value) and value > 0, (name, value)


def test_scoring_benchmark_returns_positive_figures(small_set, reach):
    _, matrix = reach
    scoring = lib.bench_scoring(small_set, matrix, repeats=2, fresh_repeats=1, rescore_repeats=3)
    _positive(scoring, "score_design_ms", "prepare_ms", "first_score_ms", "fresh_design_ms", "rescore_eligibility_ms")
    from lotdesign.core.designs import builtin_design_ids

    assert len(scoring["per_design"]) == len(builtin_design_ids())
    _positive(scoring, "score_pdu_ms", "score_pdu_per_lot_vs_pcc42")
    assert np.isfinite(scoring["per_design"].select_dtypes("number").to_numpy(float)).all()


def test_sweep_benchmark_returns_positive_figures(small_set, reach):
    _, matrix = reach
    sweep = lib.bench_sweep(small_set, matrix, n_designs=20)
    _positive(sweep, "sweep_s", "per_design_ms")
    assert 5 <= sweep["lots_min"] and sweep["lots_max"] <= 42


def test_random_designs_are_groupings_of_pfas(reach):
    _, matrix = reach
    from geo.units import load_units

    pfa = load_units()["pfa_code"].reindex(matrix.index.unit_codes).to_numpy()
    for lot_of_unit, n_lots in lib.random_pfa_designs(50, matrix.index.unit_codes, seed=1):
        assert 5 <= n_lots <= 42
        assert set(np.unique(lot_of_unit)) == set(range(n_lots))  # every lot non-empty
        for code in np.unique(pfa):  # a PFA is never split
            assert len(np.unique(lot_of_unit[pfa == code])) == 1


def test_naive_benchmark_and_speedup_are_positive(small_set, reach):
    from lotdesign.core.designs import get_design

    reach_figures, matrix = reach
    designs = [get_design("pcc42"), get_design("nps7")]
    naive = lib.bench_naive(small_set, designs, sizes=(50, 100), repeats=1)
    _positive(naive, "areas_s_at_target", "mean_per_design_s_at_target", "peak_rss_mb")
    scoring = lib.bench_scoring(small_set, matrix, designs, repeats=1, fresh_repeats=1, rescore_repeats=1)
    comparison = lib.compare_naive(naive, reach_figures, scoring)
    _positive(comparison, "naive_overlay_s_per_design", "ours_s_per_design", "speedup_vs_naive")
    assert comparison["n_designs"] == 2


@pytest.mark.parametrize("design_id", ["pcc42", "nps7"])
def test_naive_baseline_gives_the_library_lot_reach(small_set, design_id):
    """Same conventions → same shares: the baseline and the library compute the same thing.

    The baseline judges geometrically what the library reads from attributes: a small area is in
    the lot whose polygon contains its point (not its ONS LAD code), and a circle is a buffer
    polygon. Giving the library the same placement of small areas (``geometric_small_area_index``)
    and leaving out the rare circles with a point in the sliver between buffer polygon and circle
    must leave no difference at all, for radius, listed and national service areas alike.
    """
    from lotdesign.core.designs import get_design

    check = lib.cross_check(small_set, get_design(design_id))
    same = check["same_convention"]
    assert same["radius"]["providers"] >= 100  # the check is not vacuous
    assert check["band_providers_excluded"] <= 5
    for kind in ("radius", "listed", "national"):
        assert same[kind]["max_abs_diff"] < 1e-9, (kind, same[kind])
    # As is, the two differ only through the placement of a few hundred small areas: by little.
    assert check["as_is"]["all"]["max_abs_diff"] < 0.05
