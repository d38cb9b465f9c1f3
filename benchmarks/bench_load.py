"""Loading provider lists at scale: time at 1,000 to 170,000 organisations and the fitted exponent.

Run on its own (``python benchmarks/bench_load.py``; about a minute, most of it generating the
synthetic files) or call :func:`load_scaling` from another benchmark. Prints ``name=value``
lines: ``load_1k_s``, ``load_13500_s``, ``load_50k_s``, ``load_170k_s``, each with a same-run
reference — ``read_csv_*_s``, the time pandas' C parser alone takes to read the same file, and
the ratio of the two — and ``scale_exponent_load``, the slope of log(time) against
log(organisations) fitted over 13,500 to 170,000 (at 1,000 fixed costs dominate); the same for
the process's CPU seconds (``load_*_cpu_s``, ``scale_exponent_load_cpu``), which other work on
a shared machine disturbs less than wall-clock time.

Every figure is measured afresh: the files are generated in this run (not timed) and each load
reads its file from scratch; only the process-wide lookup tables (postcodes, boundaries) are
warmed once before timing, as in a running app.
"""

from __future__ import annotations

import gc
import math
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_library import OUTPUT_DIR, peak_rss_mb, write_providers

#: Sizes measured: 1,000; the sector (13,500); 50,000; the charity register (170,000).
SIZES = (1_000, 13_500, 50_000, 170_000)


def size_label(n: int) -> str:
    """1000 → '1k', 13500 → '13500', 170000 → '170k' (the names the issue uses)."""
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def fitted_exponent(sizes, seconds) -> float:
    """Least-squares slope of log(seconds) on log(sizes)."""
    return float(np.polyfit(np.log(np.asarray(sizes, float)), np.log(np.asarray(seconds, float)), 1)[0])


def load_scaling(sizes=SIZES, *, seed: int | None = None, directory: Path = OUTPUT_DIR, repeats: int = 1) -> dict:
    """Time :func:`lotdesign.importing.providers.load_providers` on synthetic files of each size.

    Returns
    -------
    dict
        ``load_{label}_s`` (best of ``repeats``), ``read_csv_{label}_s`` (pandas C parser alone,
        same file), ``load_{label}_vs_read_csv`` (ratio), ``rows_{label}`` (accepted) per size;
        ``load_{label}_cpu_s`` (this process's CPU seconds); ``scale_exponent_load`` and
        ``scale_exponent_load_cpu`` (fitted over sizes ≥ 13,500, or all when fewer than two are);
        ``peak_rss_mb``.
    """
    from lotdesign.importing.providers import load_providers

    load_providers(b"name,postcode,income\nWarm-up,LS1 4DY,1000\n")  # postcode and boundary tables, once
    figures: dict = {}
    timed = []
    for n in sizes:
        path = write_providers(n, seed=seed, directory=directory)["path"]
        label = size_label(n)
        loads, reads, cpu = [], [], []
        for _ in range(repeats):
            gc.collect()
            start = time.perf_counter()
            pd.read_csv(path, dtype=object, keep_default_na=False)
            reads.append(time.perf_counter() - start)
            gc.collect()
            start, start_cpu = time.perf_counter(), time.process_time()
            result = load_providers(path, synthetic=True)
            loads.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        figures[f"load_{label}_s"] = min(loads)
        # CPU seconds of this process: on a shared machine, less sensitive to other work than wall time.
        figures[f"load_{label}_cpu_s"] = min(cpu)
        figures[f"read_csv_{label}_s"] = min(reads)
        figures[f"load_{label}_vs_read_csv"] = min(loads) / min(reads)
        figures[f"rows_{label}"] = result.n_accepted
        timed.append((n, min(loads), min(cpu)))
        del result
    fit = [t for t in timed if t[0] >= 13_500]
    if len(fit) < 2:
        fit = timed
    sizes_fit = [t[0] for t in fit]
    figures["scale_exponent_load"] = fitted_exponent(sizes_fit, [t[1] for t in fit]) if len(fit) >= 2 else math.nan
    figures["scale_exponent_load_cpu"] = fitted_exponent(sizes_fit, [t[2] for t in fit]) if len(fit) >= 2 else math.nan
    figures["peak_rss_mb"] = peak_rss_mb()
    return figures


def place_suggestion_hits() -> dict:
    """How often rapidfuzz and difflib rank the intended area first, on the tests' misspellings."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from test_places import MISSPELLINGS, difflib_top

    from geo.places import suggest_places

    rapid = sum((suggest_places(w, 1) or [None])[0] == right for w, right in MISSPELLINGS.items())
    plain = sum(difflib_top(w) == right for w, right in MISSPELLINGS.items())
    return {"place_names_tried": len(MISSPELLINGS), "place_first_hits_rapidfuzz": rapid, "place_first_hits_difflib": plain}


def main(argv=None) -> int:
    sizes = tuple(int(a) for a in (argv or [])) or SIZES
    figures = load_scaling(sizes)
    figures.update(place_suggestion_hits())
    for name, value in figures.items():
        print(f"{name}={value:.3f}" if isinstance(value, float) else f"{name}={value}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
