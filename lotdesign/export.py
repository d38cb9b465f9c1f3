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
        # pandas 3 gives text columns a string dtype, older pandas gives object: check both.
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
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


# --- standalone HTML maps -----------------------------------------------------------------

#: The map libraries a standalone map may use, inlined from their XStatic packages (installed
#: from the package registry with the app), never fetched from a CDN:
#: (pattern matching the link's file name, XStatic module, file in the package).
MAP_ASSETS = (
    (r"^leaflet(\.min)?\.js$", "xstatic.pkg.leaflet", "leaflet.js"),
    (r"^leaflet(\.min)?\.css$", "xstatic.pkg.leaflet", "leaflet.css"),
    (r"^leaflet\.markercluster(-src)?(\.min)?\.js$", "xstatic.pkg.leaflet_markercluster", "leaflet.markercluster.js"),
    (r"^MarkerCluster\.css$", "xstatic.pkg.leaflet_markercluster", "MarkerCluster.css"),
    (r"^MarkerCluster\.Default\.css$", "xstatic.pkg.leaflet_markercluster", "MarkerCluster.Default.css"),
    (r"^jquery(-[\d.]+)?(\.min)?\.js$", "xstatic.pkg.jquery", "jquery.min.js"),
)
#: Folium defaults a standalone map leaves out: styling and icon fonts for ``folium.Marker``
#: icons and Bootstrap, none of which a map built from circle markers and GeoJSON needs.
DROPPED_MAP_ASSETS = ("bootstrap", "awesome-markers", "awesome_markers", "fontawesome", "glyphicons", "awesome.rotate")


def _asset_text(module_name: str, filename: str) -> str:
    import importlib

    base = Path(importlib.import_module(module_name).BASE_DIR)
    text = (base / filename).read_text(encoding="utf-8")
    if filename.endswith(".css"):
        text = _inline_css_images(text, base / Path(filename).parent)
    return text


def _inline_css_images(css: str, folder: Path) -> str:
    """Replace ``url(images/x.png)`` in a style sheet by data URIs of the packaged images."""
    import base64
    import re

    def replace(match):
        target = match.group(1).strip("'\"")
        path = folder / target
        if target.startswith(("data:", "#")) or not path.is_file():
            return match.group(0)
        mime = "image/svg+xml" if path.suffix == ".svg" else f"image/{path.suffix.lstrip('.')}"
        return f"url(data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')})"

    return re.sub(r"url\(([^)]+)\)", replace, css)


def _find_asset(url: str):
    import re
    from urllib.parse import urlsplit

    name = urlsplit(url).path.rsplit("/", 1)[-1]
    for pattern, module_name, filename in MAP_ASSETS:
        if re.match(pattern, name, flags=re.IGNORECASE):
            return module_name, filename
    return None


def map_html(folium_map) -> str:
    """Render a folium map as one self-contained HTML page that works with no network.

    Every script and style sheet the map links to (Leaflet, Leaflet.markercluster, jQuery) is
    replaced by its text from the XStatic packages, with Leaflet's control images as data URIs;
    folium's Bootstrap and Font Awesome links (only needed by ``folium.Marker`` icons) are left
    out. Background map tiles, when the map has any, still need the internet.

    Parameters
    ----------
    folium_map : folium.Map
        A map that has not been shown elsewhere (rendering changes folium objects in place).

    Returns
    -------
    str
        The HTML page (UTF-8 text).

    Raises
    ------
    ValueError
        When the map links to a script or style sheet that cannot be inlined; the message
        names it.
    """
    import re

    page = folium_map.get_root().render()
    unknown: list[str] = []

    def inline(match, tag: str) -> str:
        url = match.group(1)
        found = _find_asset(url)
        if found is None:
            if any(word in url.lower() for word in DROPPED_MAP_ASSETS):
                return ""
            unknown.append(url)
            return match.group(0)
        text = _asset_text(*found)
        if tag == "script":
            return "<script>" + re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE) + "</script>"
        return "<style>" + re.sub(r"</(style)", r"<\\/\1", text, flags=re.IGNORECASE) + "</style>"

    page = re.sub(
        r"<script\b[^>]*\bsrc=[\"']([^\"']+)[\"'][^>]*>\s*</script>", lambda m: inline(m, "script"), page, flags=re.IGNORECASE
    )
    page = re.sub(
        r"<link\b[^>]*\bhref=[\"']([^\"']+)[\"'][^>]*/?>",
        lambda m: inline(m, "style") if "stylesheet" in m.group(0).lower() else m.group(0),
        page,
        flags=re.IGNORECASE,
    )
    if unknown:
        raise ValueError(
            "The map links to files that cannot be included in a standalone map: "
            + ", ".join(unknown)
            + " — build it from Leaflet, markercluster and jQuery only (e.g. CircleMarker, not Marker icons)."
        )
    return page
