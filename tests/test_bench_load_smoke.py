"""Smoke test of the load benchmark on small synthetic sets (no timing assertions)."""

from __future__ import annotations

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import bench_load


def test_load_scaling_reports_every_size(tmp_path):
    figures = bench_load.load_scaling((200, 400), directory=tmp_path)
    for label, n in (("200", 200), ("400", 400)):
        assert figures[f"rows_{label}"] == n  # every synthetic organisation is accepted
        assert figures[f"load_{label}_s"] > 0 and figures[f"read_csv_{label}_s"] > 0
    assert math.isfinite(figures["scale_exponent_load"])


def test_fitted_exponent_of_a_known_power_law():
    assert abs(bench_load.fitted_exponent([1_000, 10_000, 100_000], [1.0, 10.0, 100.0]) - 1.0) < 1e-12
    assert abs(bench_load.fitted_exponent([1_000, 10_000], [1.0, 100.0]) - 2.0) < 1e-12
    assert bench_load.size_label(13_500) == "13500" and bench_load.size_label(170_000) == "170k"


def test_place_suggestion_hits():
    hits = bench_load.place_suggestion_hits()
    assert hits["place_first_hits_rapidfuzz"] > hits["place_first_hits_difflib"]
