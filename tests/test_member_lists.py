"""Member lists as the Charity Commission register and a form survey write them.

The two fixtures in ``tests/fixtures`` are extracts of our own making (not real charities),
written the way the register's search export and a form survey's export are: the register's
"Areas Of Operation" wording ("Throughout England And Wales", "Leeds City", "Swansea City And
Borough", county names), a survey's free-text areas ("Hull & East Riding", "All of London"),
a tick-all "Which groups do you specialise in?" column and a postcode typed with the letter O
for zero. Expected districts are geography facts from the ONS May 2024 LAD codes.
"""

from __future__ import annotations

import json
from argparse import Namespace
from pathlib import Path

import pytest

from geo.places import county_districts
from geo.units import load_units
from lotdesign.cli.common import provider_set_from_args
from lotdesign.importing.areas import read_area_cell
from lotdesign.importing.providers import ColumnMapping, combine_loads, load_providers

FIXTURES = Path(__file__).parent / "fixtures"
REGISTER = FIXTURES / "charity_register_extract.csv"
SURVEY = FIXTURES / "member_survey_export.csv"

LEEDS, BRADFORD, MANCHESTER, SALFORD = "E08000035", "E08000032", "E08000003", "E08000006"
SWANSEA, BRIGHTON, BRISTOL, BATH = "W06000011", "E06000043", "E06000023", "E06000022"
HULL, EAST_RIDING, MEDWAY, PLYMOUTH, TORBAY = "E06000010", "E06000011", "E06000035", "E06000026", "E06000027"
CORNWALL, SCILLY, EXETER = "E06000052", "E06000053", "E07000041"
BIRMINGHAM_AND_BLACK_COUNTRY = {"E08000025", "E08000027", "E08000028", "E08000030", "E08000031"}
#: Devon County Council's eight districts (Plymouth and Torbay are unitary, outside it).
DEVON = {"E07000040", "E07000041", "E07000042", "E07000043", "E07000044", "E07000045", "E07000046", "E07000047"}
OXFORDSHIRE = {"E07000177", "E07000178", "E07000179", "E07000180", "E07000181"}


def _row(load, name: str):
    rows = load.accepted[load.accepted["name"] == name]
    assert len(rows) == 1, f"{name} not accepted once"
    return rows.iloc[0]


def _lads(row) -> set[str]:
    return set(filter(None, row["service_lads"].split(";")))


@pytest.fixture(scope="module")
def register():
    return load_providers(REGISTER)


@pytest.fixture(scope="module")
def survey():
    return load_providers(SURVEY)


def test_the_register_wording_is_read_as_the_register_means_it(register):
    units = load_units()
    assert register.n_accepted == 17 and register.n_rejected == 0
    assert _row(register, "Women Beyond The Gate")["service_area_kind"] == "national"
    assert _lads(_row(register, "Leeds And Bradford Resettlement Trust")) == {LEEDS, BRADFORD}
    assert _lads(_row(register, "Manchester And Salford Second Chances")) == {MANCHESTER, SALFORD}
    assert _lads(_row(register, "Swansea Bay Pathways")) == {SWANSEA}
    assert _lads(_row(register, "Brighton And Hove Mentoring Project")) == {BRIGHTON}
    assert _lads(_row(register, "Exeter And District Community Justice")) == DEVON
    assert _lads(_row(register, "Oxford Families Beyond Prison")) == OXFORDSHIRE
    assert _lads(_row(register, "London Mentoring Network")) == set(units.index[units.index.str.startswith("E09")])
    assert _lads(_row(register, "Cymru Pathways")) == set(units.index[units["country"] == "Wales"])
    assert _lads(_row(register, "England Wide Advice Line")) == set(units.index[units["country"] == "England"])
    assert _lads(_row(register, "Cornwall Community Links")) == {CORNWALL, SCILLY}


def test_scotland_and_northern_ireland_are_noted_as_outside(register):
    border = _row(register, "Border Reach Trust")
    assert _lads(border) == {"E06000063", "E06000064"}  # Cumbria: Cumberland, Westmorland and Furness
    assert "'Scotland' is outside England and Wales" in border["warnings"]
    northern = _row(register, "Northern Lights Trust")
    assert northern["service_area_kind"] == "default_radius" and northern["area_status"] == "outside"
    assert "'Northern Ireland' is outside England and Wales" in northern["warnings"]


def test_a_postcode_with_the_letter_o_for_zero_is_repaired_with_a_warning(register):
    bristol = _row(register, "Bristol Gateway Project")
    assert bristol["base_lad"] == BRISTOL and bristol["base_source"] == "postcode"
    assert "'BS2 OJA' is not a postcode; read as 'BS2 0JA' (the letter O read as the digit 0)" in bristol["warnings"]


def test_an_unknown_area_is_asked_once_with_a_ranked_suggestion_and_the_decision_applies_to_every_row(register):
    questions = register.area_questions
    assert list(questions["name"]) == ["Leeds Cty"]
    assert questions["rows"].iat[0] == 2 and questions["suggestions"].iat[0][0] == "Leeds"
    assert _row(register, "Headingley Circle")["area_status"] == "unresolved"
    mapping = ColumnMapping.from_json(register.mapping.to_json())
    mapping.areas["Leeds Cty"] = "Leeds"
    decided = load_providers(REGISTER, columns=ColumnMapping.from_json(mapping.to_json()))
    assert decided.area_questions.empty
    for name in ("Leeds Housing First", "Headingley Circle"):
        row = _row(decided, name)
        assert _lads(row) == {LEEDS} and row["area_status"] == "" and "Leeds Cty" not in row["warnings"]


def test_the_cli_applies_area_decisions_saved_in_the_mapping(tmp_path, capsys):
    from lotdesign.cli import main

    mapping_path = tmp_path / "register.columns.json"
    assert main(["columns", str(REGISTER), "--out", str(mapping_path)]) == 0
    printed = capsys.readouterr().out
    assert "'Leeds Cty' (2 rows) is not a known area; suggested: 'Leeds'" in printed
    saved = json.loads(mapping_path.read_text(encoding="utf-8"))
    saved["areas"] = {"Leeds Cty": "Leeds"}
    mapping_path.write_text(json.dumps(saved), encoding="utf-8")
    assert main(["columns", str(REGISTER), "--columns", str(mapping_path)]) == 0
    assert "is not a known area" not in capsys.readouterr().out
    args = Namespace(providers=[str(REGISTER)], columns=[str(mapping_path)], scenario=None)
    load = provider_set_from_args(args).load
    assert _lads(_row(load, "Headingley Circle")) == {LEEDS}


def test_survey_answers_tick_all_groups_and_free_text_areas(survey):
    assert survey.n_accepted == 10
    assert survey.mapping.columns["Which groups do you specialise in?"] == "specialisms"
    assert survey.mapping.columns["Which areas do you work in?"] == "service_area"
    capital = _row(survey, "Capital Women's Project")
    assert capital["women"] and capital["bame"] and capital["specialisms"] == "women;bame"
    assert len(_lads(capital)) == 33
    assert _lads(_row(survey, "Hull Through The Gate")) == {HULL, EAST_RIDING}
    assert _row(survey, "Hull Through The Gate")["specialisms"] == "young_adults;veterans"
    assert MEDWAY in _lads(_row(survey, "Garden Of England Justice"))
    assert _lads(_row(survey, "Severn Women's Network")) == {BRISTOL, BATH}
    black_country = _row(survey, "Black Country Pathways")
    assert _lads(black_country) == BIRMINGHAM_AND_BLACK_COUNTRY and black_country["bame"]
    nations = _row(survey, "Across The Nations Mentoring")
    assert nations["service_area_kind"] == "national" and nations["specialisms"] == "lgbt;young_adults"
    devon = _row(survey, "Devon Women Moving On")
    assert devon["women"] and _lads(devon) == DEVON and not devon["income_known"]
    assert _lads(_row(survey, "Plymouth Outreach")) == {PLYMOUTH}


def test_devon_and_cornwall_has_a_local_womens_organisation_in_the_combined_lists(register, survey):
    combined = combine_loads(register, survey)
    units = load_units()
    in_devon_and_cornwall = combined.accepted["base_lad"].map(units["pfa_name"]) == "Devon & Cornwall"
    assert set(combined.accepted.loc[in_devon_and_cornwall & combined.accepted["women"], "name"]) == {"Devon Women Moving On"}
    assert TORBAY not in _lads(_row(combined, "Devon Women Moving On"))


def test_every_shire_district_is_in_exactly_one_county():
    units = load_units()
    shire = set(units.index[units.index.str.startswith("E07")])
    counties = county_districts()
    assert len(counties) == 21
    members = [code for codes in counties.values() for code in codes]
    assert len(members) == len(set(members)) == len(shire) == 164
    assert set(members) == shire
    assert set(counties["Devon"]) == DEVON


@pytest.mark.parametrize("written, expected", [
    ("Throughout England And Wales", "national"),
    ("Across England and Wales", "national"),
    ("Birmingham and the Black Country", BIRMINGHAM_AND_BLACK_COUNTRY),
    ("Kent County Council", 12),  # the county council's districts, without Medway
    ("Kent and Medway", 13),
    ("Swansea City And Borough", {SWANSEA}),
    ("Berkshire", 6),
])
def test_register_and_survey_phrases(written, expected):
    reading = read_area_cell(written)
    assert reading.unknown == 0
    if expected == "national":
        assert reading.national
    elif isinstance(expected, int):
        assert len(reading.lads) == expected
    else:
        assert set(reading.lads) == expected


def test_postcode_repair_needs_a_letter_o_or_i_and_a_single_real_reading():
    from geo.geocode import geocode_postcodes
    from lotdesign.importing.locate import repair_postcode_confusions

    written = ["BS2 OJA", "SW1A IAA", "LS1 4DY", "ZZ9 9ZZ", "B1 1AA"]
    repaired = repair_postcode_confusions(written, geocode_postcodes(written))
    # LS1 4DY is real; ZZ9 9ZZ and B1 1AA hold no letter O or I, so are left to the usual fall-backs.
    assert repaired == {"BS2 OJA": "BS2 0JA", "SW1A IAA": "SW1A 1AA"}
