"""The areas contracts were let for, as shapes: on the map and as GeoPackage/GeoJSON files.

Each row is drawn as the union of its districts (``area_lad_codes``): a region or PCC area for
contracts let whole, the named local authorities' real district boundaries for local-authority
lots, and the containing area (marked ``finer_than_map``) where no boundary is published.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lotdesign.awards.data import CONTRACTS_NOT_QUALITY, NO_CONTRACT_VALUES, AwardsData, load_awards


def awards_lots_geodataframe(lots: pd.DataFrame, *, kind: str = "display"):
    """The rows of ``lots`` with their shapes (EPSG:4326 ``display`` or EPSG:27700 ``analysis``).

    ``lots`` needs ``area_lad_codes`` (``;``-joined district codes). Rows without districts keep
    an empty geometry.

    Returns
    -------
    geopandas.GeoDataFrame
        The rows of ``lots`` (same order) plus ``geometry``.
    """
    import geopandas as gpd

    from geo.boundaries import dissolve_lots
    from geo.units import load_units

    units = load_units()
    geometries: dict[str, object] = {}
    crs = None
    for codes in lots["area_lad_codes"].dropna().unique():
        if not codes:
            continue
        members = units.index[units.index.isin(codes.split(";"))]
        shape = dissolve_lots(pd.Series(codes, index=members, name="lot"), kind=kind)
        geometries[codes] = shape.geometry.iloc[0]
        crs = shape.crs
    if crs is None:
        crs = "EPSG:4326" if kind == "display" else "EPSG:27700"
    geometry = [geometries.get(c) for c in lots["area_lad_codes"].fillna("")]
    return gpd.GeoDataFrame(lots.reset_index(drop=True), geometry=geometry, crs=crs)


def awards_export_table(lots: pd.DataFrame, awards: AwardsData | None = None, *, as_of: str | None = None) -> pd.DataFrame:
    """Per-lot awards as a download table, with the source, the day, the notes and the app version."""
    from lotdesign.io.export import app_version

    awards = awards or load_awards()
    table = lots.copy()
    table["as_of"] = as_of or ""
    table["source"] = awards.source_line
    table["note"] = CONTRACTS_NOT_QUALITY + " " + NO_CONTRACT_VALUES
    table["app_version"] = app_version()
    return table


def write_awards_lots(lots: pd.DataFrame, path) -> Path:
    """Write per-lot awards with shapes: GeoPackage (EPSG:27700, layer ``awards_lots``) or GeoJSON (EPSG:4326)."""
    from lotdesign.io.writers import GEO_FORMATS, GEO_KIND, file_format, write_geo

    kind = GEO_KIND[file_format(path, GEO_FORMATS)]
    return write_geo(awards_lots_geodataframe(lots, kind=kind), path, layer="awards_lots")


def awards_lots_bytes(lots: pd.DataFrame, fmt: str) -> bytes:
    """Per-lot awards with shapes as GeoPackage (``gpkg``) or GeoJSON (``geojson``) bytes."""
    from lotdesign.io.writers import GEO_FORMATS, GEO_KIND, geo_bytes, wrong_format_error

    if fmt not in GEO_FORMATS:
        raise wrong_format_error(f"a '{fmt}' file", GEO_FORMATS)
    return geo_bytes(awards_lots_geodataframe(lots, kind=GEO_KIND[fmt]), fmt, layer="awards_lots")
