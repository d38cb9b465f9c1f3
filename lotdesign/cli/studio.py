"""The ``suggest`` and ``tradeoff`` commands: search lot designs and the lot-count trade-off."""

from __future__ import annotations

import sys

import pandas as pd

from lotdesign.cli.common import (
    add_scoring_options,
    load_design,
    print_json,
    provider_set_from_args,
    scoring_params,
)
from lotdesign.errors import LotDesignError


def add_commands(commands) -> None:
    """Add ``suggest`` and ``tradeoff``."""
    suggest = commands.add_parser("suggest", help="search contiguous lot designs that maximise an objective")
    suggest.add_argument("--lots", type=int, required=True, help="number of lots")
    _add_search_options(suggest)
    suggest.add_argument("--start", default=None, help="start from this design (built-in id or design file)")
    suggest.add_argument("--lock", default="", help="comma-separated lots of --start to keep as they are")
    add_scoring_options(suggest)
    suggest.set_defaults(func=_cmd_suggest)

    tradeoff = commands.add_parser("tradeoff", help="best design found for each number of lots, beside the built-ins")
    tradeoff.add_argument("--lots", default="4-100", metavar="FROM-TO",
                          help="range of lot counts (default 4-100; with --unit pfa, counts above 42 are searched at "
                          "district level)")
    _add_search_options(tradeoff)
    add_scoring_options(tradeoff)
    tradeoff.add_argument("--image", default=None, metavar="FILE.png", help="also save the chart (.png or .svg)")
    tradeoff.set_defaults(func=_cmd_tradeoff)


def _add_search_options(sub) -> None:
    from lotdesign.studio.suggest import DEFAULT_BALANCE, OBJECTIVES

    sub.add_argument("--objective", default="locally_contestable_population", choices=[*OBJECTIVES, "mix"],
                     help="what to maximise (default: population in locally contestable lots)")
    sub.add_argument("--mix", default=None, metavar="NAME=W,...",
                     help="weights for --objective mix, e.g. locally_contestable_population=0.5,women_prime_reach=0.5")
    sub.add_argument("--unit", default="pfa", choices=["pfa", "lad"],
                     help="build lots from whole PCC areas (pfa, default) or from districts (lad)")
    sub.add_argument("--min-lot-value", type=float, default=None, metavar="GBP", help="minimum annual lot value, £")
    sub.add_argument("--max-lot-value", type=float, default=None, metavar="GBP", help="maximum annual lot value, £")
    sub.add_argument("--balance", default=f"{DEFAULT_BALANCE[0]:g},{DEFAULT_BALANCE[1]:g}", metavar="LOW,HIGH",
                     help="lot population between these multiples of the mean lot (default 0.5,2; 'off' for none)")
    sub.add_argument("--keep-wales-separate", action="store_true", help="no lot crosses the England–Wales border")
    sub.add_argument("--keep-london-whole", action="store_true", help="keep London's 33 districts in one lot (always so with --unit pfa)")
    sub.add_argument("--seed", type=int, default=1, help="random seed (same seed, same design; default 1)")
    sub.add_argument("--time-budget", type=float, default=30.0, metavar="SECONDS", help="stop searching after this long per lot count (default 30)")


def _search_kwargs(args) -> dict:
    from lotdesign.studio.suggest import OBJECTIVES

    weights = None
    if args.objective == "mix":
        if not args.mix:
            raise LotDesignError("--objective mix needs --mix, e.g. --mix locally_contestable_population=0.5,women_prime_reach=0.5")
        weights = {}
        for part in args.mix.split(","):
            name, _, value = part.partition("=")
            try:
                weights[name.strip()] = float(value)
            except ValueError:
                raise LotDesignError(f"--mix: '{part}' is not NAME=WEIGHT (names: {', '.join(OBJECTIVES)}).") from None
    if args.balance.strip().lower() in ("off", "none"):
        balance = None
    else:
        try:
            low, high = (float(v) for v in args.balance.split(","))
        except ValueError:
            raise LotDesignError(f"--balance: '{args.balance}' is not LOW,HIGH (e.g. 0.5,2) or 'off'.") from None
        balance = (low, high)
    return {"objective": args.objective, "weights": weights, "unit": args.unit, "min_lot_value_gbp": args.min_lot_value,
            "max_lot_value_gbp": args.max_lot_value, "balance": balance, "keep_wales_separate": args.keep_wales_separate,
            "keep_london_whole": args.keep_london_whole, "seed": args.seed, "time_budget_s": args.time_budget}


def _cmd_suggest(args) -> int:
    from lotdesign.core.compare import format_share
    from lotdesign.io.export import write_table
    from lotdesign.studio.editing import design_file_table
    from lotdesign.studio.suggest import OBJECTIVES, suggest_design

    params = scoring_params(args)
    provider_set = provider_set_from_args(args)
    start = load_design(args.start) if args.start else None
    locked = tuple(lot.strip() for lot in args.lock.split(",") if lot.strip())
    suggestion = suggest_design(provider_set.providers, provider_set.reach, n_lots=args.lots, params=params,
                                start=start, locked_lots=locked, edges=provider_set.edges, **_search_kwargs(args))
    if args.json:
        payload = suggestion.to_dict()
        payload["providers"] = {"source": provider_set.load.source_name, "synthetic": provider_set.synthetic}
        print_json(payload)
        return 0
    if args.out:
        print(f"Wrote {write_table(design_file_table(suggestion.design), args.out)}")
    if provider_set.synthetic:
        print("NOTE: providers are SYNTHETIC DEMO DATA, not real organisations.")
    names = {name: label for name, (_, label) in OBJECTIVES.items()}
    objective_text = " + ".join(f"{w:.0%} × {names[n].lower()}" if len(suggestion.weights) > 1 else names[n]
                                for n, w in suggestion.weights.items())
    low, high = suggestion.bounds_population
    print(f"{suggestion.design.name} — {params.service}, {suggestion.design.n_lots} lots of whole "
          f"{'PCC areas' if args.unit == 'pfa' else 'districts'}")
    print(f"{objective_text}: {format_share(suggestion.objective_value)} (re-checked by the scorer)")
    print(f"Lot population bounds: {low / 1e6:.2f}m to {high / 1e6:.2f}m people"
          + ("" if suggestion.stopped == "done" else f"; search stopped early ({suggestion.stopped})"))
    for note in suggestion.notes:
        print(f"  {note}")
    print(f"Searched {suggestion.n_iterations:,} moves, {suggestion.n_evaluations:,} distinct lots in {suggestion.elapsed_s:.1f} s "
          f"(seed {args.seed}).")
    lots = suggestion.score.lots
    table = pd.DataFrame({"population": lots["population"].map("{:,.0f}".format),
                          "value": lots["value_gbp"].map(lambda v: f"£{v / 1e3:,.0f}k"),
                          "local_prime": lots["n_vcs_local_prime_eligible"],
                          "women_prime": lots["specialist_prime_coverage_women"].map(format_share)})
    with pd.option_context("display.width", 200, "display.max_rows", 400):
        print(table.to_string())
    return 0


def _lot_range(text: str) -> list[int]:
    try:
        if "-" in text:
            first, last = (int(v) for v in text.split("-"))
            return list(range(first, last + 1))
        return [int(v) for v in text.split(",")]
    except ValueError:
        raise LotDesignError(f"--lots: '{text}' is not a range like 4-42 or a list like 6,12,21.") from None


def _cmd_tradeoff(args) -> int:
    from lotdesign.studio.tradeoff import tradeoff_curve, write_tradeoff

    params = scoring_params(args)
    provider_set = provider_set_from_args(args)
    counts = _lot_range(args.lots)

    def progress(fraction, message):
        print(f"  {fraction:4.0%} {message}", file=sys.stderr)

    curve = tradeoff_curve(provider_set.providers, provider_set.reach, lot_counts=counts, params=params,
                           edges=provider_set.edges, progress=progress, **_search_kwargs(args))
    if args.image:
        print(f"Wrote {write_tradeoff(curve, args.image, synthetic=provider_set.synthetic)}")
    if args.json:
        print_json({"objective": curve.weights, "service": params.service, "synthetic": provider_set.synthetic,
                     "elapsed_s": round(curve.elapsed_s, 2), "rows": curve.table.to_dict(orient="records")})
    elif args.out:
        print(f"Wrote {write_tradeoff(curve, args.out, synthetic=provider_set.synthetic)}")
    else:
        if provider_set.synthetic:
            print("NOTE: providers are SYNTHETIC DEMO DATA, not real organisations.")
        shown = curve.table[["kind", "label", "n_lots", "unit", "objective", "median_value_gbp", "fragmentation"]].copy()
        shown["objective"] = shown["objective"].map("{:.1%}".format)
        shown["median_value_gbp"] = shown["median_value_gbp"].map(lambda v: f"£{v / 1e3:,.0f}k")
        shown["fragmentation"] = shown["fragmentation"].map("{:.2f}".format)
        with pd.option_context("display.width", 200, "display.max_rows", 400):
            print(shown.to_string(index=False))
        print(f"({curve.elapsed_s:.1f} s)")
    return 0
