"""Lot designs: which lot each LAD unit belongs to; the built-ins and custom designs.

A design maps every unit in its scope (England and Wales, England only, or Wales only) to
exactly one lot. Most built-in designs are groupings of police force areas (PFAs), expanded to
the 318 LAD units; a few are written per district (``level="lad"``): the probation delivery
unit (PDU) units, and the finer lots really let in Greater Manchester and the South West.
Custom designs can be given at PFA or LAD level in a CSV or Excel file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache

import pandas as pd

from geo.datafiles import data_path
from geo.names import lad_name, pfa_name, resolve_lad, resolve_pfa, suggest
from geo.units import CITY_OF_LONDON_PFA, METROPOLITAN_PFA, load_units
from lotdesign.core.params import GREATER_MANCHESTER_PFA
from lotdesign.errors import UnknownDesignError, ValidationError
from lotdesign.io.tables import read_table

SCOPES = ("England and Wales", "England", "Wales")


@dataclass(frozen=True, eq=False)
class LotDesign:
    """A lot design: a mapping from LAD unit to lot, with where it comes from.

    Attributes
    ----------
    id : str
        Short identifier (``pcc42``, ``regions12`` ...).
    name : str
        Human-readable name.
    unit_to_lot : pandas.Series
        Lot label per unit, indexed by ``lad_code``; covers every unit in ``scope``.
    level : {"pfa", "lad"}
        The level the design was written at.
    description, source : str
        What the design is, and the sources it rests on.
    confidence : str
        ``high``, ``medium-high``, ``inferred`` ... ; ``inferred`` designs are labelled so.
    year : int or None
        Year the design came into use (or was proposed).
    scope : str
        ``England and Wales``, ``England`` or ``Wales``.
    """

    id: str
    name: str
    unit_to_lot: pd.Series
    level: str = "pfa"
    description: str = ""
    source: str = ""
    confidence: str = "high"
    year: int | None = None
    scope: str = "England and Wales"
    lot_codes: dict = field(default_factory=dict)

    @property
    def inferred(self) -> bool:
        """True when the grouping is inferred rather than sourced."""
        return self.confidence.startswith("inferred")

    @property
    def assumed(self) -> bool:
        """True when the lots themselves are assumed (the source does not list them)."""
        return self.confidence.startswith("assumed")

    @property
    def label(self) -> str:
        """The name as shown to users, marked when the design is inferred (an assumed design says so in its name)."""
        return f"{self.name} (inferred)" if self.inferred else self.name

    @property
    def lots(self) -> list[str]:
        """Lot labels, sorted."""
        return sorted(self.unit_to_lot.unique())

    @property
    def n_lots(self) -> int:
        """Number of lots."""
        return int(self.unit_to_lot.nunique())


#: Metadata of the built-in designs (sources in ../shared/data/designs/SOURCES.md, summarised).
BUILTIN_METADATA = {
    "pcc42": dict(
        name="42 PCC areas",
        description="One lot per Police and Crime Commissioner area (City of London with the Metropolitan Police).",
        source="ONS LAD24–CSP24–PFA24 lookup (December 2024); 42-area model of the MoJ interventions service",
        confidence="high",
        year=2021,
    ),
    "regions12": dict(
        name="12 probation regions (2021)",
        description="The Probation Service regions from June 2021 (11 in England plus Wales); also the Dynamic Framework ETE lots.",
        source="MoJ hmpps-interventions-service region and PCC tables; GOV.UK probation regional maps (July 2021)",
        confidence="high",
        year=2021,
    ),
    "df_accommodation15": dict(
        name="15 Dynamic Framework accommodation lots (2021)",
        description="Accommodation day-one lots: 11 English regions plus the 4 Welsh PCC areas.",
        source="MoJ hmpps-interventions-service contract files (live from June 2021)",
        confidence="high",
        year=2021,
    ),
    "cpa21": dict(
        name="21 contract package areas (2014)",
        description="Transforming Rehabilitation CRC contract package areas, 2014/15–2021.",
        source="nDelius probation-area code table (C01–C21); HM Inspectorate of Probation",
        confidence="high",
        year=2014,
    ),
    "nps7": dict(
        name="7 NPS divisions (2014)",
        description="National Probation Service divisions, 2014–2021.",
        source="nDelius code table (N01–N07); HMIP press releases 2018–19",
        confidence="medium-high",
        year=2014,
    ),
    "hmpps_ap_areas7": dict(
        name="7 HMPPS approved-premises areas",
        description="The seven groupings of the 2021 regions HMPPS uses for approved premises: London alone; North West "
        "with Greater Manchester; North East with Yorkshire and the Humber; East and West Midlands; East of England "
        "with Kent, Surrey and Sussex; South West with South Central; Wales.",
        source="MoJ hmpps-approved-premises-api seed of ap_areas and their probation regions",
        confidence="high",
        year=2022,
    ),
    "proposal11_2018": dict(
        name="2018 proposal: 10 English areas + Wales",
        description="The July 2018 plan for 10 English probation areas plus Wales. The count is sourced; "
        "which PFAs form each area is inferred (2021 regions with Greater Manchester in the North West).",
        source="MoJ press release, 27 July 2018 (count only); grouping inferred",
        confidence="inferred (low–medium)",
        year=2018,
    ),
    "csm2027_assumed": dict(
        name="Community Support for Men 2027 — lots assumed",
        description="The 11 probation regions outside Greater Manchester, one bundled lot each. Assumed: the "
        "Community Support for Men notices confirm the competition has lots but do not list them in our sources; "
        "Greater Manchester procures its own.",
        source="Find-tender notices 047412-2025 and 060156-2025 (scope: England except Greater Manchester, and Wales); "
        "lots assumed to be the 2021 probation regions",
        confidence="assumed: the notice does not list its lots in our sources",
        year=2027,
        scope="England and Wales except Greater Manchester",
    ),
    "pdu_units": dict(
        name="Probation delivery units (derived from PDU names)",
        description="One lot per probation delivery unit (PDU), the Probation Service's local units, each inside one "
        "PCC area. Derived from PDU names: no PDU → local authority lookup is published, so districts are matched "
        "by name within each PDU's PCC area, with a reviewed table for the rest; PDUs that split one district "
        "(Manchester, Liverpool, Essex, Birmingham, Lancashire) are joined into one unit and named so.",
        source="MoJ hmpps-find-and-refer-an-intervention-service PDU list (2025); district match derived "
        "(data/geography/pdu_districts.csv)",
        confidence="derived",
        year=2025,
        level="lad",
    ),
    "gm_boroughs": dict(
        name="Greater Manchester by borough, rest by PCC area",
        description="The 10 Greater Manchester boroughs as lots (Greater Manchester's rehabilitative services were "
        "let as 20 borough contracts from June 2024); the rest of England and Wales one lot per PCC area.",
        source="MoJ award record (Greater Manchester borough contracts, June 2024); ONS LAD24 lookup",
        confidence="high",
        year=2024,
        level="lad",
    ),
    "sw_local_authorities": dict(
        name="South West by local authority, rest by PCC area",
        description="The South West probation region in 14 upper-tier local authority lots (the dependency and "
        "recovery contracts of 2024–25; the Isles of Scilly with Cornwall); the rest of England and Wales one lot "
        "per PCC area.",
        source="MoJ hmpps-interventions-service contract files (DNR-SW, 2024–25); ONS LAD24 lookup",
        confidence="high",
        year=2025,
        level="lad",
    ),
}

DEFAULT_COMPARISON = ("pcc42", "regions12")


@lru_cache(maxsize=1)
def _builtin_table() -> pd.DataFrame:
    return pd.read_csv(data_path("designs", "builtin_designs.csv"), dtype=str, keep_default_na=False)


@lru_cache(maxsize=1)
def _district_table() -> pd.DataFrame:
    return pd.read_csv(data_path("designs", "district_designs.csv"), dtype=str, keep_default_na=False)


def _district_design_lots(design_id: str, units: pd.DataFrame) -> tuple[pd.Series, dict]:
    """Lot per LAD code, and lot codes, of a built-in design written per district."""
    rows = _district_table()
    rows = rows[rows["design_id"] == design_id].set_index("lad_code")
    unit_to_lot = rows["lot"].reindex(units.index).rename("lot")
    lot_codes = {lot: code for lot, code in zip(rows["lot"], rows["lot_code"]) if code}
    return unit_to_lot, lot_codes


@cache
def _builtin(design_id: str) -> LotDesign:
    units = load_units()
    metadata = dict(BUILTIN_METADATA[design_id])
    level = metadata.pop("level", "pfa")
    if level == "lad":
        unit_to_lot, lot_codes = _district_design_lots(design_id, units)
    elif design_id == "pcc42":
        unit_to_lot = units["pcc_name"].rename("lot")
        lot_codes = dict(zip(units["pcc_name"], units["pcc_code"]))
    elif design_id == "csm2027_assumed":
        # The 2021 regions without the Greater Manchester region, which procures its own.
        regions = _builtin("regions12")
        unit_to_lot = regions.unit_to_lot[units["pfa_code"] != GREATER_MANCHESTER_PFA]
        lot_codes = {lot: code for lot, code in regions.lot_codes.items() if lot in set(unit_to_lot)}
    else:
        rows = _builtin_table()
        rows = rows[rows["design_id"] == design_id]
        pfa_to_lot = rows.set_index("pfa_code")["lot"]
        unit_to_lot = units["pfa_code"].map(pfa_to_lot).rename("lot")
        lot_codes = {lot: code for lot, code in zip(rows["lot"], rows["lot_code"]) if code}
    unit_to_lot.index.name = "lad_code"
    return LotDesign(id=design_id, unit_to_lot=unit_to_lot, level=level, lot_codes=lot_codes, **metadata)


def builtin_design_ids() -> list[str]:
    """Identifiers of the built-in designs: the PCC-area groupings, most granular first, then those drawn per district."""
    return list(BUILTIN_METADATA)


def get_design(design_id: str) -> LotDesign:
    """Return a built-in design by id.

    Raises
    ------
    UnknownDesignError
        When ``design_id`` is not built in; the message lists the ids that are.
    """
    if design_id not in BUILTIN_METADATA:
        raise UnknownDesignError(
            f"Unknown design '{design_id}'. Built-in designs are: {', '.join(BUILTIN_METADATA)}; "
            "or load your own with a design CSV."
        )
    return _builtin(design_id)


def builtin_designs() -> list[LotDesign]:
    """All built-in designs."""
    return [get_design(design_id) for design_id in BUILTIN_METADATA]


def design_catalogue() -> pd.DataFrame:
    """One row per built-in design: id, name, lots, level, year, confidence, source and description.

    The description says how a derived design was made (``pdu_units``: from PDU names).
    """
    rows = [
        {
            "id": d.id,
            "name": d.label,
            "n_lots": d.n_lots,
            "level": d.level,
            "year": d.year,
            "confidence": d.confidence,
            "source": d.source,
            "description": d.description,
        }
        for d in builtin_designs()
    ]
    return pd.DataFrame(rows)


def lots_table(design: LotDesign) -> pd.DataFrame:
    """Each lot of a design with its PFAs, LAD count and mid-2023 population.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``lot``: ``lot_code``, ``pfa_codes``, ``pfa_names`` (lists), ``n_units``,
        ``population`` (persons, mid-2023).
    """
    units = load_units().loc[design.unit_to_lot.index]
    units["lot"] = design.unit_to_lot
    grouped = units.groupby("lot", sort=True)
    table = pd.DataFrame(
        {
            "lot_code": [design.lot_codes.get(lot, "") for lot in grouped.groups],
            "pfa_codes": grouped["pfa_code"].agg(lambda s: sorted(s.unique())),
            "pfa_names": grouped["pfa_name"].agg(lambda s: sorted(s.unique())),
            "n_units": grouped.size(),
            "population": grouped["population"].sum(),
        },
    )
    table.index.name = "lot"
    return table


# --- custom designs ---------------------------------------------------------------------

_LOT_COLUMNS = ("lot", "lot_name", "lot name", "lot_label", "contract", "contract_area", "lot_id")
_PFA_COLUMNS = ("pfa_code", "pfa_name", "pfa", "pcc_area", "pcc", "pcc_code", "pcc_name",
                "police_force_area", "police force area", "police_force", "force", "pfa24cd", "pfa24nm")
_LAD_COLUMNS = ("lad_code", "lad_name", "lad", "local_authority", "local authority", "lad24cd",
                "lad24nm", "district", "local_authority_district")


def _pick(columns: list[str], candidates: tuple[str, ...]) -> str | None:
    lowered = {c.strip().lower(): c for c in columns}
    for candidate in candidates:
        if candidate in lowered:
            return lowered[candidate]
    return None


def _detect_scope(listed_units: set[str], units: pd.DataFrame) -> str:
    countries = set(units.loc[sorted(listed_units), "country"])
    if countries == {"Wales"}:
        return "Wales"
    if countries == {"England"}:
        return "England"
    return "England and Wales"


def _find_design_columns(table: pd.DataFrame) -> tuple[str | None, str | None, str | None]:
    """Pick the lot, PFA and LAD columns; raise if the lot column or every area column is absent."""
    columns = list(table.columns)
    lot_column = _pick(columns, _LOT_COLUMNS)
    pfa_column = _pick(columns, _PFA_COLUMNS)
    lad_column = _pick(columns, _LAD_COLUMNS)
    problems: list[str] = []
    if lot_column is None:
        problems.append(f"No lot column: add a column named 'lot' (found: {', '.join(columns) or 'none'}).")
    if pfa_column is None and lad_column is None:
        problems.append(
            "No area column: add 'pfa_code' or 'pfa_name' (police force areas) or 'lad_code' or "
            f"'lad_name' (local authority districts) (found: {', '.join(columns) or 'none'})."
        )
    if problems:
        raise ValidationError("The design file cannot be read as a lot design.", problems)
    return lot_column, pfa_column, lad_column


def _read_design_rows(
    table: pd.DataFrame, area_column: str, lot_column: str, level: str, level_word: str, problems: list[str]
) -> dict[str, str]:
    """Map each area code to its lot, row by row, appending row-numbered problems."""
    resolve = resolve_pfa if level == "pfa" else resolve_lad
    first_row: dict[str, int] = {}
    assigned: dict[str, str] = {}
    for position, (raw_area, raw_lot) in enumerate(zip(table[area_column], table[lot_column])):
        row = position + 2
        area_text, lot = str(raw_area).strip(), str(raw_lot).strip()
        if not area_text and not lot:
            continue
        if not area_text:
            problems.append(f"Row {row}: no {level_word} given for lot '{lot}' — fill in column '{area_column}'.")
            continue
        code = resolve(area_text)
        if code is None:
            close = suggest(area_text, level)
            hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
            problems.append(f"Row {row}: '{area_text}' is not a known {level_word}.{hint}")
            continue
        if not lot:
            problems.append(f"Row {row}: '{area_text}' has no lot — fill in column '{lot_column}'.")
            continue
        if code in first_row:
            shown = pfa_name(code) if level == "pfa" else lad_name(code)
            problems.append(
                f"Row {row}: {shown} is listed twice (rows {first_row[code]} and {row}) — "
                "each area must be in exactly one lot; delete one of the rows."
            )
            continue
        first_row[code] = row
        assigned[code] = lot
    return assigned


def _assign_units(assigned: dict[str, str], level: str, units: pd.DataFrame) -> tuple[pd.Series, list[str]]:
    """Spread the area-to-lot assignment over the LAD units; return it with any notes."""
    notes = []
    if level == "pfa":
        # Naming either London force means the London PCC area: the other follows it.
        if METROPOLITAN_PFA in assigned and CITY_OF_LONDON_PFA not in assigned:
            assigned[CITY_OF_LONDON_PFA] = assigned[METROPOLITAN_PFA]
            notes.append("City of London placed with the Metropolitan Police (one London PCC area).")
        unit_to_lot = units["pfa_code"].map(assigned)
    else:
        unit_to_lot = pd.Series(assigned, dtype=object).reindex(units.index)
    return unit_to_lot, notes


def _check_coverage(
    unit_to_lot: pd.Series, units: pd.DataFrame, level: str, scope: str | None, problems: list[str]
) -> str:
    """Choose the scope and append problems for empty designs, missing areas and areas outside it."""
    listed_units = set(unit_to_lot.dropna().index)
    if not listed_units and not problems:
        problems.append("The file lists no areas — add one row per area with its lot.")
    if not listed_units:
        return scope or "England and Wales"
    chosen_scope = scope or _detect_scope(listed_units, units)
    in_scope = units.index if chosen_scope == "England and Wales" else units.index[units["country"] == chosen_scope]
    missing = unit_to_lot.loc[in_scope]
    missing = missing[missing.isna()].index
    if len(missing):
        if level == "pfa":
            names = sorted({pfa_name(c) for c in units.loc[missing, "pfa_code"]})
        else:
            names = sorted(lad_name(c) for c in missing)
        shown = ", ".join(names[:15]) + (f" and {len(names) - 15} more" if len(names) > 15 else "")
        problems.append(
            f"Missing from the design ({chosen_scope}): {shown} — add a row for each, "
            "so that every area is in exactly one lot."
        )
    outside = sorted(listed_units - set(in_scope))
    if outside:
        problems.append(f"Areas outside the scope {chosen_scope}: {', '.join(outside[:10])} — remove them or widen the scope.")
    return chosen_scope


def design_from_table(
    table: pd.DataFrame,
    *,
    design_id: str = "custom",
    name: str = "Custom design",
    scope: str | None = None,
) -> LotDesign:
    """Build a design from a table with an area column (PFA or LAD) and a lot column.

    Row numbers in messages are spreadsheet rows: the header is row 1, the first data row is
    row 2. Every problem is collected before raising.

    Parameters
    ----------
    table : pandas.DataFrame
        Columns: ``lot`` (or ``lot_name``) and one of ``pfa_code``/``pfa_name``/``pcc_area``
        (PFA level) or ``lad_code``/``lad_name`` (LAD level). Areas may be codes or names.
    design_id, name : str
        Identifier and name of the new design.
    scope : str, optional
        ``England and Wales``, ``England`` or ``Wales``; detected from the areas when omitted.

    Raises
    ------
    ValidationError
        Listing unknown areas (with the closest known names), areas listed twice, areas in
        scope that are missing, and empty lot names, each with its row number.
    """
    lot_column, pfa_column, lad_column = _find_design_columns(table)
    if scope is not None and scope not in SCOPES:
        raise ValidationError(f"scope must be one of {', '.join(SCOPES)}, not {scope!r}.")

    level = "lad" if lad_column is not None and pfa_column is None else "pfa"
    area_column = pfa_column if level == "pfa" else lad_column
    level_word = "police force area" if level == "pfa" else "local authority district"
    units = load_units()

    problems: list[str] = []
    assigned = _read_design_rows(table, area_column, lot_column, level, level_word, problems)
    unit_to_lot, notes = _assign_units(assigned, level, units)
    chosen_scope = _check_coverage(unit_to_lot, units, level, scope, problems)
    if problems:
        raise ValidationError(f"The design file has {len(problems)} problem(s); nothing was loaded.", problems)
    unit_to_lot = unit_to_lot.dropna().rename("lot")
    unit_to_lot.index.name = "lad_code"
    return LotDesign(
        id=design_id,
        name=name,
        unit_to_lot=unit_to_lot,
        level=level,
        description="; ".join(notes) or f"Custom design at {level_word} level.",
        source="user file",
        confidence="user-supplied",
        scope=chosen_scope,
    )


def load_design_file(source, *, design_id: str = "custom", name: str | None = None, scope: str | None = None) -> LotDesign:
    """Load a custom design from a CSV or Excel file (path, bytes or file-like); see :func:`design_from_table`."""
    raw = read_table(source)
    label = name or (getattr(source, "name", None) or "Custom design")
    return design_from_table(raw.frame, design_id=design_id, name=str(label), scope=scope)
