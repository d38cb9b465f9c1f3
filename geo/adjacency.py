"""Which units touch: the contiguity graph of LAD units and of PCC areas, for design search.

Two units are neighbours when their boundaries (ONS BUC, 500 m generalised, EPSG:27700) come
within :data:`GAP_TOLERANCE_M` metres of each other. The generalised boundaries are clipped to
the coastline, so districts facing each other across a river leave a small gap (Southwark and
Westminster across the Thames, Anglesey and Gwynedd across the Menai Strait); 200 m joins
those without joining districts that only come near each other at a corner (the next gaps,
at 500 m, are corners such as Luton–Dacorum).

Islands and wide estuaries have no land neighbour within that distance, so they are joined by
the explicit links in :data:`CROSSING_LINKS` — each the route the area is served from (the
Isle of Wight ferries from Portsmouth, Southampton and Lymington; the Isles of Scilly from
Penzance in Cornwall; Anglesey by the Menai bridges) or a fixed crossing (the Tamar Bridge,
the Mersey tunnels, the Dartford Crossing, the Severn bridges).

The PCC-area graph (42 nodes, City of London with the Metropolitan Police) is the LAD graph
with each PCC area's districts contracted to one node.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import shapely
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from geo.units import load_unit_boundaries, load_units

#: Boundaries closer than this (metres, EPSG:27700) count as touching: joins river gaps left
#: by the coast-clipped generalised boundaries, not corner near-misses (those start at ~500 m).
GAP_TOLERANCE_M = 200.0

#: Explicit links for islands and crossings the tolerance does not bridge: (LAD, LAD, why).
CROSSING_LINKS = (
    ("E06000046", "E06000044", "Isle of Wight – Portsmouth (ferry)"),
    ("E06000046", "E06000045", "Isle of Wight – Southampton (ferry)"),
    ("E06000046", "E07000091", "Isle of Wight – New Forest (Lymington ferry)"),
    ("E06000053", "E06000052", "Isles of Scilly – Cornwall (Penzance ferry and flights)"),
    ("W06000001", "W06000002", "Isle of Anglesey – Gwynedd (Menai bridges)"),
    ("E06000026", "E06000052", "Plymouth – Cornwall (Tamar Bridge)"),
    ("E08000012", "E08000015", "Liverpool – Wirral (Mersey tunnels)"),
    ("E06000034", "E07000107", "Thurrock – Dartford (Dartford Crossing)"),
    ("W06000021", "E06000025", "Monmouthshire – South Gloucestershire (Severn bridges)"),
)

#: PCC code of the London PCC area (Metropolitan Police with the City of London).
LONDON_PCC = "E23000001"


@dataclass(frozen=True, eq=False)
class UnitGraph:
    """An undirected contiguity graph over areas.

    Attributes
    ----------
    nodes : pandas.Index
        Area codes (LAD codes, or PCC codes for the PCC-area graph), sorted.
    names : pandas.Series
        Area name per code.
    country : pandas.Series
        ``England`` or ``Wales`` per code.
    edges : pandas.DataFrame
        One row per edge with ``a``, ``b`` (codes, ``a < b``) and ``kind``: ``boundary``
        (touching within the tolerance) or ``link`` (an explicit island or crossing link), and
        ``note`` (why a link exists).
    """

    nodes: pd.Index
    names: pd.Series
    country: pd.Series
    edges: pd.DataFrame

    @property
    def n_nodes(self) -> int:
        """Number of areas."""
        return len(self.nodes)

    def edge_positions(self) -> tuple[np.ndarray, np.ndarray]:
        """The edges as two arrays of node positions (into :attr:`nodes`)."""
        return self.nodes.get_indexer(self.edges["a"]), self.nodes.get_indexer(self.edges["b"])

    def neighbour_lists(self) -> list[list[int]]:
        """For each node position, the positions of its neighbours (sorted)."""
        a, b = self.edge_positions()
        lists: list[list[int]] = [[] for _ in range(self.n_nodes)]
        for i, j in zip(a.tolist(), b.tolist()):
            lists[i].append(j)
            lists[j].append(i)
        return [sorted(n) for n in lists]

    def neighbours(self, code: str) -> list[str]:
        """Codes of the neighbours of ``code``."""
        touching = self.edges.loc[(self.edges["a"] == code) | (self.edges["b"] == code)]
        return sorted((set(touching["a"]) | set(touching["b"])) - {code})

    def matrix(self) -> sparse.csr_matrix:
        """Symmetric 0/1 adjacency matrix in node order."""
        a, b = self.edge_positions()
        n = self.n_nodes
        data = np.ones(2 * len(a))
        return sparse.csr_matrix((data, (np.r_[a, b], np.r_[b, a])), shape=(n, n))

    def components(self) -> np.ndarray:
        """Connected-component label of each node position."""
        return connected_components(self.matrix(), directed=False)[1]

    def without_cross_border_edges(self) -> UnitGraph:
        """The graph with every England–Wales edge removed (to keep Wales separate)."""
        a, b = self.edges["a"], self.edges["b"]
        same = self.country.reindex(a).to_numpy() == self.country.reindex(b).to_numpy()
        return UnitGraph(self.nodes, self.names, self.country, self.edges[same].reset_index(drop=True))

    def cross_border_edges(self) -> pd.DataFrame:
        """The England–Wales edges."""
        a, b = self.edges["a"], self.edges["b"]
        differ = self.country.reindex(a).to_numpy() != self.country.reindex(b).to_numpy()
        return self.edges[differ].reset_index(drop=True)


def _touching_pairs(geometry: np.ndarray, tolerance_m: float) -> tuple[np.ndarray, np.ndarray]:
    tree = shapely.STRtree(geometry)
    i, j = tree.query(geometry, predicate="dwithin", distance=tolerance_m)
    keep = i < j
    return i[keep], j[keep]


@lru_cache(maxsize=4)
def _lad_graph(tolerance_m: float) -> UnitGraph:
    boundaries = load_unit_boundaries("analysis")
    if boundaries.crs is None or boundaries.crs.to_epsg() != 27700:
        raise ValueError(f"LAD boundaries must be in EPSG:27700 for a tolerance in metres, found {boundaries.crs}.")
    units = load_units().loc[boundaries.index]
    codes = boundaries.index.to_numpy()
    i, j = _touching_pairs(boundaries.geometry.values, tolerance_m)
    pairs = {tuple(sorted((codes[p], codes[q]))): ("boundary", "") for p, q in zip(i, j)}
    for first, second, note in CROSSING_LINKS:
        key = tuple(sorted((first, second)))
        if key not in pairs:
            pairs[key] = ("link", note)
    edges = pd.DataFrame(
        [(a, b, kind, note) for (a, b), (kind, note) in sorted(pairs.items())], columns=["a", "b", "kind", "note"]
    )
    nodes = pd.Index(sorted(codes), name="lad_code")
    return UnitGraph(nodes, units["lad_name"].reindex(nodes), units["country"].reindex(nodes), edges)


def lad_adjacency(*, tolerance_m: float = GAP_TOLERANCE_M) -> UnitGraph:
    """The contiguity graph of the 318 LAD units.

    Parameters
    ----------
    tolerance_m : float
        Boundaries closer than this many metres (EPSG:27700) are neighbours; default 200 m.

    Returns
    -------
    UnitGraph
        Nodes are LAD codes; edges are ``boundary`` contacts plus the ``link`` edges of
        :data:`CROSSING_LINKS` that the tolerance does not already give.
    """
    return _lad_graph(float(tolerance_m))


def contract_graph(graph: UnitGraph, group_of_node: pd.Series, *, names: pd.Series | None = None) -> UnitGraph:
    """Merge nodes into groups: two groups touch when any of their members do.

    Parameters
    ----------
    graph : UnitGraph
    group_of_node : pandas.Series
        Group code per node code (every node of ``graph``).
    names : pandas.Series, optional
        Name per group code; defaults to the code.

    Returns
    -------
    UnitGraph
        A link edge between groups is kept as ``link`` only when no member pair shares a boundary.
    """
    missing = graph.nodes.difference(group_of_node.index)
    if len(missing):
        raise ValueError(f"group_of_node has no group for {', '.join(missing[:5])}.")
    a = group_of_node.reindex(graph.edges["a"]).to_numpy()
    b = group_of_node.reindex(graph.edges["b"]).to_numpy()
    frame = pd.DataFrame({"a": np.minimum(a, b), "b": np.maximum(a, b), "kind": graph.edges["kind"].to_numpy(),
                          "note": graph.edges["note"].to_numpy()})
    frame = frame[frame["a"] != frame["b"]]
    # "boundary" sorts before "link": a group pair that shares any boundary is a boundary edge.
    frame = frame.sort_values(["a", "b", "kind", "note"]).drop_duplicates(["a", "b"]).reset_index(drop=True)
    nodes = pd.Index(sorted(set(group_of_node.reindex(graph.nodes))), name=group_of_node.name)
    country = graph.country.groupby(group_of_node.reindex(graph.nodes).to_numpy()).first().reindex(nodes)
    shown = names.reindex(nodes) if names is not None else pd.Series(nodes, index=nodes)
    return UnitGraph(nodes, shown, country, frame)


def pcc_adjacency(*, tolerance_m: float = GAP_TOLERANCE_M) -> UnitGraph:
    """The contiguity graph of the 42 PCC areas (City of London with the Metropolitan Police).

    Returns
    -------
    UnitGraph
        Nodes are PCC codes (``E23…``/``W15…``), named by PCC area.
    """
    units = load_units()
    lad = lad_adjacency(tolerance_m=tolerance_m)
    names = units.groupby("pcc_code")["pcc_name"].first()
    return contract_graph(lad, units["pcc_code"].rename("pcc_code"), names=names)


def lot_pieces(graph: UnitGraph, node_to_lot: pd.Series) -> pd.Series:
    """How many separate pieces each lot falls into on ``graph`` (1 = contiguous).

    Parameters
    ----------
    graph : UnitGraph
    node_to_lot : pandas.Series
        Lot per node code; nodes not listed are left out.

    Returns
    -------
    pandas.Series
        ``n_pieces`` per lot, sorted by lot.
    """
    a, b = graph.edges["a"].to_numpy(), graph.edges["b"].to_numpy()
    lot_a, lot_b = node_to_lot.reindex(a).to_numpy(), node_to_lot.reindex(b).to_numpy()
    inside = pd.notna(lot_a) & (lot_a == lot_b)
    nodes = node_to_lot.index
    position = pd.Series(np.arange(len(nodes)), index=nodes)
    pa, pb = position[a[inside]].to_numpy(), position[b[inside]].to_numpy()
    matrix = sparse.csr_matrix((np.ones(len(pa)), (pa, pb)), shape=(len(nodes), len(nodes)))
    labels = connected_components(matrix, directed=False)[1]
    pieces = pd.Series(labels, index=nodes).groupby(node_to_lot.to_numpy()).nunique()
    pieces.index.name = "lot"
    return pieces.rename("n_pieces").sort_index()
