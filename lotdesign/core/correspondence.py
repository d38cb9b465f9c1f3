"""One place under two lot designs: which lot of another design holds a lot's people.

Designs are built from the same 318 local authority districts, so a lot of one design overlaps
lots of another by whole districts; the overlap is measured in people (ONS mid-2023 population).
"""

from __future__ import annotations

import pandas as pd

from lotdesign.errors import ValidationError
from lotdesign.core.designs import LotDesign


def lot_overlap(design: LotDesign, lot: str, other: LotDesign, population: pd.Series) -> pd.DataFrame:
    """The lots of ``other`` that share people with ``lot`` of ``design``, largest share first.

    Parameters
    ----------
    design, other : LotDesign
    lot : str
        A lot of ``design``.
    population : pandas.Series
        Persons per district (indexed by ``lad_code``), e.g. ``geo.units.load_units()["population"]``.

    Returns
    -------
    pandas.DataFrame
        Indexed by the other design's lot, with ``population`` (persons of ``lot`` living in it)
        and ``share`` (of ``lot``'s population, 0–1). Districts outside ``other`` are left out.

    Raises
    ------
    ValidationError
        When ``lot`` is not a lot of ``design``.
    """
    districts = design.unit_to_lot.index[design.unit_to_lot == lot]
    if not len(districts):
        raise ValidationError(f"'{lot}' is not a lot of {design.label}.",
                              [f"Choose one of its {design.n_lots} lots, e.g. {design.lots[0]!r}."])
    people = population.reindex(districts).fillna(0)
    total = float(people.sum())
    inside = other.unit_to_lot.reindex(districts)
    table = people.groupby(inside.to_numpy()).sum().rename("population").to_frame()
    table["share"] = table["population"] / total if total else 0.0
    table.index.name = "lot"
    return table.sort_values(["population"], ascending=False)


def corresponding_lot(design: LotDesign, lot: str, other: LotDesign, population: pd.Series) -> str | None:
    """The lot of ``other`` holding most of ``lot``'s people (None when ``other`` covers none of it)."""
    overlap = lot_overlap(design, lot, other, population)
    return str(overlap.index[0]) if len(overlap) else None
