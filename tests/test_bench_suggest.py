"""The exact pieces of the design-search benchmark, on a hand-checkable line of six units."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import bench_suggest

from lotdesign.studio._partition import PartitionProblem

VALUES = np.array([5, 1, 1, 1, 1, 4])
LINE = [[1], [0, 2], [1, 3], [2, 4], [3, 5], [4]]


def test_connected_subsets_of_a_line_are_its_intervals():
    weight = np.ones(6)
    # A line of six has 6 + 5 + 4 + 3 + 2 + 1 = 21 intervals; at most two units leaves 6 + 5.
    assert len(bench_suggest.connected_subsets(LINE, weight, 1, 6)) == 21
    two = bench_suggest.connected_subsets(LINE, weight, 1, 2)
    assert sorted(two) == sorted([(i,) for i in range(6)] + [(i, i + 1) for i in range(5)])
    assert len(set(bench_suggest.connected_subsets(LINE, weight, 3, 4))) == 4 + 3


def test_packing_bound_is_above_the_optimum():
    problem = PartitionProblem(LINE, np.ones(6), 1, 4, lambda lot: (float(VALUES[list(lot)].sum()) ** 2, 0.0))
    bound, n_connected, n_positive = bench_suggest.packing_bound(problem, 3)
    # The best three lots score 81 ((4,1,1): 8² + 1² + 4²); the packing may use fewer lots, so
    # (0–3) and (4–5) give 64 + 25 = 89 — a bound, not a design of three lots.
    assert bound == 89
    assert n_connected == n_positive == 6 + 5 + 4 + 3
