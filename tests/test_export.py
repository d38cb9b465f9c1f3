import geopandas as gpd
import pandas as pd
import pytest

from lotdesign.core.designs import get_design
from lotdesign.io.export import lots_bytes, neutralise_formulas, table_bytes, write_lots, write_table
from lotdesign.core.scoring import score_design
from lotdesign.importing.workspace import load_provider_set


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


def test_every_geo_file_neutralises_formulas(tmp_path):
    """GeoJSON and GeoPackage follow the tables' formula rule (they are opened in spreadsheets too)."""
    from shapely.geometry import Point

    from lotdesign.io.writers import geo_bytes, write_geo

    frame = gpd.GeoDataFrame({"lot": ["=HYPERLINK(\"x\")", "Wales"], "n": [-2, 3]},
                             geometry=[Point(-3.18, 51.48), Point(-1.55, 53.80)], crs="EPSG:4326")
    for name in ("lots.geojson", "lots.gpkg"):
        back = gpd.read_file(write_geo(frame, tmp_path / name))
        assert list(back["lot"]) == ["'=HYPERLINK(\"x\")", "Wales"] and list(back["n"]) == [-2, 3]
    assert b"'=HYPERLINK" in geo_bytes(frame, "geojson", members={"about": {"Data": "=1+1"}})
    assert list(frame["lot"])[0].startswith("=")  # the caller's frame is left as it was


def test_a_wrong_file_name_is_always_an_input_file_error(tmp_path, regions_score):
    from lotdesign.awards.record import write_awards_lots
    from lotdesign.errors import InputFileError
    from lotdesign.io.export import briefing_table_bytes
    from lotdesign.report import render_report, report_format
    from lotdesign.studio.tradeoff import write_tradeoff

    table = regions_score.lots.reset_index()
    cases = [
        (lambda: write_table(table, tmp_path / "lots.txt"), "Cannot write lots.txt: use a .csv or .xlsx file name."),
        (lambda: write_lots(regions_score, tmp_path / "lots.shp"), "Cannot write lots.shp: use a .geojson or .gpkg file name."),
        (lambda: write_awards_lots(table, tmp_path / "awards.kml"), "Cannot write awards.kml: use a .geojson or .gpkg file name."),
        (lambda: report_format("report.txt"), "Cannot write report.txt: use a .html, .pdf or .docx file name."),
        (lambda: render_report(None, "txt"), "Cannot write a 'txt' file: use a .html, .pdf or .docx file name."),
        (lambda: write_tradeoff(None, tmp_path / "curve.pdf"), "Cannot write curve.pdf: use a .csv, .xlsx, .png or .svg file name."),
        (lambda: table_bytes(table, "ods"), "Cannot write a 'ods' file: use a .csv or .xlsx file name."),
        (lambda: lots_bytes(regions_score, "shp"), "Cannot write a 'shp' file: use a .geojson or .gpkg file name."),
        (lambda: briefing_table_bytes(table, "ods", pd.DataFrame(columns=["item", "value", "source"])),
         "Cannot write a 'ods' file: use a .csv or .xlsx file name."),
    ]
    for write, message in cases:
        with pytest.raises(InputFileError) as raised:
            write()
        assert str(raised.value) == message
