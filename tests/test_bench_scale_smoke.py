"""Smoke test of the scaling benchmark (benchmarks/bench_scale.py) on 200 and 400 organisations.

The same code as ``make bench`` runs at 1,000–170,000; here it must return positive, finite
figures for every step, a fitted exponent per step and the name=value figures. No timing
assertions.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import bench_scale


def _positive(row: dict, *names: str) -> None:
    for name in names:
        value = row[name]
        assert isinstance(value, (int, float)) and math.isfinite(value) and value > 0, (name, value)


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return bench_scale.run([200, 400], directory=tmp_path_factory.mktemp("scale"), repeats=1, fresh=False)


def test_every_size_has_every_figure(result):
    assert [row["n"] for row in result["rows"]] == [200, 400]
    for row in result["rows"]:
        _positive(row, "load_s", "load_cpu_s", "reach_s", "reach_cpu_s", "score_ms", "score_cpu_ms", "peak_rss_mb",
                  "reference_s", "map_layer_bytes", "map_every_point_bytes", "edge_pairs", "full_unit_entries")
        assert row["n_rejected"] == 0
        assert not row["map_uses_cells"]  # short lists keep one marker per organisation
        assert row["map_layer_bytes"] == row["map_every_point_bytes"]
        assert 0 <= row["prime_coverage"] <= 1
    # Twice the organisations: more reach pairs.
    assert result["rows"][1]["edge_pairs"] > result["rows"][0]["edge_pairs"]


def test_exponents_and_name_value_figures(result):
    for name in ("scale_exponent_load", "scale_exponent_reach", "scale_exponent_score"):
        assert math.isfinite(result[name])
    figures = bench_scale.name_values(result)
    assert {"load_0k_s", "reach_0k_s", "score_0k_ms", "peak_rss_0k_mb", "scale_exponent_reach"} <= set(figures)
    lines = bench_scale.table_lines(result)
    assert len(lines) == 2 + 2 and lines[2].startswith("200")


def test_fitted_exponent_of_known_curves():
    assert bench_scale.fitted_exponent([1_000, 10_000, 100_000], [1.0, 10.0, 100.0]) == pytest.approx(1.0)
    assert bench_scale.fitted_exponent([1_000, 10_000, 100_000], [1.0, 100.0, 10_000.0]) == pytest.approx(2.0)
    assert math.isnan(bench_scale.fitted_exponent([1_000], [1.0]))


def test_a_size_measured_in_a_fresh_process(tmp_path):
    written = bench_scale._in_fresh_process(bench_scale.lib.write_providers, 200, directory=tmp_path)
    row = bench_scale._in_fresh_process(bench_scale.measure, str(written["path"]), repeats=1, with_map=False)
    assert row["n"] == 200
    _positive(row, "load_s", "reach_s", "score_ms", "peak_rss_mb")
