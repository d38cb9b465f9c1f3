import pandas as pd
import pytest

from lotdesign.errors import UnknownDesignError, ValidationError
from lotdesign.core.designs import (
    builtin_design_ids,
    design_catalogue,
    design_from_table,
    get_design,
    load_design_file,
    lots_table,
)
from tests.conftest import EW_POPULATION_2023


def _lot_pfas(design_id: str) -> dict[str, set[str]]:
    table = lots_table(get_design(design_id))
    return {lot: set(names) for lot, names in table["pfa_names"].items()}


def test_builtin_designs_have_the_documented_number_of_lots():
    expected = {"pcc42": 42, "regions12": 12, "df_accommodation15": 15, "cpa21": 21, "nps7": 7, "proposal11_2018": 11,
                "hmpps_ap_areas7": 7,
                # 108 PDUs, 11 of which share districts and are joined into 5 units: 108 - 11 + 5.
                "pdu_units": 102,
                # 10 boroughs / 14 upper-tier authorities in place of 1 / 5 PCC areas.
                "gm_boroughs": 42 - 1 + 10, "sw_local_authorities": 42 - 5 + 14,
                "csm2027_assumed": 11}
    assert {d: get_design(d).n_lots for d in builtin_design_ids()} == expected


def test_regions12_follow_the_moj_regions():
    lots = _lot_pfas("regions12")
    assert lots["North East"] == {"Cleveland", "Durham", "Northumbria"}
    assert "Northamptonshire" in lots["East of England"]
    assert "Lincolnshire" in lots["East Midlands"]
    assert lots["Greater Manchester"] == {"Greater Manchester"}
    assert lots["Wales"] == {"Dyfed-Powys", "Gwent", "North Wales", "South Wales"}


def test_accommodation_lots_split_wales_into_its_four_pcc_areas():
    lots = _lot_pfas("df_accommodation15")
    welsh = [lot for lot, pfas in lots.items() if pfas <= {"Dyfed-Powys", "Gwent", "North Wales", "South Wales"}]
    assert len(welsh) == 4


@pytest.mark.parametrize("design_id", builtin_design_ids())
def test_every_design_covers_every_unit_once_and_sums_to_the_population(design_id):
    design = get_design(design_id)
    # Greater Manchester's 10 districts are outside the 2027 design's scope.
    n_units, population = (318, EW_POPULATION_2023) if design.scope == "England and Wales" else (308, None)
    assert design.unit_to_lot.index.is_unique and len(design.unit_to_lot) == n_units
    assert design.unit_to_lot.notna().all()
    if population:
        assert lots_table(design)["population"].sum() == population


def test_community_support_design_is_the_regions_without_greater_manchester_and_says_assumed():
    design = get_design("csm2027_assumed")
    regions = lots_table(get_design("regions12"))
    lots = lots_table(design)
    assert set(lots.index) == set(regions.index) - {"Greater Manchester"}
    assert (lots["population"] == regions.loc[lots.index, "population"]).all()
    assert regions.loc["Greater Manchester", "pfa_names"] == ["Greater Manchester"]
    assert design.assumed and "lots assumed" in design.label
    assert "does not list its lots" in design.confidence
    assert design_catalogue().set_index("id").loc["csm2027_assumed", "confidence"] == design.confidence


@pytest.mark.parametrize("design_id", builtin_design_ids())
def test_city_of_london_is_in_the_london_lot(design_id):
    design = get_design(design_id)
    # The City's PDU is "Hackney and City"; every other design has it with Westminster.
    partner = "E09000012" if design_id == "pdu_units" else "E09000033"
    assert design.unit_to_lot["E09000001"] == design.unit_to_lot[partner]


def test_inferred_design_is_labelled_everywhere():
    design = get_design("proposal11_2018")
    assert design.inferred and design.label.endswith("(inferred)")
    catalogue = design_catalogue().set_index("id")
    assert catalogue.loc["proposal11_2018", "name"].endswith("(inferred)")
    assert not get_design("regions12").inferred


def test_unknown_design_lists_the_builtins():
    with pytest.raises(UnknownDesignError, match="regions12"):
        get_design("regions13")


def _pfa_design_rows() -> pd.DataFrame:
    regions = lots_table(get_design("regions12"))
    rows = [(pfa, lot) for lot, pfas in regions["pfa_names"].items() for pfa in pfas]
    return pd.DataFrame(rows, columns=["pfa_name", "lot"])


def test_custom_pfa_design_accepts_common_name_variants():
    table = _pfa_design_rows()
    table["pfa_name"] = table["pfa_name"].replace(
        {"Devon & Cornwall": "Devon and Cornwall", "Hampshire": "Hampshire (and Isle of Wight)", "London, City of": "City of London"}
    )
    design = design_from_table(table, design_id="mine")
    assert design.n_lots == 12 and design.scope == "England and Wales"
    pd.testing.assert_series_equal(design.unit_to_lot.sort_index(), get_design("regions12").unit_to_lot.sort_index(), check_names=False)


def test_custom_design_reports_typo_missing_and_duplicate_with_rows(tmp_path):
    table = _pfa_design_rows()
    table = table[table["pfa_name"] != "Kent"]  # missing PFA
    table.loc[table["pfa_name"] == "Norfolk", "pfa_name"] = "Norfolkk"  # typo
    table = pd.concat([table, pd.DataFrame({"pfa_name": ["Surrey"], "lot": ["London"]})])  # duplicate
    path = tmp_path / "design.csv"
    table.to_csv(path, index=False)
    with pytest.raises(ValidationError) as caught:
        load_design_file(path)
    problems = caught.value.problems
    norfolk_row = list(table["pfa_name"]).index("Norfolkk") + 2
    surrey_rows = [i + 2 for i, name in enumerate(table["pfa_name"]) if name == "Surrey"]
    assert any(p.startswith(f"Row {norfolk_row}: 'Norfolkk'") and "'Norfolk'" in p for p in problems)
    assert any(f"rows {surrey_rows[0]} and {surrey_rows[1]}" in p for p in problems)
    assert any(p.startswith("Missing from the design") and "Kent" in p for p in problems)


def test_custom_lad_design_for_wales_only():
    from geo.units import load_units

    units = load_units()
    wales = units[units["country"] == "Wales"]
    table = pd.DataFrame({"lad_name": wales["lad_name"], "lot": wales["pfa_name"]})
    design = design_from_table(table, design_id="wales4")
    assert design.scope == "Wales" and design.level == "lad" and design.n_lots == 4
    assert len(design.unit_to_lot) == 22


def test_custom_design_without_columns_says_what_to_add():
    with pytest.raises(ValidationError, match="add a column named 'lot'"):
        design_from_table(pd.DataFrame({"area": ["Kent"]}))
