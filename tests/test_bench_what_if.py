"""The "what if N lots?" benchmark runs and prints its figures (no timing is asserted here)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import bench_what_if


def test_the_benchmark_prints_every_figure_for_the_counts_asked(capsys):
    assert bench_what_if.main(["--counts", "3,20"]) == 0
    out = capsys.readouterr().out
    figures = dict(line.split("=", 1) for line in out.splitlines() if "=" in line and not line.startswith("#"))
    assert set(figures) == {"what_if_max_s", "what_if_median_s", "reference_score_s"}
    assert float(figures["what_if_max_s"]) >= float(figures["what_if_median_s"]) > 0
    assert "#  3 lots:" in out and "# 20 lots:" in out and "Best 20 lots found — locally contestable population" in out
