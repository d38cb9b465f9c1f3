"""Map a file's columns to the fields a provider has: by name, then by proposal, then by the user.

Step 3 of the import (read → find header → **map columns** → parse → locate → validate →
report). Three sources, in order:

1. **aliases** — a column whose name (lower-cased, every run of non-letters one underscore)
   is a known name for a field ("Name of organisation", "Women-only service?");
2. **proposals** — an unmatched column whose name *and* values suggest a field (yes/no values
   under a heading mentioning women; place names under one mentioning areas; £ amounts);
   proposals are applied by the Python API and the CLI (and printed), and shown for one-click
   confirmation in the app;
3. **the user's mapping** — a :class:`ColumnMapping`, from the app's select boxes or a
   ``mapping.json`` file, which wins over both.

Mapping file format (JSON, what the app downloads and ``--columns`` reads)::

    {"format": "lotdesign-column-mapping", "version": 1,
     "columns": {"Name of organisation": "name", "Women-only service?": "women", "Notes": null},
     "header_row": 2, "sheet": "Members",
     "areas": {"Leeds Cty": "Leeds", "Bristol and Bath area": "West of England"}}

``columns`` maps each file column (as headed) to a field name, or null for "not used";
``header_row`` (spreadsheet row, 1-based) and ``sheet`` are optional and, when given, override
the detected ones. ``areas`` (optional) holds the user's *area decisions*: an area name as the
file writes it → the known area it means (what the app's "Use this area for every row" saves);
every row writing that name is read as the chosen area.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from lotdesign.errors import ValidationError

#: The fields a provider row can have, with what each means (template, README and app).
COLUMN_HELP = {
    "provider_id": "Optional unique id (a charity number works). Made from the row number when absent.",
    "name": "Required. The organisation's name.",
    "sector": "vcs (voluntary/community/charity/social enterprise), private or public. Default vcs.",
    "postcode": "Unit postcode (best, e.g. LS1 4DY) or postcode district (e.g. LS1) of the base.",
    "latitude": "Latitude in degrees (WGS84), used when there is no postcode.",
    "longitude": "Longitude in degrees (WGS84), used when there is no postcode.",
    "income_gbp": "Annual income in £ (e.g. 250000, £250k, 1.2m; 'c. 50k' is read with a warning). "
                  "Blank or N/A: income unknown — the organisation counts for reach and coverage but cannot be prime.",
    "income_band": "NCVO band if the income is unknown: micro, small, medium, large, major, super-major (read as the band's lower bound).",
    "specialisms": "Semicolon list: women; bame; young_adults; lgbt; disability; older; welsh_language.",
    "women_centred": "Alternative to specialisms: yes/no.",
    "bame_led": "Alternative to specialisms: yes/no (BAME-led or BAME-specialist).",
    "service_area": "Local authorities, PCC areas, combined authorities or city regions (names or codes), "
                    "separated by semicolons or commas, or 'national'. Wins over a radius.",
    "radius_km": "Service radius in km around the base, when no service_area is listed. Default by income band.",
    "services": "Optional. Services the organisation delivers itself, separated by semicolons: accommodation; ete; "
                "finance_benefit_debt; dependency_recovery; personal_wellbeing; women (or housing, employment, debt, "
                "drugs, wellbeing…). Blank: not stated — only the money and reach tests apply.",
}

#: Canonical input fields and the names people use for them (compared after lower-casing and
#: turning every run of non-letters into one underscore).
COLUMN_ALIASES = {
    "provider_id": ["provider_id", "id", "org_id", "organisation_id", "organization_id", "charity_number",
                    "charity_no", "registered_charity_number", "reference", "ref", "charity_registration_number",
                    "registered_number", "company_number", "member_id", "membership_number"],
    # ... and this app's organisations export, labelled (Excel) or by machine name (see io.export).
    "name": ["name", "organisation", "organisation_name", "organization", "organization_name", "org_name",
             "provider", "provider_name", "charity_name", "charity", "name_of_organisation",
             "name_of_organization", "organisation_s_name", "organisations_name", "member_name", "member",
             "member_organisation", "name_of_charity", "group_name", "name_of_group", "registered_name"],
    "sector": ["sector", "organisation_type", "org_type", "type", "type_of_organisation", "legal_status",
               "organisation_sector"],
    "postcode": ["postcode", "post_code", "postal_code", "pcd", "base_postcode", "zip", "office_postcode",
                 "registered_postcode", "address_postcode", "postcode_of_base", "main_office_postcode"],
    "latitude": ["latitude", "lat", "y_lat"],
    "longitude": ["longitude", "lon", "lng", "long", "x_lon"],
    "easting": ["easting", "x_bng", "os_easting", "base_x", "base_easting_m_epsg_27700"],
    "northing": ["northing", "y_bng", "os_northing", "base_y", "base_northing_m_epsg_27700"],
    "income_gbp": ["income_gbp", "income", "turnover", "annual_income", "annual_turnover", "latest_income",
                   "total_income", "income_", "turnover_gbp", "annual_income_gbp", "income_last_year",
                   "latest_annual_income", "income_latest_accounts", "gross_income", "total_annual_income"],
    "income_band": ["income_band", "band", "size_band", "ncvo_band", "size", "size_of_organisation",
                    "organisation_size"],
    "specialisms": ["specialisms", "specialism", "specialist", "specialist_areas", "specialisms_list", "tags",
                    "specialist_services", "client_groups", "specialist_focus"],
    "women": ["women_centred", "women_centered", "women", "womens", "women_s_centre", "women_specialist",
              "womens_centre", "women_led", "women_only", "women_only_service", "women_s_service",
              "womens_service", "women_s_organisation", "women_specific", "female_only", "women_centred_service",
              "led_by_and_for_women", "by_and_for_women", "women_s_sector", "womens_specialist"],
    "bame": ["bame", "bame_led", "bame_specialist", "bme", "bme_led", "by_and_for", "black_led",
             "minority_ethnic_led", "racially_minoritised_led", "bme_specialist", "led_by_and_for",
             "black_and_minoritised_led", "global_majority_led", "bame_organisation"],
    "service_area": ["service_area", "service_areas", "areas", "area_served", "areas_served", "coverage",
                     "operating_area", "areas_covered", "areas_of_operation", "area_of_operation",
                     "area_s_covered", "area_s_of_operation", "area_covered", "geographical_area",
                     "geographic_area", "where_we_work", "local_authorities_covered", "area_of_benefit",
                     "service_area_national_or_local_authority_codes",
                     "areas_of_benefit", "operating_areas", "coverage_area", "region_s_covered"],
    "radius_km": ["radius_km", "radius", "service_radius_km", "reach_km", "service_radius"],
    "services": ["services", "services_delivered", "service_categories", "services_offered", "what_we_deliver",
                 "services_provided", "service_types"],
}

#: Fields in the order the app lists them; "women"/"bame" are shown as the yes/no columns.
FIELD_LABELS = {
    "name": "Organisation name",
    "provider_id": "Id (charity number…)",
    "sector": "Sector",
    "postcode": "Postcode of base",
    "latitude": "Latitude",
    "longitude": "Longitude",
    "easting": "Easting (m)",
    "northing": "Northing (m)",
    "income_gbp": "Annual income (£)",
    "income_band": "Income band (NCVO)",
    "specialisms": "Specialisms (list)",
    "women": "Women's organisation (yes/no)",
    "bame": "Led by and for minority-ethnic communities (yes/no)",
    "service_area": "Areas served",
    "radius_km": "Service radius (km)",
    "services": "Services delivered (list)",
}
FIELDS = tuple(FIELD_LABELS)

_LED_BY_AND_FOR = re.compile(r"^(?:led_)?by_and_for(?:_|$)")
_YES_NO = {"yes", "y", "no", "n", "true", "false", "1", "0", "x", "✓", "ticked", ""}
_MONEY_RE = re.compile(r"^\s*(?:c\.?|ca\.?|approx\.?|approximately|about|around|circa|~)?\s*£\s*[\d,.]+\s*(?:k|m|mn|million|bn)?\s*$"
                       r"|^\s*[\d,.]+\s*(?:k|m|mn|million)\s*$", re.IGNORECASE)
_POSTCODE_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?(?:\s*[0-9][A-Z]{2})?$")


def canonical_column(column: str) -> str:
    """A column heading as compared with aliases: ``"Women-only service?"`` → ``women_only_service``."""
    return re.sub(r"[^a-z0-9]+", "_", str(column).strip().lower().replace("'", "").replace("’", "")).strip("_") or "_"


def _alias_field(canonical: str) -> str | None:
    for name, aliases in COLUMN_ALIASES.items():
        if canonical in (a.strip("_") for a in aliases):
            return name
    if _LED_BY_AND_FOR.match(canonical):  # "Led by and for …": women when it says so, else minority-ethnic
        return "women" if re.search(r"women|female", canonical) else "bame"
    return None


def match_columns(columns: list[str]) -> dict[str, str | None]:
    """Match each column to a field by its name (first column wins a field); None when unmatched."""
    taken: set[str] = set()
    out: dict[str, str | None] = {}
    for column in columns:
        found = _alias_field(canonical_column(column))
        if found is not None and found not in taken:
            taken.add(found)
            out[column] = found
        else:
            out[column] = None
    return out


@dataclass
class Proposal:
    """A field proposed for an unmatched column, and why."""

    column: str
    field: str
    reason: str


def _share(values: pd.Series, predicate) -> float:
    present = values[values.str.strip() != ""]
    if present.empty:
        return 0.0
    sample = present.drop_duplicates().head(200)
    return float(np.mean([bool(predicate(v)) for v in sample]))


def _looks_like_places(value: str) -> bool:
    from lotdesign.importing.areas import read_area_cell

    reading = read_area_cell(value)
    return bool(reading.known or reading.national)


def _names_groups(value: str) -> bool:
    from lotdesign.importing.fields import specialism_code, specialism_tokens

    return any(specialism_code(token) is not None for token in specialism_tokens(value))


def _tick_all_share(values: pd.Series, heading: str) -> float:
    """Share of a column's values that list groups served — counted only under a heading about
    groups or specialisms, or when nearly every value does (a tick-all question's answers)."""
    share = _share(values, _names_groups)
    if re.search(r"speciali|group|client|focus|communit|cohort|who_do_you|support|work_with|serve", heading):
        return share
    return share if share >= 0.9 else 0.0


def propose_columns(frame: pd.DataFrame, matched: dict[str, str | None]) -> list[Proposal]:
    """Propose fields for unmatched columns from their names *and* values.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table (text cells) under its detected header.
    matched : dict
        Column → field from :func:`match_columns` (None for unmatched).

    Returns
    -------
    list of Proposal
        At most one proposal per field, for fields no column matched by name.
    """
    taken = {f for f in matched.values() if f}
    proposals: list[Proposal] = []

    def propose(column: str, name: str, reason: str) -> None:
        if name not in taken:
            taken.add(name)
            proposals.append(Proposal(column, name, reason))

    for column, current in matched.items():
        if current is not None:
            continue
        heading = canonical_column(column)
        values = frame[column].astype(str)
        yes_no = _share(values, lambda v: v.strip().lower().rstrip(".") in _YES_NO or v.strip().lower().startswith(("yes", "no")))
        if re.search(r"wom[ae]n|female|girls", heading) and yes_no >= 0.8:
            propose(column, "women", f"the heading mentions women and {yes_no:.0%} of its values are yes/no")
        elif re.search(r"bme|bame|ethnic|black|minoritis|global_majority|by_and_for", heading) and yes_no >= 0.8:
            propose(column, "bame", f"the heading mentions minority-ethnic leadership and {yes_no:.0%} of its values are yes/no")
        elif _tick_all_share(values, heading) >= 0.6:
            propose(column, "specialisms", f"{_tick_all_share(values, heading):.0%} of its values list groups served "
                    "(women, minority-ethnic communities, young adults…)")
        elif re.search(r"area|region|operat|cover|district|locality|where|counties|county|boroughs", heading):
            places = _share(values, _looks_like_places)
            if places >= 0.5:
                propose(column, "service_area", f"the heading mentions areas and {places:.0%} of its values name known places")
        elif re.search(r"income|turnover|revenue|funding|budget|gbp|£", heading) or _share(values, lambda v: bool(_MONEY_RE.match(v))) >= 0.8:
            money = _share(values, lambda v: bool(_MONEY_RE.match(v)) or v.replace(",", "").replace(".", "").strip().isdigit())
            if money >= 0.6:
                propose(column, "income_gbp", f"{money:.0%} of its values are amounts in £")
        elif re.search(r"post", heading) or _share(values, lambda v: bool(_POSTCODE_RE.match(v.strip().upper()))) >= 0.8:
            codes = _share(values, lambda v: bool(_POSTCODE_RE.match(v.strip().upper())))
            if codes >= 0.6:
                propose(column, "postcode", f"{codes:.0%} of its values look like postcodes")
        elif re.search(r"name|organi[sz]ation|charity|group", heading):
            names = _share(values, lambda v: " " in v.strip() and any(c.isalpha() for c in v))
            if names >= 0.6:
                propose(column, "name", f"the heading mentions names and {names:.0%} of its values are several words")
    return proposals


@dataclass
class ColumnMapping:
    """Which file column feeds which field; JSON-serialisable, downloadable and re-usable.

    ``columns`` maps a file column (as headed) to a field name from :data:`FIELDS`, or None
    for "not used". ``header_row`` (1-based spreadsheet row) and ``sheet`` pin how the file
    is read; None means "detect".
    """

    columns: dict[str, str | None] = field(default_factory=dict)
    header_row: int | None = None
    sheet: str | None = None
    #: Area decisions: an area name as written in the file → the known area it is read as.
    areas: dict[str, str] = field(default_factory=dict)

    def field_columns(self) -> dict[str, str]:
        """Field → the file column feeding it (the first one when several were chosen)."""
        out: dict[str, str] = {}
        for column, name in self.columns.items():
            if name and name not in out:
                out[name] = column
        return out

    def to_dict(self) -> dict:
        payload = {"format": "lotdesign-column-mapping", "version": 1, "columns": dict(self.columns),
                   "header_row": self.header_row, "sheet": self.sheet}
        if self.areas:
            payload["areas"] = dict(self.areas)
        return payload

    def to_json(self) -> str:
        """The mapping file's text (see the module docstring for the format)."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    @classmethod
    def from_json(cls, text) -> ColumnMapping:
        """Read a mapping file's text (or bytes); raises ValidationError naming what is wrong."""
        try:
            payload = json.loads(text.decode("utf-8-sig") if isinstance(text, (bytes, bytearray)) else text)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ValidationError(f"The column mapping is not valid JSON ({error}) — download it again from the app.") from None
        if not isinstance(payload, dict) or not isinstance(payload.get("columns"), dict):
            raise ValidationError("The column mapping needs a 'columns' object mapping each file column to a field (or null).")
        problems = [
            f"column '{column}': '{name}' is not a field — use one of {', '.join(FIELDS)} or null."
            for column, name in payload["columns"].items()
            if name is not None and name not in FIELDS
        ]
        header_row = payload.get("header_row")
        if header_row is not None and (not isinstance(header_row, int) or isinstance(header_row, bool) or not 1 <= header_row <= 20):
            problems.append(f"header_row {header_row!r} is not a row number from 1 to 20.")
        sheet = payload.get("sheet")
        if sheet is not None and not isinstance(sheet, str):
            problems.append(f"sheet {sheet!r} is not a sheet name.")
        areas = payload.get("areas") or {}
        if not isinstance(areas, dict) or not all(isinstance(v, str) for v in areas.values()):
            problems.append("'areas' must map each area name as written to the area chosen for it (text).")
            areas = {}
        if problems:
            raise ValidationError("The column mapping cannot be used.", problems)
        return cls({str(k): v for k, v in payload["columns"].items()}, header_row, sheet,
                   {str(k): v for k, v in areas.items()})

    @classmethod
    def read(cls, path) -> ColumnMapping:
        """Read a mapping file from disk."""
        from pathlib import Path

        return cls.from_json(Path(path).read_bytes())


def resolve_mapping(columns: list[str], frame: pd.DataFrame, chosen: ColumnMapping | None = None,
                    *, apply_proposals: bool = True) -> tuple[dict[str, str | None], dict[str, str], list[Proposal], list[str]]:
    """The mapping used for a table: the user's choice, else aliases plus proposals.

    Returns
    -------
    (column → field, column → how it was matched, proposals, notes)
        How: ``"name"`` (alias), ``"proposed"``, ``"chosen"`` (the user's mapping) or ``""``.
    """
    matched = match_columns(columns)
    how = {c: ("name" if f else "") for c, f in matched.items()}
    proposals = propose_columns(frame, matched)
    notes: list[str] = []
    if apply_proposals:
        for p in proposals:
            matched[p.column] = p.field
            how[p.column] = "proposed"
    if chosen is not None:
        missing = [c for c in chosen.columns if c not in matched]
        if missing:
            notes.append(f"The column mapping names columns this file does not have: {', '.join(missing[:10])}.")
        for column, name in chosen.columns.items():
            if column in matched:
                if name is not None:  # a field goes to one column only
                    for other, f in matched.items():
                        if f == name and other != column:
                            matched[other], how[other] = None, "chosen"
                matched[column], how[column] = name, "chosen"
    return matched, how, proposals, notes


def required_problems(fields: dict[str, str], has_geometry: bool = False) -> list[str]:
    """What a mapping lacks to load anything: a name column and a location column."""
    problems = []
    if "name" not in fields:
        problems.append("No organisation name column: add a column named 'name' (or 'organisation'), "
                        "or choose which column holds the names.")
    if not (any(k in fields for k in ("postcode", "latitude", "easting")) or has_geometry):
        problems.append("No location column: add 'postcode', or 'latitude' and 'longitude', for each organisation's base.")
    if ("latitude" in fields) != ("longitude" in fields):
        problems.append("Only one of latitude/longitude was found: add both columns, or use postcodes.")
    return problems
