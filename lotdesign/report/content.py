"""Assemble the evidence pack once, as plain blocks (:mod:`lotdesign.report.blocks`).

:func:`build_report` takes a comparison of designs (:func:`lotdesign.core.compare.compare_designs`)
and the provider load it was scored with, and returns a :class:`~lotdesign.report.blocks.Report`
that every renderer writes out the same way. Optional inputs add optional sections: what was
actually awarded (a contracts table) and the robustness check (a sentence and a tornado table).
Each section has its own builder taking plain data frames and strings, so it can be built and
tested on its own.

Every figure is formatted with the library's own formatters
(:func:`lotdesign.core.compare.format_metric`, ``format_gbp``, ``format_share``), so the report prints
exactly what the app and the CLI print.
"""

from __future__ import annotations

import datetime as dt
import json
import shlex
from collections.abc import Callable

import pandas as pd

from lotdesign import __version__
from lotdesign.core.compare import (
    HEADLINE_METRICS,
    METRIC_LABELS,
    Comparison,
    format_gbp,
    format_metric,
    format_share,
)
from lotdesign.errors import LotDesignError, ValidationError
from lotdesign.core.figures import format_figure
from lotdesign.core.designs import BUILTIN_METADATA, LotDesign
from lotdesign.core.glossary import METRIC_HELP, PARAMETER_LABELS, parameter_value
from lotdesign.core.params import SOURCES, ScoringParams
from lotdesign.report.blocks import Bullets, Code, Figure, Paragraph, Report, Section, Table
from lotdesign.core.scenario import Scenario, scenario_to_json
from lotdesign.core.scoring import DesignScore

#: Printed on every page when the providers are the synthetic demo set (or any synthetic file).
SYNTHETIC_WARNING = ("SYNTHETIC DEMO DATA — the organisations in this report are made up, not real. "
                     "Do not cite these figures as evidence about real organisations.")
#: The scenario file attached to (and printed in) every report.
SCENARIO_FILE_NAME = "lot_design_scenario.json"

#: Per-lot figures a report's maps can be coloured by: (label, is a share).
MAP_METRICS = {
    "n_vcs_local_prime_eligible": ("Voluntary organisations based in the lot that could bid as prime", False),
    "n_vcs_prime_eligible": ("Voluntary organisations that could bid as prime", False),
    "specialist_prime_coverage_women": ("Women reached by a women's specialist that could bid as prime", True),
    "specialist_prime_coverage_bame": ("Minority-ethnic residents reached by a BAME specialist that could bid as prime", True),
}
#: The data behind every figure: (what, edition or date, source). All Open Government Licence v3.0.
DATA_SOURCES = (
    ("Local authority districts (318) and their police force and PCC areas (42)", "May 2024 codes; lookup of December 2024",
     "ONS LAD24–CSP24–PFA24 lookup"),
    ("Population and female population of each district (lot sizes and values)", "mid-2023 (released July 2024)",
     "ONS mid-year population estimates"),
    (("Small areas where coverage is measured: 35,672 LSOA population-weighted centres with population, "
     "females and minority-ethnic residents"), "Census 2021", "ONS LSOA 2021 population-weighted centroids; Census 2021 TS008, TS021"),
    ("District boundaries (maps and lot shapes)", "May 2024", "ONS LAD May 2024 BUC"),
    ("Postcodes (placing organisations)", "Code-Point Open 2024.3", "Ordnance Survey Code-Point Open"),
    ("National budget and split between services", "28 July 2020", SOURCES["national_budget_gbp"]),
)
SPECIALISM_TEXT = {
    "women": ("women's specialist", "women", "females"),
    "bame": ("BAME specialist", "minority-ethnic residents", "minority_ethnic"),
}

Progress = Callable[[float, str], None]


def _count(value) -> str:
    return f"{round(float(value)):,}"


def attribution_text() -> str:
    """The OGL / Ordnance Survey attribution every map and output carries (data/attribution.json)."""
    from geo.datafiles import data_path

    notices = json.loads(data_path("attribution.json").read_text(encoding="utf-8"))
    return f"{notices['ons']}. {notices['os_2024']}. {notices['os_2022']} (small-area centroids)."


def assumptions_table(params: ScoringParams) -> Table:
    """Every scoring parameter: its name, the value used, and where the default comes from."""
    rows = tuple((PARAMETER_LABELS.get(name, name), parameter_value(name, params), source) for name, source in SOURCES.items())
    return Table(("Assumption", "Value used", "Source of the default"), rows, caption="Every assumption, as used here",
                 widths=(1.2, 1.6, 2.2))


# --- sections ------------------------------------------------------------------------------------

def scenario_section(scores: list[DesignScore], load, *, command: str) -> Section:
    """What was compared, with what assumptions and data: enough to cite and to reproduce."""
    params = scores[0].params
    service = params.service_label
    designs = Table(
        ("Design", "Lots", "Year", "Where the grouping comes from", "Confidence"),
        tuple((s.design.label, str(len(s.lots)), str(s.design.year or "—"), s.design.source or "uploaded design file",
               s.design.confidence) for s in scores),
        caption="Lot designs compared", numeric=(False, True, True, False, False), widths=(1.6, 0.5, 0.5, 2.6, 0.8),
    )
    provider_rows = (
        ("Made with", f"Lot Design Explorer {__version__}"),
        ("Provider data", load.source_name),
        ("Synthetic (made-up) data", "yes — synthetic demo data, not real organisations" if load.synthetic else "no"),
        ("Rows read", _count(load.n_input_rows)),
        ("Organisations used (accepted)", _count(load.n_accepted)),
        ("Rows rejected", _count(load.n_rejected)),
        ("Organisations used with warnings", _count(load.n_with_warnings)),
        ("File fingerprint (SHA-256, first 16 hex digits)", load.fingerprint or "—"),
    )
    sources = Table(("Data", "Edition", "Source"), DATA_SOURCES, caption="Data sources and dates (Open Government Licence v3.0)",
                    widths=(2.4, 1.2, 2.0))
    return Section("Scenario", [
        Paragraph(f"Service: {service}. Annual budget for this service: {format_gbp(params.budget_gbp)} "
                  f"({format_share(params.budget_share)} of {format_gbp(params.national_budget_gbp)} a year). "
                  f"Scope: {params.scope}."),
        designs,
        assumptions_table(params),
        Table(("Organisations", ""), provider_rows, caption="Provider data", widths=(1.4, 2.6)),
        sources,
        Paragraph("Reproduce these figures with: " + command, kind="note"),
    ], key="scenario")


def headline_section(comparison: Comparison) -> Section:
    """The headline figures side by side and their plain-English sentences."""
    scores = comparison.scores
    metrics = ["n_lots", *HEADLINE_METRICS]
    rows = tuple(
        (METRIC_LABELS.get(m, m), *(format_metric(m, comparison.table.at[s.design.id, m]) for s in scores)) for m in metrics
    )
    table = Table(("Figure", *(s.design.label for s in scores)), rows, caption="Headline figures",
                  numeric=(False, *([True] * len(scores))), widths=(3.0, *([1.0] * len(scores))))
    return Section("Headline comparison", [
        Paragraph(comparison.sentences[0], kind="lead") if comparison.sentences else Paragraph("No designs were compared."),
        table,
        Bullets(tuple(comparison.sentences[1:])),
    ], key="headline")


def _generic_table(value, caption: str) -> Table | Paragraph:
    """A frame, series or mapping of unknown shape as a table of text (robustness extras)."""
    def text(v):
        if isinstance(v, float):
            return f"{v:.3g}"
        return str(v)

    if isinstance(value, pd.DataFrame):
        frame = value.reset_index() if not isinstance(value.index, pd.RangeIndex) else value
        return Table(tuple(str(c) for c in frame.columns), tuple(tuple(text(v) for v in row) for row in frame.itertuples(index=False)),
                     caption=caption)
    if isinstance(value, (pd.Series, dict)):
        items = value.items()
        return Table(("", "value"), tuple((str(k), text(v)) for k, v in items), caption=caption)
    return Paragraph(f"{caption}: {value}")


def tornado_table(tornado: pd.DataFrame) -> pd.DataFrame:
    """The tornado table in the shape :func:`robustness_section` draws.

    :func:`lotdesign.levers.robustness.robustness` names its columns ``label``, ``gap_low`` and
    ``gap_high``; a table already in the report's shape (``assumption``, ``low_gap``,
    ``high_gap``) is returned as it is.
    """
    if {"gap_low", "gap_high"} <= set(tornado.columns):
        named = tornado["label"] if "label" in tornado.columns else tornado["assumption"]
        return pd.DataFrame({"assumption": named, "low_gap": tornado["gap_low"], "high_gap": tornado["gap_high"]})
    return tornado


def readable_break_even(break_even: pd.DataFrame | None) -> pd.DataFrame | None:
    """Break-even values with readable columns (a robustness result's table, or as given)."""
    if break_even is None or "flips_at_text" not in getattr(break_even, "columns", ()):
        return break_even
    return pd.DataFrame({
        "Assumption": break_even["label"],
        "Varied": break_even["direction"].astype(str) + " the value in force",
        "In force": break_even["in_force"],
        "Conclusion changes at": break_even["flips_at_text"].where(break_even["flips_at_text"].notna()
                                                                   & (break_even["flips_at_text"] != ""),
                                                                   "does not change"),
        "Range searched": break_even["searched"],
    })


def readable_win_shares(win_shares: pd.DataFrame | None, result=None) -> pd.DataFrame | None:
    """Per figure, the share of combinations in which each design comes out ahead, as percentages."""
    if win_shares is None or "share_a_wins" not in getattr(win_shares, "columns", ()):
        return win_shares
    label_a = getattr(result, "label_a", "Design A")
    label_b = getattr(result, "label_b", "Design B")
    return pd.DataFrame({
        "Figure": win_shares["label"] if "label" in win_shares.columns else win_shares.index.astype(str),
        f"{label_a} ahead": win_shares["share_a_wins"].map(format_share),
        "Level": win_shares["share_ties"].map(format_share),
        f"{label_b} ahead": win_shares["share_b_wins"].map(format_share),
        "Combinations": win_shares["n_combinations"].map("{:,}".format),
    }).reset_index(drop=True)


def robustness_section(sentence: str, tornado: pd.DataFrame, *, gap_label: str = "Gap between the designs",
                       share: bool = True, break_even=None, win_shares=None) -> Section:
    """How far the comparison survives changed assumptions: a sentence and a tornado chart.

    Parameters
    ----------
    sentence : str
        The robustness check's plain-English conclusion.
    tornado : pandas.DataFrame
        ``assumption``, ``low_gap``, ``high_gap`` (the headline gap between the designs with the
        assumption at its low and at its high value; shares when ``share``).
    gap_label : str
    share : bool
        Whether gaps are shares (printed in percentage points).
    break_even, win_shares : optional
        Extra results (a frame, series or mapping), printed as tables when given.
    """
    from lotdesign.report.figures import tornado_png

    missing = [c for c in ("assumption", "low_gap", "high_gap") if c not in tornado.columns]
    if missing:
        raise ValidationError(f"The tornado table lacks columns {missing}; it needs assumption, low_gap and high_gap.")

    def gap(v: float) -> str:
        return f"{100 * v:+.0f} points" if share else f"{v:+.3g}"

    blocks = [
        Paragraph(sentence, kind="lead"),
        Figure(tornado_png(tornado, title="What moves the gap between the designs", gap_label=gap_label, share=share),
               caption="Each bar runs from the gap with the assumption at its low value to the gap at its high value.",
               alt="Tornado chart: " + "; ".join(f"{a}: {gap(lo)} to {gap(hi)}" for a, lo, hi in
                                                 tornado[["assumption", "low_gap", "high_gap"]].itertuples(index=False)),
               width_fraction=0.9),
        Table(("Assumption", "Gap at the low value", "Gap at the high value"),
              tuple((str(a), gap(lo), gap(hi)) for a, lo, hi in tornado[["assumption", "low_gap", "high_gap"]].itertuples(index=False)),
              caption="The gap with each assumption at its low and high value", numeric=(False, True, True)),
    ]
    if break_even is not None:
        blocks.append(_generic_table(break_even, "Break-even values (where the designs swap places)"))
    if win_shares is not None:
        blocks.append(_generic_table(win_shares, "Share of assumption combinations each design comes out ahead"))
    return Section("Robustness: does the comparison survive other assumptions?", blocks, key="robustness")


def maps_section(scores: list[DesignScore], *, metric: str, attribution: str, warning: str,
                 progress: Progress | None = None) -> Section:
    """A static map of each design, lots coloured by ``metric`` (a key of :data:`MAP_METRICS`)."""
    from geo.boundaries import dissolve_lots
    from lotdesign.report.figures import lot_map_png

    label, share = MAP_METRICS[metric]
    blocks: list = [Paragraph(f"Lots coloured by: {label.lower()}. Lighter lots have fewer; "
                              "the lightest class means none. British National Grid; the scale bar is 100 km.")]
    for k, score in enumerate(scores):
        if progress:
            progress(k / max(len(scores), 1), f"Drawing the map of {score.design.label}")
        unit_to_lot = score.design.unit_to_lot[score.design.unit_to_lot.isin(score.lots.index)]
        lots = dissolve_lots(unit_to_lot, kind="display")
        values = score.lots[metric]
        png = lot_map_png(lots, values, title=score.design.label, key_title=_wrap(label, 34), share=share,
                          attribution=_wrap(attribution, 150), warning="SYNTHETIC DEMO DATA — not real organisations" if warning else "")
        shown = values.map(lambda v: format_share(v) if share else _count(v))
        blocks.append(Figure(png, caption=f"{score.design.label}: {label.lower()}, by lot.",
                             alt=f"Map of {score.design.label}: " + "; ".join(f"{lot} {v}" for lot, v in shown.items()),
                             width_fraction=0.95))
    return Section("Maps", blocks, key="maps")


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


def equality_section(scores: list[DesignScore]) -> Section:
    """Specialist coverage for women and minority-ethnic residents, and the equality gaps.

    An equality gap is a lot where no voluntary-sector specialist (women's, or BAME) could bid
    as prime; the section names those lots and the women or minority-ethnic residents living
    in them (mid-2023 estimates).
    """
    blocks: list = [Paragraph(
        "The public sector equality duty asks commissioners to consider the effect on people who share a protected "
        "characteristic. The data cover two: sex (women) and race (minority-ethnic residents — the Census 2021 Asian, "
        "Black, Mixed and Other ethnic groups). Coverage is the share of the group living where a voluntary-sector "
        "specialist works; 'as prime' counts only specialists able to bid as the main contractor.")]
    rows = []
    for score in scores:
        s = score.summary
        for specialism, (who, group, _) in SPECIALISM_TEXT.items():
            rows.append((score.design.label, group, format_share(s[f"specialist_coverage_{specialism}"]),
                         format_share(s[f"specialist_prime_coverage_{specialism}"]),
                         format_share(s[f"subcontract_dependence_{specialism}"]),
                         f"{_count((score.lots[f'n_specialist_prime_eligible_{specialism}'] == 0).sum())} of {len(score.lots)}"))
    blocks.append(Table(("Design", "Group", "Reached by a specialist (any role)", "Reached by a specialist able to bid as prime",
                         "Reached only through subcontracts", "Lots with no specialist able to bid as prime"),
                        tuple(rows), caption="Specialist coverage", numeric=(False, False, True, True, True, True),
                        widths=(1.6, 1.4, 1.0, 1.0, 1.0, 1.0)))
    for score in scores:
        lots = score.lots
        for specialism, (who, group, column) in SPECIALISM_TEXT.items():
            gap = lots[lots[f"n_specialist_prime_eligible_{specialism}"] == 0]
            affected, total = float(gap[column].sum()), float(lots[column].sum())
            if gap.empty:
                blocks.append(Paragraph(f"Under {score.design.label}, every lot has at least one {who} able to bid as prime."))
                continue
            blocks.append(Paragraph(
                f"Under {score.design.label}, no {who} could bid as prime in {len(gap)} of {len(lots)} lots, where "
                f"{_count(affected)} {group} live ({format_share(affected / total if total else 0)} of the {group} in scope): "
                + ", ".join(map(str, gap.index)) + ".", kind="lead"))
        gap_table = lots[(lots["n_specialist_prime_eligible_women"] == 0) | (lots["n_specialist_prime_eligible_bame"] == 0)]
        if len(gap_table):
            blocks.append(Table(
                ("Lot", "Women", "No women's specialist prime", "Minority-ethnic residents", "No BAME specialist prime"),
                tuple((str(lot), _count(r.females), "gap" if r.n_specialist_prime_eligible_women == 0 else "",
                       _count(r.minority_ethnic), "gap" if r.n_specialist_prime_eligible_bame == 0 else "")
                      for lot, r in gap_table.iterrows()),
                caption=f"Equality gaps under {score.design.label} (residents: mid-2023 estimates)",
                numeric=(False, True, False, True, False), widths=(2.0, 1.0, 1.0, 1.0, 1.0)))
    return Section("Equality: specialist coverage for women and minority-ethnic residents", blocks, key="equality")


LOT_COLUMNS = (
    ("Lot", None),
    ("Population", "population"),
    ("Annual value", "value_gbp"),
    ("Turnover needed to bid as prime", "turnover_needed_gbp"),
    ("VCS based in the lot", "n_providers_local"),
    ("VCS able to bid as prime", "n_vcs_prime_eligible"),
    ("… of them based in the lot", "n_vcs_local_prime_eligible"),
    ("Women's specialists able to bid as prime", "n_specialist_prime_eligible_women"),
    ("BAME specialists able to bid as prime", "n_specialist_prime_eligible_bame"),
    ("Population reached by a VCS prime", "prime_coverage"),
)


def lot_table(score: DesignScore) -> Table:
    """One row per lot of a scored design: size, value, and who could bid as prime."""
    rows = tuple(
        (str(lot), *(format_figure(column, row[column]) for _, column in LOT_COLUMNS[1:]))
        for lot, row in score.lots.iterrows()
    )
    return Table(tuple(name for name, _ in LOT_COLUMNS), rows,
                 caption=f"{score.design.label}: {len(score.lots)} lots (VCS = voluntary and community sector)",
                 numeric=(False, *([True] * (len(LOT_COLUMNS) - 1))), widths=(2.2, 1.1, 0.9, 1.0, 0.8, 0.8, 0.8, 0.9, 0.9, 0.9))


def lots_section(scores: list[DesignScore]) -> Section:
    return Section("Lot by lot", [lot_table(score) for score in scores], key="lots")


AWARD_COLUMNS = ("contract_reference", "service", "extent", "area", "prime_name", "prime_sector", "prime_confidence",
                 "start_date", "n_subcontractors")
#: The banner when the scoring's organisations are synthetic and the report also carries the real record.
SYNTHETIC_WITH_REAL_AWARDS = ("Organisations in the scoring: SYNTHETIC DEMO DATA, not real — do not cite those figures. "
                              "Contracts in 'What was actually awarded': real MoJ record.")
AWARDS_TITLE = "What was actually awarded"


def _short_date(value) -> str:
    day = pd.to_datetime(value, errors="coerce")
    return "" if pd.isna(day) else f"{day.day} {day.strftime('%b %Y')}"


def _awards_lead(frame: pd.DataFrame, service_label: str, as_of: str | None) -> str:
    sectors = frame["prime_sector"].fillna("unknown").astype(str).value_counts()
    vcs = int(sectors.get("vcs", 0))
    when = f" in force on {_short_date(as_of)}" if as_of else ""
    return (f"{len(frame)} Dynamic Framework contracts for {service_label.lower()}{when}; {vcs} of them "
            f"({format_share(vcs / len(frame))}) have a voluntary-sector prime. Primes by sector: "
            + ", ".join(f"{sector} {n}" for sector, n in sectors.items()) + ".")


def _awards_notes(frame: pd.DataFrame, source: str, version: str) -> list:
    from lotdesign.awards.data import (
        ASSOCIATION_NOTE,
        CONTRACTS_NOT_QUALITY,
        NO_CONTRACT_VALUES,
        PART_LOT_NOTE,
    )

    notes = [CONTRACTS_NOT_QUALITY, NO_CONTRACT_VALUES, ASSOCIATION_NOTE]
    if "finer_than_map" in frame.columns and frame["finer_than_map"].astype(bool).any():
        notes.append(PART_LOT_NOTE)
    if source:
        notes.append(source if source.startswith("Source") else "Source: " + source)
    notes.append(f"Contracts: real MoJ record, not synthetic data. Lot Design Explorer {version}.")
    return [Paragraph(note, kind="note") for note in notes]


def _withdrawn_table(withdrawn: pd.DataFrame) -> Table:
    rows = tuple((str(r.contract_reference), str(r.area), str(r.prime_name), _short_date(r.start_date),
                  _short_date(r.withdrawn_from)) for r in withdrawn.itertuples(index=False))
    return Table(("Contract", "Area", "Prime", "Started", "Withdrawn"), rows,
                 caption="Withdrawn from the referral catalogue by then (listed apart, not counted above)",
                 numeric=(False,) * 5, widths=(1.0, 1.6, 2.0, 0.9, 0.9))


def awards_section(contracts: pd.DataFrame, *, service_label: str, source: str = "", as_of: str | None = None,
                   withdrawn: pd.DataFrame | None = None, version: str | None = None) -> Section:
    """What was actually awarded for the service: the real Dynamic Framework contracts in force on a day.

    Parameters
    ----------
    contracts : pandas.DataFrame
        One row per contract with :data:`AWARD_COLUMNS` (``extent`` the lot size in words,
        ``area`` the ground it covers, ``prime_confidence`` the confidence of the prime's sector,
        ``start_date`` a date); ``finer_than_map`` when present marks part-lots.
    service_label : str
        The service, as shown.
    source : str
        Where the record comes from, printed under the table.
    as_of : str, optional
        The day the contracts were in force (ISO), said in the lead sentence.
    withdrawn : pandas.DataFrame, optional
        Contracts withdrawn by then (``contract_reference``, ``area``, ``prime_name``,
        ``start_date``, ``withdrawn_from``), listed apart.
    version : str, optional
        The app version (default :func:`lotdesign.io.export.app_version`).
    """
    missing = [c for c in AWARD_COLUMNS if c not in contracts.columns]
    if missing:
        raise ValueError(f"The contracts table lacks columns {missing}; it needs {', '.join(AWARD_COLUMNS)}.")
    if version is None:
        from lotdesign.io.export import app_version

        version = app_version()
    frame = contracts.sort_values(["extent", "area", "contract_reference"], kind="stable")
    blocks: list = []
    if frame.empty:
        when = f" in force on {_short_date(as_of)}" if as_of else ""
        blocks.append(Paragraph(f"No Dynamic Framework contracts for {service_label.lower()} are recorded{when}."))
    else:
        rows = tuple(
            (str(r.contract_reference), str(r.extent), str(r.area), str(r.prime_name), str(r.prime_sector),
             str(r.prime_confidence), _short_date(r.start_date),
             _count(r.n_subcontractors) if pd.notna(r.n_subcontractors) else "")
            for r in frame.itertuples(index=False)
        )
        blocks += [
            Paragraph(_awards_lead(frame, service_label, as_of), kind="lead"),
            Table(("Contract", "Let for", "Area", "Prime", "Prime's sector", "Confidence of the sector", "Started",
                   "Subcontractors"), rows, caption="Contracts in force",
                  numeric=(False, False, False, False, False, False, False, True),
                  widths=(1.0, 0.9, 1.4, 1.8, 0.7, 0.9, 0.8, 0.8)),
        ]
    if withdrawn is not None and len(withdrawn):
        blocks.append(_withdrawn_table(withdrawn))
    return Section(AWARDS_TITLE, blocks + _awards_notes(frame, source, version), key="awards")


def real_awards(service: str, as_of=None) -> tuple[pd.DataFrame | None, str, pd.DataFrame | None]:
    """The real Dynamic Framework contracts of a model service in force on ``as_of`` (default today).

    Returns ``(contracts, source line, withdrawn by then)``, or ``(None, "", None)`` for a service
    MoJ did not let under the framework.
    """
    from lotdesign.awards.contracts import contracts_table
    from lotdesign.awards.data import load_awards, resolve_service, today
    from lotdesign.awards.export import withdrawn_by

    try:
        resolve_service(service)
    except LotDesignError:
        return None, "", None
    day = as_of or today()
    return (contracts_table(service, as_of=day), load_awards().source_line,
            withdrawn_by(service, as_of=day))


METHODS = (
    ("Lots. A lot design splits England and Wales into separate contracts; each lot is a group of local authority "
    "districts (318 units) — for the built-in designs, whole police force areas."),
    ("Lot value. The service's share of the national budget is shared between lots by population (ONS mid-2023 "
    "estimates): value = service budget × lot population ÷ population of England and Wales."),
    ("Who can bid as prime? A voluntary organisation can bid as the main contractor (prime) for a lot when both its "
    "service area covers at least the chosen share of the lot's population and its annual income is at least the "
    "chosen multiple of the lot's annual value. Organisations that work in a lot but fail either test could take part "
    "only as subcontractors. Private and public organisations are tested the same way but reported separately."),
    ("Reach and coverage are measured on the 35,672 small areas (LSOA 2021) of England and Wales: a small area is "
    "covered when its population-weighted centre lies inside an organisation's service area (listed districts or PCC "
    "areas, national, or a radius around its base). Coverage of a lot is the share of its residents (or women, or "
    "minority-ethnic residents) living in covered small areas."),
    ("Design-level shares of the population are weighted by each lot's mid-2023 population; specialist coverage by "
    "each lot's female or minority-ethnic population."),
)
LIMITATIONS = (
    ("Lot values are indicative: the budget and its split between services are the Ministry of Justice's 2020 "
    "estimates, and real contract values differ."),
    ("Only two tests of prime eligibility are modelled (reach and turnover); real procurements also weigh quality, "
    "financial standing, insurance and consortium bids, which can open or close lots to an organisation."),
    ("Service areas are as given in the provider file; organisations that give none are assumed to work within a "
    "radius set by their income band (an assumption, listed above)."),
    "Specialisms are as declared in the provider file and are not verified.",
    "Coverage counts a small area as wholly in or out of a service area (by its population-weighted centre).",
    ("Minority-ethnic residents are the Census 2021 Asian, Black, Mixed and Other ethnic groups; White minority groups "
    "(for example Gypsy, Roma and Irish Traveller people) are not counted, so gaps for them are not shown."),
    ("Smaller lots are not simply better: they let more local organisations bid as prime, but an organisation working "
    "across several lots needs more bids to keep its work, and research on lotting finds mixed effects on outcomes."),
    "Designs marked '(inferred)' have a sourced number of lots but an inferred grouping of areas.",
)


def methods_section() -> Section:
    definitions = Table(("Figure", "Meaning"),
                        tuple((METRIC_LABELS[m], METRIC_HELP[m]) for m in METRIC_HELP if m in METRIC_LABELS),
                        caption="What each figure means", widths=(1.4, 3.0))
    return Section("Methods and definitions", [*(Paragraph(p) for p in METHODS), definitions], key="methods")


def limitations_section() -> Section:
    return Section("Limitations", [Bullets(LIMITATIONS)], key="limitations")


def reproduce_section(command: str, scenario_json: str) -> Section:
    return Section("How to reproduce these figures", [
        Paragraph("Install Lot Design Explorer (see its README) and run, in a folder holding the same provider files "
                  "and the scenario file below (it records each file's fingerprint, column mapping and area decisions):"),
        Code(command, caption="Command"),
        Paragraph(f"The scenario file below ({SCENARIO_FILE_NAME}) holds the designs, the service and every assumption. "
                  "It is attached to the PDF and linked from the HTML report; save it and open it in the app (Save and "
                  "download → Open a saved scenario) or pass it to the command with --scenario."),
        Code(scenario_json, caption=SCENARIO_FILE_NAME),
    ], key="reproduce")


# --- the whole report ----------------------------------------------------------------------------

def _is_builtin(design: LotDesign) -> bool:
    return design.id in BUILTIN_METADATA and design.source != "user file"


def reproduce_command(designs: list[LotDesign], params: ScoringParams, load, *, out: str = "report.pdf") -> str:
    """The ``lotdesign report`` command that rebuilds this report's figures.

    Built-in designs and the CLI's own options are written out; when a design is an upload, an
    assumption has no CLI option (category shares, default radii) or the organisations come
    from the user's own files (whose column mappings and area decisions the scenario records),
    the command reads the attached scenario file instead (``--scenario``). Each provider file is
    named with its own ``--providers``, in the order it was added.
    """
    defaults = ScoringParams(service=params.service)
    own_files = [] if load.synthetic else [record["file"] for record in load.source_records()]
    needs_scenario = (bool(own_files) or not all(_is_builtin(d) for d in designs)
                      or params.category_shares != defaults.category_shares
                      or params.default_radius_km != defaults.default_radius_km
                      or (params.value_weighting == "females" and params.service != "women"))
    words = ["lotdesign", "report"]
    if needs_scenario:
        words += ["--scenario", SCENARIO_FILE_NAME]
    else:
        words += ["--designs", ",".join(d.id for d in designs)]
        if params.bundle_name:
            words += ["--bundle", params.bundle_name]
        elif params.is_bundle:
            words += ["--services", ",".join(params.categories)]
        else:
            words += ["--service", params.service]
        if params.national_budget_gbp != defaults.national_budget_gbp:
            words += ["--budget", f"{params.national_budget_gbp:g}"]
        if params.turnover_multiple != defaults.turnover_multiple:
            words += ["--turnover-multiple", f"{params.turnover_multiple:g}"]
        if params.reach_threshold != defaults.reach_threshold:
            words += ["--reach-threshold", f"{params.reach_threshold:g}"]
        if params.scope != defaults.scope:
            words += ["--scope", params.scope]
        if params.value_weighting == "females":
            words += ["--weight-women-by-females"]
    for name in own_files:
        words += ["--providers", name]
    words += ["--out", out]
    return " ".join(shlex.quote(w) for w in words)


def _checked_scores(comparison: Comparison, map_metric: str) -> list:
    """The comparison's scores; refuses a report with no designs or an unknown map figure, saying what to give instead."""
    scores = comparison.scores
    if not scores:
        raise ValidationError("The comparison has no designs; compare at least one design.")
    if map_metric not in MAP_METRICS:
        raise ValidationError(f"map_metric must be one of {', '.join(MAP_METRICS)}, not {map_metric!r}.")
    return scores


def _report_scenario_json(designs: list, params, load) -> str:
    """The scenario file (JSON) attached to the report: it reopens the same view in the app."""
    scenario = Scenario(design=designs[0], compare=designs[1:], params=params, providers_fingerprint=load.fingerprint,
                        providers_source=load.source_name, providers_synthetic=bool(load.synthetic),
                        providers_sources=[] if load.synthetic else load.source_records())
    return scenario_to_json(scenario)


def _progress_step(progress: Progress | None):
    """``step(fraction, message)`` reporting to ``progress`` (if any), the fraction kept in [0, 1]."""

    def step(fraction: float, message: str) -> None:
        if progress:
            progress(min(max(fraction, 0.0), 1.0), message)

    return step


def _robustness_section_of(robustness_result) -> Section:
    """The robustness section from a result with ``sentence``, ``tornado`` and optional break-even and win shares."""
    return robustness_section(robustness_result.sentence, tornado_table(robustness_result.tornado),
                              break_even=readable_break_even(getattr(robustness_result, "break_even", None)),
                              win_shares=readable_win_shares(getattr(robustness_result, "win_shares", None),
                                                             robustness_result))


def build_report(
    comparison: Comparison,
    load,
    *,
    map_metric: str = "n_vcs_local_prime_eligible",
    awards_contracts: pd.DataFrame | None = None,
    awards_source: str = "",
    include_awards: bool = False,
    awards_as_of=None,
    robustness_result=None,
    command: str | None = None,
    generated: dt.date | None = None,
    progress: Progress | None = None,
    lots_statement: Section | None = None,
) -> Report:
    """Assemble the evidence pack for a comparison of designs.

    Parameters
    ----------
    comparison : Comparison
        From :func:`lotdesign.core.compare.compare_designs`; its first design leads.
    load : lotdesign.importing.providers.ProviderLoadResult
        The provider load the designs were scored with (name, row counts, fingerprint, and
        whether it is synthetic).
    map_metric : str
        The per-lot figure the maps are coloured by (a key of :data:`MAP_METRICS`; default the
        lot-level form of the headline figure: locally based VCS organisations able to bid as
        prime).
    awards_contracts : pandas.DataFrame, optional
        The real Dynamic Framework contracts for the same service (see :func:`awards_section`);
        adds "What was actually awarded".
    awards_source : str
        The contracts' source and date.
    include_awards : bool
        When no ``awards_contracts`` are given, add the shipped Dynamic Framework record for the
        service in force on ``awards_as_of`` (:func:`real_awards`), its source line and the
        contracts withdrawn by then.
    awards_as_of : str or date, optional
        The day of the award record (default today).
    robustness_result : optional
        An object with ``sentence`` (str) and ``tornado`` (frame: assumption, low_gap,
        high_gap), and optionally ``break_even`` and ``win_shares``; adds the robustness
        section.
    command : str, optional
        The reproducing command to print; default :func:`reproduce_command`.
    generated : datetime.date, optional
        The date printed on the report (default today).
    progress : callable, optional
        ``progress(fraction, message)``, called as the sections are built (maps are the slow part).
    lots_statement : Section, optional
        The lots statement (:func:`lotdesign.report.lots_statement.lots_statement_section`),
        placed after the headline comparison.

    Returns
    -------
    Report
    """
    scores = _checked_scores(comparison, map_metric)
    params = scores[0].params
    designs = [s.design for s in scores]
    service = params.service_label
    warning = SYNTHETIC_WARNING if load.synthetic else ""
    attribution = attribution_text()
    scenario_json = _report_scenario_json(designs, params, load)
    command = command or reproduce_command(designs, params, load)
    awards_day = _awards_day(params, awards_contracts, include_awards, awards_as_of)
    command += f" --awards-as-of {awards_day}" if awards_day and "--awards-as-of" not in command else ""
    step = _progress_step(progress)

    step(0.0, "Writing the scenario and the headline figures")
    sections = _opening_sections(comparison, load, command, lots_statement, robustness_result)
    sections.append(maps_section(scores, metric=map_metric, attribution=attribution, warning=warning,
                                 progress=lambda f, m: step(0.1 + 0.7 * f, m)))
    step(0.8, "Writing the equality gaps and the lot tables")
    sections += [equality_section(scores), lots_section(scores)]
    awards = _awards_sections(params, awards_contracts, awards_source, awards_day)
    warning = SYNTHETIC_WITH_REAL_AWARDS if awards and warning else warning  # the awards shown are real
    sections += awards + [methods_section(), limitations_section(), reproduce_section(command, scenario_json)]
    step(0.9, "Report assembled")
    return _titled_report(service, designs, generated or dt.date.today(), warning, attribution, sections, scenario_json)


def _opening_sections(comparison: Comparison, load, command: str, lots_statement, robustness_result) -> list:
    """The scenario and the headline figures, then the lots statement and robustness when given."""
    sections = [scenario_section(comparison.scores, load, command=command), headline_section(comparison)]
    if lots_statement is not None:
        sections.append(lots_statement)
    if robustness_result is not None:
        sections.append(_robustness_section_of(robustness_result))
    return sections


def _awards_day(params, awards_contracts, include_awards: bool, awards_as_of) -> str | None:
    """The day (ISO date) of the shipped awards record to add, or None when none is added.

    The Dynamic Framework record is per service: a bundle has none to show. The record changes
    with the day, so the reproducing command names it (``--awards-as-of``).
    """
    if awards_contracts is None and include_awards and not params.is_bundle:
        return pd.Timestamp(awards_as_of or dt.date.today()).date().isoformat()
    return None


def _awards_sections(params, awards_contracts, awards_source: str, awards_day: str | None) -> list:
    """The section on what was actually awarded: the contracts given, or the shipped record on ``awards_day``."""
    withdrawn = None
    if awards_day is not None:
        awards_contracts, awards_source, withdrawn = real_awards(params.service, awards_day)
    if awards_contracts is None:
        return []
    return [awards_section(awards_contracts, service_label=params.service_label, source=awards_source,
                           as_of=awards_day, withdrawn=withdrawn)]


def _titled_report(service: str, designs: list, generated: dt.date, warning: str, attribution: str,
                   sections: list, scenario_json: str) -> Report:
    """The report with its title (the service), subtitle (the designs), date and the scenario file attached."""
    names = [d.label for d in designs]
    return Report(
        title=f"Lot design evidence pack: {service}",
        subtitle=" compared with ".join([names[0], ", ".join(names[1:])]) if len(names) > 1 else names[0],
        generated=generated.isoformat(),
        page_warning=warning,
        attribution=attribution,
        sections=sections,
        attachments={SCENARIO_FILE_NAME: scenario_json.encode("utf-8")},
    )
