"""The atomic areas: 318 LAD units, their PFA/PCC lookup, and the 35,672 small-area points.

All loaders read the committed files under ``data/`` once (lazily, on first use) and return
copies, so callers may modify what they get without affecting anyone else.
"""

from __future__ import annotations

from functools import lru_cache

import geopandas as gpd
import pandas as pd

from geo.datafiles import data_path
from geo.crs import ANALYSIS_CRS, DISPLAY_CRS

#: Number of Local Authority Districts (2024 codes) in England and Wales.
N_UNITS = 318
#: PFA code of the City of London police area, merged into the Metropolitan area for PCCs.
CITY_OF_LONDON_PFA = "E23000034"
METROPOLITAN_PFA = "E23000001"


@lru_cache(maxsize=1)
def _units() -> pd.DataFrame:
    return pd.read_parquet(data_path("units.parquet")).set_index("lad_code")


def load_units() -> pd.DataFrame:
    """Load the 318 LAD units of England and Wales.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``lad_code`` (GSS code, e.g. ``E09000033``) with columns ``lad_name``,
        ``country`` (England/Wales), ``pfa_code``, ``pfa_name``, ``pcc_code``, ``pcc_name``
        (42 PCC areas: City of London merged into the Metropolitan Police area),
        ``population`` and ``females`` (ONS mid-2023, persons), ``minority_ethnic`` (persons,
        mid-2023 population × Census 2021 non-White share) and the Census 2021 counts.
    """
    return _units().copy()


@lru_cache(maxsize=1)
def _small_areas() -> pd.DataFrame:
    return pd.read_parquet(data_path("small_areas.parquet"))


def load_small_areas() -> pd.DataFrame:
    """Load the 35,672 LSOA 2021 population-weighted centroids.

    Returns
    -------
    pandas.DataFrame
        One row per LSOA, sorted by ``lad_code`` then ``lsoa_code``, with ``x``, ``y``
        (metres, EPSG:27700), ``population``, ``females``, ``eth_total`` and
        ``minority_ethnic`` (Census 2021 Asian, Black, Mixed and Other groups, persons).
    """
    return _small_areas().copy()


@lru_cache(maxsize=2)
def _boundaries(kind: str) -> gpd.GeoDataFrame:
    name = {"analysis": "lad_units_bng.parquet", "display": "lad_units_display_wgs84.parquet"}[kind]
    frame = gpd.read_parquet(data_path("boundaries", name)).set_index("lad_code")
    expected = ANALYSIS_CRS if kind == "analysis" else DISPLAY_CRS
    if frame.crs is None or frame.crs.to_string() != expected:
        raise ValueError(f"{name} should be in {expected}, found {frame.crs}; rebuild data/.")
    return frame


def load_unit_boundaries(kind: str = "analysis") -> gpd.GeoDataFrame:
    """Load the LAD unit boundaries.

    Parameters
    ----------
    kind : {"analysis", "display"}
        ``"analysis"``: as published (ONS BUC, 500 m generalised), EPSG:27700 metres.
        ``"display"``: coverage-simplified for maps, EPSG:4326.

    Returns
    -------
    geopandas.GeoDataFrame
        Indexed by ``lad_code``.
    """
    if kind not in ("analysis", "display"):
        raise ValueError(f"kind must be 'analysis' or 'display', not {kind!r}.")
    return _boundaries(kind).copy()


def pfa_table() -> pd.DataFrame:
    """The 43 Police Force Areas with their PCC area, LAD count and mid-2023 population."""
    units = _units()
    grouped = units.groupby("pfa_code", sort=True)
    return pd.DataFrame(
        {
            "pfa_name": grouped["pfa_name"].first(),
            "pcc_code": grouped["pcc_code"].first(),
            "pcc_name": grouped["pcc_name"].first(),
            "n_units": grouped.size(),
            "population": grouped["population"].sum(),
        }
    )
