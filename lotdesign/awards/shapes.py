"""The areas contracts were let for, as shapes: on the map and as GeoPackage/GeoJSON files.

Each row is drawn as the union of its districts (``area_lad_codes``): a region or PCC area for
contracts let whole, the named local authorities' real district boundaries for local-authority
lots, and the containing area (marked ``finer_than_map``) where no boundary is published.
"""

from __future__ import annotations

import tempfile
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
    from lotdesign.errors import InputFileError
    from lotdesign.io.export import neutralise_formulas

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".gpkg":
        frame = awards_lots_geodataframe(lots, kind="analysis")
        frame = frame.__class__(neutralise_formulas(frame), geometry="geometry", crs=frame.crs)
        frame.to_file(path, driver="GPKG", layer="awards_lots")
    elif suffix in (".geojson", ".json"):
        frame = awards_lots_geodataframe(lots, kind="display")
        path.write_text(frame.to_json(drop_id=True), encoding="utf-8")
    else:
        raise InputFileError(f"Cannot write {path.name}: use a .gpkg or .geojson file name.")
    return path


def awards_lots_bytes(lots: pd.DataFrame, fmt: str) -> bytes:
    """Per-lot awards with shapes as GeoPackage (``gpkg``) or GeoJSON (``geojson``) bytes."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"awards_lots.{fmt}"
        write_awards_lots(lots, path)
        return path.read_bytes()
