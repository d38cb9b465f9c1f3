"""The contiguity graphs: known neighbours, island links, the England–Wales border."""

import numpy as np
import pandas as pd

from geo.adjacency import CROSSING_LINKS, contract_graph, lad_adjacency, lot_pieces, pcc_adjacency
from lotdesign.core.designs import get_design

ISLE_OF_WIGHT, PORTSMOUTH, SOUTHAMPTON, NEW_FOREST = "E06000046", "E06000044", "E06000045", "E07000091"
SCILLY, CORNWALL, PLYMOUTH, TORRIDGE = "E06000053", "E06000052", "E06000026", "E07000046"
ANGLESEY, GWYNEDD = "W06000001", "W06000002"
CARDIFF, NEWPORT = "W06000015", "W06000022"


def test_islands_have_exactly_their_explicit_links():
    graph = lad_adjacency()
    assert graph.neighbours(ISLE_OF_WIGHT) == sorted([PORTSMOUTH, SOUTHAMPTON, NEW_FOREST])
    assert graph.neighbours(SCILLY) == [CORNWALL]
    # Anglesey reaches Gwynedd across the Menai Strait within the 200 m tolerance.
    assert graph.neighbours(ANGLESEY) == [GWYNEDD]
    iow_edges = graph.edges[(graph.edges["a"] == ISLE_OF_WIGHT) | (graph.edges["b"] == ISLE_OF_WIGHT)]
    assert set(iow_edges["kind"]) == {"link"}


def test_known_land_neighbours():
    graph = lad_adjacency()
    assert TORRIDGE in graph.neighbours(CORNWALL)  # the Cornwall–Devon land border
    assert PLYMOUTH in graph.neighbours(CORNWALL)
    assert NEWPORT in graph.neighbours(CARDIFF)
    assert CARDIFF not in graph.neighbours(ANGLESEY)


def test_graphs_are_connected_and_wales_splits_off():
    lad = lad_adjacency()
    assert lad.n_nodes == 318
    assert len(np.unique(lad.components())) == 1
    pcc = pcc_adjacency()
    assert pcc.n_nodes == 42
    assert len(np.unique(pcc.components())) == 1
    split = pcc.without_cross_border_edges()
    labels = pd.Series(split.components(), index=split.nodes)
    assert labels.groupby(split.country).nunique().to_dict() == {"England": 1, "Wales": 1}
    assert labels[split.country == "England"].iloc[0] != labels[split.country == "Wales"].iloc[0]


def test_cross_border_edges_join_welsh_and_english_areas():
    lad = lad_adjacency()
    border = lad.cross_border_edges()
    pairs = {frozenset(p) for p in zip(border["a"], border["b"])}
    assert frozenset({"W06000021", "E06000025"}) in pairs  # Severn bridges (explicit link)
    assert frozenset({"W06000006", "E06000050"}) in pairs  # Wrexham – Cheshire West and Chester
    assert all(lad.country[a] != lad.country[b] for a, b in zip(border["a"], border["b"]))
    pcc = pcc_adjacency()
    pcc_pairs = {frozenset(p) for p in zip(pcc.cross_border_edges()["a"], pcc.cross_border_edges()["b"])}
    # Gwent touches Avon and Somerset only by the Severn bridges; North Wales touches Cheshire.
    assert frozenset({"W15000002", "E23000036"}) in pcc_pairs
    assert frozenset({"W15000001", "E23000006"}) in pcc_pairs


def test_every_explicit_link_is_an_edge():
    graph = lad_adjacency()
    pairs = {frozenset(p) for p in zip(graph.edges["a"], graph.edges["b"])}
    for a, b, _ in CROSSING_LINKS:
        assert frozenset({a, b}) in pairs


def test_contract_and_pieces_on_a_hand_made_graph():
    graph = lad_adjacency()
    hampshire = [ISLE_OF_WIGHT, PORTSMOUTH, SOUTHAMPTON, NEW_FOREST]
    groups = pd.Series(["island" if c == ISLE_OF_WIGHT else ("mainland" if c in hampshire else "rest")
                        for c in graph.nodes], index=graph.nodes, name="group")
    small = contract_graph(graph, groups)
    island_edges = small.edges[(small.edges["a"] == "island") | (small.edges["b"] == "island")]
    assert list(zip(island_edges["a"], island_edges["b"], island_edges["kind"])) == [("island", "mainland", "link")]
    # A lot of the Isle of Wight with Cornwall is in two pieces; the built-in regions are whole.
    # Portsmouth and Southampton do not touch (Fareham lies between): a lot of just those two is split.
    design = pd.Series({ISLE_OF_WIGHT: "A", CORNWALL: "A", SOUTHAMPTON: "B", NEW_FOREST: "B",
                        PORTSMOUTH: "C", "E07000087": "C", "E07000090": "D"})
    assert lot_pieces(graph, design).to_dict() == {"A": 2, "B": 1, "C": 1, "D": 1}
    assert lot_pieces(graph, pd.Series({PORTSMOUTH: "X", SOUTHAMPTON: "X"})).to_dict() == {"X": 2}
    assert (lot_pieces(graph, get_design("regions12").unit_to_lot) == 1).all()
