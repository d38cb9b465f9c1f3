"""The ``lotdesign levers`` and ``lotdesign robustness`` commands .

    lotdesign levers --design regions12 --service women [--json]
    lotdesign robustness --designs pcc42,regions12 [--service S] [--json]
"""

from __future__ import annotations

import sys

import pandas as pd

from lotdesign.cli.common import (
    add_scoring_options,
    load_design,
    load_designs,
    print_json,
    provider_set_from_args,
    scoring_params,
)
from lotdesign.errors import LotDesignError


def add_commands(commands) -> None:
    """Add ``levers`` and ``robustness`` to the ``lotdesign`` sub-command parser."""
    from lotdesign.levers.consortia import ConsortiumParams
    from lotdesign.levers.grants import GrantParams
    from lotdesign.levers.robustness import DEFAULT_GRID, ROBUST_METRICS
    from lotdesign.levers.specialist_lots import SpecialistLotParams

    consortium, grants, specialist = ConsortiumParams(), GrantParams(), SpecialistLotParams()
    levers = commands.add_parser(
        "levers", help="policy levers for one design: consortium bids, a ring-fenced grant pot, specialist lots",
        description="Consortium bids (groups of voluntary organisations bidding as prime together), a ring-fenced "
        "grant pot, and optional specialist lots, for one design. Sources of every default are in the README.",
    )
    levers.add_argument("--design", required=True, help="built-in design id, a design CSV/XLSX file, or a link or design code copied from the app")
    levers.add_argument("--consortium-size", type=int, default=consortium.max_members,
                        help=f"most organisations in a consortium, 1-4 (default {consortium.max_members})")
    levers.add_argument("--lead-share", type=float, default=consortium.lead_share,
                        help=f"share of the turnover requirement the lead must hold (default {consortium.lead_share})")
    levers.add_argument("--members-from", choices=["anywhere", "lot_and_neighbours"], default=consortium.members_from,
                        help="where consortium members may be based (default anywhere)")
    levers.add_argument("--without-solo-primes", action="store_true",
                        help="consortium members must be organisations that could not bid as prime alone")
    levers.add_argument("--grant-share", type=float, default=grants.share,
                        help=f"share of the category budget ring-fenced as local grants (default {grants.share}; 0 for none)")
    levers.add_argument("--max-grant", type=float, default=grants.max_grant_gbp,
                        help=f"largest single grant in £ (default {grants.max_grant_gbp:,.0f})")
    levers.add_argument("--min-grant-income", type=float, default=grants.min_income_gbp,
                        help="least income in £ to receive a grant (default 0)")
    levers.add_argument("--grant-allocation", choices=["widest_reach", "smallest_first"], default=grants.allocation,
                        help="who is funded when the pot is short (default widest_reach, a best case for reach)")
    levers.add_argument("--specialist", choices=["none", "women", "bame"], default="none",
                        help="let part of the budget in specialist lots for this specialism (default none)")
    levers.add_argument("--specialist-share", type=float, default=specialist.share,
                        help=f"share of the category budget in specialist lots (default {specialist.share})")
    levers.add_argument("--specialist-design", default=None,
                        help="geography of the specialist lots (design id or file; default: the same design)")
    add_scoring_options(levers)
    levers.set_defaults(func=_cmd_levers)

    robustness = commands.add_parser(
        "robustness", help="does the comparison of two designs survive other assumptions? (grid, tornado, break-even)",
        description="Evaluate two designs over a grid of assumptions (turnover multiple, reach threshold, budget, "
        "default radii, value weighting): the share of combinations in which the first beats the second on each "
        "headline figure, which assumption moves the gap most, and where the conclusion flips.",
    )
    robustness.add_argument("--designs", default="pcc42,regions12", help="two comma-separated design ids or files (A,B)")
    robustness.add_argument("--metric", default="share_lots_locally_contestable", choices=list(ROBUST_METRICS),
                            help="the lead figure for the sentence, tornado and break-even values")
    for name, flag in (("turnover_multiple", "--turnover-multiples"), ("reach_threshold", "--reach-thresholds"),
                       ("budget_factor", "--budget-factors"), ("radius_factor", "--radius-factors"),
                       ("value_weighting", "--weightings")):
        default = ",".join(str(v) for v in DEFAULT_GRID[name])
        robustness.add_argument(flag, default=None, help=f"comma-separated grid values (default {default})")
    add_scoring_options(robustness)
    robustness.set_defaults(func=_cmd_robustness)


def _grid(args) -> dict:
    grid = {}
    for name, attribute in (("turnover_multiple", "turnover_multiples"), ("reach_threshold", "reach_thresholds"),
                            ("budget_factor", "budget_factors"), ("radius_factor", "radius_factors"),
                            ("value_weighting", "weightings")):
        text = getattr(args, attribute)
        if text is None:
            continue
        parts = [p.strip() for p in text.split(",") if p.strip()]
        if name == "value_weighting":
            grid[name] = tuple(parts)
            continue
        try:
            grid[name] = tuple(float(p) for p in parts)
        except ValueError:
            raise LotDesignError(f"--{attribute.replace('_', '-')}: {text!r} is not a comma-separated list of numbers.") from None
    return grid


def _cmd_levers(args) -> int:
    from lotdesign.levers.consortia import ConsortiumParams, consortium_bids
    from lotdesign.levers.grants import GrantParams, grant_pots
    from lotdesign.levers.specialist_lots import SpecialistLotParams, specialist_lots

    params = scoring_params(args)
    design = load_design(args.design)
    provider_set = provider_set_from_args(args)
    context = provider_set.context(design)
    consortia = consortium_bids(context, params, ConsortiumParams(args.consortium_size, args.lead_share, args.members_from,
                                                                    args.without_solo_primes))
    grants = None
    if args.grant_share > 0:
        grants = grant_pots(context, params, GrantParams(args.grant_share, args.max_grant, args.min_grant_income,
                                                         args.grant_allocation))
    specialist = None
    if args.specialist != "none":
        geography = provider_set.context(load_design(args.specialist_design)) if args.specialist_design else context
        specialist = specialist_lots(context, params, SpecialistLotParams(args.specialist, args.specialist_share),
                                     geography=geography)
    if args.json:
        print_json({
            "design": design.id,
            "service": params.service,
            "params": params.to_dict(),
            "providers": {"source": provider_set.load.source_name, "synthetic": provider_set.synthetic,
                          "fingerprint": provider_set.load.fingerprint},
            "consortia": consortia.to_dict(),
            "grants": grants.to_dict() if grants else None,
            "specialist_lots": specialist.to_dict() if specialist else None,
        })
        return 0
    if args.out:
        from lotdesign.io.export import write_table

        print(f"Wrote {write_table(consortia.lots.reset_index(), args.out)}")
        return 0
    if provider_set.synthetic:
        print("NOTE: providers are SYNTHETIC DEMO DATA, not real organisations.\n")
    with pd.option_context("display.width", 200, "display.max_colwidth", 90, "display.max_rows", 100):
        print("Consortium bids")
        print(f"- {consortia.sentence}")
        searched = consortia.lots[consortia.lots["method"] != "not needed"]
        if len(searched):
            print(searched[["n_candidates", "method", "n_members", "why"]].to_string())
        if grants:
            print("\nGrant pot")
            print(f"- {grants.sentence}")
        if specialist:
            print("\nSpecialist lots")
            print(f"- {specialist.sentence}")
            print(specialist.lots[["value_gbp", "n_specialists_prime_eligible", "could_prime"]].to_string())
    return 0


def _cmd_robustness(args) -> int:
    from lotdesign.levers.robustness import robustness

    params = scoring_params(args)
    designs = load_designs(args.designs)
    if len(designs) != 2:
        raise LotDesignError("Give exactly two designs with --designs, e.g. --designs pcc42,regions12.")
    grid = _grid(args)
    provider_set = provider_set_from_args(args)

    def progress(fraction, message):
        if not args.json:
            print(f"[{100 * fraction:3.0f}%] {message}", file=sys.stderr)

    result = robustness(provider_set.context(designs[0]), provider_set.context(designs[1]), params, grid=grid,
                        metric=args.metric, progress=progress)
    if args.json:
        payload = result.to_dict()
        payload["providers"] = {"source": provider_set.load.source_name, "synthetic": provider_set.synthetic,
                                "fingerprint": provider_set.load.fingerprint}
        print_json(payload)
        return 0
    if args.out:
        from lotdesign.io.export import write_table

        print(f"Wrote {write_table(result.grid, args.out)}")
        return 0
    if provider_set.synthetic:
        print("NOTE: providers are SYNTHETIC DEMO DATA, not real organisations.\n")
    print(result.sentence)
    with pd.option_context("display.width", 200, "display.max_colwidth", 70):
        print("\nShare of combinations in which each design is ahead")
        shares = result.win_shares
        print(pd.DataFrame({
            "figure": shares["label"],
            designs[0].label: shares["share_a_wins"].map("{:.0%}".format),
            "level": shares["share_ties"].map("{:.0%}".format),
            designs[1].label: shares["share_b_wins"].map("{:.0%}".format),
        }).to_string(index=False))
        print(f"\nWhich assumption moves the gap most ({result.metric}, {designs[0].label} minus {designs[1].label})")
        print(result.tornado[["label", "range", "low", "gap_low", "high", "gap_high", "swing"]].to_string(index=False))
        print("\nWhere the conclusion changes (one assumption at a time)")
        print(result.break_even[["label", "direction", "flips_at_text", "searched"]].to_string(index=False))
    return 0
