"""Realistic member lists, kept the way organisations keep them, load without losing anything.

Each fixture is written here as the real file would be (an Excel export with a title line and a
notes sheet; a Windows-1252, semicolon-separated CSV; a list whose columns only a proposal can
match) and read back through :func:`lotdesign.importing.providers.load_providers`. Expected values are
geography facts: which district a postcode is in, which districts make up a city region.
"""

from __future__ import annotations

import numpy as np
import pytest
from openpyxl import Workbook

from geo.units import load_units
from lotdesign.importing.providers import ColumnMapping, load_providers, prepare_import

LEEDS, BRADFORD, WAKEFIELD = "E08000035", "E08000032", "E08000036"
CARDIFF, VALE_OF_GLAMORGAN, SWANSEA = "W06000015", "W06000014", "W06000011"
HULL, BRISTOL, BRIGHTON, BIRMINGHAM = "E06000010", "E06000023", "E06000043", "E08000025"
#: Liverpool City Region: Halton, Knowsley, Liverpool, St. Helens, Sefton, Wirral (ONS May 2024 lookup).
LIVERPOOL_CITY_REGION = {"E06000006", "E08000011", "E08000012", "E08000013", "E08000014", "E08000015"}

MEMBERS = [
    # name, postcode, annual income, women-only service?, areas of operation, BME-led?
    ("Leeds Women's Aid", "LS1 4DY", "£450,000", "Yes", "Leeds", "No"),
    ("Merseyside Women's Centre", "L3 8EN", "£1.2m", "Yes", "Liverpool City Region", "No"),
    ("Cardiff Women's Centre", "CF10 1EP", "c. 50k", "Yes", "Cardiff, Vale of Glamorgan", "No"),
    ("Hull Women's Network", "HU1 1AA", "approx £300k", "Yes", "Hull", "No"),
    ("Bristol Women's Voice", "BS1 4DJ", "N/A", "Yes", "Bristol", "No"),
    ("Brighton Women's Centre", "BN1 1AA", "", "Yes", "Brighton", "No"),
    ("Swansea Women's Project", "SA1 3ZZ", "£120k", "Yes", "Abertawe", "No"),
    ("Greater Manchester Women's Network", "M1 1AE", "£2,500,000", "Yes", "Greater Manchester", "No"),
    ("Birmingham Sisters", "B1 1BB", "£900k", "Yes", "West Midlands CA", "Yes"),
    ("Bradford Black Women's Collective", "BD1 1HY", "£80,000", "Yes", "Bradford, Leeds, Wakefield", "Yes"),
    ("Yorkshire Women's Forum", "LS2 8JS", "£60,000", "Yes", "Leeds, Narnia", "No"),
    ("", "LS1 4DY", "£10,000", "Yes", "Leeds", "No"),
    ("Women Without A Base", "", "£10,000", "Yes", "Leeds", "No"),
]


def members_workbook(path):
    """An Excel export: a title line above the header, and a notes sheet before the data sheet."""
    book = Workbook()
    notes = book.active
    notes.title = "Read me"
    notes.append(["This workbook lists our member organisations."])
    notes.append(["Contact the membership team with corrections."])
    sheet = book.create_sheet("Members")
    sheet.append(["Member organisations (export 14/10/2024)"])
    sheet.append(["Organisation Name", "Postcode", "Annual income", "Women-only service?", "Areas of operation", "BME-led?"])
    for row in MEMBERS:
        sheet.append(list(row))
    book.save(path)
    return path


@pytest.fixture(scope="module")
def members(tmp_path_factory):
    return load_providers(members_workbook(tmp_path_factory.mktemp("xlsx") / "members.xlsx"))


def test_title_row_and_sheet_are_found_and_reported(members):
    assert members.sheet == "Members" and members.header_row == 2
    assert any("Read sheet 'Members'" in note for note in members.notes)
    assert any("Column headings found on row 2" in note and "Member organisations (export 14/10/2024)" in note
               for note in members.notes)
    # Spreadsheet rows: the title is row 1, the header row 2, the first organisation row 3.
    assert members.accepted["source_row"].iloc[0] == 3


def test_only_rows_without_a_name_or_location_are_rejected(members):
    assert members.n_input_rows == 13 and members.n_accepted == 11 and members.n_rejected == 2
    reasons = dict(zip(members.rejected["source_row"], members.rejected["reason"]))
    assert reasons[14] == "Row 14 (Organisation Name): the organisation name is empty — fill it in."
    assert reasons[15].startswith("Row 15 (Postcode): no location")


def test_women_only_and_bme_columns_set_specialisms(members):
    accepted = members.accepted.set_index("name")
    assert accepted["women"].all()  # all 11 are women's services
    assert set(accepted.index[accepted["bame"]]) == {"Birmingham Sisters", "Bradford Black Women's Collective"}
    assert accepted.loc["Birmingham Sisters", "specialisms"] == "women;bame"
    assert members.column_map["women"] == "Women-only service?" and members.column_map["bame"] == "BME-led?"


def test_areas_of_operation_resolve_lists_city_regions_and_common_names(members):
    lads = {name: set(codes.split(";")) if codes else set() for name, codes in
            zip(members.accepted["name"], members.accepted["service_lads"])}
    assert lads["Leeds Women's Aid"] == {LEEDS}
    assert lads["Merseyside Women's Centre"] == LIVERPOOL_CITY_REGION
    assert lads["Cardiff Women's Centre"] == {CARDIFF, VALE_OF_GLAMORGAN}
    assert lads["Hull Women's Network"] == {HULL}
    assert lads["Bristol Women's Voice"] == {BRISTOL}
    assert lads["Brighton Women's Centre"] == {BRIGHTON}
    assert lads["Swansea Women's Project"] == {SWANSEA}
    units = load_units()
    greater_manchester = set(units.index[units["pfa_name"] == "Greater Manchester"])
    assert lads["Greater Manchester Women's Network"] == greater_manchester and len(greater_manchester) == 10
    assert lads["Birmingham Sisters"] == set(units.index[units["pfa_name"] == "West Midlands"])
    assert lads["Bradford Black Women's Collective"] == {BRADFORD, LEEDS, WAKEFIELD}
    # An unknown name keeps the known ones, with a warning naming it.
    assert lads["Yorkshire Women's Forum"] == {LEEDS}
    warning = members.warnings[members.warnings["provider_id"] == "ROW-00013"]["message"].str.cat(sep=" ")
    assert "'Narnia' is not a local authority" in warning and "The other areas were kept." in warning


def test_approximate_and_missing_incomes_keep_the_organisation(members):
    accepted = members.accepted.set_index("name")
    assert accepted.loc["Cardiff Women's Centre", "income_gbp"] == 50_000
    assert accepted.loc["Cardiff Women's Centre", "income_approximate"]
    assert accepted.loc["Hull Women's Network", "income_gbp"] == 300_000
    for name in ("Bristol Women's Voice", "Brighton Women's Centre"):
        assert np.isnan(accepted.loc[name, "income_gbp"]) and not accepted.loc[name, "income_known"]
        assert accepted.loc[name, "income_band"] == ""
    messages = " ".join(members.warnings["message"])
    assert "income 'c. 50k' is approximate; read as £50,000." in messages
    assert "income 'N/A'; income unknown — it counts for reach and local and specialist coverage but cannot be prime-eligible" in messages
    # Counted apart, so that "cannot be prime-eligible" is said only of the two unknown incomes.
    assert members.effect_counts()["income_unknown"] == 2
    assert members.effect_counts()["income"] == 2  # two approximate


def test_a_postcode_not_in_the_list_falls_back_to_its_sector(members):
    swansea = members.accepted.set_index("name").loc["Swansea Women's Project"]
    assert swansea["base_source"] == "postcode_sector" and swansea["base_lad"] == SWANSEA
    message = members.warnings[members.warnings["source_row"] == 9]["message"].iloc[0]
    assert "'SA1 3ZZ' is not in the July 2024 postcode list" in message and "postcode sector 'SA1 3'" in message


def test_summary_counts_accepted_with_warnings(members):
    with_warnings = int((members.accepted["warnings"] != "").sum())
    # Merseyside (city region read as districts), Cardiff, Hull (approximate), Bristol, Brighton
    # (unknown income), Swansea (postcode fallback), Birmingham (combined authority), Yorkshire (Narnia).
    assert with_warnings == 8
    assert members.summary() == "13 rows read: 11 accepted, 2 rejected; 8 of the accepted with warnings."


CP1252_CSV = (
    "Name of organisation;Post code;Turnover (£);Area(s) covered;Women only;Led by and for Black and minoritised communities\n"
    "Café Women's Hub;LS1 4DY;£12,000;Leeds;Yes;No\n"
    "Asha Women's Centre;B1 1BB;approx £300k;Birmingham, Sandwell;Yes;Yes\n"
    "Hull Futures;HU1 9ZZ;N/A;Hull;No;No\n"
).encode("cp1252")


def test_windows_1252_semicolons_and_name_of_organisation():
    result = load_providers(CP1252_CSV)
    assert result.n_accepted == 3 and result.n_rejected == 0
    assert any("Windows-1252" in note for note in result.notes) and any("';'" in note for note in result.notes)
    accepted = result.accepted.set_index("name")
    assert list(accepted.index) == ["Café Women's Hub", "Asha Women's Centre", "Hull Futures"]
    assert accepted.loc["Café Women's Hub", "income_gbp"] == 12_000
    assert accepted["women"].tolist() == [True, True, False]
    assert accepted["bame"].tolist() == [False, True, False]
    assert set(accepted.loc["Asha Women's Centre", "service_lads"].split(";")) == {BIRMINGHAM, "E08000028"}  # Sandwell
    assert accepted.loc["Asha Women's Centre", "income_gbp"] == 300_000
    # HU1 9ZZ: neither it nor its sector is in the list, so its district's centre is used.
    assert accepted.loc["Hull Futures", "base_source"] == "postcode_district"
    assert accepted.loc["Hull Futures", "base_lad"] == HULL
    assert accepted.loc["Hull Futures", "service_lads"] == HULL


PROPOSAL_CSV = (
    b"Organisation Name,Postcode,Income (approx),Is this a women's organisation?,Where do you work?,Notes\n"
    b"Leeds Women's Aid,LS1 4DY,\"\xc2\xa3450,000\",Yes,Leeds; Bradford,founded 1975\n"
    b"Cardiff Women's Centre,CF10 1EP,\xc2\xa350k,Yes,Cardiff,\n"
    b"Leeds Community Trust,LS2 8JS,\xc2\xa32m,No,Leeds,\n"
)


def test_unmatched_columns_are_proposed_from_names_and_values():
    draft = prepare_import(PROPOSAL_CSV)
    proposed = {p.column: p.field for p in draft.proposals}
    assert proposed == {"Income (approx)": "income_gbp", "Is this a women's organisation?": "women",
                        "Where do you work?": "service_area"}
    assert draft.mapping.columns["Notes"] is None and draft.needs_confirmation


def test_the_api_applies_proposals_and_says_what_they_changed():
    result = load_providers(PROPOSAL_CSV)
    accepted = result.accepted.set_index("name")
    assert accepted["women"].tolist() == [True, True, False]
    assert set(accepted.loc["Leeds Women's Aid", "service_lads"].split(";")) == {LEEDS, BRADFORD}
    assert accepted.loc["Leeds Community Trust", "income_gbp"] == 2_000_000
    assert result.effect_counts() == {"specialism": 2, "service_area": 3, "income": 3}
    assert any("Columns matched by proposal" in note and "'Is this a women's organisation?' → women" in note
               for note in result.notes)


def test_without_proposals_the_same_file_loses_the_specialism():
    result = load_providers(PROPOSAL_CSV, apply_proposals=False)
    assert not result.accepted["women"].any()
    assert result.accepted["income_known"].sum() == 0
    assert (result.accepted["service_area_kind"] == "default_radius").all()


def test_a_saved_mapping_file_is_reused(tmp_path):
    mapping = ColumnMapping({"Organisation Name": "name", "Postcode": "postcode", "Income (approx)": None,
                             "Is this a women's organisation?": "women", "Where do you work?": None, "Notes": None})
    path = tmp_path / "mapping.json"
    path.write_text(mapping.to_json(), encoding="utf-8")
    result = load_providers(PROPOSAL_CSV, columns=ColumnMapping.read(path))
    assert result.accepted["women"].tolist() == [True, True, False]
    assert not result.accepted["income_known"].any()  # the mapping says the income column is not used
    assert result.matched_by["Income (approx)"] == "chosen"
