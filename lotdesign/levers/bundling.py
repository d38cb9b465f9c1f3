"""Bundled lots and lead bidders: the 2021 pattern against the 2027 pattern, and named service gaps.

In 2021 the Dynamic Framework let one service per lot (wellbeing and women's services by PCC
area). MoJ's Community Support for Men (find-tender notices 047412-2025 and 060156-2025) lets
every men's service as one lot with one Delivery Partner, the lead bidder, responsible for all
of them. :func:`pattern_comparison` puts the same money through both patterns:

- **2021 pattern** — each bundled category let on its own in the PCC areas (so 5 categories ×
  41 areas = 205 single-service lots outside Greater Manchester);
- **2027 pattern** — the bundle let as one lot per area of the 2027 design (by default the 11
  probation regions outside Greater Manchester — *assumed*: the notice does not list its lots in
  our sources).

For each pattern: lots a voluntary organisation could lead alone (any, and one based in the lot),
lots a voluntary-sector consortium could lead (:mod:`lotdesign.levers.consortia`), women's and
BAME specialists' reach as lead against as subcontractor only, the share of the money in lots a
voluntary organisation could lead, and how many bidders of any sector pass both tests per lot.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lotdesign.core.params import ScoringParams
from lotdesign.core.scoring import DesignContext, DesignScore, prime_eligibility, score_design
from lotdesign.core.services import missing_services, services_stated, services_test_note
from lotdesign.levers.consortia import ConsortiumParams, consortium_bids

#: The scope both patterns are compared in: Greater Manchester procures its own men's services.
PATTERN_SCOPE = "England and Wales except Greater Manchester"

#: Figures of :func:`pattern_comparison`, in the order shown, with their words.
PATTERN_FIGURES = {
    "n_lots": "Lots",
    "n_lots_lead_alone": "Lots a voluntary organisation could lead alone",
    "n_lots_locally_lead_alone": "Lots a voluntary organisation based in the lot could lead alone",
    "n_lots_consortium": "Lots a voluntary-sector consortium could lead",
    "n_lots_locally_consortium": "Lots a consortium led from the lot could lead",
    "share_value_voluntary_lead": "Share of the money in lots a voluntary organisation could lead",
    "share_value_local_voluntary_lead": "Share of the money in lots a locally based voluntary organisation could lead",
    "specialist_prime_coverage_women": "Women reached by a women's specialist able to lead",
    "subcontract_dependence_women": "Women reached by women's specialists only as subcontractors",
    "specialist_prime_coverage_bame": "Minority-ethnic residents reached by a BAME specialist able to lead",
    "subcontract_dependence_bame": "Minority-ethnic residents reached by BAME specialists only as subcontractors",
    "n_lots_0_bidders": "Lots with no bidder able to lead (any sector)",
    "n_lots_1_bidder": "Lots with 1 bidder able to lead",
    "n_lots_2_bidders": "Lots with 2 bidders able to lead",
    "n_lots_3plus_bidders": "Lots with 3 or more bidders able to lead",
    "median_value_gbp": "Median annual lot value",
    "median_turnover_needed_gbp": "Turnover asked of a lead (median lot, at the multiple in force)",
}
_COUNTS = ("n_lots", "n_lots_lead_alone", "n_lots_locally_lead_alone", "n_lots_0_bidders", "n_lots_1_bidder",
           "n_lots_2_bidders", "n_lots_3plus_bidders")
_SPECIALIST = ("specialist_prime_coverage_women", "subcontract_dependence_women", "specialist_prime_coverage_bame",
               "subcontract_dependence_bame")


@dataclass(eq=False)
class PatternComparison:
    """The 2021 and 2027 patterns side by side.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per figure of :data:`PATTERN_FIGURES` (index), columns ``2021 pattern`` and
        ``2027 pattern``, plus ``label``.
    scores_2021 : list of DesignScore
        One single-service score per bundled category (the 2021 design).
    score_2027 : DesignScore
        The bundled score (the 2027 design).
    sentences : list of str
        The comparison in plain words.
    services_test : str
        Whether the provider list says which services each organisation delivers.
    """

    params: ScoringParams
    design_2021: str
    design_2027: str
    table: pd.DataFrame
    scores_2021: list
    score_2027: DesignScore
    sentences: list
    services_test: str

    def to_dict(self) -> dict:
        """JSON-ready form."""
        return {
            "services": list(self.params.categories),
            "service_label": self.params.service_label,
            "scope": PATTERN_SCOPE,
            "design_2021": self.design_2021,
            "design_2027": self.design_2027,
            "figures": {key: {"label": row["label"], "2021": _plain(row["2021 pattern"]), "2027": _plain(row["2027 pattern"])}
                        for key, row in self.table.iterrows()},
            "sentences": self.sentences,
            "services_test": self.services_test,
        }


def _plain(value):
    """A count as an int, a share or an amount as a float (JSON-ready)."""
    return int(value) if float(value).is_integer() else float(value)


def pattern_comparison(
    context_2021: DesignContext,
    context_2027: DesignContext,
    params: ScoringParams,
    consortium: ConsortiumParams | None = None,
) -> PatternComparison:
    """The same money let in the 2021 pattern and in the 2027 pattern.

    Parameters
    ----------
    context_2021 : DesignContext
        The single-service design (the PCC areas, ``pcc42``).
    context_2027 : DesignContext
        The bundled design (``csm2027_assumed`` by default).
    params : ScoringParams
        With the bundle in ``services``; the scope is set to :data:`PATTERN_SCOPE` for both.
    consortium : ConsortiumParams, optional
        The consortium rules (default: up to 3 members, lead holding half the turnover asked).

    Returns
    -------
    PatternComparison
    """
    params = params.replace(scope=PATTERN_SCOPE)
    consortium = consortium or ConsortiumParams()
    singles = [params.replace(service=key) for key in params.categories]
    scores_2021 = [score_design(context_2021.providers, context_2021.reach, context_2021.design, p, context=context_2021)
                   for p in singles]
    score_2027 = score_design(context_2027.providers, context_2027.reach, context_2027.design, params, context=context_2027)
    figures_2021 = _pattern_figures(scores_2021, [consortium_bids(context_2021, p, consortium) for p in singles])
    figures_2027 = _pattern_figures([score_2027], [consortium_bids(context_2027, params, consortium)])
    table = pd.DataFrame({"label": PATTERN_FIGURES, "2021 pattern": figures_2021, "2027 pattern": figures_2027})
    note = services_test_note(context_2027.providers)
    result = PatternComparison(params, context_2021.design.label, context_2027.design.label, table, scores_2021,
                               score_2027, [], note)
    result.sentences = pattern_sentences(result)
    return result


def _pattern_figures(scores: list[DesignScore], consortia: list) -> dict:
    """Figures of one pattern over its lots (several single-service scores are pooled, lot by lot)."""
    lots = pd.concat([score.lots for score in scores])
    summaries = [score.summary for score in scores]
    values = lots["value_gbp"].to_numpy(float)
    out = {key: sum(int(s[key]) for s in summaries) for key in _COUNTS}
    out["n_lots_consortium"] = sum(int(c.lots["contestable_with_consortia"].sum()) for c in consortia)
    out["n_lots_locally_consortium"] = sum(int(c.lots["locally_contestable_with_consortia"].sum()) for c in consortia)
    alone = lots["n_vcs_lead_alone"].to_numpy() > 0
    local = lots["n_vcs_local_lead_alone"].to_numpy() > 0
    out["share_value_voluntary_lead"] = values[alone].sum() / values.sum() if values.sum() else 0.0
    out["share_value_local_voluntary_lead"] = values[local].sum() / values.sum() if values.sum() else 0.0
    # Specialists' reach: each category's share weighted by its money (one figure per pattern).
    money = np.array([score.lots["value_gbp"].sum() for score in scores], float)
    for key in _SPECIALIST:
        out[key] = float(np.dot([s[key] for s in summaries], money) / money.sum()) if money.sum() else 0.0
    out["median_value_gbp"] = float(np.median(values)) if len(values) else 0.0
    out["median_turnover_needed_gbp"] = float(np.median(lots["turnover_needed_gbp"])) if len(lots) else 0.0
    return {key: out[key] for key in PATTERN_FIGURES}


def pattern_sentences(result: PatternComparison) -> list[str]:
    """The comparison in plain words, one sentence per question people ask."""
    a, b = result.table["2021 pattern"], result.table["2027 pattern"]
    n_services = len(result.params.categories)
    return [
        (f"2021 pattern: each of the {n_services} services let on its own in the {result.design_2021} outside Greater "
        f"Manchester — {int(a['n_lots'])} lots. 2027 pattern: all {n_services} as one lot per area of "
        f"{result.design_2027} — {int(b['n_lots'])} lots."),
        (f"A voluntary organisation based in the lot could lead alone in {int(a['n_lots_locally_lead_alone'])} of "
        f"{int(a['n_lots'])} lots ({_pct(a['n_lots_locally_lead_alone'] / a['n_lots'])}) in the 2021 pattern and "
        f"{int(b['n_lots_locally_lead_alone'])} of {int(b['n_lots'])} ({_pct(b['n_lots_locally_lead_alone'] / b['n_lots'])}) "
        f"in the 2027 pattern; counting national charities, {int(a['n_lots_lead_alone'])} and "
        f"{int(b['n_lots_lead_alone'])}."),
        (f"Through a voluntary-sector consortium: {int(a['n_lots_consortium'])} of {int(a['n_lots'])} lots (2021) and "
        f"{int(b['n_lots_consortium'])} of {int(b['n_lots'])} (2027); led from the lot, {int(a['n_lots_locally_consortium'])} "
        f"and {int(b['n_lots_locally_consortium'])}."),
        (f"A voluntary organisation based in the lot could lead lots holding {_pct(a['share_value_local_voluntary_lead'])} "
        f"of the money in the 2021 pattern and {_pct(b['share_value_local_voluntary_lead'])} in the 2027 pattern."),
        (f"Women's specialists able to lead reach {_pct(a['specialist_prime_coverage_women'])} of women (2021) and "
        f"{_pct(b['specialist_prime_coverage_women'])} (2027); only as subcontractors "
        f"{_pct(a['subcontract_dependence_women'])} and {_pct(b['subcontract_dependence_women'])}. BAME specialists "
        f"able to lead reach {_pct(a['specialist_prime_coverage_bame'])} and {_pct(b['specialist_prime_coverage_bame'])} "
        f"of minority-ethnic residents; only as subcontractors {_pct(a['subcontract_dependence_bame'])} and "
        f"{_pct(b['subcontract_dependence_bame'])}."),
        "Bidders of any sector able to lead, lots with 0 / 1 / 2 / 3 or more: "
        + " / ".join(str(int(a[k])) for k in ("n_lots_0_bidders", "n_lots_1_bidder", "n_lots_2_bidders", "n_lots_3plus_bidders"))
        + " (2021); "
        + " / ".join(str(int(b[k])) for k in ("n_lots_0_bidders", "n_lots_1_bidder", "n_lots_2_bidders", "n_lots_3plus_bidders"))
        + " (2027).",
        result.services_test,
    ]


def _pct(share: float) -> str:
    return f"{100 * share:.0f}%"


def lead_gaps(context: DesignContext, params: ScoringParams) -> pd.DataFrame:
    """Voluntary organisations that pass the money and reach tests for a lot but whose stated
    services leave part of the bundle undelivered: the gap, named.

    Returns
    -------
    pandas.DataFrame
        One row per (lot in scope, organisation) with a gap: ``lot``, ``provider_id``, ``name``,
        ``missing`` (the services it does not deliver, in words). Organisations whose services
        are not stated are not listed (only the money and reach tests apply to them).
    """
    from lotdesign.core.scoring import scope_mask

    providers = context.providers
    eligible = prime_eligibility(context, params) & context.is_vcs[:, None]
    eligible[:, ~scope_mask(context, params.scope)] = False
    stated = services_stated(providers)
    cells = providers["services"].fillna("").astype(str).to_numpy() if "services" in providers else np.full(len(providers), "")
    names = providers["name"].astype(str).to_numpy() if "name" in providers else providers["provider_id"].astype(str).to_numpy()
    rows = []
    for provider, lot in zip(*np.nonzero(eligible & stated[:, None])):
        missing = missing_services(cells[provider], params.categories)
        if missing:
            rows.append({"lot": context.lots[lot], "provider_id": str(providers["provider_id"].iloc[provider]),
                         "name": names[provider], "missing": ", ".join(missing)})
    return pd.DataFrame(rows, columns=["lot", "provider_id", "name", "missing"])

