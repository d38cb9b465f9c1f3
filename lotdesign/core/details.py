"""Details behind a map click: who reaches one lot, and where one organisation could bid as prime.

Pure functions over a scored design (:class:`lotdesign.core.scoring.DesignScore`) and its prepared
context (:class:`lotdesign.core.scoring.DesignContext`); they add no new definitions, they only
select and label what scoring already computed. The app shows them beside the map.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from lotdesign.core.scoring import DesignContext, DesignScore

#: Display groups of organisations (for colouring map points), in legend order.
SPECIALISM_GROUPS = ("women_and_bame", "women", "bame", "other_specialism", "general", "other_sector")
SPECIALISM_GROUP_LABELS = {
    "women_and_bame": "Women's and BAME specialist",
    "women": "Women's specialist",
    "bame": "BAME specialist",
    "other_specialism": "Other specialism",
    "general": "No stated specialism",
    "other_sector": "Private or public sector",
}


def specialism_group(providers: pd.DataFrame) -> pd.Series:
    """The display group of each organisation, from its sector and specialisms.

    Parameters
    ----------
    providers : pandas.DataFrame
        Accepted providers (``sector``, ``women``, ``bame``, ``specialisms``).

    Returns
    -------
    pandas.Series
        Named ``specialism_group``, aligned to ``providers.index``; values are
        :data:`SPECIALISM_GROUPS`. Private and public organisations are grouped by sector
        whatever their specialisms (the sector-access metrics count voluntary ones only).
    """
    women = providers["women"].to_numpy(bool)
    bame = providers["bame"].to_numpy(bool)
    has_other = providers["specialisms"].fillna("").astype(str).str.len().to_numpy() > 0
    not_vcs = (providers["sector"] != "vcs").to_numpy()
    group = np.select(
        [not_vcs, women & bame, women, bame, has_other],
        ["other_sector", "women_and_bame", "women", "bame", "other_specialism"],
        default="general",
    )
    return pd.Series(group, index=providers.index, name="specialism_group", dtype=object)


def _lot_positions(context: DesignContext, score: DesignScore) -> tuple[pd.Index, np.ndarray]:
    """Lots in scope (the columns of ``score.eligibility``) and their columns in ``context``."""
    lots = score.lots.index
    return lots, context.lots.get_indexer(lots)


def lot_providers(context: DesignContext, score: DesignScore, lot: str) -> pd.DataFrame:
    """The organisations that reach any part of ``lot``, and whether each can bid as prime.

    Parameters
    ----------
    context : DesignContext
        The prepared context ``score`` was computed with.
    score : DesignScore
    lot : str
        A lot label of the design, in scope.

    Returns
    -------
    pandas.DataFrame
        One row per organisation with ``lot_reach > 0``: ``provider_id``, ``name``, ``sector``,
        ``income_gbp``, ``specialisms``, ``based_in_lot`` (bool), ``lot_reach`` (share of the
        lot's small-area population inside its service area, 0–1) and ``prime_eligible``
        (bool). Prime-eligible organisations first, then by reach and income, largest first.

    Raises
    ------
    KeyError
        When ``lot`` is not a lot of the design in scope.
    """
    lots, positions = _lot_positions(context, score)
    if lot not in lots:
        raise KeyError(f"'{lot}' is not a lot of {score.design.label} in scope {score.params.scope}.")
    column = lots.get_loc(lot)
    lot_reach = context.lot_reach_sparse[:, [positions[column]]].toarray().ravel()
    based = context.base_lot == positions[column]
    eligible = score.eligibility[:, column]
    keep = (lot_reach > 0) | based
    providers = context.providers
    table = pd.DataFrame(
        {
            "provider_id": providers["provider_id"].to_numpy()[keep],
            "name": providers["name"].to_numpy()[keep],
            "sector": providers["sector"].to_numpy()[keep],
            "income_gbp": providers["income_gbp"].to_numpy(float)[keep],
            "specialisms": providers["specialisms"].to_numpy()[keep],
            "based_in_lot": based[keep],
            "lot_reach": lot_reach[keep],
            "prime_eligible": eligible[keep],
        }
    )
    return table.sort_values(
        ["prime_eligible", "lot_reach", "income_gbp"], ascending=False, kind="stable"
    ).reset_index(drop=True)


def provider_eligibility(
    provider_id: str,
    scores: Sequence[DesignScore],
    contexts: Mapping[str, DesignContext],
) -> pd.DataFrame:
    """Where one organisation could bid as prime, design by design.

    Parameters
    ----------
    provider_id : str
    scores : sequence of DesignScore
        Scores of the designs to report, all with the same providers.
    contexts : mapping of design id to DesignContext
        The contexts the scores were computed with.

    Returns
    -------
    pandas.DataFrame
        One row per design, indexed by design id: ``design_name`` (label, marked when
        inferred), ``n_lots``, ``home_lot`` (lot containing the base; empty when it is outside
        the design or scope), ``home_lot_reach`` (share of the home lot reached, 0–1),
        ``home_lot_turnover_needed_gbp``, ``income_gbp``, ``prime_eligible_home_lot`` (bool) and
        why: ``home_lot_reach_ok`` / ``home_lot_income_ok`` (each of the two tests, bool),
        ``n_lots_reached`` (lots with any reach), ``n_lots_prime_eligible`` and
        ``prime_eligible_lots`` (list of lot labels).

    Raises
    ------
    KeyError
        When ``provider_id`` is not one of the scored providers.
    """
    rows = []
    for score in scores:
        context = contexts[score.design.id]
        matches = np.flatnonzero(score.provider_ids == provider_id)
        if not len(matches):
            raise KeyError(f"Organisation '{provider_id}' is not in the scored provider list.")
        i = int(matches[0])
        lots, positions = _lot_positions(context, score)
        reach = context.lot_reach_sparse[i].toarray().ravel()[positions]
        eligible = score.eligibility[i]
        home_position = context.base_lot[i]
        home = np.flatnonzero(positions == home_position) if home_position >= 0 else np.array([], int)
        row = {
            "design": score.design.id,
            "design_name": score.design.label,
            "n_lots": len(lots),
            "home_lot": "",
            "home_lot_reach": np.nan,
            "home_lot_turnover_needed_gbp": np.nan,
            "income_gbp": float(context.providers["income_gbp"].iloc[i]),
            "prime_eligible_home_lot": False,
            "home_lot_reach_ok": False,
            "home_lot_income_ok": False,
            "n_lots_reached": int((reach > 0).sum()),
            "n_lots_prime_eligible": int(eligible.sum()),
            "prime_eligible_lots": [str(lot) for lot in lots[eligible]],
        }
        if len(home):
            k = int(home[0])
            row.update(
                home_lot=str(lots[k]),
                home_lot_reach=float(reach[k]),
                home_lot_turnover_needed_gbp=float(score.lots["turnover_needed_gbp"].iloc[k]),
                prime_eligible_home_lot=bool(eligible[k]),
                # The two tests of lotdesign.core.scoring.prime_eligibility, reported separately.
                home_lot_reach_ok=bool(reach[k] >= score.params.reach_threshold - 1e-12),
                home_lot_income_ok=bool(row["income_gbp"] >= score.lots["turnover_needed_gbp"].iloc[k]),
            )
        rows.append(row)
    return pd.DataFrame(rows).set_index("design")
