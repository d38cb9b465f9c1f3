"""Scaling benchmark: load, reach, prepare + score one design and peak memory from 1,000 to 170,000
organisations, each size measured in a fresh process.

    python benchmarks/bench_scale.py [--sizes 1000,13500,50000,170000] [--json-out FILE]

For each size, a child process generates the synthetic organisations (``lotdesign.importing.demo``, fixed
seed) and writes them as CSV to ``benchmarks/output/`` (set-up, not measured). Then a *fresh*
spawned process — so that peak memory is per size and nothing is cached between sizes — times:

``load``
    :func:`lotdesign.importing.providers.load_providers` on the CSV, like a user's file.
``reach``
    The design-independent work: the small-area index (built once per process),
    :func:`lotdesign.importing.providers.compute_provider_reach` and :func:`lotdesign.core.scoring.vcs_edges`.
``score``
    :func:`lotdesign.core.scoring.prepare_design` + the first :func:`lotdesign.core.scoring.score_design`
    (every metric, default parameters) of the default main design, on a fresh context: median of
    3. This is what showing a design for the first time costs.
``peak_rss``
    ``ru_maxrss`` of the measuring process at the end.
``map``
    Bytes of the organisations layer the map sends: one marker per organisation
    (``ui.maps.point_columns``) up to :data:`lotdesign.core.markers.MAX_POINT_MARKERS`, counts per
    cell (:func:`lotdesign.core.markers.aggregate_markers`) beyond — and, for information, what one
    marker per organisation would have weighed.

Each child also times a fixed numpy workload (``reference_s``) and reads how busy the machine
was (other processes' share of the CPUs): on a shared machine every figure moves with both.
The fitted exponents are least-squares slopes of log(time) on log(organisations) over the sizes.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import multiprocessing
import os
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import bench_library as lib  # noqa: E402  (benchmarks/ is not a package; the path is set just above)

SIZES = (1_000, 13_500, 50_000, 170_000)
#: The figures printed as name=value lines (at the largest size, 170,000 by default).
TARGETS = {"load_170k_s": 4.0, "reach_170k_s": 4.0, "score_170k_ms": 300.0, "peak_rss_170k_mb": 1500.0,
           "scale_exponent_load": 1.1, "scale_exponent_reach": 1.1, "scale_exponent_score": 1.1}


def reference_seconds() -> float:
    """A fixed numpy workload (~0.1 s on the reference machine): how fast this machine is right now."""
    import numpy as np

    values = np.linspace(0.0, 1.0, 2_000_000)
    start = time.perf_counter()
    for _ in range(10):
        np.sqrt(values * values + values)
    return time.perf_counter() - start


def map_layer_bytes(providers) -> dict:
    """JSON bytes of the organisations layer: as drawn (points or cells), and as one point each."""
    from lotdesign.core.markers import aggregate_markers, use_cells
    from lotdesign.importing.providers import providers_with_lonlat
    from lotdesign.core.details import specialism_group
    from ui.maps import cell_columns, point_columns

    start = time.perf_counter()
    points = providers_with_lonlat(providers).assign(group=specialism_group(providers).to_numpy())
    every_point = len(json.dumps(point_columns(points)).encode())
    cells = aggregate_markers(providers)
    cell_bytes = len(json.dumps(cell_columns(cells)).encode())
    drawn = cell_bytes if use_cells(len(providers)) else every_point
    return {"map_layer_bytes": drawn, "map_every_point_bytes": every_point, "map_cells": len(cells),
            "map_cell_bytes": cell_bytes, "map_uses_cells": use_cells(len(providers)),
            "map_s": time.perf_counter() - start}


def measure(path: str, *, design_id: str = "pcc42", repeats: int = 3, with_map: bool = True) -> dict:
    """Load, reach, prepare + score and peak RSS for one provider file (run in a fresh process)."""
    from geo.reach import small_area_index
    from lotdesign.core.designs import get_design
    from lotdesign.core.params import ScoringParams
    from lotdesign.importing.providers import compute_provider_reach, load_providers
    from lotdesign.core.scoring import prepare_design, score_design, vcs_edges

    busy0, wall0 = lib.machine_busy_seconds(), time.perf_counter()
    own0 = time.process_time()
    reference_s = reference_seconds()
    out = {"reference_s": reference_s}

    t0, c0 = time.perf_counter(), time.process_time()
    load = load_providers(path, source_name=Path(path).name, synthetic=True)
    out["load_s"], out["load_cpu_s"] = time.perf_counter() - t0, time.process_time() - c0
    providers = load.accepted
    out["n"] = len(providers)
    out["n_rejected"] = int(load.n_rejected)
    out["rss_after_load_mb"] = lib.peak_rss_mb()

    t0, c0 = time.perf_counter(), time.process_time()
    small_area_index()
    out["index_s"] = time.perf_counter() - t0
    reach = compute_provider_reach(providers)
    out["reach_matrix_s"] = time.perf_counter() - t0 - out["index_s"]
    t1 = time.perf_counter()
    edges = vcs_edges(providers, reach)
    out["vcs_edges_s"] = time.perf_counter() - t1
    out["reach_s"], out["reach_cpu_s"] = time.perf_counter() - t0, time.process_time() - c0
    out["edge_pairs"] = int(len(reach.edge_area))
    out["full_unit_entries"] = int(reach.full.nnz)
    out["rss_after_reach_mb"] = lib.peak_rss_mb()

    design = get_design(design_id)
    params = ScoringParams()
    runs, cpu = [], []
    for _ in range(repeats):
        context = None
        gc.collect()
        t0, c0 = time.perf_counter(), time.process_time()
        context = prepare_design(providers, reach, design, edges=edges)
        result = score_design(providers, reach, design, params, context=context)
        runs.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    out["score_ms"] = 1000 * statistics.median(runs)
    out["score_cpu_ms"] = 1000 * statistics.median(cpu)
    out["score_runs_ms"] = [1000 * r for r in runs]
    out["prime_coverage"] = float(result.summary["prime_coverage"])
    out["design"] = design_id
    out["peak_rss_mb"] = lib.peak_rss_mb()
    if with_map:
        out.update(map_layer_bytes(providers))
    busy1 = lib.machine_busy_seconds()
    wall = time.perf_counter() - wall0
    if busy0 is not None and busy1 is not None:
        others = max(0.0, (busy1 - busy0) - (time.process_time() - own0))
        out["others_cpu_share"] = others / (wall * (os.cpu_count() or 1))
    return out


def _in_fresh_process(function, *args, **kwargs):
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(function, *args, **kwargs).result()


def fitted_exponent(sizes, values) -> float:
    """Least-squares slope of log(value) on log(size): 1 is linear."""
    import numpy as np

    sizes, values = np.asarray(sizes, float), np.asarray(values, float)
    ok = (sizes > 0) & (values > 0) & np.isfinite(values)
    if ok.sum() < 2:
        return math.nan
    return float(np.polyfit(np.log(sizes[ok]), np.log(values[ok]), 1)[0])


def run(sizes=SIZES, *, directory: Path = lib.OUTPUT_DIR, repeats: int = 3, fresh: bool = True) -> dict:
    """Measure every size (each in a fresh process unless ``fresh`` is false) and fit exponents."""
    rows = []
    for n in sizes:
        written = _in_fresh_process(lib.write_providers, n, directory=directory) if fresh else \
            lib.write_providers(n, directory=directory)
        figures = (_in_fresh_process(measure, str(written["path"]), repeats=repeats) if fresh
                   else measure(str(written["path"]), repeats=repeats))
        figures["generate_s"] = written["generate_s"]
        rows.append(figures)
    ns = [r["n"] for r in rows]
    result = {
        "rows": rows,
        "scale_exponent_load": fitted_exponent(ns, [r["load_s"] for r in rows]),
        "scale_exponent_reach": fitted_exponent(ns, [r["reach_s"] for r in rows]),
        "scale_exponent_score": fitted_exponent(ns, [r["score_ms"] for r in rows]),
        "scale_exponent_rss": fitted_exponent(ns, [r["peak_rss_mb"] for r in rows]),
        # The same fits on CPU seconds, which other processes on a shared machine disturb less.
        "scale_exponent_load_cpu": fitted_exponent(ns, [r["load_cpu_s"] for r in rows]),
        "scale_exponent_reach_cpu": fitted_exponent(ns, [r["reach_cpu_s"] for r in rows]),
        "scale_exponent_score_cpu": fitted_exponent(ns, [r["score_cpu_ms"] for r in rows]),
    }
    largest = rows[-1]
    if len(rows) > 1:
        # Memory per 10,000 organisations, from the two largest sizes (the slope, not the fixed part).
        a, b = rows[-2], rows[-1]
        result["rss_mb_per_10k"] = (b["peak_rss_mb"] - a["peak_rss_mb"]) / (b["n"] - a["n"]) * 10_000
    result["largest"] = largest["n"]
    return result


def table_lines(result: dict) -> list[str]:
    header = ("organisations", "load s (CPU)", "reach s (CPU)", "prep+score ms (CPU)", "peak RSS MB", "map layer KB",
              "edge pairs", "ref s", "others' CPU")
    rows = []
    for r in result["rows"]:
        rows.append((f"{r['n']:,}", f"{r['load_s']:.2f} ({r['load_cpu_s']:.2f})", f"{r['reach_s']:.2f} ({r['reach_cpu_s']:.2f})",
                     f"{r['score_ms']:.0f} ({r['score_cpu_ms']:.0f})",
                     f"{r['peak_rss_mb']:,.0f}", f"{r.get('map_layer_bytes', 0) / 1e3:,.0f}"
                     + (" (cells)" if r.get("map_uses_cells") else ""),
                     f"{r['edge_pairs']:,}", f"{r['reference_s']:.3f}", f"{r.get('others_cpu_share', math.nan):.0%}"))
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in rows]
    return lines


def name_values(result: dict) -> dict:
    """The name=value figures: at the largest size measured, plus the fitted exponents."""
    largest = result["rows"][-1]
    tag = f"{round(largest['n'] / 1000)}k"
    return {
        f"load_{tag}_s": largest["load_s"],
        f"reach_{tag}_s": largest["reach_s"],
        f"score_{tag}_ms": largest["score_ms"],
        f"peak_rss_{tag}_mb": largest["peak_rss_mb"],
        f"map_layer_{tag}_mb": largest.get("map_layer_bytes", math.nan) / 1e6,
        f"reference_{tag}_s": largest["reference_s"],
        f"load_{tag}_cpu_s": largest["load_cpu_s"],
        f"reach_{tag}_cpu_s": largest["reach_cpu_s"],
        f"score_{tag}_cpu_ms": largest["score_cpu_ms"],
        "scale_exponent_load": result["scale_exponent_load"],
        "scale_exponent_reach": result["scale_exponent_reach"],
        "scale_exponent_score": result["scale_exponent_score"],
        "rss_mb_per_10k": result.get("rss_mb_per_10k", math.nan),
    }


def report(result: dict) -> None:
    for line in table_lines(result):
        print(line)
    r = result["rows"][-1]
    print(f"at {r['n']:,}: reach = small-area index {r['index_s']:.2f} s + reach matrix {r['reach_matrix_s']:.2f} s "
          f"+ VCS coverage facts {r['vcs_edges_s']:.2f} s; CPU seconds: load {r['load_cpu_s']:.2f}, reach "
          f"{r['reach_cpu_s']:.2f}, prepare+score {r['score_cpu_ms']:.0f} ms; peak RSS after load "
          f"{r['rss_after_load_mb']:,.0f} MB, after reach {r['rss_after_reach_mb']:,.0f} MB")
    if "map_every_point_bytes" in r:
        drawn = f"{r['map_cells']:,} cells of 10 km" if r["map_uses_cells"] else "one marker per organisation"
        print(f"map organisations layer at {r['n']:,}: {r['map_layer_bytes'] / 1e6:.3f} MB as drawn ({drawn}); "
              f"one marker per organisation would be {r['map_every_point_bytes'] / 1e6:.1f} MB")
    print("exponents (slope of log time on log organisations): "
          f"load {result['scale_exponent_load']:.2f}, reach {result['scale_exponent_reach']:.2f}, "
          f"score {result['scale_exponent_score']:.2f}, peak RSS {result['scale_exponent_rss']:.2f}; "
          f"on CPU seconds: load {result['scale_exponent_load_cpu']:.2f}, reach {result['scale_exponent_reach_cpu']:.2f}, "
          f"score {result['scale_exponent_score_cpu']:.2f}")
    print("ref s: a fixed numpy workload timed in each child (slower = busier machine); others' CPU: share of "
          "the machine's CPUs other processes used while that size was measured.")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(str(s) for s in SIZES), help="organisation counts")
    parser.add_argument("--repeats", type=int, default=3, help="fresh prepare+score runs per size (median)")
    parser.add_argument("--json-out", help="write every figure to this JSON file")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    result = run(sizes, repeats=args.repeats)
    report(result)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(result, indent=2, default=str))
    figures = name_values(result)
    for name, target in TARGETS.items():
        if name in figures:
            value = figures[name]
            print(f"{name}: {value:.3g} (target ≤ {target:g}) {'PASS' if value <= target else 'MISS'}")
    for name, value in figures.items():
        print(f"{name}={value:.6g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
