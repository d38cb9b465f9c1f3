"""Ring-fenced grant pots: part of each category's budget given as small local grants.

The sector's consultation responses argue for "a presumption for grant funding over contracts"
and for dedicated local grant funding alongside a framework. This lever sets aside ``share`` of
the category budget, shared between lots like lot values (by population, or by females), and
gives it as grants of at most ``max_grant_gbp`` to voluntary organisations **based in the lot**
with at least ``min_income_gbp`` of income — no turnover test and no reach test. What is left
is let as the lots (their values, and so the turnover needed to bid as prime, shrink by
``share``).

Per lot: the pot, the number of eligible organisations, the number of grants the pot pays for
(``min(eligible, ⌊pot ÷ max grant⌋)``; any remainder is reported as unspent), and the residents
the funded organisations' service areas reach directly — population, women and minority-ethnic
residents, measured on the 2021 small-area centroids like every reach share. Which
organisations are funded is an assumption: the grants are placed greedily, each to the
organisation adding the most residents not yet reached (``allocation="widest_reach"``, the
default: a best case for reach; the greedy choice reaches at least 63% of the best any choice
of that many organisations could, by the maximum-coverage bound of Nemhauser, Wolsey and
Fisher, 1978), or to the smallest organisations by income first (``"smallest_first"``). When
the pot pays for every eligible organisation, the figure is exact either way.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.reach import WEIGHTS
from lotdesign.errors import ValidationError
from lotdesign.levers.lot_cover import LotCoverIndex, greedy_max_cover
from lotdesign.core.compare import format_gbp, format_share
from lotdesign.core.params import CATEGORY_LABELS, ScoringParams
from lotdesign.core.scoring import DesignContext, scope_mask, lot_values_gbp, score_design

SOURCES = {
    "share": "Assumption: the share of each category's budget ring-fenced for local grants (consultation responses asked for a presumption for grants)",
    "max_grant_gbp": "Assumption: the largest single grant, typical of small local grant programmes",
    "min_income_gbp": "Assumption: the only financial test for a grant (default none)",
    "allocation": "Assumption: who is funded when the pot is short — widest reach first (best case) or smallest first",
}


@dataclass(frozen=True)
class GrantParams:
    """A ring-fenced grant pot.

    Attributes
    ----------
    share : float
        Share of the category budget given as grants, in [0, 1).
    max_grant_gbp : float
        Largest single grant, £ (a year).
    min_income_gbp : float
        Least annual income, £, an organisation needs to receive a grant.
    allocation : {"widest_reach", "smallest_first"}
        Who gets the grants when the pot cannot fund every eligible organisation: greedily by
        residents added (a best case for reach), or the smallest organisations by income first.
    """

    share: float = 0.10
    max_grant_gbp: float = 20_000.0
    min_income_gbp: float = 0.0
    allocation: str = "widest_reach"

    def __post_init__(self):
        problems = []
        if not 0 <= self.share < 1:
            problems.append(f"share must be at least 0 and below 1 (a share of the budget), not {self.share!r}")
        if not self.max_grant_gbp > 0:
            problems.append(f"max_grant_gbp must be a positive number of pounds, not {self.max_grant_gbp!r}")
        if not self.min_income_gbp >= 0:
            problems.append(f"min_income_gbp must be 0 or more pounds, not {self.min_income_gbp!r}")
        if self.allocation not in ("widest_reach", "smallest_first"):
            problems.append(f"allocation must be 'widest_reach' or 'smallest_first', not {self.allocation!r}")
        if problems:
            raise ValidationError("Invalid grant pot parameters.", problems)


@dataclass(eq=False)
class GrantResult:
    """Grant pots for one design.

    Attributes
    ----------
    lots : pandas.DataFrame
        Per lot in scope: ``value_gbp`` (before), ``pot_gbp``, ``value_after_gbp``,
        ``n_eligible``, ``n_grants``, ``grant_spent_gbp``, ``unspent_gbp``, ``funded`` (ids),
        ``population_reached`` / ``females_reached`` / ``minority_ethnic_reached`` (persons) and
        the matching ``*_reached_share`` of the lot's small-area totals.
    summary : pandas.Series
        Design totals, and the lots' locally contestable figures before and after the pot.
    """

    design_id: str
    params: ScoringParams
    grants: GrantParams
    lots: pd.DataFrame
    summary: pd.Series
    sentence: str = ""

    def to_dict(self) -> dict:
        """JSON-ready form."""
        return {
            "design": self.design_id,
            "grant_params": {"share": self.grants.share, "max_grant_gbp": self.grants.max_grant_gbp,
                             "min_income_gbp": self.grants.min_income_gbp,
                             "allocation": self.grants.allocation},
            "sources": SOURCES,
            "summary": self.summary.to_dict(),
            "lots": self.lots.reset_index().to_dict(orient="records"),
            "sentence": self.sentence,
        }


def grant_pots(
    context: DesignContext,
    params: ScoringParams | None = None,
    grants: GrantParams | None = None,
    *,
    cover_index: LotCoverIndex | None = None,
) -> GrantResult:
    """Set aside a grant pot per lot; who it funds, whom they reach, and what is left for the lots.

    Parameters
    ----------
    context : DesignContext
    params : ScoringParams, optional
        Budget, category, value weighting and scope in force (before the pot).
    grants : GrantParams, optional
    cover_index : LotCoverIndex, optional
        Reused across calls on the same context.

    Returns
    -------
    GrantResult
    """
    params = params or ScoringParams()
    grants = grants or GrantParams()
    cover_index = cover_index or LotCoverIndex(context)
    providers = context.providers
    income = providers["income_gbp"].to_numpy(float)
    values = lot_values_gbp(context, params)
    pots = grants.share * values
    can_apply = context.is_vcs & (income >= grants.min_income_gbp) & (context.base_lot >= 0)
    in_scope = scope_mask(context, params.scope)
    rows = []
    for lot in np.flatnonzero(in_scope):
        applicants = np.flatnonzero(can_apply & (context.base_lot == lot))
        funded, reached = _fund_lot(lot, applicants, pots[lot], grants, income, cover_index)
        rows.append(_grant_lot_record(context, lot, values[lot], pots[lot], applicants, funded, reached, grants))
    lots = pd.DataFrame(rows).set_index("lot")
    summary = _grant_summary(context, params, grants, lots, in_scope)
    result = GrantResult(context.design.id, params, grants, lots, pd.Series(summary, name=context.design.id))
    result.sentence = grant_sentence(result, context.design.label)
    return result


def _fund_lot(lot: int, applicants: np.ndarray, pot_gbp: float, grants: GrantParams, income: np.ndarray,
              cover_index: LotCoverIndex) -> tuple[np.ndarray, np.ndarray]:
    """The applicants one lot's pot funds (positions) and whom they reach (one total per weight)."""
    n_grants = int(min(len(applicants), np.floor(pot_gbp / grants.max_grant_gbp + 1e-9)))
    funded = applicants
    reached = np.zeros(len(WEIGHTS))
    if not n_grants:
        return applicants[:0], reached
    if not len(applicants):
        return funded, reached
    covers, weights = cover_index.atoms(lot, applicants)
    if n_grants < len(applicants) and grants.allocation == "smallest_first":
        picked = list(np.argsort(income[applicants], kind="stable")[:n_grants])
        funded = applicants[picked]
        covers = covers[picked]
    elif n_grants < len(applicants):
        picked = greedy_max_cover(covers, weights[:, 0], n_grants)
        # Organisations adding no one still get the grants left (their reach is zero here).
        rest = [k for k in np.argsort(-income[applicants], kind="stable") if k not in picked]
        picked = picked + rest[: n_grants - len(picked)]
        funded = applicants[picked]
        covers = covers[picked]
    reached = covers.any(axis=0) @ weights if covers.shape[1] else reached
    return funded, reached


def _grant_lot_record(context: DesignContext, lot: int, value_gbp: float, pot_gbp: float, applicants: np.ndarray,
                      funded: np.ndarray, reached: np.ndarray, grants: GrantParams) -> dict:
    """One row of the per-lot table: value, pot, grants (£ a year) and the people the funded reach."""
    ids = context.providers["provider_id"].astype(str).to_numpy()
    totals = context.lot_small_area_totals[lot]
    record = {
        "lot": context.lots[lot],
        "value_gbp": value_gbp,
        "pot_gbp": pot_gbp,
        "value_after_gbp": value_gbp - pot_gbp,
        "n_eligible": int(len(applicants)),
        "n_grants": int(len(funded)),
        "grant_spent_gbp": len(funded) * grants.max_grant_gbp,
        "unspent_gbp": pot_gbp - len(funded) * grants.max_grant_gbp,
        "funded": "; ".join(ids[funded]),
    }
    for k, weight in enumerate(WEIGHTS):
        record[f"{weight}_reached"] = float(reached[k])
        record[f"{weight}_reached_share"] = float(reached[k] / totals[k]) if totals[k] else 0.0
    return record


def _grant_summary(context: DesignContext, params: ScoringParams, grants: GrantParams, lots: pd.DataFrame,
                   in_scope: np.ndarray) -> dict:
    """Design totals of the pot, and the design's figures before and after the pot leaves the lots."""
    providers = context.providers
    before = score_design(providers, context.reach, context.design, params, context=context).summary
    after_params = params.replace(national_budget_gbp=params.national_budget_gbp * (1 - grants.share))
    after = score_design(providers, context.reach, context.design, after_params, context=context).summary
    totals = context.lot_small_area_totals[in_scope].sum(axis=0)
    summary = {
        "design": context.design.id,
        "n_lots": len(lots),
        "pot_gbp": float(lots["pot_gbp"].sum()),
        "n_eligible": int(lots["n_eligible"].sum()),
        "n_grants": int(lots["n_grants"].sum()),
        "grant_spent_gbp": float(lots["grant_spent_gbp"].sum()),
        "unspent_gbp": float(lots["unspent_gbp"].sum()),
        "lots_with_no_grant": int((lots["n_grants"] == 0).sum()),
    }
    for k, weight in enumerate(WEIGHTS):
        summary[f"{weight}_reached"] = float(lots[f"{weight}_reached"].sum())
        summary[f"{weight}_reached_share"] = float(lots[f"{weight}_reached"].sum() / totals[k]) if totals[k] else 0.0
    for name in ("n_lots_locally_contestable", "share_lots_locally_contestable", "n_lots_contestable", "median_turnover_needed_gbp"):
        summary[f"{name}_before"] = before[name]
        summary[f"{name}_after"] = after[name]
    return summary


def grant_sentence(result: GrantResult, design_label: str) -> str:
    """One plain sentence on the pot: grants, reach, and what it does to the lots."""
    s = result.summary
    g = result.grants
    service = CATEGORY_LABELS.get(result.params.service, result.params.service).lower()
    return (
        f"Under {design_label}, ring-fencing {format_share(g.share)} of the {service} budget "
        f"({format_gbp(s['pot_gbp'])} a year) as grants of up to {format_gbp(g.max_grant_gbp)} pays for {s['n_grants']:,} "
        f"grants to locally based voluntary organisations ({s['n_eligible']:,} eligible; {s['lots_with_no_grant']} of "
        f"{s['n_lots']} lots get none), reaching {format_share(s['population_reached_share'])} of residents, "
        f"{format_share(s['females_reached_share'])} of women and {format_share(s['minority_ethnic_reached_share'])} of "
        f"minority-ethnic residents directly; the smaller lots left are locally contestable in "
        f"{s['n_lots_locally_contestable_after']} of {s['n_lots']} lots (was {s['n_lots_locally_contestable_before']})."
    )
