"""The words the app, the CLI and the evidence pack share: what each figure means, and each
assumption's name and current value in plain English.

Kept in the library (not in ``ui/``) so that reports written without the app
(:mod:`lotdesign.report`) explain the figures in exactly the words the app shows.
"""

from __future__ import annotations

from lotdesign.core.compare import format_gbp, format_share
from lotdesign.core.params import CATEGORY_LABELS

#: What each design-level figure means, in plain English (shown as help next to it).
METRIC_HELP = {
    "n_lots": "How many separate contracts (lots) the country is split into.",
    "share_lots_locally_contestable": (
        "Share of lots where at least one voluntary or community organisation based in the lot could bid "
        "as the main contractor (prime): it reaches enough of the lot and its income is large enough."
    ),
    "share_population_locally_contestable": (
        "Share of the population living in lots that a locally based voluntary organisation could bid for as prime."
    ),
    "share_lots_contestable": (
        "Share of lots where at least one voluntary or community organisation (based anywhere, including "
        "large national charities) could bid as prime."
    ),
    "share_population_contestable": "Share of the population living in lots that some voluntary organisation could bid for as prime.",
    "specialist_prime_coverage_women": (
        "Share of all women living where a women's specialist organisation that could bid as prime works."
    ),
    "specialist_prime_coverage_bame": (
        "Share of all minority-ethnic residents (Census 2021 Asian, Black, Mixed and Other ethnic groups) living "
        "where a BAME-led or BAME-specialist organisation that could bid as prime works."
    ),
    "specialist_coverage_women": "Share of all women living where any women's specialist organisation works.",
    "specialist_coverage_bame": "Share of all minority-ethnic residents living where any BAME specialist organisation works.",
    "subcontract_dependence_women": (
        "Share of women that women's specialists reach but could serve only as subcontractors to a larger prime."
    ),
    "subcontract_dependence_bame": (
        "Share of minority-ethnic residents that BAME specialists reach but could serve only as subcontractors."
    ),
    "local_fit": "Share of voluntary organisations that could bid as prime for the lot where they are based.",
    "local_coverage": "Share of the population living where a voluntary organisation based in the same lot works.",
    "prime_coverage": "Share of the population living where a voluntary organisation able to bid as prime works.",
    "median_value_gbp": "Annual contract value of the middle-sized lot: the service budget shared out by population.",
    "max_value_gbp": "Annual contract value of the largest lot.",
    "median_turnover_needed_gbp": (
        "Annual income an organisation needs to bid as prime for the middle-sized lot "
        "(the turnover multiple × the lot's annual value)."
    ),
    "max_turnover_needed_gbp": "Annual income needed to bid as prime for the largest lot.",
    "fragmentation": (
        "On average, how many lots a voluntary organisation's current service area touches — how many bids it "
        "would need to keep working everywhere it does today. The cost side of small lots."
    ),
    "n_lots_locked_out": "Lots where no voluntary organisation could bid as prime.",
}

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
