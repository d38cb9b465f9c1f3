"""Run every benchmark in one go and print the figures with their targets (``make bench``).

    python benchmarks/run_all.py [--providers N] [--skip-app] [--naive-sizes 500,1000,2000]

The library benchmarks run in this process on the synthetic benchmark set
(``lotdesign.importing.demo.BENCHMARK_SIZE`` = 13,500 organisations, written to ``benchmarks/output/`` and
loaded like a user's file); then ``benchmarks/bench_app.py`` runs as a subprocess (Streamlit
server + headless chromium) and passes its figures back as JSON. The output ends with one
``name=value`` line per figure, preceded by a ``machine=...`` line.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import bench_library as lib  # noqa: E402  (benchmarks/ is not a package; the path is set just above)
import bench_report  # noqa: E402

#: (name, unit, target kind, target value, description). Kinds: "max" (≤), "min" (≥), None (no target).
FIGURES = (
    ("reach_s", "s", "max", 2.0, "provider × LAD reach matrix (best of 3 after a warm-up)"),
    ("score_design_ms", "ms", "max", 100.0, "one design, every metric, prepared context (median over designs)"),
    ("score_pdu_ms", "ms", "max", 100.0, "pdu_units (102 lots), every metric, prepared context (same run as score_design_ms)"),
    ("score_pdu_per_lot_vs_pcc42", "×", "max", 1.0, "ms per lot, pdu_units ÷ pcc42 (same run): a finer lot costs no more"),
    ("rescore_eligibility_ms", "ms", "max", 5.0, "eligibility-only re-scoring with changed parameters (median over designs)"),
    ("sweep_1000_s", "s", None, None, "1,000 random PFA groupings, eligibility only"),
    ("consortium_ms", "ms", "max", 500.0, "consortium search, worst design, most lots searched (bench_levers.py)"),
    ("robustness_grid_s", "s", "max", 10.0, "robustness grid, 1,750 combinations, cold cache (bench_levers.py)"),
    ("naive_overlay_s_per_design", "s", None, None, "naive geopandas overlay baseline per design (extrapolated, amortised)"),
    ("speedup_vs_naive", "×", "min", 100.0, "naive per design ÷ ours per design (same amortisation)"),
    ("first_map_s", "s", "max", 5.0, "server start → map rendered in chromium"),
    ("design_switch_s", "s", "max", 1.0, "design changed in the UI → headline figure changed"),
    ("map_payload_mb", "MB", "max", 3.0, "map HTML/GeoJSON sent to the browser, demo data"),
    ("peak_rss_mb", "MB", "max", 1024.0, "peak RSS of this benchmark process"),
    ("server_peak_rss_mb", "MB", "max", 1024.0, "peak RSS (VmHWM) of the Streamlit server"),
    ("load_170k_s", "s", "max", 4.0, "load_providers, 170,000 organisations (fresh process; bench_scale.py)"),
    ("reach_170k_s", "s", "max", 4.0, "small-area index + reach + VCS coverage facts, 170,000 organisations"),
    ("score_170k_ms", "ms", "max", 300.0, "prepare_design + first score_design of one design, 170,000 organisations"),
    ("peak_rss_170k_mb", "MB", "max", 1500.0, "peak RSS of the process doing all of the above at 170,000"),
    ("map_layer_170k_mb", "MB", "max", 5.0, "organisations layer of the map at 170,000 (counts per 10 km square)"),
    ("scale_exponent_load", "", "max", 1.1, "fitted exponent of load time, 1,000 → 170,000 organisations"),
    ("scale_exponent_reach", "", "max", 1.1, "fitted exponent of reach time"),
    ("scale_exponent_score", "", "max", 1.1, "fitted exponent of prepare + score time"),
    ("first_screen_ratio", "×", "max", 1.5, "warm server: page opened → headline, ÷ the same for a one-map page"),
    ("server_cpu_per_session_s", "s", "max", 0.5, "server CPU per new session, 10 sessions at once, demo data"),
    ("memory_per_session_mb", "MB", None, None, "server memory per extra session"),
    ("concurrent_10_ratio", "×", None, None, "slowest of 10 sessions at once ÷ a lone session (browsers share the CPUs)"),
    ("sessions_isolated", "", "min", 1.0, "1 = no session saw another's upload"),
    ("report_s", "s", "max", 20.0, "evidence pack (demo data, 2 designs): assemble + HTML + PDF + Word, first run"),
    ("suggest_k100_s", "s", None, None, "design search, 100 lots of districts, demo data (bench_pdu.py)"),
    ("suggest_k42_lad_s", "s", None, None, "reference for suggest_k100_s: the same search for 42 lots, same run"),
    ("curve_4_100_s", "s", None, None, "lot-count curve 4..100 with the built-ins marked, demo data (bench_pdu.py)"),


    ("soak_rss_growth_mb_per_100", "MB", "max", 50.0, "server memory growth per 100 sessions after the warm-up (bench_soak.py)"),
    ("soak_errors", "", "max", 0.0, "failed steps, page exceptions and server tracebacks over the soak"),
    ("soak_first_screen_ratio", "×", "max", 1.2, "median first screen, last 10 sessions ÷ first 10 after the warm-up"),
)


def machine_line() -> str:
    import numpy

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = float("nan")
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    blas = os.environ.get("OPENBLAS_CORETYPE")
    extra = f"; OPENBLAS_CORETYPE={blas}" if blas else ""
    return (f"nproc={os.cpu_count()}; cpu={cpu}; ram_gb={ram_gb:.1f}; python={platform.python_version()}; "
            f"numpy={numpy.__version__}; os={platform.system()} {platform.release()}{extra}")


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages (other processes inflate every timing here)."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def own_cpu_seconds() -> float:
    """CPU seconds used by this process and the children it has waited for (and theirs)."""
    import resource

    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def other_load(busy_start, own_start, wall_start) -> tuple[str, bool]:
    """How much CPU other processes took during the run (they inflate every timing)."""
    busy_end = lib.machine_busy_seconds()
    if busy_start is None or busy_end is None:
        return "unknown", False
    wall = time.perf_counter() - wall_start
    others = max(0.0, (busy_end - busy_start) - (own_cpu_seconds() - own_start))
    share = others / (wall * (os.cpu_count() or 1))
    return f"{others:.0f} CPU-s of {wall * (os.cpu_count() or 1):.0f} available ({share:.0%} of the machine)", share > 0.10


def fmt(value, digits=3) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    if isinstance(value, (int,)) and not isinstance(value, bool):
        return f"{value:,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.{digits}g}"


def status(value, kind, target) -> str:
    if kind is None:
        return "(info)"
    if value is None or not math.isfinite(value):
        return "NOT MEASURED"
    ok = value <= target if kind == "max" else value >= target
    return "PASS" if ok else "MISS"


def table(rows, headers) -> str:
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) if rows else len(str(h)) for i, h in enumerate(headers)]
    line = "  ".join(str(h).ljust(w) for h, w in zip(headers, widths))
    out = [line, "  ".join("-" * w for w in widths)]
    for r in rows:
        out.append("  ".join(str(c).ljust(w) for c, w in zip(r, widths)))
    return "\n".join(out)


def section(title: str) -> None:
    print(f"\n== {title} " + "=" * max(0, 88 - len(title)), flush=True)


def in_child(function, *args, **kwargs):
    """Run ``function`` in a fresh (spawned) process and return its result."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(function, *args, **kwargs).result()


def run_app_bench(args) -> dict:
    """Run bench_app.py in a subprocess; return its JSON figures (or an error)."""
    out = lib.OUTPUT_DIR / "app_figures.json"
    out.unlink(missing_ok=True)
    command = [sys.executable, str(HERE / "bench_app.py"), "--json-out", str(out)]
    if args.app_timeout:
        command += ["--timeout", str(args.app_timeout)]
    start = time.perf_counter()
    try:
        completed = subprocess.run(command, cwd=ROOT, timeout=args.app_timeout + 120, capture_output=True, text=True,
                                   check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"bench_app.py did not finish in {args.app_timeout + 120} s"}
    elapsed = time.perf_counter() - start
    if completed.stdout.strip():
        print(completed.stdout.rstrip())
    figures = {}
    if out.exists():
        figures = json.loads(out.read_text())
    if completed.returncode != 0 and "error" not in figures:
        tail = "\n".join(completed.stderr.strip().splitlines()[-15:])
        figures["error"] = f"bench_app.py exited with {completed.returncode}:\n{tail}"
    figures["wall_s"] = elapsed
    return figures


def main(argv=None) -> int:
    from lotdesign.importing.demo import BENCHMARK_SIZE

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--providers", type=int, default=BENCHMARK_SIZE, help="synthetic providers (default %(default)s)")
    parser.add_argument("--naive-sizes", default="1000,2000,4000", help="provider subsets the naive baseline runs on")
    parser.add_argument("--sweep", type=int, default=1000, help="random designs in the sweep")
    parser.add_argument("--skip-app", action="store_true", help="leave out the browser benchmarks")
    parser.add_argument("--app-timeout", type=int, default=240, help="seconds bench_app.py may take")
    parser.add_argument("--scale-sizes", default="1000,13500,50000,170000",
                        help="organisation counts of the scaling table (bench_scale.py)")
    parser.add_argument("--skip-scale", action="store_true", help="leave out the scaling table")
    parser.add_argument("--skip-sessions", action="store_true", help="leave out the first-screen and 10-session figures")
    parser.add_argument("--skip-suggest", action="store_true", help="leave out the design-search benchmarks")
    parser.add_argument("--skip-soak", action="store_true", help="leave out the day-of-use soak (bench_soak.py)")
    parser.add_argument("--soak-sessions", type=int, default=200, help="sessions one after another in the soak")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    figures: dict[str, float | None] = {}
    rss = {}

    print("Lot Design Explorer benchmarks")
    print(f"machine: {machine_line()}")
    load_start = load_average()
    busy_start, own_start = lib.machine_busy_seconds(), own_cpu_seconds()
    print(f"load average at start (1, 5, 15 min): {load_start}")

    section(f"Providers: {args.providers:,} synthetic organisations (lotdesign.importing.demo, seed fixed)")
    # Generating the set is benchmark set-up, not library work: it runs in a child process so
    # that its memory does not count in this process's peak RSS.
    written = in_child(lib.write_providers, args.providers)
    loaded = lib.load_benchmark_providers(written["path"])
    accepted = loaded["accepted"]
    print(f"generated in {written['generate_s']:.2f} s and written to {written['path'].relative_to(ROOT)} "
          f"(child process, peak RSS {written['peak_rss_mb']:,.0f} MB); loaded with load_providers in "
          f"{loaded['load_s']:.2f} s: {len(accepted):,} accepted, {loaded['n_rejected']:,} rejected")
    rss["after load"] = lib.peak_rss_mb()

    section("Reach: geo.reach.compute_reach via lotdesign.importing.providers.compute_provider_reach")
    reach_figures, reach = lib.bench_reach(accepted)
    figures["reach_s"] = reach_figures["reach_s"]
    kinds = ", ".join(f"{k} {v:,}" for k, v in reach_figures["service_area_kinds"].items())
    print(f"providers {reach_figures['providers']:,} ({kinds})")
    print(f"full-unit entries {reach_figures['full_unit_entries']:,}; edge (provider, small-area) pairs {reach_figures['edge_pairs']:,}")
    print(f"small-area index first call {reach_figures['index_first_call_s']:.3f} s (cached afterwards); "
          f"warm-up {reach_figures['reach_warmup_s']:.3f} s; runs "
          + ", ".join(f"{t:.3f}" for t in reach_figures["reach_runs_s"]) + f" s; best {reach_figures['reach_s']:.3f} s")
    rss["after reach"] = lib.peak_rss_mb()

    section("Scoring: prepare_design, score_design (every metric), prime_eligibility (changed params)")
    scoring = lib.bench_scoring(accepted, reach)
    per = scoring["per_design"]
    rows = [
        (r.Index, r.n_lots, f"{r.prepare_ms:.1f}", f"{r.first_score_ms:.1f}", f"{r.prepare_ms + r.first_score_ms:.1f}",
         f"{r.score_ms:.1f}", f"{r.score_max_ms:.1f}", f"{r.rescore_ms:.3f}")
        for r in per.itertuples()
    ]
    print(table(rows, ["design", "lots", "prepare ms", "1st score ms", "prep+1st ms", "score ms (median)", "score max ms", "rescore elig ms"]))
    print(f"score: median of {scoring['repeats']} calls per design with parameters changing every call; "
          f"rescore: median of {scoring['rescore_repeats']} prime_eligibility calls; prepare and 1st score: median of 5 fresh contexts.")
    print(f"score_design_ms = median over designs {scoring['score_design_ms']:.1f} ms; prepare {scoring['prepare_ms']:.1f} ms; "
          f"prepare + first score (a design shown for the first time) {scoring['fresh_design_ms']:.1f} ms; "
          f"rescore_eligibility_ms = {scoring['rescore_eligibility_ms']:.3f} ms (worst design {scoring['rescore_eligibility_max_ms']:.3f} ms)")
    figures["score_design_ms"] = scoring["score_design_ms"]
    figures["score_pdu_ms"] = scoring.get("score_pdu_ms")
    figures["score_pdu_per_lot_vs_pcc42"] = scoring.get("score_pdu_per_lot_vs_pcc42")
    if "score_pdu_ms" in scoring:
        print(f"score_pdu_ms = {scoring['score_pdu_ms']:.1f} ms (pdu_units); per lot ÷ pcc42's: "
              f"{scoring['score_pdu_per_lot_vs_pcc42']:.2f}")
    figures["rescore_eligibility_ms"] = scoring["rescore_eligibility_ms"]
    rss["after scoring"] = lib.peak_rss_mb()

    section(f"Sweep: {args.sweep:,} random designs, eligibility only (scoring.eligibility_for_assignment)")
    try:
        sweep = lib.bench_sweep(accepted, reach, n_designs=args.sweep)
    except ImportError as error:
        print(f"not measured: {error}")
        figures["sweep_1000_s"] = None
    else:
        print(f"{sweep['n_designs']:,} groupings of the 43 PFAs into {sweep['lots_min']}–{sweep['lots_max']} lots "
              f"(median {sweep['lots_median']:.0f}), seeded, expanded to {reach.index.n_units} units; generating them "
              f"{sweep['generate_s']:.2f} s (not counted)")
        print(f"eligibility for all: {sweep['sweep_s']:.2f} s ({sweep['per_design_ms']:.2f} ms a design; "
              f"{sweep['eligible_pairs']:,} eligible provider–lot pairs in total)")
        # Scaled to 1,000 designs when --sweep asks for another number (default: exactly 1,000).
        figures["sweep_1000_s"] = sweep["sweep_s"] * 1000 / sweep["n_designs"]
    rss["after sweep"] = lib.peak_rss_mb()

    section("Levers: consortium search and the robustness grid (benchmarks/bench_levers.py)")
    import bench_levers

    consortia = bench_levers.bench_consortia(accepted, reach)
    robust = bench_levers.bench_robustness(accepted, reach)
    bench_levers.report(consortia, robust, scoring["score_design_ms"], name_values=False)
    figures["consortium_ms"] = consortia["consortium_ms"]
    figures["robustness_grid_s"] = robust["robustness_grid_s"]
    rss["after levers"] = lib.peak_rss_mb()

    section("Naive baseline: geopandas buffers → overlay with dissolved lots → sjoin LSOA points → groupby")
    sizes = [int(s) for s in args.naive_sizes.split(",") if s.strip()]
    # In a child process: the baseline's memory is not the library's.
    naive = in_child(lib.bench_naive, accepted, sizes=sizes)
    measured = naive["measured"]
    design_ids = [c for c in measured.columns if c != "areas_s"]
    rows = []
    for n, r in measured.iterrows():
        rows.append((f"{n:,} (measured)", f"{r.areas_s:.2f}", *(f"{r[d]:.2f}" for d in design_ids)))
    rows.append((f"{naive['target_n']:,} (fit a+b·n)", f"{naive['fits']['areas_s'][0]:.1f}",
                 *(f"{naive['fits'][d][0]:.1f}" for d in design_ids)))
    print(table(rows, ["providers", "areas s (once)", *(f"{d} s" for d in design_ids)]))
    print(f"Measured on nested random subsets of {', '.join(f'{s:,}' for s in naive['sizes'])} providers, not on all "
          f"{naive['target_n']:,}; each time fitted as a + b·n (least squares) and read at n = {naive['target_n']:,}: "
          "a linear extrapolation, which if anything flatters the baseline (its sjoin would hold ~20 million rows).")
    print("Per design: dissolve_lots(kind='analysis') + overlay(areas, lots, 'intersection') + sjoin(points within pieces) "
          "+ groupby + lot totals (sjoin points within lots). Once: service-area polygons (buffer quad_segs=16, "
          "union_all of listed LADs, union of E&W for national).")
    comparison = lib.compare_naive(naive, reach_figures, scoring)
    n_designs = comparison["n_designs"]
    print(f"Compared work, amortised over the {n_designs} built-in designs, at {naive['target_n']:,} providers:")
    print(f"  naive: (service areas once {naive['areas_s_at_target']:.1f} s + Σ per-design "
          f"{sum(naive['per_design_s_at_target'].values()):.1f} s) / {n_designs} = {comparison['naive_overlay_s_per_design']:.2f} s a design")
    print(f"  ours : (reach + VCS edges once {reach_figures['reach_s'] + scoring['edges_s']:.3f} s + Σ (prepare_design + first score_design, every metric) "
          f"{(per['prepare_ms'] + per['first_score_ms']).sum() / 1000:.3f} s) / {n_designs} = {comparison['ours_s_per_design']:.3f} s a design")
    print(f"  speedup_vs_naive = {comparison['speedup_vs_naive']:.0f}× (ours computes every metric; the baseline only lot reach)")
    print(f"  other views: one design from scratch {comparison['naive_one_design_from_scratch_s']:.1f} s vs "
          f"{comparison['ours_one_design_from_scratch_s']:.3f} s = {comparison['speedup_one_design_from_scratch']:.0f}×; "
          f"each further design {comparison['speedup_each_further_design']:.0f}×")
    check = naive["cross_check"]
    same = check["same_convention"]
    as_is = check["as_is"]
    print(f"Cross-check on {check['n']:,} providers, {check['design']}, buffers quad_segs={check['quad_segs']}:")
    print(f"  same geometric conventions (small areas placed by point-in-polygon: {check['geometric_index']['in_another_lad_polygon']} "
          f"fall in another LAD's polygon, {check['geometric_index']['outside_every_polygon']} outside all; "
          f"{check['band_providers_excluded']} circle(s) with a point in the polygon/circle sliver left out): max |Δ reach share| "
          f"radius {same['radius']['max_abs_diff']:.2g} ({same['radius']['providers']} providers), listed "
          f"{same['listed']['max_abs_diff']:.2g} ({same['listed']['providers']}), national {same['national']['max_abs_diff']:.2g} "
          f"({same['national']['providers']})")
    print(f"  as is (library places small areas by the ONS LSOA→LAD lookup): max |Δ| {as_is['all']['max_abs_diff']:.3g}, "
          f"{as_is['all']['pairs_off']:,} of {as_is['all']['pairs_nonzero']:,} non-zero pairs differ by > 1e-9 — a definitional "
          "difference of the baseline, not an error of either")
    figures["naive_overlay_s_per_design"] = comparison["naive_overlay_s_per_design"]
    figures["speedup_vs_naive"] = comparison["speedup_vs_naive"]
    figures["ours_s_per_design"] = comparison["ours_s_per_design"]
    figures["peak_rss_mb"] = lib.peak_rss_mb()
    print("Peak RSS (ru_maxrss) of this process — the library work: loading, reach, scoring, sweep — after each phase: "
          + "; ".join(f"{k} {v:,.0f} MB" for k, v in rss.items())
          + f". The naive baseline ran in a child process (peak {naive['peak_rss_mb']:,.0f} MB at "
          f"{max(naive['sizes']):,} providers), as did generating the providers ({written['peak_rss_mb']:,.0f} MB).")

    section("Evidence pack: lotdesign.report on the demo data (benchmarks/bench_report.py)")
    from lotdesign.importing.workspace import load_provider_set

    report = bench_report.bench_report(load_provider_set())
    bench_report.print_figures(report)
    figures["report_s"] = report["report_s"]
    figures["score_two_designs_s"] = report["score_two_designs_s"]

    suggest_lines = []
    if args.skip_suggest:
        section("Design search: skipped (--skip-suggest)")
    else:
        section("Design search: benchmarks/bench_suggest.py (demo providers, PCC-area level)")
        suggest_lines = run_suggest_bench()

    if args.skip_suggest:
        section("Finer lots: skipped (--skip-suggest)")
    else:
        section("Finer lots: benchmarks/bench_pdu.py (demo providers; 100 lots of districts, curve 4..100)")
        for name_value in run_subprocess_bench("bench_pdu.py", "--repeats", "5"):
            name, _, value = name_value.partition("=")
            if name in ("suggest_k100_s", "suggest_k42_lad_s", "curve_4_100_s"):
                figures[name] = float(value)

    if args.skip_scale:
        section("Scaling: skipped (--skip-scale)")
    else:
        import bench_scale

        sizes = [int(v) for v in args.scale_sizes.split(",") if v.strip()]
        section(f"Scaling: {', '.join(f'{v:,}' for v in sizes)} organisations, each in a fresh process (bench_scale.py)")
        scale = bench_scale.run(sizes)
        bench_scale.report(scale)
        figures.update(bench_scale.name_values(scale))

    app = {}
    if args.skip_app:
        section("App: skipped (--skip-app)")
    else:
        section("App: streamlit run app.py + headless chromium (benchmarks/bench_app.py)")
        app = run_app_bench(args)
        if app.get("error"):
            print(f"app benchmark incomplete: {app['error']}")
    for name in ("first_map_s", "design_switch_s", "map_payload_mb", "server_peak_rss_mb", "design_switch_max_s", "map_switch_s"):
        value = app.get(name)
        figures[name] = float(value) if isinstance(value, (int, float)) else None
    for note in app.get("notes", []):
        print(f"note: {note}")

    if not (args.skip_app or args.skip_sessions):
        section("First screen and 10 sessions at once (benchmarks/bench_sessions.py)")
        out = lib.OUTPUT_DIR / "sessions_figures.json"
        out.unlink(missing_ok=True)
        completed = subprocess.run([sys.executable, str(HERE / "bench_sessions.py"), "--json-out", str(out)], cwd=ROOT,
                                   capture_output=True, text=True, check=False, timeout=1800)
        print(completed.stdout.rstrip())
        sessions = json.loads(out.read_text()) if out.exists() else {"error": completed.stderr[-2000:]}
        if sessions.get("error"):
            print(f"sessions benchmark incomplete: {sessions['error']}")
        for name in ("first_screen_ratio", "server_cpu_per_session_s", "memory_per_session_mb", "concurrent_10_ratio",
                     "sessions_isolated"):
            value = sessions.get(name)
            figures[name] = float(value) if isinstance(value, (int, float)) else None

    if args.skip_app or args.skip_soak:
        section("Soak: skipped (--skip-soak or --skip-app)")
    else:
        section(f"A day of use: {args.soak_sessions} sessions in a row, then 10 at once (benchmarks/bench_soak.py)")
        figures.update(run_soak_bench(args.soak_sessions))

    section("Figures")
    rows = []
    for name, unit, kind, target, what in FIGURES:
        value = figures.get(name)
        shown_target = "—" if kind is None else (f"≤ {fmt(target)} {unit}" if kind == "max" else f"≥ {fmt(target)}{unit}")
        rows.append((name, f"{fmt(value)} {unit}" if value is not None else "n/a", shown_target, status(value, kind, target), what))
    print(table(rows, ["figure", "value", "target", "result", "what"]))
    others, busy = other_load(busy_start, own_start, started)
    print(f"\nwhole run {time.perf_counter() - started:.0f} s; CPU used by other processes during the run: {others}"
          + (f"  WARNING: other processes competed for the {os.cpu_count()} CPUs; timings are inflated — "
             "re-run on a quiet machine."
             if busy else ""))

    results = {"figures": figures, "machine": machine_line(), "rss_checkpoints_mb": rss, "app": app,
               "load_average_start": load_start, "cpu_used_by_others": others,
               "naive_peak_rss_mb": naive["peak_rss_mb"], "generate_peak_rss_mb": written["peak_rss_mb"],
               "per_design": scoring["per_design"].reset_index().to_dict(orient="records"),
               "naive_measured": naive["measured"].reset_index().to_dict(orient="records"),
               "comparison": comparison, "cross_check": check}
    (lib.OUTPUT_DIR / "results.json").write_text(json.dumps(results, indent=2, default=str))

    print()
    print(f"machine={machine_line()}")
    for name in [f[0] for f in FIGURES] + ["ours_s_per_design", "design_switch_max_s", "map_switch_s", "rss_mb_per_10k",
                                          "score_two_designs_s"]:
        value = figures.get(name)
        print(f"{name}={'nan' if value is None else f'{value:.6g}'}")
    for name_value in suggest_lines:
        print(name_value)
    return 0


def run_subprocess_bench(script: str, *options: str) -> list[str]:
    """Run a benchmark script in a subprocess, echo its output; return its name=value lines."""
    command = [sys.executable, "-W", "ignore", str(HERE / script), *options]
    completed = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=1800)
    print(completed.stdout, end="")
    if completed.returncode:
        print(f"{script} exited with {completed.returncode}:\n{completed.stderr[-2000:]}")
    return [text for text in completed.stdout.splitlines() if "=" in text and not text.startswith("#")]


def run_soak_bench(sessions: int) -> dict:
    """Run bench_soak.py in a subprocess, echo its output; return its three figures."""
    out = lib.OUTPUT_DIR / "soak_figures.json"
    out.unlink(missing_ok=True)
    completed = subprocess.run([sys.executable, str(HERE / "bench_soak.py"), "--sessions", str(sessions), "--json-out", str(out)],
                               cwd=ROOT, capture_output=True, text=True, check=False, timeout=4 * 3600)
    print(completed.stdout.rstrip())
    soak = json.loads(out.read_text()) if out.exists() else {"error": completed.stderr[-2000:]}
    if soak.get("error"):
        print(f"soak benchmark incomplete: {soak['error']}")
    return {name: float(soak[name]) if isinstance(soak.get(name), (int, float)) else None
            for name in ("soak_rss_growth_mb_per_100", "soak_errors", "soak_first_screen_ratio")}


def run_suggest_bench() -> list[str]:
    """Run bench_suggest.py in a subprocess, echo its output; return its name=value lines."""
    return run_subprocess_bench("bench_suggest.py")


if __name__ == "__main__":
    sys.exit(main())
