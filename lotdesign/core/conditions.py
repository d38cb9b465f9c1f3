"""The conditions behind a set of figures: every assumption or scope that differs from its default.

Shown wherever figures are shown without the full assumptions table (presentation slides), so
an audience never sees a figure without the condition that produced it ("Lots included: Wales",
"income needed 3 × the annual lot value (default 2 ×)").
"""

from __future__ import annotations

from lotdesign.core.glossary import PARAMETER_LABELS, parameter_value
from lotdesign.core.params import ScoringParams

#: The parameters compared with their defaults, in the order they are named.
COMPARED = ("national_budget_gbp", "category_shares", "turnover_multiple", "reach_threshold",
            "default_radius_km", "value_weighting")


def changed_conditions(params: ScoringParams) -> list[str]:
    """Each setting of ``params`` that differs from :class:`ScoringParams`'s default, in words.

    Parameters
    ----------
    params : ScoringParams
        The parameters the figures were computed with.

    Returns
    -------
    list of str
        The scope first (``"Lots included: Wales (default England and Wales)"``), then each assumption as
        ``"<label>: <value> (default <value>)"``; empty when everything is as by default.
    """
    defaults = ScoringParams()
    conditions = []
    if params.scope != defaults.scope:
        conditions.append(f"Lots included: {params.scope} (default {defaults.scope})")
    for name in COMPARED:
        if getattr(params, name) != getattr(defaults, name):
            conditions.append(f"{PARAMETER_LABELS[name]}: {parameter_value(name, params)} "
                              f"(default {parameter_value(name, defaults)})")
    return conditions
