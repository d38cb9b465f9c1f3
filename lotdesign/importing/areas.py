"""Step 4 (cont.): service areas — which districts each organisation serves.

A cell lists areas separated by semicolons, commas, '|' or new lines. Each area may be a LAD
code or name, a PFA/PCC-area code or name, a common or Welsh name ("Hull", "Caerdydd"), a
former district ("Harrogate", read as North Yorkshire), a combined authority or city region
("Liverpool City Region", read as its districts; see :mod:`geo.places`), a county ("Devon",
read as its districts), ``England``, ``Wales`` or ``national``. ONS names with a comma
("Bristol, City of") are kept whole.

The Charity Commission register's area-of-operation wording is read as written there:
"Throughout England And Wales" (national), "Throughout England", "Throughout Wales",
"Throughout London", "Leeds City", "Swansea City And Borough", "Kent County Council";
"Scotland" and "Northern Ireland" are noted as outside England and Wales. So is what people
write in surveys: "All of London", "Across England and Wales", and areas joined by "&",
"and" or "+" ("Hull & East Riding", "Birmingham and the Black Country").

Unknown names are dropped with a warning suggesting the closest known names; the known ones
in the same cell are kept. A cell with no known area at all leaves the organisation on its
radius (or default radius) with a warning. The user can accept a suggestion once for every
row using a name (an *area decision*, saved in the column mapping: see
:class:`lotdesign.importing.columns.ColumnMapping`). Each distinct cell is parsed once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

import numpy as np
import pandas as pd

from geo.names import lad_name, normalise_name, resolve_lad, resolve_pfa
from geo.places import place_key, resolve_place_alias, suggest_places
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
    #: Names outside England and Wales ("Scotland"), noted and not counted.
    outside: int = 0
    unknown_names: list[str] = field(default_factory=list)
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

#: Words before a place name that only say "all of it" ("Throughout London", "All of Kent").
_WHOLE_PREFIX_RE = re.compile(r"^(?:throughout|all of|across|across all of|the whole of|whole of|covering|all|"
                              r"anywhere in|everywhere in)\s+(?:the\s+)?", re.IGNORECASE)
#: Words after a place name naming its council ("Leeds City", "Swansea City And Borough").
_COUNCIL_SUFFIX_RE = re.compile(r"\s+(?:city and county of|city and county|city and borough|county borough|"
                                r"metropolitan borough|royal borough|city council|county council|borough council|"
                                r"district council|council|city|borough|district|county)$", re.IGNORECASE)
_COUNCIL_PREFIX_RE = re.compile(r"^(?:city and county of|city of|county of|royal borough of|london borough of|"
                                r"borough of|metropolitan borough of)\s+", re.IGNORECASE)
#: What joins two areas inside one name ("Hull & East Riding", "Kent and Medway").
_JOIN_RE = re.compile(r"\s+(?:&|and|\+)\s+|\s*&\s*|\s*/\s*", re.IGNORECASE)
#: Places outside England and Wales that the register and people name.
OUTSIDE_PLACES = {"scotland", "northern ireland", "isle of man", "channel islands", "jersey", "guernsey",
                  "outside uk", "overseas", "international", "republic of ireland", "ireland"}
#: Register phrases that mean the whole country ("Throughout England" is read by the prefix rule).
_REGISTER_NATIONAL = {"throughout england and wales", "throughout england & wales", "england and wales",
                      "throughout the uk", "throughout the united kingdom", "across the uk"}


@lru_cache(maxsize=AREA_TEXT_CACHE_SIZE)
def _resolve_token(token: str) -> tuple[tuple[str, ...] | None, str, str | None]:
    """(LAD codes or None, kind, warning). kind: national, lad, pfa, alias, country, outside, unknown.

    A name as written first; then without "Throughout"/"All of"/"Across"; then without a
    council word ("Leeds City", "Swansea City And Borough"); then as areas joined by "&"/"and".
    """
    found = _resolve_single(token)
    if found[1] != "unknown" or found[2] is not None:
        return found
    for shorter in _shorter_forms(token):
        joined = _resolve_joined(shorter)
        if joined[1] != "unknown":
            return joined
    return _resolve_joined(token)


def _shorter_forms(token: str) -> list[str]:
    """The name without a "Throughout"-like prefix and/or a council word, when it has one."""
    forms = []
    for pattern in (_WHOLE_PREFIX_RE, _COUNCIL_PREFIX_RE, _COUNCIL_SUFFIX_RE):
        shorter = pattern.sub("", token.strip())
        if shorter and shorter != token.strip():
            forms.append(shorter)
    return forms


@lru_cache(maxsize=AREA_TEXT_CACHE_SIZE)
def _resolve_single(token: str) -> tuple[tuple[str, ...] | None, str, str | None]:
    """One area (no '&'/'and' joins): as written, a register phrase, outside E&W, or a shorter form."""
    codes, kind, warning = _resolve_plain(token)
    if kind != "unknown" or warning is not None:
        return codes, kind, warning
    lowered = " ".join(token.lower().split())
    if lowered in _REGISTER_NATIONAL:
        return (), "national", None
    if normalise_name(token) in OUTSIDE_PLACES or lowered in OUTSIDE_PLACES:
        return (), "outside", (f"'{token}' is outside England and Wales, where probation lots are; "
                               "noted, and no area is counted for it.")
    for shorter in _shorter_forms(token):
        found = _resolve_single(shorter)
        if found[1] != "unknown":
            return found
    return None, "unknown", None


def _resolve_joined(token: str) -> tuple[tuple[str, ...] | None, str, str | None]:
    """Areas joined by '&', 'and', '+' or '/': known when every part is a known area."""
    parts = tuple(p.strip() for p in _JOIN_RE.split(token.strip()) if p.strip())
    if len(parts) < 2 or len(parts) > 8:
        return None, "unknown", None
    groups = _known_partition(parts, whole=False)
    if groups is None:
        return None, "unknown", None
    readings = [_resolve_single(group) for group in groups]
    if any(kind == "national" for _, kind, _ in readings):
        return (), "national", None
    codes = sorted({code for found, _, _ in readings for code in (found or ())})
    if not codes:
        return None, "unknown", None
    return tuple(codes), "alias", None


def _known_partition(parts: tuple[str, ...], *, whole: bool) -> list[str] | None:
    """Split ``parts`` into runs (rejoined with 'and') that are each a known area, longest runs first.

    ``whole``: whether all of ``parts`` as one run is allowed (not at the top, where it is the
    name that was not known).
    """
    if not parts:
        return []
    longest = len(parts) if whole else len(parts) - 1
    for end in range(longest, 0, -1):
        head = " and ".join(parts[:end])
        if _resolve_single(head)[1] == "unknown":
            continue
        rest = _known_partition(parts[end:], whole=True)
        if rest is not None:
            return [head, *rest]
    return None


@lru_cache(maxsize=AREA_TEXT_CACHE_SIZE)
def _resolve_plain(token: str) -> tuple[tuple[str, ...] | None, str, str | None]:
    """A name as written: national words, England/Wales, a code, a PCC area, a district, an alias."""
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


#: Area decisions as passed around: (comparison key of the name as written, the area chosen), sorted.
AreaDecisions = tuple[tuple[str, str], ...]


def area_decisions_key(decisions: dict[str, str] | None) -> AreaDecisions:
    """Area decisions (name as written → area chosen) in the hashable form the readers cache on."""
    return tuple(sorted((place_key(written), chosen) for written, chosen in (decisions or {}).items()))


@lru_cache(maxsize=AREA_TEXT_CACHE_SIZE)
def read_area_cell(text: str, decisions: AreaDecisions = ()) -> AreaReading:
    """Parse one service-area cell (cached: the last :data:`AREA_TEXT_CACHE_SIZE` distinct cells).

    ``decisions`` replaces names the user has decided about (see :func:`area_decisions_key`):
    a name written as the key is read as the chosen area, with no warning.
    """
    reading = AreaReading()
    lads: set[str] = set()
    chosen = dict(decisions)
    for token in _tokens(text):
        decided = chosen.get(place_key(token))
        codes, kind, warning = _resolve_token(decided if decided is not None else token)
        if decided is not None and kind == "unknown":
            warning = f"'{token}' was decided to mean '{decided}', which is not a known area; ignored."
        if warning:
            reading.warnings.append(warning)
        if kind == "national":
            reading.national = True
            reading.known += 1
        elif kind == "outside":
            reading.outside += 1
        elif codes is not None:
            lads.update(codes)
            reading.known += 1
        else:
            reading.unknown += 1
            reading.unknown_names.append(token)
            if warning is None:
                close = suggest_places(token)
                hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
                reading.warnings.append(f"'{token}' is not a local authority, PCC area, county, combined authority or "
                                        f"'national'; ignored.{hint}")
    reading.lads = tuple(sorted(lads))
    return reading


def unknown_area_names(cells: np.ndarray, decisions: AreaDecisions = ()) -> pd.DataFrame:
    """Every area name not understood, with how many rows use it and the suggested areas, most used first.

    Returns
    -------
    pandas.DataFrame
        ``name`` (as written), ``rows`` (number of rows using it), ``suggestions`` (list of
        known area names, best first; may be empty). What the app offers to decide once for
        every row using the name.
    """
    counts: dict[str, int] = {}
    values, frequency = np.unique(np.asarray(cells, dtype=object).astype(str), return_counts=True)
    for value, n in zip(values, frequency):
        if value:
            for name in dict.fromkeys(read_area_cell(value, decisions).unknown_names):
                counts[name] = counts.get(name, 0) + int(n)
    names = sorted(counts, key=lambda name: (-counts[name], name.lower()))
    return pd.DataFrame({"name": names, "rows": [counts[n] for n in names],
                         # Every name gets a suggestion: a looser match when no close one is found.
                         "suggestions": [suggest_places(n) or suggest_places(n, min_score=40.0) for n in names]},
                        columns=["name", "rows", "suggestions"])


def _area_status(reading: AreaReading) -> str:
    """'' (blank or fully read), partial, unresolved (nothing known) or outside (only places outside E&W)."""
    if reading.unknown:
        return "partial" if reading.known else "unresolved"
    if reading.outside and not reading.known:
        return "outside"
    return ""


def parse_service_areas(cells: np.ndarray, issues: Issues, column: str, decisions: AreaDecisions = ()) -> pd.DataFrame:
    """Service areas per row.

    Parameters
    ----------
    decisions : tuple, optional
        The user's area decisions (:func:`area_decisions_key`).

    Returns
    -------
    pandas.DataFrame
        ``national`` (bool), ``service_lads`` (semicolon list of LAD codes), ``area_status``:
        '' (blank or fully read), ``partial`` (some names unknown, the rest kept),
        ``unresolved`` (no name known: the organisation falls back to its radius) or
        ``outside`` (only places outside England and Wales: the radius is used too).
    """
    codes, uniques = pd.factorize(pd.Series(cells, dtype=object), use_na_sentinel=False)
    readings = [read_area_cell(u, decisions) if u else AreaReading() for u in uniques]
    national = np.array([r.national for r in readings], bool)[codes]
    lads = np.array([";".join(r.lads) for r in readings], dtype=object)[codes]
    status = np.array([_area_status(r) for r in readings], dtype=object)[codes]
    warned = [k for k, r in enumerate(readings) if r.warnings]
    if warned:
        rows_of = pd.Series(np.arange(len(cells))).groupby(codes).agg(list)
        for k in warned:
            message = " ".join(readings[k].warnings)
            if readings[k].unknown and readings[k].known:
                message += " The other areas were kept."
            elif _area_status(readings[k]) in ("unresolved", "outside"):
                message += " No area in England and Wales is known for it, so the radius (or the default radius) is used."
            issues.warn(np.asarray(rows_of[k]), column, message)
    return pd.DataFrame({"national": national, "service_lads": lads, "area_status": status})
