import json

import pytest
import shapely

from geo.boundaries import dissolve_lots
from geo.units import load_unit_boundaries
from lotdesign.core.designs import builtin_design_ids, get_design


@pytest.mark.parametrize("design_id", builtin_design_ids())
def test_dissolved_lots_are_valid_and_keep_the_area(design_id):
    design = get_design(design_id)
    lots = dissolve_lots(design.unit_to_lot, kind="analysis")
    assert len(lots) == design.n_lots
    assert lots.is_valid.all()
    # The units the design covers (all 318, or those in its scope: the 2027 design leaves out
    # Greater Manchester).
    units = load_unit_boundaries("analysis").loc[design.unit_to_lot.index]
    units_area = units.area.sum()
    assert lots.area.sum() == pytest.approx(units_area, rel=1e-9)
    # Neighbouring lots share identical edges (no overlaps, no slivers) and together cover
    # exactly what the units cover: no gap opens between lots that was not in the data
    # (the published boundaries have real gaps, e.g. estuaries, which stay as they are).
    assert shapely.coverage_is_valid(lots.geometry.values)
    units_union = shapely.coverage_union_all(units.geometry.values)
    lots_union = shapely.union_all(lots.geometry.values)
    assert shapely.symmetric_difference(units_union, lots_union).area < 1.0  # m²


def test_42_pcc_display_boundaries_are_small_and_gap_free():
    lots = dissolve_lots(get_design("pcc42").unit_to_lot, kind="display")
    assert lots.crs.to_epsg() == 4326
    payload = lots.reset_index().to_json()
    assert len(payload.encode("utf-8")) < 1_000_000
    assert len(json.loads(payload)["features"]) == 42
    assert shapely.coverage_is_valid(lots.geometry.values)
    units_union = shapely.coverage_union_all(load_unit_boundaries("display").geometry.values)
    assert shapely.symmetric_difference(units_union, shapely.union_all(lots.geometry.values)).area < 1e-9  # deg²
    assert lots.is_valid.all()


def test_dissolve_rejects_unknown_units():
    import pandas as pd

    with pytest.raises(ValueError, match="not LAD units"):
        dissolve_lots(pd.Series({"X99999999": "A"}))
