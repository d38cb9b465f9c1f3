"""Step 4 (cont.): service areas — which districts each organisation serves.

A cell lists areas separated by semicolons, commas, '|' or new lines. Each area may be a LAD
code or name, a PFA/PCC-area code or name, a common or Welsh name ("Hull", "Caerdydd"), a
former district ("Harrogate", read as North Yorkshire), a combined authority or city region
("Liverpool City Region", read as its districts; see :mod:`geo.places`), ``England``,
``Wales`` or ``national``. ONS names with a comma ("Bristol, City of") are kept whole.

Unknown names are dropped with a warning suggesting the closest known names; the known ones
in the same cell are kept. A cell with no known area at all leaves the organisation on its
radius (or default radius) with a warning. Each distinct cell is parsed once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

import numpy as np
import pandas as pd

from geo.names import lad_name, normalise_name, resolve_lad, resolve_pfa
from geo.places import resolve_place_alias, suggest_places
from geo.units import CITY_OF_LONDON_PFA, METROPOLITAN_PFA, load_units
from lotdesign.importing.issues import Issues

_NATIONAL_WORDS = {"national", "nationwide", "england and wales", "all", "uk", "england & wales", "everywhere",
                   "united kingdom", "england wales", "all areas", "across england and wales"}
_LAD_CODE_RE = re.compile(r"^[EW]0[6789]\d{6}$")
_COMMA_TAILS = {"city", "county", "city of", "county of"}


@cache
def _pfa_units(pfa_code: str) -> tuple[str, ...]:
    units = load_units()
    # Either London force means the whole London PCC area (Metropolitan + City of London).
    if pfa_code in (METROPOLITAN_PFA, CITY_OF_LONDON_PFA):
        return tuple(sorted(units.index[units["pcc_code"] == METROPOLITAN_PFA]))
    return tuple(sorted(units.index[units["pfa_code"] == pfa_code]))


@cache
def _country_units(country: str) -> tuple[str, ...]:
    units = load_units()
    return tuple(sorted(units.index[units["country"] == country]))


@dataclass
class AreaReading:
    """What one service-area cell means."""

    national: bool = False
    lads: tuple[str, ...] = ()
    known: int = 0
    unknown: int = 0
    warnings: list[str] = field(default_factory=list)


def _tokens(text: str) -> list[str]:
    """Split on ; | and new lines, then on commas — keeping "Bristol, City of" whole."""
    tokens = []
    for chunk in re.split(r"[;|\n]", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        if "," not in chunk or _resolve_token(chunk)[0] is not None:
            tokens.append(chunk)
            continue
        parts = [p.strip() for p in chunk.split(",") if p.strip()]
        merged: list[str] = []
        for part in parts:
            if merged and normalise_name(part) in _COMMA_TAILS | {"city", "county"}:
                merged[-1] = f"{merged[-1]}, {part}"
            else:
                merged.append(part)
        tokens.extend(merged)
    return tokens


#: How many distinct area texts (cells and their parts) are remembered between files. Bounded so a
#: server that reads many users' lists in a day does not keep every text it ever saw; a file's
#: distinct cells are read once each whatever the bound (``parse_service_areas`` reads uniques).
AREA_TEXT_CACHE_SIZE = 20_000


@lru_cache(maxsize=AREA_TEXT_CACHE_SIZE)
def _resolve_token(token: str) -> tuple[tuple[str, ...] | None, str, str | None]:
    """(LAD codes or None, kind, warning). kind: national, lad, pfa, alias, country, unknown."""
    words = normalise_name(token)
    if token.strip().lower() in _NATIONAL_WORDS or words in ("national", "nationwide"):
        return (), "national", None
    if words in ("england", "wales"):
        return _country_units(words.title()), "country", None
    upper = token.strip().upper()
    if _LAD_CODE_RE.match(upper):  # a LAD code always means that district only
        lad = resolve_lad(upper)
        if lad is None:
            return None, "unknown", f"'{token}' is not a current local authority code — use a 2024 LAD code or the district's name; ignored."
        return (lad,), "lad", None
    pfa = resolve_pfa(token)
    lad = resolve_lad(token)
    if pfa is not None:
        warning = None
        if lad is not None:
            warning = f"'{token}' is both a PCC area and a local authority; read as the PCC area — use {lad} for the district alone."
        return _pfa_units(pfa), "pfa", warning
    if lad is not None:
        return (lad,), "lad", None
    alias = resolve_place_alias(token)
    if alias is not None:
        kind, codes, read_as = alias
        if kind == "former":
            return codes, "alias", f"'{token}' was abolished as a district; read as {read_as} ({codes[0]}), which replaced it."
        if kind == "combined":
            return codes, "alias", f"'{token}' read as the {len(codes)} districts of {read_as}: {', '.join(lad_name(c) for c in codes)}."
        return codes, "alias", None
    return None, "unknown", None


@lru_cache(maxsize=AREA_TEXT_CACHE_SIZE)
def read_area_cell(text: str) -> AreaReading:
    """Parse one service-area cell (cached: the last :data:`AREA_TEXT_CACHE_SIZE` distinct cells)."""
    reading = AreaReading()
    lads: set[str] = set()
    for token in _tokens(text):
        codes, kind, warning = _resolve_token(token)
        if warning:
            reading.warnings.append(warning)
        if kind == "national":
            reading.national = True
            reading.known += 1
        elif codes is not None:
            lads.update(codes)
            reading.known += 1
        else:
            reading.unknown += 1
            if warning is None:
                close = suggest_places(token)
                hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
                reading.warnings.append(f"'{token}' is not a local authority, PCC area, combined authority or 'national'; ignored.{hint}")
    reading.lads = tuple(sorted(lads))
    return reading


def parse_service_areas(cells: np.ndarray, issues: Issues, column: str) -> pd.DataFrame:
    """Service areas per row.

    Returns
    -------
    pandas.DataFrame
        ``national`` (bool), ``service_lads`` (semicolon list of LAD codes), ``area_status``:
        '' (blank or fully read), ``partial`` (some names unknown, the rest kept) or
        ``unresolved`` (no name known: the organisation falls back to its radius).
    """
    codes, uniques = pd.factorize(pd.Series(cells, dtype=object), use_na_sentinel=False)
    readings = [read_area_cell(u) if u else AreaReading() for u in uniques]
    national = np.array([r.national for r in readings], bool)[codes]
    lads = np.array([";".join(r.lads) for r in readings], dtype=object)[codes]
    status = np.array(["unresolved" if r.unknown and not r.known else "partial" if r.unknown else "" for r in readings],
                      dtype=object)[codes]
    warned = [k for k, r in enumerate(readings) if r.warnings]
    if warned:
        rows_of = pd.Series(np.arange(len(cells))).groupby(codes).agg(list)
        for k in warned:
            message = " ".join(readings[k].warnings)
            if readings[k].unknown and readings[k].known:
                message += " The other areas were kept."
            elif readings[k].unknown:
                message += " No area in the cell is known, so the radius (or the default radius) is used."
            issues.warn(np.asarray(rows_of[k]), column, message)
    return pd.DataFrame({"national": national, "service_lads": lads, "area_status": status})
