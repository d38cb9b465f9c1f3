
import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import Point

from lotdesign.errors import InputFileError, ValidationError
from lotdesign.importing.providers import load_providers, parse_money, providers_template

MIXED_CSV = """organisation,postcode,lat,lng,turnover,women-centred,service_area
Leeds Unit Postcode,LS1 4DY,,,250000,yes,
Manchester District,M1,,,£25k,no,
London Lat Lon,,51.5074,-0.1278,1.2m,,
Unknown Postcode,ZZ9 9ZZ,,,1000,,
Edinburgh,EH1 1YZ,,,1000,,
Swapped,,-1.5491,53.8008,5000,,
,LS1 4DY,,,1000,,
Cardiff Listed,CF10 1EP,,,50000,,Cardiff; Dorset
"""


@pytest.fixture(scope="module")
def mixed():
    return load_providers(MIXED_CSV.encode("utf-8"))


def test_good_rows_are_accepted_with_their_base(mixed):
    accepted = mixed.accepted.set_index("name")
    assert list(accepted.index) == ["Leeds Unit Postcode", "Manchester District", "London Lat Lon", "Cardiff Listed"]
    assert accepted.loc["Leeds Unit Postcode", "base_lad"] == "E08000035"  # Leeds
    assert accepted.loc["Leeds Unit Postcode", "base_source"] == "postcode"
    assert accepted.loc["Manchester District", "base_lad"] == "E08000003"  # Manchester
    assert accepted.loc["Manchester District", "base_source"] == "postcode_district"
    assert accepted.loc["London Lat Lon", "base_lad"] == "E09000033"  # Westminster (Charing Cross)
    assert accepted.loc["London Lat Lon", "base_source"] == "lat_lon"
    assert accepted.loc["Leeds Unit Postcode", "women"] and not accepted.loc["Manchester District", "women"]
    assert accepted.loc["Manchester District", "income_gbp"] == 25_000
    assert accepted.loc["London Lat Lon", "income_gbp"] == 1_200_000


def test_default_radius_follows_the_income_band(mixed):
    accepted = mixed.accepted.set_index("name")
    assert accepted.loc["Leeds Unit Postcode", "radius_km"] == 40  # medium, £100k–£1m
    assert accepted.loc["Manchester District", "radius_km"] == 20  # small
    assert accepted.loc["London Lat Lon", "radius_km"] == 80  # large
    assert accepted.loc["Leeds Unit Postcode", "service_area_kind"] == "default_radius"


def test_listed_area_names_expand_to_units(mixed):
    cardiff = mixed.accepted.set_index("name").loc["Cardiff Listed"]
    lads = cardiff["service_lads"].split(";")
    assert cardiff["service_area_kind"] == "listed" and np.isnan(cardiff["radius_km"])
    assert "W06000015" in lads  # Cardiff
    # "Dorset" is a LAD and a PCC area: read as the PCC area (Dorset + BCP), with a warning.
    assert {"E06000058", "E06000059"} <= set(lads)
    warning = mixed.warnings[mixed.warnings["source_row"] == 9]["message"].iloc[0]
    assert warning.startswith("Row 9 (service_area):") and "E06000059" in warning


def test_bad_rows_are_rejected_with_row_and_fix(mixed):
    reasons = dict(zip(mixed.rejected["source_row"], mixed.rejected["reason"]))
    assert set(reasons) == {5, 6, 7, 8}
    assert reasons[5].startswith("Row 5 (postcode): 'ZZ9 9ZZ' is not a postcode in England or Wales")
    assert "outside England and Wales" in reasons[6]
    assert "look swapped" in reasons[7] and "swap the two values" in reasons[7]
    assert reasons[8] == "Row 8 (organisation): the organisation name is empty — fill it in."
    # The rejected table keeps the user's original cells for download.
    assert mixed.rejected.set_index("source_row").loc[5, "input: organisation"] == "Unknown Postcode"


def test_district_only_and_row_accounting(mixed):
    assert mixed.n_accepted + mixed.n_rejected == mixed.n_input_rows == 8
    district = mixed.warnings[mixed.warnings["source_row"] == 3]["message"].iloc[0]
    assert "only a postcode district ('M1')" in district


def test_income_band_is_read_as_lower_bound_with_warning():
    result = load_providers(b"name,postcode,income_band\nBand Only,LS1 4DY,Medium\n")
    row = result.accepted.iloc[0]
    assert row["income_gbp"] == 100_000 and row["income_from_band"] and row["income_band"] == "medium"
    assert "lower bound, £100,000" in result.warnings["message"].iloc[0]


def test_income_wins_over_band():
    result = load_providers(b"name,postcode,income_gbp,income_band\nBoth,LS1 4DY,5000000,small\n")
    assert result.accepted.iloc[0]["income_gbp"] == 5_000_000
    assert "the income was used" in result.warnings["message"].iloc[0]


def test_missing_required_columns_are_all_reported():
    with pytest.raises(ValidationError) as caught:
        load_providers(b"org_code,town\n1,Leeds\n")
    problems = " ".join(caught.value.problems)
    assert "No organisation name column" in problems and "No location column" in problems
    assert "Columns found: org_code, town." in problems


def test_a_list_without_incomes_loads_with_incomes_unknown():
    result = load_providers(b"name,postcode\nLeeds Futures,LS1 4DY\n")
    row = result.accepted.iloc[0]
    assert result.n_accepted == 1 and np.isnan(row["income_gbp"]) and not row["income_known"]
    assert any("No income column" in note and "none can be prime-eligible" in note for note in result.notes)
    # With no area, radius or income, the smallest default radius applies (micro band, 10 km).
    assert row["service_area_kind"] == "default_radius" and row["radius_km"] == 10


def test_duplicate_ids_are_renamed_and_duplicate_organisations_rejected():
    text = b"id,name,postcode,income\nA,One,LS1 4DY,1000\nA,Two,LS1 4DY,1000\nB,One,LS1 4DY,1000\n"
    result = load_providers(text)
    assert list(result.accepted["provider_id"]) == ["A", "A-row3"]
    assert "already used by row 2; this row's id was changed to 'A-row3'" in result.warnings["message"].iloc[0]
    assert list(result.rejected["source_row"]) == [4]
    assert "'One' at the same base duplicates row 2" in result.rejected["reason"].iloc[0]


def test_excel_file_is_read(tmp_path):
    template = providers_template()
    path = tmp_path / "providers.xlsx"
    template.to_excel(path, index=False)
    result = load_providers(path)
    assert result.n_accepted == 3 and result.n_rejected == 0
    national = result.accepted.set_index("provider_id").loc["EX-3"]
    assert national["service_area_kind"] == "national"


def test_windows_1252_and_semicolon_delimiter():
    text = "name;postcode;income\nCaf\xe9 Project;LS1 4DY;£12,000\n".encode("cp1252")
    result = load_providers(text)
    assert result.accepted.iloc[0]["name"] == "Café Project" and result.accepted.iloc[0]["income_gbp"] == 12_000
    assert any("Windows-1252" in note for note in result.notes)


def test_geojson_in_british_national_grid_is_converted(tmp_path):
    frame = gpd.GeoDataFrame({"name": ["Leeds Point"], "income": ["50000"]}, geometry=[Point(430_000, 433_500)], crs="EPSG:27700")
    path = tmp_path / "providers.gpkg"
    frame.to_file(path, driver="GPKG")
    result = load_providers(path)
    assert result.accepted.iloc[0]["base_lad"] == "E08000035"
    assert abs(result.accepted.iloc[0]["base_x"] - 430_000) < 1


def test_geojson_without_crs_in_metres_is_read_as_bng():
    geojson = b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"X","income":"1"},"geometry":{"type":"Point","coordinates":[430000,433500]}}]}'
    result = load_providers(geojson)
    assert result.accepted.iloc[0]["base_lad"] == "E08000035"
    assert any("British National Grid" in note for note in result.notes)


@pytest.mark.parametrize(
    "payload, message",
    [
        (b"", "empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "password-protected"),
        (b"PK\x03\x04garbage", "corrupt"),
        (b"name,postcode\n\x00\x01\x02", "binary"),
    ],
)
def test_unreadable_files_say_what_to_do(payload, message):
    with pytest.raises(InputFileError, match=message):
        load_providers(payload)


@pytest.mark.parametrize("text, value", [("£1,234", 1234), ("250k", 250_000), ("1.2m", 1_200_000), ("1.5 million", 1_500_000), ("abc", None)])
def test_parse_money(text, value):
    assert parse_money(text) == value


def test_demo_file_loads_completely():
    from lotdesign.importing.workspace import load_provider_set

    provider_set = load_provider_set()
    load = provider_set.load
    assert load.synthetic and load.n_rejected == 0 and load.n_accepted == load.n_input_rows
    assert provider_set.reach.n_providers == load.n_accepted
    assert load.accepted["name"].str.contains("Synthetic").all()
