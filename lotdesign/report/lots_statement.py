"""The lots statement: the figures a commissioner records when deciding how to lot a contract.

Since 24 February 2025 the Procurement Act 2023 governs new tenders. Section 18 requires a
contracting authority to consider whether a contract could be let as lots and, if it is not,
to give its reasons; section 12(4) requires it to have regard to the particular barriers small
and medium-sized enterprises face; section 22 requires conditions of participation (such as a
minimum turnover) to be a proportionate means of ensuring the supplier can perform the
contract. The Act sets no turnover multiple; the 2× used here is the benchmark of the Public
Contracts Regulations 2015, reg. 58 ("should not exceed twice the estimated contract value").

:func:`lots_statement_section` writes, for a pair of designs, the figures a commissioner needs
under sections 18 and 12(4): lots, lot values, turnover asked, bidders per lot, and lots a
voluntary or specialist organisation could lead, alone or in a consortium — in plain words,
with sources.
"""

from __future__ import annotations

from lotdesign.core.compare import format_gbp, format_share
from lotdesign.core.scoring import DesignScore
from lotdesign.report.blocks import Bullets, Paragraph, Section, Table

#: The legal sources the statement rests on, in the words the statement uses.
LEGAL_SOURCES = (
    ("Procurement Act 2023, section 18 (lots): a contracting authority must consider whether a contract could "
    "reasonably be supplied under more than one contract (as lots) and, if it does not let it as lots, give its reasons."),
    ("Procurement Act 2023, section 12(4): in carrying out a procurement an authority must have regard to the fact "
    "that small and medium-sized enterprises may face particular barriers to participation, and consider whether "
    "such barriers can be removed or reduced."),
    ("Procurement Act 2023, section 22 (conditions of participation): conditions, such as a minimum turnover, must be "
    "a proportionate means of ensuring that suppliers can perform the contract. The Act itself sets no turnover multiple."),
    ("Public Contracts Regulations 2015, reg. 58: a minimum yearly turnover 'should not exceed twice the estimated "
    "contract value except in duly justified cases' — the source of the 2× benchmark used for the turnover asked here."),
    "The Procurement Act 2023 governs procurements begun on or after 24 February 2025.",
)


def _figure_rows(score: DesignScore, consortium) -> list[tuple[str, str]]:
    """(figure, value in words) for one design, in the order the statement lists them."""
    s, lots = score.summary, score.lots
    n = int(s["n_lots"])
    values = lots["value_gbp"]
    rows = [
        ("Lots", f"{n}"),
        ("Annual lot value", f"median {format_gbp(s['median_value_gbp'])}; from {format_gbp(values.min())} to "
                             f"{format_gbp(values.max())}; {format_gbp(values.sum())} in all" if n else "—"),
        ("Turnover asked of a lead (at the multiple in force)",
         f"median {format_gbp(s['median_turnover_needed_gbp'])}; largest lot {format_gbp(s['max_turnover_needed_gbp'])}"),
        ("Lots by number of bidders able to lead (any sector): 0 / 1 / 2 / 3 or more",
         f"{s['n_lots_0_bidders']} / {s['n_lots_1_bidder']} / {s['n_lots_2_bidders']} / {s['n_lots_3plus_bidders']}"),
        ("Lots a voluntary organisation could lead alone", f"{s['n_lots_lead_alone']} of {n}"),
        ("… of which one based in the lot", f"{s['n_lots_locally_lead_alone']} of {n}"),
        ("Lots a women's specialist could lead", f"{round(s['share_lots_contestable_women'] * n)} of {n}"),
        ("Lots a BAME specialist could lead", f"{round(s['share_lots_contestable_bame'] * n)} of {n}"),
        ("Share of the money in lots a voluntary organisation based in the lot could lead",
         format_share(s["share_value_local_voluntary_lead"])),
    ]
    if consortium is not None:
        c = consortium.lots
        rows.append(("Lots a voluntary-sector consortium could lead", f"{int(c['contestable_with_consortia'].sum())} of {n}"))
        rows.append(("… led from the lot", f"{int(c['locally_contestable_with_consortia'].sum())} of {n}"))
    return rows


def lots_statement_section(scores: list[DesignScore], consortia: list | None = None, *,
                           pattern_sentences: list[str] | None = None, gaps: list | None = None) -> Section:
    """The "Lots statement" section for a pair of designs (the first two scores).

    Parameters
    ----------
    scores : list of DesignScore
        At least one; the first two are compared.
    consortia : list, optional
        :class:`lotdesign.levers.consortia.ConsortiumResult` per score (same order), for the
        consortium rows.
    pattern_sentences : list of str, optional
        The 2021 vs 2027 pattern sentences (:func:`lotdesign.levers.bundling.pattern_comparison`)
        when a bundle is scored.
    gaps : list of pandas.DataFrame, optional
        Per score, :func:`lotdesign.levers.bundling.lead_gaps`: organisations that pass the money
        and reach tests but do not deliver every bundled service themselves (named in a table).

    Returns
    -------
    Section
    """
    pair = scores[:2]
    consortia = list(consortia or [None] * len(pair))[:2]
    params = pair[0].params
    per_design = [dict(_figure_rows(score, c)) for score, c in zip(pair, consortia)]
    labels = list(per_design[0])
    table = Table(("Figure", *(s.design.label for s in pair)),
                  tuple((label, *(d.get(label, "—") for d in per_design)) for label in labels),
                  caption=f"Figures for the lots statement — {params.service_label}, {params.scope}, turnover asked "
                          f"{params.turnover_multiple:g} × the annual lot value, reach {format_share(params.reach_threshold)}",
                  numeric=(False, *([True] * len(pair))), widths=(2.6, *([1.2] * len(pair))))
    blocks = [
        Paragraph(_lead_sentence(pair), kind="lead"),
        Paragraph("Under section 18 of the Procurement Act 2023 an authority must consider letting the contract as lots "
                  "and give reasons if it does not; under section 12(4) it must have regard to the barriers small and "
                  "medium-sized organisations face; under section 22 a turnover minimum must be proportionate. The Act "
                  "sets no turnover multiple: the 2× benchmark comes from the Public Contracts Regulations 2015, reg. 58. "
                  "The figures below are what a commissioner can record for each of these duties."),
        table,
    ]
    if params.is_bundle:
        blocks.append(Paragraph(f"Each lot bundles {len(params.categories)} services with one lead bidder responsible "
                                f"for all of them; the lot value is the sum of the services' values. "
                                + pair[0].summary["services_test"]))
    blocks += _gap_tables(pair, gaps)
    if pattern_sentences:
        blocks.append(Paragraph("The same money let in the 2021 pattern (one service per PCC-area lot) and in the "
                                "2027 pattern (bundled regional lots):"))
        blocks.append(Bullets(tuple(pattern_sentences)))
    blocks += [assumed_note(s) for s in pair if s.design.assumed]
    blocks.append(Bullets(LEGAL_SOURCES))
    return Section("Lots statement (Procurement Act 2023, sections 18, 12(4) and 22)", blocks, key="lots-statement")


#: Most service gaps listed per design (the rest are counted).
MAX_GAPS_LISTED = 25


def _gap_tables(pair: list[DesignScore], gaps: list | None) -> list:
    """A table per design naming the leads whose stated services leave a gap, or nothing."""
    blocks = []
    for score, frame in zip(pair, gaps or []):
        if frame is None or not len(frame):
            continue
        shown = frame.head(MAX_GAPS_LISTED)
        more = f"; {len(frame) - len(shown)} more not listed" if len(frame) > len(shown) else ""
        blocks.append(Table(("Lot", "Organisation", "Services it does not deliver itself"),
                            tuple((str(r.lot), str(r.name), str(r.missing)) for r in shown.itertuples()),
                            caption=f"{score.design.label}: organisations that pass the money and reach tests but "
                                    f"would have to buy in part of the bundle ({len(frame)} pairs{more})",
                            widths=(1.2, 1.8, 2.4)))
    return blocks


def _lead_sentence(pair: list[DesignScore]) -> str:
    parts = [f"under {s.design.label}, {s.summary['n_lots']} lots with a median annual value of "
             f"{format_gbp(s.summary['median_value_gbp'])} (turnover asked {format_gbp(s.summary['median_turnover_needed_gbp'])}); "
             f"a voluntary organisation based in the lot could lead {s.summary['n_lots_locally_lead_alone']} of them alone"
             for s in pair]
    return "For " + pair[0].params.service_label + ": " + "; ".join(parts) + "."


def assumed_note(score: DesignScore) -> Paragraph:
    """A warning that a design's lots are assumed, not sourced."""
    return Paragraph(f"{score.design.label}: {score.design.confidence}. {score.design.description}", kind="warning")


def build_lots_statement(scores: list[DesignScore], context_for) -> Section:
    """The lots statement for the first two scores, with the consortium lever run on each and, for
    a bundle, the 2021 vs 2027 pattern comparison.

    Parameters
    ----------
    scores : list of DesignScore
    context_for : callable
        ``context_for(design) -> DesignContext`` for the same providers (``ProviderSet.context``).
    """
    from lotdesign.core.designs import get_design
    from lotdesign.levers.bundling import pattern_comparison
    from lotdesign.levers.consortia import consortium_bids

    from lotdesign.levers.bundling import lead_gaps

    pair = scores[:2]
    consortia = [consortium_bids(context_for(s.design), s.params) for s in pair]
    gaps = [lead_gaps(context_for(s.design), s.params) for s in pair]
    sentences = None
    if pair[0].params.is_bundle:
        pattern = pattern_comparison(context_for(get_design("pcc42")), context_for(get_design("csm2027_assumed")),
                                     pair[0].params)
        sentences = pattern.sentences
    return lots_statement_section(pair, consortia, pattern_sentences=sentences, gaps=gaps)
