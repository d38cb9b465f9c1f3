"""What every command shares: JSON output, loading a design, the scoring options and the provider set."""

from __future__ import annotations

import json
import sys

import numpy as np
import pandas as pd

from lotdesign.errors import LotDesignError


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


def print_json(payload) -> None:
    print(json.dumps(payload, indent=2, ensure_ascii=False, default=_json_default))


def load_design(design_arg: str):
    from pathlib import Path

    from lotdesign.core.designs import get_design, load_design_file

    if Path(design_arg).suffix.lower() in (".csv", ".xlsx") and Path(design_arg).is_file():
        return load_design_file(design_arg, design_id=Path(design_arg).stem, name=Path(design_arg).stem)
    return get_design(design_arg)


def add_scoring_options(sub, *, table_output: bool = True) -> None:
    from lotdesign.core.params import CATEGORY_SHARES, ScoringParams

    defaults = ScoringParams()
    sub.add_argument("--providers", default=None, help="provider file (CSV, XLSX, GeoJSON, GPKG); default: the synthetic demo set")
    sub.add_argument("--columns", default=None, metavar="MAPPING.json",
                     help="column mapping for --providers (as downloaded from the app); without it, columns are matched "
                     "by name and proposed matches are applied and printed")
    sub.add_argument("--service", default=defaults.service, choices=list(CATEGORY_SHARES), help="service category (sets the budget share)")
    sub.add_argument("--budget", type=float, default=defaults.national_budget_gbp, help="national annual budget in £ across all categories (default 100,000,000)")
    sub.add_argument("--turnover-multiple", type=float, default=defaults.turnover_multiple, help="prime needs income ≥ this × annual lot value (default 2)")
    sub.add_argument("--reach-threshold", type=float, default=defaults.reach_threshold, help="prime must reach ≥ this share of the lot's population (default 0.8)")
    sub.add_argument("--scope", default=defaults.scope, choices=["England and Wales", "England", "Wales"], help="which lots to show and summarise")
    sub.add_argument("--weight-women-by-females", action="store_true", help="share the women's services budget by female population")
    if not table_output:
        return
    output = sub.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print JSON")
    output.add_argument("--out", default=None, help="write the table to FILE.csv or FILE.xlsx")
    sub.add_argument("--briefing", action="store_true",
                     help="with --out: add an About block (designs, service, every assumption with its source, "
                     "data, synthetic flag, time, version) and plain-English column labels")


def scoring_params(args):
    from lotdesign.core.params import ScoringParams

    weighting = "females" if args.weight_women_by_females and args.service == "women" else "population"
    return ScoringParams(
        service=args.service,
        national_budget_gbp=args.budget,
        turnover_multiple=args.turnover_multiple,
        reach_threshold=args.reach_threshold,
        scope=args.scope,
        value_weighting=weighting,
    )


def provider_set_from_args(args):
    from lotdesign.core.workspace import build_provider_set, load_provider_set

    if args.providers is None:
        if args.columns:
            raise LotDesignError("--columns needs --providers: the mapping describes your provider file's columns.")
        provider_set = load_provider_set(None)
    else:
        from lotdesign.importing.providers import ColumnMapping, load_providers

        columns = ColumnMapping.read(args.columns) if args.columns else None
        provider_set = build_provider_set(load_providers(args.providers, columns=columns))
    load = provider_set.load
    label = "synthetic demo data" if provider_set.synthetic else load.source_name
    print(f"Providers ({label}): {load.summary()}", file=sys.stderr)
    if args.providers is not None:
        print(f"  columns (header on row {load.header_row}{', sheet ' + repr(load.sheet) if load.sheet not in ('', 'csv') else ''}):",
              file=sys.stderr)
        for line in load.mapping_lines():
            print(f"    {line}", file=sys.stderr)
        for proposal in load.proposals:
            print(f"  proposed: '{proposal.column}' → {proposal.field} ({proposal.reason})", file=sys.stderr)
        for effect, count in load.effect_counts().items():
            print(f"  {count:,} organisations: {effect} decided by the import (see the warnings)", file=sys.stderr)
    if load.n_rejected:
        for reason in load.rejected["reason"].head(10):
            print(f"  rejected: {reason}", file=sys.stderr)
        if load.n_rejected > 10:
            print(f"  ... and {load.n_rejected - 10} more rejected rows", file=sys.stderr)
    if load.n_accepted == 0:
        raise LotDesignError("No provider rows could be used — fix the rejected rows above and try again.")
    return provider_set


def write_briefing(frame, out: str, contents: str, designs, params, provider_set):
    """Write ``frame`` as a briefing file (About block, labelled columns) to ``out`` (.csv or .xlsx)."""
    from pathlib import Path

    from lotdesign.io.export import about_table, briefing_table_bytes
    from lotdesign.io.writers import TABLE_FORMATS, file_format

    path = Path(out)
    fmt = file_format(path, TABLE_FORMATS)
    about = about_table(contents=contents, designs=designs, params=params, synthetic=provider_set.synthetic,
                        providers_source=provider_set.load.source_name, n_providers=provider_set.load.n_accepted)
    path.write_bytes(briefing_table_bytes(frame, fmt, about))
    return path
