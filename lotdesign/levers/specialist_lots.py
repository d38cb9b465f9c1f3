"""Specialist lots: a share of the budget let in separate lots open only to specialists.

The 2021 Dynamic Framework had a women's services category but no category for Black, Asian and
minority ethnic (BAME) specialist organisations. This lever lets ``share`` of a category's budget
in dedicated lots for one specialism — ``women`` (women-centred organisations) or ``bame``
(BAME-led or BAME-specialist organisations) — on the same geography as the main lots or on
another (e.g. regional specialist lots beside 42 PCC-area main lots). Only voluntary
organisations with that specialism may bid.

Specialist lot values are the ring-fenced amount shared by the group the lot serves: by
mid-2023 female population for women's lots, by minority-ethnic population (Census 2021 Asian,
Black, Mixed and Other groups, on the same mid-2023 unit table) for BAME lots. A specialist can
prime a specialist lot when it passes the usual tests (:mod:`lotdesign.core.scoring`): reach ≥ the
reach threshold of the lot's small-area population and income ≥ the turnover multiple × the
specialist lot's value. The main lots shrink by ``share``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lotdesign.errors import ValidationError
from lotdesign.core.compare import format_gbp, format_share
from lotdesign.core.params import CATEGORY_LABELS, ScoringParams
from lotdesign.core.scoring import (
    SPECIALISM_LABELS,
    SPECIALISM_WEIGHT,
    DesignContext,
    covered_share,
    prime_areas,
    scope_mask,
    score_design,
)

SOURCES = {
    "share": "Assumption: the share of the category budget let in specialist lots",
    "specialism": "The 2021 framework had a women's services category but no BAME one (MoJ written answer UIN 76697)",
    "value_weighting": "Specialist lot values shared by the group served: mid-2023 females, or minority-ethnic residents",
}


@dataclass(frozen=True)
class SpecialistLotParams:
    """Dedicated lots for one specialism.

    Attributes
    ----------
    specialism : {"women", "bame"}
    share : float
        Share of the category budget let in the specialist lots, in (0, 1).
    """

    specialism: str = "women"
    share: float = 0.10

    def __post_init__(self):
        problems = []
        if self.specialism not in SPECIALISM_WEIGHT:
            problems.append(f"specialism must be one of {', '.join(SPECIALISM_WEIGHT)}, not {self.specialism!r}")
        if not 0 < self.share < 1:
            problems.append(f"share must be above 0 and below 1 (a share of the budget), not {self.share!r}")
        if problems:
            raise ValidationError("Invalid specialist lot parameters.", problems)


@dataclass(eq=False)
class SpecialistLotResult:
    """Specialist lots on one geography, and what they leave for the main lots.

    Attributes
    ----------
    lots : pandas.DataFrame
        Per specialist lot in scope: ``group`` (persons served), ``value_gbp``,
        ``turnover_needed_gbp``, ``n_specialists_reaching``, ``n_specialists_prime_eligible``,
        ``n_local_specialists_prime_eligible``, ``could_prime`` (names, largest income first),
        ``group_prime_coverage`` (share of the lot's group reached by a specialist able to prime
        it) and ``locked_out``.
    summary : pandas.Series
    """

    main_design_id: str
    specialist_design_id: str
    params: ScoringParams
    specialist: SpecialistLotParams
    lots: pd.DataFrame
    summary: pd.Series
    sentence: str = ""

    def to_dict(self) -> dict:
        """JSON-ready form."""
        return {
            "main_design": self.main_design_id,
            "specialist_design": self.specialist_design_id,
            "specialist_params": {"specialism": self.specialist.specialism, "share": self.specialist.share},
            "sources": SOURCES,
            "summary": self.summary.to_dict(),
            "lots": self.lots.reset_index().to_dict(orient="records"),
            "sentence": self.sentence,
        }


#: How many names ``could_prime`` lists per lot.
MAX_NAMES = 5


def specialist_lots(
    main: DesignContext,
    params: ScoringParams | None = None,
    specialist: SpecialistLotParams | None = None,
    *,
    geography: DesignContext | None = None,
) -> SpecialistLotResult:
    """Let part of the budget in specialist lots; who could prime them.

    Parameters
    ----------
    main : DesignContext
        The main lot design.
    params : ScoringParams, optional
        Budget, category, thresholds and scope in force before the specialist lots.
    specialist : SpecialistLotParams, optional
    geography : DesignContext, optional
        The specialist lots' design (same providers and reach); default the main design.

    Returns
    -------
    SpecialistLotResult
    """
    params = params or ScoringParams()
    specialist = specialist or SpecialistLotParams()
    geography = geography or main
    providers = geography.providers
    weight = SPECIALISM_WEIGHT[specialist.specialism]
    income = providers["income_gbp"].to_numpy(float)
    names = providers["name"].astype(str).to_numpy() if "name" in providers else providers["provider_id"].astype(str).to_numpy()
    is_specialist = geography.is_vcs & providers[specialist.specialism].to_numpy(bool)

    group = geography.lot_population[weight].to_numpy(float)
    group_total = geography.reach.index.units[weight].sum()
    values = specialist.share * params.budget_gbp * group / group_total
    needed = params.turnover_multiple * values
    eligible = (
        (geography.lot_reach >= params.reach_threshold - 1e-12) & (income[:, None] >= needed[None, :]) & is_specialist[:, None]
    )
    reaching = (geography.lot_covered["population"] > 0) & is_specialist[:, None]
    local = np.zeros_like(eligible)
    has_base = geography.base_lot >= 0
    local[np.flatnonzero(has_base), geography.base_lot[has_base]] = True
    # eligible holds specialists only, so the areas covered by a 'prime' are covered by an eligible specialist.
    coverage = covered_share(geography, prime_areas(geography, eligible)["prime"], weight)

    in_scope = scope_mask(geography, params.scope)
    table = pd.DataFrame({"group": group, "value_gbp": values, "turnover_needed_gbp": needed})
    lots = _specialist_lot_table(geography, table, eligible, reaching, local, coverage, names, income, in_scope)
    summary = _specialist_summary(main, geography, params, specialist, lots, eligible[:, in_scope].any(axis=1))
    result = SpecialistLotResult(main.design.id, geography.design.id, params, specialist, lots, pd.Series(summary))
    result.sentence = specialist_sentence(result, main.design.label, geography.design.label)
    return result


def _specialist_lot_table(geography: DesignContext, table: pd.DataFrame, eligible: np.ndarray, reaching: np.ndarray,
                          local: np.ndarray, coverage: np.ndarray, names: np.ndarray, income: np.ndarray,
                          in_scope: np.ndarray) -> pd.DataFrame:
    """One row per specialist lot in scope: group size, value and turnover needed (£ a year), who could prime it.

    ``table`` holds ``group``, ``value_gbp`` and ``turnover_needed_gbp`` by lot position; the
    (provider × lot) arrays say who is eligible, who reaches the lot and who is based in it.
    """
    rows = []
    for lot in np.flatnonzero(in_scope):
        primes = np.flatnonzero(eligible[:, lot])
        primes = primes[np.argsort(-income[primes], kind="stable")]
        shown = "; ".join(names[primes[:MAX_NAMES]]) + (f"; and {len(primes) - MAX_NAMES} more" if len(primes) > MAX_NAMES else "")
        rows.append({
            "lot": geography.lots[lot],
            "group": table.at[lot, "group"],
            "value_gbp": table.at[lot, "value_gbp"],
            "turnover_needed_gbp": table.at[lot, "turnover_needed_gbp"],
            "n_specialists_reaching": int(reaching[:, lot].sum()),
            "n_specialists_prime_eligible": int(len(primes)),
            "n_local_specialists_prime_eligible": int((eligible[:, lot] & local[:, lot]).sum()),
            "could_prime": shown,
            "group_prime_coverage": float(coverage[lot]),
            "locked_out": len(primes) == 0,
        })
    return pd.DataFrame(rows).set_index("lot")


def _specialist_summary(main: DesignContext, geography: DesignContext, params: ScoringParams,
                        specialist: SpecialistLotParams, lots: pd.DataFrame, prime_somewhere: np.ndarray) -> dict:
    """Design totals of the specialist lots, and the main design's figures before and after the budget moves."""
    before = score_design(main.providers, main.reach, main.design, params, context=main).summary
    after_params = params.replace(national_budget_gbp=params.national_budget_gbp * (1 - specialist.share))
    after = score_design(main.providers, main.reach, main.design, after_params, context=main).summary
    served = lots["group"].to_numpy(float)
    open_lots = ~lots["locked_out"].to_numpy(bool)
    summary = {
        "main_design": main.design.id,
        "specialist_design": geography.design.id,
        "specialism": specialist.specialism,
        "specialist_budget_gbp": float(specialist.share * params.budget_gbp),
        "n_specialist_lots": len(lots),
        "n_specialist_lots_with_prime": int(open_lots.sum()),
        "share_group_in_lots_with_prime": float(served[open_lots].sum() / served.sum()) if served.sum() else 0.0,
        "group_prime_coverage": float((lots["group_prime_coverage"] * served).sum() / served.sum()) if served.sum() else 0.0,
        "n_specialists_prime_eligible_any_lot": int(prime_somewhere.sum()),
    }
    for name in ("n_lots_locally_contestable", "n_lots_contestable", f"specialist_prime_coverage_{specialist.specialism}"):
        summary[f"main_{name}_before"] = before[name]
        summary[f"main_{name}_after"] = after[name]
    return summary


def specialist_sentence(result: SpecialistLotResult, main_label: str, geography_label: str) -> str:
    """One plain sentence: how many specialist lots someone could prime, and for whom."""
    s = result.summary
    group = SPECIALISM_LABELS[result.specialist.specialism]
    kind = "women's" if result.specialist.specialism == "women" else "BAME-specialist"
    service = CATEGORY_LABELS.get(result.params.service, result.params.service).lower()
    where = "on the same lots" if result.main_design_id == result.specialist_design_id else f"on {geography_label}"
    return (
        f"Letting {format_share(result.specialist.share)} of the {service} budget ({format_gbp(s['specialist_budget_gbp'])} a year) "
        f"in {kind} lots {where}: {s['n_specialist_lots_with_prime']} of {s['n_specialist_lots']} lots "
        f"({format_share(s['share_group_in_lots_with_prime'])} of {group}) have a specialist able to bid as prime, "
        f"{s['n_specialists_prime_eligible_any_lot']} specialists could prime at least one, and specialists able to "
        f"prime reach {format_share(s['group_prime_coverage'])} of {group} in them."
    )
