"""The real Dynamic Framework awards, from the SHIPPED tables (data/awards/): facts, dates, extents, CLI.

The expected figures are those stated in ../shared/data/awards/PROVENANCE.md and in issue 19, or
counted by hand from the MoJ contract list (named in each test).
"""

import datetime as dt
import json

import geopandas as gpd
import pandas as pd
import pytest

from lotdesign.awards import record as aw
from lotdesign.cli import main
from lotdesign.core.designs import get_design, lots_table
from lotdesign.errors import LotDesignError

DAY_ONE = "2021-06-26"


def cli_json(capsys, *args) -> dict:
    assert main(["awards", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture(scope="module")
def day_one():
    return aw.contracts_table(as_of=DAY_ONE)


# --- the PROVENANCE facts -----------------------------------------------------------------------

def test_table_sizes_match_provenance():
    awards = aw.load_awards()
    assert len(awards.contracts) == 196
    assert len(awards.supply_chain) == 539
    assert len(awards.organisations) == 139
    assert (awards.organisations["confidence"] == "low").sum() == 16
    assert awards.snapshot_commit == "6cc17e91bb5e364c92ed41e2244f5dd9bcb252e2"
    assert len(awards.delivery) == 446
    assert (awards.contracts["dates_kind"] == "contract term").sum() == 180


def test_day_one_is_112_contracts_not_the_148_with_the_placeholder_date(day_one):
    assert len(day_one) == 112 and day_one["day_one"].all()
    assert set(day_one["start_date"]) == {DAY_ONE}
    placeholder = aw.load_awards().contracts.query("live_from == '2021-01-01'")
    assert len(placeholder) == 148
    later = placeholder[placeholder["start_date"] != DAY_ONE]
    # PROVENANCE.md: the other 36 started between September 2021 and December 2022.
    assert len(later) == 36
    assert later["start_date"].min() >= "2021-09-01" and later["start_date"].max() <= "2022-12-31"


def test_cli_day_one_json_112_contracts_77_of_88_and_6_of_22(capsys):
    payload = cli_json(capsys, "--as-of", DAY_ONE)
    contracts = payload["contracts"]
    assert payload["n_contracts"] == len(contracts) == 112
    for key in ("start_date", "end_date", "dates_kind", "extent", "prime_sector"):
        assert all(c[key] for c in contracts), key
    pcc = [c for c in contracts if c["extent"] == "whole PCC area"]
    region = [c for c in contracts if c["extent"] == "whole region"]
    assert (sum(c["prime_sector"] == "vcs" for c in pcc), len(pcc)) == (77, 88)
    assert (sum(c["prime_sector"] == "vcs" for c in region), len(region)) == (6, 22)
    assert payload["finding"].startswith(
        "A voluntary or community organisation was the prime in 77 of 88 contracts let for a whole PCC area (88%) "
        "but in 6 of 22 contracts let for a whole region (27%).")
    # By MoJ's own label (region incl. the London part-lots): 8 of 24.
    levels = {row["lot_level"]: row for row in payload["levels"]}
    assert (levels["region"]["n_contracts_vcs_prime"], levels["region"]["n_contracts"]) == (8, 24)
    assert payload["filters"]["as_of"] == DAY_ONE and payload["app_version"]
    assert "no contract values" in payload["no_contract_values"]


def test_cli_no_ete_contract_in_force_on_30_june_2024_and_the_eleven_withdrawn_are_listed_apart(capsys):
    payload = cli_json(capsys, "--as-of", "2024-06-30", "--service", "Education, Training and Employment")
    assert payload["n_contracts"] == 0 and payload["contracts"] == []
    # Every regional ETE contract stopped taking referrals on 2023-12-31.
    assert len(payload["withdrawn"]) == 11
    assert {row["withdrawn_from"] for row in payload["withdrawn"]} == {"2023-12-31"}


def test_cli_136_in_force_on_3_december_2026_with_5_public_primes(capsys):
    payload = cli_json(capsys, "--as-of", "2026-12-03")
    contracts = payload["contracts"]
    assert len(contracts) == 136
    sectors = pd.Series([c["prime_sector"] for c in contracts]).value_counts().to_dict()
    assert sectors == {"vcs": 112, "private": 18, "public": 5, "housing_association": 1}
    levels = pd.Series([c["lot_level"] for c in contracts]).value_counts().to_dict()
    assert levels == {"pcc_area": 104, "region": 32}


def test_cli_default_day_is_today_and_from_to_mean_started_between(capsys):
    assert cli_json(capsys)["filters"]["as_of"] == dt.date.today().isoformat()
    started = cli_json(capsys, "--from", DAY_ONE, "--to", DAY_ONE)
    assert started["filters"]["as_of"] is None and started["n_contracts"] == 112
    assert cli_json(capsys, "--all")["n_contracts"] == 196


def test_in_force_rule_on_the_edges():
    contracts = aw.load_awards().contracts.set_index("contract_reference")
    ccs = contracts.loc[["CCS_0001"]]  # withdrawn from 2022-12-01: in force the day before, not that day
    assert aw.in_force(ccs, "2022-11-30").all() and not aw.in_force(ccs, "2022-12-01").any()
    ete = contracts.loc[["PRJ_5466"]]  # referral end 2023-12-31
    assert aw.in_force(ete, DAY_ONE).all() and not aw.in_force(ete, "2024-01-01").any()
    assert not aw.in_force(ete, "2021-06-25").any()


# --- extents in plain words -------------------------------------------------------------------------

def test_extents_are_plain_words_and_local_authority_lots_are_on_their_districts():
    contracts = aw.contracts_table().set_index("contract_reference")
    assert set(contracts["extent"]) == set(aw.EXTENTS)
    # GMIRSDR_1: Dependency and Recovery in Bolton, Bury, Salford and Trafford.
    assert contracts.loc["GMIRSDR_1", "extent"] == "local authorities"
    assert contracts.loc["GMIRSDR_1", "area_lad_codes"] == "E08000001;E08000002;E08000006;E08000009"
    # PRJ_14249 Devon: the 8 districts of the county, not Plymouth or Torbay.
    devon = contracts.loc["PRJ_14249", "area_lad_codes"].split(";")
    assert len(devon) == 8 and "E06000026" not in devon and "E06000027" not in devon
    # PRJ_14403 "Wiltshire" is Wiltshire Council beside Swindon's own lot (PRJ_14253).
    assert contracts.loc["PRJ_14403", "area_lad_codes"] == "E06000054"
    assert contracts.loc["PRJ_14253", "area_lad_codes"] == "E06000030"
    # South Gloucestershire is a district of Avon and Somerset, not the Gloucestershire area.
    assert contracts.loc["PRJ_14833", "area_lad_codes"] == "E06000025"
    assert not contracts.loc[contracts["extent"] == "local authorities", "finer_than_map"].any()


def test_london_part_lots_are_drawn_at_london_and_say_so():
    contracts = aw.contracts_table().set_index("contract_reference")
    for reference in ["CCS_0001", "CCS_0002", "PRJ_7283_E", "PRJ_7283_N", "PRJ_7283_S"]:
        assert contracts.loc[reference, "extent"] == "part of a PCC area"
        assert contracts.loc[reference, "finer_than_map"]
        assert "part of London" in contracts.loc[reference, "placement_note"]
    assert contracts.loc["CCS_0001", "area"] == "London (north)"
    assert contracts["finer_than_map"].sum() == 5


def test_two_area_and_single_area_region_contracts():
    contracts = aw.contracts_table().set_index("contract_reference")
    assert contracts.loc["PRJ_9446_DO", "extent"] == "several PCC areas"
    assert contracts.loc["PRJ_9446_DO", "area"] == "Dorset and Wiltshire"
    # PRJ_7681 is recorded at Yorkshire and the Humber but let for North Yorkshire only.
    assert contracts.loc["PRJ_7681", "extent"] == "whole PCC area"
    assert contracts.loc["PRJ_7681", "lot"] == "Yorkshire and the Humber"
    assert "North Yorkshire" in contracts.loc["PRJ_7681", "area"]


def test_devon_lot_geopackage_reads_back_at_the_county_size(tmp_path):
    contracts = aw.contracts_table("dependency_recovery", as_of="2026-12-03")
    lots = aw.awards_export_table(aw.lot_awards(contracts), as_of="2026-12-03")
    back = gpd.read_file(aw.write_awards_lots(lots, tmp_path / "dnr.gpkg"), layer="awards_lots").set_index("area")
    assert back.crs.to_epsg() == 27700
    # Devon County Council's area is about 6,560 km²; Bristol about 110 km².
    assert back.loc["Devon"].geometry.area / 1e6 == pytest.approx(6_560, rel=0.03)
    assert back.loc["Bristol"].geometry.area / 1e6 == pytest.approx(110, rel=0.1)
    assert (back["app_version"] == aw.awards_report(as_of=DAY_ONE)["app_version"]).all()
    assert (back["as_of"] == "2026-12-03").all()


# --- figures that count what they say --------------------------------------------------------------

def test_connective_is_and_when_the_shares_are_equal():
    women = aw.contracts_table("women", as_of=DAY_ONE)
    assert aw.level_sentence(women) == (
        "A voluntary or community organisation was the prime in 40 of 40 contracts recorded at PCC-area level "
        "(100%) and in 2 of 2 contracts recorded at region level (100%).")
    assert aw.connective(0.88, 0.27) == "but" and aw.connective(1.0, 1.0) == "and"


def test_bame_unknown_is_shown_as_unknown(day_one):
    note = aw.bame_unknown_note(day_one)
    assert "not known" in note and "not counted as no" in note
    lots = aw.lot_awards(day_one)
    assert (lots["n_members_bame_unknown"] >= 0).all() and lots["n_members_bame_unknown"].sum() > 0


def test_low_confidence_counts_stand_behind_the_figures(day_one):
    summary = aw.extent_summary(aw.contracts_table())
    assert summary["n_primes_low_confidence"].sum() == 1  # Harbour, Plymouth 2025
    note = aw.members_low_confidence_note(day_one)
    assert "Harbour" not in note
    assert aw.members_low_confidence_note(aw.contracts_table()).startswith("16 of the 139 organisations")


def test_largest_prime_is_a_count_of_contracts_not_a_share():
    summary = aw.extent_summary(aw.contracts_table(as_of="2024-06-30")).set_index("extent")
    # Big Life Group holds the 20 Greater Manchester borough contracts (finance and wellbeing, 10 boroughs each).
    assert summary.loc["local authorities", "largest_prime"] == "Big Life Group"
    assert summary.loc["local authorities", "largest_prime_contracts"] == 20
    assert "share" not in " ".join(aw.EXTENT_SUMMARY_COLUMNS).replace("share_contracts_vcs_prime", "")


# --- services and filters ---------------------------------------------------------------------------

def test_service_accepts_model_keys_and_moj_names():
    assert len(aw.contracts_table("women")) == 49 + 9  # Women's Services + Women's Services (GM)
    assert len(aw.contracts_table("women's services")) == 49
    assert len(aw.contracts_table("ete")) == len(aw.contracts_table("Education, Training and Employment")) == 12
    assert aw.service_key("FBD-SW") == "finance_benefit_debt" and aw.service_key("MTR") is None


def test_bad_service_and_dates_get_specific_messages(capsys):
    with pytest.raises(LotDesignError, match="Unknown service 'housing'.*accommodation"):
        aw.contracts_table("housing")
    with pytest.raises(LotDesignError, match=r"--from.*'2021-13-01'"):
        aw.contracts_table(date_from="2021-13-01")
    with pytest.raises(LotDesignError, match="after date_to"):
        aw.contracts_table(date_from="2022-01-01", date_to="2021-01-01")
    assert main(["awards", "--as-of", "soon"]) == 1
    assert "--as-of" in capsys.readouterr().err


def test_supply_chain_make_up_of_east_midlands_ete():
    # PRJ_5466: Ingeus (private prime) with Change Grow Live and Leonard Cheshire (both charities).
    row = aw.contracts_table("ete").set_index("contract_reference").loc["PRJ_5466"]
    assert row["supply_chain_size"] == 3 and row["n_members_vcs"] == 2
    members = aw.supply_chain_members("PRJ_5466")
    assert members["role"].tolist() == ["prime", "subcontractor", "subcontractor"]
    assert members["name"].iloc[0] == "Ingeus UK Limited"


def test_lot_awards_groups_contracts_drawn_on_the_same_area(day_one):
    lots = aw.lot_awards(day_one[day_one["service_key"] == "women"]).set_index("area")
    london = lots.loc["London (north); London (south)"]
    assert london["n_contracts"] == 2 and london["finer_than_map"]
    assert london["prime_names"] == "Advance Charity; Women in Prison"
    assert len(lots) == 40 + 1


# --- timeline ---------------------------------------------------------------------------------------

def test_timeline_shows_re_lets_in_house_moves_and_lots_with_no_successor():
    women = aw.timeline("women", as_of="2026-12-03").set_index("contract_reference")
    assert women.loc["CCS_0001", "how_it_ended"] == "re-let"  # London women's, December 2022
    assert women.loc["PRJ_6557", "how_it_ended"] == "re-let"  # Gwent women's, March 2024
    accommodation = aw.timeline("accommodation", as_of="2026-12-03")
    in_house = accommodation[accommodation["how_it_ended"] == "taken in-house"]
    assert sorted(in_house["area"]) == ["East of England", "Yorkshire and the Humber"]
    ete = aw.timeline("ete", as_of="2024-06-30")
    regional = ete[ete["extent"] == "whole region"]
    assert (regional["how_it_ended"] == "ended, no successor in the record").all() and len(regional) == 12


# --- who delivers where -----------------------------------------------------------------------------

def test_the_nelson_trust_delivers_womens_services_in_wales_and_the_south_west():
    rows = aw.delivery_by_pdu("women")
    nelson = rows[rows["provider_name"] == "The Nelson Trust"]
    # delivery_location.csv lists 11 PDUs: 6 in the four Welsh PCC areas, 5 in the South West.
    assert nelson["pdu_id"].nunique() == 11
    assert set(nelson["pcc_name"]) == {"Dyfed-Powys", "Gwent", "North Wales", "South Wales", "Avon and Somerset",
                                       "Gloucestershire", "Wiltshire"}
    assert set(nelson["sector"]) == {"vcs"} and set(nelson["match_confidence"]) == {"high"}


def test_unmatched_names_are_listed_not_dropped():
    rows = aw.delivery_by_pdu()
    assert len(rows) == 446
    assert aw.unmatched_names() == ["Nottinghamshire"]
    assert (rows.loc[rows["provider_name"] == "Nottinghamshire", "match_confidence"] == "none").all()
    matches = aw.name_matches().set_index("provider_name")
    assert matches.loc["Big Life", "matched_organisation"] == "Big Life Group"
    assert matches.loc["Big Life", "match_confidence"] == "medium"
    # The catalogue's "''" (an escaped apostrophe) is read as one apostrophe.
    assert "Stockport Women's Centre" in set(rows["provider_name"])


def test_cli_delivery_json_and_text(capsys):
    payload = cli_json(capsys, "--delivery", "--service", "women")
    assert payload["n_rows"] == 96 and payload["unmatched_names"] == ["Nottinghamshire"]
    assert main(["awards", "--delivery", "--service", "women"]) == 0
    out = capsys.readouterr().out
    assert "The Nelson Trust" in out and "Not matched: Nottinghamshire." in out


# --- model vs awarded -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_set():
    from lotdesign.importing.workspace import load_provider_set

    return load_provider_set()


def test_model_vs_awarded_ete_on_day_one_compares_the_11_regions_let_whole(demo_set):
    result = aw.model_vs_awarded("ete", provider_set=demo_set)
    # Greater Manchester's ETE contract started in October 2021: not in force on day one.
    assert result.design_id == "regions12" and result.n_lots_compared == 11
    assert result.awarded_share == pytest.approx(1 / 11)
    assert "could bid as prime" in result.sentence and "synthetic" in result.sentence
    assert "expected to win" not in result.sentence.replace("Could bid is not expected to win", "")


def test_model_vs_awarded_women_leaves_out_the_london_part_lots(demo_set):
    result = aw.model_vs_awarded("women", provider_set=demo_set)
    lots = result.lots.set_index("lot")
    assert pd.isna(lots.loc["Metropolitan Police (incl. City of London)", "awarded_vcs_prime"])
    assert result.n_lots_compared == 40 and result.awarded_share == 1.0


def test_model_vs_awarded_refuses_a_service_let_at_mixed_levels():
    with pytest.raises(LotDesignError, match="No model design"):
        aw.model_vs_awarded("dependency_recovery")


# --- exports ------------------------------------------------------------------------------------

def test_lots_table_names_the_day_the_notes_and_the_app_version():
    from lotdesign.io.export import app_version, table_bytes

    lots = aw.awards_export_table(aw.lot_awards(aw.contracts_table("ete", as_of=DAY_ONE)), as_of=DAY_ONE)
    csv = table_bytes(lots, "csv").decode("utf-8-sig")
    assert "quality of any organisation" in csv and "no contract values" in csv
    assert (lots["app_version"] == app_version()).all() and (lots["as_of"] == DAY_ONE).all()


def test_cli_text_names_the_day_withdrawn_and_the_version(capsys):
    assert main(["awards", "--as-of", "2024-06-30", "--service", "ete"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("0 contracts for Education, training and employment in force on 30 June 2024.")
    assert "Withdrawn from the referral catalogue by then" in out and "PRJ_5466" in out
    assert "Lot Design Explorer " in out
    assert main(["awards", "--as-of", DAY_ONE, "--service", "women"]) == 0
    assert aw.PART_LOT_NOTE in capsys.readouterr().out


def test_cli_out_writes_the_lots_table(tmp_path, capsys):
    out = tmp_path / "acc.csv"
    assert main(["awards", "--service", "accommodation", "--as-of", "2026-12-03", "--out", str(out)]) == 0
    table = pd.read_csv(out)
    assert "Wrote" in capsys.readouterr().out
    # In force that day: 12 regional lots (North West with two contracts) and the 4 Welsh PCC areas.
    assert {"area", "extent", "prime_names", "as_of", "app_version"} <= set(table.columns)
    assert table["n_contracts"].sum() == len(aw.contracts_table("accommodation", as_of="2026-12-03"))


def test_cli_timeline(capsys):
    assert main(["awards", "--timeline", "--service", "accommodation", "--as-of", "2026-12-03"]) == 0
    out = capsys.readouterr().out
    assert out.count("taken in-house") == 2


def test_every_pcc_area_lot_is_a_pcc42_lot_and_every_region_lot_a_regions12_lot():
    contracts = aw.contracts_table()
    for design_id, level in (("pcc42", "pcc_area"), ("regions12", "region")):
        rows = contracts[contracts["lot_level"] == level]
        assert set(rows["lot_design"]) == {design_id} and set(rows["lot"]) <= set(get_design(design_id).lots)
        pfas = lots_table(get_design(design_id))["pfa_codes"].map(";".join)
        assert (rows["lot_pfa_codes"] == rows["lot"].map(pfas)).all()


def test_cli_report_uses_the_awards_day(tmp_path, capsys):
    assert main(["report", "--designs", "regions12", "--service", "ete", "--awards-as-of", "soon",
                 "--out", str(tmp_path / "r.html")]) == 1
    assert "--awards-as-of must be a date" in capsys.readouterr().err
    out = tmp_path / "r.html"
    assert main(["report", "--designs", "regions12", "--service", "ete", "--awards-as-of", DAY_ONE, "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    # Day one: the 11 regional ETE contracts in force, 10 of them with private primes.
    assert "11 Dynamic Framework contracts for education, training and employment in force on 26 Jun 2021" in html
    assert "Primes by sector: private 10, vcs 1." in html
