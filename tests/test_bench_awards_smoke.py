"""Smoke test of benchmarks/bench_awards.py: it runs and returns positive, finite figures (no timing assertions)."""

from __future__ import annotations

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import bench_awards


def test_bench_awards_returns_its_figures_and_the_reference():
    figures = bench_awards.main(["--repeats", "1"])
    assert set(figures) == {"awards_day_ms", "awards_day_max_ms", "read_contracts_ms"}
    assert all(math.isfinite(v) and v > 0 for v in figures.values())
    assert figures["awards_day_max_ms"] >= figures["awards_day_ms"]
