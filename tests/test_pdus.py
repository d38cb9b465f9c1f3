"""Probation delivery units: the derived PDU → district table, the PDU units and the new built-in designs."""

import importlib.util
import json

import pandas as pd
import pytest

from geo.pdus import load_pdu_districts, load_pdu_units, pdu_unit_of_pdu
from geo.units import load_units
from lotdesign.cli import main as cli_main
from lotdesign.core.designs import design_catalogue, get_design, lots_table
from tests.conftest import EW_POPULATION_2023, REPO, SHARED_DATA


def _build_pdus_module():
    spec = importlib.util.spec_from_file_location("build_pdus", REPO / "scripts" / "build_pdus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_district_is_in_exactly_one_pdu_unit_inside_one_pcc_area():
    units = load_units()
    pdu = load_pdu_units()
    assert pdu.index.is_unique and set(pdu.index) == set(units.index) and len(pdu) == 318
    # Each unit lies in one PCC area: the districts' own PCC areas (ONS lookup), not the table's.
    pcc_per_unit = units["pcc_code"].groupby(pdu["unit_id"]).nunique()
    assert (pcc_per_unit == 1).all()


def test_every_pdu_is_placed_in_its_listed_pcc_area_except_york():
    table = load_pdu_districts()
    assert table["pdu_id"].nunique() == 108
    outside = table.loc[table["pcc_code"] != table["listed_pcc_code"], ["pdu_id", "lad_name"]]
    # The source lists York under West Yorkshire; the district of York is in North Yorkshire's area.
    assert outside.values.tolist() == [["york", "York"]]
    assert load_units().loc[table.loc[table["pdu_id"] == "york", "lad_code"].iloc[0], "pcc_name"] == "North Yorkshire"


def test_pdus_that_split_one_district_are_joined_and_named_so():
    pdu = load_pdu_units().set_index("lad_name")
    assert pdu.loc["Manchester", "unit_name"] == "Manchester (North and South PDUs)"
    assert pdu.loc["Manchester", "pdu_ids"] == "manchester-north;manchester-south"
    assert pdu.loc["Liverpool", "unit_name"] == "Liverpool (North and South PDUs)"
    assert pdu.loc["Birmingham", "unit_id"] == pdu.loc["Solihull", "unit_id"] == "birmingham-and-solihull"
    essex = load_units().query("pcc_name == 'Essex'")["lad_name"]
    assert set(pdu.loc[essex, "unit_name"]) == {"Essex (North and South PDUs)"}
    # Blackburn with Darwen is its own PDU; the rest of Lancashire is the three joined PDUs.
    lancashire = load_units().query("pcc_name == 'Lancashire' and lad_name != 'Blackburn with Darwen'")["lad_name"]
    assert set(pdu.loc[lancashire, "unit_id"]) == {"lancashire"} and pdu.loc["Blackburn with Darwen", "unit_id"] == "blackburn"


def test_pdu_names_are_read_as_lists_of_districts():
    table = load_pdu_districts()
    districts = table.groupby("pdu_id")["lad_name"].agg(set)
    assert districts["redcar-cleveland-and-middlesbrough"] == {"Redcar and Cleveland", "Middlesbrough"}
    assert districts["barking-dagenham-and-havering"] == {"Barking and Dagenham", "Havering"}
    assert districts["hammersmith-fulham-kensington-chelsea-and-westminster"] == {
        "Hammersmith and Fulham", "Kensington and Chelsea", "Westminster"}
    assert districts["hackney-and-city"] == {"Hackney", "City of London"}
    # "Derby City" is the city; "Derbyshire" takes the rest of the PCC area.
    assert districts["derby-city"] == {"Derby"}
    assert len(districts["derbyshire"]) == 8 and "Derby" not in districts["derbyshire"]
    how = table.drop_duplicates("pdu_id").set_index("pdu_id")["matched_by"]
    assert how["redcar-cleveland-and-middlesbrough"] == "by name: every district named"
    assert how["hackney-and-city"] == "by the reviewed table"
    assert how["gwent"] == "by name: the only PDU of its PCC area"


def test_every_delivery_location_pdu_has_a_unit():
    path = SHARED_DATA / "awards" / "delivery_locations.csv"
    if not path.is_file():
        pytest.skip("../shared/data is absent: the delivery table cannot be checked against the PDU list")
    delivery = pd.read_csv(path, dtype=str)
    assert set(delivery["pdu_id"]) <= set(pdu_unit_of_pdu().index)


@pytest.mark.skipif(not (SHARED_DATA / "geography" / "pdu_pcc.csv").is_file(),
                    reason="../shared/data is absent (a user's clone): the committed PDU tables are used as they are")
def test_derivation_counts_and_rebuild_match_the_committed_tables():
    module = _build_pdus_module()
    units = pd.read_parquet(REPO / "data" / "units.parquet")
    table, district_units, counts = module.build_pdu_tables(SHARED_DATA, units)
    listed = pd.read_csv(SHARED_DATA / "geography" / "pdu_pcc.csv")
    assert counts["n_pdus"] == len(listed) == 108
    assert counts["by_name"] + counts["by_name_and_rest"] + counts["by_name_whole_area"] + counts["by_table"] == 108
    assert counts["by_table"] == len(module.REVIEWED_PDUS)
    # Manchester, Liverpool and Essex (2 PDUs each), Birmingham (2), Lancashire (3): 11 PDUs in 5 units.
    assert (counts["joined_pdus"], counts["joined_units"]) == (11, 5)
    assert counts["n_units"] == 108 - 11 + 5
    # Every PDU counted once, by one rule.
    assert table.drop_duplicates("pdu_id")["matched_by"].value_counts().sum() == 108
    committed = pd.read_csv(REPO / "data" / "geography" / "pdu_districts.csv", dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(table.astype(str).reset_index(drop=True), committed)


def test_pdu_units_design_covers_every_district_once_and_sums_to_the_population(capsys):
    assert cli_main(["lots", "pdu_units", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["n_lots"] == 102 == len(payload["lots"])
    assert sum(lot["n_units"] for lot in payload["lots"]) == 318
    districts = [code for lot in payload["lots"] for code in lot["lad_codes"]]
    assert len(districts) == len(set(districts)) == 318 and set(districts) == set(load_units().index)
    assert sum(lot["population"] for lot in payload["lots"]) == EW_POPULATION_2023
    design = get_design("pdu_units")
    assert design.unit_to_lot.index.is_unique and design.unit_to_lot.notna().all() and design.level == "lad"


def test_designs_json_lists_pdu_units_with_its_derivation_and_the_ap_areas(capsys):
    assert cli_main(["designs", "--json"]) == 0
    rows = {row["id"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["pdu_units"]["n_lots"] == 102
    assert rows["pdu_units"]["name"].endswith("(derived from PDU names)")
    assert "Derived from PDU names" in rows["pdu_units"]["description"]
    assert rows["hmpps_ap_areas7"]["n_lots"] == 7
    assert design_catalogue().set_index("id").loc["pdu_units", "confidence"] == "derived"


def test_ap_areas_put_london_alone_and_greater_manchester_in_the_north_west():
    lots = lots_table(get_design("hmpps_ap_areas7"))
    pfas = {lot: set(names) for lot, names in lots["pfa_names"].items()}
    assert pfas["London"] == {"Metropolitan Police", "London, City of"}
    assert pfas["North West"] == {"Cheshire", "Cumbria", "Greater Manchester", "Lancashire", "Merseyside"}
    assert pfas["Wales"] == {"Dyfed-Powys", "Gwent", "North Wales", "South Wales"}
    assert lots["population"].sum() == EW_POPULATION_2023


def test_regional_designs_split_their_region_by_district_and_keep_the_rest_at_pcc_area():
    units = load_units()
    gm = get_design("gm_boroughs").unit_to_lot
    in_gm = units["pcc_name"] == "Greater Manchester"
    assert (gm[in_gm] == units.loc[in_gm, "lad_name"]).all()  # one lot per borough
    assert (gm[~in_gm] == units.loc[~in_gm, "pcc_name"]).all()
    sw = get_design("sw_local_authorities").unit_to_lot
    assert (sw == "Devon").sum() == 8 and (sw == "Gloucestershire").sum() == 6
    assert sw["E06000053"] == sw["E06000052"] == "Cornwall and Isles of Scilly"
    assert sw[units.index[units["pcc_name"] == "Kent"]].eq("Kent").all()
    for design_id in ("gm_boroughs", "sw_local_authorities"):
        assert lots_table(get_design(design_id))["population"].sum() == EW_POPULATION_2023


def test_pdu_units_are_contiguous_except_stockport_and_trafford():
    from geo.adjacency import lad_adjacency, lot_pieces

    pieces = lot_pieces(lad_adjacency(), get_design("pdu_units").unit_to_lot)
    # Stockport and Trafford touch only through Manchester: the pairing was changed in April 2025.
    assert pieces[pieces > 1].to_dict() == {"Stockport and Trafford": 2}


@pytest.mark.skipif(not (SHARED_DATA / "geography" / "pdu_pcc.csv").is_file(),
                    reason="../shared/data is absent (a user's clone): the committed PDU tables are used as they are")
def test_pdu_files_rebuild_byte_identical(tmp_path):
    module = _build_pdus_module()
    units = pd.read_parquet(REPO / "data" / "units.parquet")
    written, counts = module.build_pdus(SHARED_DATA, tmp_path, units)
    assert counts["n_units"] == 102
    assert set(written) == {"pdu_districts", "pdu_units", "pdu_delivery"}
    for path in written.values():
        assert path.read_bytes() == (REPO / "data" / "geography" / path.name).read_bytes(), path.name
    designs = module.build_district_designs(units, pd.read_csv(written["pdu_units"], dtype=str))
    committed = pd.read_csv(REPO / "data" / "designs" / "district_designs.csv", dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(designs.astype(str), committed)
