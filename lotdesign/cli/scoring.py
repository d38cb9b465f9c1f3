"""The ``score``, ``compare`` and ``report`` commands: figures for one or more designs."""

from __future__ import annotations

import sys

import pandas as pd

from lotdesign.cli.common import (
    add_scoring_options,
    load_design,
    print_json,
    provider_set_from_args,
    scoring_params,
    write_briefing,
)
from lotdesign.errors import LotDesignError


def add_commands(commands) -> None:
    """Add ``score``, ``compare`` and ``report``."""
    score = commands.add_parser("score", help="score one design: per-lot metrics and a summary")
    score.add_argument("--design", required=True, help="built-in design id or a design CSV/XLSX file")
    add_scoring_options(score)
    score.set_defaults(func=_cmd_score)

    compare = commands.add_parser("compare", help="compare designs side by side, with plain-English sentences")
    compare.add_argument("--designs", default="pcc42,regions12", help="comma-separated design ids or files (default: pcc42,regions12)")
    compare.add_argument("--scenario", default=None, help="a saved scenario (.json): its designs and assumptions replace "
                         "--designs and the scoring options, and its provider files are read as it records them")
    add_scoring_options(compare)
    compare.set_defaults(func=_cmd_compare)

    report = commands.add_parser(
        "report",
        help="write the evidence pack (HTML, PDF or Word): scenario, headline figures, maps, equality gaps, methods",
        description="Write a self-contained report comparing designs: the scenario with every assumption and its "
        "source, the headline figures and sentences, a map of each design, lot-by-lot tables, the lots where no "
        "women's or BAME specialist could bid as prime, methods, limitations and how to reproduce it.",
    )
    report.add_argument("--designs", default="pcc42,regions12", help="comma-separated design ids or files (default: pcc42,regions12)")
    report.add_argument("--scenario", default=None, help="a saved scenario (.json): its designs and assumptions replace "
                        "--designs and the scoring options, and its provider files are read as it records them "
                        "(found beside the scenario file, or named with --providers)")
    add_scoring_options(report, table_output=False)
    report.add_argument("--awards-as-of", dest="awards_as_of", default=None, metavar="DATE",
                        help="the day of the 'What was actually awarded' record: the contracts in force then "
                             "(YYYY-MM-DD; default today)")
    report.add_argument("--out", required=True, help="report file: FILE.html (one offline file), FILE.pdf or FILE.docx")
    report.set_defaults(func=_cmd_report)


def _scenario(args):
    """The ``--scenario`` file read, or None."""
    if not getattr(args, "scenario", None):
        return None
    from pathlib import Path

    from lotdesign.core.scenario import scenario_from_json

    return scenario_from_json(Path(args.scenario).read_bytes())


def designs_and_params(args):
    """The designs and assumptions: the ``--scenario``'s when given, else ``--designs`` and the options."""
    scenario = _scenario(args)
    if scenario is not None:  # the app's scenarios list the main design among the compared ones too
        designs = {d.id: d for d in (scenario.design, *scenario.compare)}
        return list(designs.values()), scenario.params
    return [load_design(d.strip()) for d in args.designs.split(",") if d.strip()], scoring_params(args)


def _cmd_score(args) -> int:
    from lotdesign.core.scoring import score_design
    from lotdesign.io.export import write_table

    params = scoring_params(args)
    design = load_design(args.design)
    provider_set = provider_set_from_args(args)
    score = score_design(provider_set.providers, provider_set.reach, design, params, context=provider_set.context(design))
    payload = score.to_dict()
    payload["providers"] = {"source": provider_set.load.source_name, "synthetic": provider_set.synthetic,
                            "fingerprint": provider_set.load.fingerprint}
    if args.json:
        print_json(payload)
    elif args.out:
        frame = score.lots.reset_index()
        path = (write_briefing(frame, args.out, "Lot-by-lot figures", [design], params, provider_set) if args.briefing
                else write_table(frame, args.out))
        print(f"Wrote {path}")
    else:
        _print_score(score, provider_set.synthetic)
    return 0


def _print_score(score, synthetic: bool) -> None:
    from lotdesign.core.compare import format_gbp, format_share

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
    if score.params.is_bundle:
        # Leads with no stated gap, and leads whose stated services leave part of the bundle undelivered.
        shown["vcs_lead_alone"] = lots["n_vcs_lead_alone"]
        shown["with_gap"] = lots["n_vcs_prime_eligible_with_gap"]
    print(f"{score.design.label} — {score.params.service_label}, {len(lots)} lots")
    _print_caveats([score.design], score.params, score.summary["services_test"])
    with pd.option_context("display.width", 200, "display.max_rows", 100):
        print(shown.to_string())
    print()
    for key, value in score.summary.items():
        print(f"{key:40s} {value:.3f}" if isinstance(value, float) else f"{key:40s} {value}")


def _print_caveats(designs, params, services_test: str) -> None:
    """Say which designs' lots are assumed, and how far the service test could go."""
    for design in designs:
        if design.assumed:
            print(f"NOTE: {design.label}: {design.confidence}.")
    if params.is_bundle:
        print(f"NOTE: one lead bidder per lot for every bundled service. {services_test}")
    print()


def _cmd_compare(args) -> int:
    from lotdesign.core.compare import compare_designs
    from lotdesign.io.export import write_table

    designs, params = designs_and_params(args)
    if len(designs) < 1:
        raise LotDesignError("Give at least one design with --designs, e.g. --designs pcc42,regions12.")
    provider_set = provider_set_from_args(args)
    contexts = {d.id: provider_set.context(d) for d in designs}
    comparison = compare_designs(provider_set.providers, provider_set.reach, designs, params, contexts=contexts)
    if args.json:
        payload = comparison.to_dict()
        payload["providers"] = {"source": provider_set.load.source_name, "synthetic": provider_set.synthetic,
                                "fingerprint": provider_set.load.fingerprint}
        print_json(payload)
    elif args.out:
        frame = comparison.table.reset_index()
        path = (write_briefing(frame, args.out, "Design-level figures, one row per design", designs, params,
                                provider_set) if args.briefing else write_table(frame, args.out))
        print(f"Wrote {path}")
    else:
        from lotdesign.core.compare import HEADLINE_METRICS, METRIC_LABELS

        if provider_set.synthetic:
            print("NOTE: providers are SYNTHETIC DEMO DATA, not real organisations.\n")
        from lotdesign.core.compare import format_metric

        print(f"Service: {params.service_label}")
        _print_caveats(designs, params, comparison.scores[0].summary["services_test"])

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

    from lotdesign.awards.data import parse_date
    from lotdesign.core.compare import compare_designs
    from lotdesign.report import build_report, report_format, reproduce_command, write_report

    report_format(args.out)  # a wrong extension or date fails before any work
    awards_day = parse_date(args.awards_as_of, "awards_as_of")
    designs, params = designs_and_params(args)
    if not designs:
        raise LotDesignError("Give at least one design with --designs, e.g. --designs pcc42,regions12.")
    provider_set = provider_set_from_args(args)
    scenario = _scenario(args)
    if scenario is not None and scenario.providers_fingerprint and scenario.providers_fingerprint != provider_set.load.fingerprint:
        print(f"NOTE: the scenario was saved with provider data {scenario.providers_source!r} (fingerprint "
              f"{scenario.providers_fingerprint}); these providers differ, so the figures will too.", file=sys.stderr)
    contexts = {d.id: provider_set.context(d) for d in designs}
    comparison = compare_designs(provider_set.providers, provider_set.reach, designs, params, contexts=contexts)

    def progress(fraction: float, message: str) -> None:
        print(f"[{fraction:4.0%}] {message}", file=sys.stderr)

    command = reproduce_command(designs, params, provider_set.load, out=Path(args.out).name)
    robustness_result = None
    if len(designs) >= 2:
        from lotdesign.levers.robustness import robustness

        robustness_result = robustness(contexts[designs[0].id], contexts[designs[1].id], params,
                                       progress=lambda f, m: progress(0.5 * f, m))
    from lotdesign.report.lots_statement import build_lots_statement

    statement = build_lots_statement(comparison.scores, provider_set.context)
    report = build_report(comparison, provider_set.load, command=command, include_awards=True,
                          awards_as_of=awards_day, robustness_result=robustness_result, progress=progress,
                          lots_statement=statement)
    path = write_report(report, args.out)
    if provider_set.synthetic:
        print("NOTE: providers are SYNTHETIC DEMO DATA; the report says so on every page.", file=sys.stderr)
    print(f"Wrote {path}")
    return 0
