"""Library benchmarks: reach, scoring, eligibility re-scoring, a design sweep, a naive GIS baseline.

Run through ``benchmarks/run_all.py`` (``make bench``); every function here can also be called
on a small provider set (``tests/test_benchmarks_smoke.py`` does, with no timing assertions).

All timings are wall-clock ``time.perf_counter`` seconds in this one process. Nothing here
changes the library: it calls the same functions the app and the CLI call.
"""

from __future__ import annotations

import gc
import math
import os
import resource
import statistics
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
OUTPUT_DIR = ROOT / "benchmarks" / "output"

#: Parameter sets cycled through when re-scoring, so no call re-uses the previous call's inputs.
#: (Built lazily: importing ScoringParams at module import is fine, but keep the list explicit.)
_PARAM_CHANGES = (
    {},
    {"reach_threshold": 0.7},
    {"turnover_multiple": 3.0},
    {"service": "personal_wellbeing"},
    {"reach_threshold": 0.9, "value_weighting": "females"},
    {"national_budget_gbp": 250_000_000.0},
    {"reach_threshold": 0.5, "turnover_multiple": 1.0},
    {"service": "women", "value_weighting": "females"},
)
#: Segments per quarter circle of the naive baseline's buffers (geopandas/shapely default).
NAIVE_QUAD_SEGS = 16


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, MB (``ru_maxrss`` is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def machine_busy_seconds() -> float | None:
    """CPU seconds the whole machine has spent busy since boot (all CPUs, from ``/proc/stat``).

    Benchmarks read this before and after a run: the difference, less their own CPU time, is
    what other processes took, which inflates every timing on a shared machine.

    Returns
    -------
    float or None
        User, nice, system, irq, softirq and steal time summed over all CPUs; ``None`` where
        ``/proc/stat`` cannot be read (not Linux).
    """
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def _timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def param_variants():
    """The :class:`ScoringParams` cycled through by the re-scoring benchmarks."""
    from lotdesign.core.params import ScoringParams

    return [ScoringParams(**change) for change in _PARAM_CHANGES]


# --- providers ---------------------------------------------------------------------------------


def write_providers(n: int, *, seed: int | None = None, directory: Path = OUTPUT_DIR) -> dict:
    """Generate ``n`` synthetic providers and write them as CSV (benchmark set-up, not measured work).

    Returns ``path``, ``generate_s``, ``write_s`` and ``peak_rss_mb`` (of the calling process).
    """
    from lotdesign.importing.demo import DEMO_SEED, generate_demo_providers

    seed = DEMO_SEED if seed is None else seed
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"providers_synthetic_{n}_seed{seed}.csv"
    generate_s, frame = _timed(generate_demo_providers, n, seed=seed)
    start = time.perf_counter()
    frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return {"path": path, "generate_s": generate_s, "write_s": time.perf_counter() - start, "peak_rss_mb": peak_rss_mb()}


def load_benchmark_providers(path: Path) -> dict:
    """Load a provider CSV like a user's file; ``accepted``, ``load_s``, ``n_input``, ``n_rejected``."""
    from lotdesign.importing.providers import load_providers

    load_s, load = _timed(load_providers, path, source_name=f"synthetic benchmark set ({Path(path).name})", synthetic=True)
    return {"accepted": load.accepted, "load_s": load_s, "n_input": load.n_input_rows, "n_rejected": load.n_rejected}


def prepare_providers(n: int, *, seed: int | None = None, directory: Path = OUTPUT_DIR) -> dict:
    """:func:`write_providers` then :func:`load_benchmark_providers`, in this process."""
    written = write_providers(n, seed=seed, directory=directory)
    return {**written, **load_benchmark_providers(written["path"])}


def providers_and_reach(argv, description: str):
    """The common start of a benchmark: ``--providers N`` synthetic organisations, loaded, with reach.

    Returns the accepted providers and their reach matrix, and prints how many there are.
    """
    import argparse

    from lotdesign.importing.demo import BENCHMARK_SIZE
    from lotdesign.importing.providers import compute_provider_reach

    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--providers", type=int, default=BENCHMARK_SIZE, help="synthetic providers (default %(default)s)")
    args = parser.parse_args(argv)
    accepted = prepare_providers(args.providers)["accepted"]
    reach = compute_provider_reach(accepted)
    print(f"{len(accepted):,} synthetic providers")
    return accepted, reach


# --- reach -------------------------------------------------------------------------------------


def bench_reach(accepted: pd.DataFrame, *, repeats: int = 3) -> tuple[dict, object]:
    """Time :func:`lotdesign.importing.providers.compute_provider_reach`: one warm-up, then best of ``repeats``.

    The small-area index (``geo.reach.small_area_index``, cached for the process) is built
    before the warm-up and timed on its own.
    """
    from geo.reach import small_area_index
    from lotdesign.importing.providers import compute_provider_reach

    index_s, _ = _timed(small_area_index)
    warmup_s, reach = _timed(compute_provider_reach, accepted)
    runs = []
    for _ in range(repeats):
        del reach
        gc.collect()
        seconds, reach = _timed(compute_provider_reach, accepted)
        runs.append(seconds)
    figures = {
        "reach_s": min(runs),
        "reach_runs_s": runs,
        "reach_warmup_s": warmup_s,
        "index_first_call_s": index_s,
        "providers": int(reach.n_providers),
        "full_unit_entries": int(reach.full.nnz),
        "edge_pairs": len(reach.edge_area),
        "service_area_kinds": accepted["service_area_kind"].value_counts().to_dict(),
    }
    return figures, reach


# --- scoring -----------------------------------------------------------------------------------


def bench_scoring(accepted, reach, designs=None, *, repeats: int = 40, fresh_repeats: int = 5,
                  rescore_repeats: int = 400) -> dict:
    """Time preparing and scoring each design, and eligibility-only re-scoring.

    Per design:

    - ``prepare_ms``: :func:`prepare_design` (median of ``fresh_repeats`` fresh contexts);
    - ``first_score_ms``: the first :func:`score_design` on a fresh context (fills the context's
      cached arrays; median of ``fresh_repeats``) — prepare + first score is what showing a
      design for the first time costs;
    - ``score_ms``: :func:`score_design` with every metric on a prepared context, median of
      ``repeats`` calls, parameters changing on every call;
    - ``rescore_ms``: :func:`prime_eligibility` with changed parameters on a prepared context
      (after one call has filled its cached lot reach), median of ``rescore_repeats`` calls.
    """
    from lotdesign.core.designs import builtin_designs
    from lotdesign.core.scoring import prepare_design, prime_eligibility, score_design, vcs_edges

    designs = list(designs) if designs is not None else builtin_designs()
    variants = param_variants()
    # The VCS edge pairs are design-independent: built once per provider set, shared by designs.
    t0 = time.perf_counter()
    edges = vcs_edges(accepted, reach)
    edges_s = time.perf_counter() - t0
    per_design = []
    for design in designs:
        prepare, first = [], []
        context = None
        for _ in range(fresh_repeats):
            context = None
            gc.collect()
            t0 = time.perf_counter()
            context = prepare_design(accepted, reach, design, edges=edges)
            t1 = time.perf_counter()
            score_design(accepted, reach, design, variants[0], context=context)
            t2 = time.perf_counter()
            prepare.append(t1 - t0)
            first.append(t2 - t1)
        score = []
        for k in range(repeats):
            params = variants[k % len(variants)]
            t0 = time.perf_counter()
            result = score_design(accepted, reach, design, params, context=context)
            score.append(time.perf_counter() - t0)
        assert np.isfinite(result.summary["prime_coverage"])
        prime_eligibility(context, variants[0])
        rescore = []
        for k in range(rescore_repeats):
            params = variants[k % len(variants)]
            t0 = time.perf_counter()
            eligible = prime_eligibility(context, params)
            rescore.append(time.perf_counter() - t0)
        per_design.append(
            {
                "design": design.id,
                "n_lots": len(context.lots),
                "prepare_ms": 1000 * statistics.median(prepare),
                "first_score_ms": 1000 * statistics.median(first),
                "score_ms": 1000 * statistics.median(score),
                "score_max_ms": 1000 * max(score),
                "rescore_ms": 1000 * statistics.median(rescore),
                "eligible_pairs": int(eligible.sum()),
            }
        )
    table = pd.DataFrame(per_design).set_index("design")
    return {
        "per_design": table,
        **_pdu_figures(table),
        "edges_s": edges_s,
        "score_design_ms": float(table["score_ms"].median()),
        "prepare_ms": float(table["prepare_ms"].median()),
        "first_score_ms": float(table["first_score_ms"].median()),
        "fresh_design_ms": float((table["prepare_ms"] + table["first_score_ms"]).median()),
        "rescore_eligibility_ms": float(table["rescore_ms"].median()),
        "rescore_eligibility_max_ms": float(table["rescore_ms"].max()),
        "repeats": repeats,
        "rescore_repeats": rescore_repeats,
    }


def _pdu_figures(table: pd.DataFrame) -> dict:
    """score_pdu_ms (pdu_units, ~100 lots) and its ms per lot ÷ pcc42's, from the same run's per-design table."""
    if not {"pdu_units", "pcc42"} <= set(table.index):
        return {}
    pdu, pcc = table.loc["pdu_units"], table.loc["pcc42"]
    return {"score_pdu_ms": float(pdu["score_ms"]),
            "score_pdu_per_lot_vs_pcc42": float((pdu["score_ms"] / pdu["n_lots"]) / (pcc["score_ms"] / pcc["n_lots"]))}


# --- sweep -------------------------------------------------------------------------------------


def random_pfa_designs(n_designs: int, unit_codes, *, seed: int = 6, min_lots: int = 5, max_lots: int = 42):
    """``n_designs`` random groupings of the 43 PFAs into ``min_lots``–``max_lots`` non-empty lots.

    Returns a list of ``(lot_of_unit, n_lots)``: each unit's lot (0..n_lots-1) in ``unit_codes``
    order, via ``geo.units.load_units()['pfa_code']``.
    """
    from geo.units import load_units

    pfa_of_unit_code = load_units()["pfa_code"].reindex(list(unit_codes))
    if pfa_of_unit_code.isna().any():
        raise ValueError("reach units and geo.units.load_units() disagree")
    pfas, pfa_of_unit = np.unique(pfa_of_unit_code.to_numpy(), return_inverse=True)
    n_pfas = len(pfas)
    rng = np.random.default_rng(seed)
    designs = []
    for _ in range(n_designs):
        n_lots = int(rng.integers(min_lots, min(max_lots, n_pfas) + 1))
        order = rng.permutation(n_pfas)
        lot_of_pfa = np.empty(n_pfas, dtype=np.int64)
        lot_of_pfa[order[:n_lots]] = np.arange(n_lots)  # every lot gets at least one PFA
        lot_of_pfa[order[n_lots:]] = rng.integers(0, n_lots, n_pfas - n_lots)
        designs.append((lot_of_pfa[pfa_of_unit], n_lots))
    return designs


def bench_sweep(accepted, reach, *, n_designs: int = 1000, seed: int = 6) -> dict:
    """Eligibility of ``n_designs`` random PFA groupings via ``eligibility_for_assignment``.

    Generating the random designs is timed separately; the figure is the loop of
    ``eligibility_for_assignment`` calls (plus summing each result, so the work is used).
    """
    from lotdesign.core.params import ScoringParams
    from lotdesign.core.scoring import eligibility_for_assignment

    generate_s, designs = _timed(random_pfa_designs, n_designs, reach.index.unit_codes, seed=seed)
    income = accepted["income_gbp"].to_numpy(float)
    params = ScoringParams()
    gc.collect()
    eligible_pairs = 0
    start = time.perf_counter()
    for lot_of_unit, n_lots in designs:
        eligible_pairs += int(eligibility_for_assignment(reach, income, lot_of_unit, n_lots, params).sum())
    sweep_s = time.perf_counter() - start
    lots = np.array([n for _, n in designs])
    return {
        "sweep_s": sweep_s,
        "n_designs": n_designs,
        "per_design_ms": 1000 * sweep_s / n_designs,
        "generate_s": generate_s,
        "lots_min": int(lots.min()),
        "lots_median": float(np.median(lots)),
        "lots_max": int(lots.max()),
        "eligible_pairs": eligible_pairs,
    }


# --- the naive GIS baseline --------------------------------------------------------------------


def small_area_points():
    """The LSOA population-weighted centroids as a GeoDataFrame (EPSG:27700), with population."""
    import geopandas as gpd

    from geo.crs import ANALYSIS_CRS
    from geo.units import load_small_areas

    small = load_small_areas()
    return gpd.GeoDataFrame(
        small[["lsoa_code", "lad_code", "population"]],
        geometry=gpd.points_from_xy(small["x"], small["y"]),
        crs=ANALYSIS_CRS,
    )


def naive_service_areas(providers: pd.DataFrame, *, quad_segs: int = NAIVE_QUAD_SEGS):
    """Each provider's service area as a polygon, the way a GIS analyst would draw it.

    A circle (``buffer`` of the base point, ``quad_segs`` segments per quarter) for radius and
    default-radius providers; the union of the listed LADs' polygons for listed ones; the union
    of all of England and Wales for national ones.
    """
    import geopandas as gpd
    import shapely

    from geo.units import load_unit_boundaries

    units = load_unit_boundaries("analysis")
    kinds = providers["service_area_kind"].to_numpy()
    geometry = np.empty(len(providers), dtype=object)
    circle = np.isin(kinds, ["radius", "default_radius"])
    geometry[circle] = shapely.buffer(
        shapely.points(providers["base_x"].to_numpy(float)[circle], providers["base_y"].to_numpy(float)[circle]),
        providers["radius_km"].to_numpy(float)[circle] * 1000.0,
        quad_segs=quad_segs,
    )
    national = kinds == "national"
    if national.any():
        england_and_wales = units.geometry.union_all()
        geometry[national] = [england_and_wales] * int(national.sum())
    for k in np.flatnonzero(kinds == "listed"):
        geometry[k] = units.geometry.loc[providers["service_lads"].iat[k].split(";")].union_all()
    return gpd.GeoDataFrame({"provider_id": providers["provider_id"].to_numpy()}, geometry=list(geometry), crs=units.crs)


def naive_lot_reach(areas, design, points) -> pd.Series:
    """Share of each lot's small-area population inside each provider's area, with geopandas.

    Dissolve the design's units into lots (EPSG:27700), ``overlay`` the service areas with the
    lots (intersection), ``sjoin`` the small-area points *within* each provider–lot piece and
    sum population by (provider, lot); divide by each lot's population from the points within
    the lot. Returns a Series indexed by (``provider_id``, ``lot``), non-zero pairs only.
    """
    import geopandas as gpd

    from geo.boundaries import dissolve_lots

    lots = dissolve_lots(design.unit_to_lot, kind="analysis")[["geometry"]].reset_index()
    pieces = gpd.overlay(areas[["provider_id", "geometry"]], lots, how="intersection", keep_geom_type=True)
    people = points[["population", "geometry"]]
    hits = gpd.sjoin(people, pieces, predicate="within")
    covered = hits.groupby(["provider_id", "lot"])["population"].sum()
    lot_population = gpd.sjoin(people, lots, predicate="within").groupby("lot")["population"].sum()
    share = covered / lot_population.reindex(covered.index.get_level_values("lot")).to_numpy()
    return share.rename("reach_share")


def as_matrix(share: pd.Series, provider_ids, lots) -> pd.DataFrame:
    """(providers × lots) frame of a (provider_id, lot) Series, zeros where absent."""
    frame = share.unstack("lot", fill_value=0.0) if len(share) else pd.DataFrame()
    return frame.reindex(index=list(provider_ids), columns=list(lots), fill_value=0.0).fillna(0.0)


def library_lot_reach(accepted, reach, design) -> pd.DataFrame:
    """The library's (providers × lots) lot reach (``DesignContext.lot_reach``) as a frame."""
    from lotdesign.core.scoring import prepare_design

    context = prepare_design(accepted, reach, design)
    return pd.DataFrame(context.lot_reach, index=accepted["provider_id"].to_numpy(), columns=list(context.lots))


def geometric_small_area_index():
    """The small-area index with each LSOA point placed in the LAD *polygon* containing it.

    The library places a small area in a unit by its ``lad_code`` (the ONS lookup); the naive
    baseline places it by point-in-polygon against the generalised (BUC) boundaries, which
    differs for a few hundred coastal or border points (and drops points outside every
    polygon). Computing reach on this index makes the library use the baseline's convention,
    so the two can be compared exactly.
    """
    import geopandas as gpd

    from geo.reach import build_small_area_index
    from geo.units import load_small_areas, load_unit_boundaries, load_units

    small = load_small_areas()
    polygons = load_unit_boundaries("analysis")
    points = gpd.GeoDataFrame(small[["x"]], geometry=gpd.points_from_xy(small["x"], small["y"]), crs=polygons.crs)
    polygons = gpd.GeoDataFrame({"polygon_lad": polygons.index.to_numpy()}, geometry=polygons.geometry.values, crs=polygons.crs)
    joined = gpd.sjoin(points, polygons, predicate="within", how="inner")
    joined = joined[~joined.index.duplicated(keep=False)]
    moved = small.loc[joined.index].assign(lad_code=joined["polygon_lad"].to_numpy())
    stats = {
        "n_small_areas": len(small),
        "outside_every_polygon": int(len(small) - len(joined)),
        "in_another_lad_polygon": int((small.loc[joined.index, "lad_code"].to_numpy() != moved["lad_code"].to_numpy()).sum()),
    }
    return build_small_area_index(moved, load_units()), stats


def circle_band_providers(providers: pd.DataFrame, index, *, quad_segs: int = NAIVE_QUAD_SEGS) -> np.ndarray:
    """Radius providers with a small-area point between the buffer polygon's edge and the circle.

    A buffer with ``quad_segs`` segments per quarter is a regular polygon inscribed in the
    circle: points closer than ``r·cos(π / (4·quad_segs))`` are inside both, points farther than
    ``r`` outside both, and only points in between can be judged differently.
    """
    kinds = providers["service_area_kind"].to_numpy()
    band = np.zeros(len(providers), dtype=bool)
    apothem_ratio = math.cos(math.pi / (4 * quad_segs))
    for k in np.flatnonzero(np.isin(kinds, ["radius", "default_radius"])):
        r = providers["radius_km"].iat[k] * 1000.0
        d = np.hypot(index.x - providers["base_x"].iat[k], index.y - providers["base_y"].iat[k])
        band[k] = bool(((d >= r * apothem_ratio * (1 - 1e-9)) & (d <= r * (1 + 1e-9))).any())
    return band


def compare_with_library(naive: pd.DataFrame, library: pd.DataFrame, providers: pd.DataFrame, mask=None) -> dict:
    """Max absolute difference between two (providers × lots) reach frames, by service-area kind."""
    difference = (naive.to_numpy() - library.to_numpy())
    kinds = providers["service_area_kind"].to_numpy()
    keep = np.ones(len(providers), bool) if mask is None else np.asarray(mask, bool)
    out = {}
    for name, members in (("radius", np.isin(kinds, ["radius", "default_radius"])),
                          ("listed", kinds == "listed"), ("national", kinds == "national")):
        rows = members & keep
        out[name] = {
            "providers": int(rows.sum()),
            "max_abs_diff": float(np.abs(difference[rows]).max()) if rows.any() else 0.0,
            "pairs_off": int((np.abs(difference[rows]) > 1e-9).sum()),
        }
    out["all"] = {
        "providers": int(keep.sum()),
        "max_abs_diff": float(np.abs(difference[keep]).max()) if keep.any() else 0.0,
        "pairs_off": int((np.abs(difference[keep]) > 1e-9).sum()),
        "pairs_nonzero": int((library.to_numpy()[keep] > 0).sum()),
    }
    return out


#: Buffer resolution of the cross-check (finer than the timed default, so that fewer circles have
#: a small-area point in the sliver between polygon and circle and must be left out).
CROSS_CHECK_QUAD_SEGS = 512


def cross_check(subset, design, points=None, *, quad_segs: int = CROSS_CHECK_QUAD_SEGS) -> dict:
    """Compare the naive baseline's lot reach with the library's for ``subset`` and ``design``.

    ``as_is``: against the library as it is (small areas placed in units by the ONS lookup).
    ``same_convention``: against the library computing reach on :func:`geometric_small_area_index`
    (small areas placed by point-in-polygon, as the baseline does), leaving out circle providers
    with a small-area point in the sliver between buffer polygon and circle
    (:func:`circle_band_providers`). The baseline is run with ``quad_segs`` segments per quarter
    circle. Differences are absolute differences of shares in [0, 1].
    """
    from geo.reach import compute_reach
    from lotdesign.importing.providers import compute_provider_reach, listed_units

    points = small_area_points() if points is None else points
    lots = sorted(design.unit_to_lot.unique())
    naive = as_matrix(naive_lot_reach(naive_service_areas(subset, quad_segs=quad_segs), design, points), subset["provider_id"], lots)
    as_is = compare_with_library(naive, library_lot_reach(subset, compute_provider_reach(subset), design), subset)
    geometric_index, index_stats = geometric_small_area_index()
    geometric_reach = compute_reach(
        subset["provider_id"].to_numpy(), subset["base_x"].to_numpy(float), subset["base_y"].to_numpy(float),
        subset["radius_km"].to_numpy(float), national=(subset["service_area_kind"] == "national").to_numpy(),
        listed_units=listed_units(subset), index=geometric_index,
    )
    band = circle_band_providers(subset, geometric_index, quad_segs=quad_segs)
    same_convention = compare_with_library(naive, library_lot_reach(subset, geometric_reach, design), subset, mask=~band)
    return {
        "design": design.id,
        "n": len(subset),
        "quad_segs": quad_segs,
        "as_is": as_is,
        "same_convention": same_convention,
        "band_providers_excluded": int(band.sum()),
        "geometric_index": index_stats,
    }


def bench_naive(accepted, designs=None, *, sizes=(1000, 2000, 4000), target_n: int | None = None,
                repeats: int = 2, seed: int = 6, cross_check_design: str = "pcc42") -> dict:
    """Time the naive geopandas baseline on random provider subsets and extrapolate to ``target_n``.

    For each subset size (nested random samples of ``accepted``), time building the service
    areas once (design-independent) and :func:`naive_lot_reach` for every design, best of
    ``repeats`` (the geopandas steps vary by ±30 % from run to run). Each time is
    fitted as ``a + b·n`` (least squares over the sizes) and read at ``target_n`` (default: all
    of ``accepted``). Also compares the baseline's lot reach with the library's on the largest
    subset (``cross_check_design``), both as is and on the baseline's geometric conventions.
    """
    from lotdesign.core.designs import builtin_designs, get_design

    designs = list(designs) if designs is not None else builtin_designs()
    target_n = len(accepted) if target_n is None else target_n
    sizes = sorted({min(int(s), len(accepted)) for s in sizes})
    order = np.random.default_rng(seed).permutation(len(accepted))
    points = small_area_points()
    rows = []
    for size in sizes:
        subset = accepted.iloc[np.sort(order[:size])].reset_index(drop=True)
        row = {"n": size, "areas_s": math.inf}
        for _ in range(repeats):
            gc.collect()
            areas_s, areas = _timed(naive_service_areas, subset)
            row["areas_s"] = min(row["areas_s"], areas_s)
            for design in designs:
                gc.collect()
                seconds, share = _timed(naive_lot_reach, areas, design, points)
                row[design.id] = min(row.get(design.id, math.inf), seconds)
                del share
        rows.append(row)
    measured = pd.DataFrame(rows).set_index("n")

    def extrapolate(column):
        n = measured.index.to_numpy(float)
        t = measured[column].to_numpy(float)
        if len(n) >= 2:
            slope, intercept = np.polyfit(n, t, 1)
        else:
            slope, intercept = t[0] / n[0], 0.0
        return float(intercept + slope * target_n), float(slope), float(intercept)

    fits = {column: extrapolate(column) for column in measured.columns}
    per_design_at_target = {d.id: fits[d.id][0] for d in designs}

    # Cross-check on the largest subset.
    subset = accepted.iloc[np.sort(order[:sizes[-1]])].reset_index(drop=True)
    design = get_design(cross_check_design) if isinstance(cross_check_design, str) else cross_check_design
    check = cross_check(subset, design, points)
    return {
        "measured": measured,
        "fits": fits,
        "target_n": target_n,
        "sizes": sizes,
        "areas_s_at_target": fits["areas_s"][0],
        "per_design_s_at_target": per_design_at_target,
        "mean_per_design_s_at_target": float(np.mean(list(per_design_at_target.values()))),
        "cross_check": check,
        "peak_rss_mb": peak_rss_mb(),
    }


def compare_naive(naive: dict, reach_figures: dict, scoring: dict) -> dict:
    """The speedup of the library over the naive baseline, amortised over the designs scored.

    Both sides do their design-independent work once and each design's work once:

    - naive: build the service-area polygons once + (dissolve, overlay, sjoin, groupby) per design;
    - library: ``compute_provider_reach`` and ``vcs_edges`` once + (``prepare_design`` + first
      ``score_design`` with every metric) per design — more than the baseline computes (it
      gives only lot reach).

    Per-design figure = total / number of designs, on both sides, at ``target_n`` providers.
    """
    table = scoring["per_design"]
    designs = [d for d in table.index if d in naive["per_design_s_at_target"]]
    n = len(designs)
    naive_total = naive["areas_s_at_target"] + sum(naive["per_design_s_at_target"][d] for d in designs)
    ours_total = reach_figures["reach_s"] + scoring.get("edges_s", 0.0) + float((table.loc[designs, "prepare_ms"] + table.loc[designs, "first_score_ms"]).sum()) / 1000
    marginal_naive = float(np.mean([naive["per_design_s_at_target"][d] for d in designs]))
    marginal_ours = float((table.loc[designs, "prepare_ms"] + table.loc[designs, "first_score_ms"]).mean()) / 1000
    one_naive = naive["areas_s_at_target"] + marginal_naive
    one_ours = reach_figures["reach_s"] + scoring.get("edges_s", 0.0) + marginal_ours
    return {
        "n_designs": n,
        "naive_overlay_s_per_design": naive_total / n,
        "ours_s_per_design": ours_total / n,
        "speedup_vs_naive": (naive_total / n) / (ours_total / n),
        "speedup_one_design_from_scratch": one_naive / one_ours,
        "speedup_each_further_design": marginal_naive / marginal_ours,
        "naive_one_design_from_scratch_s": one_naive,
        "ours_one_design_from_scratch_s": one_ours,
    }
