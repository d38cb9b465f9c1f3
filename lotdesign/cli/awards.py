"""The ``awards`` command: what the Dynamic Framework really awarded, in force on a day."""

from __future__ import annotations

from lotdesign.cli.common import print_json


def add_commands(commands) -> None:
    """Add ``awards``."""
    awards = commands.add_parser(
        "awards",
        help="what the Dynamic Framework really awarded (2021-2026): the contracts in force on a day, their "
             "lots, primes and supply chains; who delivers where",
        description="The real Probation Services Dynamic Framework contracts (MoJ records), each with its real "
        "dates, the ground it was let for in plain words (whole region, whole PCC area, several PCC areas, local "
        "authorities, part of a PCC area), its prime and supply chain. --as-of DAY lists the contracts in force "
        "that day (started on or before it, not ended, referrals open, not withdrawn); without --from/--to it "
        "defaults to today. --from/--to keep contracts that started between the two days (inclusive); with them, "
        "--as-of applies only when given. Day one is 2021-06-26: --as-of 2021-06-26 gives the 112 day-one "
        "contracts. Counts are of contracts: the record holds no contract values, and says nothing about the "
        "quality of any organisation.",
    )
    awards.add_argument("--service", default=None, help="a service key (accommodation, ete, women, ...) or a MoJ "
                        "service name such as \"Education, Training and Employment\" (default: every service)")
    awards.add_argument("--as-of", dest="as_of", default=None, metavar="DATE",
                        help="list the contracts in force on DATE (YYYY-MM-DD; default today, unless --from/--to)")
    awards.add_argument("--all", dest="every", action="store_true",
                        help="every contract, whatever its dates (no --as-of day)")
    awards.add_argument("--from", dest="date_from", default=None, metavar="DATE",
                        help="keep contracts that started on or after DATE (YYYY-MM-DD)")
    awards.add_argument("--to", dest="date_to", default=None, metavar="DATE",
                        help="keep contracts that started on or before DATE (YYYY-MM-DD)")
    view = awards.add_mutually_exclusive_group()
    view.add_argument("--delivery", action="store_true", help="who delivers the service where today: named "
                      "providers by PCC area (from their probation delivery units), matched to the classifications")
    view.add_argument("--timeline", action="store_true", help="who held each lot of the service when, and how "
                      "each contract ended (re-let, split into smaller lots, taken in-house, no successor)")
    awards_output = awards.add_mutually_exclusive_group()
    awards_output.add_argument("--json", action="store_true", help="print JSON (the app version, sources, contracts, "
                               "lots, extents, withdrawn contracts; or the delivery rows, or the timeline)")
    awards_output.add_argument("--out", default=None, help="write the per-lot awards to FILE.csv, FILE.xlsx, "
                               "FILE.gpkg or FILE.geojson")
    awards.set_defaults(func=_cmd_awards)


def _as_of(args):
    """The day asked for: --as-of, else today unless --all or --from/--to."""
    from lotdesign.awards.data import today

    if args.as_of:
        return args.as_of
    if args.every or args.date_from or args.date_to:
        return None
    return today()


def _cmd_awards(args) -> int:
    from lotdesign.awards.export import print_awards, print_delivery, print_timeline

    if args.delivery:
        return print_delivery(args.service, as_json=args.json, print_json=print_json)
    if args.timeline:
        if not args.service:
            raise SystemExit("--timeline needs --service (for example --service accommodation).")
        return print_timeline(args.service, as_of=args.as_of, as_json=args.json, print_json=print_json)
    return print_awards(args.service, as_of=_as_of(args), date_from=args.date_from, date_to=args.date_to,
                        as_json=args.json, out=args.out, print_json=print_json)
