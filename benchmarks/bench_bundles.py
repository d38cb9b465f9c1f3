"""Bundle benchmarks: scoring a bundled design, with and without a services column, and the 2021
vs 2027 pattern comparison (``bundle_score_ms``, ``bundle_services_score_ms``, ``pattern_ms``).

    python benchmarks/bench_bundles.py [--providers 13500]

Each figure is printed beside a same-run reference, ``score_design_ms`` (one single-service
design, every metric, prepared context; :func:`bench_levers.reference_score_ms`), so a slow
machine shows up as a slow reference too. Wall-clock ``time.perf_counter``, median of repeats.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _median_ms(fn, repeats: int) -> float:
    fn()  # warm-up: caches built on first use are not what a widget change costs
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return 1000 * statistics.median(runs)


def with_services(accepted, *, seed: int = 20):
    """The providers with a services column: each states 1–6 categories at random (fixed seed)."""
    from lotdesign.core.params import CATEGORY_SHARES

    rng = np.random.default_rng(seed)
    keys = list(CATEGORY_SHARES)
    picks = [sorted(rng.choice(len(keys), size=rng.integers(1, len(keys) + 1), replace=False))
             for _ in range(len(accepted))]
    frame = accepted.copy()
    frame["services"] = [";".join(keys[k] for k in pick) for pick in picks]
    return frame


def bench_bundles(accepted, reach, *, repeats: int = 10) -> dict:
    """Median times (ms) of the bundled scores and the pattern comparison on ``csm2027_assumed``."""
    from lotdesign.core.designs import get_design
    from lotdesign.core.params import BUNDLES, ScoringParams
    from lotdesign.core.scoring import prepare_design, score_design
    from lotdesign.levers.bundling import pattern_comparison

    params = ScoringParams(services=BUNDLES["community_support_men_2027"], scope="England and Wales except Greater Manchester")
    design, pcc = get_design("csm2027_assumed"), get_design("pcc42")
    context = prepare_design(accepted, reach, design)
    stated = with_services(accepted)
    stated_context = prepare_design(stated, reach, design)
    pcc_context = prepare_design(accepted, reach, pcc)
    return {
        "bundle_score_ms": _median_ms(lambda: score_design(accepted, reach, design, params, context=context), repeats),
        "bundle_services_score_ms": _median_ms(
            lambda: score_design(stated, reach, design, params, context=stated_context), repeats),
        "pattern_ms": _median_ms(lambda: pattern_comparison(pcc_context, context, params), max(1, repeats // 5)),
    }


def main(argv=None) -> int:
    import bench_library as lib
    from bench_levers import reference_score_ms

    accepted, reach = lib.providers_and_reach(argv, __doc__)
    reference_ms = reference_score_ms(accepted, reach)
    figures = bench_bundles(accepted, reach)
    print(f"score_design_ms={reference_ms:.6g}  (same-run reference: pcc42, one service)")
    for name, value in figures.items():
        print(f"{name}={value:.6g}  ({value / reference_ms:.1f} × the reference)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
