"""The ``designs``, ``lots`` and ``geocode`` commands: the built-in designs and the geography under them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lotdesign.cli.common import load_design, print_json


def add_commands(commands) -> None:
    """Add ``designs``, ``lots`` and ``geocode``."""
    designs = commands.add_parser("designs", help="list the built-in lot designs")
    designs.add_argument("--json", action="store_true", help="print JSON instead of a table")
    designs.set_defaults(func=_cmd_designs)

    lots = commands.add_parser("lots", help="list the lots of a design with PFAs, LAD count and population "
                               "(--json: with each lot's LAD codes)")
    lots.add_argument("design", help="built-in design id (see `lotdesign designs`) or a design CSV/XLSX file")
    lots.add_argument("--json", action="store_true", help="print JSON instead of a table")
    lots.set_defaults(func=_cmd_lots)

    geocode = commands.add_parser("geocode", help="geocode unit postcodes or postcode districts (offline)")
    geocode.add_argument("postcodes", nargs="+", metavar="POSTCODE", help="e.g. 'SW1A 1AA', sw1a1aa or SW1A")
    geocode.add_argument("--json", action="store_true", help="print JSON instead of lines")
    geocode.set_defaults(func=_cmd_geocode)


def _cmd_designs(args) -> int:
    from lotdesign.core.designs import design_catalogue

    catalogue = design_catalogue()
    if args.json:
        print_json(catalogue.to_dict(orient="records"))
    else:
        with pd.option_context("display.max_colwidth", 60, "display.width", 200):
            print(catalogue[["id", "n_lots", "year", "confidence", "name", "source"]].to_string(index=False))
    return 0


def _cmd_lots(args) -> int:
    from lotdesign.core.designs import lots_table

    design = load_design(args.design)
    table = lots_table(design).reset_index()
    if args.json:
        # Each lot's districts, so a reader can check every district is in exactly one lot.
        districts = design.unit_to_lot.groupby(design.unit_to_lot).apply(lambda s: sorted(s.index))
        table["lad_codes"] = table["lot"].map(districts)
        print_json(
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
        print_json(records)
    else:
        for row in result.itertuples():
            if row.status == "ok":
                print(f"{row.postcode}\t{row.lat:.6f}, {row.lon:.6f}\t{row.lad_code} {row.lad_name}\t({row.kind})")
            else:
                print(f"{row.query}\t{row.status}: {row.message}")
    return 0 if (result["status"] == "ok").all() else 1
