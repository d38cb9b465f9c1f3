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

    score = commands.add_parser("score", help="score one design: per-lot metrics and a summary")
    score.add_argument("--design", required=True, help="built-in design id or a design CSV/XLSX file")
    _add_scoring_options(score)
    score.set_defaults(func=_cmd_score)

    compare = commands.add_parser("compare", help="compare designs side by side, with plain-English sentences")
    compare.add_argument("--designs", default="pcc42,regions12", help="comma-separated design ids or files (default: pcc42,regions12)")
    _add_scoring_options(compare)
    compare.set_defaults(func=_cmd_compare)

    _add_suggest_commands(commands)

    report = commands.add_parser(
        "report",
        help="write the evidence pack (HTML, PDF or Word): scenario, headline figures, maps, equality gaps, methods",
        description="Write a self-contained report comparing designs: the scenario with every assumption and its "
        "source, the headline figures and sentences, a map of each design, lot-by-lot tables, the lots where no "
        "women's or BAME specialist could bid as prime, methods, limitations and how to reproduce it.",
    )
    report.add_argument("--designs", default="pcc42,regions12", help="comma-separated design ids or files (default: pcc42,regions12)")
    report.add_argument("--scenario", default=None, help="a saved scenario (.json): its designs and assumptions replace "
                        "--designs and the scoring options")
    _add_scoring_options(report, table_output=False)
    report.add_argument("--out", required=True, help="report file: FILE.html (one offline file), FILE.pdf or FILE.docx")
    report.set_defaults(func=_cmd_report)

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

    columns = commands.add_parser("columns", help="show how a provider file's columns are read; save the mapping to re-use")
    columns.add_argument("providers", help="provider file (CSV, XLSX, GeoJSON, GPKG)")
    columns.add_argument("--columns", default=None, metavar="MAPPING.json", help="start from this column mapping")
    columns.add_argument("--out", default=None, metavar="MAPPING.json", help="write the mapping (with proposals applied) here")
    columns.set_defaults(func=_cmd_columns)

    demo = commands.add_parser("demo", help="write the synthetic demo provider file")
    demo.add_argument("--n", type=int, default=None, help="number of organisations (default ~1,450; 13,500 for benchmarks)")
    demo.add_argument("--seed", type=int, default=None, help="random seed")
    demo.add_argument("--out", default=None, help="output CSV (default: the bundled demo file)")
    demo.set_defaults(func=_cmd_demo)

    from lotdesign.cli_levers import add_lever_commands

    add_lever_commands(commands, _add_scoring_options)
    return parser


def _add_scoring_options(sub, *, table_output: bool = True) -> None:
    from lotdesign.params import CATEGORY_SHARES, ScoringParams

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


def _params(args):
    from lotdesign.params import ScoringParams

    weighting = "females" if args.weight_women_by_females and args.service == "women" else "population"
    return ScoringParams(
        service=args.service,
        national_budget_gbp=args.budget,
        turnover_multiple=args.turnover_multiple,
        reach_threshold=args.reach_threshold,
        scope=args.scope,
        value_weighting=weighting,
    )


def _provider_set(args):
    from lotdesign.workspace import build_provider_set, load_provider_set

    if args.providers is None:
        if args.columns:
            raise LotDesignError("--columns needs --providers: the mapping describes your provider file's columns.")
        provider_set = load_provider_set(None)
    else:
        from lotdesign.providers import ColumnMapping, load_providers

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


def _write_briefing(frame, out: str, contents: str, designs, params, provider_set):
    """Write ``frame`` as a briefing file (About block, labelled columns) to ``out`` (.csv or .xlsx)."""
    from pathlib import Path

    from lotdesign.export import about_table, briefing_table_bytes

    path = Path(out)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx"):
        raise LotDesignError(f"Cannot write {path.name}: use a .csv or .xlsx file name.")
    about = about_table(contents=contents, designs=designs, params=params, synthetic=provider_set.synthetic,
                        providers_source=provider_set.load.source_name, n_providers=provider_set.load.n_accepted)
    path.write_bytes(briefing_table_bytes(frame, fmt, about))
    return path


def _cmd_score(args) -> int:
    from lotdesign.export import write_table
    from lotdesign.scoring import score_design

    params = _params(args)
    design = _load_design(args.design)
    provider_set = _provider_set(args)
    score = score_design(provider_set.providers, provider_set.reach, design, params, context=provider_set.context(design))
    payload = score.to_dict()
    payload["providers"] = {"source": provider_set.load.source_name, "synthetic": provider_set.synthetic,
                            "fingerprint": provider_set.load.fingerprint}
    if args.json:
        _print_json(payload)
    elif args.out:
        frame = score.lots.reset_index()
        path = (_write_briefing(frame, args.out, "Lot-by-lot figures", [design], params, provider_set) if args.briefing
                else write_table(frame, args.out))
        print(f"Wrote {path}")
    else:
        _print_score(score, provider_set.synthetic)
    return 0


def _print_score(score, synthetic: bool) -> None:
    from lotdesign.compare import format_gbp, format_share

    if synthetic:
        print("NOTE: providers are SYNTHETIC DEMO DATA, not real organisations.")
    lots = score.lots
    shown = pd.DataFrame(
        {
            "value": lots["value_gbp"].map(format_gbp),
            "vcs_prime": lots["n_vcs_prime_eligible"],
            "local_vcs": lots["n_providers_local"],
            "local_cov": lots["local_coverage"].map(format_share),
            "prime_cov": lots["prime_coverage"].map(format_share),
            "women_prime": lots["specialist_prime_coverage_women"].map(format_share),
            "bame_prime": lots["specialist_prime_coverage_bame"].map(format_share),
            "locked_out": lots["locked_out"].map({True: "yes", False: ""}),
        }
    )
    print(f"{score.design.label} — {score.params.service}, {len(lots)} lots")
    with pd.option_context("display.width", 200, "display.max_rows", 100):
        print(shown.to_string())
    print()
    for key, value in score.summary.items():
        print(f"{key:40s} {value:.3f}" if isinstance(value, float) else f"{key:40s} {value}")


def _cmd_compare(args) -> int:
    from lotdesign.compare import compare_designs
    from lotdesign.export import write_table

    params = _params(args)
    designs = [_load_design(d.strip()) for d in args.designs.split(",") if d.strip()]
    if len(designs) < 1:
        raise LotDesignError("Give at least one design with --designs, e.g. --designs pcc42,regions12.")
    provider_set = _provider_set(args)
    contexts = {d.id: provider_set.context(d) for d in designs}
    comparison = compare_designs(provider_set.providers, provider_set.reach, designs, params, contexts=contexts)
    if args.json:
        payload = comparison.to_dict()
        payload["providers"] = {"source": provider_set.load.source_name, "synthetic": provider_set.synthetic,
                                "fingerprint": provider_set.load.fingerprint}
        _print_json(payload)
    elif args.out:
        frame = comparison.table.reset_index()
        path = (_write_briefing(frame, args.out, "Design-level figures, one row per design", designs, params,
                                provider_set) if args.briefing else write_table(frame, args.out))
        print(f"Wrote {path}")
    else:
        from lotdesign.compare import HEADLINE_METRICS, METRIC_LABELS

        if provider_set.synthetic:
            print("NOTE: providers are SYNTHETIC DEMO DATA, not real organisations.\n")
        from lotdesign.compare import format_metric

        metrics = ["n_lots", *HEADLINE_METRICS]
        table = pd.DataFrame(
            {d.label: [format_metric(m, comparison.table.loc[d.id, m]) for m in metrics] for d in designs},
            index=[METRIC_LABELS.get(m, m) for m in metrics],
        )
        with pd.option_context("display.width", 200, "display.max_colwidth", 80):
            print(table.to_string())
        print()
        for sentence in comparison.sentences:
            print(f"- {sentence}")
    return 0


def _cmd_report(args) -> int:
    from pathlib import Path

    from lotdesign.compare import compare_designs
    from lotdesign.report import build_report, report_format, reproduce_command, write_report

    report_format(args.out)  # a wrong extension fails before any work
    if args.scenario:
        from lotdesign.scenario import scenario_from_json

        scenario = scenario_from_json(Path(args.scenario).read_bytes())
        designs, params = [scenario.design, *scenario.compare], scenario.params
    else:
        designs = [_load_design(d.strip()) for d in args.designs.split(",") if d.strip()]
        params = _params(args)
    if not designs:
        raise LotDesignError("Give at least one design with --designs, e.g. --designs pcc42,regions12.")
    provider_set = _provider_set(args)
    if args.scenario and scenario.providers_fingerprint and scenario.providers_fingerprint != provider_set.load.fingerprint:
        print(f"NOTE: the scenario was saved with provider data {scenario.providers_source!r} (fingerprint "
              f"{scenario.providers_fingerprint}); these providers differ, so the figures will too.", file=sys.stderr)
    contexts = {d.id: provider_set.context(d) for d in designs}
    comparison = compare_designs(provider_set.providers, provider_set.reach, designs, params, contexts=contexts)

    def progress(fraction: float, message: str) -> None:
        print(f"[{fraction:4.0%}] {message}", file=sys.stderr)

    command = reproduce_command(designs, params, provider_set.load, out=Path(args.out).name)
    robustness_result = None
    if len(designs) >= 2:
        from lotdesign.robustness import robustness

        robustness_result = robustness(contexts[designs[0].id], contexts[designs[1].id], params,
                                       progress=lambda f, m: progress(0.5 * f, m))
    report = build_report(comparison, provider_set.load, command=command, include_awards=True,
                          robustness_result=robustness_result, progress=progress)
    path = write_report(report, args.out)
    if provider_set.synthetic:
        print("NOTE: providers are SYNTHETIC DEMO DATA; the report says so on every page.", file=sys.stderr)
    print(f"Wrote {path}")
    return 0


def _cmd_awards(args) -> int:
    from lotdesign.awards import print_awards

    return print_awards(args.service, date_from=args.date_from, date_to=args.date_to,
                        as_json=args.json, out=args.out, print_json=_print_json)


def _cmd_columns(args) -> int:
    from pathlib import Path

    from lotdesign.providers import ColumnMapping, prepare_import

    draft = prepare_import(args.providers, columns=ColumnMapping.read(args.columns) if args.columns else None)
    where = f"row {draft.mapping.header_row}" + (f" of sheet '{draft.mapping.sheet}'" if draft.mapping.sheet else "")
    print(f"{draft.source_name}: headings on {where}; {len(draft.table.frame):,} data rows.")
    for column, name in draft.mapping.columns.items():
        how = {"name": "matched by name", "proposed": "proposed", "chosen": "from the mapping file"}.get(draft.matched_by.get(column), "")
        samples = ", ".join(repr(v) for v in draft.samples(column))
        print(f"  {column} → {name or 'not used'}" + (f" ({how})" if name and how else "") + (f"   e.g. {samples}" if samples else ""))
    for proposal in draft.proposals:
        print(f"proposed: '{proposal.column}' → {proposal.field}: {proposal.reason}")
    for problem in draft.problems:
        print(f"problem: {problem}")
    if args.out:
        Path(args.out).write_text(draft.mapping.to_json(), encoding="utf-8")
        print(f"Wrote the column mapping to {args.out} (use it with --columns).")
    return 1 if draft.problems else 0


def _cmd_demo(args) -> int:
    from lotdesign import demo

    kwargs = {k: v for k, v in (("n", args.n), ("seed", args.seed)) if v is not None}
    path = demo.write_demo_providers(args.out or demo.DEMO_PATH, **kwargs)
    print(f"Wrote synthetic demo providers to {path}")
    return 0


def _add_search_options(sub) -> None:
    from lotdesign.suggest import DEFAULT_BALANCE, OBJECTIVES

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


def _add_suggest_commands(commands) -> None:
    suggest = commands.add_parser("suggest", help="search contiguous lot designs that maximise an objective")
    suggest.add_argument("--lots", type=int, required=True, help="number of lots")
    _add_search_options(suggest)
    suggest.add_argument("--start", default=None, help="start from this design (built-in id or design file)")
    suggest.add_argument("--lock", default="", help="comma-separated lots of --start to keep as they are")
    _add_scoring_options(suggest)
    suggest.set_defaults(func=_cmd_suggest)

    tradeoff = commands.add_parser("tradeoff", help="best design found for each number of lots, beside the built-ins")
    tradeoff.add_argument("--lots", default="4-42", metavar="FROM-TO", help="range of lot counts (default 4-42)")
    _add_search_options(tradeoff)
    _add_scoring_options(tradeoff)
    tradeoff.add_argument("--image", default=None, metavar="FILE.png", help="also save the chart (.png or .svg)")
    tradeoff.set_defaults(func=_cmd_tradeoff)


def _search_kwargs(args) -> dict:
    from lotdesign.suggest import OBJECTIVES

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
    from lotdesign.compare import format_share
    from lotdesign.editing import design_file_table
    from lotdesign.export import write_table
    from lotdesign.suggest import OBJECTIVES, suggest_design

    params = _params(args)
    provider_set = _provider_set(args)
    start = _load_design(args.start) if args.start else None
    locked = tuple(lot.strip() for lot in args.lock.split(",") if lot.strip())
    suggestion = suggest_design(provider_set.providers, provider_set.reach, n_lots=args.lots, params=params,
                                start=start, locked_lots=locked, edges=provider_set.edges, **_search_kwargs(args))
    if args.json:
        payload = suggestion.to_dict()
        payload["providers"] = {"source": provider_set.load.source_name, "synthetic": provider_set.synthetic}
        _print_json(payload)
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
    from lotdesign.tradeoff import tradeoff_curve, write_tradeoff

    params = _params(args)
    provider_set = _provider_set(args)
    counts = _lot_range(args.lots)

    def progress(fraction, message):
        print(f"  {fraction:4.0%} {message}", file=sys.stderr)

    curve = tradeoff_curve(provider_set.providers, provider_set.reach, lot_counts=counts, params=params,
                           edges=provider_set.edges, progress=progress, **_search_kwargs(args))
    if args.image:
        print(f"Wrote {write_tradeoff(curve, args.image, synthetic=provider_set.synthetic)}")
    if args.json:
        _print_json({"objective": curve.weights, "service": params.service, "synthetic": provider_set.synthetic,
                     "elapsed_s": round(curve.elapsed_s, 2), "rows": curve.table.to_dict(orient="records")})
    elif args.out:
        print(f"Wrote {write_tradeoff(curve, args.out, synthetic=provider_set.synthetic)}")
    else:
        if provider_set.synthetic:
            print("NOTE: providers are SYNTHETIC DEMO DATA, not real organisations.")
        shown = curve.table[["kind", "label", "n_lots", "objective", "median_value_gbp", "fragmentation"]].copy()
        shown["objective"] = shown["objective"].map("{:.1%}".format)
        shown["median_value_gbp"] = shown["median_value_gbp"].map(lambda v: f"£{v / 1e3:,.0f}k")
        shown["fragmentation"] = shown["fragmentation"].map("{:.2f}".format)
        with pd.option_context("display.width", 200, "display.max_rows", 400):
            print(shown.to_string(index=False))
        print(f"({curve.elapsed_s:.1f} s)")
    return 0


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
