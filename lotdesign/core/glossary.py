"""The words the app, the CLI and the evidence pack share: what each figure means, and each
assumption's name and current value in plain English.

Kept in the library (not in ``ui/``) so that reports written without the app
(:mod:`lotdesign.report`) explain the figures in exactly the words the app shows.
"""

from __future__ import annotations

from lotdesign.core.figures import DESIGN_FIGURES, format_gbp, format_share
from lotdesign.core.params import CATEGORY_LABELS

#: What each design-level figure means, in plain English (shown as help next to it).
METRIC_HELP = {name: fig.help for name, fig in DESIGN_FIGURES.items() if fig.help}

PARAMETER_LABELS = {
    "national_budget_gbp": "National annual budget",
    "category_shares": "Share of the budget for each service",
    "turnover_multiple": "Turnover needed to bid as prime",
    "reach_threshold": "Share of a lot a prime must reach",
    "default_radius_km": "Service radius when an organisation gives none",
    "income_bands": "Income bands",
    "value_weighting": "How the budget is shared between lots",
}


def parameter_value(name: str, params) -> str:
    """A scoring parameter's current value in words."""
    if name == "national_budget_gbp":
        return f"{format_gbp(params.national_budget_gbp)} a year"
    if name == "category_shares":
        return "; ".join(f"{CATEGORY_LABELS.get(k, k)} {format_share(v)}" for k, v in params.category_shares.items())
    if name == "turnover_multiple":
        return f"{params.turnover_multiple:g} × the annual lot value"
    if name == "reach_threshold":
        return f"{format_share(params.reach_threshold)} of the lot's population"
    if name == "default_radius_km":
        return ", ".join(
            f"{band} {'national' if radius == float('inf') else f'{radius:g} km'}"
            for band, radius in params.default_radius_km.items()
        )
    if name == "income_bands":
        return "micro < £10k; small £10k–£100k; medium £100k–£1m; large £1m–£10m; major £10m–£100m; super-major > £100m"
    if name == "value_weighting":
        return "by female population" if params.value_weighting == "females" else "by population (mid-2023)"
    return ""
