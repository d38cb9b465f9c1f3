"""The synthetic demo providers: size, reproducibility, labelling, and realism against sources."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from geo.crs import lonlat_to_bng
from geo.geocode import geocode_postcodes, locate_points
from geo.names import resolve_lad, resolve_pfa
from geo.units import N_UNITS, load_units
from lotdesign import ValidationError
from lotdesign.importing.demo import (
    BAME_LED_SHARE,
    BENCHMARK_SIZE,
    COLUMNS,
    DEMO_PATH,
    DEMO_SIZE,
    N_WOMENS_CENTRES,
    generate_demo_providers,
    main,
    write_demo_providers,
)


@pytest.fixture(scope="module")
def demo() -> pd.DataFrame:
    return generate_demo_providers()


@pytest.fixture(scope="module")
def benchmark() -> pd.DataFrame:
    return generate_demo_providers(BENCHMARK_SIZE)


def _base_lads(frame: pd.DataFrame) -> pd.Series:
    """Each provider's base LAD as the loader finds it: postcode table, else the point's LAD."""
    lad = pd.Series("", index=frame.index, dtype=object)
    has_postcode = frame["postcode"] != ""
    geocoded = geocode_postcodes(frame.loc[has_postcode, "postcode"])
    lad[has_postcode] = geocoded["lad_code"].to_numpy()
    points = frame.loc[~has_postcode]
    easting, northing = lonlat_to_bng(points["longitude"], points["latitude"])
    lad[~has_postcode] = locate_points(easting, northing)["lad_code"].to_numpy()
    return lad


def _as_csv_text(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as the text a CSV holds: missing values empty, numbers as Python writes them."""
    text = {}
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_float_dtype(values):
            text[column] = ["" if np.isnan(v) else repr(float(v)) for v in values]
        elif pd.api.types.is_integer_dtype(values):
            text[column] = ["" if pd.isna(v) else str(int(v)) for v in values]
        else:
            text[column] = [str(v) for v in values]
    return pd.DataFrame(text, dtype=str)


def test_default_set_has_the_documented_size_and_columns(demo):
    assert DEMO_SIZE == 1450
    assert len(demo) == 1450
    assert list(demo.columns) == list(COLUMNS) == [
        "provider_id", "name", "sector", "postcode", "latitude", "longitude", "income_gbp",
        "income_band", "specialisms", "service_area", "radius_km", "synthetic",
    ]
    assert demo["provider_id"].iloc[0] == "SYN-00001"
    assert demo["provider_id"].iloc[-1] == "SYN-01450"
    assert demo["provider_id"].is_unique and demo["name"].is_unique


@pytest.mark.parametrize("n", [1, 7, 250])
def test_any_size_gives_that_many_rows(n):
    frame = generate_demo_providers(n)
    assert len(frame) == n
    assert (frame["specialisms"].str.contains("women")).sum() >= 1  # at least one women's centre


def test_same_seed_gives_the_same_frame_and_another_seed_does_not(demo):
    pd.testing.assert_frame_equal(generate_demo_providers(), demo)
    other = generate_demo_providers(seed=1)
    assert (other["postcode"] != demo["postcode"]).mean() > 0.9


def test_written_file_is_byte_for_byte_reproducible(tmp_path):
    first = write_demo_providers(tmp_path / "a" / "demo.csv", 300, seed=5)
    second = write_demo_providers(tmp_path / "b.csv", 300, seed=5)
    assert first.read_bytes() == second.read_bytes()
    assert b"\r" not in first.read_bytes()
    first.read_bytes().decode("utf-8")  # valid UTF-8


def test_every_row_is_labelled_synthetic(demo):
    assert demo["name"].str.contains("Synthetic").all()
    assert (demo["synthetic"] == "yes").all()


def test_sectors_are_mostly_voluntary_with_a_few_primes_and_public_bodies(demo):
    counts = demo["sector"].value_counts().to_dict()
    assert counts == {"vcs": 1440, "private": 6, "public": 4}
    private = demo[demo["sector"] == "private"]
    assert private["income_gbp"].between(50_000_000, 500_000_000).all()
    assert private["name"].is_unique


def test_income_mix_follows_clinks_state_of_the_sector_2023(benchmark):
    vcs = benchmark[(benchmark["sector"] == "vcs") & benchmark["income_gbp"].notna()]
    income = vcs["income_gbp"].astype(float)
    shares = {
        "under_10k": (income < 10_000).mean(),
        "10k_500k": ((income >= 10_000) & (income < 500_000)).mean(),
        "500k_10m": ((income >= 500_000) & (income < 10_000_000)).mean(),
        "10m_plus": (income >= 10_000_000).mean(),
    }
    expected = {"under_10k": 0.27, "10k_500k": 0.54, "500k_10m": 0.17, "10m_plus": 0.02}
    for band, share in expected.items():
        assert shares[band] == pytest.approx(share, abs=0.02), band


def test_about_a_tenth_of_vcs_rows_give_only_an_ncvo_band(demo):
    vcs = demo[demo["sector"] == "vcs"]
    band_only = vcs["income_band"] != ""
    assert band_only.sum() == 144  # 10% of 1,440
    assert vcs.loc[band_only, "income_gbp"].isna().all()
    assert vcs.loc[~band_only, "income_gbp"].notna().all()
    assert set(vcs.loc[band_only, "income_band"]) <= {"micro", "small", "medium", "large", "major", "super-major"}
    assert (demo.loc[demo["sector"] != "vcs", "income_band"] == "").all()


def test_womens_centres_match_the_about_50_in_england_and_wales(demo, benchmark):
    assert N_WOMENS_CENTRES == 50
    women = demo[demo["specialisms"].str.split(";").map(lambda s: "women" in s)]
    assert len(women) == 50
    assert (women["sector"] == "vcs").all()
    # Scaled to the benchmark size: 50 × 13,500 / 1,450 = 465.5 -> 466.
    assert benchmark["specialisms"].str.split(";").map(lambda s: "women" in s).sum() == 466
    # A few are also BAME-led.
    assert (demo["specialisms"] == "women;bame").sum() == 5


def test_bame_led_share_is_the_stated_assumption(demo):
    vcs = demo[demo["sector"] == "vcs"]
    bame = vcs["specialisms"].str.split(";").map(lambda s: "bame" in s)
    assert bame.sum() == round(BAME_LED_SHARE * len(vcs)) == 115


def test_specialisms_use_the_known_lower_case_names(benchmark):
    names = set(benchmark["specialisms"].str.split(";").explode()) - {""}
    assert names == {"women", "bame", "young_adults", "lgbt", "disability", "older", "welsh_language"}
    assert (benchmark.loc[benchmark["sector"] != "vcs", "specialisms"] == "").all()


def test_every_postcode_geocodes(demo):
    given = demo.loc[demo["postcode"] != "", "postcode"]
    geocoded = geocode_postcodes(given)
    assert (geocoded["status"] == "ok").all(), geocoded.loc[geocoded["status"] != "ok", "message"].tolist()
    kinds = geocoded["kind"].value_counts()
    assert kinds["unit"] == pytest.approx(0.85 * len(demo), rel=0.05)
    assert kinds["district"] == pytest.approx(0.08 * len(demo), rel=0.25)


def test_each_row_gives_exactly_one_kind_of_location(demo):
    has_postcode = demo["postcode"] != ""
    has_point = demo["latitude"].notna() & demo["longitude"].notna()
    assert (has_postcode ^ has_point).all()
    assert has_point.sum() == pytest.approx(0.07 * len(demo), rel=0.25)
    points = demo[has_point]
    # Rounded to 5 decimal places and inside England and Wales.
    assert (points["latitude"].round(5) == points["latitude"]).all()
    assert points["latitude"].between(49.8, 55.9).all() and points["longitude"].between(-6.5, 1.8).all()
    easting, northing = lonlat_to_bng(points["longitude"], points["latitude"])
    assert (locate_points(easting, northing)["lad_code"] != "").all()


def test_providers_spread_across_england_and_wales_like_the_population(benchmark):
    lad = _base_lads(benchmark)
    assert (lad != "").all()
    assert lad.nunique() >= 300
    assert N_UNITS == 318
    units = load_units()
    wales_population_share = units.loc[units["country"] == "Wales", "population"].sum() / units["population"].sum()
    wales_provider_share = lad.str.startswith("W").mean()
    assert wales_population_share == pytest.approx(0.052, abs=0.001)
    assert wales_provider_share == pytest.approx(wales_population_share, abs=0.02)


def test_welsh_language_specialists_are_based_in_wales(benchmark):
    welsh = benchmark[benchmark["specialisms"].str.contains("welsh_language")]
    assert len(welsh) > 100
    assert _base_lads(welsh).str.startswith("W").all()


def test_service_areas_name_real_areas_and_follow_the_rules(benchmark):
    listed = benchmark.loc[~benchmark["service_area"].isin(["", "national"]), "service_area"]
    names = set(listed.str.split(";").explode())
    unresolved = sorted(n for n in names if resolve_lad(n) is None and resolve_pfa(n) is None)
    assert unresolved == []
    # A name meaning both a district and a police force area would be read as the police
    # force area with a warning, so such areas are listed by code (e.g. E06000059, Dorset
    # district; E23000039, Dorset police force area).
    ambiguous = sorted(n for n in names if resolve_lad(n) is not None and resolve_pfa(n) is not None)
    assert ambiguous == []
    assert {"E06000059", "E23000039"} <= names
    national = benchmark[benchmark["service_area"] == "national"]
    vcs_national = national[national["sector"] == "vcs"]
    assert len(vcs_national) > 0
    # Only large charities (income at or above £10m, or the band "major"/"super-major") are national.
    large = vcs_national["income_gbp"].ge(10_000_000).fillna(False) | vcs_national["income_band"].isin(
        ["major", "super-major"]
    )
    assert large.all()
    radius = benchmark["radius_km"].dropna()
    assert radius.between(5, 60).all()
    assert len(radius) / len(benchmark) == pytest.approx(0.10, abs=0.02)
    # A listed area and a radius are never both given.
    assert (benchmark.loc[benchmark["radius_km"].notna(), "service_area"] == "").all()
    vcs_small = benchmark[(benchmark["sector"] == "vcs") & ~benchmark.index.isin(vcs_national.index)]
    assert (vcs_small["service_area"] != "").mean() == pytest.approx(0.25, abs=0.03)


def test_committed_demo_file_matches_the_generator(demo):
    assert DEMO_PATH.name == "demo_providers_synthetic.csv"
    committed = pd.read_csv(DEMO_PATH, dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(committed, _as_csv_text(demo))


def test_command_line_writes_the_file_and_reports_it(tmp_path, capsys):
    out = tmp_path / "providers.csv"
    assert main(["--n", "40", "--seed", "3", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert str(out) in printed and "40" in printed
    written = pd.read_csv(out, dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(written, _as_csv_text(generate_demo_providers(40, seed=3)))


@pytest.mark.parametrize("bad", [0, -3, 2.5, "100", True])
def test_bad_sizes_are_rejected_with_a_clear_message(bad):
    with pytest.raises(ValidationError, match="`n` must be a whole number"):
        generate_demo_providers(bad)
