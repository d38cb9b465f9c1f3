"""Edit a lot design: move areas between lots, merge, split, rename — with undo and redo.

The design studio keeps one :class:`DesignEdits` per session; the app only wires widgets to its
methods. Areas are PCC areas (``level="pfa"``: the 42 areas, City of London with the
Metropolitan Police, moved with all their districts) or districts (``level="lad"``). Every
change gives a new lot per district; nothing is forbidden for being non-contiguous — a lot in
two pieces is flagged by :meth:`DesignEdits.problems`, because commissioners sometimes want one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from geo.adjacency import lad_adjacency, lot_pieces
from geo.units import load_units
from lotdesign.errors import ValidationError
from lotdesign.core.designs import LotDesign
from lotdesign.core.figures import HEADLINE_FIGURES, figure, format_figure, format_shown_delta

LEVELS = ("pfa", "lad")


@dataclass
class DesignEdits:
    """A design being edited: its history of lot-per-district states and a position in it.

    Attributes
    ----------
    base : LotDesign
        The design the edits started from.
    level : {"pfa", "lad"}
        What one move moves: a PCC area (with all its districts) or one district.
    states : list of pandas.Series
        Lot per LAD code after each change; ``states[0]`` is the base design.
    actions : list of str
        What each change did, in words (``actions[0]`` is the start).
    position : int
        The state shown; undo moves it back, redo forward.
    """

    base: LotDesign
    level: str = "pfa"
    states: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    position: int = 0

    def __post_init__(self):
        if self.level not in LEVELS:
            raise ValidationError(f"level must be 'pfa' (PCC areas) or 'lad' (districts), not {self.level!r}.")
        if not self.states:
            self.states = [self.base.unit_to_lot.astype(str).copy()]
            self.actions = [f"Started from {self.base.label}"]
        if self.level == "pfa":
            units = load_units().loc[self.base.unit_to_lot.index]
            split = self.base.unit_to_lot.groupby(units["pcc_code"]).nunique()
            if (split > 1).any():
                names = units.drop_duplicates("pcc_code").set_index("pcc_code")["pcc_name"].reindex(split.index[split > 1])
                raise ValidationError(
                    f"{self.base.label} splits {', '.join(names[:3])} between lots — edit it at district level (level='lad')."
                )

    # --- reading ---------------------------------------------------------------------------

    @property
    def unit_to_lot(self) -> pd.Series:
        """Lot per LAD code in the state shown."""
        return self.states[self.position]

    @property
    def lots(self) -> list[str]:
        """Lot labels, sorted."""
        return sorted(self.unit_to_lot.unique())

    def areas(self) -> pd.DataFrame:
        """The editable areas with their lot: ``area_code``, ``area_name``, ``lot``, ``population``."""
        units = load_units().loc[self.unit_to_lot.index]
        units["lot"] = self.unit_to_lot
        if self.level == "pfa":
            grouped = units.groupby("pcc_code")
            table = pd.DataFrame({"area_name": grouped["pcc_name"].first(), "lot": grouped["lot"].first(),
                                  "population": grouped["population"].sum()})
        else:
            table = units[["lad_name", "lot", "population"]].rename(columns={"lad_name": "area_name"})
        table.index.name = "area_code"
        return table.reset_index().sort_values(["lot", "area_name"], ignore_index=True)

    def _units_of(self, area_code: str) -> pd.Index:
        units = load_units().loc[self.unit_to_lot.index]
        if self.level == "pfa":
            members = units.index[(units["pcc_code"] == area_code) | (units["pfa_code"] == area_code)]
        else:
            members = units.index[units.index == area_code]
        if not len(members):
            word = "PCC area" if self.level == "pfa" else "district"
            raise ValidationError(f"'{area_code}' is not a {word} of this design — choose one from the areas table.")
        return members

    def _check_lot(self, lot: str) -> None:
        if lot not in set(self.unit_to_lot):
            raise ValidationError(f"There is no lot '{lot}' — the lots are: {', '.join(self.lots)}.")

    # --- changing ---------------------------------------------------------------------------

    def _push(self, new_state: pd.Series, action: str) -> None:
        del self.states[self.position + 1:]
        del self.actions[self.position + 1:]
        self.states.append(new_state)
        self.actions.append(action)
        self.position += 1

    def move(self, area_code: str, to_lot: str) -> None:
        """Move an area (PCC area or district) into ``to_lot`` (an existing lot or a new name)."""
        to_lot = str(to_lot).strip()
        if not to_lot:
            raise ValidationError("Give the lot to move the area to.")
        members = self._units_of(area_code)
        from_lot = self.unit_to_lot[members[0]]
        if from_lot == to_lot:
            return
        state = self.unit_to_lot.copy()
        state[members] = to_lot
        name = self.areas().set_index("area_code").loc[area_code, "area_name"] if self.level == "pfa" else \
            load_units().loc[area_code, "lad_name"]
        self._push(state, f"Moved {name} from {from_lot} to {to_lot}")

    def merge(self, first: str, second: str, *, name: str | None = None) -> None:
        """Merge lot ``second`` into ``first`` (named ``name`` when given)."""
        self._check_lot(first)
        self._check_lot(second)
        if first == second:
            raise ValidationError("Choose two different lots to merge.")
        merged = (name or first).strip()
        if merged in set(self.unit_to_lot) - {first, second}:
            raise ValidationError(f"A lot called '{merged}' already exists — choose another name.")
        state = self.unit_to_lot.replace({first: merged, second: merged})
        self._push(state, f"Merged {first} and {second} into {merged}")

    def split(self, lot: str, areas: list[str], *, new_name: str) -> None:
        """Split ``lot``: the given areas form a new lot ``new_name``; the rest keep the old name."""
        self._check_lot(lot)
        new_name = str(new_name).strip()
        if not new_name or new_name in set(self.unit_to_lot):
            raise ValidationError(f"Give the new lot a name not already used (got '{new_name}').")
        members = pd.Index([]).append([self._units_of(a) for a in areas]) if areas else pd.Index([])
        outside = [a for a, m in zip(areas, [self._units_of(a) for a in areas]) if (self.unit_to_lot[m] != lot).any()]
        if outside:
            raise ValidationError(f"{', '.join(outside)} {'is' if len(outside) == 1 else 'are'} not in lot '{lot}' — "
                                  "split off only areas of the lot being split.")
        in_lot = (self.unit_to_lot == lot).sum()
        if len(members) == 0 or len(members) >= in_lot:
            raise ValidationError(f"To split '{lot}', choose some but not all of its areas for the new lot.")
        state = self.unit_to_lot.copy()
        state[members] = new_name
        self._push(state, f"Split {len(areas)} area(s) off {lot} into {new_name}")

    def rename(self, lot: str, new_name: str) -> None:
        """Rename a lot."""
        self._check_lot(lot)
        new_name = str(new_name).strip()
        if not new_name:
            raise ValidationError("A lot name cannot be empty.")
        if new_name == lot:
            return
        if new_name in set(self.unit_to_lot):
            raise ValidationError(f"A lot called '{new_name}' already exists — merge the lots instead, or choose another name.")
        self._push(self.unit_to_lot.replace({lot: new_name}), f"Renamed {lot} to {new_name}")

    def load(self, design: LotDesign, action: str) -> None:
        """Replace the whole design (e.g. with a suggested one) as one undoable change."""
        self._push(design.unit_to_lot.astype(str).reindex(self.unit_to_lot.index), action)

    @property
    def can_undo(self) -> bool:
        return self.position > 0

    @property
    def can_redo(self) -> bool:
        return self.position < len(self.states) - 1

    def undo(self) -> None:
        """Go back one change (nothing happens at the start)."""
        self.position = max(0, self.position - 1)

    def redo(self) -> None:
        """Go forward one change (nothing happens at the latest change)."""
        self.position = min(len(self.states) - 1, self.position + 1)

    # --- checking and saving ------------------------------------------------------------------

    def problems(self) -> list[str]:
        """Lots that fall into more than one piece (flagged, not forbidden)."""
        pieces = lot_pieces(lad_adjacency(), self.unit_to_lot)
        return [f"Lot '{lot}' is in {n} separate pieces." for lot, n in pieces.items() if n > 1]

    def design(self, *, design_id: str = "edited", name: str | None = None) -> LotDesign:
        """The edited design as a :class:`LotDesign`, usable anywhere a design is."""
        unit_to_lot = self.unit_to_lot.rename("lot")
        unit_to_lot.index.name = "lad_code"
        changes = self.position
        return LotDesign(
            id=design_id,
            name=name or f"{self.base.name} (edited)",
            unit_to_lot=unit_to_lot,
            level=self.level,
            description=f"Edited from {self.base.label}: {changes} change(s). " + "; ".join(self.actions[1:self.position + 1])[:500],
            source="user file",
            confidence="user-supplied",
            scope=self.base.scope,
        )


def design_file_table(design: LotDesign) -> pd.DataFrame:
    """A design written as a design file (read back by :func:`lotdesign.core.designs.design_from_table`).

    One row per police force area (``pfa_code``, ``pfa_name``, ``lot``) when every force is in
    a single lot, else one row per district (``lad_code``, ``lad_name``, ``lot``).
    """
    units = load_units().loc[design.unit_to_lot.index]
    units["lot"] = design.unit_to_lot
    per_pfa = units.groupby("pfa_code")["lot"].nunique()
    if (per_pfa == 1).all():
        table = units.drop_duplicates("pfa_code")[["pfa_code", "pfa_name", "lot"]].sort_values("pfa_code")
        return table.reset_index(drop=True)
    return units.reset_index()[["lad_code", "lad_name", "lot"]].sort_values("lad_code", ignore_index=True)


def headline_change(before: pd.Series, after: pd.Series) -> pd.DataFrame:
    """Headline figures of two scored designs (``DesignScore.summary``) with the change.

    Returns
    -------
    pandas.DataFrame
        One row per headline figure: ``metric``, ``figure`` (label), ``before``, ``after``
        (formatted), ``change`` (after − before, numeric, in the figure's own unit: a share as a
        fraction, money in £) and ``shown_change`` (the difference of the two figures as shown,
        from :func:`change_text`).
    """
    rows = []
    for metric in ("n_lots", *HEADLINE_FIGURES):
        b, a = before[metric], after[metric]
        rows.append({"metric": metric, "figure": figure(metric).label, "before": format_figure(metric, b),
                     "after": format_figure(metric, a), "change": float(a) - float(b),
                     "shown_change": change_text(metric, b, a)})
    return pd.DataFrame(rows)


def change_text(metric: str, before: float, after: float) -> str:
    """The change in a headline figure as the difference of the figures *as shown*.

    75% → 89% reads ``+14 points`` and £1.0m → £632k reads ``−£368k`` (never a difference of
    the unrounded values, which would disagree with the figures beside it); ``no change`` when
    the two figures show the same. See :func:`lotdesign.core.figures.format_shown_delta`.
    """
    text = format_shown_delta(metric, before, after)
    return "no change" if text == "same" else text
