"""Step 5 of the import: each organisation's base point (EPSG:27700 metres) and base LAD.

Precedence: unit postcode, then postcode district, then latitude/longitude, then
easting/northing (and a GeoJSON/GeoPackage row's own point). A unit postcode that is not in
the July 2024 list (terminated, or newer) falls back to the centre of its **postcode sector**
(``LS1 4``), else of its **postcode district** (``LS1``), with a warning naming the precision.
Rows left with no usable location are the only ones this step rejects.

Before that, a postcode that is not a real one is tried with the letters O and I read as the
digits 0 and 1 (and the reverse): "BS2 OJA" is read as "BS2 0JA" when that is a real postcode
and it is the only such reading, with a warning naming the change.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.crs import lonlat_to_bng
from geo.geocode import (
    format_postcode,
    geocode_postcodes,
    locate_points,
    normalise_postcode,
    postcode_sector_centroids,
)
from lotdesign.importing.issues import Issues, formatted

#: Rough box around England and Wales (degrees), for spotting swapped or foreign coordinates.
EW_LAT = (49.8, 55.9)
EW_LON = (-6.5, 1.9)


def locate_bases(postcode: np.ndarray, lat: np.ndarray, lon: np.ndarray, easting: np.ndarray, northing: np.ndarray,
                 skip: np.ndarray, issues: Issues, *, columns: dict[str, str]) -> pd.DataFrame:
    """Base point and LAD of each row.

    Parameters
    ----------
    postcode : array of str
        Postcode cells ('' when none).
    lat, lon, easting, northing : array of float
        Coordinates (NaN when none); degrees (EPSG:4326) and metres (EPSG:27700).
    skip : array of bool
        Rows already rejected as empty (not located).
    issues : Issues
        Where warnings and rejections go.
    columns : dict
        Field → file column, for messages.

    Returns
    -------
    pandas.DataFrame
        ``base_x``, ``base_y`` (metres), ``base_lad``, ``base_source`` (``postcode``,
        ``postcode_sector``, ``postcode_district``, ``lat_lon``, ``easting_northing``; '' when
        none).
    """
    n = len(postcode)
    postcode_column = columns.get("postcode", "postcode")
    lat_column = columns.get("latitude", "latitude")
    base = _empty_bases(n)
    failed_message = np.full(n, "", dtype=object)

    _locate_by_postcode(postcode, skip, base, failed_message, issues, postcode_column)
    need = np.isnan(base["base_x"]) & ~skip
    ok_lonlat, use_bng, coordinate_problem = _usable_coordinates(lat, lon, easting, northing, need)
    _locate_by_coordinates(lat, lon, easting, northing, ok_lonlat, use_bng, base, coordinate_problem, issues, lat_column)
    _report_unlocated(lat, lon, skip, base["base_source"], failed_message, coordinate_problem, issues, columns,
                      postcode_column, lat_column)
    return pd.DataFrame(base)


def _empty_bases(n: int) -> dict[str, np.ndarray]:
    """Result columns for ``n`` rows, all unlocated (NaN points, '' LAD and source)."""
    return {"base_x": np.full(n, np.nan), "base_y": np.full(n, np.nan),
            "base_lad": np.full(n, "", dtype=object), "base_source": np.full(n, "", dtype=object)}


def _locate_by_postcode(postcode: np.ndarray, skip: np.ndarray, base: dict[str, np.ndarray], failed_message: np.ndarray,
                        issues: Issues, postcode_column: str) -> None:
    """Place rows with a postcode (unit, else district, else sector/district fall-back); record each failure's message."""
    given = np.flatnonzero((postcode != "") & ~skip)
    if not len(given):
        return
    # Geocode each distinct postcode once: files repeat postcodes a lot.
    codes, uniques = pd.factorize(pd.Series(postcode[given], dtype=object))
    geocoded = geocode_postcodes(uniques)
    repaired = repair_postcode_confusions(list(uniques), geocoded)
    if repaired:
        uniques = pd.Index([repaired.get(u, u) for u in uniques], dtype=object)
        geocoded = geocode_postcodes(uniques)
        for original, fixed in repaired.items():
            rows = given[np.asarray(postcode[given] == original)]
            issues.warn(rows, postcode_column, f"postcode '{original}' is not a postcode; read as '{fixed}' "
                        f"({_confusion_words(original, fixed)}) — correct it in the file.")
    status = geocoded["status"].to_numpy()[codes]
    kind = geocoded["kind"].to_numpy()[codes]
    ok = status == "ok"
    rows = given[ok]
    base["base_x"][rows] = geocoded["easting"].to_numpy()[codes][ok]
    base["base_y"][rows] = geocoded["northing"].to_numpy()[codes][ok]
    base["base_lad"][rows] = geocoded["lad_code"].to_numpy()[codes][ok]
    base["base_source"][rows] = np.where(kind[ok] == "unit", "postcode", "postcode_district")
    district_rows = given[ok & (kind == "district")]
    issues.warn(district_rows, postcode_column,
                "only a postcode district ('" + geocoded["postcode"].to_numpy()[codes][ok & (kind == "district")].astype(str)
                + "') was given; the base is placed at the district's centre — give the full postcode for a precise base.")
    failed_message[given[~ok]] = geocoded["message"].to_numpy()[codes][~ok]
    # Unit postcodes not in the list: fall back to the sector, then the district.
    unknown_unit = ~ok & (kind == "unit") & (status == "unknown")
    if unknown_unit.any():
        _fall_back(given[unknown_unit], postcode, base["base_x"], base["base_y"], base["base_lad"], base["base_source"],
                   failed_message, issues, postcode_column)


#: Characters typed for one another in postcodes: the letter O for zero, I for one (and back).
_CONFUSED = {"O": "0", "0": "O", "I": "1", "1": "I"}


def _variants(compact: str) -> list[str]:
    """Every reading of a compact postcode with some O/0 and I/1 characters swapped (at most 4 swaps)."""
    positions = [k for k, c in enumerate(compact) if c in _CONFUSED][:4]
    out = []
    for mask in range(1, 2 ** len(positions)):
        chars = list(compact)
        for bit, k in enumerate(positions):
            if mask >> bit & 1:
                chars[k] = _CONFUSED[chars[k]]
        out.append("".join(chars))
    return out


def repair_postcode_confusions(queries: list[str], geocoded: pd.DataFrame) -> dict[str, str]:
    """Postcodes not found that are one real unit postcode once O/0 and I/1 are read the other way.

    Parameters
    ----------
    queries : list of str
        Postcodes as written.
    geocoded : pandas.DataFrame
        :func:`geo.geocode.geocode_postcodes` of ``queries``.

    Returns
    -------
    dict
        Postcode as written → the real postcode it is read as (formatted, e.g. ``BS2 0JA``),
        only where the postcode holds the letter O or I and exactly one reading is a real unit
        postcode.
    """
    failed = [q for q, status in zip(queries, geocoded["status"]) if status != "ok"]
    # Only a postcode holding the letter O or I is suspected: a terminated postcode written right
    # falls back to its sector instead of being read as another real postcode.
    candidates = {q: _variants(normalise_postcode(q)) for q in failed
                  if len(normalise_postcode(q)) >= 5 and set(normalise_postcode(q)) & {"O", "I"}}
    flat = sorted({v for variants in candidates.values() for v in variants})
    if not flat:
        return {}
    found = geocode_postcodes(flat)
    real = set(found.loc[(found["status"] == "ok") & (found["kind"] == "unit"), "query"])
    out = {}
    for query, variants in candidates.items():
        hits = [v for v in variants if v in real]
        if len(hits) == 1:
            out[query] = format_postcode(hits[0])
    return out


def _confusion_words(original: str, fixed: str) -> str:
    """'the letter O taken for the digit 0' for each kind of swap made."""
    words = {("O", "0"): "the letter O read as the digit 0", ("0", "O"): "the digit 0 read as the letter O",
             ("I", "1"): "the letter I read as the digit 1", ("1", "I"): "the digit 1 read as the letter I"}
    pairs = dict.fromkeys(zip(normalise_postcode(original), normalise_postcode(fixed)))
    return ", ".join(words[p] for p in pairs if p in words)


def _usable_coordinates(lat: np.ndarray, lon: np.ndarray, easting: np.ndarray, northing: np.ndarray,
                        need: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Which still-unplaced rows use latitude/longitude or easting/northing, and why each bad coordinate pair fails."""
    n = len(lat)
    bad_lat = need & (np.isnan(lat) != np.isnan(lon))
    use_lonlat = need & ~np.isnan(lat) & ~np.isnan(lon)
    in_box = (lat >= EW_LAT[0]) & (lat <= EW_LAT[1]) & (lon >= EW_LON[0]) & (lon <= EW_LON[1])
    swapped = (lon >= EW_LAT[0]) & (lon <= EW_LAT[1]) & (lat >= EW_LON[0]) & (lat <= EW_LON[1])
    coordinate_problem = np.full(n, "", dtype=object)
    for i in np.flatnonzero(use_lonlat & ~in_box):
        if swapped[i]:
            coordinate_problem[i] = (f"latitude {lat[i]:g} and longitude {lon[i]:g} look swapped (latitude in England and "
                                     "Wales is about 50 to 56, longitude about -6 to 2) — swap the two values.")
        elif abs(lat[i]) > 90 or abs(lon[i]) > 180:
            coordinate_problem[i] = f"latitude {lat[i]:g}, longitude {lon[i]:g} are not valid coordinates — check the values (degrees)."
        else:
            coordinate_problem[i] = (f"latitude {lat[i]:g}, longitude {lon[i]:g} is outside England and Wales — check the point, "
                                     "or remove the organisation if it is based elsewhere.")
    for i in np.flatnonzero(bad_lat & ~use_lonlat):
        coordinate_problem[i] = "only one of latitude and longitude is given — give both, or a postcode."
    ok_lonlat = use_lonlat & in_box
    # Easting/northing only where latitude/longitude did not give a point in England and Wales.
    use_bng = need & ~ok_lonlat & ~np.isnan(easting) & ~np.isnan(northing)
    return ok_lonlat, use_bng, coordinate_problem


def _locate_by_coordinates(lat: np.ndarray, lon: np.ndarray, easting: np.ndarray, northing: np.ndarray,
                           ok_lonlat: np.ndarray, use_bng: np.ndarray, base: dict[str, np.ndarray],
                           coordinate_problem: np.ndarray, issues: Issues, lat_column: str) -> None:
    """Place coordinate rows in their local authority, warning when a coastal point was snapped into one."""
    n = len(lat)
    x = np.full(n, np.nan)
    y = np.full(n, np.nan)
    if ok_lonlat.any():
        x[ok_lonlat], y[ok_lonlat] = lonlat_to_bng(lon[ok_lonlat], lat[ok_lonlat])
    x[use_bng], y[use_bng] = easting[use_bng], northing[use_bng]
    to_locate = np.flatnonzero(ok_lonlat | use_bng)
    if not len(to_locate):
        return
    located = locate_points(x[to_locate], y[to_locate])
    lad, distance = located["lad_code"].to_numpy(), located["distance_m"].to_numpy()
    found = lad != ""
    rows = to_locate[found]
    base["base_x"][rows], base["base_y"][rows], base["base_lad"][rows] = x[rows], y[rows], lad[found]
    base["base_source"][rows] = np.where(ok_lonlat[rows], "lat_lon", "easting_northing")
    coast = rows[distance[found] > 0]
    issues.warn(coast, lat_column, "the point is " + formatted(distance[found][distance[found] > 0], "{:.0f}")
                + " m outside the nearest district's boundary (coast); placed in it.")
    for i in to_locate[~found]:
        coordinate_problem[i] = ("the point is outside England and Wales (more than 2 km from any local authority) — check "
                                 "the coordinates, or remove the organisation if it is based elsewhere.")


def _report_unlocated(lat: np.ndarray, lon: np.ndarray, skip: np.ndarray, base_source: np.ndarray,
                      failed_message: np.ndarray, coordinate_problem: np.ndarray, issues: Issues, columns: dict[str, str],
                      postcode_column: str, lat_column: str) -> None:
    """Warn where coordinates rescued a failed postcode; reject rows with no usable location, giving the reason."""
    located_any = base_source != ""
    # Where a postcode failed but coordinates worked, say so; where nothing worked, reject.
    used_coordinates = np.flatnonzero(located_any & (failed_message != "") & np.isin(base_source, ["lat_lon", "easting_northing"]))
    issues.warn(used_coordinates, postcode_column, failed_message[used_coordinates] + " Used the latitude/longitude given instead.")
    nowhere = np.flatnonzero(~located_any & ~skip)
    for i in nowhere:
        if failed_message[i]:
            issues.reject([i], postcode_column, failed_message[i])
        elif coordinate_problem[i]:
            issues.reject([i], lat_column if not np.isnan(lat[i]) or not np.isnan(lon[i]) else columns.get("easting", "easting"),
                          coordinate_problem[i])
        else:
            issues.reject([i], postcode_column,
                          "no location — give the unit postcode of the organisation's base (or latitude and longitude).")


def _fall_back(rows, postcode, base_x, base_y, base_lad, base_source, failed_message, issues, column) -> None:
    queries = [normalise_postcode(postcode[i]) for i in rows]
    sectors = postcode_sector_centroids(queries)
    districts = geocode_postcodes([q[:-3] for q in queries])
    for k, i in enumerate(rows):
        shown = f"{queries[k][:-3]} {queries[k][-3:]}"
        if sectors["n_postcodes"].iat[k] > 0:
            base_x[i], base_y[i] = sectors["easting"].iat[k], sectors["northing"].iat[k]
            base_lad[i], base_source[i] = sectors["lad_code"].iat[k], "postcode_sector"
            issues.warn([i], column, f"'{shown}' is not in the July 2024 postcode list (terminated or new); placed at the "
                        f"centre of its postcode sector '{sectors['sector'].iat[k]}' ({sectors['n_postcodes'].iat[k]} postcodes, "
                        "precise to about 1 km) — check the postcode for a precise base.")
            failed_message[i] = ""
        elif districts["status"].iat[k] == "ok":
            base_x[i], base_y[i] = districts["easting"].iat[k], districts["northing"].iat[k]
            base_lad[i], base_source[i] = districts["lad_code"].iat[k], "postcode_district"
            issues.warn([i], column, f"'{shown}' is not in the July 2024 postcode list (terminated or new) and its sector has no "
                        f"postcodes; placed at the centre of its postcode district '{districts['postcode'].iat[k]}' (precise to a "
                        "few km) — check the postcode for a precise base.")
            failed_message[i] = ""
