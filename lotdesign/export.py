"""Exports: score tables (CSV/XLSX), lots (GeoJSON/GPKG), standalone HTML maps, scenario files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lotdesign._errors import InputFileError
from lotdesign._tables import cell_is_formula


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as formulas with a quote (CSV injection)."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object:
            safe[column] = safe[column].map(lambda v: "'" + v if isinstance(v, str) and cell_is_formula(v) else v)
    return safe


def write_table(frame: pd.DataFrame, path) -> Path:
    """Write a table as CSV (UTF-8) or Excel by the file's extension; formulas are neutralised."""
    path = Path(path)
    safe = neutralise_formulas(frame)
    if path.suffix.lower() == ".csv":
        safe.to_csv(path, index=False, encoding="utf-8")
    elif path.suffix.lower() == ".xlsx":
        safe.to_excel(path, index=False, engine="openpyxl")
    else:
        raise InputFileError(f"Cannot write {path.name}: use a .csv or .xlsx file name.")
    return path


# --- lots as geometry ---------------------------------------------------------------------

def lots_geodataframe(score, *, kind: str = "display"):
    """The scored lots with their dissolved boundaries (EPSG:4326 display, or EPSG:27700).

    Parameters
    ----------
    score : lotdesign.scoring.DesignScore
    kind : {"display", "analysis"}

    Returns
    -------
    geopandas.GeoDataFrame
        One row per lot in scope: every per-lot metric plus ``geometry``.
    """
    from geo.boundaries import dissolve_lots

    design = score.design
    unit_to_lot = design.unit_to_lot[design.unit_to_lot.isin(score.lots.index)]
    lots = dissolve_lots(unit_to_lot, kind=kind)
    table = score.lots.drop(columns=["n_units"]).join(lots, how="left")
    import geopandas as gpd

    frame = gpd.GeoDataFrame(table, geometry="geometry", crs=lots.crs)
    frame.insert(0, "design", design.id)
    frame.insert(1, "service", score.params.service)
    return frame.reset_index()


def write_lots(score, path) -> Path:
    """Write scored lots with boundaries as GeoJSON (EPSG:4326) or GeoPackage (EPSG:27700)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".geojson", ".json"):
        frame = lots_geodataframe(score, kind="display")
        path.write_text(frame.to_json(drop_id=True), encoding="utf-8")
    elif suffix == ".gpkg":
        frame = lots_geodataframe(score, kind="analysis")
        frame.to_file(path, driver="GPKG", layer="lots")
    else:
        raise InputFileError(f"Cannot write {path.name}: use a .geojson or .gpkg file name.")
    return path


def table_bytes(frame: pd.DataFrame, fmt: str) -> bytes:
    """A table as CSV (UTF-8 with BOM, so Excel reads £ correctly) or XLSX bytes, formulas neutralised."""
    import io

    safe = neutralise_formulas(frame)
    if fmt == "csv":
        return safe.to_csv(index=False).encode("utf-8-sig")
    if fmt == "xlsx":
        buffer = io.BytesIO()
        safe.to_excel(buffer, index=False, engine="openpyxl")
        return buffer.getvalue()
    raise ValueError(f"fmt must be 'csv' or 'xlsx', not {fmt!r}")


def lots_bytes(score, fmt: str) -> bytes:
    """Scored lots as GeoJSON or GeoPackage bytes (for downloads)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"lots.{'geojson' if fmt == 'geojson' else 'gpkg'}"
        write_lots(score, path)
        return path.read_bytes()
