"""Exports: score tables (CSV/XLSX), lots (GeoJSON/GPKG), standalone HTML maps, scenario files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from lotdesign.io.formulas import neutralise_formulas
from lotdesign.io.writers import (  # noqa: F401  (table_bytes and write_table are read from here too)
    GEO_FORMATS,
    GEO_KIND,
    TABLE_FORMATS,
    file_format,
    geo_bytes,
    table_bytes,
    wrong_format_error,
    write_geo,
    write_table,
)


# --- lots as geometry ---------------------------------------------------------------------

def lots_geodataframe(score, *, kind: str = "display"):
    """The scored lots with their dissolved boundaries (EPSG:4326 display, or EPSG:27700).

    Parameters
    ----------
    score : lotdesign.core.scoring.DesignScore
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
    frame.insert(1, "service", "+".join(score.params.categories))  # a bundle's categories, joined
    return frame.reset_index()


def write_lots(score, path) -> Path:
    """Write scored lots with boundaries as GeoJSON (EPSG:4326) or GeoPackage (EPSG:27700), by extension."""
    kind = GEO_KIND[file_format(path, GEO_FORMATS)]
    return write_geo(lots_geodataframe(score, kind=kind), path, layer="lots")


def lots_bytes(score, fmt: str) -> bytes:
    """Scored lots as GeoJSON (EPSG:4326) or GeoPackage (EPSG:27700) bytes (for downloads)."""
    if fmt not in GEO_FORMATS:
        raise wrong_format_error(f"a '{fmt}' file", GEO_FORMATS)
    return geo_bytes(lots_geodataframe(score, kind=GEO_KIND[fmt]), fmt, layer="lots")


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


# --- briefing-ready exports: labelled columns and an About block in every file ---------------------

#: Plain-English labels of the per-lot and per-organisation columns (design-level figures use
#: :data:`lotdesign.core.figures.DESIGN_FIGURES`). Columns without a label keep their machine name.
COLUMN_LABELS = {
    "design": "Lot design",
    "service": "Service",
    "scope": "Lots included",
    "lot": "Lot",
    "lot_code": "Lot code",
    "population": "Population (mid-2023)",
    "females": "Female population (mid-2023)",
    "minority_ethnic": "Minority-ethnic residents",
    "value_gbp": "Annual lot value (£)",
    "turnover_needed_gbp": "Annual income needed to bid as prime (£)",
    "n_providers": "Organisations working in the lot",
    "n_providers_local": "Voluntary organisations based in the lot",
    "n_vcs_prime_eligible": "Voluntary organisations that could bid as prime",
    "n_vcs_local_prime_eligible": "Voluntary organisations based in the lot that could bid as prime",
    "n_other_prime_eligible": "Other organisations that could bid as prime",
    "locally_contestable": "A locally based voluntary organisation could bid as prime",
    "contestable": "A voluntary organisation could bid as prime",
    "prime_coverage": "Population reached by a voluntary organisation that could bid as prime (share)",
    "local_coverage": "Population reached by a voluntary organisation based in the lot (share)",
    "specialist_prime_coverage_women": "Women reached by a women's specialist that could bid as prime (share)",
    "specialist_prime_coverage_bame": "Minority-ethnic residents reached by a BAME specialist that could bid as prime (share)",
    "specialist_coverage_women": "Women reached by a women's specialist, any role (share)",
    "specialist_coverage_bame": "Minority-ethnic residents reached by a BAME specialist, any role (share)",
    "subcontract_dependence_women": "Women reached by women's specialists only as subcontractors (share)",
    "subcontract_dependence_bame": "Minority-ethnic residents reached by BAME specialists only as subcontractors (share)",
    "design_name": "Lot design name",
    "n_lots_locally_contestable": "Lots with a prime-eligible VCS organisation based in the lot (number)",
    "n_lots_contestable": "Lots with a prime-eligible VCS organisation (number)",
    # organisations
    "provider_id": "Organisation id",
    "name": "Organisation",
    "sector": "Sector",
    "income_gbp": "Annual income (£)",
    "income_band": "Income band",
    "income_read_as": "How the income was read",
    "specialisms": "Specialisms",
    "women": "Women's specialist",
    "bame": "BAME specialist",
    "base_x": "Base easting (m, EPSG:27700)",
    "base_y": "Base northing (m, EPSG:27700)",
    "easting": "Base easting (m, EPSG:27700)",
    "northing": "Base northing (m, EPSG:27700)",
    "service_area": "Service area (national, or local authority codes)",
    "source_file": "File the organisation came from",
    "base_lad": "Local authority of base (code)",
    "base_read_from": "How the base was located",
    "service_area_kind": "Service area (kind)",
    "service_area_read_as": "How the service area was read",
    "service_lads": "Local authorities listed as the service area (codes)",
    "radius_km": "Service radius (km)",
    "source_row": "Row in the uploaded file",
    "warnings": "Warnings when the row was read",
}

#: What the ``base_source`` and ``service_area_kind`` codes of an accepted organisation mean.
BASE_SOURCE_WORDS = {
    "postcode": "full postcode",
    "postcode_district": "postcode district only (centre of the district)",
    "lat_lon": "latitude and longitude given",
    "easting_northing": "easting and northing given",
}
SERVICE_AREA_WORDS = {
    "national": "works nationally (as stated)",
    "listed": "the areas listed (local authorities, counties, PCC areas…)",
    "radius": "a radius around its base (as stated)",
    "default_radius": "no area given: the default radius for its income band",
}


def column_label(column: str) -> str:
    """The plain-English label of a column: a design-level figure's own label where there is one
    (:data:`lotdesign.core.figures.DESIGN_FIGURES`), else :data:`COLUMN_LABELS`, else the name itself."""
    from lotdesign.core.figures import DESIGN_FIGURES

    figure = DESIGN_FIGURES.get(column)
    return (figure.label if figure else None) or COLUMN_LABELS.get(column) or column


def app_version() -> str:
    """The version of the app (:data:`lotdesign.__version__`, e.g. ``0.2.0``), installed or not."""
    from lotdesign import __version__

    return __version__


def export_file_stem(kind: str, design_name: str, service: str | None = None) -> str:
    """A file name (without extension) that says what the file holds: ``lots_42_pcc_areas_women``."""
    import re

    def slug(text: str) -> str:
        return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_").lower()

    return "_".join(part for part in (slug(kind), slug(design_name) or "design", slug(service or "")) if part)


def _parameter_rows(params) -> list[tuple[str, str, str]]:
    from lotdesign.core.params import CATEGORY_LABELS, SOURCES

    shares = "; ".join(f"{CATEGORY_LABELS.get(k, k)} {100 * v:.0f}%" for k, v in params.category_shares.items())
    radius = ", ".join(f"{band} {'national' if r == float('inf') else f'{r:g} km'}"
                       for band, r in params.default_radius_km.items())
    words = {
        "national_budget_gbp": f"£{params.national_budget_gbp:,.0f} a year",
        "category_shares": shares,
        "turnover_multiple": f"{params.turnover_multiple:g} × the annual lot value",
        "reach_threshold": f"{100 * params.reach_threshold:.0f}% of the lot's population",
        "default_radius_km": radius,
        "income_bands": "NCVO bands: micro < £10k; small £10k–£100k; medium £100k–£1m; large £1m–£10m; "
                        "major £10m–£100m; super-major > £100m",
        "value_weighting": "by female population" if params.value_weighting == "females" else "by population (mid-2023)",
    }
    labels = {
        "national_budget_gbp": "National annual budget",
        "category_shares": "Share of the budget for each service",
        "turnover_multiple": "Income needed to bid as prime",
        "reach_threshold": "Share of a lot a prime must reach",
        "default_radius_km": "Service radius when an organisation gives none",
        "income_bands": "Income bands",
        "value_weighting": "How the budget is shared between lots",
    }
    return [(labels[name], words[name], source) for name, source in SOURCES.items()]


def about_table(*, contents: str, designs, params, synthetic: bool, providers_source: str = "",
                n_providers: int | None = None, generated_at=None) -> pd.DataFrame:
    """The *About* block every briefing export carries: what, which designs, every parameter with
    its source, the data and their dates, whether the data are synthetic, when and by what version.

    Parameters
    ----------
    contents : str
        What the file holds, in words ("Lot-by-lot figures").
    designs : list of LotDesign
    params : ScoringParams
    synthetic : bool
        True for the bundled demo organisations (marked in the file).
    providers_source : str
        Where the organisation data came from (file name).
    n_providers : int, optional
        Number of organisations used.
    generated_at : datetime, optional
        Defaults to now (UTC).

    Returns
    -------
    pandas.DataFrame
        Columns ``item``, ``value``, ``source``.
    """
    import datetime as dt
    import json

    from geo.datafiles import data_path

    notices = json.loads(data_path("attribution.json").read_text(encoding="utf-8"))
    when = generated_at or dt.datetime.now(dt.timezone.utc)
    rows = [("Contents", contents, "Lot Design Explorer")]
    for design in designs:
        rows.append(("Lot design", f"{design.label} ({design.n_lots} lots, {design.scope}; confidence: {design.confidence})",
                     design.source or "user file"))
    rows += [
        ("Service", f"{params.service_label} — annual budget £{params.budget_gbp:,.0f}", params.service_source),
        ("Lots included", params.scope, "Chosen in the app"),
        *_parameter_rows(params),
        ("Synthetic data", "YES — synthetic demo organisations, not real organisations" if synthetic
         else "No — organisations from the file named below", "Lot Design Explorer demo data" if synthetic else ""),
        ("Organisation data", f"{providers_source or 'unnamed'}" + (f" ({n_providers:,} organisations)" if n_providers is not None else ""),
         "Uploaded by the user" if not synthetic else "Bundled with the app"),
        ("Boundaries and populations", "Local authority districts (2024), police force areas; ONS mid-2023 population "
         "estimates; Census 2021 ethnic group", f"{notices['ons']}. {notices['os_2024']}"),
        ("Postcodes", "ONS Postcode Directory", notices["postcodes"]),
        ("Generated", when.strftime("%Y-%m-%d %H:%M UTC"), ""),
        ("App version", f"Lot Design Explorer {app_version()}", ""),
    ]
    return pd.DataFrame(rows, columns=["item", "value", "source"])


def briefing_table_bytes(frame: pd.DataFrame, fmt: str, about: pd.DataFrame) -> bytes:
    """A table for a briefing, as CSV or XLSX bytes, with labelled columns and its *About* block.

    CSV (UTF-8 with BOM): the About block first, one ``# item: value — source`` line each, then a
    header line of plain-English labels, a second header line of machine names, then the rows
    (read it back with :func:`read_briefing_csv`). XLSX: sheet *Figures* (labelled columns),
    sheet *Columns* (label and machine name of each column) and sheet *About*. Text that a
    spreadsheet would run as a formula is neutralised.
    """
    import csv
    import io

    if fmt not in TABLE_FORMATS:
        raise wrong_format_error(f"a '{fmt}' file", TABLE_FORMATS)
    safe = neutralise_formulas(frame)
    labels = [column_label(c) for c in safe.columns]
    about_safe = neutralise_formulas(about)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        for item, value, source in about_safe.itertuples(index=False):
            writer.writerow([f"# {item}: {value}" + (f" — source: {source}" if source else "")])
        writer.writerow(labels)
        writer.writerow(list(safe.columns))
        safe.to_csv(buffer, index=False, header=False, lineterminator="\n")
        return buffer.getvalue().encode("utf-8-sig")
    if fmt == "xlsx":
        buffer = io.BytesIO()
        with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
            safe.set_axis(labels, axis=1).to_excel(writer, sheet_name="Figures", index=False)
            pd.DataFrame({"Label": labels, "Column name": list(safe.columns)}).to_excel(
                writer, sheet_name="Columns", index=False)
            about_safe.rename(columns=str.capitalize).to_excel(writer, sheet_name="About", index=False)
        return buffer.getvalue()


def read_briefing_csv(data: bytes) -> tuple[pd.DataFrame, dict]:
    """Read a CSV from :func:`briefing_table_bytes`: (rows under their machine names, About as a dict)."""
    import csv
    import io

    text = data.decode("utf-8-sig")
    lines = text.splitlines(keepends=True)
    about, k = {}, 0
    while k < len(lines) and lines[k].lstrip('"').startswith("#"):
        (line,) = next(csv.reader([lines[k]]))
        item, _, value = line[2:].partition(": ")
        about[item] = value
        k += 1
    frame = pd.read_csv(io.StringIO("".join(lines[k + 1:])))
    return frame, about


def briefing_lots_bytes(score, fmt: str, about: pd.DataFrame) -> bytes:
    """Scored lots as GeoJSON or GeoPackage for a briefing, with the About block and column labels.

    GeoJSON (EPSG:4326): the features as :func:`write_lots`, plus top-level members ``about``
    (item → value) and ``columns`` (machine name → label). GeoPackage (EPSG:27700): layer
    ``lots``, and tables ``about`` (item, value, source) and ``columns`` (name, label).
    """
    if fmt not in GEO_FORMATS:
        raise wrong_format_error(f"a '{fmt}' file", GEO_FORMATS)
    frame = lots_geodataframe(score, kind=GEO_KIND[fmt])
    names = [c for c in frame.columns if c != "geometry"]
    if fmt == "geojson":
        members = {
            "about": {item: value + (f" (source: {source})" if source else "")
                      for item, value, source in about.itertuples(index=False)},
            "columns": {c: column_label(c) for c in names},
        }
        return geo_bytes(frame, fmt, members=members)
    columns = pd.DataFrame({"name": names, "label": [column_label(c) for c in names]})
    return geo_bytes(frame, fmt, layer="lots", tables={"about": about.astype(str), "columns": columns})


def organisations_table(load) -> pd.DataFrame:
    """The accepted organisations with how each was read (income, base, service area), for export.

    The file loads back as a provider list with the same figures: ``name``, ``sector``,
    ``income_gbp`` (blank when unknown), ``specialisms``, ``easting``/``northing`` of the base
    (EPSG:27700 metres), ``service_area`` ("national" or the LAD codes) and ``radius_km`` are
    read by their names; the "read as" columns say in words how each value was read.

    Parameters
    ----------
    load : lotdesign.importing.providers.ProviderLoadResult

    Returns
    -------
    pandas.DataFrame
        One row per accepted organisation: id, name, sector, income and how it was read, base
        (EPSG:27700 metres) and how it was located, service area and how it was read, the file
        and row it came from and any warnings.
    """
    accepted = load.accepted
    kind = accepted["service_area_kind"]
    table = pd.DataFrame({
        "provider_id": accepted["provider_id"],
        "name": accepted["name"],
        "sector": accepted["sector"],
        "income_gbp": accepted["income_gbp"],
        "income_band": accepted["income_band"],
        "income_read_as": [_income_words(row) for row in accepted.itertuples(index=False)],
        "specialisms": accepted["specialisms"],
        "women": accepted["women"],
        "bame": accepted["bame"],
        "base_lad": accepted["base_lad"],
        "easting": accepted["base_x"],
        "northing": accepted["base_y"],
        "base_read_from": accepted["base_source"].map(lambda s: BASE_SOURCE_WORDS.get(s, s)),
        "service_area": np.where(kind == "national", "national", accepted["service_lads"]),
        "service_area_kind": kind,
        "service_area_read_as": [_area_words(row) for row in accepted.itertuples(index=False)],
        "radius_km": np.where(kind == "national", np.nan, accepted["radius_km"]),
        "source_file": accepted["source_file"],
        "source_row": accepted["source_row"],
        "warnings": accepted["warnings"],
    })
    return table.reset_index(drop=True)


def _income_words(row) -> str:
    """How an organisation's income was read, in words (what the import did, not what it assumed)."""
    if getattr(row, "income_from_band", False):
        return "from the income band given (the band's lower bound)"
    if not getattr(row, "income_known", True):
        if getattr(row, "income_given", False):
            return "unknown: the income given is not an amount in £ (cannot be prime-eligible)"
        return "unknown: no income given (cannot be prime-eligible)"
    if getattr(row, "income_approximate", False):
        return "approximate amount given, read as a figure"
    return "income amount given"


def _area_words(row) -> str:
    """How an organisation's service area was read, in words: as stated, partly, or by which default."""
    kind = row.service_area_kind
    given = bool(getattr(row, "area_given", False))
    status = getattr(row, "area_status", "") or ""
    if kind == "listed":
        return SERVICE_AREA_WORDS["listed"] + (" (some names given were not recognised)" if status == "partial" else "")
    if kind == "national" and given and status in ("", "partial"):
        return SERVICE_AREA_WORDS["national"]
    if kind == "radius" and not (given and status in ("unresolved", "outside")):
        return SERVICE_AREA_WORDS["radius"]
    why = ("areas given are outside England and Wales" if given and status == "outside"
           else "areas given but none recognised" if given and status == "unresolved" else "no area given")
    if kind == "radius":
        return f"{why}: the radius given around its base"
    if kind == "national":
        return f"{why}: works nationally, the default for its income band"
    if getattr(row, "income_known", True):
        return f"{why}: the default radius for its income band"
    return f"{why} and income unknown: the smallest default radius"
