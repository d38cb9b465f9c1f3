"""The ``lotdesign`` command: list designs and lots, geocode postcodes, score and compare designs.

Run ``lotdesign --help`` or ``lotdesign COMMAND --help`` for the options.
"""

from __future__ import annotations

import argparse
import json
import sys

import numpy as np
import pandas as pd

from lotdesign._errors import LotDesignError


def _json_default(value):
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating,)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, (pd.Timestamp,)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _print_json(payload) -> None:
    print(json.dumps(payload, indent=2, ensure_ascii=False, default=_json_default))


def _cmd_designs(args) -> int:
    from lotdesign.designs import design_catalogue

    catalogue = design_catalogue()
    if args.json:
        _print_json(catalogue.to_dict(orient="records"))
    else:
        with pd.option_context("display.max_colwidth", 60, "display.width", 200):
            print(catalogue[["id", "n_lots", "year", "confidence", "name", "source"]].to_string(index=False))
    return 0


def _load_design(design_arg: str):
    from pathlib import Path

    from lotdesign.designs import get_design, load_design_file

    if Path(design_arg).suffix.lower() in (".csv", ".xlsx") and Path(design_arg).is_file():
        return load_design_file(design_arg, design_id=Path(design_arg).stem, name=Path(design_arg).stem)
    return get_design(design_arg)


def _cmd_lots(args) -> int:
    from lotdesign.designs import lots_table

    design = _load_design(args.design)
    table = lots_table(design).reset_index()
    if args.json:
        _print_json(
            {
                "design": design.id,
                "name": design.label,
                "n_lots": design.n_lots,
                "lots": table.to_dict(orient="records"),
            }
        )
    else:
        table["pfa_names"] = table["pfa_names"].map(", ".join)
        with pd.option_context("display.max_colwidth", 80, "display.width", 200):
            print(f"{design.label}: {design.n_lots} lots")
            print(table[["lot", "n_units", "population", "pfa_names"]].to_string(index=False))
    return 0


def _cmd_geocode(args) -> int:
    from geo.geocode import geocode_postcodes
    from geo.names import lad_name

    result = geocode_postcodes(args.postcodes)
    result["lad_name"] = [lad_name(c) if c else "" for c in result["lad_code"]]
    from geo.crs import bng_to_lonlat

    lon, lat = bng_to_lonlat(result["easting"], result["northing"])
    result["lon"], result["lat"] = np.round(lon, 6), np.round(lat, 6)
    columns = ["query", "postcode", "kind", "status", "easting", "northing", "lat", "lon", "lad_code", "lad_name", "message"]
    if args.json:
        records = result[columns].astype(object).where(result[columns].notna(), None).to_dict(orient="records")
        _print_json(records)
    else:
        for row in result.itertuples():
            if row.status == "ok":
                print(f"{row.postcode}\t{row.lat:.6f}, {row.lon:.6f}\t{row.lad_code} {row.lad_name}\t({row.kind})")
            else:
                print(f"{row.query}\t{row.status}: {row.message}")
    return 0 if (result["status"] == "ok").all() else 1


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``lotdesign`` command."""
    parser = argparse.ArgumentParser(
        prog="lotdesign",
        description="Lot Design Explorer: how probation lot designs affect local and specialist "
        "voluntary-sector coverage in England and Wales.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    designs = commands.add_parser("designs", help="list the built-in lot designs")
    designs.add_argument("--json", action="store_true", help="print JSON instead of a table")
    designs.set_defaults(func=_cmd_designs)

    lots = commands.add_parser("lots", help="list the lots of a design with PFAs, LAD count and population")
    lots.add_argument("design", help="built-in design id (see `lotdesign designs`) or a design CSV/XLSX file")
    lots.add_argument("--json", action="store_true", help="print JSON instead of a table")
    lots.set_defaults(func=_cmd_lots)

    geocode = commands.add_parser("geocode", help="geocode unit postcodes or postcode districts (offline)")
    geocode.add_argument("postcodes", nargs="+", metavar="POSTCODE", help="e.g. 'SW1A 1AA', sw1a1aa or SW1A")
    geocode.add_argument("--json", action="store_true", help="print JSON instead of lines")
    geocode.set_defaults(func=_cmd_geocode)

    _add_scoring_commands(commands)
    return parser


def _add_scoring_commands(commands) -> None:
    try:
        from lotdesign import _cli_scoring
    except ImportError:  # scoring commands arrive with the scoring module
        return
    _cli_scoring.add_commands(commands)


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
