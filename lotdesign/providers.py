"""Load, validate and report on provider lists (CSV, Excel, GeoJSON, GeoPackage).

Every input row ends up either *accepted* or *rejected with a reason* (row number, column, what
was found and what to do); warnings (postcode district only, income band instead of income ...)
stay with their row. Row numbers are spreadsheet rows: the header is row 1, data starts at row 2.

Accepted columns (one row per provider, in input order)
-------------------------------------------------------
``provider_id``, ``name``, ``sector`` (vcs/private/public), ``income_gbp`` (£ a year),
``income_band`` (NCVO band of the income), ``income_from_band`` (bool), ``specialisms``
(semicolon list), ``women``, ``bame`` (bool), ``base_x``, ``base_y`` (metres, EPSG:27700),
``base_lad`` (LAD code), ``base_source`` (postcode, postcode_district, lat_lon, easting_northing),
``service_area_kind`` (listed, national, radius, default_radius), ``service_lads`` (semicolon list
of LAD codes), ``radius_km`` (NaN unless a radius applies), ``source_row``, ``warnings``.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd

from geo.crs import bng_to_lonlat, lonlat_to_bng
from geo.geocode import geocode_postcodes, locate_points
from geo.names import normalise_name, resolve_lad, resolve_pfa, suggest
from geo.units import CITY_OF_LONDON_PFA, METROPOLITAN_PFA, load_units
from lotdesign._errors import InputFileError, ValidationError
from lotdesign._tables import RawTable, as_text_frame, cell_is_formula, read_table
from lotdesign.params import DEFAULT_RADIUS_KM, INCOME_BANDS, income_band

#: Canonical input columns and the names people use for them (compared after lower-casing and
#: turning every run of non-letters into one underscore).
COLUMN_ALIASES = {
    "provider_id": ["provider_id", "id", "org_id", "organisation_id", "organization_id", "charity_number",
                    "charity_no", "registered_charity_number", "reference", "ref"],
    "name": ["name", "organisation", "organisation_name", "organization", "organization_name", "org_name",
             "provider", "provider_name", "charity_name", "charity"],
    "sector": ["sector", "organisation_type", "org_type", "type"],
    "postcode": ["postcode", "post_code", "postal_code", "pcd", "base_postcode", "zip"],
    "latitude": ["latitude", "lat", "y_lat"],
    "longitude": ["longitude", "lon", "lng", "long", "x_lon"],
    "easting": ["easting", "x_bng", "os_easting"],
    "northing": ["northing", "y_bng", "os_northing"],
    "income_gbp": ["income_gbp", "income", "turnover", "annual_income", "annual_turnover", "latest_income",
                   "total_income", "income_", "turnover_gbp"],
    "income_band": ["income_band", "band", "size_band", "ncvo_band", "size"],
    "specialisms": ["specialisms", "specialism", "specialist", "specialist_areas", "specialisms_list", "tags"],
    "women": ["women_centred", "women_centered", "women", "womens", "women_s_centre", "women_specialist",
              "womens_centre", "women_led"],
    "bame": ["bame", "bame_led", "bame_specialist", "bme", "bme_led", "by_and_for", "black_led",
             "minority_ethnic_led", "racially_minoritised_led"],
    "service_area": ["service_area", "service_areas", "areas", "area_served", "areas_served", "coverage",
                     "operating_area", "areas_covered"],
    "radius_km": ["radius_km", "radius", "service_radius_km", "reach_km", "service_radius"],
}

#: How each input column is documented in the template and README.
COLUMN_HELP = {
    "provider_id": "Optional unique id (a charity number works). Made from the row number when absent.",
    "name": "Required. The organisation's name.",
    "sector": "vcs (voluntary/community/charity/social enterprise), private or public. Default vcs.",
    "postcode": "Unit postcode (best, e.g. LS1 4DY) or postcode district (e.g. LS1) of the base.",
    "latitude": "Latitude in degrees (WGS84), used when there is no postcode.",
    "longitude": "Longitude in degrees (WGS84), used when there is no postcode.",
    "income_gbp": "Annual income in £ (e.g. 250000, £250k, 1.2m). Required unless income_band is given.",
    "income_band": "NCVO band if the income is unknown: micro, small, medium, large, major, super-major (read as the band's lower bound).",
    "specialisms": "Semicolon list: women; bame; young_adults; lgbt; disability; older; welsh_language.",
    "women_centred": "Alternative to specialisms: yes/no.",
    "bame_led": "Alternative to specialisms: yes/no (BAME-led or BAME-specialist).",
    "service_area": "Semicolon list of local authorities and/or PCC areas (names or codes), or 'national'. Wins over a radius.",
    "radius_km": "Service radius in km around the base, when no service_area is listed. Default by income band.",
}

_SECTOR_WORDS = {
    "vcs": "vcs", "vcse": "vcs", "voluntary": "vcs", "charity": "vcs", "charitable": "vcs", "community": "vcs",
    "third sector": "vcs", "not for profit": "vcs", "non profit": "vcs", "social enterprise": "vcs",
    "voluntary and community": "vcs", "cic": "vcs", "faith": "vcs",
    "private": "private", "commercial": "private", "company": "private", "for profit": "private", "business": "private",
    "public": "public", "statutory": "public", "nhs": "public", "local authority": "public", "council": "public",
    "public sector": "public", "private sector": "private", "voluntary sector": "vcs",
}
_SPECIALISM_WORDS = {
    "women": "women", "woman": "women", "womens": "women", "women centred": "women", "women centered": "women",
    "female": "women", "womens centre": "women", "women only": "women",
    "bame": "bame", "bme": "bame", "black": "bame", "minority ethnic": "bame", "ethnic minority": "bame",
    "by and for": "bame", "black led": "bame", "bame led": "bame", "racially minoritised": "bame", "global majority": "bame",
    "young adults": "young_adults", "young adult": "young_adults", "youth": "young_adults", "18 25": "young_adults",
    "lgbt": "lgbt", "lgbtq": "lgbt", "lgbtq+": "lgbt", "lgbt+": "lgbt", "lgbtqia": "lgbt",
    "disability": "disability", "disabled": "disability", "disabilities": "disability",
    "older": "older", "older people": "older", "elderly": "older",
    "welsh language": "welsh_language", "welsh": "welsh_language", "cymraeg": "welsh_language",
}
_YES = {"yes", "y", "true", "1", "x", "✓", "ticked"}
_NO = {"no", "n", "false", "0", ""}
_NATIONAL_WORDS = {"national", "nationwide", "england and wales", "all", "uk", "england & wales", "everywhere"}
#: Rough box around England and Wales (degrees), for spotting swapped or foreign coordinates.
_EW_LAT = (49.8, 55.9)
_EW_LON = (-6.5, 1.9)
_HTML_RE = re.compile(r"<[a-zA-Z/!][^>]*>|javascript:", re.IGNORECASE)


def _canonical(column: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", column.strip().lower().replace("'", "")).strip("_") or "_"


def map_columns(columns: list[str]) -> tuple[dict[str, str], list[str]]:
    """Match a file's columns to the canonical names; return (canonical → original, unused)."""
    mapping: dict[str, str] = {}
    by_canonical = {}
    for column in columns:
        by_canonical.setdefault(_canonical(column), column)
    for canonical, aliases in COLUMN_ALIASES.items():
        for alias in aliases:
            if alias.strip("_") in by_canonical:
                mapping[canonical] = by_canonical[alias.strip("_")]
                break
    used = set(mapping.values())
    return mapping, [c for c in columns if c not in used]


def parse_money(text: str) -> float | None:
    """Parse '£1,234', '250k', '1.2m', '1.2 million' to pounds; None when not a number."""
    cleaned = str(text).strip().lower().replace("£", "").replace(",", "").replace(" ", "")
    if not cleaned:
        return None
    multiplier = 1.0
    for suffix, factor in (("million", 1e6), ("mn", 1e6), ("m", 1e6), ("bn", 1e9), ("k", 1e3)):
        if cleaned.endswith(suffix):
            cleaned, multiplier = cleaned[: -len(suffix)], factor
            break
    try:
        value = float(cleaned) * multiplier
    except ValueError:
        return None
    return value if np.isfinite(value) else None


def parse_band(text: str) -> str | None:
    """NCVO band name from text ('Small', 'super major', 'major (£10m–£100m)'), or None."""
    words = normalise_name(text).replace("super major", "super-major")
    for name, _, _ in sorted(INCOME_BANDS, key=lambda band: -len(band[0])):
        if words.startswith(name):
            return name
    return None


def _band_lower_bound(band: str) -> float:
    return float(dict((name, lower) for name, lower, _ in INCOME_BANDS)[band])


def _parse_float(text: str) -> float | None:
    try:
        value = float(str(text).strip().replace(",", ""))
    except ValueError:
        return None
    return value if np.isfinite(value) else None


@dataclass
class ProviderLoadResult:
    """What loading a provider file gave: accepted rows, rejected rows, warnings and notes."""

    accepted: pd.DataFrame
    rejected: pd.DataFrame
    warnings: pd.DataFrame
    n_input_rows: int
    notes: list[str] = field(default_factory=list)
    column_map: dict = field(default_factory=dict)
    fingerprint: str = ""
    source_name: str = ""
    synthetic: bool = False

    @property
    def n_accepted(self) -> int:
        return len(self.accepted)

    @property
    def n_rejected(self) -> int:
        return len(self.rejected)

    def summary(self) -> str:
        """One plain sentence: how many rows were read, accepted, rejected and warned about."""
        return (
            f"{self.n_input_rows:,} rows read: {self.n_accepted:,} accepted, {self.n_rejected:,} rejected, "
            f"{self.warnings['source_row'].nunique() if len(self.warnings) else 0:,} with warnings."
        )


class _Row:
    """Collects one row's problems (fatal) and warnings."""

    def __init__(self, source_row: int):
        self.source_row = source_row
        self.problems: list[tuple[str, str]] = []
        self.warnings: list[tuple[str, str]] = []

    def reject(self, column: str, message: str) -> None:
        self.problems.append((column, message))

    def warn(self, column: str, message: str) -> None:
        self.warnings.append((column, message))


@cache
def _pfa_units(pfa_code: str) -> tuple[str, ...]:
    units = load_units()
    # Either London force means the whole London PCC area (Metropolitan + City of London).
    if pfa_code in (METROPOLITAN_PFA, CITY_OF_LONDON_PFA):
        return tuple(sorted(units.index[units["pcc_code"] == METROPOLITAN_PFA]))
    return tuple(sorted(units.index[units["pfa_code"] == pfa_code]))


def parse_service_area(text: str, units: pd.DataFrame, row: _Row, column: str) -> tuple[bool, list[str]]:
    """Parse a service-area cell into (national, LAD codes); problems go on ``row``."""
    tokens = [t.strip() for t in re.split(r"[;|\n]", str(text)) if t.strip()]
    national = False
    lads: set[str] = set()
    for token in tokens:
        words = normalise_name(token)
        if token.strip().lower() in _NATIONAL_WORDS or words in ("national", "nationwide"):
            national = True
            continue
        if words in ("england", "wales"):
            lads.update(units.index[units["country"] == words.title()])
            continue
        upper = token.strip().upper()
        if re.match(r"^[EW]0[6789]\d{6}$", upper):  # a LAD code always means that district only
            lad = resolve_lad(upper)
            if lad is None:
                row.reject(column, f"'{token}' is not a current local authority code — use a 2024 LAD code or the district's name.")
            else:
                lads.add(lad)
            continue
        pfa = resolve_pfa(token)
        lad = resolve_lad(token)
        if pfa is not None:
            if lad is not None:
                row.warn(column, f"'{token}' is both a PCC area and a local authority; read as the PCC area — use {lad} for the district alone.")
            lads.update(_pfa_units(pfa))
        elif lad is not None:
            lads.add(lad)
        else:
            close = suggest(token, "lad")[:2] + suggest(token, "pfa")[:1]
            hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            row.reject(
                column,
                f"'{token}' is not a local authority, PCC area or 'national'.{hint} Separate areas with semicolons.",
            )
    return national, sorted(lads)


def _parse_specialisms(text: str, row: _Row, column: str) -> list[str]:
    found = []
    for token in re.split(r"[;,|/\n]", str(text)):
        words = " ".join(re.sub(r"[^a-z0-9+]+", " ", token.lower()).split())
        if not words:
            continue
        known = _SPECIALISM_WORDS.get(words) or _SPECIALISM_WORDS.get(words.replace(" led", ""))
        if known is None:
            label = re.sub(r"[^a-z0-9]+", "_", words).strip("_")
            row.warn(column, f"'{token.strip()}' is not a known specialism; kept as the label '{label}'.")
            known = label
        if known not in found:
            found.append(known)
    return found


def _parse_flag(text: str, row: _Row, column: str) -> bool:
    value = str(text).strip().lower()
    if value in _YES:
        return True
    if value not in _NO:
        row.warn(column, f"'{text}' is not yes or no; read as no.")
    return False


def _row_message(source_row: int, items: list[tuple[str, str]]) -> str:
    """'Row 14 (postcode): … ; (income_gbp) …' — where, what was found, and what to do."""
    parts = []
    for k, (column, message) in enumerate(items):
        where = f"Row {source_row}" if k == 0 else ""
        where += f" ({column})" if column else ""
        parts.append(f"{where.strip()}: {message}" if where.strip() else message)
    return "; ".join(parts)


def load_providers(source, *, source_name: str | None = None, synthetic: bool | None = None) -> ProviderLoadResult:
    """Load and validate a provider file.

    Parameters
    ----------
    source : path, bytes, file-like, RawTable or pandas.DataFrame
        The provider list. Files are judged by content (CSV, Excel .xlsx, GeoJSON, GeoPackage).
    source_name : str, optional
        How to name the source in messages and exports.
    synthetic : bool, optional
        Whether the data are synthetic; detected from a ``synthetic`` column when omitted.

    Returns
    -------
    ProviderLoadResult
        ``accepted`` + ``rejected`` always equals the number of input rows.

    Raises
    ------
    InputFileError
        When the file cannot be read at all.
    ValidationError
        When required columns are missing (no name column; no location column).
    """
    if isinstance(source, pd.DataFrame):
        raw = RawTable(as_text_frame(source), "table")
        fingerprint_bytes = pd.util.hash_pandas_object(raw.frame, index=False).to_numpy().tobytes()
    elif isinstance(source, RawTable):
        raw = source
        fingerprint_bytes = pd.util.hash_pandas_object(raw.frame, index=False).to_numpy().tobytes()
    else:
        if hasattr(source, "getvalue"):
            source = source.getvalue()
        if isinstance(source, (bytes, bytearray)):
            fingerprint_bytes = bytes(source)
        else:
            from pathlib import Path

            fingerprint_bytes = Path(source).read_bytes() if Path(source).is_file() else b""
            source_name = source_name or Path(source).name
        raw = read_table(source)
    frame = raw.frame
    if len(frame) == 0:
        raise InputFileError("The file has a header but no data rows — add one row per organisation.")
    mapping, unused = map_columns(list(frame.columns))
    has_location = any(k in mapping for k in ("postcode", "latitude", "easting")) or raw.lon is not None
    problems = []
    if "name" not in mapping:
        problems.append(
            f"No organisation name column: add a column named 'name' (or 'organisation'). Columns found: {', '.join(frame.columns) or 'none'}."
        )
    if not has_location:
        problems.append("No location column: add 'postcode', or 'latitude' and 'longitude', for each organisation's base.")
    if ("latitude" in mapping) != ("longitude" in mapping):
        problems.append("Only one of latitude/longitude was found: add both columns, or use postcodes.")
    if ("income_gbp" not in mapping) and ("income_band" not in mapping):
        problems.append("No income column: add 'income_gbp' (annual income in £) or 'income_band' (NCVO band).")
    if problems:
        raise ValidationError("The provider file is missing required columns; nothing was loaded.", problems)

    notes = list(raw.notes)
    if unused:
        notes.append(f"Columns not used: {', '.join(unused[:20])}{' …' if len(unused) > 20 else ''}.")
    if "sector" not in mapping:
        notes.append("No sector column: every organisation is read as voluntary and community sector (vcs).")

    def column(name: str) -> pd.Series:
        return frame[mapping[name]] if name in mapping else pd.Series([""] * len(frame), index=frame.index)

    units = load_units()
    n = len(frame)
    rows = [_Row(i + 2) for i in range(n)]
    cells = {name: column(name).astype(str).str.strip().to_numpy() for name in COLUMN_ALIASES}
    if synthetic is None:
        synthetic = "synthetic" in {_canonical(c) for c in frame.columns} and bool(
            (frame[[c for c in frame.columns if _canonical(c) == "synthetic"][0]].str.lower() == "yes").all()
        )

    empty_row = np.logical_and.reduce([frame[c].str.strip().to_numpy() == "" for c in frame.columns]) if len(frame.columns) else np.ones(n, bool)
    for i in np.flatnonzero(empty_row):
        rows[i].reject("", "the row is empty — delete it.")

    # --- base location: postcode, then postcode district, then lat/lon (or easting/northing) -----
    base_x = np.full(n, np.nan)
    base_y = np.full(n, np.nan)
    base_lad = np.full(n, "", dtype=object)
    base_source = np.full(n, "", dtype=object)
    postcode_given = np.array([bool(p) for p in cells["postcode"]]) & ~empty_row
    geocoded = geocode_postcodes(cells["postcode"][postcode_given]) if postcode_given.any() else None
    postcode_failed: dict[int, str] = {}
    if geocoded is not None:
        g_status = geocoded["status"].to_numpy()
        g_kind = geocoded["kind"].to_numpy()
        g_easting, g_northing = geocoded["easting"].to_numpy(), geocoded["northing"].to_numpy()
        g_lad, g_message, g_postcode = geocoded["lad_code"].to_numpy(), geocoded["message"].to_numpy(), geocoded["postcode"].to_numpy()
        for k, i in enumerate(np.flatnonzero(postcode_given)):
            if g_status[k] == "ok":
                base_x[i], base_y[i], base_lad[i] = g_easting[k], g_northing[k], g_lad[k]
                base_source[i] = "postcode" if g_kind[k] == "unit" else "postcode_district"
                if g_kind[k] == "district":
                    rows[i].warn(
                        mapping["postcode"],
                        f"only a postcode district ('{g_postcode[k]}') was given; the base is placed at the "
                        "district's centre — give the full postcode for a precise base.",
                    )
            else:
                postcode_failed[i] = g_message[k]

    lat = np.array([_parse_float(v) if v else None for v in cells["latitude"]], dtype=float)
    lon = np.array([_parse_float(v) if v else None for v in cells["longitude"]], dtype=float)
    if raw.lon is not None:  # geometry of a GeoJSON/GeoPackage row
        lat = np.where(np.isnan(lat), raw.lat, lat)
        lon = np.where(np.isnan(lon), raw.lon, lon)
    easting = np.array([_parse_float(v) if v else None for v in cells["easting"]], dtype=float)
    northing = np.array([_parse_float(v) if v else None for v in cells["northing"]], dtype=float)
    for i in range(n):
        if empty_row[i]:
            continue
        for name, values in (("latitude", cells["latitude"]), ("longitude", cells["longitude"])):
            if values[i] and np.isnan(lat[i] if name == "latitude" else lon[i]):
                rows[i].warn(mapping.get(name, name), f"'{values[i]}' is not a number; ignored.")

    need_coordinates = np.isnan(base_x) & ~empty_row
    use_lonlat = need_coordinates & ~np.isnan(lat) & ~np.isnan(lon)
    use_bng = need_coordinates & ~use_lonlat & ~np.isnan(easting) & ~np.isnan(northing)
    candidates_x = np.full(n, np.nan)
    candidates_y = np.full(n, np.nan)
    in_box = (lat >= _EW_LAT[0]) & (lat <= _EW_LAT[1]) & (lon >= _EW_LON[0]) & (lon <= _EW_LON[1])
    swapped = (lon >= _EW_LAT[0]) & (lon <= _EW_LAT[1]) & (lat >= _EW_LON[0]) & (lat <= _EW_LON[1])
    lat_column = mapping.get("latitude", "latitude")
    for i in np.flatnonzero(use_lonlat & ~in_box):
        if swapped[i]:
            rows[i].reject(
                lat_column,
                f"latitude {lat[i]:g} and longitude {lon[i]:g} look swapped (latitude in England and Wales is "
                "about 50 to 56, longitude about -6 to 2) — swap the two values.",
            )
        elif abs(lat[i]) > 90 or abs(lon[i]) > 180:
            rows[i].reject(lat_column, f"latitude {lat[i]:g}, longitude {lon[i]:g} are not valid coordinates — check the values (degrees).")
        else:
            rows[i].reject(
                lat_column,
                f"latitude {lat[i]:g}, longitude {lon[i]:g} is outside England and Wales — check the point, "
                "or remove the organisation if it is based elsewhere.",
            )
    ok_lonlat = use_lonlat & in_box
    if ok_lonlat.any():
        x, y = lonlat_to_bng(lon[ok_lonlat], lat[ok_lonlat])
        candidates_x[ok_lonlat], candidates_y[ok_lonlat] = x, y
    candidates_x[use_bng], candidates_y[use_bng] = easting[use_bng], northing[use_bng]
    to_locate = ok_lonlat | use_bng
    if to_locate.any():
        located = locate_points(candidates_x[to_locate], candidates_y[to_locate])
        located_lad, located_distance = located["lad_code"].to_numpy(), located["distance_m"].to_numpy()
        for k, i in enumerate(np.flatnonzero(to_locate)):
            if located_lad[k]:
                base_x[i], base_y[i], base_lad[i] = candidates_x[i], candidates_y[i], located_lad[k]
                base_source[i] = "lat_lon" if ok_lonlat[i] else "easting_northing"
                if located_distance[k] > 0:
                    rows[i].warn(lat_column, f"the point is {located_distance[k]:.0f} m outside the nearest district's boundary (coast); placed in it.")
            else:
                rows[i].reject(
                    lat_column if ok_lonlat[i] else mapping.get("easting", "easting"),
                    "the point is outside England and Wales (more than 2 km from any local authority) — check the "
                    "coordinates, or remove the organisation if it is based elsewhere.",
                )
    for i in range(n):
        if empty_row[i] or base_source[i] or rows[i].problems:
            continue
        if i in postcode_failed:
            rows[i].reject(mapping["postcode"], postcode_failed[i])
        else:
            rows[i].reject(
                mapping.get("postcode", "postcode"),
                "no location — give the unit postcode of the organisation's base (or latitude and longitude).",
            )
    for i, message in postcode_failed.items():
        if base_source[i] in ("lat_lon", "easting_northing"):
            rows[i].warn(mapping["postcode"], f"{message} Used the latitude/longitude given instead.")

    # --- the other columns, row by row ---------------------------------------------------------
    out = {key: [] for key in ("provider_id", "name", "sector", "income_gbp", "income_band", "income_from_band",
                               "specialisms", "women", "bame", "service_area_kind", "service_lads", "radius_km")}
    seen_ids: dict[str, int] = {}
    seen_org: dict[tuple, int] = {}
    for i in range(n):
        row = rows[i]
        name = cells["name"][i]
        if empty_row[i]:
            for key in out:
                out[key].append(None)
            continue
        if not name:
            row.reject(mapping["name"], "the organisation name is empty — fill it in.")
        elif cell_is_formula(name):
            row.warn(mapping["name"], "the name starts like a spreadsheet formula; it is kept as text and exported safely.")
        if name and _HTML_RE.search(name):
            row.warn(mapping["name"], "the name contains HTML-like text; it is shown as plain text.")

        provider_id = cells["provider_id"][i] or f"ROW-{row.source_row:05d}"
        if provider_id in seen_ids:
            row.reject(mapping.get("provider_id", "provider_id"),
                       f"provider id '{provider_id}' is already used by row {seen_ids[provider_id]} — give each organisation its own id, or delete the duplicate.")
        else:
            seen_ids[provider_id] = row.source_row

        sector_text = normalise_name(cells["sector"][i]) if cells["sector"][i] else ""
        sector = "vcs" if not sector_text else _SECTOR_WORDS.get(sector_text) or _SECTOR_WORDS.get(cells["sector"][i].strip().lower())
        if sector is None:
            row.reject(mapping.get("sector", "sector"), f"sector '{cells['sector'][i]}' is not vcs, private or public — use one of those three.")

        income = parse_money(cells["income_gbp"][i]) if cells["income_gbp"][i] else None
        band = parse_band(cells["income_band"][i]) if cells["income_band"][i] else None
        from_band = False
        if cells["income_gbp"][i] and income is None:
            row.reject(mapping["income_gbp"], f"income '{cells['income_gbp'][i]}' is not an amount in £ — write it like 250000, £250k or 1.2m.")
        elif income is not None and income < 0:
            row.reject(mapping["income_gbp"], f"income {income:,.0f} is negative — give the annual income in £.")
        if cells["income_band"][i] and band is None:
            message = f"income band '{cells['income_band'][i]}' is not an NCVO band (micro, small, medium, large, major, super-major)"
            if income is None:
                row.reject(mapping["income_band"], message + " — use one of those, or give the income in £.")
            else:
                row.warn(mapping["income_band"], message + "; the income in £ was used.")
        if income is None and band is not None and not row.problems:
            income, from_band = _band_lower_bound(band), True
            row.warn(mapping["income_band"], f"no income in £: read the '{band}' band as its lower bound, £{income:,.0f} — give the annual income for an exact test.")
        elif income is not None and band is not None and income_band(income) != band:
            row.warn(mapping["income_band"], f"income £{income:,.0f} is in the '{income_band(income)}' band, not '{band}'; the income was used.")
        if income is None and not cells["income_gbp"][i] and not cells["income_band"][i]:
            row.reject(mapping.get("income_gbp", mapping.get("income_band", "income_gbp")),
                       "no income — give the annual income in £ (income_gbp) or an NCVO income band.")

        specialisms = _parse_specialisms(cells["specialisms"][i], row, mapping.get("specialisms", "specialisms")) if cells["specialisms"][i] else []
        if "women" in mapping and _parse_flag(cells["women"][i], row, mapping["women"]) and "women" not in specialisms:
            specialisms.append("women")
        if "bame" in mapping and _parse_flag(cells["bame"][i], row, mapping["bame"]) and "bame" not in specialisms:
            specialisms.append("bame")

        radius = None
        if cells["radius_km"][i]:
            radius = _parse_float(cells["radius_km"][i].lower().replace("km", ""))
            if radius is None or radius < 0:
                row.reject(mapping["radius_km"], f"radius '{cells['radius_km'][i]}' is not a distance in km — write a number like 25.")
                radius = None
        national, lads = (False, [])
        if cells["service_area"][i]:
            national, lads = parse_service_area(cells["service_area"][i], units, row, mapping["service_area"])
        if national:
            kind, radius_used = "national", np.nan
        elif lads:
            kind, radius_used = "listed", np.nan
            if radius is not None:
                row.warn(mapping["radius_km"], "areas are listed, so the radius is ignored (a listed area wins over a radius).")
        elif radius is not None:
            kind, radius_used = "radius", radius
        else:
            default = DEFAULT_RADIUS_KM[income_band(income)] if income is not None else np.nan
            kind, radius_used = ("national", np.nan) if np.isinf(default) else ("default_radius", default)

        key = (normalise_name(name), base_lad[i], round(base_x[i]) if np.isfinite(base_x[i]) else None)
        if name and not row.problems and key in seen_org:
            row.reject(mapping["name"], f"'{name}' at the same base duplicates row {seen_org[key]} — delete one of the two rows.")
        elif name and not row.problems:
            seen_org[key] = row.source_row

        out["provider_id"].append(provider_id)
        out["name"].append(name)
        out["sector"].append(sector)
        out["income_gbp"].append(income)
        out["income_band"].append(income_band(income) if income is not None else "")
        out["income_from_band"].append(from_band)
        out["specialisms"].append(";".join(specialisms))
        out["women"].append("women" in specialisms)
        out["bame"].append("bame" in specialisms)
        out["service_area_kind"].append(kind)
        out["service_lads"].append(";".join(lads) if kind == "listed" else "")
        out["radius_km"].append(radius_used)

    table = pd.DataFrame(out)
    table["base_x"], table["base_y"] = base_x, base_y
    table["base_lad"], table["base_source"] = base_lad, base_source
    table["source_row"] = [r.source_row for r in rows]
    table["warnings"] = [_row_message(r.source_row, r.warnings) if r.warnings else "" for r in rows]
    ok = np.array([not r.problems for r in rows], dtype=bool)

    accepted = table[ok].reset_index(drop=True)
    accepted["income_gbp"] = accepted["income_gbp"].astype(float)
    accepted["radius_km"] = accepted["radius_km"].astype(float)
    accepted["women"] = accepted["women"].astype(bool)
    accepted["bame"] = accepted["bame"].astype(bool)
    accepted["income_from_band"] = accepted["income_from_band"].astype(bool)
    accepted = accepted[ACCEPTED_COLUMNS]

    rejected_rows = np.flatnonzero(~ok)
    rejected = pd.DataFrame(
        {
            "source_row": [rows[i].source_row for i in rejected_rows],
            "column": [rows[i].problems[0][0] for i in rejected_rows],
            "reason": [_row_message(rows[i].source_row, rows[i].problems) for i in rejected_rows],
        }
    )
    original = frame.iloc[rejected_rows].reset_index(drop=True)
    rejected = pd.concat([rejected, original.add_prefix("input: ")], axis=1)
    warnings = pd.DataFrame(
        [(r.source_row, table.at[k, "provider_id"], c, _row_message(r.source_row, [(c, m)]))
         for k, r in enumerate(rows) if ok[k] for c, m in r.warnings],
        columns=["source_row", "provider_id", "column", "message"],
    )
    return ProviderLoadResult(
        accepted=accepted,
        rejected=rejected,
        warnings=warnings,
        n_input_rows=n,
        notes=notes,
        column_map=mapping,
        fingerprint=hashlib.sha256(fingerprint_bytes).hexdigest()[:16],
        source_name=source_name or "uploaded file",
        synthetic=bool(synthetic),
    )


ACCEPTED_COLUMNS = [
    "provider_id", "name", "sector", "income_gbp", "income_band", "income_from_band", "specialisms", "women", "bame",
    "base_x", "base_y", "base_lad", "base_source", "service_area_kind", "service_lads", "radius_km", "source_row", "warnings",
]


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
