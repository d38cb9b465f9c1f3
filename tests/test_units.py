import numpy as np

from geo.units import load_small_areas, load_unit_boundaries, load_units, pfa_table
from tests.conftest import EW_POPULATION_2023


def test_318_units_in_43_pfas_and_42_pcc_areas():
    units = load_units()
    assert len(units) == 318
    assert units.index.is_unique
    assert units["pfa_code"].nunique() == 43
    assert units["pcc_code"].nunique() == 42
    assert (units["country"] == "Wales").sum() == 22


def test_city_of_london_is_in_the_metropolitan_pcc_area():
    units = load_units()
    city = units.loc["E09000001"]
    assert city["pfa_code"] == "E23000034"
    assert city["pcc_code"] == "E23000001"
    assert (units["pcc_code"] == "E23000001").sum() == 33


def test_population_totals_match_ons():
    units = load_units()
    assert units["population"].sum() == EW_POPULATION_2023
    assert units.loc["E09000033", "lad_name"] == "Westminster"
    # Minority-ethnic share of England and Wales: 18.3% (Census 2021 non-White).
    share = units["minority_ethnic"].sum() / units["population"].sum()
    assert 0.180 < share < 0.186


def test_small_areas_are_35672_lsoas_in_british_national_grid():
    small = load_small_areas()
    assert len(small) == 35_672
    assert small["lad_code"].nunique() == 318
    assert small["x"].between(80_000, 660_000).all() and small["y"].between(5_000, 660_000).all()
    barbican = small[small["lsoa_code"] == "E01000001"].iloc[0]
    assert barbican["lad_code"] == "E09000001"
    assert abs(barbican["x"] - 532181.8) < 1 and abs(barbican["y"] - 181792.3) < 1
    assert small["population"].sum() == 59_597_514


def test_boundaries_have_explicit_crs():
    analysis = load_unit_boundaries("analysis")
    display = load_unit_boundaries("display")
    assert analysis.crs.to_epsg() == 27700 and display.crs.to_epsg() == 4326
    assert len(analysis) == len(display) == 318
    # Within 1% of the ONS Standard Area Measurement of England and Wales (151,047 km²).
    assert abs(analysis.area.sum() / 1e6 / 151_047 - 1) < 0.01


def test_pfa_table_sums_to_england_and_wales():
    table = pfa_table()
    assert len(table) == 43
    assert table["population"].sum() == EW_POPULATION_2023
    assert table.loc["E23000034", "n_units"] == 1
    assert np.all(table["n_units"] >= 1)


def test_committed_data_is_compact():
    from tests.conftest import REPO

    total = sum(p.stat().st_size for p in (REPO / "data").rglob("*") if p.is_file())
    assert total < 30_000_000
