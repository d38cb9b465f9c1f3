"""Lever benchmarks: consortium search per design and the robustness grid (``consortium_ms``, ``robustness_grid_s``).

    python benchmarks/bench_levers.py [--providers 13500]

Also run by ``benchmarks/run_all.py`` (``make bench``) on the same provider set as the other
library benchmarks. Each figure is printed beside a same-run reference, ``score_design_ms``
(one design, every metric, prepared context), so a slow machine shows up as a slow reference too.
All timings are wall-clock ``time.perf_counter``; CPU seconds (``time.process_time``) are printed
beside the grid, since other processes on a shared machine inflate wall-clock time.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

#: A stress setting for the consortium search: with £10bn the lots are so large that most need a
#: group search (at the default £100m every lot has a single local prime at 13,500 organisations).
STRESS_BUDGET_GBP = 10_000_000_000


def reference_score_ms(accepted, reach, design_id: str = "pcc42", *, repeats: int = 10) -> float:
    """Median ``score_design`` time on a prepared context, ms (the same-run reference)."""
    from lotdesign.core.designs import get_design
    from lotdesign.core.params import ScoringParams
    from lotdesign.core.scoring import prepare_design, score_design

    design = get_design(design_id)
    context = prepare_design(accepted, reach, design)
    score_design(accepted, reach, design, ScoringParams(), context=context)
    runs = []
    for k in range(repeats):
        params = ScoringParams(reach_threshold=0.7 + 0.01 * (k % 5))
        start = time.perf_counter()
        score_design(accepted, reach, design, params, context=context)
        runs.append(time.perf_counter() - start)
    return 1000 * statistics.median(runs)


def bench_consortia(accepted, reach, designs=None, *, repeats: int = 3) -> dict:
    """Time :func:`lotdesign.levers.consortia.consortium_bids` per design, women's services.

    Each call gets a fresh ``LotCoverIndex`` (what showing a design for the first time costs).
    ``consortium_ms`` is the worst design's median at :data:`STRESS_BUDGET_GBP`, where most lots
    need a real group search (the conservative figure); ``consortium_default_ms`` the worst
    design's median at the default assumptions, where at 13,500 organisations no lot needs one.
    """
    from lotdesign.levers.consortia import consortium_bids
    from lotdesign.core.designs import builtin_designs
    from lotdesign.core.params import ScoringParams
    from lotdesign.core.scoring import prepare_design, vcs_edges

    designs = list(designs) if designs is not None else builtin_designs()
    edges = vcs_edges(accepted, reach)
    rows = []
    for design in designs:
        context = prepare_design(accepted, reach, design, edges=edges)
        context.lot_reach  # noqa: B018  (filled once, as the app's scoring already does)
        for label, params in (("default", ScoringParams(service="women")),
                              ("stress", ScoringParams(service="women", national_budget_gbp=STRESS_BUDGET_GBP))):
            runs, cpu, result = [], [], None
            for _ in range(repeats):
                start, cpu_start = time.perf_counter(), time.process_time()
                result = consortium_bids(context, params)
                runs.append(time.perf_counter() - start)
                cpu.append(time.process_time() - cpu_start)
            searched = result.lots["method"] != "not needed"
            rows.append({
                "design": design.id, "case": label, "n_lots": len(result.lots), "ms": 1000 * statistics.median(runs),
                "cpu_ms": 1000 * statistics.median(cpu),
                "lots_searched": int(searched.sum()),
                "exact": int((result.lots["method"] == "exact").sum()),
                "shortlist_greedy": int((result.lots["method"] == "shortlist + greedy").sum()),
                "opened_locally": int(result.lots["locally_only_through_consortia"].sum()),
            })
    import pandas as pd

    table = pd.DataFrame(rows)
    return {
        "per_design": table,
        "consortium_ms": float(table.loc[table["case"] == "stress", "ms"].max()),
        "consortium_default_ms": float(table.loc[table["case"] == "default", "ms"].max()),
        "consortium_cpu_ms": float(table.loc[table["case"] == "stress", "cpu_ms"].max()),
    }


def bench_robustness(accepted, reach, design_ids=("pcc42", "regions12"), *, service: str = "women") -> dict:
    """Time :func:`lotdesign.levers.robustness.robustness` on the default grid (1,750 combinations).

    ``robustness_grid_s``: a cold run (fresh cache: reach recomputed for each radius factor);
    ``robustness_warm_s``: the same call again with the cache kept (what a second look costs).
    """
    from lotdesign.core.designs import get_design
    from lotdesign.core.params import ScoringParams
    from lotdesign.levers.robustness import RobustnessCache, robustness
    from lotdesign.core.scoring import prepare_design, vcs_edges

    edges = vcs_edges(accepted, reach)
    a, b = (prepare_design(accepted, reach, get_design(d), edges=edges) for d in design_ids)
    params = ScoringParams(service=service)
    cache = RobustnessCache()
    start, cpu = time.perf_counter(), time.process_time()
    result = robustness(a, b, params, cache=cache)
    cold_s, cold_cpu_s = time.perf_counter() - start, time.process_time() - cpu
    start, cpu = time.perf_counter(), time.process_time()
    robustness(a, b, params, cache=cache)
    warm_s, warm_cpu_s = time.perf_counter() - start, time.process_time() - cpu
    return {
        "robustness_grid_s": cold_s,
        "robustness_grid_cpu_s": cold_cpu_s,
        "robustness_warm_s": warm_s,
        "robustness_warm_cpu_s": warm_cpu_s,
        "n_combinations": result.n_combinations,
        "sentence": result.sentence,
    }


def report(consortia: dict, robust: dict, reference_ms: float, *, name_values: bool = True) -> None:
    """Print the tables and (standalone) the ``name=value`` lines; run_all.py prints its own."""
    table = consortia["per_design"]
    print(table.to_string(index=False, float_format=lambda v: f"{v:.1f}"))
    print(f"consortium_ms = worst design, women's services, £{STRESS_BUDGET_GBP / 1e9:.0f}bn budget so most lots need a "
          f"group search: {consortia['consortium_ms']:.1f} ms ({consortia['consortium_ms'] / reference_ms:.1f}× "
          f"score_design_ms {reference_ms:.1f} ms; CPU {consortia['consortium_cpu_ms']:.1f} ms); at the default "
          f"assumptions (no lot needs a search) {consortia['consortium_default_ms']:.1f} ms")
    print(f"robustness: {robust['n_combinations']:,} combinations, cold {robust['robustness_grid_s']:.2f} s "
          f"(CPU {robust['robustness_grid_cpu_s']:.2f} s), warm cache {robust['robustness_warm_s']:.2f} s "
          f"(CPU {robust['robustness_warm_cpu_s']:.2f} s)")
    print(f"  {robust['sentence']}")
    if not name_values:
        return
    print(f"score_design_ms={reference_ms:.6g}")
    print(f"consortium_ms={consortia['consortium_ms']:.6g}")
    print(f"consortium_cpu_ms={consortia['consortium_cpu_ms']:.6g}")
    print(f"consortium_default_ms={consortia['consortium_default_ms']:.6g}")
    print(f"robustness_grid_s={robust['robustness_grid_s']:.6g}")
    print(f"robustness_grid_cpu_s={robust['robustness_grid_cpu_s']:.6g}")
    print(f"robustness_warm_s={robust['robustness_warm_s']:.6g}")


def main(argv=None) -> int:
    import bench_library as lib

    accepted, reach = lib.providers_and_reach(argv, __doc__)
    reference_ms = reference_score_ms(accepted, reach)
    report(bench_consortia(accepted, reach), bench_robustness(accepted, reach), reference_ms)
    return 0


if __name__ == "__main__":
    sys.exit(main())
