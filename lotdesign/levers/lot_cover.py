"""Who covers which residents of one lot, in compressed form: the shared core of the levers.

Consortium bids and grant pots both ask "how many of the lot's residents does the *union* of
these organisations' service areas reach?" for many candidate groups. Within one lot the small
areas fall into **atoms**: the part of a unit no candidate covers only partly (one atom per
unit, everyone either covers all of it or none of it) and each small area some candidate covers
only partly (one atom each). Atoms with the same set of covering candidates are merged, and atoms
no candidate covers dropped. A group's union reach is then a weighted OR over a small (candidates × atoms) matrix — the same definition
as :mod:`lotdesign.core.scoring` (``covers[i, a]`` on the 2021 LSOA centroids), much less work.

Private to the levers; everything here is measured on small-area points in EPSG:27700 (via
:mod:`geo.reach`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from geo.reach import WEIGHTS
from lotdesign.core.scoring import DesignContext


@dataclass(eq=False)
class LotCoverIndex:
    """The edge (provider, small area) pairs of a design context, grouped by lot (built once)."""

    context: DesignContext

    @cached_property
    def _unit_pairs(self) -> np.ndarray:
        """(units + 1,) offsets of each unit's edge pairs (edge pairs are grouped by unit, and areas numbered by unit)."""
        reach = self.context.reach
        return np.searchsorted(reach.edge_area, reach.index.unit_start)

    @cached_property
    def _full_csc(self):
        return self.context.reach.full.tocsc()

    def atoms(self, lot: int, candidates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The candidates' coverage of lot ``lot`` as atoms.

        Parameters
        ----------
        lot : int
            Lot position in ``context.lots``.
        candidates : numpy.ndarray
            Provider rows (int).

        Returns
        -------
        covers : numpy.ndarray
            (candidates × atoms) bool: the candidate's service area contains the atom.
        weights : numpy.ndarray
            (atoms × 3) small-area persons in each atom: population, females, minority ethnic
            (columns in :data:`geo.reach.WEIGHTS` order). Summed over atoms they give the lot's
            small-area totals.
        """
        context = self.context
        index = context.reach.index
        candidates = np.asarray(candidates, dtype=np.int64)
        units = np.flatnonzero(context.lot_of_unit == lot)
        full = self._full_csc[:, units][candidates].toarray().astype(bool)  # (cand × units)

        offsets = self._unit_pairs
        pairs = np.concatenate([np.arange(offsets[u], offsets[u + 1]) for u in units]) if len(units) else np.zeros(0, np.int64)
        pair_provider = context.reach.edge_provider[pairs]
        pair_area = context.reach.edge_area[pairs]
        position = np.full(context.reach.n_providers, -1, dtype=np.int64)
        position[candidates] = np.arange(len(candidates))
        keep = position[pair_provider] >= 0
        pair_row, pair_area = position[pair_provider[keep]], pair_area[keep]
        # Within a unit the pairs come in one block per provider, so an area can appear in
        # several blocks: number the distinct areas.
        edge_areas, pair_atom = np.unique(pair_area, return_inverse=True)

        unit_position = np.full(index.n_units, -1, dtype=np.int64)
        unit_position[units] = np.arange(len(units))
        edge_unit = unit_position[index.area_unit[edge_areas]]
        covers = np.empty((len(candidates), len(units) + len(edge_areas)), dtype=bool)
        covers[:, :len(units)] = full
        covers[:, len(units):] = full[:, edge_unit]
        covers[pair_row, len(units) + pair_atom] = True

        edge_weights = index.weights[edge_areas]
        rest = index.unit_totals[units].copy()
        np.subtract.at(rest, edge_unit, edge_weights)
        weights = np.vstack([np.clip(rest, 0.0, None), edge_weights])
        return merge_atoms(covers, weights)


def merge_atoms(covers: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Merge atoms covered by the same candidates, and drop atoms nobody covers.

    Fewer atoms make every later union cheaper; merging is exact (same covering candidates).
    """
    covered = covers.any(axis=0)
    covers, weights = covers[:, covered], weights[covered]
    if covers.shape[1] == 0:
        return covers, np.zeros((0, len(WEIGHTS)))
    packed = np.ascontiguousarray(np.packbits(covers, axis=0).T)  # one row of bytes per atom
    keys = packed.view(np.dtype((np.void, packed.shape[1]))).ravel()
    _, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    merged = np.zeros((len(first), weights.shape[1]))
    np.add.at(merged, inverse.ravel(), weights)
    return covers[:, first], merged


def greedy_max_cover(covers: np.ndarray, weight: np.ndarray, k: int, *, start: np.ndarray | None = None) -> list[int]:
    """Pick up to ``k`` rows of ``covers`` one at a time, each adding the most uncovered weight.

    The classic greedy for maximum coverage: its union reaches at least ``1 − (1 − 1/k)^k``
    (≥ 63%) of the best any ``k`` rows could reach (Nemhauser, Wolsey and Fisher, 1978). Rows
    that add nothing are not picked. ``start`` marks atoms already covered.
    """
    uncovered = np.ones(covers.shape[1], bool) if start is None else ~np.asarray(start, bool)
    cover_f = covers.astype(float)
    chosen: list[int] = []
    for _ in range(min(k, covers.shape[0])):
        gain = cover_f @ (weight * uncovered)
        if chosen:
            gain[chosen] = -1.0
        best = int(np.argmax(gain))
        if gain[best] <= 0:
            break
        chosen.append(best)
        uncovered &= ~covers[best]
    return chosen
