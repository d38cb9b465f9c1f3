"""Organisations counted per grid cell for the map (lotdesign.core.markers) and their map layer."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from lotdesign.core.details import SPECIALISM_GROUPS
from lotdesign.core.markers import MAX_POINT_MARKERS, aggregate_markers, use_cells
from ui.maps import cell_columns


def _providers(rows):
    return pd.DataFrame(rows, columns=["base_x", "base_y", "sector", "women", "bame", "specialisms"])


def test_counts_per_10km_square_with_groups_and_mean_position():
    providers = _providers([
        # Two in the 10 km square with south-west corner (530000, 180000): central London.
        (530_500.0, 180_500.0, "vcs", True, False, "women"),
        (531_500.0, 181_500.0, "vcs", False, True, "bame"),
        # One in the square to the east, one far away in Cardiff's square (310000, 170000).
        (541_000.0, 185_000.0, "private", False, False, ""),
        (318_000.0, 176_000.0, "vcs", False, False, ""),
    ])
    cells = aggregate_markers(providers)
    assert cells["n"].sum() == 4
    assert list(zip(cells["cell_x"], cells["cell_y"], cells["n"])) == [
        (310_000.0, 170_000.0, 1), (530_000.0, 180_000.0, 2), (540_000.0, 180_000.0, 1)]
    london = cells.iloc[1]
    assert (london["x"], london["y"]) == (531_000.0, 181_000.0)
    # Central London is at about 0.13° W, 51.51° N; Cardiff about 3.2° W, 51.48° N.
    assert london["lon"] == pytest.approx(-0.12, abs=0.02) and london["lat"] == pytest.approx(51.51, abs=0.02)
    assert cells.iloc[0]["lon"] == pytest.approx(-3.18, abs=0.05) and cells.iloc[0]["lat"] == pytest.approx(51.48, abs=0.03)
    assert (london["n_women"], london["n_bame"], london["n_general"]) == (1, 1, 0)
    assert cells.iloc[2]["n_other_sector"] == 1
    # Group counts add up to the organisations in each cell.
    assert (cells[[f"n_{g}" for g in SPECIALISM_GROUPS]].sum(axis=1) == cells["n"]).all()


def test_cell_size_changes_the_grouping():
    providers = _providers([(530_500.0, 180_500.0, "vcs", False, False, ""),
                            (531_500.0, 181_500.0, "vcs", False, False, "")])
    assert aggregate_markers(providers, cell_km=1.0)["n"].tolist() == [1, 1]
    assert aggregate_markers(providers, cell_km=10.0)["n"].tolist() == [2]
    with pytest.raises(ValueError, match="cell_km must be a positive"):
        aggregate_markers(providers, cell_km=0)


def test_a_provider_without_a_base_is_named_not_dropped():
    providers = _providers([(530_500.0, 180_500.0, "vcs", False, False, ""), (np.nan, 1.0, "vcs", False, False, "")])
    with pytest.raises(ValueError, match="row 1 has no base_x/base_y"):
        aggregate_markers(providers)


def test_long_lists_switch_to_cells_and_the_layer_stays_small():
    assert not use_cells(MAX_POINT_MARKERS) and use_cells(MAX_POINT_MARKERS + 1)
    # 50,000 organisations spread over England and Wales' extent: at most one cell per 10 km square.
    rng = np.random.default_rng(1)
    n = 50_000
    providers = _providers({"base_x": rng.uniform(140_000, 655_000, n), "base_y": rng.uniform(10_000, 657_000, n)}
                           | {"sector": ["vcs"] * n, "women": [False] * n, "bame": [False] * n, "specialisms": [""] * n})
    cells = aggregate_markers(providers)
    assert cells["n"].sum() == n and len(cells) <= 52 * 65
    layer = cell_columns(cells)
    assert len(layer["x"]) == len(cells) and sum(layer["n"]) == n
    assert all(len(groups) == len(SPECIALISM_GROUPS) for groups in layer["g"])
    assert len(json.dumps(layer).encode()) < 200_000  # versus ~6 MB for one marker each


def test_the_map_draws_cells_not_markers_for_a_long_list():
    from geo.boundaries import dissolve_lots
    from lotdesign.core.designs import get_design
    from ui import maps

    lots = dissolve_lots(get_design("regions12").unit_to_lot, kind="display")
    shapes = {str(lot): maps.rounded_geometry(geometry) for lot, geometry in lots.geometry.items()}
    values = pd.Series(np.arange(len(shapes), dtype=float), index=list(shapes))
    collection, classes = maps.lot_collection(shapes, values, "n_vcs_prime_eligible", "Could bid as prime")
    rng = np.random.default_rng(2)
    n = 30_000
    providers = _providers({"base_x": rng.uniform(300_000, 600_000, n), "base_y": rng.uniform(100_000, 500_000, n)}
                           | {"sector": ["vcs"] * n, "women": [False] * n, "bame": [False] * n, "specialisms": [""] * n})
    empty = {"type": "FeatureCollection", "features": []}
    fmap = maps.build_map(lots=collection, classes=classes, design_label="Regions", metric_label="Could bid as prime",
                          pcc_outlines=empty, region_outlines=empty, points={}, groups_present=["general"], synthetic=True,
                          background=False, asset_base="/app/static/vendor", cells=maps.cell_columns(aggregate_markers(providers)))
    page = fmap.get_root().render()
    assert "cell_layer_" in page and "markerClusterGroup" not in page
    assert maps.map_attribution().split(".")[0] in page  # the boundary attribution is on the map
    assert len(page.encode()) < 5_000_000
