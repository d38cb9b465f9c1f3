"""Resolve area names and codes people type (LADs, police force areas, PCC areas) to GSS codes.

Matching ignores case, punctuation, '&' versus 'and', and words such as "Police" or
"Constabulary", and knows the common variants ("Devon and Cornwall", "Hampshire (and Isle of
Wight)", "City of London", "Bristol"). Unknown names get the closest known names as suggestions.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from geo.units import CITY_OF_LONDON_PFA, METROPOLITAN_PFA, load_units

_FILLER_WORDS = {"police", "constabulary", "service", "force", "area", "pcc", "the", "and", "of"}
_LAD_CODE_RE = re.compile(r"^[EW]0[6789]\d{6}$")
_PFA_CODE_RE = re.compile(r"^[EW]2[3]\d{6}$|^W15\d{6}$")

#: Extra spellings of police force areas, keyed by PFA code.
PFA_ALIASES = {
    "E23000035": ["Devon and Cornwall", "Devon & Cornwall Police"],
    "E23000030": ["Hampshire (and Isle of Wight)", "Hampshire and Isle of Wight", "Hampshire and IOW"],
    CITY_OF_LONDON_PFA: ["City of London", "City of London Police", "London, City of"],
    METROPOLITAN_PFA: ["Metropolitan", "Met", "Met Police", "Metropolitan Police Service", "London",
                       "Metropolitan Police (incl. City of London)", "Greater London"],
    "W15000004": ["Dyfed Powys"],
    "E23000013": ["Cleveland Police"],
}


def normalise_name(text: object) -> str:
    """Lower-case a place name and keep only its meaningful words.

    >>> normalise_name("Devon & Cornwall Police")
    'devon cornwall'
    """
    words = re.sub(r"[^a-z0-9]+", " ", str(text).lower().replace("&", " and ")).split()
    kept = [w for w in words if w not in _FILLER_WORDS]
    return " ".join(kept)


def _lad_variants(name: str) -> list[str]:
    # ONS writes "Bristol, City of"; people write "City of Bristol" or "Bristol".
    variants = [name]
    if "," in name:
        head, tail = (part.strip() for part in name.split(",", 1))
        variants += [f"{tail} {head}", head]
    return variants


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str]]:
    units = load_units()
    lad_by_name: dict[str, str] = {}
    for code, name in units["lad_name"].items():
        for variant in _lad_variants(name):
            lad_by_name.setdefault(normalise_name(variant), code)
    pfa_by_name: dict[str, str] = {}
    pfas = units.drop_duplicates("pfa_code").set_index("pfa_code")
    for code, name in pfas["pfa_name"].items():
        pfa_by_name[normalise_name(name)] = code
    for code, aliases in PFA_ALIASES.items():
        for alias in aliases:
            pfa_by_name[normalise_name(alias)] = code
    lad_display = dict(units["lad_name"])
    pfa_display = dict(pfas["pfa_name"])
    return lad_by_name, pfa_by_name, lad_display, pfa_display


def resolve_lad(text: object) -> str | None:
    """Return the LAD code for a LAD code or name, or None when it is not a LAD."""
    raw = str(text).strip().upper()
    lad_by_name, _, lad_display, _ = _gazetteer()
    if _LAD_CODE_RE.match(raw):
        return raw if raw in lad_display else None
    return lad_by_name.get(normalise_name(text))


def resolve_pfa(text: object) -> str | None:
    """Return the PFA code for a PFA/PCC-area code or name, or None when it is not one."""
    raw = str(text).strip().upper()
    _, pfa_by_name, _, pfa_display = _gazetteer()
    if _PFA_CODE_RE.match(raw):
        return raw if raw in pfa_display else None
    return pfa_by_name.get(normalise_name(text))


def suggest(text: object, level: str, n: int = 3) -> list[str]:
    """Closest known names at ``level`` (``"lad"`` or ``"pfa"``), best first."""
    _, _, lad_display, pfa_display = _gazetteer()
    names = list((lad_display if level == "lad" else pfa_display).values())
    if level == "pfa":
        names += [alias for aliases in PFA_ALIASES.values() for alias in aliases[:1]]
    by_normal = {normalise_name(name): name for name in names}
    matches = difflib.get_close_matches(normalise_name(text), list(by_normal), n=n, cutoff=0.5)
    return [by_normal[m] for m in matches]


def lad_name(code: str) -> str:
    """The ONS name of a LAD code."""
    return _gazetteer()[2][code]


def pfa_name(code: str) -> str:
    """The ONS name of a PFA code."""
    return _gazetteer()[3][code]
