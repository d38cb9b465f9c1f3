"""Synthetic demo providers: a seeded, reproducible stand-in for the voluntary sector.

**Every row is SYNTHETIC.** The organisations are invented; none is a real organisation, and
every name contains the word "Synthetic" and every row has ``synthetic = "yes"``. The set
exists so the tool can be tried without a real provider list, and so its scores can be
benchmarked. Anything it shows must be labelled "synthetic demo data".

The rows follow the project's provider *input* format (the same columns a user uploads), so
the demo goes through exactly the same loader as real data.

Assumptions and their sources (figures in ``../shared/data/designs/facts.md``, section B)
-----------------------------------------------------------------------------------------
Size
    ``DEMO_SIZE`` = 1,450: "at October 2018 ... 1,443 voluntary organisations working in the
    criminal justice sector" (Justice Committee, "The future of the Probation Service",
    HC 285, 2021, para 59). ``BENCHMARK_SIZE`` = 13,500 is the sector-wide figure, used only
    for benchmarks.
Income mix of voluntary-sector (VCS) rows
    27% under £10k, 54% £10k to < £500k, 17% £500k to < £10m, 2% £10m and over (Clinks,
    State of the Sector 2023, "Who we heard from"; the 17% is the remainder, stated as
    "about"). Counts per band are allocated exactly (largest remainder), then incomes are
    drawn log-uniformly within the band. The outer limits, £500 at the bottom and £300m at
    the top, are assumptions (no source gives them).
Income band only
    About 10% of VCS rows give an NCVO income band (NCVO Almanac: micro < £10k, small
    £10k–£100k, medium £100k–£1m, large £1m–£10m, major £10m–£100m, super-major > £100m)
    instead of an income, to exercise the loader's band handling. The share is an
    assumption.
Women's centres
    ``N_WOMEN_CENTRES`` = 50: "about 50 women's centres in England and Wales" (the Guardian,
    late 2024, reproduced by businessmayor.com), scaled by ``n / DEMO_SIZE``, at least one.
    Their incomes are drawn from £100k to < £3m (assumption: women's centres are typically
    medium or large charities; the National Women's Justice Coalition reports an average
    funding shortfall of £756,826), half below and half above £500k, so the overall income
    mix is unchanged.
BAME-led organisations
    ``BAME_LED_SHARE`` = 8% of VCS rows. **This is an assumption: no published count of
    BAME-led criminal-justice organisations exists** (Clinks describes them and its Race and
    Justice Network but gives no number). About a tenth of the women's centres are also
    BAME-led (specialisms ``women;bame``).
Other specialisms
    Shares of VCS rows, all assumptions: young adults 6%, disability 3%, older people 2%,
    LGBT+ 1%, Welsh language 30% of organisations based in Wales (and nowhere else).
Sectors
    ``N_PRIVATE_PRIMES`` = 6 private companies (income £50m to < £500m; service area
    "national" or the police force areas of their probation region, June 2021) and
    ``N_PUBLIC_BODIES`` = 4 public bodies (income £1m to < £20m; their own district or
    police force area), both capped at one per 100 rows for small sets. Assumptions: the
    Transforming Rehabilitation contracts went to "eight mainly private suppliers" (PAC,
    HC 1747, 2019).
Location
    Bases are small areas (LSOA 2021 population-weighted centroids) drawn in proportion to
    Census 2021 population; women's centres in proportion to females and BAME-led
    organisations in proportion to minority-ethnic residents (assumption: specialist
    organisations are where the people they serve live). Each base gets the nearest unit
    postcode (OS Code-Point Open, July 2024). About 85% of rows give that unit postcode,
    8% only its postcode district and 7% no postcode but latitude and longitude (WGS84,
    5 decimal places, about 1 m): a mix chosen to exercise every kind of location input.
Service area
    20% of VCS organisations with income of £10m or more are "national" (scoring.md: "a few
    large national charities"); the rest list the police force area they are based in and
    one neighbouring police force area (assumption: most large criminal-justice charities
    work in a few counties, not across a whole region). Of the others, 25% list their own district
    (LAD, ONS name), their own police force area, or their district and a neighbouring one;
    10% give a radius of 5–60 km; the rest leave both empty, so the loader applies the
    default radius for their income band. The shares are assumptions. Dorset, North
    Yorkshire, Wiltshire and the City of London each name both a district and a police force
    area, so they are listed by code (LAD or PFA): the loader reads the bare name as the
    police force area and warns.
"""

from __future__ import annotations

import argparse
from functools import cache, lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import shapely

from geo.datafiles import data_dir, data_path
from geo.crs import bng_to_lonlat
from geo.geocode import format_postcode
from geo.names import pfa_name, resolve_lad, resolve_pfa
from geo.units import CITY_OF_LONDON_PFA, load_small_areas, load_unit_boundaries, load_units
from lotdesign.errors import ValidationError

#: Seed of the default demo set (the month of the 1,443-organisation count: October 2018).
DEMO_SEED = 20181001
#: Default number of demo providers: ~1,443 criminal-justice voluntary organisations in
#: October 2018 (Justice Committee, HC 285, 2021).
DEMO_SIZE = 1450
#: Sector-wide number of organisations, for benchmarks only.
BENCHMARK_SIZE = 13500
#: Share of VCS providers that are BAME-led. ASSUMPTION: no published count exists.
BAME_LED_SHARE = 0.08
#: "About 50 women's centres in England and Wales" (the Guardian, late 2024).
N_WOMENS_CENTRES = 50
#: Private primes and public bodies in a set of ``DEMO_SIZE`` or more rows (assumption).
N_PRIVATE_PRIMES = 6
N_PUBLIC_BODIES = 4

#: Where ``python -m lotdesign.importing.demo`` writes the default demo set.
DEMO_PATH = data_dir() / "providers" / "demo_providers_synthetic.csv"

#: The provider input format, in order.
COLUMNS = (
    "provider_id",
    "name",
    "sector",
    "postcode",
    "latitude",
    "longitude",
    "income_gbp",
    "income_band",
    "specialisms",
    "service_area",
    "radius_km",
    "synthetic",
)

#: Clinks State of the Sector 2023 income bands of VCS rows: (lower £, upper £ exclusive, share).
#: The outer limits (£500 and £300m) are assumptions.
INCOME_MIX = (
    (500, 10_000, 0.27),
    (10_000, 500_000, 0.54),
    (500_000, 10_000_000, 0.17),
    (10_000_000, 300_000_000, 0.02),
)
#: NCVO income bands (lower bound inclusive, £).
NCVO_BANDS = (
    ("micro", 0),
    ("small", 10_000),
    ("medium", 100_000),
    ("large", 1_000_000),
    ("major", 10_000_000),
    ("super-major", 100_000_000),
)
#: Income at or above which an organisation is a large national charity (NCVO "major").
NATIONAL_INCOME_GBP = 10_000_000

SHARE_BAND_ONLY = 0.10
SHARE_WOMEN_ALSO_BAME = 0.10
#: Optional specialisms and the share of VCS rows that have each (assumptions).
OTHER_SPECIALISM_SHARES = {"young_adults": 0.06, "lgbt": 0.01, "disability": 0.03, "older": 0.02}
SHARE_WELSH_LANGUAGE_IN_WALES = 0.30
#: Order in which specialisms are written, so the same set always reads the same.
SPECIALISM_ORDER = ("women", "bame", "young_adults", "lgbt", "disability", "older", "welsh_language")

#: How the base location is given: unit postcode, postcode district, latitude/longitude.
LOCATION_KIND_SHARES = {"unit": 0.85, "district": 0.08, "latlon": 0.07}

SHARE_NATIONAL_OF_LARGE = 0.20
SHARE_LISTED = 0.25
SHARE_RADIUS = 0.10
#: Among listed service areas: own district, own police force area, district plus a neighbour.
LISTED_KIND_SHARES = {"own_lad": 0.50, "own_pfa": 0.30, "lad_and_neighbour": 0.20}
RADIUS_CHOICES_KM = np.arange(5, 61, 5)

_ROLE_VCS = "vcs"
_ROLE_WOMEN = "women"
_ROLE_WOMEN_BAME = "women_bame"
_ROLE_BAME = "bame"
_ROLE_PRIVATE = "private"
_ROLE_PUBLIC = "public"

_GENERIC_NAMES = (
    "Synthetic Community Justice Trust ({town}) {num}",
    "Synthetic {town} Rehabilitation Project {num}",
    "Synthetic {town} Resettlement Service {num}",
    "Synthetic {town} Mentoring Network {num}",
    "Synthetic {town} Recovery Community {num}",
    "Synthetic {town} Housing Support Charity {num}",
    "Synthetic {town} Family Links {num}",
    "Synthetic {town} Employment and Skills Trust {num}",
)
_NATIONAL_NAMES = (
    "Synthetic National Rehabilitation Charity {num}",
    "Synthetic Justice Foundation UK {num}",
    "Synthetic Second Chances Trust {num}",
    "Synthetic Housing and Justice Association {num}",
)
_BAME_NAMES = (
    "Synthetic {town} Black and Asian Justice Network {num}",
    "Synthetic {town} Minority Ethnic Resettlement Project {num}",
    "Synthetic African Caribbean Mentoring ({town}) {num}",
    "Synthetic {town} Asian Community Justice Project {num}",
    "Synthetic {town} Multicultural Support Trust {num}",
)
_WOMEN_NAMES = ("Synthetic Women's Centre {town} {num}",)
_WOMEN_BAME_NAMES = ("Synthetic Black and Minoritised Women's Project {town} {num}",)
_PRIVATE_NAMES = (
    "Synthetic Rehabilitation Services Ltd {num}",
    "Synthetic Justice Partnerships plc {num}",
    "Synthetic Community Outcomes Ltd {num}",
    "Synthetic Probation Solutions plc {num}",
    "Synthetic Resettlement Group Ltd {num}",
    "Synthetic Offender Services plc {num}",
)
_PUBLIC_NAMES = (
    "Synthetic {town} Council Resettlement Service {num}",
    "Synthetic {town} NHS Health and Justice Team {num}",
)


def generate_demo_providers(n: int = DEMO_SIZE, *, seed: int = DEMO_SEED) -> pd.DataFrame:
    """Generate ``n`` synthetic providers in the provider input format.

    Parameters
    ----------
    n : int
        Number of providers (rows), at least 1. ``DEMO_SIZE`` for the demo,
        ``BENCHMARK_SIZE`` for benchmarks.
    seed : int
        Seed of :func:`numpy.random.default_rng`; the same ``n`` and ``seed`` always give the
        same frame.

    Returns
    -------
    pandas.DataFrame
        One row per provider with the columns of :data:`COLUMNS`: ``provider_id``
        (``SYN-00001`` ...), ``name``, ``sector`` (``vcs``, ``private``, ``public``),
        ``postcode`` (unit postcode or postcode district), ``latitude`` and ``longitude``
        (degrees, EPSG:4326), ``income_gbp`` (£ a year, nullable integer), ``income_band``
        (NCVO band, only where ``income_gbp`` is empty), ``specialisms`` (``;``-separated),
        ``service_area`` (``national`` or ``;``-separated LAD / police force area names or
        codes), ``radius_km`` (km, nullable integer) and ``synthetic`` (``"yes"``). Unused
        text cells are empty strings; unused numbers are missing.

    Raises
    ------
    ValidationError
        When ``n`` is not a positive whole number.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValidationError(f"`n` must be a whole number of providers of at least 1, not {n!r}.")
    n = int(n)
    rng = np.random.default_rng(seed)

    roles = _draw_roles(n, rng)
    small_area_index = _draw_small_areas(roles, rng)
    location = _draw_locations(small_area_index, rng)
    income_gbp = _draw_incomes(roles, rng)
    band_only = _draw_band_only(roles, rng)
    specialisms = _draw_specialisms(roles, location["lad_code"], rng)
    # A public body is either a council (serving its district) or an NHS team (serving its
    # police force area); the name and the service area must agree.
    is_council = rng.random(n) < 0.5
    service_area, radius_km = _draw_service_areas(
        roles, income_gbp, location["lad_code"], is_council, rng
    )
    numbers = np.arange(1, n + 1)
    names = _draw_names(roles, income_gbp, location["lad_code"], is_council, numbers, rng)

    sector = np.where(np.isin(roles, [_ROLE_PRIVATE, _ROLE_PUBLIC]), roles, "vcs")
    income_band = np.where(band_only, [_ncvo_band(v) for v in income_gbp], "")
    income_column = pd.arrays.IntegerArray(income_gbp, mask=band_only)
    frame = pd.DataFrame(
        {
            "provider_id": [f"SYN-{k:05d}" for k in numbers],
            "name": names,
            "sector": sector.astype(str),
            "postcode": location["postcode"],
            "latitude": location["latitude"],
            "longitude": location["longitude"],
            "income_gbp": income_column,
            "income_band": income_band.astype(str),
            "specialisms": specialisms,
            "service_area": service_area,
            "radius_km": radius_km,
            "synthetic": ["yes"] * n,
        },
        columns=list(COLUMNS),
    )
    return frame


def write_demo_providers(path=DEMO_PATH, n: int = DEMO_SIZE, *, seed: int = DEMO_SEED) -> Path:
    """Generate the synthetic providers and write them as a CSV file.

    Parameters
    ----------
    path : str or os.PathLike
        Output file; missing parent folders are created.
    n : int
        Number of providers.
    seed : int
        Random seed.

    Returns
    -------
    pathlib.Path
        The file written: UTF-8, ``\\n`` line ends, no index. The same ``n`` and ``seed``
        always give the same bytes.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame = generate_demo_providers(n, seed=seed)
    frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path


# --- roles -------------------------------------------------------------------------------


def _draw_roles(n: int, rng: np.random.Generator) -> np.ndarray:
    # Small sets stay mostly voluntary sector: at most one private or public body per 100 rows.
    n_private = min(N_PRIVATE_PRIMES, n // 100)
    n_public = min(N_PUBLIC_BODIES, n // 100)
    n_vcs = n - n_private - n_public
    n_women_total = min(n_vcs, max(1, round(N_WOMENS_CENTRES * n / DEMO_SIZE)))
    n_women_bame = round(SHARE_WOMEN_ALSO_BAME * n_women_total)
    n_bame_total = round(BAME_LED_SHARE * n_vcs)
    n_bame_only = min(max(0, n_bame_total - n_women_bame), n_vcs - n_women_total)
    n_generic = n_vcs - n_women_total - n_bame_only
    roles = np.array(
        [_ROLE_PRIVATE] * n_private
        + [_ROLE_PUBLIC] * n_public
        + [_ROLE_WOMEN] * (n_women_total - n_women_bame)
        + [_ROLE_WOMEN_BAME] * n_women_bame
        + [_ROLE_BAME] * n_bame_only
        + [_ROLE_VCS] * n_generic,
        dtype=object,
    )
    # Mix the kinds through the file, as a real list would be.
    return roles[rng.permutation(n)].astype(str)


# --- locations ---------------------------------------------------------------------------


def _draw_small_areas(roles: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Index (into ``load_small_areas()``) of each provider's base small area."""
    small_areas = _small_areas()
    weight_column = {
        _ROLE_WOMEN: "females",
        _ROLE_WOMEN_BAME: "minority_ethnic",
        _ROLE_BAME: "minority_ethnic",
    }
    index = np.empty(len(roles), dtype=np.int64)
    for column in ("population", "females", "minority_ethnic"):
        rows = np.flatnonzero([weight_column.get(role, "population") == column for role in roles])
        if len(rows) == 0:
            continue
        weights = small_areas[column].to_numpy(float)
        index[rows] = rng.choice(len(small_areas), size=len(rows), p=weights / weights.sum())
    return index


def _draw_locations(small_area_index: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Postcode or latitude/longitude of each base, and the LAD the loader will give it."""
    small_areas = _small_areas()
    nearest_postcode, nearest_postcode_lad = _nearest_postcode_per_small_area()
    compact = nearest_postcode[small_area_index]
    n = len(small_area_index)
    kinds = np.array(list(LOCATION_KIND_SHARES))
    kind = kinds[rng.choice(len(kinds), size=n, p=list(LOCATION_KIND_SHARES.values()))]

    district = np.array([code[:-3] for code in compact], dtype=object)
    district_lad = _district_lads()
    postcode = np.where(
        kind == "unit",
        np.array([format_postcode(code) for code in compact], dtype=object),
        np.where(kind == "district", district, ""),
    )
    is_latlon = kind == "latlon"
    lon, lat = bng_to_lonlat(
        small_areas["x"].to_numpy()[small_area_index], small_areas["y"].to_numpy()[small_area_index]
    )
    latitude = np.where(is_latlon, np.round(lat, 5), np.nan)
    longitude = np.where(is_latlon, np.round(lon, 5), np.nan)

    # The base LAD the loader will find: a postcode's own LAD, a district's main LAD, and for
    # a point the LAD of the small area it was drawn from.
    small_area_lad = small_areas["lad_code"].to_numpy()[small_area_index]
    lad_code = np.where(
        kind == "unit",
        nearest_postcode_lad[small_area_index],
        np.where(kind == "district", [district_lad[d] for d in district], small_area_lad),
    )
    return {
        "postcode": postcode.astype(str),
        "latitude": latitude,
        "longitude": longitude,
        "lad_code": lad_code.astype(str),
    }


@lru_cache(maxsize=1)
def _small_areas() -> pd.DataFrame:
    return load_small_areas()


@lru_cache(maxsize=1)
def _nearest_postcode_per_small_area() -> tuple[np.ndarray, np.ndarray]:
    """The unit postcode (compact, e.g. ``LS11UR``) nearest each small-area centroid, and its LAD.

    Returns
    -------
    postcode, lad_code : numpy.ndarray
        Aligned with ``load_small_areas()``; nearness is straight-line distance in EPSG:27700.
    """
    table = pq.read_table(data_path("postcodes.parquet"), columns=["postcode", "easting", "northing", "lad_code"])
    # Building the 1.6 million postcode points is the slow step (about 2 s), so it is done
    # once per process for all 35,672 small areas, and only the answer is kept.
    easting_northing = np.column_stack([table.column("easting").to_numpy(), table.column("northing").to_numpy()])
    tree = shapely.STRtree(shapely.points(easting_northing.astype(float)))
    small_areas = _small_areas()
    centroids = shapely.points(small_areas[["x", "y"]].to_numpy(float))
    query_index, postcode_index = tree.query_nearest(centroids, all_matches=False)
    nearest = np.empty(len(small_areas), dtype=np.int64)
    nearest[query_index] = postcode_index
    postcode = np.asarray(table.column("postcode").take(nearest).to_pylist(), dtype=object)
    lad_code = np.asarray(table.column("lad_code").take(nearest).to_pylist(), dtype=object)
    return postcode, lad_code


@lru_cache(maxsize=1)
def _district_lads() -> dict[str, str]:
    table = pd.read_parquet(data_path("postcode_districts.parquet"), columns=["district", "lad_code"])
    return dict(zip(table["district"], table["lad_code"]))


# --- income ------------------------------------------------------------------------------


def _draw_incomes(roles: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Annual income (£, whole pounds) of every provider."""
    n = len(roles)
    lower = np.empty(n)
    upper = np.empty(n)
    is_vcs = ~np.isin(roles, [_ROLE_PRIVATE, _ROLE_PUBLIC])
    is_women = np.isin(roles, [_ROLE_WOMEN, _ROLE_WOMEN_BAME])

    # Exact band counts over all VCS rows, so the mix holds even for small sets. Women's
    # centres take their places from the two middle bands, half each, so the overall mix is
    # unchanged.
    women_rows = np.flatnonzero(is_women)
    women_bands = np.where(np.arange(len(women_rows)) % 2 == 0, 1, 2)[rng.permutation(len(women_rows))]
    other_rows = np.flatnonzero(is_vcs & ~is_women)
    shares = [share for _, _, share in INCOME_MIX]
    band_counts = _largest_remainder(int(is_vcs.sum()), shares)
    band_counts[1] -= int((women_bands == 1).sum())
    band_counts[2] -= int((women_bands == 2).sum())
    if band_counts.min() < 0:  # a set so small the women's centres fill a band
        band_counts = _largest_remainder(len(other_rows), shares)
    other_bands = np.repeat(np.arange(len(INCOME_MIX)), band_counts)[rng.permutation(len(other_rows))]
    for band, (low, high, _) in enumerate(INCOME_MIX):
        rows = other_rows[other_bands == band]
        lower[rows], upper[rows] = low, high
    women_ranges = {1: (100_000, 500_000), 2: (500_000, 3_000_000)}
    for band, (low, high) in women_ranges.items():
        rows = women_rows[women_bands == band]
        lower[rows], upper[rows] = low, high
    lower[roles == _ROLE_PRIVATE], upper[roles == _ROLE_PRIVATE] = 50_000_000, 500_000_000
    lower[roles == _ROLE_PUBLIC], upper[roles == _ROLE_PUBLIC] = 1_000_000, 20_000_000

    # Log-uniform: charity incomes span orders of magnitude within a band. Flooring keeps
    # every income strictly below its band's upper limit.
    fraction = rng.random(n)
    return np.floor(lower * (upper / lower) ** fraction).astype(np.int64)


def _largest_remainder(total: int, shares) -> np.ndarray:
    exact = np.asarray(shares, float) * total / np.sum(shares)
    counts = np.floor(exact).astype(np.int64)
    # A stable sort gives the extra row to the earlier band when remainders are equal.
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[: total - counts.sum()]] += 1
    return counts


def _draw_band_only(roles: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """True for the VCS rows that give an NCVO income band instead of an income."""
    vcs_rows = np.flatnonzero(~np.isin(roles, [_ROLE_PRIVATE, _ROLE_PUBLIC]))
    chosen = rng.choice(vcs_rows, size=round(SHARE_BAND_ONLY * len(vcs_rows)), replace=False)
    band_only = np.zeros(len(roles), dtype=bool)
    band_only[chosen] = True
    return band_only


def _ncvo_band(income_gbp: int) -> str:
    """NCVO income band of an income in £ (lower bounds inclusive)."""
    name = NCVO_BANDS[0][0]
    for band, lower in NCVO_BANDS:
        if income_gbp >= lower:
            name = band
    return name


# --- specialisms -------------------------------------------------------------------------


def _draw_specialisms(roles: np.ndarray, base_lad: np.ndarray, rng: np.random.Generator) -> list[str]:
    n = len(roles)
    is_vcs = ~np.isin(roles, [_ROLE_PRIVATE, _ROLE_PUBLIC])
    has = {name: np.zeros(n, dtype=bool) for name in SPECIALISM_ORDER}
    has["women"] = np.isin(roles, [_ROLE_WOMEN, _ROLE_WOMEN_BAME])
    has["bame"] = np.isin(roles, [_ROLE_BAME, _ROLE_WOMEN_BAME])
    for name, share in OTHER_SPECIALISM_SHARES.items():
        has[name] = is_vcs & (rng.random(n) < share)
    in_wales = np.char.startswith(base_lad.astype(str), "W")
    has["welsh_language"] = is_vcs & in_wales & (rng.random(n) < SHARE_WELSH_LANGUAGE_IN_WALES)
    return [";".join(name for name in SPECIALISM_ORDER if has[name][i]) for i in range(n)]


# --- service areas -----------------------------------------------------------------------


def _draw_service_areas(
    roles: np.ndarray, income_gbp: np.ndarray, base_lad: np.ndarray, is_council: np.ndarray, rng: np.random.Generator
) -> tuple[list[str], pd.arrays.IntegerArray]:
    n = len(roles)
    units = _units()
    service_area = [""] * n
    radius_km = np.zeros(n, dtype=np.int64)
    has_radius = np.zeros(n, dtype=bool)
    # One draw of each kind per row, whatever the row turns out to be, so that adding a rule
    # for one kind of provider does not reshuffle every other row.
    choice = rng.random(n)
    listed_choice = rng.random(n)
    neighbour_choice = rng.random(n)
    radius_choice = rng.choice(RADIUS_CHOICES_KM, size=n)
    listed_kinds = list(LISTED_KIND_SHARES)
    listed_cumulative = np.cumsum(list(LISTED_KIND_SHARES.values()))

    for i in range(n):
        lad = base_lad[i]
        if roles[i] == _ROLE_PRIVATE:
            service_area[i] = "national" if choice[i] < 0.5 else _region_pfa_list(lad)
        elif roles[i] == _ROLE_PUBLIC:
            service_area[i] = _lad_label(lad) if is_council[i] else _pfa_label(units.at[lad, "pfa_code"])
        elif income_gbp[i] >= NATIONAL_INCOME_GBP:
            service_area[i] = "national" if choice[i] < SHARE_NATIONAL_OF_LARGE else _home_and_neighbouring_pfa(lad)
        elif choice[i] < SHARE_LISTED:
            kind = listed_kinds[int(np.searchsorted(listed_cumulative, listed_choice[i], side="right"))]
            neighbours = _neighbours()[lad]
            if kind == "own_pfa":
                service_area[i] = _pfa_label(units.at[lad, "pfa_code"])
            elif kind == "lad_and_neighbour" and neighbours:
                neighbour = neighbours[int(neighbour_choice[i] * len(neighbours))]
                service_area[i] = f"{_lad_label(lad)};{_lad_label(neighbour)}"
            else:  # own district, and islands with no neighbour
                service_area[i] = _lad_label(lad)
        elif choice[i] < SHARE_LISTED + SHARE_RADIUS:
            radius_km[i] = radius_choice[i]
            has_radius[i] = True
    return service_area, pd.arrays.IntegerArray(radius_km, mask=~has_radius)


@lru_cache(maxsize=1)
def _units() -> pd.DataFrame:
    return load_units()


# A name that means both a district and a police force area (Dorset, North Yorkshire,
# Wiltshire, City of London) is read by the loader as the police force area, with a warning;
# the demo lists such areas by code so that it loads without warnings it does not mean to raise.


@cache
def _lad_label(lad_code: str) -> str:
    """How a district is listed: its ONS name, or its code when the name also means a PFA."""
    name = _units().at[lad_code, "lad_name"]
    return lad_code if resolve_pfa(name) is not None else name


@cache
def _pfa_label(pfa_code: str) -> str:
    """How a police force area is listed: its ONS name, or its code when the name is also a LAD's."""
    name = pfa_name(pfa_code)
    return pfa_code if resolve_lad(name) is not None else name


@cache
def _home_and_neighbouring_pfa(lad_code: str) -> str:
    """The police force area of a district and the first neighbouring one (by code)."""
    units = _units()
    home = units.at[lad_code, "pfa_code"]
    members = units.index[units["pfa_code"] == home]
    bordering = sorted({units.at[n, "pfa_code"] for m in members for n in _neighbours()[m]} - {home, CITY_OF_LONDON_PFA})
    pfas = [home] + bordering[:1]
    return ";".join(_pfa_label(code) for code in pfas)


@cache
def _region_pfa_list(lad_code: str) -> str:
    """The police force areas of the probation region (June 2021) containing a district."""
    from lotdesign.core.designs import get_design

    region_of = get_design("regions12").unit_to_lot
    units = _units()
    in_region = units[(region_of.reindex(units.index) == region_of[lad_code]).to_numpy()]
    # The Metropolitan Police area already means all of London, City included.
    in_region = in_region[in_region["pfa_code"] != CITY_OF_LONDON_PFA]
    pfas = in_region.drop_duplicates("pfa_code").sort_values("pfa_name")["pfa_code"]
    return ";".join(_pfa_label(code) for code in pfas)


@lru_cache(maxsize=1)
def _neighbours() -> dict[str, list[str]]:
    """LAD codes sharing a border with each LAD (EPSG:27700 boundaries), sorted."""
    boundaries = load_unit_boundaries("analysis")
    geometries = boundaries.geometry.values
    tree = shapely.STRtree(geometries)
    left, right = tree.query(geometries, predicate="intersects")
    codes = boundaries.index.to_numpy()
    neighbours: dict[str, list[str]] = {code: [] for code in codes}
    for a, b in zip(left, right):
        if a != b:
            neighbours[codes[a]].append(codes[b])
    return {code: sorted(found) for code, found in neighbours.items()}


# --- names -------------------------------------------------------------------------------


def _town(lad_code: str) -> str:
    # ONS writes "Bristol, City of"; a charity would say "Bristol".
    return _units().at[lad_code, "lad_name"].split(",")[0]


def _draw_names(
    roles: np.ndarray,
    income_gbp: np.ndarray,
    base_lad: np.ndarray,
    is_council: np.ndarray,
    numbers: np.ndarray,
    rng: np.random.Generator,
) -> list[str]:
    template_choice = rng.random(len(roles))
    # Private primes are few and prominent: give each a different company name.
    private_ordinal = np.cumsum(roles == _ROLE_PRIVATE) - 1
    names = []
    for i, role in enumerate(roles):
        if role == _ROLE_PRIVATE:
            templates = (_PRIVATE_NAMES[private_ordinal[i] % len(_PRIVATE_NAMES)],)
        elif role == _ROLE_PUBLIC:
            templates = (_PUBLIC_NAMES[0] if is_council[i] else _PUBLIC_NAMES[1],)
        elif role == _ROLE_WOMEN:
            templates = _WOMEN_NAMES
        elif role == _ROLE_WOMEN_BAME:
            templates = _WOMEN_BAME_NAMES
        elif role == _ROLE_BAME:
            templates = _BAME_NAMES
        elif income_gbp[i] >= NATIONAL_INCOME_GBP:
            templates = _NATIONAL_NAMES
        else:
            templates = _GENERIC_NAMES
        template = templates[int(template_choice[i] * len(templates))]
        names.append(template.format(town=_town(base_lad[i]), num=f"{numbers[i]:04d}"))
    return names


# --- command line ------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Write the synthetic demo providers: ``python -m lotdesign.importing.demo [--n N] [--seed S] [--out PATH]``.

    Parameters
    ----------
    argv : list of str, optional
        Command-line arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        Exit status, 0 on success.
    """
    parser = argparse.ArgumentParser(
        prog="python -m lotdesign.importing.demo",
        description="Write SYNTHETIC demo providers (not real organisations) as a CSV file.",
    )
    parser.add_argument("--n", type=int, default=DEMO_SIZE, help=f"number of providers (default {DEMO_SIZE})")
    parser.add_argument("--seed", type=int, default=DEMO_SEED, help=f"random seed (default {DEMO_SEED})")
    parser.add_argument("--out", type=Path, default=DEMO_PATH, help=f"output CSV (default {DEMO_PATH})")
    args = parser.parse_args(argv)
    path = write_demo_providers(args.out, args.n, seed=args.seed)
    print(f"Wrote {args.n} synthetic demo providers (seed {args.seed}) to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
