"""Derive the probation delivery unit (PDU) → district table from ``../shared/data/geography``.

Called by ``scripts/build_data.py`` (``build_pdus(shared, out, units)``). No PDU → local
authority lookup is published, so this table is **derived**, and says how:

1. **Reviewed table** (:data:`REVIEWED_PDUS`): PDUs whose names do not list their districts
   (``Hackney and City``, ``East Kent``), or that share one district with another PDU
   (Manchester North and South), are given their districts here, each with its basis.
2. **By name**: every other PDU's name is read as a list of local authorities ("Redcar,
   Cleveland and Middlesbrough" → Redcar and Cleveland, Middlesbrough), matched within its
   PCC area.
3. **Rest of the PCC area**: districts of a PCC area no PDU names go to the one PDU of that
   area whose name is not fully a list of districts ("Derbyshire" beside "Derby City",
   "Devon and Torbay" beside "Plymouth"), or to the area's only PDU. Where that is not exactly
   one PDU the build stops and asks for a reviewed-table row.
4. **Joined**: PDUs that share a district are joined into one unit at district level and named
   so ("Manchester (North and South PDUs)"); the joins found must be the joins declared in
   :data:`JOINED_UNIT_NAMES`, so nothing is joined silently.

PDUs are those of ``pdu_pcc.csv`` (108, the estate before 2025, the ids that
``awards/delivery_locations.csv`` uses).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

#: A reviewed-table entry whose districts are "every district of its PCC area no other PDU has".
REST_OF_AREA = "REST"

#: PDU id → (districts (LAD names as in the ONS lookup) or REST_OF_AREA, basis, confidence).
REVIEWED_PDUS = {
    "manchester-north": (("Manchester",), "splits Manchester with Manchester South: joined", "high"),
    "manchester-south": (("Manchester",), "splits Manchester with Manchester North: joined", "high"),
    "liverpool-north": (("Liverpool",), "splits Liverpool with Liverpool South: joined", "high"),
    "liverpool-south": (("Liverpool",), "splits Liverpool with Liverpool North: joined", "high"),
    "essex-north": (REST_OF_AREA, "Essex is split north/south along no published district line: joined", "high"),
    "essex-south": (REST_OF_AREA, "Essex is split north/south along no published district line: joined", "high"),
    "birmingham-central-and-south": (("Birmingham",), "splits Birmingham with Birmingham North, East and Solihull: joined",
                                     "high"),
    "birmingham-north-east-and-solihull": (("Birmingham", "Solihull"),
                                           "part of Birmingham plus Solihull: joined with Birmingham Central and South",
                                           "high"),
    "east-lancashire": (REST_OF_AREA, "Lancashire's three PDUs split the county along no published district line: joined",
                        "high"),
    "central-lancashire": (REST_OF_AREA, "Lancashire's three PDUs split the county along no published district line: "
                           "joined", "high"),
    "north-west-lancashire": (REST_OF_AREA, "Lancashire's three PDUs split the county along no published district line: "
                              "joined", "high"),
    "blackburn": (("Blackburn with Darwen",), "the borough of Blackburn with Darwen (its later name 'Blackburn and "
                  "Darwen')", "high"),
    "hackney-and-city": (("Hackney", "City of London"), "'City' is the City of London", "high"),
    "kingston-richmond-and-hounslow": (("Kingston upon Thames", "Richmond upon Thames", "Hounslow"),
                                       "borough names without 'upon Thames'", "high"),
    "hull-and-east-riding": (("Kingston upon Hull, City of", "East Riding of Yorkshire"), "Hull is Kingston upon Hull",
                             "high"),
    "york": (("York",), "the source lists York under West Yorkshire; the district of York is in the North Yorkshire "
             "PCC area, where this table places it", "high"),
    "swansea-neath-and-port-talbot": (("Swansea", "Neath Port Talbot"), "Neath Port Talbot is one county borough",
                                      "high"),
    "cardiff-and-the-vale": (("Cardiff", "Vale of Glamorgan"), "'the Vale' is the Vale of Glamorgan", "high"),
    "herefordshire-shropshire-and-telford": (("Herefordshire, County of", "Shropshire", "Telford and Wrekin"),
                                             "Telford is Telford and Wrekin", "high"),
    "bath-and-north-somerset": (("Bath and North East Somerset", "North Somerset"),
                                "Bath and North East Somerset plus North Somerset (the two authorities the name joins)",
                                "medium"),
    "east-berkshire": (("Bracknell Forest", "Slough", "Windsor and Maidenhead"),
                       "the customary East Berkshire authorities; not published for the PDU", "medium"),
    "west-berkshire": (("West Berkshire", "Reading", "Wokingham"),
                       "the customary West Berkshire authorities; not published for the PDU", "medium"),
    "east-kent": (("Ashford", "Canterbury", "Dover", "Folkestone and Hythe", "Swale", "Thanet"),
                  "the customary East Kent districts; not published for the PDU (West Kent takes the rest, with Medway)",
                  "medium"),
    "east-sussex": (("Brighton and Hove", "Eastbourne", "Hastings", "Lewes", "Rother", "Wealden"),
                    "Brighton and Hove with the East Sussex districts (its later name 'Brighton and East Sussex')", "high"),
}

#: The units made by joining PDUs that share districts: sorted PDU ids → (unit id, unit name).
JOINED_UNIT_NAMES = {
    ("manchester-north", "manchester-south"): ("manchester", "Manchester (North and South PDUs)"),
    ("liverpool-north", "liverpool-south"): ("liverpool", "Liverpool (North and South PDUs)"),
    ("essex-north", "essex-south"): ("essex", "Essex (North and South PDUs)"),
    ("birmingham-central-and-south", "birmingham-north-east-and-solihull"):
        ("birmingham-and-solihull", "Birmingham and Solihull (Central and South; North, East and Solihull PDUs)"),
    ("central-lancashire", "east-lancashire", "north-west-lancashire"):
        ("lancashire", "Lancashire (East, Central and North West Lancashire PDUs)"),
}

#: How each PDU got its districts, as the table's ``matched_by`` column says it.
MATCHED_BY = {
    "name": "by name: every district named",
    "name_and_rest": "by name, with the rest of its PCC area",
    "whole_area": "by name: the only PDU of its PCC area",
    "table": "by the reviewed table",
}

PDU_NOTE = ("Derived from PDU names (no PDU → local authority lookup is published): districts matched by name "
            "within each PDU's PCC area, a reviewed table for the rest, and PDUs that share a district "
            "joined into one unit.")


def _normal(text: str) -> str:
    """Lower case, '&' as 'and', no punctuation, ', City of' / ', County of' dropped."""
    text = re.sub(r",\s*(city|county) of$", "", text.strip(), flags=re.IGNORECASE)
    text = text.lower().replace("&", " and ").replace("-", " ").replace(".", "")
    return re.sub(r"\s+", " ", text).strip()


def _parts(text: str) -> list[str]:
    """A name as its list parts: 'Redcar, Cleveland and Middlesbrough' → [redcar, cleveland, middlesbrough]."""
    pieces = re.split(r",| and ", _normal(text))
    return [re.sub(r" city$", "", p.strip()) for p in pieces if p.strip()]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _normal(text)).strip("-")


def pcc_code_of_slug(units: pd.DataFrame) -> dict[str, str]:
    """MoJ PCC-area slug (``west-yorkshire``, ``metropolitan``) → ONS PCC code (the 42 areas)."""
    names = units.drop_duplicates("pcc_code").set_index("pcc_code")["pcc_name"]
    table = {}
    for code, name in names.items():
        table["metropolitan" if name.startswith("Metropolitan") else _slug(name)] = code
    return table


def _name_match(pdu_name: str, districts: pd.DataFrame) -> tuple[list[str], bool]:
    """Districts (LAD codes) whose names are runs of the PDU name's parts; True when every part is used."""
    parts = _parts(pdu_name)
    used = [False] * len(parts)
    matched = []
    for lad_code, lad_name in districts["lad_name"].items():
        wanted = _parts(lad_name)
        for start in range(len(parts) - len(wanted) + 1):
            if parts[start:start + len(wanted)] == wanted:
                matched.append(lad_code)
                used[start:start + len(wanted)] = [True] * len(wanted)
                break
    return matched, all(used)


def _reviewed_districts(pdu, units: pd.DataFrame) -> list[str] | str:
    districts, _, _ = REVIEWED_PDUS[pdu.pdu_id]
    if districts == REST_OF_AREA:
        return REST_OF_AREA
    codes = []
    for name in districts:
        found = units.index[units["lad_name"] == name]
        if len(found) != 1:
            raise SystemExit(f"Reviewed PDU table: '{name}' (for {pdu.pdu_id}) is not a district name; fix REVIEWED_PDUS.")
        codes.append(found[0])
    return codes


def _assign(pdus: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """One row per (PDU, district) with how it was matched."""
    rows, unaccounted = [], {}
    for pdu in pdus.itertuples():
        area = units[units["pcc_code"] == pdu.listed_pcc_code]
        if pdu.pdu_id in REVIEWED_PDUS:
            found = _reviewed_districts(pdu, units)
            if found == REST_OF_AREA:
                unaccounted.setdefault(pdu.listed_pcc_code, []).append((pdu.pdu_id, "table"))
            rows += [(pdu.pdu_id, code, "table") for code in ([] if found == REST_OF_AREA else found)]
            continue
        matched, complete = _name_match(pdu.pdu_name, area)
        rows += [(pdu.pdu_id, code, "name") for code in matched]
        if not complete:
            unaccounted.setdefault(pdu.listed_pcc_code, []).append((pdu.pdu_id, "name_and_rest"))
    pairs = pd.DataFrame(rows, columns=["pdu_id", "lad_code", "how"])
    placed = set(pairs["lad_code"])
    rest_rows = []
    for pcc_code, area in units.groupby("pcc_code"):
        rest = [code for code in area.index if code not in placed]
        if not rest:
            continue
        takers = unaccounted.get(pcc_code) or []
        area_pdus = pdus.loc[pdus["listed_pcc_code"] == pcc_code, "pdu_id"].tolist()
        if not takers and len(area_pdus) == 1:
            takers = [(area_pdus[0], "name_and_rest")]
        explicit = [t for t in takers if t[1] == "table"]
        takers = explicit or takers
        if len(takers) != 1 and not explicit:
            names = ", ".join(units.loc[rest, "lad_name"])
            raise SystemExit(f"{names} ({area['pcc_name'].iloc[0]}) are in no PDU and {len(takers)} PDUs could take them "
                             f"({', '.join(t[0] for t in takers) or 'none'}); add a row to REVIEWED_PDUS.")
        rest_rows += [(pdu_id, code, how) for pdu_id, how in takers for code in rest]
    pairs = pd.concat([pairs, pd.DataFrame(rest_rows, columns=pairs.columns)], ignore_index=True)
    # A PDU that takes every district of its PCC area is that area's only PDU, named after it.
    area_size = units.groupby("pcc_code").size()
    pdu_area = pdus.set_index("pdu_id")["listed_pcc_code"]
    size = pairs.groupby("pdu_id")["lad_code"].size()
    whole = {p for p in size.index if size[p] == area_size.get(pdu_area[p], -1)}
    how = pairs.groupby("pdu_id")["how"].agg(lambda s: "table" if "table" in set(s) else
                                             ("name_and_rest" if "name_and_rest" in set(s) else "name"))
    how[how.index.isin(whole) & (how == "name_and_rest")] = "whole_area"
    pairs["how"] = pairs["pdu_id"].map(how)
    return pairs


def _join(pairs: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """PDU id → (unit id, unit name): PDUs sharing a district form one unit (declared in JOINED_UNIT_NAMES)."""
    parent = {pdu: pdu for pdu in pairs["pdu_id"]}

    def root(pdu):
        while parent[pdu] != pdu:
            pdu = parent[pdu]
        return pdu

    for _, group in pairs.groupby("lad_code"):
        first, *others = group["pdu_id"].tolist()
        for other in others:
            parent[root(other)] = root(first)
    groups: dict[str, list[str]] = {}
    for pdu in parent:
        groups.setdefault(root(pdu), []).append(pdu)
    joined = {tuple(sorted(members)) for members in groups.values() if len(members) > 1}
    if joined != set(JOINED_UNIT_NAMES):
        raise SystemExit(f"PDUs sharing districts {sorted(joined)} differ from JOINED_UNIT_NAMES {sorted(JOINED_UNIT_NAMES)}.")
    units = {}
    for members in groups.values():
        key = tuple(sorted(members))
        for pdu in members:
            units[pdu] = JOINED_UNIT_NAMES.get(key, (pdu, None))
    return units


def build_pdu_tables(shared: Path, units: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """The PDU → district table, the district → PDU unit table and the derivation counts.

    Returns
    -------
    pdu_districts : pandas.DataFrame
        One row per (PDU, district): ``pdu_id``, ``pdu_name``, ``listed_pcc_code`` (the PCC area the
        source gives), ``lad_code``, ``lad_name``, ``pcc_code`` (the district's), ``unit_id``,
        ``unit_name``, ``matched_by``, ``basis``, ``confidence``.
    pdu_units : pandas.DataFrame
        One row per district (318): ``lad_code``, ``lad_name``, ``pcc_code``, ``unit_id``,
        ``unit_name``, ``pdu_ids`` (``;``-separated), ``matched_by``.
    counts : dict
        PDUs by how they were matched, PDUs joined, units.
    """
    units = units.set_index("lad_code")
    pdus = pd.read_csv(shared / "geography" / "pdu_pcc.csv", dtype=str)
    slugs = pcc_code_of_slug(units.reset_index())
    unknown = sorted(set(pdus["pcc_region_id"]) - set(slugs))
    if unknown:
        raise SystemExit(f"pdu_pcc.csv names PCC areas {unknown} that are not among the 42; check the slugs.")
    pdus["listed_pcc_code"] = pdus["pcc_region_id"].map(slugs)
    pairs = _assign(pdus, units)
    missing = sorted(set(pdus["pdu_id"]) - set(pairs["pdu_id"]))
    if missing:
        raise SystemExit(f"PDUs with no district: {missing}; add them to REVIEWED_PDUS.")
    unit_of = _join(pairs)
    names = pdus.set_index("pdu_id")["pdu_name"]
    table = pairs.assign(
        pdu_name=pairs["pdu_id"].map(names),
        listed_pcc_code=pairs["pdu_id"].map(pdus.set_index("pdu_id")["listed_pcc_code"]),
        lad_name=units.loc[pairs["lad_code"], "lad_name"].to_numpy(),
        pcc_code=units.loc[pairs["lad_code"], "pcc_code"].to_numpy(),
        unit_id=pairs["pdu_id"].map(lambda p: unit_of[p][0]),
        unit_name=pairs["pdu_id"].map(lambda p: unit_of[p][1] or names[p]),
        matched_by=pairs["how"].map(MATCHED_BY),
        basis=pairs["pdu_id"].map(lambda p: REVIEWED_PDUS[p][1] if p in REVIEWED_PDUS else ""),
        confidence=pairs.apply(lambda r: REVIEWED_PDUS[r.pdu_id][2] if r.pdu_id in REVIEWED_PDUS
                               else ("medium" if r.how == "name_and_rest" else "high"), axis=1),
    )
    table = table[["pdu_id", "pdu_name", "listed_pcc_code", "lad_code", "lad_name", "pcc_code", "unit_id", "unit_name",
                   "matched_by", "basis", "confidence"]].sort_values(["unit_id", "pdu_id", "lad_code"], ignore_index=True)
    district_units = _district_units(table, units)
    how = pairs.drop_duplicates("pdu_id")["how"].value_counts()
    counts = {
        "n_pdus": len(pdus),
        "by_name": int(how.get("name", 0)),
        "by_name_and_rest": int(how.get("name_and_rest", 0)),
        "by_name_whole_area": int(how.get("whole_area", 0)),
        "by_table": int(how.get("table", 0)),
        "joined_pdus": sum(len(k) for k in JOINED_UNIT_NAMES),
        "joined_units": len(JOINED_UNIT_NAMES),
        "n_units": int(district_units["unit_id"].nunique()),
    }
    return table, district_units, counts


def _district_units(table: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """One row per district with its PDU unit; every district in exactly one unit, inside one PCC area."""
    grouped = table.groupby("lad_code")
    frame = pd.DataFrame({
        "lad_name": grouped["lad_name"].first(),
        "pcc_code": grouped["pcc_code"].first(),
        "unit_id": grouped["unit_id"].first(),
        "unit_name": grouped["unit_name"].first(),
        "pdu_ids": grouped["pdu_id"].agg(lambda s: ";".join(sorted(set(s)))),
        "matched_by": grouped["matched_by"].agg(lambda s: "; ".join(sorted(set(s)))),
    })
    if (grouped["unit_id"].nunique() > 1).any() or set(frame.index) != set(units.index):
        raise SystemExit("The PDU units do not put every district in exactly one unit.")
    split = frame.groupby("unit_id")["pcc_code"].nunique()
    if (split > 1).any():
        raise SystemExit(f"PDU units crossing PCC areas: {list(split.index[split > 1])}.")
    return frame.reset_index().sort_values("lad_code", ignore_index=True)


def build_pdus(shared: Path, out: Path, units: pd.DataFrame) -> tuple[dict[str, Path], dict]:
    """Write the PDU tables under ``out/geography``; print and return the derivation counts.

    Returns the files written (``pdu_districts``, ``pdu_units``, ``pdu_delivery``) and the counts
    of :func:`build_pdu_tables`; nothing is written (``{}``, ``{}``) when the raw PDU list is absent.
    """
    if not (shared / "geography" / "pdu_pcc.csv").is_file():
        return {}, {}
    table, district_units, counts = build_pdu_tables(shared, units)
    folder = out / "geography"
    folder.mkdir(parents=True, exist_ok=True)
    table.to_csv(folder / "pdu_districts.csv", index=False, lineterminator="\n")
    district_units.to_csv(folder / "pdu_units.csv", index=False, lineterminator="\n")
    print(describe_counts(counts))
    written = {"pdu_districts": folder / "pdu_districts.csv", "pdu_units": folder / "pdu_units.csv"}
    delivery = build_pdu_delivery(shared, table)
    if delivery is not None:
        delivery.to_csv(folder / "pdu_delivery_locations.csv", index=False, lineterminator="\n")
        written["pdu_delivery"] = folder / "pdu_delivery_locations.csv"
    return written, counts


def build_pdu_delivery(shared: Path, table: pd.DataFrame) -> pd.DataFrame | None:
    """Where named providers deliver, by PDU and PDU unit (``awards/delivery_locations.csv``), or None when absent.

    Columns ``provider_name`` (as MoJ's catalogue spells it), ``intervention``, ``pdu_id``, ``unit_id``.
    Every row is kept; a PDU missing from the PDU list stops the build.
    """
    path = shared / "awards" / "delivery_locations.csv"
    if not path.is_file():
        return None
    delivery = pd.read_csv(path, dtype=str)
    unit_of = table.drop_duplicates("pdu_id").set_index("pdu_id")["unit_id"]
    unknown = sorted(set(delivery["pdu_id"]) - set(unit_of.index))
    if unknown:
        raise SystemExit(f"delivery_locations.csv names PDUs missing from pdu_pcc.csv: {unknown}")
    frame = pd.DataFrame({"provider_name": delivery["provider_name"].str.strip(),
                          "intervention": delivery["intervention"].str.strip(),
                          "pdu_id": delivery["pdu_id"], "unit_id": delivery["pdu_id"].map(unit_of)})
    return frame.sort_values(["intervention", "provider_name", "pdu_id"], ignore_index=True)


def describe_counts(counts: dict) -> str:
    """The derivation counts in one sentence (printed by the build and written to data/README.md)."""
    by_name = counts["by_name"] + counts["by_name_and_rest"] + counts["by_name_whole_area"]
    return (f"PDUs: {counts['n_pdus']} — {by_name} matched by name ({counts['by_name']} every district named, "
            f"{counts['by_name_and_rest']} with the rest of their PCC area, {counts['by_name_whole_area']} the only PDU "
            f"of their PCC area), {counts['by_table']} by the reviewed table; {counts['joined_pdus']} PDUs sharing "
            f"districts joined into {counts['joined_units']} units; {counts['n_units']} PDU units.")


# --- built-in designs drawn at district level ----------------------------------------------------

#: PCC areas of the South West probation region (2021), as ONS PCC codes.
SOUTH_WEST_PCC = ("E23000036", "E23000035", "E23000039", "E23000037", "E23000038")
GREATER_MANCHESTER_PCC = "E23000005"
#: Upper-tier authorities made of several districts (the South West lots are let per upper-tier authority).
SOUTH_WEST_COUNTIES = {
    "Devon": ("East Devon", "Exeter", "Mid Devon", "North Devon", "South Hams", "Teignbridge", "Torridge", "West Devon"),
    "Gloucestershire": ("Cheltenham", "Cotswold", "Forest of Dean", "Gloucester", "Stroud", "Tewkesbury"),
    # The contract is "in Cornwall"; the Isles of Scilly have no lot of their own.
    "Cornwall and Isles of Scilly": ("Cornwall", "Isles of Scilly"),
}


def _short_lad_name(name: str) -> str:
    return re.sub(r",\s*(City|County) of$", "", name)


def build_district_designs(units: pd.DataFrame, district_units: pd.DataFrame) -> pd.DataFrame:
    """The built-in designs written per district: ``design_id``, ``lad_code``, ``lot``, ``lot_code``, ``note``.

    - ``pdu_units``: the PDU units as lots (derived from PDU names; see :data:`PDU_NOTE`);
    - ``gm_boroughs``: Greater Manchester by borough (10 lots, as let from June 2024), the rest
      of England and Wales by PCC area;
    - ``sw_local_authorities``: the South West region by upper-tier local authority (14 lots,
      the dependency-and-recovery lots of 2024–25), the rest by PCC area.
    """
    units = units.set_index("lad_code")
    pdu = district_units.set_index("lad_code").reindex(units.index)
    frames = [pd.DataFrame({"design_id": "pdu_units", "lad_code": units.index, "lot": pdu["unit_name"].to_numpy(),
                            "lot_code": pdu["unit_id"].to_numpy(), "note": pdu["matched_by"].to_numpy()})]
    county_of = {district: county for county, districts in SOUTH_WEST_COUNTIES.items() for district in districts}
    south_west = set(units.loc[units["pcc_code"].isin(SOUTH_WEST_PCC), "lad_name"])
    if not set(county_of) <= south_west:
        raise SystemExit(f"SOUTH_WEST_COUNTIES names {sorted(set(county_of) - south_west)}, not South West districts.")
    for design_id, inside, lot_of_district, note in (
        ("gm_boroughs", units["pcc_code"] == GREATER_MANCHESTER_PCC, lambda name: name, "Greater Manchester borough lot"),
        ("sw_local_authorities", units["pcc_code"].isin(SOUTH_WEST_PCC),
         lambda name: county_of.get(name, _short_lad_name(name)), "South West local-authority lot"),
    ):
        lots = units["pcc_name"].where(~inside, units["lad_name"].map(lot_of_district))
        frames.append(pd.DataFrame({"design_id": design_id, "lad_code": units.index, "lot": lots.to_numpy(),
                                    "lot_code": "", "note": [note if i else "PCC area" for i in inside]}))
    return pd.concat(frames).sort_values(["design_id", "lad_code"]).reset_index(drop=True)
