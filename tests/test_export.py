import geopandas as gpd
import pandas as pd
import pytest

from lotdesign.core.designs import get_design
from lotdesign.io.export import lots_bytes, neutralise_formulas, table_bytes, write_lots, write_table
from lotdesign.core.scoring import score_design
from lotdesign.core.workspace import load_provider_set


@pytest.fixture(scope="module")
def regions_score():
    provider_set = load_provider_set()
    design = get_design("regions12")
    return score_design(provider_set.providers, provider_set.reach, design, context=provider_set.context(design))


def test_formulas_are_neutralised_whatever_the_dtype():
    for dtype in (object, "string"):
        frame = pd.DataFrame({"name": ["=HYPERLINK(\"x\")", "+cmd|' /C calc'!A0", "@SUM(A1)", "-2", "Plain"]}, dtype=dtype)
        safe = neutralise_formulas(frame)
        # Numbers such as -2 stay numbers; anything else a spreadsheet would evaluate is quoted.
        assert list(safe["name"]) == ["'=HYPERLINK(\"x\")", "'+cmd|' /C calc'!A0", "'@SUM(A1)", "-2", "Plain"]


def test_csv_and_excel_read_back(tmp_path, regions_score):
    table = regions_score.lots.reset_index()
    for name in ("lots.csv", "lots.xlsx"):
        path = write_table(table, tmp_path / name)
        back = pd.read_csv(path) if name.endswith("csv") else pd.read_excel(path)
        assert list(back["lot"]) == list(table["lot"])
        assert back["value_gbp"].sum() == pytest.approx(9_000_000)  # all 12 lots share the accommodation budget
    assert table_bytes(table, "csv").startswith(b"\xef\xbb\xbf")  # BOM so Excel shows £ correctly


def test_lots_geojson_and_geopackage_read_back(tmp_path, regions_score):
    geojson = gpd.read_file(write_lots(regions_score, tmp_path / "lots.geojson"))
    gpkg = gpd.read_file(write_lots(regions_score, tmp_path / "lots.gpkg"))
    assert len(geojson) == len(gpkg) == 12
    assert geojson.crs.to_epsg() == 4326 and gpkg.crs.to_epsg() == 27700
    assert gpkg.is_valid.all()
    london = gpkg.set_index("lot").loc["London"]
    assert london["population"] == 8_945_309
    # Greater London is about 1,570 km².
    assert 1_450e6 < london.geometry.area < 1_700e6
    assert lots_bytes(regions_score, "geojson").startswith(b"{")
