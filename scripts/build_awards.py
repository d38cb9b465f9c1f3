"""Derive the shipped Dynamic Framework award tables (``data/awards/``) from ``../shared/data/awards``.

Called by ``scripts/build_data.py`` (``build_awards(shared, out, units, designs)``) with the
units and built-in designs it has just built, so the contracts join to exactly the lots the
app ships. Every contract is kept: each is placed on a lot of ``regions12`` (region lots) or
``pcc42`` (PCC-area lots), and where it cannot be placed, or covers only part (or more) of
that lot, the row says so in ``extent``, ``finer_than_map`` and ``placement_note``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

#: MoJ ``pcc_region`` slug → ONS police force area code of the PCC area it names. The City of
#: London PFA (E23000034) is part of the ``metropolitan`` area, as in the project's 42 areas.
PCC_SLUG_TO_PFA = {
    "avon-and-somerset": "E23000036",
    "bedfordshire": "E23000026",
    "cambridgeshire": "E23000023",
    "cheshire": "E23000006",
    "cleveland": "E23000013",
    "cumbria": "E23000002",
    "derbyshire": "E23000018",
    "devon-and-cornwall": "E23000035",
    "dorset": "E23000039",
    "durham": "E23000008",
    "dyfed-powys": "W15000004",
    "essex": "E23000028",
    "gloucestershire": "E23000037",
    "greater-manchester": "E23000005",
    "gwent": "W15000002",
    "hampshire": "E23000030",
    "hertfordshire": "E23000027",
    "humberside": "E23000012",
    "kent": "E23000032",
    "lancashire": "E23000003",
    "leicestershire": "E23000021",
    "lincolnshire": "E23000020",
    "merseyside": "E23000004",
    "metropolitan": "E23000001",
    "norfolk": "E23000024",
    "north-wales": "W15000001",
    "north-yorkshire": "E23000009",
    "northamptonshire": "E23000022",
    "northumbria": "E23000007",
    "nottinghamshire": "E23000019",
    "south-wales": "W15000003",
    "south-yorkshire": "E23000011",
    "staffordshire": "E23000015",
    "suffolk": "E23000025",
    "surrey": "E23000031",
    "sussex": "E23000033",
    "thames-valley": "E23000029",
    "warwickshire": "E23000017",
    "west-mercia": "E23000016",
    "west-midlands": "E23000014",
    "west-yorkshire": "E23000010",
    "wiltshire": "E23000038",
}

#: The day the Dynamic Framework contracts started (PROVENANCE.md: "day one, 26 June 2021").
#: ``live_from`` 2021-01-01 is a placeholder of the referral catalogue, not a start date.
DAY_ONE = "2021-06-26"

#: Local authority named in a contract title → the district (LAD) codes it covers, checked at
#: build against the units (each code must exist, lie in the contract's lot, and — for a single
#: district — carry that name). Counties are their districts: "Devon" is the 8 districts of the
#: county (Plymouth and Torbay are unitary authorities with lots of their own); "Gloucestershire"
#: its 6 districts. "Cornwall" is Cornwall Council only: the Isles of Scilly are a separate
#: authority the title does not name. "Wigan and Leigh" is Wigan borough (Leigh is in it).
LOCAL_AUTHORITY_CODES = {
    "Bolton": ("E08000001",),
    "Bury": ("E08000002",),
    "Manchester": ("E08000003",),
    "Oldham": ("E08000004",),
    "Rochdale": ("E08000005",),
    "Salford": ("E08000006",),
    "Stockport": ("E08000007",),
    "Tameside": ("E08000008",),
    "Trafford": ("E08000009",),
    "Wigan": ("E08000010",),
    "Wigan and Leigh": ("E08000010",),
    "Bath and North East Somerset": ("E06000022",),
    "Bristol": ("E06000023",),
    "North Somerset": ("E06000024",),
    "South Gloucestershire": ("E06000025",),
    "Somerset": ("E06000066",),
    "Plymouth": ("E06000026",),
    "Torbay": ("E06000027",),
    "Cornwall": ("E06000052",),
    "Devon": ("E07000040", "E07000041", "E07000042", "E07000043", "E07000044", "E07000045", "E07000046",
              "E07000047"),
    "Swindon": ("E06000030",),
    "Wiltshire": ("E06000054",),
    "Bournemouth, Christchurch and Poole": ("E06000058",),
    "Dorset": ("E06000059",),
    "Gloucestershire": ("E07000078", "E07000079", "E07000080", "E07000081", "E07000082", "E07000083"),
}
#: Contract types let by local authority even where the title names a whole PCC area ("Dorset",
#: "Wiltshire" are councils beside Bournemouth, Christchurch and Poole and Swindon): the South West
#: dependency-and-recovery lots of 2024–2025 (PROVENANCE.md: "13 local-authority lots").
LOCAL_AUTHORITY_CONTRACT_TYPES = {"DNR-SW"}
#: The plain-words extents, largest first.
EXTENTS = ("whole region", "whole PCC area", "several PCC areas", "local authorities", "part of a PCC area")
TERMS_COLUMNS = ["contract_reference", "start_date", "end_date", "referral_start_date", "referral_end_date",
                 "withdrawn_from", "terms_source", "dates_kind"]

#: The source, as PROVENANCE.md gives it (repository, files and snapshot commit).
SOURCE_REPOSITORY = "ministryofjustice/hmpps-interventions-service"
SOURCE_FILES = "src/main/resources/contracts/*.json; src/main/resources/providers/providers.json"

CONTRACT_COLUMNS = [
    "contract_reference", "contract_type_id", "service", "lot_level", "probation_region",
    "pcc_region_code", "pfa_name", "intervention_title", "prime_provider_code", "n_subcontractors",
    "allows_female", "allows_male", "minimum_age", "maximum_age", "live_from", "live_until",
]

#: Part-of-London labels in titles: "(north)", "(south)", "(E/NE)", "(W/NW)", "(S/SE)".
_COMPASS_PART = re.compile(r"\((north|south|east|west|[nsew]{1,2}(?:/[nsew]{1,2})*)\)", re.IGNORECASE)
#: Words in titles that describe a client group or setting, not a place.
_NOT_PLACES = re.compile(r"\b(da|custody|the community|young adults)\b|\((18-25|26 plus)\)", re.IGNORECASE)


def _normalise(text: str) -> str:
    """Lower case, '&' as 'and', no 'the', punctuation as spaces, single spaces."""
    text = str(text).lower().replace("&", " and ")
    text = re.sub(r"\(incl\. city of london\)", " ", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    text = re.sub(r"\bthe\b", " ", text)
    return " ".join(text.split())


def _names_in(title: str, names: list[str]) -> list[str]:
    """Which of ``names`` appear in ``title`` as whole words (normalised), in title order.

    Longer names are matched first and their words taken out, so "South Gloucestershire" is not
    also read as "Gloucestershire".
    """
    padded = f" {_normalise(title)} "
    found = []
    for name in sorted(names, key=lambda n: -len(_normalise(n))):
        key = f" {_normalise(name)} "
        if key.strip() and key in padded:
            found.append((padded.index(key), name))
            padded = padded.replace(key, " " + "|" * (len(key) - 2) + " ")
    return [name for _, name in sorted(found)]


def _lad_names(units: pd.DataFrame) -> pd.DataFrame:
    """LAD names usable in titles ("Bristol, City of" is also "Bristol"), with their PFA."""
    names = units[["lad_name", "pfa_code"]].copy()
    short = names.assign(lad_name=names["lad_name"].str.replace(r",\s*City of$", "", regex=True))
    return pd.concat([names, short]).drop_duplicates().reset_index(drop=True)


def _extent(title: str, lot_level: str, lot: str, lot_names: list[str], lot_pfas: set[str],
            lad_names: list[str], pcc_name_pfas: dict[str, set[str]]) -> tuple[str, str]:
    """How much of its lot a contract covers, judged from its title: (extent, note).

    ``wider than lot`` when the title names a PCC area outside the lot MoJ records; ``whole
    lot`` when the title names the lot or no place; ``one PCC area of the region`` for a
    region-level contract titled with one PCC area; ``part of lot`` (finer than the map) for a
    part of London, named districts, or a part of the lot's name ("Devon" of "Devon and
    Cornwall").
    """
    title = _NOT_PLACES.sub(" ", title)
    compass = _COMPASS_PART.search(title)
    if compass:
        return "part of lot", (
            f"Covers part of {lot} ('{compass.group(0)}' in the title); its boundary is not published, "
            f"so it is shown at {lot}, the lot that contains it."
        )
    # Districts and PCC areas are matched together so that "South Gloucestershire" (a district)
    # is not read as "Gloucestershire" (a PCC area).
    named_pccs = [name for name in _names_in(title, [*pcc_name_pfas, *lad_names]) if name in pcc_name_pfas]
    outside = [name for name in named_pccs if not pcc_name_pfas[name] <= lot_pfas]
    if outside:
        return "wider than lot", (
            f"The title names {' and '.join(named_pccs)}; MoJ records it at {lot} only, so it is shown there."
        )
    if any(f" {_normalise(name)} " in f" {_normalise(title)} " for name in lot_names):
        return "whole lot", ""
    if lot_level == "region" and len(named_pccs) == 1:
        return "one PCC area of the region", (
            f"The title names the PCC area {named_pccs[0]}; MoJ records it at region level, so it is "
            f"shown at the region {lot}."
        )
    districts = _names_in(title, lad_names)
    if districts:
        return "part of lot", (
            f"Covers {', '.join(districts)} within {lot} (named in the title); shown at {lot}, the lot "
            "that contains it."
        )
    place = re.split(r"\b(?:in|for)\b", title)[-1] if re.search(r"\b(?:in|for)\b", title) else ""
    lot_words = set().union(*(set(_normalise(n).split()) for n in [lot, *lot_names]))
    place_words = set(_normalise(place).split())
    if place_words and place_words < lot_words:
        return "part of lot", (
            f"Covers {place.strip()}, part of {lot} (named in the title); shown at {lot}, the lot that contains it."
        )
    return "whole lot", ""


def place_contracts(contracts: pd.DataFrame, units: pd.DataFrame, designs: pd.DataFrame) -> pd.DataFrame:
    """Place each contract on a lot of ``regions12`` or ``pcc42``; keep every row.

    Parameters
    ----------
    contracts : pandas.DataFrame
        ``df_contracts.csv`` as read.
    units : pandas.DataFrame
        The 318 units (``pfa_code``, ``pfa_name``, ``pcc_code``, ``pcc_name``, ``lad_name``).
    designs : pandas.DataFrame
        The built-in designs long table (``design_id``, ``pfa_code``, ``lot``, ``lot_code``).

    Returns
    -------
    pandas.DataFrame
        The contracts with ``lot_design``, ``lot``, ``lot_code``, ``lot_pfa_codes`` (``;``
        list), ``extent``, ``finer_than_map``, ``placement_note``, ``day_one`` and ``withdrawn``.
    """
    lookups = _lot_lookups(units, designs)
    lads = _lad_names(units)
    placed = contracts[CONTRACT_COLUMNS].copy()
    rows = []
    for row in placed.itertuples(index=False):
        design, lot, code, pfas, lot_names, note = _lot_of(row, lookups)
        extent, extent_note = "", ""
        if lot is not None:
            in_lot = lads[lads["pfa_code"].isin(pfas.split(";"))]["lad_name"].tolist()
            extent, extent_note = _extent(row.intervention_title, row.lot_level, lot, lot_names,
                                          set(pfas.split(";")), in_lot, lookups["pcc_name_pfas"])
        rows.append(
            {
                "lot_design": design,
                "lot": lot,
                "lot_code": code,
                "lot_pfa_codes": pfas,
                "extent": extent or "not placed",
                "finer_than_map": extent == "part of lot",
                "placement_note": (note + extent_note).strip(),
            }
        )
    placed = _tidy_contract_columns(pd.concat([placed.reset_index(drop=True), pd.DataFrame(rows)], axis=1))
    return placed.sort_values("contract_reference").reset_index(drop=True)


def _lot_lookups(units: pd.DataFrame, designs: pd.DataFrame) -> dict:
    """What placing a contract needs: each region's code and PFAs, each PCC area's names and PFAs."""
    regions = designs[designs["design_id"] == "regions12"]
    pccs = units.drop_duplicates("pfa_code").set_index("pfa_code")[["pcc_code", "pcc_name", "pfa_name"]]
    return {
        "region_codes": regions.groupby("lot")["lot_code"].first(),
        "region_pfas": regions.groupby("lot")["pfa_code"].agg(lambda s: ";".join(sorted(s))),
        "pfa_to_region": regions.set_index("pfa_code")["lot"],
        "pccs": pccs,
        "pcc_pfas": pccs.reset_index().groupby("pcc_code")["pfa_code"].agg(lambda s: ";".join(sorted(s))),
        "pcc_name_pfas": _pcc_area_names(units),
    }


def _lot_of(row, lookups: dict) -> tuple:
    """(design, lot, lot code, ``;``-joined PFAs, names the lot goes by, note) of one contract."""
    if row.lot_level == "region":
        if row.probation_region not in lookups["region_codes"].index:
            return ("", None, "", "", [], f"Region '{row.probation_region}' is not one of the 12 probation "
                    "regions of the map; listed here, not drawn.")
        lot = row.probation_region
        return ("regions12", lot, lookups["region_codes"][lot], lookups["region_pfas"][lot], [lot], "")
    if row.lot_level != "pcc_area":
        return ("", None, "", "", [], f"Lot level '{row.lot_level}' is neither 'region' nor 'pcc_area'; "
                "listed here, not drawn.")
    pfa = PCC_SLUG_TO_PFA.get(str(row.pcc_region_code))
    if pfa is None:
        return ("", None, "", "", [], f"PCC area slug '{row.pcc_region_code}' is not in the slug table of "
                "scripts/build_awards.py; listed here, not drawn.")
    pccs = lookups["pccs"]
    code, lot = pccs.loc[pfa, "pcc_code"], pccs.loc[pfa, "pcc_name"]
    lot_names = [lot, pccs.loc[pfa, "pfa_name"], str(row.pcc_region_code).replace("-", " ")]
    if str(row.pfa_name) != "nan":
        lot_names.append(str(row.pfa_name))
    region = lookups["pfa_to_region"].get(pfa)
    note = "" if region == row.probation_region else (
        f"MoJ gives the region {row.probation_region}, but {lot} is in {region} on the map. ")
    return ("pcc42", lot, code, lookups["pcc_pfas"][code], lot_names, note)


def _tidy_contract_columns(placed: pd.DataFrame) -> pd.DataFrame:
    """Dates as ``YYYY-MM-DD`` text, ages as nullable integers, missing names as empty text."""
    placed["live_from"] = pd.to_datetime(placed["live_from"], format="%Y-%m-%d").dt.date.astype(str)
    placed["live_until"] = (
        pd.to_datetime(placed["live_until"], utc=True, format="ISO8601").dt.strftime("%Y-%m-%d").fillna("")
    )
    placed["maximum_age"] = placed["maximum_age"].astype("Int64")
    for column in ["pcc_region_code", "pfa_name"]:
        placed[column] = placed[column].fillna("")
    return placed


def _area_row(row, units: pd.DataFrame, pcc_name_pfas: dict[str, set[str]]) -> dict:
    """The plain-words extent of one placed contract, the area it covers and the districts drawn.

    Returns ``extent`` (one of :data:`EXTENTS`, or ``not placed``), ``area`` (the place in
    words), ``area_lad_codes`` (``;``-joined district codes of the shape drawn), ``finer_than_map``
    (true only where the real boundary is not published and the containing area is drawn) and
    a note when the extent needs one.
    """
    if row.lot is None or (isinstance(row.lot, float) and pd.isna(row.lot)):
        return {"extent": "not placed", "area": "", "area_lad_codes": "", "finer_than_map": False, "note": ""}
    lot_units = units[units["pfa_code"].isin(row.lot_pfa_codes.split(";"))]
    whole = {"extent": "whole region" if row.lot_level == "region" else "whole PCC area", "area": row.lot,
             "area_lad_codes": ";".join(sorted(lot_units["lad_code"])), "finer_than_map": False, "note": ""}
    title = _NOT_PLACES.sub(" ", row.intervention_title)
    local = row.contract_type_id in LOCAL_AUTHORITY_CONTRACT_TYPES or row.extent == "part of lot"
    compass = _COMPASS_PART.search(title)
    if compass:
        return {**whole, "extent": "part of a PCC area", "area": f"{row.lot} {compass.group(0)}", "finer_than_map": True,
                "note": f"Covers part of {row.lot} ('{compass.group(0)}' in the title); its boundary is not "
                        f"published, so it is drawn at {row.lot}, the area that contains it."}
    if local:
        names = _names_in(title, list(LOCAL_AUTHORITY_CODES))
        if not names:
            raise SystemExit(
                f"Award data problem: contract {row.contract_reference} ('{row.intervention_title}') is let for "
                "part of its lot but names no local authority of LOCAL_AUTHORITY_CODES in scripts/build_awards.py: "
                "add the authority's name and district codes there."
            )
        codes = sorted({code for name in names for code in LOCAL_AUTHORITY_CODES[name]})
        return {"extent": "local authorities", "area": ", ".join(names), "area_lad_codes": ";".join(codes),
                "finer_than_map": False,
                "note": f"Let for {', '.join(names)} (local authorities of {row.lot}); drawn on their district "
                        "boundaries."}
    if row.extent == "wider than lot":
        named = [n for n in _names_in(title, list(pcc_name_pfas)) if n in pcc_name_pfas]
        pfas = set().union(*(pcc_name_pfas[n] for n in named))
        covered = units[units["pfa_code"].isin(pfas)]
        return {"extent": "several PCC areas", "area": " and ".join(named),
                "area_lad_codes": ";".join(sorted(covered["lad_code"])), "finer_than_map": False,
                "note": f"Let for {' and '.join(named)}; MoJ records it at {row.lot} only. Drawn on both areas."}
    if row.extent == "one PCC area of the region":
        named = next(n for n in _names_in(title, list(pcc_name_pfas)) if n in pcc_name_pfas)
        covered = units[units["pfa_code"].isin(pcc_name_pfas[named])]
        return {"extent": "whole PCC area", "area": covered["pcc_name"].iloc[0],
                "area_lad_codes": ";".join(sorted(covered["lad_code"])), "finer_than_map": False,
                "note": f"Let for the PCC area {covered['pcc_name'].iloc[0]}; MoJ records it at region level "
                        f"({row.lot}). Drawn on the PCC area."}
    return whole


def add_extents(placed: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Replace the placement ``extent`` by its plain words and add ``area`` and ``area_lad_codes``.

    Checks :data:`LOCAL_AUTHORITY_CODES` first: every code must be a unit, and a single-district
    entry must carry that district's name (``Bristol`` for "Bristol, City of"; ``Wigan and
    Leigh`` for Wigan).
    """
    check_local_authority_codes(units)
    pcc_name_pfas = _pcc_area_names(units)
    rows = pd.DataFrame([_area_row(row, units, pcc_name_pfas) for row in placed.itertuples(index=False)])
    out = placed.drop(columns=["extent", "finer_than_map"]).reset_index(drop=True)
    out["extent"] = rows["extent"]
    out["area"] = rows["area"]
    out["area_lad_codes"] = rows["area_lad_codes"]
    out["finer_than_map"] = rows["finer_than_map"]
    out["placement_note"] = [note if note else old.split(". ")[0] + "." if old.startswith("MoJ gives") else old
                             for note, old in zip(rows["note"], out["placement_note"])]
    for row in out[out["extent"] == "local authorities"].itertuples(index=False):
        outside = set(row.area_lad_codes.split(";")) - set(units.loc[units["pfa_code"].isin(row.lot_pfa_codes.split(";")), "lad_code"])
        if outside:
            raise SystemExit(f"Award data problem: contract {row.contract_reference} is let for {row.area}, but "
                             f"districts {sorted(outside)} are outside its lot {row.lot}: fix LOCAL_AUTHORITY_CODES.")
    return out


def check_local_authority_codes(units: pd.DataFrame) -> None:
    """Stop the build when the name → district table names a code that is not a unit or not that place."""
    names = units.set_index("lad_code")["lad_name"]
    problems = []
    for name, codes in LOCAL_AUTHORITY_CODES.items():
        missing = [code for code in codes if code not in names.index]
        if missing:
            problems.append(f"{name}: {missing} are not district codes of data/units.parquet")
        elif len(codes) == 1 and not _normalise(names[codes[0]]).startswith(_normalise(name).split(" and leigh")[0]):
            problems.append(f"{name}: {codes[0]} is {names[codes[0]]}, not {name}")
    if problems:
        raise SystemExit("LOCAL_AUTHORITY_CODES in scripts/build_awards.py is wrong:\n- " + "\n- ".join(problems))


def add_terms(placed: pd.DataFrame, terms: pd.DataFrame) -> pd.DataFrame:
    """Join the real dates (``df_contract_terms.csv``) to every contract; stop when one lacks them.

    ``day_one`` becomes "started on 26 June 2021"; ``withdrawn`` "left the referral catalogue on
    ``withdrawn_from``". Empty dates are "" (open-ended, or not set).
    """
    missing = sorted(set(placed["contract_reference"]) - set(terms["contract_reference"]))
    if missing:
        raise SystemExit(f"Award data problem: df_contract_terms.csv has no dates for {missing}: add a row for each.")
    dated = placed.merge(terms[TERMS_COLUMNS], on="contract_reference", how="left", validate="1:1")
    for column in ["start_date", "end_date", "referral_start_date", "referral_end_date", "withdrawn_from"]:
        values = dated[column].fillna("").astype(str)
        bad = [ref for ref, value in zip(dated["contract_reference"], values)
               if value and pd.isna(pd.to_datetime(value, format="%Y-%m-%d", errors="coerce"))]
        if bad:
            raise SystemExit(f"Award data problem: {column} is not a YYYY-MM-DD date for {bad}.")
        dated[column] = values
    dated["day_one"] = dated["start_date"] == DAY_ONE
    dated["withdrawn"] = dated["withdrawn_from"] != ""
    return dated


def build_delivery(source: Path, geography: Path, units: pd.DataFrame) -> pd.DataFrame:
    """Where named providers deliver, by probation delivery unit, with the PDU's name and PCC area.

    ``''`` in MoJ's names (an SQL escape of an apostrophe) is read as ``'``. Every row is kept;
    a PDU missing from ``pdu_pcc.csv`` stops the build.
    """
    delivery = pd.read_csv(source / "delivery_locations.csv", dtype=str)
    pdus = pd.read_csv(geography / "pdu_pcc.csv", dtype=str)
    unknown = sorted(set(delivery["pdu_id"]) - set(pdus["pdu_id"]))
    if unknown:
        raise SystemExit(f"Award data problem: delivery_locations.csv names PDUs missing from pdu_pcc.csv: {unknown}")
    delivery["provider_name"] = delivery["provider_name"].str.replace("''", "'", regex=False)
    joined = delivery.merge(pdus[["pdu_id", "pdu_name", "pcc_region_id"]], on="pdu_id", how="left", validate="m:1")
    joined = joined.rename(columns={"pcc_region_id": "pcc_region_code"})
    joined["pcc_code"] = joined["pcc_region_code"].map(PCC_SLUG_TO_PFA)
    joined["pcc_name"] = joined["pcc_code"].map(units.drop_duplicates("pcc_code").set_index("pcc_code")["pcc_name"])
    columns = ["provider_name", "intervention", "pdu_id", "pdu_name", "pcc_region_code", "pcc_code", "pcc_name", "source"]
    return joined[columns].sort_values(["intervention", "provider_name", "pdu_id"]).reset_index(drop=True)


def _pcc_area_names(units: pd.DataFrame) -> dict[str, set[str]]:
    """Every name a PCC area goes by in titles (the project's, the PFA names, the MoJ slugs) → its PFAs."""
    names: dict[str, set[str]] = {}
    pfa_to_pcc = units.drop_duplicates("pfa_code").set_index("pfa_code")["pcc_code"]
    for pcc_code, group in units.drop_duplicates("pfa_code").groupby("pcc_code"):
        pfas = set(group["pfa_code"])
        for name in {*group["pcc_name"], *group["pfa_name"]}:
            names[name] = pfas
    for slug, pfa in PCC_SLUG_TO_PFA.items():
        names[slug.replace("-", " ")] = set(pfa_to_pcc.index[pfa_to_pcc == pfa_to_pcc[pfa]])
    return names


def check_inputs(contracts: pd.DataFrame, supply: pd.DataFrame, organisations: pd.DataFrame,
                 units: pd.DataFrame) -> None:
    """Stop the build with a specific message when the award files do not fit together."""
    problems = []
    missing = [c for c in CONTRACT_COLUMNS if c not in contracts.columns]
    if missing:
        problems.append(f"df_contracts.csv lacks columns {missing}")
    if contracts["contract_reference"].duplicated().any():
        problems.append("df_contracts.csv lists a contract_reference twice: "
                        + ", ".join(contracts.loc[contracts["contract_reference"].duplicated(), "contract_reference"]))
    unknown = sorted(set(supply["provider_code"]) - set(organisations["provider_code"]))
    if unknown:
        problems.append(f"df_supply_chain.csv names organisations missing from df_organisations.csv: {unknown}")
    orphan = sorted(set(supply["contract_reference"]) - set(contracts["contract_reference"]))
    if orphan:
        problems.append(f"df_supply_chain.csv names contracts missing from df_contracts.csv: {orphan}")
    primes = supply[supply["role"] == "prime"].set_index("contract_reference")["provider_code"]
    mismatched = [
        ref for ref, code in zip(contracts["contract_reference"], contracts["prime_provider_code"])
        if primes.get(ref) != code
    ]
    if mismatched:
        problems.append(f"prime in df_supply_chain.csv differs from df_contracts.csv for {mismatched}")
    if set(PCC_SLUG_TO_PFA.values()) != set(units["pcc_code"]):
        problems.append("PCC_SLUG_TO_PFA does not list each of the 42 PCC areas once")
    if problems:
        raise SystemExit("Award data problems:\n- " + "\n- ".join(problems))


def build_awards(shared: Path, out: Path, units: pd.DataFrame, designs: pd.DataFrame,
                 write_table) -> dict[str, Path]:
    """Write ``out/awards/{contracts,supply_chain,organisations}.parquet`` and ``provenance.json``.

    ``write_table(frame, path)`` is build_data's deterministic Parquet writer. Returns the files
    written; an empty dict (with a message) when ``shared/awards`` is absent.
    """

    source = shared / "awards"
    if not (source / "df_contracts.csv").is_file():
        print(f"awards: {source} not found; data/awards/ left as it is")
        return {}
    contracts = pd.read_csv(source / "df_contracts.csv", dtype={"pcc_region_code": str, "pfa_name": str})
    supply = pd.read_csv(source / "df_supply_chain.csv", dtype=str)
    organisations = pd.read_csv(source / "df_organisations.csv", dtype=str, keep_default_na=False)
    check_inputs(contracts, supply, organisations, units)

    terms = pd.read_csv(source / "df_contract_terms.csv", dtype=str)
    placed = add_extents(add_terms(place_contracts(contracts, units, designs), terms), units)
    folder = out / "awards"
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    write_table(placed, folder / "contracts.parquet")
    written["awards_contracts"] = folder / "contracts.parquet"
    write_table(supply.sort_values(["contract_reference", "role", "provider_code"]).reset_index(drop=True),
                 folder / "supply_chain.parquet")
    written["awards_supply_chain"] = folder / "supply_chain.parquet"
    write_table(organisations.sort_values("provider_code").reset_index(drop=True), folder / "organisations.parquet")
    written["awards_organisations"] = folder / "organisations.parquet"
    if (source / "delivery_locations.csv").is_file():
        delivery = build_delivery(source, shared / "geography", units)
        write_table(delivery, folder / "delivery.parquet")
        written["awards_delivery"] = folder / "delivery.parquet"

    snapshot = re.search(r"snapshot commit ([0-9a-f]{40})", (source / "PROVENANCE.md").read_text(encoding="utf-8"))
    dates = pd.concat([placed["start_date"], placed["withdrawn_from"], placed["end_date"], placed["referral_end_date"]])
    dates = dates[(dates != "") & (dates < "2100-01-01")]
    terms_commit = re.search(r"V1_13__[^`]*`\s*\(commit ([0-9a-f]+)", (source / "PROVENANCE.md").read_text(encoding="utf-8"))
    provenance = {
        "source": f"MoJ public code repository {SOURCE_REPOSITORY}: {SOURCE_FILES}",
        "snapshot_commit": snapshot.group(1) if snapshot else "",
        "records_from": str(dates.min()),
        "records_to": str(dates.max()),
        "day_one": DAY_ONE,
        "terms_source": (
            "ministryofjustice/hmpps-find-and-refer-an-intervention-service: "
            "src/main/resources/db/migration/V1_13__create_dynamic_framework_contract_table_data.sql"
            + (f" (commit {terms_commit.group(1)})" if terms_commit else "")
            + "; for the 16 contracts let after February 2025 the referral window of the interventions-service record"
        ),
        "in_force_rule": (
            "A contract is in force on day D when start_date <= D <= end_date (no end_date: open), "
            "D <= referral_end_date where set, and D is before withdrawn_from where set."
        ),
        "no_contract_values": "The published record holds no contract values: counts are of contracts, not money.",
        "licence": "MoJ code published under the MIT licence; contract facts are public sector information",
        "classification": (
            "Sector, women-centred and BAME-led classification researched from public pages (charity "
            "register entries, organisations' own sites, news); see each organisation's source, note and confidence"
        ),
        "n_contracts": len(placed),
        "n_supply_chain_rows": len(supply),
        "n_organisations": len(organisations),
        "n_low_confidence_organisations": int((organisations["confidence"] == "low").sum()),
        "n_not_placed": int(placed["lot"].isna().sum()),
        "n_finer_than_map": int(placed["finer_than_map"].sum()),
        "n_by_extent": {extent: int((placed["extent"] == extent).sum()) for extent in EXTENTS},
        "local_authority_codes": "name -> district code table LOCAL_AUTHORITY_CODES in scripts/build_awards.py, checked at build",
    }
    if "awards_delivery" in written:
        provenance["delivery_source"] = (
            "ministryofjustice/hmpps-find-and-refer-an-intervention-service: src/main/resources/csv/delivery_location.csv "
            "and src/main/resources/db/migration/V1_44__add_pdu_ref_data.sql (PDU -> PCC area)"
        )
        provenance["n_delivery_rows"] = len(pd.read_parquet(written["awards_delivery"]))
    (folder / "provenance.json").write_text(json.dumps(provenance, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    written["awards_provenance"] = folder / "provenance.json"
    return written
