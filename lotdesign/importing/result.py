"""Step 7 of the import: the report — accepted rows, rejected rows, warnings, effects, per-file counts."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

#: Columns of ``ProviderLoadResult.accepted``, in order.
ACCEPTED_COLUMNS = [
    "provider_id", "name", "sector", "income_gbp", "income_band", "income_from_band", "specialisms", "women", "bame",
    "base_x", "base_y", "base_lad", "base_source", "service_area_kind", "service_lads", "radius_km", "source_row", "warnings",
    "income_known", "income_approximate", "source_file", "area_given", "area_status", "income_given", "services",
]
#: What an import step can change about what an organisation counts as (see ``effects``).
EFFECT_LABELS = {
    "specialism": "specialism taken from a column matched by proposal or by you",
    "service_area": "service area changed (proposed column, unknown names dropped, or none known)",
    "income_unknown": "income unknown: cannot be prime-eligible",
    "income": "income approximate, from a band, or from a column matched by proposal or by you",
    "location": "base placed at a postcode sector or district centre",
}


@dataclass
class ProviderLoadResult:
    """What loading a provider file gave: accepted rows, rejected rows, warnings and notes.

    ``effects`` lists, per organisation, where the import (a proposed or chosen column mapping,
    or a fallback) changed what it counts as: ``effect`` is one of :data:`EFFECT_LABELS`.
    ``files`` gives the counts per file when lists were combined (one entry otherwise).
    """

    accepted: pd.DataFrame
    rejected: pd.DataFrame
    warnings: pd.DataFrame
    n_input_rows: int
    notes: list[str] = field(default_factory=list)
    column_map: dict = field(default_factory=dict)
    fingerprint: str = ""
    source_name: str = ""
    synthetic: bool = False
    header_row: int = 1
    sheet: str = ""
    mapping: object = None  # ColumnMapping used
    matched_by: dict = field(default_factory=dict)
    proposals: list = field(default_factory=list)
    effects: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["source_row", "provider_id", "name", "effect", "why"]))
    files: list = field(default_factory=list)
    #: Area names not understood (name, rows, suggestions), for the user to decide once each;
    #: see :func:`lotdesign.importing.areas.unknown_area_names`. None when no area column.
    area_questions: pd.DataFrame | None = None

    @property
    def n_accepted(self) -> int:
        return len(self.accepted)

    @property
    def n_rejected(self) -> int:
        return len(self.rejected)

    @property
    def n_with_warnings(self) -> int:
        """Accepted organisations with at least one warning."""
        return int((self.accepted["warnings"] != "").sum()) if len(self.accepted) else 0

    def summary(self) -> str:
        """One plain sentence: rows read, accepted, rejected, and accepted with warnings."""
        return (
            f"{self.n_input_rows:,} rows read: {self.n_accepted:,} accepted, {self.n_rejected:,} rejected; "
            f"{self.n_with_warnings:,} of the accepted with warnings."
        )

    def effect_counts(self) -> dict[str, int]:
        """Number of organisations per effect (only effects that occur)."""
        if self.effects.empty:
            return {}
        counts = self.effects.drop_duplicates(["provider_id", "effect"])["effect"].value_counts()
        return {effect: int(counts[effect]) for effect in EFFECT_LABELS if effect in counts.index}

    def n_affected(self) -> int:
        """Organisations with at least one effect."""
        return int(self.effects["provider_id"].nunique()) if len(self.effects) else 0

    def source_records(self) -> list[dict]:
        """What reproduces this list: one record per file read, in order.

        Each record has ``file`` (name), ``fingerprint`` (SHA-256 of the file's bytes, first 16
        hex digits), ``sheet`` and ``header_row`` (where the headings were), ``columns`` (file
        column → field) and ``areas`` (the area decisions) — what
        :func:`lotdesign.core.scenario.scenario_to_json` saves and the command line re-applies.
        Empty for the synthetic demo list.
        """
        records = []
        for entry in self.files:
            mapping = entry.get("mapping") or {}
            records.append({"file": entry["file"], "fingerprint": entry.get("fingerprint", ""),
                            "sheet": mapping.get("sheet"), "header_row": mapping.get("header_row"),
                            "columns": dict(mapping.get("columns") or {}), "areas": dict(mapping.get("areas") or {})})
        return records

    def mapping_lines(self) -> list[str]:
        """'column → field (how)' for every column, as the CLI prints them."""
        lines = []
        mapping = self.mapping
        for column, name in (mapping.columns.items() if mapping is not None else []):
            how = self.matched_by.get(column, "")
            shown = name or "not used"
            lines.append(f"{column} → {shown}" + (f" ({'matched by name' if how == 'name' else how})" if how and name else ""))
        return lines


def effects_frame(rows: np.ndarray, source_rows: np.ndarray, provider_id: np.ndarray, names: np.ndarray,
                  effect: str, why) -> pd.DataFrame:
    """Effect records for ``rows`` (positions in the accepted table)."""
    rows = np.asarray(rows, dtype=np.int64)
    return pd.DataFrame({"source_row": source_rows[rows], "provider_id": provider_id[rows], "name": names[rows],
                         "effect": effect, "why": why if isinstance(why, str) else np.asarray(why, dtype=object)})
