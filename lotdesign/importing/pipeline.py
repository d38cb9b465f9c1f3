"""The import pipeline: read → find header → map columns → parse fields → locate → validate → report.

:func:`prepare_import` runs the first three steps (what the app shows for confirmation);
:func:`load_provider_table` runs the rest on a prepared table with a chosen mapping;
:func:`load_providers` does everything in one call, applying proposed mappings (as the CLI and
scripts do). :func:`combine_loads` adds one loaded list to another.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from lotdesign.errors import InputFileError, ValidationError
from lotdesign.io.tables import cell_is_formula
from lotdesign.importing.areas import area_decisions_key, parse_service_areas, unknown_area_names
from lotdesign.importing.columns import (
    COLUMN_ALIASES,
    ColumnMapping,
    Proposal,
    canonical_column,
    required_problems,
    resolve_mapping,
)
from lotdesign.importing.fields import (
    parse_float_column,
    parse_incomes,
    parse_radius,
    parse_sectors,
    parse_specialisms,
)
from lotdesign.importing.issues import Issues, formatted, row_messages, single_messages
from lotdesign.importing.locate import locate_bases
from lotdesign.importing.read import ProviderTable, SourceFile, read_source, table_under_header
from lotdesign.importing.result import ACCEPTED_COLUMNS, ProviderLoadResult, effects_frame
from lotdesign.importing.services_column import parse_services_column
from lotdesign.core.params import DEFAULT_RADIUS_KM

_HTML_RE = re.compile(r"<[a-zA-Z/!][^>]*>|javascript:", re.IGNORECASE)
_WORD_RE = re.compile(r"[^\W_]+")
#: Radius used when neither an area, a radius nor an income is known (the micro band's).
UNKNOWN_INCOME_RADIUS_KM = DEFAULT_RADIUS_KM["micro"]


#: Every name a field is known by, as compared (for spotting a line of column names).
_FIELD_NAMES = frozenset(alias.strip("_") for aliases in COLUMN_ALIASES.values() for alias in aliases)
#: Canonical names of columns the loader reads itself, outside the column mapping.
COLUMNS_READ_BY_THE_LOADER = frozenset({"synthetic"})


@dataclass
class ImportDraft:
    """A file read and mapped, not yet loaded: what the app shows for the user to confirm."""

    table: ProviderTable
    source_name: str
    fingerprint: str
    mapping: ColumnMapping
    matched_by: dict[str, str]
    proposals: list[Proposal]
    problems: list[str]
    notes: list[str] = field(default_factory=list)
    #: The file as read (all sheets), to read it again under another header row or sheet.
    source: SourceFile | None = None

    @property
    def sheets(self) -> list[str]:
        """The workbook's sheet names (empty for CSV and geo files)."""
        return list(self.source.sheets) if self.source is not None and self.source.kind == "xlsx" else []

    @property
    def needs_confirmation(self) -> bool:
        """True when the user should check the columns before anything is scored.

        That is when a column was matched by proposal, a required field is missing, or a column
        of the file is not used (its meaning would otherwise be lost without a word). A file
        whose every column was matched by its name has nothing to confirm; its mapping is still
        shown, and can be changed, after it is loaded.
        """
        return bool(self.proposals or self.problems or self.unused_columns)

    @property
    def unused_columns(self) -> list[str]:
        """The file's columns that no field reads (a ``synthetic`` flag column is read by the loader)."""
        return [column for column, name in self.mapping.columns.items()
                if not name and canonical_column(column) not in COLUMNS_READ_BY_THE_LOADER]

    def samples(self, column: str, n: int = 3) -> list[str]:
        """A few distinct non-empty values of ``column``."""
        values = self.table.frame[column]
        return list(values[values != ""].drop_duplicates().head(n))


def prepare_import(source, *, source_name: str | None = None, columns: ColumnMapping | None = None,
                   apply_proposals: bool = True) -> ImportDraft:
    """Steps 1–3: read the file, find its header (and sheet), and map its columns.

    Raises
    ------
    InputFileError
        When the file cannot be read, or has no data rows.
    """
    source_file = read_source(source, source_name=source_name)
    return draft_from_source(source_file, columns, apply_proposals=apply_proposals)


def draft_from_source(source_file: SourceFile, columns: ColumnMapping | None = None, *,
                      apply_proposals: bool = True) -> ImportDraft:
    """Steps 2–3 on a file already read: find the header (or use the mapping's) and map the columns."""
    table = table_under_header(source_file, columns.sheet if columns else None, columns.header_row if columns else None)
    table = machine_name_header(table)
    if len(table.frame) == 0:
        raise InputFileError("The file has a header but no data rows — add one row per organisation.")
    matched, how, proposals, notes = resolve_mapping(list(table.frame.columns), table.frame, columns,
                                                     apply_proposals=apply_proposals)
    mapping = ColumnMapping(matched, table.header_row, table.sheet if table.kind == "xlsx" else None,
                            dict(columns.areas) if columns else {})
    problems = required_problems(mapping.field_columns(), has_geometry=table.lon is not None)
    return ImportDraft(table, source_file.name, source_file.fingerprint, mapping, how, proposals, problems, notes,
                       source_file)


_MACHINE_NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")


def machine_name_header(table: ProviderTable) -> ProviderTable:
    """Use a second header line of machine names (this app's briefing CSV exports) as the headings.

    A briefing CSV has a line of plain-English labels, then a line of column names
    (``provider_id``, ``name``, ``easting`` …), then the rows. When the first row under the
    header is such a line — every cell a lower-case identifier, three or more of them names of
    fields — it becomes the header and is not read as an organisation.
    """
    frame = table.frame
    if len(frame) < 1:
        return table
    first = [str(v) for v in frame.iloc[0]]
    named = sum(bool(_MACHINE_NAME_RE.match(v)) and canonical_column(v) in _FIELD_NAMES for v in first)
    if named < 3 or not all(_MACHINE_NAME_RE.match(v) or not v for v in first):
        return table
    renamed = frame.iloc[1:].reset_index(drop=True)
    renamed.columns = [v or c for v, c in zip(first, frame.columns)]
    note = f"Row {int(table.source_rows[0])} holds the column names under the labels; they were used as the headings."
    return dataclasses.replace(table, frame=renamed, source_rows=table.source_rows[1:], header_row=int(table.source_rows[0]),
                               notes=[*table.notes, note],
                               lon=None if table.lon is None else table.lon[1:], lat=None if table.lat is None else table.lat[1:])


def load_providers(source, *, source_name: str | None = None, synthetic: bool | None = None,
                   columns: ColumnMapping | None = None, apply_proposals: bool = True) -> ProviderLoadResult:
    """Load and validate a provider file (all seven steps).

    Parameters
    ----------
    source : path, bytes, file-like, RawTable or pandas.DataFrame
        The provider list. Files are judged by content (CSV, Excel .xlsx, GeoJSON, GeoPackage).
    source_name : str, optional
        How to name the source in messages and exports.
    synthetic : bool, optional
        Whether the data are synthetic; detected from a ``synthetic`` column when omitted.
    columns : ColumnMapping, optional
        A column mapping (e.g. read from a mapping file); wins over matching by name.
    apply_proposals : bool
        Apply proposed matches for unmatched columns (default True, as the app's one-click accept).

    Returns
    -------
    ProviderLoadResult
        ``accepted`` + ``rejected`` always equals the number of input rows.

    Raises
    ------
    InputFileError
        When the file cannot be read at all.
    ValidationError
        When required columns are missing (no name column; no location column).
    """
    draft = prepare_import(source, source_name=source_name, columns=columns, apply_proposals=apply_proposals)
    return load_draft(draft, synthetic=synthetic)


def load_draft(draft: ImportDraft, mapping: ColumnMapping | None = None, *, synthetic: bool | None = None) -> ProviderLoadResult:
    """Steps 4–7 on a prepared draft, with its mapping or ``mapping`` (the user's changes)."""
    chosen = mapping or draft.mapping
    how = dict(draft.matched_by)
    if mapping is not None:
        for column, name in mapping.columns.items():
            if draft.mapping.columns.get(column) != name:
                how[column] = "chosen"
    result = load_provider_table(draft.table, chosen, matched_by=how, source_name=draft.source_name,
                                 fingerprint=draft.fingerprint, synthetic=synthetic)
    result.proposals = list(draft.proposals)
    result.notes[len(draft.table.notes):len(draft.table.notes)] = draft.notes
    return result


def _mapping_notes(mapping: ColumnMapping, how: dict[str, str]) -> list[str]:
    notes = []
    proposed = [f"'{c}' → {f}" for c, f in mapping.columns.items() if f and how.get(c) == "proposed"]
    chosen = [f"'{c}' → {f or 'not used'}" for c, f in mapping.columns.items() if how.get(c) == "chosen"]
    unused = [c for c, f in mapping.columns.items() if not f]
    if proposed:
        notes.append(f"Columns matched by proposal (from their names and values): {', '.join(proposed)}.")
    if chosen:
        notes.append(f"Columns as you chose: {', '.join(chosen)}.")
    if unused:
        notes.append(f"Columns not used: {', '.join(unused[:20])}{' …' if len(unused) > 20 else ''}.")
    return notes


def load_provider_table(table: ProviderTable, mapping: ColumnMapping, *, matched_by: dict[str, str] | None = None,
                        source_name: str = "uploaded file", fingerprint: str = "", synthetic: bool | None = None) -> ProviderLoadResult:
    """Steps 4–7: parse every field, locate each base, validate, and report.

    Parameters
    ----------
    table : ProviderTable
        The table under its header (:func:`lotdesign.importing.read.table_under_header`).
    mapping : ColumnMapping
        Which column feeds which field.
    matched_by : dict, optional
        Column → how it was matched (``name``, ``proposed``, ``chosen``), for notes and effects.

    Raises
    ------
    ValidationError
        When the mapping gives no name column or no location column.
    """
    frame = table.frame
    how = matched_by or {}
    fields = {f: c for f, c in mapping.field_columns().items() if c in frame.columns}
    _check_loadable(table, fields)
    n = len(frame)
    issues = Issues()
    notes = list(table.notes) + _mapping_notes(mapping, how) + _missing_field_notes(fields)

    def cells(name: str) -> np.ndarray:
        return frame[fields[name]].to_numpy(dtype=object) if name in fields else np.full(n, "", dtype=object)

    def col(name: str) -> str:
        return fields.get(name, name)

    empty = _reject_empty_rows_and_names(frame, cells("name"), issues, col("name"))
    bases = _locate_rows(table, cells, col, fields, empty, issues)
    decisions = area_decisions_key(mapping.areas)
    incomes, sectors, specialisms, radius, areas = _parse_fields(cells, col, fields, n, issues, decisions)
    kind, radius_used = _service_area_kinds(areas, radius, incomes, empty, issues, col, fields)
    services = parse_services_column(cells("services"), issues, col("services")) if "services" in fields else np.full(n, "", dtype=object)
    ids = _unique_ids(cells("provider_id"), table.source_rows, empty, issues, col("provider_id"))
    _reject_duplicate_organisations(cells("name"), bases, table.source_rows, issues, col("name"))

    # --- report -----------------------------------------------------------------------------------------
    if synthetic is None:
        synthetic = _flagged_synthetic(frame)
    return _report(table, mapping, how, fields, issues, notes, cells, ids=ids, sectors=sectors, incomes=incomes,
                   specialisms=specialisms, bases=bases, areas=areas, kind=kind, radius_used=radius_used,
                   services=services, source_name=source_name, fingerprint=fingerprint, synthetic=synthetic)


def _check_loadable(table: ProviderTable, fields: dict[str, str]) -> None:
    """Raise when the table has no data rows or the mapping lacks a required column."""
    frame = table.frame
    problems = required_problems(fields, has_geometry=table.lon is not None)
    if len(frame) == 0:
        raise InputFileError("The file has a header but no data rows — add one row per organisation.")
    if problems:
        raise ValidationError("The provider file is missing required columns; nothing was loaded.",
                              problems + [f"Columns found: {', '.join(frame.columns) or 'none'}."])


def _missing_field_notes(fields: dict[str, str]) -> list[str]:
    """Notes saying which defaults apply because a sector or income column is absent."""
    notes = []
    if "sector" not in fields:
        notes.append("No sector column: every organisation is read as voluntary and community sector (vcs).")
    if "income_gbp" not in fields and "income_band" not in fields:
        notes.append("No income column: every organisation's income is unknown, so none can be prime-eligible "
                     "(they still count for reach and local and specialist coverage).")
    return notes


def _reject_empty_rows_and_names(frame: pd.DataFrame, names: np.ndarray, issues: Issues, name_column: str) -> np.ndarray:
    """Reject empty rows and empty names, warn about formula- or HTML-like names; return the empty-row mask."""
    n = len(frame)
    empty = np.logical_and.reduce([frame[c].to_numpy(dtype=object) == "" for c in frame.columns]) \
        if frame.shape[1] else np.ones(n, bool)
    issues.reject(np.flatnonzero(empty), "", "the row is empty — delete it.")
    issues.reject(np.flatnonzero((names == "") & ~empty), name_column, "the organisation name is empty — fill it in.")
    formula = np.array([cell_is_formula(v) for v in names], dtype=bool)
    issues.warn(np.flatnonzero(formula), name_column,
                "the name starts like a spreadsheet formula; it is kept as text and exported safely.")
    html = np.array([("<" in v or "javascript" in v.lower()) and bool(_HTML_RE.search(v)) for v in names], dtype=bool)
    issues.warn(np.flatnonzero(html), name_column, "the name contains HTML-like text; it is shown as plain text.")
    return empty


def _locate_rows(table: ProviderTable, cells, col, fields: dict[str, str], empty: np.ndarray, issues: Issues) -> pd.DataFrame:
    """Parse the coordinate cells (warning about non-numbers) and locate each row's base."""
    lat, lon = parse_float_column(cells("latitude")), parse_float_column(cells("longitude"))
    for name, values, parsed in (("latitude", cells("latitude"), lat), ("longitude", cells("longitude"), lon)):
        bad = np.flatnonzero((values != "") & np.isnan(parsed))
        issues.warn(bad, col(name), "'" + values[bad].astype(str) + "' is not a number; ignored.")
    if table.lon is not None:  # the row's own geometry (GeoJSON/GeoPackage)
        lat = np.where(np.isnan(lat), table.lat, lat)
        lon = np.where(np.isnan(lon), table.lon, lon)
    return locate_bases(cells("postcode"), lat, lon, parse_float_column(cells("easting")),
                        parse_float_column(cells("northing")), empty, issues, columns=fields)


def _parse_fields(cells, col, fields: dict[str, str], n: int, issues: Issues, decisions=()):
    """Parse incomes, sectors, specialisms, radius and service areas (absent columns get neutral defaults)."""
    incomes = parse_incomes(cells("income_gbp"), cells("income_band"), issues, income_column=col("income_gbp"),
                            band_column=col("income_band"), has_income="income_gbp" in fields,
                            has_band="income_band" in fields)
    sectors = parse_sectors(cells("sector"), issues, col("sector"))
    specialisms = parse_specialisms(cells("specialisms"), cells("women"), cells("bame"), issues,
                                    columns={k: fields[k] for k in ("specialisms", "women", "bame") if k in fields})
    radius = parse_radius(cells("radius_km"), issues, col("radius_km")) if "radius_km" in fields else np.full(n, np.nan)
    areas = parse_service_areas(cells("service_area"), issues, col("service_area"), decisions) if "service_area" in fields else \
        pd.DataFrame({"national": np.zeros(n, bool), "service_lads": np.full(n, "", dtype=object), "area_status": ""})
    return incomes, sectors, specialisms, radius, areas


def _service_area_kinds(areas: pd.DataFrame, radius: np.ndarray, incomes: pd.DataFrame, empty: np.ndarray,
                        issues: Issues, col, fields: dict[str, str]) -> tuple[np.ndarray, np.ndarray]:
    """Each row's service-area kind and the radius used (national > listed > radius > income band's default)."""
    national = areas["national"].to_numpy()
    listed = (areas["service_lads"] != "").to_numpy() & ~national
    has_radius = np.isfinite(radius) & ~national & ~listed
    kind = np.where(national, "national", np.where(listed, "listed", np.where(has_radius, "radius", "default_radius"))).astype(object)
    radius_used = np.where(has_radius, radius, np.nan)
    ignored_radius = np.flatnonzero(listed & np.isfinite(radius))
    issues.warn(ignored_radius, col("radius_km"), "areas are listed, so the radius is ignored (a listed area wins over a radius).")
    default = kind == "default_radius"
    income_known = incomes["income_known"].to_numpy()
    band_radius = pd.Series(incomes["income_band"].to_numpy(dtype=object)).map(DEFAULT_RADIUS_KM).to_numpy(float)
    radius_used = np.where(default & income_known, band_radius, radius_used)
    kind = np.where(default & income_known & np.isinf(radius_used), "national", kind)
    radius_used = np.where(np.isinf(radius_used), np.nan, radius_used)
    unknown_default = np.flatnonzero(default & ~income_known & ~empty)
    radius_used[unknown_default] = UNKNOWN_INCOME_RADIUS_KM
    issues.warn(unknown_default, col("income_gbp") if "income_gbp" in fields else "",
                f"with no service area, radius or income, the smallest default radius ({UNKNOWN_INCOME_RADIUS_KM:g} km, "
                "the micro band's) is used — give the areas served or a radius.")
    return kind, radius_used


def _unique_ids(provider_ids: np.ndarray, source_rows: np.ndarray, empty: np.ndarray, issues: Issues,
                id_column: str) -> np.ndarray:
    """Provider ids with blanks filled from the row number and repeats renamed (with a warning)."""
    ids = provider_ids.copy()
    blank_id = ids == ""
    ids[blank_id] = formatted(source_rows[blank_id], "ROW-{:05d}")
    id_series = pd.Series(ids, dtype=object)
    duplicate_id = (id_series.duplicated() & ~pd.Series(empty)).to_numpy()
    if duplicate_id.any():
        first_row = pd.Series(source_rows).groupby(ids).transform("first").to_numpy()
        rows = np.flatnonzero(duplicate_id)
        new_ids = ids[rows].astype(str) + "-row" + source_rows[rows].astype(str)
        issues.warn(rows, id_column, "provider id '" + ids[rows].astype(str) + "' is already used by row "
                    + first_row[rows].astype(str) + "; this row's id was changed to '" + new_ids
                    + "' — give each organisation its own id.")
        ids[rows] = new_ids
    return ids


def _reject_duplicate_organisations(names: np.ndarray, bases: pd.DataFrame, source_rows: np.ndarray, issues: Issues,
                                    name_column: str) -> None:
    """Reject rows repeating an earlier, not yet rejected row's organisation name at the same base."""
    n = len(names)
    rejected_so_far = np.zeros(n, bool)
    rejected_so_far[issues.rejected_rows()] = True
    candidates = ~rejected_so_far & (names != "")
    # Only rows sharing a base point can duplicate each other: compare their names alone.
    base_key = pd.Series(bases["base_lad"].to_numpy(dtype=object) + "|" + formatted(bases["base_x"].to_numpy(), "{:.0f}"), dtype=object)
    shared = candidates & base_key.duplicated(keep=False).to_numpy()
    org_key = base_key.copy()
    org_key[shared] = [f"{key}|{organisation_key(v)}" for key, v in zip(base_key[shared], names[shared])]
    org_key[~shared] = formatted(np.flatnonzero(~shared), "unique-{}")
    duplicated_org = np.zeros(n, bool)
    duplicated_org[candidates] = org_key[candidates].duplicated().to_numpy()
    if duplicated_org.any():
        first_org_row = pd.Series(source_rows[candidates]).groupby(org_key[candidates].to_numpy()).transform("first")
        first_of = np.zeros(n, np.int64)
        first_of[candidates] = first_org_row.to_numpy()
        rows = np.flatnonzero(duplicated_org)
        issues.reject(rows, name_column, "'" + names[rows].astype(str) + "' at the same base duplicates row "
                      + first_of[rows].astype(str) + " — delete one of the two rows.")


def _flagged_synthetic(frame: pd.DataFrame) -> bool:
    """Whether the file's own synthetic-flag column says every row is synthetic."""
    flag_columns = [c for c in frame.columns if canonical_column(c) in COLUMNS_READ_BY_THE_LOADER]
    return bool(flag_columns) and bool((frame[flag_columns[0]].str.lower() == "yes").all())


def _report(table: ProviderTable, mapping: ColumnMapping, how: dict[str, str], fields: dict[str, str], issues: Issues,
            notes: list[str], cells, *, ids, sectors, incomes, specialisms, bases, areas, kind, radius_used,
            services, source_name: str, fingerprint: str, synthetic: bool) -> ProviderLoadResult:
    """Assemble the accepted, rejected and warnings tables, effects and file summary into the result."""
    frame, source_rows, n = table.frame, table.source_rows, len(table.frame)
    all_issues = issues.frame()
    rejected_mask = np.zeros(n, bool)
    rejected_mask[issues.rejected_rows()] = True
    ok = ~rejected_mask
    warning_issues = all_issues[all_issues["severity"] == "warning"]
    warning_text = np.full(n, "", dtype=object)
    joined = row_messages(source_rows, warning_issues)
    warning_text[joined.index.to_numpy(dtype=np.int64)] = joined.to_numpy()
    table_out = pd.DataFrame({
        "provider_id": ids, "name": cells("name"), "sector": sectors,
        "income_gbp": incomes["income_gbp"].to_numpy(float), "income_band": incomes["income_band"].to_numpy(),
        "income_from_band": incomes["income_from_band"].to_numpy(bool),
        "specialisms": specialisms["specialisms"].to_numpy(), "women": specialisms["women"].to_numpy(bool),
        "bame": specialisms["bame"].to_numpy(bool),
        "base_x": bases["base_x"].to_numpy(float), "base_y": bases["base_y"].to_numpy(float),
        "base_lad": bases["base_lad"].to_numpy(), "base_source": bases["base_source"].to_numpy(),
        "service_area_kind": kind, "service_lads": np.where(kind == "listed", areas["service_lads"].to_numpy(), ""),
        "radius_km": radius_used.astype(float), "source_row": source_rows, "warnings": warning_text,
        "income_known": incomes["income_known"].to_numpy(), "income_approximate": incomes["income_approximate"].to_numpy(bool),
        "source_file": source_name, "area_given": cells("service_area") != "",
        "area_status": areas["area_status"].to_numpy(dtype=object), "income_given": cells("income_gbp") != "",
        "services": services,
    })
    accepted = table_out[ok].reset_index(drop=True)[ACCEPTED_COLUMNS]
    rejected = _rejected_table(frame, source_rows, all_issues, np.flatnonzero(rejected_mask))
    warnings = _accepted_warnings_table(source_rows, ids, warning_issues, ok)
    effects = _effects(accepted, areas[ok].reset_index(drop=True), incomes[ok].reset_index(drop=True),
                       {k: v for k, v in fields.items()}, how,
                       specialism_flags={k: cells(k)[ok] for k in ("women", "bame", "specialisms")})
    return ProviderLoadResult(
        accepted=accepted, rejected=rejected, warnings=warnings, n_input_rows=n, notes=notes,
        column_map=dict(fields), fingerprint=fingerprint or _frame_fingerprint(frame), source_name=source_name or "uploaded file",
        synthetic=bool(synthetic), header_row=table.header_row, sheet=table.sheet, mapping=mapping,
        matched_by=dict(how), effects=effects,
        area_questions=unknown_area_names(cells("service_area")[ok], area_decisions_key(mapping.areas))
        if "service_area" in fields else None,
        files=[{"file": source_name or "uploaded file", "rows": n, "accepted": int(ok.sum()), "rejected": int(rejected_mask.sum()),
                "duplicates_of_earlier_files": 0, "fingerprint": fingerprint or _frame_fingerprint(frame),
                "mapping": mapping.to_dict()}],
    )


def _rejected_table(frame: pd.DataFrame, source_rows: np.ndarray, all_issues: pd.DataFrame,
                    rejected_rows: np.ndarray) -> pd.DataFrame:
    """Rejected rows: source row, first problem column, joined reasons, then the original cells."""
    problem_issues = all_issues[all_issues["severity"] == "reject"]
    reasons = row_messages(source_rows, problem_issues)
    first_column = problem_issues.drop_duplicates("row").set_index("row")["column"]
    rejected = pd.DataFrame({
        "source_row": source_rows[rejected_rows],
        "column": first_column.reindex(rejected_rows).to_numpy(dtype=object),
        "reason": reasons.reindex(rejected_rows).to_numpy(dtype=object),
    })
    original = frame.iloc[rejected_rows].reset_index(drop=True)
    return pd.concat([rejected, original.add_prefix("input: ")], axis=1)


def _accepted_warnings_table(source_rows: np.ndarray, ids: np.ndarray, warning_issues: pd.DataFrame,
                             ok: np.ndarray) -> pd.DataFrame:
    """One line per warning on an accepted row."""
    accepted_warnings = warning_issues[ok[warning_issues["row"].to_numpy()]]
    return pd.DataFrame({
        "source_row": source_rows[accepted_warnings["row"].to_numpy()],
        "provider_id": ids[accepted_warnings["row"].to_numpy()],
        "column": accepted_warnings["column"].to_numpy(dtype=object),
        "message": single_messages(source_rows, accepted_warnings),
    })


def organisation_key(name: str) -> str:
    """A name as compared for duplicates: lower case, punctuation and repeated spaces removed."""
    return " ".join(_WORD_RE.findall(name.lower()))


def _frame_fingerprint(frame: pd.DataFrame) -> str:
    return hashlib.sha256(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes()).hexdigest()[:16]


def _effects(accepted: pd.DataFrame, areas: pd.DataFrame, incomes: pd.DataFrame, fields: dict[str, str],
             how: dict[str, str], *, specialism_flags: dict[str, np.ndarray]) -> pd.DataFrame:
    """Organisations whose specialism, service area, income or location an import step decided."""
    source_rows = accepted["source_row"].to_numpy()
    ids = accepted["provider_id"].to_numpy()
    names = accepted["name"].to_numpy()
    parts = []
    for flag in ("women", "bame"):
        column = fields.get(flag)
        if column and how.get(column) in ("proposed", "chosen"):
            rows = np.flatnonzero(accepted[flag].to_numpy() & (specialism_flags[flag] != ""))
            parts.append(effects_frame(rows, source_rows, ids, names, "specialism",
                                       f"'{flag}' from column '{column}' ({how[column]})"))
    column = fields.get("specialisms")
    if column and how.get(column) in ("proposed", "chosen"):
        rows = np.flatnonzero(accepted["specialisms"].to_numpy() != "")
        parts.append(effects_frame(rows, source_rows, ids, names, "specialism", f"specialisms from column '{column}' ({how[column]})"))
    column = fields.get("service_area")
    if column and how.get(column) in ("proposed", "chosen"):
        rows = np.flatnonzero(accepted["service_area_kind"].isin(["listed", "national"]).to_numpy())
        parts.append(effects_frame(rows, source_rows, ids, names, "service_area", f"areas from column '{column}' ({how[column]})"))
    status = areas["area_status"].to_numpy()
    parts.append(effects_frame(np.flatnonzero(status == "partial"), source_rows, ids, names, "service_area",
                               "some area names unknown; the others kept"))
    parts.append(effects_frame(np.flatnonzero(status == "unresolved"), source_rows, ids, names, "service_area",
                               "no area name known; radius used instead"))
    known = incomes["income_known"].to_numpy()
    parts.append(effects_frame(np.flatnonzero(~known), source_rows, ids, names, "income_unknown",
                               "income unknown: cannot be prime-eligible"))
    parts.append(effects_frame(np.flatnonzero(incomes["income_approximate"].to_numpy()), source_rows, ids, names, "income",
                               "approximate income read as a figure"))
    parts.append(effects_frame(np.flatnonzero(incomes["income_from_band"].to_numpy()), source_rows, ids, names, "income",
                               "income band read as its lower bound"))
    column = fields.get("income_gbp")
    if column and how.get(column) in ("proposed", "chosen"):
        parts.append(effects_frame(np.flatnonzero(known & ~incomes["income_from_band"].to_numpy()), source_rows, ids, names,
                                   "income", f"income from column '{column}' ({how[column]})"))
    fallback = accepted["base_source"].isin(["postcode_sector"]).to_numpy()
    parts.append(effects_frame(np.flatnonzero(fallback), source_rows, ids, names, "location",
                               "postcode not in the 2024 list: placed at its sector's centre"))
    effects = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) else \
        pd.DataFrame(columns=["source_row", "provider_id", "name", "effect", "why"])
    return effects


def combine_loads(current: ProviderLoadResult, added: ProviderLoadResult) -> ProviderLoadResult:
    """Add the organisations of ``added`` to ``current``; duplicates of earlier files are reported, not added.

    A duplicate is an organisation with the same name (ignoring case and punctuation) and the
    same base district as one already in the list. Ids that clash with the current list are
    prefixed with the file's position (``F2-``).
    """
    def key(frame: pd.DataFrame) -> pd.Series:
        return pd.Series([f"{organisation_key(n)}|{lad}" for n, lad in zip(frame["name"], frame["base_lad"])],
                         index=frame.index, dtype=object)

    existing = pd.Index(key(current.accepted))
    incoming = added.accepted.copy()
    duplicate = key(incoming).isin(existing).to_numpy()
    position = len(current.files) + 1
    clash = incoming["provider_id"].isin(current.accepted["provider_id"]).to_numpy()
    incoming.loc[clash, "provider_id"] = f"F{position}-" + incoming.loc[clash, "provider_id"]
    duplicates = incoming[duplicate]
    kept = incoming[~duplicate]
    first_of = pd.Series(current.accepted["source_file"].to_numpy(), index=existing)
    first_of = first_of[~first_of.index.duplicated()]
    duplicate_rows = pd.DataFrame({
        "source_row": duplicates["source_row"].to_numpy(),
        "column": "name",
        "reason": [f"Row {r} of {added.source_name}: '{n}' is already in the list (from {first_of.get(k, 'an earlier file')}); not added twice."
                   for r, n, k in zip(duplicates["source_row"], duplicates["name"], key(duplicates))],
        "source_file": added.source_name,
    })
    rejected = pd.concat([current.rejected.assign(source_file=current.rejected.get("source_file", current.source_name)),
                          added.rejected.assign(source_file=added.source_name), duplicate_rows], ignore_index=True)
    files = list(current.files) + [{**added.files[0], "accepted": len(kept),
                                    "duplicates_of_earlier_files": int(duplicate.sum())}]
    names = " + ".join(f["file"] for f in files)
    effects = pd.concat([current.effects, added.effects[added.effects["provider_id"].isin(kept["provider_id"])]],
                        ignore_index=True) if len(added.effects) else current.effects
    return ProviderLoadResult(
        accepted=pd.concat([current.accepted, kept], ignore_index=True),
        rejected=rejected,
        warnings=pd.concat([current.warnings, added.warnings], ignore_index=True),
        n_input_rows=current.n_input_rows + added.n_input_rows,
        notes=current.notes + [f"Added {len(kept):,} organisations from {added.source_name}"
                               + (f"; {int(duplicate.sum()):,} were already in the list and were not added twice." if duplicate.any() else ".")],
        column_map=added.column_map,
        fingerprint=hashlib.sha256((current.fingerprint + added.fingerprint).encode()).hexdigest()[:16],
        source_name=names,
        # Synthetic organisations stay labelled: one synthetic part makes the whole list synthetic.
        synthetic=current.synthetic or added.synthetic,
        header_row=added.header_row, sheet=added.sheet, mapping=added.mapping, matched_by=added.matched_by,
        proposals=added.proposals, effects=effects, files=files,
        area_questions=_combined_questions(current.area_questions, added.area_questions),
    )


def _combined_questions(first: pd.DataFrame | None, second: pd.DataFrame | None) -> pd.DataFrame | None:
    """Unknown area names of two lists: rows added up per name, most used first."""
    frames = [f for f in (first, second) if f is not None]
    if not frames:
        return None
    both = pd.concat(frames, ignore_index=True)
    if both.empty:
        return frames[0].iloc[0:0]
    rows = both.groupby("name", sort=False)["rows"].sum()
    suggestions = both.drop_duplicates("name").set_index("name")["suggestions"]
    order = sorted(rows.index, key=lambda name: (-rows[name], name.lower()))
    return pd.DataFrame({"name": order, "rows": [int(rows[n]) for n in order], "suggestions": [suggestions[n] for n in order]})


def parse_mapping_argument(path) -> ColumnMapping | None:
    """A ``--columns mapping.json`` argument as a mapping (None when not given)."""
    return ColumnMapping.read(path) if path else None

