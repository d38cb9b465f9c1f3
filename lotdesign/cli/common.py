"""What every command shares: JSON output, loading a design, the scoring options and the provider set."""

from __future__ import annotations

import dataclasses
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
    """A design from the command line: a built-in id, a design CSV/XLSX file, or a link or design code.

    A link copied from the app (``http://…?designs=…``) gives its main design (the first listed);
    a design code (``e1.…``) gives that design.
    """
    from pathlib import Path

    from lotdesign.core.designs import get_design, load_design_file
    from lotdesign.core.link import looks_like_link, read_link

    if looks_like_link(design_arg):
        view = read_link(design_arg)
        _note_link_settings(view.params)
        return view.designs[0]
    if Path(design_arg).suffix.lower() in (".csv", ".xlsx") and Path(design_arg).is_file():
        return load_design_file(design_arg, design_id=Path(design_arg).stem, name=Path(design_arg).stem)
    return get_design(design_arg)


def _note_link_settings(params) -> None:
    """Say which options would repeat a link's service and assumptions (the options given still apply)."""
    from lotdesign.core.params import ScoringParams

    defaults, options = ScoringParams(), []
    for field, option, shown in (("service", "--service", params.service), ("scope", "--scope", repr(params.scope)),
                                 ("national_budget_gbp", "--budget", f"{params.national_budget_gbp:.0f}"),
                                 ("turnover_multiple", "--turnover-multiple", f"{params.turnover_multiple:g}"),
                                 ("reach_threshold", "--reach-threshold", f"{params.reach_threshold:g}")):
        if getattr(params, field) != getattr(defaults, field):
            options.append(f"{option} {shown}")
    if params.services:
        options.append("--services " + ",".join(params.services))
    if params.value_weighting == "females":
        options.append("--weight-women-by-females")
    if options:
        print("note: the link also sets " + " ".join(options) + "; add these options to use them.", file=sys.stderr)


def load_designs(designs_arg: str) -> list:
    """Designs from a comma-separated list of ids, files and design codes, or from one link (all its designs)."""
    from lotdesign.core.link import CODE_PREFIX, read_link

    if "designs=" in designs_arg:
        view = read_link(designs_arg)
        _note_link_settings(view.params)
        return list(view.designs)
    designs = []
    for k, token in enumerate(t.strip() for t in designs_arg.split(",") if t.strip()):
        design = load_design(token)
        if token.startswith(CODE_PREFIX):
            design = dataclasses.replace(design, id=f"linked{k + 1}")  # two codes must not share an id
        designs.append(design)
    return designs


def add_scoring_options(sub, *, table_output: bool = True) -> None:
    from lotdesign.core.params import BUNDLES, CATEGORY_SHARES, SCOPES, ScoringParams, notice_budget_presets

    defaults = ScoringParams()
    sub.add_argument("--providers", action="append", default=None, metavar="FILE",
                     help="provider file (CSV, XLSX, GeoJSON, GPKG); repeat to combine lists, in order; default: the "
                     "synthetic demo set")
    sub.add_argument("--columns", action="append", default=None, metavar="MAPPING.json",
                     help="column mapping (as downloaded from the app) for the --providers at the same position; "
                     "without it, a --scenario's record of that file is used, else columns are matched by name and "
                     "proposed matches are applied and printed")
    sub.add_argument("--service", default=defaults.service, choices=list(CATEGORY_SHARES), help="service category (sets the budget share)")
    bundle = sub.add_mutually_exclusive_group()
    bundle.add_argument("--services", default=None, metavar="A,B,C",
                        help="bundle these categories into each lot (one lead bidder for all): the lot value is the sum of "
                        f"their values and the turnover and reach tests apply to it; categories: {', '.join(CATEGORY_SHARES)}")
    bundle.add_argument("--bundle", default=None, choices=list(BUNDLES),
                        help="a named bundle: community_support_men_2027 = every category but women's services "
                        "(MoJ Community Support for Men, notices 047412-2025 and 060156-2025)")
    budget = sub.add_mutually_exclusive_group()
    budget.add_argument("--budget", type=float, default=defaults.national_budget_gbp, help="national annual budget in £ across all categories (default 100,000,000)")
    budget.add_argument("--budget-preset", default=None, choices=[p["key"] for p in notice_budget_presets()],
                        help="national annual budget from the Community Support for Men notice, ex VAT (÷ 1.2), spread "
                        "over 5 or 8 years: notice_5y, notice_8y (£854,446,832 incl. VAT) or notice_max_5y, notice_max_8y "
                        "(possibly up to £1,128,855,881)")
    sub.add_argument("--turnover-multiple", type=float, default=defaults.turnover_multiple, help="prime needs income ≥ this × annual lot value (default 2)")
    sub.add_argument("--reach-threshold", type=float, default=defaults.reach_threshold, help="prime must reach ≥ this share of the lot's population (default 0.8)")
    sub.add_argument("--scope", default=defaults.scope, choices=list(SCOPES), help="which lots to show and summarise")
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
    from lotdesign.core.params import BUNDLES, ScoringParams, notice_budget_presets, parse_services

    weighting = "females" if args.weight_women_by_females and args.service == "women" else "population"
    services = parse_services(args.services) if args.services else BUNDLES[args.bundle] if args.bundle else ()
    budget = args.budget
    if args.budget_preset:
        budget = next(p["budget_gbp"] for p in notice_budget_presets() if p["key"] == args.budget_preset)
    return ScoringParams(
        service=args.service,
        services=services,
        national_budget_gbp=budget,
        turnover_multiple=args.turnover_multiple,
        reach_threshold=args.reach_threshold,
        scope=args.scope,
        value_weighting=weighting,
    )


def provider_set_from_args(args):
    """The provider set the command scores: the demo set, or each ``--providers`` file (combined in order).

    Each file is read with the ``--columns`` at its position, else with the mapping the
    ``--scenario`` recorded for a file of that name, else by matching column names. Without
    ``--providers``, a scenario's recorded files are looked for beside the scenario file.
    """
    from lotdesign.importing.workspace import build_provider_set, load_provider_set

    files, mappings = _provider_files(args)
    if not files:
        provider_set = load_provider_set(None)
    else:
        from lotdesign.importing.providers import combine_loads, load_providers

        load = None
        for path, mapping in zip(files, mappings):
            part = load_providers(path, columns=mapping)
            _print_load(part, len(files) > 1)
            load = part if load is None else combine_loads(load, part)
        provider_set = build_provider_set(load)
    load = provider_set.load
    label = "synthetic demo data" if provider_set.synthetic else load.source_name
    print(f"Providers ({label}): {load.summary()}", file=sys.stderr)
    if len(files) == 1:
        _print_mapping(load)
    _print_rejected(load)
    if load.n_accepted == 0:
        raise LotDesignError("No provider rows could be used — fix the rejected rows above and try again.")
    return provider_set


def _provider_files(args) -> tuple[list[str], list]:
    """The provider files to read and the column mapping for each (None: match by name)."""
    from pathlib import Path

    from lotdesign.importing.providers import ColumnMapping

    files = list(getattr(args, "providers", None) or [])
    columns = list(getattr(args, "columns", None) or [])
    sources = _scenario_sources(args)
    if not files and sources:
        folder = Path(args.scenario).resolve().parent
        files = [str(folder / s["file"]) if (folder / s["file"]).is_file() else s["file"] for s in sources]
    if columns and not files:
        raise LotDesignError("--columns needs --providers: the mapping describes your provider file's columns.")
    if len(columns) > len(files):
        raise LotDesignError(f"{len(columns)} --columns for {len(files)} --providers: give one mapping per provider file, "
                             "in the same order.")
    mappings = [ColumnMapping.read(c) for c in columns] + [None] * (len(files) - len(columns))
    recorded = {s["file"]: s for s in sources}
    for k, path in enumerate(files):
        source = recorded.get(Path(path).name)
        if mappings[k] is None and source is not None:
            from lotdesign.core.scenario import source_mapping

            mappings[k] = source_mapping(source)
            print(f"  {Path(path).name}: read with the column mapping and area decisions recorded in the scenario",
                  file=sys.stderr)
        if source is not None and source.get("fingerprint"):
            _check_fingerprint(path, source["fingerprint"])
    return files, mappings


def _scenario_sources(args) -> list[dict]:
    scenario_path = getattr(args, "scenario", None)
    if not scenario_path:
        return []
    from pathlib import Path

    from lotdesign.core.scenario import scenario_from_json

    return scenario_from_json(Path(scenario_path).read_bytes()).providers_sources


def _check_fingerprint(path: str, recorded: str) -> None:
    """Say so when a provider file is not the one the scenario recorded (its figures will differ)."""
    from pathlib import Path

    from lotdesign.importing.read import read_source

    if not Path(path).is_file():
        raise LotDesignError(f"The scenario reads the provider file '{Path(path).name}', which is not here — put it beside "
                             "the scenario file or give its path with --providers.")
    if read_source(path).fingerprint != recorded:
        print(f"NOTE: {Path(path).name} is not the file the scenario recorded (fingerprint {recorded}); "
              "the figures will differ.", file=sys.stderr)


def _print_load(load, several: bool) -> None:
    if several:
        print(f"  {load.source_name}: {load.summary()}", file=sys.stderr)


def _print_mapping(load) -> None:
    print(f"  columns (header on row {load.header_row}{', sheet ' + repr(load.sheet) if load.sheet not in ('', 'csv') else ''}):",
          file=sys.stderr)
    for line in load.mapping_lines():
        print(f"    {line}", file=sys.stderr)
    for proposal in load.proposals:
        print(f"  proposed: '{proposal.column}' → {proposal.field} ({proposal.reason})", file=sys.stderr)
    for effect, count in load.effect_counts().items():
        print(f"  {count:,} organisations: {effect} decided by the import (see the warnings)", file=sys.stderr)


def _print_rejected(load) -> None:
    if load.n_rejected:
        for reason in load.rejected["reason"].head(10):
            print(f"  rejected: {reason}", file=sys.stderr)
        if load.n_rejected > 10:
            print(f"  ... and {load.n_rejected - 10} more rejected rows", file=sys.stderr)


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
