"""The real Dynamic Framework awards, from the SHIPPED tables (data/awards/): facts, joins, CLI.

The expected figures are those stated in ../shared/data/awards/PROVENANCE.md, or counted by
hand from the MoJ contract list (named in each test).
"""

import json

import geopandas as gpd
import pandas as pd
import pytest

from lotdesign.awards import record as aw
from lotdesign.errors import LotDesignError
from lotdesign.cli import main
from lotdesign.core.designs import get_design, lots_table

DAY_ONE = dict(date_from="2021-01-01", date_to="2021-01-01")


@pytest.fixture(scope="module")
def day_one():
    return aw.contracts_table(**DAY_ONE)


# --- the PROVENANCE facts -----------------------------------------------------------------------

def test_table_sizes_match_provenance():
    awards = aw.load_awards()
    assert len(awards.contracts) == 196
    assert len(awards.supply_chain) == 539
    assert len(awards.organisations) == 139
    assert (awards.organisations["confidence"] == "low").sum() == 16
    assert awards.snapshot_commit == "6cc17e91bb5e364c92ed41e2244f5dd9bcb252e2"
    assert len(aw.contracts_table()) == 196


def test_148_day_one_contracts_and_48_later(day_one):
    assert len(day_one) == 148
    assert day_one["day_one"].all()
    assert len(aw.contracts_table(date_from="2021-01-02")) == 196 - 148


def test_vcs_primes_79_of_93_pcc_area_and_30_of_55_region(day_one):
    summary = aw.level_summary(day_one).set_index("lot_level")
    assert summary.loc["pcc_area", ["n_contracts_vcs_prime", "n_contracts"]].tolist() == [79, 93]
    assert summary.loc["region", ["n_contracts_vcs_prime", "n_contracts"]].tolist() == [30, 55]
    assert aw.level_sentence(day_one) == (
        "A voluntary or community organisation was the prime in 79 of 93 PCC-area contracts (85%) "
        "but in 30 of 55 region contracts (55%)."
    )


def test_every_ete_contract_was_regional_and_10_of_12_went_to_private_primes():
    ete = aw.contracts_table("Education, Training and Employment", **DAY_ONE)
    assert len(ete) == 12
    assert set(ete["lot_level"]) == {"region"}
    assert (ete["prime_sector"] == "private").sum() == 10
    # The two others: Greater Manchester (Achieve NW) and Yorkshire and the Humber (The Growth Company).
    assert set(ete.loc[ete["prime_sector"] == "vcs", "lot"]) == {"Greater Manchester", "Yorkshire and the Humber"}


def test_largest_regional_prime_is_ingeus_with_11_day_one_contracts(day_one):
    # Counted by hand in df_contracts.csv: ETE EM/NE/South Central, FBD EM/WM, GM accommodation,
    # South Central accommodation, D&R Cleveland/Durham/North Yorkshire/West Yorkshire.
    region = aw.level_summary(day_one).set_index("lot_level").loc["region"]
    assert region["largest_prime"] == "Ingeus UK Limited"
    assert region["largest_prime_contracts"] == 11
    assert region["largest_prime_share"] == pytest.approx(11 / 55)
    assert region["n_vcs_prime"] + region["n_vcs_subcontractor_only"] == region["n_vcs_organisations"]


# --- lot joins ----------------------------------------------------------------------------------

def test_every_pcc_area_contract_is_on_a_pcc42_lot_and_every_region_one_on_a_regions12_lot():
    contracts = aw.contracts_table()
    pcc = contracts[contracts["lot_level"] == "pcc_area"]
    region = contracts[contracts["lot_level"] == "region"]
    assert len(pcc) == 114 and len(region) == 82
    assert set(pcc["lot_design"]) == {"pcc42"} and set(region["lot_design"]) == {"regions12"}
    assert set(pcc["lot"]) <= set(get_design("pcc42").lots)
    assert set(region["lot"]) <= set(get_design("regions12").lots)
    assert contracts["lot"].notna().all()
    # Each lot's police force areas are exactly the design's.
    for design_id, rows in (("pcc42", pcc), ("regions12", region)):
        pfas = lots_table(get_design(design_id))["pfa_codes"].map(";".join)
        assert (rows["lot_pfa_codes"] == rows["lot"].map(pfas)).all()


def test_moj_slugs_map_to_the_right_areas():
    contracts = aw.contracts_table().set_index("contract_reference")
    # PRJ_5779: Women's Services in Devon and Cornwall (slug devon-and-cornwall).
    assert contracts.loc["PRJ_5779", "lot"] == "Devon & Cornwall"
    assert contracts.loc["PRJ_5779", "lot_code"] == "E23000035"
    # London (region J) covers the Metropolitan Police and the City of London.
    assert contracts.loc["PRJ_6263", "lot_pfa_codes"] == "E23000001;E23000034"


def test_finer_than_map_lots_are_flagged_and_placed_at_the_containing_area():
    contracts = aw.contracts_table().set_index("contract_reference")
    london_women = ["CCS_0001", "CCS_0002", "PRJ_7283_E", "PRJ_7283_N", "PRJ_7283_S"]
    gm_local = [f"DN547952_{k}" for k in range(1, 10)] + [f"GMIRSDR_{k}" for k in range(1, 6)]
    for reference in london_women:
        assert contracts.loc[reference, "finer_than_map"], reference
        assert contracts.loc[reference, "lot"] == "London"
        assert "part of London" in contracts.loc[reference, "placement_note"]
    for reference in gm_local:
        assert contracts.loc[reference, "finer_than_map"], reference
        assert contracts.loc[reference, "lot"] == "Greater Manchester"
    assert "Bolton, Bury, Salford, Trafford" in contracts.loc["GMIRSDR_1", "placement_note"]
    # Whole-area contracts are not flagged: GM ETE ("GM - ETE"), Kent, Surrey and Sussex ETE.
    assert not contracts.loc["DN535743", "finer_than_map"]
    assert contracts.loc["PRJ_5470", "extent"] == "whole lot"
    # South Gloucestershire is a district of Avon and Somerset, not the Gloucestershire area.
    assert contracts.loc["PRJ_14833", "extent"] == "part of lot"
    # Titles naming two PCC areas are recorded at one: said so, not hidden.
    assert contracts.loc["PRJ_9446_DO", "extent"] == "wider than lot"
    assert "Wiltshire" in contracts.loc["PRJ_9446_DO", "placement_note"]


def test_withdrawn_contracts_carry_their_date():
    contracts = aw.contracts_table("women").set_index("contract_reference")
    assert contracts.loc["CCS_0001", "withdrawn"] and contracts.loc["CCS_0001", "live_until"] == "2022-12-01"
    assert not contracts.loc["PRJ_7283_E", "withdrawn"] and contracts.loc["PRJ_7283_E", "live_from"] == "2022-12-02"


# --- services and filters -----------------------------------------------------------------------

def test_service_accepts_model_keys_and_moj_names():
    assert len(aw.contracts_table("women")) == 49 + 9  # Women's Services + Women's Services (GM)
    assert len(aw.contracts_table("Women's Services")) == 49
    assert len(aw.contracts_table("women's services")) == 49
    assert len(aw.contracts_table("ete")) == len(aw.contracts_table("Education, Training and Employment")) == 12
    assert aw.service_key("FBD-SW") == "finance_benefit_debt" and aw.service_key("MTR") is None


def test_bad_service_and_dates_get_specific_messages():
    with pytest.raises(LotDesignError, match="Unknown service 'housing'.*accommodation"):
        aw.contracts_table("housing")
    with pytest.raises(LotDesignError, match=r"--from.*'2021-13-01'"):
        aw.contracts_table(date_from="2021-13-01")
    with pytest.raises(LotDesignError, match="after date_to"):
        aw.contracts_table(date_from="2022-01-01", date_to="2021-01-01")


def test_supply_chain_make_up_of_east_midlands_ete():
    # PRJ_5466: Ingeus (private prime) with Change Grow Live and Leonard Cheshire (both charities).
    row = aw.contracts_table("ete").set_index("contract_reference").loc["PRJ_5466"]
    assert row["supply_chain_size"] == 3 and row["n_members_vcs"] == 2
    assert row["share_members_vcs"] == pytest.approx(2 / 3)
    members = aw.supply_chain_members("PRJ_5466")
    assert members["role"].tolist() == ["prime", "subcontractor", "subcontractor"]
    assert members["name"].iloc[0] == "Ingeus UK Limited"
    assert set(members["confidence"]) <= {"high", "medium", "low"} and members["source"].str.len().gt(0).all()


def test_low_confidence_primes_are_counted():
    note = aw.low_confidence_note(aw.contracts_table())
    assert note.startswith("1 of 196 contracts") and "Harbour" in note


def test_lot_awards_groups_greater_manchester_womens_lots(day_one):
    lots = aw.lot_awards(day_one[day_one["service_key"] == "women"]).set_index("lot")
    gm = lots.loc["Greater Manchester"]
    assert gm["n_contracts"] == 9 and gm["finer_than_map"]
    assert gm["lot_prime_sector"] == "vcs"
    london = lots.loc["London"]
    assert london["n_contracts"] == 2 and london["prime_names"] == "Advance Charity; Women in Prison"
    assert len(lots) == 40 + 2  # 40 PCC areas + London and Greater Manchester (region level)


# --- model vs awarded ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_set():
    from lotdesign.core.workspace import load_provider_set

    return load_provider_set()


def test_model_vs_awarded_ete_compares_the_12_regions(demo_set):
    result = aw.model_vs_awarded("ete", provider_set=demo_set)
    assert result.design_id == "regions12" and result.n_lots_compared == 12
    assert result.awarded_share == pytest.approx(2 / 12)
    assert result.synthetic
    assert "synthetic" in result.sentence and "won 2 of 12" in result.sentence
    assert result.n_agree == int(result.lots["agree"].eq(True).sum())


def test_model_vs_awarded_women_uses_pcc42_with_london_and_gm_matched(demo_set):
    result = aw.model_vs_awarded("Women's Services", provider_set=demo_set)
    assert result.design_id == "pcc42" and result.n_lots_compared == 42
    lots = result.lots.set_index("lot")
    assert lots.loc["Metropolitan Police (incl. City of London)", "n_day_one_contracts"] == 2
    assert result.awarded_share == 1.0


def test_model_vs_awarded_refuses_a_service_let_at_mixed_levels():
    with pytest.raises(LotDesignError, match="No model design"):
        aw.model_vs_awarded("dependency_recovery")


# --- exports ------------------------------------------------------------------------------------

def test_lots_geopackage_reads_back_with_boundaries(tmp_path):
    lots = aw.lot_awards(aw.contracts_table("ete"))
    path = aw.write_awards_lots(aw.awards_export_table(lots), tmp_path / "ete.gpkg")
    back = gpd.read_file(path, layer="awards_lots")
    assert len(back) == 12 and back.crs.to_epsg() == 27700
    areas_km2 = back.set_index("lot").area / 1e6
    assert areas_km2["Wales"] == pytest.approx(20_780, rel=0.02)  # Wales: about 20,780 km²
    assert back.set_index("lot").loc["London", "prime_names"] == "MAXIMUS UK Services Limited"
    assert back["source"].str.contains("hmpps-interventions-service").all()


def test_lots_table_bytes_are_csv_and_xlsx():
    from lotdesign.io.export import table_bytes

    lots = aw.awards_export_table(aw.lot_awards(aw.contracts_table("ete")))
    csv = table_bytes(lots, "csv").decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("service_key,service,lot_level")
    assert "quality of any organisation" in csv
    assert table_bytes(lots, "xlsx")[:2] == b"PK"


# --- the command line ---------------------------------------------------------------------------

def test_cli_ete_json_lists_12_day_one_region_contracts_with_sectors(capsys):
    assert main(["awards", "--service", "Education, Training and Employment", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    contracts = payload["contracts"]
    assert len(contracts) == 12 == payload["n_contracts"]
    assert {c["lot_level"] for c in contracts} == {"region"}
    assert all(c["live_from"] == "2021-01-01" and c["day_one"] for c in contracts)
    assert sum(c["prime_sector"] == "private" for c in contracts) == 10
    for key in ("contract_reference", "service", "lot", "prime_provider_code", "prime_name", "prime_confidence"):
        assert all(c[key] for c in contracts), key
    assert payload["source"]["snapshot_commit"].startswith("6cc17e91")
    assert "quality" in payload["note"]


def test_cli_from_to_selects_day_one(capsys):
    assert main(["awards", "--from", "2021-01-01", "--to", "2021-01-01", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["n_contracts"] == 148
    levels = {row["lot_level"]: row for row in payload["levels"]}
    assert levels["pcc_area"]["n_contracts_vcs_prime"] == 79


def test_cli_bad_input_exits_1_with_message(capsys):
    assert main(["awards", "--service", "nonsense"]) == 1
    assert "Unknown service 'nonsense'" in capsys.readouterr().err
    assert main(["awards", "--to", "yesterday-ish"]) == 1
    assert "--to" in capsys.readouterr().err


def test_cli_out_writes_the_lots_table(tmp_path, capsys):
    out = tmp_path / "acc.csv"
    assert main(["awards", "--service", "accommodation", "--out", str(out)]) == 0
    table = pd.read_csv(out)
    assert "Wrote" in capsys.readouterr().out
    assert {"lot", "prime_names", "lot_prime_sector", "n_primes_low_confidence"} <= set(table.columns)
    # 18 accommodation contracts; North West, East of England and Yorkshire each have two.
    assert table["n_contracts"].sum() == 18


def test_model_vs_awarded_refuses_a_score_of_another_design_or_service(demo_set):
    from lotdesign.core.params import ScoringParams
    from lotdesign.core.scoring import score_design

    design = get_design("pcc42")
    score = score_design(demo_set.providers, demo_set.reach, design, ScoringParams(service="women"),
                         context=demo_set.context(design))
    with pytest.raises(LotDesignError, match="needs a score of regions12 for ete"):
        aw.model_vs_awarded("ete", score)
    result = aw.model_vs_awarded("women", score)  # no provider set: the data are not named
    assert result.synthetic is None and "the organisations scored" in result.sentence


def test_a_date_range_with_no_contracts_is_said_so(capsys):
    assert main(["awards", "--from", "2030-01-01"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("0 contracts.") and "records run from 2021-01-01 to 2026-04-07" in out
    empty = aw.contracts_table(date_from="2030-01-01")
    assert aw.lot_awards(empty).empty and list(aw.lot_awards(empty).columns) == list(aw.LOT_AWARDS_COLUMNS)
    assert aw.level_sentence(empty) == "No contracts match."


def test_low_confidence_members_are_counted_and_named(day_one):
    # PROVENANCE.md: 16 organisations are low confidence. Three of them appear only in later
    # contracts (Harbour 2025, IMO 2022, Rebuild with Hope 2024), so 13 sit behind day-one figures.
    note = aw.members_low_confidence_note(day_one)
    assert note.startswith("13 of the ") and "Access 2 Advice" in note
    assert "Harbour" not in note
    assert aw.members_low_confidence_note(aw.contracts_table()).startswith("16 of the 139 organisations")
