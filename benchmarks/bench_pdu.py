"""Finer lots: scoring the PDU units, the design search at 100 lots and the 4–100 lot-count curve.

Prints one ``name=value`` line per figure (and ``# ...`` lines explaining them). Run alone with
``.venv/bin/python benchmarks/bench_pdu.py`` or through ``benchmarks/run_all.py``. Every figure
uses the synthetic demo providers (1,450), accommodation, default parameters; each comes with a
reference measured in the same run, so a slow or busy machine shows in both.

Figures
-------
score_pdu_ms, score_pcc42_ms
    :func:`lotdesign.core.scoring.score_design` with every metric on a prepared context, median of
    ``--repeats`` calls: ``pdu_units`` (102 lots) and, beside it, ``pcc42`` (42 lots).
score_pdu_per_lot_vs_pcc42
    (score_pdu_ms / 102) ÷ (score_pcc42_ms / 42): ≤ 1 means a lot of the finer design costs no
    more than a lot of the 42.
suggest_k100_s, suggest_k42_lad_s
    One :func:`lotdesign.studio.suggest.suggest_design` run at district level, 100 lots, no time
    budget (default restarts and moves); beside it the same search for 42 lots.
curve_4_100_s, curve_4_100_per_k_s
    :func:`lotdesign.studio.tradeoff.tradeoff_curve`, k = 4..100 (whole PCC areas to 42,
    districts above), ``--curve-budget`` seconds per k, with the built-ins as labelled points.
    Reference: ``suggest_k42_lad_s`` (one search of the curve's kind).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def line(name: str, value) -> None:
    text = f"{value:.4f}" if isinstance(value, float) else str(value)
    print(f"{name}={text}", flush=True)


def note(text: str) -> None:
    print(f"# {text}", flush=True)


def score_ms(pset, design, params, repeats: int) -> float:
    """Median ms of score_design with every metric on a prepared context."""
    from lotdesign.core.scoring import prepare_design, score_design

    context = prepare_design(pset.providers, pset.reach, design, edges=pset.edges)
    score_design(pset.providers, pset.reach, design, params, context=context)  # fills the context's caches
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        score_design(pset.providers, pset.reach, design, params, context=context)
        times.append(time.perf_counter() - began)
    return 1000 * statistics.median(times)


def bench_scoring(pset, params, repeats: int) -> None:
    from lotdesign.core.designs import get_design

    pdu, pcc = get_design("pdu_units"), get_design("pcc42")
    pdu_ms, pcc_ms = score_ms(pset, pdu, params, repeats), score_ms(pset, pcc, params, repeats)
    line("score_pdu_ms", pdu_ms)
    line("score_pcc42_ms", pcc_ms)
    line("score_pdu_per_lot_vs_pcc42", (pdu_ms / pdu.n_lots) / (pcc_ms / pcc.n_lots))
    note(f"score_design, every metric, prepared context, median of {repeats} calls: pdu_units {pdu.n_lots} lots, "
         f"pcc42 {pcc.n_lots} lots; per-lot ratio ≤ 1: a finer lot costs no more")


def bench_search(pset, params, curve_budget_s: float, skip_curve: bool) -> None:
    from lotdesign.studio.suggest import suggest_design
    from lotdesign.studio.tradeoff import tradeoff_curve

    timings = {}
    for k in (42, 100):
        began = time.perf_counter()
        suggestion = suggest_design(pset.providers, pset.reach, n_lots=k, params=params, unit="lad", seed=1,
                                    edges=pset.edges, time_budget_s=None)
        timings[k] = time.perf_counter() - began
        line(f"suggest_k{k}{'_lad' if k == 42 else ''}_s", timings[k])
        line(f"suggest_k{k}_objective", suggestion.objective_value)
    line("suggest_k100_per_k42", timings[100] / timings[42])
    note("design search at district level, seed 1, default restarts and moves, no time budget")
    if skip_curve:
        return
    began = time.perf_counter()
    curve = tradeoff_curve(pset.providers, pset.reach, lot_counts=range(4, 101), params=params, edges=pset.edges,
                           seed=1, time_budget_s=curve_budget_s)
    elapsed = time.perf_counter() - began
    line("curve_4_100_s", elapsed)
    line("curve_4_100_per_k_s", elapsed / 97)
    builtins = curve.table[curve.table["kind"] == "built-in"]
    note(f"lot-count curve 4..100 ({curve_budget_s:g} s budget per k; whole PCC areas to 42, districts above); "
         f"built-ins marked: {', '.join(f'{r.label} ({r.n_lots})' for r in builtins.itertuples())}; "
         f"reference: suggest_k42_lad_s = {timings[42]:.2f} s")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=40, help="score_design calls per design (median)")
    parser.add_argument("--curve-budget", type=float, default=30.0, help="seconds per lot count in the curve")
    parser.add_argument("--skip-curve", action="store_true", help="leave out the 4-100 curve (a few minutes)")
    args = parser.parse_args(argv)

    from lotdesign.core.params import ScoringParams
    from lotdesign.importing.workspace import load_provider_set

    pset = load_provider_set()
    params = ScoringParams()
    note(f"providers: {len(pset.providers):,} synthetic demo organisations; service {params.service}")
    bench_scoring(pset, params, args.repeats)
    bench_search(pset, params, args.curve_budget, args.skip_curve)
    return 0


if __name__ == "__main__":
    sys.exit(main())
