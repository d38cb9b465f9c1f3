"""Offline geocoding: unit postcodes, postcode districts and coordinates to a point and a LAD.

Everything runs against the committed tables under ``data/`` (OS Code-Point Open, July 2024);
no network is used. Inputs are tolerant of case and spacing (``sw1a1aa``, `` SW1A 1AA ``).
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import shapely

from geo.datafiles import data_path
from geo.units import load_unit_boundaries

#: Postcode areas wholly or mainly outside England and Wales (Scotland, Northern Ireland,
#: Isle of Man, Channel Islands). A few cross-border districts (e.g. TD15, CA6) are in the
#: England and Wales tables and geocode normally.
OUTSIDE_EW_AREAS = frozenset(
    "AB DD DG EH FK G HS IV KA KW KY ML PA PH TD ZE BT IM GY JE".split()
)
#: Postcode areas that are non-geographic (no place on the map): Bootle's BX, Girobank's GIR.
NON_GEOGRAPHIC_AREAS = frozenset({"BX", "GIR", "XM"})
#: Greatest distance (metres) from a LAD polygon at which a point is still given that LAD;
#: the boundaries are generalised to about 500 m, so coastal points can fall just outside.
NEAREST_LAD_MAX_M = 2000.0

_UNIT_RE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")
_DISTRICT_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
_AREA_RE = re.compile(r"^[A-Z]{1,2}")

STATUS_OK = "ok"
STATUS_INVALID = "invalid"
STATUS_UNKNOWN = "unknown"
STATUS_NON_GEOGRAPHIC = "non_geographic"
STATUS_OUTSIDE = "outside_england_wales"


def normalise_postcode(text: object) -> str:
    """Upper-case a postcode and remove every character that is not a letter or digit.

    >>> normalise_postcode(" sw1a 1aa ")
    'SW1A1AA'
    """
    if text is None or (isinstance(text, float) and np.isnan(text)):
        return ""
    return re.sub(r"[^A-Z0-9]", "", str(text).upper())


def format_postcode(compact: str) -> str:
    """Put the space back before the inward code: ``SW1A1AA`` -> ``SW1A 1AA``."""
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) >= 5 else compact


def _fixed_width_codes(column, width: int = 7) -> np.ndarray:
    """An Arrow string column as a NumPy ``S{width}`` array, built from its raw buffers.

    Sorted fixed-width bytes make ``np.searchsorted`` lookups fast, and building them from the
    buffers takes ~50 ms for 1.6 million postcodes where a Python-string round trip takes ~2 s.
    """
    import pyarrow as pa

    strings = column.combine_chunks().cast(pa.string())
    _, offsets_buffer, data_buffer = strings.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int32)[strings.offset:strings.offset + len(strings) + 1]
    data = np.frombuffer(data_buffer, dtype=np.uint8)
    lengths = np.diff(offsets)
    if lengths.max(initial=0) > width:
        raise ValueError(f"postcode table has codes longer than {width} characters; rebuild data/.")
    rows = np.repeat(np.arange(len(lengths)), lengths)
    columns = np.arange(offsets[-1] - offsets[0]) - np.repeat(offsets[:-1] - offsets[0], lengths)
    out = np.zeros((len(lengths), width), dtype=np.uint8)
    out[rows, columns] = data[offsets[0]:offsets[-1]]
    return out.view(f"S{width}").ravel()


@lru_cache(maxsize=1)
def _postcode_table() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    table = pq.read_table(data_path("postcodes.parquet"))
    codes = _fixed_width_codes(table.column("postcode"))
    easting = table.column("easting").to_numpy()
    northing = table.column("northing").to_numpy()
    lad = table.column("lad_code").combine_chunks()
    if hasattr(lad, "dictionary"):
        lad = np.asarray(lad.dictionary.to_pylist(), dtype=object)[lad.indices.to_numpy(zero_copy_only=False)]
    else:
        lad = np.asarray(lad.to_pylist(), dtype=object)
    return codes, easting, northing, lad


@lru_cache(maxsize=1)
def _district_table() -> pd.DataFrame:
    return pd.read_parquet(data_path("postcode_districts.parquet")).set_index("district")


def _outside_message(shown: str) -> str:
    return (
        f"'{shown}' is outside England and Wales (Scotland, Northern Ireland, the Isle of Man "
        "or the Channel Islands) — probation lots here cover England and Wales only; remove "
        "the row or give the organisation's base in England or Wales."
    )


def geocode_postcodes(queries) -> pd.DataFrame:
    """Geocode unit postcodes or postcode districts, offline.

    Parameters
    ----------
    queries : iterable of str
        Unit postcodes (``SW1A 1AA``) or postcode districts (``SW1A``), any case or spacing.

    Returns
    -------
    pandas.DataFrame
        One row per query, in order, with ``query``, ``postcode`` (formatted), ``kind``
        (``unit`` or ``district``), ``easting`` and ``northing`` (metres, EPSG:27700),
        ``lad_code``, ``status`` (``ok``, ``invalid``, ``unknown``, ``non_geographic``,
        ``outside_england_wales``) and ``message`` (what went wrong and what to do; empty
        when ``ok``). A district's LAD is the one holding most of its postcodes.
    """
    queries = list(queries)
    compact = [normalise_postcode(q) for q in queries]
    query_text = ["" if q is None else str(q) for q in queries]
    n = len(queries)
    out = {
        "query": query_text,
        "postcode": np.full(n, "", dtype=object),
        "kind": np.full(n, "", dtype=object),
        "easting": np.full(n, np.nan),
        "northing": np.full(n, np.nan),
        "lad_code": np.full(n, "", dtype=object),
        "status": np.full(n, STATUS_INVALID, dtype=object),
        "message": np.full(n, "", dtype=object),
    }
    is_unit = np.array([bool(_UNIT_RE.match(c)) for c in compact], dtype=bool)
    is_district = np.array([bool(_DISTRICT_RE.match(c)) for c in compact], dtype=bool)
    _fill_units(out, compact, np.flatnonzero(is_unit))
    _fill_districts(out, compact, np.flatnonzero(is_district))
    _explain_not_postcodes(out, query_text, np.flatnonzero(~is_unit & ~is_district))
    return pd.DataFrame(out)


def _fill_units(out: dict, compact: list[str], unit_rows: np.ndarray) -> None:
    """Look up the unit postcodes at ``unit_rows`` (compact form) and fill their columns of ``out``."""
    if not len(unit_rows):
        return
    codes, easting, northing, lad = _postcode_table()
    wanted = np.asarray([compact[i] for i in unit_rows], dtype="S7")
    position = np.searchsorted(codes, wanted).clip(max=len(codes) - 1)
    found = codes[position] == wanted
    out["postcode"][unit_rows] = [format_postcode(compact[i]) for i in unit_rows]
    out["kind"][unit_rows] = "unit"
    hits, where = unit_rows[found], position[found]
    out["easting"][hits], out["northing"][hits], out["lad_code"][hits] = easting[where], northing[where], lad[where]
    out["status"][hits] = STATUS_OK
    for i in unit_rows[~found]:
        out["status"][i], out["message"][i] = _unknown(compact[i], out["postcode"][i], unit=True)


def _fill_districts(out: dict, compact: list[str], district_rows: np.ndarray) -> None:
    """Look up the postcode districts at ``district_rows`` and fill their columns of ``out``."""
    if not len(district_rows):
        return
    districts = _district_table()
    wanted = pd.Index([compact[i] for i in district_rows])
    position = districts.index.get_indexer(wanted)
    found = position >= 0
    out["postcode"][district_rows] = list(wanted)
    out["kind"][district_rows] = "district"
    hits, where = district_rows[found], position[found]
    out["easting"][hits] = districts["easting"].to_numpy()[where]
    out["northing"][hits] = districts["northing"].to_numpy()[where]
    out["lad_code"][hits] = districts["lad_code"].to_numpy()[where]
    out["status"][hits] = STATUS_OK
    for i in district_rows[~found]:
        out["status"][i], out["message"][i] = _unknown(compact[i], compact[i], unit=False)


def _explain_not_postcodes(out: dict, query_text: list[str], rows: np.ndarray) -> None:
    """Messages for queries that are neither a unit postcode nor a district (status stays ``invalid``)."""
    for i in rows:
        shown = query_text[i].strip()
        if not shown:
            out["message"][i] = "no postcode given — add the unit postcode (e.g. 'SW1A 1AA') or latitude and longitude."
        else:
            out["message"][i] = (
                f"'{shown}' is not a UK postcode — check it (a unit postcode looks like 'SW1A 1AA', "
                "a district like 'SW1A'), or give latitude and longitude instead."
            )


def _unknown(code: str, shown: str, *, unit: bool) -> tuple[str, str]:
    area = _AREA_RE.match(code).group(0)
    if code.startswith("GIR") or area in NON_GEOGRAPHIC_AREAS:
        return STATUS_NON_GEOGRAPHIC, (
            f"'{shown}' is a non-geographic postcode (it has no place on the map) — give the "
            "postcode of the organisation's premises, or latitude and longitude."
        )
    if area in OUTSIDE_EW_AREAS:
        return STATUS_OUTSIDE, _outside_message(shown)
    what = "postcode" if unit else "postcode district"
    return STATUS_UNKNOWN, (
        f"'{shown}' is not a {what} in England or Wales (OS Code-Point Open, July 2024) — "
        "check it for typos, or give the postcode district or latitude and longitude instead."
    )


@lru_cache(maxsize=1)
def _lad_tree() -> tuple[shapely.STRtree, np.ndarray]:
    boundaries = load_unit_boundaries("analysis")
    return shapely.STRtree(boundaries.geometry.values), boundaries.index.to_numpy()


def locate_points(easting, northing, *, max_distance_m: float = NEAREST_LAD_MAX_M) -> pd.DataFrame:
    """Find the LAD containing each point, else the nearest within ``max_distance_m``.

    Parameters
    ----------
    easting, northing : array_like
        Point coordinates in metres (EPSG:27700).
    max_distance_m : float
        Points further than this (metres) from every LAD get no LAD (outside England and Wales).

    Returns
    -------
    pandas.DataFrame
        ``lad_code`` (empty string when none) and ``distance_m`` (0 inside a LAD; NaN when none).
    """
    easting = np.asarray(easting, float)
    northing = np.asarray(northing, float)
    points = shapely.points(easting, northing)
    tree, codes = _lad_tree()
    lad = np.full(len(points), "", dtype=object)
    distance = np.full(len(points), np.nan)
    point_idx, poly_idx = tree.query(points, predicate="intersects")
    # A point on a shared border intersects both neighbours: keep the first match only.
    first = np.unique(point_idx, return_index=True)[1]
    lad[point_idx[first]] = codes[poly_idx[first]]
    distance[point_idx[first]] = 0.0
    missing = np.flatnonzero(lad == "")
    if len(missing):
        (near_point, near_poly), near_distance = tree.query_nearest(
            points[missing], max_distance=max_distance_m, return_distance=True, all_matches=False
        )
        lad[missing[near_point]] = codes[near_poly]
        distance[missing[near_point]] = near_distance
    return pd.DataFrame({"lad_code": lad.astype(str), "distance_m": distance})


def postcode_sector_centroids(unit_postcodes) -> pd.DataFrame:
    """Centre and main LAD of the postcode sector of each unit postcode (for ones not in the list).

    A postcode that has been terminated, or is newer than the July 2024 list, still has a
    sector (``LS1 4``) whose live postcodes say roughly where it is.

    Parameters
    ----------
    unit_postcodes : iterable of str
        Unit postcodes, any case or spacing.

    Returns
    -------
    pandas.DataFrame
        One row per query: ``sector`` (e.g. ``LS1 4``; empty when not a unit postcode),
        ``easting``, ``northing`` (metres, EPSG:27700: mean of the sector's postcodes; NaN when
        the sector has none), ``lad_code`` (the LAD holding most of them) and ``n_postcodes``.
    """
    compact = [normalise_postcode(q) for q in unit_postcodes]
    n = len(compact)
    sector = np.full(n, "", dtype=object)
    easting_out = np.full(n, np.nan)
    northing_out = np.full(n, np.nan)
    lad_out = np.full(n, "", dtype=object)
    count = np.zeros(n, dtype=np.int64)
    codes, easting, northing, lad = _postcode_table()
    for i, code in enumerate(compact):
        if not _UNIT_RE.match(code):
            continue
        prefix = code[:-2]  # outward code + sector digit
        sector[i] = f"{code[:-3]} {code[-3]}"
        # Compact codes drop the space, so "LS14" starts both sector "LS1 4" and district "LS14":
        # keep codes of the same length (the inward code always has three characters).
        lo = np.searchsorted(codes, prefix.encode(), side="left")
        hi = np.searchsorted(codes, (prefix + "\x7f").encode(), side="left")
        block = codes[lo:hi]
        same = np.flatnonzero(np.char.str_len(block) == len(code)) + lo
        if len(same):
            easting_out[i], northing_out[i] = easting[same].mean(), northing[same].mean()
            values, counts = np.unique(lad[same].astype(str), return_counts=True)
            lad_out[i], count[i] = values[np.argmax(counts)], len(same)
    return pd.DataFrame({"sector": sector, "easting": easting_out, "northing": northing_out,
                         "lad_code": lad_out, "n_postcodes": count})
