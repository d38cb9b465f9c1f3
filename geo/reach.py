"""Service areas to a sparse provider × unit reach matrix, measured on small-area points.

``covers[i, a]`` is true when small area ``a`` (an LSOA population-weighted centroid) is in
provider ``i``'s service area: its unit is listed, the provider is national, or the
straight-line distance in EPSG:27700 from the base to the centroid is ≤ the radius.

Doing that test for every provider–area pair is wasteful (13,500 providers give ~26 million
pairs), so radius areas are resolved in two steps, both vectorised over all pairs at once:

1. **Unit level.** For each provider–unit pair, bounds on the distance from the base to the
   unit's points decide most pairs outright: a unit whose farthest point is within the radius
   is wholly covered; one whose nearest possible point is beyond it is not touched. The bounds
   come from a circle around each unit's points, refined with the points' convex hull.
2. **Edge units.** Only units the circle's edge crosses have their points tested one by one.

The result keeps wholly covered units as unit-level entries and covered points only in edge
units, which is all that per-lot reach and coverage unions need.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import shapely
from scipy import sparse

from geo.units import load_small_areas, load_units

#: Population weights carried through every reach computation.
WEIGHTS = ("population", "females", "minority_ethnic")
#: Providers processed together in one vectorised block (bounds peak memory to ~200 MB).
_CHUNK_PROVIDERS = 1500


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
    edge_provider, edge_area : numpy.ndarray
        Covered (provider, area) pairs in units that are *not* wholly covered, sorted by area.
    covered : dict of str to scipy.sparse.csr_matrix
        (providers × units) persons covered, for each weight in :data:`WEIGHTS`.
    """

    provider_ids: np.ndarray
    index: SmallAreaIndex
    full: sparse.csr_matrix
    edge_provider: np.ndarray
    edge_area: np.ndarray
    covered: dict

    @property
    def n_providers(self) -> int:
        return len(self.provider_ids)

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


def _radius_pairs(index: SmallAreaIndex, px: np.ndarray, py: np.ndarray, radius_m: np.ndarray):
    """Resolve circular service areas: (full provider, full unit), (edge provider, edge area)."""
    # Bounding-circle test for every provider–unit pair (providers × units, vectorised).
    distance = np.hypot(px[:, None] - index.centre_x[None, :], py[:, None] - index.centre_y[None, :])
    r = radius_m[:, None]
    surely_full = distance + index.radius_m[None, :] <= r
    maybe = ~surely_full & (distance - index.radius_m[None, :] <= r)
    full_provider, full_unit = np.nonzero(surely_full)

    # Refine the undecided pairs with the convex hull: farthest point ≤ r means wholly inside.
    cand_provider, cand_unit = np.nonzero(maybe)
    hx = index.hull_x[cand_unit]
    hy = index.hull_y[cand_unit]
    farthest = np.sqrt(((hx - px[cand_provider, None]) ** 2 + (hy - py[cand_provider, None]) ** 2).max(axis=1))
    inside = farthest <= radius_m[cand_provider]
    full_provider = np.concatenate([full_provider, cand_provider[inside]])
    full_unit = np.concatenate([full_unit, cand_unit[inside]])
    edge_provider_units = cand_provider[~inside]
    edge_units = cand_unit[~inside]

    # Test each point of the edge units against its provider's circle.
    counts = index.unit_start[edge_units + 1] - index.unit_start[edge_units]
    pair_of_point = np.repeat(np.arange(len(edge_units)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    area = index.unit_start[edge_units][pair_of_point] + offsets
    provider = edge_provider_units[pair_of_point]
    dx = index.x[area] - px[provider]
    dy = index.y[area] - py[provider]
    hit = dx * dx + dy * dy <= radius_m[provider] ** 2
    return full_provider, full_unit, provider[hit], area[hit]


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
    unit_position = {code: u for u, code in enumerate(index.unit_codes)}

    full_rows = [np.repeat(np.flatnonzero(national), index.n_units)]
    full_cols = [np.tile(np.arange(index.n_units), int(national.sum()))]
    if listed_units is not None:
        listed_rows, listed_cols = [], []
        for provider, codes in enumerate(listed_units):
            if national[provider] or not codes:
                continue
            for code in codes:
                listed_rows.append(provider)
                listed_cols.append(unit_position[code])
        full_rows.append(np.asarray(listed_rows, dtype=np.int64))
        full_cols.append(np.asarray(listed_cols, dtype=np.int64))

    by_radius = np.flatnonzero(~national & np.isfinite(radius_m) & (radius_m >= 0) & np.isfinite(px) & np.isfinite(py))
    if listed_units is not None:
        has_list = np.array([bool(codes) for codes in listed_units], dtype=bool)
        by_radius = by_radius[~has_list[by_radius]]
    # Infinite radius means national.
    infinite = np.flatnonzero(~national & np.isinf(radius_m))
    if len(infinite):
        full_rows.append(np.repeat(infinite, index.n_units))
        full_cols.append(np.tile(np.arange(index.n_units), len(infinite)))

    edge_provider_parts, edge_area_parts = [], []
    for start in range(0, len(by_radius), _CHUNK_PROVIDERS):
        chunk = by_radius[start:start + _CHUNK_PROVIDERS]
        full_p, full_u, edge_p, edge_a = _radius_pairs(index, px[chunk], py[chunk], radius_m[chunk])
        full_rows.append(chunk[full_p])
        full_cols.append(full_u)
        edge_provider_parts.append(chunk[edge_p])
        edge_area_parts.append(edge_a)

    rows = np.concatenate(full_rows).astype(np.int64)
    cols = np.concatenate(full_cols).astype(np.int64)
    full = sparse.csr_matrix((np.ones(len(rows), bool), (rows, cols)), shape=(n, index.n_units))
    full.sum_duplicates()
    full.data[:] = True

    edge_provider = np.concatenate(edge_provider_parts).astype(np.int32) if edge_provider_parts else np.zeros(0, np.int32)
    edge_area = np.concatenate(edge_area_parts).astype(np.int32) if edge_area_parts else np.zeros(0, np.int32)
    # A listed unit may also be an edge unit of nothing else; drop edge pairs already wholly covered.
    if len(edge_provider):
        already = np.asarray(full[edge_provider, index.area_unit[edge_area]]).ravel()
        edge_provider, edge_area = edge_provider[~already], edge_area[~already]
    order = np.argsort(edge_area, kind="stable")
    edge_provider, edge_area = edge_provider[order], edge_area[order]

    covered = {}
    full_f = full.astype(float)
    edge_units = index.area_unit[edge_area]
    for k, weight in enumerate(WEIGHTS):
        from_full = full_f @ sparse.diags(index.unit_totals[:, k])
        from_edges = sparse.csr_matrix(
            (index.weights[edge_area, k], (edge_provider, edge_units)), shape=(n, index.n_units)
        )
        total = (from_full + from_edges).tocsr()
        total.sum_duplicates()
        covered[weight] = total
    return ReachMatrix(provider_ids, index, full, edge_provider, edge_area, covered)
