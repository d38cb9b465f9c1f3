"""The ``patterns`` command: the same money let in the 2021 pattern and in the 2027 pattern."""

from __future__ import annotations

from lotdesign.cli.common import add_scoring_options, load_design, print_json, provider_set_from_args, scoring_params
from lotdesign.errors import LotDesignError


def add_commands(commands) -> None:
    """Add ``patterns``."""
    patterns = commands.add_parser(
        "patterns", help="bundled lots: the 2021 pattern (one service per PCC-area lot) vs the 2027 pattern",
        description="Let a bundle of services (--bundle or --services) in the 2021 pattern (each service on its own "
        "in the PCC areas outside Greater Manchester) and in the 2027 pattern (all of them in one lot per area of "
        "the 2027 design, by default the 11 regions assumed for Community Support for Men): lots a voluntary "
        "organisation could lead alone or in a consortium, specialists' reach as lead or subcontractor, the money "
        "a voluntary lead could hold, and bidders per lot. The scope is England and Wales except Greater Manchester.",
    )
    patterns.add_argument("--design-2021", default="pcc42", help="the single-service design (default pcc42)")
    patterns.add_argument("--design-2027", default="csm2027_assumed",
                          help="the bundled design (default csm2027_assumed: lots assumed, the notice does not list them)")
    add_scoring_options(patterns)
    patterns.set_defaults(func=_cmd_patterns)


def _cmd_patterns(args) -> int:
    from lotdesign.io.export import write_table
    from lotdesign.levers.bundling import pattern_comparison

    params = scoring_params(args)
    if not params.is_bundle:
        raise LotDesignError("Give a bundle: --bundle community_support_men_2027, or --services a,b,c with two or more.")
    design_2021, design_2027 = load_design(args.design_2021), load_design(args.design_2027)
    provider_set = provider_set_from_args(args)
    result = pattern_comparison(provider_set.context(design_2021), provider_set.context(design_2027), params)
    if args.json:
        payload = result.to_dict()
        payload["providers"] = {"source": provider_set.load.source_name, "synthetic": provider_set.synthetic}
        print_json(payload)
        return 0
    if args.out:
        print(f"Wrote {write_table(result.table.reset_index(names='figure'), args.out)}")
        return 0
    if provider_set.synthetic:
        print("NOTE: providers are SYNTHETIC DEMO DATA, not real organisations.\n")
    for design in (design_2021, design_2027):
        if design.assumed:
            print(f"NOTE: {design.label}: {design.confidence}.")
    for sentence in result.sentences:
        print(f"- {sentence}")
    return 0
