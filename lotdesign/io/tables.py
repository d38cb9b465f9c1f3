"""Read a user's table (CSV, Excel, GeoJSON, GeoPackage) into a frame of text cells.

The file type is judged by content, not by extension; text encodings UTF-8 (with or without a
BOM) and Windows-1252 are accepted; the delimiter is detected. Every failure raises
:class:`~lotdesign.errors.InputFileError` with a message that says what to do.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from lotdesign.errors import InputFileError
from lotdesign.io.formulas import cell_is_formula  # noqa: F401  (read-side name of the one rule)

_MB = 1024 * 1024
#: Largest file accepted, in bytes (the app's upload limit, server.maxUploadSize, is the same).
MAX_FILE_BYTES = 25 * _MB
#: Largest number of data rows accepted in one table.
MAX_ROWS = 200_000
#: Largest number of columns accepted in one table.
MAX_COLUMNS = 200

_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass
class RawTable:
    """A table as read: text cells, the detected format, and notes about how it was read."""

    frame: pd.DataFrame
    kind: str  # "csv", "xlsx", "geojson", "gpkg"
    notes: list[str] = field(default_factory=list)
    #: For geo formats: longitude/latitude (EPSG:4326) of each row's point, NaN where none.
    lon: np.ndarray | None = None
    lat: np.ndarray | None = None


def read_bytes(source, max_bytes: int) -> tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray)):
        data, name = bytes(source), "uploaded file"
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.is_file():
            raise InputFileError(f"File {path.name} was not found — check the path.")
        if path.stat().st_size > max_bytes:
            raise InputFileError(_too_big(path.stat().st_size, max_bytes))
        data, name = path.read_bytes(), path.name
    elif hasattr(source, "read"):
        data = source.read(max_bytes + 1)
        name = getattr(source, "name", "uploaded file")
        if isinstance(data, str):
            data = data.encode("utf-8")
    else:
        raise InputFileError(f"Cannot read a table from {type(source).__name__}; give a file path or bytes.")
    if len(data) > max_bytes:
        raise InputFileError(_too_big(len(data), max_bytes))
    return data, str(name)


def _too_big(n_bytes: int, max_bytes: int) -> str:
    # MB as Streamlit's uploader counts them (1 MB = 1,048,576 bytes), so the two limits read the
    # same; the size is rounded up, so a file just over the limit never reads as equal to it.
    size = math.ceil(10 * n_bytes / _MB) / 10
    return (
        f"The file is {size:.1f} MB; the limit is {max_bytes / _MB:g} MB. "
        "Split it into smaller files or remove unused columns."
    )


def sniff_kind(data: bytes) -> str:
    """Judge a file's type from its first bytes: csv, xlsx, geojson, gpkg, ole (xls/encrypted)."""
    head = data[:64]
    if head.startswith(_XLSX_MAGIC):
        return "xlsx"
    if head.startswith(_OLE_MAGIC):
        return "ole"
    if head.startswith(_SQLITE_MAGIC):
        return "gpkg"
    stripped = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{"):
        return "geojson"
    return "csv"


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode text as UTF-8 (BOM allowed) or Windows-1252; return (text, encoding)."""
    if b"\x00" in data[:4096]:
        raise InputFileError(
            "The file contains binary data (NUL bytes), so it is not a text CSV — save it as CSV "
            "(UTF-8) or Excel (.xlsx) and upload again."
        )
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as error:
        raise InputFileError(
            f"The file is not UTF-8 or Windows-1252 text (undecodable byte at position {error.start}) — "
            "save it as 'CSV UTF-8' and upload again."
        ) from None


#: The message for a file with no cells at all.
EMPTY_FILE = "The file is empty — it needs a header row and at least one row of data."


def too_many_rows(n_rows: int, where: str = "The table") -> InputFileError:
    """The error for a table over :data:`MAX_ROWS` data rows (``where`` names it: a sheet, the table)."""
    return InputFileError(f"{where} has {n_rows:,} rows; the limit is {MAX_ROWS:,}. Split the file.")


def too_many_columns(n_columns: int, where: str = "The table") -> InputFileError:
    """The error for a table over :data:`MAX_COLUMNS` columns."""
    return InputFileError(f"{where} has {n_columns} columns; the limit is {MAX_COLUMNS}. Remove unused columns.")


def detect_delimiter(text: str) -> str:
    """The delimiter of CSV text (comma, semicolon, tab or bar), judged from its first 20,000 characters."""
    try:
        return csv.Sniffer().sniff(text[:20000], delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def csv_notes(encoding: str, delimiter: str) -> list[str]:
    """What a reader should know about how a CSV was read: a non-UTF-8 encoding, a delimiter other than a comma."""
    notes = []
    if encoding != "UTF-8":
        notes.append(f"Read as {encoding} text.")
    if delimiter != ",":
        notes.append(f"Columns separated by {'a tab' if delimiter == chr(9) else repr(delimiter)}.")
    return notes


def _read_csv(data: bytes) -> RawTable:
    text, encoding = decode_text(data)
    if not text.strip():
        raise InputFileError(EMPTY_FILE)
    delimiter = detect_delimiter(text)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=True,
            engine="python",
            on_bad_lines="error",
        )
    except pd.errors.ParserError as error:
        raise InputFileError(
            f"The CSV could not be read ({str(error).strip()}) — check that every row has the same "
            "number of columns and that quoted text is closed."
        ) from None
    except pd.errors.EmptyDataError:
        raise InputFileError(EMPTY_FILE) from None
    return RawTable(frame, "csv", csv_notes(encoding, delimiter))


def check_workbook(data: bytes) -> None:
    """Refuse a ZIP that is not an Excel workbook, one that expands past 500 MB (a zip bomb) or a corrupt one."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "xl/workbook.xml" not in set(archive.namelist()):
                raise InputFileError(
                    "The file is a ZIP archive but not an Excel workbook — upload a .xlsx, .csv, "
                    ".geojson or .gpkg file."
                )
            if sum(info.file_size for info in archive.infolist()) > 20 * MAX_FILE_BYTES:
                raise InputFileError(
                    "The workbook expands to more than 500 MB — it is too large or malformed; "
                    "save the provider sheet alone as CSV."
                )
    except zipfile.BadZipFile:
        raise InputFileError("The Excel file is corrupt (not a valid .xlsx) — open and re-save it in Excel.") from None


def read_workbook(data: bytes, *, sheet_name=0, header=0):
    """Cells of an Excel workbook as text (``sheet_name=None``: every sheet, by name), after :func:`check_workbook`.

    ``header=None`` reads a header-less grid (the importer finds the header row itself).
    """
    check_workbook(data)
    try:
        return pd.read_excel(io.BytesIO(data), sheet_name=sheet_name, header=header, dtype=str,
                             keep_default_na=False, engine="openpyxl")
    except Exception as error:  # openpyxl raises many types for corrupt workbooks
        raise InputFileError(
            f"The Excel file could not be read ({type(error).__name__}) — open it in Excel, "
            "save it again as .xlsx (or CSV UTF-8) and upload again."
        ) from None


def _read_xlsx(data: bytes) -> RawTable:
    return RawTable(read_workbook(data), "xlsx", ["Read the first sheet of the workbook."])


def _geo_frame_to_raw(gdf, kind: str) -> RawTable:
    import geopandas as gpd
    import shapely

    notes = []
    if gdf.crs is None:
        notes.append("The file gives no CRS; coordinates were read as longitude/latitude (EPSG:4326).")
        gdf = gdf.set_crs("EPSG:4326", allow_override=True)
    elif gdf.crs.to_epsg() == 27700:
        notes.append("Coordinates were in British National Grid (EPSG:27700) and were converted.")
    geometry = gdf.geometry
    lon = np.full(len(gdf), np.nan)
    lat = np.full(len(gdf), np.nan)
    present = ~(geometry.isna() | geometry.is_empty)
    if present.any():
        fixed = geometry[present]
        invalid = ~fixed.is_valid
        if invalid.any():
            fixed = fixed.copy()
            fixed[invalid] = shapely.make_valid(fixed[invalid].values)
            notes.append(f"{int(invalid.sum())} invalid geometries were repaired before use.")
        # A provider's base is a point; for areas, the representative point lies inside them.
        points = gpd.GeoSeries(shapely.point_on_surface(fixed.values), crs=gdf.crs).to_crs("EPSG:4326")
        lon[present.to_numpy()] = points.x.to_numpy()
        lat[present.to_numpy()] = points.y.to_numpy()
    frame = as_text_frame(pd.DataFrame(gdf.drop(columns=gdf.geometry.name)))
    return RawTable(frame.reset_index(drop=True), kind, notes, lon=lon, lat=lat)


def _read_geojson(data: bytes) -> RawTable:
    import geopandas as gpd

    text, _ = decode_text(data)
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputFileError(f"The GeoJSON is not valid JSON (line {error.lineno}: {error.msg}) — check the file.") from None
    if not isinstance(parsed, dict) or parsed.get("type") not in ("FeatureCollection", "Feature"):
        raise InputFileError("The JSON is not a GeoJSON FeatureCollection — export the layer as GeoJSON.")
    features = parsed.get("features", [parsed] if parsed.get("type") == "Feature" else [])
    if not features:
        raise InputFileError("The GeoJSON has no features — it needs one feature per provider.")
    crs = None
    named = (parsed.get("crs") or {}).get("properties", {}).get("name", "") if isinstance(parsed.get("crs"), dict) else ""
    if "27700" in str(named):
        crs = "EPSG:27700"
    try:
        gdf = gpd.GeoDataFrame.from_features(features, crs=crs or "EPSG:4326")
    except Exception as error:
        raise InputFileError(f"The GeoJSON features could not be read ({type(error).__name__}: {error}) — check the geometries.") from None
    if crs is None and len(gdf) and gdf.geometry.notna().any():
        bounds = gdf.geometry.dropna().total_bounds
        if np.nanmax(np.abs(bounds)) > 1000:  # metres, not degrees: British National Grid without a crs member
            gdf = gdf.set_crs("EPSG:27700", allow_override=True)
            raw = _geo_frame_to_raw(gdf, "geojson")
            raw.notes.append("The GeoJSON gives no CRS but its coordinates are in metres; read as British National Grid (EPSG:27700).")
            return raw
    return _geo_frame_to_raw(gdf, "geojson")


def _read_gpkg(data: bytes) -> RawTable:
    import geopandas as gpd

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload.gpkg"
        path.write_bytes(data)
        try:
            gdf = gpd.read_file(path)
        except Exception as error:
            raise InputFileError(f"The GeoPackage could not be read ({type(error).__name__}) — re-export the layer.") from None
    return _geo_frame_to_raw(gdf, "gpkg")


def read_table(source, *, max_bytes: int = MAX_FILE_BYTES) -> RawTable:
    """Read a CSV, Excel, GeoJSON or GeoPackage table into text cells.

    Parameters
    ----------
    source : path, bytes or binary file-like
        The file. Its type is judged from its content, not its name.
    max_bytes : int
        Largest accepted size in bytes.

    Returns
    -------
    RawTable
        The frame (every cell a string, empty for missing), the detected kind and reading notes.

    Raises
    ------
    InputFileError
        When the file cannot be read, with a message saying what to do.
    """
    data, _ = read_bytes(source, max_bytes)
    if not data.strip():
        raise InputFileError(EMPTY_FILE)
    kind = sniff_kind(data)
    if kind == "ole":
        raise InputFileError(
            "The file is an old-style .xls workbook or a password-protected Excel file — remove the "
            "password and save it as .xlsx (or CSV UTF-8), then upload again."
        )
    readers = {"csv": _read_csv, "xlsx": _read_xlsx, "geojson": _read_geojson, "gpkg": _read_gpkg}
    raw = readers[kind](data)
    frame = raw.frame
    if frame.shape[1] > MAX_COLUMNS:
        raise too_many_columns(frame.shape[1])
    if len(frame) > MAX_ROWS:
        raise too_many_rows(len(frame))
    frame.columns = [str(column).strip() for column in frame.columns]
    raw.frame = as_text_frame(frame)
    return raw


def as_text_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as a string, missing values (None, NaN, NA) as empty strings, whatever the dtypes."""
    text = frame.astype(object)
    return text.where(text.notna(), "").astype(str)
