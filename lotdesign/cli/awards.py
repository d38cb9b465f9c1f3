"""The ``awards`` command: what the Dynamic Framework really awarded."""

from __future__ import annotations

from lotdesign.cli.common import print_json


def add_commands(commands) -> None:
    """Add ``awards``."""
    awards = commands.add_parser(
        "awards",
        help="what the Dynamic Framework really awarded (2021-2026): contracts, lots, primes and supply chains",
        description="The real Probation Services Dynamic Framework contracts (MoJ records), each with its lot, "
        "prime and supply chain, per lot and by lot level (region vs PCC area). --from/--to filter on each "
        "contract's live_from date (when MoJ opened it; 2021-01-01 marks the June 2021 day-one contracts), both "
        "inclusive: --from 2021-01-01 --to 2021-01-01 gives the day-one contracts, --from 2021-01-02 the later "
        "re-lets and new lots. The records describe contracts, not the quality of any organisation.",
    )
    awards.add_argument("--service", default=None, help="a service key (accommodation, ete, women, ...) or a MoJ "
                        "service name such as \"Education, Training and Employment\" (default: every service)")
    awards.add_argument("--from", dest="date_from", default=None, metavar="DATE",
                        help="keep contracts with live_from on or after DATE (YYYY-MM-DD)")
    awards.add_argument("--to", dest="date_to", default=None, metavar="DATE",
                        help="keep contracts with live_from on or before DATE (YYYY-MM-DD)")
    awards_output = awards.add_mutually_exclusive_group()
    awards_output.add_argument("--json", action="store_true", help="print JSON: source, contracts, lots and level summary")
    awards_output.add_argument("--out", default=None, help="write the per-lot awards to FILE.csv, FILE.xlsx, FILE.gpkg or FILE.geojson")
    awards.set_defaults(func=_cmd_awards)


def _cmd_awards(args) -> int:
    from lotdesign.awards.record import print_awards

    return print_awards(args.service, date_from=args.date_from, date_to=args.date_to,
                        as_json=args.json, out=args.out, print_json=print_json)
