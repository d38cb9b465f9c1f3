"""The ``lotdesign`` command: designs, lots, geocoding, scores, comparisons, the studio, levers, awards, reports, the web app.

Run ``lotdesign --help`` or ``lotdesign COMMAND --help`` for the options. Each command group lives in
its own module here and adds its sub-commands with ``add_commands``.
"""

from __future__ import annotations

import argparse
import sys

from lotdesign import __version__
from lotdesign.cli import app, awards, bundles, geography, levers, providers, scoring, studio
from lotdesign.errors import LotDesignError

# The order sub-commands are listed in ``lotdesign --help``.
COMMAND_GROUPS = (geography, scoring, bundles, studio, awards, providers, levers, app)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``lotdesign`` command."""
    parser = argparse.ArgumentParser(
        prog="lotdesign",
        description="Lot Design Explorer: how probation lot designs affect local and specialist "
        "voluntary-sector coverage in England and Wales.",
    )
    parser.add_argument("--version", action="version", version=f"lotdesign {__version__}",
                        help="show the version of Lot Design Explorer and exit")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.add_commands(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (0 ok, 1 input problem, 2 usage error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except LotDesignError as error:
        print(f"lotdesign: {error}", file=sys.stderr)
        return 1
    except FileNotFoundError as error:
        print(f"lotdesign: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
