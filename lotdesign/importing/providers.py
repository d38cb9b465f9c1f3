"""Load, validate and report on provider lists (CSV, Excel, GeoJSON, GeoPackage).

The work is done by the steps of :mod:`lotdesign.importing` (read → find header → map columns →
parse each field → locate → validate → report); this module keeps the public entry points.

Every input row ends up either *accepted* (possibly with warnings) or *rejected with a reason*
(row number, column, what was found and what to do). Only rows with no name, no usable
location, or that duplicate another organisation are rejected; partial data (approximate or
unknown income, unknown area names, a postcode not in the 2024 list) are kept with a warning.
Row numbers are spreadsheet rows (a title above the header counts).

Accepted columns (one row per provider, in input order)
-------------------------------------------------------
``provider_id``, ``name``, ``sector`` (vcs/private/public), ``income_gbp`` (£ a year; NaN when
unknown), ``income_band`` (NCVO band of the income; '' when unknown), ``income_from_band``
(bool), ``specialisms`` (semicolon list), ``women``, ``bame`` (bool), ``base_x``, ``base_y``
(metres, EPSG:27700), ``base_lad`` (LAD code), ``base_source`` (postcode, postcode_sector,
postcode_district, lat_lon, easting_northing), ``service_area_kind`` (listed, national, radius,
default_radius), ``service_lads`` (semicolon list of LAD codes), ``radius_km`` (NaN unless a
radius applies), ``source_row``, ``warnings``, ``income_known``, ``income_approximate`` (bool),
``source_file``, ``area_given`` (bool: the areas cell was not blank), ``area_status`` ('', partial,
unresolved or outside: see :func:`lotdesign.importing.areas.parse_service_areas`),
``income_given`` (bool: the income cell was not blank).
"""

from __future__ import annotations

import html

import pandas as pd

from geo.crs import bng_to_lonlat
from lotdesign.importing.columns import (
    COLUMN_ALIASES,
    COLUMN_HELP,
    ColumnMapping,
    match_columns,
)
from lotdesign.importing.fields import parse_band, parse_money, read_money
from lotdesign.importing.pipeline import combine_loads, load_draft, load_providers, prepare_import
from lotdesign.importing.result import ACCEPTED_COLUMNS, ProviderLoadResult

__all__ = [
    "ACCEPTED_COLUMNS", "COLUMN_ALIASES", "COLUMN_HELP", "ColumnMapping", "ProviderLoadResult", "combine_loads",
    "compute_provider_reach", "escape_text", "listed_units", "load_draft", "load_providers", "map_columns",
    "parse_band", "parse_money", "prepare_import", "providers_template", "providers_with_lonlat", "read_money",
]


def map_columns(columns: list[str]) -> tuple[dict[str, str], list[str]]:
    """Match a file's columns to the canonical names by name; return (canonical → original, unused)."""
    matched = match_columns(columns)
    mapping = {field: column for column, field in matched.items() if field}
    return mapping, [c for c, f in matched.items() if not f]



def listed_units(accepted: pd.DataFrame) -> list[list[str]]:
    """Each accepted provider's listed LAD codes, as lists (for :func:`geo.reach.compute_reach`)."""
    return [s.split(";") if s else [] for s in accepted["service_lads"]]


def compute_provider_reach(accepted: pd.DataFrame):
    """The reach matrix of accepted providers (rows in the same order)."""
    from geo.reach import compute_reach

    return compute_reach(
        accepted["provider_id"].to_numpy(),
        accepted["base_x"].to_numpy(float),
        accepted["base_y"].to_numpy(float),
        accepted["radius_km"].to_numpy(float),
        national=(accepted["service_area_kind"] == "national").to_numpy(),
        listed_units=listed_units(accepted),
    )


def providers_with_lonlat(accepted: pd.DataFrame) -> pd.DataFrame:
    """Accepted providers with ``lon``/``lat`` (degrees, EPSG:4326) added, for display."""
    lon, lat = bng_to_lonlat(accepted["base_x"].to_numpy(float), accepted["base_y"].to_numpy(float))
    return accepted.assign(lon=lon, lat=lat)


def providers_template() -> pd.DataFrame:
    """A small example provider table showing every column (rows are made-up examples)."""
    return pd.DataFrame(
        [
            {"provider_id": "EX-1", "name": "Example Women's Centre", "sector": "vcs", "postcode": "LS1 4DY",
             "latitude": "", "longitude": "", "income_gbp": "450000", "income_band": "", "specialisms": "women",
             "service_area": "Leeds; Bradford", "radius_km": ""},
            {"provider_id": "EX-2", "name": "Example Community Justice Trust", "sector": "vcs", "postcode": "M1",
             "latitude": "", "longitude": "", "income_gbp": "", "income_band": "small", "specialisms": "bame; young_adults",
             "service_area": "", "radius_km": "15"},
            {"provider_id": "EX-3", "name": "Example National Charity", "sector": "vcs", "postcode": "",
             "latitude": "51.5074", "longitude": "-0.1278", "income_gbp": "£25m", "income_band": "", "specialisms": "",
             "service_area": "national", "radius_km": ""},
        ]
    )


def escape_text(value: object) -> str:
    """HTML-escape any user text for popups, tooltips and HTML exports."""
    return html.escape("" if value is None else str(value), quote=True)
