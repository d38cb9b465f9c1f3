""""What if N lots?" benchmark: seconds from asking to the named, fully scored design, N = 2..42.

Prints one ``name=value`` line per figure (and ``# ...`` lines explaining them). Run alone with
``.venv/bin/python benchmarks/bench_what_if.py`` (about a minute on the 2-core reference machine;
``--counts 2,12,20,42`` for fewer).

Every figure uses the synthetic demo providers (1,450), accommodation, default parameters, at
PCC-area level, the default objective (population in locally contestable lots): exactly what the
app's "What if N lots?" control runs (:func:`lotdesign.studio.what_if.best_design_for`).

Figures
-------
what_if_max_s
    The slowest ``best_design_for`` over the lot counts asked (target: under 5 s for N ≤ 42).
what_if_median_s
    The median over the same lot counts.
reference_score_s
    Same-run reference: one ``prepare_design`` + ``score_design`` of the 12 probation regions
    (what showing any design costs), so the figures above can be read on another machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_S = 5.0


def line(name: str, value) -> None:
    text = f"{value:.3f}" if isinstance(value, float) else str(value)
    print(f"{name}={text}", flush=True)


def note(text: str) -> None:
    print(f"# {text}", flush=True)


def reference_seconds(pset, params) -> float:
    """One prepare + score of the 12 regions (best of 3), s."""
    from lotdesign.core.designs import get_design
    from lotdesign.core.scoring import prepare_design, score_design

    design = get_design("regions12")
    times = []
    for _ in range(3):
        started = time.perf_counter()
        context = prepare_design(pset.providers, pset.reach, design, edges=pset.edges)
        score_design(pset.providers, pset.reach, design, params, context=context)
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", default="2-42", help="lot counts: 2-42 (every one) or a list, e.g. 2,12,20,42")
    args = parser.parse_args(argv)
    if "-" in args.counts:
        low, high = (int(v) for v in args.counts.split("-"))
        counts = list(range(low, high + 1))
    else:
        counts = [int(v) for v in args.counts.split(",")]

    from lotdesign.core.params import ScoringParams
    from lotdesign.importing.workspace import load_provider_set
    from lotdesign.studio.what_if import best_design_for

    pset = load_provider_set()
    pset.edges  # noqa: B018  (built once per provider set in the app too, before anyone asks)
    params = ScoringParams()
    reference = reference_seconds(pset, params)
    seconds = {}
    for n_lots in counts:
        started = time.perf_counter()
        suggestion = best_design_for(pset.providers, pset.reach, n_lots, params, edges=pset.edges)
        seconds[n_lots] = time.perf_counter() - started
        assert suggestion.design.n_lots == n_lots
        note(f"{n_lots:>2} lots: {seconds[n_lots]:.2f} s, objective {suggestion.objective_value:.1%} "
             f"({suggestion.stopped}) — {suggestion.design.name}")
    slowest = max(seconds, key=seconds.get)
    note(f"slowest: {slowest} lots; target under {TARGET_S:g} s for every N ≤ 42 "
         f"({'met' if seconds[slowest] < TARGET_S else 'NOT met'})")
    line("what_if_max_s", seconds[slowest])
    line("what_if_median_s", statistics.median(seconds.values()))
    line("reference_score_s", reference)
    note(f"slowest ÷ reference: {seconds[slowest] / reference:.0f}× one full scoring of the 12 regions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
