"""The one writer for tables (CSV, Excel) and the one for geo files (GeoJSON, GeoPackage).

Every table or geo file the explorer writes for a user goes through here, so each gets the
same formula rule (:func:`lotdesign.io.formulas.neutralise_formulas`) and the same message for
a file name it cannot write (:func:`file_format`). GeoJSON is written in EPSG:4326 (longitude,
latitude: what web maps read); GeoPackage keeps whatever CRS the frame has — callers pass
EPSG:27700 frames (metres) so areas and distances measured from it are right.
"""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

import pandas as pd

from lotdesign.errors import InputFileError
from lotdesign.io.formulas import neutralise_formulas

TABLE_FORMATS = ("csv", "xlsx")
GEO_FORMATS = ("geojson", "gpkg")
#: Which boundaries each geo format carries: display (EPSG:4326) for GeoJSON, analysis (EPSG:27700) for GeoPackage.
GEO_KIND = {"geojson": "display", "gpkg": "analysis"}
_ALIASES = {"json": "geojson"}


def _listed(formats) -> str:
    dotted = [f".{f}" for f in formats]
    return dotted[0] if len(dotted) == 1 else ", ".join(dotted[:-1]) + " or " + dotted[-1]


def wrong_format_error(name: str, formats, *, verb: str = "write") -> InputFileError:
    """The error for a file name or format not handled: ``Cannot write X: use a .csv or .xlsx file name.``"""
    return InputFileError(f"Cannot {verb} {name}: use a {_listed(formats)} file name.")


def file_format(path, formats, *, verb: str = "write") -> str:
    """The format a file name asks for (its extension, lower case, without the dot), one of ``formats``.

    Raises
    ------
    InputFileError
        When the extension is not one of ``formats``, naming the file and the extensions to use.
    """
    name = Path(path).name
    fmt = Path(path).suffix.lower().lstrip(".")
    fmt = _ALIASES.get(fmt, fmt) if _ALIASES.get(fmt) in formats else fmt
    if fmt not in formats:
        raise wrong_format_error(name, formats, verb=verb)
    return fmt


def _check(fmt: str, formats) -> None:
    if fmt not in formats:
        raise wrong_format_error(f"a '{fmt}' file", formats)


# --- tables ----------------------------------------------------------------------------------------

def table_bytes(frame: pd.DataFrame, fmt: str, *, bom: bool = True) -> bytes:
    """A table as CSV or XLSX bytes, formulas neutralised.

    CSV is UTF-8, with a byte-order mark by default so that Excel reads £ correctly.
    """
    _check(fmt, TABLE_FORMATS)
    safe = neutralise_formulas(frame)
    if fmt == "csv":
        return safe.to_csv(index=False).encode("utf-8-sig" if bom else "utf-8")
    buffer = io.BytesIO()
    safe.to_excel(buffer, index=False, engine="openpyxl")
    return buffer.getvalue()


def write_table(frame: pd.DataFrame, path) -> Path:
    """Write a table as CSV (UTF-8) or Excel, by the file's extension; formulas are neutralised."""
    path = Path(path)
    path.write_bytes(table_bytes(frame, file_format(path, TABLE_FORMATS), bom=False))
    return path


# --- geo files -------------------------------------------------------------------------------------

def geo_bytes(frame, fmt: str, *, layer: str = "lots", tables: dict | None = None,
              members: dict | None = None) -> bytes:
    """A GeoDataFrame as GeoJSON or GeoPackage bytes, text formulas neutralised.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        Features; GeoJSON is written as given (pass EPSG:4326), a GeoPackage keeps the CRS.
    fmt : {"geojson", "gpkg"}
    layer : str
        The GeoPackage layer name.
    tables : dict of str to pandas.DataFrame, optional
        Extra GeoPackage attribute tables (name → table), e.g. ``about`` and ``columns``.
    members : dict, optional
        Extra top-level GeoJSON members (name → JSON-ready value), e.g. ``about`` and ``columns``.
    """
    _check(fmt, GEO_FORMATS)
    safe = neutralise_formulas(frame)
    if fmt == "geojson":
        if not members:
            return safe.to_json(drop_id=True).encode("utf-8")
        collection = json.loads(safe.to_json(drop_id=True))
        collection.update(members)
        return json.dumps(collection, ensure_ascii=False).encode("utf-8")
    import pyogrio

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "file.gpkg"
        safe.to_file(path, driver="GPKG", layer=layer)
        for name, table in (tables or {}).items():
            pyogrio.write_dataframe(neutralise_formulas(table), path, layer=name, driver="GPKG")
        return path.read_bytes()


def write_geo(frame, path, *, layer: str = "lots") -> Path:
    """Write a GeoDataFrame as GeoJSON or GeoPackage, by the file's extension (``.json`` is GeoJSON)."""
    path = Path(path)
    path.write_bytes(geo_bytes(frame, file_format(path, GEO_FORMATS), layer=layer))
    return path
