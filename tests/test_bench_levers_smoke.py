"""Smoke test of benchmarks/bench_levers.py on 200 synthetic providers (no timing assertions)."""

from __future__ import annotations

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import bench_levers  # noqa: E402
import bench_library as lib  # noqa: E402


def test_lever_benchmarks_return_positive_figures(tmp_path, capsys):
    from lotdesign.core.designs import get_design
    from lotdesign.importing.providers import compute_provider_reach

    accepted = lib.prepare_providers(200, directory=tmp_path)["accepted"]
    reach = compute_provider_reach(accepted)
    consortia = bench_levers.bench_consortia(accepted, reach, [get_design("regions12")], repeats=1)
    robust = bench_levers.bench_robustness(accepted, reach)
    reference = bench_levers.reference_score_ms(accepted, reach, repeats=2)
    for value in (consortia["consortium_ms"], consortia["consortium_default_ms"], robust["robustness_grid_s"],
                  robust["robustness_warm_s"], reference):
        assert math.isfinite(value) and value > 0
    assert robust["n_combinations"] == 1750
    # With 200 organisations and a £10bn budget, regional lots need a group search.
    stress = consortia["per_design"].set_index("case").loc["stress"]
    assert stress["lots_searched"] > 0
    bench_levers.report(consortia, robust, reference)
    lines = dict(line.split("=", 1) for line in capsys.readouterr().out.splitlines() if "=" in line and " " not in line)
    assert {"score_design_ms", "consortium_ms", "robustness_grid_s"} <= set(lines)
