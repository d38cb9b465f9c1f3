import numpy as np
import pytest

from geo.geocode import geocode_postcodes, locate_points, normalise_postcode


def test_known_postcodes_geocode_to_their_district():
    result = geocode_postcodes(["SW1A 1AA", "CF10 1EP"])
    assert list(result["status"]) == ["ok", "ok"]
    assert list(result["lad_code"]) == ["E09000033", "W06000015"]  # Westminster, Cardiff
    # Buckingham Palace: about 529090 E, 179645 N.
    assert abs(result.loc[0, "easting"] - 529_090) < 100
    assert abs(result.loc[0, "northing"] - 179_645) < 100


@pytest.mark.parametrize("messy", ["sw1a1aa", " SW1A 1AA ", "Sw1A  1aA", "SW1A-1AA"])
def test_messy_spelling_is_tolerated(messy):
    result = geocode_postcodes([messy])
    assert result.loc[0, "status"] == "ok"
    assert result.loc[0, "postcode"] == "SW1A 1AA"
    assert result.loc[0, "lad_code"] == "E09000033"


def test_postcode_district_uses_its_main_lad():
    result = geocode_postcodes(["SW1A", "m1", "CF10"])
    assert list(result["kind"]) == ["district"] * 3
    assert list(result["lad_code"]) == ["E09000033", "E08000003", "W06000015"]


def test_problems_are_named_and_explained():
    result = geocode_postcodes(["EH1 1YZ", "ZZ9 9ZZ", "BX1 1LT", "not a postcode", ""]).set_index("query")
    assert result.loc["EH1 1YZ", "status"] == "outside_england_wales"
    assert "outside England and Wales" in result.loc["EH1 1YZ", "message"]
    assert result.loc["ZZ9 9ZZ", "status"] == "unknown"
    assert "'ZZ9 9ZZ' is not a postcode in England or Wales" in result.loc["ZZ9 9ZZ", "message"]
    assert result.loc["BX1 1LT", "status"] == "non_geographic"
    assert result.loc["not a postcode", "status"] == "invalid"
    assert "latitude and longitude" in result.loc["", "message"]


def test_normalise_postcode_handles_missing_values():
    assert normalise_postcode(None) == ""
    assert normalise_postcode(float("nan")) == ""
    assert normalise_postcode(" cf10 1ep") == "CF101EP"


def test_points_are_placed_in_the_lad_that_contains_them():
    # Trafalgar Square (Westminster), Cardiff centre, a point 1 km off Brighton's coast,
    # and a point in the North Sea.
    located = locate_points([530_000, 318_200, 531_000, 700_000], [180_500, 175_860, 102_300, 300_000])
    assert located.loc[0, "lad_code"] == "E09000033"
    assert located.loc[1, "lad_code"] == "W06000015"
    assert located.loc[2, "lad_code"] == "E06000043"  # Brighton and Hove, nearest within 2 km
    assert 0 < located.loc[2, "distance_m"] <= 2000
    assert located.loc[3, "lad_code"] == "" and np.isnan(located.loc[3, "distance_m"])
