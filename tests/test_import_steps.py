"""Each step of the import on its own: header, columns, fields, areas, location, report, combining."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from lotdesign.errors import ValidationError
from lotdesign.importing.areas import parse_service_areas, read_area_cell
from lotdesign.importing.columns import ColumnMapping, match_columns, propose_columns
from lotdesign.importing.fields import parse_incomes, parse_specialisms, read_flag, read_money
from lotdesign.importing.issues import Issues
from lotdesign.importing.locate import locate_bases
from lotdesign.importing.read import find_header_row, read_source, table_under_header
from lotdesign.importing.providers import combine_loads, load_providers

# --- step 2: header ------------------------------------------------------------------------------

def grid(rows):
    width = max(len(r) for r in rows)
    return pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)


def test_header_below_a_title_block_is_found():
    rows = [["Members of the Women's Justice Network"], ["Exported 14/10/2024", ""], [],
            ["Name", "Postcode", "Income"], ["Leeds Women's Aid", "LS1 4DY", "450000"]]
    assert find_header_row(grid(rows)) == 3


def test_a_data_row_is_never_taken_for_the_header():
    rows = [["Leeds Women's Aid", "LS1 4DY", "450000"], ["Organisation", "Postcode", "Income"]]
    assert find_header_row(grid(rows)) == 1


def test_a_header_of_unknown_names_is_still_found_above_numbers():
    rows = [["Report"], ["Org", "Where", "Money"], ["A", "LS1 4DY", "12"]]
    assert find_header_row(grid(rows)) == 1


def test_csv_title_line_and_row_numbers():
    data = b"Member list 2024,,\nname,postcode,income\nA,LS1 4DY,100\nB,M1 1AE,200\n"
    table = table_under_header(read_source(data))
    assert table.header_row == 2 and list(table.frame.columns) == ["name", "postcode", "income"]
    assert list(table.source_rows) == [3, 4]


def test_a_saved_header_row_overrides_detection():
    data = b"name,postcode\nreal header,postcode of base\nA,LS1 4DY\n"
    table = table_under_header(read_source(data), header_row=2)
    assert list(table.frame.columns) == ["real header", "postcode of base"] and len(table.frame) == 1


# --- step 3: columns -----------------------------------------------------------------------------

@pytest.mark.parametrize("heading, field", [
    ("Name of organisation", "name"), ("Organisation Name", "name"), ("Areas of operation", "service_area"),
    ("Area(s) covered", "service_area"), ("Women only", "women"), ("Women-only service?", "women"),
    ("BME-led?", "bame"), ("Led by and for Black and minoritised communities", "bame"),
    ("Led by and for women", "women"), ("Turnover (£)", "income_gbp"), ("Post code", "postcode"),
])
def test_aliases_real_directories_use(heading, field):
    assert match_columns([heading]) == {heading: field}


def test_a_field_goes_to_the_first_column_only():
    assert match_columns(["Name", "Organisation"]) == {"Name": "name", "Organisation": None}


def test_proposals_need_both_a_telling_name_and_telling_values():
    frame = pd.DataFrame({"Women?": ["Yes", "No", "Yes"], "Female staff": ["3", "10", "2"],
                          "Region": ["Leeds", "Kent", "Cardiff"], "Funding": ["£50k", "£1.2m", "£300,000"]})
    matched = dict.fromkeys(frame.columns)
    proposed = {p.column: p.field for p in propose_columns(frame, matched)}
    assert proposed == {"Women?": "women", "Region": "service_area", "Funding": "income_gbp"}


def test_mapping_file_round_trip_and_bad_files():
    mapping = ColumnMapping({"Organisation Name": "name", "Notes": None}, header_row=2, sheet="Members")
    text = mapping.to_json()
    assert json.loads(text) == {"format": "lotdesign-column-mapping", "version": 1,
                                "columns": {"Organisation Name": "name", "Notes": None},
                                "header_row": 2, "sheet": "Members"}
    assert ColumnMapping.from_json(text) == mapping
    with pytest.raises(ValidationError, match="not valid JSON"):
        ColumnMapping.from_json("{")
    with pytest.raises(ValidationError) as caught:
        ColumnMapping.from_json('{"columns": {"A": "turnover"}, "header_row": 99}')
    assert "column 'A': 'turnover' is not a field" in caught.value.problems[0]
    assert "header_row 99" in caught.value.problems[1]


# --- step 4: fields ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, value, approximate, status", [
    ("£1,234", 1234, False, "ok"), ("250k", 250_000, False, "ok"), ("c. 50k", 50_000, True, "ok"),
    ("approx £300k", 300_000, True, "ok"), ("~£1.2m", 1_200_000, True, "ok"), ("£50k-£100k", 50_000, True, "ok"),
    ("50-100k", 50_000, True, "ok"), ("N/A", None, False, "unknown"), ("", None, False, "unknown"),
    ("lots", None, False, "unreadable"), ("-500", None, False, "negative"),
])
def test_read_money(text, value, approximate, status):
    money = read_money(text)
    assert (money.value, money.approximate, money.status) == (value, approximate, status)


def test_incomes_unknown_and_from_band():
    issues = Issues()
    incomes = parse_incomes(np.array(["100", "N/A", "", "abc"], dtype=object), np.array(["", "", "Small", ""], dtype=object),
                            issues, income_column="income", band_column="band", has_income=True, has_band=True)
    assert incomes["income_gbp"].iloc[0] == 100 and incomes["income_gbp"].iloc[2] == 10_000
    assert list(incomes["income_known"]) == [True, False, True, False]
    assert list(incomes["income_from_band"]) == [False, False, True, False]
    found = issues.frame()
    assert list(found["row"]) == [1, 2, 3]
    assert found.set_index("row").loc[3, "message"].startswith("income 'abc' is not an amount in £")


@pytest.mark.parametrize("text, flag", [("Yes", True), ("y", True), ("TRUE", True), ("Yes – women only", True),
                                        ("No", False), ("", False), ("N/A", False), ("sometimes", None)])
def test_read_flag(text, flag):
    assert read_flag(text) is flag


def test_specialisms_from_list_and_flags():
    issues = Issues()
    out = parse_specialisms(np.array(["bame; youth", "", "", "knitting"], dtype=object),
                            np.array(["No", "Yes", "maybe", ""], dtype=object), np.array(["", "", "", ""], dtype=object),
                            issues, columns={"specialisms": "Specialisms", "women": "Women only"})
    assert list(out["specialisms"]) == ["bame;young_adults", "women", "", "knitting"]
    assert list(out["women"]) == [False, True, False, False]
    messages = issues.frame().set_index("row")["message"]
    assert messages[2] == "'maybe' is not yes or no; read as no." and "kept as the label 'knitting'" in messages[3]


def test_service_area_cells():
    assert read_area_cell("Bristol, City of").lads == ("E06000023",)
    assert read_area_cell("Caerdydd; Abertawe; Casnewydd").lads == ("W06000011", "W06000015", "W06000022")
    harrogate = read_area_cell("Harrogate")
    assert harrogate.lads == ("E06000065",) and "abolished" in harrogate.warnings[0]
    assert read_area_cell("national").national
    issues = Issues()
    areas = parse_service_areas(np.array(["Leeds, Narnia", "Narnia", "Leeds", "Leeds, Narnia"], dtype=object), issues, "Areas")
    assert list(areas["area_status"]) == ["partial", "unresolved", "", "partial"]
    assert list(areas["service_lads"]) == ["E08000035", "", "E08000035", "E08000035"]
    assert sorted(issues.frame()["row"]) == [0, 1, 3]


# --- step 5: locate ------------------------------------------------------------------------------

def test_locate_precedence_and_fallbacks():
    issues = Issues()
    nan = np.full(4, np.nan)
    postcode = np.array(["LS1 4DY", "SA1 3ZZ", "ZZ9 9ZZ", ""], dtype=object)
    lat = np.array([np.nan, np.nan, 53.8, 51.5074])
    lon = np.array([np.nan, np.nan, -1.55, -0.1278])
    bases = locate_bases(postcode, lat, lon, nan, nan, np.zeros(4, bool), issues, columns={"postcode": "Postcode"})
    assert list(bases["base_source"]) == ["postcode", "postcode_sector", "lat_lon", "lat_lon"]
    assert list(bases["base_lad"]) == ["E08000035", "W06000011", "E08000035", "E09000033"]
    found = issues.frame()
    assert "Used the latitude/longitude given instead" in found.set_index("row").loc[2, "message"]
    assert issues.rejected_rows().size == 0


# --- steps 6-7 and combining lists ---------------------------------------------------------------

def test_combining_lists_reports_duplicates_and_counts_per_file():
    first = load_providers(b"name,postcode,income\nLeeds Women's Aid,LS1 4DY,1000\nBradford Trust,BD1 1HY,5000\n",
                           source_name="a.csv")
    second = load_providers(b"name,postcode,income\nLEEDS WOMEN'S AID,LS2 8JS,1000\nCardiff Futures,CF10 1EP,2000\n",
                            source_name="b.csv")
    combined = combine_loads(first, second)
    assert list(combined.accepted["name"]) == ["Leeds Women's Aid", "Bradford Trust", "Cardiff Futures"]
    assert list(combined.accepted["source_file"]) == ["a.csv", "a.csv", "b.csv"]
    # Row ids made from row numbers clash between files, so the second file's get a prefix.
    assert list(combined.accepted["provider_id"]) == ["ROW-00002", "ROW-00003", "F2-ROW-00003"]
    assert [(f["file"], f["accepted"], f["duplicates_of_earlier_files"]) for f in combined.files] == [
        ("a.csv", 2, 0), ("b.csv", 1, 1)]
    assert "already in the list (from a.csv)" in combined.rejected["reason"].iloc[0]
    assert combined.n_accepted + combined.n_rejected == combined.n_input_rows == 4
    assert not combined.synthetic


def test_adding_a_real_list_to_synthetic_data_keeps_the_synthetic_label():
    demo = load_providers(b"name,postcode,income\nSynthetic Trust 1,LS1 4DY,1000\n", source_name="demo", synthetic=True)
    real = load_providers(b"name,postcode,income\nCardiff Futures,CF10 1EP,2000\n", source_name="ours.csv")
    assert combine_loads(demo, real).synthetic and combine_loads(real, demo).synthetic


# --- an unknown income never passes the turnover test -------------------------------------------

def test_unknown_income_counts_for_coverage_but_is_never_prime_eligible():
    from lotdesign.core.designs import get_design
    from lotdesign.core.params import ScoringParams
    from lotdesign.core.scoring import prepare_design, prime_eligibility, score_design
    from lotdesign.importing.workspace import build_provider_set

    load = load_providers(
        b"name,postcode,income,specialisms,service_area\n"
        b"Known National Charity,LS1 4DY,\xc2\xa3500m,,national\n"
        b"Unknown Income Women's Network,M1 1AE,N/A,women,national\n"
    )
    assert list(load.accepted["income_known"]) == [True, False]
    pset = build_provider_set(load)
    design = get_design("pcc42")
    context = prepare_design(pset.providers, pset.reach, design)
    # Even a zero turnover test (multiple 0) is not passed by an unknown income.
    for multiple in (2.0, 0.0):
        eligible = prime_eligibility(context, ScoringParams(turnover_multiple=multiple))
        assert eligible[0].all() and not eligible[1].any()
    score = score_design(pset.providers, pset.reach, design, ScoringParams(service="women"), context=context)
    # Both reach every lot, but only the known income is prime-eligible anywhere.
    assert (score.lots["n_vcs_prime_eligible"] == 1).all()
    assert score.summary["specialist_coverage_women"] == 1.0
    assert score.summary["specialist_prime_coverage_women"] == 0.0


def test_empty_rows_are_skipped_and_reported():
    result = load_providers(b"name,postcode\nLeeds Trust,LS1 4DY\n,\n,,\nCardiff Trust,CF10 1EP\n")
    assert list(result.accepted["source_row"]) == [2, 5]
    assert result.n_input_rows == 2 and result.n_rejected == 0
    assert "2 empty rows were skipped (row 3, 4)." in result.notes


def test_an_unused_column_asks_for_confirmation_but_the_synthetic_flag_is_read():
    from lotdesign.importing.providers import prepare_import

    with_contact = prepare_import(b"name,postcode,Contact email\nLeeds Women's Aid,LS1 4DY,a@b.org\n", source_name="a.csv")
    assert with_contact.unused_columns == ["Contact email"] and with_contact.needs_confirmation
    flagged = b"name,postcode,synthetic\nSynthetic Trust,LS1 4DY,yes\n"
    draft = prepare_import(flagged, source_name="demo.csv")
    assert draft.unused_columns == [] and not draft.needs_confirmation
    assert load_providers(flagged, source_name="demo.csv").synthetic
