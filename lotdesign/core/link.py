"""A view as a link: the designs, the service, the scope and the assumptions in a URL query.

A copied link opens the same view in another session or on another machine, and the command
line reads the same text (``lotdesign score --design 'LINK or CODE'``). A link never carries
organisation data: uploads stay in the session that made them.

The query::

    ?designs=pcc42,e1.eNpdj0…&service=women&scope=Wales&turnover=3

- ``designs``: the main design first, then the ones compared with it, comma-separated. A built-in
  design is its id (``pcc42``); any other design is a *design code* (``e1.`` then the design's
  name, level and area → lot assignment as zlib-compressed JSON in URL-safe base64). At PCC-area
  level the assignment lists police force area codes, otherwise district (LAD) codes — the same
  codes as the design CSV, which stays the exchange format.
- ``service``, ``services`` (bundled categories, comma-separated), ``scope``, ``budget`` (£ million
  a year), ``turnover`` (× the lot's annual value), ``reach`` (% of a lot's population),
  ``weighting`` (``population`` or ``females``): present only when they differ from the defaults
  of :class:`lotdesign.core.params.ScoringParams`.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

import pandas as pd

from geo.units import load_units
from lotdesign.core.designs import LotDesign, builtin_design_ids, design_from_table, get_design
from lotdesign.core.params import CATEGORY_SHARES, SCOPES, ScoringParams
from lotdesign.errors import ValidationError

#: Start of a design code (version 1 of the encoding).
CODE_PREFIX = "e1."
#: The query keys a link sets (anything else in an address is left alone).
LINK_KEYS = ("designs", "service", "services", "scope", "budget", "turnover", "reach", "weighting")
#: The most characters a design code may decompress to (a district-level design is about 4,000).
MAX_DECODED_CHARS = 200_000


@dataclass(frozen=True)
class LinkedView:
    """What a link holds.

    Attributes
    ----------
    designs : tuple of LotDesign
        The main design first, then the designs compared with it.
    params : ScoringParams
        Service, scope and assumptions (defaults for anything the link does not name).
    """

    designs: tuple
    params: ScoringParams


# --- one design as a code -----------------------------------------------------------------------------

def _assignment(design: LotDesign) -> tuple[str, dict]:
    """``("pfa" or "lad", {lot: [area codes]})``: by police force area when each is in one lot."""
    units = load_units().loc[design.unit_to_lot.index]
    lots = design.unit_to_lot.astype(str)
    if (lots.groupby(units["pfa_code"]).nunique() == 1).all():
        per_area = lots.groupby(units["pfa_code"]).first()
        level = "pfa"
    else:
        per_area, level = lots, "lad"
    grouped = per_area.groupby(per_area.to_numpy()).groups
    return level, {str(lot): sorted(str(code) for code in codes) for lot, codes in sorted(grouped.items())}


def encode_design(design: LotDesign) -> str:
    """The design as a compact code usable in a link (``e1.`` + URL-safe text, no padding).

    Parameters
    ----------
    design : LotDesign
        Any design; its name and area → lot assignment are kept (lot codes and descriptions are not).

    Returns
    -------
    str
        About 400 characters for a design of whole PCC areas, 1,000–1,500 for a district-level one.
    """
    level, lots = _assignment(design)
    payload = json.dumps({"name": design.name, "level": level, "lots": lots}, ensure_ascii=False,
                         separators=(",", ":"))
    packed = zlib.compress(payload.encode("utf-8"), 9)
    return CODE_PREFIX + base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def _unpack(code: str) -> dict:
    """The JSON payload of a design code; a clear error when the code is damaged."""
    body = code[len(CODE_PREFIX):]
    damaged = ValidationError(f"The design code '{code[:24]}…' is damaged or incomplete (it was probably cut when "
                              "copied): copy the whole link again.")
    try:
        packed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        inflater = zlib.decompressobj()
        text = inflater.decompress(packed, MAX_DECODED_CHARS)
        if inflater.unconsumed_tail:
            raise ValidationError("The design code is too long to be a lot design.")
        payload = json.loads(text.decode("utf-8"))
    except (binascii.Error, ValueError, zlib.error, UnicodeDecodeError) as error:
        raise damaged from error
    if (not isinstance(payload, dict) or payload.get("level") not in ("pfa", "lad")
            or not isinstance(payload.get("lots"), dict)
            or not all(isinstance(areas, list) for areas in payload["lots"].values())):
        raise damaged
    return payload


def decode_design(code: str, *, design_id: str = "linked") -> LotDesign:
    """The design in a design code (see :func:`encode_design`), checked like a design file.

    Raises
    ------
    ValidationError
        When the code is damaged, or names areas that do not exist or leaves areas out.
    """
    if not code.startswith(CODE_PREFIX):
        raise ValidationError(f"'{code[:24]}' is not a design code: a design code starts with '{CODE_PREFIX}'.")
    payload = _unpack(code)
    column = "pfa_code" if payload["level"] == "pfa" else "lad_code"
    rows = [(str(area), str(lot)) for lot, areas in payload["lots"].items() for area in areas]
    table = pd.DataFrame(rows, columns=[column, "lot"])
    name = str(payload.get("name") or "Design from a link")[:200]
    design = design_from_table(table, design_id=design_id, name=name)
    return LotDesign(id=design.id, name=design.name, unit_to_lot=design.unit_to_lot, level=design.level,
                     description=design.description, source="link", confidence="user-supplied", scope=design.scope)


def design_token(design: LotDesign, *, builtin: bool) -> str:
    """How a design is written in a link: its id when built in, else its code."""
    return design.id if builtin else encode_design(design)


def design_from_token(token: str, *, design_id: str = "linked") -> LotDesign:
    """A design from a link's token: a built-in id or a design code."""
    token = token.strip()
    if token.startswith(CODE_PREFIX):
        return decode_design(token, design_id=design_id)
    return get_design(token)


# --- a whole view --------------------------------------------------------------------------------------

def view_query(tokens: list[str], params: ScoringParams) -> dict[str, str]:
    """The query of a view: its design tokens, and every setting that differs from its default.

    Parameters
    ----------
    tokens : list of str
        The designs as :func:`design_token` writes them, main design first.
    params : ScoringParams
        The scoring parameters in use.
    """
    defaults = ScoringParams()
    query = {"designs": ",".join(tokens)}
    if params.service != defaults.service:
        query["service"] = params.service
    if params.services:
        query["services"] = ",".join(params.services)
    if params.scope != defaults.scope:
        query["scope"] = params.scope
    if params.national_budget_gbp != defaults.national_budget_gbp:
        query["budget"] = f"{params.national_budget_gbp / 1e6:g}"
    if params.turnover_multiple != defaults.turnover_multiple:
        query["turnover"] = f"{params.turnover_multiple:g}"
    if params.reach_threshold != defaults.reach_threshold:
        query["reach"] = f"{round(100 * params.reach_threshold):d}"
    if params.value_weighting != defaults.value_weighting:
        query["weighting"] = params.value_weighting
    return query


def view_link(base_url: str, tokens: list[str], params: ScoringParams) -> str:
    """The full address of a view: ``base_url`` (the app's address) and :func:`view_query`."""
    return base_url.split("?")[0] + "?" + urlencode(view_query(tokens, params), safe=",")


def _number(query: Mapping, key: str, low: float, high: float, what: str) -> float | None:
    if key not in query:
        return None
    try:
        value = float(query[key])
    except ValueError:
        value = float("nan")
    if not low <= value <= high:
        raise ValidationError(f"The link's {key}={query[key]!r} is not {what} between {low:g} and {high:g}.")
    return value


def params_from_query(query: Mapping[str, str]) -> ScoringParams:
    """Scoring parameters from a link's query (defaults for what it does not name).

    Raises
    ------
    ValidationError
        Naming the setting that is not valid and what it should be.
    """
    defaults = ScoringParams()
    service = query.get("service", defaults.service)
    if service not in CATEGORY_SHARES:
        raise ValidationError(f"The link's service={service!r} is not a service; use one of {', '.join(CATEGORY_SHARES)}.")
    scope = query.get("scope", defaults.scope)
    if scope not in SCOPES:
        raise ValidationError(f"The link's scope={scope!r} is not one of {', '.join(SCOPES)}.")
    weighting = query.get("weighting", defaults.value_weighting)
    if weighting not in ("population", "females"):
        raise ValidationError(f"The link's weighting={weighting!r} must be 'population' or 'females'.")
    services = tuple(key for key in str(query.get("services", "")).split(",") if key)
    unknown = [key for key in services if key not in CATEGORY_SHARES]
    if unknown:
        raise ValidationError(f"The link's services={query['services']!r} names {', '.join(map(repr, unknown))}, not a "
                              f"service; use {', '.join(CATEGORY_SHARES)}.")
    budget_m = _number(query, "budget", 1, 10_000, "a budget in £ million")
    turnover = _number(query, "turnover", 0.1, 20, "a turnover multiple")
    reach_pct = _number(query, "reach", 1, 100, "a percentage")
    return defaults.replace(
        service=service, services=services, scope=scope, value_weighting=weighting,
        national_budget_gbp=defaults.national_budget_gbp if budget_m is None else budget_m * 1e6,
        turnover_multiple=defaults.turnover_multiple if turnover is None else turnover,
        reach_threshold=defaults.reach_threshold if reach_pct is None else reach_pct / 100,
    )


def _query_of(text: str) -> dict[str, str]:
    """The query of an address or a bare query string, one value per key (the last given)."""
    text = text.strip()
    query = urlsplit(text).query if "://" in text or text.startswith("/") else text.lstrip("?")
    return {key: values[-1] for key, values in parse_qs(query, keep_blank_values=True).items()}


def view_from_query(query: Mapping[str, str]) -> LinkedView:
    """The designs and parameters of a link's query (see the module docstring)."""
    tokens = [token for token in str(query.get("designs", "")).split(",") if token.strip()]
    if not tokens:
        raise ValidationError("The link names no design: it needs designs=… (built-in ids or design codes).")
    designs = tuple(design_from_token(token, design_id=f"linked{k + 1}") for k, token in enumerate(tokens))
    return LinkedView(designs=designs, params=params_from_query(query))


def read_link(text: str) -> LinkedView:
    """A view from a copied link, its query, a design code or a built-in design id.

    A bare design code or id gives that one design with the default parameters.
    """
    text = text.strip()
    if "designs=" in text:
        return view_from_query(_query_of(text))
    return LinkedView(designs=(design_from_token(text),), params=ScoringParams())


def looks_like_link(text: str) -> bool:
    """True when ``text`` is a link, a query or a design code rather than a design id or file name."""
    text = text.strip()
    return text.startswith(CODE_PREFIX) or "designs=" in text


def is_builtin_id(token: str) -> bool:
    """True when ``token`` names a built-in design."""
    return token in builtin_design_ids()
