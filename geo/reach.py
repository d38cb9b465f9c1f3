"""Service areas to a sparse provider × unit reach matrix, measured on small-area points.

``covers[i, a]`` is true when small area ``a`` (an LSOA population-weighted centroid) is in
provider ``i``'s service area: its unit is listed, the provider is national, or the
straight-line distance in EPSG:27700 from the base to the centroid is ≤ the radius.

Doing that test for every provider–area pair is wasteful (13,500 providers give ~26 million
pairs, 170,000 give ~6 billion), so radius areas are resolved unit by unit, each step vectorised
over all radius providers at once:

1. **Unit level.** Only providers whose easting is within reach of the unit are looked at
   (providers are kept sorted by easting within radius classes). For each of them, bounds on the
   distance from the base to the unit's points decide most pairs outright: a unit whose farthest
   point is within the radius is wholly covered; one whose nearest possible point is beyond it is
   not touched. The bounds come from a circle around the unit's points, refined with the points'
   convex hull.
2. **Edge units.** Only providers whose circle edge crosses the unit have its points tested one by
   one (a providers × points block of bounded size).

The result keeps wholly covered units as unit-level entries and covered points only in edge
units, as int32 areas in (provider, unit) blocks — all that per-lot reach and coverage unions need.
Time and memory grow linearly with the providers and the covered pairs: at 170,000 synthetic
organisations, 2.0 million unit entries and 66 million edge pairs (265 MB).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
import pandas as pd
import shapely
from scipy import sparse

from geo.units import load_small_areas, load_units

#: Population weights carried through every reach computation.
WEIGHTS = ("population", "females", "minority_ethnic")


@dataclass(frozen=True)
class SmallAreaIndex:
    """The small-area points grouped by unit, with per-unit geometry bounds (EPSG:27700)."""

    unit_codes: np.ndarray  # (n_units,) LAD codes, sorted
    area_unit: np.ndarray  # (n_areas,) unit index of each area; areas sorted by unit
    unit_start: np.ndarray  # (n_units + 1,) CSR offsets of each unit's areas
    x: np.ndarray  # (n_areas,) metres
    y: np.ndarray
    weights: np.ndarray  # (n_areas, 3) population, females, minority_ethnic (persons)
    unit_totals: np.ndarray  # (n_units, 3)
    centre_x: np.ndarray  # (n_units,) centre of each unit's bounding circle, metres
    centre_y: np.ndarray
    radius_m: np.ndarray  # (n_units,) radius of the bounding circle, metres
    hull_x: np.ndarray  # (n_units, max_hull) hull vertices, padded by repeating the first
    hull_y: np.ndarray
    units: pd.DataFrame  # unit attributes (population, females, minority_ethnic, country), by unit_codes

    @property
    def n_units(self) -> int:
        return len(self.unit_codes)

    @property
    def n_areas(self) -> int:
        return len(self.area_unit)

    @cached_property
    def weight_columns(self) -> tuple:
        """``weights`` as one contiguous array per weight (fast gathers)."""
        return tuple(np.ascontiguousarray(self.weights[:, k]) for k in range(self.weights.shape[1]))

    @cached_property
    def hull_size(self) -> np.ndarray:
        """(n_units,) hull vertices of each unit before the padding (which repeats the first)."""
        differs = (self.hull_x != self.hull_x[:, :1]) | (self.hull_y != self.hull_y[:, :1])
        last = np.where(differs.any(axis=1), differs.shape[1] - np.argmax(differs[:, ::-1], axis=1), 1)
        return last


@lru_cache(maxsize=1)
def small_area_index() -> SmallAreaIndex:
    """The index of England and Wales' 35,672 small areas and 318 units (built once)."""
    return build_small_area_index(load_small_areas(), load_units())


def build_small_area_index(small_areas: pd.DataFrame, units: pd.DataFrame) -> SmallAreaIndex:
    """Group small-area points by unit and bound each unit's points.

    Parameters
    ----------
    small_areas : pandas.DataFrame
        ``lad_code``, ``x``, ``y`` (metres, EPSG:27700), ``population``, ``females``,
        ``minority_ethnic`` (persons); sorted by ``lad_code`` on the way in.
    units : pandas.DataFrame
        Indexed by ``lad_code``: ``population``, ``females``, ``minority_ethnic`` (mid-2023
        persons, for lot values) and ``country``. Every unit must have at least one small area.
    """
    small = small_areas.sort_values(["lad_code"], kind="stable")
    unit_codes, area_unit = np.unique(small["lad_code"].to_numpy(), return_inverse=True)
    n_units = len(unit_codes)
    unit_start = np.zeros(n_units + 1, dtype=np.int64)
    np.cumsum(np.bincount(area_unit, minlength=n_units), out=unit_start[1:])
    x = small["x"].to_numpy(float)
    y = small["y"].to_numpy(float)
    weights = np.column_stack([small["population"], small["females"], small["minority_ethnic"]]).astype(float)
    unit_totals = np.zeros((n_units, len(WEIGHTS)))
    np.add.at(unit_totals, area_unit, weights)

    hulls = shapely.convex_hull(shapely.multipoints(shapely.points(x, y), indices=area_unit))
    hull_coords, hull_unit = shapely.get_coordinates(hulls, return_index=True)
    n_vertices = np.bincount(hull_unit, minlength=n_units)
    vertex_rank = np.arange(len(hull_unit)) - np.repeat(np.cumsum(n_vertices) - n_vertices, n_vertices)
    # Pad each unit's vertex list with its first vertex so all units fit one rectangular array.
    first = np.cumsum(n_vertices) - n_vertices
    hull_x = np.repeat(hull_coords[first, 0][:, None], n_vertices.max(), axis=1)
    hull_y = np.repeat(hull_coords[first, 1][:, None], n_vertices.max(), axis=1)
    hull_x[hull_unit, vertex_rank] = hull_coords[:, 0]
    hull_y[hull_unit, vertex_rank] = hull_coords[:, 1]
    # Circle centred on the hull's bounding-box centre: cheap and tight enough for a first cut.
    centre_x = (hull_x.min(axis=1) + hull_x.max(axis=1)) / 2
    centre_y = (hull_y.min(axis=1) + hull_y.max(axis=1)) / 2
    radius_m = np.sqrt(((hull_x - centre_x[:, None]) ** 2 + (hull_y - centre_y[:, None]) ** 2).max(axis=1))
    missing = units.index.difference(unit_codes)
    if len(missing):
        raise ValueError(f"units {list(missing[:5])} have no small areas; every unit needs at least one.")
    return SmallAreaIndex(
        unit_codes, area_unit.astype(np.int32), unit_start, x, y, weights, unit_totals,
        centre_x, centre_y, radius_m, hull_x, hull_y, units.loc[unit_codes].copy(),
    )


@dataclass(frozen=True, eq=False)
class ReachMatrix:
    """Which small areas each provider's service area covers, in compressed form.

    Attributes
    ----------
    provider_ids : numpy.ndarray
        Provider ids, in row order.
    index : SmallAreaIndex
        The small areas and units the columns refer to.
    full : scipy.sparse.csr_matrix
        (providers × units) bool: the unit is wholly covered.
    edge_area : numpy.ndarray
        (pairs,) int32 covered small areas in units that are *not* wholly covered, stored in
        blocks: one block per (provider, partly covered unit), blocks ordered by unit then
        provider, areas ascending within a block.
    edge_block_provider, edge_block_unit : numpy.ndarray
        (blocks,) int32 provider row and unit of each block.
    edge_block_start : numpy.ndarray
        (blocks + 1,) int64 offsets of each block's areas in ``edge_area``.
    covered : dict of str to scipy.sparse.csr_matrix
        (providers × units) persons covered, for each weight in :data:`WEIGHTS`.
    """

    provider_ids: np.ndarray
    index: SmallAreaIndex
    full: sparse.csr_matrix
    edge_area: np.ndarray
    edge_block_provider: np.ndarray
    edge_block_unit: np.ndarray
    edge_block_start: np.ndarray
    covered: dict

    @property
    def n_providers(self) -> int:
        return len(self.provider_ids)

    @property
    def edge_block_length(self) -> np.ndarray:
        """(blocks,) number of covered areas in each block."""
        return np.diff(self.edge_block_start)

    @property
    def edge_provider(self) -> np.ndarray:
        """(pairs,) int32 provider row of each ``edge_area`` entry (built on demand: 4 bytes a pair)."""
        return np.repeat(self.edge_block_provider, self.edge_block_length)

    def reach_share(self, weight: str = "population") -> sparse.csr_matrix:
        """(providers × units) share of each unit's small-area ``weight`` covered, in [0, 1]."""
        totals = self.index.unit_totals[:, WEIGHTS.index(weight)]
        return (self.covered[weight] @ sparse.diags(1.0 / totals)).tocsr()

    def reach_frame(self, weight: str = "population") -> pd.DataFrame:
        """Long table of non-zero reach: ``provider_id``, ``lad_code``, ``reach_share``."""
        share = self.reach_share(weight).tocoo()
        return pd.DataFrame(
            {
                "provider_id": self.provider_ids[share.row],
                "lad_code": self.index.unit_codes[share.col],
                "reach_share": share.data,
            }
        ).sort_values(["provider_id", "lad_code"], ignore_index=True)

    def covers_dense(self) -> np.ndarray:
        """(providers × areas) bool matrix of ``covers``; for tests and small inputs only."""
        covers = np.zeros((self.n_providers, self.index.n_areas), dtype=bool)
        full = self.full.tocoo()
        for provider, unit in zip(full.row, full.col):
            covers[provider, self.index.unit_start[unit]:self.index.unit_start[unit + 1]] = True
        covers[self.edge_provider, self.edge_area] = True
        return covers


#: Largest (providers × small areas) block of distance tests held at once (8 bytes each; 2 MB keeps
#: the arithmetic in cache).
_TEST_BLOCK = 1 << 18


class _RadiusBands:
    """Radius providers grouped by radius class and sorted by easting, so that each unit
    tests only the providers whose circle can reach it (a band of eastings)."""

    #: Upper radius of each class, metres (the last class takes any larger radius).
    CLASS_LIMITS_M = (10_000.0, 20_000.0, 40_000.0, 80_000.0)

    def __init__(self, px: np.ndarray, radius_m: np.ndarray):
        classes = np.searchsorted(np.asarray(self.CLASS_LIMITS_M), radius_m, side="left")
        self.groups = []
        for c in np.unique(classes):
            members = np.flatnonzero(classes == c)
            members = members[np.argsort(px[members], kind="stable")]
            self.groups.append((members, px[members], float(radius_m[members].max())))

    def candidates(self, centre_x: float, unit_radius_m: float) -> np.ndarray:
        """Positions (ascending) of the providers whose easting is within reach of the unit."""
        parts = []
        for members, sorted_x, largest in self.groups:
            # One metre of slack: the band only prunes, the exact tests come after.
            reach_m = largest + unit_radius_m + 1.0
            lo, hi = np.searchsorted(sorted_x, [centre_x - reach_m, centre_x + reach_m], side="left")
            parts.append(members[lo:hi])
        return np.sort(np.concatenate(parts)) if parts else np.zeros(0, np.int64)


def _radius_unit(index: SmallAreaIndex, u: int, bands: _RadiusBands, px, py, radius_m, r2):
    """Resolve circular service areas against unit ``u``, for all radius providers at once.

    Returns the providers (positions in ``px``) wholly covering the unit, and for the providers
    whose circle edge crosses it: their positions, how many of the unit's areas each covers,
    the covered persons per weight (float64, exact: sums of integer counts) and the covered
    areas (int32, provider by provider, ascending).
    """
    near = bands.candidates(index.centre_x[u], index.radius_m[u])
    # Bounding-circle test (the arithmetic is that of a point test, so decisions are exact
    # repeats of the straightforward per-pair computation).
    distance = np.hypot(px[near] - index.centre_x[u], py[near] - index.centre_y[u])
    surely_full = distance + index.radius_m[u] <= radius_m[near]
    maybe = near[~surely_full & (distance - index.radius_m[u] <= radius_m[near])]
    full = near[surely_full]
    if not len(maybe):
        return full, maybe, np.zeros(0, np.int64), np.zeros((0, len(WEIGHTS))), np.zeros(0, np.int32)

    # Refine with the convex hull: the farthest point of a set is a hull vertex, so the
    # farthest vertex within the radius means the unit is wholly inside.
    mx, my = px[maybe], py[maybe]
    n_vertices = index.hull_size[u]
    farthest = np.sqrt(((index.hull_x[u, :n_vertices][None, :] - mx[:, None]) ** 2
                        + (index.hull_y[u, :n_vertices][None, :] - my[:, None]) ** 2).max(axis=1))
    inside = farthest <= radius_m[maybe]
    full = np.concatenate([full, maybe[inside]])
    edge = maybe[~inside]

    # Test each point of the unit against each crossing circle, in blocks of bounded size.
    a0, a1 = int(index.unit_start[u]), int(index.unit_start[u + 1])
    ux, uy = index.x[a0:a1], index.y[a0:a1]
    weights = [column[a0:a1] for column in index.weight_columns]
    step = max(1, _TEST_BLOCK // max(1, a1 - a0))
    keep_parts, count_parts, covered_parts, area_parts = [], [], [], []
    for s in range(0, len(edge), step):
        rows = edge[s:s + step]
        dx = ux[None, :] - px[rows, None]
        dx *= dx
        dy = uy[None, :] - py[rows, None]
        dy *= dy
        dx += dy
        hit = dx <= r2[rows, None]
        counts = np.count_nonzero(hit, axis=1)
        some = counts > 0
        # Row-major flat positions: provider by provider, areas ascending (much faster than
        # the two-dimensional np.nonzero).
        cols = np.flatnonzero(hit) % (a1 - a0)
        if not len(cols):
            continue
        # Persons covered per provider, summed in area order (exact: integer counts).
        starts = np.cumsum(counts[some]) - counts[some]
        covered_parts.append(np.column_stack([np.add.reduceat(w[cols], starts) for w in weights]))
        keep_parts.append(rows[some])
        count_parts.append(counts[some])
        area_parts.append((cols + a0).astype(np.int32))
    if not keep_parts:
        return full, np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros((0, len(WEIGHTS))), np.zeros(0, np.int32)
    return (full, np.concatenate(keep_parts), np.concatenate(count_parts), np.concatenate(covered_parts),
            np.concatenate(area_parts))


def _listed_full_pairs(index: SmallAreaIndex, n: int, national: np.ndarray, listed_units):
    """(provider, unit) pairs wholly covered by national providers and listed units.

    Returns the row and column parts (lists of int64 arrays, to be extended) and which
    providers list units. Raises ``KeyError`` for an unknown listed unit code.
    """
    n_units = index.n_units
    full_rows = [np.repeat(np.flatnonzero(national), n_units)]
    full_cols = [np.tile(np.arange(n_units), int(national.sum()))]
    has_list = np.zeros(n, bool)
    if listed_units is not None:
        n_listed = np.fromiter((len(codes) if codes else 0 for codes in listed_units), dtype=np.int64, count=n)
        has_list = n_listed > 0
        codes = [code for provider_codes in listed_units if provider_codes for code in provider_codes]
        listed_cols = pd.Index(index.unit_codes).get_indexer(codes) if codes else np.zeros(0, np.int64)
        if (listed_cols < 0).any():
            unknown = codes[int(np.argmax(listed_cols < 0))]
            raise KeyError(unknown)
        listed_rows = np.repeat(np.arange(n), n_listed)
        not_national = ~national[listed_rows]
        full_rows.append(listed_rows[not_national])
        full_cols.append(listed_cols[not_national].astype(np.int64))
    return full_rows, full_cols, has_list


def _append_infinite_pairs(index: SmallAreaIndex, national, radius_m, full_rows, full_cols) -> None:
    """Add every unit for the providers with an infinite radius (which means national)."""
    infinite = np.flatnonzero(~national & np.isinf(radius_m))
    if len(infinite):
        full_rows.append(np.repeat(infinite, index.n_units))
        full_cols.append(np.tile(np.arange(index.n_units), len(infinite)))


def _radius_pairs(index: SmallAreaIndex, by_radius, px, py, radius_m, full_rows, full_cols) -> dict:
    """Resolve the radius providers ``by_radius`` unit by unit.

    Wholly covered (provider, unit) pairs are appended to ``full_rows``/``full_cols``; the edge
    (provider, unit) blocks are returned as lists of parts keyed ``provider``, ``unit``,
    ``length``, ``covered`` and ``area``.
    """
    rx, ry, rr = px[by_radius], py[by_radius], radius_m[by_radius]
    rr2 = rr ** 2
    bands = _RadiusBands(rx, rr)
    block_provider, block_unit, block_length, block_covered, areas = [], [], [], [], []
    for u in range(index.n_units):
        full, edge, counts, covered, hit_areas = _radius_unit(index, u, bands, rx, ry, rr, rr2)
        if len(full):
            full_rows.append(by_radius[full])
            full_cols.append(np.full(len(full), u, dtype=np.int64))
        if len(edge):
            block_provider.append(by_radius[edge].astype(np.int32))
            block_unit.append(np.full(len(edge), u, dtype=np.int32))
            block_length.append(counts)
            block_covered.append(covered)
            areas.append(hit_areas)
    return {"provider": block_provider, "unit": block_unit, "length": block_length,
            "covered": block_covered, "area": areas}


def _full_matrix(full_rows, full_cols, n: int, n_units: int) -> sparse.csr_matrix:
    """Boolean (providers × units) matrix of the wholly covered pairs (duplicates merged)."""
    rows = np.concatenate(full_rows).astype(np.int64)
    cols = np.concatenate(full_cols).astype(np.int64)
    full = sparse.csr_matrix((np.ones(len(rows), bool), (rows, cols)), shape=(n, n_units))
    full.sum_duplicates()
    full.data[:] = True
    return full


def _joined(parts, dtype, width=None):
    if parts:
        return np.concatenate(parts).astype(dtype, copy=False)
    return np.zeros((0, width) if width else 0, dtype)


def _edge_blocks(parts: dict):
    """Join the edge block parts from ``_radius_pairs`` (consumed: each list is released as soon
    as it is joined) into area, block provider, block unit, block start and covered arrays."""
    edge_area = _joined(parts.pop("area"), np.int32)
    edge_block_provider = _joined(parts.pop("provider"), np.int32)
    edge_block_unit = _joined(parts.pop("unit"), np.int32)
    edge_block_start = np.zeros(len(edge_block_provider) + 1, dtype=np.int64)
    np.cumsum(_joined(parts.pop("length"), np.int64), out=edge_block_start[1:])
    edge_covered = _joined(parts.pop("covered"), np.float64, len(WEIGHTS))
    return edge_area, edge_block_provider, edge_block_unit, edge_block_start, edge_covered


def _covered_matrices(index: SmallAreaIndex, full, edge_block_provider, edge_block_unit, edge_covered) -> dict:
    """Per weight, the (providers × units) persons covered: unit totals for wholly covered
    units plus the edge blocks' covered persons."""
    n, n_units = full.shape
    # A unit is either wholly covered or an edge unit of a provider, never both, so the two
    # parts of each weight's matrix never overlap.
    full_coo = full.tocoo()
    # One sparse structure for the three weights: order the entries once, then gather each weight.
    position = sparse.csr_matrix(
        (np.arange(1, full.nnz + len(edge_block_provider) + 1, dtype=np.int64),
         (np.concatenate([full_coo.row, edge_block_provider]), np.concatenate([full_coo.col, edge_block_unit]))),
        shape=(n, n_units),
    )
    position.sort_indices()
    entry = position.data - 1
    covered = {}
    for k, weight in enumerate(WEIGHTS):
        values = np.concatenate([index.unit_totals[full_coo.col, k], edge_covered[:, k]])
        covered[weight] = sparse.csr_matrix((values[entry], position.indices.copy(), position.indptr.copy()),
                                            shape=(n, n_units))
    return covered


def compute_reach(
    provider_ids,
    base_x,
    base_y,
    radius_km,
    *,
    national=None,
    listed_units=None,
    index: SmallAreaIndex | None = None,
) -> ReachMatrix:
    """Compute which small areas each provider's service area covers.

    Work and memory grow linearly with the providers and the (provider, small area) pairs
    covered in partly covered units: one pass over the units, each testing every radius
    provider at once; only int32 pair arrays are kept.

    Parameters
    ----------
    provider_ids : array_like of str
        One id per provider.
    base_x, base_y : array_like of float
        Base location of each provider, metres in EPSG:27700.
    radius_km : array_like of float
        Service radius in km; NaN where the provider has listed units or is national
        (a listed area wins over a radius).
    national : array_like of bool, optional
        Providers serving all of England and Wales.
    listed_units : sequence of sequences of str, optional
        LAD codes each provider lists (PCC/PFA areas already expanded to their LADs).
    index : SmallAreaIndex, optional
        The small areas to measure on; England and Wales' LSOAs by default.

    Returns
    -------
    ReachMatrix
    """
    index = index or small_area_index()
    provider_ids = np.asarray(provider_ids, dtype=object)
    n = len(provider_ids)
    px = np.asarray(base_x, float)
    py = np.asarray(base_y, float)
    radius_m = np.asarray(radius_km, float) * 1000.0
    national = np.zeros(n, bool) if national is None else np.asarray(national, bool)

    full_rows, full_cols, has_list = _listed_full_pairs(index, n, national, listed_units)
    by_radius = np.flatnonzero(~national & ~has_list & np.isfinite(radius_m) & (radius_m >= 0)
                               & np.isfinite(px) & np.isfinite(py))
    _append_infinite_pairs(index, national, radius_m, full_rows, full_cols)
    edge_parts = _radius_pairs(index, by_radius, px, py, radius_m, full_rows, full_cols)

    full = _full_matrix(full_rows, full_cols, n, index.n_units)
    del full_rows, full_cols
    edge_area, edge_block_provider, edge_block_unit, edge_block_start, edge_covered = _edge_blocks(edge_parts)
    covered = _covered_matrices(index, full, edge_block_provider, edge_block_unit, edge_covered)
    return ReachMatrix(provider_ids, index, full, edge_area, edge_block_provider, edge_block_unit,
                       edge_block_start, covered)
